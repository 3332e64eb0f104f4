/* ds-ttr: lexical diversity of each record's text, as lexicalrichness 0.5.1
 * computes it (ds-ttr(1)). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "counter.h"
#include "hash.h"
#include "json.h"
#include "opts.h"
#include "run.h"
#include "text.h"
#include "tok.h"
#include "util.h"

enum metric {
	M_WORDS, M_TERMS, M_TTR, M_RTTR, M_CTTR, M_HERDAN, M_SUMMER, M_DUGAST, M_MAAS,
	M_YULEK, M_YULEI, M_HERDANVM, M_SIMPSOND, M_MSTTR, M_MATTR, M_MTLD, M_HDD, M_VOCD,
	NMETRICS
};

static const char *const metric_names[NMETRICS] = {
	"words", "terms", "ttr", "rttr", "cttr", "herdan", "summer", "dugast", "maas",
	"yulek", "yulei", "herdanvm", "simpsond", "msttr", "mattr", "mtld", "hdd", "vocd",
};

/* vocd-D as lexicalrichness samples it: 35..50 tokens, 100 samples each, 3 fits. */
#define VOCD_FROM 35
#define VOCD_TO 50
#define VOCD_SAMPLES 100
#define VOCD_ITERATIONS 3
/* hdd terms are memoised for frequencies below this. */
#define HDD_MEMO 256

static struct {
	unsigned metrics;	/* bit per enum metric */
	size_t window;		/* msttr and mattr */
	double threshold;	/* mtld */
	size_t draws;		/* hdd */
	bool keep_partial;	/* msttr: keep the last segment (discard=False) */
	struct ds_jrow row;	/* the chosen metrics, in metric_names order */
} cfg = { 0, 100, 0.72, 42, false, { 0 } };

enum { OPT_METRICS, OPT_WINDOW, OPT_THRESHOLD, OPT_DRAWS, OPT_NO_DISCARD };

static const struct ds_option options[] = {
	{ "metrics", 0, "LIST", OPT_METRICS, "comma-separated metrics, or 'all' (default: all but vocd)" },
	{ "window", 0, "N", OPT_WINDOW, "segment size of msttr and window of mattr (default 100)" },
	{ "threshold", 0, "T", OPT_THRESHOLD, "mtld factor threshold (default 0.72)" },
	{ "draws", 0, "N", OPT_DRAWS, "hdd sample size (default 42)" },
	{ "no-discard", 0, NULL, OPT_NO_DISCARD, "msttr keeps the last segment (by default it is dropped, even when full)" },
	{ NULL, 0, NULL, 0, NULL }
};

static void handle(int id, const char *arg)
{
	uint64_t u;
	switch (id) {
	case OPT_METRICS:
		cfg.metrics = (unsigned)ds_parse_name_list("metrics", arg, metric_names, NMETRICS);
		break;
	case OPT_WINDOW:
		if (ds_parse_u64(arg, &u) || u < 1)
			ds_usage_error("--window: '%s' is not a positive whole number", arg);
		cfg.window = u;
		break;
	case OPT_THRESHOLD:
		if (ds_parse_double(arg, &cfg.threshold) || cfg.threshold <= 0 || cfg.threshold >= 1)
			ds_usage_error("--threshold: '%s' is not a number between 0 and 1", arg);
		break;
	case OPT_DRAWS:
		if (ds_parse_u64(arg, &u) || u < 1)
			ds_usage_error("--draws: '%s' is not a positive whole number", arg);
		cfg.draws = u;
		break;
	case OPT_NO_DISCARD:
		cfg.keep_partial = true;
		break;
	}
}

struct worker {
	struct ds_tokens tok;
	struct ds_counter types;
	uint32_t *ids;		/* type id of each token */
	uint64_t *seen;		/* per type: stamp of the window/segment that last saw it */
	uint32_t *in_window;	/* per type: occurrences inside the mattr window */
	uint32_t *sample;	/* vocd: token positions to draw from */
	size_t cap_tokens, cap_types;
	uint64_t stamp;
	uint32_t *mtld_limit;	/* per count c: most types with types/c <= threshold */
	size_t mtld_limit_len;
	double *mattr_ratio;	/* d / window for d = 0..window */
	uint64_t hdd_stamp[HDD_MEMO];	/* hdd: term of frequency f valid at this stamp */
	double hdd_term[HDD_MEMO];
};

static void *worker_new(void *arg)
{
	(void)arg;
	struct worker *w = ds_calloc(1, sizeof *w);
	ds_counter_init(&w->types);
	return w;
}

static void worker_free(void *p)
{
	struct worker *w = p;
	ds_tokens_free(&w->tok);
	ds_counter_free(&w->types);
	free(w->ids);
	free(w->seen);
	free(w->in_window);
	free(w->sample);
	free(w->mtld_limit);
	free(w->mattr_ratio);
	free(w);
}

