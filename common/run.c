/* run.c: the record loop: framing, validation, the --on-error policy,
 * --rejects, counting, progress, ordered parallel map, and the final status. */
#include "run.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "annotate.h"
#include "input.h"
#include "json.h"
#include "opts.h"
#include "output.h"
#include "progress.h"
#include "text.h"
#include "util.h"

static struct {
	struct ds_input *in;
	struct ds_output *out, *rejects;
	uint64_t nin, nout, nbad, nblank;
	int pass_no;		/* 0 on the first read of the input */
	uint64_t seq;
	double started;
	struct ds_buf scratch, rejbuf;
} run;

/* --- framing and validation ----------------------------------------------- */

static bool blank(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
			return false;
	return true;
}

/* Why a line is not a record, or NULL if it is one; detail in why_buf. */
static const char *check_line(const struct ds_line *l, struct ds_buf *why_buf)
{
	const char *why;
	size_t at;
	ds_buf_reset(why_buf);
	if (l->too_long) {
		ds_buf_printf(why_buf, "line longer than --max-line (%llu bytes)",
			      (unsigned long long)ds_opt.max_line);
		return ds_buf_cstr(why_buf);
	}
	if (ds_json_validate(l->p, l->len, &why, &at)) {
		ds_buf_printf(why_buf, "%s at byte %zu", why, at + 1);
		return ds_buf_cstr(why_buf);
	}
	enum ds_jtype t = ds_jtype(ds_json_root(l->p, l->len));
	if (t != DS_J_OBJECT) {
		ds_buf_printf(why_buf, "not a JSON object (%s %s)",
			      t == DS_J_ARRAY || t == DS_J_OBJECT ? "an" : "a", ds_jtype_name(t));
		return ds_buf_cstr(why_buf);
	}
	return NULL;
}

/* --- bad records ------------------------------------------------------------ */

static void base64(struct ds_buf *out, const unsigned char *p, size_t n)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0)
			     | (i + 2 < n ? p[i + 2] : 0);
		ds_buf_addc(out, tab[v >> 18]);
		ds_buf_addc(out, tab[(v >> 12) & 63]);
		ds_buf_addc(out, i + 1 < n ? tab[(v >> 6) & 63] : '=');
		ds_buf_addc(out, i + 2 < n ? tab[v & 63] : '=');
	}
}

static void write_reject(const char *file, uint64_t lineno, const char *line, size_t len,
			 bool truncated, const char *reason)
{
	if (!run.rejects)
		return;
	struct ds_buf *b = &run.rejbuf;
	struct ds_jw w;
	ds_buf_reset(b);
	ds_jw_init(&w, b);
	ds_jw_obj(&w);
	ds_jw_key(&w, "file");
	ds_jw_str(&w, file, strlen(file));
	ds_jw_key(&w, "line");
	ds_jw_uint(&w, lineno);
	ds_jw_key(&w, "reason");
	ds_jw_str(&w, reason, strlen(reason));
	if (ds_utf8_valid(line, len)) {
		ds_jw_key(&w, "record");
		ds_jw_str(&w, line, len);
	} else {
		/* Invalid UTF-8 cannot sit in a JSON string without loss. */
		ds_jw_key(&w, "record_base64");
		ds_buf_addc(b, '"');
		base64(b, (const unsigned char *)line, len);
		ds_buf_addc(b, '"');
	}
	if (truncated) {
		ds_jw_key(&w, "truncated");
		ds_jw_bool(&w, true);
	}
	ds_jw_end(&w);
	ds_buf_addc(b, '\n');
	ds_output_write(run.rejects, b->data, b->len);
}

static void fail_now(const char *file, uint64_t lineno, const char *reason)
{
	ds_progress_end();
	/* Everything before the bad record reaches its destination first
	 * (with -o, the atomic file is not created: the run failed). */
	if (run.out && !ds_opt.output) {
		ds_output_close(run.out);
		run.out = NULL;
	}
	/* With -o, run.out stays referenced until _exit (the die hook removes
	 * its temporary file), so leak checkers do not see it lost. */
	if (run.rejects)
		ds_output_close(run.rejects);
	run.rejects = NULL;
	ds_die(DS_EXIT_DATA, "%s:%llu: %s", file, (unsigned long long)lineno, reason);
}

static void bad_line(const char *file, uint64_t lineno, const char *line, size_t len,
		     bool truncated, const char *reason)
{
	if (run.pass_no > 0)
		return;		/* reported on the first pass */
	if (ds_opt.on_error == DS_ON_ERROR_FAIL)
		fail_now(file, lineno, reason);
	run.nbad++;
	write_reject(file, lineno, line, len, truncated, reason);
	if (ds_opt.on_error == DS_ON_ERROR_PASS && !truncated) {
		ds_output_write(run.out, line, len);
		ds_output_write(run.out, "\n", 1);
		run.nout++;
	}
}

