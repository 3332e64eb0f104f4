#!/bin/bash
# ds-embed, and the vector files every vector tool reads (common/vectors.c):
# .npy written by numpy, raw float32, malformed headers, the .npy writer.
. "${DS_SRC:-.}/tests/lib.sh"
need_shared

PY=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import numpy' 2>/dev/null; then PY=$p; break; fi
done
REF=$DS_SRC/tests/cli/vectors_ref.py
PROBE=$DS_BIN/tests/unit/vectors-probe

# The vector: unit length, D numbers, the same for the same text.
printf '%s\n' '{"output":"the cat sat on the mat"}' '{"output":"the cat sat on the mat","id":2}' \
	'{"output":""}' >"$T/small.jsonl"
run ds-embed -f .output -d 64 "$T/small.jsonl" >"$T/out"
ok $? "runs"
is "$(jq -c '.emb | length' "$T/out" | sort -u)" "64" "64 dimensions"
is "$(jq -c '[.emb[] | . * .] | add | . * 1e9 | round' "$T/out" | sed -n 1p)" "1000000000" "unit length"
is "$(jq -c .emb "$T/out" | sed -n 1p)" "$(jq -c .emb "$T/out" | sed -n 2p)" "same text, same vector"
is "$(jq -c '[.emb[] | select(. != 0)] | length' "$T/out" | sed -n 3p)" "0" "empty text: zero vector"
is "$(head -1 "$T/out" | jq -c 'del(.emb)')" '{"output":"the cat sat on the mat"}' "the line is kept, emb appended"
is "$(jq -c '[.emb[] | select(. != 0)] | length > 3' "$T/out" | sed -n 1p)" "true" "several columns used"

# Deterministic: the same bytes again, and for any -j.
for f in "$DATA"/alpaca-sample.jsonl "$DATA"/zh-instruct-sample.jsonl; do
	run ds-embed -q --on-error skip "$f" >"$T/j1"
	run ds-embed -q --on-error skip -j 2 "$f" >"$T/j2"
	cmp -s "$T/j1" "$T/j2"
	ok $? "-j 2 = -j 1 on $(basename "$f")"
done
run ds-embed -q --on-error skip "$DATA/alpaca-sample.jsonl" >"$T/a1"
run ds-embed -q --on-error skip "$DATA/alpaca-sample.jsonl" >"$T/a2"
cmp -s "$T/a1" "$T/a2"
ok $? "two runs write the same bytes"

# chars:N for CJK: near-duplicate texts are closer than unrelated ones.
printf '%s\n' '{"output":"今天天气很好，我们去公园散步。"}' '{"output":"今天天气很好，我们去公园跑步。"}' \
	'{"output":"函数返回一个列表的长度。"}' >"$T/zh.jsonl"
run ds-embed --features chars:2 -d 256 "$T/zh.jsonl" >"$T/zh.out"
ok $? "--features chars:2"
near=$(jq -s '[.[0].emb, .[1].emb] | transpose | map(.[0] * .[1]) | add' "$T/zh.out")
far=$(jq -s '[.[0].emb, .[2].emb] | transpose | map(.[0] * .[1]) | add' "$T/zh.out")
awk -v a="$near" -v b="$far" 'BEGIN { exit !(a > 0.5 && a > b) }'
ok $? "chars:2: near-duplicates are close (cos $near vs $far)"

# IDF: --idf-out saves what --tfidf computes; --idf loads it.
f=$DATA/alpaca-sample.jsonl
run ds-embed -d 32 --tfidf --sublinear-tf "$f" >"$T/tfidf1"
ok $? "--tfidf --sublinear-tf"
run ds-embed -d 32 --idf-out "$T/idf.state" --sublinear-tf "$f" >"$T/tfidf2"
cmp -s "$T/tfidf1" "$T/tfidf2"
ok $? "--idf-out weights as --tfidf does"
run ds-embed -d 32 --idf "$T/idf.state" --sublinear-tf "$f" >"$T/tfidf3"
cmp -s "$T/tfidf1" "$T/tfidf3"
ok $? "--idf FILE gives the same vectors without a first pass"
run ds-embed -d 32 "$f" >"$T/plain"
! cmp -s "$T/tfidf1" "$T/plain"
ok $? "IDF weighting changes the vectors"
run ds-embed -d 32 --idf "$T/idf.state" --features chars:3 "$f" >/dev/null 2>"$T/err"
is "$? $(grep -c 'was counted with' "$T/err")" "2 1" "--idf from other features: usage error"
cat "$f" | run ds-embed --tfidf >/dev/null 2>"$T/err"
is "$?" "2" "--tfidf on a pipe: usage error (two passes)"
printf 'junk\n' >"$T/notidf"
run ds-embed --idf "$T/notidf" "$f" >/dev/null 2>&1
is "$?" "1" "--idf of a file that is no state: bad data"

