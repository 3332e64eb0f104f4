/* ds-quality: datatrove's Gopher, C4 and FineWeb quality rules on each
 * record's text, every statistic computed, plus zstd ratio, prompt/response
 * overlap and CLD2 language id (ds-quality(1)). */
#include <emmintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "cld2.h"
#include "counter.h"
#include "hash.h"
#include "json.h"
#include "numfmt.h"
#include "opts.h"
#include "pyuc.h"
#include "rules.h"
#include "run.h"
#include "spacy.h"
#include "text.h"
#include "tok.h"
#include "util.h"
#include "tables.h"

enum rule { R_GQ, R_GR, R_C4, R_BW, R_FW, R_FWP, R_ZSTD, R_OVERLAP, R_LANG, NRULES };
/* datatrove's rule sets, the default; the extras are asked for by name
 * (language id alone runs slower than reading the input). */
#define DATATROVE_RULES ((1u << R_ZSTD) - 1)
static const char *const rule_names[NRULES] = {
	"gopher_quality", "gopher_repetition", "c4", "c4_badwords", "fineweb", "fineweb_recipe",
	"zstd_ratio", "overlap", "lang"
};

enum { TOK_SPACY, TOK_WHITESPACE, TOK_WORDS };
static const char *const tok_names[] = { "spacy-en", "whitespace", "words" };

static struct {
	unsigned rules;
	int tokenizer;
	bool explain, show_words, c4_text;
	const char *prompt_field;
	struct dsq_params p;
} cfg;

/* The bad words as a byte trie: node 0 is the root; next[node][byte] is a
 * child or 0; word_end[node] marks the end of a word. */
static struct bw_node { uint16_t next[256]; bool word_end; } *bw_trie;

enum {
	OPT_RULES, OPT_TOKENIZER, OPT_EXPLAIN, OPT_PROMPT_FIELD, OPT_SHOW_WORDS, OPT_C4_TEXT,
	/* thresholds, in struct dsq_params order */
	OPT_MIN_DOC_WORDS, OPT_MAX_DOC_WORDS, OPT_MIN_AVG, OPT_MAX_AVG, OPT_SYMBOL,
	OPT_BULLETS, OPT_END_ELLIPSIS, OPT_ALPHA, OPT_STOP,
	OPT_DUP_LINE, OPT_DUP_PARA, OPT_DUP_LINE_CHAR, OPT_DUP_PARA_CHAR,
	OPT_TOP2, OPT_TOP3, OPT_TOP4, OPT_DUP5, OPT_DUP6, OPT_DUP7, OPT_DUP8, OPT_DUP9, OPT_DUP10,
	OPT_MIN_SENTENCES, OPT_MIN_WORDS_LINE, OPT_MAX_WORD_LEN, OPT_C4_NO_TERMINAL,
	OPT_C4_KEEP_CITATIONS, OPT_C4_NO_LOREM, OPT_C4_NO_JS, OPT_C4_NO_CURLY, OPT_C4_NO_POLICY,
	OPT_LINE_PUNCT, OPT_LINE_PUNCT_ZERO, OPT_SHORT_LINE, OPT_SHORT_LEN, OPT_CHAR_DUP,
	OPT_NEW_LINE
};

static const struct ds_option options[] = {
	{ "rules", 0, "LIST", OPT_RULES, "rule sets and extras, comma-separated; datatrove (the default), all" },
	{ "tokenizer", 0, "NAME", OPT_TOKENIZER, "words for the rules: spacy-en (default), whitespace, words" },
	{ "explain", 0, NULL, OPT_EXPLAIN, "print each check's value, threshold and verdict instead of JSON" },
	{ "prompt-field", 0, "EXPR", OPT_PROMPT_FIELD, "the prompt for overlap (default: --format's prompt part)" },
	{ "show-words", 0, NULL, OPT_SHOW_WORDS, "add the word list the rules saw (\"words\")" },
	{ "c4-text", 0, NULL, OPT_C4_TEXT, "add the text C4 keeps (c4.text) when it passes" },
	{ "min-doc-words", 0, "N", OPT_MIN_DOC_WORDS, "gopher_quality: fewest non-symbol words (50)" },
	{ "max-doc-words", 0, "N", OPT_MAX_DOC_WORDS, "gopher_quality: most non-symbol words (100000)" },
	{ "min-avg-word-length", 0, "X", OPT_MIN_AVG, "gopher_quality: least mean word length (3)" },
	{ "max-avg-word-length", 0, "X", OPT_MAX_AVG, "gopher_quality: largest mean word length (10)" },
	{ "max-symbol-word-ratio", 0, "X", OPT_SYMBOL, "gopher_quality: '#' and ellipses per word (0.1)" },
	{ "max-bullet-lines-ratio", 0, "X", OPT_BULLETS, "gopher_quality: bullet lines (0.9)" },
	{ "max-ellipsis-lines-ratio", 0, "X", OPT_END_ELLIPSIS, "gopher_quality: lines ending in an ellipsis (0.3)" },
	{ "max-non-alpha-words-ratio", 0, "X", OPT_ALPHA, "gopher_quality: least share of words with a letter (0.8)" },
	{ "min-stop-words", 0, "N", OPT_STOP, "gopher_quality: fewest distinct stop words (2)" },
	{ "dup-line-frac", 0, "X", OPT_DUP_LINE, "gopher_repetition (0.3)" },
	{ "dup-para-frac", 0, "X", OPT_DUP_PARA, "gopher_repetition (0.3)" },
	{ "dup-line-char-frac", 0, "X", OPT_DUP_LINE_CHAR, "gopher_repetition (0.2)" },
	{ "dup-para-char-frac", 0, "X", OPT_DUP_PARA_CHAR, "gopher_repetition (0.2)" },
	{ "top-2-gram", 0, "X", OPT_TOP2, "gopher_repetition (0.2)" },
	{ "top-3-gram", 0, "X", OPT_TOP3, "gopher_repetition (0.18)" },
	{ "top-4-gram", 0, "X", OPT_TOP4, "gopher_repetition (0.16)" },
	{ "dup-5-gram", 0, "X", OPT_DUP5, "gopher_repetition (0.15)" },
	{ "dup-6-gram", 0, "X", OPT_DUP6, "gopher_repetition (0.14)" },
	{ "dup-7-gram", 0, "X", OPT_DUP7, "gopher_repetition (0.13)" },
	{ "dup-8-gram", 0, "X", OPT_DUP8, "gopher_repetition (0.12)" },
	{ "dup-9-gram", 0, "X", OPT_DUP9, "gopher_repetition (0.11)" },
	{ "dup-10-gram", 0, "X", OPT_DUP10, "gopher_repetition (0.1)" },
	{ "min-num-sentences", 0, "N", OPT_MIN_SENTENCES, "c4: fewest sentences, -1 off (5)" },
	{ "min-words-per-line", 0, "N", OPT_MIN_WORDS_LINE, "c4: fewest words a kept line has, -1 off (3)" },
	{ "max-word-length", 0, "N", OPT_MAX_WORD_LEN, "c4: longest word a kept line has, -1 off (1000)" },
	{ "no-terminal-punct-filter", 0, NULL, OPT_C4_NO_TERMINAL, "c4: keep lines without terminal punctuation" },
	{ "keep-citations", 0, NULL, OPT_C4_KEEP_CITATIONS, "c4: do not delete [1], [edit], [citation needed]" },
	{ "no-lorem-ipsum-filter", 0, NULL, OPT_C4_NO_LOREM, "c4: off: 'lorem ipsum' drops the text" },
	{ "no-javascript-filter", 0, NULL, OPT_C4_NO_JS, "c4: off: lines mentioning javascript are dropped" },
	{ "no-curly-bracket-filter", 0, NULL, OPT_C4_NO_CURLY, "c4: off: '{' drops the text" },
	{ "no-policy-filter", 0, NULL, OPT_C4_NO_POLICY, "c4: off: cookie and terms-of-use lines are dropped" },
	{ "line-punct-thr", 0, "X", OPT_LINE_PUNCT, "fineweb: least share of lines ending a sentence (0.12)" },
	{ "line-punct-exclude-zero", 0, NULL, OPT_LINE_PUNCT_ZERO, "fineweb: a share of 0 passes" },
	{ "short-line-thr", 0, "X", OPT_SHORT_LINE, "fineweb: largest share of short lines (0.67)" },
	{ "short-line-length", 0, "N", OPT_SHORT_LEN, "fineweb: a short line's most characters (30)" },
	{ "char-duplicates-ratio", 0, "X", OPT_CHAR_DUP, "fineweb: duplicated-line characters (0.01)" },
	{ "new-line-ratio", 0, "X", OPT_NEW_LINE, "fineweb: newlines per word (0.3)" },
	{ NULL, 0, NULL, 0, NULL }
};

