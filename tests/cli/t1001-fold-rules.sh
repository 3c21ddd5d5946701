#!/bin/bash
# Each folding rule of stackcollapse-perf.pl on a hand-made capture (expected
# files made by the script itself), --samples, and bad input.
. "$(dirname "$0")/../lib.sh"

edge=$DATA/fold/edge

test_expect_success 'every rule folds as stackcollapse-perf.pl does, under every option' '
	for o in none pid tid kernel jit all addrs; do
		a=; test $o = none || a=--$o
		hr-fold $a "$edge"/edge.txt >full.$o 2>err.$o &&
		sed "/^# countname: /d" full.$o >out.$o &&
		test_cmp "$edge"/edge-$o.folded out.$o || return 1
	done
'

test_expect_success 'summed periods of cycles are named so in a first comment line' '
	head -1 full.none >first && echo "# countname: cycles" >want && test_cmp want first &&
	test $(grep -c "^#" full.none) = 1 &&
	hr-fold --samples "$edge"/edge.txt >samples 2>/dev/null && ! grep -q "^#" samples
'

test_expect_success 'process names keep their spaces as underscores, with pid and tid' '
	grep -q "^V8_WorkerThread-24636/25607;" out.tid &&
	grep -q "^swapper-?/0;" out.tid &&
	grep -q "^kworker/0:1-?;" out.pid
'

test_expect_success 'tidying: offsets, arguments, quotes, semicolons, Java L, Go methods' '
	grep -q ";v8::internal::Heap::Scavenge;native_safe_halt 100$" out.none &&
	grep -q ";RegExp:\[&<>\];" out.none &&
	grep -q ";odd:name ;" out.none &&
	grep -q "^java;.*;org/mozilla/javascript/MemberBox:.<init>;java/io/PrintStream:::print 235$" out.none &&
	grep -q ";net/http.(\*Client).Do;" out.none
'

test_expect_success 'inline chains split into frames marked _[i]; unknown frames name their module' '
	grep -q ";outer;inner_\[i\];leaf_\[i\];" out.none &&
	grep -q ";\[unknown\];\[perf\];" out.none &&
	grep -q ";\[unknown <7fffb84c9afc>\];\[perf <415ad5>\];" out.addrs
'

test_expect_success 'periods are summed; samples of the same stack merge' '
	grep -q "^kworker/0:1;worker_thread 12$" out.none &&
	grep -q "^swapper;start_kernel;native_safe_halt 1$" out.none
'

test_expect_success '--samples counts samples instead of periods' '
	hr-fold --samples "$edge"/edge.txt >out 2>/dev/null &&
	grep -q "^kworker/0:1;worker_thread 2$" out &&
	grep -q "^java;.* 1$" out &&
	! grep -q " 100$" out
'

test_expect_success 'an unrecognised line is skipped with a warning naming file and line' '
	grep -q "skipped 1 line that is neither a sample header nor a stack frame (.*edge.txt:27)" err.none
'

test_expect_success 'many unrecognised lines: counted, the first five named' '
	{ echo "perf 1 [000] 1.0: 1 cycles:"; for i in 1 2 3 4 5 6 7; do echo "junk $i"; done;
	  echo "	ffff f (m)"; } >junk.txt &&
	hr-fold junk.txt >out 2>err &&
	echo "perf;f 1" >expect && test_cmp expect out &&
	test_grep "skipped 7 lines .*junk.txt:2, 3, 4, 5, 6, \.\.\.\)" err
'

test_expect_success 'empty input is an error saying what was expected' '
	: >empty.txt &&
	test_expect_code 2 hr-fold empty.txt >out 2>err &&
	test_grep "no samples found; expected the output of .perf script." err &&
	! test -s out
'

test_expect_success 'text that is not perf output is an error, exit 2' '
	printf "hello world\nfoo;bar 12\n" >folded.txt &&
	test_expect_code 2 hr-fold folded.txt >out 2>err &&
	test_grep "no samples found" err &&
	test_grep "skipped 2 lines" err
'

test_expect_success 'binary input is an error naming the file, exit 2' '
	head -c 3000 /bin/sh >binary &&
	test_expect_code 2 hr-fold binary >out 2>err &&
	test_grep "hr-fold: .binary. is binary data; expected the text output of .perf script." err
'

test_expect_success 'a missing file is an error naming it, exit 2' '
	test_expect_code 2 hr-fold no-such-file 2>err &&
	test_grep "cannot open .no-such-file.: No such file" err
'

test_expect_success 'truncated input folds what is complete, and the cut stack too' '
	head -c 300 "$edge"/edge.txt >cut.txt &&
	hr-fold cut.txt >out 2>err &&
	test_grep "^V8_WorkerThread;" out
'

test_expect_success 'an enormous line and an enormous stack are no trouble' '
	{ echo "perf 1 [000] 1.0: 1 cycles:";
	  printf "\tffff "; head -c 3000000 /dev/zero | tr "\0" x; echo " (m)";
	  for i in $(seq 20000); do echo "	ffff f$i (m)"; done; echo; } >big.txt &&
	hr-fold big.txt >out &&
	test $(wc -l <out) = 1 &&
	test $(wc -c <out) -gt 3100000
'

test_expect_success 'lines ending in CR LF fold like lines ending in LF' '
	sed "s/\$/\r/" "$edge"/edge.txt >crlf.txt &&
	hr-fold crlf.txt 2>/dev/null | sed "/^# countname: /d" >out &&
	test_cmp "$edge"/edge-none.folded out
'

test_expect_success 'several files fold into one profile' '
	hr-fold "$edge"/edge.txt "$edge"/edge.txt >out 2>/dev/null &&
	grep -q "^kworker/0:1;worker_thread 24$" out
'

test_expect_success '--context without --inline is a usage error' '
	test_expect_code 2 hr-fold --context "$edge"/edge.txt >out 2>err &&
	test_grep "Try .hr-fold --help." err
'

test_expect_success 'samples without frames fold with a warning' '
	printf "app 1 [000] 1.0: 5 cpu-clock:\n\napp 1 [000] 1.1: 5 cpu-clock:\n\n" >bare.txt &&
	hr-fold bare.txt >out 2>err &&
	printf "# countname: ns\napp 10\n" >expect && test_cmp expect out &&
	test_grep "no stack frames: record call graphs with .perf record -g." err
'

test_expect_success 'a frame line repeated in java and other processes is tidied for each' '
	for c in java node java node; do
		printf "%s 1 [000] 1.0: 1 cycles:\n\t7f1 Lorg/x/Y;.m(I)V (/tmp/perf-1.map)\n\n" $c
	done >repeat.txt &&
	hr-fold repeat.txt >out &&
	printf "java;org/x/Y:.m 2\nnode;Lorg/x/Y:.m 2\n" >expect &&
	test_cmp expect out
'

test_expect_success 'a perf.data file without perf to read it is an error saying so' '
	{ printf "PERFILE2"; head -c 200 /dev/zero; } >fake.data &&
	(PATH=/nonexistent && export PATH && test_expect_code 2 "$SRC_ROOT"/bin/hr-fold fake.data >out 2>err) &&
	test_grep "hr-fold: .fake.data. is a perf.data file, and perf cannot be run to read it" err
'

test_expect_success PERF 'a damaged perf.data file is an error naming perf script' '
	test_expect_code 2 hr-fold fake.data >out 2>err &&
	test_grep "hr-fold: .perf script -i fake.data. failed" err
'

test_done
