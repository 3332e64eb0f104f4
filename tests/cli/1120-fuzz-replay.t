#!/bin/sh
# The fuzz harnesses (fuzz/), replayed without libFuzzer over their seed corpus
# (made from the shared data by scripts/fuzz-seeds, the file readers' seeds by
# the built tools) and over fuzz/regress/: the inputs that once broke a
# property stay fixed, in every build (plain, sanitizers, valgrind).
. "$DS_SRC/tests/lib.sh"
need_shared

"$DS_SRC/scripts/fuzz-seeds" "$DATA" "$T/seeds" "$DS_BIN"
for h in json framing expr annotate numfmt zstd tok vectors dsir diversity embed lm dedup; do
	bin=$DS_BIN/fuzz/replay-$h
	if [ ! -x "$bin" ]; then
		skip "replay-$h not built (make check builds it)"
		continue
	fi
	dirs="$T/seeds/$h"
	[ -d "$DS_SRC/fuzz/regress/$h" ] && dirs="$dirs $DS_SRC/fuzz/regress/$h"
	# shellcheck disable=SC2086
	if [ -n "$DS_VALGRIND" ]; then
		$DS_VALGRIND "$bin" $dirs >"$T/$h.tap" 2>"$T/$h.err"
	else
		"$bin" $dirs >"$T/$h.tap" 2>"$T/$h.err"
	fi
	status=$?
	n=$(grep -c '^ok ' "$T/$h.tap")
	[ "$status" -eq 0 ] && [ "$n" -gt 0 ] && ! grep -q '^not ok' "$T/$h.tap"
	ok $? "fuzz-$h: $n inputs replayed, every property holds"
	[ "$status" -eq 0 ] || sed 's/^/# /' "$T/$h.err" | head -5
done
done_testing
