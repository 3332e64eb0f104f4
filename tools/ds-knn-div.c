/* ds-knn-div: cosine distance of each record to its k nearest neighbours in
 * the corpus or in a reference set, DEITA's greedy selection by maximum
 * similarity, and LESS-style aggregated similarity (ds-knn-div(1)). */
#include <cblas.h>
#include <emmintrin.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "input.h"
#include "json.h"
#include "opts.h"
#include "run.h"
#include "spool.h"
#include "util.h"
#include "vectors.h"

/* A product multiplies QBLOCK query rows by TBLOCK reference rows: 8 MiB of
 * similarities, small enough to scan while it is still in cache. */
#define QBLOCK 1024
#define TBLOCK 2048
/* DEITA: candidates compared to the kept set per product. */
#define SELECT_BLOCK 256

enum { AGG_NONE, AGG_MAX, AGG_MEAN };

static struct {
	const char *vec_expr, *vectors, *against;
	size_t dim;
	size_t k;
	int agg;
	bool summary, select, key_given;
	double max_sim;
	uint64_t max_kept;	/* -n; 0 = no limit */
	int store;
} cfg = { .k = 10, .max_sim = 0.9, .store = DS_VS_F32 };

enum { OPT_VEC, OPT_VECTORS, OPT_DIM, OPT_K, OPT_KEY, OPT_AGAINST, OPT_AGG, OPT_SUMMARY,
       OPT_SELECT, OPT_MAX_SIM, OPT_N, OPT_STORE };

static const struct ds_option options[] = {
	{ "vec", 0, "EXPR", OPT_VEC, "jq expression giving each record's vector (an array of numbers)" },
	{ "vectors", 0, "FILE", OPT_VECTORS, "vectors from FILE, a row per input line (.npy, or raw float32 with --dim)" },
	{ "dim", 0, "D", OPT_DIM, "vector length (needed for a raw float32 --vectors file)" },
	{ "neighbours", 'k', "K", OPT_K, "neighbours per record (default 10)" },
	{ "key", 0, "NAME", OPT_KEY, "annotation key (default knn_div; knn_sim with --agg)" },
	{ "against", 0, "FILE", OPT_AGAINST, "neighbours from this reference set (.npy, or JSONL with --vec) instead of the corpus" },
	{ "agg", 0, "max|mean", OPT_AGG, "with --against: annotate the max or mean cosine similarity to the whole set" },
	{ "summary", 0, NULL, OPT_SUMMARY, "print corpus figures (mean kNN distance, quantiles) instead of records" },
	{ "select", 0, NULL, OPT_SELECT, "DEITA: keep a record if its max similarity to those kept is <= --max-sim" },
	{ "max-sim", 0, "T", OPT_MAX_SIM, "--select threshold (default 0.9)" },
	{ "max-kept", 'n', "N", OPT_N, "--select: stop after keeping N records" },
	{ "store", 0, "TYPE", OPT_STORE, "keep vectors as f32 (default), f16 or i8 (with a scale per row)" },
	{ NULL, 0, NULL, 0, NULL }
};

