/* ds-dsir: data selection with importance resampling (Xie et al. 2023) on
 * hashed n-gram features, as DSIR 1.0.3 computes it, in bounded memory
 * (ds-dsir(1)).
 *
 *   fit     count hashed n-grams of the target and raw data into a model
 *   merge   add models fitted on shards (equals one fit, byte for byte)
 *   score   annotate raw records with their log importance weight
 *   select  keep k raw records: Gumbel top-k on the log weights */
#include "config.h"

#include <math.h>
#include <nettle/sha2.h>
#include <nettle/version.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>
#include "buf.h"
#include "bytes.h"
#include "hash.h"
#include "json.h"
#include "opts.h"
#include "output.h"
#include "run.h"
#include "statefile.h"
#include "text.h"
#include "tok.h"
#include "util.h"

/* nettle 3.10 dropped the length argument of the digest functions. */
#if NETTLE_VERSION_MAJOR > 3 || (NETTLE_VERSION_MAJOR == 3 && NETTLE_VERSION_MINOR >= 10)
#define SHA256_DIGEST(ctx, d) sha256_digest(ctx, d)
#else
#define SHA256_DIGEST(ctx, d) sha256_digest(ctx, SHA256_DIGEST_SIZE, d)
#endif

/* DSIR adds this to both probabilities before taking logs. */
#define PROB_EPS 1e-8

enum hash_kind { HASH_XXH3, HASH_DSIR, NHASH };

enum { TARGET, RAW };

/* --- the model ----------------------------------------------------------------
 *
 * A model is the two count vectors and the parameters that made them. The
 * file is a state file (statefile.h: magic, version, checksum) whose body is,
 * all integers little-endian:
 *   u32 hash | u32 ngrams | u32 fold | tokenizer name, 16 bytes NUL-padded
 *   | u64 buckets | f64 smoothing | u64 docs[2] | u64 total[2]
 *   | u64 target counts[buckets] | u64 raw counts[buckets]
 * Counts are integers, so adding shard models gives exactly the bytes of one
 * fit over all the shards. */

static const struct ds_statekind model_kind = {
	"\x89" "DSIR\n\x1a\n", 1, "ds-dsir model", "make one with 'ds-dsir fit'"
};
#define TOKNAME_LEN 16
#define MAX_BUCKETS ((uint64_t)1 << 32)
#define MAX_NGRAMS 16

struct model {
	uint32_t hash, ngrams, fold;
	int tokenizer;
	uint64_t buckets;
	double smoothing;
	uint64_t docs[2];	/* records fitted: target, raw */
	uint64_t total[2];	/* features counted */
	uint64_t *counts[2];	/* per bucket */
};

static void model_alloc(struct model *m)
{
	m->counts[TARGET] = ds_calloc(m->buckets, sizeof(uint64_t));
	m->counts[RAW] = ds_calloc(m->buckets, sizeof(uint64_t));
}

static void model_encode(const struct model *m, struct ds_buf *b)
{
	ds_state_begin(b, &model_kind);
	ds_put_u32(b, m->hash);
	ds_put_u32(b, m->ngrams);
	ds_put_u32(b, m->fold);
	char name[TOKNAME_LEN] = { 0 };
	strncpy(name, ds_tok_name(m->tokenizer), TOKNAME_LEN - 1);
	ds_buf_add(b, name, TOKNAME_LEN);
	ds_put_u64(b, m->buckets);
	uint64_t bits;
	memcpy(&bits, &m->smoothing, 8);
	ds_put_u64(b, bits);
	for (int r = 0; r < 2; r++)
		ds_put_u64(b, m->docs[r]);
	for (int r = 0; r < 2; r++)
		ds_put_u64(b, m->total[r]);
	for (int r = 0; r < 2; r++)
		for (uint64_t i = 0; i < m->buckets; i++)
			ds_put_u64(b, m->counts[r][i]);
	ds_state_end(b);
}

