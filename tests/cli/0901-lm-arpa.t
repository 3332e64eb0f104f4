#!/bin/bash
# ds-lm: reading foreign ARPA files. What KenLM's reader accepts is read the
# same way; what it refuses is bad input with FILE:LINE and a clear message.
. "${DS_SRC:-.}/tests/lib.sh"

printf '%s\n' '{"text":"the cat sat on the mat"}' '{"text":"the dog sat on the log"}' \
	'{"text":"a cat and a dog"}' >"$T/train.jsonl"
run ds-lm train -n 3 -f .text --discount-fallback -q "$T/train.jsonl" -o "$T/m.arpa"
ok $? "a small model to mutate"
printf '%s\n' '{"text":"the cat sat on a log"}' '{"text":"a bird and the dog"}' '{"text":""}' >"$T/test.jsonl"
score() { run ds-lm score -f .text --words --model "$@" "$T/test.jsonl"; }
score "$T/m.arpa" >"$T/want"

# Accepted variations score exactly as the original.
accept() {	# accept DESC: $T/v.arpa scores as m.arpa
	score "$T/v.arpa" >"$T/got" 2>"$T/err"
	is "$?:$(cmp -s "$T/got" "$T/want" && echo same)" "0:same" "$1"
}
{ printf '# a comment\n\n'; cat "$T/m.arpa"; } >"$T/v.arpa"
accept "comments and blank lines before \\data\\"
sed 's/$/\r/' "$T/m.arpa" >"$T/v.arpa"
accept "CRLF line ends"
awk -F'\t' 'BEGIN{OFS="\t"} NF==3 && $3=="0" {NF=2} {print}' "$T/m.arpa" >"$T/v.arpa"
accept "backoffs of 0 left out (SRILM style)"
awk '/-grams:/{print; s=1; next} /^$/{if(s){close("sort -r"); s=0}; print; next} s{print | "sort -r"; next} {print}' \
	"$T/m.arpa" >"$T/v.arpa"
accept "n-grams in another order within each section"
sed 's/^-0\.30103\t<s>/-0.30103\t<s>/; s/^0\t<s>/0.0e0\t<s>/' "$T/m.arpa" >"$T/v.arpa"
accept "numbers in exponent form"
sed 's/\(sat on\)\t/\1 \t/' "$T/m.arpa" >"$T/v.arpa"
accept "runs of white space between the words"
printf '\n\n' >>"$T/v.arpa"
accept "blank lines after \\end\\"
grep -v $'\t<unk>\t' "$T/m.arpa" | sed 's/^ngram 1=12$/ngram 1=11/' >"$T/v.arpa"
score "$T/v.arpa" >"$T/got" 2>"$T/err"
is "$?:$(grep -c 'no <unk>' "$T/err")" "0:1" "no <unk>: a warning, and log10 p = -100"
is "$(jq -c '.lm.oov' "$T/got" | tr '\n' ' ')" "0 1 0 " "no <unk>: OOV words still counted"

