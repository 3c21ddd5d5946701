#!/bin/bash
# tests/run: alone (it runs make install in the tree)
# hr-sample and hr-record run by an unprivileged user (nobody, by setpriv),
# from an installation: without capabilities hr-sample samples the user's
# own commands (user space only when kernel.perf_event_paranoid is 2) and
# refuses the whole system and other users' processes saying what they need;
# a copy given CAP_PERFMON, CAP_SYS_PTRACE and CAP_SYSLOG with setcap samples
# them, kernel frames named. hr-record needs no privilege at all.
. "$(dirname "$0")/../lib.sh"

WL=$SRC_ROOT/build/tests/sample-workload
paranoid=$(cat /proc/sys/kernel/perf_event_paranoid)
skip=
if [ "$(id -u)" != 0 ]; then
	skip="needs root, to switch to nobody and to give capabilities"
elif ! command -v setcap >/dev/null; then
	skip="setcap is not installed (make deps installs libcap2-bin)"
elif [ "$(cat /proc/sys/kernel/cap_last_cap)" -lt 38 ]; then
	skip="this kernel has no CAP_PERFMON (before Linux 5.8)"
elif grep -q '^NoNewPrivs:[[:space:]]*1' /proc/self/status; then
	skip="no_new_privs is set on this test: file capabilities cannot take effect"
elif ! hr-sample -q -d 100ms -- true >/dev/null 2>probe.err; then
	skip="perf_event_open refused even to root: $(cat probe.err)"
fi
# Files nobody can reach (the checkout may be under a private home), on a
# file system that honours file capabilities.
if [ -z "$skip" ]; then
	tmp=$(mktemp -d /tmp/headroom-unpriv.XXXXXX) && chmod 755 "$tmp"
	test_when_finished "rm -rf '$tmp'"
	case ",$(findmnt -n -o OPTIONS -T "$tmp")," in
	*,nosuid,*) skip="$tmp is on a nosuid mount, where file capabilities are ignored" ;;
	esac
fi
if [ -n "$skip" ]; then
	echo "1..0 # SKIP $skip"
	exit 0
fi
say "kernel.perf_event_paranoid is $paranoid"

bin=$tmp/usr/bin
work=$tmp/work
as_nobody() {
	(cd "$work" && setpriv --reuid=65534 --regid=65534 --clear-groups "$@")
}

test_expect_success 'set up: an installation, a copy of hr-sample with capabilities' "
	make -C '$SRC_ROOT' --no-print-directory -s install PREFIX='$tmp/usr' >install.out 2>&1 &&
	mkdir '$work' && chown 65534:65534 '$work' &&
	cp '$WL' '$tmp/sample-workload' &&
	cp '$bin/hr-sample' '$bin/hr-sample-caps' &&
	setcap cap_perfmon,cap_sys_ptrace,cap_syslog+ep '$bin/hr-sample-caps' &&
	getcap '$bin/hr-sample-caps' | grep -q cap_perfmon &&
	cp '$bin/hr-sample' '$bin/hr-sample-perfmon' &&
	setcap cap_perfmon+ep '$bin/hr-sample-perfmon'
"

# A process of root's for the unprivileged samplers to look at.
"$tmp/sample-workload" 60 >/dev/null &
root_pid=$!
test_when_finished "kill $root_pid"

if [ "$paranoid" -ge 3 ]; then
	test_expect_success 'no capabilities, paranoid 3 or more: even its own command is refused' "
		test_expect_code 2 as_nobody '$bin/hr-sample' -d 1 -- '$tmp/sample-workload' 1 \
			>own.folded 2>own.err &&
		test_grep 'perf_event_paranoid is $paranoid' own.err
	"
else
	test_expect_success 'no capabilities: its own command, named, user space only past paranoid 1' "
		as_nobody '$bin/hr-sample' --annotate -- '$tmp/sample-workload' 1 >own.folded 2>own.err &&
		test_grep '^sample-workload;.*;run_phases;phase_' own.folded &&
		if [ $paranoid -ge 2 ]; then
			test_grep 'perf_event_paranoid is 2: sampling user space only' own.err &&
			! grep -q '_\\[k\\]' own.folded
		else
			! grep -q 'sampling user space only' own.err
		fi
	"
