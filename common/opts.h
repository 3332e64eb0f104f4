/* opts.h: the options every tool shares, and parsing of a tool's own.
 *
 * A tool describes itself in a struct ds_tool; ds_parse_args() parses the
 * common options into ds_opt, hands the tool's own to its handler, prints
 * --help from the tables and handles --version. */
#ifndef DS_OPTS_H
#define DS_OPTS_H

#include <stdint.h>

enum ds_on_error { DS_ON_ERROR_FAIL, DS_ON_ERROR_SKIP, DS_ON_ERROR_PASS };

/* Which common option groups a tool takes (always: -o --on-error --rejects
 * --max-line --progress -q -v -h --version). */
enum {
	DS_OPT_TEXT = 1 << 0,	/* -f --field, --format, --part */
	DS_OPT_KEY = 1 << 1,	/* -k --key; --on-error pass */
	DS_OPT_JOBS = 1 << 2,	/* -j --jobs */
	DS_OPT_MEMORY = 1 << 3,	/* -m --memory */
	DS_OPT_SEED = 1 << 4,	/* --seed */
	DS_OPT_TOKENIZER = 1 << 5, /* --tokenizer, --fold-case/--no-fold-case */
	DS_OPT_NOINPUT = 1 << 6,	/* takes no record input (merge-style commands) */
	DS_OPT_NO_PASS = 1 << 7	/* with DS_OPT_KEY: no --on-error pass (a select
				 * tool that annotates only under a flag) */
};

struct ds_opts {
	const char *field;	/* -f, NULL if not given */
	int format;		/* enum ds_format */
	int part;		/* enum ds_part */
	const char *key;	/* -k, the annotation key */
	const char *output;	/* -o, NULL for stdout */
	int on_error;		/* enum ds_on_error */
	const char *rejects;	/* --rejects FILE */
	uint64_t max_line;	/* --max-line, bytes */
	int jobs;		/* -j */
	int progress;		/* --progress */
	uint64_t memory;	/* -m, bytes; 0 = unlimited */
	uint64_t seed;		/* --seed */
	int tokenizer;		/* --tokenizer, enum ds_tok_scheme */
	int fold_case;		/* 1 fold, 0 keep */
	char **files;		/* operands; none means stdin */
	int nfiles;
};
extern struct ds_opts ds_opt;

struct ds_option {
	const char *name;	/* long name, without "--"; NULL ends the table */
	int short_name;		/* 0 if none */
	const char *arg;	/* argument name shown in --help, NULL for a flag */
	int id;			/* passed to the tool's handler; below 1000 */
	const char *help;
};

struct ds_tool {
	const char *name;	/* "ds-ttr" */
	const char *usage;	/* after the name: "[OPTION]... [FILE]..." */
	const char *summary;	/* one line: what it does */
	unsigned common;	/* DS_OPT_* */
	const char *default_key;
	int default_format, default_part;
	int default_tokenizer, default_fold_case;
	const struct ds_option *options;	/* the tool's own, or NULL */
	/* Called for each of the tool's own options in command-line order; a bad
	 * value is reported with ds_usage_error(). */
	void (*handle)(int id, const char *arg);
	const char *help_tail;	/* more --help text (metrics, examples), or NULL */
};

/* A comma-separated list of names, or "all", as a bit set over names[0..n)
 * (n <= 64), for options like --metrics. An unknown or missing name is a
 * usage error that names the option. */
uint64_t ds_parse_name_list(const char *option, const char *arg,
			    const char *const *names, int n);

/* Parse argv; sets ds_prog, ds_opt, and the operands. Exits on --help,
 * --version and usage errors. Subcommand tools call it with argv shifted past
 * the subcommand and a descriptor whose name is "ds-lm train". */
void ds_parse_args(const struct ds_tool *tool, int argc, char **argv);

#endif
