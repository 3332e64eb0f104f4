/* ds-quality: datatrove's Gopher, C4 and FineWeb quality rules on each
 * record's text, every statistic computed, plus zstd ratio, prompt/response
 * overlap and CLD2 language id (ds-quality(1)). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "cld2.h"
#include "counter.h"
#include "hash.h"
#include "json.h"
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
	{ "rules", 0, "LIST", OPT_RULES, "rule sets and extras, comma-separated, or 'all' (default)" },
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
	struct dsq_toks toks;
	struct ds_tokens words_tok, recipe_tok;	/* bytes of the words tokenizer's words */
	struct dsq_words words, recipe_words;
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
	size_t bw_at, bw_len;		/* the match in lower */
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
	w->scratch = dsq_scratch_new();
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
	dsq_spacy_free(w->spacy);
	dsq_scratch_free(w->scratch);
	dsq_toks_free(&w->toks);
	ds_tokens_free(&w->words_tok);
	ds_tokens_free(&w->recipe_tok);
	ds_tokens_free(&w->otok);
	dsq_words_free(&w->words);
	dsq_words_free(&w->recipe_words);
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

/* The words every rule uses, by the chosen tokenizer. */
static void split_words(struct worker *w, const char *text, size_t n, bool ascii,
			struct ds_tokens *tok, struct dsq_words *out)
{
	out->n = 0;
	switch (cfg.tokenizer) {
	case TOK_SPACY:
		dsq_spacy_tokenize(w->spacy, text, n, &w->toks);
		for (size_t i = 0; i < w->toks.n; i++)
			if (!w->toks.space[i])
				dsq_words_push(out, text + w->toks.off[i], w->toks.len[i], ascii);
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
			dsq_words_push(out, text + i, (uint32_t)(j - i), ascii);
			i = j;
		}
		break;
	case TOK_WORDS:
		ds_tokenize(DS_TOK_WORDS, 0, text, n, tok);
		for (size_t i = 0; i < tok->n; i++)
			dsq_words_push(out, ds_tok_at(tok, i), tok->len[i], false);
		break;
	}
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
static void badwords(struct worker *w, const char *text, size_t n)
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

