/* Unit test for common/numfmt: exact Python repr() strings, then millions of doubles checked
 * against a slow reference built on printf and strtod. Prints TAP. */
#include "numfmt.h"

#include <float.h>
#include <inttypes.h>
#include <math.h>   /* isnan, isinf, signbit, NAN, INFINITY: macros, no libm */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int test_number;
static int failures;

static void report(bool ok, const char *desc)
{
	printf("%sok %d - %s\n", ok ? "" : "not ", ++test_number, desc);
	if (!ok)
		failures++;
}

/* ---- exact strings (from Python 3's repr) ---- */

struct double_case {
	double x;
	const char *source;   /* the C literal, for the test description */
	const char *expected;
};

#define DOUBLE_CASE(x, expected) {(x), #x, (expected)}

static const struct double_case double_cases[] = {
	DOUBLE_CASE(0.1, "0.1"),
	DOUBLE_CASE(0.30000000000000004, "0.30000000000000004"),
	DOUBLE_CASE(2 / 3.0, "0.6666666666666666"),
	DOUBLE_CASE(0.3333333333333333, "0.3333333333333333"),
	DOUBLE_CASE(0.7999999999999999, "0.7999999999999999"),
	DOUBLE_CASE(110.00000000000001, "110.00000000000001"),
	DOUBLE_CASE(0.0, "0.0"),
	DOUBLE_CASE(-0.0, "-0.0"),
	DOUBLE_CASE(3.0, "3.0"),
	DOUBLE_CASE(123.0, "123.0"),
	DOUBLE_CASE(-1.5, "-1.5"),
	DOUBLE_CASE(0.5, "0.5"),
	DOUBLE_CASE(1e15, "1000000000000000.0"),
	DOUBLE_CASE(9999999999999998.0, "9999999999999998.0"),
	DOUBLE_CASE(1e16, "1e+16"),
	DOUBLE_CASE(1.5e16, "1.5e+16"),
	DOUBLE_CASE(1e17, "1e+17"),
	DOUBLE_CASE(0x1p53, "9007199254740992.0"),
	DOUBLE_CASE(9007199254740993.0, "9007199254740992.0"),
	DOUBLE_CASE(0x1.0000000000001p53, "9007199254740994.0"),
	DOUBLE_CASE(123456789012345678.0, "1.2345678901234568e+17"),
	DOUBLE_CASE(0x1p63, "9.223372036854776e+18"),
	DOUBLE_CASE(0x1p64, "1.8446744073709552e+19"),
	DOUBLE_CASE(1e21, "1e+21"),
	DOUBLE_CASE(1e22, "1e+22"),
	DOUBLE_CASE(1e23, "1e+23"),
	DOUBLE_CASE(6.02214076e23, "6.02214076e+23"),
	DOUBLE_CASE(1.5e300, "1.5e+300"),
	DOUBLE_CASE(0x1p1023, "8.98846567431158e+307"),
	DOUBLE_CASE(DBL_MAX, "1.7976931348623157e+308"),
	DOUBLE_CASE(-DBL_MAX, "-1.7976931348623157e+308"),
	DOUBLE_CASE(0.0001, "0.0001"),
	DOUBLE_CASE(0.00012345, "0.00012345"),
	DOUBLE_CASE(9.999999999999999e-05, "9.999999999999999e-05"),
	DOUBLE_CASE(0.00010000000000000003, "0.00010000000000000003"),
	DOUBLE_CASE(0.00001, "1e-05"),
	DOUBLE_CASE(1.5e-5, "1.5e-05"),
	DOUBLE_CASE(1.25e-7, "1.25e-07"),
	DOUBLE_CASE(0x1p-30, "9.313225746154785e-10"),
	DOUBLE_CASE(1.602176634e-19, "1.602176634e-19"),
	DOUBLE_CASE(DBL_MIN, "2.2250738585072014e-308"),
	DOUBLE_CASE(0x0.fffffffffffffp-1022, "2.225073858507201e-308"),
	DOUBLE_CASE(0x3p-1074, "1.5e-323"),
	DOUBLE_CASE(5e-324, "5e-324"),
	DOUBLE_CASE(-5e-324, "-5e-324"),
	DOUBLE_CASE(3.141592653589793, "3.141592653589793"),
	DOUBLE_CASE(2.718281828459045, "2.718281828459045"),
	DOUBLE_CASE(4.35, "4.35"),
	DOUBLE_CASE(2.675, "2.675"),
	DOUBLE_CASE(12345678.9, "12345678.9"),
	DOUBLE_CASE(-273.15, "-273.15"),
	DOUBLE_CASE(123456.789e3, "123456789.0"),
	/* lopsided interval below a power of two: the 16-digit neighbour above reads back, the
	 * nearer one below (6.310887241768094e-30) does not */
	DOUBLE_CASE(0x1p-97, "6.310887241768095e-30"),
	/* exactly halfway between the two nearest 17-digit candidates: ties go to even */
	DOUBLE_CASE(0x1.0000000000001p50, "1125899906842624.2"),
	DOUBLE_CASE(0x1.0000000000003p50, "1125899906842624.8"),
	DOUBLE_CASE(NAN, "null"),
	DOUBLE_CASE(-NAN, "null"),
	DOUBLE_CASE(INFINITY, "null"),
	DOUBLE_CASE(-INFINITY, "null"),
};

