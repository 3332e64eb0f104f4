/* tok-textstat.c: textstat 0.7.11's word splitting (DS_TOK_TEXTSTAT).
 *
 * textstat's list_words(text) is
 *     re.sub(r"[^\w\s']", "", re.sub(r"\'(?![tsd]|ve|ll|re)", "", text)).split()
 * Both substitutions decide per character, on the original text, and never
 * touch white space, so one pass over each white-space token gives the words. */
#include "tok.h"

#include <string.h>
#include "buf.h"
#include "util.h"

int ds_textstat_apostrophe_kept(const char *next, const char *end)
{
	if (next >= end)
		return 0;
	switch (next[0]) {
	case 't': case 's': case 'd':
		return 1;
	case 'v': case 'l': case 'r':
		return end - next >= 2 && next[1] == (next[0] == 'l' ? 'l' : 'e');
	}
	return 0;
}

static inline int is_space_at(const char *p, uint32_t *cp, int *len)
{
	unsigned char c = (unsigned char)*p;
	if (c < 0x80) {
		*cp = c;
		*len = 1;
		return c == ' ' || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
	}
	*len = ds_utf8_decode(p, cp);
	return ds_uc_is_space(*cp);
}

void ds_textstat_begin(struct ds_textstat_tok *it, const char *text, size_t n)
{
	it->text = it->p = text;
	it->end = text + n;
	it->start = it->stop = 0;
	it->chars = it->word_chars = 0;
	it->ascii = 1;
}

int ds_textstat_next(struct ds_textstat_tok *it, struct ds_buf *word)
{
	const char *p = it->p, *end = it->end;
	uint32_t cp;
	int len = 1;

	ds_buf_reset(word);
	while (p < end && is_space_at(p, &cp, &len))
		p += len;
	if (p >= end) {
		it->p = p;
		return 0;
	}
	it->start = (size_t)(p - it->text);
	it->chars = it->word_chars = 0;
	it->ascii = 1;
	while (p < end && !is_space_at(p, &cp, &len)) {
		it->chars++;
		if (cp < 0x80 ? (cp | 0x20) - 'a' < 26 || cp - '0' < 10 || cp == '_' : ds_uc_is_word(cp)) {
			it->word_chars++;
			ds_buf_add(word, p, (size_t)len);
		} else if (cp == '\'' && ds_textstat_apostrophe_kept(p + 1, end)) {
			ds_buf_addc(word, '\'');
		}
		if (cp >= 0x80)
			it->ascii = 0;
		p += len;
	}
	it->stop = (size_t)(p - it->text);
	it->p = p;
	return 1;
}

void ds_tokenize_textstat(int fold, const char *text, size_t n, struct ds_tokens *t)
{
	/* Per-thread scratch, kept between calls: no allocation per text. */
	static _Thread_local struct ds_buf word, folded;
	struct ds_textstat_tok it;

	t->n = t->nbytes = 0;
	ds_textstat_begin(&it, text, n);
	while (ds_textstat_next(&it, &word)) {
		if (!word.len)
			continue;
		const struct ds_buf *w = &word;
		if (fold) {
			ds_buf_reset(&folded);
			ds_fold_case(word.data, word.len, &folded);
			w = &folded;
		}
		if (t->n == t->cap) {
			t->cap = t->cap ? t->cap * 2 : 64;
			t->off = ds_reallocarray(t->off, t->cap, sizeof *t->off);
			t->len = ds_reallocarray(t->len, t->cap, sizeof *t->len);
		}
		if (t->bytes_cap - t->nbytes < w->len + 8) {	/* ds_tok_key's slack */
			t->bytes_cap = (t->nbytes + w->len + 8) * 2;
			t->bytes = ds_realloc(t->bytes, t->bytes_cap);
		}
		memcpy(t->bytes + t->nbytes, w->data, w->len);
		t->off[t->n] = (uint32_t)t->nbytes;
		t->len[t->n++] = (uint32_t)w->len;
		t->nbytes += w->len;
	}
}
