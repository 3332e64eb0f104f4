/* minhash.c: texts to exact hashes and MinHash signatures.
 *
 * Shingles follow text-dedup 0.4.1: a text with fewer than min_tokens tokens
 * has none; one with fewer than ngram tokens has one shingle, the whole token
 * sequence; otherwise every run of ngram consecutive tokens is one.
 *
 * --hash datasketch reproduces datasketch 1.10.0 bit for bit: the shingle's
 * bytes (words joined by one space, characters joined by nothing) go through
 * sha1_hash32, and value i of the signature is the minimum over shingles of
 * ((a_i*h + b_i) mod 2^64) mod (2^61-1) & 0xFFFFFFFF, with (a_i, b_i) drawn
 * from numpy's RandomState(seed) interleaved a0,b0,a1,b1,...
 *
 * --hash xxh3 (the default) hashes each token once with xxh3, combines the
 * token hashes of a shingle with a rolling polynomial, and permutes the low
 * 32 bits of that by xor and an odd multiplier (minhash_xxh3): no SHA-1, no
 * joined strings, no division, and 32-bit lanes that vectorize. */
#include <stdlib.h>
#include <string.h>
#include <nettle/sha1.h>
#include <utf8proc.h>
/* xxh3 inlined here: tokens are short, a call each would cost as much as the
 * hashing (the same xxh3 as common/hash.c). */
#define XXH_INLINE_ALL
#include <xxhash.h>
#include "dedup.h"
#include "hash.h"
#include "util.h"

#define MERSENNE61 ((UINT64_C(1) << 61) - 1)
/* The multiplier of the rolling shingle hash (any odd constant). */
#define ROLL_K UINT64_C(0x9e3779b97f4a7c15)

/* --- numpy RandomState ----------------------------------------------------- */

void dd_mt_seed(struct dd_mt *m, uint32_t seed)
{
	m->mt[0] = seed;
	for (int i = 1; i < 624; i++)
		m->mt[i] = 1812433253u * (m->mt[i - 1] ^ (m->mt[i - 1] >> 30)) + (uint32_t)i;
	m->i = 624;
}

uint32_t dd_mt_next32(struct dd_mt *m)
{
	if (m->i >= 624) {
		for (int k = 0; k < 624; k++) {
			uint32_t y = (m->mt[k] & 0x80000000u) | (m->mt[(k + 1) % 624] & 0x7fffffffu);
			m->mt[k] = m->mt[(k + 397) % 624] ^ (y >> 1) ^ ((y & 1) ? 0x9908b0dfu : 0);
		}
		m->i = 0;
	}
	uint32_t y = m->mt[m->i++];
	y ^= y >> 11;
	y ^= (y << 7) & 0x9d2c5680u;
	y ^= (y << 15) & 0xefc60000u;
	y ^= y >> 18;
	return y;
}

/* numpy's legacy masked rejection for ranges wider than 32 bits (the only
 * ones datasketch draws): high word first. */
uint64_t dd_mt_randint64(struct dd_mt *m, uint64_t low, uint64_t high)
{
	uint64_t rng = high - 1 - low, mask = rng, v;
	mask |= mask >> 1;
	mask |= mask >> 2;
	mask |= mask >> 4;
	mask |= mask >> 8;
	mask |= mask >> 16;
	mask |= mask >> 32;
	do {
		uint64_t hi = dd_mt_next32(m);
		v = (hi << 32 | dd_mt_next32(m)) & mask;
	} while (v > rng);
	return low + v;
}

uint32_t dd_sha1_32(const void *p, size_t n)
{
	struct sha1_ctx ctx;
	uint8_t d[SHA1_DIGEST_SIZE];
	sha1_init(&ctx);
	sha1_update(&ctx, n, p);
	sha1_digest(&ctx, sizeof d, d);
	return (uint32_t)d[0] | (uint32_t)d[1] << 8 | (uint32_t)d[2] << 16 | (uint32_t)d[3] << 24;
}

/* --- permutations ------------------------------------------------------------ */

