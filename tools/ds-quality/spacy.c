/* spacy.c: spaCy 3.8's English tokenizer rules, replayed with PCRE2.
 *
 * spacy/tokenizer.pyx in C: split at white space (a single ' ' after a token
 * is absorbed, longer runs become whitespace tokens), take a chunk whole if it
 * is a special case, else strip prefixes and suffixes one at a time (stopping
 * when the rest is a special case), keep a URL whole, split the rest at
 * infixes; then the special-case matcher retokenizes the token sequences that
 * spell a special case containing affixes ("e.g.", ":)"). Like spaCy, each
 * thread caches the tokens of the chunks it has seen.
 *
 * Most chunks are ASCII letters only; no affix or URL pattern matches them,
 * so they are one token unless a special case: one table lookup. White space
 * is found 16 bytes at a time. Tokens that may begin a matcher pattern are
 * noted as they are made, so the matcher looks at those alone. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <emmintrin.h>
#include <pcre2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "bytes.h"
#include "hash.h"
#include "pyuc.h"
#include "spacy.h"
#include "util.h"
#include "tables.h"

#define NSPECIALS (sizeof spacy_specials / sizeof spacy_specials[0])
#define NSENT (sizeof spacy_sent_punct / sizeof spacy_sent_punct[0])

static pcre2_code *re_prefix, *re_suffix, *re_infix, *re_url;

/* The special-case matcher: specials whose text contains an affix, as the
 * token texts the affix rules alone give them, indexed by first token. */
struct pattern {
	int special;		/* index into spacy_specials */
	int ntok;
	const char **tok;	/* token texts (not NUL-terminated) */
	uint32_t *toklen;
	int next;		/* next pattern with the same first-token hash slot */
	int head;		/* the pattern that stands for its first token */
	int single;		/* (a head's) the one-token pattern of its first token */
	int next_pair;		/* next pattern in its pair slot */
};
static struct pattern *patterns;
static int npatterns;
#define MATCH_SLOTS 1024
static int match_head[MATCH_SLOTS];
/* Patterns of two tokens or more by their first token's head and the first
 * 8 bytes and length of their second token (pair_slot). */
#define PAIR_SLOTS 4096
static int pair_head[PAIR_SLOTS];

/* The pair slot of head h and a second token s[0..n) (DSQ_PAD after it). */
static inline unsigned pair_slot(int h, const char *s, size_t n)
{
	uint64_t k = ds_get_u64((const unsigned char *)s);
	if (n < 8)
		k &= (UINT64_C(1) << (8 * n)) - 1;
	k = (k ^ (uint64_t)h << 40 ^ (uint64_t)n << 32) * 0x9E3779B97F4A7C15ULL;
	return (unsigned)(k >> 52);
}

/* The pieces of each special case: their DSQ_TOK_* flags, and the first
 * of the patterns each begins (-1: none). */
static unsigned char special_flags[NSPECIALS][4];
static int special_begins[NSPECIALS][4];

/* The sentencizer's classes of the ASCII characters. */
static bool ascii_punct[0x80], ascii_sent_punct[0x80];

struct span { uint32_t off, len; };

struct dsq_spacy {
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit;
	struct span *pre, *suf;		/* affixes of the chunk being split */
	size_t npre, nsuf, cap_pre, cap_suf;
	struct dsq_toks tmp;		/* before the matcher pass */
	/* its tokens that begin patterns: index, then the first such pattern */
	uint32_t *firsts;
	size_t nfirsts, cap_firsts;
	uint64_t *wsbits, *nlbits;	/* per byte: white space; in a chunk, not an ASCII letter */
	size_t cap_bits;
	struct { int start, end, special; } *m;	/* matcher hits */
	size_t nm, cap_m;
	unsigned char *seen;
	size_t cap_seen;
	/* Chunk cache, like spaCy's own: a chunk's tokens depend on its bytes
	 * alone. Entries index the key bytes and the pieces (offset relative
	 * to the chunk, length << 2 | flags, the first pattern the piece begins
	 * + 1); everything is dropped when full. */
	struct centry { uint32_t h, key, klen, piece, npiece; } *ctab;
	struct ds_buf ckeys;
	uint32_t *cpieces;
	size_t ncpieces, cap_cpieces, nentries;
};

#define CACHE_SLOTS 65536	/* a power of two; at most half used */
#define CACHE_KEY_BYTES (4u << 20)

void dsq_toks_free(struct dsq_toks *t)
{
	free(t->off);
	free(t->len);
	free(t->flags);
	memset(t, 0, sizeof *t);
}

static void toks_grow(struct dsq_toks *t, size_t more)
{
	t->cap = 2 * (t->n + more) + 64;
	t->off = ds_reallocarray(t->off, t->cap, sizeof *t->off);
	t->len = ds_reallocarray(t->len, t->cap, sizeof *t->len);
	t->flags = ds_reallocarray(t->flags, t->cap, 1);
}

/* Room for more tokens. */
static inline void toks_reserve(struct dsq_toks *t, size_t more)
{
	if (t->n + more > t->cap)
		toks_grow(t, more);
}

