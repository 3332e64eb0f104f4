#!/bin/bash
# ds-dedup against a reference written from DEFINITIONS.md section 4 on the
# shared data: --hash datasketch signatures bit for bit and its clusters (with
# --verify, --verify-exact); the default hash against datasketch's: records
# decided alike, duplicate pairs within the noise of another seed, and with
# --verify-exact >= 99% the same pairs (dedup_reference.py says why).
. "${DS_SRC:-.}/tests/lib.sh"
need_shared

PY=python3
$PY -c 'import numpy' 2>/dev/null || PY=/usr/bin/python3
if ! $PY -c 'import numpy' 2>/dev/null; then
	echo "1..0 # SKIP numpy is not installed (scripts/install-deps --test)"
	exit 0
fi
tap_lines < <($PY "$DS_SRC/tests/cli/dedup_reference.py" differential "$DS_BIN/ds-dedup" "$DATA" "$T" || echo "not ok dedup_reference.py failed (exit $?)")
done_testing
