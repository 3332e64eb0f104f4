/* ds-lm: n-gram language models as KenLM makes and uses them: train an
 * interpolated modified Kneser-Ney model into an ARPA file (lmplz), score each
 * record's perplexity (query), and cache a model as an mmap-able binary file
 * (ds-lm(1)). */
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "lm.h"
#include "numfmt.h"
#include "opts.h"
#include "output.h"
#include "run.h"
#include "spm.h"
#include "text.h"
#include "tok.h"
#include "util.h"

/* --- words of a text ----------------------------------------------------------
 * The default is what the reference values were made with: Python's
 * str.lower() and str.split(), which ds_tokenize's folding and the
 * whitespace scheme reproduce. */

struct words {
	struct ds_tokens tok;
	const char **w;		/* the words to use */
	uint32_t *len;
	size_t n, cap;
};

static void words_free(struct words *ws)
{
	ds_tokens_free(&ws->tok);
	free(ws->w);
	free(ws->len);
}

static void split_words(struct words *ws, const char *text, size_t len)
{
	ds_tokenize(ds_opt.tokenizer, ds_opt.fold_case, text, len, &ws->tok);
	size_t n = ws->tok.n;
	if (n > ws->cap) {
		ws->cap = n > 2 * ws->cap ? n : 2 * ws->cap;
		ws->w = ds_reallocarray(ws->w, ws->cap, sizeof *ws->w);
		ws->len = ds_reallocarray(ws->len, ws->cap, sizeof *ws->len);
	}
	ws->n = n;
	for (size_t i = 0; i < n; i++) {
		ws->w[i] = ds_tok_at(&ws->tok, i);
		ws->len[i] = ws->tok.len[i];
	}
}

/* Tokens holding ARPA's separators (other schemes than whitespace can make
 * them: chars gives the spaces too) cannot be words of a model: dropped. */
static void drop_blank_tokens(struct words *ws)
{
	size_t k = 0;
	for (size_t i = 0; i < ws->n; i++) {
		bool blank = false;
		for (uint32_t j = 0; j < ws->len[i] && !blank; j++)
			blank = strchr(" \t\n\r\v\f", ws->w[i][j]) && ws->w[i][j];
		if (!blank) {
			ws->w[k] = ws->w[i];
			ws->len[k++] = ws->len[i];
		}
	}
	ws->n = k;
}

/* The words of a text as ds-lm uses them, in train and score alike. */
static void text_words(struct words *ws, const char *text, size_t len)
{
	split_words(ws, text, len);
	if (ds_opt.tokenizer != DS_TOK_WHITESPACE)
		drop_blank_tokens(ws);
}

/* --spm: the words are the text's SentencePiece pieces, split on white space
 * as KenLM splits the line of pieces that data-juicer and CCNet give it. */
static struct lm_spm *spm;
static bool spm_fold;	/* lower-case the text before encoding it */

struct spm_work {
	struct ds_buf folded, pieces, err;
};

static void spm_work_free(struct spm_work *sw)
{
	ds_buf_free(&sw->folded);
	ds_buf_free(&sw->pieces);
	ds_buf_free(&sw->err);
}

/* The pieces of text[0..*len) joined by spaces; NULL with the reason on a
 * SentencePiece failure. */
static const char *spm_pieces(struct spm_work *sw, const char *text, size_t *len,
			      struct ds_buf *reason)
{
	if (spm_fold) {
		ds_buf_reset(&sw->folded);
		ds_fold_case(text, *len, &sw->folded);
		text = sw->folded.data ? sw->folded.data : "";
		*len = sw->folded.len;
	}
	ds_buf_reset(&sw->pieces);
	ds_buf_reset(&sw->err);
	if (lm_spm_encode(spm, text, *len, &sw->pieces, &sw->err) < 0) {
		ds_buf_printf(reason, "SentencePiece: %s", ds_buf_cstr(&sw->err));
		return NULL;
	}
	*len = sw->pieces.len;
	return sw->pieces.data ? sw->pieces.data : "";
}

/* --- train ------------------------------------------------------------------ */

/* A second output beside run.h's: states, binary models, merged models. */
static struct ds_output *file_out;

static void file_write(const char *p, size_t n)
{
	ds_output_write(file_out, p, n);
}

