/* expr.h: user expressions (-f, --by, -e) evaluated per record.
 *
 * A plain path (.a, .a.b, .a[0], .["k"], .a[-1].b) is evaluated directly on
 * the line's bytes; anything else goes through libjq, which is initialised only
 * then. Both give the same values. A struct ds_expr belongs to one thread. */
#ifndef DS_EXPR_H
#define DS_EXPR_H

#include <stdbool.h>
#include "buf.h"
#include "json.h"

struct ds_expr;

/* The values an expression produced for one record, as JSON spans. The spans
 * point into the record line (fast path) or into store (libjq path); both stay
 * valid until the next evaluation. */
struct ds_jvals {
	struct ds_jspan *v;
	size_t n, cap;
	struct ds_buf store;
};

/* Compile src; on error returns NULL and writes jq's message to err. */
struct ds_expr *ds_expr_compile(const char *src, struct ds_buf *err);
void ds_expr_free(struct ds_expr *e);
bool ds_expr_is_plain_path(const struct ds_expr *e);
const char *ds_expr_source(const struct ds_expr *e);

/* Evaluate on a validated record line. Returns 0, or -1 with jq's error
 * message in err (e.g. "Cannot index number with \"a\""). */
int ds_expr_eval(struct ds_expr *e, const char *line, size_t len,
		 struct ds_jvals *out, struct ds_buf *err);
void ds_jvals_free(struct ds_jvals *v);

/* Truthiness as jq defines it: false and null are false, all else true. */
bool ds_jtruthy(struct ds_jspan v);

#endif
