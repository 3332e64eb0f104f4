#!/bin/sh
# ds-topk, ds-sample and ds-filter against jq on the same >= 500 MB corpus, in
# one run. The corpus gets a numeric "score" as its first key (awk, cached next
# to it) so that every tool has a number to rank by.
# Usage: bench/select.sh   (tools from ./build, or DS_BIN=DIR)
set -eu
. "$(dirname "$0")/lib.sh"
SCORED=${CORPUS%.jsonl}-scored.jsonl
if [ ! -s "$SCORED" ]; then
	awk '{ printf "{\"score\":%.6f,%s\n", ((NR * 2654435761) % 1000003) / 1000.0, substr($0, 2) }' \
		"$CORPUS" >"$SCORED.tmp.$$"
	mv "$SCORED.tmp.$$" "$SCORED"
fi
CORPUS=$SCORED
BYTES=$(wc -c <"$CORPUS")
echo "# scored corpus: $CORPUS, $BYTES bytes"
measure "jq -c .score (baseline)" jq -c .score "$CORPUS"
measure "ds-topk -k 1000 --by .score" "$BIN/ds-topk" -k 1000 --by .score "$CORPUS"
measure "ds-topk -k 1000 --by .score -j 2" "$BIN/ds-topk" -k 1000 --by .score -j 2 "$CORPUS"
measure "ds-topk --percent 1 (two passes)" "$BIN/ds-topk" --percent 1 --by .score "$CORPUS"
measure "ds-topk -k 10 --by .score -g .input" "$BIN/ds-topk" -k 10 --by .score -g .input "$CORPUS"
measure "ds-sample -n 1000" "$BIN/ds-sample" -n 1000 "$CORPUS"
measure "ds-sample -n 1000 --weight .score" "$BIN/ds-sample" -n 1000 --weight .score "$CORPUS"
measure "ds-sample --rate 0.01" "$BIN/ds-sample" --rate 0.01 "$CORPUS"
measure "ds-filter -e '.score > 900'" "$BIN/ds-filter" -e '.score > 900' "$CORPUS"
measure "ds-filter -e '.score > 900 and .input == \"\"'" "$BIN/ds-filter" -e '.score > 900 and .input == ""' "$CORPUS"
measure "ds-filter -e '(.score > 900) | .' (libjq)" "$BIN/ds-filter" -e '(.score > 900) | .' "$CORPUS"
