#!/bin/sh
# ds-ttr against jq on the same >= 500 MB corpus, in one run.
# Usage: bench/ttr.sh   (tools from ./build, or DS_BIN=DIR)
set -eu
. "$(dirname "$0")/lib.sh"
measure "jq -c .output (baseline)" jq -c .output "$CORPUS"
measure "ds-ttr -f .output" "$BIN/ds-ttr" -f .output "$CORPUS"
measure "ds-ttr -f .output -j 2" "$BIN/ds-ttr" -f .output -j 2 "$CORPUS"
measure "ds-ttr (auto format, response)" "$BIN/ds-ttr" "$CORPUS"
