/* opts.c: command-line parsing shared by every tool, and --help from tables. */
#include "opts.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "config.h"
#include "text.h"
#include "tok.h"
#include "util.h"

struct ds_opts ds_opt;

enum {
	O_FIELD = 1000, O_FORMAT, O_PART, O_KEY, O_OUTPUT, O_ON_ERROR, O_REJECTS,
	O_MAX_LINE, O_JOBS, O_MEMORY, O_SEED, O_TOKENIZER, O_FOLD, O_NO_FOLD,
	O_PROGRESS, O_QUIET, O_VERBOSE, O_HELP, O_VERSION
};

struct common_option {
	struct ds_option o;
	unsigned group;		/* 0: every tool */
};

static const struct common_option common_options[] = {
	{ { "field", 'f', "EXPR", O_FIELD, "jq expression giving the text (a string, or an array of strings joined by newlines)" }, DS_OPT_TEXT },
	{ { "format", 0, "FMT", O_FORMAT, "record format: auto, alpaca, dolly, sharegpt, messages, text (default auto)" }, DS_OPT_TEXT },
	{ { "part", 0, "PART", O_PART, "which text of the preset: prompt, response, all" }, DS_OPT_TEXT },
	{ { "tokenizer", 0, "NAME", O_TOKENIZER, NULL }, DS_OPT_TOKENIZER },
	{ { "fold-case", 0, NULL, O_FOLD, "lower-case tokens (Unicode)" }, DS_OPT_TOKENIZER },
	{ { "no-fold-case", 0, NULL, O_NO_FOLD, "keep the case of tokens" }, DS_OPT_TOKENIZER },
	{ { "key", 'k', "NAME", O_KEY, "annotation key" }, DS_OPT_KEY },
	{ { "jobs", 'j', "N", O_JOBS, "worker threads (output is the same for any N; default 1)" }, DS_OPT_JOBS },
	{ { "memory", 'm', "SIZE", O_MEMORY, "stop with status 4 before using more than SIZE (e.g. 8G)" }, DS_OPT_MEMORY },
	{ { "seed", 0, "N", O_SEED, "seed of the random choices (default 0)" }, DS_OPT_SEED },
	{ { "output", 'o', "FILE", O_OUTPUT, "write to FILE (atomically; zstd if it ends in .zst)" }, 0 },
	{ { "on-error", 0, "POLICY", O_ON_ERROR, NULL }, 0 },
	{ { "rejects", 0, "FILE", O_REJECTS, "write each bad record there as a JSON line with file, line and reason" }, 0 },
	{ { "max-line", 0, "SIZE", O_MAX_LINE, "longest accepted line (default 256M)" }, 0 },
	{ { "progress", 0, NULL, O_PROGRESS, "show progress on standard error" }, 0 },
	{ { "quiet", 'q', NULL, O_QUIET, "no warnings" }, 0 },
	{ { "verbose", 'v', NULL, O_VERBOSE, "print a summary line at the end" }, 0 },
	{ { "help", 'h', NULL, O_HELP, "show this help and exit" }, 0 },
	{ { "version", 0, NULL, O_VERSION, "show the version and exit" }, 0 },
};
#define NCOMMON (sizeof common_options / sizeof *common_options)

static bool takes(const struct ds_tool *t, unsigned group)
{
	return group == 0 || (t->common & group);
}

/* --on-error pass writes bad records unannotated: for annotate tools. */
static bool takes_pass(const struct ds_tool *t)
{
	return (t->common & DS_OPT_KEY) && !(t->common & DS_OPT_NO_PASS);
}

static const char *help_of(const struct ds_tool *t, const struct ds_option *o)
{
	static char buf[256];
	switch (o->id) {
	case O_TOKENIZER:
		snprintf(buf, sizeof buf, "tokenizer: %s (default %s)", ds_tok_names(),
			 ds_tok_name(t->default_tokenizer));
		return buf;
	case O_ON_ERROR:
		return takes_pass(t)
			? "bad records: fail (default), skip, or pass (write them unannotated)"
			: "bad records: fail (default) or skip";
	case O_KEY:
		snprintf(buf, sizeof buf, "annotation key (default %s)", t->default_key);
		return buf;
	case O_PART:
		snprintf(buf, sizeof buf, "which text of the preset: prompt, response, all (default %s)",
			 t->default_part == DS_PART_PROMPT ? "prompt"
			 : t->default_part == DS_PART_ALL ? "all" : "response");
		return buf;
	}
	return o->help;
}

/* A tool's own option may take a short name a common option also has
 * (ds-filter's -v is --invert): the tool's wins. */
