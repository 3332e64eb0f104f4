#!/bin/bash
# ds-lm: training matches KenLM's lmplz, scoring matches KenLM's query, the
# binary cache scores the same, and the CLI contract.
. "${DS_SRC:-.}/tests/lib.sh"
need_shared
LM=$CONF/lm
PY=$DS_SRC/tests/cli/lm_conformance.py

# Training on alpaca's outputs, as conformance/lm/ was made.
run ds-lm train -n 3 -f .output "$DATA/alpaca-sample.jsonl" -o "$T/a.arpa" 2>"$T/err"
ok $? "train -n 3 -f .output exits 0"
tap_lines < <(python3 "$PY" arpa "$T/a.arpa" "$LM/alpaca-output-o3.arpa")
cmp -s "$T/a.arpa" "$LM/alpaca-output-o3.arpa"
ok $? "train: byte-identical to lmplz's ARPA (suffix order, float32, log10f)"
is "$(cat "$T/err")" "" "train: nothing on stderr without -v"
run ds-lm train -n 3 --format alpaca "$DATA/alpaca-sample.jsonl" | cmp -s - "$T/a.arpa"
ok $? "train: --format alpaca (response part) = -f .output, to stdout"

# The unigram distribution sums to 1 (<s> aside), interpolated or not.
unisum() { awk '/^\\1-grams:/{f=1;next} /^$/{f=0} f && $2 != "<s>" {s += 10^$1} END{printf "%.5f", s}' "$1"; }
is "$(unisum "$T/a.arpa")" "1.00000" "unigram probabilities sum to 1"
run ds-lm train -n 3 -f .output --no-interpolate-unigrams "$DATA/alpaca-sample.jsonl" -o "$T/sri.arpa"
is "$(unisum "$T/sri.arpa"):$(grep -c $'^-4.942962\t<unk>' "$T/sri.arpa")" "1.00000:0" \
	"--no-interpolate-unigrams: <unk> changes, the sum stays 1"

# Scoring the first 500 code responses with the reference ARPA.
head -n 500 "$DATA/code-instruct-sample.jsonl" >"$T/code.jsonl"
run ds-lm score --model "$LM/alpaca-output-o3.arpa" -f .response --words --ppl-excl-oov \
	"$T/code.jsonl" >"$T/q.jsonl"
ok $? "score exits 0"
run ds-lm score --model "$LM/alpaca-output-o3.arpa" -f .response --data-juicer \
	"$T/code.jsonl" >"$T/dj.jsonl"
tap_lines < <(python3 "$PY" query "$T/q.jsonl" "$T/dj.jsonl" "$LM/query-code-o3.jsonl")
jq -c 'del(.lm)' "$T/q.jsonl" | cmp -s - <(jq -c . "$T/code.jsonl")
ok $? "score: removing lm gives back the input"
jq -e -s 'all(.[].lm; keys == ["log10_prob","oov","ppl","tokens"])' \
	<(run ds-lm score --model "$LM/alpaca-output-o3.arpa" -f .response "$T/code.jsonl") >/dev/null
ok $? "score: lm holds ppl, log10_prob, tokens, oov by default"
run ds-lm score --model "$LM/alpaca-output-o3.arpa" -f .response -j 2 --words --ppl-excl-oov \
	"$T/code.jsonl" | cmp -s - "$T/q.jsonl"
ok $? "score: -j 2 = -j 1"

# A zstd-compressed model, as -o x.zst writes it.
run ds-lm train -n 3 -f .output "$DATA/alpaca-sample.jsonl" -o "$T/a.arpa.zst" &&
	zstd -q -dc "$T/a.arpa.zst" | cmp -s - "$T/a.arpa"
ok $? "train -o MODEL.arpa.zst writes zstd"
run ds-lm score --model "$T/a.arpa.zst" -f .response --words --ppl-excl-oov "$T/code.jsonl" |
	cmp -s - "$T/q.jsonl"
ok $? "score reads a zstd-compressed ARPA model"

# The binary cache: same scores, checked on load.
run ds-lm build-binary "$LM/alpaca-output-o3.arpa" -o "$T/a.bin"
ok $? "build-binary exits 0"
run ds-lm score --model "$T/a.bin" -f .response --words --ppl-excl-oov "$T/code.jsonl" |
	cmp -s - "$T/q.jsonl"
ok $? "score with the binary model = with the ARPA"
run ds-lm build-binary "$T/a.bin" -o "$T/b.bin" && cmp -s "$T/a.bin" "$T/b.bin"
ok $? "build-binary of a binary model rewrites the same bytes"
cp "$T/a.bin" "$T/bad.bin"
printf '\377' | dd of="$T/bad.bin" bs=1 seek=100000 conv=notrunc status=none
run ds-lm score --model "$T/bad.bin" "$T/code.jsonl" >/dev/null 2>"$T/err"
is "$?:$(grep -c checksum "$T/err")" "1:1" "a damaged binary model is refused (checksum)"
cp "$T/a.bin" "$T/v1.bin"
printf '\001' | dd of="$T/v1.bin" bs=1 seek=8 conv=notrunc status=none
run ds-lm score --model "$T/v1.bin" "$T/code.jsonl" >/dev/null 2>"$T/err"
is "$?:$(grep -c 'version 1, this ds-lm reads version 2: rebuild' "$T/err")" "1:1" \
	"a binary model of another version is refused"
