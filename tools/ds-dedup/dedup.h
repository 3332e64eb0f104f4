/* dedup.h: the parts of ds-dedup(1).
 *
 * minhash.c  texts to exact hashes and MinHash signatures (both hash modes)
 * lshparam.c the (bands, rows) optimiser of datasketch, with QUADPACK's QAGS
 * sigfile.c  signature files (sign) and cluster files (cluster, apply)
 * cluster.c  exact groups, LSH buckets and union-find over all entries
 * ds-dedup.c options, subcommands and the record loops */
#ifndef DS_DEDUP_H
#define DS_DEDUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "tok.h"

enum dd_mode { DD_EXACT = 1, DD_NEAR = 2, DD_BOTH = 3 };
enum dd_norm { DD_NORM_NONE, DD_NORM_BASIC, DD_NORM_CCNET };
enum dd_hash { DD_HASH_XXH3, DD_HASH_DATASKETCH };
enum dd_shingle { DD_SHINGLE_WORDS, DD_SHINGLE_CHARS };
/* Why a record goes: a duplicate of either kind, or (in cluster files) a
 * record the sign stage rejected, which apply drops silently. */
enum dd_kind { DD_KIND_EXACT = 1, DD_KIND_NEAR = 2, DD_KIND_BAD = 3 };

/* Everything an entry of a signature file depends on. Signature files agree
 * on all of it or cannot be clustered together. Fixed-width fields: this is
 * written to disk as is (little-endian). */
struct dd_sigparams {
	uint32_t mode;		/* enum dd_mode */
	uint32_t normalize;	/* enum dd_norm, for the exact hash */
	uint32_t hash;		/* enum dd_hash */
	uint32_t shingle;	/* enum dd_shingle */
	uint32_t ngram;		/* tokens per shingle */
	uint32_t tokenizer;	/* enum ds_tok_scheme, for words shingles */
	uint32_t fold;		/* case folding of words shingles */
	uint32_t min_tokens;	/* fewer tokens: no shingles */
	uint32_t perm;		/* signature length */
	uint32_t sets;		/* 1: the shingle sets follow the entries */
	uint64_t seed;
};

/* One record's entry: this head, then perm uint32 MinHash values when the
 * mode has near. Entries are stored back to back in record order; with
 * sets, the shingle sets follow all entries, in the same order, each
 * nset fingerprints (dd_set_fill), the whole padded to 8 bytes. */
struct dd_entry {
	uint64_t seq;		/* 0-based record index within its input */
	uint64_t lineno;	/* 1-based line within its file */
	uint32_t flags;		/* DD_ENTRY_* */
	uint32_t nset;		/* fingerprints in its shingle set (with sets) */
	uint64_t exact[2];	/* xxh3-128 of the normalized text */
	uint32_t sig[];
};
enum { DD_ENTRY_SHINGLES = 1 };	/* the record has shingles (takes part in LSH) */

static inline size_t dd_entry_size(const struct dd_sigparams *p)
{
	/* rounded to 8 bytes so the next entry's 64-bit fields stay aligned */
	return sizeof(struct dd_entry) + ((p->mode & DD_NEAR) ? (4 * (size_t)p->perm + 7) / 8 * 8 : 0);
}

/* --- minhash.c ------------------------------------------------------------ */

/* The permutations, shared read-only by all threads. */
struct dd_hasher {
	struct dd_sigparams p;
	uint64_t *a, *b;	/* datasketch's (a_i, b_i) */
	uint32_t *xr, *mul;	/* the xxh3 mode's (xor_i, odd mul_i) */
	bool avx2;		/* the CPU has AVX2 (chosen at run time) */
};
void dd_hasher_init(struct dd_hasher *h, const struct dd_sigparams *p);
void dd_hasher_free(struct dd_hasher *h);