static void model_read(const char *path, struct model *m)
{
	struct ds_state s;
	ds_state_load(&s, path, &model_kind);
	m->hash = ds_state_u32(&s);
	m->ngrams = ds_state_u32(&s);
	m->fold = ds_state_u32(&s);
	char name[TOKNAME_LEN + 1] = { 0 };
	memcpy(name, ds_state_take(&s, TOKNAME_LEN), TOKNAME_LEN);
	m->tokenizer = ds_tok_parse(name);
	m->buckets = ds_state_u64(&s);
	uint64_t bits = ds_state_u64(&s);
	memcpy(&m->smoothing, &bits, 8);
	for (int r = 0; r < 2; r++)
		m->docs[r] = ds_state_u64(&s);
	for (int r = 0; r < 2; r++)
		m->total[r] = ds_state_u64(&s);
	if (m->hash >= NHASH || m->ngrams < 1 || m->ngrams > MAX_NGRAMS || m->fold > 1
	    || m->tokenizer < 0 || !(m->smoothing >= 0) || isinf(m->smoothing)
	    || m->buckets < 1 || m->buckets > MAX_BUCKETS)
		ds_state_corrupt(&s, "unknown parameters");
	if (ds_state_left(&s) != m->buckets * 16)
		ds_state_corrupt(&s, "its size does not match its bucket count");
	model_alloc(m);
	for (int r = 0; r < 2; r++) {
		uint64_t sum = 0;
		for (uint64_t i = 0; i < m->buckets; i++)
			sum += m->counts[r][i] = ds_state_u64(&s);
		if (sum != m->total[r])
			ds_state_corrupt(&s, "counts do not add up to their total");
	}
	ds_state_done(&s);
}

static void model_free(struct model *m)
{
	free(m->counts[TARGET]);
	free(m->counts[RAW]);
}

/* --- text to hashed features ---------------------------------------------- */

/* Direct-mapped cache of SHA-256 buckets of short features: text repeats
 * (Zipf), and a hit costs one XXH3 instead of a SHA-256. Entries hold the
 * feature bytes, so a hit is exact. */
#define CACHE_BITS 17
#define CACHE_FEATURE_MAX 27
struct cache_entry {
	uint32_t bucket;
	uint8_t len;	/* 0: empty */
	char bytes[CACHE_FEATURE_MAX];
};
/* Features hashed and prefetched ahead of their cache lookups. */
#define LOOKAHEAD 64

struct featurizer {
	const struct model *m;
	struct ds_tokens tok;
	struct ds_buf joined;	/* dsir: the tokens joined by single spaces */
	uint32_t *at;		/* dsir: where token i starts in joined */
	uint64_t *hash;		/* xxh3: each token's hash; dsir: each feature's */
	uint32_t *feat;		/* bucket of each feature of the text */
	size_t nfeat, cap;
	struct cache_entry *cache;
};

static void featurizer_init(struct featurizer *f, const struct model *m)
{
	memset(f, 0, sizeof *f);
	f->m = m;
	if (m->hash == HASH_DSIR)
		f->cache = ds_calloc((size_t)1 << CACHE_BITS, sizeof *f->cache);
}

static void featurizer_free(struct featurizer *f)
{
	ds_tokens_free(&f->tok);
	ds_buf_free(&f->joined);
	free(f->at);
	free(f->hash);
	free(f->feat);
	free(f->cache);
}

/* DSIR's hash_buckets: the SHA-256 digest as a big-endian number mod buckets,
 * reduced 32 bits at a time (buckets <= 2^32 keeps r * 2^32 + w in 64 bits). */
static uint32_t sha_bucket(const char *p, size_t n, uint64_t buckets)
{
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];
	sha256_init(&ctx);
	sha256_update(&ctx, n, (const uint8_t *)p);
	SHA256_DIGEST(&ctx, d);
	uint64_t r = 0;
	for (int i = 0; i < SHA256_DIGEST_SIZE; i += 4) {
		uint64_t w = (uint64_t)d[i] << 24 | (uint64_t)d[i + 1] << 16 | (uint64_t)d[i + 2] << 8 | d[i + 3];
		r = (r << 32 | w) % buckets;
	}
	return (uint32_t)r;
}

/* Feature j of the text as a span of joined: token i alone, or tokens
 * i..i+k-1 with their spaces. Features are numbered as DSIR counts them:
 * the t unigrams, then the bigrams, and so on. */
static void feature_span(const struct featurizer *f, size_t j, size_t *start, size_t *len)
{
	size_t t = f->tok.n, k = 1;
	while (j >= t - (k - 1)) {
		j -= t - (k - 1);
		k++;
	}
	size_t last = j + k - 1;
	*start = f->at[j];
	*len = f->at[last] + f->tok.len[last] - f->at[j];
}

