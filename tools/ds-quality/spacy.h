/* spacy.h: spaCy 3.8's rule-based English tokenizer (spacy.blank("en")) and
 * its sentencizer, as datatrove's SpaCyTokenizer("en") uses them. */
#ifndef DSQ_SPACY_H
#define DSQ_SPACY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Tokens as byte ranges of the tokenized text, with DSQ_TOK_* flags. */
struct dsq_toks {
	uint32_t *off, *len;
	unsigned char *flags;
	size_t n, cap;
};
/* A whitespace token spaCy keeps (a run other than one plain space); a
 * token of ASCII letters only. */
enum { DSQ_TOK_SPACE = 1, DSQ_TOK_LETTERS = 2 };

void dsq_toks_free(struct dsq_toks *t);

/* Readable bytes a tokenized text needs after its end (their values do not
 * matter): the scans load 16 bytes at a time. */
#define DSQ_PAD 16

struct dsq_spacy;	/* per-thread state */

/* Compile the patterns (once per process; exits on failure). */
void dsq_spacy_init(void);
struct dsq_spacy *dsq_spacy_new(void);
void dsq_spacy_free(struct dsq_spacy *s);

/* Tokenize text[0..n) (valid UTF-8, DSQ_PAD bytes after it) into out,
 * replacing its contents. Returns true when the tokens of any part of the
 * text made of whole lines are the tokens inside that part: no special-case
 * match that changes tokens sits in a chunk (the white-space-delimited
 * pieces are then tokenized each on its own). */
bool dsq_spacy_tokenize(struct dsq_spacy *s, const char *text, size_t n, struct dsq_toks *out);

/* The sentencizer's sentence count over tokens [from, to) of t, tokens of
 * text. */
size_t dsq_spacy_sentences(const struct dsq_toks *t, size_t from, size_t to, const char *text);

#endif
