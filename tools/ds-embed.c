/* ds-embed: a vector per record by signed feature hashing of word n-grams or
 * character n-grams, optionally TF-IDF weighted, L2-normalised (ds-embed(1)). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bytes.h"
#include "counter.h"
#include "hash.h"
#include "input.h"
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

/* Document frequencies are counted per feature hash in 2^22 buckets (16 MiB),
 * independent of --dim, so IDF stays meaningful at small dimensions. (The
 * fuzz harness of the IDF state, fuzz/fuzz-embed.c, builds it with fewer.) */
#ifndef DF_BITS
#define DF_BITS 22
#endif
#define DF_BUCKETS (1u << DF_BITS)
#define IDF_SETTINGS 64

/* The IDF state: a state file (statefile.h: magic, version, checksum) whose
 * body is the settings string (IDF_SETTINGS bytes, NUL-padded), u64 records
 * counted, and u32 document frequency per bucket, little-endian. */
static const struct ds_statekind idf_kind = {
	"\x89" "DSIDF\n\x1a", 1, "ds-embed IDF state", "make one with ds-embed --idf-out"
};

static struct {
	size_t dim;
	size_t char_n;		/* 0: word unigrams and bigrams; else character n-grams */
	bool sublinear;		/* tf -> 1 + ln tf */
	bool idf;		/* weight by idf */
	const char *idf_in, *idf_out, *vectors_out;
	uint64_t ndocs;
	uint32_t *df;
	double *idf_of;		/* per df bucket */
} cfg = { .dim = 256 };

enum { OPT_DIM, OPT_FEATURES, OPT_SUBLINEAR, OPT_TFIDF, OPT_IDF, OPT_IDF_OUT, OPT_VECTORS_OUT };

static const struct ds_option options[] = {
	{ "dim", 'd', "D", OPT_DIM, "dimensions (default 256)" },
	{ "features", 0, "KIND", OPT_FEATURES, "words (unigrams and bigrams of --tokenizer tokens, the default) or chars:N (character N-grams)" },
	{ "sublinear-tf", 0, NULL, OPT_SUBLINEAR, "weight a feature by 1 + ln(count) instead of its count" },
	{ "tfidf", 0, NULL, OPT_TFIDF, "weight by IDF counted in a first pass over the input (a file)" },
	{ "idf", 0, "FILE", OPT_IDF, "weight by the IDF state saved in FILE by --idf-out (no first pass)" },
	{ "idf-out", 0, "FILE", OPT_IDF_OUT, "count IDF in a first pass, save it to FILE, and weight by it" },
	{ "vectors-out", 0, "FILE", OPT_VECTORS_OUT, "write the vectors to FILE (.npy float32, a row per output line) and the lines unchanged" },
	{ NULL, 0, NULL, 0, NULL }
};

static void handle(int id, const char *arg)
{
	uint64_t u;
	switch (id) {
	case OPT_DIM:
		if (ds_parse_u64(arg, &u) || u < 1 || u > (1u << 20))
			ds_usage_error("--dim: '%s' is not a whole number from 1 to 1048576", arg);
		cfg.dim = (size_t)u;
		break;
	case OPT_FEATURES:
		if (!strcmp(arg, "words"))
			cfg.char_n = 0;
		else if (!strncmp(arg, "chars:", 6) && !ds_parse_u64(arg + 6, &u) && u >= 1 && u <= 64)
			cfg.char_n = (size_t)u;
		else
			ds_usage_error("--features: '%s' is not words or chars:N (N from 1 to 64)", arg);
		break;
	case OPT_SUBLINEAR:
		cfg.sublinear = true;
		break;
	case OPT_TFIDF:
		cfg.idf = true;
		break;
	case OPT_IDF:
		cfg.idf_in = arg;
		cfg.idf = true;
		break;
	case OPT_IDF_OUT:
		cfg.idf_out = arg;
		cfg.idf = true;
		break;
	case OPT_VECTORS_OUT:
		cfg.vectors_out = arg;
		break;
	}
}

/* --- features -------------------------------------------------------------------- */

/* A vector has few distinct values (small integers over the norm, and many
 * zeros), so their shortest decimals are kept by bit pattern. */
#define NUM_CACHE 64