static void dsir_features(struct featurizer *f, size_t nf)
{
	size_t t = f->tok.n;
	ds_buf_reset(&f->joined);
	for (size_t i = 0; i < t; i++) {
		if (i)
			ds_buf_addc(&f->joined, ' ');
		f->at[i] = (uint32_t)f->joined.len;
		ds_buf_add(&f->joined, ds_tok_at(&f->tok, i), f->tok.len[i]);
	}
	const char *jb = f->joined.data;
	size_t mask = ((size_t)1 << CACHE_BITS) - 1;
	/* Hash a window of features and prefetch their cache entries before
	 * looking any up: the lookups then overlap their memory latency. */
	for (size_t from = 0; from < nf; from += LOOKAHEAD) {
		size_t to = from + LOOKAHEAD < nf ? from + LOOKAHEAD : nf;
		for (size_t j = from; j < to; j++) {
			size_t start, n;
			feature_span(f, j, &start, &n);
			if (n <= CACHE_FEATURE_MAX) {
				f->hash[j] = ds_hash64(jb + start, n, 0);
				__builtin_prefetch(&f->cache[f->hash[j] & mask]);
			}
		}
		for (size_t j = from; j < to; j++) {
			size_t start, n;
			feature_span(f, j, &start, &n);
			if (n > CACHE_FEATURE_MAX) {
				f->feat[j] = sha_bucket(jb + start, n, f->m->buckets);
				continue;
			}
			struct cache_entry *e = &f->cache[f->hash[j] & mask];
			if (e->len != n || memcmp(e->bytes, jb + start, n)) {
				e->bucket = sha_bucket(jb + start, n, f->m->buckets);
				e->len = (uint8_t)n;
				memcpy(e->bytes, jb + start, n);
			}
			f->feat[j] = e->bucket;
		}
	}
}

/* A 64-bit hash to [0, buckets) by multiply-shift, cheaper than a division. */
static inline uint32_t range(uint64_t h, uint64_t buckets)
{
	return (uint32_t)(((unsigned __int128)h * buckets) >> 64);
}

/* A k-gram's hash chains its tokens' hashes, so no joined string is built;
 * the mixing step makes it order-sensitive. */
static void xxh3_features(struct featurizer *f)
{
	const struct model *m = f->m;
	size_t t = f->tok.n, nf = 0;
	for (size_t i = 0; i < t; i++) {
		f->hash[i] = ds_hash64(ds_tok_at(&f->tok, i), f->tok.len[i], 0);
		f->feat[nf++] = range(f->hash[i], m->buckets);
	}
	for (size_t k = 2; k <= m->ngrams; k++)
		for (size_t i = 0; i + k <= t; i++) {
			uint64_t g = f->hash[i];
			for (size_t j = i + 1; j < i + k; j++)
				g = ds_mix64(g) ^ f->hash[j];
			f->feat[nf++] = range(ds_mix64(g + k), m->buckets);
		}
}

/* The buckets of the text's features into f->feat: each token, then each
 * k-gram for k = 2..ngrams (tokens joined by one space, as DSIR joins them). */
static void featurize(struct featurizer *f, const char *text, size_t len)
{
	const struct model *m = f->m;
	ds_tokenize(m->tokenizer, (int)m->fold, text, len, &f->tok);
	size_t t = f->tok.n, nf = 0;
	for (size_t k = 1; k <= m->ngrams && k <= t; k++)
		nf += t - (k - 1);
	if (f->cap < nf + 1 || f->cap < t + 1) {
		f->cap = (nf > t ? nf : t) * 2 + 1;
		f->feat = ds_reallocarray(f->feat, f->cap, sizeof *f->feat);
		f->hash = ds_reallocarray(f->hash, f->cap, sizeof *f->hash);
		f->at = ds_reallocarray(f->at, f->cap, sizeof *f->at);
	}
	if (m->hash == HASH_DSIR)
		dsir_features(f, nf);
	else
		xxh3_features(f);
	f->nfeat = nf;
}

/* DSIR's per-example length: (features + n(n-1)/2) // n, the token count
 * when the text has at least n-1 tokens. */
static uint64_t feature_length(const struct model *m, size_t nfeat)
{
	return (nfeat + (uint64_t)m->ngrams * (m->ngrams - 1) / 2) / m->ngrams;
}

/* --- options of all commands ---------------------------------------------- */

static struct {
	uint64_t buckets;
	uint32_t ngrams, hash;
	double smoothing;
	char **files;		/* --target files, then --raw files */
	int ntarget, nraw;
	const char *model;	/* score, select: --model */
	int normalize;
	uint64_t k;		/* select */
	int top_k;
	uint64_t min_length;
} cfg = { .buckets = 10000, .ngrams = 2, .hash = HASH_XXH3, .min_length = 100 };

static struct model model;
static pthread_mutex_t fit_lock = PTHREAD_MUTEX_INITIALIZER;

enum {
	OPT_TARGET, OPT_RAW, OPT_NGRAMS, OPT_BUCKETS, OPT_SMOOTHING, OPT_HASH,
	OPT_MODEL, OPT_NORMALIZE, OPT_K, OPT_TOP_K, OPT_MIN_LENGTH
};

