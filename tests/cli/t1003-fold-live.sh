#!/bin/bash
# A perf recording made here, of a C++ workload built with debugging
# information: hr-fold reads perf.data itself, and --inline/--context recover
# the inlined functions from DWARF.
. "$(dirname "$0")/../lib.sh"

if ! command -v perf >/dev/null; then
	skip_reason="perf not installed"
elif ! command -v c++ >/dev/null; then
	skip_reason="no C++ compiler"
else
	c++ -O2 -g -fno-omit-frame-pointer -pthread -o workload "$DATA"/fold/capture/workload.cc &&
	perf record -q -e cpu-clock -F 2000 -g -o perf.data ./workload 150 >/dev/null 2>record.err ||
		skip_reason="perf record cannot sample here: $(tail -1 record.err)"
	if [ -z "$skip_reason" ] && [ ! -s perf.data ]; then skip_reason="perf record wrote nothing"; fi
fi
if [ -n "$skip_reason" ]; then
	for t in 'perf.data folds like its perf script output' '--tid on perf.data asks perf for pids' \
		'--inline recovers inlined functions' '--inline --context adds file and line'; do
		test_skip "$t" "$skip_reason"
	done
	test_done
fi

test_expect_success 'perf.data folds like its perf script output' '
	perf script -i perf.data >script.txt 2>/dev/null &&
	hr-fold script.txt >from-text &&
	hr-fold perf.data >from-data &&
	test_cmp from-text from-data &&
	grep -q "^workload;.*;main;.*shapes::Accumulator<unsigned long>::operator" from-data &&
	hr-fold <perf.data >from-stdin &&
	test_cmp from-text from-stdin
'

test_expect_success '--tid on perf.data asks perf for pids' '
	hr-fold --tid perf.data >tid.out &&
	pid=$(cut -d";" -f1 tid.out | sed -n "s/^workload-\([0-9]*\)\/.*/\1/p" | sort -u) &&
	test -n "$pid" &&
	test "$(cut -d";" -f1 tid.out | sort -u | wc -l)" -ge 2 &&
	grep -q "^workload-$pid/$pid;" tid.out
'

test_expect_success '--inline recovers inlined functions' '
	hr-fold --inline script.txt >inline.out &&
	grep -q ";shapes::Accumulator<unsigned long>::operator()(unsigned int);shapes::Accumulator<unsigned long>::mix(unsigned long) const " inline.out &&
	! grep -q "::mix" from-text &&
	grep -q "^workload;start_thread;worker(void\*);shapes::Accumulator<double>::operator()(unsigned int);shapes::Accumulator<double>::mix(double) const " inline.out
'

test_expect_success '--inline --context adds file and line' '
	hr-fold --inline --context script.txt >context.out &&
	grep -q ";shapes::Accumulator<unsigned long>::operator()(unsigned int):workload.cc:[0-9]*;shapes::Accumulator<unsigned long>::mix(unsigned long) const:workload.cc:16 " context.out
'

test_done
