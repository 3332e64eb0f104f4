/* output.c: buffered writes with every error checked; atomic -o files. */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zstd.h>
#include "input.h"
#include "util.h"

#define OUT_BUF (1u << 20)
#define MAX_OUTPUTS 4	/* -o, --rejects, state files */

struct ds_output {
	int fd;
	const char *name;	/* for messages */
	char *path, *tmp;	/* final and temporary names of a regular file */
	char *special;		/* a device or FIFO named by -o, written in place */
	char *buf;
	size_t len;
	ZSTD_CStream *zstd;
	char *zbuf;
	size_t zcap;
};

/* Temporary files to remove if the run dies or is interrupted. */
static char *volatile pending_tmp[MAX_OUTPUTS];

static void remove_pending(void)
{
	for (int i = 0; i < MAX_OUTPUTS; i++)
		if (pending_tmp[i]) {
			unlink(pending_tmp[i]);
			pending_tmp[i] = NULL;
		}
}

static void on_signal(int sig)
{
	for (int i = 0; i < MAX_OUTPUTS; i++)
		if (pending_tmp[i])
			unlink(pending_tmp[i]);	/* async-signal-safe */
	signal(sig, SIG_DFL);
	raise(sig);
}

static void track_tmp(char *tmp)
{
	static bool hooked;
	if (!hooked) {
		hooked = true;
		ds_atexit_die(remove_pending);
		signal(SIGINT, on_signal);
		signal(SIGTERM, on_signal);
		signal(SIGHUP, on_signal);
	}
	for (int i = 0; i < MAX_OUTPUTS; i++)
		if (!pending_tmp[i]) {
			pending_tmp[i] = tmp;
			return;
		}
	ds_die(DS_EXIT_USAGE, "too many output files");
}

static void untrack_tmp(const char *tmp)
{
	for (int i = 0; i < MAX_OUTPUTS; i++)
		if (pending_tmp[i] == tmp)
			pending_tmp[i] = NULL;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

struct ds_output *ds_output_open(const char *path)
{
	struct ds_output *o = ds_calloc(1, sizeof *o);
	o->buf = ds_malloc(OUT_BUF);
	if (!path || !strcmp(path, "-")) {
		o->fd = 1;
		o->name = "standard output";
		ds_enlarge_pipe(1);
		return o;
	}
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		/* A device or a pipe (-o /dev/null, a FIFO): write to it as it is;
		 * renaming a file over it would replace it. */
		o->fd = open(path, O_WRONLY | O_CLOEXEC);
		if (o->fd < 0)
			ds_die_errno(DS_EXIT_IO, "%s", path);
		o->name = o->special = ds_strdup(path);
		return o;
	}
	o->path = ds_strdup(path);
	o->name = o->path;
	size_t n = strlen(path);
	o->tmp = ds_malloc(n + 16);
	snprintf(o->tmp, n + 16, "%s.tmp.XXXXXX", path);
	o->fd = mkostemp(o->tmp, O_CLOEXEC);
	if (o->fd < 0)
		ds_die_errno(DS_EXIT_IO, "%s", path);
	/* mkostemp makes 0600; give the file the usual permissions. */
	mode_t mask = umask(0);
	umask(mask);
	(void)fchmod(o->fd, 0666 & ~mask);
	track_tmp(o->tmp);
	if (ends_with(path, ".zst")) {
		o->zstd = ZSTD_createCStream();
		if (!o->zstd)
			ds_die(DS_EXIT_LIMIT, "cannot create a zstd encoder");
		ZSTD_initCStream(o->zstd, 3);
		o->zcap = ZSTD_CStreamOutSize();
		o->zbuf = ds_malloc(o->zcap);
	}
	return o;
}

static void write_all(struct ds_output *o, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(o->fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno == EPIPE) {
			/* SIGPIPE is ignored (by our parent): the reader has
			 * gone on purpose, so end quietly and successfully. */
			remove_pending();
			_exit(0);
		}
		if (w < 0)
			ds_die_errno(DS_EXIT_IO, "write error on %s", o->name);
		p += w;
		n -= (size_t)w;
	}
}

static void compress_out(struct ds_output *o, const char *p, size_t n, ZSTD_EndDirective mode)
{
	ZSTD_inBuffer in = { p, n, 0 };
	for (;;) {
		ZSTD_outBuffer out = { o->zbuf, o->zcap, 0 };
		size_t r = ZSTD_compressStream2(o->zstd, &out, &in, mode);
		if (ZSTD_isError(r))
			ds_die(DS_EXIT_IO, "%s: zstd: %s", o->name, ZSTD_getErrorName(r));
		write_all(o, o->zbuf, out.pos);
		if (mode == ZSTD_e_end ? r == 0 : in.pos == in.size)
			return;
	}
}

static void flush(struct ds_output *o, ZSTD_EndDirective mode)
{
	if (o->zstd)
		compress_out(o, o->buf, o->len, mode);
	else
		write_all(o, o->buf, o->len);
	o->len = 0;
}

void ds_output_write(struct ds_output *o, const void *p, size_t n)
{
	if (o->len + n > OUT_BUF) {
		flush(o, ZSTD_e_continue);
		if (n >= OUT_BUF) {
			if (o->zstd)
				compress_out(o, p, n, ZSTD_e_continue);
			else
				write_all(o, p, n);
			return;
		}
	}
	memcpy(o->buf + o->len, p, n);
	o->len += n;
}

void ds_output_close(struct ds_output *o)
{
	flush(o, ZSTD_e_end);
	if (o->path) {
		if (fsync(o->fd) != 0 && errno != EINVAL && errno != EROFS)
			ds_die_errno(DS_EXIT_IO, "%s", o->path);
		if (close(o->fd) != 0)
			ds_die_errno(DS_EXIT_IO, "%s", o->path);
		if (rename(o->tmp, o->path) != 0)
			ds_die_errno(DS_EXIT_IO, "%s", o->path);
		untrack_tmp(o->tmp);
	} else if (close(o->fd) != 0 && errno != EBADF) {
		ds_die_errno(DS_EXIT_IO, "write error on %s", o->name);
	}
	free(o->special);
	ZSTD_freeCStream(o->zstd);
	free(o->zbuf);
	free(o->buf);
	free(o->tmp);
	free(o->path);
	free(o);
}
