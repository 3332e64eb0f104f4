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
#include <sys/mman.h>
#include "hash.h"
#include "tables.h"
#include "tok.h"
#include "util.h"

/* --- word keys ------------------------------------------------------------------- */

/* A word as the tables compare it: its first KEY_BYTES bytes as three
 * zero-padded 64-bit loads, which are the whole word when it is no longer (no
 * word holds a NUL byte), its length and a hash. Computing a key reads the
 * KEY_BYTES bytes from the word's start and up to 7 past its end: every buffer
 * a word is keyed in has KEY_PAD bytes of room after it. */
#define KEY_BYTES RD_CACHE_WORD
#define KEY_PAD 32
struct word_key {
	uint64_t k[KEY_BYTES / 8];
	uint64_t hash;
	const char *p;
	size_t n;
};

static inline uint64_t load8(const char *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof v);
	return v;
}

/* The bytes of v that come from its first min(m, 8) bytes in memory. */
static inline uint64_t first_bytes(uint64_t v, size_t m)
{
	static const uint64_t keep[9] = {
#if defined __BYTE_ORDER__ && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		0, 0xff00000000000000, 0xffff000000000000, 0xffffff0000000000, 0xffffffff00000000,
		0xffffffffff000000, 0xffffffffffff0000, 0xffffffffffffff00, 0xffffffffffffffff,
#else
		0, 0xff, 0xffff, 0xffffff, 0xffffffff, 0xffffffffff, 0xffffffffffff,
		0xffffffffffffff, 0xffffffffffffffff,
#endif
	};
	return v & keep[m < 8 ? m : 8];
}

/* The end of a word's hash; a word of at most 16 bytes hashes to
 * key_mix(k[0] * KEY_MUL0 ^ k[1] * KEY_MUL1). */
#define KEY_MUL0 UINT64_C(0x9e3779b97f4a7c15)
#define KEY_MUL1 UINT64_C(0xc2b2ae3d27d4eb4f)
static inline uint64_t key_mix(uint64_t h)
{
	h ^= h >> 32;
	h *= UINT64_C(0xd6e8feb86659fd93);
	return h ^ h >> 29;
}

static inline void key_of(struct word_key *key, const char *p, size_t n)
{
	key->k[0] = first_bytes(load8(p), n);
	key->k[1] = first_bytes(load8(p + 8), n > 8 ? n - 8 : 0);
	key->k[2] = first_bytes(load8(p + 16), n > 16 ? n - 16 : 0);
	uint64_t h = key->k[0] * KEY_MUL0 ^ key->k[1] * KEY_MUL1
		     ^ key->k[2] * UINT64_C(0x165667b19e3779f9);
	for (size_t i = KEY_BYTES; i < n; i += 8)
		h = (h ^ first_bytes(load8(p + i), n - i)) * KEY_MUL0;
	key->hash = key_mix(h);
	key->p = p;
	key->n = n;
}

/* --- word lists: the generated text indexed once in one hash table -------------- */

/* A word of CMUdict, of the easy-word list, or of both. */
enum { IN_CMUDICT = 1, EASY = 2, IN_EASY_TEXT = 4 /* off is in the easy-word text */ };

/* 32 bytes, so that a probe reads one cache line. */
struct entry {
	uint64_t key[KEY_BYTES / 8];	/* key[0] == 0: empty slot */
	uint32_t off;		/* the word in its list's text (read for words over KEY_BYTES) */
	uint8_t len;
	uint8_t syllables;	/* if IN_CMUDICT */
	uint8_t flags;
};

static struct {
	struct entry *slots;
	size_t mask;
	unsigned shift;		/* the slot of a hash is hash >> shift */
} word_table;

#define LONGEST_LISTED 255	/* entry.len */

static inline bool same_word(const struct entry *e, const struct word_key *key)
{
	if (e->key[0] != key->k[0] || e->key[1] != key->k[1] || e->key[2] != key->k[2]
	    || e->len != key->n)
		return false;
	if (key->n <= KEY_BYTES)
		return true;
	const char *text = e->flags & IN_EASY_TEXT ? rd_easy_words_text : rd_cmudict_text;
	return !memcmp(text + e->off + KEY_BYTES, key->p + KEY_BYTES, key->n - KEY_BYTES);
}