static void handle(int id, const char *arg)
{
	uint64_t u;
	switch (id) {
	case OPT_VEC:
		cfg.vec_expr = arg;
		break;
	case OPT_VECTORS:
		cfg.vectors = arg;
		break;
	case OPT_DIM:
		if (ds_parse_u64(arg, &u) || u < 1 || u > (1u << 24))
			ds_usage_error("--dim: '%s' is not a positive whole number", arg);
		cfg.dim = (size_t)u;
		break;
	case OPT_K:
		if (ds_parse_u64(arg, &u) || u < 1 || u > 10000)
			ds_usage_error("--neighbours: '%s' is not a whole number from 1 to 10000", arg);
		cfg.k = (size_t)u;
		break;
	case OPT_KEY:
		if (!*arg)
			ds_usage_error("--key: the key must not be empty");
		ds_opt.key = arg;
		cfg.key_given = true;
		break;
	case OPT_AGAINST:
		cfg.against = arg;
		break;
	case OPT_AGG:
		if (!strcmp(arg, "max"))
			cfg.agg = AGG_MAX;
		else if (!strcmp(arg, "mean"))
			cfg.agg = AGG_MEAN;
		else
			ds_usage_error("--agg: '%s' is not max or mean", arg);
		break;
	case OPT_SUMMARY:
		cfg.summary = true;
		break;
	case OPT_SELECT:
		cfg.select = true;
		break;
	case OPT_MAX_SIM:
		if (ds_parse_double(arg, &cfg.max_sim) || cfg.max_sim < -1 || cfg.max_sim > 1)
			ds_usage_error("--max-sim: '%s' is not a number from -1 to 1", arg);
		break;
	case OPT_N:
		if (ds_parse_u64(arg, &u) || u < 1)
			ds_usage_error("--max-kept: '%s' is not a positive whole number", arg);
		cfg.max_kept = u;
		break;
	case OPT_STORE:
		if ((cfg.store = ds_vstore_parse(arg)) < 0 || cfg.store == DS_VS_F64)
			ds_usage_error("--store: '%s' is not f32, f16 or i8", arg);
		break;
	}
}

/* --- similarity products ----------------------------------------------------------- */

/* Called with the similarities of nq queries (rows, stride ld) to reference
 * rows [col0, col0 + ncols). */
typedef void tile_fn(void *ctx, float *sims, size_t nq, size_t ld, size_t col0, size_t ncols);

struct engine {
	const struct ds_vmat *db;
	float *tile;		/* decoded reference rows, when not stored as f32 */
	float *sims;
};

static void engine_init(struct engine *e, const struct ds_vmat *db)
{
	e->db = db;
	e->tile = ds_malloc((size_t)TBLOCK * db->dim * sizeof *e->tile);
	e->sims = ds_malloc((size_t)QBLOCK * TBLOCK * sizeof *e->sims);
}

static void engine_free(struct engine *e)
{
	free(e->tile);
	free(e->sims);
}

/* Cosine similarities of unit query rows q (nq <= QBLOCK) to the reference
 * rows from the first on. */
static void products(struct engine *e, const float *q, size_t nq, size_t first, tile_fn *fn, void *ctx)
{
	const struct ds_vmat *db = e->db;
	size_t d = db->dim;
	for (size_t c0 = first; c0 < db->n; c0 += TBLOCK) {
		size_t nc = db->n - c0 < TBLOCK ? db->n - c0 : TBLOCK;
		const float *t = e->tile;
		if (db->store == DS_VS_F32)
			t = (const float *)db->data + c0 * d;
		else
			ds_vmat_get_f32(db, c0, nc, e->tile);
		cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)nq, (int)nc, (int)d,
			    1.0f, q, (int)d, t, (int)d, 0.0f, e->sims, (int)nc);
		fn(ctx, e->sims, nq, nc, c0, nc);
	}
}

/* --- k nearest: the k largest similarities per query, sorted descending ---------------- */

struct knn {
	float *best;		/* nq x k */
	size_t k;
	size_t self_base;	/* global index of query 0 in the reference set, or SIZE_MAX */
};

static void knn_reset(struct knn *s, size_t nq)
{
	for (size_t i = 0; i < nq * s->k; i++)
		s->best[i] = -INFINITY;
}

static void insert(float *b, size_t k, float x)
{
	size_t i = k - 1;
	while (i > 0 && b[i - 1] < x) {
		b[i] = b[i - 1];
		i--;
	}
	b[i] = x;
}

