#!/bin/bash
# The history survives what cron and disks do to it: overlapping runs, a run
# killed with SIGKILL at any moment, a read-only database, a full disk.
. "$(dirname "$0")/../lib.sh"

FIX=$DATA/record
if command -v sqlite3 >/dev/null; then test_set_prereq SQLITE3; fi
sql() { sqlite3 -cmd ".timeout 10000" "$1" "$2"; }
snapshots() { sql "$1" "SELECT count(DISTINCT ts) FROM samples"; }
# rec DB NOW [ARGS]: a quick snapshot of the fixture tree at time NOW
rec() {
	local db=$1 now=$2
	shift 2
	HEADROOM_NOW=$now hr-record -q --db "$db" --proc-root "$FIX/v2/snap1/proc" --sys-root "$FIX/v2/snap1/sys" "$@"
}

test_expect_success SQLITE3 'the database is in WAL mode with the current schema' '
	rec w.db 1700000000 &&
	test "$(sql w.db "PRAGMA journal_mode")" = wal &&
	test "$(sql w.db "PRAGMA user_version")" = 5
'

test_expect_success SQLITE3 'overlapping runs all complete, each with its own snapshot' '
	rm -f o.db* &&
	rec o.db 1700000000 &&
	pids= &&
	for i in 1 2 3 4 5 6; do
		HEADROOM_NOW=$((1700000000 + i * 60)) hr-record -q --db o.db --top 3 >/dev/null 2>err.$i &
		pids="$pids $!"
	done &&
	hr-query --db o.db --list >/dev/null &&
	for p in $pids; do wait $p || { cat err.*; return 1; }; done &&
	test "$(snapshots o.db)" = 7 &&
	test "$(sql o.db "PRAGMA integrity_check")" = ok
'

test_expect_success SQLITE3 'SIGKILL at any moment leaves a valid database with every earlier snapshot' '
	rm -f k.db* &&
	rec k.db 1700000000 &&
	n=1 && i=0 &&
	while [ $i -lt 25 ]; do
		i=$((i + 1))
		# (a command of its own: "a && b &" would put a in the background too)
		HEADROOM_NOW=$((1700000000 + i * 60)) hr-record -q --db k.db --interval 1s --count 1 \
			--top 20 --retain 2h --cgroup "/**" --per-cpu --all-disks &
		pid=$! &&
		sleep 0.0$((RANDOM % 60)) &&
		kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
		test "$(sql k.db "PRAGMA integrity_check")" = ok || return 1
		m=$(snapshots k.db) &&
		test "$m" -ge "$n" || { echo "snapshots went from $n to $m"; return 1; }
		n=$m
	done &&
	echo "$n snapshots survived 25 kills" &&
	rec k.db 1700009999 &&
	test "$(snapshots k.db)" -gt "$n"
'

test_expect_success ROOT 'a read-only database is a clear error, exit 2, nothing lost' '
	rm -rf ro && mkdir ro && rec ro/h.db 1700000000 &&
	before=$(hr-query --db ro/h.db mem.total_bytes) &&
	chmod 755 ro && chmod 644 ro/h.db &&
	test_expect_code 2 setpriv --reuid=65534 --regid=65534 --clear-groups \
		env HEADROOM_NOW=1700000060 "$SRC_ROOT/bin/hr-record" -q --db ro/h.db \
		--proc-root "$FIX/v2/snap1/proc" --sys-root "$FIX/v2/snap1/sys" 2>err &&
	cat err &&
	test_grep "hr-record: .*ro/h.db" err &&
	test "$(hr-query --db ro/h.db mem.total_bytes)" = "$before"
'

# Another user may read a history in a directory it cannot write, where
# SQLite cannot create the -shm file a reader of a WAL database needs.
if [ "$(id -u)" = 0 ] && command -v sqlite3 >/dev/null; then test_set_prereq ROOT_SQLITE3; fi
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }

test_expect_success ROOT_SQLITE3 'another user reads a history beside an empty -wal and no -shm' '
	dir=$(mktemp -d) && chmod 755 "$dir" &&
	test_when_finished "rm -rf $dir" &&
	rec "$dir/h.db" 1700000000 &&
	hr-query --db "$dir/h.db" mem.total_bytes >want &&
	sql "$dir/h.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null &&
	rm -f "$dir/h.db-shm" && : >"$dir/h.db-wal" &&
	{ as_nobody hr-query --db "$dir/h.db" mem.total_bytes >got 2>err || { cat err; false; }; } &&
	test_cmp want got &&
	test ! -s err