/* The word's entry, or the empty slot where it would go. */
static struct entry *word_slot(const struct word_key *key)
{
	for (size_t i = key->hash >> word_table.shift;; i = (i + 1) & word_table.mask) {
		struct entry *e = &word_table.slots[i];
		if (!e->key[0] || same_word(e, key))
			return e;
	}
}

static inline const struct entry *find_word(const struct word_key *key)
{
	const struct entry *e = word_slot(key);
	return e->key[0] ? e : NULL;
}

/* Lines "word\tN\n" (CMUdict) or "word\n" (easy words). */
static void add_words(const char *text, bool easy)
{
	char padded[LONGEST_LISTED + KEY_PAD] = { 0 };
	for (const char *p = text; *p;) {
		const char *end = p;
		while (*end != (easy ? '\n' : '\t'))
			end++;
		size_t n = (size_t)(end - p);
		if (n > LONGEST_LISTED)
			ds_die(DS_EXIT_DATA, "internal error: a listed word of %zu bytes", n);
		memcpy(padded, p, n);
		struct word_key key;
		key_of(&key, padded, n);
		struct entry *e = word_slot(&key);
		if (!e->key[0]) {
			memcpy(e->key, key.k, sizeof e->key);
			e->off = (uint32_t)(p - text);
			e->len = (uint8_t)n;
			e->flags = easy ? IN_EASY_TEXT : 0;
		}
		if (easy) {
			e->flags |= EASY;
		} else {
			unsigned syllables = 0;
			for (end++; *end != '\n'; end++)
				syllables = syllables * 10 + (unsigned)(*end - '0');
			e->flags |= IN_CMUDICT;
			e->syllables = (uint8_t)syllables;
		}
		p = end + 1;
	}
}

static void build_tables(void)
{
	unsigned bits = 4;
	while ((size_t)1 << bits < ((size_t)rd_cmudict_words + rd_easy_words_words) * 2)
		bits++;
	size_t size = ((size_t)1 << bits) * sizeof *word_table.slots;
	/* Words of a corpus touch entries all over the table: in huge pages, where
	 * the kernel gives them (advised before the zeroed pages are first
	 * touched), they cost no TLB misses. The table lives as long as the
	 * process. */
	size_t huge = (size_t)2 << 20;
	char *raw = ds_calloc(1, size + huge);
	word_table.slots = (struct entry *)(raw + (huge - (uintptr_t)raw % huge) % huge);
#ifdef MADV_HUGEPAGE
	madvise(word_table.slots, size, MADV_HUGEPAGE);
#endif
	word_table.mask = ((size_t)1 << bits) - 1;
	word_table.shift = 64 - bits;
	/* The easy words go in first: they are the common ones, and linear
	 * probing leaves the first-placed words in or near their own slots. */
	add_words(rd_easy_words_text, true);
	add_words(rd_cmudict_text, false);
}

static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

/* The entry of a word given with no room for key_of's reads. */
static const struct entry *find_unpadded(const char *lower, size_t n)
{
	pthread_once(&tables_once, build_tables);
	if (n > LONGEST_LISTED)
		return NULL;
	char padded[LONGEST_LISTED + KEY_PAD];
	memcpy(padded, lower, n);
	struct word_key key;
	key_of(&key, padded, n);
	return find_word(&key);
}

bool rd_easy_word(const char *lower, size_t n)
{
	const struct entry *e = find_unpadded(lower, n);
	return e && e->flags & EASY;
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
	free(w->low);
	free(w->blocks);
	free(w->hot);
}

/* --- words ------------------------------------------------------------------------- */

unsigned rd_syllables(const struct rd_lang *l, struct rd_work *w, const char *lower, size_t n)
{
	const struct entry *e = find_unpadded(lower, n);
	if (l->cmudict && e && e->flags & IN_CMUDICT)
		return e->syllables;
	return rd_hyph_count(l->hyph, lower, n, &w->hs) + 1;
}

