/* textstat.h: the readability engine of ds-readability: textstat 0.7.11's
 * counts and formulas (ds-readability(1) has every rule and formula). */
#ifndef RD_TEXTSTAT_H
#define RD_TEXTSTAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "hyph.h"

/* A language as textstat sees it: LANG_CONFIGS of its root ("de" of "de_DE",
 * the "en" entry for a root it does not list), syllables from CMUdict for
 * English, hyphenation patterns, and the easy-word list. */
struct rd_lang {
	char name[32], root[16];
	bool cmudict;
	bool has_fre;		/* fre_base, fre_sentence_length, fre_syll_per_word */
	double fre_base, fre_sentence_length, fre_syll_per_word;
	bool has_threshold;	/* syllable_threshold (Gunning fog) */
	unsigned syllable_threshold;
	bool has_easy_words;	/* false: textstat's list for this language is not shipped */
	struct rd_hyph *hyph;
};

/* Set up lang ("en_US", "de", ...) with the pattern files of hyph_dir.
 * Returns 0, or -1 with the reason in err. */
int rd_lang_open(struct rd_lang *l, const char *lang, const char *hyph_dir, struct ds_buf *err);
void rd_lang_close(struct rd_lang *l);

/* Syllables and easiness of a word missing from CMUdict (or of any word when
 * the language has no CMUdict): words follow Zipf's law, so a per-thread cache
 * (1 MiB, two 32-byte entries per set) spares most of them the hyphenation
 * patterns. The key is the word zero-padded to RD_CACHE_WORD bytes (no word
 * holds a NUL byte); longer words bypass it. */
#define RD_CACHE_WORD 24
struct rd_cached {
	uint64_t key[RD_CACHE_WORD / 8];	/* key[0] == 0: empty */
	uint8_t syllables;
	uint8_t easy;
};
#define RD_CACHE_SLOTS 32768

/* In front of the tables and that cache, the most recent words of at most 15
 * bytes in a direct-mapped table small enough for the CPU's L2 cache (256
 * KiB): the word zero-padded to 16 bytes, with syllables * 2 + easiness in
 * place of the last byte. */
#define RD_HOT_BITS 14
struct rd_hot {
	uint64_t key[2];
};

/* What rd_analyze reads of each byte of a text: white space, \w, . ! ?, the
 * apostrophe (all ASCII), or a byte of a non-ASCII character. */
enum rd_class { RD_SPACE, RD_WORD, RD_STOP, RD_APOS, RD_HIGH, RD_NCLASSES };
/* 64 bytes of a text: bit i of bits[class] for its byte i. */
struct rd_block {
	uint64_t bits[RD_NCLASSES];
};

/* Per-thread scratch: nothing is allocated per word or per text once warm. */
struct rd_work {
	struct ds_buf word, lower;
	struct rd_hyph_scratch hs;
	struct rd_cached *cache;	/* RD_CACHE_SLOTS, made on first use */
	struct rd_hot *hot;	/* 1 << RD_HOT_BITS, made on first use */
	uint64_t *seen;		/* hashes of a text's difficult words, to count distinct ones */
	size_t seen_cap;
	char *low;		/* the text with ASCII letters lower-cased, and padding */
	struct rd_block *blocks;	/* the text's character classes */
	size_t text_cap;	/* bytes low has room for */
};
void rd_work_free(struct rd_work *w);

/* Lower-case UTF-8 word (as textstat lower-cases it) -> syllables. */
unsigned rd_syllables(const struct rd_lang *l, struct rd_work *w, const char *lower, size_t n);
/* Whether the lower-case word is on the easy-word (New Dale-Chall) list. */
bool rd_easy_word(const char *lower, size_t n);

#define RD_LEN_BINS 64		/* token lengths kept exactly below this */

