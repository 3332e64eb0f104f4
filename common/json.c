/* json.c: validation, lazy span access and writing of JSON text.
 *
 * Records are validated once (grammar and UTF-8 in one pass); after that the
 * span readers skip values without re-checking them. */
#include "json.h"

#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include "numfmt.h"
#include "util.h"

/* jq 1.6 refuses deeper nesting with the same limit. */
#define MAX_DEPTH 256

/* --- validation ---------------------------------------------------------- */

/* The members of the root object of the line this thread validated last.
 * Validation walks every member anyway, so it notes where each is; key
 * lookups on that object (-f .output, --by .score) then skip the second
 * scan over long string values. Valid for the bytes at (obj, n) until the
 * next validation on the thread: run.c validates each record right before
 * the tool reads it. */
struct root_member {
	const char *key, *val;
	size_t keylen, vallen;	/* raw spans, quotes included */
};
/* Records with more members than this are looked up by scanning. */
#define ROOT_INDEX_MAX 64
static _Thread_local struct {
	const char *obj;	/* the '{' of the indexed object, or NULL */
	size_t n, count;
	struct root_member m[ROOT_INDEX_MAX];
} root_index;

struct vstate {
	const unsigned char *p, *end, *start;
	const char *why;
};

static int vfail(struct vstate *s, const char *why)
{
	s->why = why;
	return -1;
}

static void skip_ws(struct vstate *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

static int hexval(unsigned c)
{
	if (c - '0' < 10)
		return (int)(c - '0');
	c |= 0x20;
	if (c - 'a' < 6)
		return (int)(c - 'a' + 10);
	return -1;
}

static int read_hex4(const unsigned char *p, const unsigned char *end, unsigned *out)
{
	if (end - p < 4)
		return -1;
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		int h = hexval(p[i]);
		if (h < 0)
			return -1;
		v = v << 4 | (unsigned)h;
	}
	*out = v;
	return 0;
}

/* Length of the valid UTF-8 sequence at p (first byte >= 0x80), or 0. */
static int utf8_seq_len(const unsigned char *p, const unsigned char *end)
{
	unsigned c = p[0];
	ptrdiff_t left = end - p;
	if (c >= 0xc2 && c <= 0xdf) {
		if (left >= 2 && (p[1] & 0xc0) == 0x80)
			return 2;
	} else if (c >= 0xe0 && c <= 0xef) {
		if (left < 3 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
			return 0;
		if (c == 0xe0 && p[1] < 0xa0)
			return 0;	/* overlong */
		if (c == 0xed && p[1] >= 0xa0)
			return 0;	/* surrogate */
		return 3;
	} else if (c >= 0xf0 && c <= 0xf4) {
		if (left < 4 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 || (p[3] & 0xc0) != 0x80)
			return 0;
		if (c == 0xf0 && p[1] < 0x90)
			return 0;
		if (c == 0xf4 && p[1] >= 0x90)
			return 0;
		return 4;
	}
	return 0;
}

bool ds_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	while (p < end) {
		if (*p < 0x80) {
			p++;
			continue;
		}
		int len = utf8_seq_len(p, end);
		if (!len)
			return false;
		p += len;
	}
	return true;
}

/* First byte at or after p that is '"', '\\', a control character or
 * non-ASCII (or end). */
static const unsigned char *skip_plain(const unsigned char *p, const unsigned char *end)
{
#ifdef __SSE2__
	const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
	const __m128i space = _mm_set1_epi8(0x1f);
	while (end - p >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)p);
		/* Signed compare: bytes >= 0x80 are negative, so they count as
		 * below 0x20 too; one mask finds all four kinds. */
		__m128i special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
					       _mm_cmplt_epi8(v, _mm_add_epi8(space, _mm_set1_epi8(1))));
		unsigned mask = (unsigned)_mm_movemask_epi8(special);
		if (mask)
			return p + __builtin_ctz(mask);
		p += 16;
	}
#endif
	while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
		p++;
	return p;
}

