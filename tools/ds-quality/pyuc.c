/* pyuc.c: Python str semantics on UTF-8 (see pyuc.h). */
#include <string.h>
#include <utf8proc.h>

#include "buf.h"
#include "pyuc.h"

/* Counts the continuation bytes (10xxxxxx) eight at a time. */
size_t pyuc_len(const char *s, size_t n)
{
	size_t cont = 0, i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t x;
		memcpy(&x, s + i, 8);
		uint64_t c = x & ~(x << 1) & 0x8080808080808080ULL;
		cont += (size_t)(((c >> 7) * 0x0101010101010101ULL) >> 56);
	}
	for (; i < n; i++)
		cont += ((unsigned char)s[i] & 0xC0) == 0x80;
	return n - cont;
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
			/* an ASCII run maps byte for byte: write it in place */
			const char *q = s;
			while (q < end && (unsigned char)*q < 0x80)
				q++;
			size_t k = (size_t)(q - s);
			ds_buf_grow(out, k);
			char *d = out->data + out->len;
			for (; q - s >= 8; s += 8, d += 8) {	/* eight bytes at a time */
				uint64_t x, ge_a, gt_z;
				memcpy(&x, s, 8);
				/* bytes < 0x80: adding never carries into the next byte */
				ge_a = x + 0x3F3F3F3F3F3F3F3FULL;	/* 0x80 set from 'A' on */
				gt_z = x + 0x2525252525252525ULL;	/* 0x80 set past 'Z' */
				x |= (ge_a & ~gt_z & 0x8080808080808080ULL) >> 2;
				memcpy(d, &x, 8);
			}
			for (; s < q; s++)
				*d++ = *s >= 'A' && *s <= 'Z' ? (char)(*s + 32) : *s;
			out->len += k;
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