static void knn_tile(void *ctx, float *sims, size_t nq, size_t ld, size_t col0, size_t ncols)
{
	struct knn *s = ctx;
	size_t k = s->k;
	for (size_t i = 0; i < nq; i++) {
		float *row = sims + i * ld, *b = s->best + i * k;
		if (s->self_base != SIZE_MAX) {
			size_t self = s->self_base + i;
			if (self >= col0 && self < col0 + ncols)
				row[self - col0] = -INFINITY;
		}
		/* Most similarities fall below the k-th best: test four at a time. */
		__m128 thr = _mm_set1_ps(b[k - 1]);
		size_t j = 0;
		for (; j + 4 <= ncols; j += 4) {
			int m = _mm_movemask_ps(_mm_cmpgt_ps(_mm_loadu_ps(row + j), thr));
			if (!m)
				continue;
			for (int bit = 0; bit < 4; bit++)
				if ((m >> bit & 1) && row[j + (size_t)bit] > b[k - 1])
					insert(b, k, row[j + (size_t)bit]);
			thr = _mm_set1_ps(b[k - 1]);
		}
		for (; j < ncols; j++)
			if (row[j] > b[k - 1])
				insert(b, k, row[j]);
	}
}

/* The corpus against itself: similarity is symmetric, so only the tiles on
 * and right of the diagonal are computed, and each tile also updates the
 * neighbours of its columns (the rows below the query block). */
struct knn_sym {
	struct knn *rows;
	float *best;		/* all records' k best */
	float *thr;		/* per tile column: its k-th best */
	size_t below;		/* columns from here on are not queries of this block */
};

static void knn_sym_tile(void *ctx, float *sims, size_t nq, size_t ld, size_t col0, size_t ncols)
{
	struct knn_sym *s = ctx;
	size_t k = s->rows->k;
	knn_tile(s->rows, sims, nq, ld, col0, ncols);
	size_t j0 = s->below > col0 ? s->below - col0 : 0;
	if (j0 >= ncols)
		return;
	for (size_t j = j0; j < ncols; j++)
		s->thr[j] = s->best[(col0 + j) * k + k - 1];
	/* Row by row through the tile, four columns against their own thresholds. */
	for (size_t i = 0; i < nq; i++) {
		const float *row = sims + i * ld;
		size_t j = j0;
		for (; j < ncols && (j - j0) % 4; j++)
			if (row[j] > s->thr[j]) {
				float *b = s->best + (col0 + j) * k;
				insert(b, k, row[j]);
				s->thr[j] = b[k - 1];
			}
		for (; j + 4 <= ncols; j += 4) {
			int m = _mm_movemask_ps(_mm_cmpgt_ps(_mm_loadu_ps(row + j), _mm_loadu_ps(s->thr + j)));
			for (int bit = 0; m; bit++, m >>= 1)
				if (m & 1) {
					float *b = s->best + (col0 + j + (size_t)bit) * k;
					insert(b, k, row[j + (size_t)bit]);
					s->thr[j + (size_t)bit] = b[k - 1];
				}
		}
		for (; j < ncols; j++)
			if (row[j] > s->thr[j]) {
				float *b = s->best + (col0 + j) * k;
				insert(b, k, row[j]);
				s->thr[j] = b[k - 1];
			}
	}
}

/* Max or sum of similarities per query (--agg, --select). */
struct agg {
	double *v;
	int how;
};

static void agg_tile(void *ctx, float *sims, size_t nq, size_t ld, size_t col0, size_t ncols)
{
	(void)col0;
	struct agg *a = ctx;
	for (size_t i = 0; i < nq; i++) {
		const float *row = sims + i * ld;
		if (a->how == AGG_MAX) {
			float m = (float)a->v[i];
			for (size_t j = 0; j < ncols; j++)
				m = row[j] > m ? row[j] : m;
			a->v[i] = m;
		} else {
			double sum = 0;
			for (size_t j = 0; j < ncols; j++)
				sum += row[j];
			a->v[i] += sum;
		}
	}
}

static double distance(float sim)
{
	double d = 1 - (double)sim;
	return d < 0 ? 0 : d > 2 ? 2 : d;
}

/* --- per-record results ---------------------------------------------------------------- */

struct result { double d1, dk, mean; };

static struct result knn_result(const float *b, size_t k)
{
	struct result r = { NAN, NAN, NAN };
	if (!k)
		return r;
	double sum = 0;
	for (size_t j = 0; j < k; j++)
		sum += distance(b[j]);
	r.d1 = distance(b[0]);
	r.dk = distance(b[k - 1]);
	r.mean = sum / (double)k;
	return r;
}