static void parse_rules(const char *arg)
{
	cfg.rules = 0;
	char *list = ds_strdup(arg), *save = NULL;
	for (char *r = strtok_r(list, ",", &save); r; r = strtok_r(NULL, ",", &save)) {
		if (!strcmp(r, "all")) {
			cfg.rules = (1u << NRULES) - 1;
			continue;
		}
		if (!strcmp(r, "datatrove")) {
			cfg.rules |= DATATROVE_RULES;
			continue;
		}
		int i = 0;
		while (i < NRULES && strcmp(r, rule_names[i]))
			i++;
		if (i == NRULES)
			ds_usage_error("--rules: unknown rule set '%s'", r);
		cfg.rules |= 1u << i;
	}
	free(list);
	if (!cfg.rules)
		ds_usage_error("--rules: no rule set given");
}

static double number(const char *name, const char *arg)
{
	double x;
	if (ds_parse_double(arg, &x) || x < 0)
		ds_usage_error("--%s: '%s' is not a number >= 0", name, arg);
	return x;
}

static long whole(const char *name, const char *arg)
{
	int64_t v;
	if (ds_parse_i64(arg, &v) || v < -1)
		ds_usage_error("--%s: '%s' is not a whole number >= -1", name, arg);
	return (long)v;
}

static void handle(int id, const char *arg)
{
	struct dsq_params *p = &cfg.p;
	const char *name = NULL;
	for (const struct ds_option *o = options; o->name; o++)
		if (o->id == id)
			name = o->name;
	switch (id) {
	case OPT_RULES: parse_rules(arg); break;
	case OPT_TOKENIZER:
		for (cfg.tokenizer = 0; cfg.tokenizer < 3; cfg.tokenizer++)
			if (!strcmp(arg, tok_names[cfg.tokenizer]))
				return;
		ds_usage_error("--tokenizer: '%s' is not one of spacy-en, whitespace, words", arg);
	case OPT_EXPLAIN: cfg.explain = true; break;
	case OPT_PROMPT_FIELD: cfg.prompt_field = arg; break;
	case OPT_SHOW_WORDS: cfg.show_words = true; break;
	case OPT_C4_TEXT: cfg.c4_text = true; break;
	case OPT_MIN_DOC_WORDS: p->gq_min_doc_words = number(name, arg); break;
	case OPT_MAX_DOC_WORDS: p->gq_max_doc_words = number(name, arg); break;
	case OPT_MIN_AVG: p->gq_min_avg_word_length = number(name, arg); break;
	case OPT_MAX_AVG: p->gq_max_avg_word_length = number(name, arg); break;
	case OPT_SYMBOL: p->gq_max_symbol_word_ratio = number(name, arg); break;
	case OPT_BULLETS: p->gq_max_bullet_lines_ratio = number(name, arg); break;
	case OPT_END_ELLIPSIS: p->gq_max_ellipsis_lines_ratio = number(name, arg); break;
	case OPT_ALPHA: p->gq_min_alpha_words_ratio = number(name, arg); break;
	case OPT_STOP: p->gq_min_stop_words = number(name, arg); break;
	case OPT_DUP_LINE: p->gr_dup_line_frac = number(name, arg); break;
	case OPT_DUP_PARA: p->gr_dup_para_frac = number(name, arg); break;
	case OPT_DUP_LINE_CHAR: p->gr_dup_line_char_frac = number(name, arg); break;
	case OPT_DUP_PARA_CHAR: p->gr_dup_para_char_frac = number(name, arg); break;
	case OPT_TOP2: case OPT_TOP3: case OPT_TOP4:
		p->gr_top_ngram[id - OPT_TOP2 + 2] = number(name, arg);
		break;
	case OPT_DUP5: case OPT_DUP6: case OPT_DUP7: case OPT_DUP8: case OPT_DUP9: case OPT_DUP10:
		p->gr_dup_ngram[id - OPT_DUP5 + 5] = number(name, arg);
		break;
	case OPT_MIN_SENTENCES: p->c4_min_num_sentences = whole(name, arg); break;
	case OPT_MIN_WORDS_LINE: p->c4_min_words_per_line = whole(name, arg); break;
	case OPT_MAX_WORD_LEN: p->c4_max_word_length = whole(name, arg); break;
	case OPT_C4_NO_TERMINAL: p->c4_terminal_punct = false; break;
	case OPT_C4_KEEP_CITATIONS: p->c4_remove_citations = false; break;
	case OPT_C4_NO_LOREM: p->c4_lorem_ipsum = false; break;
	case OPT_C4_NO_JS: p->c4_javascript = false; break;
	case OPT_C4_NO_CURLY: p->c4_curly_bracket = false; break;
	case OPT_C4_NO_POLICY: p->c4_policy = false; break;
	case OPT_LINE_PUNCT: p->fw_line_punct_thr = number(name, arg); break;
	case OPT_LINE_PUNCT_ZERO: p->fw_line_punct_exclude_zero = true; break;
	case OPT_SHORT_LINE: p->fw_short_line_thr = number(name, arg); break;
	case OPT_SHORT_LEN: p->fw_short_line_length = whole(name, arg); break;
	case OPT_CHAR_DUP: p->fw_char_dup_ratio = number(name, arg); break;
	case OPT_NEW_LINE: p->fw_new_line_ratio = number(name, arg); break;
	}
}

