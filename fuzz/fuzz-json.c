/* fuzz-json: ds_json_validate and the lazy readers of common/json.c.
 *
 * Properties: a line with invalid UTF-8 is refused; a refused line reports a
 * byte offset inside it; an accepted line is also accepted by jq 1.6's parser
 * (which is more lenient: 01, .5, nan), and every value the lazy readers find
 * in it (types, object members with the last duplicate winning, array
 * elements, decoded strings, numbers) equals the value libjq parsed. */
#include <jq.h>
#include <math.h>
#include "buf.h"
#include "fuzz.h"
#include "json.h"

static struct ds_buf decoded;

static void same_value(struct ds_jspan v, jv j);

static void same_object(struct ds_jspan v, jv j)
{
	size_t it = 0, members = 0;
	struct ds_jspan k, val;
	struct ds_buf key = { 0 };
	while (ds_jobj_next(v, &it, &k, &val)) {
		members++;
		ds_buf_reset(&key);
		ds_jstr_decode(k, &key);
		/* Compare through the last duplicate, which both readers return. */
		struct ds_jspan last = ds_jobj_get(v, key.data ? key.data : "", key.len);
		CHECK(last.p != NULL, "member %zu not found by its own key", members);
		jv jk = jv_string_sized(key.data ? key.data : "", (int)key.len);
		jv jval = jv_object_get(jv_copy(j), jk);
		CHECK(jv_is_valid(jval), "key missing in jq's object");
		same_value(last, jval);	/* frees jval */
	}
	ds_buf_free(&key);
	CHECK(members >= (size_t)jv_object_length(jv_copy(j)), "fewer members than jq's object");
}

static void same_value(struct ds_jspan v, jv j)
{
	enum ds_jtype t = ds_jtype(v);
	jv_kind kind = jv_get_kind(j);
	switch (t) {
	case DS_J_NULL: CHECK(kind == JV_KIND_NULL, "null vs %s", jv_kind_name(kind)); break;
	case DS_J_TRUE: CHECK(kind == JV_KIND_TRUE, "true vs %s", jv_kind_name(kind)); break;
	case DS_J_FALSE: CHECK(kind == JV_KIND_FALSE, "false vs %s", jv_kind_name(kind)); break;
	case DS_J_NUMBER: {
		double x;
		CHECK(kind == JV_KIND_NUMBER, "number vs %s", jv_kind_name(kind));
		CHECK(ds_jnum(v, &x), "ds_jnum refused a number");
		double y = jv_number_value(j);
		CHECK(x == y || (isnan(x) && isnan(y)), "%.17g vs jq %.17g for %.*s", x, y, (int)v.n, v.p);
		break;
	}
	case DS_J_STRING: {
		CHECK(kind == JV_KIND_STRING, "string vs %s", jv_kind_name(kind));
		ds_buf_reset(&decoded);
		ds_jstr_decode(v, &decoded);
		CHECK(fuzz_utf8_ok((const unsigned char *)decoded.data, decoded.len), "decoded string is not UTF-8");
		int jl = jv_string_length_bytes(jv_copy(j));
		CHECK((size_t)jl == decoded.len && !memcmp(decoded.data, jv_string_value(j), decoded.len),
		      "string %.*s decodes differently", (int)v.n, v.p);
		CHECK(ds_jstr_eq(v, decoded.data ? decoded.data : "", decoded.len), "ds_jstr_eq disagrees with decode");
		break;
	}
	case DS_J_ARRAY: {
		CHECK(kind == JV_KIND_ARRAY, "array vs %s", jv_kind_name(kind));
		size_t len = ds_jarr_len(v);
		CHECK((int)len == jv_array_length(jv_copy(j)), "array length %zu", len);
		size_t it = 0, i = 0;
		struct ds_jspan e;
		while (ds_jarr_next(v, &it, &e)) {
			struct ds_jspan at = ds_jarr_at(v, (int64_t)i);
			struct ds_jspan back = ds_jarr_at(v, (int64_t)i - (int64_t)len);
			CHECK(at.p == e.p && at.n == e.n && back.p == e.p, "ds_jarr_at(%zu) differs from iteration", i);
			same_value(e, jv_array_get(jv_copy(j), (int)i));
			i++;
		}
		CHECK(i == len, "iterated %zu of %zu elements", i, len);
		CHECK(!ds_jarr_at(v, (int64_t)len).p && !ds_jarr_at(v, -(int64_t)len - 1).p, "out of range index found");
		break;
	}
	case DS_J_OBJECT:
		CHECK(kind == JV_KIND_OBJECT, "object vs %s", jv_kind_name(kind));
		same_object(v, j);
		break;
	default:
		CHECK(0, "type %d of a present value", (int)t);
	}
	jv_free(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *why = NULL;
	size_t at = 0;
	int r = ds_json_validate(p, size, &why, &at);
	CHECK(ds_utf8_valid(p, size) == (bool)fuzz_utf8_ok(data, size), "ds_utf8_valid disagrees");
	if (r != 0) {
		CHECK(why != NULL && at <= size, "refusal at byte %zu of %zu", at, size);
		return 0;
	}
	CHECK(fuzz_utf8_ok(data, size), "accepted invalid UTF-8");
	jv j = jv_parse_sized(p, (int)size);
	if (!jv_is_valid(j)) {
		jv msg = jv_invalid_get_msg(j);
		const char *m = jv_get_kind(msg) == JV_KIND_STRING ? jv_string_value(msg) : "?";
		/* jq 1.6 parses at most 256 levels, as does our validator: allow only
		 * its depth message. */
		CHECK(strstr(m, "depth") != NULL, "jq refuses what we accept: %s", m);
		jv_free(msg);
		return 0;
	}
	same_value(ds_json_root(p, size), j);
	return 0;
}