/* Append a token (room reserved). */
static inline void toks_put(struct dsq_toks *t, uint32_t off, uint32_t len, unsigned flags)
{
	t->off[t->n] = off;
	t->len[t->n] = len;
	t->flags[t->n] = (unsigned char)flags;
	t->n++;
}

static void toks_push(struct dsq_toks *t, uint32_t off, uint32_t len, unsigned flags)
{
	toks_reserve(t, 1);
	toks_put(t, off, len, flags);
}

/* Note token i of sp->tmp as beginning pattern pi and those after it
 * with the same first token. */
static inline void note_first(struct dsq_spacy *sp, size_t i, int pi)
{
	if (sp->nfirsts == sp->cap_firsts) {
		sp->cap_firsts = sp->cap_firsts ? 2 * sp->cap_firsts : 64;
		sp->firsts = ds_reallocarray(sp->firsts, sp->cap_firsts, 2 * sizeof *sp->firsts);
	}
	sp->firsts[2 * sp->nfirsts] = (uint32_t)i;
	sp->firsts[2 * sp->nfirsts++ + 1] = (uint32_t)pi;
}

static pcre2_code *compile(const char *pattern)
{
	int err;
	PCRE2_SIZE at;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
				       PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK, &err, &at, NULL);
	if (!re) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(err, msg, sizeof msg);
		ds_die(DS_EXIT_USAGE, "spaCy pattern at offset %zu: %s", (size_t)at, msg);
	}
	pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

/* The special cases by hash: open addressing over spacy_specials indices. */
#define SPECIAL_SLOTS 4096
static int special_slot[SPECIAL_SLOTS];
static uint32_t special_len[NSPECIALS], special_max_len;

/* Quick rejection before hashing: a bit per (first byte, last byte,
 * length) that some string of a set has, the bytes' low 7 bits and lengths
 * from 16 on sharing a value. */
#define MAYBE_BITS (1u << 18)
static uint64_t special_maybe[MAYBE_BITS / 64], match_maybe[MAYBE_BITS / 64];

static inline uint32_t maybe_key(const char *s, size_t n)
{
	return ((uint32_t)s[0] & 0x7F) << 11 | ((uint32_t)s[n - 1] & 0x7F) << 4 |
	       (uint32_t)(n < 16 ? n - 1 : 15);
}

static inline void maybe_add(uint64_t *set, const char *s, size_t n)
{
	uint32_t k = maybe_key(s, n);
	set[k / 64] |= 1ull << (k % 64);
}

static inline bool maybe_has(const uint64_t *set, const char *s, size_t n)
{
	uint32_t k = maybe_key(s, n);
	return set[k / 64] >> (k % 64) & 1;
}

static uint32_t fnv1a(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static int special_find(const char *s, size_t n)
{
	if (n == 0 || n > special_max_len || !maybe_has(special_maybe, s, n))
		return -1;
	for (uint32_t i = fnv1a(s, n) % SPECIAL_SLOTS;; i = (i + 1) % SPECIAL_SLOTS) {
		int k = special_slot[i];
		if (k < 0)
			return -1;
		if (special_len[k] == n && memcmp(spacy_specials[k].text, s, n) == 0)
			return k;
	}
}

static void special_index(void)
{
	for (int i = 0; i < SPECIAL_SLOTS; i++)
		special_slot[i] = -1;
	for (size_t k = 0; k < NSPECIALS; k++) {
		uint32_t n = (uint32_t)strlen(spacy_specials[k].text), i;
		special_len[k] = n;
		if (n > special_max_len)
			special_max_len = n;
		maybe_add(special_maybe, spacy_specials[k].text, n);
		for (i = fnv1a(spacy_specials[k].text, n) % SPECIAL_SLOTS; special_slot[i] >= 0;
		     i = (i + 1) % SPECIAL_SLOTS)
			;
		special_slot[i] = (int)k;
	}
}

static unsigned slot_of(const char *s, size_t n)
{
	return fnv1a(s, n) % MATCH_SLOTS;
}

/* The first pattern whose first token is s[0..n), or -1. */
static int begins(const char *s, size_t n)
{
	if (!n || !maybe_has(match_maybe, s, n))
		return -1;
	for (int pi = match_head[slot_of(s, n)]; pi >= 0; pi = patterns[pi].next)
		if (patterns[pi].toklen[0] == n && memcmp(patterns[pi].tok[0], s, n) == 0)
			return pi;
	return -1;
}

/* Whether s[0..n) is ASCII letters only. */
static bool all_letters(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned)((s[i] | 0x20) - 'a') >= 26u)
			return false;
	return true;
}

/* The bytes of s[0..n), n <= 8, as a number; s has DSQ_PAD bytes after it. */
static inline uint64_t packed(const char *s, size_t n)
{
	uint64_t k = ds_get_u64((const unsigned char *)s);
	return n == 8 ? k : k & ((UINT64_C(1) << (8 * n)) - 1);
}

/* Chunks of up to 8 ASCII letters, most of the text, by their packed bytes
 * (no two differ by length alone: a letter is never 0): the special case
 * they are, if any, and whether they begin a pattern. */
