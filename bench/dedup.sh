#!/bin/sh
# ds-dedup against jq on the same >= 500 MB corpus (alpaca repeated: every
# record has exact copies), in one run; then the size of its index. Wall-clock
# rates suffer when the machine is shared, so CPU-time rates follow.
# Usage: bench/dedup.sh   (tools from ./build, or DS_BIN=DIR)
set -eu
. "$(dirname "$0")/lib.sh"
D="$BIN/ds-dedup"
measure "jq -c .output (baseline)" jq -c .output "$CORPUS"
measure "ds-dedup --mode exact -f .output" "$D" --mode exact -f .output "$CORPUS"
measure "ds-dedup --mode exact (whole record)" "$D" --mode exact "$CORPUS"
measure "ds-dedup --mode exact -j 2" "$D" --mode exact -j 2 "$CORPUS"
measure "ds-dedup --mode near -f .output" "$D" --mode near -f .output "$CORPUS"
measure "ds-dedup --mode near -f .output -j 2" "$D" --mode near -f .output -j 2 "$CORPUS"
measure "ds-dedup -f .output (both)" "$D" -f .output "$CORPUS"
measure "ds-dedup -f .output -j 2 (both)" "$D" -f .output -j 2 "$CORPUS"
measure "ds-dedup (both, whole record)" "$D" "$CORPUS"
measure "ds-dedup sign -f .output" "$D" sign -f .output -o /tmp/ds-bench-dedup.sig "$CORPUS"
measure "ds-dedup cluster" "$D" cluster -o /tmp/ds-bench-dedup.clu /tmp/ds-bench-dedup.sig

echo "# CPU time (user + system), MB/s and x jq:"
cpu() {
	name=$1
	shift
	/usr/bin/time -f '%U %S' -o /tmp/ds-bench-dedup.cpu "$@" >/dev/null 2>&1
	set -- $(cat /tmp/ds-bench-dedup.cpu)
	rate=$(echo "$BYTES $1 $2" | awk '{ printf "%.1f", $1 / 1e6 / ($2 + $3) }')
	[ -n "${JQ_CPU-}" ] || JQ_CPU=$rate
	printf '%-40s %10s %9s %8s\n' "$name" "$rate" "$(echo "$1 $2" | awk '{ print $1 + $2 }')" \
		"$(echo "$rate $JQ_CPU" | awk '{ printf "%.1f", $1 / $2 }')"
}
cpu "jq -c .output (baseline)" jq -c .output "$CORPUS"
cpu "ds-dedup --mode exact -f .output" "$D" --mode exact -f .output "$CORPUS"
cpu "ds-dedup --mode near -f .output" "$D" --mode near -f .output "$CORPUS"
cpu "ds-dedup -f .output (both)" "$D" -f .output "$CORPUS"
cpu "ds-dedup sign -f .output" "$D" sign -f .output -o /tmp/ds-bench-dedup.sig "$CORPUS"

records=$(wc -l <"$CORPUS")
sig=$(wc -c </tmp/ds-bench-dedup.sig)
echo "# $records records; signature file $sig bytes: $((sig / records)) bytes per record on disk (40 + 4 x 128)"
echo "# in memory while clustering: 28 bytes per record; exact streaming: 34-69 per distinct text (ds-dedup(1), MEMORY)"
echo "# load: $(uptime)"
rm -f /tmp/ds-bench-dedup.sig /tmp/ds-bench-dedup.clu /tmp/ds-bench-dedup.cpu
