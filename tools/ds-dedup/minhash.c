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
 * --hash xxh3 (the default) hashes each token once with xxh3 (ASCII text of
 * the words tokenizer is cut and hashed in one pass, ascii_word_hashes),
 * combines the token hashes of a shingle with a rolling polynomial, and
 * permutes the low 32 bits of that by xor and an odd multiplier
 * (minhash_xxh3_*): no SHA-1, no joined strings, no division, and 32-bit
 * lanes that vectorize.
 *
 * Shingle sets (--verify-exact, sign --sets) are the high 32 bits of the
 * xxh3 mode's shingle hashes, sorted, in either hash mode. */
#include <stdlib.h>
#include <string.h>
#include <immintrin.h>
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
/* Permutations per pass over a record's shingles in the xxh3 mode (four AVX2
 * registers); the tables are padded to a multiple of it. */
#define DD_PERM_GROUP 32
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
	size_t n = (p->perm + DD_PERM_GROUP - 1) / DD_PERM_GROUP * DD_PERM_GROUP;
	h->p = *p;
	h->avx2 = __builtin_cpu_supports("avx2");
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
	ds_buf_free(&s->folded);
	free(s->tokhash);
	free(s->set);
	free(s->set_tmp);
	free(s->set_counts);
	free(s->word);
	free(s->apos);
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

/* Room for n more hashes, so the loops that fill them need no checks. */
static void reserve_hashes(struct dd_scratch *s, size_t n)
{
	if (s->cap - s->nhashes < n) {
		s->cap = s->nhashes + n;
		s->hashes = ds_reallocarray(s->hashes, s->cap, sizeof *s->hashes);
	}
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

/* The words tokenizer on ASCII text, fused with hashing the tokens into
 * s->hashes: the tokens of ds_tokenize(DS_TOK_WORDS) (runs of [A-Za-z0-9_],
 * an apostrophe kept between two such characters, lower-cased with fold),
 * found 64 bytes at a time from bit masks instead of character by
 * character. Returns false, with nothing done, when a byte is not ASCII. */
static bool ascii_word_hashes(struct dd_scratch *s, const char *text, size_t n, bool fold,
			      uint64_t seed)
{
	size_t nblocks = (n + 63) / 64;
	if (s->mask_cap < nblocks + 2) {
		s->mask_cap = nblocks + 2;
		s->word = ds_reallocarray(s->word, s->mask_cap, sizeof *s->word);
		s->apos = ds_reallocarray(s->apos, s->mask_cap, sizeof *s->apos);
	}
	ds_buf_reset(&s->folded);
	if (fold)
		ds_buf_grow(&s->folded, nblocks * 64);
	unsigned char *folded = (unsigned char *)s->folded.data;
	/* word[k + 1] and apos[k + 1] hold block k; word[0] and the one after
	 * the last block are the empty neighbours of the text. */
	uint64_t *word = s->word, *apos = s->apos;
	word[0] = word[nblocks + 1] = 0;
	/* lo <= x < lo + len as x - (lo + 128) < len - 128, signed */
	const __m128i ten = _mm_set1_epi8(10 - 128), twenty_six = _mm_set1_epi8(26 - 128);
	for (size_t k = 0; k < nblocks; k++) {
		uint64_t w = 0, a = 0;
		for (unsigned c = 0; c < 4; c++) {
			size_t off = 64 * k + 16 * c;
			__m128i v;
			if (off + 16 <= n) {
				v = _mm_loadu_si128((const __m128i *)(text + off));
			} else {
				/* the tail, padded with NULs (not word characters) */
				unsigned char tail[16] = { 0 };
				if (off < n)
					memcpy(tail, text + off, n - off);
				v = _mm_loadu_si128((const __m128i *)tail);
			}
			if (_mm_movemask_epi8(v))
				return false;
			__m128i upper = _mm_cmplt_epi8(_mm_sub_epi8(v, _mm_set1_epi8((char)('A' + 128))), twenty_six);
			__m128i lower = _mm_cmplt_epi8(_mm_sub_epi8(v, _mm_set1_epi8((char)('a' + 128))), twenty_six);
			__m128i digit = _mm_cmplt_epi8(_mm_sub_epi8(v, _mm_set1_epi8((char)('0' + 128))), ten);
			__m128i under = _mm_cmpeq_epi8(v, _mm_set1_epi8('_'));
			__m128i is_word = _mm_or_si128(_mm_or_si128(upper, lower), _mm_or_si128(digit, under));
			if (fold)
				_mm_storeu_si128((__m128i *)(folded + off),
						 _mm_or_si128(v, _mm_and_si128(upper, _mm_set1_epi8(0x20))));
			w |= (uint64_t)(unsigned)_mm_movemask_epi8(is_word) << (16 * c);
			a |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\''))) << (16 * c);
		}
		word[k + 1] = w;
		apos[k + 1] = a;
	}
	const unsigned char *bytes = fold ? folded : (const unsigned char *)text;
	reserve_hashes(s, n / 2 + 1);	/* tokens are apart: at most one per two bytes, rounded up */
	uint64_t *out = s->hashes + s->nhashes;
	size_t start = 0;
	uint64_t carry = 0;	/* the bit before the block: inside a token */
	for (size_t k = 1; k <= nblocks; k++) {
		uint64_t w = word[k];
		uint64_t before = w << 1 | word[k - 1] >> 63, after = w >> 1 | word[k + 1] << 63;
		uint64_t t = w | (apos[k] & before & after);
		uint64_t edges = t ^ (t << 1 | carry);
		carry = t >> 63;
		size_t base = 64 * (k - 1);
		while (edges) {
			size_t i = base + (size_t)__builtin_ctzll(edges);
			edges &= edges - 1;
			if (t >> (i - base) & 1)
				start = i;
			else
				*out++ = XXH3_64bits_withSeed(bytes + start, i - start, seed);
		}
	}
	if (carry)	/* a token up to the end of a text of whole blocks */
		*out++ = XXH3_64bits_withSeed(bytes + start, n - start, seed);
	s->nhashes = (size_t)(out - s->hashes);
	return true;
}

