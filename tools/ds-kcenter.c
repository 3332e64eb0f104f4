/* ds-kcenter: a coreset of k records by k-center greedy (google/active-learning's
 * kCenterGreedy) or by herding (ds-kcenter(1)). */
#include <emmintrin.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hash.h"
#include "json.h"
#include "opts.h"
#include "run.h"
#include "spool.h"
#include "util.h"
#include "vectors.h"

enum method { KCENTER, HERDING };
enum metric { EUCLIDEAN, COSINE };

static struct {
	const char *vec_expr, *vectors;
	size_t dim;
	uint64_t k;
	int method, metric;
	bool first_random, annotate;
	int store;
} cfg = { .store = DS_VS_F32 };

enum { OPT_VEC, OPT_VECTORS, OPT_DIM, OPT_K, OPT_METHOD, OPT_METRIC, OPT_FIRST, OPT_ANNOTATE,
       OPT_STORE };

static const struct ds_option options[] = {
	{ "vec", 0, "EXPR", OPT_VEC, "jq expression giving each record's vector (an array of numbers)" },
	{ "vectors", 0, "FILE", OPT_VECTORS, "vectors from FILE, a row per input line (.npy, or raw float32 with --dim)" },
	{ "dim", 0, "D", OPT_DIM, "vector length (needed for a raw float32 --vectors file)" },
	{ "centers", 'k', "N", OPT_K, "how many records to select (required)" },
	{ "method", 0, "NAME", OPT_METHOD, "kcenter (k-center greedy, the default) or herding" },
	{ "metric", 0, "NAME", OPT_METRIC, "euclidean (default) or cosine" },
	{ "first", 0, "HOW", OPT_FIRST, "kcenter's first center: first (the first record, the default) or random (by --seed)" },
	{ "annotate", 0, NULL, OPT_ANNOTATE, "write the picks in pick order with \"kcenter\":{\"rank\",\"dist\"}" },
	{ "store", 0, "TYPE", OPT_STORE, "keep vectors as f32 (default), f64, f16 or i8 (with a scale per row)" },
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
		if (ds_parse_u64(arg, &u) || u < 1)
			ds_usage_error("--centers: '%s' is not a positive whole number", arg);
		cfg.k = u;
		break;
	case OPT_METHOD:
		if (!strcmp(arg, "kcenter"))
			cfg.method = KCENTER;
		else if (!strcmp(arg, "herding"))
			cfg.method = HERDING;
		else
			ds_usage_error("--method: '%s' is not kcenter or herding", arg);
		break;
	case OPT_METRIC:
		if (!strcmp(arg, "euclidean"))
			cfg.metric = EUCLIDEAN;
		else if (!strcmp(arg, "cosine"))
			cfg.metric = COSINE;
		else
			ds_usage_error("--metric: '%s' is not euclidean or cosine", arg);
		break;
	case OPT_FIRST:
		if (!strcmp(arg, "first"))
			cfg.first_random = false;
		else if (!strcmp(arg, "random"))
			cfg.first_random = true;
		else
			ds_usage_error("--first: '%s' is not first or random", arg);
		break;
	case OPT_ANNOTATE:
		cfg.annotate = true;
		break;
	case OPT_STORE:
		if ((cfg.store = ds_vstore_parse(arg)) < 0)
			ds_usage_error("--store: '%s' is not f32, f64, f16 or i8", arg);
		break;
	}
}

/* --- distances in double precision, whatever the storage --------------------------- */

static float half_table[65536];

static void init_half_table(void)
{
	for (uint32_t h = 0; h < 65536; h++)
		half_table[h] = ds_half_to_float((uint16_t)h);
}

/* Squared Euclidean distance of row i to c, summed in eight lanes (j mod 8,
 * four SSE2 registers) that are added in a fixed order at the end: enough
 * independent additions to hide their latency, and the same bits on every
 * machine. */
