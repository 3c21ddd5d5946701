#!/bin/bash
# hr-sample --db keeps profiles in the history beside hr-record's metrics, and
# hr-query --profile reads them back: the same stacks and counts as the folded
# output of the run, split by window and label, safe with another writer and
# with SIGKILL, over an upgraded older database, and readable by go tool pprof.
. "$(dirname "$0")/../lib.sh"

WL=$SRC_ROOT/build/tests/sample-workload
CXX_WL=$SRC_ROOT/build/tests/cxx-workload
FIX=$DATA/record
if ! hr-sample -q -d 100ms -- true >/dev/null 2>probe.err; then
	skip_all_reason=$(cat probe.err)
	echo "1..0 # SKIP perf_event_open refused: $skip_all_reason"
	exit 0
fi
if command -v sqlite3 >/dev/null; then test_set_prereq SQLITE3; fi
if command -v go >/dev/null && HOME=$TRASH GOFLAGS= go tool pprof -h >/dev/null 2>&1; then
	test_set_prereq GO
else
	missing_reason="go tool pprof is not installed (Debian: golang-go; make deps installs it)"
fi
export PPROF_TMPDIR=$TRASH/pprof
sql() { sqlite3 -cmd ".timeout 20000" "$1" "$2"; }
# copydb FROM TO: a closed database with its write-ahead log, which holds the
# latest commits until a checkpoint moves them in
copydb() { rm -f "$2" "$2-wal" "$2-shm" && cp "$1" "$2" && if [ -e "$1-wal" ]; then cp "$1-wal" "$2-wal"; fi; }
total() { awk '!/^#/ { t += $NF } END { printf "%d\n", t }' "$@"; }
# the ten heaviest stacks, heaviest first (ties by stack)
top10() { grep -v '^#' "$1" | awk '{ print $NF "\t" $0 }' | LC_ALL=C sort -k1,1nr -k2 | sed -n 1,10p; }

test_expect_success 'bad arguments exit 2 with a reason' '
	test_expect_code 2 hr-sample --window 1m -- true 2>err &&
	test_grep "window goes with --db" err &&
	test_expect_code 2 hr-sample --db=x.db --window 1.5s -- true 2>err &&
	test_grep "window" err &&
	test_expect_code 2 hr-sample --db x.db -- true 2>err &&
	test_grep "follows --db: give the database as --db=FILE" err &&
	test_expect_code 2 hr-sample --db= -- true 2>err &&
	test_expect_code 2 hr-query --profile cpu.util 2>err &&
	test_grep "selects by labels" err &&
	test_expect_code 2 hr-query --profile --step 1h 2>err &&
	test_expect_code 2 hr-query --profile --format csv 2>err &&
	test_expect_code 2 hr-query --format pprof cpu.util 2>err &&
	test_grep "pprof goes with --profile" err &&
	test_expect_code 2 hr-query --db missing.db --profile 2>err &&
	test_grep "missing.db" err &&
	test ! -e x.db
'

test_expect_success 'the stored profile is the run'"'"'s folded output, stack for stack' '
	hr-sample -q -F 499 -o wl.folded --db=p.db -- "$WL" 2 >/dev/null &&
	test "$(total wl.folded)" -gt 100 &&
	hr-query --db p.db --profile >q.folded &&
	test "$(total q.folded)" = "$(total wl.folded)" &&
	top10 wl.folded >want.top && top10 q.folded >got.top &&
	test_cmp want.top got.top &&
	test_cmp wl.folded q.folded
'

test_expect_success 'without -o, --db writes nothing to standard output' '
	hr-sample -q -F 499 --db=n.db -- sh -c "\"$WL\" 1 >/dev/null" >out &&
	test ! -s out &&
	test "$(hr-query --db n.db --profile | total)" -gt 0
'

test_expect_success 'labels: command, host, cgroup and unit select' '
	grep "^wl-worker;" wl.folded >want &&
	hr-query --db p.db --profile "{command=wl-worker}" >got &&
	test_cmp want got &&
	hr-query --db p.db --profile "profile{host=$(hostname),unit=samples}" >got &&
	test_cmp wl.folded got &&
	hr-query --db p.db --profile "{cgroup=*}" >got &&
	test_cmp wl.folded got &&
	test_expect_code 2 hr-query --db p.db --profile "{command=no-such}" 2>err &&
	test_grep "no profile" err