static void write_result(struct ds_buf *val, struct result r)
{
	struct ds_jw jw;
	ds_buf_reset(val);
	ds_jw_init(&jw, val);
	ds_jw_obj(&jw);
	ds_jw_key(&jw, "d1");
	ds_jw_double(&jw, r.d1);
	ds_jw_key(&jw, "dk");
	ds_jw_double(&jw, r.dk);
	ds_jw_key(&jw, "mean");
	ds_jw_double(&jw, r.mean);
	ds_jw_end(&jw);
}

/* --summary: figures over the records' results. */
struct summary {
	double *mean;		/* per record */
	size_t n, cap;
	double sum_d1, sum_dk;
};

static void summary_add(struct summary *s, struct result r)
{
	if (isnan(r.mean))
		return;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 4096;
		s->mean = ds_reallocarray(s->mean, s->cap, sizeof *s->mean);
	}
	s->mean[s->n++] = r.mean;
	s->sum_d1 += r.d1;
	s->sum_dk += r.dk;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* numpy.quantile's default (linear interpolation between order statistics). */
static double quantile(const double *sorted, size_t n, double q)
{
	double pos = q * (double)(n - 1);
	size_t lo = (size_t)floor(pos);
	size_t hi = lo + 1 < n ? lo + 1 : lo;
	return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - (double)lo);
}

static void summary_write(struct summary *s, uint64_t records, size_t k)
{
	static const double qs[] = { 0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1 };
	static const char *const qnames[] = { "min", "p1", "p10", "p25", "p50", "p75", "p90", "p99", "max" };
	struct ds_buf b = { 0 };
	struct ds_jw jw;
	ds_jw_init(&jw, &b);
	ds_jw_obj(&jw);
	ds_jw_key(&jw, "records");
	ds_jw_uint(&jw, records);
	ds_jw_key(&jw, "k");
	ds_jw_uint(&jw, k);
	double sum = 0;
	for (size_t i = 0; i < s->n; i++)
		sum += s->mean[i];
	double n = (double)s->n;
	ds_jw_key(&jw, "mean");
	ds_jw_double(&jw, s->n ? sum / n : NAN);
	ds_jw_key(&jw, "mean_d1");
	ds_jw_double(&jw, s->n ? s->sum_d1 / n : NAN);
	ds_jw_key(&jw, "mean_dk");
	ds_jw_double(&jw, s->n ? s->sum_dk / n : NAN);
	ds_jw_key(&jw, "quantiles");
	ds_jw_obj(&jw);
	qsort(s->mean, s->n, sizeof *s->mean, cmp_double);
	for (size_t i = 0; i < sizeof qs / sizeof *qs; i++) {
		ds_jw_key(&jw, qnames[i]);
		ds_jw_double(&jw, s->n ? quantile(s->mean, s->n, qs[i]) : NAN);
	}
	ds_jw_end(&jw);
	ds_jw_end(&jw);
	ds_buf_addc(&b, '\n');
	ds_write(b.data, b.len);
	ds_buf_free(&b);
	free(s->mean);
}

/* --- loading vectors ----------------------------------------------------------------------- */

/* The part of -m the vector rows may take when each record also costs
 * extra_per_row bytes (its k best similarities, its bit). */
static uint64_t vector_limit(size_t dim, size_t extra_per_row)
{
	if (!ds_opt.memory)
		return 0;
	size_t row = ds_vstore_row_bytes(cfg.store, dim);
	return (uint64_t)((double)ds_opt.memory * (double)row / (double)(row + extra_per_row));
}

static void push_unit(struct ds_vmat *m, const double *v, double *scratch)
{
	memcpy(scratch, v, m->dim * sizeof *v);
	ds_l2_normalize(scratch, m->dim);
	ds_vmat_push(m, scratch);
}

