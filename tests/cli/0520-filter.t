#!/bin/bash
# ds-filter: equals jq's select() on the shared data, keeps bytes, and its
# fast path (plain paths compared with literals) agrees with libjq.
. "${DS_SRC:-.}/tests/lib.sh"
need_shared

# Up to 800 records of each shared file: every format, a few MB.
for f in "$DATA"/*.jsonl; do head -n 800 "$f"; done >"$T/all.jsonl"
N=$(wc -l <"$T/all.jsonl")

# Expressions in the fast grammar (the first group) and beyond it. Each is
# run three ways: ds-filter, ds-filter on "(E) | ." (which the fast path does
# not take, so libjq decides), and jq -c 'select(E)'.
exprs=(
	'.input == ""'
	'.input != ""'
	'.output > "M"'
	'.output <= "The"'
	'.category == "open_qa" or .category == "classification"'
	'.input == "" and .output < "T" or .instruction >= "W"'
	'(.input == "" or .instruction < "E") and .output != null'
	'.conversations[0].from == "human"'
	'.conversations[-1].value > "a"'
	'.conversations[1]["from"] == "gpt"'
	'.messages[0].role == "user" and .label'
	'.label == false'
	'.label'
	'.label != true'
	'.index > "100"'
	'.history[0] == null'
	'.history == null'
	'.conversations > 5'
	'.conversations < "x"'
	'.id >= 3'
	'.id < -1.5e2 or .id > 1E3'
	'.["instruction"] < "C"'
	'.input == .output'
	'.history == .history'
	'.conversations[0] == .conversations[0]'
	'.output == "I'"'"'m sorry"'
	'null == .nothing'
	'3 < .nothing'
	'.instruction | length > 80'
	'.history | length > 1'
	'(.output // .response // "") | test("^def ")'
	'(.conversations // []) | any(.from == "human" and (.value | length) < 40)'
)
for e in "${exprs[@]}"; do
	run ds-filter -e "$e" "$T/all.jsonl" >"$T/fast"
	run ds-filter -e "($e) | ." "$T/all.jsonl" >"$T/jq"
	jq -c "select($e)" "$T/all.jsonl" >"$T/want"
	jq -c . "$T/fast" | cmp -s - "$T/want" && cmp -s "$T/fast" "$T/jq"
	ok $? "$e: = jq select() ($(wc -l <"$T/fast") of $N)"
done

# Bytes kept, and -v keeps exactly the others.
run ds-filter -e '.output > "M"' "$T/all.jsonl" >"$T/out"
python3 "$DS_SRC/tests/cli/select_check.py" subset "$T/out" "$T/all.jsonl"
ok $? "kept lines are input lines, byte for byte, in order"
run ds-filter -v -e '.output > "M"' "$T/all.jsonl" >"$T/inv"
cat "$T/out" "$T/inv" | sort | cmp -s - <(sort "$T/all.jsonl")
ok $? "-v keeps exactly the other records"
is "$(run ds-filter -c -e '.output > "M"' "$T/all.jsonl")" "$(wc -l <"$T/out")" "--count prints the number kept"
is "$(run ds-filter --count --invert -e '.output > "M"' "$T/all.jsonl")" "$(wc -l <"$T/inv")" "--count --invert"

# Numbers as jq compares them: by value, whatever their spelling.
printf '%s\n' '{"x":1}' '{"x":1.0}' '{"x":10e-1}' '{"x":100000000000000000001}' '{"x":-0}' '{"x":"1"}' >"$T/num"
is "$(run ds-filter -c -e '.x == 1' "$T/num")" 3 "1, 1.0 and 10e-1 are equal"
is "$(run ds-filter -e '.x == 100000000000000000000' "$T/num")" '{"x":100000000000000000001}' \
	"big integers compare as doubles, as in jq 1.6"
is "$(run ds-filter -e '.x == 0 and .x >= -0' "$T/num")" '{"x":-0}' "-0 == 0"
is "$(run ds-filter -c -e '.x > 1000' "$T/num")" 2 "strings sort after numbers"

# Strings compare by their decoded bytes.
printf '%s\n' '{"s":"\u00e9t\u00e9"}' '{"s":"été"}' '{"s":"et\u00e9"}' '{"s":"a\"b"}' >"$T/str"
is "$(run ds-filter -c -e '.s == "été"' "$T/str")" 2 "escaped and raw UTF-8 strings are equal"
is "$(run ds-filter -c -e '.s > "f"' "$T/str")" 2 "UTF-8 byte order"
jq -c 'select(.s < "é")' "$T/str" | cmp -s - <(run ds-filter -e '.s < "é"' "$T/str" | jq -c .)
ok $? "string order = jq"

# Errors: a path through a number is a bad record; the right side of
# and/or is not evaluated when the left decides, as in jq.
printf '%s\n' '{"a":1}' '{"a":{"b":2}}' >"$T/err.jsonl"
run ds-filter -e '.a.b == 2' "$T/err.jsonl" >"$T/none" 2>"$T/err"
is "$?:$(wc -l <"$T/none")" "1:0" "an evaluation error stops the run (exit 1)"
grep -q "err.jsonl:1: -e .a.b == 2: Cannot index number" "$T/err"
ok $? "the message names FILE:LINE and jq's error"
is "$(run ds-filter -e '.a.b == 2' --on-error skip -q "$T/err.jsonl")" '{"a":{"b":2}}' "--on-error skip"
is "$(run ds-filter -e '.a == 1 or .a.b == 2' "$T/err.jsonl" | wc -l)" 2 "or: the right side is not evaluated when the left is true"
is "$(run ds-filter -e '.a != 1 and .a.b == 2' "$T/err.jsonl" | wc -l)" 1 "and: nor when the left is false"

run ds-filter -e '.output > "M"' -j 2 "$T/all.jsonl" | cmp -s - "$T/out"
ok $? "-j 2 = -j 1"
run ds-filter -e '.instruction | length > 80' -j 2 "$T/all.jsonl" | cmp -s - <(run ds-filter -e '.instruction | length > 80' "$T/all.jsonl")
ok $? "-j 2 = -j 1 (libjq)"

run ds-filter "$T/all.jsonl" >/dev/null 2>&1
is $? 2 "no -e: usage error"
run ds-filter -e '.a ==' "$T/all.jsonl" >/dev/null 2>&1
is $? 2 "an expression jq cannot compile: usage error"

done_testing