static int tool_short(const struct ds_tool *t, int c)
{
	for (const struct ds_option *o = t->options; o && o->name; o++)
		if (o->short_name == c)
			return 1;
	return 0;
}

static void print_option(const struct ds_tool *t, const struct ds_option *o, int is_common)
{
	char left[64];
	int short_name = is_common && tool_short(t, o->short_name) ? 0 : o->short_name;
	int n = short_name ? snprintf(left, sizeof left, "  -%c, --%s", short_name, o->name)
			      : snprintf(left, sizeof left, "      --%s", o->name);
	if (o->arg)
		snprintf(left + n, sizeof left - (size_t)n, " %s", o->arg);
	const char *h = help_of(t, o);
	if (strlen(left) < 24)
		printf("%-24s%s\n", left, h ? h : "");
	else
		printf("%s\n%24s%s\n", left, "", h ? h : "");
}

static void usage(const struct ds_tool *t)
{
	printf("Usage: %s %s\n%s\n", t->name, t->usage, t->summary);
	if (t->options && t->options[0].name) {
		printf("\nOptions:\n");
		for (const struct ds_option *o = t->options; o->name; o++)
			print_option(t, o, 0);
	}
	printf("\nCommon options (dsutils(7)):\n");
	for (size_t i = 0; i < NCOMMON; i++)
		if (takes(t, common_options[i].group))
			print_option(t, &common_options[i].o, 1);
	if (!(t->common & DS_OPT_NOINPUT))
		printf("\nWith no FILE, or FILE '-', read standard input; zstd and gzip input is detected.\n");
	if (t->help_tail)
		printf("\n%s", t->help_tail);
	/* "ds-lm train" is documented in ds-lm(1). */
	printf("\nExit status: 0 ok, 1 bad data, 2 usage, 3 I/O error, 4 resource limit.\n"
	       "See %.*s(1) and dsutils(7).\n", (int)strcspn(t->name, " "), t->name);
	if (fflush(stdout) || ferror(stdout))
		ds_die(DS_EXIT_IO, "write error on standard output");
	exit(0);
}

static uint64_t parse_size_opt(const char *name, const char *arg)
{
	uint64_t v;
	if (ds_parse_size(arg, &v) || v == 0)
		ds_usage_error("--%s: '%s' is not a size (like 4096, 64M, 2G)", name, arg);
	return v;
}

static void handle_common(const struct ds_tool *t, int id, const char *arg)
{
	uint64_t u;
	switch (id) {
	case O_FIELD:
		ds_opt.field = arg;
		break;
	case O_FORMAT:
		if ((ds_opt.format = ds_format_parse(arg)) < 0)
			ds_usage_error("--format: '%s' is not one of auto, alpaca, dolly, sharegpt, messages, text", arg);
		break;
	case O_PART:
		if ((ds_opt.part = ds_part_parse(arg)) < 0)
			ds_usage_error("--part: '%s' is not one of prompt, response, all", arg);
		break;
	case O_KEY:
		if (!*arg)
			ds_usage_error("--key: the key must not be empty");
		ds_opt.key = arg;
		break;
	case O_OUTPUT:
		ds_opt.output = arg;
		break;
	case O_ON_ERROR:
		if (!strcmp(arg, "fail"))
			ds_opt.on_error = DS_ON_ERROR_FAIL;
		else if (!strcmp(arg, "skip"))
			ds_opt.on_error = DS_ON_ERROR_SKIP;
		else if (!strcmp(arg, "pass") && takes_pass(t))
			ds_opt.on_error = DS_ON_ERROR_PASS;
		else
			ds_usage_error("--on-error: '%s' is not one of fail, skip%s", arg,
				       takes_pass(t) ? ", pass" : "");
		break;
	case O_REJECTS:
		ds_opt.rejects = arg;
		break;
	case O_MAX_LINE:
		ds_opt.max_line = parse_size_opt("max-line", arg);
		break;
	case O_JOBS:
		if (ds_parse_u64(arg, &u) || u < 1 || u > 256)
			ds_usage_error("--jobs: '%s' is not a number of threads from 1 to 256", arg);
		ds_opt.jobs = (int)u;
		break;
	case O_MEMORY:
		ds_opt.memory = parse_size_opt("memory", arg);
		break;
	case O_SEED:
		if (ds_parse_u64(arg, &u))
			ds_usage_error("--seed: '%s' is not a whole number", arg);
		ds_opt.seed = u;
		break;
	case O_TOKENIZER:
		if ((ds_opt.tokenizer = ds_tok_parse(arg)) < 0)
			ds_usage_error("--tokenizer: '%s' is not one of %s", arg, ds_tok_names());
		break;
	case O_FOLD:
		ds_opt.fold_case = 1;
		break;
	case O_NO_FOLD:
		ds_opt.fold_case = 0;
		break;
	case O_PROGRESS:
		ds_opt.progress = 1;
		break;
	case O_QUIET:
		ds_quiet = 1;
		break;
	case O_VERBOSE:
		ds_verbose = 1;
		break;
	case O_HELP:
		usage(t);
		break;
	case O_VERSION:
		printf("%s (dsutils) %s\n", t->name, PACKAGE_VERSION);
		if (fflush(stdout) || ferror(stdout))
			ds_die(DS_EXIT_IO, "write error on standard output");
		exit(0);
	}
}

