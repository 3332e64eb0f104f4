/* statefile.h: the frame of the state and model files the tools write.
 *
 *   magic (8 bytes) | u32 version | body | u64 XXH3-64 of every byte before it
 *
 * all integers little-endian (bytes.h). A writer builds the whole file in a
 * ds_buf between ds_state_begin and ds_state_end; a reader loads it whole,
 * has the frame checked, then takes the body through a bounds-checked cursor.
 * A file that is not sound is refused with exit status 1 and a message naming
 * it and the fault: not this kind of file (another known kind is named), a
 * format version this program does not read, truncated or corrupt (checksum),
 * or a body that does not hold together. */
#ifndef DS_STATEFILE_H
#define DS_STATEFILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdnoreturn.h>
#include "buf.h"

struct ds_statekind {
	char magic[8];
	uint32_t version;
	const char *name;	/* "ds-dsir model" */
	const char *how;	/* how to make one: "make one with 'ds-dsir fit'" */
};

/* Start b (reset) with the magic and version; end appends the checksum. */
void ds_state_begin(struct ds_buf *b, const struct ds_statekind *k);
void ds_state_end(struct ds_buf *b);

struct ds_state {
	const char *path;
	const struct ds_statekind *kind;
	unsigned char *data;		/* the whole file */
	size_t len;
	const unsigned char *p, *end;	/* the body not yet taken */
};

/* Read path whole and check the frame (exit 3 if it cannot be read, 1 if it
 * is not a sound file of kind k); the cursor is then at the body. */
void ds_state_load(struct ds_state *s, const char *path, const struct ds_statekind *k);
/* The next n bytes of the body ("corrupt" if there are fewer). */
const unsigned char *ds_state_take(struct ds_state *s, size_t n);
uint32_t ds_state_u32(struct ds_state *s);
uint64_t ds_state_u64(struct ds_state *s);
/* Bytes of the body not yet taken. */
size_t ds_state_left(const struct ds_state *s);
/* "PATH: corrupt NAME (what)", exit 1: a body that does not hold together. */
noreturn void ds_state_corrupt(const struct ds_state *s, const char *what);
/* The whole body must have been taken; frees the file. */
void ds_state_done(struct ds_state *s);

#endif
