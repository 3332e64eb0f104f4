/* rules.c: datatrove's Gopher, C4 and FineWeb rules, every statistic computed.
 *
 * Ratios are one float64 division, compared with datatrove's strict < or >,
 * so a ratio exactly on a threshold passes as it does there. Lengths are
 * Python lengths (code points). */
#include <emmintrin.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "bytes.h"
#include "hash.h"
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

/* --- scratch ---------------------------------------------------------------- */

/* An open-addressing table of 64-bit keys; a slot is in use when count > 0.
 * It remembers the slots it gave out, and frees just those for the next
 * text. */
struct kslot { uint64_t key; uint32_t count, first; };
struct ktab {
	struct kslot *slot;
	size_t cap, mask;
	int shift;
	uint32_t *used;		/* the slots given out */
	size_t nused;
};

struct span { const char *p; uint32_t len; };

struct dsq_scratch {
	struct dsq_spacy *sp;
	/* the record's text */
	const char *text;
	size_t text_n, text_chars;
	/* its str.splitlines(), made once */
	bool lines_ok;
	struct span *lines;
	size_t nlines, cap_lines;
	/* its spaCy tokens, made once */
	bool toks_ok, toks_local;
	struct dsq_toks toks;
	struct span *spans;	/* paragraphs or lines of one rule */
	size_t nspans, cap_spans;
	struct ktab ta, tb;
	/* per word: rough-count slots (bigram, 8 bytes), the class of the
	 * n-gram there (two levels), where it starts in the words back to
	 * back; the places where a repeated n-gram may start (two lists);
	 * signatures of n-grams; the 8 bytes of the words back to back from
	 * its start, and up to its end */
	uint32_t *hslot, *hwin, *cls, *cls2, *pos, *cand, *cand2;
	uint64_t *sig, *head8, *tail8;
	size_t cap_w;
	/* For texts where n-grams repeat a lot: prefix hashes of the words
	 * back to back, so any n-gram's hash costs O(1): cat[k] hashes the
	 * bytes of words 0..k-1, pw[k] and ipw[k] are HB and its inverse to
	 * the power of their length. */
	bool prefix_ok;
	uint64_t *cat, *pw, *ipw;
	uint64_t hb_inv;	/* HB's inverse modulo 2^64 */
	uint16_t *counts;	/* rough counts: epoch << 1 | seen twice */
	uint16_t epoch;
	size_t cap_counts;
	int counts_shift;
	struct ds_buf line, lower;
	struct dsq_toks ltoks;	/* a line's own tokens */
};

#define PHI64 0x9E3779B97F4A7C15ULL	/* 2^64 / golden ratio: Fibonacci hashing */
#define HB 0x100000001B3ULL	/* odd: the byte hash base */

/* What an ASCII character makes of a word: not a symbol (outside
 * PUNCTUATION_SET: letters, digits, tab, newline, space), a letter. */
static unsigned char ascii_word_class[0x80];
/* The ASCII characters of TERMINAL_PUNCTUATION. */
static bool terminal_ascii[0x80];

void dsq_rules_init(void)
{
	for (unsigned c = 0; c < 0x80; c++) {
		if ((c | 0x20) - 'a' < 26u)
			ascii_word_class[c] = DSQ_NOT_SYMBOL | DSQ_LETTER;
		else if ((c >= '0' && c <= '9') || c == '\t' || c == '\n' || c == ' ')
			ascii_word_class[c] = DSQ_NOT_SYMBOL;
		terminal_ascii[c] = pyuc_in(dt_terminal_punct,
					    sizeof dt_terminal_punct / sizeof dt_terminal_punct[0], c);
	}
}

struct dsq_scratch *dsq_scratch_new(struct dsq_spacy *sp)
{
	struct dsq_scratch *s = ds_calloc(1, sizeof *s);
	s->sp = sp;
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
	free(s->lines);
	dsq_toks_free(&s->toks);
	free(s->spans);
	free(s->ta.slot);
	free(s->ta.used);
	free(s->tb.slot);
	free(s->tb.used);
	free(s->hslot);
	free(s->hwin);
	free(s->cand2);
	free(s->cls);
	free(s->cls2);
	free(s->pos);
	free(s->cand);
	free(s->sig);
	free(s->head8);
	free(s->tail8);
	free(s->cat);
	free(s->pw);
	free(s->ipw);
	free(s->counts);
	ds_buf_free(&s->line);
	ds_buf_free(&s->lower);
	dsq_toks_free(&s->ltoks);
	free(s);
}

void dsq_scratch_text(struct dsq_scratch *s, const char *text, size_t n, size_t n_chars)
{
	s->text = text;
	s->text_n = n;
	s->text_chars = n_chars;
	s->lines_ok = s->toks_ok = false;
}

const struct dsq_toks *dsq_text_tokens(struct dsq_scratch *s, bool *local)
{
	if (!s->toks_ok) {
		s->toks_local = dsq_spacy_tokenize(s->sp, s->text, s->text_n, &s->toks);
		s->toks_ok = true;
	}
	*local = s->toks_local;
	return &s->toks;
}

/* Make t ready for up to n keys, at most half full, all slots free. */
static void ktab_reset(struct ktab *t, size_t n)
{
	size_t want = 16;
	int bits = 4;
	while (want < 2 * n) {
		want *= 2;
		bits++;
	}
	for (size_t i = 0; i < t->nused; i++)
		t->slot[t->used[i]].count = 0;
	t->nused = 0;
	if (want > t->cap) {
		free(t->slot);
		t->slot = ds_calloc(want, sizeof *t->slot);
		t->cap = want;
		free(t->used);
		t->used = ds_reallocarray(NULL, want, sizeof *t->used);
	}
	t->mask = want - 1;
	t->shift = 64 - bits;
}

static inline size_t ktab_home(const struct ktab *t, uint64_t key)
{
	return (size_t)((key * PHI64) >> t->shift);
}

/* Claim free slot i for key (the caller then sets its count above 0). */
static inline struct kslot *ktab_claim(struct ktab *t, size_t i, uint64_t key, uint32_t pos)
{
	struct kslot *sl = &t->slot[i];
	t->used[t->nused++] = (uint32_t)i;
	sl->key = key;
	sl->first = pos;
	return sl;
}