/* A whole file mapped read-only; exits on failure. */
static const char *map_file(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) != 0)
		ds_die_errno(DS_EXIT_IO, "%s", path);
	*len = (size_t)sb.st_size;
	void *p = *len ? mmap(NULL, *len, PROT_READ, MAP_PRIVATE, fd, 0) : NULL;
	if (*len && p == MAP_FAILED)
		ds_die_errno(DS_EXIT_IO, "%s", path);
	close(fd);
	return p;
}

enum {
	OPT_ORDER = 1, OPT_FALLBACK, OPT_FALLBACK_D, OPT_SKIP_SYMBOLS, OPT_NO_INTERP_UNI,
	OPT_STATE_OUT, OPT_MERGE, OPT_MODEL, OPT_PPL_EXCL_OOV, OPT_DATA_JUICER, OPT_WORDS,
	OPT_SPM
};

static struct {
	struct lm_train_opts train;
	bool skip_symbols;
	const char *state_out;	/* --state-out */
	bool merge;		/* the operands are states */
	const char *model;
	const char *spm;	/* --spm */
	bool ppl_excl_oov, data_juicer, words;
} cfg = {
	.train = { .order = 0, .fallback = false, .fallback_d = { 0.0f, 0.5f, 1.0f, 1.5f },
		   .interpolate_unigrams = true },
};

static const struct ds_option train_options[] = {
	{ "order", 'n', "N", OPT_ORDER, "order of the model, 2 to 6 (lmplz -o; required)" },
	{ "discount-fallback", 0, NULL, OPT_FALLBACK, "when an order's discounts cannot be estimated, use 0.5 1 1.5 (lmplz --discount_fallback)" },
	{ "fallback-discounts", 0, "D1,D2,D3", OPT_FALLBACK_D, "the fallback discounts instead (implies --discount-fallback)" },
	{ "skip-symbols", 0, NULL, OPT_SKIP_SYMBOLS, "drop the tokens <s>, </s> and <unk> instead of rejecting their records" },
	{ "no-interpolate-unigrams", 0, NULL, OPT_NO_INTERP_UNI, "give <unk> all of the unigram interpolation mass, as SRILM (lmplz --interpolate_unigrams 0)" },
	{ "state-out", 0, "FILE", OPT_STATE_OUT, "write the counts there instead of a model (to merge shards later)" },
	{ "merge", 0, NULL, OPT_MERGE, "the operands are --state-out files of shards, in shard order: add them up" },
	{ "spm", 0, "MODEL", OPT_SPM, "the words are the SentencePiece pieces of the text under that model (case kept unless --fold-case)" },
	{ NULL, 0, NULL, 0, NULL }
};

static const struct ds_option score_options[] = {
	{ "model", 0, "FILE", OPT_MODEL, "the model: ARPA text or a build-binary file (required)" },
	{ "ppl-excl-oov", 0, NULL, OPT_PPL_EXCL_OOV, "add ppl_excl_oov: perplexity without the OOV words (query's second figure)" },
	{ "data-juicer", 0, NULL, OPT_DATA_JUICER, "ppl as data-juicer stores it: rounded to 0.1, and 0.0 for a text without words" },
	{ "words", 0, NULL, OPT_WORDS, "add word_log10 and ngram_len: each word's and </s>'s log10 p and matched n-gram length" },
	{ "spm", 0, "MODEL", OPT_SPM, "the words are the SentencePiece pieces of the text under that model (case kept unless --fold-case)" },
	{ NULL, 0, NULL, 0, NULL }
};

