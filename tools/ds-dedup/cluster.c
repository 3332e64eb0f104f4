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
 * their estimated Jaccard similarity reaches the threshold, with
 * --verify-exact only if the Jaccard similarity of their shingle sets does.
 * Band values are compared by their xxh3-128 hash (two different bands
 * collide with probability 2^-128). One band is in memory at a time: 24
 * bytes per entry, plus 4 for union-find, plus 8 for where each shingle set
 * starts with --verify-exact. */
#include <stdlib.h>
#include <string.h>
/* xxh3-128 inlined: a call per band value costs as much as the hashing */
#define XXH_INLINE_ALL
#include <xxhash.h>
#include "dedup.h"
#include "hash.h"
#include "util.h"

/* Entries ahead that a band pass asks the memory for. */
#define BAND_PREFETCH 8

struct index {
	const struct dd_cluster_opts *o;
	const struct dd_source *src;
	size_t nsrc, esize;
	uint64_t *first;	/* global number of each source's first entry */
	uint32_t *parent;
	uint32_t *comp_root;	/* join_run's scratch, for runs up to run_cap */
	size_t *comp_head, *member_next, run_cap;
	uint64_t *set_off;	/* with verify_exact: entry e's set is fingerprints
				 * [set_off[e], set_off[e+1]) of the sources' sets
				 * laid end to end */
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

/* The shingle set of entry e. */
static const uint32_t *set_at(const struct index *x, uint32_t e, size_t *n)
{
	size_t s = source_of(x, e);
	*n = x->set_off[e + 1] - x->set_off[e];
	return x->src[s].sets + (x->set_off[e] - x->set_off[x->first[s]]);
}

/* Pages read at random (signatures, shingle sets: --verify, --verify-exact)
 * are handed back after each band. Not more often: a page faulted in maps
 * its neighbours too, so the resident size would hardly drop, and the
 * system time would soar. */
static void release_random(const struct index *x)
{
	for (size_t s = 0; s < x->nsrc; s++) {
		dd_release_pages(x->src[s].entries, x->src[s].nentries * x->esize);
		if (x->o->verify_exact) {
			uint64_t from = x->set_off[x->first[s]];
			uint64_t to = x->set_off[x->first[s] + x->src[s].nentries];
			dd_release_pages(x->src[s].sets, (to - from) * sizeof(uint32_t));
		}
	}
}

/* The Jaccard similarity that --verify compares and fates report. */
static double jaccard(const struct index *x, uint32_t a, uint32_t b)
{
	if (x->o->verify_exact) {
		size_t na, nb;
		const uint32_t *sa = set_at(x, a, &na), *sb = set_at(x, b, &nb);
		return dd_set_jaccard(sa, na, sb, nb);
	}
	return dd_jaccard(entry_at(x, a)->sig, entry_at(x, b)->sig, x->o->p.perm);
}

/* The offsets of the shingle sets, in one pass over the entries. */
static void index_sets(struct index *x)
{
	x->set_off = ds_reallocarray(NULL, (size_t)x->n + 1, sizeof *x->set_off);
	uint64_t off = 0;
	uint32_t e = 0;
	for (size_t s = 0; s < x->nsrc; s++)
		for (uint64_t i = 0; i < x->src[s].nentries; i++, e++) {
			x->set_off[e] = off;
			off += ((const struct dd_entry *)(x->src[s].entries + i * x->esize))->nset;
			passed(x, s, i);
		}
	x->set_off[e] = off;
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

/* Quicksort in place (qsort would merge through a copy of the array) with a
 * median-of-three pivot, the smaller side first so the stack stays
 * logarithmic, insertion sort for short ranges: for the ranges sort_items
 * leaves. */
static void quicksort_items(struct hash_item *a, size_t n)
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
			quicksort_items(a, i);
			a += i + 1;
			n -= i + 1;
		} else {
			quicksort_items(a + i + 1, n - i - 1);
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

/* Sort in place by h0, byte `shift / 8` first (American flag sort: count the
 * 256 buckets, move every item into its bucket by swapping, recurse into the
 * buckets), then by (h1, e) in the short ranges quicksort_items finishes.
 * The hashes are uniform, so for n items the passes are about log256(n).
 * A long run of equal keys (copies of one text) is left in whatever order
 * it came: what follows needs equal keys together, not in any order (see
 * exact_stage and join_run). */
static void sort_items(struct hash_item *a, size_t n, int shift)
{
	size_t same = 1;
	while (same < n && a[same].h0 == a[0].h0 && a[same].h1 == a[0].h1)
		same++;
	if (same >= n)
		return;	/* one run of equal keys, left in any order */
	if (n <= 256 || shift < 0) {
		quicksort_items(a, n);
		return;
	}
	size_t count[256] = { 0 }, next[256], end[256];
	for (size_t i = 0; i < n; i++)
		count[a[i].h0 >> shift & 255]++;
	for (unsigned d = 0; d < 256; d++)
		if (count[d] == n) {	/* this byte is the same in all */
			sort_items(a, n, shift - 8);
			return;
		}
	size_t pos = 0;
	for (unsigned d = 0; d < 256; d++) {
		next[d] = pos;
		pos += count[d];
		end[d] = pos;
	}
	for (unsigned d = 0; d < 256; d++) {
		while (next[d] < end[d]) {
			struct hash_item t = a[next[d]];
			unsigned td = t.h0 >> shift & 255;
			while (td != d) {	/* t goes to its bucket; take what was there */
				struct hash_item u = a[next[td]];
				a[next[td]++] = t;
				t = u;
				td = t.h0 >> shift & 255;
			}
			a[next[d]++] = t;
		}
	}
	for (unsigned d = 0; d < 256; d++)
		if (count[d] > 1)
			sort_items(a + end[d] - count[d], count[d], shift - 8);
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
	sort_items(it, x->n, 56);
	for (uint32_t i = 0; i < x->n;) {
		uint32_t j = i + 1;
		while (j < x->n && it[j].h0 == it[i].h0 && it[j].h1 == it[i].h1)
			j++;
		uint32_t keep = it[i].e;
		for (uint32_t k = i + 1; k < j; k++)
			if (x->o->keep_last ? it[k].e > keep : it[k].e < keep)
				keep = it[k].e;
		for (uint32_t k = i; k < j; k++)
			x->parent[it[k].e] = keep;
		i = j;
	}
	free(it);
}

static void band_key(const void *values, unsigned rows, unsigned band, struct dd_band *k)
{
	XXH128_hash_t h = XXH3_128bits_withSeed(values, rows * sizeof(uint32_t), band);
	k->h0 = h.low64;
	k->h1 = h.high64;
}

void dd_band_keys(const uint32_t *sig, unsigned bands, unsigned rows, struct dd_band *keys)
{
	for (unsigned band = 0; band < bands; band++)
		band_key(sig + (size_t)band * rows, rows, band, &keys[band]);
}

/* A run of entries with equal band values: all candidates of each other.
 * The clusters come out the same whatever the order of the run: they are
 * the connected components of the pairs joined (all of them, or with
 * --verify those whose Jaccard similarity reaches the threshold), and
 * union-find roots them at their best entry.
 *
 * With --verify, each entry is compared with the components the run's
 * earlier entries form, member by member until one is similar enough: a
 * pair already connected is never compared, so a run of n copies of a
 * text costs n - 1 comparisons, not n^2 / 2. */
static void join_run(struct index *x, const struct hash_item *run, size_t n)
{
	const struct dd_cluster_opts *o = x->o;
	if (!o->verify && !o->verify_exact) {
		for (size_t j = 1; j < n; j++)
			join(x, run[0].e, run[j].e);
		return;
	}
	if (x->run_cap < n) {
		x->run_cap = n;
		x->comp_root = ds_reallocarray(x->comp_root, n, sizeof *x->comp_root);
		x->comp_head = ds_reallocarray(x->comp_head, n, sizeof *x->comp_head);
		x->member_next = ds_reallocarray(x->member_next, n, sizeof *x->member_next);
	}
	/* Components: root, first member; members chained through member_next
	 * (run indices, SIZE_MAX ends). A merged component's root is UINT32_MAX. */
	uint32_t *root = x->comp_root;
	size_t *head = x->comp_head, *next = x->member_next, ncomp = 0;
	for (size_t j = 0; j < n; j++) {
		uint32_t rj = find(x->parent, run[j].e);
		size_t cj = SIZE_MAX;
		for (size_t k = 0; k < ncomp; k++)
			if (root[k] == rj)
				cj = k;
		for (size_t k = 0; k < ncomp; k++) {
			if (k == cj || root[k] == UINT32_MAX)
				continue;
			for (size_t i = head[k]; i != SIZE_MAX; i = next[i]) {
				if (jaccard(x, run[i].e, run[j].e) < o->threshold)
					continue;
				join(x, run[i].e, run[j].e);
				rj = find(x->parent, run[j].e);
				if (cj == SIZE_MAX) {
					cj = k;
				} else {	/* k's members go to cj's list */
					size_t last = head[k];
					while (next[last] != SIZE_MAX)
						last = next[last];
					next[last] = head[cj];
					head[cj] = head[k];
					root[k] = UINT32_MAX;
				}
				root[cj] = rj;
				break;
			}
		}
		if (cj == SIZE_MAX) {
			cj = ncomp++;
			root[cj] = rj;
			head[cj] = SIZE_MAX;
		}
		next[j] = head[cj];
		head[cj] = j;
	}
}

static void near_stage(struct index *x)
{
	const struct dd_cluster_opts *o = x->o;
	struct hash_item *it = ds_reallocarray(NULL, x->n ? x->n : 1, sizeof *it);
	/* Which entries take part, fixed in the first band's pass, before the
	 * first join: exact duplicates follow their root, records without
	 * shingles match nothing. */
	uint64_t *part = ds_calloc(x->n / 64 + 1, sizeof *part);
	for (unsigned band = 0; band < o->bands; band++) {
		size_t m = 0;
		uint32_t e = 0;
		for (size_t s = 0; s < x->nsrc; s++)
			for (uint64_t i = 0; i < x->src[s].nentries; i++, e++) {
				const struct dd_entry *en = (const void *)(x->src[s].entries + i * x->esize);
				const char *at = o->banded ? (const char *)en->sig + band * sizeof(struct dd_band)
					: (const char *)(en->sig + (size_t)band * o->rows);
				/* the strided reads cross a page every few entries, where
				 * the hardware prefetcher stops */
				if (i + BAND_PREFETCH < x->src[s].nentries)
					__builtin_prefetch(at + BAND_PREFETCH * x->esize);
				if (band == 0 && x->parent[e] == e && (en->flags & DD_ENTRY_SHINGLES))
					part[e / 64] |= UINT64_C(1) << (e % 64);
				if (part[e / 64] >> (e % 64) & 1) {
					struct dd_band k;
					if (o->banded)
						memcpy(&k, at, sizeof k);
					else
						band_key(at, o->rows, band, &k);
					it[m++] = (struct hash_item){ k.h0, k.h1, e };
				}
				passed(x, s, i);
			}
		sort_items(it, m, 56);
		for (size_t i = 0; i < m;) {
			size_t j = i + 1;
			while (j < m && it[j].h0 == it[i].h0 && it[j].h1 == it[i].h1)
				j++;
			if (j - i > 1)
				join_run(x, it + i, j - i);
			i = j;
		}
		release_random(x);
	}
	free(part);
	free(it);
}

size_t dd_cluster_bytes_per_entry(const struct dd_cluster_opts *o)
{
	/* the sort buffer (sorted in place), union-find, the sets' offsets */
	return sizeof(struct hash_item) + sizeof(uint32_t) + (o->verify_exact ? sizeof(uint64_t) : 0);
}

void dd_cluster(const struct dd_cluster_opts *o, const struct dd_source *src,
		size_t nsrc, void (*out)(void *arg, size_t src, const struct dd_fate *f),
		void *arg)
{
	struct index x = { .o = o, .src = src, .nsrc = nsrc,
			   .esize = o->banded ? dd_banded_entry_size(o->bands) : dd_entry_size(&o->p) };
	uint64_t total = 0;
	x.first = ds_reallocarray(NULL, nsrc ? nsrc : 1, sizeof *x.first);
	for (size_t s = 0; s < nsrc; s++) {
		x.first[s] = total;
		total += src[s].nentries;
	}
	if (total >= UINT32_MAX)
		ds_die(DS_EXIT_LIMIT, "%llu records: one cluster run takes at most %lu; %s",
		       (unsigned long long)total, (unsigned long)UINT32_MAX - 1, o->memory_hint);
	if (o->memory && total * dd_cluster_bytes_per_entry(o) > o->memory)
		ds_die(DS_EXIT_LIMIT, "clustering %llu records needs %llu MiB, over --memory; %s",
		       (unsigned long long)total,
		       (unsigned long long)(total * dd_cluster_bytes_per_entry(o) >> 20), o->memory_hint);
	x.n = (uint32_t)total;
	x.parent = ds_reallocarray(NULL, x.n ? x.n : 1, sizeof *x.parent);
	for (uint32_t e = 0; e < x.n; e++)
		x.parent[e] = e;
	if (o->verify_exact)
		index_sets(&x);
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
				/* identical texts: J = 1 without reading anything */
				if (!(o->p.mode & DD_NEAR) ||
				    (f.kind == DD_KIND_EXACT && o->p.normalize == DD_NORM_NONE))
					f.jaccard = 1.0;
				else
					f.jaccard = o->fate_jaccard ? jaccard(&x, e, root) : 0;
				out(arg, s, &f);
			}
			passed(&x, s, i);
		}
	free(x.comp_root);
	free(x.comp_head);
	free(x.member_next);
	free(x.set_off);
	free(x.parent);
	free(x.first);
}
