#!/bin/bash
# ds-diversity over 4 shards run by GNU parallel, merged, equals the
# one-process run byte for byte (ds-diversity(1), EXAMPLES).
. "${DS_SRC:-.}/tests/lib.sh"
need_shared
if ! command -v parallel >/dev/null; then
	echo "1..0 # SKIP GNU parallel is not installed (scripts/install-deps --test)"
	exit 0
fi
export PATH="$DS_BIN:$PATH"

cat "$DATA"/*.jsonl >"$T/all.jsonl"
for args in "" "--vendi -n 1,2,3" "--tokenizer chars -n 3,5 --fold-case" "--values .instruction"; do
	rm -f "$T"/shard*.st
	parallel --will-cite -j 4 --pipepart -a "$T/all.jsonl" --block -1 \
		"ds-diversity $args --on-error skip -q --state-out $T/shard{#}.st >/dev/null"
	ok $? "4 shards counted by parallel ($args)"
	is "$(ls "$T"/shard*.st | wc -l)" 4 "4 states ($args)"
	ds-diversity -q --merge "$T"/shard*.st >"$T/sharded"
	ds-diversity $args --on-error skip -q "$T/all.jsonl" >"$T/single"
	cmp -s "$T/sharded" "$T/single"
	ok $? "sharded = one process, byte for byte ($args): $(head -c 60 "$T/single")"
done

# The cosine Vendi score of inline vectors (ds-embed's), sharded the same way.
if [ -x "$DS_BIN/ds-embed" ]; then
	ds-embed -d 32 --on-error skip -q "$T/all.jsonl" >"$T/emb.jsonl"
	rm -f "$T"/shard*.st
	parallel --will-cite -j 4 --pipepart -a "$T/emb.jsonl" --block -1 \
		"ds-diversity --vec .emb --state-out $T/shard{#}.st >/dev/null"
	ds-diversity --merge "$T"/shard*.st >"$T/sharded"
	ds-diversity --vec .emb "$T/emb.jsonl" >"$T/single"
	cmp -s "$T/sharded" "$T/single"
	ok $? "sharded = one process, byte for byte (--vec): $(cat "$T/single")"
else
	skip "ds-embed not built"
fi

done_testing
