#!/bin/bash
# hr-usl on its input: blanks or commas, a header, comments; bad, truncated,
# binary and enormous input named by file and line with exit 2.
. "$(dirname "$0")/../lib.sh"

expect_bad() {
	local f=$1 line=$2 pat=$3
	test_expect_code 2 hr-usl "$f" >out 2>err &&
	test_grep "^hr-usl: $f:$line: $pat" err &&
	! test -s out
}

test_expect_success 'blanks, commas, a header line and comments give the same fit' '
	printf "# a load test\n1 64.9\n18 995.9\n36 1652.4\n72 1853.2\n" >ws.txt &&
	printf "users,rps\n1,64.9\n18, 995.9\n# comment\n36,1652.4\n\n72,1853.2\n" >c.csv &&
	hr-usl --json ws.txt >ws.json && hr-usl --json c.csv >c.json &&
	test_cmp ws.json c.json &&
	hr-usl --json <ws.txt >stdin.json && test_cmp ws.json stdin.json
'

test_expect_success 'garbage, a zero or negative level, a negative throughput' '
	printf "1 10\n2 abc\n" >g.txt && expect_bad g.txt 2 "expected a throughput of 0 or more, got .abc.$" &&
	printf "1 10\n0 5\n" >z.txt && expect_bad z.txt 2 "expected a concurrency above 0, got .0.$" &&
	printf "1 10\n2 -5\n" >n.txt && expect_bad n.txt 2 "expected a throughput of 0 or more" &&
	printf "1 10\nnan 5\n" >nan.txt && expect_bad nan.txt 2 "expected a concurrency"
'

test_expect_success 'a truncated line, too many fields, a bad latency column' '
	printf "1 10\n2 19\n4" >t.txt && expect_bad t.txt 3 "expected .CONCURRENCY THROUGHPUT., got one field$" &&
	printf "1 10 5ms 7\n" >m.txt && expect_bad m.txt 1 "expected at most 3 fields" &&
	printf "1 10 fast\n" >l.txt && expect_bad l.txt 1 "expected a latency \(0.25, 250ms\), got .fast.$"
'

test_expect_success 'binary input' '
	printf "1 10\n2 1\0009\n" >nul.txt && expect_bad nul.txt 2 "unexpected NUL byte" &&
	head -c 32768 /dev/urandom >r.bin &&
	test_expect_code 2 hr-usl r.bin 2>err && test_grep "^hr-usl: r.bin(:[0-9]+)?: " err
'

test_expect_success 'enormous input: a 10 MB field, 50000 levels' '
	awk "BEGIN { printf \"1 \"; for (i = 0; i < 1000000; i++) printf \"9876543210\"; print \"\" }" >huge.txt &&
	expect_bad huge.txt 1 "expected a throughput of 0 or more, got .9876543210987654321098765432109876543210\.\.\..$" &&
	awk "BEGIN { for (n = 1; n <= 50000; n++) printf \"%d %.10g\n\", n, 3*n/(1+0.01*(n-1)+1e-6*n*(n-1)) }" >many.txt &&
	hr-usl --json many.txt >many.json &&
	grep -q "\"points\":50000," many.json &&
	test "$(awk -v v="$(sed -E "s/.*\"sigma\":([^,]*).*/\1/" many.json)" "BEGIN { printf \"%.3g\", v }")" = 0.01
'

test_expect_success 'a missing file, two files, bad options' '
	test_expect_code 2 hr-usl nope.txt 2>e1 &&
	test_grep "^hr-usl: cannot open .nope.txt.: No such file or directory$" e1 &&
	test_expect_code 2 hr-usl a b 2>e2 && test_grep "one input file at most" e2 &&
	test_expect_code 2 hr-usl --predict 0 ws.txt 2>e3 && test_grep "bad concurrency .0." e3 &&
	test_expect_code 2 hr-usl --predict 4,x ws.txt 2>e4 && test_grep "bad concurrency .x." e4 &&
	test_expect_code 2 hr-usl --max-latency -1s ws.txt 2>e5 && test_grep "^hr-usl: --max-latency: expected a duration" e5 &&
	test_grep "Try .hr-usl --help." e5 &&
	test_expect_code 2 hr-usl --max-latency 0 ws.txt 2>e7 && test_grep "expected a duration above 0" e7 &&
	test_expect_code 2 hr-usl --svg /nonexistent-dir/x.svg ws.txt >/dev/null 2>e6 &&
	test_grep "^hr-usl: .*nonexistent-dir/x.svg" e6
'
test_done