#define CACHE_SET_BITS 14	/* RD_CACHE_SLOTS / 2 sets */
_Static_assert(RD_CACHE_SLOTS == 2 << CACHE_SET_BITS, "cache sets");

/* Syllables (CMUdict for English, else hyphenation points + 1) and easiness
 * of a keyed lower-case word. */
static unsigned word_syllables(const struct rd_lang *l, struct rd_work *w,
			       const struct word_key *key, bool *easy)
{
	const struct entry *e = NULL;
	if (l->cmudict) {
		e = find_word(key);
		if (e && e->flags & IN_CMUDICT) {
			*easy = e->flags & EASY;
			return e->syllables;
		}
	}
	struct rd_cached *slot = NULL;
	if (key->n <= RD_CACHE_WORD) {
		/* two ways per set, the most recent first */
		struct rd_cached *set = &w->cache[(key->hash >> (64 - CACHE_SET_BITS)) * 2];
		for (int way = 0; way < 2; way++)
			if (set[way].key[0] == key->k[0] && set[way].key[1] == key->k[1]
			    && set[way].key[2] == key->k[2]) {
				*easy = set[way].easy;
				return set[way].syllables;
			}
		set[1] = set[0];
		slot = &set[0];
	}
	if (!l->cmudict)
		e = find_word(key);
	*easy = e && e->flags & EASY;
	unsigned syl = rd_hyph_count(l->hyph, key->p, key->n, &w->hs) + 1;
	if (slot && syl < 256) {
		memcpy(slot->key, key->k, sizeof slot->key);
		slot->syllables = (uint8_t)syl;
		slot->easy = *easy;
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


/* --- character classes, 64 bytes at a time ------------------------------------------ */

#ifdef __SSE2__
#include <emmintrin.h>

/* 0xff in each byte of v from lo to hi. */
static inline __m128i bytes_in(__m128i v, unsigned char lo, unsigned char hi)
{
	__m128i x = _mm_sub_epi8(v, _mm_set1_epi8((char)lo));
	return _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8((char)(hi - lo))), x);
}

static inline __m128i bytes_eq(__m128i v, char c)
{
	return _mm_cmpeq_epi8(v, _mm_set1_epi8(c));
}

static void classify64(const char *src, char *low, struct rd_block *blk)
{
	memset(blk, 0, sizeof *blk);
	for (unsigned i = 0; i < 64; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(src + i));
		__m128i space = _mm_or_si128(_mm_or_si128(bytes_eq(v, ' '), bytes_in(v, 0x09, 0x0d)),
					     bytes_in(v, 0x1c, 0x1f));
		__m128i upper = bytes_in(v, 'A', 'Z');
		__m128i word = _mm_or_si128(
			_mm_or_si128(bytes_in(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 'z'),
				     bytes_in(v, '0', '9')),
			bytes_eq(v, '_'));
		__m128i stop = _mm_or_si128(_mm_or_si128(bytes_eq(v, '.'), bytes_eq(v, '!')),
					    bytes_eq(v, '?'));
		_mm_storeu_si128((__m128i *)(void *)(low + i),
				 _mm_or_si128(v, _mm_and_si128(upper, _mm_set1_epi8(0x20))));
		blk->bits[RD_SPACE] |= (uint64_t)(unsigned)_mm_movemask_epi8(space) << i;
		blk->bits[RD_WORD] |= (uint64_t)(unsigned)_mm_movemask_epi8(word) << i;
		blk->bits[RD_STOP] |= (uint64_t)(unsigned)_mm_movemask_epi8(stop) << i;
		blk->bits[RD_APOS] |= (uint64_t)(unsigned)_mm_movemask_epi8(bytes_eq(v, '\'')) << i;
		blk->bits[RD_HIGH] |= (uint64_t)(unsigned)_mm_movemask_epi8(v) << i;
	}
}
#else
static void classify64(const char *src, char *low, struct rd_block *blk)
{
	memset(blk, 0, sizeof *blk);
	for (unsigned i = 0; i < 64; i++) {
		unsigned ch = (unsigned char)src[i];
		enum rd_class k = ch >= 0x80 ? RD_HIGH
			: ch == ' ' || (ch >= 0x09 && ch <= 0x0d) || (ch >= 0x1c && ch <= 0x1f) ? RD_SPACE
			: is_ascii_word((char)ch) ? RD_WORD
			: ch == '.' || ch == '!' || ch == '?' ? RD_STOP
			: ch == '\'' ? RD_APOS : RD_NCLASSES;
		if (k != RD_NCLASSES)
			blk->bits[k] |= UINT64_C(1) << i;
		low[i] = (char)(ch - 'A' < 26u ? ch + 32 : ch);
	}
}
#endif

