/* input.c: reading operands with read(2), zstd and gzip detected by their magic
 * numbers, and memchr line framing with no fixed line limit up to --max-line. */
#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>
#include "util.h"

/* Bytes per read(2). The fuzz build (make fuzz) makes it tiny, so that lines
 * cross reads and the buffer slides and grows on small inputs. */
#ifndef DS_INPUT_READ_SIZE
#define DS_INPUT_READ_SIZE (1u << 20)
#endif
#define READ_SIZE DS_INPUT_READ_SIZE
/* Bytes of an over-long line kept for the message and --rejects. */
#define TOO_LONG_HEAD 4096

enum codec { PLAIN, ZSTD, GZIP };

struct ds_input {
	char **files;
	int nfiles, cur;	/* cur: index of the open operand */
	uint64_t max_line;

	int fd;
	const char *name;
	enum codec codec;
	bool eof_raw;		/* no more raw bytes in this operand */
	bool stdin_used;
	uint64_t lineno;

	/* raw (compressed) bytes */
	char *raw;
	size_t raw_pos, raw_len;
	ZSTD_DStream *zstd;
	size_t zstd_ret;	/* last ZSTD_decompressStream result: 0 at a frame end */
	z_stream gz;
	bool gz_open, gz_end;

	/* decompressed bytes: lines are framed in buf[start..len) */
	char *buf;
	size_t start, len, cap;
	bool skipping;		/* inside an over-long line, dropping bytes */

	uint64_t bytes_read, total;
	bool rewindable;
};

void ds_enlarge_pipe(int fd)
{
#ifdef F_SETPIPE_SZ
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode))
		(void)fcntl(fd, F_SETPIPE_SZ, 1 << 20);
#else
	(void)fd;
#endif
}

static const char *operand(const struct ds_input *in, int i)
{
	return in->nfiles ? in->files[i] : "-";
}

static void close_current(struct ds_input *in)
{
	if (in->fd > 0)
		close(in->fd);
	in->fd = -1;
	if (in->gz_open)
		inflateEnd(&in->gz);
	in->gz_open = false;
}