/* Per-thread scratch space, reused for every record. */
struct dd_scratch {
	struct ds_tokens tok;
	struct ds_buf text;	/* normalized text */
	struct ds_buf shingle;	/* one joined shingle */
	struct ds_buf folded;	/* ASCII text lower-cased for its tokens */
	uint64_t *word, *apos;	/* bit masks of word characters, apostrophes */
	size_t mask_cap;
	uint64_t *hashes;	/* one per shingle */
	size_t nhashes, cap;
	uint32_t *sig;		/* the signature padded to DD_PERM_GROUP values */
	size_t sig_cap;
	uint64_t *tokhash;	/* the datasketch mode's xxh3 token hashes, for sets */
	size_t tokhash_cap;
	uint32_t *set, *set_tmp, *set_counts;	/* the shingle set, with sets; sort space */
	size_t nset, set_cap;
};
void dd_scratch_free(struct dd_scratch *s);

/* Fill e (whose size is dd_entry_size) for text[0..n): exact hash and/or
 * signature by the mode; seq and lineno are left to the caller. With sets,
 * the shingle set is left in s->set[0..s->nset) (e->nset). */
void dd_entry_fill(const struct dd_hasher *h, struct dd_scratch *s,
		   const char *text, size_t n, struct dd_entry *e);
/* The text normalizations of --normalize, into out (tmp: scratch). */
void dd_normalize(int how, const char *text, size_t n, struct ds_buf *tmp,
		  struct ds_buf *out);
/* Estimated Jaccard similarity: the fraction of equal positions. */
double dd_jaccard(const uint32_t *x, const uint32_t *y, uint32_t perm);
/* The Jaccard similarity of two shingle sets (sorted fingerprints): exact
 * but for 32-bit fingerprint collisions, and the same in both hash modes.
 * Two empty sets give 1, as their signatures would. */
double dd_set_jaccard(const uint32_t *a, size_t na, const uint32_t *b, size_t nb);

/* numpy.random.RandomState (MT19937, init_genrand) and its legacy bounded
 * 64-bit draw, for datasketch's permutations. */
struct dd_mt { uint32_t mt[624]; int i; };
void dd_mt_seed(struct dd_mt *m, uint32_t seed);
uint32_t dd_mt_next32(struct dd_mt *m);
uint64_t dd_mt_randint64(struct dd_mt *m, uint64_t low, uint64_t high);
/* datasketch's sha1_hash32: the first 4 bytes of SHA-1, little-endian. */
uint32_t dd_sha1_32(const void *p, size_t n);

/* --- lshparam.c ------------------------------------------------------------ */

/* datasketch's _optimal_param: (bands, rows) minimizing the weighted false
 * positive and false negative probabilities. */
void dd_lsh_params(double threshold, unsigned perm, double fp_weight,
		   double fn_weight, unsigned *bands, unsigned *rows);
/* The two probabilities for given (bands, rows) (scipy.integrate.quad). */
double dd_lsh_false_positive(double threshold, unsigned bands, unsigned rows);
double dd_lsh_false_negative(double threshold, unsigned bands, unsigned rows);

/* --- sigfile.c ------------------------------------------------------------- */

/* 2: shingle sets (sigparams.sets, entry.nset) */
#define DD_FILE_VERSION 2
/* The sets of a signature file are checksummed in chunks of this size. */
#define DD_SETS_CHUNK (1 << 20)
#define DD_MAX_PERM 8192
enum { DD_FILE_SIGNATURES = 1, DD_FILE_CLUSTERS = 2 };

struct dd_filehead {
	char magic[8];		/* "\x89DSDEDUP" */
	uint32_t version;
	uint32_t kind;		/* DD_FILE_* */
	uint32_t head_size;	/* this struct plus the name padded to 8 */
	uint32_t name_len;	/* shard name (signature files), 0 for clusters */
	struct dd_sigparams p;
};

struct dd_trailer {
	char magic[8];		/* "DSDDEND\n" */
	uint64_t count;		/* entries, or fates */
	uint64_t nrecords;	/* records of the shard, or of all shards */
	uint64_t table_off;	/* cluster files: byte offset of the shard table */
	uint64_t checksum;
};

/* A cluster file's shard table record, followed by the name padded to 8. */
struct dd_shardrec {
	uint64_t nrecords;	/* records of the shard (bad ones included) */
	uint64_t first_seq;	/* global index of its first record */
	uint64_t first_fate;	/* index of its first fate in the body */
	uint64_t nfates;
	uint32_t name_len;
	uint32_t reserved;
};