/* The slot of key, claimed for it (count 0, first = pos) if new. */
static inline struct kslot *ktab_get(struct ktab *t, uint64_t key, uint32_t pos)
{
	for (size_t i = ktab_home(t, key);; i = (i + 1) & t->mask) {
		struct kslot *sl = &t->slot[i];
		if (!sl->count)
			return ktab_claim(t, i, key, pos);
		if (sl->key == key)
			return sl;
	}
}

/* The bytes of p[0..n), n <= 8, as a number, without reading past them. */
static inline uint64_t load_upto8(const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;
	if (n >= 4)
		return ds_get_u32(u) | (uint64_t)ds_get_u32(u + n - 4) << (8 * (n - 4));
	if (n == 0)
		return 0;
	return u[0] | (uint64_t)u[n / 2] << (8 * (n / 2)) | (uint64_t)u[n - 1] << (8 * (n - 1));
}

/* A word's key: its bytes when it has at most 7 (exact), else a hash; the
 * top byte keeps the kinds apart. */
static inline uint64_t word_key(const char *p, size_t n)
{
	if (n <= 7)
		return load_upto8(p, n) | (uint64_t)n << 56;
	const unsigned char *u = (const unsigned char *)p;
	uint64_t h = n <= 16 ? ds_mix64(ds_get_u64(u) ^ ds_mix64(ds_get_u64(u + n - 8) ^ n))
			     : ds_hash64(p, n, 0);
	return h | (uint64_t)0xff << 56;
}

/* DSQ_NOT_SYMBOL and DSQ_LETTER of a word, character by character. */
static unsigned word_class(const char *p, size_t n)
{
	const char *end = p + n;
	unsigned f = 0;
	uint32_t c;
	while (p < end) {
		if ((unsigned char)*p < 0x80) {
			f |= ascii_word_class[(unsigned char)*p++];
			continue;
		}
		p += pyuc_decode(p, &c);
		if (!pyuc_in(dt_punct_set, sizeof dt_punct_set / sizeof dt_punct_set[0], c))
			f |= DSQ_NOT_SYMBOL;
		if (pyuc_isalpha(c))
			f |= DSQ_LETTER;
	}
	return f;
}

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* The class of ASCII bytes x (each below 0x80) where the high bits of in
 * are set: a letter makes a word DSQ_LETTER and DSQ_NOT_SYMBOL, a digit,
 * tab, newline or space DSQ_NOT_SYMBOL. */
static inline unsigned ascii_class8(uint64_t x, uint64_t in)
{
	uint64_t t = x | 0x20 * ONES;
	if ((t + 0x1F * ONES) & ~(t + 0x05 * ONES) & in)	/* 'a' <= t <= 'z' */
		return DSQ_NOT_SYMBOL | DSQ_LETTER;
	uint64_t digit = (x + 0x50 * ONES) & ~(x + 0x46 * ONES);	/* '0' <= x <= '9' */
	/* x ^ c is 0 where x equals c, and adding 0x7F then leaves the high bit clear */
	uint64_t tab = ~((x ^ 0x09 * ONES) + 0x7F * ONES), nl = ~((x ^ 0x0A * ONES) + 0x7F * ONES),
		 sp = ~((x ^ 0x20 * ONES) + 0x7F * ONES);
	return (digit | tab | nl | sp) & in ? DSQ_NOT_SYMBOL : 0;
}

/* Word i of w is p[0..len) (8 readable bytes after it): its code points,
 * class and key. A word of up to 8 ASCII bytes, most words, is one 8-byte
 * load. */
static inline void word_set(struct dsq_words *w, size_t i, const char *p, uint32_t len)
{
	const unsigned char *u = (const unsigned char *)p;
	w->p[i] = p;
	w->len[i] = len;
	if (len < 8) {
		uint64_t in = (UINT64_C(1) << (8 * len)) - 1, x = ds_get_u64(u) & in;
		if (!(x & HIGHS)) {
			w->cplen[i] = len;
			w->cls[i] = (unsigned char)ascii_class8(x, in & HIGHS);
			w->key[i] = x | (uint64_t)len << 56;
			return;
		}
	}
	unsigned cls = 0;
	for (uint32_t k = 0; k < len; k += 8) {
		uint64_t x = ds_get_u64(u + k), in = HIGHS;
		if (len - k < 8) {
			x &= (UINT64_C(1) << (8 * (len - k))) - 1;
			in &= (UINT64_C(1) << (8 * (len - k))) - 1;
		}
		if (x & HIGHS) {	/* beyond ASCII */
			w->cplen[i] = (uint32_t)pyuc_len(p, len);
			w->cls[i] = (unsigned char)word_class(p, len);
			w->key[i] = word_key(p, len);
			return;
		}
		cls |= ascii_class8(x, in);
	}
	w->cplen[i] = len;
	w->cls[i] = (unsigned char)cls;
	w->key[i] = word_key(p, len);
}

static void words_room(struct dsq_words *w, size_t more)
{
	if (w->n + more <= w->cap)
		return;
	w->cap = 2 * (w->n + more) + 64;
	w->p = ds_reallocarray(w->p, w->cap, sizeof *w->p);
	w->len = ds_reallocarray(w->len, w->cap, sizeof *w->len);
	w->cplen = ds_reallocarray(w->cplen, w->cap, sizeof *w->cplen);
	w->key = ds_reallocarray(w->key, w->cap, sizeof *w->key);
	w->cls = ds_realloc(w->cls, w->cap);
}

void dsq_words_push(struct dsq_words *w, const char *p, uint32_t len)
{
	words_room(w, 1);
	word_set(w, w->n++, p, len);
}

void dsq_words_tokens(struct dsq_words *w, const char *text, const struct dsq_toks *t)
{
	w->n = 0;
	words_room(w, t->n);
	for (size_t i = 0; i < t->n; i++) {
		const char *p = text + t->off[i];
		uint32_t len = t->len[i];
		if (t->flags[i] & DSQ_TOK_SPACE)
			continue;
		if (!(t->flags[i] & DSQ_TOK_LETTERS)) {
			word_set(w, w->n++, p, len);
			continue;
		}
		/* ASCII letters: a letter word; up to 7, its bytes are its key */
		size_t k = w->n++;
		w->p[k] = p;
		w->len[k] = w->cplen[k] = len;
		w->cls[k] = DSQ_NOT_SYMBOL | DSQ_LETTER;
		w->key[k] = len > 7 ? word_key(p, len) :
			    (ds_get_u64((const unsigned char *)p) & ((UINT64_C(1) << (8 * len)) - 1)) |
			    (uint64_t)len << 56;
	}
}

