/* ds-diversity: corpus-level diversity of the text's n-grams or of a field's
 * values (Shannon, Rényi, Simpson, distinct-n, #InsTag complexity and
 * coverage) and the Vendi score, mergeable across shards (ds-diversity(1)). */
#include <cblas.h>
#include <lapacke.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include "counter.h"
#include "bytes.h"
#include "expr.h"
#include "hash.h"
#include "json.h"
#include "numfmt.h"
#include "opts.h"
#include "output.h"
#include "run.h"
#include "statefile.h"
#include "text.h"
#include "tok.h"
#include "util.h"
#include "vectors.h"

#define MAX_ORDERS 8
#define MAX_ORDER 16
#define MAX_ALPHAS 16
/* Vendi features are rounded to multiples of 2^-QBITS so that the Gram sums
 * are exact integers, hence the same for any order of records, -j and
 * sharding. Unit vectors have |x| <= 1; a hashed n-gram bucket may exceed 1
 * where features collide, so it keeps more headroom. */
#define QBITS_VEC 24
#define QBITS_NGRAM 23
#define EXACT_LIMIT 16384	/* --exact: records (the n x n kernel takes 8 n^2 bytes) */
#define FOF_SMALL 4096		/* frequencies below this are histogrammed, not sorted */
#define PREFETCH 8		/* keys ahead */

typedef __int128 i128;

/* What the entropy figures are counted over (the state file's mode). */
enum mode { MODE_NGRAMS, MODE_VALUES, MODE_NONE };

static struct {
	unsigned orders[MAX_ORDERS];
	size_t norders;
	double alphas[MAX_ALPHAS];
	size_t nalphas;
	int mode;		/* enum mode */
	const char *values;	/* --values EXPR */
	bool per_record;
	bool vendi;		/* the n-gram Vendi score */
	const char *vec_expr, *vec_path;
	size_t vec_dim;
	double q;
	size_t hash_dim;
	bool exact;
	const char *state_out;
	bool merge;
} cfg = { .q = 1, .hash_dim = 1024 };

enum { OPT_NGRAMS, OPT_ALPHA, OPT_VALUES, OPT_PER_RECORD, OPT_VENDI, OPT_VEC, OPT_VECTORS,
       OPT_DIM, OPT_Q, OPT_HASH_DIM, OPT_EXACT, OPT_STATE_OUT, OPT_MERGE };

static const struct ds_option options[] = {
	{ "ngrams", 'n', "LIST", OPT_NGRAMS, "n-gram orders, comma-separated (default 1,2)" },
	{ "alpha", 0, "LIST", OPT_ALPHA, "orders of the Rényi entropies, numbers >= 0 or inf (default 2,inf)" },
	{ "values", 0, "EXPR", OPT_VALUES, "the figures over the values EXPR gives (.category, .tags[]) instead of n-grams" },
	{ "per-record", 0, NULL, OPT_PER_RECORD, "annotate each record with its own n-gram entropy and distinct-n" },
	{ "vendi", 0, NULL, OPT_VENDI, "the Vendi score of the n-gram kernel of vendi-score's ngram_vendi_score" },
	{ "vec", 0, "EXPR", OPT_VEC, "the Vendi score of the cosine kernel over the vectors EXPR gives" },
	{ "vectors", 0, "FILE", OPT_VECTORS, "the same over the rows of FILE (.npy, or raw float32 with --dim)" },
	{ "dim", 0, "D", OPT_DIM, "numbers per row of a raw --vectors file" },
	{ "q", 0, "Q", OPT_Q, "order of the Vendi score's entropy, a number >= 0 or inf (default 1)" },
	{ "hash-dim", 0, "D", OPT_HASH_DIM, "dimensions the n-gram Vendi features are hashed into (default 1024)" },
	{ "exact", 0, NULL, OPT_EXACT, "the Vendi score from the exact n x n kernel (at most 16384 records)" },
	{ "state-out", 0, "FILE", OPT_STATE_OUT, "also write the counts to FILE, for --merge" },
	{ "merge", 0, NULL, OPT_MERGE, "the operands are --state-out files: report on their sum" },
	{ NULL, 0, NULL, 0, NULL }
};

/* "inf" or a number >= 0. */
static int parse_order(const char *s, double *out)
{
	if (!strcmp(s, "inf")) {
		*out = INFINITY;
		return 0;
	}
	return ds_parse_double(s, out) || !(*out >= 0) || isinf(*out) ? -1 : 0;
}

static void parse_orders(const char *arg)
{
	cfg.norders = 0;
	char *list = ds_strdup(arg), *save = NULL;
	for (char *s = strtok_r(list, ",", &save); s; s = strtok_r(NULL, ",", &save)) {
		uint64_t n;
		if (ds_parse_u64(s, &n) || n < 1 || n > MAX_ORDER)
			ds_usage_error("--ngrams: '%s' is not an order from 1 to %d", s, MAX_ORDER);
		for (size_t i = 0; i < cfg.norders; i++)
			if (cfg.orders[i] == n)
				ds_usage_error("--ngrams: order %s is given twice", s);
		if (cfg.norders == MAX_ORDERS)
			ds_usage_error("--ngrams: at most %d orders", MAX_ORDERS);
		cfg.orders[cfg.norders++] = (unsigned)n;
	}
	free(list);
	if (!cfg.norders)
		ds_usage_error("--ngrams: no order given");
}

static void parse_alphas(const char *arg)
{
	cfg.nalphas = 0;
	char *list = ds_strdup(arg), *save = NULL;
	for (char *s = strtok_r(list, ",", &save); s; s = strtok_r(NULL, ",", &save)) {
		if (cfg.nalphas == MAX_ALPHAS)
			ds_usage_error("--alpha: at most %d orders", MAX_ALPHAS);
		if (parse_order(s, &cfg.alphas[cfg.nalphas++]))
			ds_usage_error("--alpha: '%s' is not a number >= 0 or inf", s);
	}
	free(list);
}

static void handle(int id, const char *arg)
{
	uint64_t u;
	switch (id) {
	case OPT_NGRAMS:
		parse_orders(arg);
		break;
	case OPT_ALPHA:
		parse_alphas(arg);
		break;
	case OPT_VALUES:
		cfg.values = arg;
		break;
	case OPT_PER_RECORD:
		cfg.per_record = true;
		break;
	case OPT_VENDI:
		cfg.vendi = true;
		break;
	case OPT_VEC:
		cfg.vec_expr = arg;
		break;
	case OPT_VECTORS:
		cfg.vec_path = arg;
		break;
	case OPT_DIM:
		if (ds_parse_u64(arg, &u) || u < 1 || u > 65536)
			ds_usage_error("--dim: '%s' is not a whole number from 1 to 65536", arg);
		cfg.vec_dim = (size_t)u;
		break;
	case OPT_Q:
		if (parse_order(arg, &cfg.q))
			ds_usage_error("--q: '%s' is not a number >= 0 or inf", arg);
		break;
	case OPT_HASH_DIM:
		if (ds_parse_u64(arg, &u) || u < 1 || u > 16384)
			ds_usage_error("--hash-dim: '%s' is not a whole number from 1 to 16384", arg);
		cfg.hash_dim = (size_t)u;
		break;
	case OPT_EXACT:
		cfg.exact = true;
		break;
	case OPT_STATE_OUT:
		cfg.state_out = arg;
		break;
	case OPT_MERGE:
		cfg.merge = true;
		break;
	}
}

