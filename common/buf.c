/* buf.c: growable byte buffers. */
#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include "util.h"

void ds_buf_grow(struct ds_buf *b, size_t extra)
{
	size_t need = b->len + extra;
	if (need < b->len)
		ds_die(DS_EXIT_LIMIT, "out of memory (buffer overflow)");
	if (need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	b->data = ds_realloc(b->data, cap);
	b->cap = cap;
}

void ds_buf_free(struct ds_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void ds_buf_printf(struct ds_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	ds_buf_grow(b, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}