/* The reference set of --against: a .npy file, or JSONL records with --vec. */
static void load_against(struct ds_vmat *ref)
{
	FILE *f = fopen(cfg.against, "rb");
	if (!f)
		ds_die_errno(DS_EXIT_IO, "%s", cfg.against);
	char magic[6];
	bool npy = fread(magic, 1, 6, f) == 6 && !memcmp(magic, "\x93NUMPY", 6);
	fclose(f);
	if (!npy && !cfg.vec_expr)
		ds_usage_error("--against %s: give it as a .npy file, or as JSONL together with --vec",
			       cfg.against);
	struct ds_vecsrc *src = ds_vecsrc_open(npy ? NULL : cfg.vec_expr, npy ? cfg.against : NULL,
					       npy ? 0 : cfg.dim);
	struct ds_buf reason = { 0 };
	double *scratch = NULL;
	struct ds_rec rec = { 0 };
	if (npy) {
		uint64_t rows = ds_vecsrc_rows(src);
		for (rec.seq = 0; rec.seq < rows; rec.seq++) {
			rec.file = cfg.against;
			rec.lineno = rec.seq + 1;
			const double *v = ds_vecsrc_get(src, &rec, &reason);
			if (!v)
				ds_die(DS_EXIT_DATA, "%s: %s", cfg.against, ds_buf_cstr(&reason));
			if (!scratch) {
				ds_vmat_init(ref, cfg.store, ds_vecsrc_dim(src), 0, "the --against vectors");
				scratch = ds_malloc(ref->dim * sizeof *scratch);
			}
			push_unit(ref, v, scratch);
		}
	} else {
		char *files[1] = { (char *)cfg.against };
		struct ds_input *in = ds_input_open(files, 1, ds_opt.max_line);
		struct ds_line l;
		while (ds_input_next(in, &l)) {
			const char *why;
			size_t at;
			bool blank = true;
			for (size_t i = 0; i < l.len && blank; i++)
				blank = l.p[i] == ' ' || l.p[i] == '\t' || l.p[i] == '\r';
			if (blank)
				continue;
			if (l.too_long || ds_json_validate(l.p, l.len, &why, &at)
			    || ds_jtype(ds_json_root(l.p, l.len)) != DS_J_OBJECT)
				ds_die(DS_EXIT_DATA, "%s:%llu: not a JSON object", l.file,
				       (unsigned long long)l.lineno);
			rec = (struct ds_rec){ l.p, l.len, l.file, l.lineno, rec.seq + 1 };
			ds_buf_reset(&reason);
			const double *v = ds_vecsrc_get(src, &rec, &reason);
			if (!v)
				ds_die(DS_EXIT_DATA, "%s:%llu: %s", l.file, (unsigned long long)l.lineno,
				       ds_buf_cstr(&reason));
			if (!scratch) {
				ds_vmat_init(ref, cfg.store, ds_vecsrc_dim(src), 0, "the --against vectors");
				scratch = ds_malloc(ref->dim * sizeof *scratch);
			}
			push_unit(ref, v, scratch);
		}
		ds_input_close(in);
	}
	if (!scratch)
		ds_die(DS_EXIT_DATA, "%s: no reference vectors", cfg.against);
	if (cfg.dim && cfg.dim != ref->dim)
		ds_usage_error("--against %s has %zu dimensions, --dim says %zu", cfg.against, ref->dim, cfg.dim);
	cfg.dim = ref->dim;
	free(scratch);
	ds_buf_free(&reason);
	ds_vecsrc_close(src);
}

/* --- streaming modes: records in blocks, each block one product ---------------------------- */

struct block {
	struct ds_buf lines;
	struct ds_rec *recs;	/* .line is an offset into lines until block_rec() */
	size_t n;
	float *q;		/* n unit rows */
	double *scratch;
};

static void block_init(struct block *b, size_t rows, size_t dim)
{
	memset(b, 0, sizeof *b);
	b->recs = ds_calloc(rows, sizeof *b->recs);
	b->q = ds_malloc(rows * dim * sizeof *b->q);
	b->scratch = ds_malloc(dim * sizeof *b->scratch);
}

static void block_free(struct block *b)
{
	ds_buf_free(&b->lines);
	free(b->recs);
	free(b->q);
	free(b->scratch);
}

