#!/bin/bash
# hr-fold gives stackcollapse-perf.pl's results on FlameGraph's own corpus:
# 13 captures of perf 2014-2016 under each of the script's options.
. "$(dirname "$0")/../lib.sh"

corpus=$DATA/fold/flamegraph

test_expect_success 'the corpus is complete (13 captures, 91 expected files)' '
	test $(ls "$corpus"/*.txt | wc -l) = 13 &&
	test $(ls "$corpus"/expected/*-collapsed-*.txt | wc -l) = 91
'

test_expect_success 'every capture folds as stackcollapse-perf.pl folds it, under every option' '
	failed= &&
	for f in "$corpus"/*.txt; do
		b=$(basename "$f" .txt)
		for o in none pid tid kernel jit all addrs; do
			a=; test $o = none || a=--$o
			hr-fold $a "$f" >full 2>err || { failed="$failed $b($o):exit"; continue; }
			sed "/^# countname: /d" full >out
			cmp -s "$corpus/expected/$b-collapsed-$o.txt" out ||
				{ failed="$failed $b($o)"; diff -u "$corpus/expected/$b-collapsed-$o.txt" out | head -20 >&2; }
		done
	done &&
	{ test -z "$failed" || { echo "differs:$failed" >&2; false; }; }
'

test_expect_success '--annotate, as hr-sample spells it, marks kernel frames as --kernel does' '
	hr-fold --annotate "$corpus"/perf-dd-stacks-01.txt | sed "/^# countname: /d" >out &&
	test_cmp "$corpus"/expected/perf-dd-stacks-01-collapsed-kernel.txt out &&
	test_grep "_\[k\] [0-9]*$" out &&
	hr-fold --kernel "$corpus"/perf-dd-stacks-01.txt 2>err | sed "/^# countname: /d" >old &&
	test_cmp out old &&
	! grep -q deprecated err
'

test_expect_success 'a capture with two events folds only the first and says so' '
	hr-fold "$corpus"/perf-cycles-instructions-01.txt >out 2>err &&
	test_grep "first event seen, .instructions." err &&
	test_grep "111 samples of other events such as .cycles." err
'

test_expect_success '--event-filter picks the other event' '
	hr-fold --event-filter=cycles "$corpus"/perf-cycles-instructions-01.txt >out 2>err &&
	! test_cmp "$corpus"/expected/perf-cycles-instructions-01-collapsed-none.txt out 2>/dev/null &&
	test -s out && ! test -s err
'

test_expect_success '--event-filter with an absent event is an error naming what is there' '
	test_expect_code 2 hr-fold --event-filter=branch-misses "$corpus"/perf-cycles-instructions-01.txt >out 2>err &&
	test_grep "no samples of event .branch-misses." err &&
	test_grep "instructions" err
'

test_expect_success 'standard input and a file give the same result' '
	hr-fold <"$corpus"/perf-java-stacks-01.txt | sed "/^# countname: /d" >stdin.out &&
	hr-fold - <"$corpus"/perf-java-stacks-01.txt | sed "/^# countname: /d" >dash.out &&
	test_cmp "$corpus"/expected/perf-java-stacks-01-collapsed-none.txt stdin.out &&
	test_cmp stdin.out dash.out
'

test_expect_success '-o writes the result to a file' '
	hr-fold -o folded.out "$corpus"/perf-dd-stacks-01.txt >stdout.out &&
	! test -s stdout.out &&
	sed "/^# countname: /d" folded.out >body &&
	test_cmp "$corpus"/expected/perf-dd-stacks-01-collapsed-none.txt body
'

test_done
