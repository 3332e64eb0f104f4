/* fuzz-vectors: the vector files of common/vectors.c (.npy and raw float32),
 * as ds-knn-div, ds-kcenter and ds-diversity read them with --vectors and
 * ds-knn-div reads --against.
 *
 * Input: byte 0 picks the kind, byte 1 the --dim, byte 2 which rows records
 * skip (as bad lines skip theirs); the rest is the file.
 *  - raw (byte 0 odd): rows of --dim float32. The file opens exactly when its
 *    size is a whole number of rows; each row read is the file's floats, and is
 *    refused as a bad record exactly when one of them is not finite.
 *  - .npy (even), with --dim or without: the header is parsed and checked
 *    against the file's size; the file is refused through ds_die or gives rows
 *    of the header's width, every number finite.
 * Reading stops through ds_die (caught by fuzz_run) or returns; never a crash,
 * a read out of bounds or a hang. */
#include <math.h>
#include "buf.h"
#include "fuzz.h"
#include "run.h"
#include "vectors.h"

#define MAX_ROWS 512

struct job {
	const char *path;
	size_t dim;		/* --dim, 0 if not given */
	int raw;
	unsigned skip;
	const unsigned char *body;
	size_t n;
	int opened;
};

static void read_rows(void *arg)
{
	struct job *j = arg;
	struct ds_vecsrc *s = ds_vecsrc_open(NULL, j->path, j->dim);
	j->opened = 1;
	size_t dim = ds_vecsrc_dim(s);
	uint64_t rows = ds_vecsrc_rows(s);
	CHECK(dim > 0 && (!j->dim || dim == j->dim), "dim %zu with --dim %zu", dim, j->dim);
	if (j->raw)
		CHECK(j->n % (4 * dim) == 0 && rows == j->n / (4 * dim),
		      "raw file of %zu bytes opened as %llu rows of %zu", j->n, (unsigned long long)rows, dim);
	struct ds_rec rec = { .line = "{}", .len = 2, .file = "fuzz" };
	struct ds_buf reason = { 0 };
	for (uint64_t seq = 0, k = 0; seq < rows && seq < MAX_ROWS; seq += 1 + (j->skip >> (k++ % 8) & 1)) {
		rec.seq = seq;
		rec.lineno = seq + 1;
		ds_buf_reset(&reason);
		const double *v = ds_vecsrc_get(s, &rec, &reason);
		if (j->raw) {
			const unsigned char *row = j->body + seq * dim * 4;
			int finite = 1;
			for (size_t i = 0; i < dim; i++) {
				float f;
				memcpy(&f, row + 4 * i, 4);
				finite &= isfinite(f) != 0;
				CHECK(!v || v[i] == (double)f, "row %llu [%zu]: %.9g, the file has %.9g",
				      (unsigned long long)seq, i, v[i], (double)f);
			}
			CHECK(!v == !finite, "row %llu: %s, but %s", (unsigned long long)seq,
			      v ? "returned" : "refused", finite ? "all finite" : "a number is not finite");
		}
		if (v)
			for (size_t i = 0; i < dim; i++)
				CHECK(isfinite(v[i]), "row %llu [%zu] is not finite", (unsigned long long)seq, i);
		else
			CHECK(reason.len > 0, "row %llu refused without a reason", (unsigned long long)seq);
	}
	ds_buf_free(&reason);
	ds_vecsrc_close(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 3)
		return 0;
	struct job j = { .raw = data[0] & 1, .skip = data[2], .body = data + 3, .n = size - 3 };
	if (j.raw && j.n >= 6 && !memcmp(j.body, "\x93NUMPY", 6))
		return 0;	/* a .npy file whatever --dim says */
	if (j.raw)
		j.dim = 1 + (data[1] & 15);
	else if (data[1] & 0x80)
		j.dim = 1 + (data[1] & 15);
	char path[64];
	int fd = fuzz_memfile(j.body, j.n, path);
	j.path = path;
	fuzz_run(read_rows, &j);
	if (j.raw && j.n % (4 * j.dim) == 0)
		CHECK(j.opened, "a raw file of whole rows was refused");
	close(fd);
	return 0;
}
