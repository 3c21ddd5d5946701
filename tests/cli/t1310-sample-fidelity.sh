#!/bin/bash
# tests/run: alone (its checks depend on CPU time and timing)
# hr-sample against a workload with a known call tree (tests/workloads/
# sample-workload.c, built without frame pointers): complete stacks, the
# designed split between its phases, and the same leaf functions as
# perf record --call-graph dwarf + perf script.
. "$(dirname "$0")/../lib.sh"

WL=$SRC_ROOT/build/tests/sample-workload
if ! hr-sample -q -d 100ms -- true >/dev/null 2>probe.err; then
	skip_all_reason=$(cat probe.err)
	echo "1..0 # SKIP perf_event_open refused: $skip_all_reason"
	exit 0
fi

test_expect_success 'sample the workload for three seconds' '
	hr-sample -F 997 --annotate -o wl.folded -- "$WL" 3 2>summary &&
	test -s wl.folded &&
	test_grep "samples in" summary
'

# Shares of the samples whose root is the workload's threads.
test_expect_success 'at least 95% of the samples carry the whole stack' '
	awk "
		{ n = \$NF; total += n }
		/^sample-workload;_start;__libc_start_main;__libc_start_call_main;main;run_phases;phase_(sort|hash);/ { good += n }
		/^wl-worker;(__)?clone3?;start_thread;worker_main;spin_work;spin_leaf/ { good += n }
		END { printf \"%d of %d complete\\n\", good, total; exit !(total > 100 && good >= 0.95 * total) }
	" wl.folded
'

test_expect_success 'the qsort comparator is reached through libc' '
	test_grep ";phase_sort;qsort_r;msort_with_tmp[^;]*;(.*;)?compare_ints( |;)" wl.folded
'

test_expect_success 'the worker thread has its own name as the root' '
	test_grep "^wl-worker;" wl.folded
'

test_expect_success 'the phases split 30/70 as designed, within 5 points' '
	awk "
		/;run_phases;phase_sort/ { s += \$NF }
		/;run_phases;phase_hash/ { h += \$NF }
		END { p = 100 * s / (s + h); printf \"phase_sort %.1f%%\\n\", p; exit !(p >= 25 && p <= 35) }
	" wl.folded
'

test_expect_success 'the output is sorted and every count is a positive integer' '
	LC_ALL=C sort -c wl.folded &&
	! grep -v -E "^[^ ].* [1-9][0-9]*$" wl.folded
'

test_expect_success 'a deep stack unwinds completely with the default stack size' '
	hr-sample -F 499 -o deep.folded -- "$WL" 1 60 2>summary &&
	grep "^sample-workload;" deep.folded >main.folded &&
	grep -E "^sample-workload;_start;.*;main;(deep;){61}run_phases;" main.folded >good.folded &&
	total=$(awk "{ s += \$NF } END { print s + 0 }" main.folded) &&
	good=$(awk "{ s += \$NF } END { print s + 0 }" good.folded) &&
	echo "$good of $total" &&
	test "$total" -ge 10 && test $((good * 100)) -ge $((total * 90))
'

test_expect_success 'a short stack copy is reported as such' '
	hr-sample -F 199 --stack-size 2048 -o short.folded -- "$WL" 1 60 2>summary &&
	test_grep "stack copy too short: [0-9]+" summary &&
	! grep -q ";main;(deep;){61}" short.folded
'

test_expect_success 'frame-pointer chains with --call-graph fp' '
	hr-sample -F 499 --call-graph fp -o fp.folded -- "$WL"-fp 1 2>summary &&
	test_grep "^sample-workload;.*main;run_phases;(phase_hash;)?hash_block" fp.folded &&
	test_grep "^wl-worker;.*worker_main;(spin_work;)?spin_leaf" fp.folded
'

test_expect_success '--inline shows the inlined helper' '
	hr-sample -F 499 --inline -o inline.folded -- "$WL" 1 &&
	test_grep ";(phase_hash;hash_block;mix|phase_(sort|hash);thread_cpu_ms)_\[i\]" inline.folded &&
	! grep -E ";(run_phases|phase_hash|phase_sort|spin_work|spin_leaf)_\[i\]" inline.folded
'

# Leaf shares, within each thread (how the scheduler shares the CPU between
# the two threads differs from run to run): hr-sample against perf record
# --call-graph dwarf + perf script + hr-fold (or a leaf-only fold when
# hr-fold is not built), sampled the same way. The leaf is the deepest user
# frame: kernel frames (marked _[k]) differ with the hypervisor and with
# how each tool's sampling interrupt lands, not with the workload.
leaf_shares() {
	awk '{ n = $NF; sub(/ [0-9]+$/, ""); k = split($0, f, ";");
		while (k > 1 && f[k] ~ /_\[k\]$/) k--
		c[f[1] ":" f[k]] += n; t[f[1]] += n }
		END { for (x in c) { split(x, p, ":"); printf "%s %.2f\n", x, 100 * c[x] / t[p[1]] } }' "$1" | sort
}
test_expect_success PERF 'leaf shares agree with perf record --call-graph dwarf within 5 points' '
	perf record -q -F 997 --call-graph dwarf -o perf.data -- "$WL" 3 >/dev/null 2>&1 &&
	if test -x "$SRC_ROOT/bin/hr-fold"; then
		perf script -i perf.data --no-inline 2>/dev/null | hr-fold --samples --kernel >perf.folded
	else
		perf script -i perf.data --no-inline -F comm,ip,sym,dso 2>/dev/null >perf.txt &&
		awk "
			/^[^ \\t]/ { comm = \$1; want = 1; next }
			want && NF >= 2 && !/kernel\\.kallsyms/ { leaf = \$2; sub(/\\+0x[0-9a-f]+\$/, \"\", leaf); print comm \";\" leaf \" 1\"; want = 0 }
		" perf.txt >perf.folded
	fi &&
	leaf_shares perf.folded >perf.shares &&
	leaf_shares wl.folded >hr.shares &&
	join -a1 -a2 -e 0 -o 0,1.2,2.2 perf.shares hr.shares >joined &&
	cat joined &&
	test_grep "^sample-workload:hash_block " joined &&
	test_grep "^wl-worker:spin_leaf " joined &&
	awk "{ d = \$2 - \$3; if (d < 0) d = -d; if ((\$2 >= 3 || \$3 >= 3) && d > 5) { print \"differs: \" \$0; bad = 1 } }
		END { exit bad }" joined
'
test_done