static int vstring(struct vstate *s)
{
	const unsigned char *p = s->p + 1, *end = s->end;
	for (;;) {
		/* The common case: plain ASCII text, 16 bytes at a time. */
		p = skip_plain(p, end);
		if (p >= end) {
			s->p = p;
			return vfail(s, "unfinished string");
		}
		unsigned c = *p;
		if (c == '"') {
			s->p = p + 1;
			return 0;
		}
		if (c == '\\') {
			if (p + 1 >= end) {
				s->p = p;
				return vfail(s, "unfinished string");
			}
			switch (p[1]) {
			case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
				p += 2;
				break;
			case 'u': {
				unsigned u;
				if (read_hex4(p + 2, end, &u)) {
					s->p = p;
					return vfail(s, "invalid \\u escape");
				}
				p += 6;
				if (u >= 0xd800 && u <= 0xdbff) {
					/* jq requires a low surrogate escape after a high one. */
					unsigned lo;
					if (end - p < 6 || p[0] != '\\' || p[1] != 'u'
					    || read_hex4(p + 2, end, &lo) || lo < 0xdc00 || lo > 0xdfff) {
						s->p = p;
						return vfail(s, "invalid \\uXXXX\\uXXXX surrogate pair escape");
					}
					p += 6;
				}
				break;
			}
			default:
				s->p = p;
				return vfail(s, "invalid escape");
			}
			continue;
		}
		if (c < 0x20) {
			s->p = p;
			return vfail(s, "control character in string (must be escaped)");
		}
		int n = utf8_seq_len(p, end);
		if (!n) {
			s->p = p;
			return vfail(s, "invalid UTF-8");
		}
		p += n;
	}
}

static int vnumber(struct vstate *s)
{
	const unsigned char *p = s->p, *end = s->end;
	if (p < end && *p == '-')
		p++;
	if (p >= end)
		return vfail(s, "invalid number");
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (p < end && (unsigned)(*p - '0') < 10u)
			p++;
	else
		return vfail(s, "invalid number");
	if (p < end && *p == '.') {
		p++;
		if (p >= end || (unsigned)(*p - '0') >= 10u) {
			s->p = p;
			return vfail(s, "invalid number");
		}
		while (p < end && (unsigned)(*p - '0') < 10u)
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (p >= end || (unsigned)(*p - '0') >= 10u) {
			s->p = p;
			return vfail(s, "invalid number");
		}
		while (p < end && (unsigned)(*p - '0') < 10u)
			p++;
	}
	s->p = p;
	return 0;
}

static int vliteral(struct vstate *s, const char *word, size_t n)
{
	if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n))
		return vfail(s, "invalid literal");
	s->p += n;
	return 0;
}

static void note_root_member(const unsigned char *key, size_t keylen,
			     const unsigned char *val, size_t vallen)
{
	/* A count past the maximum marks the index unusable. */
	if (root_index.count < ROOT_INDEX_MAX)
		root_index.m[root_index.count] = (struct root_member){
			(const char *)key, (const char *)val, keylen, vallen };
	root_index.count++;
}

/* After a member or an element: 1 when a ',' says another follows, 0 when
 * the container's closer ends it, else -1 (why). */
static int vafter_item(struct vstate *s, char closer, const char *why)
{
	skip_ws(s);
	if (s->p < s->end && *s->p == ',') {
		s->p++;
		return 1;
	}
	if (s->p < s->end && *s->p == closer) {
		s->p++;
		return 0;
	}
	return vfail(s, why);
}

static int vvalue(struct vstate *s, int depth)
{
	skip_ws(s);
	if (s->p >= s->end)
		return vfail(s, "unexpected end of input");
	switch (*s->p) {
	case '{':
		if (depth >= MAX_DEPTH)
			return vfail(s, "nesting too deep");
		s->p++;
		skip_ws(s);
		if (s->p < s->end && *s->p == '}') {
			s->p++;
			return 0;
		}
		for (;;) {
			skip_ws(s);
			if (s->p >= s->end || *s->p != '"')
				return vfail(s, "expected a string key");
			const unsigned char *key = s->p;
			if (vstring(s))
				return -1;
			size_t keylen = (size_t)(s->p - key);
			skip_ws(s);
			if (s->p >= s->end || *s->p != ':')
				return vfail(s, "expected ':'");
			s->p++;
			skip_ws(s);
			const unsigned char *val = s->p;
			if (vvalue(s, depth + 1))
				return -1;
			if (depth == 0)
				note_root_member(key, keylen, val, (size_t)(s->p - val));
			int more = vafter_item(s, '}', "expected ',' or '}'");
			if (more <= 0)
				return more;
		}
	case '[':
		if (depth >= MAX_DEPTH)
			return vfail(s, "nesting too deep");
		s->p++;
		skip_ws(s);
		if (s->p < s->end && *s->p == ']') {
			s->p++;
			return 0;
		}
		for (;;) {
			if (vvalue(s, depth + 1))
				return -1;
			int more = vafter_item(s, ']', "expected ',' or ']'");
			if (more <= 0)
				return more;
		}
	case '"':
		return vstring(s);
	case 't':
		return vliteral(s, "true", 4);
	case 'f':
		return vliteral(s, "false", 5);
	case 'n':
		return vliteral(s, "null", 4);
	default:
		return vnumber(s);
	}
}

