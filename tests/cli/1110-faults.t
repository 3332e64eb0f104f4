#!/bin/bash
# Faults (issue 11) across the built tools: output to /dev/full, a closed pipe,
# a directory and an unreadable operand, SIGINT during a run with -o, and a
# line over --max-line (one of 1 GiB through ds-ttr, with its peak RSS).
#
# An unreadable operand: root reads mode-000 files, so the read error comes
# from /proc/self/mem, which opens but fails read(2) at offset 0 with EIO
# (and, when not root, a mode-000 file is tried too).
. "$DS_SRC/tests/lib.sh"
need_shared

SMALL=$DATA/alpaca-sample.jsonl
BIG=$DATA/code-instruct-sample.jsonl

# Models and a vector input, as in 1100-noloss.t.
head -200 "$SMALL" >"$T/first.jsonl"
head -200 "$BIG" >"$T/second.jsonl"
[ -x "$DS_BIN/ds-dsir" ] && "$DS_BIN/ds-dsir" fit -t "$T/first.jsonl" -r "$T/second.jsonl" -o "$T/dsir.model"
[ -x "$DS_BIN/ds-lm" ] && "$DS_BIN/ds-lm" train -n 2 --discount-fallback -o "$T/lm.arpa" "$T/first.jsonl" 2>/dev/null
[ -x "$DS_BIN/ds-embed" ] && "$DS_BIN/ds-embed" -d 8 -q "$SMALL" >"$T/vec.jsonl"

# tool|arguments|input kind (text or vec); arguments have no spaces.
TOOLS="ds-ttr||text
ds-readability||text
ds-dsir|score --model $T/dsir.model|text
ds-quality||text
ds-lm|score --model $T/lm.arpa|text
ds-embed|-d 16|text
ds-knn-div|--vec .emb -k 3|vec
ds-dedup||text
ds-topk|--by length -k 50|text
ds-sample|--rate 0.5|text
ds-filter|-e .instruction|text
ds-kcenter|--vec .emb -k 5|vec
ds-diversity||text"

fault_cases() {	# name args input...
	local tool=$1 args=$2 small=$3 big=$4 name
	name="$tool${args:+ ${args%% *}}"
	# shellcheck disable=SC2086
	set -- $args

	run "$tool" "$@" "$small" >/dev/full 2>"$T/err"
	is "$?" 3 "$name: stdout on /dev/full: exit 3"
	grep -qi 'no space\|write' "$T/err"
	ok $? "$name: stdout on /dev/full: a message ($(head -c 80 "$T/err"))"

	run "$tool" "$@" "$big" 2>"$T/err" | head -1 >/dev/null
	st=${PIPESTATUS[0]}
	[ "$st" -eq 0 ] || [ "$st" -eq 141 ]
	ok $? "$name: | head -1: status 0 or 141 (got $st)"
	is "$(head -c 200 "$T/err")" "" "$name: | head -1: no message"

	run "$tool" "$@" "$T" >/dev/null 2>"$T/err"
	is "$?" 3 "$name: a directory operand: exit 3"
	grep -q 'Is a directory' "$T/err"
	ok $? "$name: a directory operand: message"

	run "$tool" "$@" /proc/self/mem >/dev/null 2>"$T/err"
	is "$?" 3 "$name: an unreadable operand (read error): exit 3"
	grep -q 'read error' "$T/err"
	ok $? "$name: an unreadable operand: message ($(head -c 80 "$T/err"))"
	if [ "$(id -u)" != 0 ]; then
		cp "$small" "$T/mode000" && chmod 000 "$T/mode000"
		run "$tool" "$@" "$T/mode000" >/dev/null 2>"$T/err"
		is "$?" 3 "$name: a mode-000 operand: exit 3"
		rm -f "$T/mode000"
	fi

	# SIGINT while the tool waits for more input, its -o file half made.
	rm -rf "$T/o" "$T/fifo" "$T/fed"
	mkdir "$T/o"
	mkfifo "$T/fifo"
	{ cat "$small"; touch "$T/fed"; sleep 60; } >"$T/fifo" &
	feeder=$!
	# Not through run(): $! must be the tool's own process.
	$DS_VALGRIND "$DS_BIN/$tool" "$@" -o "$T/o/out" "$T/fifo" 2>/dev/null &
	pid=$!
	for _ in $(seq 100); do [ -e "$T/fed" ] && break; sleep 0.1; done
	sleep 0.5
	kill -INT "$pid" 2>/dev/null
	wait "$pid"
	st=$?
	kill "$feeder" 2>/dev/null
	wait "$feeder" 2>/dev/null
	is "$st $(ls -A "$T/o" | head -3 | tr '\n' ' ')" "130 " "$name: SIGINT with -o: status 130, no file left"

	# A line over --max-line, then records.
	{
		printf '{"output":"'
		head -c 2100000 /dev/zero | tr '\0' a
		printf '"}\n'
		head -20 "$small"
	} >"$T/long.jsonl"
	run "$tool" "$@" --max-line 1M "$T/long.jsonl" >/dev/null 2>"$T/err"
	st=$?
	grep -q "$T/long.jsonl:1:" "$T/err"
	ok $? "$name: a line over --max-line: named as long.jsonl:1 ($(head -c 100 "$T/err"))"
	is "$st" 1 "$name: a line over --max-line: exit 1"
	run "$tool" "$@" --max-line 1M --on-error skip -q --rejects "$T/rej" "$T/long.jsonl" >/dev/null 2>&1
	st=$?
	is "$st $(grep -c '"line":1,.*"truncated":true' "$T/rej")" "0 1" \
		"$name: a line over --max-line under skip: rejected as truncated, the rest read"
}

while IFS='|' read -r tool args kind; do
	if [ ! -x "$DS_BIN/$tool" ]; then
		skip "$tool: not built"
		continue
	fi
	case $kind in
	vec) fault_cases "$tool" "$args" "$T/vec.jsonl" "$T/vec.jsonl" ;;
	*) fault_cases "$tool" "$args" "$SMALL" "$BIG" ;;
	esac
done <<<"$TOOLS"

# One line of 1 GiB (128 MiB under valgrind) against --max-line 64M: skipped
# with a bounded buffer (the bound leaves room for the sanitizers' quarantine
# of freed buffers), and the next record still read.
size=1073741824
[ -n "$DS_VALGRIND" ] && size=134217728
{
	printf '{"output":"'
	head -c "$size" /dev/zero | tr '\0' a
	printf '"}\n{"output":"one two"}\n'
} | /usr/bin/time -f '%M' -o "$T/rss" $DS_VALGRIND "$DS_BIN/ds-ttr" --max-line 64M --on-error skip -q \
	--rejects "$T/rej" >"$T/out"
is "$? $(wc -l <"$T/out") $(grep -c '"truncated":true' "$T/rej")" "0 1 1" \
	"a $((size >> 20)) MiB line: rejected as truncated, the next record annotated"
rss=$(tail -1 "$T/rss")
[ "$rss" -lt $((600 * 1024)) ]
ok $? "a $((size >> 20)) MiB line: peak RSS ${rss} KiB, below 600 MiB (the line is not held)"

done_testing
