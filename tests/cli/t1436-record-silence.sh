#!/bin/bash
# hr-record says what a newcomer would otherwise miss: a --cgroup glob that
# matches nothing, a --count of 0, and, for a user without a history, where
# the default database is and how to name another; without $HOME the default
# is under the account's home, never the current directory.
. "$(dirname "$0")/../lib.sh"

FIX=$DATA/record
rec() {
	HEADROOM_NOW=1700000000 hr-record --proc-root "$FIX/v2/snap1/proc" \
		--sys-root "$FIX/v2/snap1/sys" "$@"
}

test_expect_success 'a --cgroup glob that matches nothing is a warning naming it' '
	rec --db c.db --cgroup "/nomatch/*" 2>err &&
	test_grep "^hr-record: warning: --cgroup ./nomatch/\*. matches no cgroup" err &&
	rec --db c2.db --cgroup "/system.slice/*" 2>err &&
	! grep -q "matches no cgroup" err
'

test_expect_success '--count 0 is refused rather than taking one snapshot' '
	test_expect_code 2 rec --db n.db --interval 1s --count 0 2>err &&
	test_grep "^hr-record: --count: expected at least 1 snapshot" err &&
	test ! -e n.db
'

# As nobody, from a directory nobody may write, with bin/ reachable by nobody.
as_nobody() { (cd "$tmp" && setpriv --reuid=65534 --regid=65534 --clear-groups "$@"); }
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	tmp=$(mktemp -d /tmp/headroom-t1436.XXXXXX) && chmod 777 "$tmp"
	test_when_finished "rm -rf '$tmp'"
	as_nobody test -x "$SRC_ROOT/bin/hr-query" && test_set_prereq NOBODY
	# Debian gives nobody a home that does not exist: a database there fails.
	home=$(getent passwd 65534 | cut -d: -f6)
	test -n "$home" && ! test -e "$home" && test_set_prereq NOBODY_NOHOME
fi

test_expect_success NOBODY 'a user without a history is told how to name one' '
	test_expect_code 2 as_nobody env -u HEADROOM_DB -u XDG_STATE_HOME HOME="$tmp/home" \
		"$SRC_ROOT/bin/hr-query" --list 2>err &&
	test_grep "cannot open database .$tmp/home/.local/state/headroom/history.db." err &&
	test_grep "hint: .*--db or HEADROOM_DB" err
'

test_expect_success NOBODY_NOHOME 'without $HOME the database is not made in the current directory' '
	test_expect_code 2 as_nobody env -u HEADROOM_DB -u XDG_STATE_HOME -u HOME \
		"$SRC_ROOT/bin/hr-record" --proc-root "$FIX/v2/snap1/proc" \
		--sys-root "$FIX/v2/snap1/sys" 2>err &&
	test_grep "$home/.local/state/headroom" err &&
	test -z "$(ls -A "$tmp")"
'
test_done
