/* buf.h: a growable byte buffer. The owner of a struct ds_buf owns its bytes;
 * ds_buf_free releases them, ds_buf_reset keeps the capacity for reuse. */
#ifndef DS_BUF_H
#define DS_BUF_H

#include <stddef.h>
#include <string.h>

struct ds_buf {
	char *data;
	size_t len, cap;
};

void ds_buf_grow(struct ds_buf *b, size_t extra);	/* ensure room for extra more bytes */
void ds_buf_free(struct ds_buf *b);
void ds_buf_printf(struct ds_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static inline void ds_buf_reset(struct ds_buf *b) { b->len = 0; }

static inline void ds_buf_add(struct ds_buf *b, const void *p, size_t n)
{
	if (b->cap - b->len < n)
		ds_buf_grow(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
}

static inline void ds_buf_addc(struct ds_buf *b, char c)
{
	if (b->cap == b->len)
		ds_buf_grow(b, 1);
	b->data[b->len++] = c;
}

static inline void ds_buf_adds(struct ds_buf *b, const char *s) { ds_buf_add(b, s, strlen(s)); }

/* NUL-terminate without counting the NUL in len. */
static inline const char *ds_buf_cstr(struct ds_buf *b)
{
	ds_buf_addc(b, '\0');
	b->len--;
	return b->data;
}

#endif
