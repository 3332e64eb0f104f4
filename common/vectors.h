/* vectors.h: the vectors of the vector tools (ds-embed, ds-knn-div,
 * ds-kcenter, ds-diversity), where they come from and how they are stored.
 *
 * A record's vector comes either from the record itself (--vec EXPR: a JSON
 * array of numbers) or from a binary file aligned with the input (--vectors
 * FILE): row i belongs to the i-th non-blank input line (struct ds_rec .seq),
 * so a bad line still owns its row. The file is a .npy array (float16,
 * float32 or float64, 2-D, C order; detected by its magic, header checked) or
 * raw little-endian float32 rows of --dim numbers. A source is read in input
 * order by one thread. */
#ifndef DS_VECTORS_H
#define DS_VECTORS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "run.h"

struct ds_vecsrc;

/* Exactly one of expr (--vec) and path (--vectors) is non-NULL. dim: --dim, 0
 * if not given; required for a raw file, checked against a .npy header, and
 * otherwise fixed by the first --vec record. A file that cannot be opened
 * exits with status 3, a malformed .npy header with status 1. */
struct ds_vecsrc *ds_vecsrc_open(const char *expr, const char *path, size_t dim);
/* Check the --vec/--vectors/--dim options of a tool (usage errors) and open. */
struct ds_vecsrc *ds_vecsrc_from_options(const char *expr, const char *path, size_t dim);
/* The dimension, 0 while unknown (--vec before the first record). */
size_t ds_vecsrc_dim(const struct ds_vecsrc *s);
/* Rows in the file, or 0 for --vec. */
uint64_t ds_vecsrc_rows(const struct ds_vecsrc *s);
/* The vector of rec (records in increasing .seq), as dim doubles valid until
 * the next call; NULL with the reason in reason for a bad record (not an
 * array of numbers, wrong length, a non-finite number). A file with no row for
 * rec exits with status 1. */
const double *ds_vecsrc_get(struct ds_vecsrc *s, const struct ds_rec *rec, struct ds_buf *reason);
void ds_vecsrc_close(struct ds_vecsrc *s);

/* How a tool keeps its vectors in memory (--store). */
enum ds_vstore { DS_VS_F32, DS_VS_F16, DS_VS_I8, DS_VS_F64 };
int ds_vstore_parse(const char *s);	/* -1 if unknown */
const char *ds_vstore_name(int store);
/* Bytes per row: f32 4d, f16 2d, i8 d + 4 (a scale per row), f64 8d. */
size_t ds_vstore_row_bytes(int store, size_t dim);

/* A growing matrix of rows in one storage. Rows are encoded on the way in
 * (i8: x / max|x| * 127 rounded, with max|x| / 127 kept as the row's scale). */
struct ds_vmat {
	int store;
	size_t dim, n, cap;
	unsigned char *data;	/* n rows of ds_vstore_row_bytes */
	size_t row_bytes;
	uint64_t limit;		/* bytes the rows may take; 0 = no limit */
	const char *what;	/* named in the -m message ("the corpus vectors") */
};
void ds_vmat_init(struct ds_vmat *m, int store, size_t dim, uint64_t limit, const char *what);
/* Append a row; past the limit, exit with status 4 and say what to do. */
void ds_vmat_push(struct ds_vmat *m, const double *v);
/* Decode rows [from, from+n) into out (n*dim floats, or doubles). */
void ds_vmat_get_f32(const struct ds_vmat *m, size_t from, size_t n, float *out);
void ds_vmat_get_f64(const struct ds_vmat *m, size_t row, double *out);
void ds_vmat_free(struct ds_vmat *m);

/* IEEE half precision, round to nearest even (no F16C: baseline x86-64). */
float ds_half_to_float(uint16_t h);
uint16_t ds_float_to_half(float f);

/* Scale v[0..n) to unit L2 norm; a zero vector stays zero. Returns the norm. */
double ds_l2_normalize(double *v, size_t n);

/* A .npy float32 2-D array written row by row; the row count in the header is
 * filled in by ds_npy_close, which renames the temporary file into place. */
struct ds_npy_writer;
struct ds_npy_writer *ds_npy_create(const char *path, size_t dim);
void ds_npy_write(struct ds_npy_writer *w, const float *row);
void ds_npy_close(struct ds_npy_writer *w);

#endif
