/* rules.c: datatrove's Gopher, C4 and FineWeb rules, every statistic computed.
 *
 * Ratios are one float64 division, compared with datatrove's strict < or >,
 * so a ratio exactly on a threshold passes as it does there. Lengths are
 * Python lengths (code points). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "pyuc.h"
#include "rules.h"
#include "util.h"
#include "tables.h"

const char *const dsq_c4_labels[] = {
	"kept", "too_long_word", "no_terminal_punc", "too_few_words", "lorem_ipsum",
	"javascript", "curly_bracket", "policy"
};

void dsq_params_default(struct dsq_params *p)
{
	memset(p, 0, sizeof *p);
	p->gq_min_doc_words = 50;
	p->gq_max_doc_words = 100000;
	p->gq_min_avg_word_length = 3;
	p->gq_max_avg_word_length = 10;
	p->gq_max_symbol_word_ratio = 0.1;
	p->gq_max_bullet_lines_ratio = 0.9;
	p->gq_max_ellipsis_lines_ratio = 0.3;
	p->gq_min_alpha_words_ratio = 0.8;
	p->gq_min_stop_words = 2;
	p->gr_dup_line_frac = 0.3;
	p->gr_dup_para_frac = 0.3;
	p->gr_dup_line_char_frac = 0.2;
	p->gr_dup_para_char_frac = 0.2;
	p->gr_top_ngram[2] = 0.2;
	p->gr_top_ngram[3] = 0.18;
	p->gr_top_ngram[4] = 0.16;
	for (int n = 5; n <= 10; n++)
		p->gr_dup_ngram[n] = (20 - n) / 100.0;
	p->c4_min_num_sentences = 5;
	p->c4_min_words_per_line = 3;
	p->c4_max_word_length = 1000;
	p->c4_terminal_punct = p->c4_remove_citations = p->c4_lorem_ipsum = true;
	p->c4_javascript = p->c4_curly_bracket = p->c4_policy = true;
	p->fw_line_punct_thr = 0.12;
	p->fw_short_line_thr = 0.67;
	p->fw_short_line_length = 30;
	p->fw_char_dup_ratio = 0.01;
	p->fw_new_line_ratio = 0.3;
}

/* --- scratch: a reusable hash table and span lists ------------------------ */

struct slot {
	uint64_t h;
	uint32_t key;		/* element index + 1 */
	uint32_t count;
	uint32_t stamp;		/* in use when equal to the table's stamp */
};

struct span { const char *p; uint32_t len, cplen; };

struct dsq_scratch {
	struct slot *tab;
	size_t cap, mask;	/* allocated slots; the slots in use - 1 */
	int shift;		/* 64 - log2(slots in use) */
	uint32_t stamp;		/* bumped to empty the table without clearing it */
	struct span *spans;
	size_t nspans, cap_spans;
	/* str.splitlines() of the record's text, computed once for the rules */
	const char *text;
	size_t text_n;
	bool lines_ok;
	struct span *lines;
	size_t nlines, cap_lines;
	struct slot **order;	/* top n-grams, in order of first occurrence */
	size_t cap_order;
	/* Prefix hashes over the words, so that any n-gram's key costs O(1):
	 * cat[k] is the polynomial hash of the bytes of words 0..k-1, pw[k]
	 * and ipw[k] are HB and its inverse to the power of their length, and
	 * seq[k] hashes the sequence of the words' own hashes. */
	uint64_t *cat, *pw, *ipw, *seq;
	uint64_t seq_pow[11];	/* PHI64^n */
	uint64_t hb_inv;	/* HB's inverse modulo 2^64 */
	size_t cap_w;
	struct ds_buf line, lower, words_buf;
	struct dsq_toks toks;
	size_t line_words;	/* len(line.split()) of the C4 line */
};

#define HB 0x100000001B3ULL	/* odd: the byte hash base */
/* 2^64 / golden ratio, odd: the word-sequence hash base, and the table's
 * multiplier */
#define PHI64 0x9E3779B97F4A7C15ULL

struct dsq_scratch *dsq_scratch_new(void)
{
	struct dsq_scratch *s = ds_calloc(1, sizeof *s);
	/* Newton's iteration: each step doubles the correct low bits */
	s->hb_inv = HB;
	for (int k = 0; k < 5; k++)
		s->hb_inv *= 2 - HB * s->hb_inv;
	return s;
}

void dsq_scratch_free(struct dsq_scratch *s)
{
	if (!s)
		return;
	free(s->tab);
	free(s->spans);
	free(s->lines);
	free(s->order);
	free(s->cat);
	free(s->pw);
	free(s->ipw);
	free(s->seq);
	ds_buf_free(&s->line);
	ds_buf_free(&s->lower);
	ds_buf_free(&s->words_buf);
	dsq_toks_free(&s->toks);
	free(s);
}

void dsq_scratch_text(struct dsq_scratch *s, const char *text, size_t n)
{
	s->text = text;
	s->text_n = n;
	s->lines_ok = false;
}