int ds_json_validate(const char *p, size_t n, const char **why, size_t *at)
{
	struct vstate s = { (const unsigned char *)p, (const unsigned char *)p + n,
			    (const unsigned char *)p, NULL };
	root_index.obj = NULL;
	root_index.count = 0;
	if (vvalue(&s, 0) == 0) {
		skip_ws(&s);
		if (s.p == s.end) {
			struct ds_jspan root = ds_json_root(p, n);
			if (root.n && root.p[0] == '{' && root_index.count <= ROOT_INDEX_MAX) {
				root_index.obj = root.p;
				root_index.n = root.n;
			}
			return 0;
		}
		s.why = "unexpected text after the JSON value";
	}
	*why = s.why;
	*at = (size_t)(s.p - s.start);
	return -1;
}

/* --- reading validated JSON ------------------------------------------------ */

static const char *ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* End of the string starting at p (on its opening quote). */
static const char *skip_string(const char *p, const char *end)
{
	p++;
	for (;;) {
		const char *q = memchr(p, '"', (size_t)(end - p));
		if (!q)
			return end;
		/* An odd run of backslashes before the quote escapes it. */
		const char *b = q;
		while (b > p && b[-1] == '\\')
			b--;
		if (((q - b) & 1) == 0)
			return q + 1;
		p = q + 1;
	}
}

/* End of the value starting at p. */
static const char *skip_value(const char *p, const char *end)
{
	switch (*p) {
	case '"':
		return skip_string(p, end);
	case '{': case '[': {
		int depth = 0;
		while (p < end) {
			char c = *p;
			if (c == '"') {
				p = skip_string(p, end);
				continue;
			}
			if (c == '{' || c == '[')
				depth++;
			else if (c == '}' || c == ']') {
				if (--depth == 0)
					return p + 1;
			}
			p++;
		}
		return end;
	}
	default:
		while (p < end && *p != ',' && *p != '}' && *p != ']' && *p != ' '
		       && *p != '\t' && *p != '\n' && *p != '\r')
			p++;
		return p;
	}
}

struct ds_jspan ds_json_root(const char *p, size_t n)
{
	const char *end = p + n;
	p = ws(p, end);
	while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r'))
		end--;
	return (struct ds_jspan){ p, (size_t)(end - p) };
}

enum ds_jtype ds_jtype(struct ds_jspan v)
{
	if (!v.p || !v.n)
		return DS_J_MISSING;
	switch (v.p[0]) {
	case '{': return DS_J_OBJECT;
	case '[': return DS_J_ARRAY;
	case '"': return DS_J_STRING;
	case 't': return DS_J_TRUE;
	case 'f': return DS_J_FALSE;
	case 'n': return DS_J_NULL;
	default: return DS_J_NUMBER;
	}
}

const char *ds_jtype_name(enum ds_jtype t)
{
	switch (t) {
	case DS_J_MISSING: case DS_J_NULL: return "null";
	case DS_J_FALSE: case DS_J_TRUE: return "boolean";
	case DS_J_NUMBER: return "number";
	case DS_J_STRING: return "string";
	case DS_J_ARRAY: return "array";
	case DS_J_OBJECT: return "object";
	}
	return "null";
}