void ds_bad(const struct ds_rec *rec, const char *reason)
{
	bad_line(rec->file, rec->lineno, rec->line, rec->len, false, reason);
}

/* --- sequential --------------------------------------------------------------- */

void ds_begin(void)
{
	run.started = ds_now();
	run.in = ds_input_open(ds_opt.files, ds_opt.nfiles, ds_opt.max_line);
	run.out = ds_output_open(ds_opt.output);
	if (ds_opt.rejects)
		run.rejects = ds_output_open(ds_opt.rejects);
	if (ds_opt.progress)
		ds_progress_start(ds_input_total(run.in));
}

/* Next non-blank line, counted. */
static bool next_line(struct ds_line *l)
{
	for (;;) {
		if (!ds_input_next(run.in, l))
			return false;
		if (!l->too_long && blank(l->p, l->len)) {
			if (run.pass_no == 0)
				run.nblank++;
			continue;
		}
		if (run.pass_no == 0)
			run.nin++;
		ds_progress_update(run.nin, ds_input_bytes_read(run.in));
		return true;
	}
}

bool ds_next(struct ds_rec *rec)
{
	struct ds_line l;
	while (next_line(&l)) {
		uint64_t seq = run.seq++;
		const char *why = check_line(&l, &run.scratch);
		if (why) {
			bad_line(l.file, l.lineno, l.p, l.len, l.too_long, why);
			continue;
		}
		*rec = (struct ds_rec){ l.p, l.len, l.file, l.lineno, seq };
		return true;
	}
	return false;
}

void ds_write(const char *p, size_t n)
{
	ds_output_write(run.out, p, n);
}

void ds_emit(const struct ds_rec *rec)
{
	ds_output_write(run.out, rec->line, rec->len);
	ds_output_write(run.out, "\n", 1);
	run.nout++;
}

void ds_emit_annotated(const struct ds_rec *rec, const char *key, const char *val, size_t n)
{
	ds_buf_reset(&run.scratch);
	ds_annotate(&run.scratch, rec->line, rec->len, key, strlen(key), val, n);
	ds_buf_addc(&run.scratch, '\n');
	ds_output_write(run.out, run.scratch.data, run.scratch.len);
	run.nout++;
}

uint64_t ds_count_in(void) { return run.nin; }
uint64_t ds_count_out(void) { return run.nout; }
bool ds_input_rewindable(void) { return ds_input_can_rewind(run.in); }

void ds_rewind(void)
{
	ds_input_rewind(run.in);
	run.pass_no++;
	run.seq = 0;
}

int ds_end(void)
{
	ds_progress_end();
	ds_input_close(run.in);
	run.in = NULL;
	if (run.rejects)
		ds_output_close(run.rejects);
	run.rejects = NULL;
	ds_output_close(run.out);
	run.out = NULL;
	if (run.nbad && !ds_quiet)
		fprintf(stderr, "%s: %llu bad record%s %s%s%s\n", ds_prog,
			(unsigned long long)run.nbad, run.nbad == 1 ? "" : "s",
			ds_opt.on_error == DS_ON_ERROR_PASS ? "written unannotated" : "skipped",
			ds_opt.rejects ? ", listed in " : " (use --rejects FILE to keep them)",
			ds_opt.rejects ? ds_opt.rejects : "");
	if (ds_verbose)
		fprintf(stderr, "%s: %llu records in, %llu written, %llu bad, %llu blank lines, %.2f s\n",
			ds_prog, (unsigned long long)run.nin, (unsigned long long)run.nout,
			(unsigned long long)run.nbad, (unsigned long long)run.nblank,
			ds_now() - run.started);
	ds_buf_free(&run.scratch);
	ds_buf_free(&run.rejbuf);
	return DS_EXIT_OK;
}

/* --- parallel map ------------------------------------------------------------- */

#define BATCH_BYTES (256u << 10)
#define BATCH_RECORDS 2048

struct brec {
	size_t off, len;	/* in lines */
	const char *file;
	uint64_t lineno, seq;
	bool too_long;
	int status;		/* 0 mapped, -1 bad */
	size_t res_off, res_len;	/* in results (or reasons when bad) */
};

struct batch {
	struct ds_buf lines, results, reasons;
	struct brec *recs;
	size_t n, cap;
	enum { FREE, QUEUED, DONE } state;
};

struct pool {
	const struct ds_mapper *m;
	struct batch *ring;
	size_t nring;
	size_t next_queued;	/* index of the next batch a worker takes */
	size_t queued_total;	/* batches queued so far */
	size_t taken_total;
	bool closing;
	pthread_mutex_t lock;
	pthread_cond_t work, done;
};

