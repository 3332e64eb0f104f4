/* run.h: the record loop every tool runs.
 *
 * Input framing, validation, the --on-error policy, --rejects, counting,
 * progress, output and the final status live here, so a tool only says what it
 * does with one record. Two ways to use it:
 *
 *  - sequential (select and summarize tools):
 *        ds_begin();
 *        while (ds_next(&rec)) { ... ds_emit(&rec) or ds_bad(&rec, why) ... }
 *        return ds_end();
 *  - parallel map (-j N): a map function runs in worker threads on each record
 *    and a reduce function consumes its result in input order on the main
 *    thread; ds_run_annotate() is the common case where reduce writes the line
 *    with the annotation spliced in.
 *
 * Every record's fate is counted: written, rejected (--rejects) or fatal. */
#ifndef DS_RUN_H
#define DS_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "buf.h"

struct ds_rec {
	const char *line;	/* the record, without its line end */
	size_t len;
	const char *file;	/* "-" for stdin */
	uint64_t lineno;	/* 1-based line in file */
	uint64_t seq;		/* 0-based index of the record in the whole input */
};

/* --- sequential ---------------------------------------------------------- */

/* Open the inputs (ds_opt.files), the output (-o or stdout) and --rejects. */
void ds_begin(void);
/* Next record: a valid JSON object. Lines that are not are handled by the
 * policy (fail: exit 1; skip/pass: counted, rejected) and never returned. The
 * record's bytes are valid until the next call. Returns false at the end. */
bool ds_next(struct ds_rec *rec);
/* Write the record's line unchanged, or with key set to the JSON value val. */
void ds_emit(const struct ds_rec *rec);
void ds_emit_annotated(const struct ds_rec *rec, const char *key,
		       const char *val, size_t n);
/* Write raw bytes to the output (summaries). */
void ds_write(const char *p, size_t n);
/* A record the tool cannot use: by the policy, exit 1 with FILE:LINE: reason,
 * or reject it (skip), or write it unchanged (pass). */
void ds_bad(const struct ds_rec *rec, const char *reason);
/* Flush and close everything, print the -v summary and the skipped-records
 * note; returns the exit status for main. */
int ds_end(void);

/* Records read so far, and written. */
uint64_t ds_count_in(void);
uint64_t ds_count_out(void);

/* The whole input must be read again (two-pass tools): true if every operand
 * is a regular file. ds_rewind() starts the input over (counts are kept). */
bool ds_input_rewindable(void);
void ds_rewind(void);

/* --- parallel map ---------------------------------------------------------- */

struct ds_mapper {
	void *arg;	/* passed to worker_new and reduce */
	/* Per-thread state, made once per worker. */
	void *(*worker_new)(void *arg);
	void (*worker_free)(void *w);
	/* In a worker: append this record's result to out. Return 0, or -1 with a
	 * reason for a bad record (then reduce is not called for it). */
	int (*map)(void *w, const struct ds_rec *rec, struct ds_buf *out,
		   struct ds_buf *reason);
	/* On the main thread, in input order, for each mapped record. */
	void (*reduce)(void *arg, const struct ds_rec *rec, const char *res, size_t n);
};
/* Run the whole input through m with ds_opt.jobs threads (1: no threads);
 * between ds_begin() and ds_end(). Output is the same for any -j. */
void ds_run_map(const struct ds_mapper *m);

/* Annotate tools: compute writes the annotation value (JSON) for the text that
 * the common text options select; the line is written with ds_opt.key set. */
struct ds_annotator {
	void *arg;
	void *(*worker_new)(void *arg);
	void (*worker_free)(void *w);
	int (*compute)(void *w, const struct ds_rec *rec, const char *text,
		       size_t len, struct ds_buf *val, struct ds_buf *reason);
	bool no_text;	/* compute wants no selected text (text NULL) */
};
/* The whole run: begin, map, end; returns the exit status. */
int ds_run_annotate(const struct ds_annotator *a);

#endif
