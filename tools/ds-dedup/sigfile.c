/* sigfile.c: the files of the sharded mode.
 *
 * Both kinds share one frame, little-endian throughout:
 *   header   struct dd_filehead, then the shard name padded to 8 bytes
 *   body     signature file: one entry per usable record (dedup.h), then
 *            with sets the shingle sets, padded to 8 bytes
 *            cluster file: the fates (struct dd_fate) of all shards, then the
 *            shard table (struct dd_shardrec + name padded to 8, per shard)
 *   trailer  struct dd_trailer
 * The checksum chains xxh3-64 over the header, each entry or fate, the sets
 * in chunks of DD_SETS_CHUNK bytes, the table and the trailer's counts:
 * c = xxh3_64(chunk, seed = c), from c = 0. */
#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <stdint.h>
#include <unistd.h>
#include "hash.h"
#include "dedup.h"
#include "util.h"

static const char file_magic[8] = "\x89" "DSDEDUP";
static const char end_magic[8] = "DSDDEND\n";

static size_t pad8(size_t n) { return (n + 7) / 8 * 8; }

void dd_release_pages(const void *p, size_t n)
{
	uintptr_t pg = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t a = ((uintptr_t)p + pg - 1) & ~(pg - 1), b = ((uintptr_t)p + n) & ~(pg - 1);
	if (b > a)
		madvise((void *)a, b - a, MADV_DONTNEED);
}

void dd_sum_add(uint64_t *sum, const void *p, size_t n)
{
	*sum = ds_hash64(p, n, *sum);
}

void dd_head_write(struct ds_buf *out, uint32_t kind, const struct dd_sigparams *p,
		   const char *name)
{
	size_t nlen = strlen(name);
	struct dd_filehead h = { .version = DD_FILE_VERSION, .kind = kind,
				 .head_size = (uint32_t)(sizeof h + pad8(nlen)),
				 .name_len = (uint32_t)nlen, .p = *p };
	memcpy(h.magic, file_magic, sizeof h.magic);
	ds_buf_add(out, &h, sizeof h);
	ds_buf_add(out, name, nlen);
	for (size_t i = nlen; i < pad8(nlen); i++)
		ds_buf_addc(out, 0);
}

void dd_trailer_write(struct ds_buf *out, uint64_t count, uint64_t nrecords,
		      uint64_t table_off, uint64_t sum)
{
	struct dd_trailer t = { .count = count, .nrecords = nrecords, .table_off = table_off };
	memcpy(t.magic, end_magic, sizeof t.magic);
	dd_sum_add(&sum, &t, offsetof(struct dd_trailer, checksum));
	t.checksum = sum;
	ds_buf_add(out, &t, sizeof t);
}

void dd_shardrec_write(struct ds_buf *out, const struct dd_shardrec *r, const char *name)
{
	size_t nlen = strlen(name);
	struct dd_shardrec rec = *r;
	rec.name_len = (uint32_t)nlen;
	ds_buf_add(out, &rec, sizeof rec);
	ds_buf_add(out, name, nlen);
	for (size_t i = nlen; i < pad8(nlen); i++)
		ds_buf_addc(out, 0);
}

static const char *kind_name(uint32_t kind)
{
	return kind == DD_FILE_SIGNATURES ? "signature" : "cluster";
}

