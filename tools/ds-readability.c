/* ds-readability: readability of each record's text, as textstat 0.7.11
 * computes it (ds-readability(1)). The engine is in tools/ds-readability/. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ds-readability/textstat.h"
#include "json.h"
#include "opts.h"
#include "run.h"
#include "text.h"
#include "util.h"

#define HYPH_DIR "/usr/share/hyphen"

static struct {
	uint64_t metrics;	/* bit per enum rd_metric */
	const char *lang, *hyph_dir;
	struct rd_params params;
	struct rd_lang language;
	unsigned need;		/* RD_NEED_* */
	bool all_scripts;	/* numbers for CJK text too, as textstat gives them */
	/* The metrics to write, in order. */
	int nwrite;
	enum rd_metric write[RD_NMETRICS];
	struct ds_jrow row;
} cfg;

enum { OPT_METRICS, OPT_LANG, OPT_HYPH_DIR, OPT_READING_SPEED, OPT_WIENER_VARIANT,
       OPT_LINSEAR_ALL, OPT_LINSEAR_MIN, OPT_LONG_WORD, OPT_MINI_WORD, OPT_ALL_SCRIPTS };

static const struct ds_option options[] = {
	{ "metrics", 0, "LIST", OPT_METRICS,
	  "comma-separated metrics, or 'all' (default: the eight grade formulas, words, sentences, syllables)" },
	{ "lang", 0, "LANG", OPT_LANG, "textstat's language: constants and hyphenation patterns (default en_US)" },
	{ "hyph-dir", 0, "DIR", OPT_HYPH_DIR, "where the hyph_LANG.dic pattern files are (default " HYPH_DIR ")" },
	{ "reading-speed", 0, "MS", OPT_READING_SPEED, "reading_time: milliseconds per character (default 14.69)" },
	{ "wiener-variant", 0, "N", OPT_WIENER_VARIANT, "wiener_sachtextformel variant, 1 to 4 (default 1)" },
	{ "linsear-all-words", 0, NULL, OPT_LINSEAR_ALL, "linsear_write_formula reads every word, not the first 100" },
	{ "linsear-min-100", 0, NULL, OPT_LINSEAR_MIN, "linsear_write_formula is 0 for texts under 100 words" },
	{ "long-word", 0, "N", OPT_LONG_WORD, "long_words, lix, rix: words of more than N letters (default 6)" },
	{ "mini-word", 0, "N", OPT_MINI_WORD, "miniwords, mcalpine_eflaw: words of at most N letters (default 3)" },
	{ "all-scripts", 0, NULL, OPT_ALL_SCRIPTS, "give numbers for Chinese and Japanese text too, as textstat does" },
	{ NULL, 0, NULL, 0, NULL }
};

static void parse_metrics(const char *arg)
{
	cfg.metrics = 0;
	char *list = ds_strdup(arg), *save = NULL;
	for (char *m = strtok_r(list, ",", &save); m; m = strtok_r(NULL, ",", &save)) {
		if (!strcmp(m, "all")) {
			cfg.metrics = (UINT64_C(1) << RD_NMETRICS) - 1;
			continue;
		}
		int i = 0;
		while (i < RD_NMETRICS && strcmp(m, rd_metric_names[i]))
			i++;
		if (i == RD_NMETRICS)
			ds_usage_error("--metrics: unknown metric '%s'", m);
		cfg.metrics |= UINT64_C(1) << i;
	}
	free(list);
	if (!cfg.metrics)
		ds_usage_error("--metrics: no metric given");
}

static unsigned parse_count(const char *opt, const char *arg, uint64_t lo, uint64_t hi)
{
	uint64_t u;
	if (ds_parse_u64(arg, &u) || u < lo || u > hi)
		ds_usage_error("--%s: '%s' is not a whole number from %llu to %llu", opt, arg,
			       (unsigned long long)lo, (unsigned long long)hi);
	return (unsigned)u;
}

static void handle(int id, const char *arg)
{
	switch (id) {
	case OPT_METRICS:
		parse_metrics(arg);
		break;
	case OPT_LANG:
		cfg.lang = arg;
		break;
	case OPT_HYPH_DIR:
		cfg.hyph_dir = arg;
		break;
	case OPT_READING_SPEED:
		if (ds_parse_double(arg, &cfg.params.ms_per_char) || !(cfg.params.ms_per_char >= 0)
		    || isinf(cfg.params.ms_per_char))
			ds_usage_error("--reading-speed: '%s' is not a number of milliseconds", arg);
		break;
	case OPT_WIENER_VARIANT:
		cfg.params.wstf_variant = (int)parse_count("wiener-variant", arg, 1, 4);
		break;
	case OPT_LINSEAR_ALL:
		cfg.params.lw_strict_upper = false;
		break;
	case OPT_LINSEAR_MIN:
		cfg.params.lw_strict_lower = true;
		break;
	case OPT_LONG_WORD:
		cfg.params.long_threshold = parse_count("long-word", arg, 0, RD_LEN_BINS - 2);
		break;
	case OPT_MINI_WORD:
		cfg.params.mini_max = parse_count("mini-word", arg, 1, RD_LEN_BINS - 1);
		break;
	case OPT_ALL_SCRIPTS:
		cfg.all_scripts = true;
		break;
	}
}