static double sqdist(const struct ds_vmat *m, size_t i, const double *c)
{
	size_t d = m->dim, j = 0;
	const unsigned char *row = m->data + i * m->row_bytes;
	__m128d a0 = _mm_setzero_pd(), a1 = a0, a2 = a0, a3 = a0;
	if (m->store == DS_VS_F64) {
		const double *x = (const double *)row;
		for (; j + 8 <= d; j += 8) {
			__m128d t0 = _mm_sub_pd(_mm_loadu_pd(x + j), _mm_loadu_pd(c + j));
			__m128d t1 = _mm_sub_pd(_mm_loadu_pd(x + j + 2), _mm_loadu_pd(c + j + 2));
			__m128d t2 = _mm_sub_pd(_mm_loadu_pd(x + j + 4), _mm_loadu_pd(c + j + 4));
			__m128d t3 = _mm_sub_pd(_mm_loadu_pd(x + j + 6), _mm_loadu_pd(c + j + 6));
			a0 = _mm_add_pd(a0, _mm_mul_pd(t0, t0));
			a1 = _mm_add_pd(a1, _mm_mul_pd(t1, t1));
			a2 = _mm_add_pd(a2, _mm_mul_pd(t2, t2));
			a3 = _mm_add_pd(a3, _mm_mul_pd(t3, t3));
		}
	} else if (m->store == DS_VS_F32) {
		const float *x = (const float *)row;
		for (; j + 8 <= d; j += 8) {
			__m128 lo = _mm_loadu_ps(x + j), hi = _mm_loadu_ps(x + j + 4);
			__m128d t0 = _mm_sub_pd(_mm_cvtps_pd(lo), _mm_loadu_pd(c + j));
			__m128d t1 = _mm_sub_pd(_mm_cvtps_pd(_mm_movehl_ps(lo, lo)), _mm_loadu_pd(c + j + 2));
			__m128d t2 = _mm_sub_pd(_mm_cvtps_pd(hi), _mm_loadu_pd(c + j + 4));
			__m128d t3 = _mm_sub_pd(_mm_cvtps_pd(_mm_movehl_ps(hi, hi)), _mm_loadu_pd(c + j + 6));
			a0 = _mm_add_pd(a0, _mm_mul_pd(t0, t0));
			a1 = _mm_add_pd(a1, _mm_mul_pd(t1, t1));
			a2 = _mm_add_pd(a2, _mm_mul_pd(t2, t2));
			a3 = _mm_add_pd(a3, _mm_mul_pd(t3, t3));
		}
	}
	double lanes[8];
	_mm_storeu_pd(lanes, a0);
	_mm_storeu_pd(lanes + 2, a1);
	_mm_storeu_pd(lanes + 4, a2);
	_mm_storeu_pd(lanes + 6, a3);
	double s = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
	for (; j < d; j++) {
		double x;
		switch (m->store) {
		case DS_VS_F64: x = ((const double *)row)[j]; break;
		case DS_VS_F32: x = ((const float *)row)[j]; break;
		case DS_VS_F16: x = half_table[((const uint16_t *)row)[j]]; break;
		default: {
			float scale;
			memcpy(&scale, row, sizeof scale);
			x = (double)((float)((const signed char *)row)[sizeof scale + j] * scale);
		}
		}
		s += (x - c[j]) * (x - c[j]);
	}
	return s;
}

/* Run fn(arg, lo, hi) on -j threads over [0, n) in contiguous chunks; chunk t
 * is [n*t/jobs, n*(t+1)/jobs), so results merged in chunk order are the same
 * for any -j. */
struct chunk {
	void (*fn)(void *arg, size_t lo, size_t hi, int t);
	void *arg;
	size_t lo, hi;
	int t;
};

static void *chunk_main(void *p)
{
	struct chunk *c = p;
	c->fn(c->arg, c->lo, c->hi, c->t);
	return NULL;
}

static void parallel(size_t n, void (*fn)(void *, size_t, size_t, int), void *arg)
{
	int jobs = ds_opt.jobs;
	if (jobs <= 1 || n < 4096) {
		fn(arg, 0, n, 0);
		return;
	}
	pthread_t th[256];
	struct chunk ch[256];
	for (int t = 0; t < jobs; t++) {
		ch[t] = (struct chunk){ fn, arg, n * (size_t)t / (size_t)jobs, n * (size_t)(t + 1) / (size_t)jobs, t };
		if (t > 0 && pthread_create(&th[t], NULL, chunk_main, &ch[t]))
			ds_die_errno(DS_EXIT_LIMIT, "cannot start a thread");
	}
	chunk_main(&ch[0]);
	for (int t = 1; t < jobs; t++)
		pthread_join(th[t], NULL);
}

