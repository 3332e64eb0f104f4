# bench/lib.sh: timing helpers for the benchmark scripts (sourced).
#   measure NAME CMD...  runs CMD (input on its command line), prints
#   "NAME  MB/s  seconds  peak-RSS-MiB" for the corpus size in $BYTES.
here=$(cd "$(dirname "$0")" && pwd)
BIN=${DS_BIN:-$here/../build}
CORPUS=$(sh "$here/corpus.sh")
BYTES=$(wc -c <"$CORPUS")
echo "# corpus: $CORPUS, $BYTES bytes; $(nproc) cores; $(date -u +%FT%TZ)"
printf '%-40s %10s %9s %9s %8s\n' "command" "MB/s" "seconds" "RSS MiB" "x jq"
JQ_RATE=

measure() {
	name=$1
	shift
	/usr/bin/time -f '%e %M' -o /tmp/ds-bench.time "$@" >/dev/null 2>/tmp/ds-bench.err || {
		echo "$name: failed"; cat /tmp/ds-bench.err; return 1; }
	set -- $(cat /tmp/ds-bench.time)
	rate=$(echo "$BYTES $1" | awk '{ printf "%.1f", $1 / 1e6 / ($2 > 0 ? $2 : 0.001) }')
	[ -n "$JQ_RATE" ] || JQ_RATE=$rate
	ratio=$(echo "$rate $JQ_RATE" | awk '{ printf "%.1f", $1 / $2 }')
	printf '%-40s %10s %9s %9s %8s\n' "$name" "$rate" "$1" "$(($2 / 1024))" "$ratio"
}
