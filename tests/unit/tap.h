/* tap.h: minimal TAP output for the unit tests. */
#ifndef DS_TAP_H
#define DS_TAP_H

#include <stdio.h>

static int tap_count, tap_failures;

#define tap_plan(n) printf("1..%d\n", (n))
#define tap_ok(cond, ...)                                                \
	do {                                                             \
		int tap_c_ = (cond);                                     \
		tap_count++;                                             \
		if (!tap_c_)                                             \
			tap_failures++;                                  \
		printf("%sok %d - ", tap_c_ ? "" : "not ", tap_count);    \
		printf(__VA_ARGS__);                                     \
		printf("\n");                                            \
	} while (0)
#define tap_done() (tap_failures ? 1 : 0)

#endif
