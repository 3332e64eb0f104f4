// spm.cc: the SentencePiece calls ds-lm makes, behind the C interface of
// spm.h (libsentencepiece's API is C++ only).
#include <sentencepiece_processor.h>

#include <exception>
#include <string>
#include <vector>

#include "spm.h"

struct lm_spm {
	sentencepiece::SentencePieceProcessor proc;
};

extern "C" struct lm_spm *lm_spm_load(const char *path, struct ds_buf *err)
{
	lm_spm *sp = new lm_spm;
	// The library reports most failures by status, some by exception
	// (reading a directory); none may cross into C.
	try {
		sentencepiece::util::Status st = sp->proc.Load(path);
		if (st.ok())
			return sp;
		ds_buf_adds(err, st.error_message());
	} catch (const std::exception &e) {
		ds_buf_adds(err, e.what());
	}
	delete sp;
	return nullptr;
}

extern "C" void lm_spm_free(struct lm_spm *sp)
{
	delete sp;
}

extern "C" int lm_spm_encode(const struct lm_spm *sp, const char *text, size_t n,
			     struct ds_buf *out, struct ds_buf *err)
{
	// Kept per thread so that its capacity is reused from record to record.
	static thread_local std::vector<std::string> pieces;
	pieces.clear();
	try {
		sentencepiece::util::Status st = sp->proc.Encode(std::string_view(text, n), &pieces);
		if (!st.ok()) {
			ds_buf_adds(err, st.error_message());
			return -1;
		}
	} catch (const std::exception &e) {
		ds_buf_adds(err, e.what());
		return -1;
	}
	for (size_t i = 0; i < pieces.size(); i++) {
		if (i)
			ds_buf_addc(out, ' ');
		ds_buf_add(out, pieces[i].data(), pieces[i].size());
	}
	return 0;
}
