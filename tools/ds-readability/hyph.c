/* hyph.c: Pyphen's hyphenation (see hyph.h), over Debian's pattern files. */
#include "hyph.h"

#include <dirent.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "tok.h"
#include "util.h"

/* A pattern: its letters (UTF-8) and the digit values Pyphen keeps for it,
 * with leading and trailing zeros chopped (start = how many were chopped).
 * Every prefix of a pattern has an entry too (nvals 0 if it is no pattern
 * itself), so matching stops extending a substring as soon as no pattern
 * starts with it. */
struct pattern {
	uint64_t hash;
	uint32_t key, keylen;	/* letters in pool */
	uint32_t vals, nvals;	/* values in pool */
	uint32_t start;
};

struct rd_hyph {
	struct pattern *slots;	/* open addressing, hash 0 = empty */
	size_t mask, count;
	char *pool;
	size_t pool_len, pool_cap;
	size_t maxlen;		/* longest pattern, in code points */
};

static size_t pool_add(struct rd_hyph *h, const void *p, size_t n)
{
	if (h->pool_cap - h->pool_len < n) {
		h->pool_cap = (h->pool_len + n) * 2;
		h->pool = ds_realloc(h->pool, h->pool_cap);
	}
	memcpy(h->pool + h->pool_len, p, n);
	h->pool_len += n;
	return h->pool_len - n;
}

/* FNV-1a, which extends one byte at a time as matching grows a substring. */
#define FNV_BASIS UINT64_C(0xcbf29ce484222325)
static inline uint64_t fnv_add(uint64_t h, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * UINT64_C(0x100000001b3);
	return h;
}

static uint64_t key_hash(const char *p, size_t n)
{
	return fnv_add(FNV_BASIS, p, n) | 1;	/* never 0: 0 marks an empty slot */
}

static struct pattern *slot_for(const struct rd_hyph *h, const char *key, size_t n, uint64_t hash)
{
	for (size_t i = hash & h->mask;; i = (i + 1) & h->mask) {
		struct pattern *s = &h->slots[i];
		if (!s->hash || (s->hash == hash && s->keylen == n && !memcmp(h->pool + s->key, key, n)))
			return s;
	}
}

static void grow(struct rd_hyph *h)
{
	size_t old = h->mask + 1;
	struct pattern *slots = h->slots;
	h->mask = old * 2 - 1;
	h->slots = ds_calloc(old * 2, sizeof *h->slots);
	for (size_t i = 0; i < old; i++)
		if (slots[i].hash)
			*slot_for(h, h->pool + slots[i].key, slots[i].keylen, slots[i].hash) = slots[i];
	free(slots);
}

/* A lower-case hexadecimal digit's value, or -1 (Pyphen's ^^([0-9a-f]{2})). */
static int hex_digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* One line of the file, already UTF-8 and stripped: what Pyphen's HyphDict
 * does with it. */
