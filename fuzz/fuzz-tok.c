/* fuzz-tok: every tokenizer scheme of common/tok.h, and case folding.
 *
 * Input: byte 0 picks the scheme (and bit 7 case folding); the rest is the
 * text, used only when it is valid UTF-8 (the schemes' precondition), in a
 * buffer of exactly its size so that AddressSanitizer sees any read past it.
 * Properties: every token lies inside the token buffer, is not empty, and is
 * valid UTF-8; "chars" without folding gives the text's code points in order;
 * "whitespace" without folding gives pieces of the text in order; folded text
 * is valid UTF-8; the textstat iterator stays inside the text. */
#include "buf.h"
#include "fuzz.h"
#include "json.h"
#include "tok.h"

static struct ds_tokens toks;
static struct ds_buf folded, word;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int scheme = (data[0] & 0x7f) % DS_TOK_NSCHEMES, fold = data[0] >> 7;
	size_t n = size - 1;
	if (!fuzz_utf8_ok(data + 1, n))
		return 0;
	char *text = malloc(n ? n : 1);
	memcpy(text, data + 1, n);

	ds_tokenize(scheme, fold, text, n, &toks);
	const char *from = text, *end = text + n;
	for (size_t i = 0; i < toks.n; i++) {
		CHECK((size_t)toks.off[i] + toks.len[i] <= toks.nbytes && toks.nbytes <= toks.bytes_cap,
		      "%s: token %zu at %u+%u outside %zu bytes", ds_tok_name(scheme), i, toks.off[i], toks.len[i],
		      toks.nbytes);
		CHECK(toks.len[i] > 0, "%s: token %zu is empty", ds_tok_name(scheme), i);
		CHECK(fuzz_utf8_ok((const unsigned char *)ds_tok_at(&toks, i), toks.len[i]),
		      "%s: token %zu is not UTF-8: %.*s", ds_tok_name(scheme), i, (int)toks.len[i], ds_tok_at(&toks, i));
		if (!fold && (scheme == DS_TOK_CHARS || scheme == DS_TOK_WHITESPACE)) {
			const char *at = memmem(from, (size_t)(end - from), ds_tok_at(&toks, i), toks.len[i]);
			CHECK(at != NULL, "%s: token %zu is not in the rest of the text", ds_tok_name(scheme), i);
			if (scheme == DS_TOK_CHARS)
				CHECK(at == from, "chars: token %zu skips bytes", i);
			from = at + toks.len[i];
		}
	}
	if (!fold && scheme == DS_TOK_CHARS)
		CHECK(from == end, "chars: %zu bytes left untokenized", (size_t)(end - from));

	ds_buf_reset(&folded);
	ds_fold_case(text, n, &folded);
	CHECK(fuzz_utf8_ok((const unsigned char *)folded.data, folded.len), "folded text is not UTF-8");

	struct ds_textstat_tok it;
	ds_textstat_begin(&it, text, n);
	while (ds_textstat_next(&it, &word)) {
		CHECK(it.start <= it.stop && it.stop <= n, "textstat token at %zu..%zu of %zu", it.start, it.stop, n);
		CHECK(fuzz_utf8_ok((const unsigned char *)word.data, word.len), "textstat word is not UTF-8");
	}
	free(text);
	return 0;
}