struct worker {
	uint64_t num_bits[NUM_CACHE];
	char num_text[NUM_CACHE][DS_NUM_MAX];
	unsigned char num_len[NUM_CACHE];
	struct ds_textsel *sel;
	struct ds_buf text;
	struct ds_tokens tok;
	uint64_t *hashes;		/* the text's features, in order */
	size_t nhashes, cap;
	struct ds_counter feats;	/* distinct feature hashes and their counts */
	double *vec;
	float *row;
};

static void *worker_new(void *arg)
{
	(void)arg;
	struct worker *w = ds_calloc(1, sizeof *w);
	for (size_t i = 0; i < NUM_CACHE; i++)	/* bits 0 (0.0) is slot 0's, filled below */
		w->num_len[i] = (unsigned char)ds_fmt_double(w->num_text[i], 0.0);
	ds_counter_init(&w->feats);
	w->vec = ds_malloc(cfg.dim * sizeof *w->vec);
	w->row = ds_malloc(cfg.dim * sizeof *w->row);
	return w;
}

static void worker_free(void *p)
{
	struct worker *w = p;
	ds_textsel_free(w->sel);
	ds_buf_free(&w->text);
	ds_tokens_free(&w->tok);
	ds_counter_free(&w->feats);
	free(w->hashes);
	free(w->vec);
	free(w->row);
	free(w);
}

/* The hashes of the text's features, in text order, into w->hashes. */
static void features(struct worker *w, const char *text, size_t len)
{
	struct ds_tokens *t = &w->tok;
	bool chars = cfg.char_n > 0;
	ds_tokenize(chars ? DS_TOK_CHARS : ds_opt.tokenizer, ds_opt.fold_case, text, len, t);
	if (w->cap < 2 * t->n + 1) {
		w->cap = 2 * t->n + 1;
		w->hashes = ds_reallocarray(w->hashes, w->cap, sizeof *w->hashes);
	}
	size_t nh = 0;
	if (chars) {
		/* Character tokens are packed back to back, so an n-gram is one
		 * byte range; a text shorter than n is one feature. */
		size_t n = cfg.char_n < t->n ? cfg.char_n : t->n;
		for (size_t i = 0; n && i + n <= t->n; i++) {
			size_t from = t->off[i], to = t->off[i + n - 1] + t->len[i + n - 1];
			w->hashes[nh++] = ds_hash64(t->bytes + from, to - from, 0);
		}
	} else {
		uint64_t prev = 0;
		for (size_t i = 0; i < t->n; i++) {
			uint64_t h = ds_hash64(ds_tok_at(t, i), t->len[i], 0);
			w->hashes[nh++] = h;
			if (i > 0)	/* a bigram: an ordered mix of its two words */
				w->hashes[nh++] = ds_mix64(prev * 0x9e3779b97f4a7c15u ^ h) ^ 0x5bd1e995u;
			prev = h;
		}
	}
	w->nhashes = nh;
}

/* Count the features into w->feats (distinct hashes and their counts). */
static void count_features(struct worker *w)
{
	ds_counter_clear(&w->feats);
	for (size_t i = 0; i < w->nhashes; i++)
		ds_counter_add(&w->feats, w->hashes[i]);
}

/* Add weight to the feature's column with the feature's sign; column and sign
 * come from other bits than the df bucket's. */
static inline void add_feature(double *vec, uint64_t h, double weight)
{
	uint64_t m = ds_mix64(h);
	size_t col = (size_t)(((m & 0xffffffffu) * (uint64_t)cfg.dim) >> 32);
	vec[col] += m >> 63 ? -weight : weight;
}

/* The record's vector in w->vec (unit length, or zero for a text without features). */
static void embed(struct worker *w, const char *text, size_t len)
{
	features(w, text, len);
	memset(w->vec, 0, cfg.dim * sizeof *w->vec);
	if (!cfg.sublinear && !cfg.idf) {
		/* Raw counts: adding +-1 per occurrence is exact, the same sums as
		 * +-count per feature, without counting. */
		for (size_t i = 0; i < w->nhashes; i++)
			add_feature(w->vec, w->hashes[i], 1);
	} else {
		count_features(w);
		const struct ds_counter *c = &w->feats;
		for (size_t i = 0; i < c->ntypes; i++) {
			uint64_t h = c->keys[c->slot_of[i]];
			double tf = (double)c->count[i];
			double weight = cfg.sublinear ? 1 + log(tf) : tf;
			if (cfg.idf)
				weight *= cfg.idf_of[h & (DF_BUCKETS - 1)];
			add_feature(w->vec, h, weight);
		}
	}
	ds_l2_normalize(w->vec, cfg.dim);
}

