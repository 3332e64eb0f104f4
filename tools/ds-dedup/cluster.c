/* cluster.c: duplicate clusters over all entries.
 *
 * Entries are numbered globally in input order (sources in order, records in
 * order), so the numbering, and with it the result, does not depend on how
 * the input was split. Union-find links every root under the better one (the
 * lowest number, or the highest for --keep last), so each cluster's root is
 * the record it keeps.
 *
 * Exact stage: entries sorted by their 128-bit hash; each group joins its
 * first (or last) member. Near stage, on the roots left with shingles: for
 * each band, (band hash, entry) pairs are sorted, and entries with equal
 * band values are candidates: joined directly, or with --verify only if
 * their estimated Jaccard similarity reaches the threshold. Band values are
 * compared by their xxh3-128 hash (two different bands collide with
 * probability 2^-128). One band is in memory at a time: 24 bytes per entry,
 * plus 4 for union-find. */
#include <stdlib.h>
#include <string.h>
#include "dedup.h"
#include "hash.h"
#include "util.h"

struct index {
	const struct dd_cluster_opts *o;
	const struct dd_source *src;
	size_t nsrc, esize;
	uint64_t *first;	/* global number of each source's first entry */
	uint32_t *parent;
	uint32_t n;
};

/* An entry under a 128-bit key: its exact hash, or the hash of one band. */
struct hash_item { uint64_t h0, h1; uint32_t e; };