/* --- one record ------------------------------------------------------------ */

struct worker {
	struct dsq_spacy *spacy;
	struct dsq_scratch *scratch;
	struct ds_buf tx;		/* the record's text, DSQ_PAD bytes after it */
	bool local;			/* its spaCy tokens hold for its lines alone */
	struct dsq_toks toks;		/* spaCy's tokens of another text */
	struct ds_tokens words_tok, recipe_tok;	/* bytes of the words tokenizer's words */
	struct dsq_words words;
	struct dsq_gq gq;
	struct dsq_gr gr;
	struct dsq_c4 c4, c4r;		/* c4, and the recipe's (no terminal-punct filter) */
	struct dsq_fw fw, fwr;
	struct ds_buf lower, prompt, reason;
	ZSTD_CCtx *zstd;
	struct ds_buf zbuf;
	struct ds_textsel *prompt_sel;
	struct ds_tokens otok;
	struct ds_counter oresp;	/* word types of the response, then the prompt's */
	unsigned char *oshared;		/* per response type: seen in the prompt */
	size_t cap_oshared;
	/* results of the cheap extras */
	int bw_verdict;
	size_t bw_at, bw_len;		/* the match in lower (--explain) */
	double zstd_ratio, containment, jaccard, lang_score;
	bool has_overlap;
	const char *lang;
	int fwp_verdict;
	const char *fwp_step, *fwp_reason;
	size_t fwp_kept_chars, n_chars;
};

static void *worker_new(void *arg)
{
	(void)arg;
	struct worker *w = ds_calloc(1, sizeof *w);
	w->spacy = dsq_spacy_new();
	w->scratch = dsq_scratch_new(w->spacy);
	w->zstd = ZSTD_createCCtx();
	if (!w->zstd)
		ds_die(DS_EXIT_LIMIT, "out of memory");
	if (cfg.rules & 1u << R_OVERLAP)
		w->prompt_sel = ds_textsel_new(cfg.prompt_field,
					       cfg.prompt_field ? 0 : ds_opt.format, DS_PART_PROMPT);
	ds_counter_init(&w->oresp);
	return w;
}

static void worker_free(void *p)
{
	struct worker *w = p;
	dsq_scratch_free(w->scratch);
	dsq_spacy_free(w->spacy);
	ds_buf_free(&w->tx);
	dsq_toks_free(&w->toks);
	ds_tokens_free(&w->words_tok);
	ds_tokens_free(&w->recipe_tok);
	ds_tokens_free(&w->otok);
	dsq_words_free(&w->words);
	dsq_c4_free(&w->c4);
	dsq_c4_free(&w->c4r);
	ds_buf_free(&w->lower);
	ds_buf_free(&w->prompt);
	ds_buf_free(&w->reason);
	ds_buf_free(&w->zbuf);
	ZSTD_freeCCtx(w->zstd);
	if (w->prompt_sel)
		ds_textsel_free(w->prompt_sel);
	ds_counter_free(&w->oresp);
	free(w->oshared);
	free(w);
}

/* The record's words, by the chosen tokenizer. */
static void split_words(struct worker *w, const char *text, size_t n)
{
	struct dsq_words *out = &w->words;
	out->n = 0;
	switch (cfg.tokenizer) {
	case TOK_SPACY:
		dsq_words_tokens(out, text, dsq_text_tokens(w->scratch, &w->local));
		break;
	case TOK_WHITESPACE:
		for (size_t i = 0; i < n;) {
			int k = pyuc_space_len(text + i);
			if (k) {
				i += (size_t)k;
				continue;
			}
			size_t j = i;
			while (j < n && !pyuc_space_len(text + j))
				j += (size_t)pyuc_cp_len((unsigned char)text[j]);
			dsq_words_push(out, text + i, (uint32_t)(j - i));
			i = j;
		}
		break;
	case TOK_WORDS:
		ds_tokenize(DS_TOK_WORDS, 0, text, n, &w->words_tok);
		for (size_t i = 0; i < w->words_tok.n; i++)
			dsq_words_push(out, ds_tok_at(&w->words_tok, i), w->words_tok.len[i]);
		break;
	}
}

/* How many words the chosen tokenizer finds in text[0..n) (DSQ_PAD bytes
 * after it). */
static size_t count_words(struct worker *w, const char *text, size_t n)
{
	size_t count = 0;
	switch (cfg.tokenizer) {
	case TOK_SPACY:
		dsq_spacy_tokenize(w->spacy, text, n, &w->toks);
		for (size_t i = 0; i < w->toks.n; i++)
			count += !(w->toks.flags[i] & DSQ_TOK_SPACE);
		break;
	case TOK_WHITESPACE:
		for (size_t i = 0; i < n;) {
			int k = pyuc_space_len(text + i);
			if (k) {
				i += (size_t)k;
				continue;
			}
			while (i < n && !pyuc_space_len(text + i))
				i += (size_t)pyuc_cp_len((unsigned char)text[i]);
			count++;
		}
		break;
	case TOK_WORDS:
		ds_tokenize(DS_TOK_WORDS, 0, text, n, &w->recipe_tok);
		count = w->recipe_tok.n;
		break;
	}
	return count;
}

/* Python's \w: letters, digits (Unicode L* and N*) and '_'. */
static bool is_word_char(const char *p)
{
	uint32_t c;
	pyuc_decode(p, &c);
	return c == '_' || pyuc_isalnum(c);
}

/* re.search(r"(?:\W|^)(w1|w2|...)(?:\W|$)", text.lower()): some bad word
 * starts the text or follows a non-word character, and ends the text or
 * precedes one. */
static void badwords_unicode(struct worker *w, const char *text, size_t n)
{
	ds_buf_reset(&w->lower);
	pyuc_lower(text, n, &w->lower);
	const char *s = w->lower.data ? w->lower.data : "";
	size_t len = w->lower.len;
	w->bw_verdict = DSQ_PASS;
	bool start_ok = true;	/* position 0, or after a non-word character */
	for (size_t i = 0; i < len;) {
		if (start_ok && bw_trie[0].next[(unsigned char)s[i]]) {
			size_t node = 0;
			for (size_t j = i; j < len; j++) {
				node = bw_trie[node].next[(unsigned char)s[j]];
				if (!node)
					break;
				if (bw_trie[node].word_end && (j + 1 == len || !is_word_char(s + j + 1))) {
					w->bw_verdict = DSQ_FAIL;
					w->bw_at = i;
					w->bw_len = j + 1 - i;
					return;
				}
			}
		}
		start_ok = !is_word_char(s + i);
		uint32_t c;
		i += (size_t)pyuc_decode(s + i, &c);
	}
}

