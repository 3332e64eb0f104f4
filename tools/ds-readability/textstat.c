/* textstat.c: textstat 0.7.11's counts and formulas (textstat.h).
 *
 * textstat recomputes every count from the text for each formula; here one
 * pass over the characters counts everything the formulas use, words and
 * sentences alike. Each formula then repeats textstat's arithmetic operation
 * for operation, so the doubles are the same. */
#include "textstat.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "hash.h"
#include "tables.h"
#include "tok.h"
#include "util.h"

/* --- word lists: the generated text indexed once in one hash table -------------- */

/* A word of CMUdict, of the easy-word list, or of both. */
enum { IN_CMUDICT = 1, EASY = 2, IN_EASY_TEXT = 4 /* off is in the easy-word text */ };

struct entry {
	uint32_t hash;		/* 0: empty slot */
	uint32_t off;		/* the word in its list's text */
	uint16_t len;
	uint8_t syllables;	/* if IN_CMUDICT */
	uint8_t flags;
};

static struct {
	struct entry *slots;
	size_t mask;
} word_table;

static uint32_t word_hash(const char *p, size_t n)
{
	return (uint32_t)ds_hash64(p, n, 0) | 1;
}

/* memcmp(a, b, n) == 0 for the few bytes of a word, without a call. */
static inline bool same_bytes(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

static struct entry *find_word(const char *p, size_t n, uint32_t h)
{
	for (size_t i = h & word_table.mask;; i = (i + 1) & word_table.mask) {
		struct entry *e = &word_table.slots[i];
		if (!e->hash)
			return e;
		const char *text = e->flags & IN_EASY_TEXT ? rd_easy_words_text : rd_cmudict_text;
		if (e->hash == h && e->len == n && same_bytes(text + e->off, p, n))
			return e;
	}
}

/* Lines "word\tN\n" (CMUdict) or "word\n" (easy words). */
static void add_words(const char *text, bool easy)
{
	for (const char *p = text; *p;) {
		const char *end = p + strcspn(p, easy ? "\n" : "\t");
		size_t n = (size_t)(end - p);
		uint32_t h = word_hash(p, n);
		struct entry *e = find_word(p, n, h);
		if (!e->hash)
			*e = (struct entry){ h, (uint32_t)(p - text), (uint16_t)n, 0,
					     easy ? IN_EASY_TEXT : 0 };
		if (easy) {
			e->flags |= EASY;
		} else {
			e->flags |= IN_CMUDICT;
			e->syllables = (uint8_t)strtoul(end + 1, (char **)&end, 10);
		}
		p = end + 1;
	}
}

static void build_tables(void)
{
	size_t slots = 16;
	while (slots < ((size_t)rd_cmudict_words + rd_easy_words_words) * 2)
		slots *= 2;
	word_table.mask = slots - 1;
	word_table.slots = ds_calloc(slots, sizeof *word_table.slots);
	add_words(rd_cmudict_text, false);
	add_words(rd_easy_words_text, true);
}

static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

bool rd_easy_word(const char *lower, size_t n)
{
	pthread_once(&tables_once, build_tables);
	return find_word(lower, n, word_hash(lower, n))->flags & EASY;
}

/* --- languages ------------------------------------------------------------------ */

/* textstat's LANG_CONFIGS; a root it does not list uses "en". */
static const struct lang_config {
	const char *root;
	bool has_fre;
	double fre_base, fre_sentence_length, fre_syll_per_word;
	bool has_threshold;
	unsigned syllable_threshold;
} lang_configs[] = {
	{ "en", true, 206.835, 1.015, 84.6, true, 3 },
	{ "de", true, 180, 1, 58.5, false, 0 },
	{ "es", true, 206.84, 1.02, 60.0, false, 0 },
	{ "fr", true, 207, 1.015, 73.6, false, 0 },
	{ "it", true, 217, 1.3, 60.0, false, 0 },
	{ "nl", true, 206.835, 0.93, 77, false, 0 },
	{ "pl", false, 0, 0, 0, true, 4 },
	{ "ru", true, 206.835, 1.3, 60.1, false, 0 },
	{ "hu", true, 206.835, 1.015, 58.5, true, 5 },
};

int rd_lang_open(struct rd_lang *l, const char *lang, const char *hyph_dir, struct ds_buf *err)
{
	memset(l, 0, sizeof *l);
	size_t rootlen = strcspn(lang, "_");
	if (!*lang || strlen(lang) >= sizeof l->name || rootlen >= sizeof l->root) {
		ds_buf_printf(err, "'%s' is not a language name", lang);
		return -1;
	}
	strcpy(l->name, lang);
	memcpy(l->root, lang, rootlen);
	const struct lang_config *cfg = &lang_configs[0];
	for (size_t i = 0; i < sizeof lang_configs / sizeof *lang_configs; i++)
		if (!strcmp(lang_configs[i].root, l->root))
			cfg = &lang_configs[i];
	l->has_fre = cfg->has_fre;
	l->fre_base = cfg->fre_base;
	l->fre_sentence_length = cfg->fre_sentence_length;
	l->fre_syll_per_word = cfg->fre_syll_per_word;
	l->has_threshold = cfg->has_threshold;
	l->syllable_threshold = cfg->syllable_threshold;
	l->cmudict = !strcmp(l->root, "en");
	/* textstat ships easy words for en and es and falls back to en for the
	 * rest; the Spanish list is not compiled in. */
	l->has_easy_words = strcmp(l->root, "es") != 0;

	struct ds_buf path = { 0 };
	if (rd_hyph_find(hyph_dir, lang, &path)) {
		ds_buf_printf(err, "no hyphenation patterns for '%s' in %s (Debian: hyphen-%s)",
			      lang, hyph_dir, l->root);
		ds_buf_free(&path);
		return -1;
	}
	l->hyph = rd_hyph_load(ds_buf_cstr(&path), err);
	ds_buf_free(&path);
	if (!l->hyph)
		return -1;
	pthread_once(&tables_once, build_tables);
	return 0;
}

void rd_lang_close(struct rd_lang *l)
{
	rd_hyph_free(l->hyph);
	l->hyph = NULL;
}

void rd_work_free(struct rd_work *w)
{
	free(w->cache);
	ds_buf_free(&w->word);
	ds_buf_free(&w->lower);
	rd_hyph_scratch_free(&w->hs);
	free(w->seen);
}

/* --- words ------------------------------------------------------------------------- */

/* CMUdict for English, else (and for words it lacks) hyphenation points + 1. */
static unsigned syllables(const struct rd_lang *l, struct rd_work *w, const struct entry *e,
			  const char *lower, size_t n)
{
	if (l->cmudict && e->flags & IN_CMUDICT)
		return e->syllables;
	return rd_hyph_count(l->hyph, lower, n, &w->hs) + 1;
}

unsigned rd_syllables(const struct rd_lang *l, struct rd_work *w, const char *lower, size_t n)
{
	pthread_once(&tables_once, build_tables);
	return syllables(l, w, find_word(lower, n, word_hash(lower, n)), lower, n);
}

/* FNV-1a over the lower-case bytes: rd_analyze computes it while it copies
 * them, so the cache needs no second pass over the word. */
#define WORD_HASH_BASIS UINT64_C(0xcbf29ce484222325)
#define WORD_HASH_STEP(h, byte) (((h) ^ (unsigned char)(byte)) * UINT64_C(0x100000001b3))

/* Syllables and easiness of a lower-case word, through the per-thread cache. */
static unsigned lookup(const struct rd_lang *l, struct rd_work *w, const char *lower, size_t n,
		       uint64_t h, bool *easy)
{
	struct rd_cached *e = NULL;
	if (n < RD_CACHE_WORD) {
		if (!w->cache)
			w->cache = ds_calloc(RD_CACHE_SLOTS, sizeof *w->cache);
		/* two ways per set, the most recent first */
		struct rd_cached *set = &w->cache[h & (RD_CACHE_SLOTS - 2)];
		for (int way = 0; way < 2; way++)
			if (set[way].len == n && set[way].hash == h && same_bytes(set[way].word, lower, n)) {
				*easy = set[way].easy;
				return set[way].syllables;
			}
		set[1] = set[0];
		e = &set[0];
	}
	const struct entry *found = find_word(lower, n, word_hash(lower, n));
	unsigned syl = syllables(l, w, found, lower, n);
	*easy = found->flags & EASY;
	if (e && syl < 256) {
		e->hash = h;
		e->len = (uint8_t)n;
		e->syllables = (uint8_t)syl;
		e->easy = *easy;
		memcpy(e->word, lower, n);
	}
	return syl;
}

/* Note a difficult word's 64-bit hash; rd_analyze counts the distinct ones. */
static void seen_add(struct rd_work *w, size_t *used, uint64_t h)
{
	if (*used == w->seen_cap) {
		w->seen_cap = w->seen_cap ? w->seen_cap * 2 : 256;
		w->seen = ds_reallocarray(w->seen, w->seen_cap, sizeof *w->seen);
	}
	w->seen[(*used)++] = h;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Osman's faseeh test of one word with only its \w characters (textstat's
 * list_words(rm_apostrophe=True)): count_arabic_syllables(word) > 5, which for
 * such a word is len(word) - alefs - 2 (its tashkeel were deleted), and one of
 * the faseeh letters or the pairs waw+alef, waw+noon. */
static bool faseeh_word(const char *p, size_t n)
{
	size_t len = 0, alefs = 0, faseeh = 0;
	uint32_t prev = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += (size_t)ds_utf8_decode(p + i, &cp);
		if (cp == '\'')
			continue;
		len++;
		if (cp == 0x0627 || cp == 0x0649)
			alefs++;
		if (cp == 0x0626 || cp == 0x0621 || cp == 0x0624 || cp == 0x0630 || cp == 0x0638)
			faseeh++;
		if (prev == 0x0648 && (cp == 0x0627 || cp == 0x0646)) {
			faseeh++;
			cp = 0;		/* re.findall does not overlap matches */
		}
		prev = cp;
	}
	return len - alefs > 7 && faseeh > 0;
}

