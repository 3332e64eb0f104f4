/* hash.c: xxHash wrappers (inlined here once) and per-record keys. */
#define XXH_INLINE_ALL
#include <xxhash.h>
#include "hash.h"

uint64_t ds_hash64(const void *p, size_t n, uint64_t seed)
{
	return XXH3_64bits_withSeed(p, n, seed);
}

void ds_hash128(const void *p, size_t n, uint64_t seed, uint64_t out[2])
{
	XXH128_hash_t h = XXH3_128bits_withSeed(p, n, seed);
	out[0] = h.low64;
	out[1] = h.high64;
}

uint64_t ds_record_key(uint64_t seed, const char *line, size_t len)
{
	return ds_mix64(XXH3_64bits_withSeed(line, len, seed) ^ seed);
}
