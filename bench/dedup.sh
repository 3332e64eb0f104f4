#!/bin/sh
# ds-dedup against jq on the same >= 500 MB corpus (alpaca repeated: every
# record has exact copies), in one run: wall-clock rates with peak RSS, then
# CPU-time rates (wall-clock rates suffer when the machine is shared), the
# -j 2 speedup of near mode, and the bytes per record of its index.
# Usage: bench/dedup.sh   (tools from ./build, or DS_BIN=DIR)
set -eu
. "$(dirname "$0")/lib.sh"
D="$BIN/ds-dedup"
tmp=/tmp/ds-bench-dedup
measure "jq -c .output (baseline)" jq -c .output "$CORPUS"
measure "ds-dedup --mode exact -f .output" "$D" --mode exact -f .output "$CORPUS"
measure "ds-dedup --mode exact (whole record)" "$D" --mode exact "$CORPUS"
measure "ds-dedup --mode exact -j 2" "$D" --mode exact -j 2 "$CORPUS"
measure "ds-dedup --mode near -f .output" "$D" --mode near -f .output "$CORPUS"
measure "ds-dedup --mode near -f .output -j 2" "$D" --mode near -f .output -j 2 "$CORPUS"
measure "ds-dedup --mode near (whole record)" "$D" --mode near "$CORPUS"
measure "ds-dedup --mode near -j 2 (whole record)" "$D" --mode near -j 2 "$CORPUS"
measure "ds-dedup --mode near -f .output -a" "$D" --mode near -f .output -a "$CORPUS"
measure "ds-dedup --mode near -f .output --verify-exact" "$D" --mode near -f .output --verify-exact "$CORPUS"
measure "ds-dedup -f .output (both)" "$D" -f .output "$CORPUS"
measure "ds-dedup (both, whole record)" "$D" "$CORPUS"
measure "ds-dedup sign -f .output" "$D" sign -f .output -o $tmp.sig "$CORPUS"
measure "ds-dedup sign --sets -f .output" "$D" sign --sets -f .output -o $tmp-sets.sig "$CORPUS"
measure "ds-dedup cluster" "$D" cluster -o $tmp.clu $tmp.sig

echo "# CPU time (user + system): MB/s, seconds, x jq"
JQ_CPU=
cpu() {
	name=$1
	shift
	/usr/bin/time -f '%U %S %e' -o $tmp.cpu "$@" >/dev/null 2>&1
	set -- $(cat $tmp.cpu)
	rate=$(echo "$BYTES $1 $2" | awk '{ printf "%.1f", $1 / 1e6 / ($2 + $3) }')
	[ -n "$JQ_CPU" ] || JQ_CPU=$rate
	printf '%-40s %10s %9s %8s\n' "$name" "$rate" "$(echo "$1 $2" | awk '{ print $1 + $2 }')" \
		"$(echo "$rate $JQ_CPU" | awk '{ printf "%.1f", $1 / $2 }')"
	WALL=$3
}
cpu "jq -c .output (baseline)" jq -c .output "$CORPUS"
cpu "ds-dedup --mode exact -f .output" "$D" --mode exact -f .output "$CORPUS"
cpu "ds-dedup --mode near -f .output" "$D" --mode near -f .output "$CORPUS"
w1=$WALL
cpu "ds-dedup --mode near -f .output -j 2" "$D" --mode near -f .output -j 2 "$CORPUS"
w2=$WALL
cpu "ds-dedup --mode near (whole record)" "$D" --mode near "$CORPUS"
cpu "ds-dedup --mode near -f .output --verify-exact" "$D" --mode near -f .output --verify-exact "$CORPUS"
cpu "ds-dedup -f .output (both)" "$D" -f .output "$CORPUS"
echo "# near mode -j 2: $(echo "$w1 $w2" | awk '{ printf "%.2f", $1 / $2 }')x the wall-clock rate of -j 1 (${w1}s / ${w2}s)"

records=$(wc -l <"$CORPUS")
sig=$(wc -c <$tmp.sig)
sets=$(($(wc -c <$tmp-sets.sig) - sig))
rss=$(/usr/bin/time -f %M "$D" --mode near -f .output "$CORPUS" 2>&1 >/dev/null)
echo "# $records records. Index of near mode: in memory 28 bytes per record (+8 with --verify-exact),"
echo "#   peak RSS $((rss / 1024)) MiB in all = $((rss * 1024 / records)) bytes per record;"
echo "#   on disk: 184 bytes per record of temporary entries (band keys; 552 with -a or --verify),"
echo "#   a signature file $sig bytes = $((sig / records)) per record, the shingle sets $((sets / records)) more"
echo "# load: $(uptime)"
rm -f $tmp.sig $tmp-sets.sig $tmp.clu $tmp.cpu