/* The xxh3 mode's hash of each token of t into hv. */
static void token_hashes(const struct ds_tokens *t, uint64_t seed, uint64_t *hv)
{
	for (size_t j = 0; j < t->n; j++)
		hv[j] = XXH3_64bits_withSeed(ds_tok_at(t, j), t->len[j], seed);
}

/* The shingle hashes of the xxh3 mode, from the token hashes hv[0..ntok) in
 * place: a rolling polynomial, shingle k written over token k once read,
 * H_k = sum of hv[k+i] K^(ngram-1-i) for i < ngram, then mixed. Returns the
 * number of shingles (ngram <= ntok). */
static size_t roll_shingles(uint64_t *hv, size_t ntok, size_t ngram)
{
	uint64_t top = 1, roll = 0;
	for (size_t i = 0; i < ngram; i++) {
		roll = roll * ROLL_K + hv[i];
		top *= i ? ROLL_K : 1;
	}
	for (size_t k = 0;; k++) {
		uint64_t old = hv[k];
		hv[k] = ds_mix64(roll);
		if (k + ngram >= ntok)
			break;
		roll = (roll - old * top) * ROLL_K + hv[k + ngram];
	}
	return ntok - ngram + 1;
}

/* Sort a[0..n) and drop repeats; returns the new n. The fingerprints are
 * uniform, so a bucket sort takes linear time: each value to bucket
 * v * n / 2^32 of n (counts: room for n + 1), the buckets in order into tmp
 * (room for n), then insertion, which finds each value at most a few places
 * from its own. Unlike a comparison sort, no branch on the random values. */
static size_t sort_unique(uint32_t *a, uint32_t *tmp, uint32_t *counts, size_t n)
{
	if (n > 16) {
		memset(counts, 0, (n + 1) * sizeof *counts);
		for (size_t i = 0; i < n; i++)
			counts[((uint64_t)a[i] * n >> 32) + 1]++;
		for (size_t b = 1; b <= n; b++)
			counts[b] += counts[b - 1];
		for (size_t i = 0; i < n; i++)
			tmp[counts[(uint64_t)a[i] * n >> 32]++] = a[i];
		memcpy(a, tmp, n * sizeof *a);
	}
	for (size_t i = 1; i < n; i++) {
		uint32_t v = a[i];
		size_t k = i;
		for (; k > 0 && a[k - 1] > v; k--)
			a[k] = a[k - 1];
		a[k] = v;
	}
	size_t m = n ? 1 : 0;
	for (size_t i = 1; i < n; i++)
		if (a[i] != a[m - 1])
			a[m++] = a[i];
	return m;
}

/* The shingle set of a record: the high 32 bits of its xxh3-mode shingle
 * hashes hv[0..nh), sorted, without repeats, into s->set (s->nset). */
static void set_of(struct dd_scratch *s, const uint64_t *hv, size_t nh)
{
	if (s->set_cap < nh) {
		s->set_cap = nh;
		s->set = ds_reallocarray(s->set, nh, sizeof *s->set);
		s->set_tmp = ds_reallocarray(s->set_tmp, nh, sizeof *s->set_tmp);
		s->set_counts = ds_reallocarray(s->set_counts, nh + 1, sizeof *s->set_counts);
	}
	for (size_t k = 0; k < nh; k++)
		s->set[k] = (uint32_t)(hv[k] >> 32);
	s->nset = sort_unique(s->set, s->set_tmp, s->set_counts, nh);
}