'

if hr-sample -q --off-cpu -d 100ms -- true >/dev/null 2>&1; then test_set_prereq OFFCPU; fi

test_expect_success OFFCPU 'off-CPU profiles keep their unit, and are not merged with samples' '
	copydb p.db u.db &&
	hr-sample -q --off-cpu -o off.folded --db=u.db -- "$SRC_ROOT/build/tests/offcpu-workload" 1 >/dev/null &&
	head -1 off.folded >header &&
	test_grep "^# countname: us$" header &&
	hr-query --db u.db --profile "{unit=us}" >got &&
	test_cmp off.folded got &&
	hr-query --db u.db --profile "{unit=samples}" >got &&
	test_cmp wl.folded got &&
	test_expect_code 2 hr-query --db u.db --profile 2>err &&
	test_grep "different units \(samples,us\)" err
'

test_expect_success OFFCPU 'off-CPU time split into windows adds up to the folded output' '
	hr-sample -q --off-cpu --window 1s -o split-us.folded --db=w.db -- \
		"$SRC_ROOT/build/tests/offcpu-workload" 3 >/dev/null &&
	hr-query --db w.db --profile "{unit=us}" >got &&
	test_cmp split-us.folded got
'

test_expect_success 'an empty range is an empty profile and a warning' '
	hr-query --db p.db --profile --since 2000-01-01T00:00:00Z --until 2000-01-02T00:00:00Z >got 2>err &&
	test ! -s got &&
	test_grep "no profile windows" err
'

test_expect_success SQLITE3 'windows split the run; each range reads its own windows' '
	hr-sample -q -F 499 -o split.folded --db=s.db --window 1s -- "$WL" 3 &&
	sql s.db "SELECT DISTINCT ts FROM prof_windows ORDER BY ts" >windows &&
	test "$(wc -l <windows)" -ge 2 &&
	sum=0 &&
	for ts in $(cat windows); do
		hr-query --db s.db --profile --since $ts --until $ts >w.$ts &&
		n=$(total w.$ts) &&
		test "$n" -gt 0 &&
		sum=$((sum + n)) || return 1
	done &&
	test "$sum" = "$(total split.folded)" &&
	first=$(head -1 windows) && last=$(tail -1 windows) &&
	hr-query --db s.db --profile --since $first --until $last >all &&
	test_cmp split.folded all &&
	test "$(sql s.db "SELECT DISTINCT span FROM prof_windows")" = 1
'

test_expect_success SQLITE3 'two windows into hr-diff: before and after, each with its own total' '
	first=$(head -1 windows) && last=$(tail -1 windows) &&
	hr-diff w.$first w.$last >diff &&
	test "$(awk "{ b += \$(NF - 1) } END { print b }" diff)" = "$(total w.$first)" &&
	test "$(awk "{ a += \$NF } END { print a }" diff)" = "$(total w.$last)"
'

test_expect_success SQLITE3 'hr-record and hr-sample writing at once lose nothing' '
	HEADROOM_NOW=1700000000 hr-record -q --db c.db --proc-root "$FIX/v2/snap1/proc" \
		--sys-root "$FIX/v2/snap1/sys" &&
	per=$(sql c.db "SELECT count(*) FROM samples") &&
	{ hr-sample -q -F 499 -o c.folded --db=c.db --window 1s -- "$WL" 4 & } &&
	spid=$! &&
	for i in $(seq 1 25); do
		HEADROOM_NOW=$((1700000000 + i * 60)) hr-record -q --db c.db \
			--proc-root "$FIX/v2/snap1/proc" --sys-root "$FIX/v2/snap1/sys" || return 1
	done &&
	wait $spid &&
	test "$(sql c.db "SELECT count(DISTINCT ts) FROM samples")" = 26 &&
	test "$(sql c.db "SELECT count(*) FROM samples")" = $((26 * per)) &&
	test "$(sql c.db "SELECT count(DISTINCT ts) FROM prof_windows")" -ge 3 &&
	hr-query --db c.db --profile >got &&
	test_cmp c.folded got &&
	test "$(sql c.db "PRAGMA integrity_check")" = ok
'