fi

test_expect_success 'no capabilities: another user process is refused, naming CAP_SYS_PTRACE' "
	test_expect_code 2 as_nobody '$bin/hr-sample' -d 0.3 -p $root_pid >other.folded 2>other.err &&
	test_grep 'process $root_pid, which runs as another user: .*CAP_SYS_PTRACE' other.err
"

if [ "$paranoid" -ge 1 ]; then
	test_expect_success 'no capabilities: the whole system is refused, naming CAP_PERFMON' "
		test_expect_code 2 as_nobody '$bin/hr-sample' -a -d 0.3 >all.folded 2>all.err &&
		test_grep 'the whole system \\(kernel.perf_event_paranoid is $paranoid\\): .*CAP_PERFMON' all.err &&
		test_grep 'perf_event_paranoid=0' all.err
	"
else
	test_skip 'no capabilities: the whole system is refused' "perf_event_paranoid is $paranoid"
fi

test_expect_success 'with the capabilities: another user process, its frames named' "
	as_nobody '$bin/hr-sample-caps' -d 1 -p $root_pid >other.folded 2>other.err &&
	test_grep '^sample-workload;.*;run_phases;phase_' other.folded &&
	test_grep '^wl-worker;.*;spin_work;spin_leaf' other.folded &&
	! grep -q 'sampling user space only' other.err
"

test_expect_success 'with the capabilities: the whole system, other users included' "
	as_nobody '$bin/hr-sample-caps' -a -d 1 >all.folded 2>all.err &&
	test_grep '^sample-workload;.*;run_phases;phase_' all.folded
"

# dd spends most of its time copying in the kernel. Kernel frames are named
# from /proc/kallsyms, whose addresses an unprivileged reader sees only with
# CAP_SYSLOG (or with kptr_restrict 0 and paranoid 1 or less).
dd_cmd="dd if=/dev/zero of=/dev/null bs=64k count=20000"
test_expect_success 'with the capabilities: kernel frames, named' "
	as_nobody '$bin/hr-sample-caps' --annotate -- $dd_cmd >dd.folded 2>dd.err &&
	test_grep '^dd;.*_\\[k\\]' dd.folded
"

if as_nobody head -1 /proc/kallsyms | grep -q '^0*[[:space:]]'; then
	test_expect_success 'CAP_PERFMON alone: kernel frames, unnamed without CAP_SYSLOG' "
		as_nobody '$bin/hr-sample-perfmon' --annotate -- $dd_cmd >dd.folded 2>dd.err &&
		test_grep '^dd;.*\\[kernel.kallsyms\\]' dd.folded &&
		! grep -q '_\\[k\\]' dd.folded
	"
else
	test_skip 'CAP_PERFMON alone: kernel frames unnamed' "/proc/kallsyms is readable by nobody here"
fi

# Series names without their labels, one a line.
series_names() {
	cut -f2 "$1" | sed 's/{.*//' | sort -u
}

# Rates need a previous snapshot at least a second old: the runs are spaced.
test_expect_success 'hr-record as nobody records every series root records' "
	for i in 1 2; do
		as_nobody '$bin/hr-record' -q -v --db '$work/nobody.db' >nobody.tsv &&
		'$bin/hr-record' -q -v --db root.db >root.tsv || exit 1
		sleep 1.1
	done &&
	series_names nobody.tsv >nobody.names &&
	series_names root.tsv >root.names &&
	test_cmp root.names nobody.names &&
	test_grep '^cpu.util$' nobody.names &&
	test \"\$(stat -c %u '$work/nobody.db')\" = 65534
"

if grep -Eq '^proc /proc proc .*hidepid=(2|invisible)' /proc/mounts; then
	test_skip 'hr-record as nobody reads other users processes' "/proc is mounted hidepid"
else
	test_expect_success 'hr-record as nobody reads other users processes' "
		as_nobody '$bin/hr-record' -q -v --top 1000 --db '$work/top.db' >/dev/null &&
		sleep 1.1 &&
		as_nobody '$bin/hr-record' -q -v --top 1000 --db '$work/top.db' >top.tsv &&
		test_grep 'proc.cpu.cores\\{.*name=sample-workload.*pid=$root_pid' top.tsv
	"
fi
test_done