/* count_arabic_syllables(text): textstat compares each character with a
 * six-character raw string, so no vowel is ever found and the count is always
 * its fallback: the length of the text without alef, alef maksura, "?.!,*"
 * and white space, minus 2, plus twice the tanween and shadda marks. */
static uint64_t arabic_syllables(const char *text, size_t n)
{
	int64_t kept = 0, stress = 0;
	for (size_t i = 0; i < n;) {
		unsigned char ch = (unsigned char)text[i];
		if (ch < 0x80) {
			i++;
			kept += !(ch == '?' || ch == '.' || ch == '!' || ch == ',' || ch == '*' || ch == ' '
				  || (ch >= 0x09 && ch <= 0x0d) || (ch >= 0x1c && ch <= 0x1f));
			continue;
		}
		uint32_t cp;
		i += (size_t)ds_utf8_decode(text + i, &cp);
		if (cp == 0x064b || cp == 0x064c || cp == 0x064d || cp == 0x0651)
			stress++;
		if (!(cp == 0x0627 || cp == 0x0649 || cp == '?' || cp == '.' || cp == '!'
		      || cp == ',' || cp == '*' || ds_uc_is_space(cp)))
			kept++;
	}
	return (uint64_t)(kept - 2 + 2 * stress);
}

/* --- one pass over the text ------------------------------------------------------ */