static void *worker_new(void *arg)
{
	(void)arg;
	return ds_calloc(1, sizeof(struct rd_work));
}

static void worker_free(void *p)
{
	rd_work_free(p);
	free(p);
}

static int compute(void *p, const struct ds_rec *rec, const char *text, size_t len,
		   struct ds_buf *val, struct ds_buf *reason)
{
	(void)rec;
	(void)reason;
	struct rd_counts c;
	rd_analyze(&cfg.language, p, text, len, cfg.need, &c);
	/* Scripts written without spaces between words (Chinese, Japanese) have
	 * no words in textstat's sense: when at least half the words hold such
	 * characters, no value rather than a wrong one. */
	bool applies = cfg.all_scripts || !c.cjk_words || c.cjk_words * 2 < c.words;

	char *d = ds_jrow_begin(&cfg.row, val);
	for (int i = 0; i < cfg.nwrite; i++) {
		enum rd_metric m = cfg.write[i];
		double v = applies ? rd_metric(m, &c, &cfg.language, &cfg.params) : NAN;
		if (m >= RD_FIRST_COUNT && !isnan(v))
			d = ds_jrow_uint(&cfg.row, d, i, (uint64_t)v);
		else
			d = ds_jrow_double(&cfg.row, d, i, v);
	}
	ds_jrow_end(&cfg.row, val, d);
	return 0;
}

static const struct ds_tool tool = {
	.name = "ds-readability",
	.usage = "[OPTION]... [FILE]...",
	.summary = "Annotate each record with the readability of its text (Flesch, Dale-Chall, ...), as textstat computes it.",
	.common = DS_OPT_TEXT | DS_OPT_KEY | DS_OPT_JOBS,
	.default_key = "readability",
	.default_format = 0,
	.default_part = DS_PART_RESPONSE,
	.options = options,
	.handle = handle,
	.help_tail =
		"Metrics: flesch_reading_ease flesch_kincaid_grade gunning_fog smog_index\n"
		"coleman_liau_index automated_readability_index dale_chall_readability_score\n"
		"linsear_write_formula spache_readability dale_chall_readability_score_v2 lix rix\n"
		"text_standard mcalpine_eflaw reading_time fernandez_huerta szigriszt_pazos\n"
		"gutierrez_polini crawford gulpease_index osman wiener_sachtextformel\n"
		"words_per_sentence syllables_per_word letters_per_word chars_per_word\n"
		"sentences_per_word, and the counts words sentences syllables polysyllables\n"
		"monosyllables difficult_words letters chars tokens long_words miniwords.\n"
		"A metric textstat cannot compute for the language, and every metric of a text\n"
		"written mostly in CJK characters, is null.\n",
};

int main(int argc, char **argv)
{
	cfg.metrics = (UINT64_C(1) << (RD_LINSEAR_WRITE + 1)) - 1;
	cfg.metrics |= UINT64_C(1) << RD_WORDS | UINT64_C(1) << RD_SENTENCES
		       | UINT64_C(1) << RD_SYLLABLES;
	cfg.lang = "en_US";
	cfg.hyph_dir = HYPH_DIR;
	cfg.params = rd_default_params;
	ds_parse_args(&tool, argc, argv);

	struct ds_buf err = { 0 };
	if (rd_lang_open(&cfg.language, cfg.lang, cfg.hyph_dir, &err))
		ds_usage_error("--lang: %s", ds_buf_cstr(&err));
	if (cfg.metrics & UINT64_C(1) << RD_DIFFICULT_WORDS)
		cfg.need |= RD_NEED_UNIQUE;
	if (cfg.metrics & UINT64_C(1) << RD_OSMAN)
		cfg.need |= RD_NEED_OSMAN;
	const char *names[RD_NMETRICS];
	for (int m = 0; m < RD_NMETRICS; m++) {
		if (!(cfg.metrics & UINT64_C(1) << m))
			continue;
		names[cfg.nwrite] = rd_metric_names[m];
		cfg.write[cfg.nwrite++] = m;
	}
	ds_jrow_init(&cfg.row, names, cfg.nwrite);
	struct ds_annotator a = { NULL, worker_new, worker_free, compute, false };
	int status = ds_run_annotate(&a);
	rd_lang_close(&cfg.language);
	ds_jrow_free(&cfg.row);
	return status;
}
