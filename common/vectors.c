/* vectors.c: vector sources (--vec, --vectors), .npy files, in-memory stores. */
#include "vectors.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "expr.h"
#include "json.h"
#include "util.h"

/* --- half precision --------------------------------------------------------- */

float ds_half_to_float(uint16_t h)
{
	uint32_t sign = (uint32_t)(h & 0x8000) << 16, exp = (h >> 10) & 0x1f, mant = h & 0x3ff, bits;
	if (exp == 0) {
		float f = ldexpf((float)mant, -24);	/* zero or subnormal: exact */
		return sign ? -f : f;
	}
	if (exp == 31)
		bits = sign | 0x7f800000u | mant << 13;
	else
		bits = sign | (exp + 112) << 23 | mant << 13;
	float f;
	memcpy(&f, &bits, sizeof f);
	return f;
}

uint16_t ds_float_to_half(float f)
{
	uint32_t x;
	memcpy(&x, &f, sizeof x);
	uint16_t sign = (uint16_t)((x >> 16) & 0x8000);
	uint32_t a = x & 0x7fffffffu;
	if (a > 0x7f800000u)
		return sign | 0x7e00;			/* NaN */
	if (a >= 0x477ff000u)
		return sign | 0x7c00;			/* rounds past 65504: infinity */
	if (a < 0x38800000u) {
		/* Below the smallest normal half: a multiple of 2^-24, rounded to
		 * nearest even by lrintf (0x400 is the smallest normal, correctly). */
		float m = fabsf(f) * 0x1p24f;
		return sign | (uint16_t)lrintf(m);
	}
	a += 0xfffu + ((a >> 13) & 1);		/* round to nearest even */
	a -= (uint32_t)(127 - 15) << 23;
	return sign | (uint16_t)(a >> 13);
}

double ds_l2_normalize(double *v, size_t n)
{
	double s = 0;
	for (size_t i = 0; i < n; i++)
		s += v[i] * v[i];
	double norm = sqrt(s);
	if (norm > 0)
		for (size_t i = 0; i < n; i++)
			v[i] /= norm;
	return norm;
}

/* --- .npy header --------------------------------------------------------------- */

#define NPY_MAGIC "\x93NUMPY"

/* The header is a Python dict literal:
 *   {'descr': '<f4', 'fortran_order': False, 'shape': (1000, 256), } */
struct npy_header {
	char descr[8];
	int fortran;		/* -1 until seen */
	int ndim;		/* -1 until seen */
	uint64_t shape[2];
};