static inline bool is_ascii_word(char c)
{
	unsigned ch = (unsigned char)c;
	return (ch | 0x20u) - 'a' < 26u || ch - '0' < 10u || ch == '_';
}

/* What textstat's regular expressions see in a character. */
enum { K_SPACE = 1, K_WORD = 2, K_STOP = 4, K_APOS = 8 };

static inline unsigned kind(const char *p, uint32_t *cp, int *len)
{
	unsigned char ch = (unsigned char)*p;
	if (ch < 0x80) {
		*cp = ch;
		*len = 1;
		if (ch == ' ' || (ch >= 0x09 && ch <= 0x0d) || (ch >= 0x1c && ch <= 0x1f))
			return K_SPACE;
		if (is_ascii_word((char)ch))
			return K_WORD;
		return ch == '.' || ch == '!' || ch == '?' ? K_STOP : ch == '\'' ? K_APOS : 0;
	}
	*len = ds_utf8_decode(p, cp);
	return ds_uc_is_space(*cp) ? K_SPACE : ds_uc_is_word(*cp) ? K_WORD : 0;
}

/* count_sentences: re.findall(r"\b[^.!?]+[.!?]*", text). A piece starts at a
 * \w character (the only place a word boundary can open one outside a piece),
 * runs to the next . ! or ?, and takes the run of them. A piece of at most 2
 * words (count_words of the piece) is dropped; the count is
 * max(1, pieces - dropped), 0 for "". Fed one character at a time. */
