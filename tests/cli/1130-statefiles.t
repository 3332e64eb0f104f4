#!/bin/bash
# State, model and signature files (issue 11): each kind the suite writes is
# refused, with exit 1 and a message naming the file and the fault, when it is
# truncated, has a byte changed, is another kind of file (another tool's
# state, JSONL, empty) or has another format version; the sound file is read.
# (.npy vectors and ARPA models are the interchange formats of numpy and
# KenLM: no checksum; their readers are tested in 0600-embed.t, 0901-lm-arpa.t.)
. "$DS_SRC/tests/lib.sh"
need_shared

head -60 "$DATA/alpaca-sample.jsonl" >"$T/a.jsonl"
head -60 "$DATA/dolly-ja-sample.jsonl" >"$T/b.jsonl"
cat "$T/a.jsonl" "$T/a.jsonl" >"$T/aa.jsonl"

# kind|tool|how to make it (to FILE)|how to read it (FILE)
KINDS="dsir model|ds-dsir|fit -t $T/a.jsonl -r $T/b.jsonl -b 256 -o FILE|score --model FILE $T/a.jsonl
diversity state|ds-diversity|-q -n 1,2 --state-out FILE $T/a.jsonl|--merge FILE
embed IDF state|ds-embed|-q --idf-out FILE $T/a.jsonl|--idf FILE $T/a.jsonl
lm train state|ds-lm|train -q -n 2 --state-out FILE $T/a.jsonl|train -n 2 --merge -o $T/out.arpa FILE
lm binary model|ds-lm|build-binary $T/l.arpa -o FILE|score --model FILE $T/a.jsonl
dedup signature file|ds-dedup|sign --perm 16 --name aa -o FILE $T/aa.jsonl|cluster -o $T/out.clu FILE
dedup cluster file|ds-dedup|cluster -o FILE $T/s1.sig $T/s2.sig|apply --clusters FILE --name aa $T/aa.jsonl"

[ -x "$DS_BIN/ds-lm" ] && run ds-lm train -q -n 2 --discount-fallback -o "$T/l.arpa" "$T/a.jsonl"
if [ -x "$DS_BIN/ds-dedup" ]; then
	run ds-dedup sign --perm 16 --name aa -o "$T/s1.sig" "$T/aa.jsonl"
	run ds-dedup sign --perm 16 --name b -o "$T/s2.sig" "$T/b.jsonl"
fi
[ -x "$DS_BIN/ds-dsir" ] && run ds-dsir fit -t "$T/b.jsonl" -r "$T/a.jsonl" -b 64 -o "$T/other.dsir"
[ -x "$DS_BIN/ds-diversity" ] && run ds-diversity -q -n 1 --state-out "$T/other.div" "$T/b.jsonl" >/dev/null

# refused NAME TOOL READ-ARGS FILE PATTERN DESC: exit 1, FILE and PATTERN named.
refused() {
	local name=$1 tool=$2 args=$3 file=$4 pattern=$5 desc=$6
	# shellcheck disable=SC2086
	run "$tool" ${args//FILE/$file} >/dev/null 2>"$T/err"
	local st=$?
	[ "$st" -eq 1 ] && grep -q "$file" "$T/err" && grep -q "$pattern" "$T/err"
	ok $? "$name, $desc: exit 1 naming it ($st: $(head -c 140 "$T/err"))"
}

while IFS='|' read -r name tool make read; do
	if [ ! -x "$DS_BIN/$tool" ]; then
		skip "$name: $tool not built"
		continue
	fi
	f=$T/${name// /-}
	# shellcheck disable=SC2086
	run "$tool" ${make//FILE/$f} >/dev/null
	# shellcheck disable=SC2086
	run "$tool" ${read//FILE/$f} >/dev/null 2>"$T/err"
	ok $? "$name: the sound file is read"
	size=$(stat -c %s "$f")

	head -c $((size / 2)) "$f" >"$f.half"
	refused "$name" "$tool" "$read" "$f.half" 'truncated' "cut in half"
	head -c $((size - 1)) "$f" >"$f.short"
	refused "$name" "$tool" "$read" "$f.short" 'truncated\|corrupt\|checksum\|damaged' "its last byte cut"
	cp "$f" "$f.flip"
	printf '\377' | dd of="$f.flip" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
	cmp -s "$f" "$f.flip" || refused "$name" "$tool" "$read" "$f.flip" 'checksum\|damaged' "a byte changed"
	cp "$f" "$f.v99"
	printf '\143' | dd of="$f.v99" bs=1 seek=8 conv=notrunc 2>/dev/null
	refused "$name" "$tool" "$read" "$f.v99" 'version 99' "format version 99"
	cp "$T/a.jsonl" "$f.jsonl"
	refused "$name" "$tool" "$read" "$f.jsonl" 'not a' "a JSONL file"
	: >"$f.empty"
	refused "$name" "$tool" "$read" "$f.empty" 'not a\|too short' "an empty file"
	other=$T/other.dsir
	[ "$tool" = ds-dsir ] && other=$T/other.div
	if [ -f "$other" ]; then
		cp "$other" "$f.foreign"
		refused "$name" "$tool" "$read" "$f.foreign" 'not a' "another tool's file"
	fi
done <<<"$KINDS"

# The frame names a known foreign kind, and a merge with a bad state leaves
# no output file.
if [ -x "$DS_BIN/ds-diversity" ] && [ -f "$T/other.dsir" ]; then
	run ds-diversity --merge "$T/other.dsir" >/dev/null 2>"$T/err"
	grep -q 'not a ds-diversity state (a ds-dsir model' "$T/err"
	ok $? "a ds-dsir model given to ds-diversity is named as one"
	run ds-diversity --merge "$T/other.div" "$T/diversity-state.half" -o "$T/merged" >/dev/null 2>&1
	is "$? $(ls "$T"/merged* 2>/dev/null | wc -l)" "1 0" "a merge with a truncated state: exit 1, no output file"
fi

done_testing