static void block_add(struct block *b, const struct ds_rec *rec, const double *v, size_t dim)
{
	struct ds_rec *r = &b->recs[b->n];
	*r = *rec;
	r->line = (const char *)(uintptr_t)b->lines.len;
	ds_buf_add(&b->lines, rec->line, rec->len);
	memcpy(b->scratch, v, dim * sizeof *v);
	ds_l2_normalize(b->scratch, dim);
	for (size_t i = 0; i < dim; i++)
		b->q[b->n * dim + i] = (float)b->scratch[i];
	b->n++;
}

static struct ds_rec block_rec(const struct block *b, size_t i)
{
	struct ds_rec r = b->recs[i];
	r.line = b->lines.data + (uintptr_t)r.line;
	return r;
}

/* The next record with a vector; bad ones go to the policy. */
static const double *next_vector(struct ds_vecsrc *src, struct ds_rec *rec, struct ds_buf *reason)
{
	while (ds_next(rec)) {
		ds_buf_reset(reason);
		const double *v = ds_vecsrc_get(src, rec, reason);
		if (v)
			return v;
		ds_bad(rec, ds_buf_cstr(reason));
	}
	return NULL;
}

/* --against: kNN in the reference set (or --agg) for each record. */
static void run_against(struct ds_vecsrc *src, struct ds_vmat *refp)
{
	struct ds_vmat ref = *refp;
	struct engine e;
	engine_init(&e, &ref);
	size_t k = cfg.k < ref.n ? cfg.k : ref.n;
	struct knn knn = { ds_malloc(QBLOCK * k * sizeof(float)), k, SIZE_MAX };
	struct agg agg = { ds_malloc(QBLOCK * sizeof(double)), cfg.agg };
	struct block b;
	block_init(&b, QBLOCK, ref.dim);
	struct summary sum = { 0 };
	struct ds_buf reason = { 0 }, val = { 0 };
	struct ds_rec rec;
	bool more = true;
	while (more) {
		b.n = 0;
		ds_buf_reset(&b.lines);
		const double *v;
		while (b.n < QBLOCK && (more = (v = next_vector(src, &rec, &reason)) != NULL))
			block_add(&b, &rec, v, ref.dim);
		if (!b.n)
			break;
		if (cfg.agg) {
			for (size_t i = 0; i < b.n; i++)
				agg.v[i] = cfg.agg == AGG_MAX ? -INFINITY : 0;
			products(&e, b.q, b.n, 0, agg_tile, &agg);
		} else {
			knn_reset(&knn, b.n);
			products(&e, b.q, b.n, 0, knn_tile, &knn);
		}
		for (size_t i = 0; i < b.n; i++) {
			struct ds_rec r = block_rec(&b, i);
			if (cfg.agg) {
				double x = cfg.agg == AGG_MAX ? agg.v[i] : agg.v[i] / (double)ref.n;
				x = x > 1 ? 1 : x < -1 ? -1 : x;	/* float rounding past +-1 */
				ds_buf_reset(&val);
				struct ds_jw jw;
				ds_jw_init(&jw, &val);
				ds_jw_double(&jw, x);
				ds_emit_annotated(&r, ds_opt.key, val.data, val.len);
				continue;
			}
			struct result res = knn_result(knn.best + i * k, k);
			if (cfg.summary) {
				summary_add(&sum, res);
				continue;
			}
			write_result(&val, res);
			ds_emit_annotated(&r, ds_opt.key, val.data, val.len);
		}
	}
	if (cfg.summary)
		summary_write(&sum, ds_count_in(), k);
	block_free(&b);
	free(knn.best);
	free(agg.v);
	ds_buf_free(&reason);
	ds_buf_free(&val);
	engine_free(&e);
	ds_vmat_free(&ref);
}

