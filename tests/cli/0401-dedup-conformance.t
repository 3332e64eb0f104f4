#!/bin/bash
# ds-dedup: the minhash cases of ../shared/conformance (datasketch 1.10.0,
# text-dedup 0.4.1) and DEFINITIONS.md's (bands, rows) table.
. "${DS_SRC:-.}/tests/lib.sh"
need_shared

# numpy draws the reference permutations (Debian python3-numpy).
PY=python3
$PY -c 'import numpy' 2>/dev/null || PY=/usr/bin/python3
if ! $PY -c 'import numpy' 2>/dev/null; then
	echo "1..0 # SKIP numpy is not installed (scripts/install-deps --test)"
	exit 0
fi
tap_lines < <($PY "$DS_SRC/tests/cli/dedup_reference.py" conformance "$DS_BIN/ds-dedup" "$CONF" "$T" || echo "not ok dedup_reference.py failed (exit $?)")
done_testing