/* --- the Gram matrix of the Vendi features ------------------------------------
 *
 * For explicit features the non-zero eigenvalues of K/n = X Xᵀ/n are those of
 * Xᵀ X/n, a d x d matrix summed row by row in one pass. Its upper triangle is
 * packed row-major. A row's features are rounded to integers q = x * 2^qbits;
 * the products are summed in doubles, exact while the batch's bound stays
 * under 2^53, then moved into 128-bit integers. */

struct gram {
	size_t dim, cells;
	int qbits;
	size_t *row_at;		/* cell of (a, a) */
	double *batch;
	double bound;		/* bound on |cell| in the batch */
	i128 *sum;
	uint64_t rows;
};

#define EXACT_DOUBLE 9007199254740992.0	/* 2^53 */

static size_t gram_bytes(size_t dim)
{
	return dim * (dim + 1) / 2 * (sizeof(double) + sizeof(i128));
}

static void gram_init(struct gram *g, size_t dim, int qbits)
{
	g->dim = dim;
	g->qbits = qbits;
	g->cells = dim * (dim + 1) / 2;
	g->row_at = ds_reallocarray(NULL, dim, sizeof *g->row_at);
	for (size_t a = 0; a < dim; a++)
		g->row_at[a] = a * dim - a * (a - 1) / 2;
	g->batch = ds_calloc(g->cells, sizeof *g->batch);
	g->sum = ds_calloc(g->cells, sizeof *g->sum);
	g->bound = 0;
	g->rows = 0;
}

static void gram_free(struct gram *g)
{
	free(g->row_at);
	free(g->batch);
	free(g->sum);
	memset(g, 0, sizeof *g);
}

static void gram_flush(struct gram *g)
{
	if (g->bound == 0)
		return;
	for (size_t i = 0; i < g->cells; i++) {
		g->sum[i] += (i128)(int64_t)g->batch[i];
		g->batch[i] = 0;
	}
	g->bound = 0;
}

/* Add the outer product of one row: nnz integer-valued features val at
 * increasing indices idx (dense when idx is NULL), max |val| = top. */
static void gram_add(struct gram *g, const size_t *idx, const double *val, size_t nnz, double top)
{
	double bound = top * top;
	if (g->bound + bound > EXACT_DOUBLE)
		gram_flush(g);
	g->bound += bound;
	g->rows++;
	if (!idx) {
		for (size_t a = 0; a < nnz; a++) {
			double va = val[a];
			if (va == 0)
				continue;
			double *cell = g->batch + g->row_at[a] - a;
			for (size_t b = a; b < nnz; b++)
				cell[b] += va * val[b];
		}
		return;
	}
	for (size_t k = 0; k < nnz; k++) {
		double vk = val[k];
		double *cell = g->batch + g->row_at[idx[k]] - idx[k];
		for (size_t l = k; l < nnz; l++)
			cell[idx[l]] += vk * val[l];
	}
}

static void gram_merge(struct gram *into, struct gram *from)
{
	gram_flush(from);
	for (size_t i = 0; i < into->cells; i++)
		into->sum[i] += from->sum[i];
	into->rows += from->rows;
}

/* Vendi's entropy_q of eigenvalues w[0..n) (positive ones only). */
static double entropy_q(const double *w, size_t n, double q)
{
	double s = 0, top = 0;
	for (size_t i = 0; i < n; i++) {
		if (!(w[i] > 0))
			continue;
		if (w[i] > top)
			top = w[i];
		if (q == 1)
			s -= w[i] * log(w[i]);
		else if (!isinf(q))
			s += pow(w[i], q);
	}
	if (q == 1)
		return s;
	if (isinf(q))
		return log(1 / top);
	return log(s) / (1 - q);
}

/* exp(H_q) of the eigenvalues of the symmetric n x n matrix m (row-major,
 * upper triangle used; destroyed). Its upper triangle row-major is the lower
 * one column-major, which LAPACK takes without a transposed copy. */
static double vendi_of(double *m, size_t n, double q)
{
	if (n == 0)
		return NAN;
	double *w = ds_reallocarray(NULL, n, sizeof *w);
	lapack_int info = LAPACKE_dsyevd(LAPACK_COL_MAJOR, 'N', 'L', (lapack_int)n, m,
					 (lapack_int)n, w);
	if (info != 0)
		ds_die(DS_EXIT_DATA, "the eigenvalues did not converge (LAPACK dsyevd info %d)", (int)info);
	double v = exp(entropy_q(w, n, q));
	free(w);
	return v;
}

static double gram_vendi(struct gram *g, double q)
{
	gram_flush(g);
	if (!g->rows)
		return NAN;
	size_t d = g->dim;
	double *m = ds_calloc(d * d, sizeof *m);
	double scale = ldexp(1, -2 * g->qbits) / (double)g->rows;
	for (size_t a = 0; a < d; a++)
		for (size_t b = a; b < d; b++)
			m[a * d + b] = (double)g->sum[g->row_at[a] + b - a] * scale;
	double v = vendi_of(m, d, q);
	free(m);
	return v;
}

/* --- exact kernels (--exact): the rows kept, K built n x n ------------------- */

struct exact {
	size_t n;
	size_t *start;		/* n+1 offsets into key/val */
	uint64_t *key;		/* n-gram features: key and weight */
	double *val;
	size_t len, cap;
	size_t dim;		/* dense rows (vectors): n x dim in val */
};

static uint64_t exact_bytes(const struct exact *e, size_t more)
{
	uint64_t n = e->n + 1;
	return (uint64_t)(e->len + more) * 16 + n * 8 + n * n * 8;
}

static void exact_row(struct exact *e, const uint64_t *key, const double *val, size_t nnz)
{
	if (e->n == EXACT_LIMIT)
		ds_die(DS_EXIT_LIMIT, "--exact: more than %d records; drop --exact to use the "
		       "hashed features (see MEMORY in ds-diversity(1)), or sample the input", EXACT_LIMIT);
	if (ds_opt.memory && exact_bytes(e, nnz) > ds_opt.memory)
		ds_die(DS_EXIT_LIMIT, "--exact: the kernel of %zu records needs more than -m allows; "
		       "raise -m, or drop --exact", e->n + 1);
	if (e->len + nnz > e->cap) {
		e->cap = (e->len + nnz) * 2;
		if (key)
			e->key = ds_reallocarray(e->key, e->cap, sizeof *e->key);
		e->val = ds_reallocarray(e->val, e->cap, sizeof *e->val);
	}
	if (e->n % 1024 == 0)
		e->start = ds_reallocarray(e->start, e->n + 1025, sizeof *e->start);
	e->start[e->n] = e->len;
	if (nnz) {
		if (key)
			memcpy(e->key + e->len, key, nnz * sizeof *key);
		memcpy(e->val + e->len, val, nnz * sizeof *val);
	}
	e->len += nnz;
	e->n++;
	e->start[e->n] = e->len;
}

