#!/bin/sh
# The vector tools: ds-embed against jq on the >= 500 MB corpus; ds-knn-div
# exact kNN on 100k x 256 float32 vectors (GFLOP/s against this machine's
# measured FMA peak); ds-kcenter k=1000 on the same vectors; ds-knn-div
# --approx's recall@10 and speedup on 100k clustered and text vectors.
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

# --approx: recall@10 against exact search (both with --ids) and the CPU time
# saved, at --nprobe 8, 16 (the default) and 32, on two kinds of vectors: a
# clustered mixture, and ds-embed vectors of shared records perturbed into
# near-duplicates and topic overlaps (the harder case). BENCH_1M=1 adds the
# text vectors at 1M rows, with recall on 2000 sampled rows (exact neighbours
# from --against the corpus) and the exact run's time (about 35 CPU-minutes).
KA=$here/knn_approx.py
SHARED=${DS_SHARED:-$here/../../shared}
cpu_of() {
	set -- $(cat "$work/time")
	awk -v u="$2" -v s="$3" 'BEGIN { print u + s }'
}
# approx_runs NAME NPY IDS EXACT_CPU RECALL_CMD...: the --approx runs (the
# variables are not timed's).
approx_runs() {
	a_name=$1 a_npy=$2 a_ids=$3 a_exact=$4
	shift 4
	for np in 8 16 32; do
		timed "$a_name --approx --nprobe $np" 0 "$BIN/ds-knn-div" --approx --nprobe $np --ids \
			--vectors "$a_npy" "$a_ids" || return 1
		r=$("$PY" "$KA" "$@" "$work/out")
		awk -v r="$r" -v e="$a_exact" -v a="$(cpu_of)" \
			'BEGIN { printf "%-40s recall@10 %.4f, CPU time / exact %.3f (speedup %.1f)\n", "", r, a / e, e / a }'
	done
}
"$PY" "$KA" mixture $N $D "$work/mix.npy"
"$PY" "$KA" text $N "$SHARED/data" "$work/text.jsonl"
"$BIN/ds-embed" -f .text --vectors-out "$work/text.npy" "$work/text.jsonl" >/dev/null
for kind in mix text; do
	echo "# ds-knn-div --approx, $N x $D $kind vectors"
	timed "$kind exact --ids" 0 "$BIN/ds-knn-div" --ids --vectors "$work/$kind.npy" "$work/ids.jsonl"
	mv "$work/out" "$work/exact"
	approx_runs "$kind" "$work/$kind.npy" "$work/ids.jsonl" "$(cpu_of)" recall "$work/exact"
done
if [ "${BENCH_1M:-0}" = 1 ]; then
	M=1000000
	echo "# ds-knn-div --approx, $M x $D text vectors"
	"$PY" "$KA" text $M "$SHARED/data" "$work/text.jsonl"
	"$BIN/ds-embed" -j 2 -f .text --vectors-out "$work/text.npy" "$work/text.jsonl" >/dev/null
	"$PY" -c "
import numpy as np
x = np.load('$work/text.npy', mmap_mode='r')
np.save('$work/sample.npy', np.ascontiguousarray(x[::500]))
open('$work/sample.jsonl', 'w').write(''.join('{\"row\":%d}\n' % r for r in range(0, $M, 500)))
open('$work/ids.jsonl', 'w').write(''.join('{\"i\":%d}\n' % i for i in range($M)))
"
	timed "exact --against, 2000 sampled rows" 0 "$BIN/ds-knn-div" -k 11 --ids --against "$work/text.npy" \
		--vectors "$work/sample.npy" "$work/sample.jsonl"
	mv "$work/out" "$work/truth"
	timed "text exact --summary" 0 "$BIN/ds-knn-div" --summary --vectors "$work/text.npy" "$work/ids.jsonl"
	approx_runs "text" "$work/text.npy" "$work/ids.jsonl" "$(cpu_of)" recall-sample "$work/truth"
fi
rm -rf "$work"