static void add_line(struct rd_hyph *h, char *line, size_t n)
{
	static const char *const skip[] = { "%", "#", "LEFTHYPHENMIN", "RIGHTHYPHENMIN",
		"COMPOUNDLEFTHYPHENMIN", "COMPOUNDRIGHTHYPHENMIN" };
	if (!n)
		return;
	for (size_t i = 0; i < sizeof skip / sizeof *skip; i++)
		if (!strncmp(line, skip[i], strlen(skip[i])))
			return;
	/* ^^hh stands for the character U+00hh. */
	char buf[1024];
	size_t m = 0;
	for (size_t i = 0; i < n && m + 4 < sizeof buf; i++) {
		int hi = i + 3 < n && line[i] == '^' && line[i + 1] == '^' ? hex_digit(line[i + 2]) : -1;
		int lo = hi >= 0 ? hex_digit(line[i + 3]) : -1;
		if (lo >= 0) {
			unsigned cp = (unsigned)(hi * 16 + lo);
			if (cp < 0x80) {
				buf[m++] = (char)cp;
			} else {
				buf[m++] = (char)(0xc0 | cp >> 6);
				buf[m++] = (char)(0x80 | (cp & 0x3f));
			}
			i += 3;
		} else {
			buf[m++] = line[i];
		}
	}
	/* Non-standard rules "pattern/change,index,cut": only the pattern counts. */
	char *slash = memchr(buf, '/', m);
	if (slash && memchr(buf, '=', m))
		m = (size_t)(slash - buf);
	/* re.findall(r"(\d?)(\D?)"): (digit, letter) pairs, then one empty pair. */
	char key[1024];
	uint8_t vals[1024];
	size_t keylen = 0, nvals = 0, i = 0;
	for (;;) {
		uint8_t v = 0;
		size_t before = i;
		if (i < m && buf[i] >= '0' && buf[i] <= '9')
			v = (uint8_t)(buf[i++] - '0');
		if (i < m && !(buf[i] >= '0' && buf[i] <= '9')) {
			int len = ds_utf8_decode(buf + i, &(uint32_t){ 0 });
			memcpy(key + keylen, buf + i, (size_t)len);
			keylen += (size_t)len;
			i += (size_t)len;
		}
		vals[nvals++] = v;
		if (i == before)
			break;
	}
	size_t start = 0, end = nvals;
	while (start < end && !vals[start])
		start++;
	if (start == end)
		return;		/* only zeros: Pyphen skips it */
	while (!vals[end - 1])
		end--;
	uint64_t hash = key_hash(key, keylen);
	struct pattern *s = slot_for(h, key, keylen, hash);
	if (!s->hash) {
		s->hash = hash;
		s->key = (uint32_t)pool_add(h, key, keylen);
		s->keylen = (uint32_t)keylen;
		h->count++;
	}
	uint32_t key_off = s->key;
	/* A repeated pattern replaces the earlier one, as in a Python dict. */
	s->vals = (uint32_t)pool_add(h, vals + start, end - start);
	s->nvals = (uint32_t)(end - start);
	s->start = (uint32_t)start;
	size_t cps = 0;
	for (size_t k = 0; k < keylen; k++)
		cps += ((unsigned char)key[k] & 0xc0) != 0x80;
	if (cps > h->maxlen)
		h->maxlen = cps;
	if (h->count * 2 > h->mask)
		grow(h);
	/* its prefixes, at code point boundaries */
	for (size_t k = 1; k < keylen; k++) {
		if (((unsigned char)key[k] & 0xc0) == 0x80)
			continue;
		uint64_t ph = key_hash(key, k);
		struct pattern *ps = slot_for(h, key, k, ph);
		if (ps->hash)
			continue;
		ps->hash = ph;
		ps->key = key_off;	/* the prefix is the start of the pattern's key */
		ps->keylen = (uint32_t)k;
		ps->nvals = 0;
		h->count++;
		if (h->count * 2 > h->mask)
			grow(h);
	}
}

/* Python's str.strip() for the ASCII white space the files use. */
static char *strip(char *p, size_t *n)
{
	while (*n && (*p == ' ' || (*p >= 9 && *p <= 13)))
		p++, (*n)--;
	while (*n && (p[*n - 1] == ' ' || (p[*n - 1] >= 9 && p[*n - 1] <= 13)))
		(*n)--;
	return p;
}

struct rd_hyph *rd_hyph_load(const char *path, struct ds_buf *err)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		ds_buf_printf(err, "%s: %s", path, strerror(errno));
		return NULL;
	}
	struct ds_buf raw = { 0 }, utf8 = { 0 };
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		ds_buf_add(&raw, chunk, got);
	int failed = ferror(f);
	fclose(f);
	if (failed) {
		ds_buf_printf(err, "%s: read error", path);
		ds_buf_free(&raw);
		return NULL;
	}
	/* The first line names the file's character set. */
	char *nl = memchr(raw.data ? raw.data : "", '\n', raw.len);
	size_t hlen = nl ? (size_t)(nl - raw.data) : raw.len;
	char charset[64];
	char *cs = strip(raw.data ? raw.data : (char *)"", &hlen);
	if (!hlen || hlen >= sizeof charset) {
		ds_buf_printf(err, "%s: no character set on the first line", path);
		ds_buf_free(&raw);
		return NULL;
	}
	memcpy(charset, cs, hlen);
	charset[hlen] = 0;
	if (!strcasecmp(charset, "microsoft-cp1251"))
		strcpy(charset, "CP1251");
	size_t body = nl ? (size_t)(nl + 1 - raw.data) : raw.len;
	if (!strcasecmp(charset, "UTF-8")) {
		ds_buf_add(&utf8, raw.data + body, raw.len - body);
	} else {
		iconv_t cd = iconv_open("UTF-8", charset);
		if (cd == (iconv_t)-1) {
			ds_buf_printf(err, "%s: unknown character set '%s'", path, charset);
			ds_buf_free(&raw);
			return NULL;
		}
		char *in = raw.data + body;
		size_t inleft = raw.len - body;
		ds_buf_grow(&utf8, inleft * 4 + 16);
		char *out = utf8.data;
		size_t outleft = utf8.cap;
		if (iconv(cd, &in, &inleft, &out, &outleft) == (size_t)-1) {
			ds_buf_printf(err, "%s: not valid %s", path, charset);
			iconv_close(cd);
			ds_buf_free(&raw);
			ds_buf_free(&utf8);
			return NULL;
		}
		utf8.len = (size_t)(out - utf8.data);
		iconv_close(cd);
	}
	ds_buf_free(&raw);

	struct rd_hyph *h = ds_calloc(1, sizeof *h);
	h->mask = 1023;
	h->slots = ds_calloc(h->mask + 1, sizeof *h->slots);
	size_t pos = 0;
	while (pos < utf8.len) {
		char *line = utf8.data + pos;
		char *eol = memchr(line, '\n', utf8.len - pos);
		size_t n = eol ? (size_t)(eol - line) : utf8.len - pos;
		pos += n + 1;
		char *p = strip(line, &n);
		add_line(h, p, n);
	}
	ds_buf_free(&utf8);
	if (!h->count) {
		ds_buf_printf(err, "%s: no hyphenation patterns", path);
		rd_hyph_free(h);
		return NULL;
	}
	return h;
}

