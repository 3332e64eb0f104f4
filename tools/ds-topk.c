/* ds-topk: the k records with the highest (or lowest) score, overall or per
 * group, in O(k) memory (ds-topk(1)). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "expr.h"
#include "opts.h"
#include "run.h"
#include "score.h"
#include "topk.h"
#include "util.h"

/* Rank classes: a missing score ranks after every number. */
enum { CLS_SCORED, CLS_MISSING };

static struct {
	uint64_t k;
	double fraction;	/* < 0: -k was given */
	uint64_t total;		/* --total, 0 if not given */
	const char *by, *group_by;
	bool asc, sorted, annotate, missing_last;
} cfg = { 0, -1, 0, NULL, NULL, false, false, false, false };

enum { OPT_TOP, OPT_FRACTION, OPT_PERCENT, OPT_TOTAL, OPT_BY, OPT_ASC, OPT_GROUP_BY,
       OPT_MISSING, OPT_SORTED, OPT_ANNOTATE };

static const struct ds_option options[] = {
	{ "top", 'k', "N", OPT_TOP, "keep the N best records (per group with --group-by)" },
	{ "fraction", 0, "F", OPT_FRACTION, "keep round(F x records) instead, F from 0 to 1" },
	{ "percent", 0, "P", OPT_PERCENT, "keep round(P/100 x records)" },
	{ "total", 0, "N", OPT_TOTAL, "the number of records, for --fraction in one pass over standard input" },
	{ "by", 0, "EXPR", OPT_BY, "jq expression giving each record's score, a number (required)" },
	{ "asc", 0, NULL, OPT_ASC, "keep the lowest scores instead of the highest" },
	{ "group-by", 'g', "EXPR", OPT_GROUP_BY, "keep the best of each group of records with equal EXPR" },
	{ "missing", 0, "POLICY", OPT_MISSING, "null or missing score: error (a bad record, default) or last (ranked after all numbers)" },
	{ "sorted", 0, NULL, OPT_SORTED, "write best first (per group, groups in order of appearance) instead of in input order" },
	{ "annotate", 0, NULL, OPT_ANNOTATE, "add \"rank\" (1 = best, per group) to each written record" },
	{ NULL, 0, NULL, 0, NULL }
};

static int nsizes;	/* how many of -k, --fraction, --percent were given */

static void handle(int id, const char *arg)
{
	switch (id) {
	case OPT_TOP:
		if (ds_parse_u64(arg, &cfg.k))
			ds_usage_error("-k: '%s' is not a whole number", arg);
		cfg.fraction = -1;
		nsizes++;
		break;
	case OPT_FRACTION:
		if (ds_parse_double(arg, &cfg.fraction) || !(cfg.fraction >= 0 && cfg.fraction <= 1))
			ds_usage_error("--fraction: '%s' is not a number from 0 to 1", arg);
		nsizes++;
		break;
	case OPT_PERCENT:
		if (ds_parse_double(arg, &cfg.fraction) || !(cfg.fraction >= 0 && cfg.fraction <= 100))
			ds_usage_error("--percent: '%s' is not a number from 0 to 100", arg);
		cfg.fraction /= 100;
		nsizes++;
		break;
	case OPT_TOTAL:
		if (ds_parse_u64(arg, &cfg.total))
			ds_usage_error("--total: '%s' is not a whole number", arg);
		break;
	case OPT_BY:
		cfg.by = arg;
		break;
	case OPT_ASC:
		cfg.asc = true;
		break;
	case OPT_GROUP_BY:
		cfg.group_by = arg;
		break;
	case OPT_MISSING:
		if (!strcmp(arg, "error"))
			cfg.missing_last = false;
		else if (!strcmp(arg, "last"))
			cfg.missing_last = true;
		else
			ds_usage_error("--missing: '%s' is not one of error, last", arg);
		break;
	case OPT_SORTED:
		cfg.sorted = true;
		break;
	case OPT_ANNOTATE:
		cfg.annotate = true;
		break;
	}
}

