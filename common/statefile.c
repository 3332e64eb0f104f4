/* statefile.c: the frame of state and model files: magic, version, checksum. */
#include "statefile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "bytes.h"
#include "hash.h"
#include "util.h"

#define HEAD 12		/* magic and version */
#define TAIL 8		/* checksum */

void ds_state_begin(struct ds_buf *b, const struct ds_statekind *k)
{
	ds_buf_reset(b);
	ds_buf_add(b, k->magic, 8);
	ds_put_u32(b, k->version);
}

void ds_state_end(struct ds_buf *b)
{
	ds_put_u64(b, ds_hash64(b->data, b->len, 0));
}

/* Files a state is mistaken for, named in the message. */
static const struct { const char *magic; size_t n; const char *name; } known[] = {
	{ "\x89" "DSIR\n\x1a\n", 8, "a ds-dsir model" },
	{ "\x89" "DSDIV\n\x1a", 8, "a ds-diversity state" },
	{ "\x89" "DSIDF\n\x1a", 8, "a ds-embed IDF state" },
	{ "DSLMCNT\032", 8, "a ds-lm train state" },
	{ "DSLMBIN\032", 8, "a ds-lm binary model" },
	{ "\x89" "DSDEDUP", 8, "a ds-dedup signature or cluster file" },
	{ "\x93NUMPY", 6, "a .npy array" },
	{ "\x28\xb5\x2f\xfd", 4, "zstd-compressed" },
	{ "\x1f\x8b", 2, "gzip-compressed" },
	{ "\\data\\", 6, "an ARPA language model" },
	{ "{", 1, "JSON text" },
};

static noreturn void refuse(const struct ds_state *s, const char *what)
{
	ds_die(DS_EXIT_DATA, "%s: %s", s->path, what);
}

static void check_frame(struct ds_state *s)
{
	const struct ds_statekind *k = s->kind;
	char why[256];
	if (s->len < 8 || memcmp(s->data, k->magic, 8)) {
		const char *other = s->len ? NULL : "an empty file";
		for (size_t i = 0; !other && i < sizeof known / sizeof *known; i++)
			if (s->len >= known[i].n && !memcmp(s->data, known[i].magic, known[i].n))
				other = known[i].name;
		snprintf(why, sizeof why, "not a %s (%s%s%s)", k->name, other ? other : "no magic number",
			 "; ", k->how);
		refuse(s, why);
	}
	if (s->len < HEAD + TAIL) {
		snprintf(why, sizeof why, "truncated %s (%zu bytes)", k->name, s->len);
		refuse(s, why);
	}
	uint32_t version = ds_get_u32(s->data + 8);
	if (version != k->version) {
		snprintf(why, sizeof why, "%s format version %u; this %s reads version %u (%s)",
			 k->name, version, ds_prog, k->version,
			 version > k->version ? "made by a newer dsutils" : k->how);
		refuse(s, why);
	}
	if (ds_get_u64(s->data + s->len - TAIL) != ds_hash64(s->data, s->len - TAIL, 0)) {
		snprintf(why, sizeof why, "truncated or corrupt %s (checksum mismatch)", k->name);
		refuse(s, why);
	}
	s->p = s->data + HEAD;
	s->end = s->data + s->len - TAIL;
}

void ds_state_load(struct ds_state *s, const char *path, const struct ds_statekind *k)
{
	*s = (struct ds_state){ .path = path, .kind = k };
	FILE *f = fopen(path, "rb");
	if (!f)
		ds_die_errno(DS_EXIT_IO, "%s", path);
	struct ds_buf b = { 0 };
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
		ds_buf_grow(&b, (size_t)st.st_size + 1);	/* + 1: the end is seen at once */
	for (;;) {
		if (b.cap == b.len)
			ds_buf_grow(&b, 1 << 20);
		size_t got = fread(b.data + b.len, 1, b.cap - b.len, f);
		b.len += got;
		if (got == 0)
			break;
	}
	if (ferror(f))
		ds_die_errno(DS_EXIT_IO, "%s: read error", path);
	fclose(f);
	s->data = (unsigned char *)b.data;
	s->len = b.len;
	check_frame(s);
}

const unsigned char *ds_state_take(struct ds_state *s, size_t n)
{
	if ((size_t)(s->end - s->p) < n)
		ds_state_corrupt(s, "shorter than its counts say");
	const unsigned char *at = s->p;
	s->p += n;
	return at;
}

uint32_t ds_state_u32(struct ds_state *s) { return ds_get_u32(ds_state_take(s, 4)); }
uint64_t ds_state_u64(struct ds_state *s) { return ds_get_u64(ds_state_take(s, 8)); }
size_t ds_state_left(const struct ds_state *s) { return (size_t)(s->end - s->p); }

void ds_state_corrupt(const struct ds_state *s, const char *what)
{
	ds_die(DS_EXIT_DATA, "%s: corrupt %s (%s)", s->path, s->kind->name, what);
}

void ds_state_done(struct ds_state *s)
{
	if (s->p != s->end)
		ds_state_corrupt(s, "bytes after the data");
	free(s->data);
	s->data = NULL;
	s->p = s->end = NULL;
}