struct sentences {
	enum { OUTSIDE, BODY, ENDING } state;
	bool in_token, token_kept;	/* a white-space token of the piece, with a kept character */
	uint64_t words, pieces, dropped;
};

static inline void piece_token_end(struct sentences *s)
{
	if (s->in_token && s->token_kept)
		s->words++;
	s->in_token = s->token_kept = false;
}

static inline void sentences_step(struct sentences *s, unsigned k, bool kept)
{
	if (s->state == ENDING && !(k & K_STOP)) {
		piece_token_end(s);
		s->dropped += s->words <= 2;
		s->state = OUTSIDE;
	}
	if (s->state == OUTSIDE) {
		if (!(k & K_WORD))
			return;
		s->state = BODY;
		s->pieces++;
		s->words = 0;
	}
	if (s->state == BODY && k & K_STOP)
		s->state = ENDING;
	if (k & K_SPACE) {
		piece_token_end(s);
	} else {
		s->in_token = true;
		s->token_kept |= kept;
	}
}

static uint64_t sentences_end(struct sentences *s, size_t n)
{
	if (!n)
		return 0;
	if (s->state != OUTSIDE) {
		piece_token_end(s);
		s->dropped += s->words <= 2;
	}
	return s->pieces - s->dropped > 1 ? s->pieces - s->dropped : 1;
}

/* A white-space token has ended: count it, and its word if it has one. */
static void token_end(const struct rd_lang *l, struct rd_work *w, unsigned need,
		      struct rd_counts *c, const char *word, size_t len, bool ascii,
		      uint64_t hash, size_t word_chars, size_t *unique_used)
{
	c->tokens++;
	c->letters += word_chars;
	if (word_chars)
		c->by_len[word_chars < RD_LEN_BINS ? word_chars : RD_LEN_BINS - 1]++;
	if (!len)
		return;
	if (!ascii) {
		/* rd_analyze lower-cased ASCII only: fold the whole word */
		ds_buf_reset(&w->lower);
		ds_fold_case(word, len, &w->lower);
		for (size_t i = 0; i < len;) {
			uint32_t cp;
			i += (size_t)ds_utf8_decode(word + i, &cp);
			if (ds_uc_is_cjk(cp)) {
				c->cjk_words++;
				break;
			}
		}
		if (need & RD_NEED_OSMAN)
			c->ar_faseeh += faseeh_word(word, len);
		hash = WORD_HASH_BASIS;
		for (size_t i = 0; i < w->lower.len; i++)
			hash = WORD_HASH_STEP(hash, w->lower.data[i]);
	}
	bool easy;
	unsigned syl = lookup(l, w, w->lower.data, w->lower.len, hash, &easy);
	c->words++;
	c->syllables += syl;
	c->polysyllables += syl >= 3;
	c->monosyllables += syl == 1;
	if (syl >= 3)
		c->lw_hard++;
	else if (syl > 0)
		c->lw_easy++;
	if (c->words <= 100) {
		c->lw_hard100 = c->lw_hard;
		c->lw_easy100 = c->lw_easy;
	}
	if (!easy) {
		c->not_easy++;
		if (syl >= 2) {
			c->difficult++;
			if (need & RD_NEED_UNIQUE)
				seen_add(w, unique_used, ds_hash64(word, len, 0));
		}
		if (l->has_threshold && syl >= l->syllable_threshold)
			c->difficult_fog++;
	}
}

