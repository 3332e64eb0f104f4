/* arpa.c: ARPA text for ds-lm: float32 numbers written as lmplz writes them,
 * and a reader with the checks of KenLM's lm/read_arpa.cc. */
#include "lm.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* --- numbers --------------------------------------------------------------- */

static const double pow10_tab[23] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

/* mant * 10^scale as the nearest float, from the correctly rounded double;
 * false when that double lies exactly halfway between two floats (rounding
 * twice could then differ from rounding once). mant < 2^53, |scale| <= 22. */
static bool decimal_to_float(uint64_t mant, int scale, float *out)
{
	double d = (double)mant;
	d = scale < 0 ? d / pow10_tab[-scale] : d * pow10_tab[scale];
	uint64_t bits;
	memcpy(&bits, &d, sizeof bits);
	if ((bits & 0x1fffffffu) == 0x10000000u && d != 0.0)
		return false;
	*out = (float)d;
	return true;
}

/* The shortest digits of |x| by the slow, certain route. */
static int shortest_slow(float x, char *digits, int *exp10)
{
	char sci[32];
	int lo = 1, hi = 9;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		snprintf(sci, sizeof sci, "%.*e", mid - 1, fabs((double)x));
		if (strtof(sci, NULL) == fabsf(x))
			hi = mid;
		else
			lo = mid + 1;
	}
	snprintf(sci, sizeof sci, "%.*e", lo - 1, fabs((double)x));
	int nd = 0;
	const char *s = sci;
	for (; *s != 'e'; s++)
		if (*s != '.')
			digits[nd++] = *s;
	*exp10 = atoi(s + 1);
	return nd;
}

/* The same by scaling in double: for p = 1, 2, ... digits, the nearest
 * p-digit decimal, until one reads back as x. Returns 0 when a step is not
 * exact enough to trust (then the slow route decides). */
static int shortest_fast(float x, char *digits, int *exp10)
{
	double v = fabs((double)x);
	int e = (int)floor(log10(v));
	if (e < -12 || e > 12)
		return 0;
	if (e >= 0 ? v < pow10_tab[e] : v * pow10_tab[-e] < 1.0)
		e--;
	else if (e + 1 >= 0 ? v >= pow10_tab[e + 1] : v * pow10_tab[-(e + 1)] >= 1.0)
		e++;
	for (int p = 1; p <= 9; p++) {
		int k = p - 1 - e;	/* v * 10^k has p digits before the point */
		if (k > 22 || k < -22)
			return 0;
		double d = k >= 0 ? v * pow10_tab[k] : v / pow10_tab[-k];
		double r = nearbyint(d);
		if (fabs(fabs(d - floor(d)) - 0.5) < 1e-6)
			return 0;	/* near a tie: the product's rounding matters */
		float back;
		if (!decimal_to_float((uint64_t)r, -k, &back))
			return 0;
		if (back != fabsf(x))
			continue;
		uint64_t m = (uint64_t)r;
		int de = e;
		if (m >= (uint64_t)pow10_tab[p]) {	/* 9.99.. rounded up to 10.0.. */
			m /= 10;
			de++;
		}
		char tmp[24];
		int nd = 0;
		for (; m; m /= 10)
			tmp[nd++] = (char)('0' + m % 10);
		while (nd > 1 && tmp[0] == '0') {	/* drop trailing zeros */
			memmove(tmp, tmp + 1, (size_t)--nd);
		}
		for (int i = 0; i < nd; i++)
			digits[i] = tmp[nd - 1 - i];
		*exp10 = de;
		return nd;
	}
	return 0;
}

size_t lm_fmt_float(char *buf, float x)
{
	if (isnan(x))
		return (size_t)sprintf(buf, "NaN");
	if (isinf(x))
		return (size_t)sprintf(buf, x < 0 ? "-inf" : "inf");
	if (x == 0.0f)
		return (size_t)sprintf(buf, "0");
	char digits[16];
	int exp10;
	int nd = shortest_fast(x, digits, &exp10);
	if (!nd)
		nd = shortest_slow(x, digits, &exp10);
	char *o = buf;
	if (x < 0)
		*o++ = '-';
	int point = exp10 + 1;	/* |x| = 0.digits * 10^point */
	if (point > -6 && point <= 21) {
		if (point <= 0) {
			*o++ = '0';
			*o++ = '.';
			for (int i = 0; i < -point; i++)
				*o++ = '0';
			memcpy(o, digits, (size_t)nd);
			o += nd;
		} else if (point >= nd) {
			memcpy(o, digits, (size_t)nd);
			o += nd;
			for (int i = nd; i < point; i++)
				*o++ = '0';
		} else {
			memcpy(o, digits, (size_t)point);
			o += point;
			*o++ = '.';
			memcpy(o, digits + point, (size_t)(nd - point));
			o += nd - point;
		}
	} else {
		*o++ = digits[0];
		if (nd > 1) {
			*o++ = '.';
			memcpy(o, digits + 1, (size_t)(nd - 1));
			o += nd - 1;
		}
		o += sprintf(o, "e%d", exp10);
	}
	*o = '\0';
	return (size_t)(o - buf);
}

