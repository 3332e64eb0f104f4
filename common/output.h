/* output.h: checked, buffered output to stdout or to a file written atomically.
 *
 * A named file is written under a temporary name beside it and renamed into
 * place only by a successful ds_output_close(), so a failed or interrupted run
 * leaves no half file. A name ending in ".zst" is zstd-compressed. */
#ifndef DS_OUTPUT_H
#define DS_OUTPUT_H

#include <stddef.h>

struct ds_output;

/* path NULL or "-": standard output. Errors exit with status 3. */
struct ds_output *ds_output_open(const char *path);
void ds_output_write(struct ds_output *o, const void *p, size_t n);
/* Flush, close (checked: a full disk is an error), rename into place. */
void ds_output_close(struct ds_output *o);

#endif