#define LETTER_SLOTS 2048
static struct { uint64_t key; int special, begins; } letter_table[LETTER_SLOTS];
/* The longest special case, and first token of a pattern, of letters only. */
static size_t letters_special_max, letters_begins_max;

static inline unsigned letter_slot(uint64_t key)
{
	return (unsigned)((key * 0x9E3779B97F4A7C15ULL) >> 53);
}

static void letter_add(const char *s, size_t n, int special, int pattern)
{
	char pad[8 + DSQ_PAD] = {0};
	memcpy(pad, s, n);
	uint64_t key = packed(pad, n);
	unsigned i = letter_slot(key);
	while (letter_table[i].key && letter_table[i].key != key)
		i = (i + 1) % LETTER_SLOTS;
	if (!letter_table[i].key) {
		letter_table[i].key = key;
		letter_table[i].special = letter_table[i].begins = -1;
	}
	if (special >= 0)
		letter_table[i].special = special;
	if (pattern >= 0)
		letter_table[i].begins = pattern;
}

/* pcre2_match over s[0..n) from start; when a long chunk outgrows the JIT
 * stack, the interpreter (heap frames) tries again, so no match is lost. */
static int match(struct dsq_spacy *sp, pcre2_code *re, const char *s, size_t n, size_t start)
{
	int rc = pcre2_match(re, (PCRE2_SPTR)s, n, start, PCRE2_NO_UTF_CHECK, sp->md, sp->mctx);
	if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
		rc = pcre2_match(re, (PCRE2_SPTR)s, n, start, PCRE2_NO_UTF_CHECK | PCRE2_NO_JIT,
				 sp->md, sp->mctx);
	return rc;
}

/* Length of the match of re in s[0..n), or 0 (spaCy's find_prefix/suffix). */
static size_t affix_len(struct dsq_spacy *sp, pcre2_code *re, const char *s, size_t n)
{
	int rc = match(sp, re, s, n, 0);
	if (rc < 0)
		return 0;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sp->md);
	return ov[1] - ov[0];
}

/* find_suffix: the leftmost match of the suffix pattern, which ends at the
 * end. Every suffix alternative spans a few characters, but for \.\.+ over a
 * run of dots, so the search can start near the end (before the final dot
 * run): the same match, without scanning a long chunk from its start. */
#define SUFFIX_REACH 32	/* bytes; more than any bounded alternative spans */
static size_t suffix_len(struct dsq_spacy *sp, const char *s, size_t n)
{
	size_t from = n;
	while (from > 0 && s[from - 1] == '.')
		from--;
	from = from > SUFFIX_REACH ? from - SUFFIX_REACH : 0;
	while (from > 0 && ((unsigned char)s[from] & 0xC0) == 0x80)
		from--;
	int rc = match(sp, re_suffix, s, n, from);
	if (rc < 0)
		return 0;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sp->md);
	return ov[1] - ov[0];
}

static bool url_match(struct dsq_spacy *sp, const char *s, size_t n)
{
	return match(sp, re_url, s, n, 0) >= 0;
}

static void push_special(struct dsq_toks *out, uint32_t off, int special)
{
	const struct spacy_special *sc = &spacy_specials[special];
	toks_reserve(out, (size_t)sc->n);
	for (int i = 0; i < sc->n; i++) {
		toks_put(out, off, sc->len[i], special_flags[special][i]);
		off += sc->len[i];
	}
}

static void push_span(struct span **v, size_t *n, size_t *cap, uint32_t off, uint32_t len)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 16;
		*v = ds_reallocarray(*v, *cap, sizeof **v);
	}
	(*v)[*n].off = off;
	(*v)[*n].len = len;
	(*n)++;
}

/* Infix splitting of text[off..off+n) (Tokenizer._attach_tokens). */
static void split_infixes(struct dsq_spacy *sp, const char *text, uint32_t off, uint32_t n,
			  struct dsq_toks *out)
{
	const char *s = text + off;
	PCRE2_SIZE pos = 0, start = 0;
	bool any = false;
	while (pos <= n) {
		int rc = match(sp, re_infix, s, n, pos);
		if (rc < 0)
			break;
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sp->md);
		PCRE2_SIZE ms = ov[0], me = ov[1];
		any = true;
		/* every infix pattern consumes at least one character */
		pos = me > ms ? me : me + 1;
		if (ms == 0)	/* an infix at the very start is skipped */
			continue;
		if (ms != start)
			toks_push(out, off + (uint32_t)start, (uint32_t)(ms - start), 0);
		if (ms != me)
			toks_push(out, off + (uint32_t)ms, (uint32_t)(me - ms), 0);
		start = me;
	}
	if (!any)
		toks_push(out, off, n, 0);
	else if (start < n)
		toks_push(out, off + (uint32_t)start, n - (uint32_t)start, 0);
}