bool ds_jobj_next(struct ds_jspan obj, size_t *it, struct ds_jspan *key, struct ds_jspan *val)
{
	if (obj.p == root_index.obj && obj.n == root_index.n) {
		/* The validation's index of this object: *it counts the members
		 * returned, and no byte is scanned again. */
		if (*it >= root_index.count)
			return false;
		const struct root_member *m = &root_index.m[(*it)++];
		*key = (struct ds_jspan){ m->key, m->keylen };
		*val = (struct ds_jspan){ m->val, m->vallen };
		return true;
	}
	const char *end = obj.p + obj.n;
	const char *p = obj.p + (*it ? *it : 1);
	p = ws(p, end);
	if (p < end && *p == ',')
		p = ws(p + 1, end);
	if (p >= end || *p != '"')
		return false;
	const char *k = p;
	p = skip_string(p, end);
	*key = (struct ds_jspan){ k, (size_t)(p - k) };
	p = ws(p, end);
	p = ws(p + 1, end);	/* the ':' */
	const char *v = p;
	p = skip_value(p, end);
	*val = (struct ds_jspan){ v, (size_t)(p - v) };
	*it = (size_t)(p - obj.p);
	return true;
}

bool ds_jarr_next(struct ds_jspan arr, size_t *it, struct ds_jspan *elem)
{
	const char *end = arr.p + arr.n;
	const char *p = arr.p + (*it ? *it : 1);
	p = ws(p, end);
	if (p < end && *p == ',')
		p = ws(p + 1, end);
	if (p >= end || *p == ']')
		return false;
	const char *v = p;
	p = skip_value(p, end);
	*elem = (struct ds_jspan){ v, (size_t)(p - v) };
	*it = (size_t)(p - arr.p);
	return true;
}

bool ds_jstr_eq(struct ds_jspan str, const char *s, size_t n)
{
	/* Fast path: no escapes inside, compare the raw bytes. */
	if (str.n == n + 2 && !memchr(str.p + 1, '\\', n))
		return memcmp(str.p + 1, s, n) == 0;
	if (!memchr(str.p + 1, '\\', str.n - 2))
		return false;
	struct ds_buf tmp = { 0 };
	ds_jstr_decode(str, &tmp);
	bool eq = tmp.len == n && memcmp(tmp.data, s, n) == 0;
	ds_buf_free(&tmp);
	return eq;
}

struct ds_jspan ds_jobj_get(struct ds_jspan obj, const char *key, size_t keylen)
{
	struct ds_jspan found = { NULL, 0 }, k, v;
	size_t it = 0;
	if (ds_jtype(obj) != DS_J_OBJECT)
		return found;
	if (obj.p == root_index.obj && obj.n == root_index.n) {
		/* The last duplicate wins: search from the end. */
		for (size_t i = root_index.count; i-- > 0;) {
			const struct root_member *m = &root_index.m[i];
			if (ds_jstr_eq((struct ds_jspan){ m->key, m->keylen }, key, keylen))
				return (struct ds_jspan){ m->val, m->vallen };
		}
		return found;
	}
	while (ds_jobj_next(obj, &it, &k, &v))
		if (ds_jstr_eq(k, key, keylen))
			found = v;	/* the last duplicate wins */
	return found;
}

size_t ds_jarr_len(struct ds_jspan arr)
{
	size_t n = 0, it = 0;
	struct ds_jspan e;
	if (ds_jtype(arr) != DS_J_ARRAY)
		return 0;
	while (ds_jarr_next(arr, &it, &e))
		n++;
	return n;
}

struct ds_jspan ds_jarr_at(struct ds_jspan arr, int64_t idx)
{
	struct ds_jspan e = { NULL, 0 };
	size_t it = 0;
	if (ds_jtype(arr) != DS_J_ARRAY)
		return e;
	if (idx < 0) {
		idx += (int64_t)ds_jarr_len(arr);
		if (idx < 0)
			return e;
	}
	while (ds_jarr_next(arr, &it, &e))
		if (idx-- == 0)
			return e;
	return (struct ds_jspan){ NULL, 0 };
}

static void put_utf8(struct ds_buf *out, unsigned cp)
{
	char b[4];
	size_t n;
	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | cp >> 12);
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (char)(0xf0 | cp >> 18);
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	ds_buf_add(out, b, n);
}

