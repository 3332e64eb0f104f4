/* ds-knn-div: cosine distance of each record to its k nearest neighbours in
 * the corpus or in a reference set, DEITA's greedy selection by maximum
 * similarity, and LESS-style aggregated similarity (ds-knn-div(1)). */
#include <cblas.h>
#include <emmintrin.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hash.h"
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
/* --approx --against: records per block, so that each list meets many. */
#define ABLOCK 8192
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
	bool ids;		/* --ids */
	bool approx;		/* --approx */
	size_t nlist, nprobe;	/* 0: chosen from the number of reference rows */
} cfg = { .k = 10, .max_sim = 0.9, .store = DS_VS_F32 };

enum { OPT_VEC, OPT_VECTORS, OPT_DIM, OPT_K, OPT_KEY, OPT_AGAINST, OPT_AGG, OPT_SUMMARY,
       OPT_SELECT, OPT_MAX_SIM, OPT_N, OPT_STORE, OPT_IDS, OPT_APPROX, OPT_NLIST, OPT_NPROBE };

/* --nlist's bound keeps a block of rows' similarities to all centroids in the
 * product buffer. */
#define MAX_NLIST 65536

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
	{ "ids", 0, NULL, OPT_IDS, "also annotate the neighbours' record numbers, nearest first (\"ids\":[..])" },
	{ "approx", 0, NULL, OPT_APPROX, "approximate kNN: an inverted file over k-means lists (see --nlist, --nprobe)" },
	{ "nlist", 0, "N", OPT_NLIST, "--approx: k-means lists (default: 2 x the square root of the reference rows)" },
	{ "nprobe", 0, "N", OPT_NPROBE, "--approx: lists searched per record (default 16)" },
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
	case OPT_IDS:
		cfg.ids = true;
		break;
	case OPT_APPROX:
		cfg.approx = true;
		break;
	case OPT_NLIST:
	case OPT_NPROBE:
		if (ds_parse_u64(arg, &u) || u < 1 || u > MAX_NLIST)
			ds_usage_error("--%s: '%s' is not a whole number from 1 to %d",
				       id == OPT_NLIST ? "nlist" : "nprobe", arg, MAX_NLIST);
		*(id == OPT_NLIST ? &cfg.nlist : &cfg.nprobe) = (size_t)u;
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
	uint32_t *ids;		/* nq x k: the reference rows of those (--ids), or NULL */
	size_t k;
	size_t self_base;	/* global index of query 0 in the reference set, or SIZE_MAX */
	const uint32_t *self;	/* or each query's own index, or NULL */
};

#define NO_ROW UINT32_MAX