static void handle(int id, const char *arg)
{
	uint64_t u;
	switch (id) {
	case OPT_ORDER:
		if (ds_parse_u64(arg, &u) || u < 2 || u > LM_MAX_ORDER)
			ds_usage_error("--order: '%s' is not an order from 2 to %d", arg, LM_MAX_ORDER);
		cfg.train.order = (int)u;
		break;
	case OPT_FALLBACK:
		cfg.train.fallback = true;
		break;
	case OPT_FALLBACK_D: {
		char *list = ds_strdup(arg), *save = NULL;
		int k = 0;
		for (char *d = strtok_r(list, ",", &save); d; d = strtok_r(NULL, ",", &save)) {
			double v;
			if (k == 3 || ds_parse_double(d, &v) || !(v >= 0) || v > 1e6)
				ds_usage_error("--fallback-discounts: '%s' is not three numbers D1,D2,D3", arg);
			cfg.train.fallback_d[++k] = (float)v;
		}
		free(list);
		if (k != 3)
			ds_usage_error("--fallback-discounts: '%s' is not three numbers D1,D2,D3", arg);
		cfg.train.fallback = true;
		break;
	}
	case OPT_SKIP_SYMBOLS:
		cfg.skip_symbols = true;
		break;
	case OPT_NO_INTERP_UNI:
		cfg.train.interpolate_unigrams = false;
		break;
	case OPT_STATE_OUT:
		cfg.state_out = arg;
		break;
	case OPT_MERGE:
		cfg.merge = true;
		break;
	case OPT_MODEL:
		cfg.model = arg;
		break;
	case OPT_PPL_EXCL_OOV:
		cfg.ppl_excl_oov = true;
		break;
	case OPT_DATA_JUICER:
		cfg.data_juicer = true;
		break;
	case OPT_WORDS:
		cfg.words = true;
		break;
	case OPT_SPM:
		cfg.spm = arg;
		break;
	}
}

static void complain(const char *msg)
{
	ds_warn("%s", msg);
}

/* After the options: what --spm changes. The default is to fold case, except
 * that SentencePiece gets the text as it is (as data-juicer gives it);
 * --fold-case lower-cases it first (as CCNet's normalisation does), and the
 * pieces themselves are never folded. */
static void words_options(void)
{
	if (!cfg.spm) {
		if (ds_opt.fold_case < 0)
			ds_opt.fold_case = 1;
		return;
	}
	if (ds_opt.tokenizer != DS_TOK_WHITESPACE)
		ds_usage_error("--spm: the SentencePiece pieces are the words; leave out --tokenizer");
	spm_fold = ds_opt.fold_case > 0;
	ds_opt.fold_case = 0;
	/* Opened here first, for the I/O error's status and message. */
	int fd = open(cfg.spm, O_RDONLY);
	if (fd < 0)
		ds_die_errno(DS_EXIT_IO, "%s", cfg.spm);
	close(fd);
	struct ds_buf err = { 0 };
	spm = lm_spm_load(cfg.spm, &err);
	if (!spm) {
		while (err.len && err.data[err.len - 1] == ' ')
			err.len--;
		ds_die(DS_EXIT_DATA, "%s: not a SentencePiece model (%s)", cfg.spm,
		       ds_buf_cstr(&err));
	}
	ds_buf_free(&err);
}

static const struct ds_tool train_tool = {
	.name = "ds-lm train",
	.usage = "-n ORDER [OPTION]... [FILE]... -o MODEL.arpa",
	.summary = "Train an interpolated modified Kneser-Ney n-gram model (as KenLM's lmplz) "
		   "on the records' texts, one record per sentence, and write it as ARPA text.",
	.common = DS_OPT_TEXT | DS_OPT_MEMORY | DS_OPT_TOKENIZER,
	.default_format = DS_FMT_AUTO,
	.default_part = DS_PART_RESPONSE,
	.default_tokenizer = DS_TOK_WHITESPACE,
	.default_fold_case = -1,	/* decided by --spm: see words_options() */
	.options = train_options,
	.handle = handle,
	.help_tail = "Words: the text lower-cased and split on white space (Python's str.lower()\n"
		     "and str.split()); each record is one sentence <s> w1 ... wk </s>.\n",
};

/* Estimate and write the model through write(); exits on discount trouble. */
static void finish_train(struct lm_trainer *t, void (*write)(const char *p, size_t n))
{
	struct lm_train_stats st;
	struct ds_buf err = { 0 };
	if (lm_train_finish(t, write, complain, &st, &err) < 0)
		ds_die(DS_EXIT_DATA, "%s", ds_buf_cstr(&err));
	ds_buf_free(&err);
	if (!ds_verbose)
		return;
	fprintf(stderr, "%s: %" PRIu64 " unigram tokens, %" PRIu64 " types\n", ds_prog,
		lm_train_tokens(t), st.counts[0]);
	for (int n = 1; n <= cfg.train.order; n++)	/* lmplz's Statistics lines */
		fprintf(stderr, "%s: %d %" PRIu64 " D1=%g D2=%g D3+=%g%s\n", ds_prog, n,
			st.counts[n - 1], (double)st.d[n - 1][1], (double)st.d[n - 1][2],
			(double)st.d[n - 1][3], st.fell_back[n - 1] ? " (fallback)" : "");
}