/* Map path and check the frame; every failure names the file and the fault. */
void dd_file_open(struct dd_file *f, const char *path, uint32_t kind)
{
	memset(f, 0, sizeof *f);
	f->path = path;
	int fd = open(path, O_RDONLY);
	struct stat st;
	if (fd < 0 || fstat(fd, &st))
		ds_die_errno(DS_EXIT_IO, "%s", path);
	if (!S_ISREG(st.st_mode))
		ds_die(DS_EXIT_DATA, "%s: not a regular file (a %s file is read by mapping it)",
		       path, kind_name(kind));
	f->size = (size_t)st.st_size;
	if (f->size < sizeof(struct dd_filehead) + sizeof(struct dd_trailer))
		ds_die(DS_EXIT_DATA, "%s: not a ds-dedup %s file (too short: %zu bytes)",
		       path, kind_name(kind), f->size);
	f->map = mmap(NULL, f->size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (f->map == MAP_FAILED)
		ds_die_errno(DS_EXIT_IO, "%s: cannot map", path);
	close(fd);
	const unsigned char *base = f->map;
	struct dd_filehead h;
	memcpy(&h, base, sizeof h);
	if (memcmp(h.magic, file_magic, sizeof h.magic))
		ds_die(DS_EXIT_DATA, "%s: not a ds-dedup %s file (no ds-dedup magic number%s)",
		       path, kind_name(kind),
		       base[0] == 0x28 && base[1] == 0xb5 ? "; it is zstd-compressed" : "");
	if (h.version != DD_FILE_VERSION)
		ds_die(DS_EXIT_DATA, "%s: format version %u; this ds-dedup reads version %u only%s",
		       path, h.version, DD_FILE_VERSION,
		       h.version < DD_FILE_VERSION ? " (an older ds-dedup wrote it: sign the shards again)" : "");
	if (h.kind != kind)
		ds_die(DS_EXIT_DATA, "%s: a ds-dedup %s file, not a %s file", path,
		       kind_name(h.kind == DD_FILE_SIGNATURES ? DD_FILE_SIGNATURES : DD_FILE_CLUSTERS),
		       kind_name(kind));
	struct dd_trailer t;
	memcpy(&t, base + f->size - sizeof t, sizeof t);
	if (memcmp(t.magic, end_magic, sizeof t.magic))
		ds_die(DS_EXIT_DATA, "%s: truncated (no end marker)", path);
	if (h.head_size != sizeof h + pad8(h.name_len) ||
	    h.head_size > f->size - sizeof t || h.p.perm > DD_MAX_PERM ||
	    ((h.p.mode & DD_NEAR) && h.p.perm == 0) || h.p.sets > 1 ||
	    (h.p.sets && !(h.p.mode & DD_NEAR)))
		ds_die(DS_EXIT_DATA, "%s: corrupt header", path);
	f->p = h.p;
	f->name = ds_malloc(h.name_len + 1);
	memcpy(f->name, base + sizeof h, h.name_len);
	f->name[h.name_len] = 0;
	f->body = base + h.head_size;
	f->body_size = f->size - h.head_size - sizeof t;
	f->count = t.count;
	f->nrecords = t.nrecords;
	f->table_off = t.table_off;

	uint64_t sum = 0;
	bool disorder = false;
	dd_sum_add(&sum, base, h.head_size);
	if (kind == DD_FILE_SIGNATURES) {
		size_t esize = dd_entry_size(&f->p);
		if (t.count > f->body_size / esize || (!f->p.sets && t.count * esize != f->body_size))
			ds_die(DS_EXIT_DATA, "%s: truncated or corrupt (%zu bytes of entries for %llu entries of %zu bytes)",
			       path, f->body_size, (unsigned long long)t.count, esize);
		uint64_t nset = 0, next_seq = 0;
		for (uint64_t i = 0; i < t.count; i++) {
			const unsigned char *e = f->body + i * esize;
			dd_sum_add(&sum, e, esize);
			nset += ((const struct dd_entry *)e)->nset;
			/* Records in order, each once, within the shard (told after
			 * the checksum, which names a damaged file first). */
			uint64_t seq = ((const struct dd_entry *)e)->seq;
			disorder |= seq < next_seq || seq >= t.nrecords;
			next_seq = seq + 1;
			if (i % DD_RELEASE_EVERY == DD_RELEASE_EVERY - 1)
				dd_release_pages(f->body + (i + 1 - DD_RELEASE_EVERY) * esize,
						 DD_RELEASE_EVERY * esize);
		}
		if (f->p.sets) {
			size_t sets = t.count * esize, n = f->body_size - sets;
			if (n / 4 < nset || pad8(4 * nset) != n)
				ds_die(DS_EXIT_DATA, "%s: truncated or corrupt (%zu bytes of shingle sets for %llu fingerprints)",
				       path, n, (unsigned long long)nset);
			f->sets = (const uint32_t *)(const void *)(f->body + sets);
			for (size_t off = 0; off < n; off += DD_SETS_CHUNK) {
				size_t k = n - off < DD_SETS_CHUNK ? n - off : DD_SETS_CHUNK;
				dd_sum_add(&sum, f->body + sets + off, k);
				dd_release_pages(f->body + sets + off, k);
			}
		}
	} else {
		size_t fsize = sizeof(struct dd_fate);
		if (t.table_off < h.head_size || t.table_off > f->size - sizeof t ||
		    t.count > (t.table_off - h.head_size) / fsize ||
		    t.count * fsize != t.table_off - h.head_size)
			ds_die(DS_EXIT_DATA, "%s: truncated or corrupt (bad table offset)", path);
		for (uint64_t i = 0; i < t.count; i++) {
			dd_sum_add(&sum, f->body + i * fsize, fsize);
			if (i % DD_RELEASE_EVERY == DD_RELEASE_EVERY - 1)
				dd_release_pages(f->body + (i + 1 - DD_RELEASE_EVERY) * fsize,
						 DD_RELEASE_EVERY * fsize);
		}
		dd_sum_add(&sum, base + t.table_off, f->size - sizeof t - t.table_off);
	}
	dd_sum_add(&sum, &t, offsetof(struct dd_trailer, checksum));
	if (sum != t.checksum)
		ds_die(DS_EXIT_DATA, "%s: checksum mismatch: the file is corrupt", path);
	if (disorder)
		ds_die(DS_EXIT_DATA, "%s: corrupt (entries out of order or past the record count)", path);
}

/* The shard table of a cluster file, one record at a time: returns false at
 * its end; dies if it runs past the trailer. */
bool dd_shard_next(struct dd_file *f, size_t *off, struct dd_shardrec *r, const char **name)
{
	size_t end = f->size - sizeof(struct dd_trailer);
	if (*off == 0)
		*off = f->table_off;
	if (*off == end)
		return false;
	const unsigned char *base = f->map;
	if (end - *off < sizeof *r)
		ds_die(DS_EXIT_DATA, "%s: corrupt shard table", f->path);
	memcpy(r, base + *off, sizeof *r);
	if (end - *off - sizeof *r < pad8(r->name_len) ||
	    r->first_fate + r->nfates > f->count)
		ds_die(DS_EXIT_DATA, "%s: corrupt shard table", f->path);
	*name = (const char *)base + *off + sizeof *r;
	*off += sizeof *r + pad8(r->name_len);
	return true;
}

void dd_file_close(struct dd_file *f)
{
	munmap(f->map, f->size);
	free(f->name);
}
