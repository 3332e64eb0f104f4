#!/bin/bash
# ds-dedup: what it keeps, --annotate, --keep, -j, bad input, --memory,
# corrupt and foreign signature files, shingle sets.
. "${DS_SRC:-.}/tests/lib.sh"
need_shared

fox='the quick brown fox jumps over the lazy dog and runs away into the forest'
cat >"$T/in.jsonl" <<EOF
{"text":"$fox"}
{"text":"$fox"}
{"text":"The quick brown fox jumps over the lazy dog and runs away into the forest!"}
{"text":"something entirely different with enough words to shingle it well"}
{"text":"hi"}
{"text":"hi"}
{"text":"ho"}
EOF

run ds-dedup "$T/in.jsonl" >"$T/out"
is "$(cut -c1-20 "$T/out" | tr '\n' '|')" '{"text":"the quick b|{"text":"something e|{"text":"hi"}|{"text":"ho"}|' \
	"keeps the first of each cluster, in input order"
sed -n '1p;4p;5p;7p' "$T/in.jsonl" | cmp -s - "$T/out"
ok $? "kept lines are byte for byte the input's"

run ds-dedup -a "$T/in.jsonl" >"$T/out"
is "$(sed -n 2p "$T/out")" "{\"text\":\"$fox\",\"dedup\":{\"dup_of\":0,\"kind\":\"exact\",\"jaccard\":1.0}}" \
	"--annotate: an exact duplicate"
is "$(sed -n 3p "$T/out" | grep -o '"dedup":.*')" '"dedup":{"dup_of":0,"kind":"near","jaccard":1.0}}' \
	"--annotate: a near duplicate (case and punctuation are not in words shingles)"
is "$(sed -n 1p "$T/out" | grep -o '"dedup":.*')" '"dedup":null}' "--annotate: a kept record has null"
is "$(sed -n 6p "$T/out" | grep -o '"dedup":.*')" '"dedup":{"dup_of":4,"kind":"exact","jaccard":1.0}}' \
	"texts without shingles still match exactly"
is "$(sed -n 7p "$T/out" | grep -o '"dedup":.*')" '"dedup":null}' "texts without shingles never match near"
run ds-dedup -a -k dd "$T/in.jsonl" | sed -n 2p | grep -o '"dd":.*' >"$T/k"
is "$(cat "$T/k")" '"dd":{"dup_of":0,"kind":"exact","jaccard":1.0}}' "-k renames the key"

run ds-dedup --keep last "$T/in.jsonl" >"$T/out"
sed -n '3p;4p;6p;7p' "$T/in.jsonl" | cmp -s - "$T/out"
ok $? "--keep last keeps the last of each cluster, in input order"
run ds-dedup --mode exact "$T/in.jsonl" | wc -l >"$T/n"
is "$(cat "$T/n")" 5 "--mode exact drops only exact copies"
run ds-dedup --mode exact --keep last -a "$T/in.jsonl" | sed -n 1p | grep -o '"dedup":.*' >"$T/k"
is "$(cat "$T/k")" '"dedup":{"dup_of":1,"kind":"exact","jaccard":1.0}}' "--mode exact --keep last points to the last copy"
run ds-dedup --mode near "$T/in.jsonl" | wc -l >"$T/n"
is "$(cat "$T/n")" 5 "--mode near: identical texts with shingles match, without shingles not"
printf '{"text":"Hello   World"}\n{"text":"hello world"}\n' >"$T/norm.jsonl"
is "$(run ds-dedup --mode exact "$T/norm.jsonl" | wc -l)" 2 "--normalize none: case and spaces count"
is "$(run ds-dedup --mode exact --normalize basic "$T/norm.jsonl" | wc -l)" 1 "--normalize basic: they do not"