/* ASCII: \w is [A-Za-z0-9_], and lower() maps byte to byte. */
static unsigned char ascii_lower[0x80];
static bool ascii_word[0x80];

static bool bw_match_ascii(const char *s, size_t n, size_t i)
{
	size_t node = 0;
	for (size_t j = i; j < n; j++) {
		node = bw_trie[node].next[ascii_lower[(unsigned char)s[j]]];
		if (!node)
			return false;
		if (bw_trie[node].word_end && (j + 1 == n || !ascii_word[(unsigned char)s[j + 1]]))
			return true;
	}
	return false;
}

/* The same search on an ASCII text (DSQ_PAD bytes after it), from the
 * starts of its words only: every listed word that can match ASCII begins
 * with a word character. */
static void badwords(struct worker *w, const char *text, size_t n, bool ascii)
{
	if (!ascii || cfg.explain) {	/* --explain shows the match in the lower-cased text */
		badwords_unicode(w, text, n);
		return;
	}
	w->bw_verdict = DSQ_PASS;
	unsigned before = 0;	/* the byte before the block is a word character */
	for (size_t base = 0; base < n; base += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(text + base));
		__m128i lo = _mm_or_si128(v, _mm_set1_epi8(0x20));
		__m128i letter = _mm_cmpeq_epi8(_mm_min_epu8(_mm_sub_epi8(lo, _mm_set1_epi8('a')),
							     _mm_set1_epi8(25)),
						_mm_sub_epi8(lo, _mm_set1_epi8('a')));
		__m128i digit = _mm_cmpeq_epi8(_mm_min_epu8(_mm_sub_epi8(v, _mm_set1_epi8('0')),
							    _mm_set1_epi8(9)),
					       _mm_sub_epi8(v, _mm_set1_epi8('0')));
		__m128i word = _mm_or_si128(_mm_or_si128(letter, digit),
					    _mm_cmpeq_epi8(v, _mm_set1_epi8('_')));
		unsigned m = (unsigned)_mm_movemask_epi8(word);
		if (n - base < 16)
			m &= (1u << (n - base)) - 1;
		unsigned starts = m & ~(m << 1 | before);
		before = m >> 15 & 1;
		for (; starts; starts &= starts - 1)
			if (bw_match_ascii(text, n, base + (size_t)__builtin_ctz(starts))) {
				w->bw_verdict = DSQ_FAIL;
				return;
			}
	}
}

static void overlap(struct worker *w, const struct ds_rec *rec, const char *text, size_t n)
{
	w->has_overlap = false;
	if (ds_textsel_get(w->prompt_sel, rec->line, rec->len, &w->prompt, &w->reason) != 0)
		return;
	w->has_overlap = true;
	ds_tokenize(DS_TOK_WORDS, 1, text, n, &w->otok);
	ds_counter_clear(&w->oresp);
	for (size_t i = 0; i < w->otok.n; i++)
		ds_counter_add(&w->oresp, ds_hash64(ds_tok_at(&w->otok, i), w->otok.len[i], 0));
	size_t nresp = w->oresp.ntypes;
	if (nresp > w->cap_oshared) {
		w->cap_oshared = 2 * nresp;
		w->oshared = ds_realloc(w->oshared, w->cap_oshared);
	}
	memset(w->oshared, 0, nresp);
	ds_tokenize(DS_TOK_WORDS, 1, w->prompt.data ? w->prompt.data : "", w->prompt.len, &w->otok);
	/* the prompt's new types get ids from nresp on: the union */
	size_t shared = 0;
	for (size_t i = 0; i < w->otok.n; i++) {
		uint32_t id = ds_counter_add(&w->oresp, ds_hash64(ds_tok_at(&w->otok, i), w->otok.len[i], 0));
		if (id < nresp && !w->oshared[id]) {
			w->oshared[id] = 1;
			shared++;
		}
	}
	w->containment = dsq_ratio((double)shared, (double)nresp);
	w->jaccard = dsq_ratio((double)shared, (double)w->oresp.ntypes);
}

/* GopherRepetition -> GopherQuality -> C4 (no terminal-punct filter) ->
 * FineWeb on the text C4 kept. */
static void fineweb_recipe(struct worker *w, const char *text, size_t n)
{
	w->fwp_reason = NULL;
	w->fwp_step = NULL;
	w->fwp_verdict = DSQ_PASS;
	if (w->gr.verdict != DSQ_PASS) {
		w->fwp_step = "gopher_repetition";
		w->fwp_verdict = w->gr.verdict;
		w->fwp_reason = w->gr.reason;
		return;
	}
	if (w->gq.verdict != DSQ_PASS) {
		w->fwp_step = "gopher_quality";
		w->fwp_verdict = w->gq.verdict;
		w->fwp_reason = w->gq.reason;
		return;
	}
	struct dsq_params p = cfg.p;
	p.c4_terminal_punct = false;
	/* the kept text's words are counted from the record's when they are
	 * pieces of its lines */
	bool in_lines = cfg.tokenizer == TOK_WHITESPACE || (cfg.tokenizer == TOK_SPACY && w->local);
	dsq_c4(w->scratch, &p, cfg.rules & 1u << R_C4 ? &w->c4 : NULL, in_lines ? &w->words : NULL,
	       &w->c4r);
	if (w->c4r.verdict != DSQ_PASS) {
		w->fwp_step = "c4_quality";
		w->fwp_verdict = w->c4r.verdict;
		w->fwp_reason = w->c4r.reason;
		return;
	}
	const char *kt = w->c4r.kept.data;
	size_t kn = w->c4r.kept.len;
	w->fwp_kept_chars = w->c4r.kept_chars;
	if (kn == n && memcmp(kt, text, n) == 0) {	/* C4 changed nothing */
		if (cfg.rules & 1u << R_FW)
			w->fwr = w->fw;
		else
			dsq_fineweb(w->scratch, &cfg.p, text, n, w->n_chars, w->words.n, &w->fwr);
	} else {
		size_t words = w->c4r.kept_words;
		if (words == SIZE_MAX)
			words = count_words(w, kt, kn);
		dsq_fineweb(w->scratch, &cfg.p, kt, kn, w->c4r.kept_chars, words, &w->fwr);
	}
	if (w->fwr.verdict != DSQ_PASS) {
		w->fwp_step = "fineweb_quality";
		w->fwp_verdict = w->fwr.verdict;
		w->fwp_reason = w->fwr.reason;
	}
}

