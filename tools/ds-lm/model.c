/* model.c: the scoring model of ds-lm, KenLM query's arithmetic, and the
 * binary file that build-binary writes and score maps.
 *
 * Like KenLM's probing model, an n-gram (n >= 2) is stored by a 64-bit hash
 * of its word ids (lm_key_extend) in an open-addressing table; the words
 * themselves are not kept. Two n-grams of one order collide with probability
 * about count^2 / 2^65. Unigrams are an array indexed by word id. */
#include "lm.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>
#include <zstd.h>

#include "util.h"

void lm_model_alloc(struct lm_model *m)
{
	lm_vocab_init(&m->vocab);
	bool added;
	lm_vocab_add(&m->vocab, "<unk>", 5, &added);
	lm_vocab_add(&m->vocab, "<s>", 3, &added);
	lm_vocab_add(&m->vocab, "</s>", 4, &added);
	m->uni = ds_calloc(m->counts[0] + 1, sizeof *m->uni);
	for (int n = 2; n <= m->order; n++) {
		uint64_t slots = m->counts[n - 1] + m->counts[n - 1] / 2 + 16;
		m->tab[n - 1].slots = slots;
		m->tab[n - 1].e = ds_calloc(slots, sizeof(struct lm_entry));
	}
	m->suffix_complete = true;
}

bool lm_model_insert(struct lm_model *m, int n, uint64_t key, float prob, float backoff)
{
	struct lm_table *t = &m->tab[n - 1];
	uint64_t i = (uint64_t)(((unsigned __int128)key * t->slots) >> 64);
	while (t->e[i].key) {
		if (t->e[i].key == key)
			return false;
		if (++i == t->slots)
			i = 0;
	}
	t->e[i] = (struct lm_entry){ key, prob, backoff };
	return true;
}

void lm_model_mark_context(struct lm_model *m, int n, uint64_t key)
{
	float *bo;
	if (n == 1) {
		bo = &m->uni[key].backoff;
	} else {
		const struct lm_entry *e = lm_table_find(&m->tab[n - 1], key);
		if (!e)
			return;	/* a missing context adds no backoff */
		bo = &((struct lm_entry *)e)->backoff;
	}
	if (!lm_has_extension(*bo))
		*bo = 0.0f;
}

void lm_model_free(struct lm_model *m)
{
	if (m->map) {
		munmap(m->map, m->map_len);
	} else {
		free(m->uni);
		for (int n = 2; n <= m->order; n++)
			free(m->tab[n - 1].e);
	}
	lm_vocab_free(&m->vocab);
	memset(m, 0, sizeof *m);
}

/* Ids kept before <s>: the lookahead builds keys of every length, also those
 * reaching before the sentence, which are never looked up. */
#define SENT_PAD LM_MAX_ORDER

uint32_t *lm_sent_reserve(struct lm_sent *s, size_t max)
{
	if (s->cap < max + SENT_PAD + 2) {
		s->cap = max + SENT_PAD + 2 > 2 * s->cap ? max + SENT_PAD + 2 : 2 * s->cap;
		s->buf = ds_reallocarray(s->buf, s->cap, sizeof *s->buf);
		for (int i = 0; i < SENT_PAD; i++)
			s->buf[i] = LM_BOS;
	}
	s->ids = s->buf + SENT_PAD;
	s->ids[-1] = LM_BOS;
	s->n = 0;
	return s->ids;
}

void lm_sent_free(struct lm_sent *s)
{
	free(s->buf);
	memset(s, 0, sizeof *s);
}

void lm_model_ids(const struct lm_model *m, const char *const *w, const uint32_t *len,
		  size_t n, struct lm_sent *s)
{
	/* Hashes run ahead of the lookups, whose slots are prefetched. */
	const struct lm_vocab *v = &m->vocab;
	uint32_t *ids = lm_sent_reserve(s, n);
	enum { AHEAD = 8 };
	uint64_t h[AHEAD];
	for (size_t i = 0; i < n && i < AHEAD; i++) {
		h[i] = lm_word_hash(w[i], len[i]);
		__builtin_prefetch(&v->slot[h[i] & v->mask]);
	}
	for (size_t i = 0; i < n; i++) {
		int64_t id = lm_vocab_find_hash(v, h[i % AHEAD], len[i]);
		ids[i] = id < 0 ? LM_UNK : (uint32_t)id;
		if (i + AHEAD < n) {
			h[i % AHEAD] = lm_word_hash(w[i + AHEAD], len[i + AHEAD]);
			__builtin_prefetch(&v->slot[h[i % AHEAD] & v->mask]);
		}
	}
	lm_sent_end(s, n);
}

