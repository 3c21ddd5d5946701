#!/bin/bash
# tests/run: alone (its checks depend on CPU time and timing)
# hr-sample as a user runs it: usage errors, error messages, output options,
# ending on a signal or when the target exits.
. "$(dirname "$0")/../lib.sh"

WL=$SRC_ROOT/build/tests/sample-workload

test_expect_success 'no target is a usage error' '
	test_expect_code 2 hr-sample 2>err &&
	test_grep "nothing to sample" err &&
	test_grep "Try .hr-sample --help." err
'

test_expect_success 'two targets are a usage error' '
	test_expect_code 2 hr-sample -a -p 1 2>err &&
	test_grep "one target" err
'

for args in "-F 0 -a" "-F x -a" "-d soon -a" "-d 0 -a" "--stack-size 70000 -a" \
	    "--stack-size 1 -a" "-e bogus -a" "--call-graph lbr -a" "-p 12x" "-p 0" "-t -3"; do
	test_expect_success "bad option value: $args" "
		test_expect_code 2 hr-sample $args 2>err &&
		test_grep 'Try .hr-sample --help.' err
	"
done

if ! hr-sample -q -d 100ms -- true >/dev/null 2>probe.err; then
	echo "# SKIP the rest: perf_event_open refused: $(cat probe.err)"
	test_done
fi

test_expect_success 'a process that does not exist' '
	pid=$(( $(cat /proc/sys/kernel/pid_max) + 1 )) &&
	test_expect_code 2 hr-sample -p $pid -d 1 2>err &&
	test_grep "^hr-sample: no such process: $pid" err
'

test_expect_success 'a thread that does not exist' '
	pid=$(( $(cat /proc/sys/kernel/pid_max) + 1 )) &&
	test_expect_code 2 hr-sample -t $pid -d 1 2>err &&
	test_grep "^hr-sample: no such thread: $pid" err
'

test_expect_success 'a command that cannot run' '
	test_expect_code 2 hr-sample -- ./no-such-command 2>err &&
	test_grep "cannot run .\./no-such-command.: No such file or directory" err
'

if [ -d /sys/bus/event_source/devices/cpu ]; then
	test_expect_success 'a hardware event where the machine has counters' '
		hr-sample -q -e cycles -o cycles.folded -- "$WL" 0.3 &&
		test_grep "^sample-workload;" cycles.folded
	'
else
	test_expect_success 'a hardware event on a machine without counters says so' '
		test_expect_code 2 hr-sample -e cycles -- "$WL" 0.3 2>err &&
		test_grep "event .cycles. is not supported on this machine" err &&
		test_grep "cpu-clock works" err
	'
fi

test_expect_success 'a software event other than cpu-clock' '
	hr-sample -q -e task-clock -F 299 -o task.folded -- "$WL" 0.5 &&
	test_grep "^sample-workload;.*;run_phases;" task.folded
'

if command -v setpriv >/dev/null && [ "$(id -u)" = 0 ]; then
	test_set_prereq SETPRIV
fi
test_expect_success SETPRIV 'permission denied names perf_event_paranoid' '
	{ sleep 30 & } && victim=$! &&
	test_when_finished "kill $victim" &&
	paranoid=$(cat /proc/sys/kernel/perf_event_paranoid) &&
	test_expect_code 2 setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$SRC_ROOT/bin/hr-sample" -p $victim -d 1 2>err &&
	kill $victim &&
	test_grep "permission denied" err &&
	test_grep "perf_event_paranoid is $paranoid" err &&
	test_grep "CAP_PERFMON|sysctl" err
'

test_expect_success '-o writes the file and nothing to standard output' '
	hr-sample -q -F 199 -o out.folded -- "$WL" 0.3 >stdout &&
	test_grep "^sample-workload;" out.folded &&
	! grep -q ";" stdout
'

test_expect_success 'the command prints to standard error when the profile is on standard output' '
	hr-sample -q -F 199 -- sh -c "echo said-by-the-command; exec \"$WL\" 0.3" >out.folded 2>err &&
	test_grep "^sample-workload;" out.folded &&
	! grep -q said-by-the-command out.folded &&
	test_grep "^said-by-the-command$" err &&
	hr-sample -q -F 199 -o file.folded -- sh -c "echo said-by-the-command; exec \"$WL\" 0.3" >out 2>err &&
	test_grep "^said-by-the-command$" out &&
	test_grep "^sample-workload;" file.folded
'

test_expect_success 'the summary names samples, threads and unwinding' '
	hr-sample -F 199 -o /dev/null -- "$WL" 0.3 2>summary &&
	test_grep "^hr-sample: [0-9]+ samples in [0-9.]+s, 0 lost; 2 threads" summary &&
	test_grep "user stacks: [0-9]+ complete" summary
'

test_expect_success '-q leaves standard error empty' '
	hr-sample -q -F 199 -o /dev/null -- "$WL" 0.3 2>err &&
	! test -s err
'

