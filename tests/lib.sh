# tests/lib.sh: TAP helpers for the CLI tests (sourced by tests/cli/*.t).
#
#   plan N | ok COND-EXIT-STATUS DESC | is GOT WANT DESC | run TOOL ARGS...
# Environment (set by `make check`): DS_BIN, the build directory holding the
# ds-* programs; DS_SRC, the source tree; DS_SHARED, the shared data
# (default: $DS_SRC/../shared); DS_VALGRIND, a valgrind command or empty.

set -u
: "${DS_SRC:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${DS_BIN:=$DS_SRC}"
: "${DS_SHARED:=$DS_SRC/../shared}"
: "${DS_VALGRIND:=}"
export DS_SRC DS_BIN DS_SHARED
export LC_ALL=C.UTF-8

DATA=$DS_SHARED/data
CONF=$DS_SHARED/conformance
T=$(mktemp -d "${TMPDIR:-/tmp}/ds-test.XXXXXX")
trap 'rm -rf "$T"' EXIT

tap_n=0
tap_failed=0

plan() { echo "1..$1"; }

# ok STATUS DESC: pass if STATUS is 0 (call as `cmd; ok $? "desc"`).
ok() {
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_failed=$((tap_failed + 1))
	fi
}

# is GOT WANT DESC
is() {
	tap_n=$((tap_n + 1))
	if [ "$1" = "$2" ]; then
		echo "ok $tap_n - $3"
	else
		echo "not ok $tap_n - $3"
		printf '#   got:  %s\n#   want: %s\n' "$1" "$2" | head -c 2000
		tap_failed=$((tap_failed + 1))
	fi
}

skip() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n # SKIP $1"
}

# run TOOL ARGS...: the built tool, under valgrind when configured so.
run() {
	tool=$1
	shift
	if [ -n "$DS_VALGRIND" ]; then
		$DS_VALGRIND "$DS_BIN/$tool" "$@"
	else
		"$DS_BIN/$tool" "$@"
	fi
}

need_shared() {
	if [ ! -d "$DATA" ]; then
		echo "1..0 # SKIP no shared data at $DS_SHARED"
		exit 0
	fi
}

# tap_lines < <(command): number "ok DESC", "not ok DESC" and "skip REASON"
# lines that a helper script prints; "#" lines pass through.
tap_lines() {
	while IFS= read -r l; do
		case $l in
		"not ok "*) ok 1 "${l#not ok }" ;;
		"ok "*) ok 0 "${l#ok }" ;;
		"skip "*) skip "${l#skip }" ;;
		"#"*) echo "$l" ;;
		esac
	done
}

# The plan, printed last (TAP allows it at the end).
done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}
