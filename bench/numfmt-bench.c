/* ns per call of ds_fmt_double against snprintf("%.17g"), on 10M doubles of three kinds.
 * gcc -std=c11 -O2 -Icommon bench/numfmt-bench.c common/numfmt.c -o /tmp/numfmt-bench */
#define _POSIX_C_SOURCE 199309L   /* clock_gettime */
#include "numfmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define COUNT 10000000

static uint64_t rng_state = 42;

static uint64_t random_u64(void)   /* splitmix64 */
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* The summed lengths keep the compiler from dropping the calls. */
static size_t sink;

static void bench(const char *kind, const double *values)
{
	char buf[DS_NUM_MAX];
	double start = now();
	for (size_t i = 0; i < COUNT; i++)
		sink += ds_fmt_double(buf, values[i]);
	double ours = (now() - start) * 1e9 / COUNT;
	start = now();
	for (size_t i = 0; i < COUNT; i++)
		sink += (size_t)snprintf(buf, sizeof buf, "%.17g", values[i]);
	double libc = (now() - start) * 1e9 / COUNT;
	printf("%-34s ds_fmt_double %6.1f ns   snprintf %%.17g %6.1f ns\n", kind, ours, libc);
}

int main(void)
{
	double *values = malloc(COUNT * sizeof *values);
	if (!values)
		return 1;

	for (size_t i = 0; i < COUNT; i++)   /* what metrics look like: ratios, 16-17 digits */
		values[i] = (double)(random_u64() >> 11) / 9007199254740992.0;
	bench("ratios in [0, 1)", values);

	for (size_t i = 0; i < COUNT; i++)
		values[i] = (double)(random_u64() % 100000) / 100;
	bench("short decimals k/100", values);

	for (size_t i = 0; i < COUNT;) {   /* finite only: NaN and inf are a shortcut */
		uint64_t bits = random_u64();
		if ((bits >> 52 & 0x7ff) != 0x7ff)
			memcpy(&values[i++], &bits, sizeof bits);
	}
	bench("random bit patterns (any exponent)", values);

	free(values);
	return sink == 0;
}