test_expect_success '--pid and --tid suffix the root frame' '
	hr-sample -q --pid -F 199 -- "$WL" 0.3 >pid.folded &&
	test_grep "^sample-workload-[0-9]+;" pid.folded &&
	hr-sample -q --tid -F 199 -- "$WL" 0.3 >tid.folded &&
	test_grep "^sample-workload-([0-9]+)/\1;" tid.folded &&
	test_grep "^wl-worker-[0-9]+/[0-9]+;" tid.folded
'

test_expect_success 'SIGINT stops sampling and still prints everything' '
	{ "$WL" 20 >/dev/null & } && wl=$! &&
	test_when_finished "kill $wl" &&
	sleep 0.3 &&
	{ hr-sample -p $wl -o int.folded 2>int.err & hs=$!; } &&
	sleep 1.5 &&
	kill -INT $hs &&
	wait $hs &&
	kill $wl &&
	test_grep "^sample-workload;_start;.*;run_phases;" int.folded &&
	test_grep "samples in" int.err
'

test_expect_success 'SIGTERM too' '
	{ "$WL" 20 >/dev/null & } && wl=$! &&
	test_when_finished "kill $wl" &&
	sleep 0.3 &&
	{ hr-sample -q -p $wl -o term.folded & hs=$!; } &&
	sleep 1 &&
	kill -TERM $hs &&
	wait $hs &&
	kill $wl &&
	test_grep "^wl-worker;" term.folded
'

test_expect_success 'the target exiting ends sampling normally' '
	{ "$WL" 2 >/dev/null & } && wl=$! &&
	sleep 0.2 &&
	hr-sample -q -p $wl -o exit.folded &&
	test_grep "^sample-workload;" exit.folded
'

test_expect_success 'a command ends with -d when it runs longer' '
	start=$(date +%s) &&
	hr-sample -q -d 500ms -o d.folded -- "$WL" 30 &&
	test $(( $(date +%s) - start )) -le 5 &&
	test_grep "^sample-workload;" d.folded
'

test_expect_success '-o where no file can be made fails before the command runs' '
	test_expect_code 2 hr-sample -q -d 3 -o missing/out.folded -- sh -c ": >ran; sleep 30" 2>err &&
	test_grep "cannot open .missing/out.folded." err &&
	! test -e ran
'

# gone PID: true once PID has exited (a zombie nobody reaped counts).
gone() {
	! test -e /proc/$1 || grep -q "^$1 (.*) [ZX] " /proc/$1/stat
}

test_expect_success 'SIGKILL of hr-sample ends its command too' '
	{ hr-sample -q -o /dev/null -- sleep 60 & hs=$!; } &&
	i=0 && child= &&
	while [ -z "$child" ] && [ $i -lt 50 ]; do
		sleep 0.1 && i=$((i + 1)) && child=$(pgrep -P $hs -x sleep) || child=
	done &&
	test -n "$child" &&
	test_when_finished "kill $child" &&
	kill -KILL $hs &&
	test_expect_code 137 wait $hs &&
	i=0 &&
	while ! gone $child && [ $i -lt 50 ]; do sleep 0.1 && i=$((i + 1)); done &&
	gone $child
'

# dd from /dev/zero spends most of its time in the kernel, so kernel frames
# appear however loaded the machine is; the workload alone may show none.
test_expect_success 'kernel frames, annotated, and --no-kernel' '
	hr-sample -q --annotate -F 499 -d 1 -o k.folded -- \
		dd if=/dev/zero of=/dev/null bs=64k count=100000000 2>/dev/null &&
	test_grep "^dd;.*;read_zero_\[k\] [0-9]+$" k.folded &&
	hr-sample -q --annotate --no-kernel -F 499 -d 1 -o nok.folded -- \
		dd if=/dev/zero of=/dev/null bs=64k count=100000000 2>/dev/null &&
	test_grep "^dd;" nok.folded &&
	! grep -q "_\[k\]" nok.folded
'

test_expect_success 'unresolved frames are [module] or [module+0xOFF] with --addrs' '
	strip -o wl-stripped "$WL" &&
	hr-sample -F 299 -o s.folded -- ./wl-stripped 0.5 2>summary &&
	test_grep "^wl-stripped;\[wl-stripped\];__libc_start_main;__libc_start_call_main;\[wl-stripped\]" s.folded &&
	test_grep "frames without a symbol" summary &&
	test_grep "wl-stripped: [0-9]+ of [0-9]+ frames" summary &&
	hr-sample -q --addrs -F 299 -o a.folded -- ./wl-stripped 0.5 &&
	test_grep ";\[wl-stripped\+0x[0-9a-f]+\]" a.folded
'

if command -v script >/dev/null; then
	test_set_prereq SCRIPT
fi
test_expect_success SCRIPT 'a progress line on a terminal, none in a pipe' '
	script -qec "\"$SRC_ROOT/bin/hr-sample\" -q -d 1 -o /dev/null -- \"$WL\" 5" tty.out >/dev/null &&
	test_grep "sampling: [0-9.]+s of 1.0s, [0-9.]+s left, [0-9]+ samples" tty.out
'
test_done