/* Keys are computed this many words ahead and their slots prefetched, so
 * that the table lookups (cache misses on a big model) overlap. */
#define LOOKAHEAD 8

static inline uint64_t slot_index(const struct lm_table *t, uint64_t key)
{
	return (uint64_t)(((unsigned __int128)key * t->slots) >> 64);
}

/* The keys of the n-grams of every length ending at word i, and their
 * first slots, prefetched. */
struct probe {
	uint64_t key[LM_MAX_ORDER];			/* [j]: length j+1 */
	const struct lm_entry *slot[LM_MAX_ORDER];
};

static inline __attribute__((always_inline)) void
probe_at(const struct lm_model *m, const uint32_t *ids, size_t i, const int N, struct probe *pr)
{
	uint64_t key = ids[i];
	__builtin_prefetch(&m->uni[key]);
#pragma GCC unroll 8
	for (int j = 1; j < N; j++) {
		key = lm_key_extend(key, ids[(ptrdiff_t)i - j]);
		pr->key[j] = key;
		pr->slot[j] = &m->tab[j].e[slot_index(&m->tab[j], key)];
		__builtin_prefetch(pr->slot[j]);
	}
}

static inline const struct lm_entry *find_from(const struct lm_table *t,
					       const struct lm_entry *e, uint64_t key)
{
	for (;;) {
		if (e->key == key)
			return e;
		if (!e->key)
			return NULL;
		if (++e == t->e + t->slots)
			e = t->e;
	}
}

/* lm_score for one order N, and for a model whose n-grams all have their
 * suffixes (complete) or not: constants, so that each instance has its loops
 * unrolled and the other case's tests gone. */
static inline __attribute__((always_inline)) void
score_order(const struct lm_model *m, const uint32_t *ids, size_t nwords, const int N,
	    const bool complete, struct lm_sentence *out, struct lm_detail *detail)
{
	/* The state: the last words that are contexts, as the number of them
	 * (len) and their backoffs: bo[k-1] is the backoff of the context of
	 * length k. The next state is built in nbo, then the two swap. */
	float bo_a[LM_MAX_ORDER], bo_b[LM_MAX_ORDER];
	float *bo = bo_a, *nbo = bo_b;
	bo[0] = m->uni[LM_BOS].backoff;
	int len = N > 1 ? 1 : 0;
	struct probe pr[LOOKAHEAD];
	for (size_t i = 0; i < LOOKAHEAD && i <= nwords; i++)
		probe_at(m, ids, i, N, &pr[i]);
	float total = 0.0f;
	double oov_sum = 0.0;
	uint64_t oov = 0;
	for (size_t i = 0; i <= nwords; i++) {
		uint32_t w = ids[i];
		const struct probe *at = &pr[i % LOOKAHEAD];
		float p = m->uni[w].prob;
		nbo[0] = m->uni[w].backoff;
		/* The next state: the longest n-gram found here that is a context
		 * (with some suffixes missing, every length looked at). */
		int matched = 1, next = lm_has_extension(nbo[0]) ? 1 : 0;
#pragma GCC unroll 8
		for (int j = 1; j <= len; j++) {
			const struct lm_entry *e = find_from(&m->tab[j], at->slot[j], at->key[j]);
			if (!complete)
				next = j + 1;
			if (!e) {
				if (complete)
					break;
				nbo[j] = 0.0f;
				continue;
			}
			p = e->prob;
			matched = j + 1;
			nbo[j] = e->backoff;
			if (lm_has_extension(e->backoff))
				next = j + 1;
		}
		/* The backoffs of the contexts longer than the one matched,
		 * shortest first, in float32 as query adds them. */
		for (int k = matched; k <= len; k++)
			p += bo[k - 1];
		if (i + LOOKAHEAD <= nwords)
			probe_at(m, ids, i + LOOKAHEAD, N, &pr[i % LOOKAHEAD]);
		total += p;
		if (w == LM_UNK && i < nwords) {
			oov++;
			oov_sum += p;
		}
		if (detail) {
			detail->log10p[i] = p;
			detail->ngram_len[i] = (uint8_t)matched;
		}
		len = next < N - 1 ? next : N - 1;
		float *t = bo;
		bo = nbo;
		nbo = t;
	}
	out->total = total;
	out->oov_log10 = oov_sum;
	out->words = nwords;
	out->oov = oov;
}