static const char *skip_space(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* A quoted Python string into out (at most cap-1 bytes); returns the byte after it. */
static const char *py_string(const char *p, const char *end, char *out, size_t cap)
{
	if (p >= end || (*p != '\'' && *p != '"'))
		return NULL;
	char q = *p++;
	size_t n = 0;
	while (p < end && *p != q) {
		if (n + 1 >= cap)
			return NULL;
		out[n++] = *p++;
	}
	if (p >= end)
		return NULL;
	out[n] = 0;
	return p + 1;
}

static const char *py_tuple(const char *p, const char *end, struct npy_header *h)
{
	if (p >= end || *p != '(')
		return NULL;
	p++;
	h->ndim = 0;
	for (;;) {
		p = skip_space(p, end);
		if (p < end && *p == ')')
			return p + 1;
		if (p >= end || *p < '0' || *p > '9')
			return NULL;
		uint64_t v = 0;
		while (p < end && *p >= '0' && *p <= '9') {
			if (v > (UINT64_MAX - 9) / 10)
				return NULL;
			v = v * 10 + (uint64_t)(*p++ - '0');
		}
		if (h->ndim < 2)
			h->shape[h->ndim] = v;
		h->ndim++;
		p = skip_space(p, end);
		if (p < end && *p == ',')
			p++;
		else if (p >= end || *p != ')')
			return NULL;
	}
}

/* Parse the dict; returns NULL or a static description of what is wrong. */
static const char *npy_parse_dict(const char *p, const char *end, struct npy_header *h)
{
	h->descr[0] = 0;
	h->fortran = h->ndim = -1;
	p = skip_space(p, end);
	if (p >= end || *p++ != '{')
		return "header is not a dict";
	for (;;) {
		char key[32];
		p = skip_space(p, end);
		if (p < end && *p == '}')
			break;
		if (!(p = py_string(p, end, key, sizeof key)))
			return "malformed header key";
		p = skip_space(p, end);
		if (p >= end || *p++ != ':')
			return "malformed header";
		p = skip_space(p, end);
		if (!strcmp(key, "descr")) {
			if (!(p = py_string(p, end, h->descr, sizeof h->descr)))
				return "unsupported descr (want '<f2', '<f4' or '<f8')";
		} else if (!strcmp(key, "fortran_order")) {
			if (end - p >= 4 && !memcmp(p, "True", 4)) {
				h->fortran = 1;
				p += 4;
			} else if (end - p >= 5 && !memcmp(p, "False", 5)) {
				h->fortran = 0;
				p += 5;
			} else {
				return "malformed fortran_order";
			}
		} else if (!strcmp(key, "shape")) {
			if (!(p = py_tuple(p, end, h)))
				return "malformed shape";
		} else {
			return "unknown header key";
		}
		p = skip_space(p, end);
		if (p < end && *p == ',')
			p++;
		else if (p >= end || *p != '}')
			return "malformed header";
	}
	if (!h->descr[0] || h->fortran < 0 || h->ndim < 0)
		return "header lacks descr, fortran_order or shape";
	if (h->fortran)
		return "fortran_order arrays are not supported (save with np.ascontiguousarray)";
	if (h->ndim != 2)
		return "array is not 2-D";
	if (h->shape[1] == 0)
		return "array has no columns";
	return NULL;
}

/* --- sources ----------------------------------------------------------------- */

enum elem { E_F16, E_F32, E_F64 };

struct ds_vecsrc {
	struct ds_expr *expr;		/* --vec */
	struct ds_jvals vals;
	struct ds_buf err;
	FILE *f;			/* --vectors */
	const char *path;
	int elem;
	size_t elem_size;
	uint64_t rows, next_row;	/* rows in the file; the next unread */
	unsigned char *raw;
	size_t dim;
	double *vec;
};

static size_t elem_bytes(int e)
{
	return e == E_F16 ? 2 : e == E_F32 ? 4 : 8;
}

static void alloc_vec(struct ds_vecsrc *s)
{
	s->vec = ds_reallocarray(s->vec, s->dim, sizeof *s->vec);
	s->raw = ds_reallocarray(s->raw, s->dim, s->elem_size ? s->elem_size : 1);
}

static void read_npy_header(struct ds_vecsrc *s, size_t *header_bytes)
{
	unsigned char pre[12];	/* the magic is read: version and length follow */
	if (fread(pre + 6, 1, 4, s->f) != 4)
		ds_die(DS_EXIT_DATA, "%s: not a .npy file: truncated header", s->path);
	unsigned major = pre[6];
	size_t hlen, fixed;
	if (major == 1) {
		hlen = (size_t)pre[8] | (size_t)pre[9] << 8;
		fixed = 10;
	} else if (major == 2 || major == 3) {
		if (fread(pre + 10, 1, 2, s->f) != 2)
			ds_die(DS_EXIT_DATA, "%s: not a .npy file: truncated header", s->path);
		hlen = (size_t)pre[8] | (size_t)pre[9] << 8 | (size_t)pre[10] << 16 | (size_t)pre[11] << 24;
		fixed = 12;
	} else {
		ds_die(DS_EXIT_DATA, "%s: unsupported .npy format version %u", s->path, major);
	}
	if (hlen > (1u << 20))
		ds_die(DS_EXIT_DATA, "%s: .npy header of %zu bytes is implausible", s->path, hlen);
	char *text = ds_malloc(hlen + 1);
	if (fread(text, 1, hlen, s->f) != hlen)
		ds_die(DS_EXIT_DATA, "%s: .npy header truncated", s->path);
	struct npy_header h;
	const char *why = npy_parse_dict(text, text + hlen, &h);
	if (why)
		ds_die(DS_EXIT_DATA, "%s: bad .npy header: %s", s->path, why);
	if (!strcmp(h.descr, "<f2"))
		s->elem = E_F16;
	else if (!strcmp(h.descr, "<f4"))
		s->elem = E_F32;
	else if (!strcmp(h.descr, "<f8"))
		s->elem = E_F64;
	else
		ds_die(DS_EXIT_DATA, "%s: .npy dtype '%s' is not supported (want '<f2', '<f4' or '<f8')",
		       s->path, h.descr);
	free(text);
	if (s->dim && s->dim != h.shape[1])
		ds_die(DS_EXIT_USAGE, "%s has %llu columns but --dim is %zu", s->path,
		       (unsigned long long)h.shape[1], s->dim);
	if (h.shape[1] > (1u << 24))
		ds_die(DS_EXIT_DATA, "%s: %llu columns is implausible", s->path,
		       (unsigned long long)h.shape[1]);
	s->dim = (size_t)h.shape[1];
	s->rows = h.shape[0];
	*header_bytes = fixed + hlen;
}

struct ds_vecsrc *ds_vecsrc_open(const char *expr, const char *path, size_t dim)
{
	struct ds_vecsrc *s = ds_calloc(1, sizeof *s);
	s->dim = dim;
	if (expr) {
		if (!(s->expr = ds_expr_compile(expr, &s->err)))
			ds_usage_error("--vec: %s", ds_buf_cstr(&s->err));
		if (dim)
			alloc_vec(s);
		return s;
	}
	s->path = path;
	if (!(s->f = fopen(path, "rb")))
		ds_die_errno(DS_EXIT_IO, "%s", path);
	setvbuf(s->f, NULL, _IOFBF, 1u << 20);
	char magic[6];
	size_t got = fread(magic, 1, 6, s->f);
	size_t header = 0;
	if (got == 6 && !memcmp(magic, NPY_MAGIC, 6)) {
		read_npy_header(s, &header);
	} else {
		if (!dim)
			ds_usage_error("--vectors %s: not a .npy file, so --dim is needed (raw float32 rows)", path);
		s->elem = E_F32;
		rewind(s->f);
	}
	s->elem_size = elem_bytes(s->elem);
	size_t row = s->dim * s->elem_size;
	struct stat st;
	if (fstat(fileno(s->f), &st) == 0 && S_ISREG(st.st_mode)) {
		uint64_t body = (uint64_t)st.st_size - header;
		if (header) {
			if (body / row < s->rows)
				ds_die(DS_EXIT_DATA, "%s: truncated: the header says %llu rows, the file holds %llu",
				       path, (unsigned long long)s->rows, (unsigned long long)(body / row));
		} else {
			if (body % row)
				ds_die(DS_EXIT_DATA, "%s: %llu bytes is not a whole number of %zu-float rows",
				       path, (unsigned long long)body, s->dim);
			s->rows = body / row;
		}
	} else if (!header) {
		s->rows = UINT64_MAX;	/* a pipe: rows end where the data does */
	}
	alloc_vec(s);
	return s;
}

struct ds_vecsrc *ds_vecsrc_from_options(const char *expr, const char *path, size_t dim)
{
	if (!expr == !path)
		ds_usage_error("give the vectors with --vec EXPR or --vectors FILE (one of them)");
	return ds_vecsrc_open(expr, path, dim);
}

size_t ds_vecsrc_dim(const struct ds_vecsrc *s) { return s->dim; }
uint64_t ds_vecsrc_rows(const struct ds_vecsrc *s) { return s->expr ? 0 : s->rows; }

static const double *from_record(struct ds_vecsrc *s, const struct ds_rec *rec, struct ds_buf *reason)
{
	ds_buf_reset(&s->err);
	if (ds_expr_eval(s->expr, rec->line, rec->len, &s->vals, &s->err)) {
		ds_buf_printf(reason, "--vec: %s", ds_buf_cstr(&s->err));
		return NULL;
	}
	const char *src = ds_expr_source(s->expr);
	if (s->vals.n != 1 || ds_jtype(s->vals.v[0]) != DS_J_ARRAY) {
		ds_buf_printf(reason, "%s is %s, not an array of numbers", src,
			      s->vals.n != 1 ? "not one value" : ds_jtype_name(ds_jtype(s->vals.v[0])));
		return NULL;
	}
	struct ds_jspan arr = s->vals.v[0], el;
	if (!s->dim) {
		size_t n = ds_jarr_len(arr);
		if (!n) {
			ds_buf_printf(reason, "%s is an empty array", src);
			return NULL;
		}
		s->dim = n;
		alloc_vec(s);
	}
	size_t it = 0, i = 0;
	while (ds_jarr_next(arr, &it, &el)) {
		double x;
		if (!ds_jnum(el, &x)) {
			ds_buf_printf(reason, "%s[%zu] is %s, not a number", src, i, ds_jtype_name(ds_jtype(el)));
			return NULL;
		}
		if (!isfinite(x)) {
			ds_buf_printf(reason, "%s[%zu] is not finite", src, i);
			return NULL;
		}
		if (i < s->dim)
			s->vec[i] = x;
		i++;
	}
	if (i != s->dim) {
		ds_buf_printf(reason, "%s has %zu numbers, not %zu", src, i, s->dim);
		return NULL;
	}
	return s->vec;
}

static bool read_row(struct ds_vecsrc *s)
{
	size_t row = s->dim * s->elem_size;
	if (s->next_row >= s->rows || fread(s->raw, 1, row, s->f) != row) {
		if (ferror(s->f))
			ds_die_errno(DS_EXIT_IO, "%s", s->path);
		return false;
	}
	s->next_row++;
	return true;
}

static const double *from_file(struct ds_vecsrc *s, const struct ds_rec *rec, struct ds_buf *reason)
{
	while (s->next_row < rec->seq)
		if (!read_row(s))
			break;
	if (s->next_row != rec->seq || !read_row(s))
		ds_die(DS_EXIT_DATA, "%s:%llu: no vector for this record: %s has only %llu rows",
		       rec->file, (unsigned long long)rec->lineno, s->path,
		       (unsigned long long)s->next_row);
	const unsigned char *p = s->raw;
	for (size_t i = 0; i < s->dim; i++) {
		double x;
		if (s->elem == E_F16) {
			uint16_t h = (uint16_t)(p[2 * i] | p[2 * i + 1] << 8);
			x = ds_half_to_float(h);
		} else if (s->elem == E_F32) {
			uint32_t u = (uint32_t)p[4 * i] | (uint32_t)p[4 * i + 1] << 8
				     | (uint32_t)p[4 * i + 2] << 16 | (uint32_t)p[4 * i + 3] << 24;
			float f;
			memcpy(&f, &u, sizeof f);
			x = f;
		} else {
			uint64_t u = 0;
			for (int b = 7; b >= 0; b--)
				u = u << 8 | p[8 * i + (size_t)b];
			memcpy(&x, &u, sizeof x);
		}
		if (!isfinite(x)) {
			ds_buf_printf(reason, "row %llu of %s: element %zu is not finite",
				      (unsigned long long)rec->seq, s->path, i);
			return NULL;
		}
		s->vec[i] = x;
	}
	return s->vec;
}

const double *ds_vecsrc_get(struct ds_vecsrc *s, const struct ds_rec *rec, struct ds_buf *reason)
{
	return s->expr ? from_record(s, rec, reason) : from_file(s, rec, reason);
}

void ds_vecsrc_close(struct ds_vecsrc *s)
{
	if (!s)
		return;
	if (s->expr) {
		ds_expr_free(s->expr);
		ds_jvals_free(&s->vals);
	}
	if (s->f)
		fclose(s->f);
	ds_buf_free(&s->err);
	free(s->raw);
	free(s->vec);
	free(s);
}

/* --- storage -------------------------------------------------------------------- */

static const char *const store_names[] = { "f32", "f16", "i8", "f64" };

int ds_vstore_parse(const char *s)
{
	for (int i = 0; i < 4; i++)
		if (!strcmp(s, store_names[i]))
			return i;
	return -1;
}

const char *ds_vstore_name(int store) { return store_names[store]; }

size_t ds_vstore_row_bytes(int store, size_t dim)
{
	switch (store) {
	case DS_VS_F16: return 2 * dim;
	case DS_VS_I8: return dim + sizeof(float);
	case DS_VS_F64: return 8 * dim;
	default: return 4 * dim;
	}
}

void ds_vmat_init(struct ds_vmat *m, int store, size_t dim, uint64_t limit, const char *what)
{
	*m = (struct ds_vmat){ .store = store, .dim = dim, .limit = limit, .what = what,
			       .row_bytes = ds_vstore_row_bytes(store, dim) };
}

static void grow(struct ds_vmat *m)
{
	size_t cap = m->cap ? m->cap * 2 : 1024;
	if (m->limit) {
		uint64_t fit = m->limit / m->row_bytes;
		if (m->n >= fit)
			ds_die(DS_EXIT_LIMIT, "%s need more than the -m limit (%zu rows of %zu bytes in --store %s):"
			       " raise -m, or use --store f16 or i8", m->what, m->n + 1, m->row_bytes,
			       store_names[m->store]);
		if (cap > fit)
			cap = (size_t)fit;
	}
	m->data = ds_reallocarray(m->data, cap, m->row_bytes);
	m->cap = cap;
}

void ds_vmat_push(struct ds_vmat *m, const double *v)
{
	if (m->n == m->cap)
		grow(m);
	unsigned char *row = m->data + m->n * m->row_bytes;
	size_t d = m->dim;
	switch (m->store) {
	case DS_VS_F32:
		for (size_t i = 0; i < d; i++)
			((float *)row)[i] = (float)v[i];
		break;
	case DS_VS_F16:
		for (size_t i = 0; i < d; i++)
			((uint16_t *)row)[i] = ds_float_to_half((float)v[i]);
		break;
	case DS_VS_F64:
		memcpy(row, v, d * sizeof *v);
		break;
	case DS_VS_I8: {
		double max = 0;
		for (size_t i = 0; i < d; i++)
			if (fabs(v[i]) > max)
				max = fabs(v[i]);
		float scale = (float)(max / 127);
		memcpy(row, &scale, sizeof scale);
		signed char *q = (signed char *)row + sizeof scale;
		for (size_t i = 0; i < d; i++)
			q[i] = max > 0 ? (signed char)lrint(v[i] / max * 127) : 0;
		break;
	}
	}
	m->n++;
}

void ds_vmat_get_f32(const struct ds_vmat *m, size_t from, size_t n, float *out)
{
	size_t d = m->dim;
	const unsigned char *row = m->data + from * m->row_bytes;
	if (m->store == DS_VS_F32) {
		memcpy(out, row, n * d * sizeof *out);
		return;
	}
	for (size_t r = 0; r < n; r++, row += m->row_bytes, out += d) {
		if (m->store == DS_VS_F16) {
			for (size_t i = 0; i < d; i++)
				out[i] = ds_half_to_float(((const uint16_t *)row)[i]);
		} else if (m->store == DS_VS_F64) {
			for (size_t i = 0; i < d; i++)
				out[i] = (float)((const double *)row)[i];
		} else {
			float scale;
			memcpy(&scale, row, sizeof scale);
			const signed char *q = (const signed char *)row + sizeof scale;
			for (size_t i = 0; i < d; i++)
				out[i] = (float)q[i] * scale;
		}
	}
}

void ds_vmat_get_f64(const struct ds_vmat *m, size_t r, double *out)
{
	size_t d = m->dim;
	const unsigned char *row = m->data + r * m->row_bytes;
	switch (m->store) {
	case DS_VS_F64:
		memcpy(out, row, d * sizeof *out);
		break;
	case DS_VS_F32:
		for (size_t i = 0; i < d; i++)
			out[i] = ((const float *)row)[i];
		break;
	case DS_VS_F16:
		for (size_t i = 0; i < d; i++)
			out[i] = ds_half_to_float(((const uint16_t *)row)[i]);
		break;
	case DS_VS_I8: {
		float scale;
		memcpy(&scale, row, sizeof scale);
		const signed char *q = (const signed char *)row + sizeof scale;
		for (size_t i = 0; i < d; i++)
			out[i] = (double)((float)q[i] * scale);
		break;
	}
	}
}

void ds_vmat_free(struct ds_vmat *m)
{
	free(m->data);
	m->data = NULL;
	m->n = m->cap = 0;
}

/* --- .npy writer ------------------------------------------------------------------ */

/* Header: magic, version 1.0, length, the dict padded with spaces to a
 * multiple of 64 bytes with room for any row count, then '\n'. */
#define NPY_HEADER_BYTES 128

struct ds_npy_writer {
	FILE *f;
	char *path, *tmp;
	size_t dim;
	uint64_t rows;
};

static char *pending_npy;

static void remove_pending_npy(void)
{
	if (pending_npy)
		unlink(pending_npy);
}

static void npy_header(char *h, uint64_t rows, size_t dim)
{
	memset(h, ' ', NPY_HEADER_BYTES);
	memcpy(h, NPY_MAGIC "\x01\x00", 8);
	h[8] = (char)(NPY_HEADER_BYTES - 10);
	h[9] = 0;
	int n = snprintf(h + 10, NPY_HEADER_BYTES - 10,
			 "{'descr': '<f4', 'fortran_order': False, 'shape': (%llu, %zu), }",
			 (unsigned long long)rows, dim);
	h[10 + n] = ' ';
	h[NPY_HEADER_BYTES - 1] = '\n';
}

struct ds_npy_writer *ds_npy_create(const char *path, size_t dim)
{
	struct ds_npy_writer *w = ds_calloc(1, sizeof *w);
	w->path = ds_strdup(path);
	w->tmp = ds_malloc(strlen(path) + 16);
	sprintf(w->tmp, "%s.tmpXXXXXX", path);
	int fd = mkstemp(w->tmp);
	if (fd < 0)
		ds_die_errno(DS_EXIT_IO, "%s", path);
	mode_t mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask))
		ds_die_errno(DS_EXIT_IO, "%s", path);
	pending_npy = w->tmp;
	ds_atexit_die(remove_pending_npy);
	if (!(w->f = fdopen(fd, "wb")))
		ds_die_errno(DS_EXIT_IO, "%s", path);
	setvbuf(w->f, NULL, _IOFBF, 1u << 20);
	w->dim = dim;
	char h[NPY_HEADER_BYTES];
	npy_header(h, 0, dim);
	if (fwrite(h, 1, sizeof h, w->f) != sizeof h)
		ds_die_errno(DS_EXIT_IO, "%s", path);
	return w;
}

void ds_npy_write(struct ds_npy_writer *w, const float *row)
{
	/* float32 little-endian is the host's layout on every target we build. */
	if (fwrite(row, sizeof *row, w->dim, w->f) != w->dim)
		ds_die_errno(DS_EXIT_IO, "%s", w->path);
	w->rows++;
}

void ds_npy_close(struct ds_npy_writer *w)
{
	char h[NPY_HEADER_BYTES];
	npy_header(h, w->rows, w->dim);
	if (fflush(w->f) || pwrite(fileno(w->f), h, sizeof h, 0) != (ssize_t)sizeof h)
		ds_die_errno(DS_EXIT_IO, "%s", w->path);
	if (fclose(w->f))
		ds_die_errno(DS_EXIT_IO, "%s", w->path);
	if (rename(w->tmp, w->path))
		ds_die_errno(DS_EXIT_IO, "%s", w->path);
	pending_npy = NULL;
	free(w->tmp);
	free(w->path);
	free(w);
}