static void write_state(const struct lm_trainer *t)
{
	file_out = ds_output_open(cfg.state_out);
	lm_train_write_state(t, file_write);
	ds_output_close(file_out);
}

static noreturn void too_big(const struct lm_trainer *t, const char *where)
{
	ds_die(DS_EXIT_LIMIT, "%s: the n-gram counts would exceed --memory (%" PRIu64 " bytes "
	       "held): raise -m, lower -n, or train on fewer or deduplicated records", where,
	       lm_train_bytes(t));
}

/* --merge: add up the states of shards, then estimate (or write a state). */
static int merge_train(struct lm_trainer *t)
{
	if (!ds_opt.nfiles)
		ds_usage_error("--merge: give the state files of the shards");
	for (int i = 0; i < ds_opt.nfiles; i++) {
		size_t len;
		const char *p = map_file(ds_opt.files[i], &len);
		struct ds_buf err = { 0 };
		int rc = lm_train_merge_state(t, p, len, &err);
		if (rc == -1)
			ds_die(DS_EXIT_DATA, "%s: %s", ds_opt.files[i], ds_buf_cstr(&err));
		if (rc == -2)
			too_big(t, ds_opt.files[i]);
		ds_buf_free(&err);
		if (len)
			munmap((void *)p, len);
	}
	if (cfg.state_out) {
		write_state(t);
	} else {
		file_out = ds_output_open(ds_opt.output);
		finish_train(t, file_write);
		ds_output_close(file_out);
	}
	lm_train_free(t);
	return 0;
}

static int run_train(int argc, char **argv)
{
	ds_parse_args(&train_tool, argc, argv);
	if (!cfg.train.order)
		ds_usage_error("give the order of the model with -n (e.g. -n 3)");
	if (cfg.state_out && ds_opt.output)
		ds_usage_error("--state-out writes the counts instead of a model: leave out -o");
	cfg.train.memory = ds_opt.memory;
	struct lm_trainer *t = lm_train_new(&cfg.train);
	if (cfg.merge)
		return merge_train(t);
	words_options();
	struct ds_textsel *sel = ds_textsel_default();
	struct words ws = { 0 };
	struct spm_work sw = { 0 };
	struct ds_buf text = { 0 }, reason = { 0 }, where = { 0 };
	struct ds_rec rec;
	ds_begin();
	while (ds_next(&rec)) {
		ds_buf_reset(&reason);
		if (ds_textsel_get(sel, rec.line, rec.len, &text, &reason) < 0) {
			ds_bad(&rec, ds_buf_cstr(&reason));
			continue;
		}
		const char *words = text.data;
		size_t len = text.len;
		if (spm && !(words = spm_pieces(&sw, words, &len, &reason))) {
			ds_bad(&rec, ds_buf_cstr(&reason));
			continue;
		}
		text_words(&ws, words, len);
		size_t k = 0;
		const char *special = NULL;
		for (size_t i = 0; i < ws.n && !special; i++) {
			if (!lm_is_special(ws.w[i], ws.len[i])) {
				ws.w[k] = ws.w[i];
				ws.len[k++] = ws.len[i];
			} else if (!cfg.skip_symbols) {
				special = ws.w[i][1] == '/' ? "</s>" : ws.w[i][1] == 's' ? "<s>" : "<unk>";
			}
		}
		if (special) {
			ds_buf_reset(&reason);
			ds_buf_printf(&reason, "the text holds the token %s, which KenLM reserves "
				      "(--skip-symbols drops such tokens)", special);
			ds_bad(&rec, ds_buf_cstr(&reason));
			continue;
		}
		if (lm_train_add(t, ws.w, ws.len, k) < 0) {
			ds_buf_printf(&where, "%s:%" PRIu64, rec.file, rec.lineno);
			too_big(t, ds_buf_cstr(&where));
		}
	}
	if (cfg.state_out)
		write_state(t);
	else
		finish_train(t, ds_write);
	lm_train_free(t);
	ds_textsel_free(sel);
	words_free(&ws);
	spm_work_free(&sw);
	lm_spm_free(spm);
	ds_buf_free(&text);
	ds_buf_free(&reason);
	ds_buf_free(&where);
	return ds_end();
}

