#!/bin/bash
# hr-latency --apdex and --sla: scores, verdicts and exit statuses.
. "$(dirname "$0")/../lib.sh"

# Ten latencies (ms) 10..100 and, in with-errors.txt, two failed requests.
seq 10 10 100 >ten.txt
{ sed 's/^/200 /' ten.txt; echo "500 3"; echo "503 2"; } >with-errors.txt

test_expect_success 'Apdex: satisfied <= T, tolerating <= 4T, errors frustrated' '
	printf "200 50\n200 100\n200 150\n200 400\n200 401\n200 1000\n500 20\n" >ap.txt &&
	hr-latency --status-field 1 -f 2 --apdex 100 --json ap.txt >ap.json &&
	grep -q "\"apdex\":0.428571428571429," ap.json &&
	hr-latency --status-field 1 -f 2 --apdex 0.1s ap.txt >ap.out &&
	test_grep "^apdex +0\.429 +T=100 ms: 2 satisfied, 2 tolerating, 3 frustrated$" ap.out
'

test_expect_success 'Apdex in --hdr mode is the same' '
	hr-latency --hdr --status-field 1 -f 2 --apdex 100ms --json ap.txt >aph.json &&
	grep -q "\"apdex\":0.428571428571429," aph.json
'

test_expect_success 'Apdex target in the input unit with --unit s' '
	printf "0.05\n0.2\n0.9\n" | hr-latency --unit s --apdex 0.1 --json >aps.json &&
	grep -q "\"apdex\":0.5," aps.json &&
	printf "0.05\n0.2\n0.9\n" | hr-latency --unit s --apdex 100ms --json >aps2.json &&
	grep -q "\"apdex\":0.5," aps2.json
'

test_expect_success 'an SLA that holds: every clause passes, exit 0' '
	hr-latency --sla "p95<100ms, p50<=55, max<0.2s, mean<60ms" ten.txt >ok.out &&
	test_grep "^  p95<100ms +pass +95\.500 ms$" ok.out &&
	test_grep "^  p50<=55 +pass +55\.000 ms$" ok.out &&
	test_grep "^  max<0.2s +pass" ok.out &&
	test_grep "^SLA met$" ok.out
'

test_expect_success 'an SLA that is missed: the failing clause is named, exit 1' '
	test_expect_code 1 hr-latency --sla "p95<500ms,p99<90,errors<0.1%" -f 2 \
		--status-field 1 with-errors.txt >miss.out &&
	test_grep "^  p95<500ms +pass" miss.out &&
	test_grep "^  p99<90 +FAIL +99\.100 ms$" miss.out &&
	test_grep "^  errors<0\.1% +FAIL +16\.7%$" miss.out &&
	test_grep "^SLA missed$" miss.out
'

test_expect_success 'error count, error rate, apdex, throughput and p999 clauses' '
	hr-latency -f 2 --status-field 1 --sla "errors<3,error_rate<20%,p999<100" with-errors.txt >c.out &&
	test_expect_code 1 hr-latency -f 2 --status-field 1 --sla "errors<=1" with-errors.txt >c2.out &&
	test_grep "^  errors<=1 +FAIL +2$" c2.out &&
	hr-latency --apdex 50ms --sla "apdex>=0.75" ten.txt >c3.out &&
	test_expect_code 1 hr-latency --apdex 50ms --sla "apdex>0.75" ten.txt >c4.out &&
	printf "1 5\n2 6\n3 7\n" | hr-latency --time-field 1 -f 2 --sla "throughput>0.9" >c5.out &&
	test_grep "^  throughput>0.9 +pass +1\.0000/s$" c5.out
'

test_expect_success 'a percentile missing from the table (p98) is computed for the clause' '
	test_expect_code 1 hr-latency --sla "p98<98" ten.txt >p98.out &&
	test_grep "^  p98<98 +FAIL +98\.200 ms$" p98.out
'

test_expect_success '--json carries each verdict' '
	test_expect_code 1 hr-latency --json --sla "p50<1s,p99<90" ten.txt >v.json &&
	grep -q "\"sla\":\[{\"clause\":\"p50<1s\",\"measured\":55,\"pass\":true},{\"clause\":\"p99<90\",\"measured\":99.1,\"pass\":false}\],\"sla_pass\":false}" v.json
'

test_expect_success 'a latency clause without any latency fails (no data)' '
	test_expect_code 1 hr-latency --sla "p95<1s" </dev/null >nodata.out &&
	test_grep "FAIL +no data" nodata.out
'

test_expect_success 'a malformed SLA or Apdex target is bad usage, exit 2' '
	test_expect_code 2 hr-latency --sla "p95=5" ten.txt 2>e1 &&
	test_grep "no < or >" e1 && test_grep "Try .hr-latency --help." e1 &&
	test_expect_code 2 hr-latency --sla "p95<fast" ten.txt 2>e2 &&
	test_grep "bad limit .fast." e2 &&
	test_expect_code 2 hr-latency --sla "latency<5" ten.txt 2>e3 &&
	test_grep "unknown SLA metric .latency." e3 &&
	test_expect_code 2 hr-latency --sla "p101<5" ten.txt 2>e4 &&
	test_expect_code 2 hr-latency --sla "," ten.txt 2>e5 &&
	test_expect_code 2 hr-latency --apdex -5 ten.txt 2>e6 &&
	test_expect_code 2 hr-latency --apdex soon ten.txt 2>e7 &&
	test_grep "bad Apdex target" e7
'
test_done
