/* text.h: which text of a record a tool reads (dsutils(7), TEXT SELECTION).
 *
 * Either a -f expression (a string is the text; an array of strings, or several
 * string outputs, are joined with "\n"), or a --format preset with a --part. */
#ifndef DS_TEXT_H
#define DS_TEXT_H

#include "buf.h"

enum ds_format { DS_FMT_AUTO, DS_FMT_ALPACA, DS_FMT_DOLLY, DS_FMT_SHAREGPT,
		 DS_FMT_MESSAGES, DS_FMT_TEXT };
enum ds_part { DS_PART_PROMPT = 1, DS_PART_RESPONSE = 2, DS_PART_ALL = 3 };

int ds_format_parse(const char *s);	/* -1 if unknown */
int ds_part_parse(const char *s);	/* -1 if unknown */

struct ds_textsel;	/* one per thread */

/* From -f EXPR (field non-NULL) or the preset. Exits with a usage error if the
 * expression does not compile. */
struct ds_textsel *ds_textsel_new(const char *field, int format, int part);
/* The selector the common options ask for (ds_opt.field/format/part); one
 * per thread. */
struct ds_textsel *ds_textsel_default(void);
/* Compile -f now (ds_parse_args calls it): a bad expression is a usage error. */
void ds_textsel_check_options(void);
void ds_textsel_free(struct ds_textsel *s);

/* Put the selected text of a validated record in out (replacing its contents).
 * Returns 0, or -1 with the reason it has no text in reason ("no text: .output
 * is missing", ".output is a number, not a string", ...). */
int ds_textsel_get(struct ds_textsel *s, const char *line, size_t len,
		   struct ds_buf *out, struct ds_buf *reason);

#endif
