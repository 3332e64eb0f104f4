/* spacy.c: spaCy 3.8's English tokenizer rules, replayed with PCRE2.
 *
 * spacy/tokenizer.pyx in C: split at white space (a single ' ' after a token
 * is absorbed, longer runs become whitespace tokens), take a chunk whole if it
 * is a special case, else strip prefixes and suffixes one at a time (stopping
 * when the rest is a special case), keep a URL whole, split the rest at
 * infixes; then the special-case matcher retokenizes the token sequences that
 * spell a special case containing affixes ("e.g.", ":)"). Like spaCy, each
 * thread caches the tokens of the chunks it has seen. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "pyuc.h"
#include "spacy.h"
#include "util.h"
#include "tables.h"

#define NSPECIALS (sizeof spacy_specials / sizeof spacy_specials[0])

static pcre2_code *re_prefix, *re_suffix, *re_infix, *re_url;

/* The special-case matcher: specials whose text contains an affix, as the
 * token texts the affix rules alone give them, indexed by first token. */
struct pattern {
	int special;		/* index into spacy_specials */
	int ntok;
	const char **tok;	/* token texts (not NUL-terminated) */
	uint32_t *toklen;
	int next;		/* next pattern with the same first-token hash slot */
};
static struct pattern *patterns;
static int npatterns;
#define MATCH_SLOTS 1024
static int match_head[MATCH_SLOTS];

struct span { uint32_t off, len; };

struct dsq_spacy {
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit;
	struct span *pre, *suf;		/* affixes of the chunk being split */
	size_t npre, nsuf, cap_pre, cap_suf;
	struct dsq_toks tmp;		/* before the matcher pass */
	struct { int start, end, special; } *m;	/* matcher hits */
	size_t nm, cap_m;
	unsigned char *seen;
	size_t cap_seen;
	/* Chunk cache, like spaCy's own: a chunk's tokens depend on its bytes
	 * alone. Entries index the key bytes and the pieces (offset, length
	 * pairs relative to the chunk); everything is dropped when full. */
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
	free(t->space);
	memset(t, 0, sizeof *t);
}

