#!/bin/sh
# ds-quality against jq on the same >= 500 MB corpus, in one run: datatrove's
# six rule sets (the default), the same with the extras (--rules all: zstd
# ratio, overlap, CLD2 language), each on one thread and on two.
# Usage: bench/quality.sh   (tools from ./build, or DS_BIN=DIR)
set -eu
. "$(dirname "$0")/lib.sh"
measure "jq -c .output (baseline)" jq -c .output "$CORPUS"
measure "ds-quality (six rule sets)" "$BIN/ds-quality" -f .output "$CORPUS"
measure "ds-quality -j 2" "$BIN/ds-quality" -f .output -j 2 "$CORPUS"
measure "ds-quality --rules all" "$BIN/ds-quality" -f .output --rules all "$CORPUS"
measure "ds-quality --rules all -j 2" "$BIN/ds-quality" -f .output --rules all -j 2 "$CORPUS"
measure "ds-quality --tokenizer whitespace" "$BIN/ds-quality" -f .output --tokenizer whitespace "$CORPUS"
measure "ds-quality --rules fineweb_recipe" "$BIN/ds-quality" -f .output --rules fineweb_recipe "$CORPUS"
