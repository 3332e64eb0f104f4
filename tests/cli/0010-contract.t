#!/bin/bash
# The contract every tool shares (dsutils(7)), exercised through ds-ttr:
# input framing, bad records, --on-error, --rejects, exit statuses, output.
. "${DS_SRC:-.}/tests/lib.sh"
need_shared

good='{"output":"one two three two"}'

# run_case NAME INPUT-FILE WANT-STATUS MESSAGE-PATTERN [ARGS...]
run_case() {
	name=$1 in=$2 want=$3 pat=$4
	shift 4
	run ds-ttr --metrics words "$@" "$in" >"$T/out" 2>"$T/err"
	st=$?
	is "$st" "$want" "$name: exit status $want"
	if [ -n "$pat" ]; then
		grep -q -- "$pat" "$T/err"
		ok $? "$name: message names the problem ($pat)"
	fi
}

printf '%s\n{"output": "x",}\n%s\n' "$good" "$good" >"$T/badjson"
run_case "invalid JSON" "$T/badjson" 1 "badjson:2: expected a string key"
is "$(wc -l <"$T/out")" "1" "invalid JSON: the record before it was written"

printf '[1,2]\n' >"$T/array"
run_case "JSON array" "$T/array" 1 "array:1: not a JSON object (an array)"
printf '42\n' >"$T/number"
run_case "JSON number" "$T/number" 1 "number:1: not a JSON object (a number)"
printf '{"output":"caf\xe9"}\n' >"$T/latin1"
run_case "invalid UTF-8" "$T/latin1" 1 "latin1:1: invalid UTF-8"
printf '{"instruction":"hi"}\n' >"$T/nofield"
run_case "missing field" "$T/nofield" 1 "nofield:1: no text"
run_case "missing -f field" "$T/nofield" 1 "no text: .output is null or missing" -f .output
printf '{"output":5}\n' >"$T/numfield"
run_case "number field" "$T/numfield" 1 ".output is a number, not a string" -f .output
: >"$T/empty"
run_case "empty file" "$T/empty" 0 ""
is "$(wc -c <"$T/out")" "0" "empty file: empty output"
printf '%s' "$good" >"$T/nonl"
run_case "no final newline" "$T/nonl" 0 ""
is "$(cat "$T/out")" '{"output":"one two three two","ttr":{"words":4}}' "no final newline: the last line is a record"
printf '%s\r\n\r\n  \n%s\r\n' "$good" "$good" >"$T/crlf"
run_case "CRLF and blank lines" "$T/crlf" 0 ""
is "$(wc -l <"$T/out")" "2" "CRLF: two records, blank lines skipped"
printf '{"output":"a\0b"}\n' >"$T/nul"
run_case "NUL byte" "$T/nul" 1 "nul:1:"
head -c 3000 "$DATA/alpaca-sample.jsonl" | zstd -q -c >"$T/full.zst"
head -c 100 "$T/full.zst" >"$T/trunc.zst"
run_case "truncated .zst" "$T/trunc.zst" 3 "trunc.zst"
zstd -q -c "$DATA/alpaca-sample.jsonl" >"$T/alpaca.zst"
run ds-ttr "$T/alpaca.zst" | cmp -s - <(run ds-ttr "$DATA/alpaca-sample.jsonl")
ok $? "zstd input (by magic number) = plain input"
gzip -c "$DATA/alpaca-sample.jsonl" >"$T/alpaca.gz"
run ds-ttr "$T/alpaca.gz" | cmp -s - <(run ds-ttr "$DATA/alpaca-sample.jsonl")
ok $? "gzip input = plain input"
cat "$T/alpaca.zst" | run ds-ttr | cmp -s - <(run ds-ttr "$DATA/alpaca-sample.jsonl")
ok $? "zstd on standard input"
printf '{"output":"%s"}\n' "$(head -c 5000 /dev/zero | tr '\0' a)" >"$T/long"
printf '%s\n' "$good" >>"$T/long"
run_case "line over --max-line" "$T/long" 1 "long:1: line longer than --max-line (1024 bytes)" --max-line 1K
run_case "long line skipped" "$T/long" 0 "" --max-line 1K --on-error skip -q
is "$(wc -l <"$T/out")" "1" "long line skipped: the next record still read"

# --on-error skip and pass, --rejects: nothing lost.
cat "$T/badjson" "$T/array" "$T/latin1" "$T/nofield" "$T/nonl" >"$T/mixed"
printf '\n' >>"$T/mixed"
run ds-ttr --metrics words --on-error skip --rejects "$T/rej" "$T/mixed" >"$T/out" 2>"$T/err"
is "$?" 0 "skip: exit 0"
is "$(wc -l <"$T/out") $(wc -l <"$T/rej")" "3 4" "skip: 3 written + 4 rejected = 7 records"
grep -q "4 bad records skipped" "$T/err"
ok $? "skip: summary line on stderr"
jq -e -s 'map(select(.file and .line and .reason and (.record or .record_base64))) | length == 4' "$T/rej" >/dev/null
ok $? "rejects: file, line, reason and the record, as JSON"
jq -r -s '.[] | select(.record_base64) | .record_base64' "$T/rej" | base64 -d | cmp -s - <(printf '{"output":"caf\xe9"}')
ok $? "rejects: invalid UTF-8 kept byte for byte as record_base64"
run ds-ttr --metrics words --on-error pass "$T/mixed" >"$T/out" 2>/dev/null
is "$(wc -l <"$T/out") $(grep -c '"ttr"' "$T/out")" "7 3" "pass: all 7 written, 3 annotated"