void dsq_words_free(struct dsq_words *w)
{
	free(w->p);
	free(w->len);
	free(w->cplen);
	free(w->key);
	free(w->cls);
	memset(w, 0, sizeof *w);
}

static void span_push(struct span **v, size_t *n, size_t *cap, const char *p, size_t len)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 64;
		*v = ds_reallocarray(*v, *cap, sizeof **v);
	}
	(*v)[*n].p = p;
	(*v)[*n].len = (uint32_t)len;
	(*n)++;
}

static inline size_t span_chars(const struct span *v, bool ascii)
{
	return ascii ? v->len : pyuc_len(v->p, v->len);
}

/* gopher_repetition_filter.find_duplicates over v[0..n): every element
 * already seen counts, with its length. */
static void find_duplicates(struct dsq_scratch *s, const struct span *v, size_t n, bool ascii,
			    size_t *dups, size_t *dup_chars)
{
	*dups = *dup_chars = 0;
	if (n < 2)
		return;
	/* equal elements have equal lengths: most texts have no two lines of
	 * one length, and need no hashing */
	struct ktab *t = &s->tb;
	ktab_reset(t, n);
	bool same_len = false;
	for (size_t i = 0; i < n; i++) {
		struct kslot *sl = ktab_get(t, v[i].len, (uint32_t)i);
		same_len |= sl->count++ > 0;
	}
	if (!same_len)
		return;
	ktab_reset(t, n);
	for (size_t i = 0; i < n; i++) {
		uint64_t h = ds_hash64(v[i].p, v[i].len, 0);
		for (size_t j = ktab_home(t, h);; j = (j + 1) & t->mask) {
			struct kslot *sl = &t->slot[j];
			if (!sl->count) {
				ktab_claim(t, j, h, (uint32_t)i)->count = 1;
				break;
			}
			const struct span *f = &v[sl->first];
			if (sl->key == h && f->len == v[i].len && memcmp(f->p, v[i].p, f->len) == 0) {
				(*dups)++;
				*dup_chars += span_chars(&v[i], ascii);
				break;
			}
		}
	}
}

/* Bytes b of a 16-byte block with lo <= b <= hi. */
static inline __m128i in_range(__m128i v, unsigned char lo, unsigned char hi)
{
	__m128i d = _mm_sub_epi8(v, _mm_set1_epi8((char)lo));
	return _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8((char)(hi - lo))), d);
}

/* str.splitlines() of the record's text into s->lines, once. Only bytes up
 * to 0x1E, 0xC2 (U+0085) and 0xE2 (U+2028, U+2029) can start a boundary. */
static void splitlines(struct dsq_scratch *s)
{
	if (s->lines_ok)
		return;
	s->lines_ok = true;
	s->nlines = 0;
	const char *text = s->text;
	size_t n = s->text_n, start = 0, next = 0;	/* next: the first byte not yet consumed */
	for (size_t base = 0; base < n; base += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(text + base));
		__m128i c = _mm_or_si128(in_range(v, 0x00, 0x1E),
					 _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xC2)),
						      _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xE2))));
		unsigned m = (unsigned)_mm_movemask_epi8(c);
		if (n - base < 16)
			m &= (1u << (n - base)) - 1;
		for (; m; m &= m - 1) {
			size_t i = base + (size_t)__builtin_ctz(m);
			uint32_t cp;
			if (i < next)
				continue;
			int k = pyuc_decode(text + i, &cp);
			if (!pyuc_is_linebreak(cp))
				continue;
			span_push(&s->lines, &s->nlines, &s->cap_lines, text + start, i - start);
			next = i + (size_t)k;
			if (cp == '\r' && next < n && text[next] == '\n')
				next++;
			start = next;
		}
	}
	if (start < n)
		span_push(&s->lines, &s->nlines, &s->cap_lines, text + start, n - start);
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

/* str.count(sub): non-overlapping occurrences. */
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


/* GopherQualityFilter's stop words: a bit per word of the, be, to, of,
 * and, that, have, with, by its key. */
static unsigned stop_word_bit(uint64_t key)
{
#define K2(a, b) ((uint64_t)(a) | (uint64_t)(b) << 8 | (uint64_t)2 << 56)
#define K3(a, b, c) ((uint64_t)(a) | (uint64_t)(b) << 8 | (uint64_t)(c) << 16 | (uint64_t)3 << 56)
#define K4(a, b, c, d) ((uint64_t)(a) | (uint64_t)(b) << 8 | (uint64_t)(c) << 16 | \
			(uint64_t)(d) << 24 | (uint64_t)4 << 56)
	switch (key >> 56) {
	case 2:
		return key == K2('b', 'e') ? 2 : key == K2('t', 'o') ? 4 : key == K2('o', 'f') ? 8 : 0;
	case 3:
		return key == K3('t', 'h', 'e') ? 1 : key == K3('a', 'n', 'd') ? 16 : 0;
	case 4:
		return key == K4('t', 'h', 'a', 't') ? 32 : key == K4('h', 'a', 'v', 'e') ? 64 :
		       key == K4('w', 'i', 't', 'h') ? 128 : 0;
	default:
		return 0;
	}
#undef K2
#undef K3
#undef K4
}

/* text.count("#") and text.count("...") of an ASCII text (DSQ_PAD bytes
 * after it): a run of k dots holds k / 3 non-overlapping "...". */
