/* fuzz-dedup: the files of ds-dedup's sharded mode, through its own reader
 * and clustering (tools/ds-dedup/sigfile.c, cluster.c).
 *
 * Input: byte 0 bit 0: a cluster file (else a signature file); bit 1: the
 * checksum is made right first (when the sizes hold together), so that the
 * fuzzer gets past it; bits 2-3: the clustering options (--verify, --keep
 * last). The rest is the file.
 * Properties: the file is refused through ds_die, or it is read; a signature
 * file's entries then lie inside it, and clustered (as two shards, the file
 * twice) every fate names a record of its shard and a kept record before or
 * after it (--keep last), with a Jaccard estimate in [0, 1]; a cluster file's
 * shard table lies inside it, each shard's fates within the fates. */
#include <math.h>
#include <stddef.h>
#include "dedup.h"
#include "fuzz.h"
#include "hash.h"
#include "util.h"

struct job {
	const char *path;
	int clusters, verify, keep_last;
	uint64_t nfates;
};

struct check {
	const struct dd_source *src;
	const struct dd_cluster_opts *o;
	uint64_t total, nfates;
};

static void on_fate(void *arg, size_t s, const struct dd_fate *f)
{
	struct check *c = arg;
	uint64_t global = c->src[s].first_seq + f->seq;
	CHECK(f->seq < c->src[s].nrecords, "fate of record %llu of a shard of %llu",
	      (unsigned long long)f->seq, (unsigned long long)c->src[s].nrecords);
	CHECK(f->dup_of < c->total && f->dup_of != global, "record %llu is a copy of %llu",
	      (unsigned long long)global, (unsigned long long)f->dup_of);
	CHECK(f->kind == DD_KIND_EXACT || f->kind == DD_KIND_NEAR, "fate of kind %u", f->kind);
	CHECK(f->jaccard >= 0 && f->jaccard <= 1, "Jaccard %g", f->jaccard);
	c->nfates++;
}

static void read_file(void *arg)
{
	struct job *j = arg;
	struct dd_file f;
	dd_file_open(&f, j->path, j->clusters ? DD_FILE_CLUSTERS : DD_FILE_SIGNATURES);
	CHECK(f.body >= (const unsigned char *)f.map && f.body + f.body_size <= (const unsigned char *)f.map + f.size,
	      "body outside the file");
	if (j->clusters) {
		size_t off = 0;
		struct dd_shardrec r;
		const char *name;
		while (dd_shard_next(&f, &off, &r, &name))
			CHECK(r.first_fate + r.nfates <= f.count && name + r.name_len <= (const char *)f.map + f.size,
			      "a shard outside the file");
	} else {
		struct dd_source src[2];
		for (int i = 0; i < 2; i++)
			src[i] = (struct dd_source){ f.name, f.body, f.sets, f.count, f.nrecords,
						     i ? f.nrecords : 0 };
		struct dd_cluster_opts o = { .p = f.p, .threshold = 0.8, .verify = j->verify,
					     .keep_last = j->keep_last, .memory_hint = "" };
		if (f.p.mode & DD_NEAR)
			dd_lsh_params(o.threshold, f.p.perm, 0.5, 0.5, &o.bands, &o.rows);
		struct check c = { src, &o, 2 * f.nrecords, 0 };
		dd_cluster(&o, src, 2, on_fate, &c);
		j->nfates = c.nfates;
	}
	dd_file_close(&f);
}

static size_t pad8(size_t n) { return (n + 7) / 8 * 8; }

/* The trailer's checksum made right, chained over the chunks as
 * sigfile.c's reader does (sigfile.c says how); nothing if the sizes it
 * needs do not hold together. */
static void fix_checksum(unsigned char *p, size_t n, int clusters)
{
	struct dd_filehead h;
	struct dd_trailer t;
	if (n < sizeof h + sizeof t)
		return;
	memcpy(&h, p, sizeof h);
	memcpy(&t, p + n - sizeof t, sizeof t);
	if (h.head_size != sizeof h + pad8(h.name_len) || h.head_size > n - sizeof t ||
	    h.p.perm > DD_MAX_PERM)
		return;
	const unsigned char *body = p + h.head_size;
	size_t body_size = n - h.head_size - sizeof t;
	uint64_t sum = 0;
	dd_sum_add(&sum, p, h.head_size);
	if (!clusters) {
		size_t esize = dd_entry_size(&h.p);
		if (t.count > body_size / esize)
			return;
		for (uint64_t i = 0; i < t.count; i++)
			dd_sum_add(&sum, body + i * esize, esize);
		size_t at = t.count * esize, rest = body_size - at;
		if (h.p.sets)
			for (size_t off = 0; off < rest; off += DD_SETS_CHUNK)
				dd_sum_add(&sum, body + at + off, rest - off < DD_SETS_CHUNK ? rest - off : DD_SETS_CHUNK);
	} else {
		size_t fsize = sizeof(struct dd_fate);
		if (t.table_off < h.head_size || t.table_off > n - sizeof t ||
		    t.count > (t.table_off - h.head_size) / fsize)
			return;
		for (uint64_t i = 0; i < t.count; i++)
			dd_sum_add(&sum, body + i * fsize, fsize);
		dd_sum_add(&sum, p + t.table_off, n - sizeof t - t.table_off);
	}
	dd_sum_add(&sum, &t, offsetof(struct dd_trailer, checksum));
	t.checksum = sum;
	memcpy(p + n - sizeof t, &t, sizeof t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t n = size - 1;
	unsigned char *file = malloc(n + 1);
	memcpy(file, data + 1, n);
	if (data[0] & 2)
		fix_checksum(file, n, data[0] & 1);
	char path[64];
	int fd = fuzz_memfile(file, n, path);
	struct job j = { .path = path, .clusters = data[0] & 1, .verify = data[0] >> 2 & 1,
			 .keep_last = data[0] >> 3 & 1 };
	fuzz_run(read_file, &j);
	close(fd);
	free(file);
	return 0;
}
