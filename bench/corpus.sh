#!/bin/sh
# Build the benchmark corpus: ../shared/data/alpaca-sample.jsonl repeated to at
# least 500 MB. Usage: bench/corpus.sh [OUT] (default /tmp/ds-corpus.jsonl).
# Prints the path. Rebuilt only if missing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
shared=${DS_SHARED:-$here/../../shared}
out=${1:-/tmp/ds-corpus.jsonl}
src=$shared/data/alpaca-sample.jsonl
if [ ! -s "$out" ]; then
	size=$(wc -c <"$src")
	times=$(( (500000000 + size - 1) / size ))
	tmp=$out.tmp.$$
	i=0
	: >"$tmp"
	while [ $i -lt "$times" ]; do
		cat "$src"
		i=$((i + 1))
	done >>"$tmp"
	mv "$tmp" "$out"
fi
echo "$out"