struct int_case {
	int64_t v;
	const char *expected;
};

static const struct int_case int_cases[] = {
	{0, "0"}, {7, "7"}, {-7, "-7"}, {10, "10"}, {99, "99"}, {100, "100"}, {-100, "-100"},
	{1234567890123, "1234567890123"},
	{INT64_MAX, "9223372036854775807"},
	{INT64_MIN, "-9223372036854775808"},
};

struct uint_case {
	uint64_t v;
	const char *expected;
};

static const struct uint_case uint_cases[] = {
	{0, "0"}, {9, "9"}, {10, "10"}, {1000000, "1000000"},
	{UINT64_MAX, "18446744073709551615"},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- the slow reference ---- */

static uint64_t bits_of(double x)
{
	uint64_t bits;
	memcpy(&bits, &x, sizeof bits);
	return bits;
}

static double double_of(uint64_t bits)
{
	double x;
	memcpy(&x, &bits, sizeof x);
	return x;
}

static bool same_double(double a, double b)
{
	return bits_of(a) == bits_of(b);
}

/* The test does its bit work by hand so that it needs no libm. */

/* 2^e for -1074 <= e <= 1023 */
static double pow2(int e)
{
	return e >= -1022 ? double_of((uint64_t)(e + 1023) << 52) : double_of((uint64_t)1 << (e + 1074));
}

/* The next double after finite x towards +infinity (up) or -infinity. */
static double next_double(double x, bool up)
{
	uint64_t bits = bits_of(x);
	if (x == 0)
		return double_of(up ? 1 : (uint64_t)1 << 63 | 1);
	return double_of((x > 0) == up ? bits + 1 : bits - 1);
}

static uint64_t pow10_u64(int n)
{
	uint64_t p = 1;
	while (n-- > 0)
		p *= 10;
	return p;
}

/* Does m * 10^e read back as x? */
static bool reads_back(uint64_t m, int e, double x)
{
	char text[64];
	snprintf(text, sizeof text, "%" PRIu64 "e%d", m, e);
	return same_double(strtod(text, NULL), x);
}

/* Finds an n-digit decimal m * 10^e (m < 10^n) that reads back as x > 0, the nearest one
 * if there are two. Only the two n-digit decimals around x can: printf's correctly
 * rounded one, and when that falls outside the rounding interval (the interval can be
 * lopsided), its neighbour on the other side of x. */
static bool find_n_digits(double x, int n, uint64_t *m, int *e)
{
	char text[64];
	snprintf(text, sizeof text, "%.*e", n - 1, x);
	char *exp_mark = strchr(text, 'e');
	uint64_t digits = 0;
	for (const char *p = text; p < exp_mark; p++)
		if (*p != '.')
			digits = digits * 10 + (uint64_t)(*p - '0');
	int exp = atoi(exp_mark + 1) - (n - 1);
	if (reads_back(digits, exp, x)) {
		*m = digits;
		*e = exp;
		return true;
	}
	if (strtod(text, NULL) > x) {
		if (digits == pow10_u64(n - 1)) {   /* 1000 -> 9999 one place lower */
			digits = pow10_u64(n) - 1;
			exp--;
		} else {
			digits--;
		}
	} else {
		digits++;   /* 9999 -> 10000 is still the right value */
	}
	*m = digits;
	*e = exp;
	return reads_back(digits, exp, x);
}

/* Python's repr() of x, slowly: the fewest digits that read back, then Python's layout.
 * The fewest is the n where n digits work and n - 1 do not (every n-digit decimal is also
 * an (n+1)-digit one); guess_digits, if right, saves the binary search for it. */
static void reference_repr(char *out, double x, int guess_digits)
{
	if (isnan(x) || isinf(x)) {
		strcpy(out, "null");
		return;
	}
	if (signbit(x)) {
		*out++ = '-';
		x = -x;
	}
	if (x == 0) {
		strcpy(out, "0.0");
		return;
	}
	uint64_t m = 0;
	int e = 0;
	bool guess_right = guess_digits >= 1 && guess_digits <= 17 &&
			   (guess_digits == 1 || !find_n_digits(x, guess_digits - 1, &m, &e)) &&
			   find_n_digits(x, guess_digits, &m, &e);
	if (!guess_right) {
		int lo = 1, hi = 17;   /* 17 digits always suffice */
		while (lo < hi) {
			int mid = (lo + hi) / 2;
			if (find_n_digits(x, mid, &m, &e))
				hi = mid;
			else
				lo = mid + 1;
		}
		find_n_digits(x, lo, &m, &e);
	}

	char digits[24];
	int ndigits = snprintf(digits, sizeof digits, "%" PRIu64, m);
	while (digits[ndigits - 1] == '0') {
		digits[--ndigits] = '\0';
		e++;
	}
	int point = e + ndigits;   /* digits sit before the decimal point */
	if (point - 1 < -4 || point - 1 >= 16) {
		sprintf(out, "%c%s%se%c%02d", digits[0], ndigits > 1 ? "." : "", digits + 1,
			point - 1 < 0 ? '-' : '+', abs(point - 1));
	} else if (point <= 0) {
		out += sprintf(out, "0.");
		for (int i = 0; i < -point; i++)
			*out++ = '0';
		strcpy(out, digits);
	} else if (point >= ndigits) {
		out += sprintf(out, "%s", digits);
		for (int i = 0; i < point - ndigits; i++)
			*out++ = '0';
		strcpy(out, ".0");
	} else {
		sprintf(out, "%.*s.%s", point, digits, digits + point);
	}
}

/* ---- checking one value ---- */

struct category {
	const char *desc;
	long checked;
	bool failed;
};

/* The significant digits in a repr() string (between the first and last non-zero digit). */
static int significant_digits(const char *text)
{
	const char *first = NULL, *last = NULL;
	for (const char *p = text; *p && *p != 'e'; p++) {
		if (*p >= '1' && *p <= '9') {
			if (!first)
				first = p;
			last = p;
		}
	}
	if (!first)
		return 1;
	int n = 0;
	for (const char *p = first; p <= last; p++)
		n += *p != '.';
	return n;
}

/* ds_fmt_double(x) must equal the reference, end with a NUL, stay within DS_NUM_MAX bytes,
 * and read back as x. */
static void check_double(struct category *cat, double x)
{
	char got[DS_NUM_MAX + 8], expected[64];
	memset(got, 'X', sizeof got);
	size_t len = ds_fmt_double(got, x);
	cat->checked++;
	if (cat->failed)
		return;   /* report the first mismatch only */
	reference_repr(expected, x, significant_digits(got));
	const char *why = NULL;
	if (len >= DS_NUM_MAX || got[len] != '\0' || strlen(got) != len)
		why = "bad length or missing NUL";
	else if (memcmp(got + DS_NUM_MAX, "XXXXXXXX", 8) != 0)
		why = "wrote past DS_NUM_MAX bytes";
	else if (strcmp(got, expected) != 0)
		why = "differs from reference";
	else if (!isnan(x) && !isinf(x) && !same_double(strtod(got, NULL), x))
		why = "does not read back";
	if (why) {
		cat->failed = true;
		got[DS_NUM_MAX] = '\0';
		printf("# %s: bits %016" PRIx64 " got \"%s\" expected \"%s\": %s\n", cat->desc,
		       bits_of(x), got, expected, why);
	}
}

static void finish(struct category *cat)
{
	char desc[160];
	snprintf(desc, sizeof desc, "%s (%ld values)", cat->desc, cat->checked);
	report(!cat->failed, desc);
}

/* splitmix64: fixed seed, same values everywhere */
static uint64_t rng_state = 0x5eed0f0dd5u;

static uint64_t random_u64(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static uint64_t random_below(uint64_t n)
{
	return random_u64() % n;   /* the bias is irrelevant here */
}

/* x and the doubles just below and above it */
static void check_with_neighbours(struct category *cat, double x)
{
	check_double(cat, x);
	check_double(cat, next_double(x, false));
	check_double(cat, next_double(x, true));
}

static void test_random_bits(void)
{
	struct category cat = {"random bit patterns", 0, false};
	for (long i = 0; i < 2000000; i++)
		check_double(&cat, double_of(random_u64()));
	finish(&cat);
}

static void test_nice_decimals(void)
{
	struct category cat = {"short decimals k/10^d", 0, false};
	for (long i = 0; i < 400000; i++) {
		int64_t k = (int64_t)random_below(20000001) - 10000000;
		int d = (int)random_below(10);
		check_double(&cat, (double)k / (double)pow10_u64(d));   /* correctly rounded */
	}
	for (int k = 0; k <= 100000; k++)
		check_double(&cat, k / 1000.0);
	finish(&cat);
}

static void test_integers(void)
{
	struct category cat = {"integers", 0, false};
	for (int k = -100000; k <= 100000; k++)
		check_double(&cat, (double)k);
	for (long i = 0; i < 300000; i++)
		check_double(&cat, (double)((int64_t)random_u64() >> random_below(64)));
	finish(&cat);
}

static void test_subnormals(void)
{
	struct category cat = {"subnormals", 0, false};
	for (uint64_t bits = 1; bits < 20000; bits++)
		check_double(&cat, double_of(bits));
	for (long i = 0; i < 300000; i++)
		check_double(&cat, double_of(random_u64() >> 12 | (random_u64() & 1) << 63));
	finish(&cat);
}

/* Powers of two are where the rounding interval is lopsided. */
static void test_powers_of_two(void)
{
	struct category cat = {"powers of two, their neighbours and multiples", 0, false};
	for (int e = -1074; e <= 1023; e++) {
		check_with_neighbours(&cat, pow2(e));
		check_with_neighbours(&cat, pow2(e) * 1.5);
		check_with_neighbours(&cat, pow2(e) * 3);
	}
	finish(&cat);
}

static void test_powers_of_ten(void)
{
	struct category cat = {"powers of ten and their neighbours", 0, false};
	for (int e = -324; e <= 308; e++) {
		char text[16];
		snprintf(text, sizeof text, "1e%d", e);
		check_with_neighbours(&cat, strtod(text, NULL));
		snprintf(text, sizeof text, "5e%d", e);
		check_with_neighbours(&cat, strtod(text, NULL));
	}
	finish(&cat);
}

/* Odd multiples of 1/4 and 1/8 above 2^50 sit exactly between two 17-digit candidates. */
static void test_ties(void)
{
	struct category cat = {"halfway cases", 0, false};
	for (uint64_t c = ((uint64_t)1 << 52) + 1; c < ((uint64_t)1 << 52) + 400000; c += 2) {
		check_double(&cat, (double)c * 0.25);
		check_double(&cat, (double)c * 0.125);
	}
	finish(&cat);
}

static void test_extremes(void)
{
	struct category cat = {"extremes", 0, false};
	const double extremes[] = {DBL_MAX, DBL_MIN, 5e-324, 0.0, 1.0, DBL_EPSILON};
	for (size_t i = 0; i < COUNT(extremes); i++) {
		check_with_neighbours(&cat, extremes[i]);
		check_with_neighbours(&cat, -extremes[i]);
	}
	finish(&cat);
}

static void test_random_integers(void)
{
	char got[DS_NUM_MAX], expected[32];
	bool ok = true;
	long i;
	for (i = 0; i < 1000000 && ok; i++) {
		uint64_t u = random_u64() >> random_below(64);
		int64_t s = (int64_t)(random_u64() >> random_below(64));
		snprintf(expected, sizeof expected, "%" PRIu64, u);
		ok = ds_fmt_uint(got, u) == strlen(expected) && strcmp(got, expected) == 0;
		if (ok) {
			snprintf(expected, sizeof expected, "%" PRId64, s);
			ok = ds_fmt_int(got, s) == strlen(expected) && strcmp(got, expected) == 0;
		}
	}
	if (!ok)
		printf("# got \"%s\" expected \"%s\"\n", got, expected);
	report(ok, "random integers match printf (1000000 pairs)");
}

int main(void)
{
	printf("1..%zu\n", COUNT(double_cases) + COUNT(int_cases) + COUNT(uint_cases) + 9);

	for (size_t i = 0; i < COUNT(double_cases); i++) {
		const struct double_case *c = &double_cases[i];
		char got[DS_NUM_MAX], desc[128];
		size_t len = ds_fmt_double(got, c->x);
		snprintf(desc, sizeof desc, "%s -> \"%s\"", c->source, c->expected);
		if (strcmp(got, c->expected) != 0 || len != strlen(c->expected))
			printf("# got \"%s\"\n", got);
		report(strcmp(got, c->expected) == 0 && len == strlen(c->expected), desc);
	}
	for (size_t i = 0; i < COUNT(int_cases); i++) {
		char got[DS_NUM_MAX], desc[64];
		size_t len = ds_fmt_int(got, int_cases[i].v);
		snprintf(desc, sizeof desc, "int %s", int_cases[i].expected);
		report(strcmp(got, int_cases[i].expected) == 0 && len == strlen(got), desc);
	}
	for (size_t i = 0; i < COUNT(uint_cases); i++) {
		char got[DS_NUM_MAX], desc[64];
		size_t len = ds_fmt_uint(got, uint_cases[i].v);
		snprintf(desc, sizeof desc, "uint %s", uint_cases[i].expected);
		report(strcmp(got, uint_cases[i].expected) == 0 && len == strlen(got), desc);
	}

	test_random_bits();
	test_nice_decimals();
	test_integers();
	test_subnormals();
	test_powers_of_two();
	test_powers_of_ten();
	test_ties();
	test_extremes();
	test_random_integers();
	return failures != 0;
}