static void reserve(struct worker *w, size_t ntokens, size_t ntypes)
{
	if (w->cap_tokens < ntokens) {
		w->cap_tokens = ntokens * 2;
		w->ids = ds_reallocarray(w->ids, w->cap_tokens, sizeof *w->ids);
		w->sample = ds_reallocarray(w->sample, w->cap_tokens, sizeof *w->sample);
	}
	if (w->cap_types < ntypes) {
		size_t old = w->cap_types;
		w->cap_types = ntypes * 2;
		w->seen = ds_reallocarray(w->seen, w->cap_types, sizeof *w->seen);
		w->in_window = ds_reallocarray(w->in_window, w->cap_types, sizeof *w->in_window);
		/* Stamps only grow, so a zeroed slot is never taken for seen. */
		memset(w->seen + old, 0, (w->cap_types - old) * sizeof *w->seen);
	}
}

/* Distinct types among ids[from..to), using stamps instead of clearing a set. */
static size_t distinct(struct worker *w, const uint32_t *ids, size_t n)
{
	size_t d = 0;
	uint64_t s = ++w->stamp;
	for (size_t i = 0; i < n; i++) {
		d += w->seen[ids[i]] != s;
		w->seen[ids[i]] = s;
	}
	return d;
}

static double msttr(struct worker *w, size_t n)
{
	size_t win = cfg.window;
	if (win >= n)
		return NAN;
	/* Segments from the start; lexicalrichness drops the last one, even when
	 * it is full, unless discard=False. */
	size_t nseg = (n + win - 1) / win;
	if (!cfg.keep_partial)
		nseg--;
	double sum = 0;
	for (size_t s = 0; s < nseg; s++) {
		size_t len = s * win + win <= n ? win : n - s * win;
		sum += (double)distinct(w, w->ids + s * win, len) / (double)len;
	}
	return sum / (double)nseg;
}

static double mattr(struct worker *w, size_t n)
{
	size_t win = cfg.window;
	if (win > n)
		return NAN;
	/* The window's TTR takes only win + 1 values: divide once per value. */
	if (!w->mattr_ratio) {
		w->mattr_ratio = ds_reallocarray(NULL, win + 1, sizeof *w->mattr_ratio);
		for (size_t d = 0; d <= win; d++)
			w->mattr_ratio[d] = (double)d / (double)win;
	}
	memset(w->in_window, 0, w->types.ntypes * sizeof *w->in_window);
	size_t d = 0;
	for (size_t i = 0; i < win; i++)
		if (w->in_window[w->ids[i]]++ == 0)
			d++;
	double sum = w->mattr_ratio[d];
	for (size_t i = win; i < n; i++) {
		d -= --w->in_window[w->ids[i - win]] == 0;
		d += w->in_window[w->ids[i]]++ == 0;
		sum += w->mattr_ratio[d];
	}
	return sum / (double)(n - win + 1);
}

/* Extends the table of the most types a factor of `count` tokens may have and
 * still end (types / count <= threshold, the very division lexicalrichness
 * makes), so that the per-token test is an integer comparison. */
static void mtld_limits(struct worker *w, size_t n)
{
	if (w->mtld_limit_len > n)
		return;
	size_t len = (n + 1) * 2;
	w->mtld_limit = ds_reallocarray(w->mtld_limit, len, sizeof *w->mtld_limit);
	for (size_t c = w->mtld_limit_len; c < len; c++) {
		/* The quotient rises with types: step from an estimate to the last
		 * types that passes. Types 0 always passes. */
		size_t t = (size_t)(cfg.threshold * (double)c);
		while (t > 0 && (double)t / (double)c > cfg.threshold)
			t--;
		while (t < c && (double)(t + 1) / (double)c <= cfg.threshold)
			t++;
		w->mtld_limit[c] = (uint32_t)t;
	}
	w->mtld_limit_len = len;
}

/* One direction of MTLD: tokens visited at ids[start + k*step]. */
static double mtld_pass(struct worker *w, size_t n, bool reverse, size_t terms)
{
	double factors = 0;
	size_t count = 0, types = 0;
	const uint32_t *limit = w->mtld_limit;
	uint64_t s = ++w->stamp;
	for (size_t k = 0; k < n; k++) {
		uint32_t id = w->ids[reverse ? n - 1 - k : k];
		/* Without a branch: whether a token is new is a coin toss. */
		count++;
		types += w->seen[id] != s;
		w->seen[id] = s;
		if (types <= limit[count]) {
			count = types = 0;
			s = ++w->stamp;
			factors += 1;
		}
	}
	if (count > 0)
		factors += (1 - (double)types / (double)count) / (1 - cfg.threshold);
	if (factors == 0) {
		double whole = (double)terms / (double)n;
		factors = whole == 1 ? 1 : (1 - whole) / (1 - cfg.threshold);
	}
	return (double)n / factors;
}

