#!/bin/sh
# ds-dsir fit, score and select against jq on the same >= 500 MB corpus, in
# one run, with the fast xxh3 buckets and with DSIR's SHA-256 buckets.
# The corpus repeats one sample file, so the SHA-256 bucket cache hits more
# often than on fresh text of the same size.
# Usage: bench/dsir.sh   (tools from ./build, or DS_BIN=DIR)
set -eu
. "$(dirname "$0")/lib.sh"
shared=${DS_SHARED:-$here/../../shared}
target=$shared/data/code-instruct-sample.jsonl
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ds-bench-dsir.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
measure "jq -c .output (baseline)" jq -c .output "$CORPUS"
for hash in xxh3 dsir; do
	measure "ds-dsir fit --hash $hash (raw)" \
		"$BIN/ds-dsir" fit --hash $hash -f .output --raw "$CORPUS" -o "$tmp/raw.$hash"
	"$BIN/ds-dsir" fit --hash $hash -f .response --target "$target" -o "$tmp/target.$hash"
	"$BIN/ds-dsir" merge "$tmp/target.$hash" "$tmp/raw.$hash" -o "$tmp/m.$hash"
	measure "ds-dsir score ($hash)" "$BIN/ds-dsir" score -M "$tmp/m.$hash" -f .output "$CORPUS"
	measure "ds-dsir score ($hash) -j 2" "$BIN/ds-dsir" score -M "$tmp/m.$hash" -f .output -j 2 "$CORPUS"
done
measure "ds-dsir select -k 100000 (xxh3)" \
	"$BIN/ds-dsir" select -k 100000 -M "$tmp/m.xxh3" -f .output "$CORPUS"
