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
	size_t mask;		/* slots in use - 1 (a power of two, at most 2^32) */
	size_t cap;		/* slots allocated (mask + 1 or more) */
	uint64_t total;		/* items added */
};

void ds_counter_init(struct ds_counter *c);
void ds_counter_free(struct ds_counter *c);
void ds_counter_clear(struct ds_counter *c);
/* Clear, and use only as many slots as max_items distinct items need: a small
 * text's probes then stay within a few cache lines of a table that grew for a
 * long one. */
void ds_counter_reset(struct ds_counter *c, size_t max_items);
/* Count n occurrences of hash h (merging counts); returns its dense id. */
uint32_t ds_counter_addn(struct ds_counter *c, uint64_t h, uint64_t n);

/* The slot where the search for h starts: keys need not be well mixed in
 * their low bits (ds_token_key gives raw bytes for short tokens). */
static inline size_t ds_counter_slot(const struct ds_counter *c, uint64_t h)
{
	return (size_t)((h * 0x9e3779b97f4a7c15u) >> 32) & c->mask;
}

/* Count one occurrence of h; returns its dense id. Inline: it runs per token. */
static inline uint32_t ds_counter_add(struct ds_counter *c, uint64_t h)
{
	size_t i = ds_counter_slot(c, h);
	uint32_t id;
	while ((id = c->slot_id[i])) {
		if (c->keys[i] == h) {
			c->count[id - 1]++;
			c->total++;
			return id - 1;
		}
		i = (i + 1) & c->mask;
	}
	if (c->ntypes < (c->mask + 1) / 2) {	/* room: take the empty slot found */
		id = (uint32_t)c->ntypes++;
		c->keys[i] = h;
		c->slot_id[i] = id + 1;
		c->slot_of[id] = (uint32_t)i;
		c->count[id] = 1;
		c->total++;
		return id;
	}
	return ds_counter_addn(c, h, 1);
}
/* Id of h, or UINT32_MAX if absent. */
uint32_t ds_counter_find(const struct ds_counter *c, uint64_t h);
/* Bytes per distinct item at the current load (for MEMORY sections). */
size_t ds_counter_bytes(const struct ds_counter *c);

#endif
