/* lm.h: the parts of ds-lm.
 *
 *   vocab.c  words <-> ids (a hash table over a string blob, mmap-able), and
 *            the words of a text found straight as ids for scoring
 *   train.c  counting and interpolated modified Kneser-Ney as KenLM's lmplz
 *            estimates it, written as ARPA text
 *   arpa.c   ARPA text read into a scoring model, with the checks of KenLM's
 *            reader; float32 numbers in shortest form
 *   model.c  the scoring model (probing hash tables), query's arithmetic, and
 *            its binary file (build-binary)
 *   spm.cc   SentencePiece's encoder behind a C interface (spm.h), for --spm
 * ds-lm.c holds the subcommands and options. */
#ifndef DS_LM_H
#define DS_LM_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"

#define LM_MAX_ORDER 6
/* Fixed ids of the special words, as lmplz numbers them. */
enum { LM_UNK = 0, LM_BOS = 1, LM_EOS = 2 };

/* --- vocabulary ---------------------------------------------------------- */

struct lm_vslot {
	uint64_t hash;		/* of the word's bytes */
	uint32_t id_plus1;	/* 0: empty slot */
	uint32_t len;
};

struct lm_vocab {
	char *blob;		/* the words, each followed by a NUL */
	uint64_t blob_len, blob_cap;
	uint64_t *off;		/* word id starts at blob + off[id] */
	uint32_t n, off_cap;
	struct lm_vslot *slot;
	uint64_t mask;		/* slots - 1, a power of two */
	bool mapped;		/* arrays point into a mapped file */
};

void lm_vocab_init(struct lm_vocab *v);
void lm_vocab_free(struct lm_vocab *v);
/* Id of word w[0..n) by its hash and length (see vocab.c), or -1. */
int64_t lm_vocab_find(const struct lm_vocab *v, const char *w, size_t n);
/* The same with the word's lm_word_hash already computed. */
int64_t lm_vocab_find_hash(const struct lm_vocab *v, uint64_t hash, size_t n);
/* Id of the word, adding it with the next id if new; *added tells which. */
uint32_t lm_vocab_add(struct lm_vocab *v, const char *w, size_t n, bool *added);
uint32_t lm_vocab_add_hash(struct lm_vocab *v, const char *w, size_t n, uint64_t hash,
			   bool *added);
static inline const char *lm_vocab_word(const struct lm_vocab *v, uint32_t id)
{
	return v->blob + v->off[id];
}
static inline size_t lm_vocab_len(const struct lm_vocab *v, uint32_t id)
{
	return (id + 1 < v->n ? v->off[id + 1] : v->blob_len) - v->off[id] - 1;
}
/* Hash of a word's bytes: for up to 8 bytes, lm_short_hash of them read as
 * a little-endian number (zero above them); else XXH3. */
uint64_t lm_word_hash(const char *w, size_t n);
static inline uint64_t lm_short_hash(uint64_t x, size_t n)
{
	unsigned __int128 p = (unsigned __int128)(x ^ 0x9e3779b97f4a7c15u) *
			      (0xbf58476d1ce4e5b9u ^ n);
	return (uint64_t)p ^ (uint64_t)(p >> 64);
}

/* --- training -------------------------------------------------------------- */

struct lm_train_opts {
	int order;
	bool fallback;			/* --discount-fallback */
	float fallback_d[4];		/* its D1..D3+ in [1..3] */
	bool interpolate_unigrams;	/* false: <unk> gets all of gamma(empty) */
	uint64_t memory;		/* bytes; 0 = unlimited */
};

struct lm_trainer;
struct lm_trainer *lm_train_new(const struct lm_train_opts *o);
void lm_train_free(struct lm_trainer *t);
/* Whether a token is <s>, </s> or <unk> (which lmplz refuses in its corpus). */
bool lm_is_special(const char *w, size_t n);
/* Count one sentence of words (already checked: no specials). Returns 0, or
 * -1 when the -m budget would be exceeded (then the counts are incomplete). */
