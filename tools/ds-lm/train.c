/* train.c: interpolated modified Kneser-Ney estimation, as KenLM's lmplz does it
 * (DEFINITIONS.md section 9; kpu/kenlm lm/builder/{corpus_count,adjust_counts,
 * initial_probabilities,interpolate}.cc).
 *
 * Counting keeps the highest-order n-grams in a hash table, plus the shorter
 * n-grams that start at <s> (lmplz's padded n-grams, collapsed). Everything
 * else derives from them after sorting in suffix order (last word first):
 * there the left extensions x.g of each lower-order g are adjacent, so the
 * adjusted counts of order n-1 come out of one pass over order n, already in
 * suffix order, which is also the order lmplz writes. Arithmetic is float32
 * in lmplz's order of operations, so the ARPA comes out bit-identical. */
#include "lm.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "hash.h"
#include "util.h"

/* One order's n-grams: n words each, with a count, in a hash table while
 * counting (slot != NULL), as plain arrays after. The table holds indices
 * into the arrays, so growing it moves 4 bytes per n-gram, not the n-grams. */
struct grams {
	int n;
	uint32_t *w;
	uint64_t *c;
	uint64_t len, cap;
	uint32_t *slot;		/* entry index + 1, 0 empty */
	uint64_t mask;
};

struct lm_trainer {
	struct lm_train_opts o;
	struct lm_vocab vocab;
	struct grams full;			/* order N */
	struct grams bos[LM_MAX_ORDER];		/* bos[n]: n-grams <s> w1.. of n < N */
	uint32_t *ids;				/* the sentence being counted */
	uint64_t *hash;				/* of its words, then of its n-grams */
	size_t ids_cap;
	uint64_t tokens;
};

static uint64_t grams_bytes(const struct grams *g)
{
	return g->cap * (4u * g->n + 8) + (g->slot ? (g->mask + 1) * 4 : 0);
}

static void grams_init(struct grams *g, int n, uint64_t slots)
{
	memset(g, 0, sizeof *g);
	g->n = n;
	g->mask = slots - 1;
	g->slot = ds_calloc(slots, sizeof *g->slot);
}

static void grams_free(struct grams *g)
{
	free(g->w);
	free(g->c);
	free(g->slot);
	memset(g, 0, sizeof *g);
}

