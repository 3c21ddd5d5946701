#!/bin/bash
# tests/run: alone (its checks depend on CPU time and timing)
# hr-sample --off-cpu and --wall against a workload whose threads block for
# designed shares (tests/workloads/offcpu-workload.c): a sleep, a pipe read
# and a contended mutex. The workload times its own waits, since a busy
# machine stretches them; the profile must agree with those times.
. "$(dirname "$0")/../lib.sh"

WL=$SRC_ROOT/build/tests/offcpu-workload
if ! hr-sample -q --off-cpu -d 100ms -- true >/dev/null 2>probe.err; then
	skip_all_reason=$(cat probe.err)
	echo "1..0 # SKIP off-CPU sampling refused: $skip_all_reason"
	exit 0
fi

# The shares of sleep_wait, pipe_wait and lock_wait: "NAME PROFILE% WORKLOAD%".
shares() {
	awk '
		FNR == 1 { file++ }
		file == 1 && $1 == "wait" { want[$2] = $3; wsum += $3 }
		file == 2 && !/^#/ {
			for (i = 1; i <= 3; i++) if (index($0, ";" names[i] ";")) { got[names[i]] += $NF; gsum += $NF }
		}
		BEGIN { names[1] = "sleep_wait"; names[2] = "pipe_wait"; names[3] = "lock_wait" }
		END { for (i = 1; i <= 3; i++) { n = names[i]; printf "%s %.1f %.1f\n", n, 100 * got[n] / gsum, 100 * want[n] / wsum } }
	' "$1" "$2"
}

test_expect_success 'off-CPU profile of the workload, in microseconds' '
	hr-sample --off-cpu --tid -o off.folded -- "$WL" 3 >wl.out 2>summary &&
	test "$(head -1 off.folded)" = "# countname: us" &&
	test_grep "off-CPU: [0-9]+ switch-outs, [0-9]+ lost events; [0-9]+ blocked periods" summary &&
	! grep -v "^#" off.folded | grep -v -E "^[^ ].* [1-9][0-9]*$"
'

test_expect_success 'each wait is charged to its stack: user frames, then the kernel' '
	test_grep "^oc-sleep-[0-9]+/[0-9]+;.*start_thread;sleeper;sleep_wait;.*nanosleep;.*;schedule " off.folded &&
	test_grep "^oc-pipe-[0-9]+/[0-9]+;.*start_thread;piper;pipe_wait;[^ ]*read;.*;schedule " off.folded &&
	test_grep "^oc-lock-[0-9]+/[0-9]+;.*start_thread;locker;lock_wait;.*lock.*;.*futex.*;schedule " off.folded
'

test_expect_success 'the waits share the off-CPU time as the workload timed them, within 5 points' '
	shares wl.out off.folded >shares &&
	cat shares &&
	awk "{ d = \$2 - \$3; if (d < 0) d = -d; if (d > 5) bad++ } END { exit bad > 0 }" shares
'

test_expect_success 'the blocked time of the waits adds up to what the workload timed, within 5%' '
	awk "
		FNR == 1 { file++ }
		file == 1 && \$1 == \"wait\" { want += \$3 }
		file == 2 && /;(sleep|pipe|lock)_wait;/ { got += \$NF / 1e6 }
		END { printf \"%.3fs of %.3fs\\n\", got, want; d = got - want; if (d < 0) d = -d; exit !(d <= 0.05 * want) }
	" wl.out off.folded
'

test_expect_success '--min-block keeps only the long blocks: the main thread joining' '
	hr-sample -q --off-cpu --min-block 1s -o long.folded -- "$WL" 2 >/dev/null &&
	grep -v "^#" long.folded >long.lines &&
	test_grep "^offcpu-workload;.*;main;.*join" long.lines &&
	! grep -v "^offcpu-workload;" long.lines
'

test_expect_success '--max-block leaves the long join out' '
	hr-sample --off-cpu --max-block 100ms -o short.folded -- "$WL" 2 >/dev/null 2>short.sum &&
	test_grep ";sleep_wait;" short.folded &&
	test_grep "[1-9][0-9]* outside --min-block/--max-block" short.sum &&
	awk "/^offcpu-workload;.*;main;.*join/ { s += \$NF } END { exit !(s < 100000) }" short.folded
'

test_expect_success '--wall: on-CPU and off-CPU lines, waiting ones ending in [off-cpu]' '
	hr-sample --wall -F 499 --tid -o wall.folded -- "$WL" 3 >wall.out 2>summary &&
	test "$(head -1 wall.folded)" = "# countname: us" &&
	test_grep "^oc-sleep-[0-9/]+;.*;sleeper;sleep_wait;.*;schedule;\[off-cpu\] " wall.folded &&
	test_grep "^oc-sleep-[0-9/]+;.*;sleeper;work [0-9]+$" wall.folded
'

test_expect_success '--wall: each thread on and off the CPU adds up to its lifetime, within 5%' '
	awk "
		FNR == 1 { file++ }
		file == 1 && \$1 == \"thread\" { life[\$3] = \$4 }
		file == 2 && !/^#/ { r = \$0; sub(/;.*/, \"\", r); sub(/.*\\//, \"\", r); got[r] += \$NF / 1e6 }
		END {
			for (t in life) {
				d = got[t] - life[t]; if (d < 0) d = -d
				printf \"%s: %.3fs of %.3fs\\n\", t, got[t], life[t]
				if (d > 0.05 * life[t]) bad++; n++
			}
			exit !(n == 6 && bad == 0)
		}
	" wall.out wall.folded
'

test_expect_success 'hr-flame takes the unit from the header' '
	hr-flame wall.folded >wall.svg &&
	test_grep "[0-9] us" wall.svg
'

test_expect_success 'bad off-CPU options exit 2 with a clear message' '
	test_expect_code 2 hr-sample --off-cpu --min-block soon -- true 2>err &&
	test_grep "min-block: expected a duration such as 10us or 5ms, got .soon." err &&
	test_expect_code 2 hr-sample --off-cpu --max-block 0 -- true 2>err &&
	test_grep "max-block: expected a duration" err &&
	test_expect_code 2 hr-sample --min-block 1ms -- true 2>err &&
	test_grep "apply to --off-cpu and --wall" err &&
	test_expect_code 2 hr-sample --off-cpu --min-block 2s --max-block 1s -- true 2>err &&
	test_grep "min-block is longer than --max-block" err &&
	test_expect_code 2 hr-sample --off-cpu -e cycles -- true 2>err &&
	test_grep "off-cpu takes no -e" err &&
	test_expect_code 2 hr-sample --wall -e page-faults -- true 2>err &&
	test_grep "wall weighs samples by time" err
'
test_done
