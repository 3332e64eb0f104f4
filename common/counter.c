/* counter.c: open-addressing table from 64-bit hashes to dense ids and counts. */
#include "counter.h"

#include <stdlib.h>
#include <string.h>
#include "util.h"

#define INITIAL_CAP 1024

static void alloc_table(struct ds_counter *c, size_t cap)
{
	c->keys = ds_malloc(cap * sizeof *c->keys);
	c->slot_id = ds_calloc(cap, sizeof *c->slot_id);
	c->slot_of = ds_malloc(cap / 2 * sizeof *c->slot_of);
	c->count = ds_malloc(cap / 2 * sizeof *c->count);
	c->mask = cap - 1;
	c->cap = cap;
}

static void free_table(struct ds_counter *c)
{
	free(c->keys);
	free(c->slot_id);
	free(c->slot_of);
	free(c->count);
}

void ds_counter_init(struct ds_counter *c)
{
	memset(c, 0, sizeof *c);
	alloc_table(c, INITIAL_CAP);
}

void ds_counter_free(struct ds_counter *c)
{
	free_table(c);
	memset(c, 0, sizeof *c);
}

void ds_counter_clear(struct ds_counter *c)
{
	for (size_t i = 0; i < c->ntypes; i++)
		c->slot_id[c->slot_of[i]] = 0;
	c->ntypes = 0;
	c->total = 0;
}

void ds_counter_reset(struct ds_counter *c, size_t max_items)
{
	ds_counter_clear(c);
	size_t slots = 64;
	while (slots / 2 < max_items)
		slots *= 2;
	if (slots > c->cap) {
		free_table(c);
		alloc_table(c, slots);
	}
	c->mask = slots - 1;
}

/* Load stays at or under 1/2: ids fit the cap/2 arrays. */
static void grow(struct ds_counter *c)
{
	struct ds_counter old = *c;
	size_t cap = (c->mask + 1) * 2;
	alloc_table(c, cap);
	for (size_t id = 0; id < old.ntypes; id++) {
		size_t s = old.slot_of[id];
		uint64_t h = old.keys[s];
		size_t i = ds_counter_slot(c, h);
		while (c->slot_id[i])
			i = (i + 1) & c->mask;
		c->keys[i] = h;
		c->slot_id[i] = (uint32_t)id + 1;
		c->slot_of[id] = (uint32_t)i;
		c->count[id] = old.count[id];
	}
	free_table(&old);
}

uint32_t ds_counter_addn(struct ds_counter *c, uint64_t h, uint64_t n)
{
	size_t i = ds_counter_slot(c, h);
	uint32_t id;
	c->total += n;
	while ((id = c->slot_id[i])) {
		if (c->keys[i] == h) {
			c->count[id - 1] += n;
			return id - 1;
		}
		i = (i + 1) & c->mask;
	}
	if (c->ntypes + 1 > (c->mask + 1) / 2) {
		c->total -= n;
		grow(c);
		return ds_counter_addn(c, h, n);
	}
	id = (uint32_t)c->ntypes++;
	c->keys[i] = h;
	c->slot_id[i] = id + 1;
	c->slot_of[id] = (uint32_t)i;
	c->count[id] = n;
	return id;
}

uint32_t ds_counter_find(const struct ds_counter *c, uint64_t h)
{
	size_t i = ds_counter_slot(c, h);
	uint32_t id;
	while ((id = c->slot_id[i])) {
		if (c->keys[i] == h)
			return id - 1;
		i = (i + 1) & c->mask;
	}
	return UINT32_MAX;
}

size_t ds_counter_bytes(const struct ds_counter *c)
{
	size_t cap = c->mask + 1;
	size_t bytes = cap * (sizeof *c->keys + sizeof *c->slot_id)
		+ cap / 2 * (sizeof *c->slot_of + sizeof *c->count);
	return c->ntypes ? bytes / c->ntypes : bytes;
}
