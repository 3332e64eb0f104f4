#!/bin/bash
# Peak RSS of each streaming tool (and the bounded ones) over a long stream:
# the shared data's lines repeated to GB (default 10) bytes, made on the fly
# and fed through a pipe (no file that size), with the peak RSS read when the
# first GB has gone in and at the end. A streaming tool's two figures are the
# same (flat): memory does not grow with the input.
# Usage: bench/flat-rss.sh [GB] [TOOL...]   (tools from ./build, or DS_BIN=DIR)
# Prints per tool: MB/s, peak RSS after 1 GB and at the end, and their ratio.
set -u
here=$(cd "$(dirname "$0")" && pwd)
BIN=${DS_BIN:-$here/../build}
shared=${DS_SHARED:-$here/../../shared}
gb=${1:-10}
shift 2>/dev/null
tools=${*:-ttr readability quality embed filter dsir lm diversity sample topk}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ds-flat.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The models the scoring tools need, made from the shared data.
cat "$shared"/data/*.jsonl >"$tmp/all.jsonl"
"$BIN/ds-dsir" fit -q --on-error skip -t "$shared/data/alpaca-sample.jsonl" \
	-r "$shared/data/dolly-ja-sample.jsonl" -o "$tmp/dsir.model" || exit 1
"$BIN/ds-lm" train -q --on-error skip -n 3 -o "$tmp/lm.arpa" "$shared/data/alpaca-sample.jsonl" &&
	"$BIN/ds-lm" build-binary "$tmp/lm.arpa" -o "$tmp/lm.bin" || exit 1

# set_argv TOOL: the command of a tool name into argv.
set_argv() {
	case $1 in
	ttr) argv=(ds-ttr) ;;
	readability) argv=(ds-readability) ;;
	quality) argv=(ds-quality) ;;
	embed) argv=(ds-embed -d 64) ;;
	filter) argv=(ds-filter -e '.output|length>100') ;;
	dsir) argv=(ds-dsir score --model "$tmp/dsir.model") ;;
	lm) argv=(ds-lm score --model "$tmp/lm.bin") ;;
	diversity) argv=(ds-diversity --per-record) ;;
	sample) argv=(ds-sample --rate 0.1) ;;
	topk) argv=(ds-topk -k 100 --by '.output|length') ;;
	*) return 1 ;;
	esac
}

# gen BYTES TOOL-PID: writes BYTES of whole lines to stdout, then prints the
# tool's peak RSS (KiB) when the first GB was written, on descriptor 3.
cat >"$tmp/gen.py" <<'EOF'
import sys
total, pid, path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
with open(path, 'rb') as f:
    lines = f.read().splitlines(keepends=True)
block = b''.join(lines)
while len(block) < 64 << 20:
    block += block
out = sys.stdout.buffer
written, at_gib = 0, None
while written < total:
    piece = block if total - written >= len(block) else block[:block.rfind(b'\n', 0, total - written) + 1]
    if not piece:
        break
    out.write(piece)
    written += len(piece)
    if at_gib is None and written >= 10**9:
        out.flush()
        with open(f'/proc/{pid}/status') as s:
            at_gib = next(l.split()[1] for l in s if l.startswith('VmHWM'))
out.flush()
with open(3, 'w') as fd3:
    fd3.write(f'{at_gib or 0} {written}\n')
EOF

printf '# %s GB of the shared data repeated, through a pipe; %s cores; %s\n' "$gb" "$(nproc)" "$(date -u +%FT%TZ)"
printf '%-12s %-36s %8s %12s %12s %7s\n' tool command MB/s "RSS@1GB MiB" "RSS@end MiB" ratio
total=$((gb * 1000000000))
for t in $tools; do
	set_argv "$t" || { echo "$t: unknown tool" >&2; continue; }
	rm -f "$tmp/fifo" && mkfifo "$tmp/fifo"
	start=$(date +%s.%N)
	# The tool opens the FIFO itself, so that it runs (and has a pid) first.
	/usr/bin/time -f '%M' -o "$tmp/time" "$BIN/${argv[0]}" "${argv[@]:1}" --on-error skip -q \
		"$tmp/fifo" >/dev/null &
	pid=$!
	child=
	for _ in $(seq 50); do
		child=$(pgrep -P "$pid" | head -1)
		[ -n "$child" ] && break
		sleep 0.1
	done
	/usr/bin/python3 "$tmp/gen.py" "$total" "${child:-$pid}" "$tmp/all.jsonl" >"$tmp/fifo" 3>"$tmp/gen"
	wait "$pid"
	status=$?
	secs=$(echo "$start $(date +%s.%N)" | awk '{ print $2 - $1 }')
	read -r at_gib written <"$tmp/gen"
	peak=$(tail -1 "$tmp/time")
	rate=$(echo "$written $secs" | awk '{ printf "%.1f", $1 / 1e6 / $2 }')
	ratio=$(echo "$at_gib $peak" | awk '{ printf "%.2f", ($1 > 0 ? $2 / $1 : 0) }')
	[ "$status" -eq 0 ] || ratio="$ratio (exit $status)"
	printf '%-12s %-36s %8s %12s %12s %7s\n' "$t" "${argv[*]:0:3}" "$rate" \
		"$((at_gib / 1024))" "$((peak / 1024))" "$ratio"
done
