/* progress.c: a status line on stderr, rate-limited, cleared at the end. */
#include "progress.h"

#include <stdio.h>
#include "util.h"

#define INTERVAL 0.25	/* seconds between updates */
#define CHECK_EVERY 64	/* records between clock reads (vDSO clock: cheap) */

static double started, last;
static uint64_t total, calls;
static int shown, active;

void ds_progress_start(uint64_t total_bytes)
{
	active = 1;
	total = total_bytes;
	started = last = ds_now();
}

static void show(uint64_t records, uint64_t bytes, double now)
{
	double secs = now - started;
	double mb = bytes / 1e6;
	double rate = secs > 0 ? mb / secs : 0;
	if (total && bytes <= total) {
		double frac = (double)bytes / (double)total;
		double eta = frac > 0 ? secs * (1 - frac) / frac : 0;
		fprintf(stderr, "\r%s: %llu records, %.1f MB, %.1f MB/s, %.1f%%, ETA %.0fs   ",
			ds_prog, (unsigned long long)records, mb, rate, 100 * frac, eta);
	} else {
		fprintf(stderr, "\r%s: %llu records, %.1f MB, %.1f MB/s   ",
			ds_prog, (unsigned long long)records, mb, rate);
	}
	shown = 1;
}

void ds_progress_update(uint64_t records, uint64_t bytes)
{
	if (!active || ++calls % CHECK_EVERY)
		return;
	double now = ds_now();
	if (now - last < INTERVAL)
		return;
	last = now;
	show(records, bytes, now);
}

void ds_progress_end(void)
{
	if (shown)
		fprintf(stderr, "\r\033[K");
	active = shown = 0;
}
