/* fuzz-annotate: ds_annotate, the splice every annotate tool writes with.
 *
 * Input: byte 0 picks the key and the value; the rest is the record line.
 * For a line ds_json_validate accepts whose value is an object, the result
 * must validate, be an object, and equal the input with the key set, checked
 * by lazy access: the members pair up in order with the input's (same key
 * bytes; same value bytes except the key's, which is the new value), plus one
 * added member at the end exactly when the input lacked the key. */
#include "annotate.h"
#include "buf.h"
#include "fuzz.h"
#include "json.h"

/* Keys as their decoded text; "t\u0074r"-style escapes in records must match. */
static const char *const keys[] = { "ttr", "a", "", "\xc3\xa9", "k\"q\\", "\x7f", "output" };
static const char *const values[] = {
	"0.5", "null", "{\"ttr\":0.61,\"mtld\":72.4}", "\"s\"", "[]", "-1e-05", "{}", "[1,{\"a\":[]}]"
};
#define NKEYS (sizeof keys / sizeof keys[0])
#define NVALUES (sizeof values / sizeof values[0])

static struct ds_buf out;

static int same_span(struct ds_jspan a, struct ds_jspan b)
{
	return a.n == b.n && !memcmp(a.p, b.p, a.n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const char *key = keys[data[0] % NKEYS], *val = values[(data[0] / NKEYS) % NVALUES];
	size_t keylen = strlen(key), vlen = strlen(val);
	const char *line = (const char *)data + 1, *why;
	size_t len = size - 1, at;
	if (ds_json_validate(line, len, &why, &at) != 0)
		return 0;
	struct ds_jspan in = ds_json_root(line, len);
	if (ds_jtype(in) != DS_J_OBJECT)
		return 0;

	ds_buf_reset(&out);
	ds_annotate(&out, line, len, key, keylen, val, vlen);
	CHECK(ds_json_validate(out.data, out.len, &why, &at) == 0, "result does not validate (%s at %zu): %.*s",
	      why, at, (int)out.len, out.data);
	struct ds_jspan res = ds_json_root(out.data, out.len);
	CHECK(ds_jtype(res) == DS_J_OBJECT, "result is not an object");

	size_t it_in = 0, it_out = 0, members = 0;
	int had_key = 0;
	struct ds_jspan ki, vi, ko, vo;
	while (ds_jobj_next(in, &it_in, &ki, &vi)) {
		CHECK(ds_jobj_next(res, &it_out, &ko, &vo), "member %zu missing from the result", members);
		CHECK(same_span(ki, ko), "member %zu: key %.*s became %.*s", members, (int)ki.n, ki.p, (int)ko.n, ko.p);
		if (ds_jstr_eq(ki, key, keylen)) {
			had_key = 1;
			CHECK(vo.n == vlen && !memcmp(vo.p, val, vlen), "member %zu: the key's value is %.*s",
			      members, (int)vo.n, vo.p);
		} else {
			CHECK(same_span(vi, vo), "member %zu: value %.*s became %.*s", members,
			      (int)vi.n, vi.p, (int)vo.n, vo.p);
		}
		members++;
	}
	if (!had_key) {
		CHECK(ds_jobj_next(res, &it_out, &ko, &vo), "the key was not added");
		CHECK(ds_jstr_eq(ko, key, keylen) && vo.n == vlen && !memcmp(vo.p, val, vlen),
		      "added member is %.*s:%.*s", (int)ko.n, ko.p, (int)vo.n, vo.p);
	}
	CHECK(!ds_jobj_next(res, &it_out, &ko, &vo), "an extra member %.*s", (int)ko.n, ko.p);
	struct ds_jspan got = ds_jobj_get(res, key, keylen);
	CHECK(got.p && got.n == vlen && !memcmp(got.p, val, vlen), "lookup of the key gives another value");
	return 0;
}
