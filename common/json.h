/* json.h: lazy access to JSON text without building a tree, and a JSON writer.
 *
 * A struct ds_jspan names the raw bytes of one JSON value inside a record line;
 * it owns nothing and lives as long as the line. Readers other than
 * ds_json_validate trust that the line was validated first. */
#ifndef DS_JSON_H
#define DS_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "buf.h"
#include "numfmt.h"

enum ds_jtype {
	DS_J_MISSING,	/* no such key or index */
	DS_J_NULL, DS_J_FALSE, DS_J_TRUE, DS_J_NUMBER, DS_J_STRING,
	DS_J_ARRAY, DS_J_OBJECT
};

struct ds_jspan {
	const char *p;	/* NULL when missing */
	size_t n;
};

/* Check that p[0..n) is exactly one JSON value (RFC 8259) with optional
 * surrounding white space, in valid UTF-8. Returns 0, or -1 and a static
 * description ("invalid JSON at byte 17", "invalid UTF-8 at byte 3") in *why. */
int ds_json_validate(const char *p, size_t n, const char **why, size_t *at);

/* Whether p[0..n) is valid UTF-8 (no surrogates, no overlong forms). */
bool ds_utf8_valid(const char *p, size_t n);

/* The value of a validated line, white space trimmed. */
struct ds_jspan ds_json_root(const char *p, size_t n);
enum ds_jtype ds_jtype(struct ds_jspan v);
const char *ds_jtype_name(enum ds_jtype t);	/* jq's names: "null", "boolean", "number", ... */

/* Object member by key (the decoded key compared to key[0..keylen)); the last
 * of duplicate keys wins, as in jq. Missing (or v not an object): .p == NULL. */
struct ds_jspan ds_jobj_get(struct ds_jspan obj, const char *key, size_t keylen);

/* Iterate arrays and objects: set *it = 0 first (then it is opaque); returns
 * false at the end. */
bool ds_jarr_next(struct ds_jspan arr, size_t *it, struct ds_jspan *elem);
bool ds_jobj_next(struct ds_jspan obj, size_t *it, struct ds_jspan *key, struct ds_jspan *val);
size_t ds_jarr_len(struct ds_jspan arr);
/* Element idx, negative counting from the end as jq does; missing if out of range. */
struct ds_jspan ds_jarr_at(struct ds_jspan arr, int64_t idx);

/* Append the decoded UTF-8 of a JSON string to out (escapes and surrogate pairs
 * decoded; a lone surrogate becomes U+FFFD, as in jq). */
void ds_jstr_decode(struct ds_jspan str, struct ds_buf *out);
/* Whether the decoded string equals s[0..n). */
bool ds_jstr_eq(struct ds_jspan str, const char *s, size_t n);
/* A JSON number as a double (strtod semantics); false if v is not a number. */
bool ds_jnum(struct ds_jspan v, double *out);

/* Writer: appends compact JSON to a buffer and places commas itself.
 *   struct ds_jw w; ds_jw_init(&w, buf);
 *   ds_jw_obj(&w); ds_jw_key(&w, "ttr"); ds_jw_double(&w, 0.5); ds_jw_end(&w); */
#define DS_JW_DEPTH 32
struct ds_jw {
	struct ds_buf *b;
	int depth;
	bool first[DS_JW_DEPTH];	/* nothing written yet at this depth */
	char closer[DS_JW_DEPTH];	/* '}' or ']' */
	bool after_key;
};
void ds_jw_init(struct ds_jw *w, struct ds_buf *b);
void ds_jw_obj(struct ds_jw *w);
void ds_jw_arr(struct ds_jw *w);
void ds_jw_end(struct ds_jw *w);
void ds_jw_key(struct ds_jw *w, const char *key);
void ds_jw_double(struct ds_jw *w, double x);	/* shortest round-trip; NaN/inf as null */
void ds_jw_int(struct ds_jw *w, int64_t v);
void ds_jw_uint(struct ds_jw *w, uint64_t v);
void ds_jw_bool(struct ds_jw *w, bool v);
void ds_jw_null(struct ds_jw *w);
void ds_jw_str(struct ds_jw *w, const char *s, size_t n);	/* s is UTF-8 */
void ds_jw_raw(struct ds_jw *w, const char *json, size_t n);	/* an already-encoded value */

/* A flat object whose members are fixed for the whole run (a tool's metrics):
 * each member's opening ('{' or ',', the quoted key, ':') is made once, so a
 * record's object is byte copies and numbers behind one bounds check.
 *   ds_jrow_init(&row, names, n);                  once
 *   char *d = ds_jrow_begin(&row, buf);            per record
 *   d = ds_jrow_double(&row, d, 0, x); ...         every member, in order
 *   ds_jrow_end(&row, buf, d);                     */
struct ds_jrow {
	int n;
	char *keys;		/* the openings, back to back, then padding */
	uint32_t *off;		/* member i's opening is keys[off[i] .. off[i+1]) */
	size_t max_len;		/* of a whole object */
};
#define DS_JROW_COPY 32		/* openings up to this long are copied whole */
void ds_jrow_init(struct ds_jrow *r, const char *const *names, int n);
void ds_jrow_free(struct ds_jrow *r);
char *ds_jrow_begin(const struct ds_jrow *r, struct ds_buf *b);
void ds_jrow_end(const struct ds_jrow *r, struct ds_buf *b, char *d);

/* Member i's opening at d. A fixed-size copy needs no call: the keys have
 * padding after them, and max_len leaves DS_NUM_MAX after every opening. */
static inline char *ds_jrow_key(const struct ds_jrow *r, char *d, int i)
{
	size_t n = r->off[i + 1] - r->off[i];
	if (n <= DS_JROW_COPY)
		memcpy(d, r->keys + r->off[i], DS_JROW_COPY);
	else
		memcpy(d, r->keys + r->off[i], n);
	return d + n;
}
static inline char *ds_jrow_double(const struct ds_jrow *r, char *d, int i, double x)
{
	d = ds_jrow_key(r, d, i);
	return d + ds_fmt_double(d, x);
}
static inline char *ds_jrow_uint(const struct ds_jrow *r, char *d, int i, uint64_t v)
{
	d = ds_jrow_key(r, d, i);
	return d + ds_fmt_uint(d, v);
}

/* Append s[0..n) as a quoted JSON string. Valid UTF-8 is copied; invalid bytes
 * become U+FFFD (callers that must not lose bytes check validity first). */
void ds_json_quote(struct ds_buf *out, const char *s, size_t n);

#endif