/* The shingle hashes of text[0..n) into s->hashes. */
static void shingle_hashes(const struct dd_hasher *h, struct dd_scratch *s, const char *text, size_t n)
{
	const struct dd_sigparams *p = &h->p;
	const struct ds_tokens *t = &s->tok;
	s->nhashes = 0;
	s->nset = 0;
	bool fast = p->hash == DD_HASH_XXH3 && p->shingle == DD_SHINGLE_WORDS &&
		    p->tokenizer == DS_TOK_WORDS && ascii_word_hashes(s, text, n, p->fold, p->seed);
	if (!fast) {
		if (p->shingle == DD_SHINGLE_WORDS)
			ds_tokenize((int)p->tokenizer, (int)p->fold, text, n, &s->tok);
		else
			ds_tokenize(DS_TOK_CHARS, 0, text, n, &s->tok);
	}
	size_t ntok = fast ? s->nhashes : t->n, ngram = p->ngram;
	if (ntok < p->min_tokens || ntok == 0) {
		s->nhashes = 0;
		return;
	}
	if (ntok < ngram)
		ngram = ntok;	/* one shingle: the whole sequence */
	if (p->hash == DD_HASH_DATASKETCH) {
		const char *sep = p->shingle == DD_SHINGLE_WORDS ? " " : "";
		for (size_t i = 0; i + ngram <= ntok; i++)
			push_hash(s, joined_sha1(s, i, ngram, sep));
		if (p->sets) {
			/* the set of the xxh3 mode's shingle hashes, whatever the hash */
			if (s->tokhash_cap < ntok) {
				s->tokhash_cap = ntok;
				s->tokhash = ds_reallocarray(s->tokhash, ntok, sizeof *s->tokhash);
			}
			token_hashes(t, p->seed, s->tokhash);
			set_of(s, s->tokhash, roll_shingles(s->tokhash, ntok, ngram));
		}
		return;
	}
	if (!fast) {
		reserve_hashes(s, ntok);
		token_hashes(t, p->seed, s->hashes);
	}
	s->nhashes = roll_shingles(s->hashes, ntok, ngram);
	if (p->sets)
		set_of(s, s->hashes, s->nhashes);
}

/* The minimum over shingles of each permutation. The loop vectorizes; the
 * AVX2 clone is chosen at run time (the baseline build stays x86-64). */
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

/* The xxh3 mode: value i of a shingle hash x is (x ^ xor_i) * mul_i mod 2^32
 * with odd mul_i, a bijection of 32-bit values per permutation, so over
 * random x (xxh3 outputs) the minimum falls on each shingle alike. Both
 * versions keep running minima in registers (4 in SSE2, DD_PERM_GROUP in
 * AVX2) while the shingles go by, once per group of permutations (perm is
 * padded to a multiple of DD_PERM_GROUP; the hashes are few and stay in the
 * L1 cache). */
static void minhash_xxh3_sse2(const uint32_t *xr, const uint32_t *mul, uint32_t perm,
			      const uint64_t *hv, size_t nh, uint32_t *sig)
{
	/* SSE2 has neither a 32-bit low multiply nor an unsigned minimum: the
	 * first from two 32x32->64 multiplies, the second by comparing with the
	 * sign bits flipped. */
	const __m128i flip = _mm_set1_epi32(INT32_MIN);
	for (uint32_t i = 0; i < perm; i += 4) {
		__m128i c = _mm_loadu_si128((const __m128i *)(xr + i));
		__m128i m = _mm_loadu_si128((const __m128i *)(mul + i));
		__m128i m_odd = _mm_srli_epi64(m, 32);
		__m128i lo = _mm_set1_epi32(-1);	/* the minimum, sign bits flipped */
		lo = _mm_xor_si128(lo, flip);
		for (size_t j = 0; j < nh; j++) {
			__m128i x = _mm_xor_si128(_mm_set1_epi32((int)(uint32_t)hv[j]), c);
			__m128i even = _mm_mul_epu32(x, m);
			__m128i odd = _mm_mul_epu32(_mm_srli_epi64(x, 32), m_odd);
			__m128i v = _mm_unpacklo_epi32(_mm_shuffle_epi32(even, _MM_SHUFFLE(0, 0, 2, 0)),
						       _mm_shuffle_epi32(odd, _MM_SHUFFLE(0, 0, 2, 0)));
			v = _mm_xor_si128(v, flip);
			__m128i less = _mm_cmplt_epi32(v, lo);
			lo = _mm_or_si128(_mm_and_si128(less, v), _mm_andnot_si128(less, lo));
		}
		_mm_storeu_si128((__m128i *)(sig + i), _mm_xor_si128(lo, flip));
	}
}

