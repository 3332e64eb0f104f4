/* Unit tests of common/json.c and common/annotate.c: validation, lazy
 * access, string decoding, the writer, and annotation splicing. TAP. */
#include <string.h>
#include "annotate.h"
#include "buf.h"
#include "json.h"
#include "tap.h"

static int valid(const char *s)
{
	const char *why;
	size_t at;
	return ds_json_validate(s, strlen(s), &why, &at) == 0;
}

static const char *decoded(const char *json_string)
{
	static struct ds_buf b;
	ds_buf_reset(&b);
	ds_jstr_decode((struct ds_jspan){ json_string, strlen(json_string) }, &b);
	return ds_buf_cstr(&b);
}

static const char *get(const char *obj, const char *key)
{
	static char out[256];
	struct ds_jspan v = ds_jobj_get(ds_json_root(obj, strlen(obj)), key, strlen(key));
	if (!v.p)
		return "(missing)";
	memcpy(out, v.p, v.n);
	out[v.n] = 0;
	return out;
}

static const char *annotated(const char *line, const char *key, const char *val)
{
	static struct ds_buf b;
	ds_buf_reset(&b);
	ds_annotate(&b, line, strlen(line), key, strlen(key), val, strlen(val));
	return ds_buf_cstr(&b);
}

int main(void)
{
	static const char *const good[] = {
		"{}", "[]", "0", "-0.5e+10", "\"a\\u00e9\\ud83d\\ude00\"", " {\"a\" : [1, {\"b\":null}], \"c\":true } ",
		"{\"k\":\"caf\xc3\xa9\"}", "[false,true,null,1.5E3]", "\"\\/\\b\\f\\n\\r\\t\"",
	};
	static const char *const bad[] = {
		"", "{", "{\"a\":1,}", "[1,]", "01", ".5", "nan", "{'a':1}", "{\"a\":tru}", "\"\\x\"",
		"\"a\tb\"", "\"\\ud800x\"", "\"\\ud800\"", "{\"a\":1} {\"b\":2}", "\"caf\xe9\"", "\"\xed\xa0\x80\"",
		"\"\xc0\xaf\"", "[1 2]", "{\"a\" 1}", "\"abc",
	};
	tap_plan(9 + 20 + 10 + 6 + 5 + 3);
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		tap_ok(valid(good[i]), "valid: %s", good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		tap_ok(!valid(bad[i]), "invalid: %s", bad[i]);

	tap_ok(!strcmp(decoded("\"a\\u00e9b\""), "a\xc3\xa9" "b"), "decode \\u00e9");
	tap_ok(!strcmp(decoded("\"\\ud83d\\ude00\""), "\xf0\x9f\x98\x80"), "decode surrogate pair");
	tap_ok(!strcmp(decoded("\"\\udc00\""), "\xef\xbf\xbd"), "lone low surrogate -> U+FFFD (as jq)");
	tap_ok(!strcmp(decoded("\"\\\"\\\\\\/\\n\""), "\"\\/\n"), "decode simple escapes");
	tap_ok(!strcmp(get("{\"a\":1,\"b\":2,\"a\":3}", "a"), "3"), "duplicate keys: the last wins (jq)");
	tap_ok(!strcmp(get("{\"a\\u0062\":\"x\"}", "ab"), "\"x\""), "escaped key matches decoded");
	tap_ok(!strcmp(get("{\"a\":{\"b\":1}}", "b"), "(missing)"), "only top-level keys");
	tap_ok(!strcmp(get("{ \"a\" : [1, \"]\"] , \"b\":2}", "b"), "2"), "skips arrays holding brackets in strings");
	struct ds_jspan arr = ds_json_root("[10,20,30]", 10);
	struct ds_jspan e = ds_jarr_at(arr, -1);
	tap_ok(e.p && e.n == 2 && !memcmp(e.p, "30", 2), "array index -1");
	tap_ok(!ds_jarr_at(arr, 3).p && !ds_jarr_at(arr, -4).p, "array index out of range: missing");

	tap_ok(!strcmp(annotated("{\"a\":1}", "k", "2"), "{\"a\":1,\"k\":2}"), "annotate: append");
	tap_ok(!strcmp(annotated("{}", "k", "2"), "{\"k\":2}"), "annotate: empty object");
	tap_ok(!strcmp(annotated("{\"k\":{\"x\":[1]},\"a\":1}", "k", "2"), "{\"k\":2,\"a\":1}"), "annotate: replace in place");
	tap_ok(!strcmp(annotated("{\"a\" : 1 }", "k", "2"), "{\"a\" : 1 ,\"k\":2}"), "annotate: white space kept");
	tap_ok(!strcmp(annotated("{\"k\":1,\"k\":2}", "k", "3"), "{\"k\":3,\"k\":3}"), "annotate: every duplicate replaced");
	tap_ok(!strcmp(annotated("{\"a\":\"}\"}", "k\"q", "null"), "{\"a\":\"}\",\"k\\\"q\":null}"), "annotate: key quoted");

	struct ds_buf b = { 0 };
	struct ds_jw w;
	ds_jw_init(&w, &b);
	ds_jw_obj(&w);
	ds_jw_key(&w, "a");
	ds_jw_double(&w, 0.1);
	ds_jw_key(&w, "b");
	ds_jw_arr(&w);
	ds_jw_int(&w, -3);
	ds_jw_null(&w);
	ds_jw_double(&w, 1.0 / 0.0);
	ds_jw_end(&w);
	ds_jw_key(&w, "c");
	ds_jw_str(&w, "x\"\n\x01", 4);
	ds_jw_end(&w);
	tap_ok(!strcmp(ds_buf_cstr(&b), "{\"a\":0.1,\"b\":[-3,null,null],\"c\":\"x\\\"\\n\\u0001\"}"), "writer: %s", b.data);
	ds_buf_reset(&b);
	ds_json_quote(&b, "a\xe9z", 3);
	tap_ok(!strcmp(ds_buf_cstr(&b), "\"a\xef\xbf\xbdz\""), "quote: invalid UTF-8 becomes U+FFFD");
	tap_ok(ds_utf8_valid("caf\xc3\xa9", 5) && !ds_utf8_valid("caf\xe9", 4), "ds_utf8_valid");
	tap_ok(ds_jtype(ds_json_root(" 5 ", 3)) == DS_J_NUMBER, "root trims white space");
	double d;
	tap_ok(ds_jnum(ds_json_root("-2.5e1", 6), &d) && d == -25, "ds_jnum");

	/* The fixed-members writer gives what ds_jw gives, members of any length. */
	static const char *const names[] = { "a", "long_name_that_is_longer_than_thirty_two_bytes", "q\"" };
	struct ds_jrow row;
	ds_jrow_init(&row, names, 3);
	ds_buf_reset(&b);
	ds_buf_add(&b, "x", 1);
	char *o = ds_jrow_begin(&row, &b);
	o = ds_jrow_double(&row, o, 0, 0.1);
	o = ds_jrow_uint(&row, o, 1, 42);
	o = ds_jrow_double(&row, o, 2, 0.0 / 0.0);
	ds_jrow_end(&row, &b, o);
	tap_ok(!strcmp(ds_buf_cstr(&b), "x{\"a\":0.1,\"long_name_that_is_longer_than_thirty_two_bytes\":42,\"q\\\"\":null}"),
	       "jrow: %s", b.data);
	ds_jrow_free(&row);
	ds_jrow_init(&row, names, 0);
	ds_buf_reset(&b);
	ds_jrow_end(&row, &b, ds_jrow_begin(&row, &b));
	tap_ok(!strcmp(ds_buf_cstr(&b), "{}"), "jrow: no members");
	ds_jrow_free(&row);
	ds_jrow_init(&row, names, 1);
	ds_buf_reset(&b);
	for (int i = 0; i < 1000; i++) {
		o = ds_jrow_begin(&row, &b);
		ds_jrow_end(&row, &b, ds_jrow_double(&row, o, 0, -1.2345678901234567e-300));
	}
	tap_ok(b.len == 1000 * strlen("{\"a\":-1.2345678901234567e-300}"), "jrow: longest numbers, back to back");
	ds_jrow_free(&row);
	ds_buf_free(&b);
	return tap_done();
}
