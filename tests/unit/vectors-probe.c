/* vectors-probe: what common/vectors.c reads, for tests/cli/0600-embed.t.
 *   vectors-probe FILE [DIM]   the rows of a .npy or raw float32 file as JSON arrays
 *   vectors-probe --half       for each number on stdin, its float16 bits (decimal) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "json.h"
#include "run.h"
#include "util.h"
#include "vectors.h"

int main(int argc, char **argv)
{
	ds_prog = "vectors-probe";
	if (argc == 2 && !strcmp(argv[1], "--half")) {
		float f;
		while (scanf("%f", &f) == 1) {
			uint16_t h = ds_float_to_half(f);
			printf("%u %.9g\n", (unsigned)h, (double)ds_half_to_float(h));
		}
		return 0;
	}
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: vectors-probe FILE [DIM] | --half\n");
		return 2;
	}
	struct ds_vecsrc *s = ds_vecsrc_open(NULL, argv[1], argc == 3 ? (size_t)atoi(argv[2]) : 0);
	struct ds_buf out = { 0 }, reason = { 0 };
	struct ds_rec rec = { "", 0, argv[1], 0, 0 };
	uint64_t rows = ds_vecsrc_rows(s);
	for (rec.seq = 0; rec.seq < rows; rec.seq++) {
		rec.lineno = rec.seq + 1;
		const double *v = ds_vecsrc_get(s, &rec, &reason);
		if (!v)
			ds_die(DS_EXIT_DATA, "%s", ds_buf_cstr(&reason));
		struct ds_jw jw;
		ds_buf_reset(&out);
		ds_jw_init(&jw, &out);
		ds_jw_arr(&jw);
		for (size_t i = 0; i < ds_vecsrc_dim(s); i++)
			ds_jw_double(&jw, v[i]);
		ds_jw_end(&jw);
		printf("%.*s\n", (int)out.len, out.data);
	}
	ds_vecsrc_close(s);
	ds_buf_free(&out);
	ds_buf_free(&reason);
	return 0;
}