/* --- k-center greedy ------------------------------------------------------------------ */

struct pick { size_t index; double dist; };

/* kCenterGreedy: each pick is the point farthest from its nearest center, ties
 * to the lowest index. Evaluated lazily: a point's distance to its nearest
 * center only falls as centers are added, so a stale value is an upper bound.
 * A max-heap holds the points by (stale distance, then lowest index); the top
 * is brought up to date with the centers added since it was last, and picked
 * when it is still on top. The distances are the same numbers an eager pass
 * would compute (a minimum over the same pairs), so are the picks, and most
 * pairs are never computed. */
struct entry { double dist; uint32_t i; };

static bool above(struct entry a, struct entry b)
{
	return a.dist > b.dist || (a.dist == b.dist && a.i < b.i);
}

static void sift_down(struct entry *h, size_t n, size_t at)
{
	struct entry e = h[at];
	for (;;) {
		size_t c = 2 * at + 1;
		if (c >= n)
			break;
		if (c + 1 < n && above(h[c + 1], h[c]))
			c++;
		if (!above(h[c], e))
			break;
		h[at] = h[c];
		at = c;
	}
	h[at] = e;
}

/* Distances to the first center, on -j threads. */
struct first_pass {
	const struct ds_vmat *m;
	const double *c;
	struct entry *heap;
};

static void first_distances(void *arg, size_t lo, size_t hi, int t)
{
	(void)t;
	struct first_pass *f = arg;
	for (size_t i = lo; i < hi; i++)
		f->heap[i] = (struct entry){ sqrt(sqdist(f->m, i, f->c)), (uint32_t)i };
}

static size_t kcenter(const struct ds_vmat *m, size_t first, struct pick *picks, size_t k)
{
	size_t n = m->n, d = m->dim;
	double *centers = ds_malloc(k * d * sizeof *centers);
	uint32_t *applied = ds_malloc(n * sizeof *applied);	/* centers its distance reflects */
	struct entry *heap = ds_malloc(n * sizeof *heap);
	ds_vmat_get_f64(m, first, centers);
	picks[0] = (struct pick){ first, NAN };
	struct first_pass fp = { m, centers, heap };
	parallel(n, first_distances, &fp);
	for (size_t i = 0; i < n; i++)
		applied[i] = 1;
	for (size_t at = n / 2; at-- > 0;)
		sift_down(heap, n, at);
	size_t npicks = 1;
	while (npicks < k) {
		struct entry top = heap[0];
		uint32_t i = top.i;
		if (applied[i] < npicks) {
			for (size_t r = applied[i]; r < npicks; r++) {
				double dist = sqrt(sqdist(m, i, centers + r * d));
				if (dist < top.dist)
					top.dist = dist;
			}
			applied[i] = (uint32_t)npicks;
			heap[0] = top;
			sift_down(heap, n, 0);
			continue;
		}
		if (top.dist <= 0)
			break;	/* every point is a center or a copy of one */
		ds_vmat_get_f64(m, i, centers + npicks * d);
		picks[npicks++] = (struct pick){ i, top.dist };
		heap[0].dist = 0;	/* a center is at distance 0 from itself */
		applied[i] = (uint32_t)npicks;
		sift_down(heap, n, 0);
	}
	free(centers);
	free(applied);
	free(heap);
	return npicks;
}

/* g_i += x_i . x_p, as (|x_i|^2 + |x_p|^2 - |x_i - x_p|^2) / 2 through the
 * one distance kernel. */
struct herd {
	const struct ds_vmat *m;
	double *g;
	const double *sq, *x;
	double xsq;
};

static void herd_update(void *arg, size_t lo, size_t hi, int t)
{
	(void)t;
	struct herd *h = arg;
	for (size_t i = lo; i < hi; i++)
		h->g[i] += (h->sq[i] + h->xsq - sqdist(h->m, i, h->x)) / 2;
}

/* Herding (Welling 2009; Chen et al. 2010) with the linear kernel, as in
 * DeepCore: the t-th pick (t = 1, 2, ...) is the unpicked point nearest to
 * w = t * mean - (sum of the picks so far), ties to the lowest index. With
 * g_i = x_i . (sum of picks) and m_i = x_i . mean kept per point,
 * |w - x_i|^2 = |w|^2 + |x_i|^2 - 2 (t m_i - g_i), so a step costs one pass. */