/* A mapped and checked file. */
struct dd_file {
	const char *path;
	void *map;
	size_t size;
	struct dd_sigparams p;
	char *name;		/* shard name of a signature file */
	const unsigned char *body;
	size_t body_size;
	const uint32_t *sets;	/* the shingle sets, when p.sets */
	uint64_t count, nrecords, table_off;
};

/* Mapped files are read in sequential passes that hand their pages back as
 * they go (MADV_DONTNEED; they stay in the page cache and are read again if
 * need be), so the resident size is the index, not the files: every
 * DD_RELEASE_EVERY entries, the pages wholly inside [p, p+n) are released. */
#define DD_RELEASE_EVERY 8192
void dd_release_pages(const void *p, size_t n);
void dd_sum_add(uint64_t *sum, const void *p, size_t n);
void dd_head_write(struct ds_buf *out, uint32_t kind, const struct dd_sigparams *p,
		   const char *name);
void dd_shardrec_write(struct ds_buf *out, const struct dd_shardrec *r, const char *name);
void dd_trailer_write(struct ds_buf *out, uint64_t count, uint64_t nrecords,
		      uint64_t table_off, uint64_t sum);
/* Exits with status 1 and a message naming the fault if path is not a sound
 * file of that kind (magic, version, kind, sizes, checksum). */
void dd_file_open(struct dd_file *f, const char *path, uint32_t kind);
/* Walk a cluster file's shard table (*off = 0 to start); name is not
 * NUL-terminated (r->name_len bytes). */
bool dd_shard_next(struct dd_file *f, size_t *off, struct dd_shardrec *r, const char **name);
void dd_file_close(struct dd_file *f);

/* --- cluster.c ------------------------------------------------------------- */

/* The entries of one input (a shard), contiguous. */
struct dd_source {
	const char *name;
	const unsigned char *entries;
	const uint32_t *sets;	/* their shingle sets, with verify_exact */
	uint64_t nentries;
	uint64_t nrecords;	/* records the input held (entries + bad ones) */
	uint64_t first_seq;	/* global index of its record 0 */
};

/* A band key: the xxh3-128 of one band's values, seeded with the band's
 * number (two different bands collide with probability 2^-128). */
struct dd_band { uint64_t h0, h1; };
void dd_band_keys(const uint32_t *sig, unsigned bands, unsigned rows, struct dd_band *keys);

/* The one-machine run without --annotate and --verify needs nothing of a
 * signature but its band keys: its entries carry those instead, a third of
 * the bytes to write and read back (the head, then bands keys). */
static inline size_t dd_banded_entry_size(unsigned bands)
{
	return sizeof(struct dd_entry) + bands * sizeof(struct dd_band);
}

struct dd_cluster_opts {
	struct dd_sigparams p;
	unsigned bands, rows;
	bool banded;		/* entries carry band keys, not signatures */
	double threshold;
	bool verify;		/* union a candidate pair only if J >= threshold */
	bool verify_exact;	/* J of the shingle sets, not estimated (p.sets) */
	bool fate_jaccard;	/* the fates carry J (else 0 for near duplicates) */
	bool keep_last;
	uint64_t memory;	/* bytes of RAM allowed, 0 = no limit */
	const char *memory_hint;	/* what to do when it is not enough */
};

/* The outcome for one dropped (or, with --annotate, marked) record. */
struct dd_fate {
	uint64_t seq;		/* local record index in its source */
	uint64_t dup_of;	/* global index of the kept record */
	uint32_t kind;		/* enum dd_kind */
	uint32_t reserved;
	double jaccard;		/* estimated, exact with verify_exact, or 0
				 * (not fate_jaccard) */
};

/* Cluster the entries of all sources; calls out for every duplicate, source
 * by source in record order. */
void dd_cluster(const struct dd_cluster_opts *o, const struct dd_source *src,
		size_t nsrc, void (*out)(void *arg, size_t src, const struct dd_fate *f),
		void *arg);
/* RAM bytes dd_cluster needs per entry (for MEMORY and -m). */
size_t dd_cluster_bytes_per_entry(const struct dd_cluster_opts *o);

#endif
