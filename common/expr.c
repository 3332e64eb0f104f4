/* expr.c: -f/--by/-e expressions: plain paths on the bytes, the rest via libjq.
 *
 * jq 1.6 spends ~30 ms compiling its builtins when a jq_state is made, so the
 * interpreter is set up only for expressions that need it. */
#include "expr.h"

#include <ctype.h>
#include <jq.h>
#include <stdlib.h>
#include <string.h>
#include "util.h"

struct step {
	char *key;		/* object key, or NULL for an index */
	size_t keylen;
	int64_t index;
};

struct ds_expr {
	char *src;
	/* plain path */
	struct step *steps;
	size_t nsteps;
	bool plain;
	/* libjq */
	jq_state *jq;
	struct ds_buf jq_err;
	struct ds_buf tmp;
};

static const char null_text[] = "null";

/* --- plain path parsing ----------------------------------------------------- */

static const char *parse_quoted(const char *p, struct step *st)
{
	/* A JSON-style string without escapes keeps the grammar simple; anything
	 * fancier goes to libjq. */
	const char *q = p + 1;
	while (*q && *q != '"' && *q != '\\')
		q++;
	if (*q != '"')
		return NULL;
	st->keylen = (size_t)(q - p - 1);
	st->key = ds_malloc(st->keylen + 1);
	memcpy(st->key, p + 1, st->keylen);
	st->key[st->keylen] = 0;
	return q + 1;
}

static bool parse_plain(struct ds_expr *e, const char *s)
{
	size_t cap = 0;
	const char *p = s;
	while (*p == ' ')
		p++;
	if (*p != '.')
		return false;
	if (p[1] == 0 || (p[1] == ' ' && p[strspn(p + 1, " ") + 1] == 0))
		return true;	/* identity */
	if (p[1] == '[')
		p++;	/* .[0] and .["k"] start a path; jq 1.6 has no .a.[0] */
	while (*p && *p != ' ') {
		struct step st = { NULL, 0, 0 };
		if (*p == '.' && (isalpha((unsigned char)p[1]) || p[1] == '_')) {
			const char *q = p + 1;
			while (isalnum((unsigned char)*q) || *q == '_')
				q++;
			st.keylen = (size_t)(q - p - 1);
			st.key = ds_malloc(st.keylen + 1);
			memcpy(st.key, p + 1, st.keylen);
			st.key[st.keylen] = 0;
			p = q;
		} else if (*p == '.' && p[1] == '"') {
			if (!(p = parse_quoted(p + 1, &st)))
				return false;
		} else if (*p == '[') {
			p++;
			if (*p == '"') {
				if (!(p = parse_quoted(p, &st)))
					return false;
			} else {
				char *end;
				const char *q = p;
				if (*q == '-')
					q++;
				if (!isdigit((unsigned char)*q))
					return false;
				st.index = strtoll(p, &end, 10);
				p = end;
			}
			if (*p != ']') {
				free(st.key);
				return false;
			}
			p++;
		} else {
			return false;
		}
		if (e->nsteps == cap) {
			cap = cap ? cap * 2 : 4;
			e->steps = ds_reallocarray(e->steps, cap, sizeof *e->steps);
		}
		e->steps[e->nsteps++] = st;
	}
	while (*p == ' ')
		p++;
	return *p == 0;
}

static void free_steps(struct ds_expr *e)
{
	for (size_t i = 0; i < e->nsteps; i++)
		free(e->steps[i].key);
	free(e->steps);
	e->steps = NULL;
	e->nsteps = 0;
}

/* --- libjq ---------------------------------------------------------------- */

static void jq_error_cb(void *data, jv msg)
{
	struct ds_buf *b = data;
	if (jv_get_kind(msg) == JV_KIND_STRING) {
		if (b->len)
			ds_buf_adds(b, "; ");
		ds_buf_adds(b, jv_string_value(msg));
	}
	jv_free(msg);
}

struct ds_expr *ds_expr_compile(const char *src, struct ds_buf *err)
{
	struct ds_expr *e = ds_calloc(1, sizeof *e);
	e->src = ds_strdup(src);
	if (parse_plain(e, src)) {
		e->plain = true;
		return e;
	}
	free_steps(e);
	e->jq = jq_init();
	if (!e->jq)
		ds_die(DS_EXIT_LIMIT, "cannot initialise libjq");
	jq_set_error_cb(e->jq, jq_error_cb, &e->jq_err);
	if (!jq_compile(e->jq, src)) {
		ds_buf_reset(err);
		ds_buf_add(err, e->jq_err.data, e->jq_err.len);
		if (!err->len)
			ds_buf_adds(err, "cannot compile the expression");
		ds_expr_free(e);
		return NULL;
	}
	return e;
}