static double exact_vendi(struct exact *e, double q)
{
	size_t n = e->n;
	if (!n)
		return NAN;
	double *k = ds_calloc(n * n, sizeof *k);
	if (e->key) {
		/* Dense ids for the feature keys, then each row scattered once and
		 * dotted with every earlier row. */
		struct ds_counter ids;
		ds_counter_init(&ids);
		uint32_t *id = ds_reallocarray(NULL, e->len ? e->len : 1, sizeof *id);
		for (size_t i = 0; i < e->len; i++)
			id[i] = ds_counter_add(&ids, e->key[i]);
		double *dense = ds_calloc(ids.ntypes ? ids.ntypes : 1, sizeof *dense);
		for (size_t i = 0; i < n; i++) {
			for (size_t t = e->start[i]; t < e->start[i + 1]; t++)
				dense[id[t]] = e->val[t];
			for (size_t j = 0; j <= i; j++) {
				double dot = 0;
				for (size_t t = e->start[j]; t < e->start[j + 1]; t++)
					dot += e->val[t] * dense[id[t]];
				k[j * n + i] = dot / (double)n;
			}
			for (size_t t = e->start[i]; t < e->start[i + 1]; t++)
				dense[id[t]] = 0;
		}
		free(dense);
		free(id);
		ds_counter_free(&ids);
	} else {
		size_t d = e->dim;
		for (size_t i = 0; i < n; i++)
			for (size_t j = 0; j <= i; j++) {
				double dot = 0;
				for (size_t t = 0; t < d; t++)
					dot += e->val[i * d + t] * e->val[j * d + t];
				k[j * n + i] = dot / (double)n;
			}
	}
	double v = vendi_of(k, n, q);
	free(k);
	return v;
}

static void exact_free(struct exact *e)
{
	free(e->start);
	free(e->key);
	free(e->val);
	memset(e, 0, sizeof *e);
}

/* --- what is counted ---------------------------------------------------------- */

/* The counts of one shard, one thread, or all of them. */
struct acc {
	struct ds_counter counts[MAX_ORDERS];	/* per order; [0] in --values mode */
	uint64_t records;
	struct gram ngram, vec;
	struct exact ngram_exact, vec_exact;
};

static size_t ntables(void)
{
	return cfg.mode == MODE_VALUES ? 1 : cfg.mode == MODE_NGRAMS ? cfg.norders : 0;
}

static void acc_init(struct acc *a)
{
	memset(a, 0, sizeof *a);
	for (size_t o = 0; o < ntables(); o++)
		ds_counter_init(&a->counts[o]);
	if (cfg.vendi && !cfg.exact)
		gram_init(&a->ngram, cfg.hash_dim, QBITS_NGRAM);
}

static void acc_free(struct acc *a)
{
	for (size_t o = 0; o < ntables(); o++)
		ds_counter_free(&a->counts[o]);
	gram_free(&a->ngram);
	gram_free(&a->vec);
	exact_free(&a->ngram_exact);
	exact_free(&a->vec_exact);
}

/* Bytes a table of this capacity takes (counter.h: 8-byte key and 4-byte
 * slot per slot, 4-byte slot and 8-byte count per id at half load). */
static uint64_t table_bytes(size_t cap)
{
	return (uint64_t)cap * 18;
}

/* The memory limit of one accumulator: threads share -m, and their tables
 * are added into one at the end. */
static uint64_t acc_limit(void)
{
	if (!ds_opt.memory)
		return 0;
	return ds_opt.jobs > 1 ? ds_opt.memory / (uint64_t)(ds_opt.jobs + 1) : ds_opt.memory;
}

/* Stop with status 4 before adding more[o] new types to each table would
 * take the tables past -m (a growing table briefly holds both sizes). */
static void check_memory(const struct acc *a, const size_t *more)
{
	uint64_t limit = acc_limit();
	if (!limit)
		return;
	uint64_t bytes = 2 * gram_bytes(a->ngram.dim) + 2 * gram_bytes(a->vec.dim);
	for (size_t o = 0; o < ntables(); o++) {
		const struct ds_counter *c = &a->counts[o];
		size_t cap = c->mask + 1, grown = cap;
		while (c->ntypes + more[o] > grown / 2)
			grown *= 2;
		bytes += table_bytes(grown) + (grown != cap ? table_bytes(cap) : 0);
	}
	if (bytes <= limit)
		return;
	uint64_t types = 0;
	for (size_t o = 0; o < ntables(); o++)
		types += a->counts[o].ntypes;
	const char *what = cfg.mode == MODE_VALUES ? "value" : "n-gram";
	ds_die(DS_EXIT_LIMIT, "the %s counts would pass %s at %llu distinct %ss (36 to 72 bytes "
	       "each): raise -m%s%s", what, ds_opt.jobs > 1 ? "the threads' share of -m" : "-m",
	       (unsigned long long)types, what,
	       cfg.mode == MODE_NGRAMS ? ", count fewer --ngrams orders" : "",
	       ds_opt.jobs > 1 ? ", or use fewer -j threads (each counts apart)" : "");
}

static void acc_merge(struct acc *into, struct acc *from)
{
	size_t more[MAX_ORDERS] = { 0 };
	for (size_t o = 0; o < ntables(); o++)
		more[o] = from->counts[o].ntypes;
	check_memory(into, more);
	for (size_t o = 0; o < ntables(); o++) {
		const struct ds_counter *c = &from->counts[o];
		for (size_t id = 0; id < c->ntypes; id++)
			ds_counter_addn(&into->counts[o], c->keys[c->slot_of[id]], c->count[id]);
	}
	into->records += from->records;
	if (into->ngram.dim)
		gram_merge(&into->ngram, &from->ngram);
	if (into->vec.dim && from->vec.dim)
		gram_merge(&into->vec, &from->vec);
}

/* --- one record ------------------------------------------------------------------ */

struct worker {
	struct acc acc;
	struct ds_textsel *sel;
	struct ds_buf text, reason, value;
	struct ds_tokens tok;
	uint64_t *hash;		/* per token */
	uint64_t *key;		/* per n-gram of one order */
	size_t cap_hash;
	struct ds_counter rec_counts[MAX_ORDERS];	/* this record's, for its Vendi features */
	struct ds_expr *values;
	struct ds_jvals jv;
	struct ds_vecsrc *vecs;
	/* a row of Vendi features: dense scratch, touched buckets, integers */
	double *row;
	unsigned char *in_row;	/* bucket listed in touched */
	size_t *touched, ntouched;
	double *qval;
	uint64_t *fkey;
	size_t cap_feat;
};

static struct acc total;	/* the whole input */
static pthread_mutex_t total_lock = PTHREAD_MUTEX_INITIALIZER;

/* The key of the n-gram of tokens h[0..n): its token hash for n = 1. */
static inline uint64_t ngram_key(const uint64_t *h, unsigned n)
{
	uint64_t x = h[0];
	if (n == 1)
		return x;
	for (unsigned k = 1; k < n; k++)
		x = ds_mix64(x) ^ h[k];
	return ds_mix64(x + n);
}

