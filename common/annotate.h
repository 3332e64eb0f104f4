/* annotate.h: set one top-level key of a record line without re-serialising it. */
#ifndef DS_ANNOTATE_H
#define DS_ANNOTATE_H

#include <stddef.h>
#include "buf.h"

/* Append to out the validated object line[0..len) with key set to the JSON
 * value val: an existing key has its value replaced in place (every
 * occurrence, if the line repeats it), otherwise "key":val is added before the
 * closing brace. All other bytes are copied unchanged. */
void ds_annotate(struct ds_buf *out, const char *line, size_t len,
		 const char *key, size_t keylen, const char *val, size_t vlen);

#endif