/* P(0 of f in a draw of `draws` from n) = C(n-f, draws) / C(n, draws), for up
 * to four frequencies at once: their products are independent chains of
 * multiplies, which then overlap. Each product runs over the same factors in
 * the same order as a loop for one frequency would (a product that reaches 0
 * stays 0). */
static void hdd_p0(size_t n, size_t draws, const uint32_t *f, int m, double *p0)
{
	/* Four lanes always, so the loop vectorises; spare lanes multiply by 1.
	 * Integers below 2^53 convert and subtract exactly. */
	double top[4], p[4] = { 1, 1, 1, 1 };
	for (int k = 0; k < 4; k++)
		top[k] = (double)(k < m && n - f[k] >= draws ? n - f[k] : n);
	for (size_t i = 0; i < draws; i++) {
		double den = (double)(n - i);
		for (int k = 0; k < 4; k++)
			p[k] *= (top[k] - (double)i) / den;
	}
	for (int k = 0; k < m; k++)
		p0[k] = n - f[k] < draws ? 0 : p[k];
}

/* HD-D: sum over types of P(type appears in a draw of `draws` tokens) / draws.
 * The term depends only on the type's frequency, so it is computed once per
 * distinct frequency (a text has few) and summed in type order. */
static double hdd(struct worker *w, size_t n)
{
	size_t draws = cfg.draws;
	if (n < draws)
		return NAN;
	uint64_t s = ++w->stamp;
	uint32_t todo[HDD_MEMO];
	int ntodo = 0;
	for (size_t t = 0; t < w->types.ntypes; t++) {
		uint32_t f = (uint32_t)w->types.count[t];
		if (f < HDD_MEMO && w->hdd_stamp[f] != s) {
			w->hdd_stamp[f] = s;
			todo[ntodo++] = f;
		}
	}
	for (int j = 0; j < ntodo; j += 4) {
		int m = ntodo - j < 4 ? ntodo - j : 4;
		double p0[4];
		hdd_p0(n, draws, todo + j, m, p0);
		for (int k = 0; k < m; k++)
			w->hdd_term[todo[j + k]] = (1 - p0[k]) / (double)draws;
	}
	double sum = 0;
	for (size_t t = 0; t < w->types.ntypes; t++) {
		uint32_t f = (uint32_t)w->types.count[t];
		if (f < HDD_MEMO) {
			sum += w->hdd_term[f];
		} else {
			double p0;
			hdd_p0(n, draws, &f, 1, &p0);
			sum += (1 - p0) / (double)draws;
		}
	}
	return sum;
}

/* TTR(n) = (D/n)(sqrt(1 + 2n/D) - 1), fitted by Gauss-Newton from D = 1. */
static double vocd_fit(const double *ttr)
{
	double d = 1;
	for (int iter = 0; iter < 200; iter++) {
		double jtj = 0, jtr = 0;
		for (int n = VOCD_FROM; n <= VOCD_TO; n++) {
			double s = sqrt(1 + 2.0 * n / d);
			double f = d / n * (s - 1);
			double j = (s - 1) / n - 1 / (d * s);
			jtj += j * j;
			jtr += j * (ttr[n - VOCD_FROM] - f);
		}
		if (jtj == 0)
			break;
		double step = jtr / jtj, next = d + step;
		while (next <= 0)
			next = d + (step /= 2);
		if (fabs(next - d) <= 1e-12 * d) {
			d = next;
			break;
		}
		d = next;
	}
	return d;
}

static double vocd(struct worker *w, const struct ds_rec *rec, size_t n)
{
	if (n <= VOCD_TO)
		return NAN;
	struct ds_rng rng = { ds_record_key(ds_opt.seed, rec->line, rec->len) };
	double sum = 0;
	for (int it = 0; it < VOCD_ITERATIONS; it++) {
		double ttr[VOCD_TO - VOCD_FROM + 1];
		for (int k = VOCD_FROM; k <= VOCD_TO; k++) {
			double mean = 0;
			for (int s = 0; s < VOCD_SAMPLES; s++) {
				/* k positions without replacement: a partial Fisher-Yates. */
				for (size_t i = 0; i < n; i++)
					w->sample[i] = (uint32_t)i;
				uint64_t stamp = ++w->stamp;
				size_t d = 0;
				for (int i = 0; i < k; i++) {
					size_t j = (size_t)i + (size_t)(ds_unit(ds_rng_next(&rng)) * (double)(n - (size_t)i));
					uint32_t pos = w->sample[j];
					w->sample[j] = w->sample[i];
					w->sample[i] = pos;
					if (w->seen[w->ids[pos]] != stamp) {
						w->seen[w->ids[pos]] = stamp;
						d++;
					}
				}
				mean += (double)d / k;
			}
			ttr[k - VOCD_FROM] = mean / VOCD_SAMPLES;
		}
		sum += vocd_fit(ttr);
	}
	return sum / VOCD_ITERATIONS;
}

