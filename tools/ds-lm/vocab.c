/* vocab.c: words <-> dense ids for ds-lm (see lm.h). */
#include "lm.h"

#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "util.h"

uint64_t lm_word_hash(const char *w, size_t n)
{
	return ds_hash64(w, n, 0x6c6d766f636162ull);
}

void lm_vocab_init(struct lm_vocab *v)
{
	memset(v, 0, sizeof *v);
	v->mask = 1023;
	v->slot = ds_calloc(v->mask + 1, sizeof *v->slot);
}

void lm_vocab_free(struct lm_vocab *v)
{
	if (!v->mapped) {
		free(v->blob);
		free(v->off);
		free(v->slot);
	}
	memset(v, 0, sizeof *v);
}

/* Scoring looks words up by their 64-bit hash and length alone, as KenLM's
 * vocabulary does: an unknown word is taken for a known one with probability
 * about vocabulary size / 2^64, and two cache misses per word are saved. */
int64_t lm_vocab_find(const struct lm_vocab *v, const char *w, size_t n)
{
	return lm_vocab_find_hash(v, lm_word_hash(w, n), n);
}

int64_t lm_vocab_find_hash(const struct lm_vocab *v, uint64_t h, size_t n)
{
	for (uint64_t i = h & v->mask;; i = (i + 1) & v->mask) {
		const struct lm_vslot *s = &v->slot[i];
		if (!s->id_plus1)
			return -1;
		if (s->hash == h && s->len == n)
			return s->id_plus1 - 1;
	}
}

static void vocab_grow(struct lm_vocab *v)
{
	uint64_t mask = v->mask * 2 + 1;
	struct lm_vslot *slot = ds_calloc(mask + 1, sizeof *slot);
	for (uint64_t i = 0; i <= v->mask; i++) {
		if (!v->slot[i].id_plus1)
			continue;
		uint64_t j = v->slot[i].hash & mask;
		while (slot[j].id_plus1)
			j = (j + 1) & mask;
		slot[j] = v->slot[i];
	}
	free(v->slot);
	v->slot = slot;
	v->mask = mask;
}

uint32_t lm_vocab_add(struct lm_vocab *v, const char *w, size_t n, bool *added)
{
	return lm_vocab_add_hash(v, w, n, lm_word_hash(w, n), added);
}

uint32_t lm_vocab_add_hash(struct lm_vocab *v, const char *w, size_t n, uint64_t h, bool *added)
{
	uint64_t i;
	for (i = h & v->mask; v->slot[i].id_plus1; i = (i + 1) & v->mask) {
		const struct lm_vslot *s = &v->slot[i];
		if (s->hash == h && s->len == n &&
		    !memcmp(v->blob + v->off[s->id_plus1 - 1], w, n)) {
			*added = false;
			return s->id_plus1 - 1;
		}
	}
	if (n > UINT32_MAX - 1 || v->n == UINT32_MAX - 1)
		ds_die(DS_EXIT_LIMIT, "vocabulary too large");
	if (v->n == v->off_cap) {
		v->off_cap = v->off_cap ? v->off_cap * 2 : 1024;
		v->off = ds_reallocarray(v->off, v->off_cap, sizeof *v->off);
	}
	if (v->blob_cap - v->blob_len < n + 1) {
		while (v->blob_cap - v->blob_len < n + 1)
			v->blob_cap = v->blob_cap ? v->blob_cap * 2 : 65536;
		v->blob = ds_realloc(v->blob, v->blob_cap);
	}
	uint32_t id = v->n++;
	v->off[id] = v->blob_len;
	memcpy(v->blob + v->blob_len, w, n);
	v->blob[v->blob_len + n] = '\0';
	v->blob_len += n + 1;
	v->slot[i] = (struct lm_vslot){ h, id + 1, (uint32_t)n };
	if ((uint64_t)v->n * 2 > v->mask)
		vocab_grow(v);
	*added = true;
	return id;
}