static void add_file(int role, const char *path)
{
	cfg.files = ds_reallocarray(cfg.files, (size_t)(cfg.ntarget + cfg.nraw + 1), sizeof *cfg.files);
	if (role == TARGET) {
		/* Targets stay in front of the raw files. */
		memmove(cfg.files + cfg.ntarget + 1, cfg.files + cfg.ntarget,
			(size_t)cfg.nraw * sizeof *cfg.files);
		cfg.files[cfg.ntarget++] = (char *)path;
	} else {
		cfg.files[cfg.ntarget + cfg.nraw++] = (char *)path;
	}
}

static uint64_t parse_count(const char *name, const char *arg, uint64_t min, uint64_t max)
{
	uint64_t u;
	if (ds_parse_u64(arg, &u) || u < min || u > max)
		ds_usage_error("--%s: '%s' is not a whole number from %llu to %llu", name, arg,
			       (unsigned long long)min, (unsigned long long)max);
	return u;
}

static void handle(int id, const char *arg)
{
	switch (id) {
	case OPT_TARGET:
		add_file(TARGET, arg);
		break;
	case OPT_RAW:
		add_file(RAW, arg);
		break;
	case OPT_NGRAMS:
		cfg.ngrams = (uint32_t)parse_count("ngrams", arg, 1, MAX_NGRAMS);
		break;
	case OPT_BUCKETS:
		cfg.buckets = parse_count("buckets", arg, 1, MAX_BUCKETS);
		break;
	case OPT_SMOOTHING:
		if (ds_parse_double(arg, &cfg.smoothing) || !(cfg.smoothing >= 0) || isinf(cfg.smoothing))
			ds_usage_error("--smoothing: '%s' is not a number >= 0", arg);
		break;
	case OPT_HASH:
		if (!strcmp(arg, "xxh3"))
			cfg.hash = HASH_XXH3;
		else if (!strcmp(arg, "dsir"))
			cfg.hash = HASH_DSIR;
		else
			ds_usage_error("--hash: '%s' is not one of xxh3, dsir", arg);
		break;
	case OPT_MODEL:
		cfg.model = arg;
		break;
	case OPT_NORMALIZE:
		cfg.normalize = 1;
		break;
	case OPT_K:
		cfg.k = parse_count("num", arg, 1, UINT64_MAX / 2);
		break;
	case OPT_TOP_K:
		cfg.top_k = 1;
		break;
	case OPT_MIN_LENGTH:
		cfg.min_length = parse_count("min-length", arg, 0, UINT64_MAX);
		break;
	}
}

/* --- fit ------------------------------------------------------------------ */

struct fit_worker {
	struct featurizer fz;
	struct ds_textsel *sel;
	struct ds_buf text;
	uint64_t *counts[2];
	uint64_t docs[2];
	const char *last_file;	/* role of the file last seen, cached */
	int last_role;
};

static void *fit_new(void *arg)
{
	(void)arg;
	struct fit_worker *w = ds_calloc(1, sizeof *w);
	featurizer_init(&w->fz, &model);
	w->sel = ds_textsel_default();
	w->counts[TARGET] = ds_calloc(model.buckets, sizeof(uint64_t));
	w->counts[RAW] = ds_calloc(model.buckets, sizeof(uint64_t));
	return w;
}

/* A worker's counts join the model when it ends; sums of integers do not
 * depend on the order. */
static void fit_free(void *p)
{
	struct fit_worker *w = p;
	pthread_mutex_lock(&fit_lock);
	for (int r = 0; r < 2; r++) {
		for (uint64_t i = 0; i < model.buckets; i++) {
			model.counts[r][i] += w->counts[r][i];
			model.total[r] += w->counts[r][i];
		}
		model.docs[r] += w->docs[r];
	}
	pthread_mutex_unlock(&fit_lock);
	featurizer_free(&w->fz);
	ds_textsel_free(w->sel);
	ds_buf_free(&w->text);
	free(w->counts[TARGET]);
	free(w->counts[RAW]);
	free(w);
}

/* Records carry their operand's name pointer, which tells target from raw
 * even when the same file is given as both. */
static int role_of(struct fit_worker *w, const char *file)
{
	if (file != w->last_file) {
		w->last_file = file;
		w->last_role = RAW;
		for (int i = 0; i < cfg.ntarget; i++)
			if (cfg.files[i] == file)
				w->last_role = TARGET;
	}
	return w->last_role;
}

