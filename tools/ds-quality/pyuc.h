/* pyuc.h: the few Python str semantics the datatrove rules depend on, on
 * UTF-8 text (code points counted as Python's len counts them). */
#ifndef DSQ_PYUC_H
#define DSQ_PYUC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ds_buf;

/* Decode the code point at p (valid UTF-8); returns its byte length. */
static inline int pyuc_decode(const char *s, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] < 0xE0) {
		*cp = (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
		return 2;
	}
	if (p[0] < 0xF0) {
		*cp = (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
		return 3;
	}
	*cp = (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 |
	      (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
	return 4;
}

/* The length of the code point ending just before p (valid UTF-8, p > start). */
static inline int pyuc_prev_len(const char *start, const char *p)
{
	int n = 1;
	while (p - n > start && ((unsigned char)p[-n] & 0xC0) == 0x80)
		n++;
	return n;
}

/* str.isspace() for one code point. */
static inline bool pyuc_isspace(uint32_t c)
{
	if (c < 0x80)
		return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20);
	return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
	       c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

/* The byte length of the code point whose first byte is b (valid UTF-8). */
static inline int pyuc_cp_len(unsigned char b)
{
	return b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
}

/* The byte length of the white-space code point at s (valid UTF-8), or 0
 * when it is not white space (str.isspace()). */
static inline int pyuc_space_len(const char *s)
{
	unsigned char b = (unsigned char)*s;
	if (b < 0x80)
		return pyuc_isspace(b);
	uint32_t c;
	int k = pyuc_decode(s, &c);
	return pyuc_isspace(c) ? k : 0;
}

/* Code points in s[0..n). */
size_t pyuc_len(const char *s, size_t n);
/* str.isalpha() for one code point (categories L*). */
bool pyuc_isalpha(uint32_t c);
/* str.isalnum() for one code point, as re's \w sees it (categories L*, N*). */
bool pyuc_isalnum(uint32_t c);
/* unicodedata.category(c) starts with "P". */
bool pyuc_ispunct(uint32_t c);
/* A line boundary of str.splitlines() (\r\n is handled by the caller). */
static inline bool pyuc_is_linebreak(uint32_t c)
{
	return c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || (c >= 0x1C && c <= 0x1E) ||
	       c == 0x85 || c == 0x2028 || c == 0x2029;
}
/* str.strip(), lstrip(), rstrip(): shrink [*s, *s+*n) in place. */
void pyuc_strip(const char **s, size_t *n);
void pyuc_lstrip(const char **s, size_t *n);
void pyuc_rstrip(const char **s, size_t *n);
/* str.lower() of s[0..n) appended to out (full mapping for U+0130; final
 * sigma is not special-cased). */
void pyuc_lower(const char *s, size_t n, struct ds_buf *out);
/* Whether cp is in a sorted table of code points. */
bool pyuc_in(const uint32_t *table, size_t n, uint32_t cp);

#endif