/* --- per-thread scoring ---------------------------------------------------- */

struct worker {
	struct ds_expr *by, *group;
	struct ds_score_scratch scratch;
	struct ds_buf key;
};

static void *worker_new(void *arg)
{
	(void)arg;
	struct worker *w = ds_calloc(1, sizeof *w);
	w->by = ds_expr_compile_opt(cfg.by, "--by");
	if (cfg.group_by)
		w->group = ds_expr_compile_opt(cfg.group_by, "--group-by");
	return w;
}

static void worker_free(void *p)
{
	struct worker *w = p;
	ds_expr_free(w->by);
	ds_expr_free(w->group);
	ds_score_scratch_free(&w->scratch);
	ds_buf_free(&w->key);
	free(w);
}

static int map(void *p, const struct ds_rec *rec, struct ds_buf *out, struct ds_buf *reason)
{
	struct worker *w = p;
	struct ds_scored s = { CLS_SCORED, 0 };
	double x;
	switch (ds_score(w->by, "--by", rec->line, rec->len, &w->scratch, &x, reason)) {
	case DS_SCORE_BAD:
		return -1;
	case DS_SCORE_MISSING:
		if (!cfg.missing_last) {
			ds_buf_printf(reason, "--by %s is null or missing (see --missing)", cfg.by);
			return -1;
		}
		s.cls = CLS_MISSING;
		break;
	case DS_SCORE_OK:
		s.score = cfg.asc ? x : -x;
		break;
	}
	ds_buf_add(out, &s, sizeof s);
	if (w->group) {
		if (ds_group_key(w->group, "--group-by", rec->line, rec->len, &w->scratch, &w->key, reason))
			return -1;
		ds_buf_add(out, w->key.data, w->key.len);
	}
	return 0;
}

/* --fraction: k of each group from its number of records. */
static void size_by_fraction(const uint64_t *count, size_t n, uint64_t *k)
{
	for (size_t g = 0; g < n; g++)
		k[g] = (uint64_t)llround(cfg.fraction * (double)count[g]);
}

static const struct ds_tool tool = {
	.name = "ds-topk",
	.usage = "--by EXPR (-k N | --fraction F | --percent P) [OPTION]... [FILE]...",
	.summary = "Write the records with the highest (or lowest) score, overall or per group.",
	.common = DS_OPT_JOBS,
	.options = options,
	.handle = handle,
	.help_tail =
		"Ties go to the earlier record. Output is in input order unless --sorted.\n"
		"ds-topk over the concatenated outputs of per-shard runs (-k) gives the same\n"
		"records as one run over all of them.\n",
};

int main(int argc, char **argv)
{
	ds_parse_args(&tool, argc, argv);
	if (!cfg.by)
		ds_usage_error("--by EXPR is required");
	if (nsizes != 1)
		ds_usage_error("give one of -k, --fraction, --percent");
	if (cfg.total && cfg.fraction < 0)
		ds_usage_error("--total goes with --fraction or --percent");
	if (cfg.total && cfg.group_by)
		ds_usage_error("--total cannot be used with --group-by (the group sizes are needed)");
	ds_expr_free(ds_expr_compile_opt(cfg.by, "--by"));
	if (cfg.group_by)
		ds_expr_free(ds_expr_compile_opt(cfg.group_by, "--group-by"));

	struct ds_select_opts o = { cfg.k, cfg.group_by != NULL, NULL, cfg.sorted,
				    cfg.annotate ? "rank" : NULL };
	if (cfg.fraction >= 0 && cfg.total)
		o.k = (uint64_t)llround(cfg.fraction * (double)cfg.total);
	else if (cfg.fraction >= 0)
		o.size = size_by_fraction;
	struct ds_mapper m = { NULL, worker_new, worker_free, map, NULL };
	ds_begin();
	ds_select(&o, &m);
	return ds_end();
}
