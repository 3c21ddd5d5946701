# Load-test analysis: latencies of a JMeter run judged against an SLA, and the
# Universal Scalability Law fitted to a progressive load test.
# Exit status 1 is a negative verdict (the SLA is missed): shown, not a failure.

step "hr-latency --csv -f elapsed --status-field responseCode --time-field timeStamp --apdex 300ms --sla 'p95<500ms,p99<1s,errors<0.5%' tests/data/loadtest/jmeter-results.jtl"
rc=0
hr-latency --csv -f elapsed --status-field responseCode --time-field timeStamp \
	--apdex 300ms --sla 'p95<500ms,p99<1s,errors<0.5%' \
	tests/data/loadtest/jmeter-results.jtl || rc=$?
[ "$rc" -le 1 ] || exit "$rc"

step "hr-usl --predict 150,200 --max-latency 50ms --svg $out/usl.svg tests/data/loadtest/progressive.txt"
rc=0
hr-usl --predict 150,200 --max-latency 50ms --svg "$out/usl.svg" \
	tests/data/loadtest/progressive.txt || rc=$?
[ "$rc" -le 1 ] || exit "$rc"