head -c 4000 "$T/a.bin" >"$T/short.bin"
run ds-lm score --model "$T/short.bin" "$T/code.jsonl" >/dev/null 2>"$T/err"
is "$?:$(grep -c truncated "$T/err")" "1:1" "a truncated binary model is refused"
run ds-lm build-binary "$LM/alpaca-output-o3.arpa" -o "$T/x.bin.zst" 2>/dev/null
is "$?" 2 "build-binary refuses a compressed output"

# Texts without words, and data-juicer's rounding.
printf '%s\n' '{"text":""}' '{"text":"the of and"}' >"$T/small.jsonl"
run ds-lm score --model "$LM/alpaca-output-o3.arpa" -f .text "$T/small.jsonl" >"$T/out"
is "$(head -n 1 "$T/out")" '{"text":"","lm":{"ppl":106.79000274796292,"log10_prob":-2.0285305976867676,"tokens":0,"oov":0}}' \
	"score: an empty text scores </s> after <s> (as query)"
run ds-lm score --model "$LM/alpaca-output-o3.arpa" -f .text --data-juicer "$T/small.jsonl" >"$T/out"
is "$(grep -o '"ppl":[0-9.]*' "$T/out" | head -n 1)" '"ppl":0.0' \
	"score --data-juicer: 0.0 for an empty text"
jq -e '.lm.ppl * 10 | . == floor' <(tail -n 1 "$T/out") >/dev/null
ok $? "score --data-juicer: ppl rounded to 0.1"

# Python's str.lower(): U+0130 and a word-final capital sigma.
printf '%s\n' '{"text":"İstanbul ΟΔΟΣ ΣΑΣ."}' >"$T/greek.jsonl"
run ds-lm train -n 2 -f .text --discount-fallback -q "$T/greek.jsonl" >"$T/g.arpa"
want=$(python3 -c 'import sys; print(" ".join(sorted("İstanbul ΟΔΟΣ ΣΑΣ.".lower().split())))')
got=$(awk '/^\\1-grams:/{f=1;next} /^$/{f=0} f{print $2}' "$T/g.arpa" | grep -v '^<' | sort | tr '\n' ' ')
is "$got" "$want " "words lower-cased as Python's str.lower() (İ, final sigma)"

# Scoring finds words without the tokenizer (bytes eight at a time): the same
# words as training's, on texts made to trip it up (Python's split and lower).
python3 -c '
import json, random
random.seed(9)
parts = ["Word", "UPPER", "x", "ABCDEFGHIJKLMNOPQRSTU", "mixedCASEwordsLONGER", "a\x01b", "del\x7f",
         "\u0130stanbul", "\u039f\u0394\u039f\u03a3", "\u4e2d\u6587", "caf\u00c9", "[@`{Z]"]
spaces = [" ", "  ", "\t", "\n", "\x0b", "\x0c", "\r\n", "\x1c", "\x1f", "\u00a0", "\u3000",
          "\u2003", "\u0085", ""]
for i in range(300):
    t = "".join(random.choice(parts) + random.choice(spaces) for _ in range(random.randint(0, 12)))
    print(json.dumps({"text": t[:random.randint(0, len(t))]}))
' >"$T/edge.jsonl"
python3 -c '
import json, sys
print(sum(len(json.loads(l)["text"].lower().split()) for l in sys.stdin))' <"$T/edge.jsonl" >"$T/nwords"
for fold in --fold-case --no-fold-case; do
	run ds-lm train -n 2 $fold -f .text --discount-fallback -q "$T/edge.jsonl" -o "$T/edge.arpa"
	run ds-lm score --model "$T/edge.arpa" $fold -f .text "$T/edge.jsonl" >"$T/edge.out"
	is "$(jq -s 'map(.lm.oov) | add' "$T/edge.out"):$(jq -s 'map(.lm.tokens) | add' "$T/edge.out")" \
		"0:$(cat "$T/nwords")" "score $fold: every word of the trained text is known, as many as Python splits"
done

# Other tokenizers: tokens that hold white space (chars makes them) are dropped.
printf '%s\n' '{"text":"ab c"}' | run ds-lm train -n 2 --tokenizer chars -f .text --discount-fallback -q >"$T/c.arpa"
is "$(awk '/^\\1-grams:/{f=1;next} /^$/{f=0} f{printf "%s ", $2}' "$T/c.arpa")" "<unk> <s> </s> a b c " \
	"--tokenizer chars: characters are words, white space is not"