static bool fill_batch(struct batch *b)
{
	struct ds_line l;
	ds_buf_reset(&b->lines);
	b->n = 0;
	while (b->n < BATCH_RECORDS && b->lines.len < BATCH_BYTES && next_line(&l)) {
		if (b->n == b->cap) {
			b->cap = b->cap ? b->cap * 2 : 256;
			b->recs = ds_reallocarray(b->recs, b->cap, sizeof *b->recs);
		}
		b->recs[b->n++] = (struct brec){ b->lines.len, l.len, l.file, l.lineno, run.seq++,
						 l.too_long, 0, 0, 0 };
		ds_buf_add(&b->lines, l.p, l.len);
	}
	return b->n > 0;
}

static void map_batch(const struct ds_mapper *m, void *w, struct batch *b, struct ds_buf *why)
{
	struct ds_buf reason = { 0 };
	ds_buf_reset(&b->results);
	ds_buf_reset(&b->reasons);
	for (size_t i = 0; i < b->n; i++) {
		struct brec *r = &b->recs[i];
		const char *line = b->lines.data + r->off;
		struct ds_line l = { line, r->len, r->file, r->lineno, r->too_long };
		const char *bad = check_line(&l, why);
		size_t before = b->results.len;
		if (!bad) {
			struct ds_rec rec = { line, r->len, r->file, r->lineno, r->seq };
			ds_buf_reset(&reason);
			if (m->map(w, &rec, &b->results, &reason) == 0) {
				r->status = 0;
				r->res_off = before;
				r->res_len = b->results.len - before;
				continue;
			}
			b->results.len = before;
			bad = reason.len ? ds_buf_cstr(&reason) : "bad record";
		}
		r->status = -1;
		r->res_off = b->reasons.len;
		ds_buf_adds(&b->reasons, bad);
		r->res_len = b->reasons.len - r->res_off;
	}
	ds_buf_free(&reason);
}

static void reduce_batch(const struct ds_mapper *m, struct batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		struct brec *r = &b->recs[i];
		const char *line = b->lines.data + r->off;
		if (r->status == 0) {
			struct ds_rec rec = { line, r->len, r->file, r->lineno, r->seq };
			m->reduce(m->arg, &rec, b->results.data + r->res_off, r->res_len);
		} else {
			ds_buf_reset(&run.scratch);
			ds_buf_add(&run.scratch, b->reasons.data + r->res_off, r->res_len);
			bad_line(r->file, r->lineno, line, r->len, r->too_long, ds_buf_cstr(&run.scratch));
		}
	}
}

static void *worker_main(void *arg)
{
	struct pool *p = arg;
	void *w = p->m->worker_new ? p->m->worker_new(p->m->arg) : NULL;
	struct ds_buf why = { 0 };
	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (p->taken_total == p->queued_total && !p->closing)
			pthread_cond_wait(&p->work, &p->lock);
		if (p->taken_total == p->queued_total && p->closing)
			break;
		struct batch *b = &p->ring[p->taken_total++ % p->nring];
		pthread_mutex_unlock(&p->lock);
		map_batch(p->m, w, b, &why);
		pthread_mutex_lock(&p->lock);
		b->state = DONE;
		pthread_cond_broadcast(&p->done);
	}
	pthread_mutex_unlock(&p->lock);
	if (p->m->worker_free)
		p->m->worker_free(w);
	ds_buf_free(&why);
	return NULL;
}

static void free_batch(struct batch *b)
{
	ds_buf_free(&b->lines);
	ds_buf_free(&b->results);
	ds_buf_free(&b->reasons);
	free(b->recs);
}

/* One thread: each record is mapped and reduced as it is read, straight from
 * the input buffer (no batch, no copy). */
static void run_inline(const struct ds_mapper *m)
{
	struct ds_buf result = { 0 }, reason = { 0 }, why = { 0 };
	void *w = m->worker_new ? m->worker_new(m->arg) : NULL;
	struct ds_line l;
	while (next_line(&l)) {
		struct ds_rec rec = { l.p, l.len, l.file, l.lineno, run.seq++ };
		const char *bad = check_line(&l, &why);
		if (!bad) {
			ds_buf_reset(&result);
			ds_buf_reset(&reason);
			if (m->map(w, &rec, &result, &reason) == 0) {
				m->reduce(m->arg, &rec, result.data, result.len);
				continue;
			}
			bad = reason.len ? ds_buf_cstr(&reason) : "bad record";
		}
		bad_line(l.file, l.lineno, l.p, l.len, l.too_long, bad);
	}
	if (m->worker_free)
		m->worker_free(w);
	ds_buf_free(&result);
	ds_buf_free(&reason);
	ds_buf_free(&why);
}

