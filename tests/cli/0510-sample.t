#!/bin/bash
# ds-sample: sizes, determinism, shards, strata, weights, and statistical
# tests (uniformity, inclusion probabilities) with fixed seeds.
. "${DS_SRC:-.}/tests/lib.sh"
need_shared

cat "$DATA"/*.jsonl >"$T/all.jsonl"
N=$(wc -l <"$T/all.jsonl")

run ds-sample -n 300 "$T/all.jsonl" >"$T/out"
is "$(wc -l <"$T/out")" 300 "-n 300 writes 300 records"
python3 "$DS_SRC/tests/cli/select_check.py" subset "$T/out" "$T/all.jsonl"
ok $? "the sample is input lines, byte for byte, in input order"
run ds-sample -n 300 "$T/all.jsonl" | cmp -s - "$T/out"
ok $? "the same seed gives the same sample"
run ds-sample -n 300 --seed 1 "$T/all.jsonl" | cmp -s - "$T/out"
[ $? -ne 0 ]
ok $? "another seed gives another sample"
run ds-sample -n 300 -j 2 "$T/all.jsonl" | cmp -s - "$T/out"
ok $? "-j 2 = -j 1"
run ds-sample -n 300 <"$T/all.jsonl" | cmp -s - "$T/out"
ok $? "standard input = file"
run ds-sample -n "$((N + 5))" "$T/all.jsonl" | cmp -s - "$T/all.jsonl"
ok $? "-n above the record count writes every record"
run ds-sample -n 300 --weight 1 "$T/all.jsonl" | cmp -s - "$T/out"
ok $? "--weight 1 draws the same records as -n"

# A record's draw depends on its bytes, not its place: reordering the input
# does not change which records are drawn.
tac "$T/all.jsonl" | run ds-sample -n 300 | sort >"$T/a"
sort "$T/out" >"$T/b"
cmp -s "$T/a" "$T/b"
ok $? "the sample of the reversed input is the same set of records"

# Shards: sampling each shard and then the concatenated samples equals
# sampling the whole input (GNU parallel, any block size).
if command -v parallel >/dev/null; then
	jq -c '. + {w: ((.output // .response // "") | length), lang: (if has("conversations") then "c" elif has("messages") then "m" else "a" end)}' \
		"$T/all.jsonl" >"$T/w.jsonl"
	for args in "-n 300" "-n 300 --weight .w" "-n 300 --log-weight .w" "-n 40 --stratify .lang" \
		"-n 40 --stratify .lang --weight .w" "--rate 0.05"; do
		for block in 1M 4M; do
			parallel --will-cite --pipepart -a "$T/w.jsonl" --block $block -k "$DS_BIN/ds-sample" $args \
				| run ds-sample $args >"$T/sh"
			run ds-sample $args "$T/w.jsonl" >"$T/one"
			cmp -s "$T/sh" "$T/one"
			ok $? "shards of $block sampled then merged = one run ($args): $(wc -l <"$T/one") records"
		done
	done
else
	skip "GNU parallel is not installed"
fi

# Proportional allocation: -n 100 shared by stratum size, largest remainders.
jq -c '. + {k: (if has("conversations") then "c" elif has("messages") then "m" elif has("history") then "h" else "a" end)}' \
	"$T/all.jsonl" >"$T/k.jsonl"
run ds-sample -n 100 --stratify .k --proportional "$T/k.jsonl" | jq -r .k | sort | uniq -c | awk '{print $2 ":" $1}' | paste -sd' ' >"$T/got"
jq -r .k "$T/k.jsonl" | sort | uniq -c | python3 -c '
import sys
sizes = {k: int(c) for c, k in (l.split() for l in sys.stdin)}
first = {}
for i, l in enumerate(open(sys.argv[1])):
    first.setdefault(l.split("\"k\":\"")[1][0], i)
n, total = 100, sum(sizes.values())
alloc = {k: n * c // total for k, c in sizes.items()}
for k in sorted(sizes, key=lambda k: (-(n * sizes[k] % total), first[k]))[:n - sum(alloc.values())]:
    alloc[k] += 1
print(" ".join(f"{k}:{alloc[k]}" for k in sorted(alloc)))' "$T/k.jsonl" >"$T/want"
is "$(cat "$T/got")" "$(cat "$T/want")" "--proportional: largest-remainder allocation ($(cat "$T/want"))"
run ds-sample -n 100 --stratify .k --proportional "$T/k.jsonl" >"$T/a"
cat "$T/k.jsonl" | run ds-sample -n 100 --stratify .k --proportional >"$T/b"
cmp -s "$T/a" "$T/b"
ok $? "--proportional from a pipe (spooled) = from the file"

# Weights: 0 is never drawn; negative, missing and non-numbers are bad records.
printf '%s\n' '{"i":1,"w":0}' '{"i":2,"w":1}' '{"i":3,"w":0}' '{"i":4,"w":2}' >"$T/w0"
is "$(run ds-sample -n 3 --weight .w "$T/w0" | jq -c .i | paste -sd,)" "2,4" "weight 0 is never drawn"
printf '%s\n' '{"w":1}' '{"w":-1}' | run ds-sample -n 1 --weight .w >/dev/null 2>"$T/err"
is "$?:$(cat "$T/err")" "1:ds-sample: -:2: --weight .w is -1, not a finite number >= 0" "a negative weight is a bad record"
printf '%s\n' '{"w":1}' '{"v":1}' '{"w":"2"}' | run ds-sample -n 2 --weight .w --on-error skip -q | paste -sd' ' >"$T/out"
is "$(cat "$T/out")" '{"w":1}' "--on-error skip drops missing and string weights"

# Statistical tests (python3; fixed seeds, so they never flake).
tap_lines < <(python3 "$DS_SRC/tests/cli/select_check.py" sample-stats "$DS_BIN" "$T")

run ds-sample "$T/all.jsonl" >/dev/null 2>&1
is $? 2 "no -n/--rate: usage error"
run ds-sample --rate 0.1 --weight .w "$T/all.jsonl" >/dev/null 2>&1
is $? 2 "--weight without -n: usage error"

done_testing