/* --- IDF state ------------------------------------------------------------------- */

static void settings_string(char *s)
{
	memset(s, 0, IDF_SETTINGS);
	if (cfg.char_n)
		snprintf(s, IDF_SETTINGS, "chars:%zu fold=%d", cfg.char_n, ds_opt.fold_case);
	else
		snprintf(s, IDF_SETTINGS, "words tokenizer=%s fold=%d", ds_tok_name(ds_opt.tokenizer),
			 ds_opt.fold_case);
}

static void first_pass(void)
{
	struct ds_input *in = ds_input_open(ds_opt.files, ds_opt.nfiles, ds_opt.max_line);
	if (!ds_input_can_rewind(in))
		ds_usage_error("--tfidf/--idf-out read the input twice: give a file, not a pipe"
			       " (or load a saved state with --idf FILE)");
	struct worker *w = worker_new(NULL);
	w->sel = ds_textsel_default();
	struct ds_buf reason = { 0 };
	struct ds_line l;
	/* Bad records are reported by the second pass, in order. */
	while (ds_input_next(in, &l)) {
		const char *why;
		size_t at;
		if (l.too_long || ds_json_validate(l.p, l.len, &why, &at)
		    || ds_jtype(ds_json_root(l.p, l.len)) != DS_J_OBJECT)
			continue;
		ds_buf_reset(&reason);
		if (ds_textsel_get(w->sel, l.p, l.len, &w->text, &reason))
			continue;
		features(w, w->text.data ? w->text.data : "", w->text.len);
		count_features(w);
		for (size_t i = 0; i < w->feats.ntypes; i++)
			cfg.df[w->feats.keys[w->feats.slot_of[i]] & (DF_BUCKETS - 1)]++;
		cfg.ndocs++;
	}
	ds_input_close(in);
	ds_buf_free(&reason);
	worker_free(w);
}

static void save_idf(const char *path)
{
	struct ds_buf b = { 0 };
	ds_state_begin(&b, &idf_kind);
	char settings[IDF_SETTINGS];
	settings_string(settings);
	ds_buf_add(&b, settings, IDF_SETTINGS);
	ds_put_u64(&b, cfg.ndocs);
	for (size_t i = 0; i < DF_BUCKETS; i++)
		ds_put_u32(&b, cfg.df[i]);
	ds_state_end(&b);
	struct ds_output *o = ds_output_open(path);
	ds_output_write(o, b.data, b.len);
	ds_output_close(o);
	ds_buf_free(&b);
}

static void load_idf(const char *path)
{
	struct ds_state s;
	ds_state_load(&s, path, &idf_kind);
	char settings[IDF_SETTINGS], want[IDF_SETTINGS];
	memcpy(settings, ds_state_take(&s, IDF_SETTINGS), IDF_SETTINGS);
	cfg.ndocs = ds_state_u64(&s);
	if (ds_state_left(&s) != DF_BUCKETS * 4)
		ds_state_corrupt(&s, "not one count per bucket");
	const unsigned char *df = ds_state_take(&s, DF_BUCKETS * 4);
	for (size_t i = 0; i < DF_BUCKETS; i++)
		if ((cfg.df[i] = ds_get_u32(df + 4 * i)) > cfg.ndocs)
			ds_state_corrupt(&s, "a document frequency above the number of records");
	ds_state_done(&s);
	settings_string(want);
	if (memcmp(settings, want, IDF_SETTINGS))
		ds_usage_error("%s was counted with '%.*s', but this run uses '%s'", path,
			       IDF_SETTINGS, settings, want);
}

/* sklearn's smooth IDF: ln((1 + n) / (1 + df)) + 1. */
static void prepare_idf(void)
{
	cfg.df = ds_calloc(DF_BUCKETS, sizeof *cfg.df);
	if (cfg.idf_in)
		load_idf(cfg.idf_in);
	else
		first_pass();
	if (cfg.idf_out)
		save_idf(cfg.idf_out);
	cfg.idf_of = ds_malloc(DF_BUCKETS * sizeof *cfg.idf_of);
	for (size_t i = 0; i < DF_BUCKETS; i++)
		cfg.idf_of[i] = log((1.0 + (double)cfg.ndocs) / (1.0 + cfg.df[i])) + 1;
	free(cfg.df);
}

