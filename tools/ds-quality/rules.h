/* rules.h: datatrove 0.10.0's quality filters (DEFINITIONS.md section 10) as
 * functions that compute every statistic and the first failing check. */
#ifndef DSQ_RULES_H
#define DSQ_RULES_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "spacy.h"

/* A word list: byte ranges, not necessarily inside the text, each with 8
 * readable bytes after it. */
struct dsq_words {
	const char **p;
	uint32_t *len;		/* bytes */
	uint32_t *cplen;	/* code points */
	uint64_t *key;		/* the bytes when at most 7 (exact), else a hash; the
				 * top byte, the length or 0xff, keeps them apart */
	unsigned char *cls;	/* DSQ_NOT_SYMBOL, DSQ_LETTER */
	size_t n, cap;
};
/* A word with a character outside datatrove's PUNCTUATION_SET; with a
 * letter (str.isalpha). */
enum { DSQ_NOT_SYMBOL = 1, DSQ_LETTER = 2 };

/* Verdicts: DSQ_PASS, DSQ_FAIL (reason set), DSQ_ERROR (datatrove raises:
 * a division by zero on an empty text). */
enum { DSQ_PASS, DSQ_FAIL, DSQ_ERROR };

/* Thresholds (datatrove's defaults in dsq_params_default); 0 switches a
 * check off, as datatrove's `if self.x and ...` does. */
struct dsq_params {
	double gq_min_doc_words, gq_max_doc_words, gq_min_avg_word_length,
	       gq_max_avg_word_length, gq_max_symbol_word_ratio, gq_max_bullet_lines_ratio,
	       gq_max_ellipsis_lines_ratio, gq_min_alpha_words_ratio, gq_min_stop_words;
	double gr_dup_line_frac, gr_dup_para_frac, gr_dup_line_char_frac, gr_dup_para_char_frac;
	double gr_top_ngram[5];		/* n = 2..4 */
	double gr_dup_ngram[11];	/* n = 5..10 */
	long c4_min_num_sentences, c4_min_words_per_line, c4_max_word_length;	/* -1: off */
	bool c4_terminal_punct, c4_remove_citations, c4_lorem_ipsum, c4_javascript,
	     c4_curly_bracket, c4_policy;
	double fw_line_punct_thr, fw_short_line_thr, fw_char_dup_ratio, fw_new_line_ratio;
	long fw_short_line_length;
	bool fw_line_punct_exclude_zero;
};
void dsq_params_default(struct dsq_params *p);
/* Build the rules' tables (once, before any thread starts). */
void dsq_rules_init(void);

/* A ratio a / b, NaN when b == 0 (written as null). */
static inline double dsq_ratio(double a, double b) { return b == 0 ? NAN : a / b; }

struct dsq_gq {
	size_t n_words, n_non_symbol_words, n_hash, n_ellipsis, n_lines, n_bullet_lines,
	       n_end_ellipsis_lines, n_alpha_words, stop_words;
	double mean_word_length, hash_ratio, ellipsis_ratio, bullet_lines_ratio,
	       end_ellipsis_lines_ratio, alpha_words_ratio;
	int verdict;
	const char *reason;
};

struct dsq_gr {
	size_t n_paragraphs, dup_paragraphs, dup_para_chars, n_lines, dup_lines, dup_line_chars,
	       n_words;
	double dup_para_frac, dup_para_char_frac, dup_line_frac, dup_line_char_frac;
	long top_chars[5];		/* -1 when the check is skipped (N < n) */
	double top_frac[5];
	size_t dup_chars[11];
	double dup_frac[11];
	int verdict;
	const char *reason;
};

enum { C4_KEPT, C4_TOO_LONG_WORD, C4_NO_TERMINAL_PUNC, C4_TOO_FEW_WORDS, C4_LOREM_IPSUM,
       C4_JAVASCRIPT, C4_CURLY_BRACKET, C4_POLICY };
extern const char *const dsq_c4_labels[];

struct dsq_c4 {
	size_t n_lines, lines_evaluated, too_long_word, no_terminal_punc, too_few_words,
	       javascript, policy, lines_kept, sentences, kept_chars;
	unsigned char *decisions;	/* one C4_* per evaluated line */
	uint32_t *line_sentences;	/* per evaluated line: its sentences when kept */
	size_t cap_decisions;
	struct ds_buf kept;		/* the rewritten text when it passes (DSQ_PAD after it) */
	size_t kept_words;		/* its words, when known (else SIZE_MAX) */
	int verdict;
	const char *reason;
};

struct dsq_fw {
	size_t n_lines, n_punct_lines, n_short_lines, dup_line_chars, n_non_newline_chars,
	       n_newlines, n_words;
	double line_punct_ratio, short_line_ratio, char_dup_ratio, list_ratio;
	int verdict;
	const char *reason;
};

/* Per-thread scratch space for the rules; sp tokenizes for C4's sentences. */
struct dsq_scratch;
struct dsq_scratch *dsq_scratch_new(struct dsq_spacy *sp);
void dsq_scratch_free(struct dsq_scratch *s);
/* Declare the record's text: n bytes, n_chars code points, DSQ_PAD bytes
 * after it. The rules below take this text, and share their work on it. */
void dsq_scratch_text(struct dsq_scratch *s, const char *text, size_t n, size_t n_chars);
/* spaCy's tokens of the text, made once per text; *local tells whether
 * they hold for any of its lines alone (dsq_spacy_tokenize). */
const struct dsq_toks *dsq_text_tokens(struct dsq_scratch *s, bool *local);

void dsq_words_push(struct dsq_words *w, const char *p, uint32_t len);
/* Replace the words by the tokens of t (tokens of text) other than white
 * space. */
void dsq_words_tokens(struct dsq_words *w, const char *text, const struct dsq_toks *t);
void dsq_words_free(struct dsq_words *w);

void dsq_gopher_quality(struct dsq_scratch *s, const struct dsq_params *p,
			const struct dsq_words *w, struct dsq_gq *out);
void dsq_gopher_repetition(struct dsq_scratch *s, const struct dsq_params *p,
			   const struct dsq_words *w, struct dsq_gr *out);
/* with_punct, when not NULL, is the result with the same parameters but the
 * terminal-punctuation filter on: its verdicts on the lines it judged past
 * that filter are reused. w, when not NULL, are the text's words, in text
 * order and each a piece of one line (by a tokenizer that never looks
 * across white space): the words of the kept text are then counted. */
void dsq_c4(struct dsq_scratch *s, const struct dsq_params *p, const struct dsq_c4 *with_punct,
	    const struct dsq_words *w, struct dsq_c4 *out);
void dsq_c4_free(struct dsq_c4 *c);
/* FineWeb on text[0..n) (n_chars code points; the record's text or
 * another), whose words number n_words. */
void dsq_fineweb(struct dsq_scratch *s, const struct dsq_params *p, const char *text, size_t n,
		 size_t n_chars, size_t n_words, struct dsq_fw *out);

#endif
