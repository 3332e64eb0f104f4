#!/bin/bash
# ds-quality: datatrove's own filter tests, and the CLI contract.
. "${DS_SRC:-.}/tests/lib.sh"
need_shared

# Every case of conformance/quality.jsonl (datatrove 0.10.0's test suite).
tap_lines < <(python3 "$DS_SRC/tests/cli/quality_conformance.py" cases "$DS_BIN/ds-quality" "$CONF")

# Golden output: the annotation is appended, the rest of the line untouched.
printf '%s\n' '{"id":1, "output":"Hello world. Hello world."}' >"$T/one.jsonl"
run ds-quality --rules gopher_repetition,c4_badwords "$T/one.jsonl" >"$T/out"
is "$(cat "$T/out")" '{"id":1, "output":"Hello world. Hello world.","quality":{"n_chars":25,"gopher_repetition":{"n_paragraphs":1,"dup_paragraphs":0,"dup_para_frac":0.0,"dup_para_chars":0,"dup_para_char_frac":0.0,"n_lines":1,"dup_lines":0,"dup_line_frac":0.0,"dup_line_chars":0,"dup_line_char_frac":0.0,"n_words":6,"top_2_gram_chars":22,"top_2_gram_char_frac":0.88,"top_3_gram_chars":26,"top_3_gram_char_frac":1.04,"top_4_gram_chars":19,"top_4_gram_char_frac":0.76,"dup_5_gram_chars":0,"dup_5_gram_char_frac":0.0,"dup_6_gram_chars":0,"dup_6_gram_char_frac":0.0,"dup_7_gram_chars":0,"dup_7_gram_char_frac":0.0,"dup_8_gram_chars":0,"dup_8_gram_char_frac":0.0,"dup_9_gram_chars":0,"dup_9_gram_char_frac":0.0,"dup_10_gram_chars":0,"dup_10_gram_char_frac":0.0,"pass":false,"reason":"top_2_gram"},"c4_badwords":{"pass":true,"reason":null}}}' "golden: appended key, bytes kept"

# An existing key is replaced, not duplicated.
printf '%s\n' '{"quality":1,"output":"a b a"}' | run ds-quality --rules c4_badwords >"$T/out"
is "$(cat "$T/out")" '{"quality":{"n_chars":5,"c4_badwords":{"pass":true,"reason":null}},"output":"a b a"}' "existing key replaced in place"

# A threshold option changes the verdict; 0 switches a check off.
printf '%s\n' '{"output":"I am too small..."}' >"$T/small.jsonl"
r=$(run ds-quality --rules gopher_quality "$T/small.jsonl" | jq -r .quality.gopher_quality.reason)
is "$r" gopher_short_doc "default thresholds: gopher_short_doc"
r=$(run ds-quality --rules gopher_quality --min-doc-words 0 "$T/small.jsonl" | jq -r .quality.gopher_quality.reason)
is "$r" gopher_below_avg_threshold "--min-doc-words 0 switches the check off"
r=$(run ds-quality --rules gopher_quality --min-doc-words 0 --min-avg-word-length 2.5 "$T/small.jsonl" | jq -r .quality.gopher_quality.reason)
is "$r" gopher_too_many_ellipsis "--min-avg-word-length 2.5: the next check fails"

# The tokenizers: spaCy's rules by default, str.split, the suite's words.
printf '%s\n' '{"output":"I don'"'"'t know, e.g. $100."}' >"$T/tok.jsonl"
is "$(run ds-quality --rules gopher_quality --show-words "$T/tok.jsonl" | jq -c .quality.words)" \
	'["I","do","n'"'"'t","know",",","e.g.","$","100","."]' "spacy-en words"
is "$(run ds-quality --rules gopher_quality --show-words --tokenizer whitespace "$T/tok.jsonl" | jq -c .quality.words)" \
	'["I","don'"'"'t","know,","e.g.","$100."]' "whitespace words"
is "$(run ds-quality --rules gopher_quality --show-words --tokenizer words "$T/tok.jsonl" | jq -c .quality.words)" \
	'["I","don'"'"'t","know","e","g","100"]' "words words"

# The FineWeb recipe: C4 rewrites the text for FineWeb.
printf '%s\n' '{"output":"x"}' | run ds-quality --rules fineweb_recipe >"$T/out"
is "$(jq -c .quality.fineweb_recipe "$T/out")" '{"pass":false,"reason":"gopher_short_doc","step":"gopher_quality","kept_chars":null}' "recipe stops at the first failing filter"
is "$(printf '%s\n' '{"output":""}' | run ds-quality --rules fineweb_recipe,gopher_repetition | jq -c '[.quality.fineweb_recipe.pass,.quality.gopher_repetition.pass]')" \
	'[null,null]' "an empty text: datatrove divides by zero, pass is null"

