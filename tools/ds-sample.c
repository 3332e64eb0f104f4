/* ds-sample: a random sample of records: uniform, Bernoulli, weighted
 * (Efraimidis-Spirakis) or stratified, with each record's randomness drawn
 * from the seed and its own bytes (ds-sample(1)). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "expr.h"
#include "hash.h"
#include "opts.h"
#include "run.h"
#include "score.h"
#include "topk.h"
#include "util.h"

static struct {
	uint64_t n;
	bool have_n;
	double rate;		/* < 0 unless --rate */
	const char *weight;	/* --weight or --log-weight */
	bool log_weight;
	const char *stratify;
	bool proportional;
} cfg = { 0, false, -1, NULL, false, NULL, false };

enum { OPT_SIZE, OPT_RATE, OPT_WEIGHT, OPT_LOG_WEIGHT, OPT_STRATIFY, OPT_PROPORTIONAL };

static const struct ds_option options[] = {
	{ "size", 'n', "N", OPT_SIZE, "N records without replacement (per stratum with --stratify)" },
	{ "rate", 0, "P", OPT_RATE, "each record independently with probability P (Bernoulli)" },
	{ "weight", 0, "EXPR", OPT_WEIGHT, "with -n: records drawn with probability proportional to EXPR, a number >= 0" },
	{ "log-weight", 0, "EXPR", OPT_LOG_WEIGHT, "the same with EXPR the natural log of the weight (DSIR's log importance)" },
	{ "stratify", 0, "EXPR", OPT_STRATIFY, "with -n: sample each group of records with equal EXPR on its own" },
	{ "proportional", 0, NULL, OPT_PROPORTIONAL, "with --stratify: N in all, shared among strata in proportion to their sizes" },
	{ NULL, 0, NULL, 0, NULL }
};

static void handle(int id, const char *arg)
{
	switch (id) {
	case OPT_SIZE:
		if (ds_parse_u64(arg, &cfg.n))
			ds_usage_error("-n: '%s' is not a whole number", arg);
		cfg.have_n = true;
		break;
	case OPT_RATE:
		if (ds_parse_double(arg, &cfg.rate) || !(cfg.rate >= 0 && cfg.rate <= 1))
			ds_usage_error("--rate: '%s' is not a probability from 0 to 1", arg);
		break;
	case OPT_WEIGHT:
	case OPT_LOG_WEIGHT:
		cfg.weight = arg;
		cfg.log_weight = id == OPT_LOG_WEIGHT;
		break;
	case OPT_STRATIFY:
		cfg.stratify = arg;
		break;
	case OPT_PROPORTIONAL:
		cfg.proportional = true;
		break;
	}
}

/* The record's uniform draw in (0, 1): a function of the seed and its bytes
 * only, so a record draws the same number in any shard. */
static double draw(const struct ds_rec *rec)
{
	return ds_unit(ds_record_key(ds_opt.seed, rec->line, rec->len));
}

struct worker {
	struct ds_expr *weight, *stratum;
	struct ds_score_scratch scratch;
	struct ds_buf key;
};

static void *worker_new(void *arg)
{
	(void)arg;
	struct worker *w = ds_calloc(1, sizeof *w);
	if (cfg.weight)
		w->weight = ds_expr_compile_opt(cfg.weight, cfg.log_weight ? "--log-weight" : "--weight");
	if (cfg.stratify)
		w->stratum = ds_expr_compile_opt(cfg.stratify, "--stratify");
	return w;
}

static void worker_free(void *p)
{
	struct worker *w = p;
	ds_expr_free(w->weight);
	ds_expr_free(w->stratum);
	ds_score_scratch_free(&w->scratch);
	ds_buf_free(&w->key);
	free(w);
}

/* The sample is the n records with the lowest score. Uniform: the draw u
 * itself. Weighted (Efraimidis-Spirakis): E/w with E = -ln(1-u) ~ Exp(1),
 * compared as ln(E) - ln(w) so that --log-weight never overflows; for
 * equal weights this orders records as u does. */
static int weighted_score(struct worker *w, const struct ds_rec *rec, struct ds_scored *s,
			  struct ds_buf *reason)
{
	const char *opt = cfg.log_weight ? "--log-weight" : "--weight";
	double x;
	switch (ds_score(w->weight, opt, rec->line, rec->len, &w->scratch, &x, reason)) {
	case DS_SCORE_BAD:
		return -1;
	case DS_SCORE_MISSING:
		ds_buf_printf(reason, "%s %s is null or missing", opt, cfg.weight);
		return -1;
	case DS_SCORE_OK:
		break;
	}
	double logw = cfg.log_weight ? x : log(x);
	if (isnan(logw) || logw == INFINITY) {
		struct ds_jspan v = w->scratch.vals.v[0];	/* the number as written */
		ds_buf_printf(reason, "%s %s is %.*s, not a %s", opt, cfg.weight, (int)v.n, v.p,
			      cfg.log_weight ? "finite number" : "finite number >= 0");
		return -1;
	}
	if (logw == -INFINITY)
		s->cls = DS_NEVER_KEPT;	/* weight 0 */
	else
		s->score = log(-log1p(-s->score)) - logw;
	return 0;
}