static size_t herding(const struct ds_vmat *m, struct pick *picks, size_t k)
{
	size_t n = m->n, d = m->dim;
	double *mean = ds_calloc(d, sizeof *mean), *sum = ds_calloc(d, sizeof *sum);
	double *x = ds_malloc(d * sizeof *x), *w = ds_malloc(d * sizeof *w);
	double *mdot = ds_malloc(n * sizeof *mdot), *g = ds_calloc(n, sizeof *g);
	double *sq = ds_malloc(n * sizeof *sq);
	unsigned char *taken = ds_calloc(n, 1);
	for (size_t i = 0; i < n; i++) {
		ds_vmat_get_f64(m, i, x);
		for (size_t j = 0; j < d; j++)
			mean[j] += x[j];
	}
	for (size_t j = 0; j < d; j++)
		mean[j] /= (double)n;
	double *zero = ds_calloc(d, sizeof *zero);
	for (size_t i = 0; i < n; i++) {
		ds_vmat_get_f64(m, i, x);
		double dot = 0;
		for (size_t j = 0; j < d; j++)
			dot += x[j] * mean[j];
		mdot[i] = dot;
		sq[i] = sqdist(m, i, zero);
	}
	size_t npicks = 0;
	for (size_t t = 1; npicks < k && npicks < n; t++) {
		double best = INFINITY, wsq = 0;
		size_t best_i = 0;
		for (size_t j = 0; j < d; j++) {
			w[j] = (double)t * mean[j] - sum[j];
			wsq += w[j] * w[j];
		}
		for (size_t i = 0; i < n; i++) {
			if (taken[i])
				continue;
			double score = sq[i] - 2 * ((double)t * mdot[i] - g[i]);
			if (score < best) {
				best = score;
				best_i = i;
			}
		}
		taken[best_i] = 1;
		picks[npicks++] = (struct pick){ best_i, sqrt(fmax(0, wsq + best)) };
		ds_vmat_get_f64(m, best_i, x);
		for (size_t j = 0; j < d; j++)
			sum[j] += x[j];
		struct herd h = { m, g, sq, x, sq[best_i] };
		parallel(n, herd_update, &h);
	}
	free(mean);
	free(sum);
	free(x);
	free(w);
	free(mdot);
	free(g);
	free(sq);
	free(taken);
	free(zero);
	return npicks;
}

/* --- input and output ------------------------------------------------------------------ */

static const struct ds_tool tool = {
	.name = "ds-kcenter",
	.usage = "-k N [OPTION]... [FILE]...",
	.summary = "Select k records that cover the vector space: k-center greedy or herding.",
	.common = DS_OPT_MEMORY | DS_OPT_SEED | DS_OPT_JOBS,
	.default_key = "kcenter",
	.options = options,
	.handle = handle,
	.help_tail =
		"The selected lines are written unchanged in input order; with --annotate,\n"
		"in pick order with \"kcenter\":{\"rank\":R,\"dist\":D} (D: the pick's distance\n"
		"to its nearest earlier center; for herding, to the herding target).\n",
};

