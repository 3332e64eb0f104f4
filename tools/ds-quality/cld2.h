/* cld2.h: language identification with CLD2 (Compact Language Detector 2). */
#ifndef DSQ_CLD2_H
#define DSQ_CLD2_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The top language of text[0..len) (valid UTF-8) as CLD2's code ("en",
 * "zh", "un" for unknown) and its share of the text's letters (0..1).
 * Returns CLD2's is_reliable flag. Thread-safe. */
int dsq_cld2_detect(const char *text, size_t len, const char **code, double *score);

#ifdef __cplusplus
}
#endif

#endif