# lmplz's reserved tokens, and the discount fallback.
printf '%s\n' '{"text":"a b c"}' '{"text":"a <s> b"}' >"$T/sym.jsonl"
run ds-lm train -n 2 -f .text --discount-fallback -q "$T/sym.jsonl" >/dev/null 2>"$T/err"
is "$?:$(grep -c 'sym.jsonl:2: .*<s>.*--skip-symbols' "$T/err")" "1:1" "a reserved token is a bad record"
run ds-lm train -n 2 -f .text --discount-fallback -q --skip-symbols "$T/sym.jsonl" >"$T/s.arpa"
ok $? "--skip-symbols drops reserved tokens"
printf '%s\n' '{"text":"the cat sat on the mat"}' >"$T/tiny.jsonl"
run ds-lm train -n 3 -f .text "$T/tiny.jsonl" -o "$T/tiny.arpa" 2>"$T/err"
is "$?:$(grep -c "Could not calculate Kneser-Ney discounts.*--discount-fallback" "$T/err")" "1:1" \
	"too little data: lmplz's message and exit 1"
[ ! -e "$T/tiny.arpa" ]
ok $? "a failed train leaves no output file"
run ds-lm train -n 3 -f .text --discount-fallback "$T/tiny.jsonl" -o "$T/tiny.arpa" 2>"$T/err"
is "$?:$(grep -c "Substituting fallback discounts for order 0: D1=0.5 D2=1 D3+=1.5" "$T/err")" "0:1" \
	"--discount-fallback: lmplz's notice, default 0.5 1 1.5"
run ds-lm train -n 3 -f .text --fallback-discounts 0.4,0.8,1.2 "$T/tiny.jsonl" 2>&1 >/dev/null |
	grep -q "D1=0.4 D2=0.8 D3+=1.2"
ok $? "--fallback-discounts sets the values"
: >"$T/none.jsonl"
run ds-lm train -n 3 --discount-fallback "$T/none.jsonl" -o "$T/nothing.arpa" 2>"$T/err"
is "$?:$(cat "$T/err")" "1:ds-lm train: no sentences to train on" "no records: exit 1, no model"
# The alpaca sample repeated 82 times falls back for 3-grams only (DEFINITIONS.md).
for i in $(seq 82); do cat "$DATA/alpaca-sample.jsonl"; done >"$T/x82.jsonl"
run ds-lm train -n 3 -f .output --discount-fallback "$T/x82.jsonl" 2>"$T/err" >/dev/null
is "$(grep -o 'order [0-9]' "$T/err" | tr '\n' ' ')" "order 2 " "alpaca x82: fallback for 3-grams only"

# Training on shards: --state-out per shard, --merge in shard order.
split -n l/3 -d "$DATA/alpaca-sample.jsonl" "$T/shard."
for s in "$T"/shard.0?; do
	run ds-lm train -n 3 -f .output "$s" --state-out "$s.state" || echo "# state of $s failed"
done
run ds-lm train -n 3 --merge "$T"/shard.0?.state -o "$T/merged.arpa"
cmp -s "$T/merged.arpa" "$LM/alpaca-output-o3.arpa"
ok $? "three shards merged: byte-identical to lmplz's ARPA"
run ds-lm train -n 3 --merge "$T/shard.00.state" "$T/shard.01.state" --state-out "$T/s01.state" &&
	run ds-lm train -n 3 --merge "$T/s01.state" "$T/shard.02.state" | cmp -s - "$T/merged.arpa"
ok $? "merged states merge again"
head -c 1000 "$T/shard.01.state" >"$T/bad.state"
run ds-lm train -n 3 --merge "$T/shard.00.state" "$T/bad.state" >/dev/null 2>"$T/err"
is "$?:$(grep -c 'bad.state: truncated or damaged' "$T/err")" "1:1" "a damaged state is refused"
run ds-lm train -n 2 --merge "$T/shard.00.state" >/dev/null 2>"$T/err"
is "$?:$(grep -c 'order 3, this run has -n 2' "$T/err")" "1:1" "a state of another order is refused"

# -m: stop with status 4 and advice.
run ds-lm train -n 3 -f .output -m 64k "$DATA/alpaca-sample.jsonl" -o "$T/m.arpa" 2>"$T/err"
is "$?:$(grep -c 'exceed --memory.*raise -m' "$T/err")" "4:1" "-m too small: exit 4 with advice"

# Usage.
run ds-lm train -f .output "$DATA/alpaca-sample.jsonl" >/dev/null 2>&1
is "$?" 2 "train without -n is a usage error"
run ds-lm train -n 7 -f .output "$DATA/alpaca-sample.jsonl" >/dev/null 2>&1
is "$?" 2 "train -n 7 is a usage error"
run ds-lm score "$T/code.jsonl" >/dev/null 2>&1
is "$?" 2 "score without --model is a usage error"
run ds-lm frobnicate >/dev/null 2>&1
is "$?" 2 "an unknown command is a usage error"
run ds-lm --help | grep -q build-binary && run ds-lm score --help | grep -q -- --ppl-excl-oov
ok $? "--help lists the commands and each command's options"
run ds-lm score --model "$T/none.arpa" "$T/code.jsonl" >/dev/null 2>&1
is "$?" 3 "a missing model file is an I/O error"

done_testing
