#!/bin/bash
# ds-topk against jq's sort_by on the shared data: -k, --asc, ties, groups,
# fractions, --sorted, --annotate, missing scores, stdin, -j, and shards.
. "${DS_SRC:-.}/tests/lib.sh"
need_shared

# Scores with many ties (lengths), and a group: records in jq's compact form,
# so that jq's output of a chosen record is byte-identical to the input line.
jq -c '. + {n: ((.instruction // "") | length), g: ((.output // .response // "") | length % 4)}' \
	"$DATA/alpaca-sample.jsonl" "$DATA/code-instruct-sample.jsonl" >"$T/s.jsonl"
N=$(wc -l <"$T/s.jsonl")

# jq reference: entries sorted best first, ties by input position.
ref() { jq -s -c "to_entries | $1 | .[].value" "$T/s.jsonl"; }

run ds-topk -k 50 --by .n "$T/s.jsonl" >"$T/out"
ref 'sort_by(-.value.n, .key) | .[:50] | sort_by(.key)' >"$T/want"
cmp -s "$T/out" "$T/want"
ok $? "-k 50 --by .n = jq sort_by, in input order"

run ds-topk -k 50 --by .n --asc "$T/s.jsonl" >"$T/out"
ref 'sort_by(.value.n, .key) | .[:50] | sort_by(.key)' >"$T/want"
cmp -s "$T/out" "$T/want"
ok $? "--asc = jq sort_by ascending"

run ds-topk -k 70 --by .n --sorted "$T/s.jsonl" >"$T/out"
ref 'sort_by(-.value.n, .key) | .[:70]' >"$T/want"
cmp -s "$T/out" "$T/want"
ok $? "--sorted: best first, ties in input order"

# A libjq expression as the score.
run ds-topk -k 30 --by '.output | length' "$T/s.jsonl" >"$T/out"
ref 'sort_by(-(.value.output | length), .key) | .[:30] | sort_by(.key)' >"$T/want"
cmp -s "$T/out" "$T/want"
ok $? "--by '.output | length' (libjq) = jq"

# Ties: of equal scores the earlier record wins.
printf '%s\n' '{"id":1,"s":5}' '{"id":2,"s":7}' '{"id":3,"s":7}' '{"id":4,"s":5}' '{"id":5,"s":7}' >"$T/ties"
is "$(run ds-topk -k 2 --by .s "$T/ties" | jq -c .id | paste -sd,)" "2,3" "ties: earlier records win"
is "$(run ds-topk -k 2 --by .s --asc --sorted "$T/ties" | jq -c .id | paste -sd,)" "1,4" "ties with --asc --sorted"
is "$(run ds-topk -k 4 --by .s --sorted --annotate "$T/ties" | paste -sd' ')" \
	'{"id":2,"s":7,"rank":1} {"id":3,"s":7,"rank":2} {"id":5,"s":7,"rank":3} {"id":1,"s":5,"rank":4}' \
	"--annotate adds rank, --sorted orders by it"

# Groups: the best 5 of each.
run ds-topk -k 5 --by .n --group-by .g "$T/s.jsonl" >"$T/out"
ref 'group_by(.value.g) | map(sort_by(-.value.n, .key) | .[:5]) | add | sort_by(.key)' >"$T/want"
cmp -s "$T/out" "$T/want"
ok $? "--group-by .g = jq group_by + sort_by"

run ds-topk -k 3 --by .n --group-by .g --sorted --annotate "$T/s.jsonl" | jq -c '[.g, .rank]' >"$T/out"
ref 'group_by(.value.g) | sort_by(.[0].key) | map(sort_by(-.value.n, .key) | .[:3]) | add' \
	| jq -c '[.g, (input_line_number - 1) % 3 + 1]' >"$T/want"
cmp -s "$T/out" "$T/want"
ok $? "--group-by --sorted --annotate: groups in order of appearance, rank per group"

# Group keys compare as jq values: 1 and 1.0 are one group, "\u0061" is "a".
printf '%s\n' '{"g":1,"s":1}' '{"g":1.0,"s":2}' '{"g":"a","s":3}' '{"g":"\u0061","s":4}' \
	'{"g":{"x":1,"y":2},"s":5}' '{"g":{"y":2,"x":1},"s":6}' '{"s":7}' '{"g":null,"s":8}' >"$T/groups"
is "$(run ds-topk -k 1 --by .s --group-by .g "$T/groups" | jq -c .s | paste -sd,)" "2,4,6,8" \
	"group keys: numbers by value, strings decoded, objects by members, missing = null"

