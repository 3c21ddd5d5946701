# Shell test library for tests/cli/tNNNN-*.sh, in the manner of git's t/test-lib.sh.
#
#   . "$(dirname "$0")/../lib.sh"
#   test_expect_success 'what it checks' '
#           hr-fold in.txt >out && test_cmp expected out
#   '
#   test_done
#
# Each script runs in its own scratch directory ($TRASH, removed at the end
# when every test passed), with bin/ first on PATH, TZ=UTC and LC_ALL=C.
# Output is TAP: "ok N - desc", "not ok N - desc", "ok N - desc # SKIP reason".

TEST_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export TEST_ROOT
SRC_ROOT=$(cd "$TEST_ROOT/.." && pwd)
DATA=$TEST_ROOT/data
export PATH="$SRC_ROOT/bin:$SRC_ROOT/build/tests:$PATH"
export TZ=UTC LC_ALL=C
unset HEADROOM_DB HEADROOM_SHARE
test_name=$(basename "$0" .sh)
TRASH="$SRC_ROOT/build/trash/$test_name"
rm -rf "$TRASH"
mkdir -p "$TRASH"
cd "$TRASH" || exit 2
test_count=0
test_failures=0

say() { echo "# $*"; }

# test_chain_lint BODY: a test body whose commands are not all joined by &&
# would go on after a failure, and "|| true" hides one, so neither can fail
# the test. As git's test suite does, the body is run once behind a command
# that fails with 117: with every link in place nothing else runs and the
# status stays 117.
test_chain_lint() {
	local rc
	if printf '%s\n' "$1" | grep -Eq '\|\|[[:space:]]*(true|:)([[:space:];)&|]|$)'; then
		echo "BUG: '|| true' in a test body hides failures (use test_might_fail)"
		return 1
	fi
	(cd "$TRASH" && eval "(exit 117) && $1") >/dev/null 2>&1
	rc=$?
	if [ $rc -ne 117 ]; then
		echo "BUG: broken &&-chain in the test body (status $rc, expected 117)"
		return 1
	fi
}

# test_expect_success [PREREQ] DESC BODY
test_expect_success() {
	local prereq=
	[ $# -eq 3 ] && { prereq=$1; shift; }
	test_count=$((test_count + 1))
	if [ -n "$prereq" ] && ! test_have_prereq "$prereq"; then
		echo "ok $test_count - $1 # SKIP ${missing_reason:-missing $prereq}"
		return
	fi
	local out rc
	if ! out=$(test_chain_lint "$2"); then
		test_failures=$((test_failures + 1))
		echo "not ok $test_count - $1"
		echo "#   $out"
		return
	fi
	out=$(test_cleanup_file=$test_cleanup_test; cd "$TRASH" && eval "set -e; $2" 2>&1)
	rc=$?
	run_cleanups "$test_cleanup_test"
	if [ $rc -eq 0 ]; then
		echo "ok $test_count - $1"
	else
		test_failures=$((test_failures + 1))
		echo "not ok $test_count - $1"
		printf '%s\n' "$out" | tail -30 | sed 's/^/#   /'
	fi
}

# test_skip DESC REASON: a test that cannot run here, counted as skipped.
test_skip() {
	test_count=$((test_count + 1))
	echo "ok $test_count - $1 # SKIP $2"
}

# Prerequisites: test_set_prereq NAME, or the built-in ones below.
declare -A prereqs=()
missing_reason=
test_set_prereq() { prereqs[$1]=1; }
test_have_prereq() {
	local p=$1
	[ -n "${prereqs[$p]:-}" ] && return 0
	case "$p" in
	PERL) command -v perl >/dev/null && return 0; missing_reason="perl not installed" ;;
	PERF) command -v perf >/dev/null && return 0; missing_reason="perf not installed" ;;
	ROOT) [ "$(id -u)" = 0 ] && return 0; missing_reason="needs root" ;;
	*) missing_reason="missing $p" ;;
	esac
	return 1
}

# test_expect_code CODE CMD...: runs CMD and checks its exit status.
test_expect_code() {
	local want=$1 got=0
	shift
	# "|| got=$?" keeps set -e from ending the test when CMD fails as expected.
	"$@" || got=$?
	if [ "$got" != "$want" ]; then
		echo "test_expect_code: '$*' exited $got, expected $want" >&2
		return 1
	fi
	return 0
}

# test_cmp EXPECTED ACTUAL: a diff that shows what differs.
test_cmp() {
	diff -u "$1" "$2" >&2
}

# test_grep PATTERN FILE, with the file shown when it does not match.
test_grep() {
	if ! grep -q -E -- "$1" "$2"; then
		echo "test_grep: no '$1' in $2:" >&2
		head -20 "$2" >&2
		return 1
	fi
}

# test_when_finished CMD: runs CMD when the current test ends, pass or fail
# (cleanup of cgroups, processes, servers), or when the script ends if
# called outside a test. Test bodies run in a subshell, so the commands go
# to a file rather than to a variable the subshell would lose.
test_cleanup_script=$TRASH/.when-finished
test_cleanup_test=$TRASH/.when-test-finished
test_cleanup_file=$test_cleanup_script
test_when_finished() { printf '%s\0' "$*" >>"$test_cleanup_file"; }
# run_cleanups [FILE]: the script's cleanups, or those of FILE, newest first.
run_cleanups() {
	local f=${1:-$test_cleanup_script} c cmds=()
	[ -f "$f" ] || return 0
	while IFS= read -r -d '' c; do
		cmds=("$c" "${cmds[@]}")
	done <"$f"
	rm -f "$f"
	for c in "${cmds[@]}"; do
		(cd "$TRASH" 2>/dev/null; eval "$c") >/dev/null 2>&1
	done
}

# test_might_fail CMD...: runs CMD, whose failure is allowed, but not a crash.
test_might_fail() {
	local rc=0
	"$@" || rc=$?
	if [ $rc -gt 128 ] && [ $rc -lt 192 ]; then
		echo "test_might_fail: '$*' was killed by signal $((rc - 128))" >&2
		return 1
	fi
	return 0
}

test_done() {
	run_cleanups "$test_cleanup_test"
	run_cleanups
	echo "1..$test_count"
	if [ "$test_failures" -eq 0 ]; then
		cd "$SRC_ROOT" && rm -rf "$TRASH"
		exit 0
	fi
	echo "# $test_failures of $test_count failed; scratch directory kept: $TRASH"
	exit 1
}
trap 'run_cleanups "$test_cleanup_test"; run_cleanups' EXIT