static void count_hash_dots(const char *text, size_t n, size_t *hashes, size_t *dots3)
{
	size_t h = 0, d = 0, run = 0, run_end = 0;	/* the dot run ending at run_end */
	for (size_t base = 0; base < n; base += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(text + base));
		unsigned mh = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('#')));
		unsigned md = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('.')));
		if (n - base < 16) {
			mh &= (1u << (n - base)) - 1;
			md &= (1u << (n - base)) - 1;
		}
		for (; mh; mh &= mh - 1)
			h++;
		for (; md; md &= md - 1) {
			size_t i = base + (size_t)__builtin_ctz(md);
			if (run && i == run_end) {
				run++;
			} else {
				d += run / 3;
				run = 1;
			}
			run_end = i + 1;
		}
	}
	*hashes = h;
	*dots3 = d + run / 3;
}

void dsq_gopher_quality(struct dsq_scratch *s, const struct dsq_params *p,
			const struct dsq_words *w, struct dsq_gq *o)
{
	const char *text = s->text;
	size_t n = s->text_n;
	memset(o, 0, sizeof *o);
	o->n_words = w->n;
	size_t sum_len = 0;
	unsigned stop_seen = 0;
	for (size_t i = 0; i < w->n; i++) {
		unsigned f = w->cls[i];
		if (f & DSQ_NOT_SYMBOL) {
			o->n_non_symbol_words++;
			sum_len += w->cplen[i];
		}
		o->n_alpha_words += (f & DSQ_LETTER) != 0;
		stop_seen |= stop_word_bit(w->key[i]);
	}
	for (; stop_seen; stop_seen &= stop_seen - 1)
		o->stop_words++;
	o->mean_word_length = dsq_ratio((double)sum_len, (double)o->n_non_symbol_words);
	count_hash_dots(text, n, &o->n_hash, &o->n_ellipsis);
	o->hash_ratio = dsq_ratio((double)o->n_hash, (double)w->n);
	if (s->text_chars != n)
		o->n_ellipsis += count_sub(text, n, "\xE2\x80\xA6");
	o->ellipsis_ratio = dsq_ratio((double)o->n_ellipsis, (double)w->n);
	splitlines(s);
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

static void scratch_room(struct dsq_scratch *s, size_t n)
{
	if (n <= s->cap_w)
		return;
	s->cap_w = 2 * n;
	s->hslot = ds_reallocarray(s->hslot, s->cap_w, sizeof *s->hslot);
	s->hwin = ds_reallocarray(s->hwin, s->cap_w, sizeof *s->hwin);
	s->cand2 = ds_reallocarray(s->cand2, s->cap_w, sizeof *s->cand2);
	s->cls = ds_reallocarray(s->cls, s->cap_w, sizeof *s->cls);
	s->cls2 = ds_reallocarray(s->cls2, s->cap_w, sizeof *s->cls2);
	s->pos = ds_reallocarray(s->pos, s->cap_w + 1, sizeof *s->pos);
	s->cand = ds_reallocarray(s->cand, s->cap_w, sizeof *s->cand);
	s->sig = ds_reallocarray(s->sig, s->cap_w, sizeof *s->sig);
	s->head8 = ds_reallocarray(s->head8, s->cap_w, sizeof *s->head8);
	s->tail8 = ds_reallocarray(s->tail8, s->cap_w, sizeof *s->tail8);
	s->cat = ds_reallocarray(s->cat, s->cap_w + 1, sizeof *s->cat);
	s->pw = ds_reallocarray(s->pw, s->cap_w + 1, sizeof *s->pw);
	s->ipw = ds_reallocarray(s->ipw, s->cap_w + 1, sizeof *s->ipw);
}

/* Rough counts: per hash slot, whether a key was met once or twice or
 * more, enough to tell the keys met once from those that may repeat (two
 * keys sharing a slot only add places to look at). A slot counts in the
 * current epoch only; each count starts a new one (count_begin), so no
 * slot needs emptying. */
static void counts_room(struct dsq_scratch *s, size_t n)
{
	/* at least 8 slots a key, up to 2^18 (512 KiB): a long text fills the
	 * slots and is looked at more exactly, rather than run out of cache */
	size_t want = 1u << 13;
	int bits = 13;
	while (want < 8 * n && bits < 18) {
		want *= 2;
		bits++;
	}
	if (want > s->cap_counts) {
		free(s->counts);
		s->counts = ds_calloc(want, sizeof *s->counts);
		s->cap_counts = want;
		s->epoch = 0;
	}
	s->counts_shift = 64 - bits;
}

/* A count in progress, in locals the compiler can keep in registers. */
struct counter {
	uint16_t *slot;
	int shift;
	unsigned now;	/* the epoch << 1 */
};

/* Start a count. */
static struct counter count_begin(struct dsq_scratch *s)
{
	if (++s->epoch == 1u << 15) {	/* the epochs wrap: forget them all */
		memset(s->counts, 0, s->cap_counts * sizeof *s->counts);
		s->epoch = 1;
	}
	return (struct counter){ s->counts, s->counts_shift, (unsigned)s->epoch << 1 };
}

/* Count key in its slot, which is returned. */
static inline uint32_t count_key(struct counter c, uint64_t key)
{
	uint32_t h = (uint32_t)((key * 0xD6E8FEB86659FD93ULL) >> c.shift);
	c.slot[h] = (uint16_t)(c.now | ((c.slot[h] ^ c.now) <= 1));	/* met in this epoch */
	return h;
}

/* Whether the key counted in slot h was met twice or more. */
static inline bool counted_twice(struct counter c, uint32_t h)
{
	return c.slot[h] == (c.now | 1);
}

/* Whether words a and b are equal. */
static inline bool word_eq(const struct dsq_words *w, size_t a, size_t b)
{
	if (w->key[a] != w->key[b])
		return false;
	return w->key[a] >> 56 != 0xff ||
	       (w->len[a] == w->len[b] && memcmp(w->p[a], w->p[b], w->len[a]) == 0);
}

/* find_top_duplicate for n = 2, 3, 4: the length of the most frequent
 * " ".join(n-gram), the first seen on a tie, times its count; -1 when
 * N < n. Only n-grams that occur twice need counting: the bigrams at cand
 * (those whose rough count is 2), then the n-grams whose (n-1)-gram prefix
 * occurs twice, each keyed by the prefix's class (its slot) and its last
 * word. */
static void top_ngrams(struct dsq_scratch *s, const struct dsq_words *w, uint32_t *cand,
		       size_t ncand, long top[5])
{
	size_t N = w->n;
	const uint64_t *key = w->key;
	struct ktab *t = &s->ta, *prev = &s->tb;
	uint32_t *cls = s->cls, *prev_cls = s->cls2;
	for (int n = 2; n <= 4 && (size_t)n <= N; n++) {
		uint32_t best_count = 1, best_first = 0;
		size_t kept = 0;
		ktab_reset(t, ncand);
		for (size_t c = 0; c < ncand && cand[c] + (size_t)n <= N; c++) {
			size_t i = cand[c], last = i + (size_t)n - 1;
			uint64_t k;
			if (n == 2)
				k = key[i] * PHI64 + key[i + 1];
			else if (prev->slot[prev_cls[i]].count >= 2)
				k = (uint64_t)prev_cls[i] * PHI64 + key[last];
			else
				continue;
			struct kslot *sl;
			for (size_t j = ktab_home(t, k);; j = (j + 1) & t->mask) {
				sl = &t->slot[j];
				if (!sl->count) {
					ktab_claim(t, j, k, (uint32_t)i);
					break;
				}
				size_t f = sl->first;
				if (sl->key == k && word_eq(w, f + (size_t)n - 1, last) &&
				    (n == 2 ? word_eq(w, f, i) : prev_cls[f] == prev_cls[i]))
					break;
			}
			cls[i] = (uint32_t)(sl - t->slot);
			cand[kept++] = (uint32_t)i;
			if (++sl->count >= 2 && (sl->count > best_count ||
						 (sl->count == best_count && sl->first < best_first))) {
				best_count = sl->count;
				best_first = sl->first;
			}
		}
		ncand = kept;
		size_t len = (size_t)n - 1;
		for (int k = 0; k < n; k++)
			len += w->cplen[best_first + (size_t)k];
		top[n] = (long)(len * best_count);
		struct ktab *x = t;
		t = prev;
		prev = x;
		uint32_t *y = cls;
		cls = prev_cls;
		prev_cls = y;
	}
}

/* Whether the n-grams at a and b spell the same string, "".join: ab+c
 * equals a+bc. Word by word when the lengths agree, else byte by byte. */
static bool concat_eq(const struct dsq_words *w, size_t a, size_t b, size_t n)
{
	size_t same = 0;
	while (same < n && w->len[a + same] == w->len[b + same])
		same++;
	if (same == n) {
		for (size_t i = 0; i < n; i++)
			if (!word_eq(w, a + i, b + i))
				return false;
		return true;
	}
	size_t ea = a + n, eb = b + n;
	uint32_t oa = 0, ob = 0;	/* bytes of words a and b already compared */
	for (;;) {
		while (a < ea && oa == w->len[a]) {
			a++;
			oa = 0;
		}
		while (b < eb && ob == w->len[b]) {
			b++;
			ob = 0;
		}
		if (a == ea || b == eb)
			return a == ea && b == eb;
		uint32_t k = w->len[a] - oa;
		if (w->len[b] - ob < k)
			k = w->len[b] - ob;
		if (memcmp(w->p[a] + oa, w->p[b] + ob, k) != 0)
			return false;
		oa += k;
		ob += k;
	}
}

static void prefix_hashes(struct dsq_scratch *s, const struct dsq_words *w)
{
	s->cat[0] = 0;
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
	}
	s->prefix_ok = true;
}