static void knn_reset(struct knn *s, size_t nq)
{
	for (size_t i = 0; i < nq * s->k; i++)
		s->best[i] = -INFINITY;
	if (s->ids)
		for (size_t i = 0; i < nq * s->k; i++)
			s->ids[i] = NO_ROW;
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

/* The same, moving the rows along; a tie stays behind the earlier one. */
static void insert_id(float *b, uint32_t *id, size_t k, float x, uint32_t row)
{
	size_t i = k - 1;
	while (i > 0 && b[i - 1] < x) {
		b[i] = b[i - 1];
		id[i] = id[i - 1];
		i--;
	}
	b[i] = x;
	id[i] = row;
}

/* Offer query i the reference row with similarity x. */
static void knn_offer(const struct knn *s, size_t i, float x, size_t row)
{
	size_t k = s->k;
	if (s->ids)
		insert_id(s->best + i * k, s->ids + i * k, k, x, (uint32_t)row);
	else
		insert(s->best + i * k, k, x);
}

static void knn_tile(void *ctx, float *sims, size_t nq, size_t ld, size_t col0, size_t ncols)
{
	struct knn *s = ctx;
	size_t k = s->k;
	for (size_t i = 0; i < nq; i++) {
		float *row = sims + i * ld, *b = s->best + i * k;
		size_t self = s->self ? s->self[i] : s->self_base != SIZE_MAX ? s->self_base + i : SIZE_MAX;
		if (self >= col0 && self < col0 + ncols)
			row[self - col0] = -INFINITY;
		/* Most similarities fall below the k-th best: test four at a time. */
		__m128 thr = _mm_set1_ps(b[k - 1]);
		size_t j = 0;
		for (; j + 4 <= ncols; j += 4) {
			int m = _mm_movemask_ps(_mm_cmpgt_ps(_mm_loadu_ps(row + j), thr));
			if (!m)
				continue;
			for (int bit = 0; bit < 4; bit++)
				if ((m >> bit & 1) && row[j + (size_t)bit] > b[k - 1])
					knn_offer(s, i, row[j + (size_t)bit], col0 + j + (size_t)bit);
			thr = _mm_set1_ps(b[k - 1]);
		}
		for (; j < ncols; j++)
			if (row[j] > b[k - 1])
				knn_offer(s, i, row[j], col0 + j);
	}
}

/* The corpus against itself: similarity is symmetric, so only the tiles on
 * and right of the diagonal are computed, and each tile also updates the
 * neighbours of its columns (the rows below the query block). */
struct knn_sym {
	struct knn *rows;
	struct knn all;		/* all records' k best */
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
	const float *best = s->all.best;
	for (size_t j = j0; j < ncols; j++)
		s->thr[j] = best[(col0 + j) * k + k - 1];
	/* Row by row through the tile, four columns against their own thresholds. */
	size_t query0 = s->rows->self_base;
	for (size_t i = 0; i < nq; i++) {
		const float *row = sims + i * ld;
		size_t j = j0;
		for (; j < ncols && (j - j0) % 4; j++)
			if (row[j] > s->thr[j]) {
				knn_offer(&s->all, col0 + j, row[j], query0 + i);
				s->thr[j] = best[(col0 + j) * k + k - 1];
			}
		for (; j + 4 <= ncols; j += 4) {
			int m = _mm_movemask_ps(_mm_cmpgt_ps(_mm_loadu_ps(row + j), _mm_loadu_ps(s->thr + j)));
			for (size_t c = j; m; c++, m >>= 1)
				if (m & 1) {
					knn_offer(&s->all, col0 + c, row[c], query0 + i);
					s->thr[c] = best[(col0 + c) * k + k - 1];
				}
		}
		for (; j < ncols; j++)
			if (row[j] > s->thr[j]) {
				knn_offer(&s->all, col0 + j, row[j], query0 + i);
				s->thr[j] = best[(col0 + j) * k + k - 1];
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

/* --- approximate search (--approx): an inverted file over spherical k-means --------------- */

/* The reference rows are clustered by k-means on the cosine (centroids of unit
 * length) fitted to a sample; each row is filed in the list of its nearest
 * centroid, and a query meets the rows of the nprobe lists whose centroids
 * are nearest to it. The comparisons are grouped by list, so that a list meets
 * all the queries that probe it in one matrix product: the exact search's
 * kernel, on about nprobe/nlist of the pairs. */
#define KMEANS_ITERS 10
#define KMEANS_SAMPLE 64	/* sampled rows per list */

struct ivf {
	const struct ds_vmat *db;
	size_t nlist, nprobe, dim;
	float *cent;		/* nlist unit rows */
	uint32_t *start;	/* nlist + 1 offsets into member */
	uint32_t *member;	/* the reference rows list by list, increasing within a list */
	bool sorted;		/* the matrix itself holds its rows in that order */
	float *sims;		/* QBLOCK x TBLOCK similarities */
	float *mrows;		/* TBLOCK decoded rows of a list */
	float *qrows;		/* QBLOCK gathered query rows */
	float *top;		/* nprobe best similarities to centroids */
};

/* Defaults: 2 sqrt(n) lists of about sqrt(n) / 2 rows each, 16 of them
 * searched per query (ds-knn-div(1) gives the recall measured with them). */
static void ivf_shape(size_t n, size_t *nlist, size_t *nprobe)
{
	size_t nl = cfg.nlist ? cfg.nlist : (size_t)llround(2 * sqrt((double)n));
	nl = nl > n ? n : nl < 1 ? 1 : nl;
	size_t np = cfg.nprobe ? cfg.nprobe : 16;
	*nlist = nl;
	*nprobe = np > nl ? nl : np;
}

/* Bytes of the index of n rows of dim numbers besides the rows themselves,
 * with each row's probed lists when it is also a query (the corpus). */
static uint64_t ivf_bytes(size_t n, size_t dim, bool corpus)
{
	size_t nl, np;
	ivf_shape(n, &nl, &np);
	size_t sample = n / nl < KMEANS_SAMPLE ? n : nl * KMEANS_SAMPLE;
	return (uint64_t)n * (8 + (corpus ? 8 * np : 0)) + (uint64_t)sample * (4 * dim + 8)
	       + (uint64_t)nl * (12 * dim + 16);
}

static void ivf_init(struct ivf *v, const struct ds_vmat *db)
{
	if (db->n >= NO_ROW)
		ds_die(DS_EXIT_LIMIT, "--approx indexes fewer than %u rows", NO_ROW);
	v->db = db;
	v->dim = db->dim;
	v->sorted = false;
	ivf_shape(db->n, &v->nlist, &v->nprobe);
	v->cent = ds_malloc(v->nlist * v->dim * sizeof *v->cent);
	v->start = ds_calloc(v->nlist + 1, sizeof *v->start);
	v->member = ds_malloc(db->n * sizeof *v->member);
	v->sims = ds_malloc((size_t)QBLOCK * TBLOCK * sizeof *v->sims);
	v->mrows = ds_malloc((size_t)TBLOCK * v->dim * sizeof *v->mrows);
	v->qrows = ds_malloc((size_t)QBLOCK * v->dim * sizeof *v->qrows);
	v->top = ds_malloc(v->nprobe * sizeof *v->top);
}

static void ivf_free(struct ivf *v)
{
	free(v->cent);
	free(v->start);
	free(v->member);
	free(v->sims);
	free(v->mrows);
	free(v->qrows);
	free(v->top);
}

/* The np lists nearest to each of the n rows x, nearest first (ties to the
 * lower list), and the similarity to the nearest when fit is not NULL. */
static void nearest_lists(struct ivf *v, const float *x, size_t n, size_t np, uint32_t *lists, float *fit)
{
	size_t nl = v->nlist, d = v->dim;
	size_t step = (size_t)QBLOCK * TBLOCK / nl;
	for (size_t r0 = 0; r0 < n; r0 += step) {
		size_t nr = n - r0 < step ? n - r0 : step;
		cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)nr, (int)nl, (int)d,
			    1.0f, x + r0 * d, (int)d, v->cent, (int)d, 0.0f, v->sims, (int)nl);
		for (size_t i = 0; i < nr; i++) {
			const float *row = v->sims + i * nl;
			uint32_t *l = lists + (r0 + i) * np;
			for (size_t j = 0; j < np; j++)
				v->top[j] = -INFINITY;
			for (size_t c = 0; c < nl; c++)
				if (row[c] > v->top[np - 1])
					insert_id(v->top, l, np, row[c], (uint32_t)c);
			if (fit)
				fit[r0 + i] = v->top[0];
		}
	}
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* Spherical k-means (Lloyd's iterations on the cosine, centroids of unit
 * length) over a sample of KMEANS_SAMPLE rows per list drawn by --seed. The
 * first centroids are sampled rows; a list left empty restarts at the sampled
 * row that fits its centroid worst. */
static void kmeans(struct ivf *v)
{
	const struct ds_vmat *db = v->db;
	size_t n = db->n, d = v->dim, nl = v->nlist;
	size_t ns = n / nl < KMEANS_SAMPLE ? n : nl * KMEANS_SAMPLE;
	uint32_t *pick = ds_malloc(n * sizeof *pick);
	for (size_t i = 0; i < n; i++)
		pick[i] = (uint32_t)i;
	struct ds_rng rng = { ds_opt.seed };
	for (size_t i = 0; i < ns; i++) {
		size_t j = i + (size_t)(ds_rng_next(&rng) % (n - i));
		uint32_t t = pick[i];
		pick[i] = pick[j];
		pick[j] = t;
	}
	for (size_t c = 0; c < nl; c++)
		ds_vmat_get_f32(db, pick[c], 1, v->cent + c * d);
	qsort(pick, ns, sizeof *pick, cmp_u32);
	float *x = ds_malloc(ns * d * sizeof *x);
	for (size_t i = 0; i < ns; i++)
		ds_vmat_get_f32(db, pick[i], 1, x + i * d);
	free(pick);
	uint32_t *label = ds_malloc(ns * sizeof *label);
	float *fit = ds_malloc(ns * sizeof *fit);
	double *sum = ds_malloc(nl * d * sizeof *sum);
	size_t *count = ds_malloc(nl * sizeof *count);
	for (int it = 0; it < KMEANS_ITERS; it++) {
		nearest_lists(v, x, ns, 1, label, fit);
		memset(sum, 0, nl * d * sizeof *sum);
		memset(count, 0, nl * sizeof *count);
		for (size_t i = 0; i < ns; i++) {
			double *s = sum + (size_t)label[i] * d;
			const float *r = x + i * d;
			for (size_t t = 0; t < d; t++)
				s[t] += r[t];
			count[label[i]]++;
		}
		for (size_t c = 0; c < nl; c++) {
			const double *s = sum + c * d;
			double norm = 0;
			for (size_t t = 0; t < d; t++)
				norm += s[t] * s[t];
			if (count[c] && norm > 0) {
				norm = sqrt(norm);
				for (size_t t = 0; t < d; t++)
					v->cent[c * d + t] = (float)(s[t] / norm);
				continue;
			}
			size_t worst = 0;
			for (size_t i = 1; i < ns; i++)
				if (fit[i] < fit[worst])
					worst = i;
			memcpy(v->cent + c * d, x + worst * d, d * sizeof *x);
			fit[worst] = INFINITY;
		}
	}
	free(x);
	free(label);
	free(fit);
	free(sum);
	free(count);
}

/* Train, then file every reference row in the list of its nearest centroid.
 * With lists (the corpus, whose rows are also the queries), keep there each
 * row's nprobe nearest lists (n x nprobe, its own first). */
static void ivf_build(struct ivf *v, uint32_t *lists)
{
	const struct ds_vmat *db = v->db;
	size_t n = db->n, np = lists ? v->nprobe : 1;
	kmeans(v);
	uint32_t *near = lists ? lists : ds_malloc(n * sizeof *near);
	for (size_t r0 = 0; r0 < n; r0 += QBLOCK) {
		size_t nr = n - r0 < QBLOCK ? n - r0 : QBLOCK;
		ds_vmat_get_f32(db, r0, nr, v->qrows);
		nearest_lists(v, v->qrows, nr, np, near + r0 * np, NULL);
	}
	for (size_t i = 0; i < n; i++)
		v->start[near[i * np] + 1]++;
	for (size_t l = 0; l < v->nlist; l++)
		v->start[l + 1] += v->start[l];
	uint32_t *fill = ds_malloc(v->nlist * sizeof *fill);
	memcpy(fill, v->start, v->nlist * sizeof *fill);
	for (size_t i = 0; i < n; i++)
		v->member[fill[near[i * np]]++] = (uint32_t)i;
	free(fill);
	if (!lists)
		free(near);
}

/* --against: move the reference rows into list order, so that a list is one
 * block of the matrix (member still names each row's place in the input). */
static void ivf_sort_rows(struct ivf *v, struct ds_vmat *db)
{
	size_t n = db->n, rb = db->row_bytes;
	unsigned char *tmp = ds_malloc(rb);
	unsigned char *done = ds_calloc(n / 8 + 1, 1);
	/* Row p takes the row member[p], cycle by cycle. */
	for (size_t first = 0; first < n; first++) {
		if (done[first / 8] >> (first % 8) & 1)
			continue;
		memcpy(tmp, db->data + first * rb, rb);
		for (size_t p = first;;) {
			done[p / 8] |= (unsigned char)(1u << (p % 8));
			size_t from = v->member[p];
			memcpy(db->data + p * rb, from == first ? tmp : db->data + from * rb, rb);
			if (from == first)
				break;
			p = from;
		}
	}
	free(tmp);
	free(done);
	v->sorted = true;
}

/* A search: queries meet the rows of a list in tiles. */
struct ivf_search {
	struct ivf *v;
	float *best;		/* per query (corpus: per row) k similarities */
	uint32_t *ids;		/* and their rows, or NULL */
	size_t k;
	/* Corpus: the queries are the reference rows, each with its np lists. */
	const uint32_t *lists;
	size_t np;
	float *thr;		/* TBLOCK thresholds of the tile's columns */
};

static bool probes(const struct ivf_search *s, uint32_t row, uint32_t list)
{
	const uint32_t *l = s->lists + (size_t)row * s->np;
	for (size_t i = 0; i < s->np; i++)
		if (l[i] == list)
			return true;
	return false;
}

static void offer(const struct ivf_search *s, uint32_t query, float x, uint32_t row)
{
	size_t k = s->k;
	if (s->ids)
		insert_id(s->best + (size_t)query * k, s->ids + (size_t)query * k, k, x, row);
	else
		insert(s->best + (size_t)query * k, k, x);
}

/* The tile of queries q[0..nq) against the list's rows m[0..nm). Each query
 * takes its neighbours from the tile; in the corpus, each row of the list
 * also takes the queries as its neighbours, unless it probes the query's own
 * list itself (where it meets the query as a query, so that no pair is
 * offered twice). */
static void ivf_tile(struct ivf_search *s, const float *sims, const uint32_t *q, size_t nq,
		     const uint32_t *m, size_t nm)
{
	size_t k = s->k;
	bool corpus = s->lists != NULL;
	/* Column thresholds may fall behind (a query can be a row of its own
	 * list): they only let more through to the exact test below. */
	if (corpus)
		for (size_t j = 0; j < nm; j++)
			s->thr[j] = s->best[(size_t)m[j] * k + k - 1];
	for (size_t i = 0; i < nq; i++) {
		const float *row = sims + i * nm;
		const float *b = s->best + (size_t)q[i] * k;
		uint32_t own = corpus ? s->lists[(size_t)q[i] * s->np] : 0;
		__m128 thr = _mm_set1_ps(b[k - 1]);
		size_t j = 0;
		for (; j < nm; j += 4) {
			int hit;
			if (j + 4 <= nm) {
				__m128 x = _mm_loadu_ps(row + j);
				__m128 over = _mm_cmpgt_ps(x, thr);
				if (corpus)
					over = _mm_or_ps(over, _mm_cmpgt_ps(x, _mm_loadu_ps(s->thr + j)));
				if (!(hit = _mm_movemask_ps(over)))
					continue;
			} else {
				hit = (1 << (nm - j)) - 1;
			}
			for (size_t c = j; hit; c++, hit >>= 1) {
				if (!(hit & 1) || (corpus && m[c] == q[i]))
					continue;
				if (row[c] > b[k - 1])
					offer(s, q[i], row[c], m[c]);
				if (!corpus)
					continue;
				const float *bm = s->best + (size_t)m[c] * k;
				if (row[c] > bm[k - 1] && !probes(s, m[c], own))
					offer(s, m[c], row[c], q[i]);
				s->thr[c] = bm[k - 1];
			}
			thr = _mm_set1_ps(b[k - 1]);
		}
	}
}

/* List l against the queries q[0..nq) (query rows from qsrc by index, or
 * from the unit rows qx of a block). */
static void ivf_scan(struct ivf_search *s, size_t l, const uint32_t *q, size_t nq,
		     const struct ds_vmat *qsrc, const float *qx)
{
	struct ivf *v = s->v;
	size_t d = v->dim;
	for (size_t m0 = v->start[l]; m0 < v->start[l + 1]; m0 += TBLOCK) {
		size_t nm = v->start[l + 1] - m0 < TBLOCK ? v->start[l + 1] - m0 : TBLOCK;
		const uint32_t *m = v->member + m0;
		const float *rows = v->mrows;
		if (v->sorted && v->db->store == DS_VS_F32)
			rows = (const float *)v->db->data + m0 * d;
		else if (v->sorted)
			ds_vmat_get_f32(v->db, m0, nm, v->mrows);
		else
			for (size_t j = 0; j < nm; j++)
				ds_vmat_get_f32(v->db, m[j], 1, v->mrows + j * d);
		for (size_t q0 = 0; q0 < nq; q0 += QBLOCK) {
			size_t n = nq - q0 < QBLOCK ? nq - q0 : QBLOCK;
			for (size_t i = 0; i < n; i++)
				if (qsrc)
					ds_vmat_get_f32(qsrc, q[q0 + i], 1, v->qrows + i * d);
				else
					memcpy(v->qrows + i * d, qx + (size_t)q[q0 + i] * d, d * sizeof *qx);
			cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)n, (int)nm, (int)d,
				    1.0f, v->qrows, (int)d, rows, (int)d, 0.0f, v->sims, (int)nm);
			ivf_tile(s, v->sims, q + q0, n, m, nm);
		}
	}
}

/* Queries grouped by the lists they probe: lists is nq x np; on return
 * start[l]..start[l+1] index the queries of list l in order. */
static void group_by_list(const uint32_t *lists, size_t nq, size_t np, size_t nlist,
			  size_t *start, uint32_t *order)
{
	memset(start, 0, (nlist + 1) * sizeof *start);
	for (size_t i = 0; i < nq * np; i++)
		start[lists[i] + 1]++;
	for (size_t l = 0; l < nlist; l++)
		start[l + 1] += start[l];
	for (size_t i = 0; i < nq; i++)
		for (size_t p = 0; p < np; p++)
			order[start[lists[i * np + p]]++] = (uint32_t)i;
	for (size_t l = nlist; l > 0; l--)
		start[l] = start[l - 1];
	start[0] = 0;
}

/* Exact search for the queries whose probed lists held fewer than k other
 * rows (a rare short list): the nq queries are rows of qsrc (the corpus,
 * itself excluded) or the unit rows qx. */
static void exact_short(const struct ivf *v, size_t nq, size_t k, float *best, uint32_t *ids,
			const struct ds_vmat *qsrc, const float *qx)
{
	const struct ds_vmat *db = v->db;
	struct engine e;
	bool ready = false;
	size_t d = db->dim, nshort = 0;
	uint32_t *which = NULL;
	float *q = NULL;
	struct knn knn = { NULL, NULL, k, SIZE_MAX, NULL };
	for (size_t i = 0; i <= nq; i++) {
		if (i < nq && best[i * k + k - 1] != -INFINITY)
			continue;
		if (i < nq && !ready) {
			engine_init(&e, db);
			which = ds_malloc(QBLOCK * sizeof *which);
			q = ds_malloc((size_t)QBLOCK * d * sizeof *q);
			knn.best = ds_malloc((size_t)QBLOCK * k * sizeof *knn.best);
			knn.ids = ids ? ds_malloc((size_t)QBLOCK * k * sizeof *knn.ids) : NULL;
			knn.self = qsrc ? which : NULL;
			ready = true;
		}
		if (i < nq) {
			which[nshort] = (uint32_t)i;
			if (qsrc)
				ds_vmat_get_f32(qsrc, i, 1, q + nshort * d);
			else
				memcpy(q + nshort * d, qx + i * d, d * sizeof *q);
			nshort++;
		}
		if (nshort && (nshort == QBLOCK || i == nq)) {
			knn_reset(&knn, nshort);
			products(&e, q, nshort, 0, knn_tile, &knn);
			for (size_t j = 0; j < nshort; j++) {
				memcpy(best + (size_t)which[j] * k, knn.best + j * k, k * sizeof *best);
				for (size_t t = 0; ids && t < k; t++) {
					uint32_t r = knn.ids[j * k + t];
					ids[(size_t)which[j] * k + t] = v->sorted ? v->member[r] : r;
				}
			}
			nshort = 0;
		}
	}
	if (ready) {
		engine_free(&e);
		free(which);
		free(q);
		free(knn.best);
		free(knn.ids);
	}
}

/* --approx over the corpus: the k best of each of its rows (n x k). */
static void ivf_corpus(const struct ds_vmat *all, size_t k, float *best, uint32_t *ids)
{
	struct ivf v;
	ivf_init(&v, all);
	size_t n = all->n, np = v.nprobe;
	uint32_t *lists = ds_malloc(n * np * sizeof *lists);
	ivf_build(&v, lists);
	size_t *qstart = ds_malloc((v.nlist + 1) * sizeof *qstart);
	uint32_t *order = ds_malloc(n * np * sizeof *order);
	group_by_list(lists, n, np, v.nlist, qstart, order);
	struct ivf_search s = { &v, best, ids, k, lists, np, ds_malloc(TBLOCK * sizeof(float)) };
	for (size_t l = 0; l < v.nlist; l++)
		ivf_scan(&s, l, order + qstart[l], qstart[l + 1] - qstart[l], all, NULL);
	free(s.thr);
	free(order);
	free(qstart);
	free(lists);
	exact_short(&v, n, k, best, ids, all, NULL);
	ivf_free(&v);
}

/* --approx --against: the k best in the reference set of the nq unit rows q
 * of a block (knn: nq x k). */
static void ivf_block(struct ivf *v, const float *q, size_t nq, struct knn *knn,
		      uint32_t *lists, size_t *qstart, uint32_t *order)
{
	size_t np = v->nprobe;
	nearest_lists(v, q, nq, np, lists, NULL);
	group_by_list(lists, nq, np, v->nlist, qstart, order);
	struct ivf_search s = { v, knn->best, knn->ids, knn->k, NULL, 0, NULL };
	for (size_t l = 0; l < v->nlist; l++)
		ivf_scan(&s, l, order + qstart[l], qstart[l + 1] - qstart[l], NULL, q);
	exact_short(v, nq, knn->k, knn->best, knn->ids, NULL, q);
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

/* The annotation; with --ids, ids are the neighbours' rows and number maps a
 * row to its record number (NULL: the row is the number). */
static void write_result(struct ds_buf *val, struct result r, const uint32_t *ids, size_t k,
			 const uint64_t *number)
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
	if (ids) {
		ds_jw_key(&jw, "ids");
		ds_jw_arr(&jw);
		for (size_t j = 0; j < k; j++)
			ds_jw_uint(&jw, number ? number[ids[j]] : ids[j]);
		ds_jw_end(&jw);
	}
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
	struct ivf ivf;
	uint32_t *lists = NULL, *order = NULL;
	size_t *qstart = NULL;
	size_t rows = QBLOCK;
	if (cfg.ids && ref.n >= NO_ROW)
		ds_die(DS_EXIT_LIMIT, "--ids numbers fewer than %u reference rows", NO_ROW);
	if (cfg.approx) {
		ivf_init(&ivf, &ref);
		ivf_build(&ivf, NULL);
		ivf_sort_rows(&ivf, &ref);
		rows = ABLOCK;
		lists = ds_malloc(rows * ivf.nprobe * sizeof *lists);
		order = ds_malloc(rows * ivf.nprobe * sizeof *order);
		qstart = ds_malloc((ivf.nlist + 1) * sizeof *qstart);
	} else {
		engine_init(&e, &ref);
	}
	size_t k = cfg.k < ref.n ? cfg.k : ref.n;
	struct knn knn = { ds_malloc(rows * k * sizeof(float)),
			   cfg.ids ? ds_malloc(rows * k * sizeof(uint32_t)) : NULL, k, SIZE_MAX, NULL };
	struct agg agg = { ds_malloc(rows * sizeof(double)), cfg.agg };
	struct block b;
	block_init(&b, rows, ref.dim);
	struct summary sum = { 0 };
	struct ds_buf reason = { 0 }, val = { 0 };
	struct ds_rec rec;
	bool more = true;
	while (more) {
		b.n = 0;
		ds_buf_reset(&b.lines);
		const double *v;
		while (b.n < rows && (more = (v = next_vector(src, &rec, &reason)) != NULL))
			block_add(&b, &rec, v, ref.dim);
		if (!b.n)
			break;
		if (cfg.agg) {
			for (size_t i = 0; i < b.n; i++)
				agg.v[i] = cfg.agg == AGG_MAX ? -INFINITY : 0;
			products(&e, b.q, b.n, 0, agg_tile, &agg);
		} else {
			knn_reset(&knn, b.n);
			if (cfg.approx)
				ivf_block(&ivf, b.q, b.n, &knn, lists, qstart, order);
			else
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
			write_result(&val, res, knn.ids ? knn.ids + i * k : NULL, k, NULL);
			ds_emit_annotated(&r, ds_opt.key, val.data, val.len);
		}
	}
	if (cfg.summary)
		summary_write(&sum, ds_count_in(), k);
	block_free(&b);
	free(knn.best);
	free(knn.ids);
	free(agg.v);
	ds_buf_free(&reason);
	ds_buf_free(&val);
	if (cfg.approx) {
		ivf_free(&ivf);
		free(lists);
		free(order);
		free(qstart);
	} else {
		engine_free(&e);
	}
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
	uint64_t *number = NULL;	/* --ids: each row's record number */
	size_t number_cap = 0;
	double *scratch = NULL;
	struct ds_buf reason = { 0 };
	struct ds_rec rec;
	const double *v;
	while ((v = next_vector(src, &rec, &reason))) {
		size_t d = ds_vecsrc_dim(src);
		if (!ready) {
			ds_vmat_init(&all, cfg.store, d,
				     vector_limit(d, cfg.k * (sizeof(float) + (cfg.ids ? 4 : 0)) + 1),
				     "the corpus vectors");
			scratch = ds_malloc(d * sizeof *scratch);
			ready = true;
		}
		push_unit(&all, v, scratch);
		if (cfg.ids) {
			if (all.n > number_cap) {
				number_cap = number_cap ? 2 * number_cap : 4096;
				number = ds_reallocarray(number, number_cap, sizeof *number);
			}
			number[all.n - 1] = rec.seq;
		}
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
	uint32_t *ids = NULL;
	if (ready && k) {
		uint64_t need = (uint64_t)n * (k * (sizeof *best + (cfg.ids ? sizeof *ids : 0))
					       + (cfg.ids ? sizeof *number : 0))
				+ all.n * all.row_bytes + (cfg.approx ? ivf_bytes(n, all.dim, true) : 0);
		if (cfg.ids && n >= NO_ROW)
			ds_die(DS_EXIT_LIMIT, "--ids numbers fewer than %u records with vectors", NO_ROW);
		if (ds_opt.memory && need > ds_opt.memory)
			ds_die(DS_EXIT_LIMIT, "the corpus vectors and their %zu best similarities%s need more than"
			       " the -m limit: raise -m, or use --store f16 or i8", k,
			       cfg.approx ? " and index" : "");
		struct knn all_best = { ds_malloc(n * k * sizeof *best),
					cfg.ids ? ds_malloc(n * k * sizeof *ids) : NULL, k, SIZE_MAX, NULL };
		knn_reset(&all_best, n);
		best = all_best.best;
		ids = all_best.ids;
		if (cfg.approx) {
			ivf_corpus(&all, k, best, ids);
		} else {
			float *thr = ds_malloc(TBLOCK * sizeof *thr);
			struct engine e;
			engine_init(&e, &all);
			float *q = ds_malloc((size_t)QBLOCK * all.dim * sizeof *q);
			for (size_t q0 = 0; q0 < n; q0 += QBLOCK) {
				size_t nq = n - q0 < QBLOCK ? n - q0 : QBLOCK;
				ds_vmat_get_f32(&all, q0, nq, q);
				struct knn knn = { best + q0 * k, ids ? ids + q0 * k : NULL, k, q0, NULL };
				struct knn_sym sym = { &knn, all_best, thr, q0 + nq };
				products(&e, q, nq, q0, knn_sym_tile, &sym);
			}
			free(q);
			free(thr);
			engine_free(&e);
		}
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
				write_result(&val, knn_result(best + idx * k, k), ids ? ids + idx * k : NULL, k, number);
				ds_emit_annotated(&rec, ds_opt.key, val.data, val.len);
				idx++;
			}
	} else {
		ds_spool_rewind(spool);
		while (ds_spool_get(spool, &rec, NULL, 0)) {
			write_result(&val, knn_result(best + idx * k, k), ids ? ids + idx * k : NULL, k, number);
			ds_emit_annotated(&rec, ds_opt.key, val.data, val.len);
			idx++;
		}
	}
	ds_spool_free(spool);
	free(has);
	free(best);
	free(ids);
	free(number);
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
	.common = DS_OPT_MEMORY | DS_OPT_JOBS | DS_OPT_SEED,
	.default_key = "knn_div",
	.options = options,
	.handle = handle,
	.help_tail =
		"Annotation: {\"d1\":..,\"dk\":..,\"mean\":..}, cosine distances (1 - cos) to the\n"
		"nearest, the k-th nearest, and their mean; --ids adds \"ids\":[..]. -j sets the\n"
		"BLAS threads. --approx compares each record with the rows of --nprobe of\n"
		"--nlist k-means lists instead of every row (recall in ds-knn-div(1)).\n",
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
	if (cfg.ids && (cfg.summary || cfg.agg || cfg.select))
		ds_usage_error("--ids adds the neighbours to each record's kNN annotation:"
			       " not with --summary, --agg or --select");
	if (cfg.approx && (cfg.agg || cfg.select))
		ds_usage_error("--approx finds nearest neighbours: not with --agg or --select"
			       " (they compare each record with the whole set)");
	if ((cfg.nlist || cfg.nprobe) && !cfg.approx)
		ds_usage_error("--nlist and --nprobe apply to --approx");
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