/* One non-space chunk (Tokenizer._tokenize without the cache). */
static void tokenize_chunk(struct dsq_spacy *sp, const char *text, uint32_t off, uint32_t n,
			   bool specials, struct dsq_toks *out)
{
	int sc;
	if (specials && (sc = special_find(text + off, n)) >= 0) {
		push_special(out, off, sc);
		return;
	}
	sp->npre = sp->nsuf = 0;
	uint32_t s = off, len = n, last = 0;
	while (len && len != last) {
		if (specials && special_find(text + s, len) >= 0)
			break;
		last = len;
		uint32_t pre = (uint32_t)affix_len(sp, re_prefix, text + s, len);
		if (pre && specials && len > pre && special_find(text + s + pre, len - pre) >= 0) {
			push_span(&sp->pre, &sp->npre, &sp->cap_pre, s, pre);
			s += pre;
			len -= pre;
			break;
		}
		uint32_t suf = (uint32_t)suffix_len(sp, text + s, len);
		if (suf && specials && len > suf && special_find(text + s, len - suf) >= 0) {
			push_span(&sp->suf, &sp->nsuf, &sp->cap_suf, s + len - suf, suf);
			len -= suf;
			break;
		}
		if (pre && suf && pre + suf <= len) {
			push_span(&sp->pre, &sp->npre, &sp->cap_pre, s, pre);
			push_span(&sp->suf, &sp->nsuf, &sp->cap_suf, s + len - suf, suf);
			s += pre;
			len -= pre + suf;
		} else if (pre) {
			push_span(&sp->pre, &sp->npre, &sp->cap_pre, s, pre);
			s += pre;
			len -= pre;
		} else if (suf) {
			push_span(&sp->suf, &sp->nsuf, &sp->cap_suf, s + len - suf, suf);
			len -= suf;
		}
	}
	for (size_t i = 0; i < sp->npre; i++)
		toks_push(out, sp->pre[i].off, sp->pre[i].len, 0);
	if (len) {
		if (specials && (sc = special_find(text + s, len)) >= 0)
			push_special(out, s, sc);
		else if (url_match(sp, text + s, len))
			toks_push(out, s, len, 0);
		else
			split_infixes(sp, text, s, len, out);
	}
	for (size_t i = sp->nsuf; i-- > 0;)
		toks_push(out, sp->suf[i].off, sp->suf[i].len, 0);
}

/* The cache's hash of chunk s[0..n) (DSQ_PAD bytes after it). */
static uint32_t chunk_hash(const char *s, size_t n)
{
	uint64_t h;
	if (n <= 8)
		h = packed(s, n);
	else if (n <= 16)
		h = ds_get_u64((const unsigned char *)s) ^
		    ds_mix64(ds_get_u64((const unsigned char *)s + n - 8));
	else
		return (uint32_t)ds_hash64(s, n, 0);
	return (uint32_t)(ds_mix64(h ^ n) >> 32);
}

/* A chunk of ASCII letters alone: one token unless it is a special case,
 * for no prefix, suffix, infix or URL pattern matches letters only. */
static inline __attribute__((always_inline)) void
letters_chunk(struct dsq_spacy *sp, const char *text, uint32_t off, uint32_t n, struct dsq_toks *out)
{
	const char *s = text + off;
	int sc, pi;
	if (n <= 8) {
		uint64_t key = packed(s, n);
		unsigned i = letter_slot(key);
		while (letter_table[i].key && letter_table[i].key != key)
			i = (i + 1) % LETTER_SLOTS;
		sc = letter_table[i].key ? letter_table[i].special : -1;
		pi = letter_table[i].key ? letter_table[i].begins : -1;
	} else {
		sc = n <= letters_special_max ? special_find(s, n) : -1;
		pi = sc < 0 && n <= letters_begins_max ? begins(s, n) : -1;
	}
	if (sc >= 0) {
		size_t at = out->n;
		push_special(out, off, sc);
		for (int k = 0; k < spacy_specials[sc].n; k++)
			if (special_begins[sc][k] >= 0)
				note_first(sp, at + (size_t)k, special_begins[sc][k]);
		return;
	}
	if (pi >= 0)
		note_first(sp, out->n, pi);
	toks_put(out, off, n, DSQ_TOK_LETTERS);
}

