/* fuzz-numfmt: ds_fmt_double (Python repr of a double) and the integer
 * printers of common/numfmt.c.
 *
 * Input: 8 bytes as a double's bits, or (when it does not take 8 bytes) text
 * for strtod. Properties: NaN and infinities print null; any other double
 * prints text that strtod reads back to the same bits (sign of zero too);
 * it has no more significant digits than the shortest %.*e that round-trips
 * and, with as many, the same digits (the correctly rounded ones, which are
 * the closest); the notation is Python's: fixed when the decimal exponent is
 * in [-4, 16) with ".0" on integral values, else d.ddde+XX. */
#include <math.h>
#include "fuzz.h"
#include "numfmt.h"

/* Significant digits of a %.*e string ("1.2345e+05" -> "12345", trailing zeros cut). */
static size_t sci_digits(const char *s, char *dig, int *exp10)
{
	size_t n = 0;
	if (*s == '-')
		s++;
	for (; *s && *s != 'e'; s++)
		if (*s >= '0' && *s <= '9')
			dig[n++] = *s;
	*exp10 = atoi(s + 1);
	while (n > 1 && dig[n - 1] == '0')
		n--;
	dig[n] = 0;
	return n;
}

/* Significant digits of our output, in either notation. */
static size_t out_digits(const char *s, char *dig)
{
	size_t n = 0;
	int seen = 0;
	if (*s == '-')
		s++;
	for (; *s && *s != 'e'; s++) {
		if (*s < '0' || *s > '9')
			continue;
		if (*s == '0' && !seen)
			continue;
		seen = 1;
		dig[n++] = *s;
	}
	while (n > 1 && dig[n - 1] == '0')
		n--;
	if (!n)
		dig[n++] = '0';
	dig[n] = 0;
	return n;
}

static void check_double(double x)
{
	char buf[DS_NUM_MAX + 8];
	memset(buf, 'x', sizeof buf);
	size_t n = ds_fmt_double(buf, x);
	CHECK(n < DS_NUM_MAX && buf[n] == 0 && strlen(buf) == n, "length %zu", n);
	if (isnan(x) || isinf(x)) {
		CHECK(!strcmp(buf, "null"), "%s for a non-finite value", buf);
		return;
	}
	char *end;
	double back = strtod(buf, &end);
	CHECK(*end == 0 && !memcmp(&back, &x, sizeof x), "%s does not read back as %a", buf, x);

	char ref[64], rdig[32], odig[32];
	int p, e10 = 0;
	for (p = 0; p <= 17; p++) {
		snprintf(ref, sizeof ref, "%.*e", p, x);
		if (strtod(ref, NULL) == x)
			break;
	}
	size_t rn = sci_digits(ref, rdig, &e10);
	size_t on = out_digits(buf, odig);
	CHECK(on <= rn, "%s has %zu digits where %s has %zu", buf, on, ref, rn);
	CHECK(on < rn || !strcmp(odig, rdig), "%s: digits %s, correctly rounded %s", buf, odig, rdig);

	int sci = strchr(buf, 'e') != NULL;
	if (x == 0) {
		CHECK(!strcmp(buf, signbit(x) ? "-0.0" : "0.0"), "%s for zero", buf);
	} else {
		int want_sci = !(e10 >= -4 && e10 < 16);
		CHECK(sci == want_sci, "%s: exponent %d in the wrong notation", buf, e10);
		if (sci) {
			const char *e = strchr(buf, 'e');
			CHECK((e[1] == '+' || e[1] == '-') && e[2] >= '0' && e[2] <= '9' && strlen(e + 2) >= 2,
			      "%s: exponent form", buf);
		} else {
			CHECK(strchr(buf, '.') && buf[n - 1] != '.', "%s: fixed form needs a fraction", buf);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	double x;
	if (size == 8) {
		memcpy(&x, data, 8);
		check_double(x);
		int64_t i;
		memcpy(&i, data, 8);
		char a[DS_NUM_MAX], b[32];
		ds_fmt_int(a, i);
		snprintf(b, sizeof b, "%lld", (long long)i);
		CHECK(!strcmp(a, b), "int %s vs %s", a, b);
		ds_fmt_uint(a, (uint64_t)i);
		snprintf(b, sizeof b, "%llu", (unsigned long long)(uint64_t)i);
		CHECK(!strcmp(a, b), "uint %s vs %s", a, b);
		return 0;
	}
	char text[128];
	size_t n = size < sizeof text - 1 ? size : sizeof text - 1;
	memcpy(text, data, n);
	text[n] = 0;
	x = strtod(text, NULL);
	check_double(x);
	return 0;
}
