#!/bin/bash
# ds-knn-div: kNN distances against brute force in double precision, the
# reference-set and aggregate modes, DEITA selection, --summary, memory limit.
. "${DS_SRC:-.}/tests/lib.sh"
need_shared

PY=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import numpy' 2>/dev/null; then PY=$p; break; fi
done
if [ -z "$PY" ]; then
	echo "1..0 # SKIP numpy not installed"
	exit 0
fi
REF=$DS_SRC/tests/cli/vectors_ref.py

# Vectors derived from real records (3252 of them: several blocks and tiles).
"$PY" "$REF" derive "$DATA/alpaca-sample.jsonl" 24 "$T/v.jsonl" "$T/v.npy"
"$PY" "$REF" derive "$DATA/dolly-ja-sample.jsonl" 24 "$T/r.jsonl" "$T/r.npy"

run ds-knn-div --vec .v "$T/v.jsonl" >"$T/out"
ok $? "corpus kNN runs"
tap_lines < <("$PY" "$REF" knn "$T/v.npy" 10 "$T/out" | sed 's/^max/ok corpus k=10 vs brute force: max/')
run ds-knn-div --vectors "$T/v.npy" -k 3 "$T/v.jsonl" >"$T/out3"
tap_lines < <("$PY" "$REF" knn "$T/v.npy" 3 "$T/out3" | sed 's/^max/ok --vectors .npy, k=3 vs brute force: max/')
is "$(head -1 "$T/out3" | jq -c 'del(.knn_div)')" "$(head -1 "$T/v.jsonl" | jq -c .)" "annotation appended, the rest kept"
is "$(head -1 "$T/out3" | jq -c '.knn_div | keys')" '["d1","dk","mean"]' "annotation fields d1, dk, mean"

# Standard input is spooled: the same bytes as from the file.
cat "$T/v.jsonl" | run ds-knn-div --vec .v >"$T/piped"
cmp -s "$T/piped" "$T/out"
ok $? "from a pipe: same output as from the file"
run ds-knn-div --vec .v -j 2 "$T/v.jsonl" | cmp -s - "$T/out"
ok $? "-j 2: same bytes"

# Smaller storage, looser agreement.
for s in f16 i8; do
	run ds-knn-div --vec .v --store $s "$T/v.jsonl" >"$T/out.$s"
	"$PY" - "$T/out" "$T/out.$s" $s <<'EOF'
import json, sys
a = [json.loads(l)["knn_div"]["mean"] for l in open(sys.argv[1])]
b = [json.loads(l)["knn_div"]["mean"] for l in open(sys.argv[2])]
err = max(abs(x - y) for x, y in zip(a, b))
sys.exit(0 if err < (2e-3 if sys.argv[3] == "f16" else 2e-2) else 1)
EOF
	ok $? "--store $s: mean distances close to f32"
done

# Against a reference set, as .npy and as JSONL; --agg max and mean.
run ds-knn-div --vec .v --against "$T/r.npy" -k 5 "$T/v.jsonl" >"$T/ag"
tap_lines < <("$PY" "$REF" against "$T/v.npy" "$T/r.npy" 5 "$T/ag" | sed 's/^max/ok --against .npy vs brute force: max/')
run ds-knn-div --vec .v --against "$T/r.jsonl" -k 5 "$T/v.jsonl" | cmp -s - "$T/ag"
ok $? "--against JSONL = --against .npy"
for a in max mean; do
	run ds-knn-div --vec .v --against "$T/r.npy" --agg $a "$T/v.jsonl" >"$T/agg.$a"
	tap_lines < <("$PY" "$REF" agg "$T/v.npy" "$T/r.npy" $a "$T/agg.$a" | sed "s/^max/ok --agg $a vs numpy: max/")
done

# --summary: one object; its mean is the mean of the per-record means.
run ds-knn-div --vec .v --summary "$T/v.jsonl" >"$T/sum"
is "$(jq -c 'keys' "$T/sum")" '["k","mean","mean_d1","mean_dk","quantiles","records"]' "--summary fields"
want=$(jq -s 'map(.knn_div.mean) | add / length' "$T/out")
got=$(jq .mean "$T/sum")
awk -v a="$want" -v b="$got" 'BEGIN { d = a - b; exit !(d < 1e-12 && d > -1e-12) }'
ok $? "--summary mean = mean of the annotations ($got)"
is "$(jq '.quantiles.max >= .quantiles.p50 and .quantiles.p50 >= .quantiles.min' "$T/sum")" "true" "quantiles ordered"

