#!/bin/bash
# ds-readability: textstat 0.7.11's values on every record of a real dataset.
. "${DS_SRC:-.}/tests/lib.sh"
need_shared

tap_lines < <(python3 "$DS_SRC/tests/cli/readability_real.py" "$DS_BIN/ds-readability" \
	"$DS_BIN/tests/unit/readability-probe" "$DATA" "$CONF")

# Without --all-scripts the one Japanese output is the only record without values.
run ds-readability -f .output "$DATA/alpaca-sample.jsonl" \
	| jq -r 'select(.readability.words == null) | .output' >"$T/null"
is "$(cat "$T/null")" "彼女は優秀な教師です。" "default: only the Japanese record gets nulls"

done_testing
