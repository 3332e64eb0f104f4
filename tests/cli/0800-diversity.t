#!/bin/bash
# ds-diversity: entropy figures against an independent computation on the
# shared data, the Vendi conformance cases, and the CLI contract.
. "${DS_SRC:-.}/tests/lib.sh"
need_shared
REF="$DS_SRC/tests/cli/diversity_reference.py"

# Pooled n-gram figures (whitespace tokens, orders 1-3) = the definitions.
for f in alpaca-sample:output dolly-ja-sample:output code-instruct-sample:response \
	 zh-instruct-sample:output; do
	tap_lines < <(python3 "$REF" ngrams "$DS_BIN/ds-diversity" "$DATA/${f%%:*}.jsonl" "${f##*:}")
done
# Per record: each record's own figures.
tap_lines < <(python3 "$REF" perrecord "$DS_BIN/ds-diversity" "$DATA/alpaca-sample.jsonl" output)
# Over values: dolly's categories.
tap_lines < <(python3 "$REF" values "$DS_BIN/ds-diversity" "$DATA/dolly-ja-sample.jsonl" category)
# The three Vendi README examples.
tap_lines < <(python3 "$REF" vendi "$DS_BIN/ds-diversity" "$CONF" "$T")

# Tags: complexity (mean tags per record, empty ones included) and coverage.
printf '%s\n' '{"tags":["a","b"]}' '{"tags":["a"]}' '{"tags":[]}' '{"id":4}' >"$T/tags.jsonl"
run ds-diversity --values '.tags[]?' --alpha 2 "$T/tags.jsonl" >"$T/out"
is "$(cat "$T/out")" '{"records":4,"values":{"expr":".tags[]?","n_values":3,"n_types":2,"shannon":0.6365141682948128,"shannon_bits":0.9182958340544894,"renyi":{"2":0.587786664902119},"simpson":0.5555555555555556,"gini_simpson":0.4444444444444444,"simpson_d":0.3333333333333333,"distinct":0.6666666666666666,"complexity":0.75,"coverage":2}}' "golden: --values .tags[]? with complexity and coverage"
run ds-diversity --values '.tags[]' "$T/tags.jsonl" 2>"$T/err" >/dev/null
is "$?:$(cat "$T/err")" "1:ds-diversity: $T/tags.jsonl:4: --values: Cannot iterate over null (null)" "an expression error is a bad record"

# A record without text is rejected and the figures cover the rest.
printf '%s\n' '{"output":"a b"}' '{"id":2}' '{"output":"a c"}' >"$T/mixed.jsonl"
run ds-diversity -n 1 --on-error skip -q --rejects "$T/rej" "$T/mixed.jsonl" >"$T/out"
is "$(jq -c '[.records, .ngrams["1"].n_tokens, .ngrams["1"].n_types]' "$T/out"):$(jq -c '[.line, .reason]' "$T/rej")" \
	'[2,4,3]:[2,"no text: cannot tell the format (no instruction, output, response, conversations, messages or text key; use -f or --format)"]' "--on-error skip: rejected record named, figures over the rest"

# A record rejected for its text leaves no vector behind, and the reverse.
printf '%s\n' '{"v":[1,0],"output":"a"}' '{"v":[0,1]}' '{"v":"x","output":"c"}' '{"v":[0,1],"output":"b"}' >"$T/vt.jsonl"
is "$(run ds-diversity --vec .v -f .output -n 1 --on-error skip -q "$T/vt.jsonl" | jq -c '[.records, .ngrams["1"].n_tokens, .vendi.vectors.records, .vendi.vectors.score]')" \
	'[2,2,2,2]' "a bad record counts neither its vector nor its text"

# Case is kept by default (the Vendi n-gram kernel is case-sensitive).
printf '%s\n' '{"output":"The the THE"}' >"$T/case.jsonl"
is "$(run ds-diversity -n 1 "$T/case.jsonl" | jq -c '.ngrams["1"].n_types')" 3 "case kept by default"
is "$(run ds-diversity -n 1 --fold-case "$T/case.jsonl" | jq -c '.ngrams["1"].n_types')" 1 "--fold-case folds"

# Per record: own entropy and distinct-n, the line otherwise unchanged.
printf '%s\n' '{"id":1, "output":"a b a b"}' >"$T/one.jsonl"
run ds-diversity --per-record "$T/one.jsonl" >"$T/out"
is "$(cat "$T/out")" '{"id":1, "output":"a b a b","diversity":{"tokens":4,"shannon_1":0.6931471805599453,"distinct_1":0.5,"shannon_2":0.6365141682948128,"distinct_2":0.6666666666666666}}' "golden: --per-record"
f=$DATA/alpaca-sample.jsonl
run ds-diversity --per-record -j 2 "$f" | cmp -s - <(run ds-diversity --per-record "$f")
ok $? "--per-record: -j 2 = -j 1"