static void toks_push(struct dsq_toks *t, uint32_t off, uint32_t len, int space)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 256;
		t->off = ds_reallocarray(t->off, t->cap, sizeof *t->off);
		t->len = ds_reallocarray(t->len, t->cap, sizeof *t->len);
		t->space = ds_reallocarray(t->space, t->cap, 1);
	}
	t->off[t->n] = off;
	t->len[t->n] = len;
	t->space[t->n] = (unsigned char)space;
	t->n++;
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
	uint32_t c;
	pyuc_decode(sc->text, &c);
	for (int i = 0; i < sc->n; i++) {
		/* the white-space specials (" ", "\n", ...) are single pieces */
		toks_push(out, off, sc->len[i], pyuc_isspace(c));
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

/* tokenize_chunk through the cache. A chunk of ASCII letters alone
 * (letters) is one token unless it is a special case: no prefix, suffix,
 * infix or URL pattern matches letters only. */
static void tokenize_chunk_cached(struct dsq_spacy *sp, const char *text, uint32_t off,
				  uint32_t n, bool letters, struct dsq_toks *out)
{
	const char *s = text + off;
	if (letters) {
		int sc = special_find(s, n);
		if (sc >= 0)
			push_special(out, off, sc);
		else
			toks_push(out, off, n, 0);
		return;
	}
	if (!sp->ctab)
		sp->ctab = ds_calloc(CACHE_SLOTS, sizeof *sp->ctab);
	uint32_t h = fnv1a(s, n) | 1, i;
	for (i = h & (CACHE_SLOTS - 1); sp->ctab[i].h; i = (i + 1) & (CACHE_SLOTS - 1)) {
		const struct centry *e = &sp->ctab[i];
		if (e->h == h && e->klen == n && memcmp(sp->ckeys.data + e->key, s, n) == 0) {
			for (uint32_t k = 0; k < e->npiece; k++) {
				const uint32_t *pc = sp->cpieces + 2 * (e->piece + k);
				toks_push(out, off + pc[0], pc[1] >> 1, pc[1] & 1);
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
		sp->cpieces = ds_reallocarray(sp->cpieces, sp->cap_cpieces, 2 * sizeof *sp->cpieces);
	}
	struct centry *e = &sp->ctab[i];
	e->h = h;
	e->key = (uint32_t)sp->ckeys.len;
	e->klen = n;
	e->piece = (uint32_t)sp->ncpieces;
	e->npiece = (uint32_t)np;
	ds_buf_add(&sp->ckeys, s, n);
	for (size_t k = first; k < out->n; k++) {
		uint32_t *pc = sp->cpieces + 2 * sp->ncpieces++;
		pc[0] = out->off[k] - off;
		pc[1] = out->len[k] << 1 | out->space[k];
	}
	sp->nentries++;
}

/* One chunk or white-space token of tokenize_affixes. */
static void affix_piece(struct dsq_spacy *sp, const char *text, size_t start, size_t end,
			bool ws, bool specials, bool letters, struct dsq_toks *out)
{
	if (ws)
		toks_push(out, (uint32_t)start, (uint32_t)(end - start), 1);
	else if (specials)
		tokenize_chunk_cached(sp, text, (uint32_t)start, (uint32_t)(end - start), letters, out);
	else
		tokenize_chunk(sp, text, (uint32_t)start, (uint32_t)(end - start), false, out);
}

/* Tokenizer._tokenize_affixes: chunks between white space. */
static void tokenize_affixes(struct dsq_spacy *sp, const char *text, size_t n, bool specials,
			     struct dsq_toks *out)
{
	out->n = 0;
	if (n == 0)
		return;
	bool in_ws = pyuc_space_len(text) != 0;
	bool letters = true;	/* the chunk so far is ASCII letters */
	size_t start = 0, i = 0;
	while (i < n) {
		unsigned char b = (unsigned char)text[i];
		if (!in_ws && b > 0x20 && b < 0x80) {	/* printable ASCII inside a chunk */
			letters &= (unsigned)((b | 0x20) - 'a') < 26u;
			i++;
			continue;
		}
		uint32_t c = b;
		int k = 1;
		if (b >= 0x80)
			k = pyuc_decode(text + i, &c);
		bool ws = pyuc_isspace(c);
		if (ws != in_ws) {
			if (start < i)
				affix_piece(sp, text, start, i, in_ws, specials, letters, out);
			start = c == ' ' ? i + 1 : i;
			in_ws = ws;
			letters = true;
		}
		if (!ws)
			letters &= c < 0x80 && (unsigned)((c | 0x20) - 'a') < 26u;
		i += (size_t)k;
	}
	if (start < n)
		affix_piece(sp, text, start, n, in_ws, specials, letters, out);
}

static unsigned slot_of(const char *s, size_t n)
{
	return fnv1a(s, n) % MATCH_SLOTS;
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
	patterns = ds_calloc(NSPECIALS, sizeof *patterns);
	for (size_t i = 0; i < NSPECIALS; i++) {
		const char *t = spacy_specials[i].text;
		size_t n = strlen(t);
		bool infix = match(sp, re_infix, t, n, 0) >= 0;
		if (!affix_len(sp, re_prefix, t, n) && !suffix_len(sp, t, n) && !infix &&
		    !memchr(t, ' ', n))
			continue;
		tokenize_affixes(sp, t, n, false, &toks);
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

void dsq_spacy_tokenize(struct dsq_spacy *sp, const char *text, size_t n, struct dsq_toks *out)
{
	struct dsq_toks *t = &sp->tmp;
	tokenize_affixes(sp, text, n, true, t);
	/* Tokenizer._apply_special_cases: find every pattern occurrence */
	sp->nm = 0;
	for (size_t i = 0; i < t->n; i++) {
		if (!maybe_has(match_maybe, text + t->off[i], t->len[i]))
			continue;
		for (int pi = match_head[slot_of(text + t->off[i], t->len[i])]; pi >= 0;
		     pi = patterns[pi].next) {
			const struct pattern *p = &patterns[pi];
			if (i + (size_t)p->ntok > t->n)
				continue;
			int j = 0;
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
		}
	}
	if (sp->nm == 0) {	/* the tokens stand: hand them over */
		struct dsq_toks swap = *out;
		*out = *t;
		*t = swap;
		return;
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
			toks_push(out, t->off[i], t->len[i], t->space[i]);
			i++;
		}
	}
}

static bool is_punct_token(const char *s, size_t n)
{
	const char *end = s + n;
	uint32_t c;
	while (s < end) {
		s += pyuc_decode(s, &c);
		if (!pyuc_ispunct(c))
			return false;
	}
	return true;
}

static bool is_sent_punct(const char *s, size_t n)
{
	uint32_t c;
	if ((size_t)pyuc_decode(s, &c) != n)
		return false;
	return pyuc_in(spacy_sent_punct, sizeof spacy_sent_punct / sizeof spacy_sent_punct[0], c);
}

size_t dsq_spacy_sentences(const struct dsq_toks *t, const char *text)
{
	if (t->n == 0)
		return 0;
	size_t count = 1;
	bool seen_period = false;
	for (size_t i = 0; i < t->n; i++) {
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