test_expect_success SQLITE3 'SIGKILL at any moment leaves a valid database and whole windows' '
	hr-sample -q -F 499 --db=k.db -- "$WL" 1 >/dev/null &&
	i=0 &&
	while [ $i -lt 12 ]; do
		i=$((i + 1))
		hr-sample -q -F 499 --db=k.db --window 1s -- "$WL" 5 >/dev/null &
		pid=$! &&
		sleep $((RANDOM % 2)).$((RANDOM % 10))$((RANDOM % 10)) &&
		kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
		test "$(sql k.db "PRAGMA integrity_check")" = ok || return 1
		hr-query --db k.db --profile >k.folded || return 1
	done &&
	before=$(total k.folded) &&
	test "$before" -gt 0 &&
	hr-sample -q -F 499 -o k2.folded --db=k.db -- "$WL" 1 &&
	test "$(hr-query --db k.db --profile | total)" = $((before + $(total k2.folded)))
'

test_expect_success SQLITE3 'a database of the schema before profiles is upgraded, its series kept' '
	HEADROOM_NOW=1700000000 hr-record -q --db old.db --proc-root "$FIX/v2/snap1/proc" \
		--sys-root "$FIX/v2/snap1/sys" &&
	hr-query --db old.db mem.total_bytes >before &&
	sql old.db "DROP TABLE prof_windows; DROP TABLE prof_series; DROP TABLE prof_stacks;
		    DROP TABLE prof_frames; DROP TABLE prof_modules; PRAGMA user_version = 3" &&
	test_expect_code 2 hr-query --db old.db --profile 2>err &&
	test_grep "schema version 3" err &&
	hr-sample -q -F 499 -o old.folded --db=old.db -- "$WL" 1 &&
	test "$(sql old.db "PRAGMA user_version")" = 5 &&
	hr-query --db old.db mem.total_bytes >after &&
	test_cmp before after &&
	hr-query --db old.db --profile >got &&
	test_cmp old.folded got
'

test_expect_success SQLITE3 'hr-record'"'"'s --retain deletes the windows with the raw samples' '
	copydb p.db r.db &&
	ts=$(sql r.db "SELECT max(ts) FROM prof_windows") &&
	HEADROOM_NOW=$((ts + 3600)) hr-record -q --db r.db --proc-root "$FIX/v2/snap1/proc" \
		--sys-root "$FIX/v2/snap1/sys" --retain 1d &&
	test "$(sql r.db "SELECT count(*) FROM prof_windows")" -gt 0 &&
	HEADROOM_NOW=$((ts + 3 * 86400)) hr-record -q --db r.db --proc-root "$FIX/v2/snap1/proc" \
		--sys-root "$FIX/v2/snap1/sys" --retain 1d &&
	test "$(sql r.db "SELECT count(*) FROM prof_windows")" = 0 &&
	hr-query --db r.db --profile >got 2>err &&
	test ! -s got &&
	test_grep "no profile windows" err
'

# Profiles of two programs, the first made ten days old (its windows and the
# marks of the frames and stacks it used), the second sampled now.
test_expect_success SQLITE3 'retention deletes the frames and stacks only older windows used' '
	hr-sample -q -F 499 -o old.folded --db=g.db -- "$CXX_WL" 1 &&
	sql g.db "UPDATE prof_windows SET ts = ts - 864000;
		  UPDATE prof_stacks SET last = last - 864000;
		  UPDATE prof_frames SET last = last - 864000" &&
	hr-sample -q -F 499 -o new.folded --db=g.db -- "$WL" 1 &&
	grep -q "multiply_row" old.folded &&
	test "$(sql g.db "SELECT count(*) FROM prof_frames WHERE name LIKE '"'"'%multiply_row%'"'"'")" -gt 0 &&
	now=$(sql g.db "SELECT max(ts) FROM prof_windows") &&
	HEADROOM_NOW=$((now + 3600)) hr-record -q --db g.db --proc-root "$FIX/v2/snap1/proc" \
		--sys-root "$FIX/v2/snap1/sys" --retain 5d &&
	test "$(sql g.db "SELECT count(*) FROM prof_frames WHERE name LIKE '"'"'%multiply_row%'"'"'")" = 0 &&
	test "$(sql g.db "SELECT count(*) FROM prof_frames WHERE name LIKE '"'"'%spin%'"'"'")" -gt 0 &&
	test "$(sql g.db "PRAGMA integrity_check")" = ok &&
	hr-query --db g.db --profile >got &&
	test_cmp new.folded got &&
	test "$(sql g.db "SELECT count(*) FROM prof_stacks")" -le "$(grep -c . new.folded)" &&
	hr-sample -q -F 499 -o again.folded --db=g.db -- "$WL" 1 &&
	hr-query --db g.db --profile >got &&
	test "$(total got)" = $(($(total new.folded) + $(total again.folded)))
