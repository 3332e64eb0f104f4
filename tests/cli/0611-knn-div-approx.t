#!/bin/bash
# ds-knn-div --ids and --approx: neighbours against brute force (numpy), the
# recall of the inverted-file index on ds-embed vectors of real records, its
# determinism, short lists, --against, and option errors.
. "${DS_SRC:-.}/tests/lib.sh"
need_shared

PY=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import numpy' 2>/dev/null; then PY=$p; break; fi
done
if [ -z "$PY" ]; then
	echo "1..0 # SKIP numpy not installed"
	exit 0
fi
RECALL=$DS_SRC/tests/cli/knn_recall.py

# at_least X FLOOR: X >= FLOOR.
at_least() { awk -v x="$1" -v f="$2" 'BEGIN { exit !(x >= f) }'; }

# check [--tol T] NPY K OUT [REF] FLOOR DESC: recall >= FLOOR, the annotation consistent.
check() {
	local floor=${*: -2:1} desc=${*: -1}
	"$PY" "$RECALL" "${@:1:$#-2}" >"$T/recall" || { ok 1 "$desc: $(cat "$T/recall")"; return; }
	local r
	r=$(sed -n 's/^recall //p' "$T/recall")
	at_least "$r" "$floor" && grep -qx consistent "$T/recall"
	ok $? "$desc: recall $r >= $floor, $(sed -n 2p "$T/recall")"
}

# ds-embed vectors of 7787 real records (alpaca and code instructions).
cat "$DATA/alpaca-sample.jsonl" "$DATA/code-instruct-sample.jsonl" >"$T/in.jsonl"
run ds-embed -q --part all --vectors-out "$T/v.npy" "$T/in.jsonl" >"$T/lines.jsonl"
ok $? "ds-embed writes the vectors"
run ds-embed -q --part all --vectors-out "$T/a.npy" "$DATA/alpaca-sample.jsonl" >"$T/a.jsonl"
run ds-embed -q --part all --vectors-out "$T/c.npy" "$DATA/code-instruct-sample.jsonl" >/dev/null

# Exact search with --ids: the true neighbours.
run ds-knn-div --ids --vectors "$T/v.npy" "$T/lines.jsonl" >"$T/exact"
check "$T/v.npy" 10 "$T/exact" 0.9999 "exact --ids"
is "$(head -1 "$T/exact" | jq -c '.knn_div | keys')" '["d1","dk","ids","mean"]' "--ids adds ids to d1, dk, mean"

# --approx: 2 sqrt(n) = 176 lists, 16 searched (about 0.98 measured).
run ds-knn-div --approx --ids --vectors "$T/v.npy" "$T/lines.jsonl" >"$T/approx"
check "$T/v.npy" 10 "$T/approx" 0.95 "--approx defaults"
run ds-knn-div --approx --nprobe 4 --ids --vectors "$T/v.npy" "$T/lines.jsonl" >"$T/approx4"
check "$T/v.npy" 10 "$T/approx4" 0.75 "--approx --nprobe 4"
run ds-knn-div --approx --nlist 40 --nprobe 40 --ids --vectors "$T/v.npy" "$T/lines.jsonl" >"$T/all"
check "$T/v.npy" 10 "$T/all" 0.9999 "--nprobe = --nlist: every list searched, exact"
# As many lists as rows, one searched: lists shorter than k, searched exactly.
run ds-knn-div --approx --nlist 7787 --nprobe 1 --ids --vectors "$T/v.npy" "$T/lines.jsonl" >"$T/short"
check "$T/v.npy" 10 "$T/short" 0.99 "lists shorter than k: searched exactly"
run ds-knn-div --approx -k 3 --vectors "$T/v.npy" "$T/lines.jsonl" >"$T/k3"
is "$(jq -c '.knn_div | keys' "$T/k3" | sort -u)" '["d1","dk","mean"]' "--approx without --ids: d1, dk, mean"
is "$(jq -c 'del(.knn_div)' "$T/k3" | md5sum)" "$(jq -c . "$T/lines.jsonl" | md5sum)" "records written in order, unchanged but for the key"