int lm_train_add(struct lm_trainer *t, const char *const *words, const uint32_t *lens,
		 size_t nwords);
/* The counts as a state file (for --state-out), and a state's counts added
 * to t; the latter returns 0, -1 with why in err (a bad file), or -2 when
 * the -m budget would be exceeded. */
void lm_train_write_state(const struct lm_trainer *t, void (*write)(const char *p, size_t n));
int lm_train_merge_state(struct lm_trainer *t, const char *p, size_t n, struct ds_buf *err);
/* Bytes the counts hold now. */
uint64_t lm_train_bytes(const struct lm_trainer *t);
uint64_t lm_train_tokens(const struct lm_trainer *t);

/* Estimate and write the ARPA text through write(), using up the counts.
 * Discount problems are reported through complain (fallback notices, lmplz's
 * wording) and, without --discount-fallback, make it return -1 with the
 * message in err (as does an empty corpus). */
struct lm_train_stats {
	uint64_t counts[LM_MAX_ORDER];
	uint64_t n[LM_MAX_ORDER][5];	/* n-grams with adjusted count 1..4 */
	float d[LM_MAX_ORDER][4];	/* D1, D2, D3+ in [1..3] */
	bool fell_back[LM_MAX_ORDER];
};
int lm_train_finish(struct lm_trainer *t, void (*write)(const char *p, size_t n),
		    void (*complain)(const char *msg), struct lm_train_stats *st,
		    struct ds_buf *err);

/* --- numbers in ARPA text ----------------------------------------------- */

/* Shortest decimal that reads back as the same float32 (double-conversion's
 * ToShortestSingle as KenLM prints it: exponent form below 1e-6). Returns the
 * length; buf needs 24 bytes. */
size_t lm_fmt_float(char *buf, float x);
/* A decimal float at p[0..n) in full (strtof semantics, "inf"/"nan" too);
 * false if malformed. */
bool lm_parse_float(const char *p, size_t n, float *out);

/* --- scoring model -------------------------------------------------------- */

struct lm_entry {
	uint64_t key;		/* lm_ngram_key of the words; 0: empty slot */
	float prob, backoff;
};

struct lm_table {
	struct lm_entry *e;
	uint64_t slots;		/* about 1.5 per n-gram */
};

struct lm_pb {
	float prob, backoff;
};

/* A backoff of 0 is stored as +0.0 for an n-gram that is the context of a
 * longer one and as -0.0 for one that is not (KenLM's "extension" mark): the
 * state after a word keeps only contexts, so the next lookups stop early. */
#define LM_NO_EXTENSION (-0.0f)
static inline bool lm_has_extension(float backoff)
{
	uint32_t bits;
	memcpy(&bits, &backoff, 4);
	return bits != 0x80000000u;
}

struct lm_model {
	int order;
	uint64_t counts[LM_MAX_ORDER];
	struct lm_vocab vocab;
	struct lm_pb *uni;			/* by word id */
	struct lm_table tab[LM_MAX_ORDER];	/* tab[n-1] holds the n-grams, n >= 2 */
	/* Every n-gram's suffix is an (n-1)-gram (lmplz's output always): a
	 * lookup may stop at the first length that is missing. */
	bool suffix_complete;
	void *map;				/* a mapped binary file, or NULL */
	size_t map_len;
};

/* Hash of an n-gram, built from its last word leftwards:
 * key(w) = w, key(c w) = lm_key_extend(key(w), c), ... with KenLM's
 * CombineWordHash (lm/search_hashed.cc); never 0, which marks an empty slot. */
static inline uint64_t lm_key_extend(uint64_t key, uint32_t word)
{
	uint64_t x = key * 8978948897894561157u ^ ((uint64_t)word + 1) * 17894857484156487943u;
	return x ? x : 1;
}