/* --- output -------------------------------------------------------------------------- */

/* Append x as ds_fmt_double writes it. */
static void put_number(struct worker *w, struct ds_buf *out, double x)
{
	uint64_t bits;
	memcpy(&bits, &x, sizeof bits);
	size_t slot = (size_t)((bits * 0x9e3779b97f4a7c15u) >> 58);
	if (w->num_bits[slot] != bits) {
		w->num_bits[slot] = bits;
		w->num_len[slot] = (unsigned char)ds_fmt_double(w->num_text[slot], x);
	}
	ds_buf_add(out, w->num_text[slot], w->num_len[slot]);
}

static int compute(void *p, const struct ds_rec *rec, const char *text, size_t len,
		   struct ds_buf *val, struct ds_buf *reason)
{
	(void)rec;
	(void)reason;
	struct worker *w = p;
	embed(w, text, len);
	ds_buf_addc(val, '[');
	for (size_t i = 0; i < cfg.dim; i++) {
		if (i)
			ds_buf_addc(val, ',');
		put_number(w, val, w->vec[i]);
	}
	ds_buf_addc(val, ']');
	return 0;
}

/* --vectors-out: workers make float32 rows, the main thread writes them in order. */
static struct ds_npy_writer *npy;

static void *row_worker_new(void *arg)
{
	struct worker *w = worker_new(arg);
	w->sel = ds_textsel_default();
	return w;
}

static int row_map(void *p, const struct ds_rec *rec, struct ds_buf *out, struct ds_buf *reason)
{
	struct worker *w = p;
	if (ds_textsel_get(w->sel, rec->line, rec->len, &w->text, reason))
		return -1;
	embed(w, w->text.data ? w->text.data : "", w->text.len);
	for (size_t i = 0; i < cfg.dim; i++)
		w->row[i] = (float)w->vec[i];
	ds_buf_add(out, w->row, cfg.dim * sizeof *w->row);
	return 0;
}

static void row_reduce(void *arg, const struct ds_rec *rec, const char *res, size_t n)
{
	(void)arg;
	(void)n;
	ds_npy_write(npy, (const float *)res);	/* malloc'd, rows of 4-byte floats: aligned */
	ds_emit(rec);
}

static const struct ds_tool tool = {
	.name = "ds-embed",
	.usage = "[OPTION]... [FILE]...",
	.summary = "Annotate each record with a hashed n-gram vector of its text (no model needed).",
	.common = DS_OPT_TEXT | DS_OPT_KEY | DS_OPT_JOBS | DS_OPT_TOKENIZER,
	.default_key = "emb",
	.default_format = 0,
	.default_part = DS_PART_ALL,
	.default_tokenizer = DS_TOK_WORDS,
	.default_fold_case = 1,
	.options = options,
	.handle = handle,
	.help_tail =
		"Each n-gram adds +-weight to one of D columns (both chosen by its hash);\n"
		"the vector is then scaled to unit length. Vectors feed ds-knn-div,\n"
		"ds-kcenter and ds-diversity (--vec .emb, or --vectors FILE.npy).\n",
};

int main(int argc, char **argv)
{
	ds_parse_args(&tool, argc, argv);
	if (cfg.idf_in && cfg.idf_out)
		ds_usage_error("--idf loads a state and --idf-out counts one: give one");
	if (cfg.vectors_out && ds_opt.on_error == DS_ON_ERROR_PASS)
		ds_usage_error("--vectors-out writes a row per output line: use --on-error skip, not pass");
	if (cfg.idf)
		prepare_idf();
	if (!cfg.vectors_out) {
		struct ds_annotator a = { NULL, worker_new, worker_free, compute, false };
		return ds_run_annotate(&a);
	}
	npy = ds_npy_create(cfg.vectors_out, cfg.dim);
	struct ds_mapper m = { NULL, row_worker_new, worker_free, row_map, row_reduce };
	ds_begin();
	ds_run_map(&m);
	int status = ds_end();
	ds_npy_close(npy);
	return status;
}