void dd_hasher_init(struct dd_hasher *h, const struct dd_sigparams *p)
{
	size_t n = (p->perm + 7) / 8 * 8 + 8;	/* padded for minhash_xxh3 */
	h->p = *p;
	h->a = ds_calloc(n, sizeof *h->a);
	h->b = ds_calloc(n, sizeof *h->b);
	h->xr = ds_calloc(n, sizeof *h->xr);
	h->mul = ds_calloc(n, sizeof *h->mul);
	if (p->hash == DD_HASH_DATASKETCH) {
		struct dd_mt m;
		dd_mt_seed(&m, (uint32_t)p->seed);
		for (uint32_t i = 0; i < p->perm; i++) {
			h->a[i] = dd_mt_randint64(&m, 1, MERSENNE61);
			h->b[i] = dd_mt_randint64(&m, 0, MERSENNE61);
		}
	} else {
		struct ds_rng r = { ds_mix64(p->seed ^ UINT64_C(0x6d696e68617368)) };
		for (uint32_t i = 0; i < p->perm; i++) {
			uint64_t x = ds_rng_next(&r);
			h->xr[i] = (uint32_t)x;
			h->mul[i] = (uint32_t)(x >> 32) | 1;
		}
	}
}

void dd_hasher_free(struct dd_hasher *h)
{
	free(h->a);
	free(h->b);
	free(h->xr);
	free(h->mul);
}

void dd_scratch_free(struct dd_scratch *s)
{
	ds_tokens_free(&s->tok);
	ds_buf_free(&s->text);
	ds_buf_free(&s->shingle);
	free(s->hashes);
	free(s->sig);
}

/* --- normalization ----------------------------------------------------------- */

static void add_cp(struct ds_buf *out, int32_t cp)
{
	uint8_t u[4];
	ds_buf_add(out, u, (size_t)utf8proc_encode_char(cp, u));
}

/* Python's str.strip(): the span of text[0..*n) without white space at the
 * ends. */
static const char *strip(const char *text, size_t *n)
{
	size_t start = *n, end = 0;
	for (size_t i = 0; i < *n;) {
		uint32_t cp;
		size_t k = (size_t)ds_utf8_decode(text + i, &cp);
		if (!ds_uc_is_space(cp)) {
			if (start == *n)
				start = i;
			end = i + k;
		}
		i += k;
	}
	*n = start < end ? end - start : 0;
	return text + (start < end ? start : 0);
}

/* basic: case fold, runs of white space to one space, none at the ends.
 * ccnet (text-dedup's normalize): strip white space at the ends, lower case,
 * each decimal digit (Nd) to "0", delete punctuation (P), symbol (S) and
 * other (C: control, format, surrogate, private use, unassigned) characters;
 * inner spaces stay as they are. */
void dd_normalize(int how, const char *text, size_t n, struct ds_buf *tmp,
		  struct ds_buf *out)
{
	ds_buf_reset(out);
	if (how == DD_NORM_NONE) {
		ds_buf_add(out, text, n);
		return;
	}
	text = strip(text, &n);
	ds_buf_reset(tmp);
	ds_fold_case(text, n, tmp);
	bool pending_space = false;
	for (size_t i = 0; i < tmp->len;) {
		uint32_t cp;
		i += (size_t)ds_utf8_decode(tmp->data + i, &cp);
		if (how == DD_NORM_BASIC) {
			if (ds_uc_is_space(cp)) {
				pending_space = true;
				continue;
			}
			if (pending_space)
				ds_buf_addc(out, ' ');
			pending_space = false;
		} else {
			utf8proc_category_t c = utf8proc_category((int32_t)cp);
			if ((c >= UTF8PROC_CATEGORY_PC && c <= UTF8PROC_CATEGORY_SO) ||
			    c >= UTF8PROC_CATEGORY_CC || c == UTF8PROC_CATEGORY_CN)
				continue;
			if (c == UTF8PROC_CATEGORY_ND)
				cp = '0';
		}
		add_cp(out, (int32_t)cp);
	}
}

/* --- shingles and signatures ------------------------------------------------ */

