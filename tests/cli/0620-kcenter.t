#!/bin/bash
# ds-kcenter: picks equal to kCenterGreedy's (DEFINITIONS.md section 8: first
# center index 0, argmax of the min distance, ties to the lowest index; the
# reference in vectors_ref.py follows it in numpy) and to herding's, on float64
# vectors derived from real records; output forms.
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

"$PY" "$REF" derive "$DATA/alpaca-sample.jsonl" 24 "$T/v.jsonl" "$T/v.npy"
"$PY" "$REF" derive "$DATA/code-instruct-sample.jsonl" 16 "$T/c.jsonl" "$T/c.npy"

# picks ARGS...: the indices ds-kcenter picks, in pick order.
picks() {
	run ds-kcenter --annotate "$@" | jq -r .i | tr '\n' ' ' | sed 's/ $//'
}

for set in v c; do
	for metric in euclidean cosine; do
		want=$("$PY" "$REF" kcenter "$T/$set.npy" 200 $metric 0)
		is "$(picks -k 200 --metric $metric --store f64 --vectors "$T/$set.npy" "$T/$set.jsonl")" "$want" \
			"kCenterGreedy picks, $metric, f64 ($set: 200 of $(wc -l <"$T/$set.jsonl"))"
		is "$(picks -k 200 --metric $metric --vec .v "$T/$set.jsonl")" "$want" \
			"same picks from --vec with the default f32 store ($set, $metric)"
	done
done

# Input order without --annotate: the same records, sorted.
want=$("$PY" "$REF" kcenter "$T/v.npy" 50 euclidean 0 | tr ' ' '\n' | sort -n | tr '\n' ' ' | sed 's/ $//')
got=$(run ds-kcenter -k 50 --vec .v "$T/v.jsonl" | jq -r .i | tr '\n' ' ' | sed 's/ $//')
is "$got" "$want" "without --annotate: the picks in input order"
run ds-kcenter -k 5 --vec .v "$T/v.jsonl" | head -1 | cmp -s - <(head -1 "$T/v.jsonl")
ok $? "lines written unchanged"
is "$(run ds-kcenter -k 3 --vec .v --annotate "$T/v.jsonl" | jq -c '.kcenter | keys' | sort -u)" '["dist","rank"]' \
	"--annotate: kcenter {rank, dist}"
is "$(run ds-kcenter -k 1 --vec .v --annotate "$T/v.jsonl" | jq -c .kcenter)" '{"rank":0,"dist":null}' "first pick: rank 0, no distance"
cat "$T/v.jsonl" | run ds-kcenter -k 40 --vec .v >"$T/piped"
run ds-kcenter -k 40 --vec .v "$T/v.jsonl" | cmp -s - "$T/piped"
ok $? "from a pipe: same output"

# Distance of each pick = the reference's min distance at that step.
"$PY" - "$T/v.npy" <(run ds-kcenter -k 30 --store f64 --vec .v --annotate "$T/v.jsonl") <<'EOF'
import json, sys
import numpy as np
x = np.load(sys.argv[1])
rows = [json.loads(l) for l in open(sys.argv[2])]
mind = None
for r in rows:
    i = r["i"]
    if mind is not None and abs(mind[i] - r["kcenter"]["dist"]) > 1e-12 * max(1, mind[i]):
        sys.exit(1)
    d = np.sqrt(((x - x[i]) ** 2).sum(1))
    mind = d if mind is None else np.minimum(mind, d)
EOF
ok $? "--annotate dist = distance to the nearest earlier center"

# --first random: reproducible by --seed; the rest follows kCenterGreedy from there.
a=$(picks -k 20 --first random --seed 7 --vec .v "$T/v.jsonl")
b=$(picks -k 20 --first random --seed 7 --vec .v "$T/v.jsonl")
is "$a" "$b" "--first random --seed 7: reproducible"
first=${a%% *}
is "$a" "$("$PY" "$REF" kcenter "$T/v.npy" 20 euclidean "$first")" "--first random: kCenterGreedy from that first center ($first)"
c=$(picks -k 20 --first random --seed 8 --vec .v "$T/v.jsonl")
[ "${c%% *}" != "$first" ]
ok $? "--seed 8 starts elsewhere"

# Herding.
for set in v c; do
	want=$("$PY" "$REF" herding "$T/$set.npy" 100)
	is "$(picks -k 100 --method herding --store f64 --vectors "$T/$set.npy" "$T/$set.jsonl")" "$want" \
		"herding picks = argmin |t mean - sum - x| ($set, f64)"
done

# -j: the same picks (4535 records: enough to split the passes).
for method in kcenter herding; do
	run ds-kcenter -k 60 --method $method --vec .v "$T/c.jsonl" >"$T/j1"
	run ds-kcenter -k 60 --method $method --vec .v -j 2 "$T/c.jsonl" | cmp -s - "$T/j1"
	ok $? "-j 2 = -j 1 ($method)"
done

# Copies: once every point is a center or a copy, it stops and says so.
printf '%s\n' '{"i":0,"v":[0,0]}' '{"i":1,"v":[1,1]}' '{"i":2,"v":[0,0]}' '{"i":3,"v":[1,1]}' >"$T/dup.jsonl"
got=$(run ds-kcenter -k 4 --vec .v "$T/dup.jsonl" 2>"$T/err" | jq -r .i | tr -d '\n')
is "$got" "01" "copies: two distinct points, two picks"
grep -q "2 records selected, not 4" "$T/err"
ok $? "copies: a warning says how many"
# Ties go to the lowest index: [0,0] first; [2,0] and [0,2] equally far, [2,0] comes first.
printf '%s\n' '{"i":0,"v":[0,0]}' '{"i":1,"v":[0,2]}' '{"i":2,"v":[2,0]}' >"$T/tie.jsonl"
is "$(picks -k 2 --vec .v "$T/tie.jsonl")" "0 1" "ties to the lowest index"

run ds-kcenter -k 10 --vec .v -m 16k "$T/v.jsonl" >/dev/null 2>"$T/err"
is "$? $(grep -c 'raise -m' "$T/err")" "4 1" "-m too small: exit 4 with advice"
run ds-kcenter --vec .v "$T/v.jsonl" >/dev/null 2>&1
is "$?" "2" "no -k: usage error"
run ds-kcenter -k 3 --vec .v --method herding --first random "$T/v.jsonl" >/dev/null 2>&1
is "$?" "2" "--first random with herding: usage error"

done_testing
