/* vocab.c: words <-> dense ids for ds-lm (see lm.h). */
#include "lm.h"

#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL	/* the scanner hashes every word: no call */
#include <xxhash.h>

#include "tok.h"
#include "util.h"

#define WORD_SEED 0x6c6d766f636162ull

uint64_t lm_word_hash(const char *w, size_t n)
{
	if (n <= 8) {
		uint64_t x = 0;
		memcpy(&x, w, n);
		return lm_short_hash(x, n);
	}
	return XXH3_64bits_withSeed(w, n, WORD_SEED);
}

void lm_vocab_init(struct lm_vocab *v)
{
	memset(v, 0, sizeof *v);
	v->mask = 1023;
	v->slot = ds_calloc(v->mask + 1, sizeof *v->slot);
}

void lm_vocab_free(struct lm_vocab *v)
{
	if (!v->mapped) {
		free(v->blob);
		free(v->off);
		free(v->slot);
	}
	memset(v, 0, sizeof *v);
}

/* Scoring looks words up by their 64-bit hash and length alone, as KenLM's
 * vocabulary does: an unknown word is taken for a known one with probability
 * about vocabulary size / 2^64, and two cache misses per word are saved. */
int64_t lm_vocab_find(const struct lm_vocab *v, const char *w, size_t n)
{
	return lm_vocab_find_hash(v, lm_word_hash(w, n), n);
}

int64_t lm_vocab_find_hash(const struct lm_vocab *v, uint64_t h, size_t n)
{
	for (uint64_t i = h & v->mask;; i = (i + 1) & v->mask) {
		const struct lm_vslot *s = &v->slot[i];
		if (!s->id_plus1)
			return -1;
		if (s->hash == h && s->len == n)
			return s->id_plus1 - 1;
	}
}

static void vocab_grow(struct lm_vocab *v)
{
	uint64_t mask = v->mask * 2 + 1;
	struct lm_vslot *slot = ds_calloc(mask + 1, sizeof *slot);
	for (uint64_t i = 0; i <= v->mask; i++) {
		if (!v->slot[i].id_plus1)
			continue;
		uint64_t j = v->slot[i].hash & mask;
		while (slot[j].id_plus1)
			j = (j + 1) & mask;
		slot[j] = v->slot[i];
	}
	free(v->slot);
	v->slot = slot;
	v->mask = mask;
}

uint32_t lm_vocab_add(struct lm_vocab *v, const char *w, size_t n, bool *added)
{
	return lm_vocab_add_hash(v, w, n, lm_word_hash(w, n), added);
}

uint32_t lm_vocab_add_hash(struct lm_vocab *v, const char *w, size_t n, uint64_t h, bool *added)
{
	uint64_t i;
	for (i = h & v->mask; v->slot[i].id_plus1; i = (i + 1) & v->mask) {
		const struct lm_vslot *s = &v->slot[i];
		if (s->hash == h && s->len == n &&
		    !memcmp(v->blob + v->off[s->id_plus1 - 1], w, n)) {
			*added = false;
			return s->id_plus1 - 1;
		}
	}
	if (n > UINT32_MAX - 1 || v->n == UINT32_MAX - 1)
		ds_die(DS_EXIT_LIMIT, "vocabulary too large");
	if (v->n == v->off_cap) {
		v->off_cap = v->off_cap ? v->off_cap * 2 : 1024;
		v->off = ds_reallocarray(v->off, v->off_cap, sizeof *v->off);
	}
	if (v->blob_cap - v->blob_len < n + 1) {
		while (v->blob_cap - v->blob_len < n + 1)
			v->blob_cap = v->blob_cap ? v->blob_cap * 2 : 65536;
		v->blob = ds_realloc(v->blob, v->blob_cap);
	}
	uint32_t id = v->n++;
	v->off[id] = v->blob_len;
	memcpy(v->blob + v->blob_len, w, n);
	v->blob[v->blob_len + n] = '\0';
	v->blob_len += n + 1;
	v->slot[i] = (struct lm_vslot){ h, id + 1, (uint32_t)n };
	if ((uint64_t)v->n * 2 > v->mask)
		vocab_grow(v);
	*added = true;
	return id;
}

/* --- words of a text, straight to ids ------------------------------------------ */

void lm_scan_free(struct lm_scan *sc)
{
	ds_buf_free(&sc->word);
}

/* Lookups run this many words behind the hashing, their slots prefetched. */
#define SCAN_AHEAD 8

struct pending {
	uint64_t hash;
	size_t len;
};

static inline uint32_t id_of(const struct lm_vocab *v, const struct pending *pw)
{
	int64_t id = lm_vocab_find_hash(v, pw->hash, pw->len);
	return id < 0 ? LM_UNK : (uint32_t)id;
}

/* An ASCII byte above space: a printable character, or DEL. */
static inline bool ascii_plain(unsigned c)
{
	return c - 0x21 < 0x5f;
}

static inline char ascii_lower(unsigned c)
{
	return (char)(c - 'A' < 26 ? c + 32 : c);
}

