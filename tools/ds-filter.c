/* ds-filter: the records for which a jq expression is true, written unchanged
 * (ds-filter(1)).
 *
 * Comparisons of plain paths with literals, joined by and/or, are evaluated on
 * the record's bytes with jq's semantics; anything else goes through libjq. */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "expr.h"
#include "json.h"
#include "opts.h"
#include "run.h"
#include "score.h"
#include "util.h"

static struct {
	const char *expr;
	bool invert, count;
} cfg;

enum { OPT_EXPR, OPT_INVERT, OPT_COUNT };

static const struct ds_option options[] = {
	{ "expr", 'e', "EXPR", OPT_EXPR, "keep records for which the jq expression is true (not false or null) (required)" },
	{ "invert", 'v', NULL, OPT_INVERT, "keep the records for which it is not" },
	{ "count", 'c', NULL, OPT_COUNT, "write only the number of records kept" },
	{ NULL, 0, NULL, 0, NULL }
};

static void handle(int id, const char *arg)
{
	switch (id) {
	case OPT_EXPR:
		cfg.expr = arg;
		break;
	case OPT_INVERT:
		cfg.invert = true;
		break;
	case OPT_COUNT:
		cfg.count = true;
		break;
	}
}

/* --- the fast path: PATH OP LITERAL, and, or, parentheses ---------------------- */

enum kind { N_OR, N_AND, N_CMP, N_PATH, N_LIT };
enum op { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE };

struct node {
	enum kind kind;
	enum op op;
	struct node *l, *r;
	struct ds_expr *path;	/* N_PATH: a plain path */
	char *lit;		/* N_LIT: the literal as JSON text */
	size_t litlen;
};

static const char json_true[] = "true", json_false[] = "false";

struct parser {
	const char *p;
	bool failed;		/* not in the fast grammar: use libjq */
};

static void free_node(struct node *n)
{
	if (!n)
		return;
	free_node(n->l);
	free_node(n->r);
	ds_expr_free(n->path);
	free(n->lit);
	free(n);
}

static struct node *new_node(enum kind k, struct node *l, struct node *r)
{
	struct node *n = ds_calloc(1, sizeof *n);
	n->kind = k;
	n->l = l;
	n->r = r;
	return n;
}

static void skip_space(struct parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')
		ps->p++;
}

static bool ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* A keyword (and, or, true, ...) as a whole word at the cursor. */
static bool keyword(struct parser *ps, const char *word)
{
	size_t n = strlen(word);
	if (strncmp(ps->p, word, n) || ident_char(ps->p[n]))
		return false;
	ps->p += n;
	skip_space(ps);
	return true;
}

static struct node *literal(const char *text, size_t n)
{
	struct node *lit = new_node(N_LIT, NULL, NULL);
	lit->lit = ds_malloc(n + 1);
	memcpy(lit->lit, text, n);
	lit->lit[n] = 0;
	lit->litlen = n;
	return lit;
}

static struct node *disjunction(struct parser *ps);

/* A path of names, indexes and quoted keys that expr.h evaluates itself. */
static struct node *path_term(struct parser *ps)
{
	const char *start = ps->p;
	int depth = 0;
	while (*ps->p) {
		char c = *ps->p;
		if (c == '"') {
			const char *q = strchr(ps->p + 1, '"');
			if (!q)
				break;
			ps->p = q + 1;
			continue;
		}
		if (c == '[')
			depth++;
		else if (c == ']')
			depth--;
		else if (!(ident_char(c) || c == '.' || (c == '-' && depth > 0)))
			break;
		ps->p++;
	}
	struct ds_buf src = { 0 }, err = { 0 };
	ds_buf_add(&src, start, (size_t)(ps->p - start));
	/* Only characters of plain paths got here, so compiling starts libjq
	 * only for a malformed path, and then the whole expression goes to libjq,
	 * which reports it. */
	struct ds_expr *e = depth == 0 ? ds_expr_compile(ds_buf_cstr(&src), &err) : NULL;
	ds_buf_free(&src);
	ds_buf_free(&err);
	if (!e || !ds_expr_is_plain_path(e)) {
		ds_expr_free(e);
		ps->failed = true;
		return NULL;
	}
	struct node *n = new_node(N_PATH, NULL, NULL);
	n->path = e;
	skip_space(ps);
	return n;
}