void dsq_words_push(struct dsq_words *w, const char *p, uint32_t len, bool ascii)
{
	if (w->n == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 256;
		w->p = ds_reallocarray(w->p, w->cap, sizeof *w->p);
		w->len = ds_reallocarray(w->len, w->cap, sizeof *w->len);
		w->cplen = ds_reallocarray(w->cplen, w->cap, sizeof *w->cplen);
	}
	w->p[w->n] = p;
	w->len[w->n] = len;
	uint32_t cplen = len;
	if (!ascii && len < 16) {	/* most words: count the continuation bytes here */
		for (uint32_t i = 0; i < len; i++)
			cplen -= ((unsigned char)p[i] & 0xC0) == 0x80;
	} else if (!ascii) {
		cplen = (uint32_t)pyuc_len(p, len);
	}
	w->cplen[w->n] = cplen;
	w->n++;
}

void dsq_words_free(struct dsq_words *w)
{
	free(w->p);
	free(w->len);
	free(w->cplen);
	memset(w, 0, sizeof *w);
}

static void table_reset(struct dsq_scratch *s, size_t n)
{
	size_t want = 16;
	int bits = 4;
	while (want < 2 * n) {
		want *= 2;
		bits++;
	}
	if (want > s->cap || s->stamp == UINT32_MAX) {
		free(s->tab);
		s->tab = ds_calloc(want > s->cap ? want : s->cap, sizeof *s->tab);
		s->cap = want > s->cap ? want : s->cap;
		s->stamp = 0;
	}
	s->stamp++;
	s->mask = want - 1;
	s->shift = 64 - bits;
}

/* Find or insert element key (hash h); eq(ctx, a, b) compares elements. */
static struct slot *table_get(struct dsq_scratch *s, uint64_t h, uint32_t key,
			      bool (*eq)(const void *, uint32_t, uint32_t), const void *ctx)
{
	size_t mask = s->mask;
	/* the polynomial hashes are weak in their low bits: take the top bits
	 * of a Fibonacci hash */
	for (size_t i = (size_t)((h * PHI64) >> s->shift);; i = (i + 1) & mask) {
		struct slot *sl = &s->tab[i];
		if (sl->stamp != s->stamp) {
			sl->stamp = s->stamp;
			sl->h = h;
			sl->key = key + 1;
			sl->count = 0;
			return sl;
		}
		if (sl->h == h && eq(ctx, sl->key - 1, key))
			return sl;
	}
}

static uint64_t bytes_hash(const char *p, size_t n)
{
	uint64_t h = 0;
	for (size_t i = 0; i < n; i++)
		h = h * HB + (unsigned char)p[i] + 1;
	return h;
}

static void span_push(struct dsq_scratch *s, const char *p, size_t len)
{
	if (s->nspans == s->cap_spans) {
		s->cap_spans = s->cap_spans ? 2 * s->cap_spans : 64;
		s->spans = ds_reallocarray(s->spans, s->cap_spans, sizeof *s->spans);
	}
	s->spans[s->nspans].p = p;
	s->spans[s->nspans].len = (uint32_t)len;
	s->spans[s->nspans].cplen = (uint32_t)pyuc_len(p, len);
	s->nspans++;
}

static bool span_eq(const void *ctx, uint32_t a, uint32_t b)
{
	const struct span *v = ctx;
	return v[a].len == v[b].len && memcmp(v[a].p, v[b].p, v[a].len) == 0;
}

/* gopher_repetition_filter.find_duplicates over s->spans. */
static void find_duplicates(struct dsq_scratch *s, size_t *dups, size_t *dup_chars)
{
	table_reset(s, s->nspans);
	*dups = *dup_chars = 0;
	for (size_t i = 0; i < s->nspans; i++) {
		struct slot *sl = table_get(s, bytes_hash(s->spans[i].p, s->spans[i].len),
					    (uint32_t)i, span_eq, s->spans);
		if (sl->count++) {
			(*dups)++;
			*dup_chars += s->spans[i].cplen;
		}
	}
}

/* --- Gopher quality ------------------------------------------------------ */

/* The first occurrence of sub[0..k) in p[0..n): memchr finds its byte at
 * anchor (pick a rare one), then the rest is compared. */
static const char *find_at(const char *p, size_t n, const char *sub, size_t k, size_t anchor)
{
	if (n < k)
		return NULL;
	const char *end = p + n, *q = p + anchor;
	while (q < end && (q = memchr(q, sub[anchor], (size_t)(end - q))) != NULL) {
		const char *start = q - anchor;
		if ((size_t)(end - start) < k)
			return NULL;
		if (memcmp(start, sub, k) == 0)
			return start;
		q++;
	}
	return NULL;
}

