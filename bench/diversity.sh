#!/bin/sh
# ds-diversity against jq on the same >= 500 MB corpus, in one run; then the
# Vendi score of 100k ds-embed vectors of dimension 256 (bounded memory), and
# the bounded-memory scores against the exact n x n kernel on a 5k subset.
# Usage: bench/diversity.sh   (tools from ./build, or DS_BIN=DIR)
set -eu
. "$(dirname "$0")/lib.sh"
measure "jq -c .output (baseline)" jq -c .output "$CORPUS"
measure "ds-diversity -f .output (n=1,2)" "$BIN/ds-diversity" -f .output "$CORPUS"
measure "ds-diversity -f .output -j 2" "$BIN/ds-diversity" -f .output -j 2 "$CORPUS"
measure "ds-diversity -f .output -n 1" "$BIN/ds-diversity" -f .output -n 1 "$CORPUS"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# timed NAME CMD...: seconds, peak RSS and the JSON the command prints.
timed() {
	name=$1
	shift
	/usr/bin/time -f '%e %M' -o "$work/time" "$@" >"$work/out"
	set -- $(cat "$work/time")
	printf '%-44s %8ss %6s MiB  %s\n' "$name" "$1" "$(($2 / 1024))" "$(jq -c .vendi "$work/out")"
}
score() { jq '.vendi | (.ngram // .vectors).score' "$work/out"; }
relerr() { awk -v a="$1" -v b="$2" 'BEGIN { d = (a - b) / b; printf "%.3g", d < 0 ? -d : d }'; }

head -n 100000 "$CORPUS" >"$work/100k.jsonl"
head -n 5000 "$CORPUS" >"$work/5k.jsonl"
"$BIN/ds-embed" -f .output -d 256 --vectors-out "$work/100k.npy" "$work/100k.jsonl" >/dev/null
"$BIN/ds-embed" -f .output -d 256 --vectors-out "$work/5k.npy" "$work/5k.jsonl" >/dev/null
echo "# Vendi score (cosine) of ds-embed vectors, dimension 256"
timed "100k vectors, d x d Gram" "$BIN/ds-diversity" --vectors "$work/100k.npy" "$work/100k.jsonl"
timed "5k vectors, d x d Gram" "$BIN/ds-diversity" --vectors "$work/5k.npy" "$work/5k.jsonl"
gram=$(score)
timed "5k vectors, --exact n x n" "$BIN/ds-diversity" --vectors "$work/5k.npy" --exact "$work/5k.jsonl"
echo "# relative error, Gram vs exact: $(relerr "$gram" "$(score)")"
echo "# n-gram Vendi score (orders 1,2) on the 5k subset"
timed "5k records, --exact n x n" "$BIN/ds-diversity" -f .output --vendi --exact "$work/5k.jsonl"
exact=$(score)
for d in 256 1024 2048; do
	timed "5k records, --hash-dim $d" "$BIN/ds-diversity" -f .output --vendi --hash-dim $d "$work/5k.jsonl"
	echo "# relative error, --hash-dim $d vs exact: $(relerr "$(score)" "$exact")"
done
timed "100k records, --hash-dim 1024" "$BIN/ds-diversity" -f .output --vendi "$work/100k.jsonl"