/* The hash of "".join of words [i, i + n), from the prefix hashes. */
static inline uint64_t concat_hash(const struct dsq_scratch *s, size_t i, size_t n)
{
	size_t j = i + n;
	return s->cat[j] - s->cat[i] * (s->pw[j] * s->ipw[i]);
}

/* find_all_duplicate for n = 5 ... 10: "".join(n-gram) keys. Only the
 * places at cand can hold a repeat (word_ngrams); for each n, of these,
 * only the n-grams whose length and first and last 8 bytes occur twice are
 * looked up. The others are stepped over, as the scan does with an n-gram
 * it has not seen. When many are looked up (a text of few words, over and
 * over), they are keyed by their hash rather than those 16 bytes. */
static void dup_ngrams(struct dsq_scratch *s, const struct dsq_words *w, const uint32_t *cand,
		       size_t ncand, size_t dup[11])
{
	size_t N = w->n;
	const uint32_t *pos = s->pos;
	uint64_t *sig = s->sig;
	struct ktab *seen = &s->tb;
	for (int n = 5; n <= 10 && (size_t)n <= N; n++) {
		size_t m = 0, twice = 0;
		/* the candidates' signatures: length, first and last 8 bytes */
		struct counter cn = count_begin(s);
		for (; m < ncand && cand[m] + (size_t)n <= N; m++) {
			size_t i = cand[m];
			uint32_t len = pos[i + (size_t)n] - pos[i];
			uint64_t first = s->head8[i], last = len >= 8 ? s->tail8[i + (size_t)n - 1] : 0;
			if (len < 8)
				first &= (UINT64_C(1) << (8 * len)) - 1;
			sig[m] = (first * PHI64 + last) * PHI64 + len;
			s->hslot[m] = count_key(cn, sig[m]);
		}
		for (size_t c = 0; c < m; c++)
			twice += counted_twice(cn, s->hslot[c]);
		if (!twice)
			continue;
		bool hashed = twice > 64 && twice > N / 16;
		if (hashed && !s->prefix_ok)
			prefix_hashes(s, w);
		ktab_reset(seen, m);
		size_t repeated = 0, next = 0;	/* next: where the scan is */
		for (size_t c = 0; c < m; c++) {
			size_t i = cand[c];
			if (i < next)	/* skipped by a repeat */
				continue;
			next = i + 1;
			if (!counted_twice(cn, s->hslot[c]))
				continue;
			uint32_t len = pos[i + (size_t)n] - pos[i];
			uint64_t key = hashed ? concat_hash(s, i, (size_t)n) : sig[c];
			bool again = false;
			for (size_t j = ktab_home(seen, key);; j = (j + 1) & seen->mask) {
				struct kslot *sl = &seen->slot[j];
				if (!sl->count) {
					ktab_claim(seen, j, key, (uint32_t)i)->count = 1;
					break;
				}
				uint32_t f = sl->first;
				if (sl->key == key && pos[f + (size_t)n] - pos[f] == len &&
				    concat_eq(w, f, i, (size_t)n)) {
					again = true;
					break;
				}
			}
			if (!again)
				continue;
			for (int k = 0; k < n; k++)
				repeated += w->cplen[i + (size_t)k];
			next = i + (size_t)n;
		}
		dup[n] = repeated;
	}
}