bool lm_parse_float(const char *p, size_t n, float *out)
{
	/* Fast path: up to 15 significant digits and a small exponent give a
	 * correctly rounded double; rounding that to float is right unless the
	 * double sits exactly halfway between two floats (then strtof decides). */
	const char *s = p, *end = p + n;
	bool neg = false;
	if (s < end && (*s == '-' || *s == '+'))
		neg = *s++ == '-';
	uint64_t mant = 0;
	int ndig = 0, scale = 0;
	bool any = false;
	for (; s < end && *s >= '0' && *s <= '9'; s++, any = true)
		if (mant || *s != '0') {
			if (ndig < 19)
				mant = mant * 10 + (uint64_t)(*s - '0');
			else
				scale++;
			ndig++;
		}
	if (s < end && *s == '.') {
		for (s++; s < end && *s >= '0' && *s <= '9'; s++, any = true) {
			if (mant || *s != '0') {
				if (ndig < 19) {
					mant = mant * 10 + (uint64_t)(*s - '0');
					scale--;
				}
				ndig++;
			} else {
				scale--;
			}
		}
	}
	if (any && s < end && (*s == 'e' || *s == 'E')) {
		const char *e = s + 1;
		bool eneg = false;
		if (e < end && (*e == '-' || *e == '+'))
			eneg = *e++ == '-';
		int ev = 0;
		bool edig = false;
		for (; e < end && *e >= '0' && *e <= '9'; e++, edig = true)
			if (ev < 10000)
				ev = ev * 10 + (*e - '0');
		if (edig) {
			scale += eneg ? -ev : ev;
			s = e;
		}
	}
	float f;
	if (any && s == end && ndig <= 15 && scale >= -22 && scale <= 22 &&
	    decimal_to_float(mant, scale, &f)) {
		*out = neg ? -f : f;
		return true;
	}
	char buf[64];
	if (n == 0 || n >= sizeof buf)
		return false;
	memcpy(buf, p, n);
	buf[n] = '\0';
	char *stop;
	f = strtof(buf, &stop);
	if (stop != buf + n)
		return false;
	*out = f;
	return true;
}

/* --- reader ---------------------------------------------------------------- */

/* An n-gram parsed but not yet inserted: insertions go in batches so that
 * their cache misses overlap. */
struct pending {
	const char *word[LM_MAX_ORDER];
	uint32_t wlen[LM_MAX_ORDER];
	uint64_t whash[LM_MAX_ORDER];
	uint64_t key, suffix, context;
	float prob, backoff;
	uint64_t line;
	const char *s;
	size_t len;
};
#define BATCH 64

struct reader {
	const char *p, *end;
	uint64_t line;		/* of the line last returned */
	bool cut;		/* it ended the file without a line end */
	struct ds_buf *err;
	struct pending batch[BATCH];
	size_t nbatch;
};

/* Next line without its LF (and a CR before it); false at the end. */
static bool next_line(struct reader *r, const char **s, size_t *n)
{
	if (r->p >= r->end)
		return false;
	const char *nl = memchr(r->p, '\n', (size_t)(r->end - r->p));
	const char *stop = nl ? nl : r->end;
	*s = r->p;
	*n = (size_t)(stop - r->p);
	if (*n && (*s)[*n - 1] == '\r')
		(*n)--;
	r->p = nl ? nl + 1 : r->end;
	r->cut = !nl;
	r->line++;
	return true;
}

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

static size_t trim_end(const char *s, size_t n)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return n;
}