# Exit statuses and output.
run ds-ttr --bogus </dev/null >/dev/null 2>"$T/err"
is "$?" 2 "unknown option: exit 2"
run ds-ttr --window 0 </dev/null >/dev/null 2>&1
is "$?" 2 "bad option value: exit 2"
run ds-ttr -f '.a |||' </dev/null >/dev/null 2>&1
is "$?" 2 "bad jq expression: exit 2"
run ds-ttr "$T/no-such-file" >/dev/null 2>"$T/err"
is "$?" 3 "missing file: exit 3"
run ds-ttr "$T" >/dev/null 2>"$T/err"
is "$?" 3 "directory operand: exit 3"
grep -q "Is a directory" "$T/err"
ok $? "directory operand: message"
if [ -w /dev/full ]; then
	run ds-ttr "$DATA/alpaca-sample.jsonl" >/dev/full 2>"$T/err"
	is "$?" 3 "stdout on /dev/full: exit 3"
	grep -q "No space left" "$T/err"
	ok $? "stdout on /dev/full: message"
else
	skip "no /dev/full"
	skip "no /dev/full"
fi
(run ds-ttr "$DATA/alpaca-sample.jsonl" 2>"$T/err"; echo $? >"$T/st") | head -1 >/dev/null
st=$(cat "$T/st")
[ "$st" = 0 ] || [ "$st" = 141 ]
ok $? "| head -1: status 0 or 141 (got $st)"
is "$(cat "$T/err")" "" "| head -1: no message"

# -o: atomic, compressed by name.
run ds-ttr -o "$T/o.jsonl" "$DATA/alpaca-sample.jsonl"
run ds-ttr "$DATA/alpaca-sample.jsonl" | cmp -s - "$T/o.jsonl"
ok $? "-o FILE holds the output"
run ds-ttr -o "$T/o.jsonl.zst" "$DATA/alpaca-sample.jsonl"
zstd -dc "$T/o.jsonl.zst" | cmp -s - "$T/o.jsonl"
ok $? "-o FILE.zst is zstd"
run ds-ttr -o "$T/failed.jsonl" "$T/badjson" 2>/dev/null
[ ! -e "$T/failed.jsonl" ] && [ -z "$(ls "$T" | grep 'failed.jsonl.tmp')" ]
ok $? "-o: a failed run leaves no file, not even a temporary one"

run ds-ttr -o /dev/null "$DATA/alpaca-sample.jsonl"
[ -c /dev/null ]
ok $? "-o /dev/null writes to the device, never replaces it"
mkfifo "$T/fifo"
cat "$T/fifo" >"$T/from-fifo" &
run ds-ttr --metrics words -o "$T/fifo" "$T/nonl"
wait
[ -p "$T/fifo" ] && is "$(cat "$T/from-fifo")" '{"output":"one two three two","ttr":{"words":4}}' "-o FIFO: written in place"

# Help and version.
run ds-ttr --help | grep -q "^Usage: ds-ttr"
ok $? "--help"
run ds-ttr --version | grep -q "^ds-ttr (dsutils) "
ok $? "--version"

# -f: the plain-path fast path equals libjq on every record of the shared data.
exprs='.output .instruction .input .response .conversations[0].value .conversations[-1].value
.messages[1].content .messages[-1].content .["output"] .history[0][0] .conversations[1].from
.label .conversations .messages[0] .id .index .category .missing.deeper .conversations[7].value'
for e in $exprs; do
	for f in "$DATA"/*.jsonl; do
		run ds-ttr -q --metrics words,terms --on-error skip --rejects "$T/r1" -f "$e" "$f" >"$T/o1"
		run ds-ttr -q --metrics words,terms --on-error skip --rejects "$T/r2" -f "$e | ." "$f" >"$T/o2"
		jq -r '.line|tostring' "$T/r1" >"$T/l1"
		jq -r '.line|tostring' "$T/r2" >"$T/l2"
		if ! cmp -s "$T/o1" "$T/o2" || ! cmp -s "$T/l1" "$T/l2"; then
			echo "# differs: -f '$e' on $f"
			echo fail >"$T/fastpath"
		fi
	done
done
[ ! -e "$T/fastpath" ]
ok $? "fast path = libjq for 19 expressions on every shared file"

done_testing
