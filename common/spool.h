/* spool.h: a temporary file holding records for a second pass over input that
 * cannot be read twice (standard input, pipes).
 *
 * The file is made in $TMPDIR (default /tmp) and unlinked at once, so it
 * disappears with the process whatever happens. Each record is stored with a
 * fixed-size payload of the tool's (its score, group, ...). */
#ifndef DS_SPOOL_H
#define DS_SPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "run.h"

struct ds_spool;

struct ds_spool *ds_spool_new(void);
void ds_spool_free(struct ds_spool *s);
/* Append rec and meta[0..n). Write errors (a full disk) exit with status 3. */
void ds_spool_put(struct ds_spool *s, const struct ds_rec *rec, const void *meta, size_t n);
/* Switch from writing to reading from the first record. */
void ds_spool_rewind(struct ds_spool *s);
/* Read the next record into rec (its line valid until the next call) and its
 * payload into meta[0..n); false at the end. */
bool ds_spool_get(struct ds_spool *s, struct ds_rec *rec, void *meta, size_t n);

#endif
