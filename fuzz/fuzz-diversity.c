/* fuzz-diversity: the state files of ds-diversity (--state-out writes them,
 * --merge reads them), through the tool's own reader, writer and summary: its
 * source is compiled in here with its main renamed.
 *
 * Input: byte 0 bit 0 set: the checksum at the end of the rest is made right
 * first, so that the fuzzer gets past it to the body; bit 1: the state is
 * merged with itself. The rest is the file.
 * Properties: the file is refused through ds_die, or it is read; then the
 * summary is one valid JSON object, and the state written from what was read
 * reads back and writes again as the same bytes (reading normalises: keys
 * sorted, unused fields cleared). */
#include "fuzz.h"

int ds_diversity_main(int argc, char **argv);
#define main ds_diversity_main
#include "../tools/ds-diversity.c"
#undef main

static char dir[64];
static __typeof__(cfg) cfg_default;

static void cleanup(void)
{
	char p[96];
	snprintf(p, sizeof p, "%s/once", dir);
	unlink(p);
	snprintf(p, sizeof p, "%s/twice", dir);
	unlink(p);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	snprintf(dir, sizeof dir, "/tmp/fuzz-diversity-XXXXXX");
	if (!mkdtemp(dir))
		abort();
	cfg_default = cfg;
	cfg_default.orders[0] = 1;	/* main's defaults */
	cfg_default.orders[1] = 2;
	cfg_default.norders = 2;
	cfg_default.alphas[0] = 2;
	cfg_default.alphas[1] = INFINITY;
	cfg_default.nalphas = 2;
	openblas_set_num_threads(1);
	atexit(cleanup);
	return 0;
}

struct job {
	const char *path[2];
	int npaths;
	struct acc total;
	int tokenizer, fold;
	struct ds_buf summary;
	const char *out;	/* write the state here */
};

static void merge(void *arg)
{
	struct job *j = arg;
	ds_opt.files = (char **)j->path;	/* messages name the first */
	ds_opt.nfiles = j->npaths;
	for (int i = 0; i < j->npaths; i++)
		state_read(j->path[i], &j->total, i == 0, &j->tokenizer, &j->fold);
	ds_opt.tokenizer = j->tokenizer;
	ds_opt.fold_case = j->fold;
	if (j->out)
		state_write(j->out, &j->total);
	else
		summary(&j->total, j->tokenizer, j->fold, &j->summary);
	acc_free(&j->total);
}

/* The settings main would start with; values read from a state that was
 * refused were given back with the rest. */
static void reset(int died)
{
	if (!died)
		free((char *)cfg.values);
	cfg = cfg_default;
}

/* The file at path, whole. */
static void slurp(const char *path, struct ds_buf *b)
{
	ds_buf_reset(b);
	FILE *f = fopen(path, "rb");
	CHECK(f != NULL, "cannot open %s", path);
	char chunk[4096];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		ds_buf_add(b, chunk, got);
	fclose(f);
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
	char path[64], once[96], twice[96];
	int fd = fuzz_memfile(file, n, path);
	snprintf(once, sizeof once, "%s/once", dir);
	snprintf(twice, sizeof twice, "%s/twice", dir);
	struct job j = { .path = { path, path }, .npaths = data[0] & 2 ? 2 : 1 };

	reset(0);
	int died = fuzz_run(merge, &j);
	if (!died) {
		const char *why;
		size_t at;
		CHECK(j.summary.len > 0 && j.summary.data[j.summary.len - 1] == '\n' &&
		      !ds_json_validate(j.summary.data, j.summary.len - 1, &why, &at) &&
		      ds_jtype(ds_json_root(j.summary.data, j.summary.len - 1)) == DS_J_OBJECT,
		      "the summary is not a JSON object: %.*s", (int)j.summary.len, j.summary.data);
		ds_buf_free(&j.summary);
		reset(0);
		j = (struct job){ .path = { path, path }, .npaths = j.npaths, .out = once };
		CHECK(fuzz_run(merge, &j) == 0, "a state read once was refused the second time");
		reset(0);
		j = (struct job){ .path = { once }, .npaths = 1, .out = twice };
		CHECK(fuzz_run(merge, &j) == 0, "the state written from a state read is refused");
		struct ds_buf a = { 0 }, b = { 0 };
		slurp(once, &a);
		slurp(twice, &b);
		CHECK(a.len == b.len && !memcmp(a.data, b.data, a.len),
		      "a state read and written again changes (%zu, then %zu bytes)", a.len, b.len);
		ds_buf_free(&a);
		ds_buf_free(&b);
	}
	reset(died);
	close(fd);
	free(file);
	return 0;
}