/* The first 8 bytes of word i (8 readable bytes after it), zeros past it. */
static inline uint64_t word_head8(const struct dsq_words *w, size_t i)
{
	uint32_t len = w->len[i];
	uint64_t x = ds_get_u64((const unsigned char *)w->p[i]);
	return len >= 8 ? x : x & ((UINT64_C(1) << (8 * len)) - 1);
}

/* The n-gram statistics. First, in a few passes over the words, the
 * places worth an exact look: bigrams whose rough count is 2 (top_ngrams),
 * and the word starts whose next 8 bytes of the words back to back (head8)
 * occur at another word start, or whose 5-gram is under 8 bytes
 * (dup_ngrams): two equal n-grams of 8 bytes or more start with the same 8
 * bytes, shorter ones both start short 5-grams, and an n-gram is at least
 * as long as the 5-gram at its start. */
static void word_ngrams(struct dsq_scratch *s, const struct dsq_words *w, long top[5],
			size_t dup[11])
{
	size_t N = w->n, starts = N >= 5 ? N - 4 : 0, nbig = 0, nwin = 0;
	const uint64_t *key = w->key;
	for (int n = 2; n <= 4; n++)
		top[n] = -1;
	for (int n = 5; n <= 10; n++)
		dup[n] = 0;
	if (N < 2)
		return;
	scratch_room(s, N);
	s->prefix_ok = false;
	counts_room(s, 2 * N);
	struct counter cn = count_begin(s);
	uint32_t *pos = s->pos, *big = s->cand, *win = s->cand2;
	uint64_t *head8 = s->head8, *tail8 = s->tail8;
	/* word starts and the last 8 bytes up to each word's end, bigrams */
	uint64_t tail = 0;
	uint32_t at = 0;
	for (size_t i = 0; i < N; i++) {
		uint32_t len = w->len[i];
		pos[i] = at;
		at += len;
		if (len >= 8)
			tail = ds_get_u64((const unsigned char *)w->p[i] + len - 8);
		else if (len)
			tail = tail >> (8 * len) | word_head8(w, i) << (64 - 8 * len);
		tail8[i] = tail;
		if (i)
			s->hslot[i - 1] = count_key(cn, key[i - 1] * PHI64 + key[i]);
	}
	pos[N] = at;
	/* the next 8 bytes from each word's start, right to left */
	uint64_t head = 0;
	for (size_t i = N; i-- > 0;) {
		uint32_t len = w->len[i];
		head = len >= 8 ? word_head8(w, i) : word_head8(w, i) | head << (8 * len);
		head8[i] = head;
		if (i < starts)
			s->hwin[i] = count_key(cn, head);
	}
	for (size_t i = 0; i + 1 < N; i++)
		if (counted_twice(cn, s->hslot[i]))
			big[nbig++] = (uint32_t)i;
	for (size_t i = 0; i < starts; i++)
		if (counted_twice(cn, s->hwin[i]) || pos[i + 5] - pos[i] < 8)
			win[nwin++] = (uint32_t)i;
	top_ngrams(s, w, big, nbig, top);
	if (nwin)
		dup_ngrams(s, w, win, nwin, dup);
}