static size_t count_sub(const char *p, size_t n, const char *sub)
{
	size_t k = strlen(sub), count = 0;
	const char *end = p + n;
	while ((size_t)(end - p) >= k) {
		const char *hit = find_at(p, (size_t)(end - p), sub, k, 0);
		if (!hit)
			break;
		count++;
		p = hit + k;
	}
	return count;
}

static void line_push(struct dsq_scratch *s, const char *p, size_t len)
{
	if (s->nlines == s->cap_lines) {
		s->cap_lines = s->cap_lines ? 2 * s->cap_lines : 64;
		s->lines = ds_reallocarray(s->lines, s->cap_lines, sizeof *s->lines);
	}
	s->lines[s->nlines].p = p;
	s->lines[s->nlines].len = (uint32_t)len;
	s->nlines++;
}

/* str.splitlines() into s->lines, kept while text is the record's text. */
static void splitlines(struct dsq_scratch *s, const char *text, size_t n)
{
	bool record_text = text == s->text && n == s->text_n;
	if (record_text && s->lines_ok)
		return;
	s->lines_ok = record_text;
	s->nlines = 0;
	size_t start = 0, i = 0;
	uint32_t c;
	while (i < n) {
		/* only these bytes can start a line boundary (0xC2: U+0085,
		 * 0xE2: U+2028, U+2029); any other byte is stepped over */
		unsigned char b = (unsigned char)text[i];
		if (b > 0x1E && b != 0xC2 && b != 0xE2) {
			i++;
			continue;
		}
		int k = pyuc_decode(text + i, &c);
		if (pyuc_is_linebreak(c)) {
			line_push(s, text + start, i - start);
			i += (size_t)k;
			if (c == '\r' && i < n && text[i] == '\n')
				i++;
			start = i;
		} else {
			i += (size_t)k;
		}
	}
	if (start < n)
		line_push(s, text + start, n - start);
}

static bool starts_with(const char *p, size_t n, const char *s)
{
	size_t k = strlen(s);
	return n >= k && memcmp(p, s, k) == 0;
}

static bool ends_with(const char *p, size_t n, const char *s)
{
	size_t k = strlen(s);
	return n >= k && memcmp(p + n - k, s, k) == 0;
}

/* ASCII members of PUNCTUATION_SET, as a bitmap: everything but letters,
 * digits, tab, newline and space. */
static bool ascii_symbol(unsigned char c)
{
	if (c == '\t' || c == '\n' || c == ' ')
		return false;
	return !((c | 0x20) >= 'a' && (c | 0x20) <= 'z') && !(c >= '0' && c <= '9');
}

static bool is_symbol_word(const char *p, size_t n)
{
	const char *end = p + n;
	uint32_t c;
	while (p < end) {
		if ((unsigned char)*p < 0x80) {
			if (!ascii_symbol((unsigned char)*p++))
				return false;
			continue;
		}
		p += pyuc_decode(p, &c);
		if (!pyuc_in(dt_punct_set, sizeof dt_punct_set / sizeof dt_punct_set[0], c))
			return false;
	}
	return true;
}

static bool has_alpha(const char *p, size_t n)
{
	const char *end = p + n;
	uint32_t c;
	while (p < end) {
		if ((unsigned char)*p < 0x80) {
			if ((unsigned)((*p++ | 0x20) - 'a') < 26u)
				return true;
			continue;
		}
		p += pyuc_decode(p, &c);
		if (pyuc_isalpha(c))
			return true;
	}
	return false;
}

/* GopherQualityFilter's stop words: a bit per word of the, be, to, of,
 * and, that, have, with. */
static unsigned stop_word_bit(const char *p, size_t n)
{
	static const char *const stop[] = { "the", "be", "to", "of", "and", "that", "have", "with" };
	if (n < 2 || n > 4)
		return 0;
	for (unsigned k = 0; k < 8; k++)
		if (p[0] == stop[k][0] && strlen(stop[k]) == n && memcmp(p, stop[k], n) == 0)
			return 1u << k;
	return 0;
}

