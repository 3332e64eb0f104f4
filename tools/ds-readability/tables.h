/* tables.h: the word lists ds-readability compiles in (generated into tables.c
 * by gen-tables.py from the npm packages cmudict 1.0.2 and dale-chall 2.0.1). */
#ifndef RD_TABLES_H
#define RD_TABLES_H

/* "word\tN\n" lines, sorted: N = stress-marked phones of the word's first
 * CMUdict 0.7a pronunciation. */
extern const char rd_cmudict_text[];
extern const unsigned rd_cmudict_words;
/* "word\n" lines, sorted: textstat's New Dale-Chall easy words. */
extern const char rd_easy_words_text[];
extern const unsigned rd_easy_words_words;

#endif
