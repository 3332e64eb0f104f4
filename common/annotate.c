/* annotate.c: splicing an annotation into a record line. */
#include "annotate.h"

#include "json.h"

void ds_annotate(struct ds_buf *out, const char *line, size_t len,
		 const char *key, size_t keylen, const char *val, size_t vlen)
{
	struct ds_jspan obj = ds_json_root(line, len), k, v;
	size_t it = 0, copied = 0;
	bool replaced = false;
	ds_buf_grow(out, len + keylen + vlen + 8);
	while (ds_jobj_next(obj, &it, &k, &v)) {
		if (!ds_jstr_eq(k, key, keylen))
			continue;
		size_t at = (size_t)(v.p - line);
		ds_buf_add(out, line + copied, at - copied);
		ds_buf_add(out, val, vlen);
		copied = at + v.n;
		replaced = true;
	}
	if (replaced) {
		ds_buf_add(out, line + copied, len - copied);
		return;
	}
	/* Insert before the closing brace, after any white space before it. */
	size_t close = (size_t)(obj.p + obj.n - 1 - line);
	ds_buf_add(out, line, close);
	size_t it2 = 0;
	if (ds_jobj_next(obj, &it2, &k, &v))
		ds_buf_addc(out, ',');
	ds_json_quote(out, key, keylen);
	ds_buf_addc(out, ':');
	ds_buf_add(out, val, vlen);
	ds_buf_add(out, line + close, len - close);
}