/* --- score ------------------------------------------------------------------ */

static struct lm_model model;

static void warn_model(const char *msg)
{
	ds_warn("%s: %s", cfg.model, msg);
}

static void load_model(const char *path)
{
	struct ds_buf err = { 0 };
	int rc = lm_model_load(&model, path, &err, warn_model);
	if (rc < 0)
		ds_die(rc == -2 ? DS_EXIT_IO : DS_EXIT_DATA, "%s", ds_buf_cstr(&err));
	ds_buf_free(&err);
}

struct worker {
	struct words ws;
	struct spm_work spm;
	struct lm_scan scan;
	struct lm_sent sent;
	struct lm_detail detail;
};

static void *worker_new(void *arg)
{
	(void)arg;
	return ds_calloc(1, sizeof(struct worker));
}

static void worker_free(void *p)
{
	struct worker *w = p;
	words_free(&w->ws);
	spm_work_free(&w->spm);
	lm_scan_free(&w->scan);
	lm_sent_free(&w->sent);
	free(w->detail.log10p);
	free(w->detail.ngram_len);
	free(w);
}

/* Python's round(x, 1): the correctly rounded decimal, ties to even, which
 * is what printf does too. */
static double round1(double x)
{
	char buf[400];
	snprintf(buf, sizeof buf, "%.1f", x);
	return strtod(buf, NULL);
}

/* The annotation is written here rather than through ds_jw: its keys are
 * constants, and numbers go through the same ds_fmt_* as ds_jw's. */
#define PUT(b, lit) ds_buf_add(b, lit, sizeof lit - 1)

static inline void put_double(struct ds_buf *b, double x)
{
	ds_buf_grow(b, DS_NUM_MAX);
	b->len += ds_fmt_double(b->data + b->len, x);
}

static inline void put_uint(struct ds_buf *b, uint64_t v)
{
	ds_buf_grow(b, DS_NUM_MAX);
	b->len += ds_fmt_uint(b->data + b->len, v);
}

static int compute(void *p, const struct ds_rec *rec, const char *text, size_t len,
		   struct ds_buf *val, struct ds_buf *reason)
{
	(void)rec;
	struct worker *w = p;
	if (spm && !(text = spm_pieces(&w->spm, text, &len, reason)))
		return -1;
	if (ds_opt.tokenizer == DS_TOK_WHITESPACE) {
		lm_text_ids(&model.vocab, text, len, ds_opt.fold_case, &w->scan, &w->sent);
	} else {
		text_words(&w->ws, text, len);
		lm_model_ids(&model, w->ws.w, w->ws.len, w->ws.n, &w->sent);
	}
	size_t n = w->sent.n;
	struct lm_sentence s;
	lm_score(&model, &w->sent, &s, cfg.words ? &w->detail : NULL);
	double tokens = (double)n + 1;	/* the words and </s> */
	double ppl = pow(10.0, -(double)s.total / tokens);
	if (cfg.data_juicer)
		ppl = n ? round1(ppl) : 0.0;
	PUT(val, "{\"ppl\":");
	put_double(val, ppl);
	PUT(val, ",\"log10_prob\":");
	put_double(val, (double)s.total);
	PUT(val, ",\"tokens\":");
	put_uint(val, n);
	PUT(val, ",\"oov\":");
	put_uint(val, s.oov);
	if (cfg.ppl_excl_oov) {
		PUT(val, ",\"ppl_excl_oov\":");
		put_double(val, pow(10.0, -((double)s.total - s.oov_log10) /
					  (tokens - (double)s.oov)));
	}
	if (cfg.words) {
		PUT(val, ",\"word_log10\":[");
		for (size_t i = 0; i <= n; i++) {
			if (i)
				PUT(val, ",");
			put_double(val, (double)w->detail.log10p[i]);
		}
		PUT(val, "],\"ngram_len\":[");
		for (size_t i = 0; i <= n; i++) {
			if (i)
				PUT(val, ",");
			put_uint(val, w->detail.ngram_len[i]);
		}
		PUT(val, "]");
	}
	PUT(val, "}");
	return 0;
}

