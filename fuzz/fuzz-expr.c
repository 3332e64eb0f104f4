/* fuzz-expr: the plain-path fast extractor of common/expr.c against libjq.
 *
 * For a fixed set of plain paths, ds_expr_eval on a line ds_json_validate
 * accepts must give what jq_start/jq_next give on jv_parse of the same line:
 * the same values (compared as parsed JSON, since the fast path returns the
 * line's own bytes, e.g. 1.0 where jq prints 1) or the same error message.
 * Lines the validator refuses are not compared: it is strict RFC 8259 where
 * jq 1.6 also takes 01, .5 and nan. */
#include <jq.h>
#include "buf.h"
#include "expr.h"
#include "fuzz.h"
#include "json.h"

static const char *const paths[] = {
	".", ".a", ".a.b", ".a.b.c", "._x1", ".[0]", ".[1]", ".[-1]", ".[-2]",
	".a[0]", ".a[-1]", ".a[2].b", ".[\"a\"]", ".[\"k y\"]", ".\"a\"", ".a[-2].b",
	".[0][0]", ".[0].a", ".output", ".messages[1].content",
	".conversations[-1].value", ".[\"\xc3\xa9\"]", ".[\"\"]", ".a.a.a.a",
	".[9223372036854775807]", ".[-9223372036854775808]", ".[4294967296]",
};
#define NPATHS (sizeof paths / sizeof paths[0])

static struct ds_expr *fast[NPATHS];
static jq_state *ref[NPATHS];
static struct ds_jvals vals;
static struct ds_buf err, ref_err;

static void ref_error_cb(void *data, jv msg)
{
	jv_free(msg);
}

static void free_all(void)
{
	for (size_t i = 0; i < NPATHS; i++) {
		ds_expr_free(fast[i]);
		jq_teardown(&ref[i]);
	}
	ds_jvals_free(&vals);
	ds_buf_free(&err);
	ds_buf_free(&ref_err);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	atexit(free_all);
	struct ds_buf cerr = { 0 };
	for (size_t i = 0; i < NPATHS; i++) {
		fast[i] = ds_expr_compile(paths[i], &cerr);
		if (!fast[i] || !ds_expr_is_plain_path(fast[i])) {
			fprintf(stderr, "fuzz-expr: %s is not a plain path\n", paths[i]);
			abort();
		}
		ref[i] = jq_init();
		jq_set_error_cb(ref[i], ref_error_cb, NULL);
		if (!ref[i] || !jq_compile(ref[i], paths[i])) {
			fprintf(stderr, "fuzz-expr: jq cannot compile %s\n", paths[i]);
			abort();
		}
	}
	ds_buf_free(&cerr);
	return 0;
}

/* jq's message for an error value, as expr.c reports it. */
static void message_of(jv msg, struct ds_buf *out)
{
	ds_buf_reset(out);
	if (jv_get_kind(msg) == JV_KIND_STRING) {
		ds_buf_adds(out, jv_string_value(msg));
	} else {
		jv s = jv_dump_string(jv_copy(msg), 0);
		ds_buf_adds(out, jv_string_value(s));
		jv_free(s);
	}
	jv_free(msg);
}

static void compare(size_t i, const char *line, size_t len, jv input)
{
	int r = ds_expr_eval(fast[i], line, len, &vals, &err);
	jq_start(ref[i], input, 0);
	size_t k = 0;
	for (;;) {
		jv out = jq_next(ref[i]);
		if (!jv_is_valid(out)) {
			jv msg = jv_invalid_get_msg(out);
			if (jv_get_kind(msg) == JV_KIND_NULL) {
				jv_free(msg);
				break;
			}
			message_of(msg, &ref_err);
			CHECK(r != 0, "%s: jq fails (%s), the fast path gives %zu values", paths[i],
			      ds_buf_cstr(&ref_err), vals.n);
			CHECK(err.len == ref_err.len && !memcmp(err.data, ref_err.data, err.len),
			      "%s: error \"%s\", jq says \"%s\"", paths[i], ds_buf_cstr(&err), ds_buf_cstr(&ref_err));
			return;
		}
		CHECK(r == 0, "%s: the fast path fails (%s) where jq gives a value", paths[i], ds_buf_cstr(&err));
		CHECK(k < vals.n, "%s: jq gives more than %zu values", paths[i], vals.n);
		jv mine = jv_parse_sized(vals.v[k].p, (int)vals.v[k].n);
		CHECK(jv_is_valid(mine), "%s: value %zu is not JSON: %.*s", paths[i], k, (int)vals.v[k].n, vals.v[k].p);
		if (!jv_equal(jv_copy(mine), jv_copy(out))) {
			jv a = jv_dump_string(mine, 0), b = jv_dump_string(out, 0);
			CHECK(0, "%s: %s, jq gives %s", paths[i], jv_string_value(a), jv_string_value(b));
		}
		jv_free(mine);
		jv_free(out);
		k++;
	}
	CHECK(r == 0, "%s: the fast path fails (%s), jq does not", paths[i], ds_buf_cstr(&err));
	CHECK(k == vals.n, "%s: %zu values, jq gives %zu", paths[i], vals.n, k);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *line = (const char *)data, *why;
	size_t at;
	if (size > (1u << 20) || ds_json_validate(line, size, &why, &at) != 0)
		return 0;
	jv input = jv_parse_sized(line, (int)size);
	if (!jv_is_valid(input)) {
		jv_free(input);	/* deeper than jq parses; fuzz-json checks the rest */
		return 0;
	}
	for (size_t i = 0; i < NPATHS; i++)
		compare(i, line, size, jv_copy(input));
	jv_free(input);
	return 0;
}