static size_t source_of(const struct index *x, uint32_t e)
{
	size_t lo = 0, hi = x->nsrc;	/* the last source whose first <= e */
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (x->first[mid] <= e)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static const struct dd_entry *entry_at(const struct index *x, uint32_t e)
{
	size_t s = source_of(x, e);
	return (const struct dd_entry *)(x->src[s].entries + (e - x->first[s]) * x->esize);
}

/* In a sequential pass: entry i of source s was the last one read. */
static void passed(const struct index *x, size_t s, uint64_t i)
{
	if (i % DD_RELEASE_EVERY == DD_RELEASE_EVERY - 1 || i + 1 == x->src[s].nentries) {
		uint64_t from = i - i % DD_RELEASE_EVERY;
		dd_release_pages(x->src[s].entries + from * x->esize, (i + 1 - from) * x->esize);
	}
}

static uint32_t find(uint32_t *parent, uint32_t e)
{
	while (parent[e] != e) {
		parent[e] = parent[parent[e]];	/* path halving */
		e = parent[e];
	}
	return e;
}

static void join(struct index *x, uint32_t a, uint32_t b)
{
	a = find(x->parent, a);
	b = find(x->parent, b);
	if (a == b)
		return;
	bool a_wins = x->o->keep_last ? a > b : a < b;
	if (a_wins)
		x->parent[b] = a;
	else
		x->parent[a] = b;
}

static inline bool item_less(const struct hash_item *a, const struct hash_item *b)
{
	if (a->h0 != b->h0)
		return a->h0 < b->h0;
	if (a->h1 != b->h1)
		return a->h1 < b->h1;
	return a->e < b->e;
}

static inline void item_swap(struct hash_item *a, struct hash_item *b)
{
	struct hash_item t = *a;
	*a = *b;
	*b = t;
}

/* Sort in place (qsort would merge through a copy of the array): quicksort
 * with a median-of-three pivot, the smaller side first so the stack stays
 * logarithmic, insertion sort for short ranges. No two items are equal (e
 * differs), and runs of equal hashes arrive in e order, which the median
 * handles. */
static void sort_items(struct hash_item *a, size_t n)
{
	while (n > 16) {
		size_t mid = n / 2, last = n - 1;
		if (item_less(&a[mid], &a[0]))
			item_swap(&a[mid], &a[0]);
		if (item_less(&a[last], &a[0]))
			item_swap(&a[last], &a[0]);
		if (item_less(&a[last], &a[mid]))
			item_swap(&a[last], &a[mid]);
		item_swap(&a[mid], &a[last - 1]);	/* the pivot, median of three */
		const struct hash_item pivot = a[last - 1];
		size_t i = 0, j = last - 1;
		for (;;) {
			while (item_less(&a[++i], &pivot))
				;
			while (item_less(&pivot, &a[--j]))
				;
			if (i >= j)
				break;
			item_swap(&a[i], &a[j]);
		}
		item_swap(&a[i], &a[last - 1]);
		/* a[0..i) < pivot = a[i] < a(i..n) */
		if (i < n - i - 1) {
			sort_items(a, i);
			a += i + 1;
			n -= i + 1;
		} else {
			sort_items(a + i + 1, n - i - 1);
			n = i;
		}
	}
	for (size_t i = 1; i < n; i++) {
		struct hash_item t = a[i];
		size_t k = i;
		for (; k > 0 && item_less(&t, &a[k - 1]); k--)
			a[k] = a[k - 1];
		a[k] = t;
	}
}

static void exact_stage(struct index *x)
{
	struct hash_item *it = ds_reallocarray(NULL, x->n ? x->n : 1, sizeof *it);
	uint32_t e = 0;
	for (size_t s = 0; s < x->nsrc; s++)
		for (uint64_t i = 0; i < x->src[s].nentries; i++, e++) {
			const struct dd_entry *en = (const void *)(x->src[s].entries + i * x->esize);
			it[e] = (struct hash_item){ en->exact[0], en->exact[1], e };
			passed(x, s, i);
		}
	sort_items(it, x->n);
	for (uint32_t i = 0; i < x->n;) {
		uint32_t j = i + 1;
		while (j < x->n && it[j].h0 == it[i].h0 && it[j].h1 == it[i].h1)
			j++;
		uint32_t keep = x->o->keep_last ? it[j - 1].e : it[i].e;
		for (uint32_t k = i; k < j; k++)
			x->parent[it[k].e] = keep;
		i = j;
	}
	free(it);
}

/* A run of entries with equal band values: all candidates of each other. */
static void join_run(struct index *x, const struct hash_item *run, size_t n)
{
	const struct dd_cluster_opts *o = x->o;
	for (size_t j = 1; j < n; j++) {
		if (!o->verify) {
			join(x, run[0].e, run[j].e);
			continue;
		}
		const struct dd_entry *ej = entry_at(x, run[j].e);
		for (size_t i = 0; i < j; i++)
			if (find(x->parent, run[i].e) != find(x->parent, run[j].e) &&
			    dd_jaccard(entry_at(x, run[i].e)->sig, ej->sig, o->p.perm) >= o->threshold)
				join(x, run[i].e, run[j].e);
	}
}

static void near_stage(struct index *x)
{
	const struct dd_cluster_opts *o = x->o;
	struct hash_item *it = ds_reallocarray(NULL, x->n ? x->n : 1, sizeof *it);
	/* Which entries take part, fixed before the first join: exact
	 * duplicates follow their root, records without shingles match nothing. */
	uint64_t *part = ds_calloc(x->n / 64 + 1, sizeof *part);
	uint32_t e = 0;
	for (size_t s = 0; s < x->nsrc; s++)
		for (uint64_t i = 0; i < x->src[s].nentries; i++, e++) {
			const struct dd_entry *en = (const void *)(x->src[s].entries + i * x->esize);
			if (x->parent[e] == e && (en->flags & DD_ENTRY_SHINGLES))
				part[e / 64] |= UINT64_C(1) << (e % 64);
			passed(x, s, i);
		}
	for (unsigned band = 0; band < o->bands; band++) {
		size_t m = 0;
		e = 0;
		for (size_t s = 0; s < x->nsrc; s++)
			for (uint64_t i = 0; i < x->src[s].nentries; i++, e++) {
				const struct dd_entry *en = (const void *)(x->src[s].entries + i * x->esize);
				if (part[e / 64] >> (e % 64) & 1) {
					uint64_t h[2];
					ds_hash128(en->sig + (size_t)band * o->rows,
						   o->rows * sizeof(uint32_t), band, h);
					it[m++] = (struct hash_item){ h[0], h[1], e };
				}
				passed(x, s, i);
			}
		sort_items(it, m);
		for (size_t i = 0; i < m;) {
			size_t j = i + 1;
			while (j < m && it[j].h0 == it[i].h0 && it[j].h1 == it[i].h1)
				j++;
			if (j - i > 1)
				join_run(x, it + i, j - i);
			i = j;
		}
	}
	free(part);
	free(it);
}

size_t dd_cluster_bytes_per_entry(void)
{
	/* the sort buffer (sorted in place) and union-find */
	return sizeof(struct hash_item) + sizeof(uint32_t);
}

void dd_cluster(const struct dd_cluster_opts *o, const struct dd_source *src,
		size_t nsrc, void (*out)(void *arg, size_t src, const struct dd_fate *f),
		void *arg)
{
	struct index x = { .o = o, .src = src, .nsrc = nsrc, .esize = dd_entry_size(&o->p) };
	uint64_t total = 0;
	x.first = ds_reallocarray(NULL, nsrc ? nsrc : 1, sizeof *x.first);
	for (size_t s = 0; s < nsrc; s++) {
		x.first[s] = total;
		total += src[s].nentries;
	}
	if (total >= UINT32_MAX)
		ds_die(DS_EXIT_LIMIT, "%llu records: one cluster run takes at most %lu; %s",
		       (unsigned long long)total, (unsigned long)UINT32_MAX - 1, o->memory_hint);
	if (o->memory && total * dd_cluster_bytes_per_entry() > o->memory)
		ds_die(DS_EXIT_LIMIT, "clustering %llu records needs %llu MiB, over --memory; %s",
		       (unsigned long long)total,
		       (unsigned long long)(total * dd_cluster_bytes_per_entry() >> 20), o->memory_hint);
	x.n = (uint32_t)total;
	x.parent = ds_reallocarray(NULL, x.n ? x.n : 1, sizeof *x.parent);
	for (uint32_t e = 0; e < x.n; e++)
		x.parent[e] = e;
	if (o->p.mode & DD_EXACT)
		exact_stage(&x);
	if (o->p.mode & DD_NEAR)
		near_stage(&x);

	uint32_t e = 0;
	for (size_t s = 0; s < nsrc; s++)
		for (uint64_t i = 0; i < src[s].nentries; i++, e++) {
			uint32_t root = find(x.parent, e);
			if (root != e) {
				const struct dd_entry *en = entry_at(&x, e), *re = entry_at(&x, root);
				struct dd_fate f = { .seq = en->seq };
				f.dup_of = src[source_of(&x, root)].first_seq + re->seq;
				f.kind = (o->p.mode & DD_EXACT) && en->exact[0] == re->exact[0] &&
					 en->exact[1] == re->exact[1] ? DD_KIND_EXACT : DD_KIND_NEAR;
				f.jaccard = (o->p.mode & DD_NEAR)
					? dd_jaccard(en->sig, re->sig, o->p.perm) : 1.0;
				out(arg, s, &f);
			}
			passed(&x, s, i);
		}
	free(x.parent);
	free(x.first);
}
