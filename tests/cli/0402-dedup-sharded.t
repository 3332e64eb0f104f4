#!/bin/bash
# ds-dedup's sharded mode run with GNU parallel over 4 shards of the shared
# data equals the one-process run, byte for byte.
. "${DS_SRC:-.}/tests/lib.sh"
need_shared
if ! command -v parallel >/dev/null; then
	echo "1..0 # SKIP GNU parallel is not installed (scripts/install-deps --test)"
	exit 0
fi
export PATH="$DS_BIN:$PATH"

cat "$DATA"/*.jsonl >"$T/all.jsonl"
mkdir "$T/shards"
(cd "$T/shards" && split -n l/4 -d "$T/all.jsonl" part-)
cat "$T/shards"/part-* | cmp -s - "$T/all.jsonl"
ok $? "4 shards that concatenate to the input"

# The recipe of ds-dedup(1), SHARDED MODE; options in $sign, $cluster, $apply.
sharded() {
	rm -f "$T/shards"/*.sig "$T/shards"/*.out
	parallel --will-cite ds-dedup sign $sign -o {}.sig {} ::: "$T/shards"/part-?? &&
	ds-dedup cluster $cluster -o "$T/clusters" "$T/shards"/part-??.sig &&
	parallel --will-cite ds-dedup apply $apply -c "$T/clusters" -o {}.out {} ::: "$T/shards"/part-?? &&
	cat "$T/shards"/part-??.out
}

sign= cluster= apply=
for sign in "" "--mode near --hash datasketch" "--shingle chars:5 --perm 64" "--mode exact --normalize ccnet"; do
	args=$sign
	sharded >"$T/sharded"
	ok $? "sharded run ($args)"
	run ds-dedup $args "$T/all.jsonl" >"$T/single"
	cmp -s "$T/single" "$T/sharded"
	ok $? "sharded = one process ($args): $(wc -l <"$T/single") records kept"
done

sign="--shingle words:3" cluster="--verify --threshold 0.7 --keep last" apply=-a
sharded >"$T/sharded"
run ds-dedup $sign $cluster $apply "$T/all.jsonl" >"$T/single"
cmp -s "$T/single" "$T/sharded"
ok $? "sharded = one process, --annotate --verify --keep last (dup_of counts across shards)"
grep -c '"dedup":{' "$T/single" | grep -qv '^0$'
ok $? "--annotate marks some records"

sign="--sets --hash datasketch" cluster="--verify-exact" apply=-a
sharded >"$T/sharded"
run ds-dedup --hash datasketch --verify-exact -a "$T/all.jsonl" >"$T/single"
cmp -s "$T/single" "$T/sharded"
ok $? "sharded (sign --sets, cluster --verify-exact) = one process --verify-exact"

# A duplicate in a later shard of a record in an earlier one is found.
head -1 "$T/shards/part-00" >>"$T/shards/part-03"
sign= cluster= apply=
sharded >"$T/sharded"
cat "$T/shards"/part-?? | run ds-dedup >"$T/single"
cmp -s "$T/single" "$T/sharded"
ok $? "a copy across shards is dropped in both"
is "$(wc -l <"$T/sharded")" "$(run ds-dedup "$T/all.jsonl" | wc -l)" "the copy is the one dropped"

# Bad records: rejected by sign, passed over by apply.
printf '{"text":1}\nnot json\n' >>"$T/shards/part-01"
sign="--on-error skip" apply="--on-error skip"
sharded >"$T/sharded" 2>/dev/null
cat "$T/shards"/part-?? | run ds-dedup --on-error skip >"$T/single" 2>/dev/null
cmp -s "$T/single" "$T/sharded"
ok $? "bad records skipped alike"

done_testing
