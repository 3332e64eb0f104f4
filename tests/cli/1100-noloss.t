#!/bin/bash
# No record lost (issue 11): every built tool, on every file of the shared data
# with faults injected (tests/cli/noloss.py says which and what is checked),
# under --on-error skip, pass and fail.
. "$DS_SRC/tests/lib.sh"
need_shared

if [ -n "$DS_VALGRIND" ]; then
	# noloss.py runs the tools itself: put valgrind in front of each.
	mkdir -p "$T/bin"
	for exe in "$DS_BIN"/ds-*; do
		[ -x "$exe" ] || continue
		printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$DS_VALGRIND" "$exe" >"$T/bin/${exe##*/}"
		chmod +x "$T/bin/${exe##*/}"
	done
	bin=$T/bin
else
	bin=$DS_BIN
fi
tap_lines < <(python3 "$DS_SRC/tests/cli/noloss.py" "$bin" "$DATA" "$T" || echo "not ok noloss.py failed (exit $?)")
done_testing