void ds_run_map(const struct ds_mapper *m)
{
	int jobs = ds_opt.jobs;
	if (jobs <= 1) {
		run_inline(m);
		return;
	}
	struct pool p = { .m = m };
	p.nring = (size_t)jobs * 2 + 1;
	p.ring = ds_calloc(p.nring, sizeof *p.ring);
	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.work, NULL);
	pthread_cond_init(&p.done, NULL);
	pthread_t *threads = ds_calloc((size_t)jobs, sizeof *threads);
	for (int i = 0; i < jobs; i++)
		if (pthread_create(&threads[i], NULL, worker_main, &p))
			ds_die_errno(DS_EXIT_LIMIT, "cannot start a thread");

	/* The main thread reads ahead into free batches and writes finished ones
	 * in order; workers map them. */
	size_t written = 0;
	bool eof = false;
	for (;;) {
		pthread_mutex_lock(&p.lock);
		while (written < p.queued_total && p.ring[written % p.nring].state != DONE
		       && (eof || p.queued_total - written == p.nring))
			pthread_cond_wait(&p.done, &p.lock);
		bool have_done = written < p.queued_total && p.ring[written % p.nring].state == DONE;
		pthread_mutex_unlock(&p.lock);
		if (have_done) {
			struct batch *b = &p.ring[written % p.nring];
			reduce_batch(m, b);
			pthread_mutex_lock(&p.lock);
			b->state = FREE;
			written++;
			pthread_mutex_unlock(&p.lock);
			continue;
		}
		if (eof) {
			if (written == p.queued_total)
				break;
			continue;
		}
		struct batch *b = &p.ring[p.queued_total % p.nring];
		if (!fill_batch(b)) {
			eof = true;
			continue;
		}
		pthread_mutex_lock(&p.lock);
		b->state = QUEUED;
		p.queued_total++;
		pthread_cond_signal(&p.work);
		pthread_mutex_unlock(&p.lock);
	}
	pthread_mutex_lock(&p.lock);
	p.closing = true;
	pthread_cond_broadcast(&p.work);
	pthread_mutex_unlock(&p.lock);
	for (int i = 0; i < jobs; i++)
		pthread_join(threads[i], NULL);
	for (size_t i = 0; i < p.nring; i++)
		free_batch(&p.ring[i]);
	free(p.ring);
	free(threads);
	pthread_mutex_destroy(&p.lock);
	pthread_cond_destroy(&p.work);
	pthread_cond_destroy(&p.done);
}

/* --- annotate ------------------------------------------------------------------- */

struct annot_worker {
	const struct ds_annotator *a;
	void *inner;
	struct ds_textsel *sel;
	struct ds_buf text, val;
	size_t keylen;
};

static void *annot_new(void *arg)
{
	const struct ds_annotator *a = arg;
	struct annot_worker *w = ds_calloc(1, sizeof *w);
	w->a = a;
	w->inner = a->worker_new ? a->worker_new(a->arg) : NULL;
	if (!a->no_text)
		w->sel = ds_textsel_default();
	w->keylen = strlen(ds_opt.key);
	return w;
}

static void annot_free(void *p)
{
	struct annot_worker *w = p;
	if (w->a->worker_free)
		w->a->worker_free(w->inner);
	ds_textsel_free(w->sel);
	ds_buf_free(&w->text);
	ds_buf_free(&w->val);
	free(w);
}

static int annot_map(void *p, const struct ds_rec *rec, struct ds_buf *out, struct ds_buf *reason)
{
	struct annot_worker *w = p;
	const char *text = NULL;
	size_t len = 0;
	if (w->sel) {
		if (ds_textsel_get(w->sel, rec->line, rec->len, &w->text, reason))
			return -1;
		text = w->text.data ? w->text.data : "";
		len = w->text.len;
	}
	ds_buf_reset(&w->val);
	if (w->a->compute(w->inner, rec, text, len, &w->val, reason))
		return -1;
	ds_annotate(out, rec->line, rec->len, ds_opt.key, w->keylen, w->val.data, w->val.len);
	ds_buf_addc(out, '\n');
	return 0;
}

static void annot_reduce(void *arg, const struct ds_rec *rec, const char *res, size_t n)
{
	(void)arg;
	(void)rec;
	ds_output_write(run.out, res, n);
	run.nout++;
}

int ds_run_annotate(const struct ds_annotator *a)
{
	struct ds_mapper m = { (void *)a, annot_new, annot_free, annot_map, annot_reduce };
	ds_begin();
	ds_run_map(&m);
	return ds_end();
}