/* w->low and w->blocks of text[0..n), and a block of white space past its end. */
static void classify(struct rd_work *w, const char *text, size_t n)
{
	size_t nblocks = n / 64 + 2;
	if (w->text_cap < nblocks * 64) {
		w->text_cap = nblocks * 64 * 2;
		free(w->low);
		free(w->blocks);
		w->low = ds_malloc(w->text_cap);
		w->blocks = ds_reallocarray(NULL, w->text_cap / 64, sizeof *w->blocks);
	}
	for (size_t b = 0; b < nblocks; b++) {
		size_t at = b * 64;
		if (at + 64 <= n) {
			classify64(text + at, w->low + at, &w->blocks[b]);
			continue;
		}
		char tail[64];
		size_t have = n > at ? n - at : 0;
		if (have)
			memcpy(tail, text + at, have);
		memset(tail + have, ' ', 64 - have);
		classify64(tail, w->low + at, &w->blocks[b]);
	}
}

static inline unsigned ctz64(uint64_t x)
{
	return (unsigned)__builtin_ctzll(x);
}

/* Without the POPCNT instruction of later x86-64 levels. */
static inline unsigned popcount64(uint64_t x)
{
	x -= x >> 1 & UINT64_C(0x5555555555555555);
	x = (x & UINT64_C(0x3333333333333333)) + (x >> 2 & UINT64_C(0x3333333333333333));
	x = (x + (x >> 4)) & UINT64_C(0x0f0f0f0f0f0f0f0f);
	return (unsigned)(x * UINT64_C(0x0101010101010101) >> 56);
}

/* The bits of bytes a .. a+len-1 (len <= 64) of a class. */
static inline uint64_t span_bits(const struct rd_block *blocks, enum rd_class k, size_t a,
				 size_t len)
{
	const struct rd_block *b = &blocks[a >> 6];
	unsigned s = a & 63;
	uint64_t x = b[0].bits[k] >> s | (b[1].bits[k] << 1) << (63 - s);
	return len < 64 ? x & ((UINT64_C(1) << len) - 1) : x;
}

/* The first byte from pos on that is not ASCII white space, or n. */
static inline size_t next_nonspace(const struct rd_block *blocks, size_t pos, size_t n)
{
	for (; pos < n; pos += 64) {
		uint64_t x = ~span_bits(blocks, RD_SPACE, pos, 64);
		if (x)
			return pos + ctz64(x);
	}
	return n;
}

/* The first ASCII white space from pos (< n) on, or n: the padding is white
 * space. */
static inline size_t next_space(const struct rd_block *blocks, size_t pos)
{
	for (;; pos += 64) {
		uint64_t x = span_bits(blocks, RD_SPACE, pos, 64);
		if (x)
			return pos + ctz64(x);
	}
}

/* --- one pass over the tokens ------------------------------------------------------ */

/* Words are looked up in batches, so that the cache lines they need are
 * fetched while other work goes on: w->hot's entries as the words are found,
 * then, for the words missing from it, the tables' entries while the next
 * batch is found. */
#define BATCH 16
#define SYL_BINS 16		/* syllable counts kept exactly below this, past every threshold */