/* textstat's words (see common/tok-textstat.c, whose rule this loop repeats
 * so that words and sentences come out of one pass over the characters). */
void rd_analyze(const struct rd_lang *l, struct rd_work *w, const char *text, size_t n,
		unsigned need, struct rd_counts *c)
{
	const char *end = text + n;
	struct sentences s = { 0 };
	size_t unique_used = 0;	/* difficult words noted in w->seen */
	bool lw_cut = false;	/* the 100th word is behind: lw_sentences100 is set */
	bool in_token = false, ascii = true;
	size_t word_chars = 0;
	uint64_t hash = WORD_HASH_BASIS;

	memset(c, 0, sizeof *c);
	c->nbytes = n;
	ds_buf_reset(&w->word);
	ds_buf_reset(&w->lower);
	ds_buf_grow(&w->word, n);
	ds_buf_grow(&w->lower, n);
	char *word = w->word.data, *lower = w->lower.data;
	size_t len = 0;
	for (const char *p = text; p < end;) {
		uint32_t cp;
		int clen;
		unsigned k = kind(p, &cp, &clen);
		bool kept = k & K_WORD || (k & K_APOS && ds_textstat_apostrophe_kept(p + 1, end));
		if (k & K_SPACE) {
			if (in_token) {
				w->lower.len = len;
				token_end(l, w, need, c, word, len, ascii, hash, word_chars,
					  &unique_used);
				if (c->words == 100 && !lw_cut) {
					/* Linsear Write's strict_upper reads the white-space
					 * tokens up to the 100th word, joined by spaces: the
					 * sentences of the text up to here. */
					struct sentences upto = s;
					c->lw_sentences100 = sentences_end(&upto, (size_t)(p - text));
					lw_cut = true;
				}
				lower = w->lower.data;
				in_token = false;
			}
			sentences_step(&s, k, false);
			p += clen;
			continue;
		}
		sentences_step(&s, k, kept);
		if (!in_token) {
			in_token = true;
			ascii = true;
			len = word_chars = 0;
			hash = WORD_HASH_BASIS;
		}
		c->chars++;
		if (kept) {
			if (cp < 0x80) {
				word[len] = (char)cp;
				lower[len] = (char)((unsigned)cp - 'A' < 26u ? cp + 32 : cp);
				hash = WORD_HASH_STEP(hash, lower[len]);
				len++;
				if (k & K_WORD) {
					/* The rest of an ASCII \w run changes no sentence
					 * state: copy it in a tight loop. */
					const char *q = p + 1;
					while (q < end && is_ascii_word(*q)) {
						unsigned ch = (unsigned char)*q++;
						word[len] = (char)ch;
						lower[len] = (char)(ch - 'A' < 26u ? ch + 32 : ch);
						hash = WORD_HASH_STEP(hash, lower[len]);
						len++;
					}
					c->chars += (size_t)(q - p - 1);
					word_chars += (size_t)(q - p - 1);
					clen += (int)(q - p - 1);
				}
			} else {
				memcpy(word + len, p, (size_t)clen);
				len += (size_t)clen;
				ascii = false;
			}
			word_chars += !(k & K_APOS);
		}
		p += clen;
	}
	if (in_token) {
		w->lower.len = len;
		token_end(l, w, need, c, word, len, ascii, hash, word_chars, &unique_used);
	}
	if (unique_used) {
		qsort(w->seen, unique_used, sizeof *w->seen, cmp_u64);
		for (size_t i = 0; i < unique_used; i++)
			c->difficult_unique += !i || w->seen[i] != w->seen[i - 1];
	}
	c->sentences = sentences_end(&s, n);
	if (!lw_cut)
		c->lw_sentences100 = c->tokens ? c->sentences : 0;
	if (need & RD_NEED_OSMAN) {
		c->ar_syllables = arabic_syllables(text, n);
		for (size_t i = 6; i < RD_LEN_BINS; i++)
			c->ar_long += c->by_len[i];
	}
}