void dsq_gopher_quality(struct dsq_scratch *s, const struct dsq_params *p, const char *text,
			size_t n, const struct dsq_words *w, struct dsq_gq *o)
{
	memset(o, 0, sizeof *o);
	o->n_words = w->n;
	double sum_len = 0;
	unsigned stop_seen = 0;
	for (size_t i = 0; i < w->n; i++) {
		if (!is_symbol_word(w->p[i], w->len[i])) {
			o->n_non_symbol_words++;
			sum_len += w->cplen[i];
		}
		if (has_alpha(w->p[i], w->len[i]))
			o->n_alpha_words++;
		stop_seen |= stop_word_bit(w->p[i], w->len[i]);
	}
	o->stop_words = (size_t)__builtin_popcount(stop_seen);
	o->mean_word_length = dsq_ratio(sum_len, (double)o->n_non_symbol_words);
	o->n_hash = count_sub(text, n, "#");
	o->hash_ratio = dsq_ratio((double)o->n_hash, (double)w->n);
	o->n_ellipsis = count_sub(text, n, "...") + count_sub(text, n, "\xE2\x80\xA6");
	o->ellipsis_ratio = dsq_ratio((double)o->n_ellipsis, (double)w->n);
	splitlines(s, text, n);
	o->n_lines = s->nlines;
	for (size_t i = 0; i < s->nlines; i++) {
		const char *lp = s->lines[i].p;
		size_t ln = s->lines[i].len;
		const char *rp = lp;
		size_t rn = ln;
		pyuc_lstrip(&lp, &ln);
		if (starts_with(lp, ln, "\xE2\x80\xA2") || starts_with(lp, ln, "-"))
			o->n_bullet_lines++;
		pyuc_rstrip(&rp, &rn);
		if (ends_with(rp, rn, "...") || ends_with(rp, rn, "\xE2\x80\xA6"))
			o->n_end_ellipsis_lines++;
	}
	o->bullet_lines_ratio = dsq_ratio((double)o->n_bullet_lines, (double)o->n_lines);
	o->end_ellipsis_lines_ratio = dsq_ratio((double)o->n_end_ellipsis_lines, (double)o->n_lines);
	o->alpha_words_ratio = dsq_ratio((double)o->n_alpha_words, (double)w->n);

	/* the checks in datatrove's order; a zero denominator it would divide
	 * by is an error (ZeroDivisionError) */
	double ns = (double)o->n_non_symbol_words;
	o->verdict = DSQ_FAIL;
	if (p->gq_min_doc_words && ns < p->gq_min_doc_words)
		o->reason = "gopher_short_doc";
	else if (p->gq_max_doc_words && ns > p->gq_max_doc_words)
		o->reason = "gopher_long_doc";
	else if (p->gq_min_avg_word_length && o->mean_word_length < p->gq_min_avg_word_length)
		o->reason = "gopher_below_avg_threshold";
	else if (p->gq_max_avg_word_length && o->mean_word_length > p->gq_max_avg_word_length)
		o->reason = "gopher_above_avg_threshold";
	else if (p->gq_max_symbol_word_ratio && w->n == 0)
		o->verdict = DSQ_ERROR;
	else if (p->gq_max_symbol_word_ratio && o->hash_ratio > p->gq_max_symbol_word_ratio)
		o->reason = "gopher_too_many_hashes";
	else if (p->gq_max_symbol_word_ratio && o->ellipsis_ratio > p->gq_max_symbol_word_ratio)
		o->reason = "gopher_too_many_ellipsis";
	else if ((p->gq_max_bullet_lines_ratio || p->gq_max_ellipsis_lines_ratio) && o->n_lines == 0)
		o->verdict = DSQ_ERROR;
	else if (p->gq_max_bullet_lines_ratio && o->bullet_lines_ratio > p->gq_max_bullet_lines_ratio)
		o->reason = "gopher_too_many_bullets";
	else if (p->gq_max_ellipsis_lines_ratio &&
		 o->end_ellipsis_lines_ratio > p->gq_max_ellipsis_lines_ratio)
		o->reason = "gopher_too_many_end_ellipsis";
	else if (p->gq_min_alpha_words_ratio && w->n == 0)
		o->verdict = DSQ_ERROR;
	else if (p->gq_min_alpha_words_ratio && o->alpha_words_ratio < p->gq_min_alpha_words_ratio)
		o->reason = "gopher_below_alpha_threshold";
	else if (p->gq_min_stop_words && (double)o->stop_words < p->gq_min_stop_words)
		o->reason = "gopher_enough_stop_words";
	else
		o->verdict = DSQ_PASS;
}

/* --- Gopher repetition --------------------------------------------------- */

struct ngram_ctx {
	const struct dsq_words *w;
	int n;
	bool sep;	/* " ".join (top n-grams) or "".join (duplicated n-grams) */
};

/* Whether the n-grams at a and b spell the same string. */
static bool ngram_eq(const void *ctx, uint32_t a, uint32_t b)
{
	const struct ngram_ctx *c = ctx;
	const struct dsq_words *w = c->w;
	if (c->sep) {
		for (int k = 0; k < c->n; k++)
			if (w->len[a + k] != w->len[b + k] ||
			    memcmp(w->p[a + k], w->p[b + k], w->len[a + k]) != 0)
				return false;
		return true;
	}
	/* compare the concatenations byte by byte: ab+c equals a+bc */
	uint32_t ia = a, ib = b, oa = 0, ob = 0;
	uint32_t ea = a + (uint32_t)c->n, eb = b + (uint32_t)c->n;
	for (;;) {
		while (ia < ea && oa == w->len[ia]) {
			ia++;
			oa = 0;
		}
		while (ib < eb && ob == w->len[ib]) {
			ib++;
			ob = 0;
		}
		if (ia == ea || ib == eb)
			return ia == ea && ib == eb;
		uint32_t k = w->len[ia] - oa;
		if (w->len[ib] - ob < k)
			k = w->len[ib] - ob;
		if (memcmp(w->p[ia] + oa, w->p[ib] + ob, k) != 0)
			return false;
		oa += k;
		ob += k;
	}
}