static void push_hash(struct dd_scratch *s, uint64_t h)
{
	if (s->nhashes == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 256;
		s->hashes = ds_reallocarray(s->hashes, s->cap, sizeof *s->hashes);
	}
	s->hashes[s->nhashes++] = h;
}

/* datasketch: SHA-1 of the joined bytes of tokens [i, i+len). */
static uint32_t joined_sha1(struct dd_scratch *s, size_t i, size_t len, const char *sep)
{
	const struct ds_tokens *t = &s->tok;
	ds_buf_reset(&s->shingle);
	for (size_t k = i; k < i + len; k++) {
		if (k > i)
			ds_buf_adds(&s->shingle, sep);
		ds_buf_add(&s->shingle, ds_tok_at(t, k), t->len[k]);
	}
	return dd_sha1_32(s->shingle.data, s->shingle.len);
}

/* The shingle hashes of the tokens in s->tok into s->hashes. */
static void shingle_hashes(const struct dd_hasher *h, struct dd_scratch *s)
{
	const struct ds_tokens *t = &s->tok;
	size_t ntok = t->n, n = h->p.ngram;
	s->nhashes = 0;
	if (ntok < h->p.min_tokens || ntok == 0)
		return;
	if (ntok < n)
		n = ntok;	/* one shingle: the whole sequence */
	if (h->p.hash == DD_HASH_DATASKETCH) {
		const char *sep = h->p.shingle == DD_SHINGLE_WORDS ? " " : "";
		for (size_t i = 0; i + n <= ntok; i++)
			push_hash(s, joined_sha1(s, i, n, sep));
		return;
	}
	/* Rolling polynomial over the token hashes, shingle k written over token
	 * k once read: H_k = sum of t[k+i] K^(n-1-i), i < n. */
	for (size_t j = 0; j < ntok; j++)
		push_hash(s, XXH3_64bits_withSeed(ds_tok_at(t, j), t->len[j], h->p.seed));
	uint64_t *hv = s->hashes, top = 1, roll = 0;
	for (size_t i = 0; i < n; i++) {
		roll = roll * ROLL_K + hv[i];
		top *= i ? ROLL_K : 1;
	}
	for (size_t k = 0;; k++) {
		uint64_t old = hv[k];
		hv[k] = ds_mix64(roll);
		if (k + n >= ntok)
			break;
		roll = (roll - old * top) * ROLL_K + hv[k + n];
	}
	s->nhashes = ntok - n + 1;
}

/* The minimum over shingles of each permutation. Both loops vectorize; the
 * AVX2 clone (chosen at run time, the baseline build stays x86-64) does 8
 * permutations at once in the xxh3 mode. */
__attribute__((target_clones("avx2", "default")))
static void minhash_datasketch(const uint64_t *restrict a, const uint64_t *restrict b,
			       uint32_t perm, const uint64_t *hv, size_t nh, uint32_t *restrict sig)
{
	for (size_t j = 0; j < nh; j++) {
		uint64_t x = hv[j];
		for (uint32_t i = 0; i < perm; i++) {
			uint64_t v = a[i] * x + b[i];	/* wraps, as numpy's uint64 */
			v = (v & MERSENNE61) + (v >> 61);
			v -= v >= MERSENNE61 ? MERSENNE61 : 0;
			uint32_t v32 = (uint32_t)v;
			sig[i] = v32 < sig[i] ? v32 : sig[i];
		}
	}
}

/* Value i of a shingle hash x is (x ^ xor_i) * mul_i mod 2^32 with odd
 * mul_i: a bijection of 32-bit values per permutation, so over random x
 * (xxh3 outputs) the minimum falls on each shingle alike. Four shingles per
 * pass over the permutations: nh is a multiple of 4 (see minhash). */
/* Eight 32-bit lanes (GCC vector extensions: two SSE2 registers in the
 * baseline build, one AVX2 register in the clone). */
typedef uint32_t v8u32 __attribute__((vector_size(32)));

/* Macros, not functions: a 32-byte vector argument would change the ABI of
 * the baseline build. */
#define V8_MIN(a, b) ((b) ^ (((a) ^ (b)) & (v8u32)((a) < (b))))