static void run_rules(struct worker *w, const struct ds_rec *rec, const char *text, size_t n)
{
	unsigned r = cfg.rules;
	ds_buf_reset(&w->tx);
	ds_buf_add(&w->tx, text, n);
	ds_buf_grow(&w->tx, DSQ_PAD);
	memset(w->tx.data + n, 0, DSQ_PAD);
	text = w->tx.data;
	w->n_chars = pyuc_len(text, n);
	bool ascii = w->n_chars == n;
	dsq_scratch_text(w->scratch, text, n, w->n_chars);
	if (cfg.show_words || r & (1u << R_GQ | 1u << R_GR | 1u << R_FW | 1u << R_FWP))
		split_words(w, text, n);
	if (r & (1u << R_GQ | 1u << R_FWP))
		dsq_gopher_quality(w->scratch, &cfg.p, &w->words, &w->gq);
	if (r & (1u << R_GR | 1u << R_FWP))
		dsq_gopher_repetition(w->scratch, &cfg.p, &w->words, &w->gr);
	if (r & 1u << R_C4)
		dsq_c4(w->scratch, &cfg.p, NULL, NULL, &w->c4);
	if (r & 1u << R_BW)
		badwords(w, text, n, ascii);
	if (r & 1u << R_FW)
		dsq_fineweb(w->scratch, &cfg.p, text, n, w->n_chars, w->words.n, &w->fw);
	if (r & 1u << R_FWP)
		fineweb_recipe(w, text, n);
	if (r & 1u << R_ZSTD) {
		size_t bound = ZSTD_compressBound(n);
		ds_buf_reset(&w->zbuf);
		ds_buf_grow(&w->zbuf, bound);
		size_t z = ZSTD_compressCCtx(w->zstd, w->zbuf.data, bound, text, n, 3);
		if (ZSTD_isError(z))
			ds_die(DS_EXIT_LIMIT, "zstd: %s", ZSTD_getErrorName(z));
		w->zstd_ratio = dsq_ratio((double)z, (double)n);
	}
	if (r & 1u << R_OVERLAP)
		overlap(w, rec, text, n);
	if (r & 1u << R_LANG)
		dsq_cld2_detect(text, n, &w->lang, &w->lang_score);
}

/* --- JSON output ----------------------------------------------------------- */

/* The annotation is written straight into the buffer: keys as literals with
 * their punctuation, numbers formatted in place. Each object reserves
 * OBJ_ROOM bytes first, more than its literals and DS_NUM_MAX per number;
 * the parts of variable length reserve their own. */
#define OBJ_ROOM 4096

static inline char *put(char *d, const char *s, size_t n)
{
	memcpy(d, s, n);
	return d + n;
}
#define PUT(d, lit) put(d, lit, sizeof lit - 1)

static inline char *put_uint(char *d, uint64_t v)
{
	if (v < 10) {	/* most counts are small */
		*d = (char)('0' + v);
		return d + 1;
	}
	if (v < 100) {
		d[0] = (char)('0' + v / 10);
		d[1] = (char)('0' + v % 10);
		return d + 2;
	}
	if (v < 1000) {
		d[0] = (char)('0' + v / 100);
		d[1] = (char)('0' + v / 10 % 10);
		d[2] = (char)('0' + v % 10);
		return d + 3;
	}
	return d + ds_fmt_uint(d, v);
}

static inline char *put_double(char *d, double x)
{
	uint64_t bits;
	memcpy(&bits, &x, sizeof bits);
	if (bits == 0)	/* +0.0, the most common ratio */
		return PUT(d, "0.0");
	return d + ds_fmt_double(d, x);
}

/* Room for more bytes at d in b. */
static char *room(struct ds_buf *b, char *d, size_t more)
{
	b->len = (size_t)(d - b->data);
	ds_buf_grow(b, more);
	return b->data + b->len;
}

/* A JSON string at d (escaped as ds_json_quote does). */
static char *put_str(struct ds_buf *b, char *d, const char *s, size_t n)
{
	b->len = (size_t)(d - b->data);
	ds_json_quote(b, s, n);
	return b->data + b->len;
}

/* "pass" and "reason", after a comma unless first. */
static char *put_verdict(char *d, bool first, int verdict, const char *reason)
{
	if (!first)
		*d++ = ',';
	if (verdict == DSQ_PASS)
		return PUT(d, "\"pass\":true,\"reason\":null");
	if (verdict == DSQ_ERROR)
		return PUT(d, "\"pass\":null,\"reason\":null");
	d = PUT(d, "\"pass\":false,\"reason\":\"");
	d = put(d, reason, strlen(reason));
	*d++ = '"';
	return d;
}

#define KEY_UINT(d, lit, v) put_uint(PUT(d, lit), v)
#define KEY_DOUBLE(d, lit, v) put_double(PUT(d, lit), v)

static char *put_gq(char *d, const struct dsq_gq *g)
{
	d = KEY_UINT(d, ",\"gopher_quality\":{\"n_words\":", g->n_words);
	d = KEY_UINT(d, ",\"n_non_symbol_words\":", g->n_non_symbol_words);
	d = KEY_DOUBLE(d, ",\"mean_word_length\":", g->mean_word_length);
	d = KEY_UINT(d, ",\"n_hash\":", g->n_hash);
	d = KEY_DOUBLE(d, ",\"hash_ratio\":", g->hash_ratio);
	d = KEY_UINT(d, ",\"n_ellipsis\":", g->n_ellipsis);
	d = KEY_DOUBLE(d, ",\"ellipsis_ratio\":", g->ellipsis_ratio);
	d = KEY_UINT(d, ",\"n_lines\":", g->n_lines);
	d = KEY_UINT(d, ",\"n_bullet_lines\":", g->n_bullet_lines);
	d = KEY_DOUBLE(d, ",\"bullet_lines_ratio\":", g->bullet_lines_ratio);
	d = KEY_UINT(d, ",\"n_end_ellipsis_lines\":", g->n_end_ellipsis_lines);
	d = KEY_DOUBLE(d, ",\"end_ellipsis_lines_ratio\":", g->end_ellipsis_lines_ratio);
	d = KEY_UINT(d, ",\"n_alpha_words\":", g->n_alpha_words);
	d = KEY_DOUBLE(d, ",\"alpha_words_ratio\":", g->alpha_words_ratio);
	d = KEY_UINT(d, ",\"stop_words\":", g->stop_words);
	d = put_verdict(d, false, g->verdict, g->reason);
	*d++ = '}';
	return d;
}