struct found_word {
	struct word_key key;
	const char *orig;	/* the word as written, for distinct difficult words */
	size_t orig_n;
	uint64_t index;		/* 1 for the text's first word */
};

struct scan {
	const struct rd_lang *l;
	struct rd_work *w;
	struct rd_counts *c;
	unsigned need;
	const char *text, *end;
	struct sentences s;
	uint64_t words_found;
	size_t unique_used;	/* difficult words noted in w->seen */
	bool lw_cut;		/* the 100th word is behind: lw_sentences100 is set */
	/* words by whether they are among the first 100, syllables (up to
	 * SYL_BINS - 1) and easiness: the syllable counts of rd_counts follow */
	uint64_t by_syl[2][SYL_BINS][2];
	/* two batches: the one being found, at found + filling, and the one
	 * before, whose words at missed are still to be looked up */
	struct found_word *found;	/* 2 * BATCH */
	char (*gathered)[2][64 + KEY_PAD];	/* 2 * BATCH words with bytes deleted inside: lower, as written */
	size_t filling, nfound, nmissed;
	uint8_t missed[BATCH];
};

/* The second half of a w->hot key of a word of at most 15 bytes: its bytes 8
 * to 14, below the top byte. */
static inline uint64_t hot_key(uint64_t k1)
{
#if defined __BYTE_ORDER__ && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return k1 >> 8;
#else
	return k1;
#endif
}
#define HOT_KEY_MASK ((UINT64_C(1) << 56) - 1)

/* Count a word of the text, the index-th, with its syllables and easiness. */
static inline void count_word(struct scan *sc, unsigned syl, bool easy, uint64_t index,
			      const char *orig, size_t orig_n)
{
	sc->by_syl[index <= 100][syl < SYL_BINS ? syl : SYL_BINS - 1][easy]++;
	sc->c->syllables += syl;
	if (sc->need & RD_NEED_UNIQUE && !easy && syl >= 2)
		seen_add(sc->w, &sc->unique_used, ds_hash64(orig, orig_n, 0));
}

static __attribute__((noinline)) void resolve(struct scan *sc, const struct found_word *f)
{
	bool easy;
	unsigned syl = word_syllables(sc->l, sc->w, &f->key, &easy);
	count_word(sc, syl, easy, f->index, f->orig, f->orig_n);
	if (f->key.n < 16 && syl < 128) {
		struct rd_hot *hot = &sc->w->hot[f->key.hash >> (64 - RD_HOT_BITS)];
		hot->key[0] = f->key.k[0];
		hot->key[1] = hot_key(f->key.k[1]) | (uint64_t)(syl * 2 + easy) << 56;
	}
}

/* The batch being found is complete: count its words in w->hot and fetch
 * the entries of the others, then look up the batch before's. */
static void resolve_found(struct scan *sc)
{
	_Static_assert(BATCH <= 32, "a batch's words are bits of a uint32_t");
	const struct found_word *batch = &sc->found[sc->filling];
	/* which words are in w->hot, without a branch per word */
	uint32_t hits = 0;
	uint8_t info[BATCH];
	for (size_t i = 0; i < sc->nfound; i++) {
		const struct found_word *f = &batch[i];
		const struct rd_hot *hot = &sc->w->hot[f->key.hash >> (64 - RD_HOT_BITS)];
		hits |= (uint32_t)((f->key.n < 16) & (hot->key[0] == f->key.k[0])
				   & ((hot->key[1] & HOT_KEY_MASK) == hot_key(f->key.k[1]))) << i;
		info[i] = (uint8_t)(hot->key[1] >> 56);
	}
	for (uint32_t left = hits; left; left &= left - 1) {
		unsigned i = ctz64(left);
		count_word(sc, info[i] >> 1, info[i] & 1, batch[i].index, batch[i].orig, batch[i].orig_n);
	}
	uint8_t missed[BATCH];
	size_t nmissed = 0;
	for (uint32_t left = ~hits & (uint32_t)((UINT64_C(1) << sc->nfound) - 1); left; left &= left - 1) {
		unsigned i = ctz64(left);
		uint64_t hash = batch[i].key.hash;
		__builtin_prefetch(sc->l->cmudict ? (const void *)&word_table.slots[hash >> word_table.shift]
				   : (const void *)&sc->w->cache[(hash >> (64 - CACHE_SET_BITS)) * 2]);
		missed[nmissed++] = (uint8_t)i;
	}
	const struct found_word *before = &sc->found[BATCH - sc->filling];
	for (size_t i = 0; i < sc->nmissed; i++)
		resolve(sc, &before[sc->missed[i]]);
	memcpy(sc->missed, missed, nmissed);
	sc->nmissed = nmissed;
	sc->filling = BATCH - sc->filling;
	sc->nfound = 0;
}

