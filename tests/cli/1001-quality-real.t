#!/bin/bash
# ds-quality on the alpaca sample against datatrove 0.10.0 run on the same
# records: every statistic, pass and reason, with whitespace words and with
# the default spaCy English words.
. "${DS_SRC:-.}/tests/lib.sh"
need_shared

for tok in whitespace spacy-en; do
	tap_lines < <(python3 "$DS_SRC/tests/cli/quality_conformance.py" real "$DS_BIN/ds-quality" "$CONF" "$DATA" $tok)
done

done_testing
