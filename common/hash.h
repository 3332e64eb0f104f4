/* hash.h: hashing and keyed randomness.
 *
 * xxHash (XXH3) for everything hashed inside the suite. Random choices derive
 * from --seed and the record's bytes, never from its position, so a record
 * draws the same number whichever shard it is in (dsutils(7), RANDOMNESS). */
#ifndef DS_HASH_H
#define DS_HASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t ds_hash64(const void *p, size_t n, uint64_t seed);
void ds_hash128(const void *p, size_t n, uint64_t seed, uint64_t out[2]);

/* The identity of a token for counting: its bytes themselves when it has at
 * most 7 (exact, and most words are that short), else XXH3 of them. The top
 * byte keeps the two kinds apart. */
static inline uint64_t ds_token_key(const char *p, size_t n)
{
	if (n <= 7) {
		uint64_t k = 0;
		for (size_t i = 0; i < n; i++)
			k |= (uint64_t)(unsigned char)p[i] << (8 * i);
		return k | (uint64_t)n << 56;
	}
	return ds_hash64(p, n, 0) | (uint64_t)0xff << 56;
}

/* splitmix64: a bijective 64-bit mixer; also the step of ds_rng. */
static inline uint64_t ds_mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15u;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
	return x ^ (x >> 31);
}

/* A uniform double in the open interval (0, 1) from 64 random bits. */
static inline double ds_unit(uint64_t bits)
{
	return ((double)(bits >> 11) + 0.5) * 0x1.0p-53;
}

/* The random key of a record: a function of the seed and the line's bytes. */
uint64_t ds_record_key(uint64_t seed, const char *line, size_t len);

/* A small generator for tools that need a stream of numbers: splitmix64. */
struct ds_rng { uint64_t state; };
static inline uint64_t ds_rng_next(struct ds_rng *r)
{
	r->state += 0x9e3779b97f4a7c15u;
	uint64_t x = r->state;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
	return x ^ (x >> 31);
}

#endif
