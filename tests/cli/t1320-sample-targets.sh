#!/bin/bash
# hr-sample's targets: several processes, threads and children created while
# sampling, one thread, the whole system, a cgroup, a deleted binary, JIT code.
. "$(dirname "$0")/../lib.sh"

WL=$SRC_ROOT/build/tests/sample-workload
if ! hr-sample -q -d 100ms -- true >/dev/null 2>probe.err; then
	echo "1..0 # SKIP perf_event_open refused: $(cat probe.err)"
	exit 0
fi

test_expect_success '-p with two processes samples both' '
	{ "$WL" 20 >/dev/null & } && a=$! &&
	{ "$WL" 20 >/dev/null & } && b=$! &&
	test_when_finished "kill $a $b" &&
	sleep 0.2 &&
	hr-sample -q --pid -F 199 -d 1 -p $a,$b -o two.folded &&
	kill $a $b &&
	test_grep "^sample-workload-$a;" two.folded &&
	test_grep "^sample-workload-$b;" two.folded &&
	test_grep "^wl-worker-$b;" two.folded
'

test_expect_success '-p follows children and threads created while sampling' '
	{ bash -c "sleep 0.7; \"$WL\" 1 >/dev/null" & } && parent=$! &&
	test_when_finished "kill $parent" &&
	hr-sample -F 299 -p $parent -o kids.folded 2>summary &&
	test_grep "^sample-workload;_start;.*;run_phases;" kids.folded &&
	test_grep "^wl-worker;.*;worker_main;spin_work;spin_leaf" kids.folded
'

# A binary is opened at the first sample that needs it, through the process's
# /proc/PID/root, which is gone once the process has exited. A sampler that
# falls behind (a loaded machine) reads samples of a command that has already
# ended: stopping hr-sample while its command runs to the end makes that
# happen every time.
test_expect_success 'samples read after the command has exited are still named' '
	cat >stop-parent <<-\EOF &&
	#!/bin/sh
	echo $$ >cmd.pid
	kill -STOP $PPID
	exec "$@"
	EOF
	chmod +x stop-parent &&
	{ hr-sample -F 99 -o late.folded -- ./stop-parent "$WL" 0.5 2>late.err & } && hr=$! &&
	test_when_finished "kill -CONT $hr; kill $hr" &&
	for i in $(seq 200); do test -s cmd.pid && break; sleep 0.05; done &&
	cmd=$(cat cmd.pid) &&
	for i in $(seq 200); do grep -q "^State:.*Z" /proc/$cmd/status && break; sleep 0.05; done &&
	grep -q "^State:.*T" /proc/$hr/status &&
	kill -CONT $hr &&
	wait $hr &&
	test_grep "^sample-workload;_start;__libc_start_main;__libc_start_call_main;main;run_phases;" late.folded
'

test_expect_success '-t samples one thread only' '
	{ "$WL" 20 >/dev/null & } && wl=$! &&
	test_when_finished "kill $wl" &&
	sleep 0.3 &&
	tid= &&
	for t in /proc/$wl/task/*; do
		test "$(cat $t/comm)" = wl-worker && tid=${t##*/}
	done &&
	test -n "$tid" &&
	hr-sample -q --tid -F 199 -d 1 -t $tid -o one.folded &&
	kill $wl &&
	test_grep "^wl-worker-$wl/$tid;" one.folded &&
	! grep -v "^wl-worker-$wl/$tid;" one.folded
'

test_expect_success '-a samples the whole system' '
	{ "$WL" 20 >/dev/null & } && wl=$! &&
	test_when_finished "kill $wl" &&
	sleep 0.2 &&
	hr-sample -F 99 -a -d 1 -o all.folded 2>summary &&
	kill $wl &&
	test_grep "^sample-workload;_start;.*;run_phases;" all.folded &&
	test_grep "^wl-worker;" all.folded
'

test_expect_success 'a binary deleted after it started still resolves' '
	cp "$WL" ./wl-deleted &&
	{ ./wl-deleted 20 >/dev/null & } && wl=$! &&
	test_when_finished "kill $wl" &&
	sleep 0.3 &&
	rm wl-deleted &&
	hr-sample -q -F 199 -d 1 -p $wl -o del.folded &&
	kill $wl &&
	test_grep "^wl-deleted;_start;.*;main;run_phases;phase_(sort|hash);" del.folded
'

test_expect_success 'a static binary without .eh_frame_hdr unwinds from .eh_frame' '
	hr-sample -F 299 -o static.folded -- "$WL"-static 1 2>summary &&
	test_grep "^sample-workload;_start;__libc_start_main[a-z_]*;__libc_start_call_main;main;run_phases;phase_hash;hash_block [0-9]+$" static.folded &&
	test_grep "^wl-worker;(__)?clone3?;start_thread;worker_main;spin_work;spin_leaf [0-9]+$" static.folded &&
	test_grep "user stacks: [0-9]+ complete" summary
'

test_expect_success 'a binary with only .debug_frame unwinds from it' '
	readelf -S "$WL"-debugframe | grep -q "\.debug_frame" &&
	hr-sample -F 299 -o df.folded -- "$WL"-debugframe 1 2>summary &&
	test_grep "^sample-workload;_start;__libc_start_main;__libc_start_call_main;main;run_phases;phase_hash;hash_block [0-9]+$" df.folded &&
	test_grep "^wl-worker;(__)?clone3?;start_thread;worker_main;spin_work;spin_leaf [0-9]+$" df.folded &&
	objcopy --remove-section .debug_frame "$WL"-debugframe no-df &&
	hr-sample -F 299 -o nodf.folded -- ./no-df 0.5 2>summary &&
	test_grep "no unwind information: [0-9]+" summary
