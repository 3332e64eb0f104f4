/* fuzz-dsir: the model files of ds-dsir (fit writes them; merge, score and
 * select read them), through the tool's own reader and writer: its source is
 * compiled in here with its main renamed.
 *
 * Input: byte 0 bit 0 set: the checksum at the end of the rest is made right
 * first, so that the fuzzer gets past it to the body; the rest is the file.
 * Properties: the file is refused through ds_die, or it is read and then
 * holds together (known parameters, counts adding up to their totals) and
 * the writer gives back the same bytes (but for padding after the NUL of the
 * tokenizer name, which the reader ignores). */
#include "fuzz.h"

int ds_dsir_main(int argc, char **argv);
#define main ds_dsir_main
#include "../tools/ds-dsir.c"
#undef main

struct job {
	const char *path;
	struct model m;
};

static void read_model(void *arg)
{
	struct job *j = arg;
	model_read(j->path, &j->m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t n = size - 1;
	unsigned char *file = malloc(n + 1);
	memcpy(file, data + 1, n);
	if ((data[0] & 1) && n >= 20) {
		uint64_t sum = ds_hash64(file, n - 8, 0);
		for (int i = 0; i < 8; i++)
			file[n - 8 + i] = (unsigned char)(sum >> (8 * i));
	}
	char path[64];
	int fd = fuzz_memfile(file, n, path);
	struct job j = { .path = path };
	if (fuzz_run(read_model, &j) == 0) {
		const struct model *m = &j.m;
		CHECK(m->hash < NHASH && m->ngrams >= 1 && m->ngrams <= MAX_NGRAMS && m->fold <= 1 &&
		      m->tokenizer >= 0 && m->buckets >= 1 && m->smoothing >= 0, "unknown parameters read");
		for (int r = 0; r < 2; r++) {
			uint64_t sum = 0;
			for (uint64_t i = 0; i < m->buckets; i++)
				sum += m->counts[r][i];
			CHECK(sum == m->total[r], "counts add up to %llu, not %llu",
			      (unsigned long long)sum, (unsigned long long)m->total[r]);
		}
		/* The same bytes back, the name's padding cleared. */
		unsigned char *name = file + 24;
		size_t len = strnlen((const char *)name, TOKNAME_LEN);
		memset(name + len, 0, TOKNAME_LEN - len);
		uint64_t sum = ds_hash64(file, n - 8, 0);
		for (int i = 0; i < 8; i++)
			file[n - 8 + i] = (unsigned char)(sum >> (8 * i));
		struct ds_buf b = { 0 };
		model_encode(m, &b);
		CHECK(b.len == n && !memcmp(b.data, file, n), "written back as %zu other bytes (%zu read)",
		      b.len, n);
		ds_buf_free(&b);
		model_free(&j.m);
	}
	close(fd);
	free(file);
	return 0;
}
