/* pyuc.c: Python str semantics on UTF-8 (see pyuc.h). */
#include <utf8proc.h>

#include "buf.h"
#include "pyuc.h"

size_t pyuc_len(const char *s, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		count += ((unsigned char)s[i] & 0xC0) != 0x80;
	return count;
}

bool pyuc_isalpha(uint32_t c)
{
	if (c < 0x80)
		return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
	switch (utf8proc_category((utf8proc_int32_t)c)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
		return true;
	default:
		return false;
	}
}

bool pyuc_isalnum(uint32_t c)
{
	if (c < 0x80)
		return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9');
	switch (utf8proc_category((utf8proc_int32_t)c)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
		return true;
	default:
		return false;
	}
}

bool pyuc_ispunct(uint32_t c)
{
	switch (utf8proc_category((utf8proc_int32_t)c)) {
	case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD: case UTF8PROC_CATEGORY_PS:
	case UTF8PROC_CATEGORY_PE: case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF:
	case UTF8PROC_CATEGORY_PO:
		return true;
	default:
		return false;
	}
}

void pyuc_lstrip(const char **s, size_t *n)
{
	const char *p = *s, *end = *s + *n;
	uint32_t c;
	while (p < end) {
		int k = pyuc_decode(p, &c);
		if (!pyuc_isspace(c))
			break;
		p += k;
	}
	*n = (size_t)(end - p);
	*s = p;
}

void pyuc_rstrip(const char **s, size_t *n)
{
	const char *start = *s, *end = *s + *n;
	uint32_t c;
	while (end > start) {
		int k = pyuc_prev_len(start, end);
		pyuc_decode(end - k, &c);
		if (!pyuc_isspace(c))
			break;
		end -= k;
	}
	*n = (size_t)(end - start);
}

void pyuc_strip(const char **s, size_t *n)
{
	pyuc_rstrip(s, n);
	pyuc_lstrip(s, n);
}

void pyuc_lower(const char *s, size_t n, struct ds_buf *out)
{
	const char *end = s + n;
	uint32_t c;
	ds_buf_grow(out, n);
	while (s < end) {
		if ((unsigned char)*s < 0x80) {
			char ch = *s++;
			ds_buf_addc(out, ch >= 'A' && ch <= 'Z' ? (char)(ch + 32) : ch);
			continue;
		}
		s += pyuc_decode(s, &c);
		if (c == 0x130) {	/* SpecialCasing: U+0130 lowers to i + U+0307 */
			ds_buf_adds(out, "i\xCC\x87");
			continue;
		}
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t k = utf8proc_encode_char(utf8proc_tolower((utf8proc_int32_t)c), enc);
		ds_buf_add(out, enc, (size_t)k);
	}
}

bool pyuc_in(const uint32_t *table, size_t n, uint32_t cp)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (table[mid] < cp)
			lo = mid + 1;
		else if (table[mid] > cp)
			hi = mid;
		else
			return true;
	}
	return false;
}