'

test_expect_success ROOT_SQLITE3 'a -wal holding changes and no -shm: another user is told why, exit 2' '
	dir=$(mktemp -d) && chmod 755 "$dir" &&
	test_when_finished "rm -rf $dir" &&
	rec "$dir/h.db" 1700000000 &&
	test -s "$dir/h.db-wal" && rm "$dir/h.db-shm" &&
	test_expect_code 2 as_nobody hr-query --db "$dir/h.db" --list >out 2>err &&
	cat err &&
	test_grep "^hr-query: cannot read database .*h.db.: its write-ahead log .*h.db-wal. holds changes" err &&
	test_grep "h.db-shm.*may not create" err &&
	! grep -q "No such file" err &&
	hr-query --db "$dir/h.db" --list >/dev/null &&
	as_nobody hr-query --db "$dir/h.db" --list >out &&
	test_grep "^mem.total_bytes" out
'

# A small file system of our own to fill: mounted here, in the script's shell,
# so that it is unmounted whatever the test does.
if [ "$(id -u)" = 0 ] && mkdir -p full && mount -t tmpfs -o size=400k tmpfs full 2>/dev/null; then
	test_set_prereq SMALLFS
	test_when_finished "umount '$TRASH/full'"
fi
test_expect_success SMALLFS 'a full disk is a clear error, exit 2, nothing lost' '
	rec full/h.db 1700000000 --top 0 &&
	before=$(hr-query --db full/h.db mem.total_bytes) &&
	test_expect_code 1 dd if=/dev/zero of=full/filler bs=4k 2>/dev/null &&
	i=1 && rc=0 &&
	while [ $i -lt 20 ]; do
		rec full/h.db $((1700000000 + i * 60)) --top 50 --per-cpu 2>err || { rc=$?; break; }
		i=$((i + 1))
	done &&
	test $rc = 2 &&
	cat err &&
	test_grep "hr-record: .*full/h.db.*(full|disk)" err &&
	rm full/filler &&
	test "$(hr-query --db full/h.db mem.total_bytes --until 1700000000)" = "$before" &&
	test "$(sql full/h.db "PRAGMA integrity_check")" = ok
'

test_expect_success SQLITE3 '--interval runs until SIGTERM, which ends it cleanly after the snapshot under way' '
	rm -f t.db* &&
	{ hr-record -q --db t.db --interval 1s --top 0 --no-cgroups >/dev/null 2>&1 & } &&
	pid=$! &&
	sleep 2.5 &&
	kill -TERM $pid &&
	{ wait $pid; rc=$?; } &&
	test $rc = 0 &&
	test "$(snapshots t.db)" -ge 2 &&
	test "$(sql t.db "PRAGMA integrity_check")" = ok &&
	test_expect_code 2 hr-record --db t.db --interval 500ms 2>err &&
	test_grep "at least 1s" err
'

test_expect_success 'a file that is not a database is an error, exit 2, left alone' '
	echo "not a database" >junk.db &&
	cp junk.db junk.orig &&
	test_expect_code 2 hr-record -q --db junk.db 2>err &&
	test_grep "junk.db" err &&
	cmp junk.db junk.orig
'

test_expect_success SQLITE3 'a database from a newer headroom is refused, exit 2' '
	rec new.db 1700000000 &&
	sql new.db "PRAGMA user_version = 7" &&
	test_expect_code 2 rec new.db 1700000060 2>err &&
	test_grep "schema version 7" err &&
	test_expect_code 2 hr-query --db new.db --list 2>err &&
	test_grep "schema version 7" err
'

test_expect_success 'the database and its directory are created; $HEADROOM_DB is the default' '
	HEADROOM_DB=$TRASH/env/sub/h.db HEADROOM_NOW=1700000000 hr-record -q --top 0 --no-cgroups \
		--proc-root "$FIX/v2/snap1/proc" --sys-root "$FIX/v2/snap1/sys" &&
	test -f env/sub/h.db &&
	HEADROOM_DB=$TRASH/env/sub/h.db hr-query --list mem >out &&
	test_grep "^mem.total_bytes" out
'

test_done