void ds_jstr_decode(struct ds_jspan str, struct ds_buf *out)
{
	const char *p = str.p + 1, *end = str.p + str.n - 1;
	ds_buf_grow(out, str.n);
	while (p < end) {
		const char *q = memchr(p, '\\', (size_t)(end - p));
		if (!q) {
			ds_buf_add(out, p, (size_t)(end - p));
			return;
		}
		ds_buf_add(out, p, (size_t)(q - p));
		char c = q[1];
		p = q + 2;
		switch (c) {
		case 'b': ds_buf_addc(out, '\b'); break;
		case 'f': ds_buf_addc(out, '\f'); break;
		case 'n': ds_buf_addc(out, '\n'); break;
		case 'r': ds_buf_addc(out, '\r'); break;
		case 't': ds_buf_addc(out, '\t'); break;
		case 'u': {
			unsigned u = 0, lo = 0;
			read_hex4((const unsigned char *)p, (const unsigned char *)end, &u);
			p += 4;
			if (u >= 0xd800 && u <= 0xdbff && end - p >= 6 && p[0] == '\\' && p[1] == 'u'
			    && !read_hex4((const unsigned char *)p + 2, (const unsigned char *)end, &lo)
			    && lo >= 0xdc00 && lo <= 0xdfff) {
				u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
				p += 6;
			} else if (u >= 0xd800 && u <= 0xdfff) {
				u = 0xfffd;
			}
			put_utf8(out, u);
			break;
		}
		default: ds_buf_addc(out, c); break;	/* " \ / */
		}
	}
}

bool ds_jnum(struct ds_jspan v, double *out)
{
	if (ds_jtype(v) != DS_J_NUMBER)
		return false;
	char tmp[64];
	if (v.n < sizeof tmp) {
		memcpy(tmp, v.p, v.n);
		tmp[v.n] = 0;
		*out = strtod(tmp, NULL);
	} else {
		char *s = ds_malloc(v.n + 1);
		memcpy(s, v.p, v.n);
		s[v.n] = 0;
		*out = strtod(s, NULL);
		free(s);
	}
	return true;
}

/* --- writing ---------------------------------------------------------------- */

