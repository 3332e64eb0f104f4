#!/bin/bash
# ds-dsir at scale: fits of shards merge into the single fit byte for byte,
# and selection does not depend on how the input is split.
. "${DS_SRC:-.}/tests/lib.sh"
need_shared

A=$DATA/alpaca-sample.jsonl
R=$T/raw.jsonl
F='.output // .response // ([.conversations[]?.value] | join("\n"))'
cat "$DATA/code-instruct-sample.jsonl" "$DATA/sharegpt-sample.jsonl" "$DATA/alpaca-sample.jsonl" >"$R"

for hash in xxh3 dsir; do
	run ds-dsir fit --hash $hash -f "$F" --target "$A" --raw "$R" -o "$T/one.$hash"
	ok $? "single fit ($hash)"
	# GNU parallel splits the raw file into line-aligned parts; each part
	# is fitted on its own, the target once.
	run ds-dsir fit --hash $hash -f "$F" --target "$A" -o "$T/target.$hash"
	mkdir -p "$T/shards.$hash"
	parallel --pipepart -a "$R" --block 700k -k \
		"$DS_BIN/ds-dsir" fit --hash $hash -f "'$F'" --raw - -o "$T/shards.$hash/{#}.model"
	n=$(ls "$T/shards.$hash" | wc -l)
	[ "$n" -ge 4 ]
	ok $? "parallel --pipepart made $n shard models ($hash)"
	run ds-dsir merge "$T/target.$hash" "$T/shards.$hash"/*.model -o "$T/merged.$hash"
	cmp -s "$T/one.$hash" "$T/merged.$hash"
	ok $? "merge of target + $n raw shards = one fit, byte for byte ($hash)"
	run ds-dsir merge $(ls "$T/shards.$hash"/*.model | sort -r) "$T/target.$hash" -o "$T/merged2.$hash"
	cmp -s "$T/one.$hash" "$T/merged2.$hash"
	ok $? "merge order does not matter ($hash)"
done
run ds-dsir merge "$T/one.xxh3" "$T/one.dsir" -o "$T/bad" 2>"$T/err"
is "$?" "1" "models of different --hash do not merge"

# Selection: Gumbel noise belongs to the record, so the k best of the whole
# are the k best of the shards' k best, whatever the split.
M=$T/one.xxh3
K=150
run ds-dsir select -k $K -M "$M" -f "$F" --seed 42 "$R" >"$T/whole"
is "$(wc -l <"$T/whole")" "$K" "select -k $K over the whole raw file"
for parts in 2 5; do
	split -n l/$parts -d "$R" "$T/part$parts."
	for p in "$T/part$parts".*; do
		run ds-dsir select -q -k $K -M "$M" -f "$F" --seed 42 "$p"
	done >"$T/cands$parts"
	run ds-dsir select -k $K -M "$M" -f "$F" --seed 42 "$T/cands$parts" | sort >"$T/got$parts"
	sort "$T/whole" | cmp -s - "$T/got$parts"
	ok $? "the same $K records from $parts shards as from the whole (seed 42)"
done
parallel --pipepart -a "$R" --block 500k -k \
	"$DS_BIN/ds-dsir" select -q -k $K -M "$M" -f "'$F'" --seed 42 |
	run ds-dsir select -k $K -M "$M" -f "$F" --seed 42 | sort | cmp -s - <(sort "$T/whole")
ok $? "the same through parallel --pipepart"
run ds-dsir select -k $K -M "$M" -f "$F" --seed 42 -j 3 "$R" | cmp -s - "$T/whole"
ok $? "select -j 3 = -j 1"
run ds-dsir select -k $K -M "$M" -f "$F" --seed 42 --top-k "$R" >"$T/top"
for parts in 3; do
	split -n l/$parts -d "$R" "$T/tk$parts."
	for p in "$T/tk$parts".*; do
		run ds-dsir select -q -k $K -M "$M" -f "$F" --top-k "$p"
	done | run ds-dsir select -k $K -M "$M" -f "$F" --top-k | sort | cmp -s - <(sort "$T/top")
	ok $? "--top-k: the same from $parts shards"
done

done_testing
