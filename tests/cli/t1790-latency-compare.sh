#!/bin/bash
# Known answers: --baseline flags a 15 % slower tail and stays quiet on runs
# of one distribution; ab's per-request file and wrk's report against a
# server of designed latency; hr-usl's points from a stepped test's raw results.
. "$(dirname "$0")/../lib.sh"

test_expect_success 'a tail 15 % slower is flagged; --max-regression turns it into exit 1' '
	latency-gen timed 10000 1 errors=0.01 >base.txt &&
	latency-gen timed 10000 2 errors=0.01 tail=1.15 >cand.txt &&
	test_expect_code 1 hr-latency -q -f 3 --status-field 2 --time-field 1 --format tsv \
		--baseline base.txt --max-regression "p99:+10%" cand.txt >cmp.tsv &&
	grep -q "^p95	.*	regressed$" cmp.tsv && grep -q "^p99	.*	regressed$" cmp.tsv &&
	grep -q "^p50	.*	no significant change$" cmp.tsv &&
	hr-latency -q -f 3 --status-field 2 --time-field 1 --format tsv \
		--baseline base.txt cand.txt >again.tsv &&
	test_cmp cmp.tsv again.tsv
'

test_expect_success 'the README'"'"'s bundled runs: p95 and p99 regressed, exit 1; the stepped chart' '
	L=$DATA/loadtest &&
	test_expect_code 1 hr-latency --baseline "$L/base.jtl" --max-regression "p99:+10%" "$L/cand.jtl" >r.txt &&
	grep -q "^p99  *65.480  *74.340  *+13.5%.*regressed$" r.txt &&
	grep -q "^max-regression p99:+10%  FAIL$" r.txt &&
	hr-latency --window 10s --format table --svg st.svg "$L/stepped.jtl" >st.txt &&
	test $(wc -l <st.txt) = 6 &&
	grep -q "^1796000040  *905  *10  *90.5  *318 .*  32  ms$" st.txt &&
	xmllint --noout st.svg
'

# Two runs of one distribution, 100 pairs: at most 5 may be called regressed.
test_expect_success 'false positives over 100 pairs of one distribution' '
	reg=0 changed=0 &&
	for i in $(seq 1 100); do
		latency-gen timed 10000 $((1000 + 2 * i)) errors=0.01 >a.txt &&
		latency-gen timed 10000 $((1001 + 2 * i)) errors=0.01 >b.txt &&
		hr-latency -q -f 3 --status-field 2 --time-field 1 --format tsv --baseline a.txt b.txt >p.tsv &&
		if grep -q "	regressed$" p.tsv; then reg=$((reg + 1)); fi &&
		if grep -q "	regressed$\|	improved$" p.tsv; then changed=$((changed + 1)); fi ||
		exit 1
	done &&
	say "regressed in $reg of 100 pairs, any change in $changed" &&
	echo "regressed $reg changed $changed" &&
	test $reg -le 5
'

if command -v ab >/dev/null 2>&1; then
	test_set_prereq AB
fi

test_expect_success AB 'ab -g against a server where every 10th request waits 50 ms' '
	{ latency-server port 10 50 0 120 >server.log 2>&1 & } &&
	pid=$! &&
	test_when_finished "kill $pid" &&
	for i in $(seq 50); do test -s port && break; sleep 0.1; done &&
	timeout 60 ab -q -n 2000 -c 4 -g ab.tsv -e ab.csv "http://127.0.0.1:$(cat port)/" >ab.out &&
	hr-latency -q --json ab.tsv >ab.json &&
	grep -q "\"format\":\"ab-gnuplot\"" ab.json && grep -q "\"count\":2000," ab.json &&
	p() { sed "s/.*\"$1\":\([^,]*\),.*/\1/" ab.json; } &&
	awk -v p50=$(p p50) -v p95=$(p p95) -v p99=$(p p99) \
		"BEGIN { exit !(p50 <= 5 && p95 >= 50 && p95 <= 60 && p99 >= 50 && p99 <= 100) }" &&
	slow=$(awk -F"\t" "NR > 1 && \$5 >= 50" ab.tsv | wc -l) &&
	test $slow -ge 200 && test $slow -le 260 &&
	e99=$(awk -F, "\$1 == 99 { print \$2 }" ab.csv) &&
	awk -v a=$(p p99) -v b=$e99 "BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 1.5) }"
'

if command -v wrk >/dev/null 2>&1; then
	test_set_prereq WRK
fi

# wrk corrects its latencies for coordinated omission, which moves its
# median up from the server's fast answers: the tail is what is designed,
# at least the 50 ms of the slow tenth (more on a loaded machine).
test_expect_success WRK 'wrk --latency for 2 s against the server: its report read as wrk said it' '
	{ latency-server wport 10 50 25 60 >wserver.log 2>&1 & } &&
	pid=$! &&
	test_when_finished "kill $pid" &&
	for i in $(seq 50); do test -s wport && break; sleep 0.1; done &&
	timeout 30 wrk -t1 -c4 -d2s --timeout 5s --latency "http://127.0.0.1:$(cat wport)/" >wrk.txt &&
	hr-latency -q --json wrk.txt >wrk.json &&
	grep -q "\"format\":\"wrk\"" wrk.json && grep -q "\"percentiles_from\":\"tool\"" wrk.json &&
	w() { sed "s/.*\"$1\":\([^,}]*\).*/\1/" wrk.json; } &&
	n=$(awk "/requests in/ { print \$1 }" wrk.txt) &&
	test "$(w requests)" = "$n" && test "$n" -ge 100 &&
	awk -v p50=$(w p50) -v p99=$(w p99) -v e=$(w errors) -v n=$n \
		"BEGIN { d = e - n / 25; if (d < 0) d = -d; exit !(p50 < 50 && p99 >= 50 && p99 <= 250 && d <= 8) }" &&
	p99=$(awk "\$1 == \"99%\" { print \$2 }" wrk.txt) &&
	hr-latency -q wrk.txt >wrk.out && grep -q "^p99  *${p99%ms}" wrk.out
'

test_expect_success 'hr-usl: one point per stage of a stepped JMeter run, the model recovered' '
	latency-gen jtl 1 1 usl=100:0.05:0.001 stages=1,2,4,8,16,32 stage=20 >stepped.jtl &&
	hr-usl -q --json stepped.jtl >usl.json &&
	v() { sed "s/.*\"$1\":\([^,}]*\).*/\1/" usl.json; } &&
	awk -v s=$(v sigma) -v k=$(v kappa) -v l=$(v lambda) \
		"BEGIN { exit !(s > 0.045 && s < 0.055 && k > 0.0009 && k < 0.0011 && l > 97 && l < 103) }" &&
	hr-usl stepped.jtl >usl.txt 2>/dev/null &&
	grep -q "^stages  *6 in the jtl results" usl.txt
'

test_done