/* --- formulas ---------------------------------------------------------------------- */

const char *const rd_metric_names[RD_NMETRICS] = {
	"flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index",
	"coleman_liau_index", "automated_readability_index", "dale_chall_readability_score",
	"linsear_write_formula", "spache_readability", "dale_chall_readability_score_v2",
	"lix", "rix", "text_standard", "mcalpine_eflaw", "reading_time", "fernandez_huerta",
	"szigriszt_pazos", "gutierrez_polini", "crawford", "gulpease_index", "osman",
	"wiener_sachtextformel", "words_per_sentence", "syllables_per_word",
	"letters_per_word", "chars_per_word", "sentences_per_word",
	"words", "sentences", "syllables", "polysyllables", "monosyllables",
	"difficult_words", "letters", "chars", "tokens", "long_words", "miniwords",
};

const struct rd_params rd_default_params = { false, true, 14.69, 1, 6, 3 };

/* a / b of two counts, 0.0 when b is 0 (textstat's ZeroDivisionError guard). */
static double ratio(uint64_t a, uint64_t b)
{
	return b ? (double)a / (double)b : 0.0;
}

static uint64_t long_words(const struct rd_counts *c, unsigned threshold)
{
	uint64_t k = 0;
	for (unsigned i = threshold + 1; i < RD_LEN_BINS; i++)
		k += c->by_len[i];
	return k;
}

static uint64_t miniwords(const struct rd_counts *c, unsigned max)
{
	uint64_t k = 0;
	for (unsigned i = 1; i <= max && i < RD_LEN_BINS; i++)
		k += c->by_len[i];
	return k;
}

static double linsear_write(const struct rd_counts *c, const struct rd_params *p)
{
	uint64_t easy = c->lw_easy, hard = c->lw_hard, words = c->words;
	uint64_t sentences = c->tokens ? c->sentences : 0;
	if (p->lw_strict_upper && c->tokens > 100) {
		easy = c->lw_easy100;
		hard = c->lw_hard100;
		words = c->words < 100 ? c->words : 100;
		sentences = c->lw_sentences100;
	}
	if (p->lw_strict_lower && words < 100)
		return 0.0;
	if (!sentences)
		return 0.0;
	double number = (double)(easy * 1 + hard * 3) / (double)sentences;
	if (number <= 20)
		number -= 2;
	return number / 2;
}

/* math.floor, math.ceil and round (half to even) of each score, then the most
 * common value, the first one seen on a tie (Counter.most_common). */
static double text_standard(const struct rd_counts *c, const struct rd_lang *l,
			    const struct rd_params *p)
{
	static const enum rd_metric graded[] = {
		RD_FLESCH_KINCAID_GRADE, RD_SMOG_INDEX, RD_COLEMAN_LIAU_INDEX,
		RD_AUTOMATED_READABILITY_INDEX, RD_DALE_CHALL, RD_LINSEAR_WRITE, RD_GUNNING_FOG,
	};
	double grades[32];
	size_t n = 0;
	for (size_t i = 0; i < sizeof graded / sizeof *graded; i++) {
		struct rd_params lw = *p;
		lw.lw_strict_lower = false;
		lw.lw_strict_upper = true;
		double s = rd_metric(graded[i], c, l, &lw);
		if (isnan(s))
			return NAN;
		grades[n++] = floor(s);
		grades[n++] = ceil(s);
		grades[n++] = nearbyint(s);
		if (i == 0) {
			/* Flesch reading ease comes second, as a band. */
			double fre = rd_metric(RD_FLESCH_READING_EASE, c, l, p);
			if (isnan(fre))
				return NAN;
			if (fre < 100 && fre >= 90) grades[n++] = 5;
			else if (fre < 90 && fre >= 80) grades[n++] = 6;
			else if (fre < 80 && fre >= 70) grades[n++] = 7;
			else if (fre < 70 && fre >= 60) { grades[n++] = 8; grades[n++] = 9; }
			else if (fre < 60 && fre >= 50) grades[n++] = 10;
			else if (fre < 50 && fre >= 40) grades[n++] = 11;
			else if (fre < 40 && fre >= 30) grades[n++] = 12;
			else grades[n++] = 13;
		}
	}
	size_t best = 0, best_count = 0;
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;
		for (size_t j = 0; j < n; j++)
			k += grades[j] == grades[i];
		if (k > best_count) {
			best = i;
			best_count = k;
		}
	}
	return grades[best];
}

