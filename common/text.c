/* text.c: the text a tool reads from a record (dsutils(7), TEXT SELECTION). */
#include "text.h"

#include <stdlib.h>
#include <string.h>
#include "expr.h"
#include "json.h"
#include "opts.h"
#include "util.h"

struct ds_textsel {
	struct ds_expr *expr;	/* -f, or NULL for a preset */
	int format, part;
	struct ds_jvals vals;
	struct ds_buf err;
};

int ds_format_parse(const char *s)
{
	static const char *const names[] = { "auto", "alpaca", "dolly", "sharegpt", "messages", "text" };
	for (int i = 0; i < (int)(sizeof names / sizeof *names); i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

int ds_part_parse(const char *s)
{
	if (!strcmp(s, "prompt"))
		return DS_PART_PROMPT;
	if (!strcmp(s, "response"))
		return DS_PART_RESPONSE;
	if (!strcmp(s, "all"))
		return DS_PART_ALL;
	return -1;
}

struct ds_textsel *ds_textsel_new(const char *field, int format, int part)
{
	struct ds_textsel *s = ds_calloc(1, sizeof *s);
	s->format = format;
	s->part = part;
	if (field) {
		struct ds_buf err = { 0 };
		s->expr = ds_expr_compile(field, &err);
		if (!s->expr)
			ds_usage_error("-f %s: %s", field, ds_buf_cstr(&err));
	}
	return s;
}

/* Made while the options are parsed, so that a bad -f is a usage error before
 * anything is read; the first caller of ds_textsel_default() takes it. */
static struct ds_textsel *first_default;

void ds_textsel_check_options(void)
{
	if (ds_opt.field && !first_default)
		first_default = ds_textsel_new(ds_opt.field, ds_opt.format, ds_opt.part);
}

struct ds_textsel *ds_textsel_default(void)
{
	struct ds_textsel *s = first_default;
	if (s) {
		first_default = NULL;
		return s;
	}
	return ds_textsel_new(ds_opt.field, ds_opt.format, ds_opt.part);
}

void ds_textsel_free(struct ds_textsel *s)
{
	if (!s)
		return;
	ds_expr_free(s->expr);
	ds_jvals_free(&s->vals);
	ds_buf_free(&s->err);
	free(s);
}

/* --- -f EXPR ------------------------------------------------------------------ */

/* Append a string, or the strings of an array, joined by "\n". */
static int add_value(struct ds_textsel *s, struct ds_jspan v, struct ds_buf *out,
		     struct ds_buf *reason, size_t *pieces)
{
	enum ds_jtype t = ds_jtype(v);
	if (t == DS_J_STRING) {
		if ((*pieces)++)
			ds_buf_addc(out, '\n');
		ds_jstr_decode(v, out);
		return 0;
	}
	if (t == DS_J_ARRAY) {
		size_t it = 0;
		struct ds_jspan e;
		while (ds_jarr_next(v, &it, &e)) {
			if (ds_jtype(e) != DS_J_STRING) {
				ds_buf_printf(reason, "%s is an array with a %s in it, not only strings",
					      ds_expr_source(s->expr), ds_jtype_name(ds_jtype(e)));
				return -1;
			}
			if ((*pieces)++)
				ds_buf_addc(out, '\n');
			ds_jstr_decode(e, out);
		}
		return 0;
	}
	if (t == DS_J_NULL || t == DS_J_MISSING)
		ds_buf_printf(reason, "no text: %s is null or missing", ds_expr_source(s->expr));
	else
		ds_buf_printf(reason, "%s is %s %s, not a string", ds_expr_source(s->expr),
			      t == DS_J_ARRAY || t == DS_J_OBJECT ? "an" : "a", ds_jtype_name(t));
	return -1;
}

static int get_by_expr(struct ds_textsel *s, const char *line, size_t len,
		       struct ds_buf *out, struct ds_buf *reason)
{
	if (ds_expr_eval(s->expr, line, len, &s->vals, &s->err)) {
		ds_buf_printf(reason, "%s: %.*s", ds_expr_source(s->expr), (int)s->err.len, s->err.data);
		return -1;
	}
	if (s->vals.n == 0) {
		ds_buf_printf(reason, "no text: %s produced no value", ds_expr_source(s->expr));
		return -1;
	}
	size_t pieces = 0;
	for (size_t i = 0; i < s->vals.n; i++)
		if (add_value(s, s->vals.v[i], out, reason, &pieces))
			return -1;
	return 0;
}

/* --- presets ------------------------------------------------------------------ */

#define KEY(obj, lit) ds_jobj_get(obj, lit, sizeof lit - 1)

struct collect {
	struct ds_buf *out, *reason;
	size_t pieces;
	bool failed;
};

static void add_piece(struct collect *c, struct ds_jspan v, const char *what)
{
	if (c->failed)
		return;
	enum ds_jtype t = ds_jtype(v);
	if (t == DS_J_STRING) {
		if (c->pieces++)
			ds_buf_addc(c->out, '\n');
		ds_jstr_decode(v, c->out);
	} else if (t != DS_J_MISSING && t != DS_J_NULL) {
		ds_buf_printf(c->reason, "%s is %s %s, not a string", what,
			      t == DS_J_ARRAY || t == DS_J_OBJECT ? "an" : "a", ds_jtype_name(t));
		c->failed = true;
	}
}

/* A non-empty string field. */
static void add_nonempty(struct collect *c, struct ds_jspan v, const char *what)
{
	if (ds_jtype(v) == DS_J_STRING && v.n == 2)
		return;
	add_piece(c, v, what);
}

/* alpaca/dolly: instruction + input|context, output|response; history pairs first. */
static void instruction_record(struct ds_jspan rec, int part, struct collect *c)
{
	struct ds_jspan history = KEY(rec, "history");
	if (ds_jtype(history) == DS_J_ARRAY) {
		size_t it = 0;
		struct ds_jspan turn;
		while (ds_jarr_next(history, &it, &turn)) {
			if (part & DS_PART_PROMPT)
				add_piece(c, ds_jarr_at(turn, 0), ".history[][0]");
			if (part & DS_PART_RESPONSE)
				add_piece(c, ds_jarr_at(turn, 1), ".history[][1]");
		}
	}
	if (part & DS_PART_PROMPT) {
		add_piece(c, KEY(rec, "instruction"), ".instruction");
		struct ds_jspan input = KEY(rec, "input");
		if (input.p)
			add_nonempty(c, input, ".input");
		else
			add_nonempty(c, KEY(rec, "context"), ".context");
	}
	if (part & DS_PART_RESPONSE) {
		struct ds_jspan output = KEY(rec, "output");
		if (output.p)
			add_piece(c, output, ".output");
		else
			add_piece(c, KEY(rec, "response"), ".response");
	}
}

/* The part a speaker's turns belong to (0: only --part all). */
static int role_part(struct ds_jspan role)
{
	static const char *const prompt_roles[] = { "human", "user", "system" };
	static const char *const response_roles[] = { "gpt", "assistant", "chatgpt", "bard", "bing", "model" };
	for (size_t i = 0; i < sizeof prompt_roles / sizeof *prompt_roles; i++)
		if (ds_jstr_eq(role, prompt_roles[i], strlen(prompt_roles[i])))
			return DS_PART_PROMPT;
	for (size_t i = 0; i < sizeof response_roles / sizeof *response_roles; i++)
		if (ds_jstr_eq(role, response_roles[i], strlen(response_roles[i])))
			return DS_PART_RESPONSE;
	return 0;
}

/* sharegpt: conversations[] of {from, value}; messages: messages[] of {role, content}. */
static void turns_record(struct ds_jspan turns, const char *role_key, const char *text_key,
			 int part, struct collect *c)
{
	size_t it = 0;
	struct ds_jspan turn;
	while (ds_jarr_next(turns, &it, &turn)) {
		int p = role_part(ds_jobj_get(turn, role_key, strlen(role_key)));
		if (part != DS_PART_ALL && !(p & part))
			continue;
		struct ds_jspan content = ds_jobj_get(turn, text_key, strlen(text_key));
		if (ds_jtype(content) == DS_J_ARRAY) {
			/* OpenAI-style parts: the text of each {"type":"text","text":...}. */
			size_t pit = 0;
			struct ds_jspan piece;
			while (ds_jarr_next(content, &pit, &piece))
				add_piece(c, KEY(piece, "text"), ".content[].text");
		} else {
			add_piece(c, content, text_key[0] == 'v' ? ".conversations[].value" : ".messages[].content");
		}
	}
}

static int detect_format(struct ds_jspan rec)
{
	if (ds_jtype(KEY(rec, "conversations")) == DS_J_ARRAY)
		return DS_FMT_SHAREGPT;
	if (ds_jtype(KEY(rec, "messages")) == DS_J_ARRAY)
		return DS_FMT_MESSAGES;
	if (KEY(rec, "instruction").p || KEY(rec, "output").p || KEY(rec, "response").p)
		return DS_FMT_ALPACA;
	if (KEY(rec, "text").p)
		return DS_FMT_TEXT;
	return -1;
}

static const char *part_name(int part)
{
	return part == DS_PART_PROMPT ? "prompt" : part == DS_PART_RESPONSE ? "response" : "text";
}

static int get_by_preset(struct ds_textsel *s, const char *line, size_t len,
			 struct ds_buf *out, struct ds_buf *reason)
{
	struct ds_jspan rec = ds_json_root(line, len);
	struct collect c = { out, reason, 0, false };
	int format = s->format;
	if (format == DS_FMT_AUTO && (format = detect_format(rec)) < 0) {
		ds_buf_adds(reason, "no text: cannot tell the format (no instruction, output, response, "
			    "conversations, messages or text key; use -f or --format)");
		return -1;
	}
	switch (format) {
	case DS_FMT_ALPACA:
	case DS_FMT_DOLLY:
		instruction_record(rec, s->part, &c);
		break;
	case DS_FMT_SHAREGPT:
		turns_record(KEY(rec, "conversations"), "from", "value", s->part, &c);
		break;
	case DS_FMT_MESSAGES:
		turns_record(KEY(rec, "messages"), "role", "content", s->part, &c);
		break;
	case DS_FMT_TEXT:
		if (s->part & DS_PART_RESPONSE)
			add_piece(&c, KEY(rec, "text"), ".text");
		break;
	}
	if (c.failed)
		return -1;
	if (c.pieces == 0) {
		ds_buf_printf(reason, "no text: the record has no %s", part_name(s->part));
		return -1;
	}
	return 0;
}

int ds_textsel_get(struct ds_textsel *s, const char *line, size_t len,
		   struct ds_buf *out, struct ds_buf *reason)
{
	ds_buf_reset(out);
	ds_buf_reset(reason);
	return s->expr ? get_by_expr(s, line, len, out, reason)
		       : get_by_preset(s, line, len, out, reason);
}