void ds_expr_free(struct ds_expr *e)
{
	if (!e)
		return;
	free_steps(e);
	if (e->jq)
		jq_teardown(&e->jq);
	ds_buf_free(&e->jq_err);
	ds_buf_free(&e->tmp);
	free(e->src);
	free(e);
}

bool ds_expr_is_plain_path(const struct ds_expr *e) { return e->plain; }
const char *ds_expr_source(const struct ds_expr *e) { return e->src; }

static void jvals_push(struct ds_jvals *out, struct ds_jspan v)
{
	if (out->n == out->cap) {
		out->cap = out->cap ? out->cap * 2 : 4;
		out->v = ds_reallocarray(out->v, out->cap, sizeof *out->v);
	}
	out->v[out->n++] = v;
}

void ds_jvals_free(struct ds_jvals *v)
{
	free(v->v);
	ds_buf_free(&v->store);
	memset(v, 0, sizeof *v);
}

static int eval_plain(struct ds_expr *e, const char *line, size_t len,
		      struct ds_jvals *out, struct ds_buf *err)
{
	struct ds_jspan v = ds_json_root(line, len);
	for (size_t i = 0; i < e->nsteps; i++) {
		const struct step *st = &e->steps[i];
		enum ds_jtype t = ds_jtype(v);
		if (t == DS_J_NULL || t == DS_J_MISSING) {
			v.p = NULL;
			continue;	/* null indexes to null */
		}
		if (st->key) {
			if (t != DS_J_OBJECT) {
				ds_buf_reset(err);
				ds_buf_printf(err, "Cannot index %s with string \"%s\"",
					      ds_jtype_name(t), st->key);
				return -1;
			}
			v = ds_jobj_get(v, st->key, st->keylen);
		} else {
			if (t != DS_J_ARRAY) {
				ds_buf_reset(err);
				ds_buf_printf(err, "Cannot index %s with number", ds_jtype_name(t));
				return -1;
			}
			v = ds_jarr_at(v, st->index);
		}
	}
	if (!v.p)
		v = (struct ds_jspan){ null_text, 4 };
	jvals_push(out, v);
	return 0;
}

static int eval_jq(struct ds_expr *e, const char *line, size_t len,
		   struct ds_jvals *out, struct ds_buf *err)
{
	jv input = jv_parse_sized(line, (int)len);
	if (!jv_is_valid(input)) {
		jv msg = jv_invalid_get_msg(input);
		ds_buf_reset(err);
		ds_buf_adds(err, jv_get_kind(msg) == JV_KIND_STRING ? jv_string_value(msg) : "invalid JSON");
		jv_free(msg);
		return -1;
	}
	/* Spans point into store, so collect offsets first and fix them up after. */
	size_t first = out->n;
	jq_start(e->jq, input, 0);
	for (;;) {
		jv r = jq_next(e->jq);
		if (!jv_is_valid(r)) {
			jv msg = jv_invalid_get_msg(r);
			if (jv_get_kind(msg) == JV_KIND_NULL) {
				jv_free(msg);
				break;
			}
			ds_buf_reset(err);
			if (jv_get_kind(msg) == JV_KIND_STRING) {
				ds_buf_adds(err, jv_string_value(msg));
			} else {
				jv s = jv_dump_string(msg, 0);
				ds_buf_adds(err, jv_string_value(s));
				jv_free(s);
			}
			jv_free(msg);
			return -1;
		}
		jv s = jv_dump_string(r, 0);
		size_t off = out->store.len;
		ds_buf_adds(&out->store, jv_string_value(s));
		jv_free(s);
		jvals_push(out, (struct ds_jspan){ (const char *)(uintptr_t)off, out->store.len - off });
	}
	for (size_t i = first; i < out->n; i++)
		out->v[i].p = out->store.data + (uintptr_t)out->v[i].p;
	return 0;
}

int ds_expr_eval(struct ds_expr *e, const char *line, size_t len,
		 struct ds_jvals *out, struct ds_buf *err)
{
	out->n = 0;
	ds_buf_reset(&out->store);
	return e->plain ? eval_plain(e, line, len, out, err) : eval_jq(e, line, len, out, err);
}

bool ds_jtruthy(struct ds_jspan v)
{
	enum ds_jtype t = ds_jtype(v);
	return !(t == DS_J_NULL || t == DS_J_FALSE || t == DS_J_MISSING);
}