static int fail(struct reader *r, const char *fmt, const char *s, size_t n)
{
	char shown[64];
	size_t k = n < 40 ? n : 40;
	memcpy(shown, s, k);
	strcpy(shown + k, n > 40 ? "..." : "");
	ds_buf_printf(r->err, "%" PRIu64 ": %s", r->line, r->cut ? "truncated file? " : "");
	ds_buf_printf(r->err, fmt, shown);
	return -1;
}

/* "\N-grams:" -> N, else 0. */
static int section_order(const char *s, size_t n)
{
	n = trim_end(s, n);
	if (n < 9 || s[0] != '\\' || memcmp(s + n - 7, "-grams:", 7))
		return 0;
	int v = 0;
	for (size_t i = 1; i < n - 7; i++) {
		if (s[i] < '0' || s[i] > '9' || v > 1000)
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static bool is_end(const char *s, size_t n)
{
	n = trim_end(s, n);
	return n == 5 && !memcmp(s, "\\end\\", 5);
}

static inline bool is_sep(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static uint32_t word_id(struct lm_model *m, const char *w, size_t n, bool *found)
{
	*found = true;
	if ((n == 5 && (!memcmp(w, "<unk>", 5) || !memcmp(w, "<UNK>", 5))))
		return LM_UNK;
	int64_t id = lm_vocab_find(&m->vocab, w, n);
	if (id < 0) {
		*found = false;
		return 0;
	}
	return (uint32_t)id;
}

/* One line of section n. */
static int read_ngram(struct reader *r, struct lm_model *m, int n, const char *s, size_t len,
		      bool *seen)
{
	const char *end = s + len, *q = s;
	while (q < end && *q != '\t' && *q != ' ')
		q++;
	float prob;
	if (!lm_parse_float(s, (size_t)(q - s), &prob))
		return fail(r, "bad log10 probability in \"%s\"", s, len);
	if (isnan(prob) || prob > 0.0f)
		return fail(r, isnan(prob) ? "log10 probability is NaN in \"%s\""
					   : "positive log10 probability in \"%s\"", s, len);
	if (n == 1 && (q == end || *q != '\t'))
		return fail(r, "a unigram needs a TAB after its probability: \"%s\"", s, len);
	uint32_t uni_id = 0;
	const char *w = q;
	for (int i = 0; i < n; i++) {
		while (w < end && is_sep(*w))
			w++;
		const char *we = w;
		while (we < end && !is_sep(*we))
			we++;
		if (we == w)
			return fail(r, "too few words in \"%s\"", s, len);
		if (n == 1) {
			bool found;
			uint32_t id = word_id(m, w, (size_t)(we - w), &found);
			bool added = false;
			if (!found)
				id = lm_vocab_add(&m->vocab, w, (size_t)(we - w), &added);
			if (id >= m->counts[0] + 1)
				return fail(r, "more unigrams than \\data\\ announced: \"%s\"", s, len);
			if (!added && (id > LM_EOS || seen[id]))
				return fail(r, "duplicate unigram \"%s\"", w, (size_t)(we - w));
			if (id <= LM_EOS)
				seen[id] = true;
			uni_id = id;
		} else {
			/* Looked up at the flush, after a prefetch. */
			struct pending *pe = &r->batch[r->nbatch];
			pe->word[i] = w;
			pe->wlen[i] = (uint32_t)(we - w);
			pe->whash[i] = lm_word_hash(w, (size_t)(we - w));
			__builtin_prefetch(&m->vocab.slot[pe->whash[i] & m->vocab.mask]);
		}
		w = we;
	}
	float backoff = 0.0f;
	const char *t = w;
	while (t < end && is_sep(*t))
		t++;
	if (t < end) {
		if (!memchr(w, '\t', (size_t)(t - w)))
			return fail(r, "too many words, or a backoff not after a TAB: \"%s\"", s, len);
		const char *be = t;
		while (be < end && !is_sep(*be))
			be++;
		if (!lm_parse_float(t, (size_t)(be - t), &backoff))
			return fail(r, "bad backoff in \"%s\"", s, len);
		if (!isfinite(backoff))
			return fail(r, "backoff is not finite in \"%s\"", s, len);
		while (be < end && is_sep(*be))
			be++;
		if (be < end)
			return fail(r, "text after the backoff in \"%s\"", s, len);
		if (n == m->order && backoff != 0.0f)
			return fail(r, "a highest-order n-gram has a backoff: \"%s\"", s, len);
	}
	if (backoff == 0.0f)
		backoff = LM_NO_EXTENSION;	/* until an n-gram shows it is a context */
	if (n == 1) {
		m->uni[uni_id] = (struct lm_pb){ prob, backoff };
		return 0;
	}
	struct pending *pe = &r->batch[r->nbatch++];
	pe->prob = prob;
	pe->backoff = backoff;
	pe->line = r->line;
	pe->s = s;
	pe->len = len;
	return 0;
}

/* The pending n-grams of order n: their words' ids (the vocabulary slots were
 * prefetched as they were parsed), then their keys, whose slots are
 * prefetched in turn, then the insertions and the check that each n-gram's
 * suffix is there. */
static int flush(struct reader *r, struct lm_model *m, int n)
{
	for (size_t i = 0; i < r->nbatch; i++) {
		struct pending *pe = &r->batch[i];
		uint32_t ids[LM_MAX_ORDER];
		for (int j = 0; j < n; j++) {
			const char *w = pe->word[j];
			size_t wl = pe->wlen[j];
			int64_t id = (wl == 5 && (!memcmp(w, "<unk>", 5) || !memcmp(w, "<UNK>", 5)))
				? LM_UNK : lm_vocab_find_hash(&m->vocab, pe->whash[j], wl);
			if (id < 0) {
				r->line = pe->line;
				r->cut = false;
				return fail(r, "word \"%s\" is not a unigram", w, wl);
			}
			ids[j] = (uint32_t)id;
		}
		uint64_t key = ids[n - 1];
		for (int j = n - 2; j >= 0; j--) {
			key = lm_key_extend(key, ids[j]);
			if (j == 1)	/* key covers ids[1..n), the suffix */
				pe->suffix = key;
		}
		pe->key = key;
		uint64_t ctx = ids[n - 2];	/* the context, ids[0..n-1) */
		for (int j = n - 3; j >= 0; j--)
			ctx = lm_key_extend(ctx, ids[j]);
		pe->context = ctx;
		const struct lm_table *t = &m->tab[n - 1];
		__builtin_prefetch(&t->e[(uint64_t)(((unsigned __int128)key * t->slots) >> 64)]);
	}
	for (size_t i = 0; i < r->nbatch; i++) {
		const struct pending *pe = &r->batch[i];
		if (!lm_model_insert(m, n, pe->key, pe->prob, pe->backoff)) {
			r->line = pe->line;
			r->cut = false;
			return fail(r, "duplicate n-gram \"%s\"", pe->s, pe->len);
		}
		if (n >= 3 && m->suffix_complete && !lm_table_find(&m->tab[n - 2], pe->suffix))
			m->suffix_complete = false;
		lm_model_mark_context(m, n - 1, pe->context);
	}
	r->nbatch = 0;
	return 0;
}

int lm_arpa_read(struct lm_model *m, const char *p, size_t n, struct ds_buf *err,
		 void (*warn)(const char *msg))
{
	struct reader r = { .p = p, .end = p + n, .err = err };
	const char *s;
	size_t len;
	memset(m, 0, sizeof *m);
	for (;;) {
		if (!next_line(&r, &s, &len)) {
			ds_buf_printf(err, "%" PRIu64 ": no \\data\\ line: not an ARPA file", r.line);
			return -1;
		}
		if (blank(s, len) || s[0] == '#')
			continue;
		if (trim_end(s, len) == 6 && !memcmp(s, "\\data\\", 6))
			break;
		return fail(&r, "expected \\data\\, found \"%s\": not an ARPA file", s, len);
	}
	int order = 0;
	for (;;) {
		if (!next_line(&r, &s, &len))
			return fail(&r, "truncated after the counts%s", "", 0);
		if (blank(s, len)) {
			if (order)
				break;
			continue;
		}
		if (len < 6 || memcmp(s, "ngram ", 6)) {
			if (order && section_order(s, len) == 1) {
				r.p = s;	/* no blank line: read the header again */
				r.line--;
				break;
			}
			return fail(&r, "expected \"ngram N=count\", found \"%s\"", s, len);
		}
		const char *q = s + 6, *e = s + trim_end(s, len);
		uint64_t ord = 0, cnt = 0;
		bool od = false, cd = false;
		for (; q < e && *q >= '0' && *q <= '9'; q++, od = true)
			ord = ord * 10 + (uint64_t)(*q - '0');
		if (!od || q == e || *q++ != '=')
			return fail(&r, "bad count line \"%s\"", s, len);
		for (; q < e && *q >= '0' && *q <= '9'; q++, cd = true) {
			if (cnt > UINT64_MAX / 10 - 10)
				return fail(&r, "count too large in \"%s\"", s, len);
			cnt = cnt * 10 + (uint64_t)(*q - '0');
		}
		if (!cd || q != e)
			return fail(&r, "bad count line \"%s\"", s, len);
		if (ord != (uint64_t)order + 1)
			return fail(&r, "count lines must number the orders 1, 2, ...: \"%s\"", s, len);
		if (ord > LM_MAX_ORDER)
			return fail(&r, "order above 6 is not supported: \"%s\"", s, len);
		if (cnt > UINT32_MAX - 4)
			return fail(&r, "too many n-grams: \"%s\"", s, len);
		m->counts[order++] = cnt;
	}
	m->order = order;
	if (!m->counts[0])
		return fail(&r, "no unigrams announced%s", "", 0);
	/* An n-gram line takes 4 bytes at least ("0\ta\n"): a header that
	 * announces more than the file can hold is refused before allocating. */
	uint64_t total = 0;
	for (int k = 0; k < order; k++)
		total += m->counts[k];
	if (total > n / 4)
		return fail(&r, "\\data\\ announces more n-grams than the file can hold "
			    "(truncated?)%s", "", 0);
	lm_model_alloc(m);
	bool seen[3] = { false, false, false };
	for (int k = 1; k <= order; k++) {
		do {
			if (!next_line(&r, &s, &len)) {
				ds_buf_printf(err, "%" PRIu64 ": truncated: no \\%d-grams: section",
					      r.line, k);
				return -1;
			}
		} while (blank(s, len));
		int so = section_order(s, len);
		if (so != k) {
			if (is_end(s, len))
				return fail(&r, "missing section: \\data\\ announced more orders "
					    "than the file has (found \"%s\")", s, len);
			return fail(&r, so ? "unexpected section \"%s\" (sections must come in "
				    "order, as \\data\\ announced)" : "expected a section header, "
				    "found \"%s\"", s, len);
		}
		for (uint64_t i = 0; i < m->counts[k - 1]; i++) {
			if (!next_line(&r, &s, &len)) {
				ds_buf_printf(err, "%" PRIu64 ": truncated: the \\%d-grams: section "
					      "has %" PRIu64 " of the %" PRIu64 " n-grams announced",
					      r.line, k, i, m->counts[k - 1]);
				return -1;
			}
			if (blank(s, len) || s[0] == '\\') {
				ds_buf_printf(err, "%" PRIu64 ": the \\%d-grams: section has %" PRIu64
					      " n-grams, \\data\\ announced %" PRIu64, r.line, k, i,
					      m->counts[k - 1]);
				return -1;
			}
			if (read_ngram(&r, m, k, s, len, seen) < 0)
				return -1;
			if (r.nbatch == BATCH && flush(&r, m, k) < 0)
				return -1;
		}
		if (flush(&r, m, k) < 0)
			return -1;
		if (k == 1) {
			if (!seen[LM_BOS] || !seen[LM_EOS])
				return fail(&r, "the unigrams lack %s", !seen[LM_BOS] ? "<s>" : "</s>",
					    strlen(!seen[LM_BOS] ? "<s>" : "</s>"));
			if (!seen[LM_UNK]) {
				m->uni[LM_UNK] = (struct lm_pb){ -100.0f, 0.0f };
				warn("the model has no <unk>: using log10 p = -100 for unknown words");
			}
			m->counts[0] = m->vocab.n;
		}
		/* After the announced n-grams: the next header or \end\. */
		const char *save = r.p;
		uint64_t save_line = r.line;
		while (next_line(&r, &s, &len) && blank(s, len))
			;
		if (r.p != save && !blank(s, len) && s[0] != '\\')
			return fail(&r, "more n-grams than \\data\\ announced: \"%s\"", s, len);
		r.p = save;
		r.line = save_line;
	}
	do {
		if (!next_line(&r, &s, &len)) {
			ds_buf_printf(err, "%" PRIu64 ": truncated: no \\end\\", r.line);
			return -1;
		}
	} while (blank(s, len));
	if (!is_end(s, len))
		return fail(&r, section_order(s, len) ? "section \"%s\" not announced in \\data\\"
			    : "expected \\end\\, found \"%s\"", s, len);
	while (next_line(&r, &s, &len))
		if (!blank(s, len))
			return fail(&r, "text after \\end\\: \"%s\"", s, len);
	return 0;
}