void lm_score(const struct lm_model *m, const struct lm_sent *s, struct lm_sentence *out,
	      struct lm_detail *detail)
{
	size_t nwords = s->n;
	if (detail && detail->cap < nwords + 1) {
		detail->cap = nwords + 1 > 2 * detail->cap ? nwords + 1 : 2 * detail->cap;
		detail->log10p = ds_reallocarray(detail->log10p, detail->cap, sizeof(float));
		detail->ngram_len = ds_reallocarray(detail->ngram_len, detail->cap, 1);
	}
#define ORDER(N)								\
	case N:									\
		if (m->suffix_complete)						\
			score_order(m, s->ids, nwords, N, true, out, detail);	\
		else								\
			score_order(m, s->ids, nwords, N, false, out, detail);	\
		break;
	switch (m->order) {
	ORDER(1) ORDER(2) ORDER(3) ORDER(4) ORDER(5) ORDER(6)
	}
#undef ORDER
}

/* --- binary file ------------------------------------------------------------
 * A 256-byte header, then the sections, each starting at a multiple of 64:
 * word offsets (u64 per word), the word blob, the vocabulary slots, the
 * unigrams (prob, backoff), and one entry table per order >= 2. All numbers
 * are little-endian as on x86-64 and most machines; another byte order is
 * refused. The checksum is XXH3-64 of everything after the header. */

#define LM_BIN_MAGIC "DSLMBIN\032"
#define LM_BIN_VERSION 2u
#define LM_BIN_HEADER 256

struct lm_bin_header {
	char magic[8];
	uint32_t version, byte_order, order, flags;
	uint64_t counts[LM_MAX_ORDER];
	uint64_t vocab_n, blob_len, vocab_slots;
	uint64_t table_slots[LM_MAX_ORDER];
	uint64_t payload_len, checksum;
};

static uint64_t align64(uint64_t x)
{
	return (x + 63) & ~(uint64_t)63;
}

/* Section sizes in file order, shared by the writer and the reader. */
static int bin_sections(const struct lm_bin_header *h, uint64_t *size)
{
	int k = 0;
	size[k++] = h->vocab_n * 8;
	size[k++] = h->blob_len;
	size[k++] = h->vocab_slots * sizeof(struct lm_vslot);
	size[k++] = h->vocab_n * sizeof(struct lm_pb);
	for (uint32_t n = 2; n <= h->order; n++)
		size[k++] = h->table_slots[n - 1] * sizeof(struct lm_entry);
	return k;
}

bool lm_binary_magic(const char *p, size_t n)
{
	return n >= 8 && !memcmp(p, LM_BIN_MAGIC, 8);
}

void lm_binary_write(const struct lm_model *m, void (*write)(const char *p, size_t n))
{
	struct lm_bin_header h;
	memset(&h, 0, sizeof h);
	memcpy(h.magic, LM_BIN_MAGIC, 8);
	h.version = LM_BIN_VERSION;
	h.byte_order = 0x01020304;
	h.order = (uint32_t)m->order;
	h.flags = m->suffix_complete ? 1 : 0;
	memcpy(h.counts, m->counts, sizeof h.counts);
	h.vocab_n = m->vocab.n;
	h.blob_len = m->vocab.blob_len;
	h.vocab_slots = m->vocab.mask + 1;
	for (int n = 2; n <= m->order; n++)
		h.table_slots[n - 1] = m->tab[n - 1].slots;
	const void *data[2 + LM_MAX_ORDER + 2];
	uint64_t size[2 + LM_MAX_ORDER + 2];
	int ns = bin_sections(&h, size);
	data[0] = m->vocab.off;
	data[1] = m->vocab.blob;
	data[2] = m->vocab.slot;
	data[3] = m->uni;
	for (int n = 2; n <= m->order; n++)
		data[2 + n] = m->tab[n - 1].e;
	static const char zeros[64];
	XXH3_state_t *st = XXH3_createState();
	if (!st)
		ds_die(DS_EXIT_LIMIT, "out of memory");
	XXH3_64bits_reset(st);
	uint64_t total = 0;
	for (int k = 0; k < ns; k++) {
		uint64_t pad = align64(size[k]) - size[k];
		XXH3_64bits_update(st, data[k], size[k]);
		XXH3_64bits_update(st, zeros, pad);
		total += size[k] + pad;
	}
	h.payload_len = total;
	h.checksum = XXH3_64bits_digest(st);
	XXH3_freeState(st);

	char head[LM_BIN_HEADER] = { 0 };
	memcpy(head, &h, sizeof h);
	write(head, sizeof head);
	for (int k = 0; k < ns; k++) {
		/* In pieces: write() takes a size_t and buffers. */
		for (uint64_t off = 0; off < size[k]; off += 1 << 24) {
			uint64_t piece = size[k] - off < (1 << 24) ? size[k] - off : 1 << 24;
			write((const char *)data[k] + off, (size_t)piece);
		}
		write(zeros, (size_t)(align64(size[k]) - size[k]));
	}
}

