#!/bin/bash
# ds-ttr: conformance with lexicalrichness, and the CLI contract.
. "${DS_SRC:-.}/tests/lib.sh"
need_shared

tap_lines < <(python3 "$DS_SRC/tests/cli/ttr_conformance.py" "$DS_BIN/ds-ttr" "$CONF" "$DATA")

# Golden output: the annotation is appended, the rest of the line untouched.
printf '%s\n' '{"id":7, "output":"The cat sat on the mat. The cat ran."}' >"$T/one.jsonl"
run ds-ttr --metrics words,terms,ttr,mtld "$T/one.jsonl" >"$T/out"
is "$(cat "$T/out")" '{"id":7, "output":"The cat sat on the mat. The cat ran.","ttr":{"words":9,"terms":6,"ttr":0.6666666666666666,"mtld":9.0}}' "golden: appended key, bytes kept"

# An existing key is replaced, not duplicated.
printf '%s\n' '{"ttr":1,"output":"a b a"}' | run ds-ttr --metrics words >"$T/out"
is "$(cat "$T/out")" '{"ttr":{"words":3},"output":"a b a"}' "existing key replaced in place"

# -j 2 writes the same bytes as -j 1.
for f in "$DATA"/*.jsonl; do
	run ds-ttr --on-error skip -q "$f" >"$T/j1"
	run ds-ttr --on-error skip -q -j 2 "$f" >"$T/j2"
	cmp -s "$T/j1" "$T/j2"
	ok $? "-j 2 = -j 1 on $(basename "$f")"
done

# Removing the annotation gives back the input, for every shared file.
for f in "$DATA"/*.jsonl; do
	run ds-ttr --format auto --part all -k _ds_probe "$f" | jq -c 'del(._ds_probe)' >"$T/a"
	jq -c . "$f" >"$T/b"
	cmp -s "$T/a" "$T/b"
	ok $? "annotation strips back to the input: $(basename "$f")"
done

done_testing