/* read(2) up to size bytes into dst; 0 at the end of the operand. */
static size_t read_some(struct ds_input *in, char *dst, size_t size)
{
	for (;;) {
		ssize_t n = read(in->fd, dst, size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			ds_die_errno(DS_EXIT_IO, "%s: read error", in->name);
		if (n == 0)
			in->eof_raw = true;
		in->bytes_read += (uint64_t)n;
		return (size_t)n;
	}
}

/* Fill raw[] from the file; returns bytes now available. */
static size_t read_raw(struct ds_input *in)
{
	if (in->raw_pos < in->raw_len)
		return in->raw_len - in->raw_pos;
	in->raw_pos = in->raw_len = 0;
	if (in->eof_raw)
		return 0;
	in->raw_len = read_some(in, in->raw, READ_SIZE);
	return in->raw_len;
}

static bool open_next(struct ds_input *in)
{
	close_current(in);
	int n = in->nfiles ? in->nfiles : 1;
	if (in->cur + 1 >= n)
		return false;
	in->cur++;
	in->name = operand(in, in->cur);
	in->lineno = 0;
	in->eof_raw = false;
	in->raw_pos = in->raw_len = 0;
	if (!strcmp(in->name, "-")) {
		in->fd = 0;
		ds_enlarge_pipe(0);
	} else {
		in->fd = open(in->name, O_RDONLY | O_CLOEXEC);
		if (in->fd < 0)
			ds_die_errno(DS_EXIT_IO, "%s", in->name);
		struct stat st;
		if (fstat(in->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
			errno = EISDIR;
			ds_die_errno(DS_EXIT_IO, "%s", in->name);
		}
#ifdef POSIX_FADV_SEQUENTIAL
		(void)posix_fadvise(in->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	}
	/* Sniff the codec from the first bytes. */
	while (in->raw_len < 4 && !in->eof_raw)
		in->raw_len += read_some(in, in->raw + in->raw_len, READ_SIZE - in->raw_len);
	const unsigned char *m = (const unsigned char *)in->raw;
	if (in->raw_len >= 4 && m[0] == 0x28 && m[1] == 0xb5 && m[2] == 0x2f && m[3] == 0xfd) {
		in->codec = ZSTD;
		if (!in->zstd && !(in->zstd = ZSTD_createDStream()))
			ds_die(DS_EXIT_LIMIT, "cannot create a zstd decoder");
		ZSTD_initDStream(in->zstd);
		in->zstd_ret = 1;
	} else if (in->raw_len >= 2 && m[0] == 0x1f && m[1] == 0x8b) {
		in->codec = GZIP;
		memset(&in->gz, 0, sizeof in->gz);
		if (inflateInit2(&in->gz, 15 + 16) != Z_OK)
			ds_die(DS_EXIT_LIMIT, "cannot create a gzip decoder");
		in->gz_open = true;
		in->gz_end = false;
	} else {
		in->codec = PLAIN;
	}
	return true;
}

/* Append decoded bytes to buf; returns false at the end of this operand. */
static bool fill(struct ds_input *in)
{
	if (in->cap - in->len < READ_SIZE) {
		/* Slide the unfinished line to the front, or grow for a long one. */
		if (in->start > 0) {
			memmove(in->buf, in->buf + in->start, in->len - in->start);
			in->len -= in->start;
			in->start = 0;
		}
		if (in->cap - in->len < READ_SIZE) {
			in->cap = in->cap * 2 > in->len + READ_SIZE ? in->cap * 2 : in->len + READ_SIZE;
			in->buf = ds_realloc(in->buf, in->cap);
		}
	}
	char *dst = in->buf + in->len;
	size_t room = in->cap - in->len;
	if (in->codec == PLAIN) {
		/* Straight into the line buffer: only the sniffed first bytes
		 * pass through raw[]. */
		size_t n;
		if (in->raw_pos < in->raw_len) {
			n = in->raw_len - in->raw_pos < room ? in->raw_len - in->raw_pos : room;
			memcpy(dst, in->raw + in->raw_pos, n);
			in->raw_pos += n;
		} else {
			n = in->eof_raw ? 0 : read_some(in, dst, room);
		}
		in->len += n;
		return n > 0;
	}
	for (;;) {
		size_t avail = read_raw(in);
		if (in->codec == ZSTD) {
			if (!avail) {
				if (in->zstd_ret != 0)
					ds_die(DS_EXIT_IO, "%s: truncated zstd data", in->name);
				return false;
			}
			ZSTD_inBuffer zin = { in->raw, in->raw_len, in->raw_pos };
			ZSTD_outBuffer zout = { dst, room, 0 };
			size_t r = ZSTD_decompressStream(in->zstd, &zout, &zin);
			if (ZSTD_isError(r))
				ds_die(DS_EXIT_IO, "%s: zstd: %s", in->name, ZSTD_getErrorName(r));
			in->zstd_ret = r;
			in->raw_pos = zin.pos;
			if (zout.pos) {
				in->len += zout.pos;
				return true;
			}
			continue;
		}
		/* gzip, concatenated members allowed */
		if (!avail) {
			if (!in->gz_end)
				ds_die(DS_EXIT_IO, "%s: truncated gzip data", in->name);
			return false;
		}
		if (in->gz_end) {
			inflateReset(&in->gz);
			in->gz_end = false;
		}
		in->gz.next_in = (unsigned char *)in->raw + in->raw_pos;
		in->gz.avail_in = (unsigned)(in->raw_len - in->raw_pos);
		in->gz.next_out = (unsigned char *)dst;
		in->gz.avail_out = (unsigned)(room > 0x40000000 ? 0x40000000 : room);
		unsigned out_before = in->gz.avail_out;
		int r = inflate(&in->gz, Z_NO_FLUSH);
		if (r != Z_OK && r != Z_STREAM_END && r != Z_BUF_ERROR)
			ds_die(DS_EXIT_IO, "%s: gzip: %s", in->name, in->gz.msg ? in->gz.msg : "corrupt data");
		if (r == Z_STREAM_END)
			in->gz_end = true;
		in->raw_pos = in->raw_len - in->gz.avail_in;
		size_t produced = out_before - in->gz.avail_out;
		if (produced) {
			in->len += produced;
			return true;
		}
	}
}

struct ds_input *ds_input_open(char **files, int nfiles, uint64_t max_line)
{
	struct ds_input *in = ds_calloc(1, sizeof *in);
	in->files = files;
	in->nfiles = nfiles;
	in->max_line = max_line;
	in->cur = -1;
	in->fd = -1;
	in->raw = ds_malloc(READ_SIZE);
	in->cap = 2 * READ_SIZE;
	in->buf = ds_malloc(in->cap);
	in->rewindable = true;
	int n = nfiles ? nfiles : 1;
	for (int i = 0; i < n; i++) {
		struct stat st;
		const char *f = operand(in, i);
		if (!strcmp(f, "-")) {
			in->rewindable = false;
			if (in->stdin_used)
				ds_usage_error("standard input given twice");
			in->stdin_used = true;
			if (fstat(0, &st) == 0 && S_ISREG(st.st_mode))
				in->total += (uint64_t)st.st_size;
			continue;
		}
		if (stat(f, &st) != 0)
			ds_die_errno(DS_EXIT_IO, "%s", f);
		if (S_ISREG(st.st_mode))
			in->total += (uint64_t)st.st_size;
		else
			in->rewindable = false;
	}
	open_next(in);
	return in;
}

/* Frames the len bytes at start as a line and moves past them (and the "\n",
 * when used says so). False when they end a line already reported too long. */
static bool take_line(struct ds_input *in, size_t len, size_t used, struct ds_line *line)
{
	line->p = in->buf + in->start;
	line->file = in->name;
	line->lineno = ++in->lineno;
	in->start += used;
	if (in->skipping) {
		in->skipping = false;
		return false;
	}
	if (len && line->p[len - 1] == '\r')
		len--;
	line->len = len;
	line->too_long = len > in->max_line;
	if (line->too_long && len > TOO_LONG_HEAD)
		line->len = TOO_LONG_HEAD;
	return true;
}

bool ds_input_next(struct ds_input *in, struct ds_line *line)
{
	for (;;) {
		char *nl = NULL;
		if (in->start < in->len)
			nl = memchr(in->buf + in->start, '\n', in->len - in->start);
		if (nl) {
			size_t len = (size_t)(nl - (in->buf + in->start));
			if (take_line(in, len, len + 1, line))
				return true;
			continue;	/* tail of a line already reported */
		}
		size_t pending = in->len - in->start;
		if (!in->skipping && pending > in->max_line + 1) {
			/* Report the line now with its head; drop the rest as it comes. */
			line->p = in->buf + in->start;
			line->len = pending < TOO_LONG_HEAD ? pending : TOO_LONG_HEAD;
			line->file = in->name;
			line->lineno = in->lineno + 1;
			line->too_long = true;
			in->skipping = true;
			in->start = in->len;	/* bytes already framed may be reused after return */
			return true;
		}
		if (in->skipping) {
			in->start = in->len = 0;
		}
		if (fill(in))
			continue;
		/* End of this operand: a last line without "\n" is still a line. */
		if (in->start < in->len && take_line(in, in->len - in->start, in->len - in->start, line))
			return true;
		in->skipping = false;
		in->start = in->len = 0;
		if (!open_next(in))
			return false;
	}
}

uint64_t ds_input_bytes_read(const struct ds_input *in) { return in->bytes_read; }
uint64_t ds_input_total(const struct ds_input *in) { return in->total; }
bool ds_input_can_rewind(const struct ds_input *in) { return in->rewindable; }

void ds_input_rewind(struct ds_input *in)
{
	close_current(in);
	in->cur = -1;
	in->start = in->len = 0;
	in->skipping = false;
	in->bytes_read = 0;
	open_next(in);
}

void ds_input_close(struct ds_input *in)
{
	if (!in)
		return;
	close_current(in);
	ZSTD_freeDStream(in->zstd);
	free(in->raw);
	free(in->buf);
	free(in);
}