# Deterministic: the same bytes run to run, for -j 2, from a pipe.
run ds-knn-div --approx --ids --vectors "$T/v.npy" "$T/lines.jsonl" | cmp -s - "$T/approx"
ok $? "--approx: the same bytes again"
run ds-knn-div --approx -j 2 --ids --vectors "$T/v.npy" "$T/lines.jsonl" | cmp -s - "$T/approx"
ok $? "--approx -j 2: the same bytes"
cat "$T/lines.jsonl" | run ds-knn-div --approx --ids --vectors "$T/v.npy" | cmp -s - "$T/approx"
ok $? "--approx from a pipe: the same bytes"
run ds-knn-div --approx --seed 7 --ids --vectors "$T/v.npy" "$T/lines.jsonl" >"$T/seed7"
check "$T/v.npy" 10 "$T/seed7" 0.95 "--seed 7 (another k-means sample)"
run ds-knn-div --approx --store i8 --ids --vectors "$T/v.npy" "$T/lines.jsonl" >"$T/i8"
check --tol 0.02 "$T/v.npy" 10 "$T/i8" 0.9 "--approx --store i8 (distances within 0.02)"

# --summary: close to the exact figures.
run ds-knn-div --vectors "$T/v.npy" --summary "$T/lines.jsonl" >"$T/sum.exact"
run ds-knn-div --approx --vectors "$T/v.npy" --summary "$T/lines.jsonl" >"$T/sum.approx"
is "$(jq -c keys "$T/sum.approx")" "$(jq -c keys "$T/sum.exact")" "--approx --summary: the same fields"
a=$(jq .mean "$T/sum.approx")
e=$(jq .mean "$T/sum.exact")
awk -v a="$a" -v e="$e" 'BEGIN { exit !(a >= e && a - e < 0.005) }'
ok $? "--approx --summary mean $a: at least the exact $e, within 0.005"

# --against: the code records as the reference set of the alpaca ones.
run ds-knn-div --approx --ids --against "$T/c.npy" --vectors "$T/a.npy" "$T/a.jsonl" >"$T/ag"
check "$T/a.npy" 10 "$T/ag" "$T/c.npy" 0.8 "--approx --against"
run ds-knn-div --approx --nlist 30 --nprobe 30 --ids --against "$T/c.npy" --vectors "$T/a.npy" "$T/a.jsonl" >"$T/agall"
check "$T/a.npy" 10 "$T/agall" "$T/c.npy" 0.9999 "--approx --against, every list searched: exact"
run ds-knn-div --ids --against "$T/c.npy" --vectors "$T/a.npy" "$T/a.jsonl" >"$T/agexact"
check "$T/a.npy" 10 "$T/agexact" "$T/c.npy" 0.9999 "exact --against --ids"

# Record numbers count non-blank lines, bad records included.
printf '%s\n' '{"v":[1,0]}' '' '{"v":"x"}' '{"v":[0.9,0.1]}' '{"v":[0,1]}' >"$T/num.jsonl"
is "$(run ds-knn-div --vec .v -k 1 --ids --on-error skip "$T/num.jsonl" 2>/dev/null | jq -c '.knn_div.ids[0]' | tr '\n' ' ')" \
	"2 0 2 " "--ids: record numbers skip blank lines, count bad ones"
is "$(run ds-knn-div --approx --vec .v -k 1 --ids --on-error skip "$T/num.jsonl" 2>/dev/null | jq -c '.knn_div.ids[0]' | tr '\n' ' ')" \
	"2 0 2 " "--approx --ids on three records: the same"

# -m counts the index: enough for exact search, not for the index.
run ds-knn-div -m 12M --vectors "$T/v.npy" --summary "$T/lines.jsonl" >/dev/null 2>&1
ok $? "-m 12M: enough for exact search"
run ds-knn-div -m 12M --approx --vectors "$T/v.npy" --summary "$T/lines.jsonl" >/dev/null 2>"$T/err"
is "$? $(grep -c 'and index need more than the -m limit' "$T/err")" "4 1" "-m 12M --approx: exit 4, the index named"

# Option errors.
for args in "--nprobe 4" "--nlist 9" "--approx --select" "--approx --against $T/c.npy --agg max" \
	"--ids --summary" "--ids --select" "--approx --nlist 0" "--approx --nprobe x" "--approx --nprobe 70000"; do
	run ds-knn-div $args --vectors "$T/v.npy" "$T/lines.jsonl" >/dev/null 2>"$T/err"
	is "$? $(grep -c '^ds-knn-div: ' "$T/err")" "2 1" "usage error with a message: $args"
done

done_testing
