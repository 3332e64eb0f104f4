#!/bin/bash
# ds-readability: textstat's own test cases, and the CLI contract.
. "${DS_SRC:-.}/tests/lib.sh"
need_shared

PROBE=$DS_BIN/tests/unit/readability-probe
tap_lines < <(python3 "$DS_SRC/tests/cli/readability_conformance.py" "$DS_BIN/ds-readability" "$PROBE" "$CONF")

# Golden output: the annotation is appended, the rest of the line untouched.
printf '%s\n' '{"id":1, "output":"Cool dogs wear da sunglasses."}' >"$T/one.jsonl"
run ds-readability "$T/one.jsonl" >"$T/out"
is "$(cat "$T/out")" '{"id":1, "output":"Cool dogs wear da sunglasses.","readability":{"flesch_reading_ease":83.32000000000004,"flesch_kincaid_grade":2.879999999999999,"gunning_fog":10.0,"smog_index":8.841846274778883,"coleman_liau_index":6.120000000000001,"automated_readability_index":4.620000000000001,"dale_chall_readability_score":13.3585,"linsear_write_formula":2.5,"words":5,"sentences":1,"syllables":7}}' "golden: default metrics appended, bytes kept"

# An existing key is replaced, not duplicated; --metrics keeps its canonical order.
printf '%s\n' '{"readability":0,"output":"Hi there, you."}' | run ds-readability --metrics syllables,words >"$T/out"
is "$(cat "$T/out")" '{"readability":{"words":3,"syllables":3},"output":"Hi there, you."}' "existing key replaced in place"

# Chinese and Japanese text: nulls, no error; --all-scripts gives textstat's numbers.
printf '%s\n' '{"output":"彼女は優秀な教師です。"}' >"$T/ja.jsonl"
is "$(run ds-readability --metrics flesch_reading_ease,words "$T/ja.jsonl" | jq -c .readability)" \
	'{"flesch_reading_ease":null,"words":null}' "CJK text: null values"
is "$(run ds-readability --all-scripts --metrics words "$T/ja.jsonl" | jq -c .readability)" \
	'{"words":1}' "--all-scripts: textstat's numbers for CJK text"

# A language textstat has no constant for: that metric is null, the rest computed.
printf '%s\n' '{"output":"Der schnelle braune Fuchs springt über den faulen Hund."}' >"$T/de.jsonl"
is "$(run ds-readability --lang de_DE --metrics flesch_reading_ease,gunning_fog,words "$T/de.jsonl" | jq -c .readability)" \
	'{"flesch_reading_ease":93,"gunning_fog":null,"words":9}' "de_DE: Amstad's constants, no Gunning fog"

# Usage errors exit 2: unknown metric, language without patterns, bad variant.
run ds-readability --metrics fog "$T/one.jsonl" >/dev/null 2>&1
is $? 2 "unknown metric: exit 2"
run ds-readability --lang xx_XX "$T/one.jsonl" >/dev/null 2>"$T/err"
is "$? $(grep -c 'no hyphenation patterns' "$T/err")" "2 1" "language without patterns: exit 2 with the reason"
run ds-readability --wiener-variant 5 "$T/one.jsonl" >/dev/null 2>&1
is $? 2 "--wiener-variant 5: exit 2"

# A record without text is bad data (exit 1), or passed through with --on-error pass.
printf '%s\n' '{"output":"One two three."}' '{"other":1}' >"$T/bad.jsonl"
run ds-readability "$T/bad.jsonl" >/dev/null 2>&1
is $? 1 "missing text: exit 1"
is "$(run ds-readability --on-error pass --metrics words "$T/bad.jsonl" 2>/dev/null)" \
	"$(printf '%s\n' '{"output":"One two three.","readability":{"words":3}}' '{"other":1}')" "--on-error pass"

# -j 2 writes the same bytes as -j 1, every metric, every shared file.
for f in "$DATA"/*.jsonl; do
	run ds-readability --format auto --on-error skip -q --metrics all "$f" >"$T/j1"
	run ds-readability --format auto --on-error skip -q --metrics all -j 2 "$f" >"$T/j2"
	cmp -s "$T/j1" "$T/j2"
	ok $? "-j 2 = -j 1 on $(basename "$f")"
done

done_testing