run ds-dedup <"$T/in.jsonl" >"$T/stdin"
run ds-dedup "$T/in.jsonl" | cmp -s - "$T/stdin"
ok $? "standard input gives the same result as a file"
run ds-dedup -o "$T/o.jsonl" "$T/in.jsonl" && run ds-dedup "$T/in.jsonl" | cmp -s - "$T/o.jsonl"
ok $? "-o FILE"
zstd -q -c "$T/in.jsonl" >"$T/in.zst"
run ds-dedup -a "$T/in.zst" | cmp -s - <(run ds-dedup -a "$T/in.jsonl")
ok $? "zstd input read twice gives the same result"

# Same bytes for any -j, every mode, on the shared data.
cat "$DATA"/*.jsonl >"$T/all.jsonl"
for args in "" "--mode exact" "--mode near --hash datasketch" "-a --verify" "-a --verify-exact" "-a --keep last --shingle chars:5"; do
	run ds-dedup $args "$T/all.jsonl" >"$T/j1"
	run ds-dedup $args -j 3 "$T/all.jsonl" >"$T/j3"
	cmp -s "$T/j1" "$T/j3"
	ok $? "-j 3 = -j 1 ($args)"
done
n_all=$(wc -l <"$T/all.jsonl")
is "$(run ds-dedup -a "$T/all.jsonl" | wc -l)" "$n_all" "--annotate keeps every record"
run ds-dedup -a "$T/all.jsonl" | jq -c 'del(.dedup)' >"$T/a"
jq -c . "$T/all.jsonl" | cmp -s - "$T/a"
ok $? "--annotate: removing the key gives back the input"

# Bad input: the contract.
printf '{"text":"a b c d e f"}\n{"text": "x",}\n{"other":1}\n{"text":"a b c d e f"}\n' >"$T/bad.jsonl"
run ds-dedup "$T/bad.jsonl" >"$T/out" 2>"$T/err"
is "$?" 1 "invalid JSON: exit 1"
grep -q 'bad.jsonl:2: ' "$T/err"
ok $? "invalid JSON: FILE:LINE: in the message"
run ds-dedup --on-error skip --rejects "$T/rej" "$T/bad.jsonl" >"$T/out" 2>"$T/err"
is "$?" 0 "--on-error skip: exit 0"
is "$(wc -l <"$T/out")" 1 "--on-error skip: bad records dropped, the duplicate too"
is "$(jq -r .line "$T/rej" | tr '\n' ' ')" "2 3 " "--rejects lists both bad records"
run ds-dedup --on-error pass "$T/bad.jsonl" >/dev/null 2>"$T/err"
is "$?" 2 "--on-error pass is a usage error"
for bad in "--mode fuzzy" "--shingle words:0" "--shingle bytes:3" "--threshold 1" "--perm 0" \
	"--weights 0.3,0.3" "--hash md5" "--keep middle" "--normalize nfc"; do
	run ds-dedup $bad "$T/in.jsonl" >/dev/null 2>&1
	is "$?" 2 "usage error: $bad"
done

# --memory: stop with status 4 and say what to do.
run ds-dedup -m 4k "$T/all.jsonl" >/dev/null 2>"$T/err"
is "$?" 4 "-m too small: exit 4"
grep -q 'ds-dedup sign' "$T/err"
ok $? "-m too small: the message names the sharded mode"
run ds-dedup --mode exact -m 4k "$T/all.jsonl" >/dev/null 2>&1
is "$?" 4 "-m too small, exact mode: exit 4"

# Signature files: refused when corrupt, truncated, foreign or of another version.
run ds-dedup sign -o "$T/a.sig" "$T/in.jsonl"
run ds-dedup cluster -o "$T/c.bin" "$T/a.sig"
ok $? "sign and cluster"
cluster_err() {
	run ds-dedup cluster -o "$T/c2.bin" "$1" >/dev/null 2>"$T/err"
	st=$?
	is "$st" 1 "$2: exit 1"
	grep -q -- "$3" "$T/err"
	ok $? "$2: says '$3'"
}
cp "$T/a.sig" "$T/flip.sig"
printf '\x55' | dd of="$T/flip.sig" bs=1 seek=200 conv=notrunc 2>/dev/null
cluster_err "$T/flip.sig" "a flipped byte" "checksum mismatch"
cp "$T/a.sig" "$T/count.sig"
printf '\x7f' | dd of="$T/count.sig" bs=1 seek=$(($(wc -c <"$T/a.sig") - 20)) conv=notrunc 2>/dev/null
cluster_err "$T/count.sig" "a changed record count" "checksum mismatch"
head -c 300 "$T/a.sig" >"$T/short.sig"
cluster_err "$T/short.sig" "a truncated file" "truncated"
cluster_err "$T/in.jsonl" "a JSON file" "not a ds-dedup signature file"
zstd -q -c "$T/a.sig" >"$T/z.sig"
cluster_err "$T/z.sig" "a compressed file" "zstd-compressed"
cluster_err "$T/c.bin" "a cluster file" "a ds-dedup cluster file, not a signature file"
cp "$T/a.sig" "$T/v3.sig"
printf '\x03' | dd of="$T/v3.sig" bs=1 seek=8 conv=notrunc 2>/dev/null
cluster_err "$T/v3.sig" "another version" "format version 3; this ds-dedup reads version 2 only"
cp "$T/a.sig" "$T/v1.sig"
printf '\x01' | dd of="$T/v1.sig" bs=1 seek=8 conv=notrunc 2>/dev/null
cluster_err "$T/v1.sig" "a version 1 file (another xxh3 mode)" "an older ds-dedup wrote it: sign the shards again"
# Shingle sets (sign --sets, cluster --verify-exact).
run ds-dedup sign --sets -o "$T/s.sig" "$T/in.jsonl"
run ds-dedup dump "$T/s.sig" | sed -n 2p | grep -q '"set":\[[0-9]'
ok $? "sign --sets: dump shows a record's set"
run ds-dedup cluster --verify-exact -o "$T/c2.bin" "$T/a.sig" >/dev/null 2>"$T/err"
is "$?" 2 "cluster --verify-exact without sets: exit 2"
grep -q -- "holds no shingle sets (sign with --sets)" "$T/err"
ok $? "cluster --verify-exact without sets: says to sign with --sets"
cp "$T/s.sig" "$T/sflip.sig"
printf '\x55' | dd of="$T/sflip.sig" bs=1 seek=$(($(wc -c <"$T/s.sig") - 60)) conv=notrunc 2>/dev/null
cluster_err "$T/sflip.sig" "a flipped byte in the sets" "checksum mismatch"
run ds-dedup cluster -o "$T/c2.bin" "$T/a.sig" "$T/s.sig" 2>/dev/null
is "$?" 1 "signature files with and without sets: exit 1"
run ds-dedup --verify --verify-exact "$T/in.jsonl" >/dev/null 2>&1
is "$?" 2 "--verify with --verify-exact: exit 2"
run ds-dedup --mode exact --verify-exact "$T/in.jsonl" >/dev/null 2>&1
is "$?" 2 "--verify-exact in --mode exact: exit 2"
run ds-dedup sign --perm 64 --name other -o "$T/b.sig" "$T/in.jsonl"
run ds-dedup cluster -o "$T/c2.bin" "$T/a.sig" "$T/b.sig" >/dev/null 2>"$T/err"
is "$?" 1 "signature files made with other options: exit 1"
run ds-dedup cluster -o "$T/c2.bin" "$T/a.sig" "$T/a.sig" >/dev/null 2>"$T/err"
grep -q "both are shard 'in.jsonl'" "$T/err"
ok $? "the same shard twice is refused"
run ds-dedup apply -c "$T/c.bin" "$T/norm.jsonl" >/dev/null 2>"$T/err"
grep -q "no shard named 'norm.jsonl'" "$T/err"
ok $? "apply to an unknown shard is refused"
mkdir "$T/x" && cp "$T/norm.jsonl" "$T/x/in.jsonl"
run ds-dedup apply -c "$T/c.bin" "$T/x/in.jsonl" >/dev/null 2>"$T/err"
grep -q "not the same input" "$T/err"
ok $? "apply to another file of the same name is refused"

done_testing
