/* tok.c: tokenizer schemes, case folding and the Unicode properties they use.
 *
 * ASCII is classified and folded by table; utf8proc is asked only about code
 * points >= 0x80 (calling it for every byte is ~20x slower, LIMITS.md). */
#include "tok.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include "buf.h"
#include "util.h"

static const char *const scheme_names[DS_TOK_NSCHEMES] = {
	[DS_TOK_WORDS] = "words",
	[DS_TOK_WHITESPACE] = "whitespace",
	[DS_TOK_CHARS] = "chars",
	[DS_TOK_LEXRICH] = "lexicalrichness",
	[DS_TOK_WORDPUNCT] = "wordpunct",
	[DS_TOK_TEXTSTAT] = "textstat",
};

int ds_tok_parse(const char *name)
{
	for (int i = 0; i < DS_TOK_NSCHEMES; i++)
		if (scheme_names[i] && !strcmp(name, scheme_names[i]))
			return i;
	return -1;
}

const char *ds_tok_name(int scheme)
{
	return scheme >= 0 && scheme < DS_TOK_NSCHEMES && scheme_names[scheme] ? scheme_names[scheme] : "?";
}

const char *ds_tok_names(void)
{
	static char names[256];
	if (!names[0])
		for (int i = 0; i < DS_TOK_NSCHEMES; i++)
			if (scheme_names[i]) {
				if (names[0])
					strcat(names, ", ");
				strcat(names, scheme_names[i]);
			}
	return names;
}

/* --- Unicode ----------------------------------------------------------------- */

int ds_utf8_decode(const char *s, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] < 0xe0) {
		*cp = (uint32_t)(p[0] & 0x1f) << 6 | (p[1] & 0x3f);
		return 2;
	}
	if (p[0] < 0xf0) {
		*cp = (uint32_t)(p[0] & 0x0f) << 12 | (uint32_t)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
		return 3;
	}
	*cp = (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3f) << 12
	      | (uint32_t)(p[2] & 0x3f) << 6 | (p[3] & 0x3f);
	return 4;
}