void ds_json_quote(struct ds_buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	ds_buf_grow(out, n + 2);
	ds_buf_addc(out, '"');
	while (p < end) {
		const unsigned char *q = p;
		while (q < end && *q >= 0x20 && *q < 0x80 && *q != '"' && *q != '\\')
			q++;
		ds_buf_add(out, p, (size_t)(q - p));
		p = q;
		if (p >= end)
			break;
		unsigned c = *p;
		if (c >= 0x80) {
			int len = utf8_seq_len(p, end);
			if (len) {
				ds_buf_add(out, p, (size_t)len);
				p += len;
			} else {
				ds_buf_add(out, "\xef\xbf\xbd", 3);
				p++;
			}
			continue;
		}
		p++;
		switch (c) {
		case '"': ds_buf_add(out, "\\\"", 2); break;
		case '\\': ds_buf_add(out, "\\\\", 2); break;
		case '\n': ds_buf_add(out, "\\n", 2); break;
		case '\t': ds_buf_add(out, "\\t", 2); break;
		case '\r': ds_buf_add(out, "\\r", 2); break;
		case '\b': ds_buf_add(out, "\\b", 2); break;
		case '\f': ds_buf_add(out, "\\f", 2); break;
		default: {
			char e[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
			ds_buf_add(out, e, 6);
		}
		}
	}
	ds_buf_addc(out, '"');
}

void ds_jw_init(struct ds_jw *w, struct ds_buf *b)
{
	w->b = b;
	w->depth = 0;
	w->first[0] = true;
	w->after_key = false;
}

/* Before a value: a comma unless it is the first in its container or follows a key. */
static void jw_sep(struct ds_jw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (!w->first[w->depth])
		ds_buf_addc(w->b, ',');
	w->first[w->depth] = false;
}

static void jw_open(struct ds_jw *w, char c)
{
	jw_sep(w);
	ds_buf_addc(w->b, c);
	if (w->depth + 1 >= DS_JW_DEPTH)
		ds_die(DS_EXIT_LIMIT, "internal error: JSON writer nesting too deep");
	w->first[++w->depth] = true;
	w->closer[w->depth] = c == '{' ? '}' : ']';
}

void ds_jw_obj(struct ds_jw *w) { jw_open(w, '{'); }
void ds_jw_arr(struct ds_jw *w) { jw_open(w, '['); }

void ds_jw_end(struct ds_jw *w)
{
	ds_buf_addc(w->b, w->closer[w->depth--]);
}

void ds_jw_key(struct ds_jw *w, const char *key)
{
	struct ds_buf *b = w->b;
	size_t n = 0;
	/* Keys are nearly always plain ASCII names: copy them as they are. */
	while (key[n] && (unsigned char)key[n] >= 0x20 && (unsigned char)key[n] < 0x80
	       && key[n] != '"' && key[n] != '\\')
		n++;
	if (key[n]) {
		jw_sep(w);
		ds_json_quote(b, key, strlen(key));
		ds_buf_addc(b, ':');
		w->after_key = true;
		return;
	}
	if (b->cap - b->len < n + 4)
		ds_buf_grow(b, n + 4);
	char *d = b->data + b->len;
	if (w->after_key)
		w->after_key = false;
	else if (!w->first[w->depth])
		*d++ = ',';
	w->first[w->depth] = false;
	*d++ = '"';
	memcpy(d, key, n);
	d += n;
	*d++ = '"';
	*d++ = ':';
	b->len = (size_t)(d - b->data);
	w->after_key = true;
}

void ds_jrow_init(struct ds_jrow *r, const char *const *names, int n)
{
	struct ds_buf b = { 0 };
	r->n = n;
	r->off = ds_reallocarray(NULL, (size_t)n + 1, sizeof *r->off);
	for (int i = 0; i < n; i++) {
		r->off[i] = (uint32_t)b.len;
		ds_buf_addc(&b, i ? ',' : '{');
		ds_json_quote(&b, names[i], strlen(names[i]));
		ds_buf_addc(&b, ':');
	}
	r->off[n] = (uint32_t)b.len;
	r->max_len = b.len + (size_t)n * DS_NUM_MAX + 2;
	ds_buf_grow(&b, DS_JROW_COPY);
	memset(b.data + b.len, 0, DS_JROW_COPY);
	r->keys = b.data;
}

void ds_jrow_free(struct ds_jrow *r)
{
	free(r->keys);
	free(r->off);
	memset(r, 0, sizeof *r);
}

char *ds_jrow_begin(const struct ds_jrow *r, struct ds_buf *b)
{
	ds_buf_grow(b, r->max_len);
	return b->data + b->len;
}

void ds_jrow_end(const struct ds_jrow *r, struct ds_buf *b, char *d)
{
	if (r->n == 0)
		*d++ = '{';
	*d++ = '}';
	b->len = (size_t)(d - b->data);
}

void ds_jw_double(struct ds_jw *w, double x)
{
	jw_sep(w);
	ds_buf_grow(w->b, DS_NUM_MAX);
	w->b->len += ds_fmt_double(w->b->data + w->b->len, x);
}

void ds_jw_int(struct ds_jw *w, int64_t v)
{
	jw_sep(w);
	ds_buf_grow(w->b, DS_NUM_MAX);
	w->b->len += ds_fmt_int(w->b->data + w->b->len, v);
}

void ds_jw_uint(struct ds_jw *w, uint64_t v)
{
	jw_sep(w);
	ds_buf_grow(w->b, DS_NUM_MAX);
	w->b->len += ds_fmt_uint(w->b->data + w->b->len, v);
}

void ds_jw_bool(struct ds_jw *w, bool v)
{
	jw_sep(w);
	ds_buf_adds(w->b, v ? "true" : "false");
}

void ds_jw_null(struct ds_jw *w)
{
	jw_sep(w);
	ds_buf_add(w->b, "null", 4);
}

void ds_jw_str(struct ds_jw *w, const char *s, size_t n)
{
	jw_sep(w);
	ds_json_quote(w->b, s, n);
}

void ds_jw_raw(struct ds_jw *w, const char *json, size_t n)
{
	jw_sep(w);
	ds_buf_add(w->b, json, n);
}
