/* test-score.c: ds_number agrees bit for bit with strtod, and group keys
 * are equal exactly when jq's values are. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "hash.h"
#include "score.h"
#include "tap.h"

static bool same_number(const char *s)
{
	double a, b = strtod(s, NULL);
	struct ds_jspan v = { s, strlen(s) };
	return ds_number(v, &a) && memcmp(&a, &b, sizeof a) == 0;
}

/* A random JSON number: sign, 1-22 digits, maybe a fraction and an exponent. */
static void random_number(struct ds_rng *r, char *out)
{
	char *p = out;
	if (ds_rng_next(r) & 1)
		*p++ = '-';
	int intdigits = 1 + (int)(ds_rng_next(r) % 12);
	*p++ = (char)('1' + ds_rng_next(r) % 9);
	for (int i = 1; i < intdigits; i++)
		*p++ = (char)('0' + ds_rng_next(r) % 10);
	if (ds_rng_next(r) % 3) {
		*p++ = '.';
		int frac = 1 + (int)(ds_rng_next(r) % 12);
		for (int i = 0; i < frac; i++)
			*p++ = (char)('0' + ds_rng_next(r) % 10);
	}
	if (ds_rng_next(r) % 3 == 0)
		p += sprintf(p, "e%d", (int)(ds_rng_next(r) % 61) - 30);
	*p = 0;
}

static bool same_group(const char *a, const char *b)
{
	struct ds_buf err = { 0 }, ka = { 0 }, kb = { 0 }, reason = { 0 };
	struct ds_score_scratch s = { 0 };
	struct ds_expr *e = ds_expr_compile(".g", &err);
	ds_group_key(e, "--group-by", a, strlen(a), &s, &ka, &reason);
	ds_group_key(e, "--group-by", b, strlen(b), &s, &kb, &reason);
	bool eq = ka.len == kb.len && memcmp(ka.data, kb.data, ka.len) == 0;
	ds_expr_free(e);
	ds_score_scratch_free(&s);
	ds_buf_free(&err);
	ds_buf_free(&ka);
	ds_buf_free(&kb);
	ds_buf_free(&reason);
	return eq;
}

int main(void)
{
	static const char *const fixed[] = {
		"0", "-0", "1", "0.1", "0.3", "123456789012345678", "9007199254740993",
		"1e22", "1e23", "1.7976931348623157e308", "1e400", "-1e-400", "5e-324",
		"4.9406564584124654e-324", "0.0000001", "1234567890123456789",
		"12345678901234567890", "1E2", "1e+2", "2.5E-3", "100e-22", "1e-22",
	};
	size_t nfixed = sizeof fixed / sizeof *fixed;
	for (size_t i = 0; i < nfixed; i++)
		tap_ok(same_number(fixed[i]), "ds_number(%s) = strtod", fixed[i]);

	struct ds_rng r = { 42 };
	char buf[64];
	int bad = 0;
	for (int i = 0; i < 1000000; i++) {
		random_number(&r, buf);
		if (!same_number(buf) && bad++ < 5)
			printf("# differs: %s\n", buf);
	}
	tap_ok(bad == 0, "ds_number = strtod on 10^6 random decimals");
	double x;
	tap_ok(!ds_number((struct ds_jspan){ "\"1\"", 3 }, &x), "a string is not a number");

	tap_ok(same_group("{\"g\":1}", "{\"g\":1.0}"), "group keys: 1 = 1.0");
	tap_ok(same_group("{\"g\":-0}", "{\"g\":0}"), "group keys: -0 = 0");
	tap_ok(same_group("{\"g\":\"\\u00e9\"}", "{\"g\":\"\xc3\xa9\"}"), "group keys: escapes decoded");
	tap_ok(same_group("{\"g\":{\"a\":1,\"b\":[2]}}", "{\"g\":{\"b\":[2.0],\"a\":1}}"),
	       "group keys: objects by sorted members");
	tap_ok(same_group("{\"g\":{\"a\":1,\"a\":2}}", "{\"g\":{\"a\":2}}"),
	       "group keys: of duplicate members the last counts");
	tap_ok(same_group("{}", "{\"g\":null}"), "group keys: missing = null");
	tap_ok(!same_group("{\"g\":[1,2]}", "{\"g\":[12]}"), "group keys: [1,2] != [12]");
	tap_ok(!same_group("{\"g\":[\"a\",\"b\"]}", "{\"g\":[\"ab\"]}"), "group keys: [\"a\",\"b\"] != [\"ab\"]");
	tap_ok(!same_group("{\"g\":\"1\"}", "{\"g\":1}"), "group keys: \"1\" != 1");
	tap_ok(!same_group("{\"g\":false}", "{\"g\":null}"), "group keys: false != null");
	tap_plan(tap_count);
	return tap_done();
}
