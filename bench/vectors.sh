#!/bin/sh
# The vector tools: ds-embed against jq on the >= 500 MB corpus; ds-knn-div
# exact kNN on 100k x 256 float32 vectors (GFLOP/s against this machine's
# measured FMA peak); ds-kcenter k=1000 on the same vectors.
# Usage: bench/vectors.sh   (tools from ./build, or DS_BIN=DIR; needs numpy
# for the random vectors and a C compiler for the peak measurement)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
BIN=${DS_BIN:-$here/../build}
CORPUS=$(sh "$here/corpus.sh")
BYTES=$(wc -c <"$CORPUS")
echo "# corpus: $CORPUS, $BYTES bytes; $(nproc) cores; $(date -u +%FT%TZ); load $(cut -d' ' -f1-3 /proc/loadavg)"
work=${TMPDIR:-/tmp}/ds-bench-vectors
mkdir -p "$work"

# The machine may be shared: besides wall-clock rates (lib.sh's measure),
# rates over the process's CPU time (user + sys), which other load does not
# lower as much.
jq_cpu=
cpu_rate() {
	name=$1
	shift
	/usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >/dev/null 2>"$work/err" || {
		echo "$name: failed"; cat "$work/err"; return 1; }
	set -- $(cat "$work/time")
	r=$(awk -v b="$BYTES" -v u="$2" -v s="$3" 'BEGIN { printf "%.1f", b / 1e6 / (u + s) }')
	[ -n "$jq_cpu" ] || jq_cpu=$r
	awk -v n="$name" -v w="$1" -v u="$2" -v s="$3" -v m="$4" -v b="$BYTES" -v j="$jq_cpu" 'BEGIN {
		c = u + s
		printf "%-40s %7.1f MB/s wall %7.1f MB/s CPU %7.2f s wall %7.2f s CPU %5d MiB  x jq (CPU) %.1f\n",
			n, b / 1e6 / w, b / 1e6 / c, w, c, m / 1024, (b / 1e6 / c) / j
	}'
}
cpu_rate "jq -c .output (baseline)" jq -c .output "$CORPUS"
cpu_rate "ds-embed -f .output" "$BIN/ds-embed" -f .output "$CORPUS"
cpu_rate "ds-embed -f .output -j 2" "$BIN/ds-embed" -f .output -j 2 "$CORPUS"
cpu_rate "ds-embed --vectors-out" "$BIN/ds-embed" --vectors-out "$work/corpus.npy" "$CORPUS"
cpu_rate "ds-embed -j 2 --vectors-out" "$BIN/ds-embed" -j 2 --vectors-out "$work/corpus.npy" "$CORPUS"
rm -f "$work/corpus.npy"

# Peak: FMA throughput per thread over its own CPU time (load-independent).
cc -O3 -march=native -pthread "$here/peak-flops.c" -o "$work/peak-flops"
peak1=$("$work/peak-flops" 1)
peak2=$("$work/peak-flops" 2)
echo "# peak: $peak1"
echo "# peak: $peak2"

N=100000
D=256
PY=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import numpy' 2>/dev/null; then PY=$p; break; fi
done
[ -n "$PY" ] || { echo "numpy is needed for the vectors"; exit 1; }
"$PY" -c "
import numpy as np
np.save('$work/v.npy', np.random.default_rng(7).standard_normal(($N, $D), dtype=np.float32))
open('$work/ids.jsonl', 'w').write(''.join('{\"i\":%d}\n' % i for i in range($N)))
"

# timed NAME FLOPS CMD...: wall and CPU seconds, peak RSS, GFLOP/s (wall and CPU).
timed() {
	name=$1 flops=$2
	shift 2
	/usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >"$work/out" 2>"$work/err" || {
		echo "$name: failed"; cat "$work/err"; return 1; }
	set -- $(cat "$work/time")
	awk -v n="$name" -v w="$1" -v u="$2" -v s="$3" -v m="$4" -v f="$flops" 'BEGIN {
		c = u + s
		if (f > 0)
			printf "%-40s %7.2f s wall %7.2f s CPU %6d MiB  %6.1f GFLOP/s wall  %6.1f GFLOP/s per CPU-second\n",
				n, w, c, m / 1024, f / w / 1e9, f / c / 1e9
		else
			printf "%-40s %7.2f s wall %7.2f s CPU %6d MiB\n", n, w, c, m / 1024
	}'
}

# The corpus kNN computes each of the N(N-1)/2 pairs once: 2d flops each.
flops=$(awk -v n=$N -v d=$D 'BEGIN { printf "%.0f", n * (n - 1) / 2 * 2 * d }')
echo "# ds-knn-div exact, $N x $D float32 (N^2 d = $flops flops)"
timed "ds-knn-div -k 10 -j 1" "$flops" "$BIN/ds-knn-div" --vectors "$work/v.npy" --summary "$work/ids.jsonl"
timed "ds-knn-div -k 10 -j 2" "$flops" "$BIN/ds-knn-div" -j 2 --vectors "$work/v.npy" --summary "$work/ids.jsonl"
timed "ds-knn-div -k 10 -j 2 --store i8" "$flops" "$BIN/ds-knn-div" -j 2 --store i8 --vectors "$work/v.npy" --summary "$work/ids.jsonl"
timed "ds-knn-div -j 2 annotate all" "$flops" "$BIN/ds-knn-div" -j 2 --vectors "$work/v.npy" "$work/ids.jsonl"
echo "# ds-kcenter, $N x $D float32"
timed "ds-kcenter -k 1000" 0 "$BIN/ds-kcenter" -k 1000 --vectors "$work/v.npy" "$work/ids.jsonl"
timed "ds-kcenter -k 1000 --method herding" 0 "$BIN/ds-kcenter" -k 1000 --method herding --vectors "$work/v.npy" "$work/ids.jsonl"
rm -rf "$work"
