/* spool.c: records in an unlinked temporary file, written then read back once. */
#include "spool.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "util.h"

#define SPOOL_BUF (1u << 20)

struct ds_spool {
	FILE *f;
	char *path;		/* for messages */
	char *iobuf;
	struct ds_buf line;
};

/* What precedes each record's line in the file. */
struct header {
	uint64_t seq, lineno, len;
	const char *file;	/* operand names live as long as the process */
};

struct ds_spool *ds_spool_new(void)
{
	struct ds_spool *s = ds_calloc(1, sizeof *s);
	const char *dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	struct ds_buf name = { 0 };
	ds_buf_printf(&name, "%s/%s-spool-XXXXXX", dir, ds_prog);
	s->path = ds_strdup(ds_buf_cstr(&name));
	ds_buf_free(&name);
	int fd = mkstemp(s->path);
	if (fd < 0)
		ds_die_errno(DS_EXIT_IO, "cannot make a temporary file in %s (set TMPDIR)", dir);
	unlink(s->path);
	s->f = fdopen(fd, "w+");
	if (!s->f)
		ds_die_errno(DS_EXIT_IO, "%s", s->path);
	s->iobuf = ds_malloc(SPOOL_BUF);
	setvbuf(s->f, s->iobuf, _IOFBF, SPOOL_BUF);
	return s;
}

void ds_spool_free(struct ds_spool *s)
{
	if (!s)
		return;
	fclose(s->f);
	free(s->iobuf);
	free(s->path);
	ds_buf_free(&s->line);
	free(s);
}

static void put(struct ds_spool *s, const void *p, size_t n)
{
	if (n && fwrite(p, 1, n, s->f) != n)
		ds_die_errno(DS_EXIT_IO, "temporary file %s: write error (set TMPDIR to a larger disk)",
			     s->path);
}

void ds_spool_put(struct ds_spool *s, const struct ds_rec *rec, const void *meta, size_t n)
{
	struct header h = { rec->seq, rec->lineno, rec->len, rec->file };
	put(s, &h, sizeof h);
	put(s, meta, n);
	put(s, rec->line, rec->len);
}

void ds_spool_rewind(struct ds_spool *s)
{
	if (fflush(s->f) || fseek(s->f, 0, SEEK_SET))
		ds_die_errno(DS_EXIT_IO, "temporary file %s: write error (set TMPDIR to a larger disk)",
			     s->path);
}

/* Read exactly n bytes; false at a clean end before the first byte. */
static bool get(struct ds_spool *s, void *p, size_t n, bool may_end)
{
	if (n == 0)
		return true;
	size_t got = fread(p, 1, n, s->f);
	if (got == n)
		return true;
	if (ferror(s->f))
		ds_die_errno(DS_EXIT_IO, "temporary file %s: read error", s->path);
	if (got == 0 && may_end)
		return false;
	ds_die(DS_EXIT_IO, "temporary file %s: truncated", s->path);
}

bool ds_spool_get(struct ds_spool *s, struct ds_rec *rec, void *meta, size_t n)
{
	struct header h;
	if (!get(s, &h, sizeof h, true))
		return false;
	get(s, meta, n, false);
	ds_buf_reset(&s->line);
	ds_buf_grow(&s->line, h.len);
	get(s, s->line.data, h.len, false);
	s->line.len = h.len;
	*rec = (struct ds_rec){ s->line.data, h.len, h.file, h.lineno, h.seq };
	return true;
}
