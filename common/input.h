/* input.h: the byte stream of all operands, decompressed, framed into lines. */
#ifndef DS_INPUT_H
#define DS_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ds_input;

struct ds_line {
	const char *p;		/* without "\n" or "\r\n"; valid until the next call */
	size_t len;
	const char *file;	/* "-" for stdin */
	uint64_t lineno;	/* 1-based in file */
	bool too_long;		/* over max_line: p holds only the first bytes */
};

/* files: operands ("-" or none for stdin). Opening errors exit with status 3. */
struct ds_input *ds_input_open(char **files, int nfiles, uint64_t max_line);
/* Next line; false at the end of the last operand. Read errors exit with 3. */
bool ds_input_next(struct ds_input *in, struct ds_line *line);
/* Bytes read from the operands so far (compressed bytes for compressed ones),
 * and their total size if all are regular files (else 0). */
uint64_t ds_input_bytes_read(const struct ds_input *in);
uint64_t ds_input_total(const struct ds_input *in);
bool ds_input_can_rewind(const struct ds_input *in);
void ds_input_rewind(struct ds_input *in);
void ds_input_close(struct ds_input *in);

/* Enlarge the pipe behind fd to 1 MiB if it is one (2x throughput here). */
void ds_enlarge_pipe(int fd);

#endif