/* Everything the formulas need, counted in one pass (and one for sentences). */
struct rd_counts {
	uint64_t words;		/* W: textstat's words */
	uint64_t tokens;	/* W': white-space tokens, punctuation-only ones too */
	uint64_t sentences;	/* S */
	uint64_t syllables, polysyllables /* >= 3 */, monosyllables /* == 1 */;
	uint64_t letters;	/* \w characters */
	uint64_t chars;		/* non-white-space characters */
	uint64_t cjk_words;	/* words with a CJK ideograph or kana */
	/* tokens by their number of \w characters (remove_punctuation with
	 * rm_apostrophe=True): long words and miniwords read it */
	uint64_t by_len[RD_LEN_BINS];
	uint64_t not_easy;	/* words off the easy list (Dale-Chall) */
	uint64_t difficult;	/* ... with >= 2 syllables (Spache, New Dale-Chall) */
	uint64_t difficult_unique;	/* ... distinct (case-sensitive) */
	uint64_t difficult_fog;	/* ... with >= syllable_threshold syllables */
	/* Linsear Write: easy (1-2 syllables) and hard (>= 3) words among the
	 * first 100 words and among all, and the sentences of the text up to the
	 * 100th word (what strict_upper counts) */
	uint64_t lw_easy100, lw_hard100, lw_easy, lw_hard, lw_sentences100;
	/* Osman (Arabic) */
	uint64_t ar_syllables, ar_long, ar_faseeh;
	size_t nbytes;		/* the text's length: textstat tests len(text) */
};

enum { RD_NEED_UNIQUE = 1, RD_NEED_OSMAN = 2 };
void rd_analyze(const struct rd_lang *l, struct rd_work *w, const char *text, size_t n,
		unsigned need, struct rd_counts *c);

/* The metrics, with textstat's names. */
enum rd_metric {
	RD_FLESCH_READING_EASE, RD_FLESCH_KINCAID_GRADE, RD_GUNNING_FOG, RD_SMOG_INDEX,
	RD_COLEMAN_LIAU_INDEX, RD_AUTOMATED_READABILITY_INDEX, RD_DALE_CHALL,
	RD_LINSEAR_WRITE, RD_SPACHE, RD_DALE_CHALL_V2, RD_LIX, RD_RIX, RD_TEXT_STANDARD,
	RD_MCALPINE_EFLAW, RD_READING_TIME, RD_FERNANDEZ_HUERTA, RD_SZIGRISZT_PAZOS,
	RD_GUTIERREZ_POLINI, RD_CRAWFORD, RD_GULPEASE, RD_OSMAN, RD_WIENER_SACHTEXTFORMEL,
	RD_WORDS_PER_SENTENCE, RD_SYLLABLES_PER_WORD, RD_LETTERS_PER_WORD,
	RD_CHARS_PER_WORD, RD_SENTENCES_PER_WORD,
	RD_WORDS, RD_SENTENCES, RD_SYLLABLES, RD_POLYSYLLABLES, RD_MONOSYLLABLES,
	RD_DIFFICULT_WORDS, RD_LETTERS, RD_CHARS, RD_TOKENS, RD_LONG_WORDS, RD_MINIWORDS,
	RD_NMETRICS
};
extern const char *const rd_metric_names[RD_NMETRICS];
/* The first metric that is a count (printed as an integer). */
#define RD_FIRST_COUNT RD_WORDS

/* Parameters textstat's public functions take. */
struct rd_params {
	bool lw_strict_lower, lw_strict_upper;	/* Linsear Write: False, True */
	double ms_per_char;			/* reading_time: 14.69 */
	int wstf_variant;			/* Wiener Sachtextformel: 1..4 */
	unsigned long_threshold;		/* long words: more than 6 letters */
	unsigned mini_max;			/* miniwords: at most 3 letters */
};
extern const struct rd_params rd_default_params;

/* A metric of counted text; NaN where textstat raises (a language without
 * the constant, a division it does not guard, an easy-word list not shipped). */
double rd_metric(enum rd_metric m, const struct rd_counts *c, const struct rd_lang *l,
		 const struct rd_params *p);

#endif