/* Any other chunk: tokenize_chunk through the cache. */
static void chunk_cached(struct dsq_spacy *sp, const char *text, uint32_t off, uint32_t n,
			 struct dsq_toks *out)
{
	const char *s = text + off;
	if (!sp->ctab)
		sp->ctab = ds_calloc(CACHE_SLOTS, sizeof *sp->ctab);
	uint32_t h = chunk_hash(s, n) | 1, i;
	for (i = h & (CACHE_SLOTS - 1); sp->ctab[i].h; i = (i + 1) & (CACHE_SLOTS - 1)) {
		const struct centry *e = &sp->ctab[i];
		if (e->h == h && e->klen == n && memcmp(sp->ckeys.data + e->key, s, n) == 0) {
			const uint32_t *pc = sp->cpieces + 3 * e->piece;
			for (uint32_t k = 0; k < e->npiece; k++, pc += 3) {
				if (pc[2])
					note_first(sp, out->n, (int)pc[2] - 1);
				toks_put(out, off + pc[0], pc[1] >> 2, pc[1] & 3);
			}
			return;
		}
	}
	size_t first = out->n;
	tokenize_chunk(sp, text, off, n, true, out);
	if (sp->nentries >= CACHE_SLOTS / 2 || sp->ckeys.len + n > CACHE_KEY_BYTES) {
		memset(sp->ctab, 0, CACHE_SLOTS * sizeof *sp->ctab);
		sp->nentries = sp->ncpieces = 0;
		ds_buf_reset(&sp->ckeys);
		for (i = h & (CACHE_SLOTS - 1); sp->ctab[i].h; i = (i + 1) & (CACHE_SLOTS - 1))
			;
	}
	size_t np = out->n - first;
	if (sp->ncpieces + np > sp->cap_cpieces) {
		sp->cap_cpieces = 2 * (sp->ncpieces + np);
		sp->cpieces = ds_reallocarray(sp->cpieces, sp->cap_cpieces, 3 * sizeof *sp->cpieces);
	}
	struct centry *e = &sp->ctab[i];
	e->h = h;
	e->key = (uint32_t)sp->ckeys.len;
	e->klen = n;
	e->piece = (uint32_t)sp->ncpieces;
	e->npiece = (uint32_t)np;
	ds_buf_add(&sp->ckeys, s, n);
	for (size_t k = first; k < out->n; k++) {
		const char *t = text + out->off[k];
		unsigned flags = out->flags[k];
		if (!(flags & DSQ_TOK_SPACE) && all_letters(t, out->len[k]))
			flags |= DSQ_TOK_LETTERS;
		int pi = begins(t, out->len[k]);
		if (pi >= 0)
			note_first(sp, k, pi);
		out->flags[k] = (unsigned char)flags;
		uint32_t *pc = sp->cpieces + 3 * sp->ncpieces++;
		pc[0] = out->off[k] - off;
		pc[1] = out->len[k] << 2 | flags;
		pc[2] = (uint32_t)(pi + 1);
	}
	sp->nentries++;
}

/* Bytes b of a 16-byte block with lo <= b <= hi. */
static inline __m128i in_range(__m128i v, unsigned char lo, unsigned char hi)
{
	__m128i d = _mm_sub_epi8(v, _mm_set1_epi8((char)lo));
	return _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8((char)(hi - lo))), d);
}

/* The bitmaps of text[0..n), a bit per byte: white space (str.isspace, every
 * byte of the character) in sp->wsbits, anything else but an ASCII letter
 * in sp->nlbits. Bits from n on are clear. */
static void classify(struct dsq_spacy *sp, const char *text, size_t n)
{
	size_t nw = n / 64 + 1;
	if (nw > sp->cap_bits) {
		sp->cap_bits = 2 * nw;
		sp->wsbits = ds_reallocarray(sp->wsbits, sp->cap_bits, sizeof *sp->wsbits);
		sp->nlbits = ds_reallocarray(sp->nlbits, sp->cap_bits, sizeof *sp->nlbits);
	}
	uint64_t carry = 0;	/* white-space bytes of a character begun in the word before */
	for (size_t w = 0; w < nw; w++) {
		size_t base = w * 64;
		uint64_t ws = 0, nl = 0, hi = 0;
		for (size_t k = 0; k < 64 && base + k < n; k += 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(text + base + k));
			__m128i space = _mm_or_si128(in_range(v, 0x09, 0x0D), in_range(v, 0x1C, 0x20));
			__m128i letter = in_range(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 'z');
			ws |= (uint64_t)(unsigned)_mm_movemask_epi8(space) << k;
			nl |= (uint64_t)(~(unsigned)_mm_movemask_epi8(letter) & 0xFFFF) << k;
			hi |= (uint64_t)(unsigned)_mm_movemask_epi8(v) << k;
		}
		size_t valid = n - base < 64 ? n - base : 64;
		uint64_t in_text = valid == 64 ? ~UINT64_C(0) : (UINT64_C(1) << valid) - 1;
		ws = (ws & in_text) | carry;
		nl &= in_text;
		carry = 0;
		/* the white space beyond ASCII starts with 0xC2 (U+0085, U+00A0),
		 * 0xE1 (U+1680), 0xE2 (U+2000 ...) or 0xE3 (U+3000) */
		for (uint64_t m = hi & in_text; m; m &= m - 1) {
			size_t at = (size_t)__builtin_ctzll(m);
			unsigned char b = (unsigned char)text[base + at];
			uint32_t c;
			if (b < 0xC2 || b > 0xE3)
				continue;
			int k = pyuc_decode(text + base + at, &c);
			if (!pyuc_isspace(c))
				continue;
			uint64_t bytes = (UINT64_C(1) << k) - 1;
			ws |= bytes << at;
			if (at + (size_t)k > 64)
				carry = bytes >> (64 - at);
		}
		sp->wsbits[w] = ws;
		sp->nlbits[w] = nl & ~ws;
	}
}

/* The first set bit of bm at or after from, or n. */
static inline size_t next_set(const uint64_t *bm, size_t from, size_t n)
{
	size_t w = from / 64;
	uint64_t m = bm[w] & (~UINT64_C(0) << (from % 64));
	while (!m) {
		if (++w * 64 >= n)
			return n;
		m = bm[w];
	}
	size_t at = w * 64 + (size_t)__builtin_ctzll(m);
	return at < n ? at : n;
}