static void run_rules(struct worker *w, const struct ds_rec *rec, const char *text, size_t n)
{
	unsigned r = cfg.rules;
	dsq_scratch_text(w->scratch, text, n);
	w->n_chars = pyuc_len(text, n);
	if (cfg.show_words || r & (1u << R_GQ | 1u << R_GR | 1u << R_FW | 1u << R_FWP))
		split_words(w, text, n, w->n_chars == n, &w->words_tok, &w->words);
	if (r & (1u << R_GQ | 1u << R_FWP))
		dsq_gopher_quality(w->scratch, &cfg.p, text, n, &w->words, &w->gq);
	if (r & (1u << R_GR | 1u << R_FWP))
		dsq_gopher_repetition(w->scratch, &cfg.p, text, n, &w->words, &w->gr);
	if (r & 1u << R_C4)
		dsq_c4(w->scratch, w->spacy, &cfg.p, text, n, NULL, &w->c4);
	if (r & 1u << R_BW)
		badwords(w, text, n);
	if (r & 1u << R_FW)
		dsq_fineweb(w->scratch, &cfg.p, text, n, &w->words, &w->fw);
	if (r & 1u << R_FWP) {
		/* GopherRepetition -> GopherQuality -> C4 (no terminal-punct
		 * filter) -> FineWeb on the text C4 kept */
		w->fwp_reason = NULL;
		w->fwp_step = NULL;
		w->fwp_verdict = DSQ_PASS;
		if (w->gr.verdict != DSQ_PASS) {
			w->fwp_step = "gopher_repetition";
			w->fwp_verdict = w->gr.verdict;
			w->fwp_reason = w->gr.reason;
		} else if (w->gq.verdict != DSQ_PASS) {
			w->fwp_step = "gopher_quality";
			w->fwp_verdict = w->gq.verdict;
			w->fwp_reason = w->gq.reason;
		} else {
			struct dsq_params p = cfg.p;
			p.c4_terminal_punct = false;
			dsq_c4(w->scratch, w->spacy, &p, text, n,
			       r & 1u << R_C4 ? &w->c4 : NULL, &w->c4r);
			if (w->c4r.verdict != DSQ_PASS) {
				w->fwp_step = "c4_quality";
				w->fwp_verdict = w->c4r.verdict;
				w->fwp_reason = w->c4r.reason;
			} else {
				const char *kt = w->c4r.kept.data ? w->c4r.kept.data : "";
				split_words(w, kt, w->c4r.kept.len, w->c4r.kept_chars == w->c4r.kept.len,
					    &w->recipe_tok, &w->recipe_words);
				dsq_fineweb(w->scratch, &cfg.p, kt, w->c4r.kept.len, &w->recipe_words, &w->fwr);
				if (w->fwr.verdict != DSQ_PASS) {
					w->fwp_step = "fineweb_quality";
					w->fwp_verdict = w->fwr.verdict;
					w->fwp_reason = w->fwr.reason;
				}
				w->fwp_kept_chars = w->c4r.kept_chars;
			}
		}
	}
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

static void jw_count(struct ds_jw *j, const char *k, size_t v)
{
	ds_jw_key(j, k);
	ds_jw_uint(j, v);
}

static void jw_num(struct ds_jw *j, const char *k, double v)
{
	ds_jw_key(j, k);
	ds_jw_double(j, v);
}

static void jw_verdict(struct ds_jw *j, int verdict, const char *reason)
{
	ds_jw_key(j, "pass");
	if (verdict == DSQ_ERROR)
		ds_jw_null(j);
	else
		ds_jw_bool(j, verdict == DSQ_PASS);
	ds_jw_key(j, "reason");
	if (verdict == DSQ_FAIL)
		ds_jw_str(j, reason, strlen(reason));
	else
		ds_jw_null(j);
}

static void write_c4(struct ds_jw *j, const struct dsq_c4 *c)
{
	ds_jw_obj(j);
	jw_count(j, "n_lines", c->n_lines);
	jw_count(j, "lines_evaluated", c->lines_evaluated);
	jw_count(j, "line_too_long_word", c->too_long_word);
	jw_count(j, "line_no_terminal_punc", c->no_terminal_punc);
	jw_count(j, "line_too_few_words", c->too_few_words);
	jw_count(j, "line_javascript", c->javascript);
	jw_count(j, "line_policy", c->policy);
	jw_count(j, "lines_kept", c->lines_kept);
	jw_count(j, "sentences", c->sentences);
	ds_jw_key(j, "line_decisions");
	ds_jw_arr(j);
	for (size_t i = 0; i < c->lines_evaluated; i++) {
		const char *l = dsq_c4_labels[c->decisions[i]];
		ds_jw_str(j, l, strlen(l));
	}
	ds_jw_end(j);
	ds_jw_key(j, "kept_chars");
	if (c->verdict == DSQ_PASS)
		ds_jw_uint(j, c->kept_chars);
	else
		ds_jw_null(j);
	if (cfg.c4_text) {
		ds_jw_key(j, "text");
		if (c->verdict == DSQ_PASS)
			ds_jw_str(j, c->kept.data ? c->kept.data : "", c->kept.len);
		else
			ds_jw_null(j);
	}
	jw_verdict(j, c->verdict, c->reason);
	ds_jw_end(j);
}

/* The n-gram statistics' keys, by n. */
static const char *const top_chars_key[] = {
	[2] = "top_2_gram_chars", "top_3_gram_chars", "top_4_gram_chars"
};
static const char *const top_frac_key[] = {
	[2] = "top_2_gram_char_frac", "top_3_gram_char_frac", "top_4_gram_char_frac"
};
static const char *const dup_chars_key[] = {
	[5] = "dup_5_gram_chars", "dup_6_gram_chars", "dup_7_gram_chars", "dup_8_gram_chars",
	"dup_9_gram_chars", "dup_10_gram_chars"
};
static const char *const dup_frac_key[] = {
	[5] = "dup_5_gram_char_frac", "dup_6_gram_char_frac", "dup_7_gram_char_frac",
	"dup_8_gram_char_frac", "dup_9_gram_char_frac", "dup_10_gram_char_frac"
};

static void write_value(struct worker *w, struct ds_buf *val)
{
	unsigned r = cfg.rules;
	struct ds_jw jw, *j = &jw;
	ds_jw_init(j, val);
	ds_jw_obj(j);
	jw_count(j, "n_chars", w->n_chars);
	if (cfg.show_words) {
		ds_jw_key(j, "words");
		ds_jw_arr(j);
		for (size_t i = 0; i < w->words.n; i++)
			ds_jw_str(j, w->words.p[i], w->words.len[i]);
		ds_jw_end(j);
	}
	if (r & 1u << R_GQ) {
		const struct dsq_gq *g = &w->gq;
		ds_jw_key(j, "gopher_quality");
		ds_jw_obj(j);
		jw_count(j, "n_words", g->n_words);
		jw_count(j, "n_non_symbol_words", g->n_non_symbol_words);
		jw_num(j, "mean_word_length", g->mean_word_length);
		jw_count(j, "n_hash", g->n_hash);
		jw_num(j, "hash_ratio", g->hash_ratio);
		jw_count(j, "n_ellipsis", g->n_ellipsis);
		jw_num(j, "ellipsis_ratio", g->ellipsis_ratio);
		jw_count(j, "n_lines", g->n_lines);
		jw_count(j, "n_bullet_lines", g->n_bullet_lines);
		jw_num(j, "bullet_lines_ratio", g->bullet_lines_ratio);
		jw_count(j, "n_end_ellipsis_lines", g->n_end_ellipsis_lines);
		jw_num(j, "end_ellipsis_lines_ratio", g->end_ellipsis_lines_ratio);
		jw_count(j, "n_alpha_words", g->n_alpha_words);
		jw_num(j, "alpha_words_ratio", g->alpha_words_ratio);
		jw_count(j, "stop_words", g->stop_words);
		jw_verdict(j, g->verdict, g->reason);
		ds_jw_end(j);
	}
	if (r & 1u << R_GR) {
		const struct dsq_gr *g = &w->gr;
		ds_jw_key(j, "gopher_repetition");
		ds_jw_obj(j);
		jw_count(j, "n_paragraphs", g->n_paragraphs);
		jw_count(j, "dup_paragraphs", g->dup_paragraphs);
		jw_num(j, "dup_para_frac", g->dup_para_frac);
		jw_count(j, "dup_para_chars", g->dup_para_chars);
		jw_num(j, "dup_para_char_frac", g->dup_para_char_frac);
		jw_count(j, "n_lines", g->n_lines);
		jw_count(j, "dup_lines", g->dup_lines);
		jw_num(j, "dup_line_frac", g->dup_line_frac);
		jw_count(j, "dup_line_chars", g->dup_line_chars);
		jw_num(j, "dup_line_char_frac", g->dup_line_char_frac);
		jw_count(j, "n_words", g->n_words);
		for (int n = 2; n <= 4; n++) {
			ds_jw_key(j, top_chars_key[n]);
			if (g->top_chars[n] < 0)
				ds_jw_null(j);
			else
				ds_jw_uint(j, (uint64_t)g->top_chars[n]);
			jw_num(j, top_frac_key[n], g->top_frac[n]);
		}
		for (int n = 5; n <= 10; n++) {
			jw_count(j, dup_chars_key[n], g->dup_chars[n]);
			jw_num(j, dup_frac_key[n], g->dup_frac[n]);
		}
		jw_verdict(j, g->verdict, g->reason);
		ds_jw_end(j);
	}
	if (r & 1u << R_C4) {
		ds_jw_key(j, "c4");
		write_c4(j, &w->c4);
	}
	if (r & 1u << R_BW) {
		ds_jw_key(j, "c4_badwords");
		ds_jw_obj(j);
		jw_verdict(j, w->bw_verdict, "document_removed_with_badwords");
		ds_jw_end(j);
	}
	if (r & 1u << R_FW) {
		const struct dsq_fw *f = &w->fw;
		ds_jw_key(j, "fineweb");
		ds_jw_obj(j);
		jw_count(j, "n_lines", f->n_lines);
		jw_count(j, "n_punct_lines", f->n_punct_lines);
		jw_num(j, "line_punct_ratio", f->line_punct_ratio);
		jw_count(j, "n_short_lines", f->n_short_lines);
		jw_num(j, "short_line_ratio", f->short_line_ratio);
		jw_count(j, "dup_line_chars", f->dup_line_chars);
		jw_count(j, "n_non_newline_chars", f->n_non_newline_chars);
		jw_num(j, "char_dup_ratio", f->char_dup_ratio);
		jw_count(j, "n_newlines", f->n_newlines);
		jw_count(j, "n_words", f->n_words);
		jw_num(j, "list_ratio", f->list_ratio);
		jw_verdict(j, f->verdict, f->reason);
		ds_jw_end(j);
	}
	if (r & 1u << R_FWP) {
		ds_jw_key(j, "fineweb_recipe");
		ds_jw_obj(j);
		jw_verdict(j, w->fwp_verdict, w->fwp_reason);
		ds_jw_key(j, "step");
		if (w->fwp_step)
			ds_jw_str(j, w->fwp_step, strlen(w->fwp_step));
		else
			ds_jw_null(j);
		ds_jw_key(j, "kept_chars");
		if (w->fwp_verdict == DSQ_PASS)
			ds_jw_uint(j, w->fwp_kept_chars);
		else
			ds_jw_null(j);
		ds_jw_end(j);
	}
	if (r & 1u << R_ZSTD)
		jw_num(j, "zstd_ratio", w->zstd_ratio);
	if (r & 1u << R_OVERLAP) {
		ds_jw_key(j, "overlap");
		if (!w->has_overlap) {
			ds_jw_null(j);
		} else {
			ds_jw_obj(j);
			jw_num(j, "containment", w->containment);
			jw_num(j, "jaccard", w->jaccard);
			ds_jw_end(j);
		}
	}
	if (r & 1u << R_LANG) {
		ds_jw_key(j, "lang");
		ds_jw_str(j, w->lang, strlen(w->lang));
		jw_num(j, "lang_score", w->lang_score);
	}
	ds_jw_end(j);
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
		"fineweb_recipe; extras: zstd_ratio overlap lang. Each rule set gives its\n"
		"statistics, pass and datatrove's reason string (null when kept).\n",
};

int main(int argc, char **argv)
{
	cfg.rules = (1u << NRULES) - 1;
	dsq_params_default(&cfg.p);
	ds_parse_args(&tool, argc, argv);
	dsq_spacy_init();
	if (cfg.rules & 1u << R_BW)
		build_badwords();
	if (cfg.explain)
		return run_explain();
	struct ds_annotator a = { NULL, worker_new, worker_free, compute, false };
	return ds_run_annotate(&a);
}