/* --select: DEITA's greedy filter, in input order. */
static void run_select(struct ds_vecsrc *src)
{
	struct ds_vmat kept;
	bool ready = false;
	struct engine e = { 0 };
	struct agg agg = { ds_malloc(SELECT_BLOCK * sizeof(double)), AGG_MAX };
	struct block b = { 0 };
	float *fresh = NULL;	/* rows kept from the current block, as stored */
	size_t nfresh;
	struct ds_buf reason = { 0 };
	struct ds_rec rec;
	bool more = true;
	uint64_t nkept = 0;
	while (more && (!cfg.max_kept || nkept < cfg.max_kept)) {
		const double *v = next_vector(src, &rec, &reason);
		if (!v)
			break;
		size_t d = ds_vecsrc_dim(src);
		if (!ready) {
			ds_vmat_init(&kept, cfg.store, d, vector_limit(d, 0), "the kept vectors");
			engine_init(&e, &kept);
			block_init(&b, SELECT_BLOCK, d);
			fresh = ds_malloc(SELECT_BLOCK * d * sizeof *fresh);
			ready = true;
		}
		b.n = 0;
		ds_buf_reset(&b.lines);
		block_add(&b, &rec, v, d);
		while (b.n < SELECT_BLOCK && (more = (v = next_vector(src, &rec, &reason)) != NULL))
			block_add(&b, &rec, v, d);
		for (size_t i = 0; i < b.n; i++)
			agg.v[i] = -INFINITY;
		if (kept.n)
			products(&e, b.q, b.n, 0, agg_tile, &agg);
		nfresh = 0;
		for (size_t i = 0; i < b.n && (!cfg.max_kept || nkept < cfg.max_kept); i++) {
			const float *q = b.q + i * d;
			double m = agg.v[i];
			for (size_t j = 0; j < nfresh; j++) {
				float s = cblas_sdot((int)d, q, 1, fresh + j * d, 1);
				m = s > m ? s : m;
			}
			if (m > cfg.max_sim)
				continue;
			struct ds_rec r = block_rec(&b, i);
			ds_emit(&r);
			nkept++;
			for (size_t t = 0; t < d; t++)
				b.scratch[t] = q[t];
			ds_vmat_push(&kept, b.scratch);
			ds_vmat_get_f32(&kept, kept.n - 1, 1, fresh + nfresh * d);
			nfresh++;
		}
	}
	if (ready) {
		engine_free(&e);
		block_free(&b);
		ds_vmat_free(&kept);
	}
	free(fresh);
	free(agg.v);
	ds_buf_free(&reason);
}

/* --- the corpus: all vectors first, then the records again with their results ------------- */