__attribute__((target("avx2")))
static void minhash_xxh3_avx2(const uint32_t *xr, const uint32_t *mul, uint32_t perm,
			      const uint64_t *hv, size_t nh, uint32_t *sig)
{
	for (uint32_t i = 0; i < perm; i += 32) {
		__m256i c0 = _mm256_loadu_si256((const __m256i *)(xr + i));
		__m256i c1 = _mm256_loadu_si256((const __m256i *)(xr + i + 8));
		__m256i c2 = _mm256_loadu_si256((const __m256i *)(xr + i + 16));
		__m256i c3 = _mm256_loadu_si256((const __m256i *)(xr + i + 24));
		__m256i m0 = _mm256_loadu_si256((const __m256i *)(mul + i));
		__m256i m1 = _mm256_loadu_si256((const __m256i *)(mul + i + 8));
		__m256i m2 = _mm256_loadu_si256((const __m256i *)(mul + i + 16));
		__m256i m3 = _mm256_loadu_si256((const __m256i *)(mul + i + 24));
		__m256i s0 = _mm256_set1_epi32(-1), s1 = s0, s2 = s0, s3 = s0;
		for (size_t j = 0; j < nh; j++) {
			__m256i x = _mm256_set1_epi32((int)(uint32_t)hv[j]);
			s0 = _mm256_min_epu32(s0, _mm256_mullo_epi32(_mm256_xor_si256(x, c0), m0));
			s1 = _mm256_min_epu32(s1, _mm256_mullo_epi32(_mm256_xor_si256(x, c1), m1));
			s2 = _mm256_min_epu32(s2, _mm256_mullo_epi32(_mm256_xor_si256(x, c2), m2));
			s3 = _mm256_min_epu32(s3, _mm256_mullo_epi32(_mm256_xor_si256(x, c3), m3));
		}
		_mm256_storeu_si256((__m256i *)(sig + i), s0);
		_mm256_storeu_si256((__m256i *)(sig + i + 8), s1);
		_mm256_storeu_si256((__m256i *)(sig + i + 16), s2);
		_mm256_storeu_si256((__m256i *)(sig + i + 24), s3);
	}
}

static void minhash(const struct dd_hasher *h, struct dd_scratch *s, uint32_t *sig)
{
	const uint64_t *hv = s->hashes;
	size_t nh = s->nhashes;
	if (h->p.hash == DD_HASH_DATASKETCH) {
		for (uint32_t i = 0; i < h->p.perm; i++)
			sig[i] = UINT32_MAX;
		minhash_datasketch(h->a, h->b, h->p.perm, hv, nh, sig);
		return;
	}
	size_t padded = (h->p.perm + DD_PERM_GROUP - 1) / DD_PERM_GROUP * DD_PERM_GROUP;
	if (s->sig_cap < padded) {
		s->sig_cap = padded;
		s->sig = ds_reallocarray(s->sig, padded, sizeof *s->sig);
	}
	if (h->avx2)
		minhash_xxh3_avx2(h->xr, h->mul, (uint32_t)padded, hv, nh, s->sig);
	else
		minhash_xxh3_sse2(h->xr, h->mul, (uint32_t)padded, hv, nh, s->sig);
	memcpy(sig, s->sig, h->p.perm * sizeof *sig);
}

void dd_entry_fill(const struct dd_hasher *h, struct dd_scratch *s,
		   const char *text, size_t n, struct dd_entry *e)
{
	const struct dd_sigparams *p = &h->p;
	e->flags = 0;
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
	shingle_hashes(h, s, text, n);
	if (s->nhashes)
		e->flags |= DD_ENTRY_SHINGLES;
	e->nset = (uint32_t)s->nset;
	minhash(h, s, e->sig);
	/* the padding of an odd perm, so files are byte-identical */
	if (p->perm & 1)
		e->sig[p->perm] = 0;
}

double dd_jaccard(const uint32_t *x, const uint32_t *y, uint32_t perm)
{
	/* equal lanes are -1: subtracting them counts them */
	__m128i count = _mm_setzero_si128();
	uint32_t i = 0;
	for (; i + 4 <= perm; i += 4)
		count = _mm_sub_epi32(count, _mm_cmpeq_epi32(_mm_loadu_si128((const __m128i *)(x + i)),
							    _mm_loadu_si128((const __m128i *)(y + i))));
	uint32_t lanes[4], same = 0;
	_mm_storeu_si128((__m128i *)lanes, count);
	same = lanes[0] + lanes[1] + lanes[2] + lanes[3];
	for (; i < perm; i++)
		same += x[i] == y[i];
	return (double)same / perm;
}

double dd_set_jaccard(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	if (!na && !nb)
		return 1.0;	/* as two empty signatures estimate */
	size_t i = 0, k = 0, common = 0;
	while (i < na && k < nb) {
		if (a[i] == b[k]) {
			common++;
			i++;
			k++;
		} else if (a[i] < b[k]) {
			i++;
		} else {
			k++;
		}
	}
	return (double)common / (double)(na + nb - common);
}