# Refused: exit 1, FILE:LINE: why.
refuse() {	# refuse DESC PATTERN: $T/v.arpa is bad input
	score "$T/v.arpa" >"$T/got" 2>"$T/err"
	is "$?:$(grep -cE "v.arpa:[0-9]+: .*($2)" "$T/err")" "1:1" "$1"
	[ -s "$T/got" ] && echo "# output written for a bad model"
}
printf 'hello world\n' >"$T/v.arpa"
refuse "not an ARPA file" "not an ARPA file"
: >"$T/v.arpa"
score "$T/v.arpa" >/dev/null 2>"$T/err"
is "$?:$(grep -c 'empty file' "$T/err")" "1:1" "an empty file"
sed '/^\\data\\/d' "$T/m.arpa" >"$T/v.arpa"
refuse "no \\data\\ header" "expected .data."
sed 's/^ngram 2=17/ngram 3=17/' "$T/m.arpa" >"$T/v.arpa"
refuse "count lines out of sequence" "number the orders"
sed 's/^ngram 2=17/ngram 2=x/' "$T/m.arpa" >"$T/v.arpa"
refuse "a bad count line" "bad count line"
sed 's/^\\end\\/\\4-grams:\n-1\tthe cat sat on\n\n\\end\\/' "$T/m.arpa" >"$T/v.arpa"
refuse "an extra section not announced" "not announced"
sed '/^\\3-grams:/,/^$/d' "$T/m.arpa" >"$T/v.arpa"
refuse "a missing section" "missing section"
sed 's/^\\2-grams:/\\3-grams:/' "$T/m.arpa" >"$T/v.arpa"
refuse "sections out of order" "unexpected section"
sed 's/^-1.0908151\tcat/-1.09x\tcat/' "$T/m.arpa" >"$T/v.arpa"
refuse "a bad number" "bad log10 probability"
sed 's/^-1.0908151\tcat/1.0908151\tcat/' "$T/m.arpa" >"$T/v.arpa"
refuse "a positive log10 probability" "positive log10 probability"
sed 's/^-1.0908151\tcat\t-0.30103/-1.0908151\tcat\tnan/' "$T/m.arpa" >"$T/v.arpa"
refuse "a NaN backoff" "bad backoff|not finite"
sed 's/^-1.0908151\tcat\t-0.30103/-1.0908151\tcat\t-0.3x/' "$T/m.arpa" >"$T/v.arpa"
refuse "a bad backoff" "bad backoff"
sed 's/^\(-0.78103065\tthe cat\)\t/\1 /' "$T/m.arpa" >"$T/v.arpa"
refuse "a backoff after a space, not a TAB" "not after a TAB"
sed 's/^\(-0.11334989\tsat on the\)$/\1\t-0.5/' "$T/m.arpa" >"$T/v.arpa"
refuse "a backoff on a highest-order n-gram" "highest-order n-gram has a backoff"
sed 's/\tcat sat on$/\tcat sit on/' "$T/m.arpa" >"$T/v.arpa"
refuse "a word that is not a unigram" "word \"sit\" is not a unigram"
sed 's/^-1.0908151\tcat\t/-1.0908151 cat\t/' "$T/m.arpa" >"$T/v.arpa"
refuse "a unigram without a TAB after its probability" "needs a TAB"
sed 's/^ngram 2=17/ngram 2=18/' "$T/m.arpa" >"$T/v.arpa"
refuse "fewer n-grams than announced" "has 17 n-grams, .data. announced 18"
sed 's/^ngram 2=17/ngram 2=16/' "$T/m.arpa" >"$T/v.arpa"
refuse "more n-grams than announced" "more n-grams than"
sed '/\tthe dog\t/{p}' "$T/m.arpa" | sed 's/^ngram 2=17/ngram 2=18/' >"$T/v.arpa"
refuse "a duplicate n-gram" "duplicate n-gram"
grep -v $'\t</s>\t' "$T/m.arpa" | sed 's/^ngram 1=12$/ngram 1=11/' | grep -v ' </s>$' |
	awk '/^ngram 2=/{print "ngram 2=14"; next} /^ngram 3=/{print "ngram 3=14"; next} {print}' >"$T/v.arpa"
refuse "no </s> unigram" "lack </s>"
head -c 600 "$T/m.arpa" >"$T/v.arpa"
refuse "a truncated file" "truncated"
sed '/^\\end\\/d' "$T/m.arpa" >"$T/v.arpa"
refuse "no \\end\\" "truncated: no .end."
{ cat "$T/m.arpa"; echo "-1 junk"; } >"$T/v.arpa"
refuse "text after \\end\\" "text after .end."
{ echo '\data\'; for n in 1 2 3 4 5 6 7; do echo "ngram $n=1"; done; } >"$T/v.arpa"
refuse "order above 6" "order above 6"

printf '\\data\\\nngram 1=4000000000\n\n\\1-grams:\n-1\t<s>\n' >"$T/v.arpa"
refuse "counts the file cannot hold (no huge allocation)" "more n-grams than the file can hold"

# Bad models stop build-binary the same way.
sed 's/^-1.0908151\tcat/1.0908151\tcat/' "$T/m.arpa" >"$T/v.arpa"
run ds-lm build-binary "$T/v.arpa" -o "$T/v.bin" 2>"$T/err"
is "$?:$(grep -c 'positive' "$T/err"):$([ -e "$T/v.bin" ] && echo file)" "1:1:" "build-binary: bad input, no output file"

done_testing