static void run_corpus(struct ds_vecsrc *src)
{
	struct ds_vmat all;
	bool ready = false;
	bool rewind = ds_input_rewindable();
	struct ds_spool *spool = rewind ? NULL : ds_spool_new();
	unsigned char *has = NULL;	/* a bit per input line: it has a vector */
	size_t has_cap = 0;
	double *scratch = NULL;
	struct ds_buf reason = { 0 };
	struct ds_rec rec;
	const double *v;
	while ((v = next_vector(src, &rec, &reason))) {
		size_t d = ds_vecsrc_dim(src);
		if (!ready) {
			ds_vmat_init(&all, cfg.store, d, vector_limit(d, cfg.k * sizeof(float) + 1),
				     "the corpus vectors");
			scratch = ds_malloc(d * sizeof *scratch);
			ready = true;
		}
		push_unit(&all, v, scratch);
		if (spool)
			ds_spool_put(spool, &rec, NULL, 0);
		if (rec.seq / 8 >= has_cap) {
			size_t cap = has_cap ? 2 * has_cap : 4096;
			while (rec.seq / 8 >= cap)
				cap *= 2;
			has = ds_realloc(has, cap);
			memset(has + has_cap, 0, cap - has_cap);
			has_cap = cap;
		}
		has[rec.seq / 8] |= (unsigned char)(1u << (rec.seq % 8));
	}
	size_t n = ready ? all.n : 0;
	size_t k = n > 0 && cfg.k > n - 1 ? n - 1 : cfg.k;
	float *best = NULL;
	if (ready && k) {
		if (ds_opt.memory && (uint64_t)n * k * sizeof *best + all.n * all.row_bytes > ds_opt.memory)
			ds_die(DS_EXIT_LIMIT, "the corpus vectors and their %zu best similarities need more than"
			       " the -m limit: raise -m, or use --store f16 or i8", k);
		best = ds_malloc(n * k * sizeof *best);
		for (size_t i = 0; i < n * k; i++)
			best[i] = -INFINITY;
		float *thr = ds_malloc(TBLOCK * sizeof *thr);
		struct engine e;
		engine_init(&e, &all);
		float *q = ds_malloc((size_t)QBLOCK * all.dim * sizeof *q);
		for (size_t q0 = 0; q0 < n; q0 += QBLOCK) {
			size_t nq = n - q0 < QBLOCK ? n - q0 : QBLOCK;
			ds_vmat_get_f32(&all, q0, nq, q);
			struct knn knn = { best + q0 * k, k, q0 };
			struct knn_sym sym = { &knn, best, thr, q0 + nq };
			products(&e, q, nq, q0, knn_sym_tile, &sym);
		}
		free(q);
		free(thr);
		engine_free(&e);
	}
	struct summary sum = { 0 };
	struct ds_buf val = { 0 };
	size_t idx = 0;
	if (cfg.summary) {
		for (idx = 0; idx < n; idx++)
			summary_add(&sum, knn_result(best + idx * k, k));
		summary_write(&sum, ds_count_in(), k);
	} else if (rewind) {
		ds_rewind();
		while (ds_next(&rec))
			if (rec.seq / 8 < has_cap && has[rec.seq / 8] >> (rec.seq % 8) & 1) {
				write_result(&val, knn_result(best + idx++ * k, k));
				ds_emit_annotated(&rec, ds_opt.key, val.data, val.len);
			}
	} else {
		ds_spool_rewind(spool);
		while (ds_spool_get(spool, &rec, NULL, 0)) {
			write_result(&val, knn_result(best + idx++ * k, k));
			ds_emit_annotated(&rec, ds_opt.key, val.data, val.len);
		}
	}
	ds_spool_free(spool);
	free(has);
	free(best);
	free(scratch);
	ds_buf_free(&reason);
	ds_buf_free(&val);
	if (ready)
		ds_vmat_free(&all);
}

static const struct ds_tool tool = {
	.name = "ds-knn-div",
	.usage = "[OPTION]... [FILE]...",
	.summary = "Cosine distance of each record to its k nearest neighbours; DEITA selection; LESS scores.",
	.common = DS_OPT_MEMORY | DS_OPT_JOBS,
	.default_key = "knn_div",
	.options = options,
	.handle = handle,
	.help_tail =
		"Annotation: {\"d1\":..,\"dk\":..,\"mean\":..}, cosine distances (1 - cos) to the\n"
		"nearest, the k-th nearest, and their mean. -j sets the BLAS threads.\n",
};

int main(int argc, char **argv)
{
	ds_parse_args(&tool, argc, argv);
	if (cfg.agg && !cfg.against)
		ds_usage_error("--agg needs --against FILE");
	if (cfg.agg && cfg.summary)
		ds_usage_error("--agg annotates records; --summary is for kNN distances");
	if (cfg.select && (cfg.against || cfg.summary))
		ds_usage_error("--select works on the input alone: no --against or --summary");
	if (cfg.max_kept && !cfg.select)
		ds_usage_error("--max-kept applies to --select");
	if (cfg.agg && !cfg.key_given)
		ds_opt.key = "knn_sim";
	/* The reference set first: the input's vectors must have its length. */
	struct ds_vmat ref;
	if (cfg.against)
		load_against(&ref);
	struct ds_vecsrc *src = ds_vecsrc_from_options(cfg.vec_expr, cfg.vectors, cfg.dim);
	openblas_set_num_threads(ds_opt.jobs);
	ds_begin();
	if (cfg.select)
		run_select(src);
	else if (cfg.against)
		run_against(src, &ref);
	else
		run_corpus(src);
	ds_vecsrc_close(src);
	return ds_end();
}