static char *put_gr(char *d, const struct dsq_gr *g)
{
	static const char *const top_key[] = {
		[2] = ",\"top_2_gram_chars\":", ",\"top_3_gram_chars\":", ",\"top_4_gram_chars\":"
	};
	static const char *const top_frac[] = {
		[2] = ",\"top_2_gram_char_frac\":", ",\"top_3_gram_char_frac\":",
		",\"top_4_gram_char_frac\":"
	};
	static const char *const dup_key[] = {
		[5] = ",\"dup_5_gram_chars\":", ",\"dup_6_gram_chars\":", ",\"dup_7_gram_chars\":",
		",\"dup_8_gram_chars\":", ",\"dup_9_gram_chars\":", ",\"dup_10_gram_chars\":"
	};
	static const char *const dup_frac[] = {
		[5] = ",\"dup_5_gram_char_frac\":", ",\"dup_6_gram_char_frac\":",
		",\"dup_7_gram_char_frac\":", ",\"dup_8_gram_char_frac\":",
		",\"dup_9_gram_char_frac\":", ",\"dup_10_gram_char_frac\":"
	};
	d = KEY_UINT(d, ",\"gopher_repetition\":{\"n_paragraphs\":", g->n_paragraphs);
	d = KEY_UINT(d, ",\"dup_paragraphs\":", g->dup_paragraphs);
	d = KEY_DOUBLE(d, ",\"dup_para_frac\":", g->dup_para_frac);
	d = KEY_UINT(d, ",\"dup_para_chars\":", g->dup_para_chars);
	d = KEY_DOUBLE(d, ",\"dup_para_char_frac\":", g->dup_para_char_frac);
	d = KEY_UINT(d, ",\"n_lines\":", g->n_lines);
	d = KEY_UINT(d, ",\"dup_lines\":", g->dup_lines);
	d = KEY_DOUBLE(d, ",\"dup_line_frac\":", g->dup_line_frac);
	d = KEY_UINT(d, ",\"dup_line_chars\":", g->dup_line_chars);
	d = KEY_DOUBLE(d, ",\"dup_line_char_frac\":", g->dup_line_char_frac);
	d = KEY_UINT(d, ",\"n_words\":", g->n_words);
	for (int n = 2; n <= 4; n++) {
		d = put(d, top_key[n], strlen(top_key[n]));
		if (g->top_chars[n] < 0)
			d = PUT(d, "null");
		else
			d = put_uint(d, (uint64_t)g->top_chars[n]);
		d = put_double(put(d, top_frac[n], strlen(top_frac[n])), g->top_frac[n]);
	}
	for (int n = 5; n <= 10; n++) {
		d = put_uint(put(d, dup_key[n], strlen(dup_key[n])), g->dup_chars[n]);
		d = put_double(put(d, dup_frac[n], strlen(dup_frac[n])), g->dup_frac[n]);
	}
	d = put_verdict(d, false, g->verdict, g->reason);
	*d++ = '}';
	return d;
}

static char *put_c4(struct ds_buf *b, char *d, const struct dsq_c4 *c)
{
	d = KEY_UINT(d, ",\"c4\":{\"n_lines\":", c->n_lines);
	d = KEY_UINT(d, ",\"lines_evaluated\":", c->lines_evaluated);
	d = KEY_UINT(d, ",\"line_too_long_word\":", c->too_long_word);
	d = KEY_UINT(d, ",\"line_no_terminal_punc\":", c->no_terminal_punc);
	d = KEY_UINT(d, ",\"line_too_few_words\":", c->too_few_words);
	d = KEY_UINT(d, ",\"line_javascript\":", c->javascript);
	d = KEY_UINT(d, ",\"line_policy\":", c->policy);
	d = KEY_UINT(d, ",\"lines_kept\":", c->lines_kept);
	d = KEY_UINT(d, ",\"sentences\":", c->sentences);
	/* the labels: at most 16 letters, quoted, a comma */
	d = room(b, d, 19 * c->lines_evaluated + OBJ_ROOM);
	d = PUT(d, ",\"line_decisions\":[");
	for (size_t i = 0; i < c->lines_evaluated; i++) {
		const char *l = dsq_c4_labels[c->decisions[i]];
		if (i)
			*d++ = ',';
		*d++ = '"';
		d = put(d, l, strlen(l));
		*d++ = '"';
	}
	d = PUT(d, "],\"kept_chars\":");
	d = c->verdict == DSQ_PASS ? put_uint(d, c->kept_chars) : PUT(d, "null");
	if (cfg.c4_text) {
		d = PUT(d, ",\"text\":");
		if (c->verdict == DSQ_PASS)
			d = room(b, put_str(b, d, c->kept.data, c->kept.len), OBJ_ROOM);
		else
			d = PUT(d, "null");
	}
	d = put_verdict(d, false, c->verdict, c->reason);
	*d++ = '}';
	return d;
}

static char *put_fw(char *d, const struct dsq_fw *f)
{
	d = KEY_UINT(d, ",\"fineweb\":{\"n_lines\":", f->n_lines);
	d = KEY_UINT(d, ",\"n_punct_lines\":", f->n_punct_lines);
	d = KEY_DOUBLE(d, ",\"line_punct_ratio\":", f->line_punct_ratio);
	d = KEY_UINT(d, ",\"n_short_lines\":", f->n_short_lines);
	d = KEY_DOUBLE(d, ",\"short_line_ratio\":", f->short_line_ratio);
	d = KEY_UINT(d, ",\"dup_line_chars\":", f->dup_line_chars);
	d = KEY_UINT(d, ",\"n_non_newline_chars\":", f->n_non_newline_chars);
	d = KEY_DOUBLE(d, ",\"char_dup_ratio\":", f->char_dup_ratio);
	d = KEY_UINT(d, ",\"n_newlines\":", f->n_newlines);
	d = KEY_UINT(d, ",\"n_words\":", f->n_words);
	d = KEY_DOUBLE(d, ",\"list_ratio\":", f->list_ratio);
	d = put_verdict(d, false, f->verdict, f->reason);
	*d++ = '}';
	return d;
}

static void write_value(struct worker *w, struct ds_buf *val)
{
	unsigned r = cfg.rules;
	ds_buf_grow(val, OBJ_ROOM);
	char *d = KEY_UINT(val->data + val->len, "{\"n_chars\":", w->n_chars);
	if (cfg.show_words) {
		d = PUT(d, ",\"words\":[");
		for (size_t i = 0; i < w->words.n; i++) {
			d = room(val, d, 1);
			if (i)
				*d++ = ',';
			d = put_str(val, d, w->words.p[i], w->words.len[i]);
		}
		d = room(val, d, OBJ_ROOM);
		*d++ = ']';
	}
	if (r & 1u << R_GQ)
		d = put_gq(room(val, d, OBJ_ROOM), &w->gq);
	if (r & 1u << R_GR)
		d = put_gr(room(val, d, OBJ_ROOM), &w->gr);
	if (r & 1u << R_C4)
		d = put_c4(val, room(val, d, OBJ_ROOM), &w->c4);
	d = room(val, d, OBJ_ROOM);
	if (r & 1u << R_BW) {
		d = PUT(d, ",\"c4_badwords\":{");
		d = put_verdict(d, true, w->bw_verdict, "document_removed_with_badwords");
		*d++ = '}';
	}
	if (r & 1u << R_FW)
		d = put_fw(d, &w->fw);
	d = room(val, d, OBJ_ROOM);
	if (r & 1u << R_FWP) {
		d = PUT(d, ",\"fineweb_recipe\":{");
		d = put_verdict(d, true, w->fwp_verdict, w->fwp_reason);
		d = PUT(d, ",\"step\":");
		if (w->fwp_step) {
			*d++ = '"';
			d = put(d, w->fwp_step, strlen(w->fwp_step));
			*d++ = '"';
		} else {
			d = PUT(d, "null");
		}
		d = PUT(d, ",\"kept_chars\":");
		d = w->fwp_verdict == DSQ_PASS ? put_uint(d, w->fwp_kept_chars) : PUT(d, "null");
		*d++ = '}';
	}
	if (r & 1u << R_ZSTD)
		d = KEY_DOUBLE(d, ",\"zstd_ratio\":", w->zstd_ratio);
	if (r & 1u << R_OVERLAP) {
		if (!w->has_overlap) {
			d = PUT(d, ",\"overlap\":null");
		} else {
			d = KEY_DOUBLE(d, ",\"overlap\":{\"containment\":", w->containment);
			d = KEY_DOUBLE(d, ",\"jaccard\":", w->jaccard);
			*d++ = '}';
		}
	}
	if (r & 1u << R_LANG) {
		d = PUT(d, ",\"lang\":");
		d = put_str(val, d, w->lang, strlen(w->lang));
		d = KEY_DOUBLE(room(val, d, OBJ_ROOM), ",\"lang_score\":", w->lang_score);
	}
	*d++ = '}';
	val->len = (size_t)(d - val->data);
}