void dsq_gopher_repetition(struct dsq_scratch *s, const struct dsq_params *p,
			   const struct dsq_words *w, struct dsq_gr *o)
{
	const char *text = s->text;
	size_t n = s->text_n;
	bool ascii = s->text_chars == n;
	memset(o, 0, sizeof *o);
	double T = (double)s->text_chars;
	/* paragraphs: re.split(r"\n{2,}", text.strip()) */
	const char *sp = text;
	size_t sn = n;
	pyuc_strip(&sp, &sn);
	s->nspans = 0;
	size_t start = 0;
	for (size_t i = 0; i < sn;) {
		const char *q = memchr(sp + i, '\n', sn - i);
		if (!q)
			break;
		size_t a = (size_t)(q - sp), b = a;
		while (b < sn && sp[b] == '\n')
			b++;
		if (b - a >= 2) {
			span_push(&s->spans, &s->nspans, &s->cap_spans, sp + start, a - start);
			start = b;
		}
		i = b;
	}
	span_push(&s->spans, &s->nspans, &s->cap_spans, sp + start, sn - start);
	o->n_paragraphs = s->nspans;
	find_duplicates(s, s->spans, s->nspans, ascii, &o->dup_paragraphs, &o->dup_para_chars);
	o->dup_para_frac = dsq_ratio((double)o->dup_paragraphs, (double)o->n_paragraphs);
	o->dup_para_char_frac = dsq_ratio((double)o->dup_para_chars, T);
	/* lines: re.split("\n+", text) */
	s->nspans = 0;
	start = 0;
	for (const char *q; start < n && (q = memchr(text + start, '\n', n - start));) {
		size_t i = (size_t)(q - text);
		span_push(&s->spans, &s->nspans, &s->cap_spans, text + start, i - start);
		while (i < n && text[i] == '\n')
			i++;
		start = i;
	}
	span_push(&s->spans, &s->nspans, &s->cap_spans, text + start, n - start);
	o->n_lines = s->nspans;
	find_duplicates(s, s->spans, s->nspans, ascii, &o->dup_lines, &o->dup_line_chars);
	o->dup_line_frac = dsq_ratio((double)o->dup_lines, (double)o->n_lines);
	o->dup_line_char_frac = dsq_ratio((double)o->dup_line_chars, T);
	/* words */
	o->n_words = w->n;
	word_ngrams(s, w, o->top_chars, o->dup_chars);
	for (int k = 2; k <= 4; k++)
		o->top_frac[k] = o->top_chars[k] < 0 ? NAN : dsq_ratio((double)o->top_chars[k], T);
	for (int k = 5; k <= 10; k++)
		o->dup_frac[k] = dsq_ratio((double)o->dup_chars[k], T);

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

/* DSQ_PAD zero bytes after b's bytes. */
static void pad(struct ds_buf *b)
{
	ds_buf_grow(b, DSQ_PAD);
	memset(b->data + b->len, 0, DSQ_PAD);
}

static bool is_decimal(uint32_t c)
{
	if (c < 0x80)
		return c >= '0' && c <= '9';
	return utf8proc_category((utf8proc_int32_t)c) == UTF8PROC_CATEGORY_ND;
}

/* CITATION_REGEX.sub("", line): \[\d*]|\[edit]|\[citation needed] (out
 * gets DSQ_PAD zero bytes after it, for the scans). */
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
	pad(out);
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

/* A phrase to look for, its length, and the index of its rarest letter in
 * English. */
struct phrase { const char *text; unsigned char len, anchor; };
#define PHRASE(s, anchor) { s, sizeof s - 1, anchor }

static bool contains(const char *p, size_t n, const struct phrase *ph)
{
	return find_at(p, n, ph->text, ph->len, ph->anchor) != NULL;
}

void dsq_c4_free(struct dsq_c4 *c)
{
	free(c->decisions);
	free(c->line_sentences);
	ds_buf_free(&c->kept);
}

/* The first token of t at or after byte offset at. */
static size_t first_token(const struct dsq_toks *t, uint32_t at)
{
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (t->off[mid] < at)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The first word of w at or after p. */
static size_t first_word(const struct dsq_words *w, const char *p)
{
	size_t lo = 0, hi = w->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (w->p[mid] < p)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The sentences of a kept line (DSQ_PAD bytes after it): counted on the
 * text's tokens when the line is a piece of the text (in_text) that they
 * hold for, else on the line's own. */
static size_t line_sentences(struct dsq_scratch *s, const char *line, size_t len, bool in_text)
{
	if (in_text) {
		bool local;
		const struct dsq_toks *t = dsq_text_tokens(s, &local);
		if (local) {
			uint32_t a = (uint32_t)(line - s->text);
			return dsq_spacy_sentences(t, first_token(t, a), first_token(t, a + (uint32_t)len),
						   s->text);
		}
	}
	dsq_spacy_tokenize(s->sp, line, len, &s->ltoks);
	return dsq_spacy_sentences(&s->ltoks, 0, s->ltoks.n, line);
}

static const struct phrase lorem = PHRASE("lorem ipsum", 7), javascript = PHRASE("javascript", 0);
static const struct phrase policy[] = {
	PHRASE("terms of use", 7), PHRASE("privacy policy", 3), PHRASE("cookie policy", 3),
	PHRASE("uses cookies", 8), PHRASE("use of cookies", 10), PHRASE("use cookies", 7)
};
enum { HAS_LOREM = 1, HAS_JAVASCRIPT = 2, HAS_POLICY = 4 };

/* Whether ph occurs in line[0..len) with its anchor at at, any case (the
 * phrases are lower-case letters and spaces). */
static bool phrase_at(const char *line, size_t len, size_t at, const struct phrase *ph)
{
	size_t k = ph->len;
	if (at < ph->anchor || at - ph->anchor + k > len)
		return false;
	const char *p = line + at - ph->anchor;
	for (size_t i = 0; i < k; i++)
		if (ph->text[i] == ' ' ? p[i] != ' ' : (p[i] | 0x20) != ph->text[i])
			return false;
	return true;
}

/* Bytes of lo (lower-cased) equal to c, followed in next by d. */
static inline unsigned pair_at(__m128i lo, __m128i next, char c, char d)
{
	return (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(lo, _mm_set1_epi8(c)),
							 _mm_cmpeq_epi8(next, _mm_set1_epi8(d))));
}

/* The phrases of an ASCII line (DSQ_PAD bytes after it) as HAS_* bits, its
 * lower case being its bytes with A-Z mapped to a-z; -1 if the line is not
 * ASCII. Only the places of the phrases' anchors are looked at: a rare
 * letter and the byte after it ("ps" of ipsum, "j", "f " of "of use",
 * "va" of privacy, "ki" of cookie). */
static int ascii_phrases(const char *line, size_t len)
{
	int found = 0;
	for (size_t base = 0; base < len; base += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(line + base));
		__m128i v1 = _mm_loadu_si128((const __m128i *)(line + base + 1));
		__m128i lo = _mm_or_si128(v, _mm_set1_epi8(0x20)), lo1 = _mm_or_si128(v1, _mm_set1_epi8(0x20));
		unsigned high = (unsigned)_mm_movemask_epi8(v);
		unsigned mp = pair_at(lo, lo1, 'p', 's');
		unsigned mj = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(lo, _mm_set1_epi8('j')));
		unsigned mf = pair_at(lo, v1, 'f', ' ');
		unsigned mv = pair_at(lo, lo1, 'v', 'a');
		unsigned mk = pair_at(lo, lo1, 'k', 'i');
		if (len - base < 16) {
			unsigned in = (1u << (len - base)) - 1;
			high &= in, mp &= in, mj &= in, mf &= in, mv &= in, mk &= in;
		}
		if (high)
			return -1;
		for (; mp; mp &= mp - 1)
			if (phrase_at(line, len, base + (size_t)__builtin_ctz(mp), &lorem))
				found |= HAS_LOREM;
		for (; mj; mj &= mj - 1)
			if (phrase_at(line, len, base + (size_t)__builtin_ctz(mj), &javascript))
				found |= HAS_JAVASCRIPT;
		for (; mf; mf &= mf - 1)
			if (phrase_at(line, len, base + (size_t)__builtin_ctz(mf), &policy[0]))
				found |= HAS_POLICY;
		for (; mv; mv &= mv - 1)
			if (phrase_at(line, len, base + (size_t)__builtin_ctz(mv), &policy[1]))
				found |= HAS_POLICY;
		for (; mk; mk &= mk - 1)
			for (int k = 2; k < 6; k++)
				if (phrase_at(line, len, base + (size_t)__builtin_ctz(mk), &policy[k]))
					found |= HAS_POLICY;
	}
	return found;
}

