/* score.c: numbers and canonical group keys from expression values. */
#include "score.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "util.h"

bool ds_number(struct ds_jspan v, double *x)
{
	static const double pow10[] = {
		1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
		1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
	};
	const char *p = v.p, *end = v.p + v.n;
	if (!p || p == end || !(*p == '-' || (*p >= '0' && *p <= '9')))
		return ds_jnum(v, x);
	bool neg = *p == '-';
	p += neg;
	uint64_t m = 0;
	int digits = 0, e = 0;
	for (; p < end && *p >= '0' && *p <= '9'; p++, digits++)
		m = m * 10 + (uint64_t)(*p - '0');
	if (p < end && *p == '.')
		for (p++; p < end && *p >= '0' && *p <= '9'; p++, digits++, e--)
			m = m * 10 + (uint64_t)(*p - '0');
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		bool eneg = p < end && *p == '-';
		p += p < end && (*p == '-' || *p == '+');
		int ev = 0;
		for (; p < end && *p >= '0' && *p <= '9' && ev < 10000; p++)
			ev = ev * 10 + (*p - '0');
		e += eneg ? -ev : ev;
	}
	/* The validated JSON number ends here; a longer one takes strtod. */
	if (p != end || digits > 19 || m > (UINT64_C(1) << 53) || e < -22 || e > 22)
		return ds_jnum(v, x);
	double r = (double)m;
	r = e < 0 ? r / pow10[-e] : r * pow10[e];
	*x = neg ? -r : r;
	return true;
}

struct ds_expr *ds_expr_compile_opt(const char *src, const char *opt)
{
	struct ds_buf err = { 0 };
	struct ds_expr *e = ds_expr_compile(src, &err);
	if (!e)
		ds_usage_error("%s: %s", opt, ds_buf_cstr(&err));
	ds_buf_free(&err);
	return e;
}

void ds_score_scratch_free(struct ds_score_scratch *s)
{
	ds_jvals_free(&s->vals);
	ds_buf_free(&s->tmp);
}

/* Evaluate e; on an error, reason says which option and expression failed. */
static int eval(struct ds_expr *e, const char *what, const char *line, size_t len,
		struct ds_score_scratch *s, struct ds_buf *reason)
{
	ds_buf_reset(&s->tmp);
	if (ds_expr_eval(e, line, len, &s->vals, &s->tmp) == 0)
		return 0;
	ds_buf_reset(reason);
	ds_buf_printf(reason, "%s %s: ", what, ds_expr_source(e));
	ds_buf_add(reason, s->tmp.data, s->tmp.len);
	return -1;
}

enum ds_score_status ds_score(struct ds_expr *e, const char *what, const char *line, size_t len,
			      struct ds_score_scratch *s, double *x, struct ds_buf *reason)
{
	struct ds_jvals *vals = &s->vals;
	if (eval(e, what, line, len, s, reason))
		return DS_SCORE_BAD;
	ds_buf_reset(reason);
	if (vals->n == 0)
		return DS_SCORE_MISSING;
	if (vals->n > 1) {
		ds_buf_printf(reason, "%s %s gave %zu values, not one", what, ds_expr_source(e), vals->n);
		return DS_SCORE_BAD;
	}
	enum ds_jtype t = ds_jtype(vals->v[0]);
	if (t == DS_J_NULL || t == DS_J_MISSING)
		return DS_SCORE_MISSING;
	if (!ds_number(vals->v[0], x)) {
		ds_buf_printf(reason, "%s %s is %s %s, not a number", what, ds_expr_source(e),
			      t == DS_J_ARRAY || t == DS_J_OBJECT ? "an" : "a", ds_jtype_name(t));
		return DS_SCORE_BAD;
	}
	return DS_SCORE_OK;
}

/* Canonical form: a tag byte, then for numbers the double's bits (-0 as 0),
 * for strings the decoded length and bytes, for arrays and objects their
 * elements and an end byte. Every form is self-delimiting, so sequences of
 * them compare as the sequences do. */