/* A whitespace token of tokenize_affixes. */
static void space_token(struct dsq_spacy *sp, uint32_t off, uint32_t len, bool specials,
			const char *text, struct dsq_toks *out)
{
	toks_reserve(out, 1);
	int pi = specials ? begins(text + off, len) : -1;
	if (pi >= 0)
		note_first(sp, out->n, pi);
	toks_put(out, off, len, DSQ_TOK_SPACE);
}

/* One run of tokenize_affixes, [start, end): white space (ws), or a chunk;
 * *nonletter is the next byte of a chunk that is not an ASCII letter. */
static inline __attribute__((always_inline)) void
affix_run(struct dsq_spacy *sp, const char *text, size_t n, size_t start, size_t end, bool ws,
	  bool specials, size_t *nonletter, struct dsq_toks *out)
{
	if (ws) {
		/* one plain space after a chunk is the chunk's */
		size_t a = start > 0 && text[start] == ' ' ? start + 1 : start;
		if (a < end)
			space_token(sp, (uint32_t)a, (uint32_t)(end - a), specials, text, out);
		return;
	}
	if (!specials) {
		tokenize_chunk(sp, text, (uint32_t)start, (uint32_t)(end - start), false, out);
		return;
	}
	toks_reserve(out, end - start);	/* at most a token per byte */
	if (*nonletter < start)
		*nonletter = next_set(sp->nlbits, start, n);
	if (*nonletter >= end)
		letters_chunk(sp, text, (uint32_t)start, (uint32_t)(end - start), out);
	else
		chunk_cached(sp, text, (uint32_t)start, (uint32_t)(end - start), out);
}

/* Tokenizer._tokenize_affixes: chunks between white space, the runs found
 * where the white-space bitmap changes. text has DSQ_PAD bytes after it. */
static void tokenize_affixes(struct dsq_spacy *sp, const char *text, size_t n, bool specials,
			     struct dsq_toks *out)
{
	out->n = 0;
	sp->nfirsts = 0;
	if (n == 0)
		return;
	classify(sp, text, n);
	const uint64_t *ws = sp->wsbits;
	size_t nw = (n + 63) / 64, start = 0, nonletter = next_set(sp->nlbits, 0, n);
	bool in_ws = ws[0] & 1;
	uint64_t before = in_ws;	/* the bit before byte 0 is taken as byte 0's */
	for (size_t w = 0; w < nw; w++) {
		uint64_t change = ws[w] ^ (ws[w] << 1 | before);
		before = ws[w] >> 63;
		if (w == nw - 1 && n % 64)
			change &= (UINT64_C(1) << (n % 64)) - 1;
		for (; change; change &= change - 1) {
			size_t at = w * 64 + (size_t)__builtin_ctzll(change);
			affix_run(sp, text, n, start, at, in_ws, specials, &nonletter, out);
			start = at;
			in_ws = !in_ws;
		}
	}
	affix_run(sp, text, n, start, n, in_ws, specials, &nonletter, out);
}

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init(void)
{
	re_prefix = compile(spacy_prefix_re);
	re_suffix = compile(spacy_suffix_re);
	re_infix = compile(spacy_infix_re);
	re_url = compile(spacy_url_re);
	special_index();
	for (int i = 0; i < MATCH_SLOTS; i++)
		match_head[i] = -1;
	/* Tokenizer.add_special_case with faster_heuristics: the matcher gets the
	 * specials that contain a prefix, suffix, infix or a space. */
	struct dsq_spacy *sp = dsq_spacy_new();
	struct dsq_toks toks = {0};
	struct ds_buf padded = {0};
	patterns = ds_calloc(NSPECIALS, sizeof *patterns);
	for (size_t i = 0; i < NSPECIALS; i++) {
		const char *t = spacy_specials[i].text;
		size_t n = strlen(t);
		bool infix = match(sp, re_infix, t, n, 0) >= 0;
		if (!affix_len(sp, re_prefix, t, n) && !suffix_len(sp, t, n) && !infix &&
		    !memchr(t, ' ', n))
			continue;
		ds_buf_reset(&padded);
		ds_buf_add(&padded, t, n);
		ds_buf_grow(&padded, DSQ_PAD);
		memset(padded.data + n, 0, DSQ_PAD);
		tokenize_affixes(sp, padded.data, n, false, &toks);
		struct pattern *p = &patterns[npatterns];
		p->special = (int)i;
		p->ntok = (int)toks.n;
		p->tok = ds_calloc(toks.n, sizeof *p->tok);
		p->toklen = ds_calloc(toks.n, sizeof *p->toklen);
		for (size_t j = 0; j < toks.n; j++) {
			p->tok[j] = t + toks.off[j];
			p->toklen[j] = toks.len[j];
		}
		maybe_add(match_maybe, p->tok[0], p->toklen[0]);
		unsigned slot = slot_of(p->tok[0], p->toklen[0]);
		p->next = match_head[slot];
		match_head[slot] = npatterns++;
	}
	dsq_toks_free(&toks);
	dsq_spacy_free(sp);
	/* each first token stands for its patterns by the first that begins()
	 * finds: its one-token pattern, the others by their second token */
	for (int i = 0; i < PAIR_SLOTS; i++)
		pair_head[i] = -1;
	for (int pi = 0; pi < npatterns; pi++)
		patterns[pi].single = -1;
	for (int pi = 0; pi < npatterns; pi++) {
		struct pattern *p = &patterns[pi];
		p->head = begins(p->tok[0], p->toklen[0]);
		if (p->ntok == 1) {
			patterns[p->head].single = pi;
			continue;
		}
		ds_buf_reset(&padded);
		ds_buf_add(&padded, p->tok[1], p->toklen[1]);
		ds_buf_grow(&padded, DSQ_PAD);
		memset(padded.data + padded.len, 0, DSQ_PAD);
		unsigned slot = pair_slot(p->head, padded.data, p->toklen[1]);
		p->next_pair = pair_head[slot];
		pair_head[slot] = pi;
	}
	/* the specials' pieces, and the chunks of letters */
	for (size_t k = 0; k < NSPECIALS; k++) {
		const struct spacy_special *sc = &spacy_specials[k];
		uint32_t c;
		pyuc_decode(sc->text, &c);
		const char *piece = sc->text;
		for (int i = 0; i < sc->n; piece += sc->len[i++]) {
			/* the white-space specials (" ", "\n", ...) are single pieces */
			special_flags[k][i] = pyuc_isspace(c) ? DSQ_TOK_SPACE :
					      all_letters(piece, sc->len[i]) ? DSQ_TOK_LETTERS : 0;
			special_begins[k][i] = begins(piece, sc->len[i]);
		}
		if (!all_letters(sc->text, special_len[k]))
			continue;
		if (special_len[k] > letters_special_max)
			letters_special_max = special_len[k];
		if (special_len[k] <= 8)
			letter_add(sc->text, special_len[k], (int)k, -1);
	}
	for (int pi = 0; pi < npatterns; pi++) {
		const struct pattern *p = &patterns[pi];
		if (p->head != pi || !all_letters(p->tok[0], p->toklen[0]))
			continue;
		if (p->toklen[0] > letters_begins_max)
			letters_begins_max = p->toklen[0];
		if (p->toklen[0] <= 8)
			letter_add(p->tok[0], p->toklen[0], -1, pi);
	}
	ds_buf_free(&padded);
	for (uint32_t c = 0; c < 0x80; c++) {
		ascii_punct[c] = pyuc_ispunct(c);
		ascii_sent_punct[c] = pyuc_in(spacy_sent_punct, NSENT, c);
	}
}