# --vectors-out: the lines unchanged, float32 rows equal to the annotation.
run ds-embed -d 48 -f .output "$T/small.jsonl" >"$T/ann"
run ds-embed -d 48 -f .output --vectors-out "$T/emb.npy" "$T/small.jsonl" >"$T/lines"
cmp -s "$T/lines" "$T/small.jsonl"
ok $? "--vectors-out: lines written unchanged"
run ds-embed --vectors-out "$T/x.npy" --on-error pass "$T/small.jsonl" >/dev/null 2>&1
is "$?" "2" "--vectors-out with --on-error pass: usage error"
printf '%s\n' '{"output":"a b"}' '{"nope":1}' '{"output":"c d"}' >"$T/holes.jsonl"
run ds-embed -q -d 8 -f .output --on-error skip --vectors-out "$T/holes.npy" "$T/holes.jsonl" >"$T/holes.out"
is "$(wc -l <"$T/holes.out")" "2" "--vectors-out --on-error skip: bad record dropped"

if [ -z "$PY" ]; then
	skip "numpy not installed: .npy checks"
	done_testing
	exit
fi
tap_lines < <("$PY" - "$T/emb.npy" "$T/ann" "$T/holes.npy" <<'EOF'
import json, sys
import numpy as np
x = np.load(sys.argv[1])
want = np.array([json.loads(l)["emb"] for l in open(sys.argv[2])], dtype=np.float32)
print("ok" if x.dtype == np.float32 and x.shape == want.shape and (x == want).all() else "not ok",
      "numpy reads --vectors-out: float32 rows equal to the annotations")
h = np.load(sys.argv[3])
print("ok" if h.shape == (2, 8) else "not ok", "--vectors-out: one row per written line")
EOF
)

# The reader against files numpy wrote.
for kind in f16 f32 f64; do
	want=$("$PY" "$REF" npy $kind "$T/$kind.npy")
	got=$("$PROBE" "$T/$kind.npy" | jq -cs .)
	is "$(echo "$got" | jq -c .)" "$(echo "$want" | jq -c .)" ".npy $kind read exactly"
done
want=$("$PY" "$REF" npy f32 "$T/raw.f32")
"$PY" "$REF" npy raw "$T/raw.f32" >/dev/null
is "$("$PROBE" "$T/raw.f32" 3 | jq -cs .)" "$(echo "$want" | jq -c .)" "raw float32 with --dim read exactly"
"$PROBE" "$T/raw.f32" 5 >/dev/null 2>"$T/err"
is "$?" "1" "raw float32 not a whole number of rows: bad data"
"$PROBE" "$T/raw.f32" >/dev/null 2>&1
is "$?" "2" "raw float32 without --dim: usage error"
"$PROBE" "$T/f32.npy" 4 >/dev/null 2>&1
is "$?" "2" ".npy with a different --dim: usage error"
for kind in bad-int bad-1d bad-fortran bad-bigendian bad-truncated bad-header bad-version; do
	"$PY" "$REF" npy $kind "$T/$kind.npy" >/dev/null
	"$PROBE" "$T/$kind.npy" >/dev/null 2>"$T/err"
	st=$?
	is "$st $(grep -c "$kind.npy" "$T/err")" "1 1" "malformed .npy ($kind): bad data, file named"
done

# float16 rounding: ties to even, subnormals, overflow, as numpy does.
"$PY" -c '
import numpy as np
v = [0.1, 1/3, 65504, 65519, 65520, 1e-5, 6e-8, 2.98e-8, 5.96e-8, -2.5, 1+2**-11, 1+3*2**-11, 2**-24*1.5, 2**-14, 1e9, -0.0]
v += list(np.random.default_rng(3).standard_normal(2000) * 10.0 ** np.random.default_rng(4).integers(-9, 5, 2000))
np.savetxt("'"$T"'/floats.txt", np.array(v, dtype=np.float32), fmt="%.9g")
h = np.array(v, dtype=np.float32).astype(np.float16)
np.savetxt("'"$T"'/halves.txt", np.stack([h.view(np.uint16).astype(np.float64), h.astype(np.float64)], 1), fmt="%d %.9g")
' 2>/dev/null
"$PROBE" --half <"$T/floats.txt" >"$T/halves.got"
cmp -s "$T/halves.got" "$T/halves.txt"
ok $? "float32 -> float16 -> float32 as numpy, on 2016 values"

done_testing