static int fit_map(void *p, const struct ds_rec *rec, struct ds_buf *out, struct ds_buf *reason)
{
	(void)out;
	struct fit_worker *w = p;
	if (ds_textsel_get(w->sel, rec->line, rec->len, &w->text, reason))
		return -1;
	featurize(&w->fz, w->text.data ? w->text.data : "", w->text.len);
	int role = role_of(w, rec->file);
	uint64_t *c = w->counts[role];
	for (size_t i = 0; i < w->fz.nfeat; i++)
		c[w->fz.feat[i]]++;
	w->docs[role]++;
	return 0;
}

static void fit_reduce(void *arg, const struct ds_rec *rec, const char *res, size_t n)
{
	(void)arg, (void)rec, (void)res, (void)n;
}

/* A model goes to a file or a pipe, uncompressed (it is read back as is). */
static void check_model_output(void)
{
	const char *o = ds_opt.output;
	if ((!o || !strcmp(o, "-")) && isatty(STDOUT_FILENO))
		ds_usage_error("the model is binary: give -o MODEL, or redirect standard output");
	if (o && strlen(o) > 4 && !strcmp(o + strlen(o) - 4, ".zst"))
		ds_usage_error("-o %s: models are not compressed; give a name without .zst", o);
}

static const struct ds_option fit_options[] = {
	{ "target", 't', "FILE", OPT_TARGET, "a file of the target data (repeat for several)" },
	{ "raw", 'r', "FILE", OPT_RAW, "a file of the raw data (repeat for several)" },
	{ "ngrams", 'n', "N", OPT_NGRAMS, "features: unigrams up to N-grams (default 2)" },
	{ "buckets", 'b', "B", OPT_BUCKETS, "hash buckets (default 10000)" },
	{ "smoothing", 0, "L", OPT_SMOOTHING, "Laplace smoothing of the target counts (default 0)" },
	{ "hash", 0, "NAME", OPT_HASH, "xxh3 (fast, default) or dsir (SHA-256, DSIR's buckets)" },
	{ NULL, 0, NULL, 0, NULL }
};

static int cmd_fit(int argc, char **argv)
{
	static const struct ds_tool tool = {
		.name = "ds-dsir fit",
		.usage = "--target FILE... [--raw FILE...] -o MODEL",
		.summary = "Count hashed n-grams of target and raw data into a DSIR model.",
		.common = DS_OPT_TEXT | DS_OPT_JOBS | DS_OPT_TOKENIZER,
		.default_part = DS_PART_ALL,
		.default_tokenizer = DS_TOK_WORDPUNCT,
		.default_fold_case = 1,
		.options = fit_options,
		.handle = handle,
		.help_tail = "Give --target and --raw once per file. A model fitted on part of the data\n"
			     "(only --target, or one shard of --raw) is completed with 'ds-dsir merge'.\n",
	};
	ds_parse_args(&tool, argc, argv);
	if (ds_opt.nfiles)
		ds_usage_error("'%s': give input files with --target or --raw", ds_opt.files[0]);
	if (!cfg.ntarget && !cfg.nraw)
		ds_usage_error("nothing to fit: give --target FILE and/or --raw FILE");
	check_model_output();
	model = (struct model){ .hash = cfg.hash, .ngrams = cfg.ngrams, .fold = (uint32_t)ds_opt.fold_case,
				.tokenizer = ds_opt.tokenizer, .buckets = cfg.buckets,
				.smoothing = cfg.smoothing };
	model_alloc(&model);
	ds_opt.files = cfg.files;
	ds_opt.nfiles = cfg.ntarget + cfg.nraw;
	ds_begin();
	struct ds_mapper m = { NULL, fit_new, fit_free, fit_map, fit_reduce };
	ds_run_map(&m);
	struct ds_buf b = { 0 };
	model_encode(&model, &b);
	ds_write(b.data, b.len);
	ds_buf_free(&b);
	model_free(&model);
	free(cfg.files);
	return ds_end();
}

/* --- merge ---------------------------------------------------------------- */

static void check_same(const char *path, const char *what, uint64_t a, uint64_t b)
{
	if (a != b)
		ds_die(DS_EXIT_DATA, "%s: fitted with a different %s than %s (%llu, not %llu): "
		       "only models fitted with the same options add up",
		       path, what, ds_opt.files[0], (unsigned long long)b, (unsigned long long)a);
}

