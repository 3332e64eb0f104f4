/* readability-probe: ds-readability's engine, one textstat function call per
 * input line, for tests/cli/0300-readability.t to compare with textstat's own
 * test cases (the conformance files). Not installed.
 *
 * Input: one JSON object per line, {"fn": NAME, "text": ..., "lang": ...,
 * optional parameters}. Output: one JSON value per line.
 *   words      textstat's list_words(text) (lowercase: true lower-cases them)
 *   difficult  list_difficult_words(text, syllable_threshold)
 *   punct      remove_punctuation(text, rm_apostrophe=False)
 *   formula    rd_metric "metric" of the given "counts" (wooorm's formula tests) */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../tools/ds-readability/textstat.h"
#include "json.h"
#include "tok.h"
#include "util.h"

static const char *hyph_dir = "/usr/share/hyphen";

static struct rd_lang *lang_for(const char *name)
{
	static struct rd_lang langs[16];
	static size_t n;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(langs[i].name, name))
			return &langs[i];
	struct ds_buf err = { 0 };
	if (n == sizeof langs / sizeof *langs || rd_lang_open(&langs[n], name, hyph_dir, &err)) {
		fprintf(stderr, "readability-probe: %s\n", ds_buf_cstr(&err));
		ds_buf_free(&err);
		return NULL;
	}
	return &langs[n++];
}

static bool get_bool(struct ds_jspan o, const char *key, bool dflt)
{
	enum ds_jtype t = ds_jtype(ds_jobj_get(o, key, strlen(key)));
	return t == DS_J_TRUE ? true : t == DS_J_FALSE ? false : dflt;
}

static double get_num(struct ds_jspan o, const char *key, double dflt)
{
	double x;
	return ds_jnum(ds_jobj_get(o, key, strlen(key)), &x) ? x : dflt;
}

int main(int argc, char **argv)
{
	if (argc > 1)
		hyph_dir = argv[1];
	struct ds_buf line = { 0 }, text = { 0 }, s = { 0 }, out = { 0 };
	struct rd_work work = { 0 };
	struct rd_counts counts;
	struct ds_tokens tokens = { 0 };
	char chunk[65536];

	ds_prog = "readability-probe";
	while (fgets(chunk, sizeof chunk, stdin)) {
		ds_buf_adds(&line, chunk);
		if (!line.len || line.data[line.len - 1] != '\n')
			continue;
		const char *why;
		size_t at;
		if (ds_json_validate(line.data, line.len, &why, &at))
			ds_die(1, "bad request: %s", why);
		struct ds_jspan req = ds_json_root(line.data, line.len);
		ds_buf_reset(&text);
		struct ds_jspan tj = ds_jobj_get(req, "text", 4);
		if (ds_jtype(tj) == DS_J_STRING)
			ds_jstr_decode(tj, &text);
		ds_buf_cstr(&text);
		ds_buf_reset(&s);
		struct ds_jspan lang = ds_jobj_get(req, "lang", 4);
		if (ds_jtype(lang) == DS_J_STRING)
			ds_jstr_decode(lang, &s);
		else
			ds_buf_adds(&s, "en_US");
		const struct rd_lang *l = lang_for(ds_buf_cstr(&s));
		ds_buf_reset(&s);
		struct ds_jspan fj = ds_jobj_get(req, "fn", 2);
		if (ds_jtype(fj) != DS_J_STRING)
			ds_die(1, "request without \"fn\"");
		ds_jstr_decode(fj, &s);
		const char *fn = ds_buf_cstr(&s);
		struct ds_jw jw;
		ds_buf_reset(&out);
		ds_jw_init(&jw, &out);
		if (!l) {
			ds_jw_null(&jw);
		} else if (!strcmp(fn, "words")) {
			/* the DS_TOK_TEXTSTAT scheme of common/tok-textstat.c */
			ds_tokenize_textstat(get_bool(req, "lowercase", false), text.data, text.len, &tokens);
			ds_jw_arr(&jw);
			for (size_t i = 0; i < tokens.n; i++)
				ds_jw_str(&jw, ds_tok_at(&tokens, i), tokens.len[i]);
			ds_jw_end(&jw);
		} else if (!strcmp(fn, "difficult")) {
			double threshold = get_num(req, "syllable_threshold", 2);
			struct ds_textstat_tok it;
			ds_jw_arr(&jw);
			ds_textstat_begin(&it, text.data, text.len);
			while (ds_textstat_next(&it, &work.word)) {
				if (!work.word.len)
					continue;
				ds_buf_reset(&work.lower);
				ds_fold_case(work.word.data, work.word.len, &work.lower);
				unsigned syl = rd_syllables(l, &work, work.lower.data, work.lower.len);
				if (syl >= threshold && !rd_easy_word(work.lower.data, work.lower.len))
					ds_jw_str(&jw, work.word.data, work.word.len);
			}
			ds_jw_end(&jw);
		} else if (!strcmp(fn, "formula")) {
			/* a formula of given counts (unnamed counts are 0) */
			static const struct { const char *name; size_t off; } keys[] = {
				{ "sentences", offsetof(struct rd_counts, sentences) },
				{ "words", offsetof(struct rd_counts, words) },
				{ "syllables", offsetof(struct rd_counts, syllables) },
				{ "letters", offsetof(struct rd_counts, letters) },
				{ "chars", offsetof(struct rd_counts, chars) },
				{ "polysyllables", offsetof(struct rd_counts, polysyllables) },
				{ "difficult_fog", offsetof(struct rd_counts, difficult_fog) },
				{ "not_easy", offsetof(struct rd_counts, not_easy) },
			};
			struct ds_jspan cj = ds_jobj_get(req, "counts", 6);
			memset(&counts, 0, sizeof counts);
			for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
				*(uint64_t *)((char *)&counts + keys[k].off) =
					(uint64_t)get_num(cj, keys[k].name, 0);
			counts.tokens = counts.words;
			counts.nbytes = 1;
			ds_buf_reset(&s);
			struct ds_jspan mj = ds_jobj_get(req, "metric", 6);
			if (ds_jtype(mj) == DS_J_STRING)
				ds_jstr_decode(mj, &s);
			int m = 0;
			while (m < RD_NMETRICS && strcmp(rd_metric_names[m], ds_buf_cstr(&s)))
				m++;
			ds_jw_double(&jw, m < RD_NMETRICS ? rd_metric(m, &counts, l, &rd_default_params) : NAN);
		} else if (!strcmp(fn, "punct")) {
			/* the text with the deleted characters gone, white space kept */
			struct ds_buf kept = { 0 };
			for (size_t i = 0; i < text.len;) {
				uint32_t cp;
				int len = ds_utf8_decode(text.data + i, &cp);
				if (ds_uc_is_word(cp) || ds_uc_is_space(cp)
				    || (cp == '\'' && ds_textstat_apostrophe_kept(text.data + i + 1,
										   text.data + text.len)))
					ds_buf_add(&kept, text.data + i, (size_t)len);
				i += (size_t)len;
			}
			ds_jw_str(&jw, kept.data ? kept.data : "", kept.len);
			ds_buf_free(&kept);
		} else {
			ds_die(1, "unknown fn '%s'", fn);
		}
		ds_buf_addc(&out, '\n');
		fwrite(out.data, 1, out.len, stdout);
		fflush(stdout);
		ds_buf_reset(&line);
	}
	rd_work_free(&work);
	ds_tokens_free(&tokens);
	ds_buf_free(&line);
	ds_buf_free(&text);
	ds_buf_free(&s);
	ds_buf_free(&out);
	return 0;
}