uint64_t ds_parse_name_list(const char *option, const char *arg,
			    const char *const *names, int n)
{
	uint64_t set = 0;
	char *list = ds_strdup(arg), *save = NULL;
	for (char *m = strtok_r(list, ",", &save); m; m = strtok_r(NULL, ",", &save)) {
		if (!strcmp(m, "all")) {
			set = n == 64 ? UINT64_MAX : (UINT64_C(1) << n) - 1;
			continue;
		}
		int i = 0;
		while (i < n && strcmp(m, names[i]))
			i++;
		if (i == n)
			ds_usage_error("--%s: unknown name '%s'", option, m);
		set |= UINT64_C(1) << i;
	}
	free(list);
	if (!set)
		ds_usage_error("--%s: no name given", option);
	return set;
}

void ds_parse_args(const struct ds_tool *t, int argc, char **argv)
{
	ds_prog = t->name;
	memset(&ds_opt, 0, sizeof ds_opt);
	ds_opt.format = t->default_format;
	ds_opt.part = t->default_part ? t->default_part : DS_PART_RESPONSE;
	ds_opt.key = t->default_key;
	ds_opt.max_line = (uint64_t)256 << 20;
	ds_opt.jobs = 1;
	ds_opt.tokenizer = t->default_tokenizer;
	ds_opt.fold_case = t->default_fold_case;

	size_t ntool = 0;
	while (t->options && t->options[ntool].name)
		ntool++;
	/* File-scope: --help and --version exit from inside the loop. */
	static struct option *longs;
	static const struct ds_option **by_index;
	longs = ds_calloc(ntool + NCOMMON + 1, sizeof *longs);
	by_index = ds_calloc(ntool + NCOMMON, sizeof *by_index);
	char shorts[256] = ":";	/* leading ':' tells a missing argument from an unknown option */
	size_t ns = 1, nl = 0;
	for (size_t i = 0; i < ntool + NCOMMON; i++) {
		const struct ds_option *o;
		if (i < ntool) {
			o = &t->options[i];
		} else {
			if (!takes(t, common_options[i - ntool].group))
				continue;
			o = &common_options[i - ntool].o;
		}
		longs[nl] = (struct option){ o->name, o->arg ? required_argument : no_argument, NULL, (int)(nl + 256) };
		by_index[nl++] = o;
		if (o->short_name && ns + 3 < sizeof shorts && !(i >= ntool && tool_short(t, o->short_name))) {
			shorts[ns++] = (char)o->short_name;
			if (o->arg)
				shorts[ns++] = ':';
			shorts[ns] = 0;
		}
	}
	opterr = 0;
	optind = 1;
	int c, idx;
	while ((c = getopt_long(argc, argv, shorts, longs, &idx)) != -1) {
		const struct ds_option *o = NULL;
		if (c >= 256) {
			o = by_index[c - 256];
		} else if (c == '?') {
			if (optopt)
				ds_usage_error("invalid option -- '%c'", optopt);
			ds_usage_error("unrecognized option '%s'", argv[optind - 1]);
		} else if (c == ':') {
			ds_usage_error("option requires an argument -- '%c'", optopt);
		} else {
			for (size_t i = 0; i < nl && !o; i++)
				if (by_index[i]->short_name == c)
					o = by_index[i];
		}
		if (!o)
			ds_usage_error("invalid option");
		if (o->id >= O_FIELD)
			handle_common(t, o->id, optarg);
		else
			t->handle(o->id, optarg);
	}
	free(longs);
	free(by_index);
	longs = NULL;
	by_index = NULL;
	ds_opt.files = argv + optind;
	ds_opt.nfiles = argc - optind;
	if (ds_opt.field && ds_opt.format != t->default_format)
		ds_usage_error("-f and --format both choose the text: give one");
	if (t->common & DS_OPT_TEXT)
		ds_textsel_check_options();
}
