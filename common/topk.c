/* topk.c: a bounded max-heap of record copies keyed by (class, score, seq),
 * and the selection loop of ds-topk and ds-sample around it. */
#include "topk.h"

#include <stdlib.h>
#include <string.h>
#include "counter.h"
#include "hash.h"
#include "json.h"
#include "spool.h"
#include "util.h"

void ds_topk_init(struct ds_topk *t, size_t k)
{
	memset(t, 0, sizeof *t);
	t->k = k;
}

void ds_topk_free(struct ds_topk *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->items[i].line);
	free(t->items);
	memset(t, 0, sizeof *t);
}

/* Key order: <0 if a is better. */
static int kept_cmp(const struct ds_kept *a, const struct ds_kept *b)
{
	if (a->cls != b->cls)
		return a->cls < b->cls ? -1 : 1;
	if (a->score != b->score)
		return a->score < b->score ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void swap(struct ds_kept *a, struct ds_kept *b)
{
	struct ds_kept t = *a;
	*a = *b;
	*b = t;
}

static void sift_up(struct ds_topk *t, size_t i)
{
	while (i > 0) {
		size_t parent = (i - 1) / 2;
		if (kept_cmp(&t->items[parent], &t->items[i]) >= 0)
			break;
		swap(&t->items[parent], &t->items[i]);
		i = parent;
	}
}

static void sift_down(struct ds_topk *t, size_t i)
{
	for (;;) {
		size_t worst = i, l = 2 * i + 1, r = l + 1;
		if (l < t->n && kept_cmp(&t->items[l], &t->items[worst]) > 0)
			worst = l;
		if (r < t->n && kept_cmp(&t->items[r], &t->items[worst]) > 0)
			worst = r;
		if (worst == i)
			return;
		swap(&t->items[i], &t->items[worst]);
		i = worst;
	}
}

static void copy_in(struct ds_kept *k, int cls, double score, const struct ds_rec *rec)
{
	if (k->cap < rec->len) {
		k->cap = rec->len + rec->len / 4 + 16;
		free(k->line);
		k->line = ds_malloc(k->cap);
	}
	memcpy(k->line, rec->line, rec->len);
	k->len = rec->len;
	k->cls = cls;
	k->score = score;
	k->seq = rec->seq;
	k->file = rec->file;
	k->lineno = rec->lineno;
}

bool ds_topk_offer(struct ds_topk *t, int cls, double score, const struct ds_rec *rec)
{
	if (t->k == 0)
		return false;
	if (t->n < t->k) {
		if (t->n == t->alloc) {
			/* Grow towards k, so a large k costs only what is held. */
			size_t want = t->alloc ? t->alloc * 2 : 16;
			t->alloc = want < t->k ? want : t->k;
			t->items = ds_reallocarray(t->items, t->alloc, sizeof *t->items);
		}
		struct ds_kept *k = &t->items[t->n];
		memset(k, 0, sizeof *k);
		copy_in(k, cls, score, rec);
		t->n++;
		sift_up(t, t->n - 1);
		return true;
	}
	struct ds_kept probe = { .cls = cls, .score = score, .seq = rec->seq };
	if (kept_cmp(&probe, &t->items[0]) >= 0)
		return false;
	copy_in(&t->items[0], cls, score, rec);
	sift_down(t, 0);
	return true;
}

static int cmp_kept(const void *a, const void *b)
{
	return kept_cmp(a, b);
}

void ds_topk_sort(struct ds_topk *t)
{
	if (t->n > 1)
		qsort(t->items, t->n, sizeof *t->items, cmp_kept);
}

struct ds_rec ds_kept_rec(const struct ds_kept *k)
{
	return (struct ds_rec){ k->line, k->len, k->file, k->lineno, k->seq };
}

/* --- a whole selection --------------------------------------------------------- */

/* A record scored on the first pass, as spooled. */
struct spooled {
	struct ds_scored s;
	uint32_t group;
};

struct selection {
	const struct ds_select_opts *o;
	const struct ds_mapper *tool;
	struct ds_counter groups;	/* group key hash -> dense id, with counts */
	uint64_t nscored;
	bool counting;			/* the first of two passes */
	struct ds_spool *spool;		/* first pass over input read only once */
	uint64_t *k_of;			/* from size(): k of each group */
	size_t nk;
	struct ds_topk *best;		/* per group */
	size_t nbest;
};

static uint64_t k_for(const struct selection *sel, size_t g)
{
	if (!sel->k_of)
		return sel->o->k;
	return g < sel->nk ? sel->k_of[g] : 0;
}

static void offer(struct selection *sel, uint32_t g, const struct ds_scored *s,
		  const struct ds_rec *rec)
{
	if (s->cls == DS_NEVER_KEPT)
		return;
	if (g >= sel->nbest) {
		size_t n = sel->nbest ? sel->nbest : 16;
		while (n <= g)
			n *= 2;
		sel->best = ds_reallocarray(sel->best, n, sizeof *sel->best);
		for (size_t i = sel->nbest; i < n; i++)
			ds_topk_init(&sel->best[i], k_for(sel, i));
		sel->nbest = n;
	}
	ds_topk_offer(&sel->best[g], s->cls, s->score, rec);
}

static void select_reduce(void *arg, const struct ds_rec *rec, const char *res, size_t n)
{
	struct selection *sel = arg;
	struct ds_scored s;
	memcpy(&s, res, sizeof s);
	/* A 64-bit hash names the group: a collision among g groups has
	 * probability about g^2/2^65. */
	uint32_t g = sel->o->grouped
		? ds_counter_add(&sel->groups, ds_hash64(res + sizeof s, n - sizeof s, 0)) : 0;
	if (!sel->counting) {
		offer(sel, g, &s, rec);
		return;
	}
	sel->nscored++;
	if (sel->spool) {
		struct spooled sp;
		memset(&sp, 0, sizeof sp);	/* padding included: it goes to a file */
		sp.s.cls = s.cls;
		sp.s.score = s.score;
		sp.group = g;
		ds_spool_put(sel->spool, rec, &sp, sizeof sp);
	}
}

static void two_passes(struct selection *sel, const struct ds_mapper *m)
{
	if (!ds_input_rewindable())
		sel->spool = ds_spool_new();
	sel->counting = true;
	ds_run_map(m);
	sel->counting = false;
	sel->nk = sel->o->grouped ? sel->groups.ntypes : 1;
	sel->k_of = ds_calloc(sel->nk ? sel->nk : 1, sizeof *sel->k_of);
	if (sel->o->grouped)
		sel->o->size(sel->groups.count, sel->nk, sel->k_of);
	else
		sel->o->size(&sel->nscored, 1, sel->k_of);
	if (!sel->spool) {
		/* The second pass meets the groups in the same order: same ids. */
		ds_rewind();
		ds_run_map(m);
		return;
	}
	struct ds_rec rec;
	struct spooled sp;
	ds_spool_rewind(sel->spool);
	while (ds_spool_get(sel->spool, &rec, &sp, sizeof sp))
		offer(sel, sp.group, &sp.s, &rec);
	ds_spool_free(sel->spool);
	sel->spool = NULL;
}

struct chosen {
	const struct ds_kept *kept;
	uint64_t rank;
};

static int by_seq(const void *pa, const void *pb)
{
	const struct chosen *a = pa, *b = pb;
	return a->kept->seq < b->kept->seq ? -1 : a->kept->seq > b->kept->seq;
}

static void write_chosen(struct selection *sel)
{
	size_t n = 0;
	for (size_t g = 0; g < sel->nbest; g++)
		n += sel->best[g].n;
	struct chosen *c = ds_reallocarray(NULL, n ? n : 1, sizeof *c);
	size_t i = 0;
	for (size_t g = 0; g < sel->nbest; g++) {
		ds_topk_sort(&sel->best[g]);
		for (size_t r = 0; r < sel->best[g].n; r++)
			c[i++] = (struct chosen){ &sel->best[g].items[r], r + 1 };
	}
	if (!sel->o->sorted)
		qsort(c, n, sizeof *c, by_seq);
	struct ds_buf val = { 0 };
	for (i = 0; i < n; i++) {
		struct ds_rec rec = ds_kept_rec(c[i].kept);
		if (!sel->o->rank_key) {
			ds_emit(&rec);
			continue;
		}
		struct ds_jw w;
		ds_buf_reset(&val);
		ds_jw_init(&w, &val);
		ds_jw_uint(&w, c[i].rank);
		ds_emit_annotated(&rec, sel->o->rank_key, val.data, val.len);
	}
	ds_buf_free(&val);
	free(c);
}

static void *select_worker_new(void *arg)
{
	const struct selection *sel = arg;
	return sel->tool->worker_new ? sel->tool->worker_new(sel->tool->arg) : NULL;
}

void ds_select(const struct ds_select_opts *o, const struct ds_mapper *m)
{
	struct selection sel = { .o = o, .tool = m };
	ds_counter_init(&sel.groups);
	struct ds_mapper mm = { &sel, select_worker_new, m->worker_free, m->map, select_reduce };
	if (o->size)
		two_passes(&sel, &mm);
	else
		ds_run_map(&mm);
	write_chosen(&sel);
	for (size_t g = 0; g < sel.nbest; g++)
		ds_topk_free(&sel.best[g]);
	free(sel.best);
	free(sel.k_of);
	ds_counter_free(&sel.groups);
}
