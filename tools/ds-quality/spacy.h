/* spacy.h: spaCy 3.8's rule-based English tokenizer (spacy.blank("en")) and
 * its sentencizer, as datatrove's SpaCyTokenizer("en") uses them. */
#ifndef DSQ_SPACY_H
#define DSQ_SPACY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Tokens as byte ranges of the tokenized text; space != 0 for the
 * whitespace tokens spaCy keeps (runs other than one plain space). */
struct dsq_toks {
	uint32_t *off, *len;
	unsigned char *space;
	size_t n, cap;
};

void dsq_toks_free(struct dsq_toks *t);

struct dsq_spacy;	/* per-thread state */

/* Compile the patterns (once per process; exits on failure). */
void dsq_spacy_init(void);
struct dsq_spacy *dsq_spacy_new(void);
void dsq_spacy_free(struct dsq_spacy *s);

/* Tokenize text[0..n) (valid UTF-8) into out, replacing its contents. */
void dsq_spacy_tokenize(struct dsq_spacy *s, const char *text, size_t n, struct dsq_toks *out);

/* The sentencizer's sentence count over tokens of text. */
size_t dsq_spacy_sentences(const struct dsq_toks *t, const char *text);

#endif
