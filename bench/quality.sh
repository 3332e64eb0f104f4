#!/bin/sh
# ds-quality (all rule sets and extras) against jq on the same >= 500 MB
# corpus, in one run. Usage: bench/quality.sh   (tools from ./build, or DS_BIN=DIR)
set -eu
. "$(dirname "$0")/lib.sh"
measure "jq -c .output (baseline)" jq -c .output "$CORPUS"
measure "ds-quality -f .output" "$BIN/ds-quality" -f .output "$CORPUS"
measure "ds-quality -f .output -j 2" "$BIN/ds-quality" -f .output -j 2 "$CORPUS"
measure "ds-quality -f .output, all but lang" "$BIN/ds-quality" -f .output \
	--rules gopher_quality,gopher_repetition,c4,c4_badwords,fineweb,fineweb_recipe,zstd_ratio,overlap \
	"$CORPUS"
measure "ds-quality -f .output --tokenizer whitespace" "$BIN/ds-quality" -f .output --tokenizer whitespace "$CORPUS"
measure "ds-quality -f .output --rules fineweb_recipe" "$BIN/ds-quality" -f .output --rules fineweb_recipe "$CORPUS"