/* The key of the n-gram at word i: a hash of its words' sequence when sep
 * (equal words, equal key), else of its concatenated bytes (equal strings,
 * equal key, wherever the word boundaries fall). */
static uint64_t ngram_hash(const struct dsq_scratch *s, size_t i, int n, bool sep)
{
	size_t j = i + (size_t)n;
	if (sep)
		return s->seq[j] - s->seq[i] * s->seq_pow[n];
	return s->cat[j] - s->cat[i] * (s->pw[j] * s->ipw[i]);
}

static size_t ngram_cplen(const struct dsq_words *w, size_t i, int n, bool sep)
{
	size_t len = sep ? (size_t)n - 1 : 0;
	for (int k = 0; k < n; k++)
		len += w->cplen[i + (size_t)k];
	return len;
}

static void ngram_prefixes(struct dsq_scratch *s, const struct dsq_words *w)
{
	if (w->n + 1 > s->cap_w) {
		s->cap_w = w->n + 1;
		s->cat = ds_reallocarray(s->cat, s->cap_w, sizeof *s->cat);
		s->pw = ds_reallocarray(s->pw, s->cap_w, sizeof *s->pw);
		s->ipw = ds_reallocarray(s->ipw, s->cap_w, sizeof *s->ipw);
		s->seq = ds_reallocarray(s->seq, s->cap_w, sizeof *s->seq);
	}
	s->seq_pow[0] = 1;
	for (int k = 1; k <= 10; k++)
		s->seq_pow[k] = s->seq_pow[k - 1] * PHI64;
	s->cat[0] = s->seq[0] = 0;
	s->pw[0] = s->ipw[0] = 1;
	for (size_t i = 0; i < w->n; i++) {
		uint64_t h = 0, wp = 1, wip = 1;
		const unsigned char *p = (const unsigned char *)w->p[i];
		for (uint32_t k = 0; k < w->len[i]; k++) {
			h = h * HB + p[k] + 1;
			wp *= HB;
			wip *= s->hb_inv;
		}
		s->pw[i + 1] = s->pw[i] * wp;
		s->ipw[i + 1] = s->ipw[i] * wip;
		s->cat[i + 1] = s->cat[i] * wp + h;
		s->seq[i + 1] = s->seq[i] * PHI64 + h;
	}
}

/* find_top_duplicate: len(most common n-gram) * its count, the first seen
 * winning ties (Counter.most_common keeps insertion order). */
static size_t top_ngram(struct dsq_scratch *s, const struct dsq_words *w, int n)
{
	struct ngram_ctx ctx = { w, n, true };
	size_t count = w->n - (size_t)n + 1, norder = 0, best = 0, best_count = 0;
	if (count > s->cap_order) {
		s->cap_order = count;
		s->order = ds_reallocarray(s->order, count, sizeof *s->order);
	}
	table_reset(s, count);
	for (size_t i = 0; i < count; i++) {
		struct slot *sl = table_get(s, ngram_hash(s, i, n, true), (uint32_t)i, ngram_eq, &ctx);
		if (sl->count++ == 0)
			s->order[norder++] = sl;
	}
	for (size_t k = 0; k < norder; k++)
		if (s->order[k]->count > best_count) {
			best_count = s->order[k]->count;
			best = s->order[k]->key - 1;
		}
	return ngram_cplen(w, best, n, true) * best_count;
}

/* find_all_duplicate: a repeated n-gram adds its length and skips ahead by n. */
static size_t dup_ngrams(struct dsq_scratch *s, const struct dsq_words *w, int n)
{
	struct ngram_ctx ctx = { w, n, false };
	size_t repeated = 0, i = 0;
	if (w->n < (size_t)n)
		return 0;
	table_reset(s, w->n);
	while (i + (size_t)n <= w->n) {
		struct slot *sl = table_get(s, ngram_hash(s, i, n, false), (uint32_t)i, ngram_eq, &ctx);
		if (sl->key - 1 != i) {
			repeated += ngram_cplen(w, i, n, false);
			i += (size_t)n;
		} else {
			i++;
		}
	}
	return repeated;
}