static void *worker_new(void *arg)
{
	(void)arg;
	struct worker *w = ds_calloc(1, sizeof *w);
	acc_init(&w->acc);
	if (cfg.values) {
		struct ds_buf err = { 0 };
		if (!(w->values = ds_expr_compile(cfg.values, &err)))
			ds_usage_error("--values: %s", ds_buf_cstr(&err));
		ds_buf_free(&err);
	} else if (cfg.mode == MODE_NGRAMS) {
		w->sel = ds_textsel_default();
	}
	for (size_t o = 0; o < cfg.norders; o++)
		ds_counter_init(&w->rec_counts[o]);
	if (cfg.vendi && !cfg.exact) {
		w->row = ds_calloc(cfg.hash_dim, sizeof *w->row);
		w->in_row = ds_calloc(cfg.hash_dim, 1);
	}
	return w;
}

static void worker_drop(struct worker *w)
{
	acc_free(&w->acc);
	if (w->sel)
		ds_textsel_free(w->sel);
	if (w->values)
		ds_expr_free(w->values);
	ds_jvals_free(&w->jv);
	ds_buf_free(&w->text);
	ds_buf_free(&w->reason);
	ds_buf_free(&w->value);
	ds_tokens_free(&w->tok);
	free(w->hash);
	free(w->key);
	for (size_t o = 0; o < cfg.norders; o++)
		ds_counter_free(&w->rec_counts[o]);
	free(w->row);
	free(w->in_row);
	free(w->touched);
	free(w->qval);
	free(w->fkey);
	free(w);
}

/* At the end of a thread: its counts go into the total. */
static void worker_free(void *p)
{
	struct worker *w = p;
	pthread_mutex_lock(&total_lock);
	acc_merge(&total, &w->acc);
	pthread_mutex_unlock(&total_lock);
	worker_drop(w);
}

static void reserve_features(struct worker *w, size_t n)
{
	if (n <= w->cap_feat)
		return;
	w->cap_feat = n * 2;
	w->touched = ds_reallocarray(w->touched, w->cap_feat, sizeof *w->touched);
	w->qval = ds_reallocarray(w->qval, w->cap_feat, sizeof *w->qval);
	w->fkey = ds_reallocarray(w->fkey, w->cap_feat, sizeof *w->fkey);
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return (x > y) - (x < y);
}

/* The record's n-gram Vendi features (ngram_vendi_score): per order, counts
 * scaled to unit L2 norm, times 1/sqrt(orders) so that the kernel is the mean
 * over orders. The key of a feature includes its order. Exact: kept as they
 * are; otherwise signed-hashed into --hash-dim buckets. */
static void vendi_features(struct worker *w)
{
	size_t nfeat = 0;
	for (size_t o = 0; o < cfg.norders; o++)
		nfeat += w->rec_counts[o].ntypes;
	reserve_features(w, nfeat);
	double per_order = 1 / sqrt((double)cfg.norders);
	size_t nf = 0;
	w->ntouched = 0;
	for (size_t o = 0; o < cfg.norders; o++) {
		const struct ds_counter *c = &w->rec_counts[o];
		double ss = 0;
		for (size_t id = 0; id < c->ntypes; id++)
			ss += (double)c->count[id] * (double)c->count[id];
		if (ss == 0)
			continue;
		double scale = per_order / sqrt(ss);
		uint64_t seed = 0x5bd1e995u * (o + 1);
		for (size_t id = 0; id < c->ntypes; id++) {
			uint64_t key = ds_mix64(c->keys[c->slot_of[id]] ^ seed);
			double x = (double)c->count[id] * scale;
			if (cfg.exact) {
				w->fkey[nf] = key;
				w->qval[nf++] = x;
				continue;
			}
			size_t b = (size_t)(((unsigned __int128)key * cfg.hash_dim) >> 64);
			if (!w->in_row[b]) {
				w->in_row[b] = 1;
				w->touched[w->ntouched++] = b;
			}
			w->row[b] += key & 1 ? -x : x;
		}
	}
	if (cfg.exact) {
		exact_row(&w->acc.ngram_exact, w->fkey, w->qval, nf);
		return;
	}
	if (w->ntouched > 1)
		qsort(w->touched, w->ntouched, sizeof *w->touched, cmp_size);
	double top = 0;
	for (size_t k = 0; k < w->ntouched; k++) {
		size_t b = w->touched[k];
		w->qval[k] = nearbyint(ldexp(w->row[b], QBITS_NGRAM));
		if (fabs(w->qval[k]) > top)
			top = fabs(w->qval[k]);
		w->row[b] = 0;
		w->in_row[b] = 0;
	}
	/* |bucket| <= sqrt(features in it): past 8 the products could not be
	 * summed exactly; only a tiny --hash-dim and aligned signs get there. */
	if (top > 0x1p26)
		ds_die(DS_EXIT_LIMIT, "a record's hashed Vendi feature is %g, too large to sum "
		       "exactly: use a larger --hash-dim", ldexp(top, -QBITS_NGRAM));
	gram_add(&w->acc.ngram, w->touched, w->qval, w->ntouched, top);
}

static int count_text(struct worker *w, const struct ds_rec *rec, struct ds_buf *reason)
{
	if (ds_textsel_get(w->sel, rec->line, rec->len, &w->text, reason))
		return -1;
	ds_tokenize(ds_opt.tokenizer, ds_opt.fold_case, w->text.data, w->text.len, &w->tok);
	size_t n = w->tok.n;
	if (n > w->cap_hash) {
		w->cap_hash = n * 2;
		w->hash = ds_reallocarray(w->hash, w->cap_hash, sizeof *w->hash);
		w->key = ds_reallocarray(w->key, w->cap_hash, sizeof *w->key);
	}
	for (size_t i = 0; i < n; i++)
		w->hash[i] = ds_hash64(ds_tok_at(&w->tok, i), w->tok.len[i], 0);
	size_t more[MAX_ORDERS] = { 0 };
	for (size_t o = 0; o < cfg.norders; o++)
		more[o] = n >= cfg.orders[o] ? n - cfg.orders[o] + 1 : 0;
	check_memory(&w->acc, more);
	for (size_t o = 0; o < cfg.norders; o++) {
		unsigned ord = cfg.orders[o];
		struct ds_counter *c = &w->acc.counts[o], *rc = &w->rec_counts[o];
		const uint64_t *key = w->hash;
		if (ord > 1) {
			for (size_t i = 0; i < more[o]; i++)
				w->key[i] = ngram_key(w->hash + i, ord);
			key = w->key;
		}
		/* The table is far larger than the cache: a key's slot is fetched
		 * a few keys ahead, so the misses overlap. */
		for (size_t i = 0; i < more[o]; i++) {
			if (i + PREFETCH < more[o]) {
				size_t slot = (size_t)key[i + PREFETCH] & c->mask;
				__builtin_prefetch(&c->slot_id[slot]);
				__builtin_prefetch(&c->keys[slot]);
			}
			ds_counter_add(c, key[i]);
		}
		if (cfg.vendi) {
			ds_counter_clear(rc);
			for (size_t i = 0; i < more[o]; i++)
				ds_counter_add(rc, key[i]);
		}
	}
	if (cfg.vendi)
		vendi_features(w);
	return 0;
}