static int compute(void *p, const struct ds_rec *rec, const char *text, size_t len,
		   struct ds_buf *val, struct ds_buf *reason)
{
	(void)reason;
	struct worker *w = p;
	run_rules(w, rec, text, len);
	write_value(w, val);
	return 0;
}

/* --- --explain --------------------------------------------------------------- */

/* The n-gram fractions' names, by n. */
static const char *const top_frac_key[] = {
	[2] = "top_2_gram_char_frac", "top_3_gram_char_frac", "top_4_gram_char_frac"
};
static const char *const dup_frac_key[] = {
	[5] = "dup_5_gram_char_frac", "dup_6_gram_char_frac", "dup_7_gram_char_frac",
	"dup_8_gram_char_frac", "dup_9_gram_char_frac", "dup_10_gram_char_frac"
};

static void explain_line(struct ds_buf *o, const char *name, double v, const char *op,
			 double thr, bool fails, bool enabled)
{
	char vb[32], tb[32];
	snprintf(vb, sizeof vb, "%.6g", v);
	snprintf(tb, sizeof tb, "%.6g", thr);
	ds_buf_printf(o, "  %-28s %12s  %s %-10s %s\n", name, vb, op, enabled ? tb : "off",
		      !enabled ? "" : fails ? "FAIL" : "ok");
}

static void explain_verdict(struct ds_buf *o, const char *rule, int verdict, const char *reason)
{
	if (verdict == DSQ_PASS)
		ds_buf_printf(o, "%s: kept\n", rule);
	else if (verdict == DSQ_ERROR)
		ds_buf_printf(o, "%s: datatrove raises ZeroDivisionError (empty text)\n", rule);
	else
		ds_buf_printf(o, "%s: removed, reason %s\n", rule, reason);
}

static void explain(struct worker *w, const struct ds_rec *rec, struct ds_buf *o)
{
	const struct dsq_params *p = &cfg.p;
	unsigned r = cfg.rules;
	ds_buf_printf(o, "record %s:%llu (%zu characters, %s words)\n", rec->file,
		      (unsigned long long)rec->lineno, w->n_chars, tok_names[cfg.tokenizer]);
	if (r & 1u << R_GQ) {
		const struct dsq_gq *g = &w->gq;
		explain_verdict(o, "gopher_quality", g->verdict, g->reason);
		double ns = (double)g->n_non_symbol_words;
		explain_line(o, "non-symbol words", ns, ">=", p->gq_min_doc_words,
			     ns < p->gq_min_doc_words, p->gq_min_doc_words != 0);
		explain_line(o, "non-symbol words", ns, "<=", p->gq_max_doc_words,
			     ns > p->gq_max_doc_words, p->gq_max_doc_words != 0);
		explain_line(o, "mean_word_length", g->mean_word_length, ">=", p->gq_min_avg_word_length,
			     g->mean_word_length < p->gq_min_avg_word_length, p->gq_min_avg_word_length != 0);
		explain_line(o, "mean_word_length", g->mean_word_length, "<=", p->gq_max_avg_word_length,
			     g->mean_word_length > p->gq_max_avg_word_length, p->gq_max_avg_word_length != 0);
		explain_line(o, "hash_ratio", g->hash_ratio, "<=", p->gq_max_symbol_word_ratio,
			     g->hash_ratio > p->gq_max_symbol_word_ratio, p->gq_max_symbol_word_ratio != 0);
		explain_line(o, "ellipsis_ratio", g->ellipsis_ratio, "<=", p->gq_max_symbol_word_ratio,
			     g->ellipsis_ratio > p->gq_max_symbol_word_ratio, p->gq_max_symbol_word_ratio != 0);
		explain_line(o, "bullet_lines_ratio", g->bullet_lines_ratio, "<=", p->gq_max_bullet_lines_ratio,
			     g->bullet_lines_ratio > p->gq_max_bullet_lines_ratio, p->gq_max_bullet_lines_ratio != 0);
		explain_line(o, "end_ellipsis_lines_ratio", g->end_ellipsis_lines_ratio, "<=",
			     p->gq_max_ellipsis_lines_ratio,
			     g->end_ellipsis_lines_ratio > p->gq_max_ellipsis_lines_ratio,
			     p->gq_max_ellipsis_lines_ratio != 0);
		explain_line(o, "alpha_words_ratio", g->alpha_words_ratio, ">=", p->gq_min_alpha_words_ratio,
			     g->alpha_words_ratio < p->gq_min_alpha_words_ratio, p->gq_min_alpha_words_ratio != 0);
		explain_line(o, "stop_words", (double)g->stop_words, ">=", p->gq_min_stop_words,
			     (double)g->stop_words < p->gq_min_stop_words, p->gq_min_stop_words != 0);
	}
	if (r & 1u << R_GR) {
		const struct dsq_gr *g = &w->gr;
		explain_verdict(o, "gopher_repetition", g->verdict, g->reason);
		explain_line(o, "dup_para_frac", g->dup_para_frac, "<=", p->gr_dup_para_frac,
			     g->dup_para_frac > p->gr_dup_para_frac, p->gr_dup_para_frac != 0);
		explain_line(o, "dup_para_char_frac", g->dup_para_char_frac, "<=", p->gr_dup_para_char_frac,
			     g->dup_para_char_frac > p->gr_dup_para_char_frac, p->gr_dup_para_char_frac != 0);
		explain_line(o, "dup_line_frac", g->dup_line_frac, "<=", p->gr_dup_line_frac,
			     g->dup_line_frac > p->gr_dup_line_frac, p->gr_dup_line_frac != 0);
		explain_line(o, "dup_line_char_frac", g->dup_line_char_frac, "<=", p->gr_dup_line_char_frac,
			     g->dup_line_char_frac > p->gr_dup_line_char_frac, p->gr_dup_line_char_frac != 0);
		for (int n = 2; n <= 4; n++)
			explain_line(o, top_frac_key[n], g->top_frac[n], "<=", p->gr_top_ngram[n],
				     g->top_frac[n] > p->gr_top_ngram[n], g->top_chars[n] >= 0);
		for (int n = 5; n <= 10; n++)
			explain_line(o, dup_frac_key[n], g->dup_frac[n], "<=", p->gr_dup_ngram[n],
				     g->dup_frac[n] > p->gr_dup_ngram[n], true);
	}
	if (r & 1u << R_C4) {
		const struct dsq_c4 *c = &w->c4;
		explain_verdict(o, "c4", c->verdict, c->reason);
		ds_buf_printf(o, "  lines %zu, evaluated %zu, kept %zu\n", c->n_lines, c->lines_evaluated,
			      c->lines_kept);
		for (size_t i = 0; i < c->lines_evaluated; i++)
			ds_buf_printf(o, "    line %zu: %s\n", i + 1, dsq_c4_labels[c->decisions[i]]);
		explain_line(o, "sentences", (double)c->sentences, ">=", (double)p->c4_min_num_sentences,
			     (long)c->sentences < p->c4_min_num_sentences, p->c4_min_num_sentences != -1);
	}
	if (r & 1u << R_BW) {
		explain_verdict(o, "c4_badwords", w->bw_verdict, "document_removed_with_badwords");
		if (w->bw_verdict == DSQ_FAIL)
			ds_buf_printf(o, "  matched \"%.*s\" (%s list)\n", (int)w->bw_len,
				      w->lower.data + w->bw_at, DSQ_BADWORDS_PACKAGE);
	}
	if (r & 1u << R_FW) {
		const struct dsq_fw *f = &w->fw;
		explain_verdict(o, "fineweb", f->verdict, f->reason);
		explain_line(o, "non-blank lines", (double)f->n_lines, ">=", 1, f->n_lines == 0, true);
		explain_line(o, "line_punct_ratio", f->line_punct_ratio, ">=", p->fw_line_punct_thr,
			     f->line_punct_ratio < p->fw_line_punct_thr, true);
		explain_line(o, "short_line_ratio", f->short_line_ratio, "<=", p->fw_short_line_thr,
			     f->short_line_ratio > p->fw_short_line_thr, true);
		explain_line(o, "char_dup_ratio", f->char_dup_ratio, "<=", p->fw_char_dup_ratio,
			     f->char_dup_ratio > p->fw_char_dup_ratio, true);
		explain_line(o, "list_ratio", f->list_ratio, "<=", p->fw_new_line_ratio,
			     f->list_ratio > p->fw_new_line_ratio, true);
	}
	if (r & 1u << R_FWP) {
		if (w->fwp_verdict == DSQ_PASS)
			ds_buf_printf(o, "fineweb_recipe: kept (%zu characters after C4)\n", w->fwp_kept_chars);
		else if (w->fwp_verdict == DSQ_ERROR)
			ds_buf_printf(o, "fineweb_recipe: %s raises ZeroDivisionError\n", w->fwp_step);
		else
			ds_buf_printf(o, "fineweb_recipe: removed by %s, reason %s\n", w->fwp_step,
				      w->fwp_reason);
	}
	if (r & 1u << R_ZSTD)
		ds_buf_printf(o, "zstd_ratio: %.6g\n", w->zstd_ratio);
	if (r & 1u << R_OVERLAP) {
		if (w->has_overlap)
			ds_buf_printf(o, "overlap: containment %.6g, jaccard %.6g\n", w->containment,
				      w->jaccard);
		else
			ds_buf_printf(o, "overlap: no prompt\n");
	}
	if (r & 1u << R_LANG)
		ds_buf_printf(o, "lang: %s (%.2f)\n", w->lang, w->lang_score);
}