static int cmd_merge(int argc, char **argv)
{
	static const struct ds_tool tool = {
		.name = "ds-dsir merge",
		.usage = "MODEL... -o MODEL",
		.summary = "Add DSIR models fitted on shards: the result equals one fit over them all.",
		.common = DS_OPT_NOINPUT,
	};
	ds_parse_args(&tool, argc, argv);
	if (!ds_opt.nfiles)
		ds_usage_error("no model to merge");
	check_model_output();
	model_read(ds_opt.files[0], &model);
	for (int i = 1; i < ds_opt.nfiles; i++) {
		struct model x;
		const char *path = ds_opt.files[i];
		model_read(path, &x);
		check_same(path, "--hash", model.hash, x.hash);
		check_same(path, "--ngrams", model.ngrams, x.ngrams);
		check_same(path, "--buckets", model.buckets, x.buckets);
		check_same(path, "case folding", model.fold, x.fold);
		check_same(path, "--tokenizer", (uint64_t)model.tokenizer, (uint64_t)x.tokenizer);
		if (memcmp(&model.smoothing, &x.smoothing, sizeof x.smoothing))
			ds_die(DS_EXIT_DATA, "%s: fitted with a different --smoothing than %s (%g, not %g)",
			       path, ds_opt.files[0], x.smoothing, model.smoothing);
		for (int r = 0; r < 2; r++) {
			for (uint64_t j = 0; j < model.buckets; j++)
				model.counts[r][j] += x.counts[r][j];
			model.total[r] += x.total[r];
			model.docs[r] += x.docs[r];
		}
		model_free(&x);
	}
	struct ds_buf b = { 0 };
	model_encode(&model, &b);
	struct ds_output *out = ds_output_open(ds_opt.output);
	ds_output_write(out, b.data, b.len);
	ds_output_close(out);
	ds_buf_free(&b);
	model_free(&model);
	return DS_EXIT_OK;
}

/* --- score ---------------------------------------------------------------- */

static double *log_diff;	/* per bucket: ln(p_target + eps) - ln(p_raw + eps) */

static void load_model(void)
{
	if (!cfg.model)
		ds_usage_error("give the model with --model MODEL (made by 'ds-dsir fit')");
	model_read(cfg.model, &model);
	if (!model.total[TARGET])
		ds_die(DS_EXIT_DATA, "%s: the model has no target counts (fit it with --target, "
		       "or merge in a model that has them)", cfg.model);
	if (!model.total[RAW])
		ds_die(DS_EXIT_DATA, "%s: the model has no raw counts (fit it with --raw, "
		       "or merge in a model that has them)", cfg.model);
	double lambda = model.smoothing;
	double target_sum = (double)model.total[TARGET] + lambda * (double)model.buckets;
	double raw_sum = (double)model.total[RAW];
	log_diff = ds_reallocarray(NULL, model.buckets, sizeof *log_diff);
	for (uint64_t i = 0; i < model.buckets; i++) {
		double pt = ((double)model.counts[TARGET][i] + lambda) / target_sum;
		double pr = (double)model.counts[RAW][i] / raw_sum;
		log_diff[i] = log(pt + PROB_EPS) - log(pr + PROB_EPS);
	}
}

static void unload_model(void)
{
	free(log_diff);
	model_free(&model);
}

/* logw = sum over the text's features of log_diff (DSIR's dot product of
 * the count vector with log_diff); --normalize divides it by the length. */
static double weigh(struct featurizer *f, const char *text, size_t len, uint64_t *length)
{
	featurize(f, text, len);
	double logw = 0;
	for (size_t i = 0; i < f->nfeat; i++)
		logw += log_diff[f->feat[i]];
	*length = feature_length(&model, f->nfeat);
	if (cfg.normalize)
		logw = *length ? logw / (double)*length : NAN;
	return logw;
}

static void *score_new(void *arg)
{
	(void)arg;
	struct featurizer *f = ds_malloc(sizeof *f);
	featurizer_init(f, &model);
	return f;
}

static void score_free(void *p)
{
	featurizer_free(p);
	free(p);
}

static int score_compute(void *p, const struct ds_rec *rec, const char *text, size_t len,
			 struct ds_buf *val, struct ds_buf *reason)
{
	(void)rec, (void)reason;
	uint64_t length;
	double logw = weigh(p, text, len, &length);
	struct ds_jw jw;
	ds_jw_init(&jw, val);
	ds_jw_obj(&jw);
	ds_jw_key(&jw, "logw");
	ds_jw_double(&jw, logw);
	ds_jw_key(&jw, "length");
	ds_jw_uint(&jw, length);
	ds_jw_end(&jw);
	return 0;
}

static const struct ds_option score_options[] = {
	{ "model", 'M', "MODEL", OPT_MODEL, "the model (from 'ds-dsir fit' or 'merge')" },
	{ "normalize", 0, NULL, OPT_NORMALIZE, "divide logw by the length (a per-token weight)" },
	{ NULL, 0, NULL, 0, NULL }
};

