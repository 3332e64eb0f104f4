#!/bin/sh
# ds-readability against jq on the same >= 500 MB corpus, in one run.
# Usage: bench/readability.sh   (tools from ./build, or DS_BIN=DIR)
set -eu
. "$(dirname "$0")/lib.sh"
measure "jq -c .output (baseline)" jq -c .output "$CORPUS"
measure "ds-readability -f .output" "$BIN/ds-readability" -f .output "$CORPUS"
measure "ds-readability -f .output -j 2" "$BIN/ds-readability" -f .output -j 2 "$CORPUS"
measure "ds-readability --metrics all -j 2" "$BIN/ds-readability" -f .output --metrics all -j 2 "$CORPUS"