void dsq_gopher_repetition(struct dsq_scratch *s, const struct dsq_params *p, const char *text,
			   size_t n, const struct dsq_words *w, struct dsq_gr *o)
{
	memset(o, 0, sizeof *o);
	double T = (double)pyuc_len(text, n);
	/* paragraphs: re.split(r"\n{2,}", text.strip()) */
	const char *sp = text;
	size_t sn = n;
	pyuc_strip(&sp, &sn);
	s->nspans = 0;
	size_t start = 0;
	for (size_t i = 0; i < sn;) {
		if (sp[i] == '\n' && i + 1 < sn && sp[i + 1] == '\n') {
			span_push(s, sp + start, i - start);
			while (i < sn && sp[i] == '\n')
				i++;
			start = i;
		} else {
			i++;
		}
	}
	span_push(s, sp + start, sn - start);
	o->n_paragraphs = s->nspans;
	find_duplicates(s, &o->dup_paragraphs, &o->dup_para_chars);
	o->dup_para_frac = dsq_ratio((double)o->dup_paragraphs, (double)o->n_paragraphs);
	o->dup_para_char_frac = dsq_ratio((double)o->dup_para_chars, T);
	/* lines: re.split("\n+", text) */
	s->nspans = 0;
	start = 0;
	for (size_t i = 0; i < n;) {
		if (text[i] == '\n') {
			span_push(s, text + start, i - start);
			while (i < n && text[i] == '\n')
				i++;
			start = i;
		} else {
			i++;
		}
	}
	span_push(s, text + start, n - start);
	o->n_lines = s->nspans;
	find_duplicates(s, &o->dup_lines, &o->dup_line_chars);
	o->dup_line_frac = dsq_ratio((double)o->dup_lines, (double)o->n_lines);
	o->dup_line_char_frac = dsq_ratio((double)o->dup_line_chars, T);
	/* words: prefix hashes for the n-gram keys */
	o->n_words = w->n;
	ngram_prefixes(s, w);
	for (int k = 2; k <= 4; k++) {
		if (w->n < (size_t)k) {
			o->top_chars[k] = -1;
			o->top_frac[k] = NAN;
			continue;
		}
		o->top_chars[k] = (long)top_ngram(s, w, k);
		o->top_frac[k] = dsq_ratio((double)o->top_chars[k], T);
	}
	for (int k = 5; k <= 10; k++) {
		o->dup_chars[k] = dup_ngrams(s, w, k);
		o->dup_frac[k] = dsq_ratio((double)o->dup_chars[k], T);
	}

	o->verdict = DSQ_FAIL;
	if (p->gr_dup_para_frac && o->dup_para_frac > p->gr_dup_para_frac) {
		o->reason = "dup_para_frac";
		return;
	}
	if (p->gr_dup_para_char_frac && T == 0) {
		o->verdict = DSQ_ERROR;
		return;
	}
	if (p->gr_dup_para_char_frac && o->dup_para_char_frac > p->gr_dup_para_char_frac) {
		o->reason = "dup_para_char_frac";
		return;
	}
	if (p->gr_dup_line_frac && o->dup_line_frac > p->gr_dup_line_frac) {
		o->reason = "dup_line_frac";
		return;
	}
	if (p->gr_dup_line_char_frac && T == 0) {
		o->verdict = DSQ_ERROR;
		return;
	}
	if (p->gr_dup_line_char_frac && o->dup_line_char_frac > p->gr_dup_line_char_frac) {
		o->reason = "dup_line_char_frac";
		return;
	}
	static const char *const top_reason[] = { NULL, NULL, "top_2_gram", "top_3_gram", "top_4_gram" };
	for (int k = 2; k <= 4; k++) {
		if (o->top_chars[k] < 0)
			continue;
		if (T == 0) {
			o->verdict = DSQ_ERROR;
			return;
		}
		if (o->top_frac[k] > p->gr_top_ngram[k]) {
			o->reason = top_reason[k];
			return;
		}
	}
	static const char *const dup_reason[] = {
		NULL, NULL, NULL, NULL, NULL, "duplicated_5_n_grams", "duplicated_6_n_grams",
		"duplicated_7_n_grams", "duplicated_8_n_grams", "duplicated_9_n_grams",
		"duplicated_10_n_grams"
	};
	for (int k = 5; k <= 10; k++) {
		if (T == 0) {
			o->verdict = DSQ_ERROR;
			return;
		}
		if (o->dup_frac[k] > p->gr_dup_ngram[k]) {
			o->reason = dup_reason[k];
			return;
		}
	}
	o->verdict = DSQ_PASS;
}

/* --- C4 ------------------------------------------------------------------ */

static bool is_decimal(uint32_t c)
{
	if (c < 0x80)
		return c >= '0' && c <= '9';
	return utf8proc_category((utf8proc_int32_t)c) == UTF8PROC_CATEGORY_ND;
}

/* CITATION_REGEX.sub("", line): \[\d*]|\[edit]|\[citation needed] */
static void remove_citations(const char *p, size_t n, struct ds_buf *out)
{
	ds_buf_reset(out);
	size_t i = 0;
	while (i < n) {
		const char *open = memchr(p + i, '[', n - i);
		size_t run = open ? (size_t)(open - (p + i)) : n - i;
		ds_buf_add(out, p + i, run);
		i += run;
		if (i == n)
			break;
		size_t j = i + 1;
		uint32_t c;
		while (j < n) {
			int k = pyuc_decode(p + j, &c);
			if (!is_decimal(c))
				break;
			j += (size_t)k;
		}
		size_t skip = 0;
		if (j < n && p[j] == ']')
			skip = j + 1 - i;
		else if (starts_with(p + i, n - i, "[edit]"))
			skip = 6;
		else if (starts_with(p + i, n - i, "[citation needed]"))
			skip = 17;
		if (skip) {
			i += skip;
			continue;
		}
		ds_buf_addc(out, p[i++]);
	}
}

