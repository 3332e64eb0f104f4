/* hyph.h: hyphenation points as Pyphen 0.17 finds them, from the LibreOffice
 * pattern files Debian's hyphen-* packages install (hyph_LANG.dic).
 *
 * textstat counts the syllables of a word missing from CMUdict (and of every
 * word in other languages) as len(Pyphen(lang).positions(word)) + 1. Pyphen
 * reads the .dic files itself, merging all pattern levels into one table and
 * using 2 characters at each end of a word whatever the file says; libhyphen
 * keeps the levels apart, adds compound rules that break at apostrophes and
 * hyphens and applies the file's RIGHTHYPHENMIN, so counts differ. Hence this
 * small Liang-pattern matcher with Pyphen's exact rules. */
#ifndef RD_HYPH_H
#define RD_HYPH_H

#include <stddef.h>
#include <stdint.h>
#include "buf.h"

struct rd_hyph;

/* Pyphen's language fallback over the hyph_*.dic files in dir: "de-DE",
 * "de_de", "de" all find hyph_de_DE.dic or hyph_de.dic. Sets path and returns
 * 0, or -1 if no file serves lang. */
int rd_hyph_find(const char *dir, const char *lang, struct ds_buf *path);
/* Load a pattern file; NULL with a message in err on failure. */
struct rd_hyph *rd_hyph_load(const char *path, struct ds_buf *err);
void rd_hyph_free(struct rd_hyph *h);

/* Per-thread scratch for rd_hyph_count. */
struct rd_hyph_scratch {
	struct ds_buf pointed;	/* ".word." */
	uint32_t *off;		/* byte offset of each code point of pointed */
	uint8_t *ref;		/* pattern values per inter-letter position */
	size_t cap;
};
void rd_hyph_scratch_free(struct rd_hyph_scratch *s);

/* len(Pyphen.positions(word)) for the lower-case UTF-8 word[0..n). */
unsigned rd_hyph_count(const struct rd_hyph *h, const char *word, size_t n,
		       struct rd_hyph_scratch *s);

#endif