# DEITA on a hand-checked set (2-D, cosine): [1,0] kept; [0.99,0.14] cos 0.990 > 0.9 dropped;
# [0,1] kept (cos 0); [0.6,0.8] cos 0.8 with both, kept; [0.8,0.6] cos 0.96 with [0.6,0.8]
# dropped; [-1,0] kept (cos -1, 0, -0.6); [0.44,0.9] cos 0.982 with [0.6,0.8], dropped.
printf '%s\n' '{"id":"a","v":[1,0]}' '{"id":"b","v":[0.99,0.14]}' '{"id":"c","v":[0,1]}' \
	'{"id":"d","v":[0.6,0.8]}' '{"id":"e","v":[0.8,0.6]}' '{"id":"f","v":[-1,0]}' \
	'{"id":"g","v":[0.44,0.9]}' >"$T/deita.jsonl"
is "$(run ds-knn-div --vec .v --select "$T/deita.jsonl" | jq -r .id | tr -d '\n')" "acdf" "DEITA --max-sim 0.9: a c d f"
is "$(run ds-knn-div --vec .v --select --max-sim 0.97 "$T/deita.jsonl" | jq -r .id | tr -d '\n')" "acdef" "--max-sim 0.97 also keeps e (0.96)"
is "$(run ds-knn-div --vec .v --select -n 2 "$T/deita.jsonl" | jq -r .id | tr -d '\n')" "ac" "-n 2 stops after two kept"
is "$(run ds-knn-div --vec .v --select "$T/deita.jsonl" | head -1)" '{"id":"a","v":[1,0]}' "--select writes lines unchanged"
want=$("$PY" "$REF" select "$T/v.npy" 0.995)
got=$(run ds-knn-div --vec .v --select --max-sim 0.995 "$T/v.jsonl" | jq -r .i | tr '\n' ' ' | sed 's/ $//')
is "$got" "$want" "DEITA on 3252 real-derived vectors = numpy greedy ($(echo "$got" | wc -w) kept)"

# Bad vectors are bad records; the file named on a mismatch.
printf '%s\n' '{"v":[1,2]}' '{"v":[1,2,3]}' '{"v":"x"}' '{"v":[3,4]}' >"$T/bad.jsonl"
run ds-knn-div --vec .v "$T/bad.jsonl" >/dev/null 2>"$T/err"
is "$? $(grep -c 'bad.jsonl:2: .v has 3 numbers, not 2' "$T/err")" "1 1" "wrong length: exit 1, FILE:LINE named"
run ds-knn-div --vec .v --on-error skip --rejects "$T/rej" "$T/bad.jsonl" >"$T/out" 2>/dev/null
is "$(wc -l <"$T/out") $(wc -l <"$T/rej")" "2 2" "--on-error skip: two written, two rejected"
# [1,2] and [3,4]: 1 - 11/sqrt(125) = 0.0161300899...
jq -r '.knn_div | "\(.d1) \(.dk) \(.mean)"' "$T/out" | head -1 |
	awk '{ for (i = 1; i <= 3; i++) if ($i - 0.01613009 > 1e-6 || 0.01613009 - $i > 1e-6) exit 1 }'
ok $? "two records: k shrinks to 1, distance 1 - 11/sqrt(125)"
head -2 "$T/v.jsonl" >"$T/two"
"$PY" -c "import numpy as np; np.save('$T/short.npy', np.load('$T/v.npy')[:1])"
run ds-knn-div --vectors "$T/short.npy" "$T/two" >/dev/null 2>"$T/err"
is "$? $(grep -c 'no vector for this record' "$T/err")" "1 1" "--vectors with too few rows: exit 1"

# -m: the corpus vectors do not fit.
run ds-knn-div --vec .v -m 64k "$T/v.jsonl" >/dev/null 2>"$T/err"
is "$? $(grep -c 'raise -m' "$T/err")" "4 1" "-m too small: exit 4 with advice"
run ds-knn-div --vec .v --agg max "$T/v.jsonl" >/dev/null 2>&1
is "$?" "2" "--agg without --against: usage error"
run ds-knn-div "$T/v.jsonl" >/dev/null 2>&1
is "$?" "2" "no --vec or --vectors: usage error"

done_testing