/* Word arrays are 2 to 6 words: a loop beats a call to memcmp/memcpy. */
static inline bool same_words(const uint32_t *a, const uint32_t *b, int n)
{
	for (int i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

static inline void copy_words(uint32_t *to, const uint32_t *from, int n)
{
	for (int i = 0; i < n; i++)
		to[i] = from[i];
}

static inline uint64_t gram_hash(const uint32_t *w, int n)
{
	return ds_hash64(w, (size_t)n * 4, 0x6e6772616d73ull);
}

static void grams_rehash(struct grams *g, uint64_t slots)
{
	free(g->slot);
	g->mask = slots - 1;
	g->slot = ds_calloc(slots, sizeof *g->slot);
	for (uint64_t e = 0; e < g->len; e++) {
		uint64_t i = gram_hash(g->w + e * g->n, g->n) & g->mask;
		while (g->slot[i])
			i = (i + 1) & g->mask;
		g->slot[i] = (uint32_t)(e + 1);
	}
}

/* Bytes that adding one more entry could make g grow by. */
static uint64_t grams_next_growth(const struct grams *g)
{
	uint64_t grow = 0;
	if (g->len == g->cap)
		grow += (g->cap ? g->cap : 1024) * (4u * g->n + 8);
	if ((g->len + 1) * 4 > (g->mask + 1) * 3)
		grow += (g->mask + 1) * 4;
	return grow;
}

/* Add count to the n-gram w (of hash gram_hash(w)); false if the -m budget
 * forbids growing. */
static bool grams_add(struct lm_trainer *t, struct grams *g, const uint32_t *w, uint64_t hash,
		      uint64_t count)
{
	int n = g->n;
	uint64_t i = hash & g->mask;
	for (; g->slot[i]; i = (i + 1) & g->mask) {
		uint64_t e = g->slot[i] - 1;
		if (same_words(g->w + e * n, w, n)) {
			g->c[e] += count;
			return true;
		}
	}
	/* Estimation needs about as much again as the counts (a sorted copy of
	 * the highest order, then the lower orders): the counts get half. */
	if (t->o.memory && 2 * (lm_train_bytes(t) + grams_next_growth(g)) > t->o.memory)
		return false;
	if (g->len == UINT32_MAX - 1)
		ds_die(DS_EXIT_LIMIT, "more than %u distinct %d-grams", UINT32_MAX - 1, n);
	if (g->len == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 1024;
		g->w = ds_reallocarray(g->w, g->cap, (size_t)n * 4);
		g->c = ds_reallocarray(g->c, g->cap, sizeof *g->c);
	}
	copy_words(g->w + g->len * n, w, n);
	g->c[g->len] = count;
	g->slot[i] = (uint32_t)(++g->len);
	if (g->len * 4 > (g->mask + 1) * 3)
		grams_rehash(g, (g->mask + 1) * 2);
	return true;
}

struct lm_trainer *lm_train_new(const struct lm_train_opts *o)
{
	struct lm_trainer *t = ds_calloc(1, sizeof *t);
	t->o = *o;
	lm_vocab_init(&t->vocab);
	bool added;
	lm_vocab_add(&t->vocab, "<unk>", 5, &added);
	lm_vocab_add(&t->vocab, "<s>", 3, &added);
	lm_vocab_add(&t->vocab, "</s>", 4, &added);
	grams_init(&t->full, o->order, 1 << 16);
	for (int n = 2; n < o->order; n++)
		grams_init(&t->bos[n], n, 1 << 10);
	return t;
}

void lm_train_free(struct lm_trainer *t)
{
	if (!t)
		return;
	lm_vocab_free(&t->vocab);
	grams_free(&t->full);
	for (int n = 0; n < LM_MAX_ORDER; n++)
		grams_free(&t->bos[n]);
	free(t->ids);
	free(t->hash);
	free(t);
}

bool lm_is_special(const char *w, size_t n)
{
	return (n == 3 && !memcmp(w, "<s>", 3)) || (n == 4 && !memcmp(w, "</s>", 4)) ||
	       (n == 5 && !memcmp(w, "<unk>", 5));
}

uint64_t lm_train_bytes(const struct lm_trainer *t)
{
	uint64_t b = grams_bytes(&t->full) + t->vocab.blob_cap +
		     (uint64_t)t->vocab.off_cap * 8 + (t->vocab.mask + 1) * sizeof(struct lm_vslot);
	for (int n = 2; n < t->o.order; n++)
		b += grams_bytes(&t->bos[n]);
	return b;
}

uint64_t lm_train_tokens(const struct lm_trainer *t)
{
	return t->tokens;
}

int lm_train_add(struct lm_trainer *t, const char *const *words, const uint32_t *lens,
		 size_t nwords)
{
	int N = t->o.order;
	if (nwords + 2 > t->ids_cap) {
		t->ids_cap = nwords + 2 > 2 * t->ids_cap ? nwords + 2 : 2 * t->ids_cap;
		t->ids = ds_reallocarray(t->ids, t->ids_cap, sizeof *t->ids);
		t->hash = ds_reallocarray(t->hash, t->ids_cap, sizeof *t->hash);
	}
	uint32_t *ids = t->ids;
	ids[0] = LM_BOS;
	/* Word hashes first, their slots prefetched (t->hash is free until the
	 * n-grams need it). */
	for (size_t i = 0; i < nwords; i++) {
		t->hash[i] = lm_word_hash(words[i], lens[i]);
		__builtin_prefetch(&t->vocab.slot[t->hash[i] & t->vocab.mask]);
	}
	for (size_t i = 0; i < nwords; i++) {
		bool added;
		ids[i + 1] = lm_vocab_add_hash(&t->vocab, words[i], lens[i], t->hash[i], &added);
	}
	ids[nwords + 1] = LM_EOS;
	/* The n-gram ending at position i reaches back to <s> at most. The
	 * slots of the whole sentence are fetched first so the misses overlap. */
	for (size_t i = (size_t)N - 1; i <= nwords + 1; i++) {
		t->hash[i] = gram_hash(ids + i + 1 - N, N);
		__builtin_prefetch(&t->full.slot[t->hash[i] & t->full.mask]);
	}
	for (size_t i = 1; i <= nwords + 1; i++) {
		bool ok = i + 1 >= (size_t)N
			? grams_add(t, &t->full, ids + i + 1 - N, t->hash[i], 1)
			: grams_add(t, &t->bos[i + 1], ids, gram_hash(ids, (int)i + 1), 1);
		if (!ok)
			return -1;
	}
	t->tokens += nwords;
	return 0;
}

/* --- counts as a file, for training on shards -------------------------------
 * A state is the vocabulary (words in id order) and the raw counts: a header
 * of little-endian numbers, the words each ending in NUL, then per table
 * (highest order, then the n-grams at <s> of orders 2..N-1) its entries as n
 * word ids and a 64-bit count, and last an XXH3-64 of everything before it.
 * Merging states in the order of their shards gives the words the ids that
 * one run over all the shards gives them, so the model is the same, byte
 * for byte. */

#define LM_STATE_MAGIC "DSLMCNT\032"
#define LM_STATE_VERSION 1u

struct state_header {
	char magic[8];
	uint32_t version, order;
	uint64_t tokens, vocab_n, blob_len;
	uint64_t len[LM_MAX_ORDER + 1];		/* len[N]: highest order; len[n]: at <s> */
};

static void hashed_write(XXH3_state_t *st, void (*write)(const char *p, size_t n),
			 const void *p, size_t n)
{
	XXH3_64bits_update(st, p, n);
	write(p, n);
}

static void write_table(XXH3_state_t *st, void (*write)(const char *p, size_t n),
			const struct grams *g)
{
	char rec[LM_MAX_ORDER * 4 + 8];
	size_t size = (size_t)g->n * 4 + 8;
	for (uint64_t e = 0; e < g->len; e++) {
		memcpy(rec, g->w + e * g->n, (size_t)g->n * 4);
		memcpy(rec + g->n * 4, &g->c[e], 8);
		hashed_write(st, write, rec, size);
	}
}

void lm_train_write_state(const struct lm_trainer *t, void (*write)(const char *p, size_t n))
{
	int N = t->o.order;
	struct state_header h;
	memset(&h, 0, sizeof h);
	memcpy(h.magic, LM_STATE_MAGIC, 8);
	h.version = LM_STATE_VERSION;
	h.order = (uint32_t)N;
	h.tokens = t->tokens;
	h.vocab_n = t->vocab.n;
	h.blob_len = t->vocab.blob_len;
	h.len[N] = t->full.len;
	for (int n = 2; n < N; n++)
		h.len[n] = t->bos[n].len;
	XXH3_state_t *st = XXH3_createState();
	if (!st)
		ds_die(DS_EXIT_LIMIT, "out of memory");
	XXH3_64bits_reset(st);
	hashed_write(st, write, &h, sizeof h);
	hashed_write(st, write, t->vocab.blob, t->vocab.blob_len);
	write_table(st, write, &t->full);
	for (int n = 2; n < N; n++)
		write_table(st, write, &t->bos[n]);
	uint64_t sum = XXH3_64bits_digest(st);
	XXH3_freeState(st);
	write((const char *)&sum, sizeof sum);
}

/* Word id of a state is one training could have counted: the specials at
 * their ids, past them a word of the text (not empty, no ARPA separator,
 * not a special or <UNK>, which the ARPA reader takes for <unk>). */
static bool state_word_ok(const char *w, size_t n, uint64_t id)
{
	if (id <= LM_EOS)
		return lm_is_special(w, n);
	for (size_t i = 0; i < n; i++)
		if (w[i] == ' ' || w[i] == '\t' || w[i] == '\r' || w[i] == '\n')
			return false;
	return n && !lm_is_special(w, n) && !(n == 5 && !memcmp(w, "<UNK>", 5));
}

int lm_train_merge_state(struct lm_trainer *t, const char *p, size_t n, struct ds_buf *err)
{
	int N = t->o.order;
	struct state_header h;
	if (n < sizeof h + 8 || memcmp(p, LM_STATE_MAGIC, 8)) {
		ds_buf_printf(err, "not a ds-lm train state (made by --state-out)");
		return -1;
	}
	memcpy(&h, p, sizeof h);
	if (h.version != LM_STATE_VERSION) {
		ds_buf_printf(err, "state version %u, this ds-lm reads version %u", h.version,
			      LM_STATE_VERSION);
		return -1;
	}
	if (h.order != (uint32_t)N) {
		ds_buf_printf(err, "a state of order %u, this run has -n %d", h.order, N);
		return -1;
	}
	/* Each part no longer than the file: the sum below cannot overflow; a
	 * word takes at least 2 bytes of the blob. */
	bool fits = h.blob_len <= n;
	for (int k = 2; k <= N; k++)
		fits = fits && h.len[k] <= n / ((uint64_t)k * 4 + 8);
	uint64_t need = sizeof h + h.blob_len + 8;
	for (int k = 2; k <= N; k++)
		need += h.len[k] * ((uint64_t)k * 4 + 8);
	uint64_t sum;
	memcpy(&sum, p + n - 8, 8);
	if (!fits || h.vocab_n < 3 || h.vocab_n > h.blob_len / 2 || need != n ||
	    XXH3_64bits(p, n - 8) != sum) {
		ds_buf_printf(err, "truncated or damaged state file");
		return -1;
	}
	/* Old id -> id here, in the state's id order. */
	uint32_t *map = ds_reallocarray(NULL, h.vocab_n, sizeof *map);
	const char *w = p + sizeof h, *blob_end = w + h.blob_len;
	for (uint64_t id = 0; id < h.vocab_n; id++) {
		const char *z = memchr(w, '\0', (size_t)(blob_end - w));
		bool added;
		if (z)
			map[id] = lm_vocab_add(&t->vocab, w, (size_t)(z - w), &added);
		if (!z || !state_word_ok(w, (size_t)(z - w), id) || (id <= LM_EOS && map[id] != id)) {
			free(map);
			ds_buf_printf(err, "damaged state file (vocabulary)");
			return -1;
		}
		w = z + 1;
	}
	const char *q = blob_end;
	/* The tables in file order: the highest order, then <s> n-grams 2..N-1. */
	for (int k = N, step = 0; step < N - 1; k = 2 + step++) {
		struct grams *g = k == N ? &t->full : &t->bos[k];
		uint32_t ids[LM_MAX_ORDER];
		for (uint64_t e = 0; e < h.len[k]; e++, q += (size_t)k * 4 + 8) {
			for (int i = 0; i < k; i++) {
				uint32_t old;
				memcpy(&old, q + i * 4, 4);
				if (old >= h.vocab_n) {
					free(map);
					ds_buf_printf(err, "damaged state file (word id)");
					return -1;
				}
				ids[i] = map[old];
			}
			uint64_t c;
			memcpy(&c, q + k * 4, 8);
			if (!c) {
				free(map);
				ds_buf_printf(err, "damaged state file (a count of 0)");
				return -1;
			}
			if (!grams_add(t, g, ids, gram_hash(ids, k), c)) {
				free(map);
				return -2;
			}
		}
	}
	free(map);
	t->tokens += h.tokens;
	return 0;
}

/* --- estimation ------------------------------------------------------------ */

/* Suffix order: compare the last words first. */
static int cmp_suffix(const uint32_t *a, const uint32_t *b, int n)
{
	for (int i = n - 1; i >= 0; i--)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

/* LSD radix sort of g's entries into suffix order, 16 bits per pass. */
static void sort_suffix(struct grams *g, uint32_t vocab_size)
{
	int n = g->n;
	uint64_t len = g->len;
	if (len < 2)
		return;
	uint32_t *w2 = ds_reallocarray(NULL, len, (size_t)n * 4);
	uint64_t *c2 = ds_reallocarray(NULL, len, sizeof *c2);
	uint64_t *pos = ds_malloc(65536 * sizeof *pos);
	int digits = vocab_size > 65536 ? 2 : 1;
	for (int p = 0; p < n; p++) {
		for (int d = 0; d < digits; d++) {
			int shift = 16 * d;
			memset(pos, 0, 65536 * sizeof *pos);
			for (uint64_t i = 0; i < len; i++)
				pos[(g->w[i * n + p] >> shift) & 0xffff]++;
			if (pos[(g->w[p] >> shift) & 0xffff] == len)
				continue;	/* one digit value: nothing moves */
			uint64_t sum = 0;
			for (int k = 0; k < 65536; k++) {
				uint64_t c = pos[k];
				pos[k] = sum;
				sum += c;
			}
			for (uint64_t i = 0; i < len; i++) {
				uint64_t to = pos[(g->w[i * n + p] >> shift) & 0xffff]++;
				copy_words(w2 + to * n, g->w + i * n, n);
				c2[to] = g->c[i];
			}
			uint32_t *tw = g->w;
			g->w = w2;
			w2 = tw;
			uint64_t *tc = g->c;
			g->c = c2;
			c2 = tc;
		}
	}
	free(w2);
	free(c2);
	free(pos);
}

static void grams_push(struct grams *g, const uint32_t *w, uint64_t c)
{
	if (g->len == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 1024;
		g->w = ds_reallocarray(g->w, g->cap, (size_t)g->n * 4);
		g->c = ds_reallocarray(g->c, g->cap, sizeof *g->c);
	}
	copy_words(g->w + g->len * g->n, w, g->n);
	g->c[g->len++] = c;
}

/* Order n from order n+1 (sorted): each distinct suffix g with a(g) = the
 * number of its left extensions, merged with the n-grams at <s> (raw counts,
 * sorted), all in suffix order. */
static void derive_lower(const struct grams *hi, struct grams *bos, struct grams *out)
{
	int n = hi->n - 1;
	memset(out, 0, sizeof *out);
	out->n = n;
	uint64_t b = 0, i = 0;
	while (i < hi->len || b < bos->len) {
		const uint32_t *suf = i < hi->len ? hi->w + i * hi->n + 1 : NULL;
		if (b < bos->len && (!suf || cmp_suffix(bos->w + b * n, suf, n) < 0)) {
			grams_push(out, bos->w + b * n, bos->c[b]);
			b++;
			continue;
		}
		uint64_t j = i + 1;
		while (j < hi->len && same_words(hi->w + j * hi->n + 1, suf, n))
			j++;
		grams_push(out, suf, j - i);
		i = j;
	}
}

/* lmplz's discounts for one order (adjust_counts.cc), or -1 with its message. */
static int discounts(const uint64_t *nk, int order, float *d, struct ds_buf *msg)
{
	for (int j = 1; j < 4; j++)
		if (nk[j] == 0) {
			ds_buf_printf(msg, "Could not calculate Kneser-Ney discounts for %d-grams "
				      "with adjusted count %d because we didn't observe any %d-grams "
				      "with adjusted count %d; Is this small or artificial data?",
				      order, j + 1, order, j);
			return -1;
		}
	d[0] = 0.0f;
	float y = (float)nk[1] / (float)((double)nk[1] + 2.0 * (double)nk[2]);
	for (int j = 1; j < 4; j++) {
		d[j] = (float)j - (float)(j + 1) * y * (float)nk[j + 1] / (float)nk[j];
		if (d[j] < 0.0f || d[j] > (float)j) {
			ds_buf_printf(msg, "%d-gram discount out of range for adjusted count %d: %g. "
				      "This means modified Kneser-Ney smoothing thinks something is "
				      "weird about your data.", order, j, (double)d[j]);
			return -1;
		}
	}
	return 0;
}

/* Per context (an (n-1)-gram): gamma and the denominator, as AddRight. */
struct ctx_sums {
	uint64_t sum;
	uint32_t k[4];		/* extensions with adjusted count 1, 2, >= 3 */
};

/* Index of every n-gram of an order by its words, for context lookups. */
struct gram_index {
	uint32_t *slot;
	uint64_t mask;
};

static void index_build(struct gram_index *x, const struct grams *g)
{
	uint64_t slots = 1024;
	while (slots < g->len * 2)
		slots *= 2;
	x->mask = slots - 1;
	x->slot = ds_calloc(slots, sizeof *x->slot);
	for (uint64_t e = 0; e < g->len; e++) {
		uint64_t i = gram_hash(g->w + e * g->n, g->n) & x->mask;
		while (x->slot[i])
			i = (i + 1) & x->mask;
		x->slot[i] = (uint32_t)(e + 1);
	}
}

static int64_t index_find(const struct gram_index *x, const struct grams *g, const uint32_t *w,
			  uint64_t hash)
{
	for (uint64_t i = hash & x->mask; x->slot[i]; i = (i + 1) & x->mask) {
		uint64_t e = x->slot[i] - 1;
		if (same_words(g->w + e * g->n, w, g->n))
			return (int64_t)e;
	}
	return -1;
}

static void emit_float(struct ds_buf *b, float x)
{
	char num[24];
	ds_buf_add(b, num, lm_fmt_float(num, x));
}

int lm_train_finish(struct lm_trainer *t, void (*write)(const char *p, size_t n),
		    void (*complain)(const char *msg), struct lm_train_stats *st,
		    struct ds_buf *err)
{
	int N = t->o.order;
	uint32_t V = t->vocab.n;
	struct grams g[LM_MAX_ORDER + 1];	/* g[n]: order n, suffix order */
	memset(g, 0, sizeof g);
	memset(st, 0, sizeof *st);
	bool any = t->full.len > 0;	/* every sentence ends in an n-gram */
	for (int n = 2; n < N; n++)
		any |= t->bos[n].len > 0;
	if (!any) {
		ds_buf_printf(err, "no sentences to train on");
		return -1;
	}

	free(t->full.slot);
	t->full.slot = NULL;
	sort_suffix(&t->full, V);
	g[N] = t->full;
	memset(&t->full, 0, sizeof t->full);
	for (int n = N - 1; n >= 1; n--) {
		struct grams bos = { 0 };
		bos.n = n;
		if (n == 1) {
			const uint32_t unk = LM_UNK, s = LM_BOS;
			grams_push(&bos, &unk, 0);
			grams_push(&bos, &s, 0);
		} else {
			bos = t->bos[n];
			memset(&t->bos[n], 0, sizeof t->bos[n]);
			free(bos.slot);
			bos.slot = NULL;
			sort_suffix(&bos, V);
		}
		derive_lower(&g[n + 1], &bos, &g[n]);
		grams_free(&bos);
	}
	if (g[1].len != V)
		ds_die(DS_EXIT_DATA, "internal inconsistency: %" PRIu64 " unigrams for %u words",
		       g[1].len, V);

	/* Counts of counts and discounts per order. */
	float d[LM_MAX_ORDER + 1][4];
	for (int n = 1; n <= N; n++) {
		uint64_t *nk = st->n[n - 1];
		for (uint64_t e = 0; e < g[n].len; e++)
			if (g[n].c[e] < 5)
				nk[g[n].c[e]]++;
		st->counts[n - 1] = g[n].len;
		struct ds_buf msg = { 0 };
		if (discounts(nk, n, d[n], &msg) < 0) {
			if (!t->o.fallback) {
				ds_buf_printf(err, "%s Rerun with --discount-fallback to override.",
					      ds_buf_cstr(&msg));
				ds_buf_free(&msg);
				for (int k = 1; k <= N; k++)
					grams_free(&g[k]);
				return -1;
			}
			memcpy(d[n], t->o.fallback_d, sizeof d[n]);
			d[n][0] = 0.0f;
			st->fell_back[n - 1] = true;
			ds_buf_reset(&msg);
			/* %g: the 6 digits of lmplz's default ostream */
			ds_buf_printf(&msg, "Substituting fallback discounts for order %d: "
				      "D1=%g D2=%g D3+=%g", n - 1, (double)d[n][1],
				      (double)d[n][2], (double)d[n][3]);
			complain(ds_buf_cstr(&msg));
		}
		ds_buf_free(&msg);
		memcpy(st->d[n - 1], d[n], sizeof d[n]);
	}

	/* prob[n][e]: the interpolated probability (linear), then its log10.
	 * gamma[n][e]: gamma of order-n n-gram e as a context of order n+1. */
	float *prob[LM_MAX_ORDER + 1] = { 0 }, *gamma[LM_MAX_ORDER + 1] = { 0 };
	bool *is_ctx[LM_MAX_ORDER + 1] = { 0 };
	for (int n = 1; n <= N; n++) {
		prob[n] = ds_reallocarray(NULL, g[n].len ? g[n].len : 1, sizeof(float));
		gamma[n] = ds_calloc(g[n].len ? g[n].len : 1, sizeof(float));
		is_ctx[n] = ds_calloc(g[n].len ? g[n].len : 1, sizeof(bool));
	}

	/* Unigrams: one context, the empty one. */
	{
		uint64_t sum = 0, k[4] = { 0 };
		for (uint64_t e = 0; e < V; e++) {
			uint64_t a = g[1].c[e];
			sum += a;
			if (a)
				k[a < 3 ? a : 3]++;
		}
		float den = (float)sum;
		float gam = 0.0f;
		for (int i = 1; i <= 3; i++)
			gam += d[1][i] * (float)k[i];
		gam /= den;
		float uniform = (float)(1.0 / (double)(float)(V - 1));
		float unk_gamma = t->o.interpolate_unigrams ? gam : 0.0f;
		for (uint64_t e = 0; e < V; e++) {
			uint64_t a = g[1].c[e];
			float u = ((float)a - d[1][a < 3 ? a : 3]) / den;
			if (e == LM_UNK)
				u = t->o.interpolate_unigrams ? 0.0f : gam;
			prob[1][e] = u + unk_gamma * uniform;
		}
		prob[1][LM_BOS] = 1.0f;
	}

	/* Higher orders: context sums from a lookup of each n-gram's context;
	 * the suffix's probability by walking order n-1 alongside (both are in
	 * suffix order, and the suffixes of order n come in that order). */
	for (int n = 2; n <= N; n++) {
		struct grams *lo = &g[n - 1], *hi = &g[n];
		struct gram_index x;
		index_build(&x, lo);
		struct ctx_sums *cs = ds_calloc(lo->len ? lo->len : 1, sizeof *cs);
		uint32_t *ctx = ds_reallocarray(NULL, hi->len ? hi->len : 1, sizeof *ctx);
		/* Hashes run ahead of the lookups, whose slots are prefetched. */
		enum { AHEAD = 16 };
		uint64_t ahead[AHEAD];
		for (uint64_t e = 0; e < hi->len && e < AHEAD; e++) {
			ahead[e] = gram_hash(hi->w + e * n, n - 1);
			__builtin_prefetch(&x.slot[ahead[e] & x.mask]);
		}
		for (uint64_t e = 0; e < hi->len; e++) {
			int64_t c = index_find(&x, lo, hi->w + e * n, ahead[e % AHEAD]);
			if (e + AHEAD < hi->len) {
				uint64_t h = gram_hash(hi->w + (e + AHEAD) * n, n - 1);
				ahead[e % AHEAD] = h;
				__builtin_prefetch(&x.slot[h & x.mask]);
			}
			if (c < 0)
				ds_die(DS_EXIT_DATA, "internal inconsistency: a %d-gram without context", n);
			ctx[e] = (uint32_t)c;
			is_ctx[n - 1][c] = true;
			uint64_t a = hi->c[e];
			cs[c].sum += a;
			if (a)
				cs[c].k[a < 3 ? a : 3]++;
		}
		free(x.slot);
		float *den = ds_reallocarray(NULL, lo->len ? lo->len : 1, sizeof *den);
		for (uint64_t c = 0; c < lo->len; c++) {
			if (!is_ctx[n - 1][c])
				continue;
			den[c] = (float)cs[c].sum;
			float gam = 0.0f;
			for (int i = 1; i <= 3; i++)
				gam += d[n][i] * (float)cs[c].k[i];
			gam /= den[c];
			gamma[n - 1][c] = gam;
		}
		free(cs);
		uint64_t s = 0;
		for (uint64_t e = 0; e < hi->len; e++) {
			const uint32_t *suf = hi->w + e * n + 1;
			while (!same_words(lo->w + s * (n - 1), suf, n - 1))
				s++;
			uint64_t a = hi->c[e];
			uint32_t c = ctx[e];
			float u = ((float)a - d[n][a < 3 ? a : 3]) / den[c];
			prob[n][e] = u + gamma[n - 1][c] * prob[n - 1][s];
		}
		free(den);
		free(ctx);
	}

	/* ARPA text, lmplz's layout. */
	struct ds_buf out = { 0 };
	ds_buf_adds(&out, "\\data\\\n");
	for (int n = 1; n <= N; n++)
		ds_buf_printf(&out, "ngram %d=%" PRIu64 "\n", n, g[n].len);
	ds_buf_addc(&out, '\n');
	for (int n = 1; n <= N; n++) {
		ds_buf_printf(&out, "\\%d-grams:\n", n);
		for (uint64_t e = 0; e < g[n].len; e++) {
			const uint32_t *w = g[n].w + e * n;
			float lp = (n == 1 && e == LM_BOS) ? 0.0f : log10f(prob[n][e]);
			emit_float(&out, lp < 0.0f ? lp : 0.0f);
			for (int i = 0; i < n; i++) {
				ds_buf_addc(&out, i ? ' ' : '\t');
				ds_buf_add(&out, lm_vocab_word(&t->vocab, w[i]),
					   lm_vocab_len(&t->vocab, w[i]));
			}
			if (n < N) {
				uint32_t last = w[n - 1];
				float bo = 0.0f;
				if (is_ctx[n][e] && last != LM_UNK && last != LM_EOS)
					bo = log10f(gamma[n][e]);
				ds_buf_addc(&out, '\t');
				emit_float(&out, bo);
			}
			ds_buf_addc(&out, '\n');
			if (out.len >= 1 << 20) {
				write(out.data, out.len);
				ds_buf_reset(&out);
			}
		}
		ds_buf_addc(&out, '\n');
	}
	ds_buf_adds(&out, "\\end\\\n");
	write(out.data, out.len);
	ds_buf_free(&out);
	for (int n = 1; n <= N; n++) {
		free(prob[n]);
		free(gamma[n]);
		free(is_ctx[n]);
		grams_free(&g[n]);
	}
	return 0;
}