# Fractions: round(F x N) per group, from a first pass (file) or a spool (stdin).
run ds-topk --fraction 0.05 --by .n "$T/s.jsonl" >"$T/out"
ref "sort_by(-.value.n, .key) | .[:($N * 0.05 | round)] | sort_by(.key)" >"$T/want"
cmp -s "$T/out" "$T/want"
ok $? "--fraction 0.05 = jq: $(wc -l <"$T/out") of $N"
run ds-topk --percent 5 --by .n <"$T/s.jsonl" >"$T/out2"
cmp -s "$T/out" "$T/out2"
ok $? "--percent 5 on stdin (spooled) = --fraction 0.05 on the file"
run ds-topk --fraction 0.05 --total "$N" --by .n <"$T/s.jsonl" >"$T/out2"
cmp -s "$T/out" "$T/out2"
ok $? "--total N: one pass over stdin, same answer"
run ds-topk --fraction 0.1 --by .n --group-by .g "$T/s.jsonl" >"$T/out"
ref 'group_by(.value.g) | map(length as $l | sort_by(-.value.n, .key) | .[:($l * 0.1 | round)]) | add | sort_by(.key)' >"$T/want"
cmp -s "$T/out" "$T/want"
ok $? "--fraction with --group-by: a fraction of each group"
cat "$T/s.jsonl" | run ds-topk --fraction 0.1 --by .n --group-by .g >"$T/out2"
cmp -s "$T/out" "$T/out2"
ok $? "the same from a pipe"

# Missing scores: bad records by default, last with --missing last.
printf '%s\n' '{"s":1}' '{"t":2}' '{"s":null}' '{"s":3}' >"$T/missing"
run ds-topk -k 2 --by .s "$T/missing" >"$T/out" 2>"$T/err"
is "$?:$(cat "$T/err")" "1:ds-topk: $T/missing:2: --by .s is null or missing (see --missing)" \
	"a missing score fails with FILE:LINE"
is "$(run ds-topk -k 2 --by .s --on-error skip -q "$T/missing" | paste -sd' ')" '{"s":1} {"s":3}' \
	"--on-error skip drops them"
is "$(run ds-topk -k 3 --by .s --missing last --sorted "$T/missing" | paste -sd' ')" \
	'{"s":3} {"s":1} {"t":2}' "--missing last ranks them after every number"
is "$(run ds-topk -k 3 --by .s --missing last --asc --sorted "$T/missing" | paste -sd' ')" \
	'{"s":1} {"s":3} {"t":2}' "--missing last with --asc too"
printf '%s\n' '{"s":"7"}' | run ds-topk -k 1 --by .s 2>"$T/err" >/dev/null
is "$?:$(cat "$T/err")" "1:ds-topk: -:1: --by .s is a string, not a number" "a string score is a bad record"

# Bytes are kept: the shared files as they are (spaces, escapes, key order).
for f in "$DATA"/*.jsonl; do
	run ds-topk -k 25 --by 'tostring | length' "$f" >"$T/out"
	python3 "$DS_SRC/tests/cli/select_check.py" subset "$T/out" "$f"
	ok $? "output lines are input lines, in order: $(basename "$f")"
done

# -j 2 writes the same bytes.
run ds-topk -k 200 --by .n --group-by .g -j 2 "$T/s.jsonl" >"$T/out"
run ds-topk -k 200 --by .n --group-by .g "$T/s.jsonl" >"$T/want"
cmp -s "$T/out" "$T/want"
ok $? "-j 2 = -j 1"

# Mergeable: top-k of the per-shard top-k (GNU parallel, shards in order) is
# the top-k of the whole.
if command -v parallel >/dev/null; then
	for args in "-k 100 --by .n" "-k 7 --by .n --group-by .g" "-k 100 --by .n --asc"; do
		parallel --will-cite --pipepart -a "$T/s.jsonl" --block 300k -k "$DS_BIN/ds-topk" $args \
			| run ds-topk $args >"$T/out"
		run ds-topk $args "$T/s.jsonl" >"$T/want"
		cmp -s "$T/out" "$T/want"
		ok $? "sharded with parallel --pipepart then merged = one run ($args)"
	done
else
	skip "GNU parallel is not installed"
fi

# Usage errors.
run ds-topk --by .n "$T/s.jsonl" >/dev/null 2>&1
is $? 2 "no -k/--fraction: usage error"
run ds-topk -k 1 --by '.n +' "$T/s.jsonl" >/dev/null 2>&1
is $? 2 "an expression jq cannot compile: usage error"

done_testing
