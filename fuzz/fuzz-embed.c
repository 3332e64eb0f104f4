/* fuzz-embed: the IDF state of ds-embed (--idf-out writes it, --idf reads
 * it), through the tool's own reader: its source is compiled in here with its
 * main renamed, and run with its default options.
 *
 * Input: byte 0 bit 0 set: the checksum at the end of the file is made right
 * first; bit 1 set: the file is built at the full size of a state:
 * the head (frame, settings, record count) from the first bytes of the rest,
 * the counts from the rest repeated. Otherwise the rest is the file.
 * Properties: the file is refused through ds_die, or it is read and every
 * count is the file's, at most the record count. */
#include "fuzz.h"

int ds_embed_main(int argc, char **argv);
/* 2^10 counts instead of 2^22: a whole state fits in an input, and the
 * reader is the same code. */
#define DF_BITS 10
#define main ds_embed_main
#include "../tools/ds-embed.c"
#undef main

#define HEAD_BYTES (12 + IDF_SETTINGS + 8)
#define FULL_BYTES (HEAD_BYTES + DF_BUCKETS * 4 + 8)

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	char *args[] = { "ds-embed", NULL };
	ds_parse_args(&tool, 1, args);
	cfg.df = ds_calloc(DF_BUCKETS, sizeof *cfg.df);
	return 0;
}

static void read_idf(void *path)
{
	load_idf(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const unsigned char *rest = data + 1;
	size_t n = size - 1;
	unsigned char *file;
	if (data[0] & 2) {
		if (n <= HEAD_BYTES)
			return 0;
		file = malloc(FULL_BYTES);
		memcpy(file, rest, HEAD_BYTES);
		for (size_t i = HEAD_BYTES, k = HEAD_BYTES; i < FULL_BYTES - 8; i++, k = k + 1 < n ? k + 1 : HEAD_BYTES)
			file[i] = rest[k];
		n = FULL_BYTES;
	} else {
		file = malloc(n + 1);
		memcpy(file, rest, n);
	}
	if ((data[0] & 1) && n >= 20) {
		uint64_t sum = ds_hash64(file, n - 8, 0);
		for (int i = 0; i < 8; i++)
			file[n - 8 + i] = (unsigned char)(sum >> (8 * i));
	}
	char path[64];
	int fd = fuzz_memfile(file, n, path);
	if (fuzz_run(read_idf, path) == 0) {
		CHECK(n == FULL_BYTES, "a state of %zu bytes was read", n);
		CHECK(cfg.ndocs == ds_get_u64(file + 12 + IDF_SETTINGS), "record count");
		for (size_t i = 0; i < DF_BUCKETS; i++)
			CHECK(cfg.df[i] == ds_get_u32(file + HEAD_BYTES + 4 * i) && cfg.df[i] <= cfg.ndocs,
			      "bucket %zu: %u", i, cfg.df[i]);
	}
	close(fd);
	free(file);
	return 0;
}