static int run_explain(void)
{
	struct worker *w = worker_new(NULL);
	struct ds_textsel *sel = ds_textsel_default();
	struct ds_buf text = {0}, reason = {0}, out = {0};
	struct ds_rec rec;
	ds_begin();
	while (ds_next(&rec)) {
		if (ds_textsel_get(sel, rec.line, rec.len, &text, &reason) != 0) {
			ds_bad(&rec, ds_buf_cstr(&reason));
			continue;
		}
		run_rules(w, &rec, text.data ? text.data : "", text.len);
		ds_buf_reset(&out);
		explain(w, &rec, &out);
		ds_write(out.data, out.len);
	}
	ds_buf_free(&text);
	ds_buf_free(&reason);
	ds_buf_free(&out);
	ds_textsel_free(sel);
	worker_free(w);
	return ds_end();
}

static void build_badwords(void)
{
	size_t cap = 1;
	for (size_t k = 0; k < sizeof ldnoobw_en / sizeof ldnoobw_en[0]; k++)
		cap += strlen(ldnoobw_en[k]);
	bw_trie = ds_calloc(cap, sizeof *bw_trie);
	size_t bw_nodes = 1;
	for (size_t k = 0; k < sizeof ldnoobw_en / sizeof ldnoobw_en[0]; k++) {
		size_t node = 0;
		for (const unsigned char *p = (const unsigned char *)ldnoobw_en[k]; *p; p++) {
			if (!bw_trie[node].next[*p])
				bw_trie[node].next[*p] = (uint16_t)bw_nodes++;
			node = bw_trie[node].next[*p];
		}
		bw_trie[node].word_end = true;
	}
	for (unsigned c = 0; c < 0x80; c++) {
		ascii_lower[c] = (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		ascii_word[c] = c == '_' || (c >= '0' && c <= '9') || (c | 0x20) - 'a' < 26u;
	}
}

static const struct ds_tool tool = {
	.name = "ds-quality",
	.usage = "[OPTION]... [FILE]...",
	.summary = "Annotate each record with datatrove's Gopher, C4 and FineWeb quality rules.",
	.common = DS_OPT_TEXT | DS_OPT_KEY | DS_OPT_JOBS,
	.default_key = "quality",
	.default_format = 0,
	.default_part = DS_PART_RESPONSE,
	.options = options,
	.handle = handle,
	.help_tail =
		"Rule sets: gopher_quality gopher_repetition c4 c4_badwords fineweb\n"
		"fineweb_recipe (together: datatrove, the default); extras, by name only:\n"
		"zstd_ratio overlap lang (all: everything). Each rule set gives its\n"
		"statistics, pass and datatrove's reason string (null when kept).\n",
};

int main(int argc, char **argv)
{
	cfg.rules = DATATROVE_RULES;
	dsq_params_default(&cfg.p);
	ds_parse_args(&tool, argc, argv);
	dsq_spacy_init();
	dsq_rules_init();
	if (cfg.rules & 1u << R_BW)
		build_badwords();
	if (cfg.explain)
		return run_explain();
	struct ds_annotator a = { NULL, worker_new, worker_free, compute, false };
	return ds_run_annotate(&a);
}