double rd_metric(enum rd_metric m, const struct rd_counts *c, const struct rd_lang *l,
		 const struct rd_params *p)
{
	double wps = ratio(c->words, c->sentences);
	double spw = ratio(c->syllables, c->words);
	switch (m) {
	case RD_FLESCH_READING_EASE:
		if (!l->has_fre)
			return NAN;
		if (wps == 0 || spw == 0)
			return 0.0;
		return l->fre_base - l->fre_sentence_length * wps - l->fre_syll_per_word * spw;
	case RD_FLESCH_KINCAID_GRADE:
		if (wps == 0 || spw == 0)
			return 0.0;
		return (0.39 * wps) + (11.8 * spw) - 15.59;
	case RD_GUNNING_FOG:
		if (!l->has_threshold || !l->has_easy_words)
			return NAN;
		if (!c->words)
			return 0.0;
		return 0.4 * (wps + (double)(100 * c->difficult_fog) / (double)c->words);
	case RD_SMOG_INDEX:
		if (!c->sentences)
			return 0.0;
		return (1.043 * pow(30 * ((double)c->polysyllables / (double)c->sentences), 0.5))
		       + 3.1291;
	case RD_COLEMAN_LIAU_INDEX: {
		double letters = ratio(c->letters, c->words) * 100;
		double sentences = ratio(c->sentences, c->words) * 100;
		if (letters == 0 || sentences == 0)
			return 0.0;
		return (0.058 * letters) - (0.296 * sentences) - 15.8;
	}
	case RD_AUTOMATED_READABILITY_INDEX: {
		double cpw = ratio(c->chars, c->tokens);
		if (cpw == 0 || wps == 0)
			return 0.0;
		return (4.71 * cpw) + (0.5 * wps) - 21.43;
	}
	case RD_DALE_CHALL: {
		if (!l->has_easy_words)
			return NAN;
		if (!c->words)
			return 0.0;
		double pdw = (double)(100 * c->not_easy) / (double)c->words;
		double score = (0.1579 * pdw) + (0.0496 * wps);
		if (pdw > 5)
			score += 3.6365;
		return score;
	}
	case RD_LINSEAR_WRITE:
		return linsear_write(c, p);
	case RD_SPACHE:
		if (!l->has_easy_words)
			return NAN;
		if (!c->words)
			return 0.0;
		return (0.141 * wps) + (0.086 * ((double)(100 * c->difficult) / (double)c->words))
		       + 0.839;
	case RD_DALE_CHALL_V2: {
		if (!l->has_easy_words)
			return NAN;
		if (!c->words)
			return 0.0;
		double pdw = (double)(100 * c->difficult) / (double)c->words;
		double raw = 0.1579 * pdw + 0.0496 * wps;
		return raw > 0.05 ? raw + 3.6365 : raw;
	}
	case RD_LIX:
		if (!c->words)
			return 0.0;
		return wps + (double)(100 * long_words(c, p->long_threshold)) / (double)c->words;
	case RD_RIX:
		return ratio(long_words(c, p->long_threshold), c->sentences);
	case RD_TEXT_STANDARD:
		return text_standard(c, l, p);
	case RD_MCALPINE_EFLAW:
		return ratio(c->words + miniwords(c, p->mini_max), c->sentences);
	case RD_READING_TIME:
		return p->ms_per_char * (double)c->chars / 1000;
	case RD_FERNANDEZ_HUERTA:
		if (wps == 0 || spw == 0)
			return 0.0;
		return 206.84 - (60 * spw) - (1.02 * wps);
	case RD_SZIGRISZT_PAZOS:
		if (!l->has_fre)
			return NAN;
		if (!c->words || !c->sentences)
			return 0.0;
		return l->fre_base - 62.3 * ((double)c->syllables / (double)c->words)
		       - ((double)c->words / (double)c->sentences);
	case RD_GUTIERREZ_POLINI: {
		double lpw = ratio(c->letters, c->words);
		if (lpw == 0 || wps == 0)
			return 0.0;
		return 95.2 - 9.7 * lpw - 0.35 * wps;
	}
	case RD_CRAWFORD: {
		double sentences = 100 * ratio(c->sentences, c->words);
		double syllables = 100 * spw;
		if (sentences == 0 || syllables == 0)
			return 0.0;
		return -0.205 * sentences + 0.049 * syllables - 3.407;
	}
	case RD_GULPEASE: {
		double sentences = ratio(c->sentences, c->words);
		double chars = ratio(c->chars, c->tokens);
		if (sentences == 0 || chars == 0)
			return 0.0;
		return (300 * sentences) - (10 * chars) + 89;
	}
	case RD_OSMAN: {
		if (!c->words)
			return 0.0;
		/* Complex words need more than 5 tashkeel, which textstat has
		 * already deleted with the punctuation: the rate is always 0. */
		double complex_rate = 0.0 / (double)c->words;
		double long_rate = (double)c->ar_long / (double)c->words;
		double syllable_rate = (double)c->ar_syllables / (double)c->words;
		double faseeh_rate = (double)c->ar_faseeh / (double)c->words;
		return 200.791 - (1.015 * wps)
		       - (24.181 * (complex_rate + syllable_rate + faseeh_rate + long_rate));
	}
	case RD_WIENER_SACHTEXTFORMEL: {
		if (!c->nbytes)
			return 0.0;
		if (!c->words)
			return NAN;	/* textstat divides by zero */
		double words = (double)c->words;
		double ms = 100 * (double)c->polysyllables / words;
		double iw = 100 * (double)long_words(c, 6) / words;
		double es = 100 * (double)c->monosyllables / words;
		switch (p->wstf_variant) {
		case 1: return (0.1935 * ms) + (0.1672 * wps) + (0.1297 * iw) - (0.0327 * es) - 0.875;
		case 2: return (0.2007 * ms) + (0.1682 * wps) + (0.1373 * iw) - 2.779;
		case 3: return (0.2963 * ms) + (0.1905 * wps) - 1.1144;
		default: return (0.2744 * ms) + (0.2656 * wps) - 1.693;
		}
	}
	case RD_WORDS_PER_SENTENCE: return wps;
	case RD_SYLLABLES_PER_WORD: return spw;
	case RD_LETTERS_PER_WORD: return ratio(c->letters, c->words);
	case RD_CHARS_PER_WORD: return ratio(c->chars, c->tokens);
	case RD_SENTENCES_PER_WORD: return ratio(c->sentences, c->words);
	case RD_WORDS: return (double)c->words;
	case RD_SENTENCES: return (double)c->sentences;
	case RD_SYLLABLES: return (double)c->syllables;
	case RD_POLYSYLLABLES: return (double)c->polysyllables;
	case RD_MONOSYLLABLES: return (double)c->monosyllables;
	case RD_DIFFICULT_WORDS: return l->has_easy_words ? (double)c->difficult_unique : NAN;
	case RD_LETTERS: return (double)c->letters;
	case RD_CHARS: return (double)c->chars;
	case RD_TOKENS: return (double)c->tokens;
	case RD_LONG_WORDS: return (double)long_words(c, p->long_threshold);
	case RD_MINIWORDS: return (double)miniwords(c, p->mini_max);
	case RD_NMETRICS: break;
	}
	return NAN;
}