__attribute__((target_clones("avx2", "default")))
static void minhash_xxh3(const uint32_t *restrict xr, const uint32_t *restrict mul,
			 uint32_t perm, const uint64_t *hv, size_t nh, uint32_t *restrict sig)
{
	/* perm is a multiple of 8, nh of 4: the arrays are padded */
	for (size_t j = 0; j < nh; j += 4) {
		v8u32 x0 = (v8u32){ 0 } + (uint32_t)hv[j], x1 = (v8u32){ 0 } + (uint32_t)hv[j + 1];
		v8u32 x2 = (v8u32){ 0 } + (uint32_t)hv[j + 2], x3 = (v8u32){ 0 } + (uint32_t)hv[j + 3];
		for (uint32_t i = 0; i < perm; i += 8) {
			v8u32 c, m, s;
			memcpy(&c, xr + i, sizeof c);
			memcpy(&m, mul + i, sizeof m);
			memcpy(&s, sig + i, sizeof s);
			v8u32 v0 = (x0 ^ c) * m, v1 = (x1 ^ c) * m;
			v8u32 v2 = (x2 ^ c) * m, v3 = (x3 ^ c) * m;
			v8u32 m01 = V8_MIN(v0, v1), m23 = V8_MIN(v2, v3);
			v8u32 m03 = V8_MIN(m01, m23);
			s = V8_MIN(m03, s);
			memcpy(sig + i, &s, sizeof s);
		}
	}
}

static void minhash(const struct dd_hasher *h, struct dd_scratch *s, uint32_t *sig)
{
	const uint64_t *hv = s->hashes;
	size_t nh = s->nhashes;
	for (uint32_t i = 0; i < h->p.perm; i++)
		sig[i] = UINT32_MAX;
	if (h->p.hash == DD_HASH_DATASKETCH) {
		minhash_datasketch(h->a, h->b, h->p.perm, hv, nh, sig);
		return;
	}
	/* Pad to a multiple of 4 with copies of a shingle: the minima are the
	 * same, and the vector loop needs no scalar tail. */
	while (s->nhashes % 4)
		push_hash(s, s->hashes[0]);
	size_t padded = (h->p.perm + 7) / 8 * 8;
	if (s->sig_cap < padded) {
		s->sig_cap = padded;
		s->sig = ds_reallocarray(s->sig, padded, sizeof *s->sig);
	}
	for (size_t i = 0; i < padded; i++)
		s->sig[i] = UINT32_MAX;
	minhash_xxh3(h->xr, h->mul, (uint32_t)padded, s->hashes, s->nhashes, s->sig);
	memcpy(sig, s->sig, h->p.perm * sizeof *sig);
}

void dd_entry_fill(const struct dd_hasher *h, struct dd_scratch *s,
		   const char *text, size_t n, struct dd_entry *e)
{
	const struct dd_sigparams *p = &h->p;
	e->flags = 0;
	e->reserved = 0;
	e->exact[0] = e->exact[1] = 0;
	if (p->mode & DD_EXACT) {
		if (p->normalize == DD_NORM_NONE) {
			ds_hash128(text, n, 0, e->exact);
		} else {
			dd_normalize((int)p->normalize, text, n, &s->shingle, &s->text);
			ds_hash128(s->text.data, s->text.len, 0, e->exact);
		}
	}
	if (!(p->mode & DD_NEAR))
		return;
	if (p->shingle == DD_SHINGLE_WORDS)
		ds_tokenize((int)p->tokenizer, (int)p->fold, text, n, &s->tok);
	else
		ds_tokenize(DS_TOK_CHARS, 0, text, n, &s->tok);
	shingle_hashes(h, s);
	if (s->nhashes)
		e->flags |= DD_ENTRY_SHINGLES;
	minhash(h, s, e->sig);
	/* the padding of an odd perm, so files are byte-identical */
	if (p->perm & 1)
		e->sig[p->perm] = 0;
}

double dd_jaccard(const uint32_t *x, const uint32_t *y, uint32_t perm)
{
	uint32_t same = 0;
	for (uint32_t i = 0; i < perm; i++)
		same += x[i] == y[i];
	return (double)same / perm;
}