/* A word of the text, lower-case with KEY_PAD bytes of room, and as written;
 * lower stays where it is until the batch is looked up. */
static inline void found(struct scan *sc, const char *lower, size_t n, const char *orig,
			 size_t orig_n)
{
	struct found_word *f = &sc->found[sc->filling + sc->nfound++];
	key_of(&f->key, lower, n);
	__builtin_prefetch(&sc->w->hot[f->key.hash >> (64 - RD_HOT_BITS)]);
	f->orig = orig;
	f->orig_n = orig_n;
	f->index = ++sc->words_found;
	if (sc->nfound == BATCH)
		resolve_found(sc);
}

/* After each token and the white space that ends it. */
static inline void token_done(struct scan *sc)
{
	if (sc->words_found == 100 && !sc->lw_cut) {
		/* Linsear Write's strict_upper reads the white-space tokens up to
		 * the 100th word, joined by spaces: the sentences of the text up
		 * to here. */
		struct sentences upto = sc->s;
		sc->c->lw_sentences100 = sentences_end(&upto, 1);
		sc->lw_cut = true;
	}
}

static inline void count_token(struct rd_counts *c, size_t chars, size_t letters)
{
	c->tokens++;
	c->chars += chars;
	c->letters += letters;
	if (letters)
		c->by_len[letters < RD_LEN_BINS ? letters : RD_LEN_BINS - 1]++;
}

/* The token adds a word to the current piece, opening one if need be. */
static inline void piece_word(struct sentences *s)
{
	bool opens = s->state == OUTSIDE;
	s->pieces += opens;
	s->words = (opens ? 0 : s->words) + 1;
	s->state = BODY;
}

/* src's bytes at the bits of kept, in order, into dst. */
static size_t gather(char *dst, const char *src, uint64_t kept)
{
	size_t n = 0;
	for (; kept; kept &= kept - 1)
		dst[n++] = src[ctz64(kept)];
	return n;
}

/* A token of fewer than 64 ASCII bytes at a, not all of them \w. */
static void ascii_token(struct scan *sc, size_t a, size_t len, uint64_t word)
{
	const struct rd_block *blocks = sc->w->blocks;
	uint64_t stop = span_bits(blocks, RD_STOP, a, len), kept = word;
	for (uint64_t apos = span_bits(blocks, RD_APOS, a, len); apos; apos &= apos - 1) {
		unsigned i = ctz64(apos);
		if (ds_textstat_apostrophe_kept(sc->text + a + i + 1, sc->end))
			kept |= UINT64_C(1) << i;
	}
	count_token(sc->c, len, popcount64(word));
	if (!stop) {
		/* Without . ! or ? the token only adds a word to a piece (a kept
		 * apostrophe is always followed by a \w character). */
		if (word)
			piece_word(&sc->s);
	} else if (!(word >> ctz64(stop))) {
		/* . ! or ? after every \w character ("end.", "?"): the piece,
		 * with the token's word if it has one, ends with the token */
		if (word)
			piece_word(&sc->s);
		if (sc->s.state != OUTSIDE) {
			sc->s.dropped += sc->s.words <= 2;
			sc->s.state = OUTSIDE;
		}
	} else {
		for (size_t i = 0; i < len; i++) {
			uint64_t bit = UINT64_C(1) << i;
			sentences_step(&sc->s, word & bit ? K_WORD : stop & bit ? K_STOP : 0, kept & bit);
		}
		sentences_step(&sc->s, K_SPACE, false);
	}
	if (kept) {
		unsigned first = ctz64(kept);
		uint64_t run = kept >> first;
		if (!(run & (run + 1))) {
			/* one run of kept bytes: the word is in place in w->low */
			size_t n = ctz64(~run);
			found(sc, sc->w->low + a + first, n, sc->text + a + first, n);
		} else {
			char (*g)[64 + KEY_PAD] = sc->gathered[sc->filling + sc->nfound];
			size_t n = gather(g[0], sc->w->low + a, kept);
			found(sc, g[0], n, g[1], gather(g[1], sc->text + a, kept));
		}
	}
	token_done(sc);
}

