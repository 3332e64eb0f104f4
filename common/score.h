/* score.h: expression values as scores (--by, --weight) and as group keys
 * (--group-by, --stratify), with jq's notions of number and equality. */
#ifndef DS_SCORE_H
#define DS_SCORE_H

#include <stdbool.h>
#include <stddef.h>
#include "buf.h"
#include "expr.h"

enum ds_score_status {
	DS_SCORE_OK,
	DS_SCORE_MISSING,	/* null, or no value: the tool's missing-value policy */
	DS_SCORE_BAD		/* not a number, several values, or an error: reason says which */
};

/* ds_jnum with a fast path: a decimal of at most 19 digits whose value is
 * m x 10^e with m < 2^53 and |e| <= 22 is one exact IEEE operation on two
 * exact doubles (Clinger), so it rounds as strtod does; the rest goes to
 * ds_jnum. False if v is not a number. */
bool ds_number(struct ds_jspan v, double *x);

/* Compile the expression of an option (opt, e.g. "--by"), or exit with a
 * usage error quoting jq's message. */
struct ds_expr *ds_expr_compile_opt(const char *src, const char *opt);

/* Per-thread scratch for the functions below. */
struct ds_score_scratch {
	struct ds_jvals vals;
	struct ds_buf tmp;
};
void ds_score_scratch_free(struct ds_score_scratch *s);

/* The single number that e gives for the record line. The reason names the
 * option (what, e.g. "--by") and the expression. */
enum ds_score_status ds_score(struct ds_expr *e, const char *what, const char *line, size_t len,
			      struct ds_score_scratch *s, double *x, struct ds_buf *reason);

/* Replace key with bytes that are equal exactly when jq's group_by would put
 * the record in the same group: the canonical form of all of e's values
 * (numbers by value, strings decoded, object members by sorted key). Returns
 * 0, or -1 with the evaluation error in reason. */
int ds_group_key(struct ds_expr *e, const char *what, const char *line, size_t len,
		 struct ds_score_scratch *s, struct ds_buf *key, struct ds_buf *reason);

#endif