static const struct ds_tool score_tool = {
	.name = "ds-lm score",
	.usage = "--model MODEL [OPTION]... [FILE]...",
	.summary = "Annotate each record with its perplexity under an n-gram model, with "
		   "KenLM query's arithmetic: lm: {\"ppl\",\"log10_prob\",\"tokens\",\"oov\"}.",
	.common = DS_OPT_TEXT | DS_OPT_KEY | DS_OPT_JOBS | DS_OPT_TOKENIZER,
	.default_key = "lm",
	.default_format = DS_FMT_AUTO,
	.default_part = DS_PART_RESPONSE,
	.default_tokenizer = DS_TOK_WHITESPACE,
	.default_fold_case = -1,	/* decided by --spm: see words_options() */
	.options = score_options,
	.handle = handle,
	.help_tail = "ppl = 10^(-log10_prob / (tokens + 1)): the words and </s>, OOV words included.\n"
		     "Tokenize as the model was trained (the default matches ds-lm train's).\n",
};

static int run_score(int argc, char **argv)
{
	ds_parse_args(&score_tool, argc, argv);
	if (!cfg.model)
		ds_usage_error("give the model with --model FILE");
	words_options();
	load_model(cfg.model);
	struct ds_annotator a = { NULL, worker_new, worker_free, compute, false };
	int rc = ds_run_annotate(&a);
	lm_model_free(&model);
	lm_spm_free(spm);
	return rc;
}

/* --- build-binary ------------------------------------------------------------ */

static const struct ds_tool binary_tool = {
	.name = "ds-lm build-binary",
	.usage = "[OPTION]... MODEL.arpa -o MODEL.bin",
	.summary = "Parse a model once and write it as a binary file that ds-lm score maps "
		   "into memory instead of parsing (versioned, checksummed).",
	.common = DS_OPT_NOINPUT,
	.options = NULL,
	.handle = handle,
	.help_tail = NULL,
};

static int run_binary(int argc, char **argv)
{
	ds_parse_args(&binary_tool, argc, argv);
	if (ds_opt.nfiles != 1)
		ds_usage_error("give one model file to convert");
	size_t olen = ds_opt.output ? strlen(ds_opt.output) : 0;
	if (olen >= 4 && !strcmp(ds_opt.output + olen - 4, ".zst"))
		ds_usage_error("-o: a binary model cannot be compressed (it is mapped into memory)");
	cfg.model = ds_opt.files[0];
	load_model(cfg.model);
	file_out = ds_output_open(ds_opt.output);
	lm_binary_write(&model, file_write);
	ds_output_close(file_out);
	if (ds_verbose)
		fprintf(stderr, "%s: order %d, %u words%s\n", ds_prog, model.order, model.vocab.n,
			model.suffix_complete ? "" : ", some n-grams lack their suffix");
	lm_model_free(&model);
	return 0;
}

/* --- main ---------------------------------------------------------------------- */

static void usage(FILE *f)
{
	fprintf(f, "Usage: ds-lm COMMAND [OPTION]... [FILE]...\n"
		"n-gram language models as KenLM makes and uses them.\n\n"
		"Commands:\n"
		"  train -n ORDER -o MODEL.arpa [FILE]...  estimate a modified Kneser-Ney model (lmplz)\n"
		"  score --model MODEL [FILE]...           annotate each record with lm: {ppl, ...} (query)\n"
		"  build-binary MODEL.arpa -o MODEL.bin    cache a model for fast loading\n\n"
		"'ds-lm COMMAND --help' lists a command's options. See ds-lm(1).\n");
}

int main(int argc, char **argv)
{
	ds_prog = "ds-lm";
	if (argc < 2) {
		usage(stderr);
		return DS_EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "train"))
		return run_train(argc - 1, argv + 1);
	if (!strcmp(cmd, "score"))
		return run_score(argc - 1, argv + 1);
	if (!strcmp(cmd, "build-binary"))
		return run_binary(argc - 1, argv + 1);
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help")) {
		usage(stdout);
		if (fflush(stdout) || ferror(stdout))
			ds_die(DS_EXIT_IO, "write error on standard output");
		return 0;
	}
	if (!strcmp(cmd, "--version")) {
		printf("ds-lm (dsutils) %s\n", PACKAGE_VERSION);
		return 0;
	}
	ds_usage_error("unknown command '%s' (train, score or build-binary)", cmd);
}