/* Python's str.isspace() for an ASCII byte. */
static inline bool ascii_space(unsigned c)
{
	return c == ' ' || c - 0x09 < 5 || c - 0x1c < 4;
}

/* The code point at p is white space; *len gets its byte length. */
static inline bool space_at(const unsigned char *p, int *len)
{
	uint32_t cp;
	if (*p < 0x80) {
		*len = 1;
		return ascii_space(*p);
	}
	*len = ds_utf8_decode((const char *)p, &cp);
	return ds_uc_is_space(cp);
}

/* Eight bytes at a time: the high bit of each byte that ends a run of
 * printable ASCII (a byte up to space, or one of a longer code point). */
#define BYTES(b) (0x0101010101010101u * (b))
static inline uint64_t stops(uint64_t x)
{
	return (x | ~((x & BYTES(0x7f)) + BYTES(0x5f))) & BYTES(0x80);
}

/* The bytes A-Z of x lower-cased (bytes past a stop are junk). */
static inline uint64_t lower8(uint64_t x)
{
	uint64_t h = x & BYTES(0x7f);
	uint64_t upper = (h + BYTES(0x80 - 'A')) & ~(h + BYTES(0x7f - 'Z')) & BYTES(0x80);
	return x | upper >> 2;
}

/* One scanner per folding choice, so that its loops carry no test of it. A
 * word is copied to sc->word, folded, while it is ASCII; a word with another
 * code point is folded whole by ds_fold_case (the context rules of Python's
 * str.lower() look no further than white space, so folding word by word
 * equals folding the text). */
static inline __attribute__((always_inline)) void
scan(const struct lm_vocab *v, const char *text, size_t n, const bool fold, struct lm_scan *sc,
     struct lm_sent *s)
{
	/* Words are separated by white space: at most (n + 1) / 2 of them. */
	uint32_t *ids = lm_sent_reserve(s, n / 2 + 1);
	sc->word.len = 0;
	ds_buf_grow(&sc->word, n + 8);
	const unsigned char *p = (const unsigned char *)text, *end = p + n;
	struct pending ring[SCAN_AHEAD];
	size_t k = 0;
	while (p < end) {
		int cl;
		if (*p == ' ') {
			p++;
			continue;
		}
		if (!ascii_plain(*p) && space_at(p, &cl)) {
			p += cl;
			continue;
		}
		const unsigned char *start = p;
		char *d = sc->word.data;
		for (;;) {
			if (end - p >= 8) {
				uint64_t x, stop;
				memcpy(&x, p, 8);
				stop = stops(x);
				if (fold) {
					uint64_t low = lower8(x);
					memcpy(d, &low, 8);
				}
				if (!stop) {
					p += 8;
					d += fold ? 8 : 0;
					continue;
				}
				unsigned at = (unsigned)__builtin_ctzll(stop) / 8;
				p += at;
				d += fold ? at : 0;
			} else {
				while (p < end && ascii_plain(*p)) {
					if (fold)
						*d++ = ascii_lower(*p);
					p++;
				}
				if (p == end)
					break;
			}
			/* A control character other than white space is part of a
			 * word (as DEL is). */
			if (*p >= 0x80 || ascii_space(*p))
				break;
			if (fold)
				*d++ = (char)*p;
			p++;
		}
		const char *w = fold ? sc->word.data : (const char *)start;
		size_t len = (size_t)(p - start);
		/* Eight bytes can be read at w (the word buffer has room). */
		bool room = fold || end - start >= 8;
		if (p < end && *p >= 0x80) {
			/* A word with other code points: find its end, fold it whole. */
			while (p < end && !space_at(p, &cl))
				p += cl;
			len = (size_t)(p - start);
			if (fold) {
				ds_fold_case((const char *)start, len, &sc->word);
				w = sc->word.data;
				len = sc->word.len;
				sc->word.len = 0;
			}
			room = false;
		}
		uint64_t h;
		if (room && len <= 8) {
			uint64_t x;
			memcpy(&x, w, 8);
			h = lm_short_hash(x & (~(uint64_t)0 >> (64 - 8 * len)), len);
		} else {
			h = lm_word_hash(w, len);
		}
		__builtin_prefetch(&v->slot[h & v->mask]);
		if (k >= SCAN_AHEAD)
			ids[k - SCAN_AHEAD] = id_of(v, &ring[k % SCAN_AHEAD]);
		ring[k % SCAN_AHEAD] = (struct pending){ h, len };
		k++;
	}
	for (size_t i = k > SCAN_AHEAD ? k - SCAN_AHEAD : 0; i < k; i++)
		ids[i] = id_of(v, &ring[i % SCAN_AHEAD]);
	lm_sent_end(s, k);
}

void lm_text_ids(const struct lm_vocab *v, const char *text, size_t n, bool fold,
		 struct lm_scan *sc, struct lm_sent *s)
{
	if (fold)
		scan(v, text, n, true, sc, s);
	else
		scan(v, text, n, false, sc, s);
}
