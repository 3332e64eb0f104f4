#!/bin/bash
# ds-lm --spm: SentencePiece pieces as the words, as data-juicer and CCNet
# feed KenLM. The pieces are spm_encode's, so training and scoring with --spm
# equal training and scoring spm_encode's lines of pieces as plain text.
. "${DS_SRC:-.}/tests/lib.sh"
need_shared
for p in spm_train spm_encode; do
	if ! command -v "$p" >/dev/null; then
		echo "1..0 # SKIP no $p (Debian package sentencepiece; scripts/install-deps --test)"
		exit 0
	fi
done

# The texts as spm_encode reads them: one line each.
oneline='gsub("[\n\r]"; " ")'
jq -c "{text: (.output | $oneline)}" "$DATA/alpaca-sample.jsonl" >"$T/alpaca.jsonl"
{
	head -n 300 "$DATA/code-instruct-sample.jsonl" | jq -c "{text: (.response | $oneline)}"
	head -n 100 "$DATA/zh-instruct-sample.jsonl" | jq -c "{text: (.output | $oneline)}"
	head -n 100 "$DATA/dolly-ja-sample.jsonl" | jq -c "{text: (.output | $oneline)}"
} >"$T/mixed.jsonl"
# pieces FILE: the records of FILE with their text replaced by spm_encode's pieces.
pieces() {
	jq -r .text "$1" | spm_encode --model="$T/sp.model" --output_format=piece |
		jq -R -c '{text: .}'
}

# A tiny model, trained here on the shared alpaca text (never stored).
jq -r .text "$T/alpaca.jsonl" | head -n 800 >"$T/train.txt"
spm_train --input="$T/train.txt" --model_prefix="$T/sp" --vocab_size=400 --minloglevel=2 \
	>/dev/null 2>&1
ok $? "spm_train makes a tiny model of the shared alpaca text"

run ds-lm train -n 3 --spm "$T/sp.model" --discount-fallback -q -f .text "$T/alpaca.jsonl" \
	-o "$T/sp.arpa"
ok $? "train --spm exits 0"
pieces "$T/alpaca.jsonl" >"$T/alpaca-pieces.jsonl"
run ds-lm train -n 3 --no-fold-case --discount-fallback -q -f .text "$T/alpaca-pieces.jsonl" |
	cmp -s - "$T/sp.arpa"
ok $? "train --spm = training spm_encode's pieces as words (byte-identical ARPA)"
is "$(grep -c $'\t\u2581the\t' "$T/sp.arpa"):$(grep -c $'\tthe\t' "$T/sp.arpa")" "1:0" \
	"train --spm: the words are pieces (U+2581 marks a word's start)"

# Scoring: the lm values of --spm and of spm_encode's pieces scored plainly.
pieces "$T/mixed.jsonl" >"$T/mixed-pieces.jsonl"
run ds-lm score --model "$T/sp.arpa" --spm "$T/sp.model" -f .text --words --ppl-excl-oov \
	"$T/mixed.jsonl" >"$T/spm.jsonl"
ok $? "score --spm exits 0"
run ds-lm score --model "$T/sp.arpa" --no-fold-case -f .text --words --ppl-excl-oov \
	"$T/mixed-pieces.jsonl" >"$T/plain.jsonl"
cmp -s <(jq -c .lm "$T/spm.jsonl") <(jq -c .lm "$T/plain.jsonl")
ok $? "score --spm = spm_encode's pieces scored plainly (every lm value, word by word)"
is "$(jq -s 'map(.lm.tokens) | add' "$T/spm.jsonl")" \
	"$(jq -r .text "$T/mixed-pieces.jsonl" | wc -w)" "score --spm: tokens are spm_encode's pieces"
jq -c 'del(.lm)' "$T/spm.jsonl" | cmp -s - "$T/mixed.jsonl"
ok $? "score --spm: removing lm gives back the input"
run ds-lm score --model "$T/sp.arpa" --spm "$T/sp.model" -f .text --words --ppl-excl-oov -j 2 \
	"$T/mixed.jsonl" | cmp -s - "$T/spm.jsonl"
ok $? "score --spm: -j 2 = -j 1"

# --fold-case lower-cases the text before SentencePiece (Python's str.lower()).
python3 -c '
import json, sys
for line in sys.stdin:
    print(json.dumps({"text": json.loads(line)["text"].lower()}, ensure_ascii=False))
' <"$T/mixed.jsonl" >"$T/lower.jsonl"
run ds-lm score --model "$T/sp.arpa" --spm "$T/sp.model" --fold-case -f .text --words \
	"$T/mixed.jsonl" | jq -c .lm >"$T/a"
pieces "$T/lower.jsonl" >"$T/lower-pieces.jsonl"
run ds-lm score --model "$T/sp.arpa" --no-fold-case -f .text --words "$T/lower-pieces.jsonl" |
	jq -c .lm | cmp -s - "$T/a"
ok $? "score --spm --fold-case = pieces of the lower-cased text"
cmp -s <(jq -c .lm "$T/spm.jsonl" | jq -c 'del(.ppl_excl_oov)') "$T/a"
[ $? -ne 0 ]
ok $? "score --spm keeps case unless --fold-case (as data-juicer)"

# Errors.
run ds-lm score --model "$T/sp.arpa" --spm "$T/none.model" -f .text "$T/mixed.jsonl" \
	>/dev/null 2>"$T/err"
is "$?:$(grep -c 'none.model: No such file' "$T/err")" "3:1" "--spm: a missing model is an I/O error"
run ds-lm score --model "$T/sp.arpa" --spm "$T/sp.arpa" -f .text "$T/mixed.jsonl" \
	>/dev/null 2>"$T/err"
is "$?:$(grep -c 'sp.arpa: not a SentencePiece model' "$T/err")" "1:1" \
	"--spm: a file that is not a SentencePiece model is bad data"
run ds-lm train -n 3 --spm "$T/sp.model" --tokenizer words -f .text "$T/mixed.jsonl" \
	>/dev/null 2>&1
is "$?" 2 "--spm with another --tokenizer is a usage error"

done_testing