static int cmd_score(int argc, char **argv)
{
	static const struct ds_tool tool = {
		.name = "ds-dsir score",
		.usage = "--model MODEL [OPTION]... [FILE]...",
		.summary = "Annotate each record with its DSIR log importance weight and length.",
		.common = DS_OPT_TEXT | DS_OPT_KEY | DS_OPT_JOBS,
		.default_key = "dsir",
		.default_part = DS_PART_ALL,
		.options = score_options,
		.handle = handle,
		.help_tail = "Output: {\"logw\": sum of ln(p_target+1e-8) - ln(p_raw+1e-8) over the\n"
			     "record's features, \"length\": its token count}.\n",
	};
	ds_parse_args(&tool, argc, argv);
	load_model();
	struct ds_annotator a = { NULL, score_new, score_free, score_compute, false };
	int status = ds_run_annotate(&a);
	unload_model();
	return status;
}

/* --- select --------------------------------------------------------------- */

struct select_worker {
	struct featurizer fz;
	struct ds_textsel *sel;
	struct ds_buf text;
};

static void *select_new(void *arg)
{
	(void)arg;
	struct select_worker *w = ds_calloc(1, sizeof *w);
	featurizer_init(&w->fz, &model);
	w->sel = ds_textsel_default();
	return w;
}

static void select_free(void *p)
{
	struct select_worker *w = p;
	featurizer_free(&w->fz);
	ds_textsel_free(w->sel);
	ds_buf_free(&w->text);
	free(w);
}

/* The record's sort key, or nothing when it can never be selected (shorter
 * than --min-length, or no weight). Gumbel noise comes from the seed and the
 * record's bytes, so a record draws the same noise in any shard. */
static int select_map(void *p, const struct ds_rec *rec, struct ds_buf *out, struct ds_buf *reason)
{
	struct select_worker *w = p;
	if (ds_textsel_get(w->sel, rec->line, rec->len, &w->text, reason))
		return -1;
	uint64_t length;
	double key = weigh(&w->fz, w->text.data ? w->text.data : "", w->text.len, &length);
	if (length < cfg.min_length || isnan(key))
		return 0;
	if (!cfg.top_k)
		key += -log(-log(ds_unit(ds_record_key(ds_opt.seed, rec->line, rec->len))));
	ds_buf_add(out, &key, sizeof key);
	return 0;
}

/* The k best keys so far, in a heap whose root is the worst of them. */
struct pick {
	double key;
	uint64_t seq;
	/* The record itself, kept only when the input cannot be read twice. */
	char *line;
	size_t len, cap;
	const char *file;
	uint64_t lineno;
};

static struct {
	struct pick *heap;
	size_t n, cap;
	bool keep_lines;
	uint64_t eligible;
} sel;

/* Higher key first; on equal keys the earlier record. */
static bool better(const struct pick *a, const struct pick *b)
{
	return a->key > b->key || (a->key == b->key && a->seq < b->seq);
}

static void sift_down(size_t i)
{
	struct pick *h = sel.heap;
	for (;;) {
		size_t worst = i, l = 2 * i + 1, r = l + 1;
		if (l < sel.n && better(&h[worst], &h[l]))
			worst = l;
		if (r < sel.n && better(&h[worst], &h[r]))
			worst = r;
		if (worst == i)
			return;
		struct pick t = h[i];
		h[i] = h[worst];
		h[worst] = t;
		i = worst;
	}
}