static void c4_decide(struct dsq_c4 *o, int label, size_t sentences)
{
	if (o->lines_evaluated == o->cap_decisions) {
		o->cap_decisions = o->cap_decisions ? 2 * o->cap_decisions : 64;
		o->decisions = ds_realloc(o->decisions, o->cap_decisions);
		o->line_sentences = ds_reallocarray(o->line_sentences, o->cap_decisions,
						    sizeof *o->line_sentences);
	}
	o->line_sentences[o->lines_evaluated] = (uint32_t)sentences;
	o->decisions[o->lines_evaluated++] = (unsigned char)label;
}

/* A phrase to look for, and the index of its rarest letter in English. */
struct phrase { const char *text; unsigned char anchor; };

static bool contains(const char *p, size_t n, const struct phrase *ph)
{
	return find_at(p, n, ph->text, strlen(ph->text), ph->anchor) != NULL;
}

void dsq_c4_free(struct dsq_c4 *c)
{
	free(c->decisions);
	free(c->line_sentences);
	ds_buf_free(&c->kept);
}

/* The label of a line that passed the terminal-punctuation check, and its
 * sentences when kept. */
static int c4_judge(struct dsq_scratch *s, struct dsq_spacy *spc, const struct dsq_params *p,
		    const char *line, size_t len, size_t *sentences)
{
	static const struct phrase lorem = { "lorem ipsum", 7 }, javascript = { "javascript", 0 };
	static const struct phrase policy[] = {
		{ "terms of use", 7 }, { "privacy policy", 3 }, { "cookie policy", 3 },
		{ "uses cookies", 8 }, { "use of cookies", 10 }, { "use cookies", 7 }
	};
	if ((long)s->line_words < p->c4_min_words_per_line)
		return C4_TOO_FEW_WORDS;
	ds_buf_reset(&s->lower);
	pyuc_lower(line, len, &s->lower);
	const char *lower = s->lower.data;
	size_t lower_n = s->lower.len;
	if (p->c4_lorem_ipsum && contains(lower, lower_n, &lorem))
		return C4_LOREM_IPSUM;
	if (p->c4_javascript && contains(lower, lower_n, &javascript))
		return C4_JAVASCRIPT;
	if (p->c4_curly_bracket && memchr(line, '{', len))
		return C4_CURLY_BRACKET;
	for (int k = 0; k < 6 && p->c4_policy; k++)
		if (contains(lower, lower_n, &policy[k]))
			return C4_POLICY;
	dsq_spacy_tokenize(spc, line, len, &s->toks);
	*sentences = dsq_spacy_sentences(&s->toks, line);
	return C4_KEPT;
}