static int count_values(struct worker *w, const struct ds_rec *rec, struct ds_buf *reason)
{
	ds_buf_reset(&w->reason);
	if (ds_expr_eval(w->values, rec->line, rec->len, &w->jv, &w->reason)) {
		ds_buf_printf(reason, "--values: %s", ds_buf_cstr(&w->reason));
		return -1;
	}
	size_t more = w->jv.n;
	check_memory(&w->acc, &more);
	for (size_t i = 0; i < w->jv.n; i++) {
		struct ds_jspan v = w->jv.v[i];
		enum ds_jtype t = ds_jtype(v);
		if (t == DS_J_MISSING || t == DS_J_NULL)
			continue;
		uint64_t key;
		if (t == DS_J_STRING) {
			ds_buf_reset(&w->value);
			ds_jstr_decode(v, &w->value);
			key = ds_hash64(w->value.data, w->value.len, 0);
		} else {
			key = ds_hash64(v.p, v.n, 1);
		}
		ds_counter_add(&w->acc.counts[0], key);
	}
	return 0;
}

/* The record's vector v, L2-normalised (cosine kernel), into the Gram matrix. */
static void count_vector(struct worker *w, const double *v)
{
	size_t d = ds_vecsrc_dim(w->vecs);
	reserve_features(w, d);
	if (!cfg.exact && !w->acc.vec.dim) {
		if (ds_opt.memory && 2 * gram_bytes(d) > ds_opt.memory)
			ds_die(DS_EXIT_LIMIT, "the %zu x %zu Gram matrix of the vectors needs %llu bytes, "
			       "more than -m allows: raise -m", d, d,
			       (unsigned long long)(2 * gram_bytes(d)));
		gram_init(&w->acc.vec, d, QBITS_VEC);
		gram_init(&total.vec, d, QBITS_VEC);
	}
	memcpy(w->qval, v, d * sizeof *v);
	ds_l2_normalize(w->qval, d);
	if (cfg.exact) {
		w->acc.vec_exact.dim = d;
		exact_row(&w->acc.vec_exact, NULL, w->qval, d);
		return;
	}
	double top = 0;
	for (size_t i = 0; i < d; i++) {
		w->qval[i] = nearbyint(ldexp(w->qval[i], QBITS_VEC));
		if (fabs(w->qval[i]) > top)
			top = fabs(w->qval[i]);
	}
	gram_add(&w->acc.vec, NULL, w->qval, d, top);
}

static int map(void *p, const struct ds_rec *rec, struct ds_buf *out, struct ds_buf *reason)
{
	(void)out;
	struct worker *w = p;
	/* Every part of the record is checked before any is counted. */
	const double *vec = NULL;
	if (w->vecs && !(vec = ds_vecsrc_get(w->vecs, rec, reason)))
		return -1;
	if (cfg.mode == MODE_VALUES && count_values(w, rec, reason))
		return -1;
	if (cfg.mode == MODE_NGRAMS && count_text(w, rec, reason))
		return -1;
	if (vec)
		count_vector(w, vec);
	w->acc.records++;
	return 0;
}

static void reduce(void *arg, const struct ds_rec *rec, const char *res, size_t n)
{
	(void)arg, (void)rec, (void)res, (void)n;
}

/* --- figures ------------------------------------------------------------------------ */

struct fof {
	uint64_t f, nf;		/* nf types occur f times */
};

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* The frequencies of frequencies in increasing f: every sum below runs in
 * this order, so the figures depend on the counts only, not on the order
 * types were first seen (threads, shards). */
static size_t freq_of_freq(const struct ds_counter *c, struct fof **out)
{
	uint64_t *small = ds_calloc(FOF_SMALL, sizeof *small);
	uint64_t *big = NULL;
	size_t nbig = 0, capbig = 0;
	for (size_t id = 0; id < c->ntypes; id++) {
		uint64_t f = c->count[id];
		if (f < FOF_SMALL) {
			small[f]++;
			continue;
		}
		if (nbig == capbig) {
			capbig = capbig ? capbig * 2 : 64;
			big = ds_reallocarray(big, capbig, sizeof *big);
		}
		big[nbig++] = f;
	}
	if (nbig)
		qsort(big, nbig, sizeof *big, cmp_u64);
	struct fof *v = ds_reallocarray(NULL, FOF_SMALL + nbig + 1, sizeof *v);
	size_t n = 0;
	for (uint64_t f = 1; f < FOF_SMALL; f++)
		if (small[f])
			v[n++] = (struct fof){ f, small[f] };
	for (size_t i = 0; i < nbig; i++) {
		if (n && v[n - 1].f == big[i])
			v[n - 1].nf++;
		else
			v[n++] = (struct fof){ big[i], 1 };
	}
	free(small);
	free(big);
	*out = v;
	return n;
}

/* Rényi of order alpha over the frequencies (alpha 1: Shannon). */
static double renyi(const struct fof *v, size_t n, double N, double alpha)
{
	if (N == 0)
		return NAN;
	if (isinf(alpha))
		return log(N / (double)v[n - 1].f);
	double s = 0;
	for (size_t i = 0; i < n; i++) {
		double p = (double)v[i].f / N, nf = (double)v[i].nf;
		if (alpha == 1)
			s -= nf * p * log(p);
		else
			s += nf * pow(p, alpha);
	}
	/* + 0.0: a single type gives 0, not -0. */
	return (alpha == 1 ? s : log(s) / (1 - alpha)) + 0.0;
}

/* The alpha as a key: "2", "0.5", "inf". */
static const char *alpha_key(double alpha, char *buf)
{
	if (isinf(alpha))
		return "inf";
	size_t n = ds_fmt_double(buf, alpha);
	if (n > 2 && !strcmp(buf + n - 2, ".0"))
		buf[n - 2] = '\0';
	return buf;
}

static void write_figures(struct ds_jw *jw, const struct ds_counter *c, const char *n_name)
{
	struct fof *v;
	size_t n = freq_of_freq(c, &v);
	double N = (double)c->total, T = (double)c->ntypes;
	double simpson = 0, pairs = 0;
	for (size_t i = 0; i < n; i++) {
		double f = (double)v[i].f, nf = (double)v[i].nf;
		simpson += nf * (f / N) * (f / N);
		pairs += nf * f * (f - 1);
	}
	if (N == 0)
		simpson = NAN;
	double shannon = renyi(v, n, N, 1);
	ds_jw_key(jw, n_name);
	ds_jw_uint(jw, c->total);
	ds_jw_key(jw, "n_types");
	ds_jw_uint(jw, c->ntypes);
	ds_jw_key(jw, "shannon");
	ds_jw_double(jw, shannon);
	ds_jw_key(jw, "shannon_bits");
	ds_jw_double(jw, shannon / log(2));
	ds_jw_key(jw, "renyi");
	ds_jw_obj(jw);
	for (size_t a = 0; a < cfg.nalphas; a++) {
		char buf[DS_NUM_MAX];
		ds_jw_key(jw, alpha_key(cfg.alphas[a], buf));
		ds_jw_double(jw, renyi(v, n, N, cfg.alphas[a]));
	}
	ds_jw_end(jw);
	ds_jw_key(jw, "simpson");
	ds_jw_double(jw, simpson);
	ds_jw_key(jw, "gini_simpson");
	ds_jw_double(jw, 1 - simpson);
	ds_jw_key(jw, "simpson_d");
	ds_jw_double(jw, pairs / (N * (N - 1)));
	ds_jw_key(jw, "distinct");
	ds_jw_double(jw, T / N);
	free(v);
}