static inline const struct lm_entry *lm_table_find(const struct lm_table *t, uint64_t key)
{
	uint64_t i = (uint64_t)(((unsigned __int128)key * t->slots) >> 64);
	for (;;) {
		const struct lm_entry *e = &t->e[i];
		if (e->key == key)
			return e;
		if (!e->key)
			return NULL;
		if (++i == t->slots)
			i = 0;
	}
}

/* The ARPA reader: text in p[0..n) (the whole file), name for messages.
 * Returns 0, or -1 with "LINE: what is wrong" in err. Warnings (a missing
 * <unk>) go through warn. */
int lm_arpa_read(struct lm_model *m, const char *p, size_t n, struct ds_buf *err,
		 void (*warn)(const char *msg));
/* Tables sized for counts; used by the reader. */
void lm_model_alloc(struct lm_model *m);
/* Insert an n-gram (n >= 2) by key; false if it is already there. */
bool lm_model_insert(struct lm_model *m, int n, uint64_t key, float prob, float backoff);
/* The n-gram (of order n; for n = 1 the key is the word id) is a context. */
void lm_model_mark_context(struct lm_model *m, int n, uint64_t key);
void lm_model_free(struct lm_model *m);

/* Binary cache: write m through write(), or map a file's bytes as a model. */
void lm_binary_write(const struct lm_model *m, void (*write)(const char *p, size_t n));
/* Whether p[0..n) starts like a ds-lm binary file. */
bool lm_binary_magic(const char *p, size_t n);
int lm_binary_map(struct lm_model *m, void *map, size_t len, struct ds_buf *err);

/* Load either kind of file (binary by its magic number). */
int lm_model_load(struct lm_model *m, const char *path, struct ds_buf *err,
		  void (*warn)(const char *msg));

/* A sentence's word ids for lm_score, with room around them: ids[-1] is
 * <s>, ids[n] is </s>, and the lookups may read a few padding ids before <s>
 * (keys that are never used). */
struct lm_sent {
	uint32_t *buf;
	size_t cap;
	uint32_t *ids;
	size_t n;
};
/* Room for up to max words; returns s->ids with <s> and the padding set. */
uint32_t *lm_sent_reserve(struct lm_sent *s, size_t max);
/* s->n = n and ids[n] = </s>. */
static inline void lm_sent_end(struct lm_sent *s, size_t n)
{
	s->n = n;
	s->ids[n] = LM_EOS;
}
void lm_sent_free(struct lm_sent *s);

/* Scoring one sentence, KenLM query's arithmetic: every word and </s> gets
 * log10 p(w | up to order-1 previous words) with backoffs, summed in float32. */
struct lm_sentence {
	float total;		/* float32 running sum, as query's Total */
	double oov_log10;	/* sum of the OOV words' log10 p (double, as query) */
	uint64_t words, oov;
};
/* Per-word detail, optional: word_log10/ngram_len grow to words+1 entries. */
struct lm_detail {
	float *log10p;
	uint8_t *ngram_len;
	size_t cap;
};
void lm_score(const struct lm_model *m, const struct lm_sent *s, struct lm_sentence *out,
	      struct lm_detail *detail);
/* Ids of n words for scoring into s: <unk> (0) for a word not in the
 * vocabulary, <UNK> included. */
void lm_model_ids(const struct lm_model *m, const char *const *w, const uint32_t *len,
		  size_t n, struct lm_sent *s);

/* The words of text[0..n) split as Python's str.split() does, after
 * str.lower() when fold, looked up straight into s: the same ids as the
 * whitespace tokenizer and lm_model_ids give, without storing the words. */
struct lm_scan {
	struct ds_buf word;	/* the current word, folded */
};
void lm_text_ids(const struct lm_vocab *v, const char *text, size_t n, bool fold,
		 struct lm_scan *sc, struct lm_sent *s);
void lm_scan_free(struct lm_scan *sc);

#endif