static void canon(struct ds_jspan v, struct ds_buf *out, struct ds_buf *tmp);

static void canon_string(struct ds_jspan s, struct ds_buf *out, struct ds_buf *tmp)
{
	ds_buf_reset(tmp);
	ds_jstr_decode(s, tmp);
	uint64_t n = tmp->len;
	ds_buf_addc(out, 's');
	ds_buf_add(out, &n, sizeof n);
	ds_buf_add(out, tmp->data, tmp->len);
}

struct member {
	struct ds_jspan key, val;
	size_t order;
	char *name;	/* decoded key */
	size_t namelen;
};

static int cmp_member(const void *pa, const void *pb)
{
	const struct member *a = pa, *b = pb;
	size_t n = a->namelen < b->namelen ? a->namelen : b->namelen;
	int r = memcmp(a->name, b->name, n);
	if (r)
		return r;
	if (a->namelen != b->namelen)
		return a->namelen < b->namelen ? -1 : 1;
	return a->order < b->order ? -1 : 1;
}

/* Objects are rare as group keys: this path may allocate. */
static void canon_object(struct ds_jspan obj, struct ds_buf *out, struct ds_buf *tmp)
{
	struct member *m = NULL;
	size_t n = 0, cap = 0, it = 0;
	struct ds_jspan k, v;
	while (ds_jobj_next(obj, &it, &k, &v)) {
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			m = ds_reallocarray(m, cap, sizeof *m);
		}
		ds_buf_reset(tmp);
		ds_jstr_decode(k, tmp);
		m[n] = (struct member){ k, v, n, ds_malloc(tmp->len + 1), tmp->len };
		memcpy(m[n].name, tmp->data, tmp->len);
		n++;
	}
	qsort(m, n, sizeof *m, cmp_member);
	ds_buf_addc(out, 'o');
	for (size_t i = 0; i < n; i++) {
		/* Of duplicate keys the last one counts, as in jq. */
		if (i + 1 < n && m[i].namelen == m[i + 1].namelen
		    && !memcmp(m[i].name, m[i + 1].name, m[i].namelen))
			continue;
		canon_string(m[i].key, out, tmp);
		canon(m[i].val, out, tmp);
	}
	ds_buf_addc(out, '}');
	for (size_t i = 0; i < n; i++)
		free(m[i].name);
	free(m);
}

static void canon(struct ds_jspan v, struct ds_buf *out, struct ds_buf *tmp)
{
	double x;
	struct ds_jspan e;
	size_t it = 0;
	switch (ds_jtype(v)) {
	case DS_J_MISSING:
	case DS_J_NULL:
		ds_buf_addc(out, 'n');
		break;
	case DS_J_FALSE:
		ds_buf_addc(out, 'f');
		break;
	case DS_J_TRUE:
		ds_buf_addc(out, 't');
		break;
	case DS_J_NUMBER:
		ds_number(v, &x);
		if (x == 0)
			x = 0;	/* -0 == 0 */
		ds_buf_addc(out, 'd');
		ds_buf_add(out, &x, sizeof x);
		break;
	case DS_J_STRING:
		canon_string(v, out, tmp);
		break;
	case DS_J_ARRAY:
		ds_buf_addc(out, 'a');
		while (ds_jarr_next(v, &it, &e))
			canon(e, out, tmp);
		ds_buf_addc(out, ']');
		break;
	case DS_J_OBJECT:
		canon_object(v, out, tmp);
		break;
	}
}

int ds_group_key(struct ds_expr *e, const char *what, const char *line, size_t len,
		 struct ds_score_scratch *s, struct ds_buf *key, struct ds_buf *reason)
{
	ds_buf_reset(key);
	if (eval(e, what, line, len, s, reason))
		return -1;
	for (size_t i = 0; i < s->vals.n; i++)
		canon(s->vals.v[i], key, &s->tmp);
	return 0;
}