static size_t utf8_encode(char *b, uint32_t cp)
{
	if (cp < 0x80) {
		b[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		b[0] = (char)(0xc0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		b[0] = (char)(0xe0 | cp >> 12);
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	b[0] = (char)(0xf0 | cp >> 18);
	b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	b[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

int ds_uc_is_space(uint32_t cp)
{
	if (cp < 0x80)
		return cp == ' ' || (cp >= 0x09 && cp <= 0x0d) || (cp >= 0x1c && cp <= 0x1f);
	switch (cp) {
	case 0x85: case 0xa0: case 0x1680: case 0x2028: case 0x2029: case 0x202f:
	case 0x205f: case 0x3000:
		return 1;
	}
	return cp >= 0x2000 && cp <= 0x200a;
}

int ds_uc_is_word(uint32_t cp)
{
	if (cp < 0x80)
		return (cp | 0x20) - 'a' < 26 || cp - '0' < 10 || cp == '_';
	switch (utf8proc_category((utf8proc_int32_t)cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 0;
	}
}

/* Letters, numbers, marks and connector punctuation: inside a "words" token. */
static int is_word_part(uint32_t cp)
{
	if (cp < 0x80)
		return (cp | 0x20) - 'a' < 26 || cp - '0' < 10 || cp == '_';
	switch (utf8proc_category((utf8proc_int32_t)cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
	case UTF8PROC_CATEGORY_PC:
		return 1;
	default:
		return 0;
	}
}

int ds_uc_is_cjk(uint32_t cp)
{
	return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf)
	       || (cp >= 0x20000 && cp <= 0x3ffff) || (cp >= 0xf900 && cp <= 0xfaff)
	       || (cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x31f0 && cp <= 0x31ff)
	       || (cp >= 0xff66 && cp <= 0xff9f) || cp == 0x3005;
}

static inline uint32_t fold_cp(uint32_t cp)
{
	if (cp < 0x80)
		return cp - 'A' < 26 ? cp + 32 : cp;
	return (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
}

/* Python's Cased and Case_Ignorable properties (general category plus the
 * Word_Break MidLetter, MidNumLet and Single_Quote characters): only the
 * final-sigma rule of str.lower() looks at them. */
static bool is_cased(uint32_t cp)
{
	if (cp < 0x80)
		return (cp | 0x20) - 'a' < 26;
	utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
	return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL || c == UTF8PROC_CATEGORY_LT
	       || utf8proc_tolower((utf8proc_int32_t)cp) != (utf8proc_int32_t)cp
	       || utf8proc_toupper((utf8proc_int32_t)cp) != (utf8proc_int32_t)cp;
}

static bool is_case_ignorable(uint32_t cp)
{
	switch (cp) {
	case '\'': case '.': case ':': case '^': case '`': case 0xb7: case 0x387: case 0x55f:
	case 0x5f4: case 0x2018: case 0x2019: case 0x2024: case 0x2027: case 0xfe13:
	case 0xfe52: case 0xfe55: case 0xff07: case 0xff0e: case 0xff1a:
		return true;
	}
	if (cp < 0x80)
		return false;
	switch (utf8proc_category((utf8proc_int32_t)cp)) {
	case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_CF:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_SK:
		return true;
	default:
		return false;
	}
}

/* Whether text holds U+0130 or U+03A3, where str.lower() differs from
 * lowering code point by code point. */
static bool has_context_rules(const char *s, size_t n)
{
	const char *end = s + n;
	for (const char *p = s; (p = memchr(p, 0xc4, (size_t)(end - p))) && p + 1 < end; p++)
		if ((unsigned char)p[1] == 0xb0)
			return true;
	for (const char *p = s; (p = memchr(p, 0xce, (size_t)(end - p))) && p + 1 < end; p++)
		if ((unsigned char)p[1] == 0xa3)
			return true;
	return false;
}

void ds_fold_case(const char *text, size_t n, struct ds_buf *out)
{
	const unsigned char *p = (const unsigned char *)text, *end = p + n;
	bool after_cased = false;	/* the last code point not case-ignorable was cased */
	ds_buf_grow(out, n);
	while (p < end) {
		const unsigned char *q = p;
		char *dst = out->data + out->len;
		/* ASCII run: fold by arithmetic, no calls. */
		while (q < end && *q < 0x80) {
			unsigned c = *q++;
			*dst++ = (char)(c - 'A' < 26 ? c + 32 : c);
		}
		/* The run's last character that is not case-ignorable decides. */
		for (const unsigned char *r = q; r > p; r--)
			if (!is_case_ignorable(r[-1])) {
				after_cased = (unsigned)((r[-1] | 0x20) - 'a') < 26;
				break;
			}
		out->len += (size_t)(q - p);
		p = q;
		if (p >= end)
			break;
		uint32_t cp;
		int k = ds_utf8_decode((const char *)p, &cp);
		char b[4];
		if (cp == 0x130) {
			ds_buf_grow(out, 3 + (size_t)(end - p));
			ds_buf_add(out, "i\xcc\x87", 3);
		} else if (cp == 0x3a3) {
			/* Final sigma: a cased letter before, none after (ignorables skipped). */
			bool final = after_cased;
			if (final) {
				const unsigned char *r = p + k;
				uint32_t next = 0;
				bool found = false;
				while (r < end && !found) {
					r += ds_utf8_decode((const char *)r, &next);
					found = !is_case_ignorable(next);
				}
				final = !found || !is_cased(next);
			}
			ds_buf_grow(out, 2 + (size_t)(end - p));
			ds_buf_add(out, final ? "\xcf\x82" : "\xcf\x83", 2);
		} else {
			size_t m = utf8_encode(b, fold_cp(cp));
			ds_buf_grow(out, m + (size_t)(end - p));
			ds_buf_add(out, b, m);
		}
		if (!is_case_ignorable(cp))
			after_cased = is_cased(cp);
		p += k;
	}
}

/* --- token storage ------------------------------------------------------------ */

static void reserve(struct ds_tokens *t, size_t text_len)
{
	/* Tokens never outnumber bytes, and token bytes never exceed 4x the text
	 * (folding can grow a code point from 2 to 3 bytes at most; 4x is safe). */
	if (t->cap < text_len + 1) {
		t->cap = text_len + 1;
		t->off = ds_reallocarray(t->off, t->cap, sizeof *t->off);
		t->len = ds_reallocarray(t->len, t->cap, sizeof *t->len);
	}
	size_t need = text_len * 2 + 16;
	if (t->bytes_cap < need) {
		t->bytes_cap = need;
		t->bytes = ds_realloc(t->bytes, need);
	}
	t->n = 0;
	t->nbytes = 0;
}

void ds_tokens_free(struct ds_tokens *t)
{
	free(t->bytes);
	free(t->off);
	free(t->len);
	ds_buf_free(&t->lowered);
	memset(t, 0, sizeof *t);
}

static inline void tok_begin(struct ds_tokens *t)
{
	t->off[t->n] = (uint32_t)t->nbytes;
}

static inline void tok_end(struct ds_tokens *t)
{
	uint32_t len = (uint32_t)t->nbytes - t->off[t->n];
	if (len)
		t->len[t->n++] = len;
}

/* No bounds check: reserve() made room for twice the text, and folding grows
 * a code point by at most half (2 -> 3 bytes). */
static inline void tok_put(struct ds_tokens *t, uint32_t cp, int fold)
{
	if (fold)
		cp = fold_cp(cp);
	t->nbytes += utf8_encode(t->bytes + t->nbytes, cp);
}

/* --- schemes ------------------------------------------------------------------- */

/* ASCII classes for the schemes' fast paths. */
enum {
	C_WORD = 1,	/* \w */
	C_SPACE = 2,	/* str.isspace() */
	C_PUNCT = 4,	/* string.punctuation */
	C_LR_DROP = 8	/* deleted by lexicalrichness: digits and '-' */
};
static unsigned char ascii_class[128];

static void init_classes(void)
{
	for (int c = 0; c < 128; c++) {
		unsigned char k = 0;
		if (ds_uc_is_word((uint32_t)c))
			k |= C_WORD;
		if (ds_uc_is_space((uint32_t)c))
			k |= C_SPACE;
		if (c > 0x20 && c < 0x7f && !((unsigned)((c | 0x20) - 'a') < 26 || (unsigned)(c - '0') < 10))
			k |= C_PUNCT;
		if ((unsigned)(c - '0') < 10 || c == '-')
			k |= C_LR_DROP;
		ascii_class[c] = k;
	}
}

static int is_apostrophe(uint32_t cp)
{
	return cp == '\'' || cp == 0x2019;
}

static void tok_words(const char *text, size_t n, int fold, struct ds_tokens *t)
{
	const char *p = text, *end = text + n;
	bool in = false;
	uint32_t prev = 0;
	while (p < end) {
		uint32_t cp;
		int k = (unsigned char)*p < 0x80 ? (cp = (unsigned char)*p, 1) : ds_utf8_decode(p, &cp);
		if (cp >= 0x80 && ds_uc_is_cjk(cp)) {
			if (in)
				tok_end(t);
			tok_begin(t);
			tok_put(t, cp, fold);
			tok_end(t);
			in = false;
		} else if (cp < 0x80 ? (ascii_class[cp] & C_WORD) : is_word_part(cp)) {
			if (!in) {
				tok_begin(t);
				in = true;
			}
			tok_put(t, cp, fold);
		} else if (in && is_apostrophe(cp) && p + k < end && prev != 0) {
			/* Keep "don't" whole: an apostrophe between word characters. */
			uint32_t next;
			ds_utf8_decode(p + k, &next);
			if (next < 0x80 ? (ascii_class[next] & C_WORD) : (is_word_part(next) && !ds_uc_is_cjk(next)))
				tok_put(t, cp, 0);
			else {
				tok_end(t);
				in = false;
			}
		} else if (in) {
			tok_end(t);
			in = false;
		}
		prev = in ? cp : 0;
		p += k;
	}
	if (in)
		tok_end(t);
}

static void tok_whitespace(const char *text, size_t n, int fold, struct ds_tokens *t)
{
	const char *p = text, *end = text + n;
	bool in = false;
	while (p < end) {
		uint32_t cp;
		int k = (unsigned char)*p < 0x80 ? (cp = (unsigned char)*p, 1) : ds_utf8_decode(p, &cp);
		if (cp < 0x80 ? (ascii_class[cp] & C_SPACE) : ds_uc_is_space(cp)) {
			if (in)
				tok_end(t);
			in = false;
		} else {
			if (!in) {
				tok_begin(t);
				in = true;
			}
			tok_put(t, cp, fold);
		}
		p += k;
	}
	if (in)
		tok_end(t);
}

static void tok_chars(const char *text, size_t n, int fold, struct ds_tokens *t)
{
	const char *p = text, *end = text + n;
	while (p < end) {
		uint32_t cp;
		p += ds_utf8_decode(p, &cp);
		tok_begin(t);
		tok_put(t, cp, fold);
		tok_end(t);
	}
}

/* lexicalrichness: lower(); delete [0-9]+, '-', U+2013, U+2014; ASCII
 * punctuation becomes a space; split on white space. Deleted characters join
 * their neighbours ("hyphen-here" -> "hyphenhere"). It always lower-cases. */
/* The scalar step of tok_lexrich: one character at *pp. */
struct lexrich_state {
	char *base, *o, *start;
	uint32_t *offs, *lens;
	size_t ntok;
};

static inline void lexrich_end(struct lexrich_state *st)
{
	if (st->start) {
		st->offs[st->ntok] = (uint32_t)(st->start - st->base);
		st->lens[st->ntok++] = (uint32_t)(st->o - st->start);
		st->start = NULL;
	}
}

static inline const unsigned char *lexrich_step(struct lexrich_state *st, const unsigned char *p)
{
	unsigned c = *p;
	if (c < 0x80) {
		unsigned k = ascii_class[c];
		if (k & C_LR_DROP)
			return p + 1;
		if (k & (C_SPACE | C_PUNCT)) {
			lexrich_end(st);
			return p + 1;
		}
		if (!st->start)
			st->start = st->o;
		*st->o++ = (char)(c - 'A' < 26 ? c + 32 : c);
		return p + 1;
	}
	uint32_t cp;
	p += ds_utf8_decode((const char *)p, &cp);
	if (cp == 0x2013 || cp == 0x2014)
		return p;
	if (ds_uc_is_space(cp)) {
		lexrich_end(st);
		return p;
	}
	if (!st->start)
		st->start = st->o;
	st->o += utf8_encode(st->o, fold_cp(cp));
	return p;
}

#ifdef __SSE2__
/* 16 bytes at once when they are all letters, white space (\t \n \r and
 * space) or punctuation, the common case in prose; returns false (nothing
 * done) otherwise. The chunk is stored lower-cased whole, separators
 * included: tokens are the letter runs inside it, located from a bit mask. */
static inline bool lexrich_chunk(struct lexrich_state *st, const unsigned char *p)
{
	__m128i v = _mm_loadu_si128((const __m128i *)p);
	__m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
	__m128i letter = _mm_and_si128(_mm_cmpgt_epi8(lower, _mm_set1_epi8('a' - 1)),
				       _mm_cmplt_epi8(lower, _mm_set1_epi8('z' + 1)));
	__m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
				      _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
	__m128i odd = _mm_or_si128(_mm_or_si128(digit, _mm_cmpeq_epi8(v, _mm_set1_epi8('-'))),
				   _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7f)));
	/* Below 0x20 (or non-ASCII, negative as signed): fine only for \t \n \r. */
	__m128i ctl = _mm_cmplt_epi8(v, _mm_set1_epi8(0x20));
	__m128i ok_ctl = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')),
						   _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))),
				      _mm_cmpeq_epi8(v, _mm_set1_epi8('\r')));
	__m128i bad = _mm_or_si128(odd, _mm_andnot_si128(ok_ctl, ctl));
	if (_mm_movemask_epi8(bad))
		return false;
	unsigned keep = (unsigned)_mm_movemask_epi8(letter);
	/* Lower-case the letters only; other bytes stay as they are (they are
	 * separators and never read). */
	__m128i folded = _mm_or_si128(v, _mm_and_si128(letter, _mm_set1_epi8(0x20)));
	_mm_storeu_si128((__m128i *)st->o, folded);
	unsigned prev_in = st->start != NULL;
	unsigned change = (keep ^ ((keep << 1) | prev_in)) & 0xffff;
	while (change) {
		unsigned i = (unsigned)__builtin_ctz(change);
		change &= change - 1;
		if (keep >> i & 1) {
			st->start = st->o + i;
		} else {
			st->offs[st->ntok] = (uint32_t)(st->start - st->base);
			st->lens[st->ntok++] = (uint32_t)(st->o + i - st->start);
			st->start = NULL;
		}
	}
	st->o += 16;
	return true;
}
#endif

static void tok_lexrich(const char *text, size_t n, struct ds_tokens *t)
{
	/* The hottest scheme (ds-ttr's default). */
	const unsigned char *p = (const unsigned char *)text, *end = p + n;
	struct lexrich_state st = { t->bytes, t->bytes, NULL, t->off, t->len, 0 };
#ifdef __SSE2__
	while (end - p >= 16) {
		if (lexrich_chunk(&st, p)) {
			p += 16;
			continue;
		}
		/* Scalar until the next chunk boundary (a character may cross it). */
		const unsigned char *stop = p + 16;
		while (p < stop)
			p = lexrich_step(&st, p);
	}
#endif
	while (p < end)
		p = lexrich_step(&st, p);
	lexrich_end(&st);
	t->n = st.ntok;
	t->nbytes = (size_t)(st.o - st.base);
}

/* NLTK wordpunct_tokenize: \w+|[^\w\s]+ with Python's Unicode \w and \s. */
static void tok_wordpunct(const char *text, size_t n, int fold, struct ds_tokens *t)
{
	const char *p = text, *end = text + n;
	int cur = 0;	/* 0 none, 1 word run, 2 punctuation run */
	while (p < end) {
		uint32_t cp;
		int k = (unsigned char)*p < 0x80 ? (cp = (unsigned char)*p, 1) : ds_utf8_decode(p, &cp);
		p += k;
		int kind;
		if (cp < 0x80)
			kind = ascii_class[cp] & C_WORD ? 1 : ascii_class[cp] & C_SPACE ? 0 : 2;
		else
			kind = ds_uc_is_word(cp) ? 1 : ds_uc_is_space(cp) ? 0 : 2;
		if (kind != cur) {
			if (cur)
				tok_end(t);
			if (kind)
				tok_begin(t);
			cur = kind;
		}
		if (kind)
			tok_put(t, cp, fold);
	}
	if (cur)
		tok_end(t);
}

void ds_tokenize(int scheme, int fold, const char *text, size_t n, struct ds_tokens *t)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, init_classes);
	if ((fold || scheme == DS_TOK_LEXRICH) && has_context_rules(text, n)) {
		/* Rare: lower the whole text first (Python's context rules need
		 * the neighbours); folding it again per code point changes nothing. */
		ds_buf_reset(&t->lowered);
		ds_fold_case(text, n, &t->lowered);
		text = t->lowered.data;
		n = t->lowered.len;
	}
	reserve(t, n);
	switch (scheme) {
	case DS_TOK_WORDS: tok_words(text, n, fold, t); break;
	case DS_TOK_WHITESPACE: tok_whitespace(text, n, fold, t); break;
	case DS_TOK_CHARS: tok_chars(text, n, fold, t); break;
	case DS_TOK_LEXRICH: tok_lexrich(text, n, t); break;
	case DS_TOK_WORDPUNCT: tok_wordpunct(text, n, fold, t); break;
	case DS_TOK_TEXTSTAT: ds_tokenize_textstat(fold, text, n, t); break;
	default: ds_die(DS_EXIT_USAGE, "unknown tokenizer scheme %d", scheme);
	}
}
