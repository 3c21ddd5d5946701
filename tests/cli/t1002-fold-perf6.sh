#!/bin/bash
# Current perf (6.x) output folds as stackcollapse-perf.pl folds it: periods,
# +0x offsets, pid/tid, kernel frames, (inlined) frames of DWARF unwinding,
# C++ template names with blanks, several threads, -F +srcline.
. "$(dirname "$0")/../lib.sh"

cap=$DATA/fold/capture

test_expect_success 'frame-pointer and DWARF captures fold as the script folds them' '
	for f in perf6-fp perf6-dwarf; do
		for o in none tid kernel; do
			a=; test $o = none || a=--$o
			hr-fold $a "$cap"/$f.txt >full 2>err &&
			sed "/^# countname: /d" full >out &&
			test_cmp "$cap"/$f-$o.folded out &&
			! test -s err || return 1
		done
	done
'

test_expect_success 'periods are summed: each stack counts 1001001 ns per cpu-clock sample' '
	hr-fold "$cap"/perf6-fp.txt >periods &&
	head -1 periods >first && echo "# countname: ns" >want && test_cmp want first &&
	hr-fold --samples "$cap"/perf6-fp.txt >samples &&
	test "$(awk "{ s += \$NF } END { print s }" samples)" = "$(grep -c cpu-clock: "$cap"/perf6-fp.txt)" &&
	test "$(awk "{ s += \$NF } END { print s }" periods)" = "$(( $(grep -c cpu-clock: "$cap"/perf6-fp.txt) * 1001001 ))"
'

test_expect_success 'three threads of one process under --tid; templates keep their blanks' '
	hr-fold --tid "$cap"/perf6-dwarf.txt >out &&
	test "$(grep -v "^#" out | cut -d";" -f1 | sort -u | wc -l)" = 3 &&
	grep -q "^hr-fold-workloa-22537/22537;_start;__libc_start_main_impl;__libc_start_call_main;main;syscalls;__GI_getppid;entry_SYSCALL_64_after_hwframe;do_syscall_64;__x64_sys_getppid;__task_pid_nr_ns " out &&
	grep -q ";worker;spin_double;shapes::Accumulator<double>::operator;shapes::Accumulator<double>::mix " out &&
	grep -q ";main;spin_long;shapes::Accumulator<unsigned long>::operator" out
'

test_expect_success '--kernel marks the kernel frames only' '
	hr-fold --kernel "$cap"/perf6-dwarf.txt >out &&
	grep -q ";__GI_getppid;entry_SYSCALL_64_after_hwframe_\[k\];do_syscall_64_\[k\]" out &&
	! grep -q "main_\[k\]" out
'

test_expect_success '--srcline appends the source line of each frame' '
	hr-fold --srcline "$cap"/perf6-srcline.txt >full 2>err &&
	sed "/^# countname: /d" full >out &&
	test_cmp "$cap"/perf6-srcline-srcline.folded out &&
	grep -q "^hr-fold-workloa;__libc_start_call_main:libc-start.c:74;main:workload.cc:66;shapes::Accumulator<unsigned long>::operator:workload.cc:" out
'

test_done