int main(int argc, char **argv)
{
	ds_parse_args(&tool, argc, argv);
	if (!cfg.k)
		ds_usage_error("give the number of records to select with -k N");
	if (cfg.first_random && cfg.method == HERDING)
		ds_usage_error("--first applies to --method kcenter (herding has no free first pick)");
	struct ds_vecsrc *src = ds_vecsrc_from_options(cfg.vec_expr, cfg.vectors, cfg.dim);
	init_half_table();
	ds_begin();

	/* First pass: every vector, a bit per input line that has one, and the
	 * record with the smallest random key for --first random. */
	struct ds_vmat all;
	bool ready = false, rewind = ds_input_rewindable();
	struct ds_spool *spool = rewind ? NULL : ds_spool_new();
	unsigned char *has = NULL;
	size_t has_cap = 0, first = 0;
	uint64_t first_key = UINT64_MAX;
	double *scratch = NULL;
	struct ds_buf reason = { 0 };
	struct ds_rec rec;
	while (ds_next(&rec)) {
		ds_buf_reset(&reason);
		const double *v = ds_vecsrc_get(src, &rec, &reason);
		if (!v) {
			ds_bad(&rec, ds_buf_cstr(&reason));
			continue;
		}
		size_t d = ds_vecsrc_dim(src);
		if (!ready) {
			/* Per record: its row, and at most 30 bytes of state (k-center:
			 * heap entry 16, applied 4, rank 4; herding: 3 doubles, a flag,
			 * rank 4), and a bit. */
			size_t row = ds_vstore_row_bytes(cfg.store, d);
			uint64_t limit = ds_opt.memory
				? (uint64_t)((double)ds_opt.memory * (double)row / (double)(row + 30)) : 0;
			ds_vmat_init(&all, cfg.store, d, limit, "the vectors");
			scratch = ds_malloc(d * sizeof *scratch);
			ready = true;
		}
		memcpy(scratch, v, d * sizeof *v);
		if (cfg.metric == COSINE)
			ds_l2_normalize(scratch, d);
		if (cfg.first_random) {
			uint64_t key = ds_record_key(ds_opt.seed, rec.line, rec.len);
			if (key < first_key) {
				first_key = key;
				first = all.n;
			}
		}
		ds_vmat_push(&all, scratch);
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
	ds_vecsrc_close(src);

	size_t n = ready ? all.n : 0;
	size_t k = cfg.k < n ? (size_t)cfg.k : n;
	struct pick *picks = ds_malloc((k ? k : 1) * sizeof *picks);
	size_t npicks = 0;
	if (k)
		npicks = cfg.method == KCENTER ? kcenter(&all, first, picks, k) : herding(&all, picks, k);
	if (npicks < cfg.k && n)
		ds_warn("%zu record%s selected, not %llu: %s", npicks, npicks == 1 ? "" : "s",
			(unsigned long long)cfg.k,
			npicks < n ? "the others are copies of those picked" : "the input has no more");
	int32_t *rank = ds_malloc((n ? n : 1) * sizeof *rank);
	for (size_t i = 0; i < n; i++)
		rank[i] = -1;
	for (size_t r = 0; r < npicks; r++)
		rank[picks[r].index] = (int32_t)r;

	/* Second pass: the picked records, kept aside for pick order if annotated. */
	struct ds_buf kept = { 0 }, val = { 0 };
	size_t *kept_off = cfg.annotate ? ds_malloc((npicks + 1) * sizeof *kept_off) : NULL;
	size_t *kept_len = cfg.annotate ? ds_malloc((npicks + 1) * sizeof *kept_len) : NULL;
	size_t idx = 0;
	if (rewind)
		ds_rewind();
	else
		ds_spool_rewind(spool);
	for (;;) {
		if (rewind) {
			if (!ds_next(&rec))
				break;
			if (rec.seq / 8 >= has_cap || !(has[rec.seq / 8] >> (rec.seq % 8) & 1))
				continue;
		} else if (!ds_spool_get(spool, &rec, NULL, 0)) {
			break;
		}
		int32_t r = rank[idx++];
		if (r < 0)
			continue;
		if (!cfg.annotate) {
			ds_emit(&rec);
			continue;
		}
		kept_off[r] = kept.len;
		kept_len[r] = rec.len;
		ds_buf_add(&kept, rec.line, rec.len);
	}
	for (size_t r = 0; cfg.annotate && r < npicks; r++) {
		struct ds_jw jw;
		ds_buf_reset(&val);
		ds_jw_init(&jw, &val);
		ds_jw_obj(&jw);
		ds_jw_key(&jw, "rank");
		ds_jw_uint(&jw, r);
		ds_jw_key(&jw, "dist");
		double dist = picks[r].dist;
		if (cfg.metric == COSINE && cfg.method == KCENTER)
			dist = dist * dist / 2;	/* on unit vectors: 1 - cos */
		ds_jw_double(&jw, dist);
		ds_jw_end(&jw);
		struct ds_rec out = { kept.data + kept_off[r], kept_len[r], NULL, 0, 0 };
		ds_emit_annotated(&out, ds_opt.key, val.data, val.len);
	}
	ds_spool_free(spool);
	ds_buf_free(&kept);
	ds_buf_free(&val);
	ds_buf_free(&reason);
	free(kept_off);
	free(kept_len);
	free(rank);
	free(picks);
	free(has);
	free(scratch);
	if (ready)
		ds_vmat_free(&all);
	return ds_end();
}