void dsq_spacy_init(void)
{
	pthread_once(&init_once, init);
}

struct dsq_spacy *dsq_spacy_new(void)
{
	struct dsq_spacy *sp = ds_calloc(1, sizeof *sp);
	sp->md = pcre2_match_data_create(4, NULL);
	sp->mctx = pcre2_match_context_create(NULL);
	sp->jit = pcre2_jit_stack_create(32 * 1024, 4 * 1024 * 1024, NULL);
	if (!sp->md || !sp->mctx || !sp->jit)
		ds_die(DS_EXIT_LIMIT, "out of memory");
	pcre2_jit_stack_assign(sp->mctx, NULL, sp->jit);
	return sp;
}

void dsq_spacy_free(struct dsq_spacy *sp)
{
	if (!sp)
		return;
	pcre2_match_data_free(sp->md);
	pcre2_match_context_free(sp->mctx);
	pcre2_jit_stack_free(sp->jit);
	free(sp->pre);
	free(sp->suf);
	free(sp->m);
	free(sp->seen);
	free(sp->ctab);
	free(sp->cpieces);
	free(sp->wsbits);
	free(sp->nlbits);
	free(sp->firsts);
	ds_buf_free(&sp->ckeys);
	dsq_toks_free(&sp->tmp);
	free(sp);
}

static bool tok_eq(const struct dsq_toks *t, const char *text, size_t i, const char *s, size_t n)
{
	return t->len[i] == n && memcmp(text + t->off[i], s, n) == 0;
}

/* PhraseMatcher order, reversed: longest first, then leftmost. */
static int match_cmp(const void *a, const void *b)
{
	const int *x = a, *y = b;
	int lx = x[1] - x[0], ly = y[1] - y[0];
	if (lx != ly)
		return ly - lx;
	return x[0] - y[0];
}

/* Whether special sc, written over tokens [i, i + ntok) of t, changes them. */
static bool special_changes(const struct dsq_toks *t, size_t i, int ntok, int sc)
{
	const struct spacy_special *s = &spacy_specials[sc];
	if (s->n != ntok)
		return true;
	for (int k = 0; k < ntok; k++)
		if (s->len[k] != t->len[i + (size_t)k])
			return true;
	return false;
}

