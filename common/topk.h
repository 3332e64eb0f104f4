/* topk.h: the k best records by a key, in O(k) memory (ds-topk, ds-sample).
 *
 * Two layers: struct ds_topk keeps the best k of the records offered to it;
 * ds_select() runs a whole selection over the input (scores from the tool's
 * map step, one ds_topk per group, an optional counting pass) and writes the
 * result.
 *
 * A record's key is (rank class, score, seq), compared in that order, lower
 * is better: a tool maps "highest score first" to a negated score, "missing
 * scores last" to a higher class, and seq (the record's place in the input)
 * makes ties go to the earlier record. Kept records are copies of their lines,
 * so the input may be a pipe; a copy's buffer is reused when a better record
 * replaces it, so offering a record allocates nothing once k are held. */
#ifndef DS_TOPK_H
#define DS_TOPK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "run.h"

struct ds_kept {
	int cls;
	double score;
	uint64_t seq;
	const char *file;
	uint64_t lineno;
	char *line;
	size_t len, cap;
};

struct ds_topk {
	struct ds_kept *items;	/* a max-heap on the key: the worst kept on top */
	size_t n, k, alloc;
};

void ds_topk_init(struct ds_topk *t, size_t k);
void ds_topk_free(struct ds_topk *t);
/* Keep rec if it is among the k best so far; returns whether it was kept. */
bool ds_topk_offer(struct ds_topk *t, int cls, double score, const struct ds_rec *rec);
/* Reorder items best first (the heap is no longer usable for offers). */
void ds_topk_sort(struct ds_topk *t);
/* The kept record as a struct ds_rec, for ds_emit. */
struct ds_rec ds_kept_rec(const struct ds_kept *k);

/* --- a whole selection --------------------------------------------------------- */

/* A selecting tool's map step appends this for each record, followed by the
 * bytes of the record's group key (none if the selection is not grouped).
 * A record of class DS_NEVER_KEPT counts in its group's size but is never kept. */
struct ds_scored {
	int cls;
	double score;
};
#define DS_NEVER_KEPT (-1)

struct ds_select_opts {
	uint64_t k;		/* records kept per group */
	bool grouped;		/* group keys follow each struct ds_scored */
	/* If set, the input is read twice: first to count each group's records,
	 * then size() sets k[g] for each of the n groups (one if not grouped).
	 * Input that cannot be read twice is spooled to a temporary file. */
	void (*size)(const uint64_t *count, size_t n, uint64_t *k);
	bool sorted;		/* best first, groups in order of appearance */
	const char *rank_key;	/* if set, add each record's rank in its group */
};

/* Between ds_begin() and ds_end(): score every record with m (its reduce is
 * not used), keep the best of each group, and write them (in input order
 * unless sorted). */
void ds_select(const struct ds_select_opts *o, const struct ds_mapper *m);

#endif
