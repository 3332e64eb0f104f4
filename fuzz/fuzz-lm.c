/* fuzz-lm: the files of ds-lm, through its own reader files
 * (tools/ds-lm/arpa.c, model.c, train.c, vocab.c).
 *
 * Input: byte 0 picks the kind, the rest is the file.
 *  - 0: a model file as score loads it (lm_model_load): ARPA text, maybe
 *    zstd-compressed, or a binary model.
 *  - 1: a binary model with its checksum (and payload length) made right
 *    first, so that the fuzzer gets past it to the tables.
 *  - 2, 3: a train state (merged into a trainer of the state's order), its
 *    checksum made right first with 3.
 * Properties: a file is refused with a message, or through ds_die, or read.
 * A model read scores sentences of its own words and of the input's bytes;
 * an ARPA model written as a binary model and mapped back scores them the
 * same, bit for bit. A state read estimates (with --discount-fallback) an
 * ARPA model that the ARPA reader accepts. */
#include <xxhash.h>
#include "fuzz.h"
#include "lm.h"
#include "util.h"

/* The binary header of model.c: payload length and checksum at these
 * offsets, the payload after LM_BIN_HEADER bytes. */
#define BIN_HEADER 256
#define BIN_PAYLOAD_LEN 144
#define BIN_CHECKSUM 152

/* Made before any fuzz_run, so that a run that dies does not release it. */
static struct ds_buf written;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	ds_buf_grow(&written, 1 << 16);
	return 0;
}

static void write_buf(const char *p, size_t n)
{
	ds_buf_add(&written, p, n);
}

static void quiet(const char *msg)
{
	(void)msg;
}

struct job {
	const char *path;
	const unsigned char *file;
	size_t n;
	int kind;
	int read;		/* the file was read */
};

/* The sentences scored: the model's words in runs, then the file's bytes
 * as text. */
static void sentences(const struct lm_model *m, const unsigned char *file, size_t n,
		      struct ds_buf *out)
{
	ds_buf_reset(out);
	for (uint32_t id = 0; id < m->vocab.n && id < 64; id++) {
		ds_buf_add(out, lm_vocab_word(&m->vocab, id), lm_vocab_len(&m->vocab, id));
		ds_buf_addc(out, id % 5 == 4 ? '\n' : ' ');
	}
	ds_buf_addc(out, '\n');
	ds_buf_add(out, file, n < 256 ? n : 256);
}

/* Score each line of text; the totals and OOV counts into sums. */
static void score(const struct lm_model *m, const struct ds_buf *text, struct ds_buf *sums)
{
	struct lm_scan scan = { 0 };
	struct lm_sent sent = { 0 };
	struct lm_detail detail = { 0 };
	ds_buf_reset(sums);
	const char *p = text->data, *end = text->data + text->len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		lm_text_ids(&m->vocab, p, (size_t)(stop - p), false, &scan, &sent);
		for (size_t i = 0; i < sent.n; i++)
			CHECK(sent.ids[i] < m->vocab.n, "word id %u of %u", sent.ids[i], m->vocab.n);
		struct lm_sentence s;
		lm_score(m, &sent, &s, &detail);
		CHECK(s.words == sent.n && s.oov <= s.words, "%llu words scored of %zu",
		      (unsigned long long)s.words, sent.n);
		ds_buf_add(sums, &s.total, sizeof s.total);
		ds_buf_add(sums, &s.oov, sizeof s.oov);
		ds_buf_add(sums, detail.log10p, (sent.n + 1) * sizeof *detail.log10p);
		p = stop + 1;
	}
	lm_scan_free(&scan);
	lm_sent_free(&sent);
	free(detail.log10p);
	free(detail.ngram_len);
}

static void read_model(void *arg)
{
	struct job *j = arg;
	struct lm_model m;
	struct ds_buf err = { 0 }, text = { 0 }, sums = { 0 }, again = { 0 };
	int rc = lm_model_load(&m, j->path, &err, quiet);
	if (rc < 0) {
		CHECK(err.len > 0, "refused without a message");
		ds_buf_free(&err);
		return;
	}
	j->read = 1;
	CHECK(m.order >= 1 && m.order <= LM_MAX_ORDER && m.vocab.n >= 3, "order %d, %u words",
	      m.order, m.vocab.n);
	sentences(&m, j->file, j->n, &text);
	score(&m, &text, &sums);
	if (!m.map) {
		/* ARPA: the binary form must score the same. */
		ds_buf_reset(&written);
		lm_binary_write(&m, write_buf);
		size_t len = (written.len + 63) / 64 * 64;
		void *copy = aligned_alloc(64, len);
		memcpy(copy, written.data, written.len);
		struct lm_model b;
		ds_buf_reset(&err);
		CHECK(lm_binary_map(&b, copy, written.len, &err) == 0, "its binary form is refused: %s",
		      ds_buf_cstr(&err));
		score(&b, &text, &again);
		CHECK(sums.len == again.len && !memcmp(sums.data, again.data, sums.len),
		      "the binary form scores differently");
		free(copy);	/* b points into it and holds nothing else */
	}
	lm_model_free(&m);
	ds_buf_free(&err);
	ds_buf_free(&text);
	ds_buf_free(&sums);
	ds_buf_free(&again);
}

static void read_state(void *arg)
{
	struct job *j = arg;
	uint32_t order = 0;
	if (j->n >= 16)
		memcpy(&order, j->file + 12, 4);
	struct lm_train_opts o = { .order = order >= 1 && order <= LM_MAX_ORDER ? (int)order : 2,
				   .fallback = true, .fallback_d = { 0.0f, 0.5f, 1.0f, 1.5f },
				   .interpolate_unigrams = true };
	struct lm_trainer *t = lm_train_new(&o);
	struct ds_buf err = { 0 };
	int rc = lm_train_merge_state(t, (const char *)j->file, j->n, &err);
	if (rc == 0) {
		j->read = 1;
		ds_buf_reset(&written);
		ds_buf_reset(&err);
		struct lm_train_stats st;
		if (lm_train_finish(t, write_buf, quiet, &st, &err) == 0) {
			struct lm_model m;
			ds_buf_reset(&err);
			CHECK(lm_arpa_read(&m, written.data, written.len, &err, quiet) == 0,
			      "the model estimated from a state is refused: %s", ds_buf_cstr(&err));
			lm_model_free(&m);
		}
	} else {
		CHECK(rc == -2 || err.len > 0, "refused without a message");
	}
	lm_train_free(t);
	ds_buf_free(&err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int kind = data[0] & 3;
	size_t n = size - 1;
	unsigned char *file = malloc(n + 1);
	memcpy(file, data + 1, n);
	if (kind == 1 && n >= BIN_HEADER) {
		uint64_t len = n - BIN_HEADER, sum = XXH3_64bits(file + BIN_HEADER, n - BIN_HEADER);
		memcpy(file + BIN_PAYLOAD_LEN, &len, 8);
		memcpy(file + BIN_CHECKSUM, &sum, 8);
	}
	if (kind == 3 && n >= 8) {
		uint64_t sum = XXH3_64bits(file, n - 8);
		memcpy(file + n - 8, &sum, 8);
	}
	char path[64];
	int fd = fuzz_memfile(file, n, path);
	struct job j = { .path = path, .file = file, .n = n, .kind = kind };
	fuzz_run(kind < 2 ? read_model : read_state, &j);
	close(fd);
	free(file);
	return 0;
}
