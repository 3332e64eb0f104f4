// cld2.cc: the one CLD2 call ds-quality makes, behind a C interface (CLD2's
// API is C++ only).
#include <cstdio>	// compact_lang_det.h uses FILE without including it
#include <cld2/public/compact_lang_det.h>

#include "cld2.h"

extern "C" int dsq_cld2_detect(const char *text, size_t len, const char **code, double *score)
{
	CLD2::Language lang3[3];
	int percent3[3], text_bytes;
	bool reliable;
	int n = len > 0x7fffffff ? 0x7fffffff : (int)len;
	CLD2::DetectLanguageSummary(text, n, true, lang3, percent3, &text_bytes, &reliable);
	*code = CLD2::LanguageCode(lang3[0]);
	*score = percent3[0] / 100.0;
	return reliable;
}
