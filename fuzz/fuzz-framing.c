/* fuzz-framing: JSONL framing by common/input.c, through real file
 * descriptors (memfd files opened by path, as operands are).
 *
 * Input: byte 0 and 1 give --max-line (0..4095 bytes, so over-long lines
 * occur), byte 2 splits the rest into one or two operands; the rest is the
 * stream. Properties: lines come out in order, numbered 1.. per operand, each
 * equal to the operand's next "\n"-separated piece minus one trailing "\r";
 * a final piece without "\n" is a line; a line longer than --max-line is
 * flagged too_long and carries a prefix of itself (at most 4096 bytes); the
 * file names are the operands; nothing follows the last line. */
#include "fuzz.h"
#include "input.h"

#define TOO_LONG_HEAD 4096

struct cursor {
	const char *p, *end;
	uint64_t lineno;
};

/* The next line the framing should give, by splitting on "\n" here. */
static int expected_line(struct cursor *c, const char **p, size_t *len)
{
	if (c->p >= c->end)
		return 0;
	const char *nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
	const char *stop = nl ? nl : c->end;
	*p = c->p;
	*len = (size_t)(stop - c->p);
	if (*len && (*p)[*len - 1] == '\r')
		(*len)--;
	c->p = nl ? nl + 1 : c->end;
	c->lineno++;
	return 1;
}

static int compressed(const char *p, size_t n)
{
	return (n >= 4 && !memcmp(p, "\x28\xb5\x2f\xfd", 4)) || (n >= 2 && !memcmp(p, "\x1f\x8b", 2));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 3)
		return 0;
	uint64_t max_line = ((unsigned)data[0] << 8 | data[1]) & 0xfff;
	const char *text = (const char *)data + 3;
	size_t n = size - 3;
	size_t split = data[2] & 0x80 ? (size_t)(data[2] & 0x7f) * n / 127 : n;
	struct cursor want[2] = { { text, text + split, 0 }, { text + split, text + n, 0 } };
	int nfiles = split < n ? 2 : 1;
	for (int i = 0; i < nfiles; i++)
		if (compressed(want[i].p, (size_t)(want[i].end - want[i].p)))
			return 0;	/* fuzz-zstd's domain */

	char paths[2][64];
	int fds[2];
	fds[0] = fuzz_memfile(text, split, paths[0]);
	fds[1] = nfiles == 2 ? fuzz_memfile(text + split, n - split, paths[1]) : -1;
	char *files[2] = { paths[0], paths[1] };

	struct ds_input *in = ds_input_open(files, nfiles, max_line);
	struct ds_line line;
	int f = 0;
	while (ds_input_next(in, &line)) {
		const char *wp;
		size_t wlen;
		while (f < nfiles && !expected_line(&want[f], &wp, &wlen))
			f++;
		CHECK(f < nfiles, "a line after the end: %s:%llu", line.file, (unsigned long long)line.lineno);
		CHECK(!strcmp(line.file, paths[f]), "file %s, want %s", line.file, paths[f]);
		CHECK(line.lineno == want[f].lineno, "line %llu, want %llu",
		      (unsigned long long)line.lineno, (unsigned long long)want[f].lineno);
		CHECK(line.too_long == (wlen > max_line), "too_long %d for %zu bytes, max %llu",
		      line.too_long, wlen, (unsigned long long)max_line);
		if (line.too_long) {
			/* The head is taken before the end of the line is seen, so it
			 * may hold the "\r" of a last line's end: compare it with the
			 * raw piece. */
			size_t raw = wlen + (wp + wlen < want[f].end && wp[wlen] == '\r');
			CHECK(line.len <= TOO_LONG_HEAD && line.len <= raw && !memcmp(line.p, wp, line.len),
			      "head of a long line: %zu bytes", line.len);
		} else {
			CHECK(line.len == wlen && !memcmp(line.p, wp, wlen), "line %llu: %zu bytes, want %zu",
			      (unsigned long long)line.lineno, line.len, wlen);
		}
	}
	const char *wp;
	size_t wlen;
	while (f < nfiles && !expected_line(&want[f], &wp, &wlen))
		f++;
	CHECK(f == nfiles, "lines lost: framing ended at %s:%llu", paths[f < nfiles ? f : 0],
	      (unsigned long long)want[f < nfiles ? f : 0].lineno);
	CHECK(ds_input_bytes_read(in) == n, "read %llu bytes of %zu", (unsigned long long)ds_input_bytes_read(in), n);
	ds_input_close(in);
	close(fds[0]);
	if (fds[1] >= 0)
		close(fds[1]);
	return 0;
}