/* A white-space token of the character-by-character path has ended: count it,
 * and its word (the kept characters in w->word, lower-cased in w->lower if
 * all ASCII) if it has one. */
static void slow_token_end(struct scan *sc, size_t len, bool ascii, size_t word_chars)
{
	struct rd_work *w = sc->w;
	struct rd_counts *c = sc->c;
	const char *word = w->word.data;
	count_token(c, 0, word_chars);
	if (!len)
		return;
	if (ascii) {
		w->lower.len = len;
	} else {
		/* the loop lower-cased ASCII only: fold the whole word */
		ds_buf_reset(&w->lower);
		ds_fold_case(word, len, &w->lower);
		ds_buf_grow(&w->lower, KEY_PAD);
		for (size_t i = 0; i < len;) {
			uint32_t cp;
			i += (size_t)ds_utf8_decode(word + i, &cp);
			if (ds_uc_is_cjk(cp)) {
				c->cjk_words++;
				break;
			}
		}
		if (sc->need & RD_NEED_OSMAN)
			c->ar_faseeh += faseeh_word(word, len);
	}
	/* the buffers are reused for the next token: look the word up now */
	struct found_word f = { .orig = word, .orig_n = len, .index = ++sc->words_found };
	key_of(&f.key, w->lower.data, w->lower.len);
	resolve(sc, &f);
}

/* text[a..b), which ends at ASCII white space or the end of the text, one
 * character at a time: for non-ASCII characters (white space among them) and
 * tokens too long for a 64-bit mask. */
static void slow_range(struct scan *sc, size_t a, size_t b)
{
	struct rd_work *w = sc->w;
	ds_buf_reset(&w->word);
	ds_buf_reset(&w->lower);
	ds_buf_grow(&w->word, b - a + KEY_PAD);
	ds_buf_grow(&w->lower, b - a + KEY_PAD);
	char *word = w->word.data;
	bool in_token = false, ascii = true;
	size_t len = 0, word_chars = 0;
	for (const char *p = sc->text + a, *stop = sc->text + b; p < stop;) {
		uint32_t cp;
		int clen;
		unsigned k = kind(p, &cp, &clen);
		bool kept = k & K_WORD || (k & K_APOS && ds_textstat_apostrophe_kept(p + 1, sc->end));
		p += clen;
		if (k & K_SPACE) {
			if (in_token)
				slow_token_end(sc, len, ascii, word_chars);
			sentences_step(&sc->s, k, false);
			if (in_token)
				token_done(sc);
			in_token = false;
			continue;
		}
		sentences_step(&sc->s, k, kept);
		if (!in_token) {
			in_token = true;
			ascii = true;
			len = word_chars = 0;
		}
		sc->c->chars++;
		if (!kept)
			continue;
		if (cp < 0x80) {
			word[len] = (char)cp;
			w->lower.data[len] = (char)(cp - 'A' < 26u ? cp + 32 : cp);
			len++;
		} else {
			memcpy(word + len, p - clen, (size_t)clen);
			len += (size_t)clen;
			ascii = false;
		}
		word_chars += !(k & K_APOS);
	}
	if (in_token) {
		slow_token_end(sc, len, ascii, word_chars);
		sentences_step(&sc->s, K_SPACE, false);
		token_done(sc);
	}
}