'

test_expect_success SQLITE3 'a database of schema 4 is upgraded: its frames and stacks count as used now, their binaries come' '
	hr-sample -q -F 499 -o v4.folded --db=v4.db -- "$WL" 1 &&
	sql v4.db "ALTER TABLE prof_frames DROP COLUMN last; ALTER TABLE prof_frames DROP COLUMN module;
		   ALTER TABLE prof_stacks DROP COLUMN last; DROP TABLE prof_modules;
		   PRAGMA user_version = 4" &&
	hr-sample -q -F 499 -o v5.folded --db=v4.db -- "$WL" 1 &&
	test "$(sql v4.db "PRAGMA user_version")" = 5 &&
	test "$(sql v4.db "SELECT count(*) FROM prof_stacks WHERE last < (SELECT min(ts) FROM prof_windows)")" = 0 &&
	test "$(sql v4.db "SELECT count(*) FROM prof_frames WHERE last < (SELECT min(ts) FROM prof_windows) - 86400")" = 0 &&
	hr-query --db v4.db --profile >got &&
	test "$(total got)" = $(($(total v4.folded) + $(total v5.folded))) &&
	test "$(sql v4.db "SELECT module FROM prof_frames WHERE name = '"'"'spin_leaf'"'"'")" = 0 &&
	# their binaries come with their next mark, a day on
	sql v4.db "UPDATE prof_frames SET last = last - 2 * 86400" &&
	hr-sample -q -F 499 -o /dev/null --db=v4.db -- "$WL" 1 &&
	test "$(sql v4.db "SELECT p.path FROM prof_frames f JOIN prof_modules p ON p.id = f.module
			   WHERE f.name = '"'"'spin_leaf'"'"'")" = "$WL"
'

test_expect_success 'HEADROOM_DB is the database of a bare --db' '
	HEADROOM_DB=$TRASH/env/h.db hr-sample -q -F 499 -o e.folded --db -- "$WL" 1 &&
	HEADROOM_DB=$TRASH/env/h.db hr-query --profile >got &&
	test_cmp e.folded got
'

# The awk programs of t1004: pprof -raw back to folded lines.
sed -n "/^cat >raw2folded.awk <<'AWK'/,/^AWK/p" "$TEST_ROOT/cli/t1004-fold-pprof.sh" >awk.sh && . ./awk.sh

test_expect_success GO 'go tool pprof reads hr-query --profile --format pprof: the same stacks' '
	hr-query --db p.db --profile --format pprof -o p.pb.gz &&
	test "$(head -c 2 p.pb.gz | od -An -tx1 | tr -d " ")" = 1f8b &&
	HOME=$TRASH GOFLAGS= go tool pprof -raw -symbolize=none p.pb.gz >raw 2>raw.err &&
	grep -q "^samples/count" raw &&
	awk -f raw2folded.awk raw | LC_ALL=C sort >got &&
	test_cmp wl.folded got
'

test_expect_success GO 'hr-query'"'"'s pprof names each binary with its build-id, the program first' '
	id=$(readelf -n "$WL" | sed -n "s/.*Build ID: *//p") &&
	libc=$(ldd "$WL" | sed -n "s/.*libc\.so\.6 => \([^ ]*\).*/\1/p") &&
	libc_id=$(readelf -n "$(readlink -f "$libc")" | sed -n "s/.*Build ID: *//p") &&
	test -n "$id" && test -n "$libc_id" &&
	sed -n "/^Mappings/,\$p" raw >maps &&
	test_grep "^1: .* $WL $id \[FN\]$" maps &&
	test_grep " $libc_id \[FN\]$" maps &&
	HOME=$TRASH GOFLAGS= go tool pprof -top p.pb.gz >top 2>/dev/null &&
	test_grep "^Build ID: $id$" top
'

test_done