/* A parenthesized expression, a path, a JSON number, a string without
 * escapes, true, false or null; anything else leaves the fast grammar. */
static struct node *term(struct parser *ps)
{
	const char *p = ps->p;
	if (*p == '(') {
		ps->p++;
		skip_space(ps);
		struct node *n = disjunction(ps);
		if (ps->failed || *ps->p != ')') {
			ps->failed = true;
			return n;
		}
		ps->p++;
		skip_space(ps);
		return n;
	}
	if (*p == '.')
		return path_term(ps);
	if (*p == '"') {
		const char *q = p + 1;
		while (*q && *q != '"' && *q != '\\' && (unsigned char)*q >= 0x20)
			q++;
		if (*q != '"') {
			ps->failed = true;
			return NULL;
		}
		ps->p = q + 1;
		skip_space(ps);
		return literal(p, (size_t)(q + 1 - p));
	}
	if (*p == '-' || isdigit((unsigned char)*p)) {
		/* JSON number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
		const char *q = p;
		if (*q == '-')
			q++;
		if (*q == '0')
			q++;
		else if (isdigit((unsigned char)*q))
			while (isdigit((unsigned char)*q))
				q++;
		else
			goto out;
		if (*q == '.') {
			if (!isdigit((unsigned char)*++q))
				goto out;
			while (isdigit((unsigned char)*q))
				q++;
		}
		if (*q == 'e' || *q == 'E') {
			q++;
			if (*q == '+' || *q == '-')
				q++;
			if (!isdigit((unsigned char)*q))
				goto out;
			while (isdigit((unsigned char)*q))
				q++;
		}
		if (ident_char(*q) || *q == '.')
			goto out;
		ps->p = q;
		skip_space(ps);
		return literal(p, (size_t)(q - p));
	}
	if (keyword(ps, "true"))
		return literal(json_true, 4);
	if (keyword(ps, "false"))
		return literal(json_false, 5);
	if (keyword(ps, "null"))
		return literal("null", 4);
out:
	ps->failed = true;
	return NULL;
}

static bool comparison_op(struct parser *ps, enum op *op)
{
	static const struct { const char *s; enum op op; } ops[] = {
		{ "==", OP_EQ }, { "!=", OP_NE }, { "<=", OP_LE }, { ">=", OP_GE },
		{ "<", OP_LT }, { ">", OP_GT },
	};
	for (size_t i = 0; i < sizeof ops / sizeof *ops; i++) {
		size_t n = strlen(ops[i].s);
		if (!strncmp(ps->p, ops[i].s, n)) {
			ps->p += n;
			skip_space(ps);
			*op = ops[i].op;
			return true;
		}
	}
	return false;
}

/* Comparisons do not chain in jq (a < b < c is a syntax error): at most one. */
static struct node *comparison(struct parser *ps)
{
	struct node *l = term(ps);
	enum op op;
	if (ps->failed || !comparison_op(ps, &op))
		return l;
	struct node *n = new_node(N_CMP, l, term(ps));
	n->op = op;
	return n;
}

static struct node *conjunction(struct parser *ps)
{
	struct node *n = comparison(ps);
	while (!ps->failed && keyword(ps, "and"))
		n = new_node(N_AND, n, comparison(ps));
	return n;
}

static struct node *disjunction(struct parser *ps)
{
	struct node *n = conjunction(ps);
	while (!ps->failed && keyword(ps, "or"))
		n = new_node(N_OR, n, conjunction(ps));
	return n;
}

/* The fast form of src, or NULL if it needs libjq. */
static struct node *parse_fast(const char *src)
{
	struct parser ps = { src, false };
	skip_space(&ps);
	struct node *n = disjunction(&ps);
	if (ps.failed || *ps.p) {
		free_node(n);
		return NULL;
	}
	return n;
}

/* jq's order of kinds: null < false < true < numbers < strings < arrays < objects. */
static int kind_rank(enum ds_jtype t)
{
	switch (t) {
	case DS_J_MISSING:
	case DS_J_NULL: return 0;
	case DS_J_FALSE: return 1;
	case DS_J_TRUE: return 2;
	case DS_J_NUMBER: return 3;
	case DS_J_STRING: return 4;
	case DS_J_ARRAY: return 5;
	default: return 6;
	}
}

struct worker {
	struct node *fast;		/* NULL: libjq for every record */
	struct ds_expr *jq;		/* the whole expression, compiled when first needed */
	struct ds_jvals vals;
	struct ds_buf a, b, err;	/* decoded strings; evaluation errors */
};

/* Decoded bytes of a JSON string: the span itself when it has no escapes. */
static void string_bytes(struct ds_jspan s, struct ds_buf *tmp, const char **p, size_t *n)
{
	if (!memchr(s.p, '\\', s.n)) {
		*p = s.p + 1;
		*n = s.n - 2;
		return;
	}
	ds_buf_reset(tmp);
	ds_jstr_decode(s, tmp);
	*p = tmp->data ? tmp->data : "";
	*n = tmp->len;
}

/* jq's jv_cmp for a and b: sets *r; returns false when both are arrays or
 * both objects, which the fast path leaves to libjq. */
static bool compare(struct worker *w, struct ds_jspan a, struct ds_jspan b, int *r)
{
	int ka = kind_rank(ds_jtype(a)), kb = kind_rank(ds_jtype(b));
	if (ka != kb) {
		*r = ka < kb ? -1 : 1;
		return true;
	}
	switch (ds_jtype(a)) {
	case DS_J_NUMBER: {
		double x, y;
		ds_number(a, &x);
		ds_number(b, &y);
		*r = x < y ? -1 : x == y ? 0 : 1;
		return true;
	}
	case DS_J_STRING: {
		const char *pa, *pb;
		size_t na, nb;
		string_bytes(a, &w->a, &pa, &na);
		string_bytes(b, &w->b, &pb, &nb);
		int c = memcmp(pa, pb, na < nb ? na : nb);
		*r = c ? (c < 0 ? -1 : 1) : na < nb ? -1 : na > nb;
		return true;
	}
	case DS_J_ARRAY:
	case DS_J_OBJECT:
		return false;
	default:
		*r = 0;	/* null, false, true */
		return true;
	}
}

static struct ds_jspan boolean(bool v)
{
	return v ? (struct ds_jspan){ json_true, 4 } : (struct ds_jspan){ json_false, 5 };
}

enum { EVAL_OK = 0, EVAL_ERROR = -1, EVAL_UNDECIDED = 1 };

/* Evaluate in jq's order: and/or evaluate their right side only when the left
 * does not decide, so errors happen exactly where jq raises them. */
static int eval(struct worker *w, const struct node *n, const struct ds_rec *rec,
		struct ds_jspan *out)
{
	struct ds_jspan a, b;
	int rc, c;
	switch (n->kind) {
	case N_LIT:
		*out = (struct ds_jspan){ n->lit, n->litlen };
		return EVAL_OK;
	case N_PATH:
		if (ds_expr_eval(n->path, rec->line, rec->len, &w->vals, &w->err))
			return EVAL_ERROR;
		*out = w->vals.v[0];
		return EVAL_OK;
	case N_AND:
	case N_OR:
		if ((rc = eval(w, n->l, rec, &a)))
			return rc;
		if (ds_jtruthy(a) == (n->kind == N_OR)) {
			*out = boolean(n->kind == N_OR);
			return EVAL_OK;
		}
		if ((rc = eval(w, n->r, rec, &b)))
			return rc;
		*out = boolean(ds_jtruthy(b));
		return EVAL_OK;
	case N_CMP:
		if ((rc = eval(w, n->l, rec, &a)) || (rc = eval(w, n->r, rec, &b)))
			return rc;
		if (!compare(w, a, b, &c))
			return EVAL_UNDECIDED;
		switch (n->op) {
		case OP_EQ: *out = boolean(c == 0); break;
		case OP_NE: *out = boolean(c != 0); break;
		case OP_LT: *out = boolean(c < 0); break;
		case OP_LE: *out = boolean(c <= 0); break;
		case OP_GT: *out = boolean(c > 0); break;
		case OP_GE: *out = boolean(c >= 0); break;
		}
		return EVAL_OK;
	}
	return EVAL_ERROR;
}

static void *worker_new(void *arg)
{
	(void)arg;
	struct worker *w = ds_calloc(1, sizeof *w);
	w->fast = parse_fast(cfg.expr);
	if (!w->fast)
		w->jq = ds_expr_compile_opt(cfg.expr, "-e");
	return w;
}

static void worker_free(void *p)
{
	struct worker *w = p;
	free_node(w->fast);
	ds_expr_free(w->jq);
	ds_jvals_free(&w->vals);
	ds_buf_free(&w->a);
	ds_buf_free(&w->b);
	ds_buf_free(&w->err);
	free(w);
}

/* libjq: true if any value the expression gives is truthy. */
static int eval_jq(struct worker *w, const struct ds_rec *rec, bool *keep)
{
	if (!w->jq)
		w->jq = ds_expr_compile_opt(cfg.expr, "-e");
	if (ds_expr_eval(w->jq, rec->line, rec->len, &w->vals, &w->err))
		return -1;
	*keep = false;
	for (size_t i = 0; i < w->vals.n && !*keep; i++)
		*keep = ds_jtruthy(w->vals.v[i]);
	return 0;
}

static int map(void *p, const struct ds_rec *rec, struct ds_buf *out, struct ds_buf *reason)
{
	struct worker *w = p;
	bool keep = false;
	int rc = EVAL_UNDECIDED;
	ds_buf_reset(&w->err);
	if (w->fast) {
		struct ds_jspan v;
		rc = eval(w, w->fast, rec, &v);
		keep = rc == EVAL_OK && ds_jtruthy(v);
	}
	if (rc == EVAL_UNDECIDED)
		rc = eval_jq(w, rec, &keep);
	if (rc) {
		ds_buf_printf(reason, "-e %s: ", cfg.expr);
		ds_buf_add(reason, w->err.data, w->err.len);
		return -1;
	}
	ds_buf_addc(out, keep != cfg.invert);
	return 0;
}

static uint64_t kept;

static void reduce(void *arg, const struct ds_rec *rec, const char *res, size_t n)
{
	(void)arg;
	(void)n;
	if (!*res)
		return;
	kept++;
	if (!cfg.count)
		ds_emit(rec);
}

static const struct ds_tool tool = {
	.name = "ds-filter",
	.usage = "-e EXPR [OPTION]... [FILE]...",
	.summary = "Write the records for which a jq expression is true, unchanged.",
	.common = DS_OPT_JOBS,
	.options = options,
	.handle = handle,
	.help_tail =
		"A record is kept if any value of EXPR is true in jq's sense (not false, not\n"
		"null). Lines are written byte for byte as read. -v is --invert here, as in\n"
		"grep; --verbose has no short form.\n",
};

int main(int argc, char **argv)
{
	ds_parse_args(&tool, argc, argv);
	if (!cfg.expr)
		ds_usage_error("-e EXPR is required");
	struct node *fast = parse_fast(cfg.expr);
	if (fast)
		free_node(fast);
	else
		ds_expr_free(ds_expr_compile_opt(cfg.expr, "-e"));

	ds_begin();
	struct ds_mapper m = { NULL, worker_new, worker_free, map, reduce };
	ds_run_map(&m);
	if (cfg.count) {
		char line[32];
		int len = snprintf(line, sizeof line, "%" PRIu64 "\n", kept);
		ds_write(line, (size_t)len);
	}
	return ds_end();
}