/* A mapped model is used as it is, so what lookups rely on is checked once
 * (a file with a right checksum may still be made up): word offsets inside
 * the blob, ids below the vocabulary size, and an empty slot in every table,
 * where the lookup of an absent key ends. NULL if sound. */
static const char *bin_check(const struct lm_model *m)
{
	const struct lm_vocab *v = &m->vocab;
	for (uint32_t id = 0; id < v->n; id++) {
		uint64_t end = id + 1 < v->n ? v->off[id + 1] : v->blob_len;
		if (v->off[id] >= end || end > v->blob_len || v->blob[end - 1])
			return "word offsets";
	}
	bool empty = false;
	for (uint64_t i = 0; i <= v->mask; i++) {
		if (v->slot[i].id_plus1 > v->n)
			return "word ids";
		empty |= !v->slot[i].id_plus1;
	}
	if (!empty)
		return "a full vocabulary table";
	for (int n = 2; n <= m->order; n++) {
		const struct lm_table *t = &m->tab[n - 1];
		uint64_t i = 0;
		while (i < t->slots && t->e[i].key)
			i++;
		if (i == t->slots)
			return "a full n-gram table";
	}
	return NULL;
}

int lm_binary_map(struct lm_model *m, void *map, size_t len, struct ds_buf *err)
{
	struct lm_bin_header h;
	memset(m, 0, sizeof *m);
	if (len < LM_BIN_HEADER) {
		ds_buf_printf(err, "truncated binary model (%zu bytes)", len);
		return -1;
	}
	memcpy(&h, map, sizeof h);
	if (h.version != LM_BIN_VERSION) {
		ds_buf_printf(err, "binary model version %u, this ds-lm reads version %u: "
			      "rebuild it with ds-lm build-binary", h.version, LM_BIN_VERSION);
		return -1;
	}
	if (h.byte_order != 0x01020304) {
		ds_buf_printf(err, "binary model written on a machine of another byte order: "
			      "rebuild it from the ARPA file");
		return -1;
	}
	if (h.order < 1 || h.order > LM_MAX_ORDER || h.vocab_n < 3 ||
	    h.vocab_n > UINT32_MAX || !h.vocab_slots || (h.vocab_slots & (h.vocab_slots - 1)) ||
	    h.payload_len != len - LM_BIN_HEADER) {
		ds_buf_printf(err, "corrupt or truncated binary model (header does not match "
			      "the file size)");
		return -1;
	}
	/* Each section fits in the payload, so their sizes do not overflow. */
	uint64_t most = h.payload_len / sizeof(struct lm_entry);
	if (h.blob_len > h.payload_len || h.vocab_slots > most) {
		ds_buf_printf(err, "corrupt binary model (section sizes)");
		return -1;
	}
	for (uint32_t n = 2; n <= h.order; n++)
		if (!h.table_slots[n - 1] || h.table_slots[n - 1] <= h.counts[n - 1] ||
		    h.table_slots[n - 1] > most) {
			ds_buf_printf(err, "corrupt binary model (table sizes)");
			return -1;
		}
	uint64_t size[2 + LM_MAX_ORDER + 2];
	int ns = bin_sections(&h, size);
	uint64_t total = 0;
	for (int k = 0; k < ns; k++)
		total += align64(size[k]);
	if (total != h.payload_len) {
		ds_buf_printf(err, "corrupt binary model (section sizes do not add up)");
		return -1;
	}
	const char *payload = (const char *)map + LM_BIN_HEADER;
	if (XXH3_64bits(payload, h.payload_len) != h.checksum) {
		ds_buf_printf(err, "binary model checksum mismatch: the file is damaged");
		return -1;
	}
	const char *sec[2 + LM_MAX_ORDER + 2];
	uint64_t off = 0;
	for (int k = 0; k < ns; k++) {
		sec[k] = payload + off;
		off += align64(size[k]);
	}
	m->order = (int)h.order;
	memcpy(m->counts, h.counts, sizeof m->counts);
	m->suffix_complete = h.flags & 1;
	m->vocab.off = (uint64_t *)sec[0];
	m->vocab.blob = (char *)sec[1];
	m->vocab.slot = (struct lm_vslot *)sec[2];
	m->vocab.n = (uint32_t)h.vocab_n;
	m->vocab.blob_len = h.blob_len;
	m->vocab.mask = h.vocab_slots - 1;
	m->vocab.mapped = true;
	m->uni = (struct lm_pb *)sec[3];
	for (uint32_t n = 2; n <= h.order; n++) {
		m->tab[n - 1].e = (struct lm_entry *)sec[2 + n];
		m->tab[n - 1].slots = h.table_slots[n - 1];
	}
	const char *why = bin_check(m);
	if (why) {
		ds_buf_printf(err, "corrupt binary model (%s)", why);
		memset(m, 0, sizeof *m);
		return -1;
	}
	m->map = map;
	m->map_len = len;
	return 0;
}

