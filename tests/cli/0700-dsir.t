#!/bin/bash
# ds-dsir: DSIR 1.0.3's own test cases, the model file, score and select.
. "${DS_SRC:-.}/tests/lib.sh"
need_shared

tap_lines < <(python3 "$DS_SRC/tests/cli/dsir_reference.py" conformance "$DS_BIN/ds-dsir" "$CONF" "$DATA" "$T")

A=$DATA/alpaca-sample.jsonl
C=$DATA/code-instruct-sample.jsonl
F='.output // .response'
run ds-dsir fit -f "$F" --target "$A" --raw "$C" -o "$T/m"
ok $? "fit: target alpaca, raw code-instruct"

# Golden annotation: the key is appended, the line otherwise unchanged.
printf '%s\n' '{"id":1, "output":"Alice went to the store"}' >"$T/one"
printf '%s\n' '{"text":"alice"}' >"$T/alice"
run ds-dsir fit --hash dsir -f .text --target "$T/alice" --raw "$T/alice" -o "$T/tiny"
run ds-dsir score -M "$T/tiny" -f .output "$T/one" >"$T/out"
is "$(cat "$T/out")" '{"id":1, "output":"Alice went to the store","dsir":{"logw":0.0,"length":5}}' \
	"golden: logw 0 when target = raw; length 5"
printf '%s\n' '{"dsir":1,"output":"a b"}' | run ds-dsir score -M "$T/tiny" -f .output -k w >"$T/out"
is "$(cat "$T/out")" '{"dsir":1,"output":"a b","w":{"logw":0.0,"length":2}}' "-k names the key"
printf '%s\n' '{"dsir":1,"output":"a b"}' | run ds-dsir score -M "$T/tiny" -f .output >"$T/out"
is "$(cat "$T/out")" '{"dsir":{"logw":0.0,"length":2},"output":"a b"}' "an existing key is replaced in place"

# -j 4 gives the same bytes as -j 1: score, fit and select.
run ds-dsir score -M "$T/m" -f "$F" "$C" >"$T/s1"
run ds-dsir score -M "$T/m" -f "$F" -j 4 "$C" >"$T/s4"
cmp -s "$T/s1" "$T/s4"
ok $? "score -j 4 = -j 1"
run ds-dsir fit -f "$F" --target "$A" --raw "$C" -j 3 -o "$T/m3"
cmp -s "$T/m" "$T/m3"
ok $? "fit -j 3 = -j 1, byte for byte"
jq -c 'del(.dsir)' "$T/s1" | cmp -s - <(jq -c . "$C")
ok $? "score: deleting the key gives back the input"

# --normalize: logw / length.
run ds-dsir score -M "$T/m" -f "$F" --normalize "$C" >"$T/sn"
paste -d '\n' "$T/s1" "$T/sn" | jq -s -e '[range(0; length; 2) as $i | .[$i].dsir as $a | .[$i+1].dsir as $b
	| if $a.length == 0 then $b.logw == null else (($a.logw / $a.length) - $b.logw | fabs) <= 1e-12 * ($b.logw | fabs) + 1e-300 end] | all' >/dev/null
ok $? "--normalize is logw / length (null for an empty text)"

# select: k lines, a subset in input order, all long enough.
run ds-dsir select -k 100 -M "$T/m" -f "$F" "$C" >"$T/sel"
is "$(wc -l <"$T/sel")" "100" "select -k 100 writes 100 lines"
grep -n -F -x -f "$T/sel" "$C" | cut -d: -f1 >"$T/lines"
is "$(wc -l <"$T/lines")" "100" "selected lines are input lines, byte for byte"
sort -n -c "$T/lines" 2>/dev/null
ok $? "selected lines are in input order"
run ds-dsir score -M "$T/m" -f "$F" "$T/sel" | jq -e -s 'map(.dsir.length >= 100) | all' >/dev/null
ok $? "every selected record has >= 100 tokens (--min-length default)"
cat "$C" | run ds-dsir select -k 100 -M "$T/m" -f "$F" | cmp -s - "$T/sel"
ok $? "standard input (one pass, lines kept) = regular file (two passes)"
run ds-dsir select -k 100 -M "$T/m" -f "$F" -j 4 "$C" | cmp -s - "$T/sel"
ok $? "select -j 4 = -j 1"
run ds-dsir select -k 100 -M "$T/m" -f "$F" --seed 1 "$C" | cmp -s - "$T/sel"
[ $? -ne 0 ]
ok $? "another --seed draws another sample"

# --top-k: the k highest logw among records of >= 100 tokens.
run ds-dsir select -k 50 --top-k -M "$T/m" -f "$F" "$C" >"$T/top"
jq -c 'select(.dsir.length >= 100)' "$T/s1" | jq -s -c 'sort_by(-.dsir.logw) | .[:50] | map(del(.dsir)) | sort_by(.instruction, .input, .response)' >"$T/want"
jq -s -c 'sort_by(.instruction, .input, .response)' "$T/top" >"$T/got"
cmp -s "$T/want" "$T/got"
ok $? "--top-k = the 50 highest scores"
run ds-dsir select -k 50 --top-k --min-length 0 -M "$T/m" -f "$F" "$C" >"$T/top0"
jq -s -c 'sort_by(-.dsir.logw) | .[:50] | map(del(.dsir)) | sort_by(.instruction, .input, .response)' "$T/s1" >"$T/want"
jq -s -c 'sort_by(.instruction, .input, .response)' "$T/top0" | cmp -s - "$T/want"
ok $? "--min-length 0 lets short records in"