'

if [ "$(id -u)" = 0 ] && command -v chroot >/dev/null; then
	test_set_prereq CHROOT
fi
test_expect_success CHROOT 'a process in a chroot: its binary exists only under its root' '
	mkdir -p jail/bin &&
	cp "$WL"-static jail/bin/wl &&
	{ chroot jail /bin/wl 20 >/dev/null & } && jailed=$! &&
	test_when_finished "kill $jailed" &&
	sleep 0.3 &&
	hr-sample -q -F 199 -d 1 -p $jailed -o jail.folded &&
	kill $jailed &&
	test_grep "^wl;_start;.*;main;run_phases;phase_(sort|hash);" jail.folded
'

# The workload leaves its map behind as JITs do (samples may be symbolised
# after it has exited); each test removes the map of the PID it was given.
test_expect_success 'JIT frames from /tmp/perf-PID.map' '
	test_when_finished "rm -f /tmp/perf-\$(cat jit.pid).map" &&
	JIT_PID_FILE=jit.pid hr-sample -q -F 199 -o jit.folded -- "$SRC_ROOT/build/tests/jit-workload" 1 &&
	test_grep "^jit-workload;_start;__libc_start_main;__libc_start_call_main;main;jit_spin_loop_\[j\] [0-9]+$" jit.folded
'

test_expect_success 'a JIT map with garbage, binary and enormous content' '
	{
		printf "7f00 10\n\nnot hex at all\n7f00\n7f00 zz name\n";
		head -c 100000 /dev/urandom;
		printf "\n";
		awk "BEGIN { for (i = 0; i < 200000; i++) printf \"%x 10 filler_%d\\n\", 4096 + i * 16, i }";
		printf "7f0000 10 truncated-without-newline"
	} >bad.map &&
	test_when_finished "rm -f /tmp/perf-\$(cat badjit.pid).map" &&
	JIT_PID_FILE=badjit.pid JIT_MAP_EXTRA=bad.map hr-sample -F 199 -o badjit.folded -- "$SRC_ROOT/build/tests/jit-workload" 1 2>err &&
	test_grep "^jit-workload;(.*;)?main;jit_spin_loop_\[j\] [0-9]+$" badjit.folded &&
	test_grep "perf-[0-9]+\.map:1: expected .START SIZE name. in hex; [0-9]+ such lines ignored" err
'

# What can be known of any kernel's vDSO: the loop's time is in clock_gettime,
# named from the vDSO's exported symbols. Some kernels place vDSO code outside
# those symbols' ranges (perf cannot name it either); such frames read [vdso].
test_expect_success 'the vDSO is symbolised' '
	hr-sample -q -F 499 -o vdso.folded -- "$WL" v1 &&
	test_grep ";main;vdso_loop;(.*;)?(__vdso_)?clock_gettime( |;)" vdso.folded &&
	awk "/;vdso_loop/ { all += \$NF } /;vdso_loop;(.*;)?(__vdso_)?clock_gettime( |;)/ { named += \$NF }
	     END { exit !(named * 2 > all) }" vdso.folded &&
	! grep -q "\[\[" vdso.folded
'

# --cgroup with the cgroup v1 perf_event controller, mounted here when the
# machine has not mounted it. One cleanup, in order: the test's processes,
# then the cgroup, then the mount.
CG= CGMOUNT=
cg_cleanup() {
	[ -s cg.pids ] && kill $(cat cg.pids) 2>/dev/null
	sleep 0.2
	[ -n "$CG" ] && rmdir "$CG"
	[ -n "$CGMOUNT" ] && umount "$CGMOUNT"
}
cg_setup() {
	local root
	if grep -q " /sys/fs/cgroup/perf_event cgroup " /proc/mounts; then
		root=/sys/fs/cgroup/perf_event
	else
		mkdir -p cgmnt &&
		mount -t cgroup -o perf_event hr-test cgmnt 2>/dev/null || return 1
		root=$TRASH/cgmnt
		CGMOUNT=$root
	fi
	mkdir "$root/hr-sample-test-$$" || return 1
	CG=$root/hr-sample-test-$$
}
test_when_finished cg_cleanup
if [ "$(id -u)" = 0 ] && grep -q "^perf_event" /proc/cgroups && cg_setup; then
	test_set_prereq CGROUP
fi
test_expect_success CGROUP '--cgroup samples the tasks in that cgroup only' '
	{ "$WL" 20 >/dev/null & } && inside=$! &&
	echo $inside >>cg.pids &&
	cp "$WL" ./outside-wl &&
	{ ./outside-wl 20 >/dev/null & } && outside=$! &&
	echo $outside >>cg.pids &&
	echo $inside >"$CG/cgroup.procs" &&
	sleep 0.2 &&
	hr-sample -F 199 -d 1 --cgroup "$CG" -o cg.folded 2>summary &&
	test_grep "^sample-workload;_start;.*;run_phases;" cg.folded &&
	test_grep "^wl-worker;" cg.folded &&
	! grep -q "^outside-wl" cg.folded
'

test_expect_success 'a cgroup that does not exist' '
	test_expect_code 2 hr-sample --cgroup no-such-cgroup-here -d 1 2>err &&
	test_grep "no such cgroup" err
'
test_done