bool dsq_spacy_tokenize(struct dsq_spacy *sp, const char *text, size_t n, struct dsq_toks *out)
{
	struct dsq_toks *t = &sp->tmp;
	tokenize_affixes(sp, text, n, true, t);
	/* Tokenizer._apply_special_cases: find every pattern occurrence, at
	 * the tokens that may begin one. One whose tokens touch (it lies in
	 * one chunk) and that would change them makes the tokens depend on
	 * the chunk's neighbours, through which overlapping occurrence wins. */
	bool local = true, changes = false;
	sp->nm = 0;
	for (size_t f = 0; f < sp->nfirsts; f++) {
		size_t i = sp->firsts[2 * f];
		int head = (int)sp->firsts[2 * f + 1], single = patterns[head].single;
		/* its one-token pattern, then those in the slot of its second token */
		int pair = i + 1 < t->n ? pair_head[pair_slot(head, text + t->off[i + 1], t->len[i + 1])]
					: -1;
		for (int pi = single >= 0 ? single : pair; pi >= 0;
		     pi = pi == single ? pair : patterns[pi].next_pair) {
			const struct pattern *p = &patterns[pi];
			if (p->head != head || i + (size_t)p->ntok > t->n)
				continue;
			int j = 1;	/* the first token is the pattern's */
			while (j < p->ntok && tok_eq(t, text, i + (size_t)j, p->tok[j], p->toklen[j]))
				j++;
			if (j < p->ntok)
				continue;
			if (sp->nm == sp->cap_m) {
				sp->cap_m = sp->cap_m ? 2 * sp->cap_m : 16;
				sp->m = ds_reallocarray(sp->m, sp->cap_m, sizeof *sp->m);
			}
			sp->m[sp->nm].start = (int)i;
			sp->m[sp->nm].end = (int)i + p->ntok;
			sp->m[sp->nm].special = p->special;
			sp->nm++;
			if (!special_changes(t, i, p->ntok, p->special))
				continue;
			changes = true;
			bool touching = true;
			for (size_t k = i; k + 1 < i + (size_t)p->ntok; k++)
				touching &= t->off[k] + t->len[k] == t->off[k + 1];
			if (touching)
				local = false;
		}
	}
	if (!changes) {	/* the tokens stand (a special over the same pieces is a no-op) */
		struct dsq_toks swap = *out;
		*out = *t;
		*t = swap;
		return true;
	}
	out->n = 0;
	/* _filter_special_spans: a span is kept if neither end is taken by a
	 * longer (or equal, earlier) one; every span marks its tokens taken. */
	qsort(sp->m, sp->nm, sizeof *sp->m, match_cmp);
	if (sp->cap_seen < t->n) {
		sp->cap_seen = t->n;
		sp->seen = ds_realloc(sp->seen, sp->cap_seen);
	}
	memset(sp->seen, 0, t->n);
	size_t kept = 0;
	for (size_t k = 0; k < sp->nm; k++) {
		int a = sp->m[k].start, b = sp->m[k].end;
		bool ok = !sp->seen[a] && !sp->seen[b - 1];
		memset(sp->seen + a, 1, (size_t)(b - a));
		if (ok)
			sp->m[kept++] = sp->m[k];
	}
	/* Retokenize, in token order, the kept spans whose text is the special
	 * case itself (no white space between their tokens). */
	memset(sp->seen, 0, t->n);
	for (size_t k = 0; k < kept; k++) {
		int a = sp->m[k].start, b = sp->m[k].end;
		bool contiguous = true;
		for (int i = a; i + 1 < b; i++)
			contiguous &= t->off[i] + t->len[i] == t->off[i + 1];
		if (contiguous)
			sp->seen[a] = 1 + (unsigned char)(b - a);
	}
	for (size_t i = 0; i < t->n;) {
		if (sp->seen[i]) {
			size_t w = sp->seen[i] - 1u;
			int sc = special_find(text + t->off[i],
					      t->off[i + w - 1] + t->len[i + w - 1] - t->off[i]);
			push_special(out, t->off[i], sc);
			i += w;
		} else {
			toks_push(out, t->off[i], t->len[i], t->flags[i]);
			i++;
		}
	}
	return local;
}

static bool is_punct_token(const char *s, size_t n)
{
	const char *end = s + n;
	uint32_t c;
	while (s < end) {
		if ((unsigned char)*s < 0x80) {
			if (!ascii_punct[(unsigned char)*s++])
				return false;
			continue;
		}
		s += pyuc_decode(s, &c);
		if (!pyuc_ispunct(c))
			return false;
	}
	return true;
}

static bool is_sent_punct(const char *s, size_t n)
{
	uint32_t c;
	if (n == 1)
		return ascii_sent_punct[(unsigned char)*s & 0x7F];
	if ((size_t)pyuc_decode(s, &c) != n)
		return false;
	return pyuc_in(spacy_sent_punct, NSENT, c);
}

size_t dsq_spacy_sentences(const struct dsq_toks *t, size_t from, size_t to, const char *text)
{
	if (from == to)
		return 0;
	size_t count = 1;
	bool seen_period = false;
	for (size_t i = from; i < to; i++) {
		const char *s = text + t->off[i];
		bool pc = is_sent_punct(s, t->len[i]);
		if (seen_period && !pc && !is_punct_token(s, t->len[i])) {
			count++;
			seen_period = false;
		} else if (pc) {
			seen_period = true;
		}
	}
	return count;
}