static int map(void *p, const struct ds_rec *rec, struct ds_buf *out, struct ds_buf *reason)
{
	struct worker *w = p;
	struct ds_scored s = { 0, draw(rec) };
	if (w->weight && weighted_score(w, rec, &s, reason))
		return -1;
	ds_buf_add(out, &s, sizeof s);
	if (w->stratum) {
		if (ds_group_key(w->stratum, "--stratify", rec->line, rec->len, &w->scratch, &w->key, reason))
			return -1;
		ds_buf_add(out, w->key.data, w->key.len);
	}
	return 0;
}

/* --- Bernoulli: a streaming filter ------------------------------------------ */

static int rate_map(void *p, const struct ds_rec *rec, struct ds_buf *out, struct ds_buf *reason)
{
	(void)p;
	(void)reason;
	ds_buf_addc(out, draw(rec) < cfg.rate);
	return 0;
}

static void rate_reduce(void *arg, const struct ds_rec *rec, const char *res, size_t n)
{
	(void)arg;
	(void)n;
	if (*res)
		ds_emit(rec);
}

/* --- proportional allocation ------------------------------------------------- */

static const unsigned __int128 *alloc_rem;

static int by_remainder(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	if (alloc_rem[a] != alloc_rem[b])
		return alloc_rem[a] > alloc_rem[b] ? -1 : 1;
	return a < b ? -1 : 1;	/* the stratum seen first */
}

/* Largest remainder (Hamilton): stratum g gets floor(n N_g / N), and the
 * strata with the largest fractional parts one more each until n is shared. */
static void size_proportional(const uint64_t *count, size_t ng, uint64_t *k)
{
	unsigned __int128 total = 0;
	for (size_t g = 0; g < ng; g++)
		total += count[g];
	if (total <= cfg.n) {
		memcpy(k, count, ng * sizeof *k);
		return;
	}
	unsigned __int128 *rem = ds_reallocarray(NULL, ng, sizeof *rem);
	size_t *order = ds_reallocarray(NULL, ng, sizeof *order);
	uint64_t given = 0;
	for (size_t g = 0; g < ng; g++) {
		unsigned __int128 share = (unsigned __int128)cfg.n * count[g];
		k[g] = (uint64_t)(share / total);
		rem[g] = share % total;
		given += k[g];
		order[g] = g;
	}
	alloc_rem = rem;
	qsort(order, ng, sizeof *order, by_remainder);
	for (size_t i = 0; given < cfg.n && i < ng; i++, given++)
		k[order[i]]++;
	free(rem);
	free(order);
}

static const struct ds_tool tool = {
	.name = "ds-sample",
	.usage = "(-n N | --rate P) [OPTION]... [FILE]...",
	.summary = "Write a random sample of the records, in input order.",
	.common = DS_OPT_JOBS | DS_OPT_SEED,
	.options = options,
	.handle = handle,
	.help_tail =
		"Each record's random number comes from --seed and its bytes, not its position:\n"
		"sampling shards with -n and sampling their concatenated samples again gives the\n"
		"sample of the whole input.\n",
};

int main(int argc, char **argv)
{
	ds_parse_args(&tool, argc, argv);
	if (cfg.have_n == (cfg.rate >= 0))
		ds_usage_error("give one of -n, --rate");
	if (cfg.weight && !cfg.have_n)
		ds_usage_error("--weight and --log-weight go with -n");
	if (cfg.stratify && !cfg.have_n)
		ds_usage_error("--stratify goes with -n");
	if (cfg.proportional && !cfg.stratify)
		ds_usage_error("--proportional goes with --stratify");
	struct ds_mapper m = { NULL, worker_new, worker_free, map, NULL };
	if (cfg.weight)
		ds_expr_free(ds_expr_compile_opt(cfg.weight, cfg.log_weight ? "--log-weight" : "--weight"));
	if (cfg.stratify)
		ds_expr_free(ds_expr_compile_opt(cfg.stratify, "--stratify"));

	ds_begin();
	if (cfg.rate >= 0) {
		struct ds_mapper rm = { NULL, NULL, NULL, rate_map, rate_reduce };
		ds_run_map(&rm);
	} else {
		struct ds_select_opts o = { cfg.n, cfg.stratify != NULL,
					    cfg.proportional ? size_proportional : NULL, false, NULL };
		ds_select(&o, &m);
	}
	return ds_end();
}