static void write_vendi(struct ds_jw *jw, const char *name, struct gram *g, struct exact *e,
			size_t dim)
{
	double score = cfg.exact ? exact_vendi(e, cfg.q) : gram_vendi(g, cfg.q);
	/* Hashed features cap the score at --hash-dim and bend it well before. */
	if (!cfg.exact && g == &total.ngram && score > 0.1 * (double)dim)
		ds_warn("the hashed n-gram Vendi score %.1f is over a tenth of --hash-dim %zu, "
			"where hashing underestimates it (ds-diversity(1), Vendi score): use "
			"--exact or a larger --hash-dim", score, dim);
	ds_jw_key(jw, name);
	ds_jw_obj(jw);
	ds_jw_key(jw, "score");
	ds_jw_double(jw, score);
	ds_jw_key(jw, "records");
	ds_jw_uint(jw, cfg.exact ? e->n : g->rows);
	ds_jw_key(jw, "exact");
	ds_jw_bool(jw, cfg.exact);
	ds_jw_key(jw, "dim");
	if (dim)
		ds_jw_uint(jw, dim);
	else
		ds_jw_null(jw);
	ds_jw_end(jw);
}

/* The summary line into b. */
static void summary(struct acc *a, int tokenizer, int fold, struct ds_buf *b)
{
	struct ds_jw jw;
	ds_jw_init(&jw, b);
	ds_jw_obj(&jw);
	ds_jw_key(&jw, "records");
	ds_jw_uint(&jw, a->records);
	if (cfg.mode == MODE_VALUES) {
		const struct ds_counter *c = &a->counts[0];
		ds_jw_key(&jw, "values");
		ds_jw_obj(&jw);
		ds_jw_key(&jw, "expr");
		ds_jw_str(&jw, cfg.values, strlen(cfg.values));
		write_figures(&jw, c, "n_values");
		ds_jw_key(&jw, "complexity");
		ds_jw_double(&jw, (double)c->total / (double)a->records);
		ds_jw_key(&jw, "coverage");
		ds_jw_uint(&jw, c->ntypes);
		ds_jw_end(&jw);
	} else if (cfg.mode == MODE_NGRAMS) {
		ds_jw_key(&jw, "tokenizer");
		ds_jw_str(&jw, ds_tok_name(tokenizer), strlen(ds_tok_name(tokenizer)));
		ds_jw_key(&jw, "fold_case");
		ds_jw_bool(&jw, fold);
		ds_jw_key(&jw, "ngrams");
		ds_jw_obj(&jw);
		for (size_t o = 0; o < cfg.norders; o++) {
			char key[8];
			snprintf(key, sizeof key, "%u", cfg.orders[o]);
			ds_jw_key(&jw, key);
			ds_jw_obj(&jw);
			write_figures(&jw, &a->counts[o], "n_tokens");
			ds_jw_end(&jw);
		}
		ds_jw_end(&jw);
	}
	bool vec = cfg.vec_expr || cfg.vec_path || a->vec.dim;
	if (cfg.vendi || vec) {
		ds_jw_key(&jw, "vendi");
		ds_jw_obj(&jw);
		ds_jw_key(&jw, "q");
		ds_jw_double(&jw, cfg.q);
		if (cfg.vendi)
			write_vendi(&jw, "ngram", &a->ngram, &a->ngram_exact,
				    cfg.exact ? 0 : cfg.hash_dim);
		if (vec)
			write_vendi(&jw, "vectors", &a->vec, &a->vec_exact,
				    cfg.exact ? a->vec_exact.dim : a->vec.dim);
		ds_jw_end(&jw);
	}
	ds_jw_end(&jw);
	ds_buf_addc(b, '\n');
}

/* --- the state file ---------------------------------------------------------------
 *
 * A state file (statefile.h: magic, version, checksum) whose body is, all
 * integers little-endian:
 *   u32 mode (0 n-grams, 1 values, 2 none)
 *   | u32 tokenizer | u32 fold | u32 orders | u32 order[MAX_ORDERS]
 *   | u32 length, bytes: --values EXPR | u64 records
 *   | per table: u64 types, u64 total, types x (u64 key, u64 count) by key
 *   | per Gram matrix (n-gram, vectors): u64 dim (0: none), u64 rows,
 *     dim(dim+1)/2 x (u64 low, u64 high) of the 128-bit sums
 * Keys are sorted and sums are integers, so the state of merged shards is the
 * state of one run over them all, byte for byte. */

static const struct ds_statekind state_kind = {
	"\x89" "DSDIV\n\x1a", 1, "ds-diversity state", "make one with ds-diversity --state-out"
};

struct pair {
	uint64_t key, count;
};

static int cmp_pair(const void *a, const void *b)
{
	return cmp_u64(a, b);
}

static void put_gram(struct ds_buf *b, struct gram *g)
{
	ds_put_u64(b, g->dim);
	ds_put_u64(b, g->rows);
	gram_flush(g);
	for (size_t i = 0; i < g->cells; i++) {
		unsigned __int128 u = (unsigned __int128)g->sum[i];
		ds_put_u64(b, (uint64_t)u);
		ds_put_u64(b, (uint64_t)(u >> 64));
	}
}

static void state_write(const char *path, struct acc *a)
{
	struct ds_buf b = { 0 };
	ds_state_begin(&b, &state_kind);
	ds_put_u32(&b, (uint32_t)cfg.mode);
	ds_put_u32(&b, (uint32_t)ds_opt.tokenizer);
	ds_put_u32(&b, (uint32_t)ds_opt.fold_case);
	ds_put_u32(&b, (uint32_t)cfg.norders);
	for (size_t o = 0; o < MAX_ORDERS; o++)
		ds_put_u32(&b, o < cfg.norders ? cfg.orders[o] : 0);
	size_t vlen = cfg.values ? strlen(cfg.values) : 0;
	ds_put_u32(&b, (uint32_t)vlen);
	ds_buf_add(&b, cfg.values, vlen);
	ds_put_u64(&b, a->records);
	for (size_t o = 0; o < ntables(); o++) {
		const struct ds_counter *c = &a->counts[o];
		struct pair *p = ds_reallocarray(NULL, c->ntypes ? c->ntypes : 1, sizeof *p);
		for (size_t id = 0; id < c->ntypes; id++)
			p[id] = (struct pair){ c->keys[c->slot_of[id]], c->count[id] };
		qsort(p, c->ntypes, sizeof *p, cmp_pair);
		ds_put_u64(&b, c->ntypes);
		ds_put_u64(&b, c->total);
		for (size_t id = 0; id < c->ntypes; id++) {
			ds_put_u64(&b, p[id].key);
			ds_put_u64(&b, p[id].count);
		}
		free(p);
	}
	put_gram(&b, &a->ngram);
	put_gram(&b, &a->vec);
	ds_state_end(&b);
	struct ds_output *out = ds_output_open(path);
	ds_output_write(out, b.data, b.len);
	ds_output_close(out);
	ds_buf_free(&b);
}