# Fewer eligible records than k: all of them, and a warning.
head -n 20 "$C" >"$T/few"
run ds-dsir select -k 1000 -M "$T/m" -f "$F" --min-length 0 "$T/few" >"$T/out" 2>"$T/err"
is "$?:$(wc -l <"$T/out")" "0:20" "-k over the input size: every record, exit 0"
grep -q 'only 20 records are long enough' "$T/err"
ok $? "... with a warning"

# The model file: checked before use.
run ds-dsir score -M "$A" "$C" >/dev/null 2>"$T/err"
is "$?" "1" "a JSONL file as model: exit 1"
grep -q 'not a ds-dsir model' "$T/err"
ok $? "... 'not a ds-dsir model'"
head -c 1000 "$T/m" >"$T/trunc"
run ds-dsir score -M "$T/trunc" "$C" >/dev/null 2>"$T/err"
is "$?" "1" "truncated model: exit 1"
grep -q 'truncated or corrupt ds-dsir model' "$T/err"
ok $? "... 'truncated or corrupt ds-dsir model'"
cp "$T/m" "$T/flip"
printf '\001' | dd of="$T/flip" bs=1 seek=5000 conv=notrunc 2>/dev/null
run ds-dsir score -M "$T/flip" "$C" >/dev/null 2>"$T/err"
is "$?" "1" "one byte changed: exit 1"
grep -q 'checksum mismatch' "$T/err"
ok $? "... 'checksum mismatch'"
cp "$T/m" "$T/v2"
printf '\002' | dd of="$T/v2" bs=1 seek=8 conv=notrunc 2>/dev/null
run ds-dsir score -M "$T/v2" "$C" >/dev/null 2>"$T/err"
grep -q 'model format version 2' "$T/err"
ok $? "another format version is named"
run ds-dsir score -M "$T/nonexistent" "$C" >/dev/null 2>&1
is "$?" "3" "missing model: exit 3"
run ds-dsir fit -f "$F" --target "$A" -o "$T/tonly"
run ds-dsir score -M "$T/tonly" "$C" >/dev/null 2>"$T/err"
is "$?" "1" "a model without raw counts cannot score"
grep -q 'no raw counts' "$T/err"
ok $? "... and says so"
run ds-dsir fit -f "$F" --raw "$C" -b 5000 -o "$T/r5000"
run ds-dsir merge "$T/tonly" "$T/r5000" -o "$T/mm" 2>"$T/err"
is "$?" "1" "merge of models with different --buckets: exit 1"
grep -q 'different --buckets' "$T/err"
ok $? "... naming the option"
[ ! -e "$T/mm" ]
ok $? "... and no output file"

# Usage errors.
run ds-dsir >/dev/null 2>&1
is "$?" "2" "no command: exit 2"
run ds-dsir frobnicate >/dev/null 2>&1
is "$?" "2" "unknown command: exit 2"
run ds-dsir score "$C" >/dev/null 2>&1
is "$?" "2" "score without --model: exit 2"
run ds-dsir select -M "$T/m" "$C" >/dev/null 2>&1
is "$?" "2" "select without -k: exit 2"
run ds-dsir fit -o "$T/x" >/dev/null 2>&1
is "$?" "2" "fit without data: exit 2"
run ds-dsir fit --target "$A" --hash md5 -o "$T/x" >/dev/null 2>&1
is "$?" "2" "--hash md5: exit 2"
run ds-dsir fit --target "$A" --buckets 0 -o "$T/x" >/dev/null 2>&1
is "$?" "2" "--buckets 0: exit 2"
run ds-dsir fit --target "$A" -o "$T/m.zst" >/dev/null 2>&1
is "$?" "2" "a .zst model name: exit 2 (models are read back uncompressed)"
run ds-dsir --help | grep -q '^  select'
ok $? "--help lists the commands"
run ds-dsir select --help | grep -q -- '--top-k'
ok $? "select --help lists its options"

# xxh3 (default) and dsir hashing give different buckets but the same kind
# of answer: the selections mostly agree.
run ds-dsir fit --hash dsir -f "$F" --target "$A" --raw "$C" -o "$T/md"
run ds-dsir select -k 200 --top-k -M "$T/md" -f "$F" "$C" >"$T/sd"
run ds-dsir select -k 200 --top-k -M "$T/m" -f "$F" "$C" >"$T/sx"
common=$(comm -12 <(sort "$T/sd") <(sort "$T/sx") | wc -l)
[ "$common" -ge 150 ]
ok $? "--hash xxh3 and --hash dsir select mostly the same records ($common of 200)"

done_testing