static int compute(void *p, const struct ds_rec *rec, const char *text, size_t len,
		   struct ds_buf *val, struct ds_buf *reason)
{
	(void)reason;
	struct worker *w = p;
	ds_tokenize(ds_opt.tokenizer, ds_opt.fold_case, text, len, &w->tok);
	size_t n = w->tok.n;
	ds_counter_reset(&w->types, n);
	reserve(w, n, 1);
	for (size_t i = 0; i < n; i++)
		w->ids[i] = ds_counter_add(&w->types, ds_tok_key(&w->tok, i));
	size_t t = w->types.ntypes;
	reserve(w, n, t);

	double N = (double)n, T = (double)t;
	double sum_f2 = 0, sum_ff1 = 0;
	for (size_t i = 0; i < t; i++) {
		double f = (double)w->types.count[i];
		sum_f2 += f * f;
		sum_ff1 += f * (f - 1);
	}
	double v[NMETRICS], lnN = log(N), lnT = log(T);
	v[M_TTR] = T / N;
	v[M_RTTR] = T / sqrt(N);
	v[M_CTTR] = T / sqrt(2 * N);
	v[M_HERDAN] = lnT / lnN;
	v[M_SUMMER] = log(lnT) / log(lnN);
	v[M_DUGAST] = n == t ? NAN : lnN * lnN / (lnN - lnT);
	v[M_MAAS] = (lnN - lnT) / (lnN * lnN);
	v[M_YULEK] = 1e4 * (sum_f2 / (N * N) - 1 / N);
	v[M_YULEI] = T * T / (sum_f2 - T);
	v[M_HERDANVM] = sqrt(sum_f2 / (N * N) - 1 / T);
	v[M_SIMPSOND] = sum_ff1 / (N * (N - 1));
	unsigned m = cfg.metrics;
	v[M_MSTTR] = m & 1u << M_MSTTR ? msttr(w, n) : NAN;
	v[M_MATTR] = m & 1u << M_MATTR ? mattr(w, n) : NAN;
	v[M_MTLD] = NAN;
	if (m & 1u << M_MTLD && n > 0) {
		mtld_limits(w, n);
		double fwd = mtld_pass(w, n, false, t), back = mtld_pass(w, n, true, t);
		v[M_MTLD] = (fwd + back) / 2;
	}
	v[M_HDD] = m & 1u << M_HDD ? hdd(w, n) : NAN;
	v[M_VOCD] = m & 1u << M_VOCD ? vocd(w, rec, n) : NAN;

	char *d = ds_jrow_begin(&cfg.row, val);
	for (int i = 0, j = 0; i < NMETRICS; i++) {
		if (!(m & 1u << i))
			continue;
		if (i == M_WORDS)
			d = ds_jrow_uint(&cfg.row, d, j++, n);
		else if (i == M_TERMS)
			d = ds_jrow_uint(&cfg.row, d, j++, t);
		else
			d = ds_jrow_double(&cfg.row, d, j++, v[i]);
	}
	ds_jrow_end(&cfg.row, val, d);
	return 0;
}

static const struct ds_tool tool = {
	.name = "ds-ttr",
	.usage = "[OPTION]... [FILE]...",
	.summary = "Annotate each record with the lexical diversity of its text (TTR, MTLD, HD-D, ...).",
	.common = DS_OPT_TEXT | DS_OPT_KEY | DS_OPT_JOBS | DS_OPT_SEED | DS_OPT_TOKENIZER,
	.default_key = "ttr",
	.default_format = 0,
	.default_part = DS_PART_RESPONSE,
	.default_tokenizer = DS_TOK_LEXRICH,
	.default_fold_case = 1,
	.options = options,
	.handle = handle,
	.help_tail =
		"Metrics: words terms ttr rttr cttr herdan summer dugast maas yulek yulei\n"
		"herdanvm simpsond msttr mattr mtld hdd vocd. A metric undefined for the text\n"
		"(too short, or a division by zero) is null.\n",
};

int main(int argc, char **argv)
{
	cfg.metrics = ((1u << NMETRICS) - 1) & ~(1u << M_VOCD);
	ds_parse_args(&tool, argc, argv);
	const char *chosen[NMETRICS];
	int nchosen = 0;
	for (int i = 0; i < NMETRICS; i++)
		if (cfg.metrics & 1u << i)
			chosen[nchosen++] = metric_names[i];
	ds_jrow_init(&cfg.row, chosen, nchosen);
	struct ds_annotator a = { NULL, worker_new, worker_free, compute, false };
	int status = ds_run_annotate(&a);
	ds_jrow_free(&cfg.row);
	return status;
}