static void check_same(const char *path, const char *what, uint64_t have, uint64_t want)
{
	if (have != want)
		ds_die(DS_EXIT_DATA, "%s: made with a different %s than %s; only states made with "
		       "the same options add up", path, what, ds_opt.files[0]);
}

/* The first state sets the options (cfg, ds_opt); later ones must agree. */
static void state_read(const char *path, struct acc *a, bool first, int *tokenizer, int *fold)
{
	struct ds_state r;
	ds_state_load(&r, path, &state_kind);
	uint32_t mode = ds_state_u32(&r), tok = ds_state_u32(&r), fo = ds_state_u32(&r);
	uint32_t norders = ds_state_u32(&r);
	unsigned orders[MAX_ORDERS];
	for (size_t o = 0; o < MAX_ORDERS; o++)
		orders[o] = ds_state_u32(&r);
	uint32_t vlen = ds_state_u32(&r);
	const char *vexpr = (const char *)ds_state_take(&r, vlen);
	if (mode > MODE_NONE || tok >= DS_TOK_NSCHEMES || fo > 1 || norders > MAX_ORDERS
	    || (mode == MODE_NGRAMS && norders == 0) || (mode == MODE_VALUES && vlen == 0))
		ds_state_corrupt(&r, "unknown settings");
	for (size_t o = 0; o < norders; o++)
		if (orders[o] < 1 || orders[o] > MAX_ORDER)
			ds_state_corrupt(&r, "unknown settings");
	if (first) {
		cfg.mode = (int)mode;
		cfg.norders = norders;
		memcpy(cfg.orders, orders, sizeof orders);
		if (mode == MODE_VALUES) {
			char *v = ds_malloc(vlen + 1);
			memcpy(v, vexpr, vlen);
			v[vlen] = '\0';
			cfg.values = v;
		}
		*tokenizer = (int)tok;
		*fold = (int)fo;
	} else {
		check_same(path, "kind of figures (n-grams, --values, vectors only)", mode,
			   (uint64_t)cfg.mode);
		check_same(path, "--tokenizer", tok, (uint64_t)*tokenizer);
		check_same(path, "case folding", fo, (uint64_t)*fold);
		check_same(path, "--ngrams", norders, cfg.norders);
		for (size_t o = 0; o < norders; o++)
			check_same(path, "--ngrams", orders[o], cfg.orders[o]);
		if (mode == MODE_VALUES && (vlen != strlen(cfg.values) || memcmp(vexpr, cfg.values, vlen)))
			check_same(path, "--values", 0, 1);
	}
	uint64_t records = ds_state_u64(&r);
	struct acc part;
	if (first)
		acc_init(a);
	acc_init(&part);
	part.records = records;
	for (size_t o = 0; o < ntables(); o++) {
		uint64_t types = ds_state_u64(&r), tot = ds_state_u64(&r), sum = 0;
		if (types > ds_state_left(&r) / 16)
			ds_state_corrupt(&r, "shorter than its counts say");
		const unsigned char *p = ds_state_take(&r, (size_t)types * 16);
		size_t more[MAX_ORDERS] = { 0 };
		more[o] = (size_t)types;
		check_memory(&part, more);
		for (uint64_t i = 0; i < types; i++, p += 16) {
			uint64_t count = ds_get_u64(p + 8);
			ds_counter_addn(&part.counts[o], ds_get_u64(p), count);
			sum += count;
		}
		if (sum != tot || part.counts[o].ntypes != types)
			ds_state_corrupt(&r, "counts do not add up");
	}
	struct gram *grams[2] = { &part.ngram, &part.vec };
	struct gram *into[2] = { &a->ngram, &a->vec };
	for (int k = 0; k < 2; k++) {
		uint64_t dim = ds_state_u64(&r), rows = ds_state_u64(&r);
		if (dim > 65536)
			ds_state_corrupt(&r, "impossible dimension");
		/* The sums are there before anything their size is allocated. */
		if (dim * (dim + 1) / 2 > ds_state_left(&r) / 16)
			ds_state_corrupt(&r, "shorter than its counts say");
		if (first && k == 0) {
			cfg.vendi = dim > 0;
			if (dim)
				cfg.hash_dim = (size_t)dim;
		}
		if (first && dim && !into[k]->dim)
			gram_init(into[k], (size_t)dim, k ? QBITS_VEC : QBITS_NGRAM);
		check_same(path, k ? "vector dimension" : "--vendi/--hash-dim", dim, into[k]->dim);
		gram_free(grams[k]);
		if (!dim)
			continue;
		gram_init(grams[k], (size_t)dim, k ? QBITS_VEC : QBITS_NGRAM);
		grams[k]->rows = rows;
		const unsigned char *p = ds_state_take(&r, grams[k]->cells * 16);
		for (size_t i = 0; i < grams[k]->cells; i++, p += 16)
			grams[k]->sum[i] = (i128)(ds_get_u64(p) | (unsigned __int128)ds_get_u64(p + 8) << 64);
	}
	ds_state_done(&r);
	acc_merge(a, &part);
	acc_free(&part);
}

/* --- per record -------------------------------------------------------------------- */

struct rec_worker {
	struct ds_tokens tok;
	uint64_t *hash;
	size_t cap;
	struct ds_counter counts;
};

static void *rec_new(void *arg)
{
	(void)arg;
	struct rec_worker *w = ds_calloc(1, sizeof *w);
	ds_counter_init(&w->counts);
	return w;
}

static void rec_free(void *p)
{
	struct rec_worker *w = p;
	ds_tokens_free(&w->tok);
	free(w->hash);
	ds_counter_free(&w->counts);
	free(w);
}

/* {"tokens":N,"shannon_1":..,"distinct_1":..,...} for one record's text. */
static int rec_compute(void *p, const struct ds_rec *rec, const char *text, size_t len,
		       struct ds_buf *val, struct ds_buf *reason)
{
	(void)rec, (void)reason;
	struct rec_worker *w = p;
	ds_tokenize(ds_opt.tokenizer, ds_opt.fold_case, text, len, &w->tok);
	size_t n = w->tok.n;
	if (n > w->cap) {
		w->cap = n * 2;
		w->hash = ds_reallocarray(w->hash, w->cap, sizeof *w->hash);
	}
	for (size_t i = 0; i < n; i++)
		w->hash[i] = ds_hash64(ds_tok_at(&w->tok, i), w->tok.len[i], 0);
	struct ds_jw jw;
	ds_jw_init(&jw, val);
	ds_jw_obj(&jw);
	ds_jw_key(&jw, "tokens");
	ds_jw_uint(&jw, n);
	for (size_t o = 0; o < cfg.norders; o++) {
		unsigned ord = cfg.orders[o];
		ds_counter_clear(&w->counts);
		for (size_t i = 0; i + ord <= n; i++)
			ds_counter_add(&w->counts, ngram_key(w->hash + i, ord));
		/* In order of first appearance: a record's figures depend on it alone. */
		double N = (double)w->counts.total, h = 0;
		for (size_t id = 0; id < w->counts.ntypes; id++) {
			double pr = (double)w->counts.count[id] / N;
			h -= pr * log(pr);
		}
		char key[32];
		snprintf(key, sizeof key, "shannon_%u", ord);
		ds_jw_key(&jw, key);
		ds_jw_double(&jw, n >= ord ? h : NAN);
		snprintf(key, sizeof key, "distinct_%u", ord);
		ds_jw_key(&jw, key);
		ds_jw_double(&jw, (double)w->counts.ntypes / N);
	}
	ds_jw_end(&jw);
	return 0;
}