/* The counts by syllables, from sc->by_syl. */
static void count_syllables(const struct scan *sc, struct rd_counts *c)
{
	for (unsigned s = 0; s < SYL_BINS; s++) {
		uint64_t not_easy = sc->by_syl[0][s][0] + sc->by_syl[1][s][0];
		uint64_t all = not_easy + sc->by_syl[0][s][1] + sc->by_syl[1][s][1];
		if (s) {
			uint64_t first100 = sc->by_syl[1][s][0] + sc->by_syl[1][s][1];
			*(s >= 3 ? &c->lw_hard100 : &c->lw_easy100) += first100;
		}
		c->polysyllables += s >= 3 ? all : 0;
		c->monosyllables += s == 1 ? all : 0;
		*(s >= 3 ? &c->lw_hard : &c->lw_easy) += s ? all : 0;
		c->words += all;
		c->not_easy += not_easy;
		c->difficult += s >= 2 ? not_easy : 0;
		if (sc->l->has_threshold && s >= sc->l->syllable_threshold)
			c->difficult_fog += not_easy;
	}
}

/* textstat's words (see common/tok-textstat.c) and sentences, token by token:
 * the white space, \w and . ! ? bytes of the text are found 16 at a time, so
 * that a token of ASCII letters, the most common kind by far, is counted
 * without looking at its bytes one by one. */
void rd_analyze(const struct rd_lang *l, struct rd_work *w, const char *text, size_t n,
		unsigned need, struct rd_counts *c)
{
	_Static_assert(SYL_BINS > 5, "syllable thresholds are counted exactly");
	memset(c, 0, sizeof *c);
	c->nbytes = n;
	classify(w, text, n);
	if (!w->cache) {
		w->cache = ds_calloc(RD_CACHE_SLOTS, sizeof *w->cache);
		w->hot = ds_calloc((size_t)1 << RD_HOT_BITS, sizeof *w->hot);
	}
	ds_buf_reset(&w->word);
	ds_buf_reset(&w->lower);
	struct found_word found_words[2 * BATCH];
	char gathered[2 * BATCH][2][64 + KEY_PAD];
	struct scan sc = { .l = l, .w = w, .c = c, .need = need, .text = text, .end = text + n,
			   .found = found_words, .gathered = gathered };
	const struct rd_block *blocks = w->blocks;
	for (size_t a = next_nonspace(blocks, 0, n); a < n;) {
		/* the white space of the 64 bytes from a: the token's end, and
		 * mostly the next one's start */
		uint64_t space = span_bits(blocks, RD_SPACE, a, 64);
		if (!space) {
			size_t b = next_space(blocks, a + 64);
			slow_range(&sc, a, b);
			a = next_nonspace(blocks, b, n);
			continue;
		}
		unsigned len = ctz64(space);
		uint64_t word = span_bits(blocks, RD_WORD, a, len);
		if (word == (UINT64_C(1) << len) - 1) {
			count_token(c, len, len);
			piece_word(&sc.s);
			found(&sc, w->low + a, len, text + a, len);
			token_done(&sc);
		} else if (!span_bits(blocks, RD_HIGH, a, len)) {
			ascii_token(&sc, a, len, word);
		} else {
			slow_range(&sc, a, a + len);
		}
		uint64_t next = ~space >> len;
		a = next ? a + len + ctz64(next) : next_nonspace(blocks, a + 64, n);
	}
	/* the last batch, then the words it left to look up */
	resolve_found(&sc);
	resolve_found(&sc);
	count_syllables(&sc, c);
	if (sc.unique_used) {
		qsort(w->seen, sc.unique_used, sizeof *w->seen, cmp_u64);
		for (size_t i = 0; i < sc.unique_used; i++)
			c->difficult_unique += !i || w->seen[i] != w->seen[i - 1];
	}
	c->sentences = sentences_end(&sc.s, n);
	if (!sc.lw_cut)
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