void rd_hyph_free(struct rd_hyph *h)
{
	if (!h)
		return;
	free(h->slots);
	free(h->pool);
	free(h);
}

void rd_hyph_scratch_free(struct rd_hyph_scratch *s)
{
	ds_buf_free(&s->pointed);
	free(s->off);
	free(s->ref);
}

unsigned rd_hyph_count(const struct rd_hyph *h, const char *word, size_t n,
		       struct rd_hyph_scratch *s)
{
	ds_buf_reset(&s->pointed);
	ds_buf_addc(&s->pointed, '.');
	ds_buf_add(&s->pointed, word, n);
	ds_buf_addc(&s->pointed, '.');
	if (s->cap < s->pointed.len + 2) {
		s->cap = (s->pointed.len + 2) * 2;
		s->off = ds_reallocarray(s->off, s->cap, sizeof *s->off);
		s->ref = ds_realloc(s->ref, s->cap);
	}
	const char *pw = s->pointed.data;
	size_t len = 0;		/* code points of ".word." */
	for (size_t i = 0; i < s->pointed.len; i++)
		if (((unsigned char)pw[i] & 0xc0) != 0x80)
			s->off[len++] = (uint32_t)i;
	s->off[len] = (uint32_t)s->pointed.len;
	memset(s->ref, 0, len + 1);
	for (size_t i = 0; i + 1 < len; i++) {
		size_t stop = i + h->maxlen < len ? i + h->maxlen : len;
		uint64_t hash = FNV_BASIS;
		for (size_t j = i + 1; j <= stop; j++) {
			const char *key = pw + s->off[i];
			size_t keylen = s->off[j] - s->off[i];
			hash = fnv_add(hash, pw + s->off[j - 1], s->off[j] - s->off[j - 1]);
			const struct pattern *p = slot_for(h, key, keylen, hash | 1);
			if (!p->hash)
				break;	/* no pattern starts with pw[i..j) */
			const uint8_t *v = (const uint8_t *)h->pool + p->vals;
			for (size_t k = 0; k < p->nvals && i + p->start + k <= len; k++) {
				uint8_t *r = &s->ref[i + p->start + k];
				if (v[k] > *r)
					*r = v[k];
			}
		}
	}
	/* Odd values mark breaks; Pyphen keeps 2 <= position <= len(word) - 2. */
	size_t wlen = len - 2;
	unsigned count = 0;
	for (size_t k = 1; k <= len; k++)
		if (s->ref[k] & 1) {
			size_t position = k - 1;
			if (position >= 2 && position + 2 <= wlen)
				count++;
		}
	return count;
}

/* --- Pyphen's language names ------------------------------------------------ */

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int rd_hyph_find(const char *dir, const char *lang, struct ds_buf *path)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l > 9 && !strncmp(e->d_name, "hyph_", 5) && !strcmp(e->d_name + l - 4, ".dic")) {
			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				names = ds_reallocarray(names, cap, sizeof *names);
			}
			names[n++] = ds_strdup(e->d_name);
		}
	}
	closedir(d);
	qsort(names, n, sizeof *names, by_name);

	/* LANGUAGES: each file by its name, and by the name's first part unless a
	 * file already took it; looked up case-insensitively, "-" read as "_",
	 * dropping trailing "_parts" until something matches. */
	char want[128];
	snprintf(want, sizeof want, "%s", lang);
	for (char *c = want; *c; c++)
		*c = *c == '-' ? '_' : *c;
	int found = -1;
	for (;;) {
		size_t wl = strlen(want);
		for (size_t i = 0; i < n && found < 0; i++)
			if (strlen(names[i]) - 9 == wl && !strncasecmp(names[i] + 5, want, wl))
				found = (int)i;
		for (size_t i = 0; i < n && found < 0; i++) {
			const char *name = names[i] + 5;
			size_t short_len = strcspn(name, "_.");
			if (short_len != wl || strncasecmp(name, want, wl))
				continue;
			found = (int)i;
		}
		char *us = strrchr(want, '_');
		if (found >= 0 || !us)
			break;
		*us = 0;
	}
	if (found >= 0) {
		ds_buf_reset(path);
		ds_buf_printf(path, "%s/%s", dir, names[found]);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return found >= 0 ? 0 : -1;
}