# Summaries: the same bytes for any -j.
for args in "" "--vendi" "-n 1,2,3 --fold-case --tokenizer whitespace" "--values .category"; do
	run ds-diversity $args --on-error skip -q "$DATA/dolly-ja-sample.jsonl" >"$T/j1"
	run ds-diversity $args --on-error skip -q -j 2 "$DATA/dolly-ja-sample.jsonl" >"$T/j2"
	cmp -s "$T/j1" "$T/j2"
	ok $? "-j 2 = -j 1 ($args)"
done

# Hashed n-gram Vendi against the exact kernel: below it (rank <= dim), same records.
run ds-diversity --vendi -n 1,2 "$DATA/messages-sample.jsonl" --on-error skip -q >"$T/h"
run ds-diversity --vendi -n 1,2 --exact "$DATA/messages-sample.jsonl" --on-error skip -q >"$T/e"
jq -e -n --slurpfile h "$T/h" --slurpfile e "$T/e" \
	'$h[0].vendi.ngram.score <= $e[0].vendi.ngram.score and $h[0].vendi.ngram.score > 0.5 * $e[0].vendi.ngram.score
	 and $h[0].vendi.ngram.records == $e[0].vendi.ngram.records' >/dev/null
ok $? "hashed n-gram Vendi within (0.5, 1] of the exact one on messages-sample"

# Vectors from a .npy file (ds-embed, float32) = the same vectors inline (--vec).
if [ -x "$DS_BIN/ds-embed" ]; then
	run ds-embed -d 16 --vectors-out "$T/v.npy" "$f" --on-error skip -q >/dev/null
	run ds-embed -d 16 "$f" --on-error skip -q >"$T/emb.jsonl"
	a=$(run ds-diversity --vectors "$T/v.npy" "$f" --on-error skip -q | jq .vendi.vectors.score)
	b=$(run ds-diversity --vec .emb "$T/emb.jsonl" | jq .vendi.vectors.score)
	e=$(run ds-diversity --vectors "$T/v.npy" --exact "$f" --on-error skip -q | jq .vendi.vectors.score)
	awk -v a="$a" -v b="$b" 'BEGIN { d = (a - b) / b; exit !(d < 1e-6 && d > -1e-6) }'
	ok $? "--vectors FILE (float32) = --vec EXPR to 1e-6 ($a vs $b)"
	awk -v a="$a" -v b="$e" 'BEGIN { d = (a - b) / b; exit !(d < 1e-7 && d > -1e-7) }'
	ok $? "vectors: d x d Gram = exact n x n kernel to 1e-7 ($a vs $e)"
else
	skip "ds-embed not built"
	skip "ds-embed not built"
fi

# State files: merged = one run, byte for byte, and corrupt states refused.
head -n 1500 "$f" >"$T/a.jsonl"
tail -n +1501 "$f" >"$T/b.jsonl"
for args in "--vendi -n 1,2,3" "--values .instruction"; do
	run ds-diversity -q $args --state-out "$T/a.st" "$T/a.jsonl" >/dev/null &&
	run ds-diversity -q $args --state-out "$T/b.st" "$T/b.jsonl" >/dev/null &&
	run ds-diversity -q --merge "$T/a.st" "$T/b.st" --state-out "$T/m.st" >"$T/merged"
	run ds-diversity -q $args --state-out "$T/all.st" "$f" >"$T/single"
	cmp -s "$T/merged" "$T/single"
	ok $? "--merge of 2 states = one run ($args)"
	cmp -s "$T/m.st" "$T/all.st"
	ok $? "merged state = the state of one run ($args)"
done
cp "$T/a.st" "$T/bad.st"
printf 'x' | dd of="$T/bad.st" bs=1 seek=100 conv=notrunc 2>/dev/null
run ds-diversity --merge "$T/bad.st" 2>"$T/err" >/dev/null
is "$?:$(cat "$T/err")" "1:ds-diversity: $T/bad.st: truncated or corrupt ds-diversity state (checksum mismatch)" "a damaged state is refused"
run ds-diversity --merge "$f" 2>"$T/err" >/dev/null
is "$?" 1 "a file that is not a state is refused"
run ds-diversity --state-out "$T/c.st" -n 1 "$T/a.jsonl" >/dev/null
run ds-diversity --merge "$T/c.st" "$T/b.st" 2>/dev/null >/dev/null
is "$?" 1 "states of different settings do not merge"

# -m: status 4 with advice, nothing half-written.
run ds-diversity -m 1M -o "$T/never.json" "$f" 2>"$T/err"
is "$?" 4 "-m: exit 4 when the tables would pass it"
grep -q 'raise -m' "$T/err" && [ ! -e "$T/never.json" ]
ok $? "-m: the message says what to do; no output file"

# Usage errors.
run ds-diversity --exact "$f" 2>/dev/null
is "$?" 2 "--exact without a Vendi score is a usage error"
run ds-diversity --per-record --vendi "$f" 2>/dev/null
is "$?" 2 "--per-record takes no --vendi"
run ds-diversity --alpha -1 "$f" 2>/dev/null
is "$?" 2 "--alpha below 0 is a usage error"
run ds-diversity --on-error pass "$f" 2>/dev/null
is "$?" 2 "--on-error pass only with --per-record"

done_testing
