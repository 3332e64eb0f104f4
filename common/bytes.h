/* bytes.h: little-endian integers in the binary files the tools write (models,
 * states, signatures), so a file reads the same on any machine. */
#ifndef DS_BYTES_H
#define DS_BYTES_H

#include <stdint.h>
#include "buf.h"

static inline void ds_put_u32(struct ds_buf *b, uint32_t v)
{
	unsigned char x[4] = { (unsigned char)v, (unsigned char)(v >> 8),
			       (unsigned char)(v >> 16), (unsigned char)(v >> 24) };
	ds_buf_add(b, x, 4);
}

static inline void ds_put_u64(struct ds_buf *b, uint64_t v)
{
	ds_put_u32(b, (uint32_t)v);
	ds_put_u32(b, (uint32_t)(v >> 32));
}

static inline uint32_t ds_get_u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t ds_get_u64(const unsigned char *p)
{
	return ds_get_u32(p) | (uint64_t)ds_get_u32(p + 4) << 32;
}

#endif
