#!/bin/bash
# hr-latency on bad input: garbage, truncated, binary and enormous input get a
# message naming the file and line, and exit 2.
. "$(dirname "$0")/../lib.sh"

# expect_bad FILE LINE PATTERN [OPTIONS...]: exit 2 and "hr-latency: FILE:LINE: ..." matching.
expect_bad() {
	local f=$1 line=$2 pat=$3
	shift 3
	test_expect_code 2 hr-latency "$@" "$f" >out 2>err &&
	test_grep "^hr-latency: $f:$line: $pat" err &&
	! test -s out
}

test_expect_success 'garbage in the middle names file and line' '
	printf "12\n13\nabc\n14\n" >garbage.txt &&
	expect_bad garbage.txt 3 "expected a latency in field 1, got .abc.$"
'

test_expect_success 'a negative latency, NaN, infinity, an unknown suffix, an overflow' '
	printf "12\n-5\n" >neg.txt && expect_bad neg.txt 2 "negative latency .-5.$" &&
	printf "nan\n" >nan.txt && expect_bad nan.txt 1 "expected a latency" &&
	printf "1\ninf\n" >inf.txt && expect_bad inf.txt 2 "expected a latency" &&
	printf "12parsecs\n" >suf.txt && expect_bad suf.txt 1 ".*got .12parsecs.$" &&
	printf "1e400\n" >big.txt && expect_bad big.txt 1 ".*got .1e400.$" &&
	printf "12..5\n" >dots.txt && expect_bad dots.txt 1 ".*got .12\.\.5.$"
'

test_expect_success 'a truncated line: a field missing, a final line without newline' '
	printf "a,1,200\nb,2,200\nc,3" >trunc.csv &&
	expect_bad trunc.csv 3 "expected a status in field 3, the line has 2 fields" --input-csv -f 2 --status-field 3 &&
	printf "1\n2\n3" | hr-latency --json >last.json && grep -q "\"count\":3," last.json &&
	printf "1 2\n3\n" >short.txt && expect_bad short.txt 2 "expected a latency in field 2, the line has 1 field$" -f 2
'

test_expect_success 'a bad timestamp' '
	printf "100 5\nyesterday 6\n" >ts.txt &&
	expect_bad ts.txt 2 "expected a timestamp in field 1, got .yesterday.$" --time-field 1 -f 2
'

test_expect_success 'binary input: a NUL byte, random bytes' '
	printf "12\n1\0003\n" >nul.txt && expect_bad nul.txt 2 "unexpected NUL byte" &&
	head -c 65536 /dev/urandom >random.bin &&
	test_expect_code 2 hr-latency random.bin >out 2>err &&
	test_grep "^hr-latency: random.bin:[0-9]+: " err
'

test_expect_success 'control characters in a bad field are escaped in the message' '
	printf "1\033[31m\n" >esc.txt &&
	expect_bad esc.txt 1 ".*got .1\\\\x1b\[31m.$"
'

test_expect_success 'enormous input: a 20 MB line is reported briefly, 1.5 million lines counted' '
	awk "BEGIN { for (i = 0; i < 2000000; i++) printf \"1234567890\"; print \"\" }" >long.txt &&
	test_expect_code 2 hr-latency long.txt 2>err >/dev/null &&
	test_grep "^hr-latency: long.txt:1: expected a latency in field 1, got .1234567890123456789012345678901234567890\.\.\..$" err &&
	seq 1 1500000 >many.txt &&
	hr-latency --json many.txt >many.json &&
	grep -q "\"count\":1500000," many.json &&
	grep -q "\"p50\":750000.5," many.json &&
	hr-latency --hdr --json many.txt >manyh.json &&
	grep -q "\"count\":1500000," manyh.json
'

test_expect_success 'a missing file, a directory' '
	test_expect_code 2 hr-latency nope.txt 2>err &&
	test_grep "^hr-latency: cannot open .nope.txt.: No such file or directory$" err &&
	mkdir dir && test_expect_code 2 hr-latency dir 2>err2 &&
	test_grep "^hr-latency: cannot read .dir.: Is a directory$" err2
'

test_expect_success 'a named column that the header lacks; a header-only file' '
	printf "a,b\n1,2\n" >h.csv &&
	test_expect_code 2 hr-latency --input-csv -f latency h.csv 2>err &&
	test_grep "^hr-latency: h.csv:1: no column .latency. in the header line$" err &&
	printf "a,b\n" >only.csv && hr-latency --input-csv -f b --json only.csv >only.json &&
	grep -q "\"count\":0," only.json
'

test_expect_success 'bad options are bad usage, exit 2' '
	test_expect_code 2 hr-latency -f 0 </dev/null 2>e1 && test_grep "bad field" e1 &&
	test_expect_code 2 hr-latency --unit parsecs </dev/null 2>e2 && test_grep "unknown unit" e2 &&
	test_expect_code 2 hr-latency --ok 2xx </dev/null 2>e3 && test_grep "needs --status-field" e3 &&
	test_expect_code 2 hr-latency --error-regex "(" </dev/null 2>e4 && test_grep "bad --error-regex" e4 &&
	test_grep "Try .hr-latency --help." e4
'

test_expect_success 'seconds read as ms, and us read as ms, are pointed out once' '
	printf "%s\n" 0.012345 0.023118 0.019001 0.031234 0.008 >curl.txt &&
	hr-latency curl.txt >out 2>err &&
	test $(wc -l <err) = 1 &&
	test_grep "look like seconds read as ms.*median 0.019001 ms.*pass -u s$" err &&
	hr-latency -u s curl.txt >out 2>err && ! test -s err &&
	hr-latency -q curl.txt >out 2>err && ! test -s err &&
	printf "%s\n" 0.012345 12 0.019001 >mixed.txt &&
	hr-latency mixed.txt >out 2>err && ! test -s err &&
	printf "%s\n" 1 0 0 1 0 >whole.txt &&
	hr-latency whole.txt >out 2>err && ! test -s err &&
	printf "%s\n" 0.01ms 0.02ms 0.03ms >suffix.txt &&
	hr-latency suffix.txt >out 2>err && ! test -s err &&
	printf "%s\n" 250000 310000 290000 >us.txt &&
	hr-latency us.txt >out 2>err && test $(wc -l <err) = 1 &&
	test_grep "median latency, 290000 ms, is implausibly long.*pass -u us$" err &&
	hr-latency -u us us.txt >out 2>err && ! test -s err &&
	printf "%s\n" 0.3 0.05 0.02 >fast.txt &&
	hr-latency fast.txt >out 2>err && ! test -s err
'
test_done