void dsq_c4(struct dsq_scratch *s, struct dsq_spacy *spc, const struct dsq_params *p,
	    const char *text, size_t n, const struct dsq_c4 *with_punct, struct dsq_c4 *o)
{
	unsigned char *dec = o->decisions;
	uint32_t *line_sentences = o->line_sentences;
	size_t cap = o->cap_decisions;
	struct ds_buf kept = o->kept;
	memset(o, 0, sizeof *o);
	o->decisions = dec;
	o->line_sentences = line_sentences;
	o->cap_decisions = cap;
	o->kept = kept;
	ds_buf_reset(&o->kept);
	splitlines(s, text, n);
	o->n_lines = s->nlines;
	o->verdict = DSQ_FAIL;
	for (size_t li = 0; li < o->n_lines; li++) {
		const char *lp = s->lines[li].p;
		size_t ln = s->lines[li].len;
		pyuc_strip(&lp, &ln);
		int label = -1;
		size_t sentences = 0;
		/* a line the filter with the terminal-punctuation check judged
		 * past that check fares the same here */
		if (with_punct && li < with_punct->lines_evaluated &&
		    with_punct->decisions[li] != C4_NO_TERMINAL_PUNC) {
			label = with_punct->decisions[li];
			sentences = with_punct->line_sentences[li];
			if (label == C4_TOO_LONG_WORD) {
				o->too_long_word++;
				c4_decide(o, label, 0);
				continue;
			}
		} else {
			/* words = line.split(); a word's code points are at
			 * most its bytes */
			s->line_words = 0;
			bool too_long = false;
			for (size_t i = 0; i < ln;) {
				int k = pyuc_space_len(lp + i);
				if (k) {
					i += (size_t)k;
					continue;
				}
				size_t j = i;
				while (j < ln && !pyuc_space_len(lp + j))
					j += (size_t)pyuc_cp_len((unsigned char)lp[j]);
				s->line_words++;
				if (p->c4_max_word_length != -1 &&
				    (long)(j - i) > p->c4_max_word_length &&
				    (long)pyuc_len(lp + i, j - i) > p->c4_max_word_length)
					too_long = true;
				i = j;
			}
			if (too_long) {
				o->too_long_word++;
				c4_decide(o, C4_TOO_LONG_WORD, 0);
				continue;
			}
		}
		if (p->c4_remove_citations) {
			remove_citations(lp, ln, &s->line);
		} else {
			ds_buf_reset(&s->line);
			ds_buf_add(&s->line, lp, ln);
		}
		const char *line = s->line.data;
		size_t len = s->line.len;
		if (label < 0 && p->c4_terminal_punct) {
			bool end = len && (line[len - 1] == '.' || line[len - 1] == '?' ||
					   line[len - 1] == '!' || line[len - 1] == '"' ||
					   line[len - 1] == '\'');
			if (!end || ends_with(line, len, "...")) {
				o->no_terminal_punc++;
				c4_decide(o, C4_NO_TERMINAL_PUNC, 0);
				continue;
			}
		}
		if (label < 0)
			label = c4_judge(s, spc, p, line, len, &sentences);
		c4_decide(o, label, sentences);
		switch (label) {
		case C4_TOO_FEW_WORDS: o->too_few_words++; break;
		case C4_LOREM_IPSUM: o->reason = "lorem_ipsum"; return;
		case C4_JAVASCRIPT: o->javascript++; break;
		case C4_CURLY_BRACKET: o->reason = "curly_bracket"; return;
		case C4_POLICY: o->policy++; break;
		case C4_KEPT:
			o->sentences += sentences;
			if (o->lines_kept++)
				ds_buf_addc(&o->kept, '\n');
			ds_buf_add(&o->kept, line, len);
			break;
		}
	}
	if ((long)o->sentences < p->c4_min_num_sentences) {
		o->reason = "too_few_sentences";
		return;
	}
	/* doc.text = "\n".join(kept_lines).strip() */
	const char *kp = o->kept.data ? o->kept.data : "";
	size_t kn = o->kept.len;
	pyuc_strip(&kp, &kn);
	memmove(o->kept.data, kp, kn);
	o->kept.len = kn;
	o->kept_chars = pyuc_len(o->kept.data, kn);
	o->verdict = DSQ_PASS;
}

/* --- FineWeb ------------------------------------------------------------- */

void dsq_fineweb(struct dsq_scratch *s, const struct dsq_params *p, const char *text, size_t n,
		 const struct dsq_words *w, struct dsq_fw *o)
{
	memset(o, 0, sizeof *o);
	/* lines = text.split("\n") without the blank ones, not stripped */
	s->nspans = 0;
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || text[i] == '\n') {
			const char *lp = text + start;
			size_t ln = i - start;
			pyuc_strip(&lp, &ln);
			if (ln)
				span_push(s, text + start, i - start);
			if (i < n)
				o->n_newlines++;
			start = i + 1;
		}
	}
	o->n_lines = s->nspans;
	for (size_t i = 0; i < s->nspans; i++) {
		const char *lp = s->spans[i].p;
		size_t ln = s->spans[i].len;
		uint32_t c;
		pyuc_decode(lp + ln - pyuc_prev_len(lp, lp + ln), &c);
		if (pyuc_in(dt_terminal_punct, sizeof dt_terminal_punct / sizeof dt_terminal_punct[0], c))
			o->n_punct_lines++;
		if ((long)s->spans[i].cplen <= p->fw_short_line_length)
			o->n_short_lines++;
	}
	size_t dups;
	find_duplicates(s, &dups, &o->dup_line_chars);
	o->n_non_newline_chars = pyuc_len(text, n) - o->n_newlines;
	o->n_words = w->n;
	o->line_punct_ratio = dsq_ratio((double)o->n_punct_lines, (double)o->n_lines);
	o->short_line_ratio = dsq_ratio((double)o->n_short_lines, (double)o->n_lines);
	o->char_dup_ratio = dsq_ratio((double)o->dup_line_chars, (double)o->n_non_newline_chars);
	o->list_ratio = dsq_ratio((double)o->n_newlines, (double)o->n_words);

	o->verdict = DSQ_FAIL;
	if (o->n_lines == 0)
		o->reason = "empty";
	else if (o->line_punct_ratio < p->fw_line_punct_thr &&
		 !(o->line_punct_ratio == 0 && p->fw_line_punct_exclude_zero))
		o->reason = "line_punct_ratio";
	else if (o->short_line_ratio > p->fw_short_line_thr)
		o->reason = "short_line_ratio";
	else if (o->char_dup_ratio > p->fw_char_dup_ratio)
		o->reason = "char_dup_ratio";
	else if (o->list_ratio > p->fw_new_line_ratio)
		o->reason = "list_ratio";
	else
		o->verdict = DSQ_PASS;
}
