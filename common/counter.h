/* counter.h: counting distinct items by 64-bit hash, without per-item allocation.
 *
 * Items are identified by a 64-bit hash (xxh3 of their bytes); at 64 bits a
 * collision within one text is negligible (about n^2/2^65). Each distinct hash
 * gets a dense id 0,1,2,... in order of first appearance, so callers can keep
 * per-type arrays. ds_counter_clear() is O(distinct items), not O(capacity). */
#ifndef DS_COUNTER_H
#define DS_COUNTER_H

#include <stddef.h>
#include <stdint.h>

struct ds_counter {
	uint64_t *keys;		/* open addressing, linear probing */
	uint32_t *slot_id;	/* id+1 at each used slot, 0 if empty */
	uint32_t *slot_of;	/* slot of each id, to clear fast */
	uint64_t *count;	/* count of each id */
	size_t ntypes;		/* distinct items */
	size_t mask;		/* capacity - 1 (a power of two) */
	uint64_t total;		/* items added */
};

void ds_counter_init(struct ds_counter *c);
void ds_counter_free(struct ds_counter *c);
void ds_counter_clear(struct ds_counter *c);
/* Count one occurrence of hash h; returns its dense id. */
uint32_t ds_counter_add(struct ds_counter *c, uint64_t h);
/* Count n occurrences (merging counts); returns its id. */
uint32_t ds_counter_addn(struct ds_counter *c, uint64_t h, uint64_t n);
/* Id of h, or UINT32_MAX if absent. */
uint32_t ds_counter_find(const struct ds_counter *c, uint64_t h);
/* Bytes per distinct item at the current load (for MEMORY sections). */
size_t ds_counter_bytes(const struct ds_counter *c);

#endif