/* --- main ---------------------------------------------------------------------------- */

static const struct ds_tool tool = {
	.name = "ds-diversity",
	.usage = "[OPTION]... [FILE]...",
	.summary = "Diversity of a whole input: n-gram or value entropy, Rényi, Simpson, "
		   "distinct-n, and the Vendi score.",
	.common = DS_OPT_TEXT | DS_OPT_KEY | DS_OPT_JOBS | DS_OPT_MEMORY | DS_OPT_TOKENIZER,
	.default_key = "diversity",
	.default_format = 0,
	.default_part = DS_PART_RESPONSE,
	.default_tokenizer = DS_TOK_WORDS,
	.default_fold_case = 0,
	.options = options,
	.handle = handle,
	.help_tail =
		"Prints one JSON object: per n-gram order n_tokens, n_types, shannon (nats),\n"
		"shannon_bits, renyi per --alpha, simpson, gini_simpson, simpson_d, distinct;\n"
		"with --values also complexity and coverage; with --vendi, --vec or --vectors\n"
		"the Vendi scores. --merge reads --state-out files instead of records.\n",
};

static void check_options(void)
{
	bool vec = cfg.vec_expr || cfg.vec_path;
	if (cfg.per_record && (cfg.values || cfg.vendi || vec || cfg.state_out || cfg.merge))
		ds_usage_error("--per-record annotates records with their own n-gram figures; "
			       "it takes none of --values, --vendi, --vec, --vectors, --state-out, --merge");
	if (cfg.values && cfg.vendi)
		ds_usage_error("--vendi scores the text's n-grams; it cannot be used with --values");
	if (cfg.exact && !cfg.vendi && !vec)
		ds_usage_error("--exact applies to the Vendi score: give --vendi, --vec or --vectors");
	if (cfg.exact && (cfg.state_out || cfg.merge))
		ds_usage_error("--exact keeps every record's features and cannot be merged: "
			       "drop --state-out/--merge or --exact");
	if (cfg.merge && (vec || cfg.values || cfg.vendi))
		ds_usage_error("--merge takes its settings from the states; --values, --vendi, "
			       "--vec and --vectors belong to the runs that wrote them");
	if (cfg.values)
		cfg.mode = MODE_VALUES;
	else if (vec && !ds_opt.field && !cfg.vendi)
		cfg.mode = MODE_NONE;
	size_t slen = cfg.state_out ? strlen(cfg.state_out) : 0;
	if (slen >= 4 && !strcmp(cfg.state_out + slen - 4, ".zst"))
		ds_usage_error("--state-out: a state is not compressed; name it without .zst");
	if (cfg.vec_dim && !cfg.vec_path)
		ds_usage_error("--dim gives the row length of a raw --vectors file");
	if (ds_opt.on_error == DS_ON_ERROR_PASS && !cfg.per_record)
		ds_usage_error("--on-error pass writes records out, and only --per-record does");
	if (cfg.vendi && !cfg.exact && ds_opt.memory
	    && 2 * gram_bytes(cfg.hash_dim) > ds_opt.memory)
		ds_die(DS_EXIT_LIMIT, "the %zu x %zu Gram matrix of --vendi needs %llu bytes, more than "
		       "-m allows: lower --hash-dim or raise -m", cfg.hash_dim, cfg.hash_dim,
		       (unsigned long long)(2 * gram_bytes(cfg.hash_dim)));
}

static int run_merge(void)
{
	if (!ds_opt.nfiles)
		ds_usage_error("--merge: give the state files to merge");
	int tokenizer = 0, fold = 0;
	for (int i = 0; i < ds_opt.nfiles; i++)
		state_read(ds_opt.files[i], &total, i == 0, &tokenizer, &fold);
	ds_opt.tokenizer = tokenizer;
	ds_opt.fold_case = fold;
	if (cfg.state_out)
		state_write(cfg.state_out, &total);
	struct ds_buf b = { 0 };
	summary(&total, tokenizer, fold, &b);
	struct ds_output *out = ds_output_open(ds_opt.output);
	ds_output_write(out, b.data, b.len);
	ds_output_close(out);
	ds_buf_free(&b);
	acc_free(&total);
	return DS_EXIT_OK;
}

int main(int argc, char **argv)
{
	cfg.orders[0] = 1;
	cfg.orders[1] = 2;
	cfg.norders = 2;
	cfg.alphas[0] = 2;
	cfg.alphas[1] = INFINITY;
	cfg.nalphas = 2;
	ds_parse_args(&tool, argc, argv);
	check_options();
	openblas_set_num_threads(1);
	if (cfg.per_record) {
		struct ds_annotator a = { NULL, rec_new, rec_free, rec_compute, false };
		return ds_run_annotate(&a);
	}
	if (cfg.merge)
		return run_merge();
	/* Vectors are read in input order by one thread, and --exact keeps rows
	 * in input order. */
	if (cfg.vec_expr || cfg.vec_path || cfg.exact)
		ds_opt.jobs = 1;
	acc_init(&total);
	ds_begin();
	struct ds_mapper m = { NULL, worker_new, worker_free, map, reduce };
	if (ds_opt.jobs > 1) {
		ds_run_map(&m);
	} else {
		/* One worker, kept until the end: its exact rows and vectors stay put. */
		struct worker *w = worker_new(NULL);
		if (cfg.vec_expr || cfg.vec_path)
			w->vecs = ds_vecsrc_from_options(cfg.vec_expr, cfg.vec_path, cfg.vec_dim);
		struct ds_rec rec;
		struct ds_buf reason = { 0 };
		while (ds_next(&rec)) {
			ds_buf_reset(&reason);
			if (map(w, &rec, NULL, &reason))
				ds_bad(&rec, reason.len ? ds_buf_cstr(&reason) : "bad record");
		}
		ds_buf_free(&reason);
		if (w->vecs)
			ds_vecsrc_close(w->vecs);
		struct acc *a = &w->acc;
		acc_merge(&total, a);
		total.ngram_exact = a->ngram_exact;
		total.vec_exact = a->vec_exact;
		memset(&a->ngram_exact, 0, sizeof a->ngram_exact);
		memset(&a->vec_exact, 0, sizeof a->vec_exact);
		worker_drop(w);
	}
	if (cfg.state_out)
		state_write(cfg.state_out, &total);
	struct ds_buf b = { 0 };
	summary(&total, ds_opt.tokenizer, ds_opt.fold_case, &b);
	ds_write(b.data, b.len);
	ds_buf_free(&b);
	acc_free(&total);
	return ds_end();
}
