/* Unit tests of common/tok.c: every scheme on texts whose tokens the
 * reference implementations give. TAP. */
#include <string.h>
#include "buf.h"
#include "tap.h"
#include "counter.h"
#include "tok.h"

/* Tokens joined by "|". */
static const char *tokens(int scheme, int fold, const char *text)
{
	static struct ds_tokens t;
	static char out[4096];
	ds_tokenize(scheme, fold, text, strlen(text), &t);
	out[0] = 0;
	for (size_t i = 0; i < t.n; i++) {
		if (i)
			strcat(out, "|");
		strncat(out, ds_tok_at(&t, i), t.len[i]);
	}
	return out;
}

struct tcase {
	int scheme, fold;
	const char *text, *want, *why;
};

int main(void)
{
	static const struct tcase cases[] = {
		/* lexicalrichness 0.5.1 preprocess + tokenize (its test_preprocess cases) */
		{ DS_TOK_LEXRICH, 1, "TEST text with some text numbers 42, hyphen-here, and text punctuations.",
		  "test|text|with|some|text|numbers|hyphenhere|and|text|punctuations", "lexrich: digits, hyphen, punctuation" },
		{ DS_TOK_LEXRICH, 1, "hyphen\xe2\x80\x93here and hyphen\xe2\x80\x94there", "hyphenhere|and|hyphenthere", "lexrich: en and em dash deleted" },
		{ DS_TOK_LEXRICH, 1, "abc123def 42nd don't e.g. snake_case", "abcdef|nd|don|t|e|g|snake|case", "lexrich: digits inside words, apostrophes" },
		{ DS_TOK_LEXRICH, 1, "it\xe2\x80\x99s Caf\xc3\x89 \xc2\xa0x", "it\xe2\x80\x99s|caf\xc3\xa9|x", "lexrich: non-ASCII punctuation kept, Unicode lower, NBSP splits" },
		{ DS_TOK_LEXRICH, 1, "", "", "lexrich: empty" },
		/* Python str.split() */
		{ DS_TOK_WHITESPACE, 0, " a\tb\nc\x1f" "d\xe3\x80\x80" "e\xc2\x85" "f ", "a|b|c|d|e|f", "whitespace: Unicode white space incl. U+001F, U+3000, U+0085" },
		{ DS_TOK_WHITESPACE, 1, "Hello, World!", "hello,|world!", "whitespace: folded, punctuation kept" },
		/* NLTK wordpunct_tokenize: \w+|[^\w\s]+ */
		{ DS_TOK_WORDPUNCT, 1, "Good muffins cost $3.88\nin New York.  Please buy me\ntwo of them.\n\nThanks.",
		  "good|muffins|cost|$|3|.|88|in|new|york|.|please|buy|me|two|of|them|.|thanks|.", "wordpunct: NLTK's docstring example" },
		{ DS_TOK_WORDPUNCT, 0, "snake_case ?!. \xc3\xa9t\xc3\xa9", "snake_case|?!.|\xc3\xa9t\xc3\xa9", "wordpunct: _ is \\w, punctuation runs" },
		/* words */
		{ DS_TOK_WORDS, 1, "Don't stop: it's 2024!", "don't|stop|it's|2024", "words: inner apostrophes kept" },
		{ DS_TOK_WORDS, 0, "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e" "abc", "\xe6\x97\xa5|\xe6\x9c\xac|\xe8\xaa\x9e|abc", "words: each ideograph a token" },
		{ DS_TOK_WORDS, 0, "\xe3\x81\x93\xe3\x82\x8c", "\xe3\x81\x93|\xe3\x82\x8c", "words: each kana a token" },
		{ DS_TOK_WORDS, 0, "na\xc3\xafve 'quoted'", "na\xc3\xafve|quoted", "words: outer quotes dropped" },
		{ DS_TOK_CHARS, 0, "a\xc3\xa9z", "a|\xc3\xa9|z", "chars: code points" },
	};
	size_t n = sizeof cases / sizeof *cases;
	tap_plan((int)n + 5);
	for (size_t i = 0; i < n; i++) {
		const char *got = tokens(cases[i].scheme, cases[i].fold, cases[i].text);
		tap_ok(!strcmp(got, cases[i].want), "%s%s%s", cases[i].why,
		       strcmp(got, cases[i].want) ? " -- got: " : "", strcmp(got, cases[i].want) ? got : "");
	}
	tap_ok(ds_tok_parse("wordpunct") == DS_TOK_WORDPUNCT && ds_tok_parse("nope") < 0, "scheme names");
	struct ds_buf b = { 0 };
	ds_fold_case("\xc3\x84" "BC\xce\xa3", 6, &b);
	tap_ok(b.len == 6 && !memcmp(b.data, "\xc3\xa4" "bc\xcf\x82", 6), "fold: Unicode lower case, final sigma as Python");
	/* A long text exercises the buffers' growth. */
	static char big[200000];
	for (size_t i = 0; i + 1 < sizeof big; i++)
		big[i] = i % 7 == 6 ? ' ' : 'A' + (char)(i % 5);
	struct ds_tokens t = { 0 };
	ds_tokenize(DS_TOK_LEXRICH, 1, big, strlen(big), &t);
	tap_ok(t.n == (sizeof big - 1 + 6) / 7 && t.len[0] == 6, "long text: %zu tokens", t.n);
	/* ds_tok_key reads 8 bytes at a time: same keys as ds_token_key, for
	 * tokens of every length, last token included. */
	ds_tokenize(DS_TOK_WHITESPACE, 0, "a bb ccc dddd eeeee ffffff ggggggg hhhhhhhh iiiiiiiii", 53, &t);
	int same = t.n == 9;
	for (size_t i = 0; i < t.n; i++)
		same &= ds_tok_key(&t, i) == ds_token_key(ds_tok_at(&t, i), t.len[i]);
	tap_ok(same, "ds_tok_key = ds_token_key, lengths 1..9");
	/* A counter reset for a small text after a large one counts the same. */
	struct ds_counter c;
	ds_counter_init(&c);
	for (uint64_t k = 0; k < 5000; k++)
		ds_counter_add(&c, k % 3000);
	int ok = c.ntypes == 3000 && c.count[0] == 2 && c.count[2999] == 1;
	ds_counter_reset(&c, 4);
	ok &= c.ntypes == 0 && c.mask + 1 == 64;
	ds_counter_add(&c, 7);
	ds_counter_add(&c, 9);
	ok &= ds_counter_add(&c, 7) == 0 && c.count[0] == 2 && c.ntypes == 2;
	for (uint64_t k = 0; k < 100; k++)	/* more than the reset promised: grows */
		ds_counter_add(&c, 1000 + k);
	ok &= c.ntypes == 102 && ds_counter_find(&c, 9) == 1 && ds_counter_find(&c, 1099) == 101;
	ds_counter_free(&c);
	tap_ok(ok, "counter: reset to a small table, then growth past it");
	ds_tokens_free(&t);
	ds_buf_free(&b);
	return tap_done();
}