# Bad words: whole words of the LDNOOBW list in the lower-cased text.
printf '%s\n' '{"output":"What the FUCK."}' '{"output":"A classic bass."}' '{"output":"2 girls 1 cup"}' >"$T/bw.jsonl"
is "$(run ds-quality --rules c4_badwords "$T/bw.jsonl" | jq -c '[.quality.c4_badwords.reason]' | tr -d '\n')" \
	'["document_removed_with_badwords"][null]["document_removed_with_badwords"]' "c4_badwords: whole words only, any case"

# Extras: overlap of prompt and response, zstd ratio, language.
printf '%s\n' '{"instruction":"the cat sat","output":"The cat ran"}' >"$T/pair.jsonl"
is "$(run ds-quality --rules overlap "$T/pair.jsonl" | jq -c .quality.overlap)" \
	'{"containment":0.6666666666666666,"jaccard":0.5}' "overlap: containment and Jaccard of word types"
is "$(run ds-quality --rules overlap -f .output "$T/pair.jsonl" | jq -c .quality.overlap.jaccard)" '0.5' "overlap: -f picks the response, --format the prompt"
is "$(run ds-quality --rules overlap --prompt-field .nosuch "$T/pair.jsonl" | jq -c .quality.overlap)" 'null' "overlap: null without a prompt"
is "$(run ds-quality --rules overlap -f .output --prompt-field .instruction "$T/pair.jsonl" | jq -c .quality.overlap.jaccard)" '0.5' "overlap: --prompt-field"
python3 -c 'import json; print(json.dumps({"output": "abc " * 2000}))' >"$T/rep.jsonl"
r=$(run ds-quality --rules zstd_ratio "$T/rep.jsonl" | jq '.quality.zstd_ratio < 0.01')
is "$r" true "zstd_ratio: a repetitive text compresses"
is "$(head -1 "$DATA/zh-instruct-sample.jsonl" | run ds-quality --rules lang | jq -r .quality.lang)" zh "lang: Chinese"
is "$(head -1 "$DATA/alpaca-sample.jsonl" | run ds-quality --rules lang | jq -r .quality.lang)" en "lang: English"

# The default is datatrove's six rule sets; the extras come by name, or with all.
head -1 "$DATA/alpaca-sample.jsonl" >"$T/first.jsonl"
is "$(run ds-quality "$T/first.jsonl" | jq -c '.quality | keys')" \
	'["c4","c4_badwords","fineweb","fineweb_recipe","gopher_quality","gopher_repetition","n_chars"]' "default: the six rule sets, no extras"
is "$(run ds-quality --rules datatrove,lang "$T/first.jsonl" | jq -c '.quality | [has("gopher_quality"), has("lang"), has("zstd_ratio")]')" \
	'[true,true,false]' "--rules datatrove,lang: the rule sets and one extra"
is "$(run ds-quality --rules all "$T/first.jsonl" | jq -c '.quality | [has("fineweb_recipe"), has("zstd_ratio"), has("overlap"), has("lang")]')" \
	'[true,true,true,true]' "--rules all: rule sets and extras"

# --explain names the failing check with its value and threshold.
run ds-quality --explain --rules gopher_quality "$T/small.jsonl" >"$T/out"
grep -q '^gopher_quality: removed, reason gopher_short_doc' "$T/out" &&
	grep -q 'non-symbol words .* 4  >= 50 *FAIL' "$T/out"
ok $? "--explain: verdict, value, threshold"

# Usage errors exit 2.
run ds-quality --rules nosuch </dev/null 2>/dev/null
is $? 2 "unknown rule set: exit 2"
run ds-quality --tokenizer nosuch </dev/null 2>/dev/null
is $? 2 "unknown tokenizer: exit 2"

# -j 2 writes the same bytes as -j 1; the annotation strips back to the input.
for f in "$DATA"/*.jsonl; do
	run ds-quality --on-error skip -q "$f" >"$T/j1"
	run ds-quality --on-error skip -q -j 2 "$f" >"$T/j2"
	cmp -s "$T/j1" "$T/j2"
	ok $? "-j 2 = -j 1 on $(basename "$f")"
	run ds-quality --format auto --part all -k _ds_probe "$f" | jq -c 'del(._ds_probe)' >"$T/a"
	jq -c . "$f" >"$T/b"
	cmp -s "$T/a" "$T/b"
	ok $? "annotation strips back to the input: $(basename "$f")"
done

done_testing