/* A zstd-compressed file, decompressed whole into out. */
static int unzstd(const char *p, size_t n, struct ds_buf *out, struct ds_buf *err)
{
	ZSTD_DStream *z = ZSTD_createDStream();
	if (!z)
		ds_die(DS_EXIT_LIMIT, "out of memory");
	ZSTD_initDStream(z);
	ZSTD_inBuffer in = { p, n, 0 };
	size_t rc = 1;
	while (in.pos < in.size || rc != 0) {
		ds_buf_grow(out, ZSTD_DStreamOutSize());
		ZSTD_outBuffer o = { out->data + out->len, out->cap - out->len, 0 };
		size_t before = in.pos;
		rc = ZSTD_decompressStream(z, &o, &in);
		out->len += o.pos;
		if (ZSTD_isError(rc)) {
			ds_buf_printf(err, "zstd: %s", ZSTD_getErrorName(rc));
			break;
		}
		if (in.pos == in.size && rc != 0 && o.pos == 0 && before == in.pos) {
			ds_buf_printf(err, "truncated zstd file");
			rc = (size_t)-1;
			break;
		}
	}
	ZSTD_freeDStream(z);
	return ZSTD_isError(rc) || (rc != 0) ? -1 : 0;
}

int lm_model_load(struct lm_model *m, const char *path, struct ds_buf *err,
		  void (*warn)(const char *msg))
{
	int fd = open(path, O_RDONLY);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) != 0) {
		ds_buf_printf(err, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -2;
	}
	size_t len = (size_t)sb.st_size;
	if (!len) {
		close(fd);
		ds_buf_printf(err, "%s: empty file, not a language model", path);
		return -1;
	}
	void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	int saved = errno;
	close(fd);
	if (map == MAP_FAILED) {
		ds_buf_printf(err, "%s: %s", path, strerror(saved));
		return -2;
	}
	if (lm_binary_magic(map, len)) {
		struct ds_buf why = { 0 };
		if (lm_binary_map(m, map, len, &why) < 0) {
			ds_buf_printf(err, "%s: %s", path, ds_buf_cstr(&why));
			ds_buf_free(&why);
			munmap(map, len);
			return -1;
		}
		return 0;
	}
	madvise(map, len, MADV_SEQUENTIAL);
	struct ds_buf why = { 0 }, text = { 0 };
	const char *arpa = map;
	size_t arpa_len = len;
	if (len >= 4 && !memcmp(map, "\x28\xb5\x2f\xfd", 4)) {	/* zstd, as -o x.zst writes */
		if (unzstd(map, len, &text, &why) < 0) {
			ds_buf_printf(err, "%s: %s", path, ds_buf_cstr(&why));
			ds_buf_free(&why);
			ds_buf_free(&text);
			munmap(map, len);
			return -1;
		}
		arpa = text.data;
		arpa_len = text.len;
	}
	int rc = lm_arpa_read(m, arpa, arpa_len, &why, warn);
	ds_buf_free(&text);
	munmap(map, len);
	if (rc < 0) {
		ds_buf_printf(err, "%s:%s", path, ds_buf_cstr(&why));
		ds_buf_free(&why);
		lm_model_free(m);
		return -1;
	}
	return 0;
}
