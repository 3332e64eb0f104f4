/* tok.h: the tokenizer schemes every tool shares (dsutils(7), TOKENIZERS).
 *
 * A tokenizer writes the tokens of a text into a reusable struct ds_tokens:
 * the token bytes (case-folded when asked) packed in one buffer and an
 * offset/length pair per token. Nothing is allocated per token; the arrays
 * grow to the longest text seen and are reused. */
#ifndef DS_TOK_H
#define DS_TOK_H

#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "bytes.h"
#include "hash.h"

enum ds_tok_scheme {
	DS_TOK_WORDS,		/* runs of Unicode letters, digits, marks and
				 * connector punctuation, with an apostrophe between
				 * letters kept inside; each CJK ideograph or kana is
				 * its own token */
	DS_TOK_WHITESPACE,	/* split on Unicode white space (Python str.split) */
	DS_TOK_CHARS,		/* each code point a token */
	DS_TOK_LEXRICH,		/* lexicalrichness 0.5.1 preprocess + tokenize */
	DS_TOK_WORDPUNCT,	/* NLTK wordpunct_tokenize: \w+|[^\w\s]+ (Unicode) */
	DS_TOK_TEXTSTAT,	/* textstat 0.7.11's words (ds-readability(1)) */
	DS_TOK_NSCHEMES
};

/* "words", "whitespace", "chars", "lexicalrichness", "wordpunct", "textstat";
 * -1 if unknown. */
int ds_tok_parse(const char *name);
const char *ds_tok_name(int scheme);
/* The scheme names, comma-separated, for --help. */
const char *ds_tok_names(void);

struct ds_tokens {
	char *bytes;		/* token bytes, packed */
	size_t nbytes, bytes_cap;
	uint32_t *off;		/* token i is bytes[off[i] .. off[i]+len[i]) */
	uint32_t *len;
	size_t n, cap;
	struct ds_buf lowered;	/* the text lower-cased first, when Python's
				 * context rules apply to it */
};

/* Tokenize text[0..n) (valid UTF-8) with a scheme; fold != 0 lower-cases
 * exactly as Python's str.lower() does (Unicode's simple lower-case mapping,
 * plus U+0130 -> "i" U+0307 and the final-sigma rule). Replaces t's contents. */
void ds_tokenize(int scheme, int fold, const char *text, size_t n, struct ds_tokens *t);
void ds_tokens_free(struct ds_tokens *t);

static inline const char *ds_tok_at(const struct ds_tokens *t, size_t i)
{
	return t->bytes + t->off[i];
}

/* ds_token_key of token i. ds_tokenize leaves at least 8 bytes after the
 * token bytes, so a short token is one 8-byte load and a mask, not a loop. */
static inline uint64_t ds_tok_key(const struct ds_tokens *t, size_t i)
{
	const char *p = ds_tok_at(t, i);
	size_t n = t->len[i];
	if (n <= 7) {
		uint64_t k = ds_get_u64((const unsigned char *)p) & ((UINT64_C(1) << (8 * n)) - 1);
		return k | (uint64_t)n << 56;
	}
	return ds_hash64(p, n, 0) | (uint64_t)0xff << 56;
}

/* Append Python's str.lower() of text[0..n) to out: the folding ds_tokenize
 * uses. */
void ds_fold_case(const char *text, size_t n, struct ds_buf *out);

/* Unicode properties of a code point, for schemes written elsewhere. */
int ds_uc_is_word(uint32_t cp);		/* \w of Python's re: categories L*, N*, and '_' */
int ds_uc_is_space(uint32_t cp);	/* Python str.isspace() */
int ds_uc_is_cjk(uint32_t cp);		/* ideograph or kana: one token each in words */
/* Decode one code point of valid UTF-8 at p; returns its byte length. */
int ds_utf8_decode(const char *p, uint32_t *cp);

/* textstat 0.7.11's words (common/tok-textstat.c): the text's white-space
 * tokens (Python str.split()) with every character deleted that textstat's
 * remove_punctuation(rm_apostrophe=False) deletes: all but \w, white space and
 * the ASCII apostrophes of contractions. A token left empty is no word. */
struct ds_textstat_tok {
	const char *text, *p, *end;
	size_t start, stop;	/* byte range of the current white-space token */
	size_t chars;		/* its code points */
	size_t word_chars;	/* its \w code points */
	int ascii;		/* it is all ASCII */
};
void ds_textstat_begin(struct ds_textstat_tok *it, const char *text, size_t n);
/* Step to the next white-space token and put its kept characters (original
 * case) in word, replacing its contents. Returns 0 at the end of the text. */
int ds_textstat_next(struct ds_textstat_tok *it, struct ds_buf *word);
/* Whether an apostrophe followed by next[0..end) is kept: it is when t, s, d,
 * ve, ll or re follows (RE_NONCONTRACTION_APOSTROPHE, case-sensitive). */
int ds_textstat_apostrophe_kept(const char *next, const char *end);
/* The DS_TOK_TEXTSTAT scheme of ds_tokenize. */
void ds_tokenize_textstat(int fold, const char *text, size_t n, struct ds_tokens *t);

#endif