static void sift_up(size_t i)
{
	struct pick *h = sel.heap;
	while (i > 0 && better(&h[(i - 1) / 2], &h[i])) {
		struct pick t = h[i];
		h[i] = h[(i - 1) / 2];
		h[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
}

static void keep_record(struct pick *p, const struct ds_rec *rec)
{
	if (p->cap < rec->len) {
		p->cap = rec->len + rec->len / 2;
		p->line = ds_realloc(p->line, p->cap);
	}
	memcpy(p->line, rec->line, rec->len);
	p->len = rec->len;
	p->file = rec->file;
	p->lineno = rec->lineno;
}

static void select_reduce(void *arg, const struct ds_rec *rec, const char *res, size_t n)
{
	(void)arg;
	if (n != sizeof(double))
		return;
	sel.eligible++;
	struct pick cand = { .seq = rec->seq };
	memcpy(&cand.key, res, sizeof cand.key);
	if (sel.n < cfg.k) {
		if (sel.n == sel.cap) {
			sel.cap = sel.cap ? sel.cap * 2 : 1024;
			if (sel.cap > cfg.k)
				sel.cap = (size_t)cfg.k;
			sel.heap = ds_reallocarray(sel.heap, sel.cap, sizeof *sel.heap);
		}
		struct pick *p = &sel.heap[sel.n];
		*p = cand;
		if (sel.keep_lines)
			keep_record(p, rec);
		sift_up(sel.n++);
	} else if (better(&cand, &sel.heap[0])) {
		struct pick *p = &sel.heap[0];
		p->key = cand.key;
		p->seq = cand.seq;
		if (sel.keep_lines)
			keep_record(p, rec);
		sift_down(0);
	}
}

static int by_seq(const void *a, const void *b)
{
	const struct pick *x = a, *y = b;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static const struct ds_option select_options[] = {
	{ "num", 'k', "N", OPT_K, "how many records to select (required)" },
	{ "model", 'M', "MODEL", OPT_MODEL, "the model (from 'ds-dsir fit' or 'merge')" },
	{ "top-k", 0, NULL, OPT_TOP_K, "the N highest weights, without Gumbel noise" },
	{ "min-length", 0, "N", OPT_MIN_LENGTH, "never select records under N tokens (default 100)" },
	{ "normalize", 0, NULL, OPT_NORMALIZE, "rank by logw / length" },
	{ NULL, 0, NULL, 0, NULL }
};

static int cmd_select(int argc, char **argv)
{
	static const struct ds_tool tool = {
		.name = "ds-dsir select",
		.usage = "-k N --model MODEL [OPTION]... [FILE]...",
		.summary = "Select N records by DSIR importance resampling (Gumbel top-k), in input order.",
		.common = DS_OPT_TEXT | DS_OPT_JOBS | DS_OPT_SEED,
		.default_part = DS_PART_ALL,
		.options = select_options,
		.handle = handle,
		.help_tail = "Regular files are read twice (the second time to copy the selected lines);\n"
			     "other input keeps the selected lines in memory.\n",
	};
	ds_parse_args(&tool, argc, argv);
	if (!cfg.k)
		ds_usage_error("give the number of records to select with -k N");
	load_model();
	ds_begin();
	sel.keep_lines = !ds_input_rewindable();
	struct ds_mapper m = { NULL, select_new, select_free, select_map, select_reduce };
	ds_run_map(&m);
	qsort(sel.heap, sel.n, sizeof *sel.heap, by_seq);
	if (sel.keep_lines) {
		for (size_t i = 0; i < sel.n; i++) {
			struct pick *p = &sel.heap[i];
			ds_emit(&(struct ds_rec){ p->line, p->len, p->file, p->lineno, p->seq });
		}
	} else if (sel.n) {
		ds_rewind();
		struct ds_rec rec;
		size_t i = 0;
		while (i < sel.n && ds_next(&rec))
			if (rec.seq == sel.heap[i].seq) {
				ds_emit(&rec);
				i++;
			}
	}
	if (sel.eligible < cfg.k)
		ds_warn("only %llu record%s long enough (--min-length %llu): all selected",
			(unsigned long long)sel.eligible, sel.eligible == 1 ? " is" : "s are",
			(unsigned long long)cfg.min_length);
	for (size_t i = 0; i < sel.n; i++)
		free(sel.heap[i].line);
	free(sel.heap);
	unload_model();
	return ds_end();
}

/* --- main ----------------------------------------------------------------- */

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "fit", cmd_fit, "count hashed n-grams of target and raw data into a model" },
	{ "merge", cmd_merge, "add models fitted on shards" },
	{ "score", cmd_score, "annotate records with their log importance weight" },
	{ "select", cmd_select, "select k records by importance resampling" },
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *to)
{
	fprintf(to, "Usage: ds-dsir COMMAND [OPTION]... [FILE]...\n"
		"Data selection with importance resampling (DSIR) on hashed n-grams.\n\nCommands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(to, "  %-8s%s\n", commands[i].name, commands[i].summary);
	fprintf(to, "\n'ds-dsir COMMAND --help' lists a command's options. See ds-dsir(1).\n");
}

int main(int argc, char **argv)
{
	ds_prog = "ds-dsir";
	if (argc < 2) {
		usage(stderr);
		return DS_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(stdout);
		if (fflush(stdout) || ferror(stdout))
			ds_die(DS_EXIT_IO, "write error on standard output");
		return DS_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("ds-dsir (dsutils) %s\n", PACKAGE_VERSION);
		if (fflush(stdout) || ferror(stdout))
			ds_die(DS_EXIT_IO, "write error on standard output");
		return DS_EXIT_OK;
	}
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	ds_usage_error("unknown command '%s' (fit, merge, score or select)", argv[1]);
}
