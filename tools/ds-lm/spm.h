/* spm.h: SentencePiece, whose library's API is C++ only, behind a C interface
 * for ds-lm --spm. */
#ifndef DS_LM_SPM_H
#define DS_LM_SPM_H

#include <stddef.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Inside: buf.h's functions keep C linkage in spm.cc too. */
#include "buf.h"

struct lm_spm;

/* Load a SentencePiece model file; NULL with the library's message in err. */
struct lm_spm *lm_spm_load(const char *path, struct ds_buf *err);
void lm_spm_free(struct lm_spm *sp);

/* Append the pieces of text[0..n) (valid UTF-8), joined by single spaces, to
 * out: what spm_encode --output_format=piece writes for a line, and what
 * data-juicer and CCNet hand to KenLM. Returns 0, or -1 with the library's
 * message in err. Threads may share sp. */
int lm_spm_encode(const struct lm_spm *sp, const char *text, size_t n, struct ds_buf *out,
		  struct ds_buf *err);

#ifdef __cplusplus
}
#endif

#endif
