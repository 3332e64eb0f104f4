#!/bin/sh
# ds-lm against jq on the same >= 500 MB corpus, in one run: training and
# scoring MB/s; then, on a synthetic corpus where nearly every n-gram is new
# (the worst case for training), the training rate, bytes per n-gram, and the
# load time of its big ARPA against its binary cache.
# Usage: bench/lm.sh   (tools from ./build, or DS_BIN=DIR)
set -eu
. "$(dirname "$0")/lib.sh"
tmp=${TMPDIR:-/tmp}/ds-bench-lm.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT INT TERM

measure "jq -c .output (baseline)" jq -c .output "$CORPUS"
# The corpus repeats one sample, so an order's discounts need the fallback.
measure "ds-lm train -n 3 -f .output" "$BIN/ds-lm" train -n 3 -f .output \
	--discount-fallback -q "$CORPUS" -o "$tmp/corpus.arpa"
measure "ds-lm score -f .output" "$BIN/ds-lm" score --model "$tmp/corpus.arpa" -f .output "$CORPUS"
measure "ds-lm score -f .output -j 2" "$BIN/ds-lm" score --model "$tmp/corpus.arpa" -f .output \
	-j 2 "$CORPUS"

# Synthetic text: 500,000 sentences of 5-34 words drawn from a Zipf(1.1)
# vocabulary of 200,000 words.
awk -v R=500000 'BEGIN { srand(7); V = 200000
	for (i = 1; i <= V; i++) { c += 1 / i ^ 1.1; cum[i] = c }
	for (r = 0; r < R; r++) {
		n = 5 + int(rand() * 30); line = ""
		for (k = 0; k < n; k++) {
			u = rand() * c; lo = 1; hi = V
			while (lo < hi) { mid = int((lo + hi) / 2); if (cum[mid] < u) lo = mid + 1; else hi = mid }
			line = line (k ? " " : "") "w" lo
		}
		printf "{\"output\":\"%s\"}\n", line
	} }' >"$tmp/syn.jsonl"
echo '{"output":"w1 w2 w3"}' >"$tmp/one.jsonl"
timed() {	# timed NAME CMD...: seconds (wall, CPU) and peak RSS
	name=$1
	shift
	/usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$@" >/dev/null 2>"$tmp/err" || {
		echo "$name: failed"; cat "$tmp/err"; return 1; }
	set -- $(cat "$tmp/time")
	printf '%-40s %8ss wall %8ss CPU %7s MiB\n' "$name" "$1" "$(echo "$2 $3" | awk '{print $1 + $2}')" "$(($4 / 1024))"
}
echo "# synthetic corpus: $(wc -c <"$tmp/syn.jsonl") bytes"
timed "ds-lm train -n 3 (synthetic)" "$BIN/ds-lm" train -n 3 -f .output -v "$tmp/syn.jsonl" -o "$tmp/syn.arpa"
grep -- 'D1=' "$tmp/err" | sed 's/^/# /'
echo "# ARPA: $(wc -c <"$tmp/syn.arpa") bytes"
timed "load the ARPA, score one record" "$BIN/ds-lm" score --model "$tmp/syn.arpa" "$tmp/one.jsonl"
timed "ds-lm build-binary" "$BIN/ds-lm" build-binary "$tmp/syn.arpa" -o "$tmp/syn.bin"
echo "# binary: $(wc -c <"$tmp/syn.bin") bytes"
timed "map the binary, score one record" "$BIN/ds-lm" score --model "$tmp/syn.bin" "$tmp/one.jsonl"
timed "score the synthetic corpus (binary)" "$BIN/ds-lm" score --model "$tmp/syn.bin" -f .output "$tmp/syn.jsonl"