/* The phrases of any line, in its lower case (str.lower()). */
static int phrases(struct dsq_scratch *s, const char *line, size_t len)
{
	int found = ascii_phrases(line, len);
	if (found >= 0)
		return found;
	ds_buf_reset(&s->lower);
	pyuc_lower(line, len, &s->lower);
	const char *lower = s->lower.data;
	size_t lower_n = s->lower.len;
	found = 0;
	if (contains(lower, lower_n, &lorem))
		found |= HAS_LOREM;
	if (contains(lower, lower_n, &javascript))
		found |= HAS_JAVASCRIPT;
	for (int k = 0; k < 6; k++)
		if (contains(lower, lower_n, &policy[k]))
			found |= HAS_POLICY;
	return found;
}

/* The label of a line that passed the terminal-punctuation check, and its
 * sentences when kept. */
static int c4_judge(struct dsq_scratch *s, const struct dsq_params *p, const char *line,
		    size_t len, bool in_text, size_t line_words, size_t *sentences)
{
	if ((long)line_words < p->c4_min_words_per_line)
		return C4_TOO_FEW_WORDS;
	int found = phrases(s, line, len);
	if (p->c4_lorem_ipsum && found & HAS_LOREM)
		return C4_LOREM_IPSUM;
	if (p->c4_javascript && found & HAS_JAVASCRIPT)
		return C4_JAVASCRIPT;
	if (p->c4_curly_bracket && memchr(line, '{', len))
		return C4_CURLY_BRACKET;
	if (p->c4_policy && found & HAS_POLICY)
		return C4_POLICY;
	*sentences = line_sentences(s, line, len, in_text);
	return C4_KEPT;
}

/* len(line.split()), counted only as far as the checks need: up to least
 * (the fewest words a line may have) unless a word may be too long; *too_long
 * tells whether one is. */
static size_t line_words(const char *lp, size_t ln, size_t least, long max_len, bool *too_long)
{
	bool check_long = max_len != -1 && (long)ln > max_len;
	size_t words = 0;
	*too_long = false;
	for (size_t i = 0; i < ln && (words < least || check_long);) {
		int k = pyuc_space_len(lp + i);
		if (k) {
			i += (size_t)k;
			continue;
		}
		size_t j = i;
		while (j < ln && !pyuc_space_len(lp + j))
			j += (size_t)pyuc_cp_len((unsigned char)lp[j]);
		words++;
		/* a word's code points are at most its bytes */
		if (check_long && (long)(j - i) > max_len && (long)pyuc_len(lp + i, j - i) > max_len)
			*too_long = true;
		i = j;
	}
	return words;
}

void dsq_c4(struct dsq_scratch *s, const struct dsq_params *p, const struct dsq_c4 *with_punct,
	    const struct dsq_words *w, struct dsq_c4 *o)
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
	o->kept_words = w ? 0 : SIZE_MAX;
	size_t least = p->c4_min_words_per_line > 0 ? (size_t)p->c4_min_words_per_line : 0;
	splitlines(s);
	o->n_lines = s->nlines;
	o->verdict = DSQ_FAIL;
	for (size_t li = 0; li < o->n_lines; li++) {
		const char *lp = s->lines[li].p;
		size_t ln = s->lines[li].len;
		pyuc_strip(&lp, &ln);
		int label = -1;
		size_t sentences = 0, words = 0;
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
			bool too_long;
			words = line_words(lp, ln, least, p->c4_max_word_length, &too_long);
			if (too_long) {
				o->too_long_word++;
				c4_decide(o, C4_TOO_LONG_WORD, 0);
				continue;
			}
		}
		/* the line, without its citations: still a piece of the text
		 * when there were none */
		const char *line = lp;
		size_t len = ln;
		bool in_text = true;
		if (p->c4_remove_citations && memchr(lp, '[', ln)) {
			remove_citations(lp, ln, &s->line);
			if (s->line.len != ln) {
				line = s->line.data;
				len = s->line.len;
				in_text = false;
			}
		}
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
			label = c4_judge(s, p, line, len, in_text, words, &sentences);
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
			if (o->kept_words != SIZE_MAX && in_text)
				o->kept_words += first_word(w, line + len) - first_word(w, line);
			else
				o->kept_words = SIZE_MAX;
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
	pad(&o->kept);
	o->kept_chars = s->text_chars == s->text_n ? kn : pyuc_len(o->kept.data, kn);
	o->verdict = DSQ_PASS;
}

/* --- FineWeb ------------------------------------------------------------- */

void dsq_fineweb(struct dsq_scratch *s, const struct dsq_params *p, const char *text, size_t n,
		 size_t n_chars, size_t n_words, struct dsq_fw *o)
{
	memset(o, 0, sizeof *o);
	bool ascii = n_chars == n;
	/* lines = text.split("\n") without the blank ones, not stripped */
	s->nspans = 0;
	for (size_t start = 0;;) {
		const char *q = start < n ? memchr(text + start, '\n', n - start) : NULL;
		size_t end = q ? (size_t)(q - text) : n;
		const char *lp = text + start;
		size_t ln = end - start;
		pyuc_lstrip(&lp, &ln);
		if (ln)
			span_push(&s->spans, &s->nspans, &s->cap_spans, text + start, end - start);
		if (!q)
			break;
		o->n_newlines++;
		start = end + 1;
	}
	o->n_lines = s->nspans;
	for (size_t i = 0; i < s->nspans; i++) {
		const char *lp = s->spans[i].p;
		size_t ln = s->spans[i].len;
		uint32_t c = (unsigned char)lp[ln - 1];
		if (c >= 0x80)
			pyuc_decode(lp + ln - pyuc_prev_len(lp, lp + ln), &c);
		if (c < 0x80 ? terminal_ascii[c] :
		    pyuc_in(dt_terminal_punct, sizeof dt_terminal_punct / sizeof dt_terminal_punct[0], c))
			o->n_punct_lines++;
		/* a line's code points are at most its bytes */
		if ((long)ln <= p->fw_short_line_length ||
		    (!ascii && (long)pyuc_len(lp, ln) <= p->fw_short_line_length))
			o->n_short_lines++;
	}
	size_t dups;
	find_duplicates(s, s->spans, s->nspans, ascii, &dups, &o->dup_line_chars);
	o->n_non_newline_chars = n_chars - o->n_newlines;
	o->n_words = n_words;
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
