#!/bin/bash
# hr-latency over time: --window's series TSV (which hr-forecast reads), the
# --svg chart with its stages, and --expected-interval's correction of
# coordinated omission as HdrHistogram's recordValueWithExpectedInterval.
. "$(dirname "$0")/../lib.sh"
. "$TEST_ROOT/browser.sh"

test_expect_success 'setup: a JMeter run at 100 req/s and a stepped one (2 then 8 threads)' '
	latency-gen jtl 3000 5 rate=100 >run.jtl &&
	latency-gen jtl 1 1 usl=100:0.05:0.001 stages=2,8 stage=20 >stepped.jtl
'

test_expect_success '--window 10s: requests, errors, throughput, percentiles, concurrency per window' '
	hr-latency -q --window 10s run.jtl >w.tsv &&
	test $(grep -c "	latency.requests	1000$" w.tsv) = 3 &&
	test $(grep -c "	latency.throughput_per_second	100$" w.tsv) = 3 &&
	for s in errors p50_seconds p90_seconds p95_seconds p99_seconds max_seconds; do
		test $(grep -c "	latency.$s	" w.tsv) = 3 || exit 1
	done &&
	grep -q "^1796000010	load.concurrency	10$" w.tsv &&
	awk -F"\t" "\$2 == \"latency.p50_seconds\" && !(\$3 > 0.015 && \$3 < 0.025) { exit 1 }" w.tsv
'

test_expect_success 'the windows are series TSV: hr-forecast reads them' '
	hr-latency -q --window 10s run.jtl | hr-forecast >fc.tsv &&
	grep -q "	latency.throughput_per_second	100	" fc.tsv
'

test_expect_success 'stages come from the thread counts' '
	hr-latency -q --window 10s stepped.jtl >s.tsv &&
	grep -q "^1796000000	load.concurrency	2$" s.tsv &&
	grep -q "^1796000030	load.concurrency	8$" s.tsv
'

test_expect_success '--svg: well-formed, percentiles and throughput, one band per stage' '
	hr-latency -q --svg chart.svg stepped.jtl >report.txt &&
	grep -q "^count" report.txt &&
	xmllint --noout chart.svg &&
	test $(grep -c "class=\"stage\"" chart.svg) = 2 &&
	grep -q "class=\"stage-label\">N=2<" chart.svg &&
	grep -q "class=\"stage-label\">N=8<" chart.svg &&
	grep -q "class=\"p99\"" chart.svg && grep -q "class=\"throughput\"" chart.svg
'

if browser_ensure; then
	test_set_prereq BROWSER
else
	say "no browser: $missing_reason"
fi

test_expect_success BROWSER 'in Chromium: every label inside the chart, p99 above p50' '
	{
		echo "<!DOCTYPE html><html><body style=\"margin:0\">"
		sed 1d chart.svg
		cat <<-\HTML
		<script>
		var svg = document.querySelector("svg"), box = svg.getBoundingClientRect(), bad = [];
		document.querySelectorAll("svg text").forEach(function (t) {
			var b = t.getBoundingClientRect();
			if (b.width === 0 || b.left < box.left - 1 || b.right > box.right + 1 ||
			    b.top < box.top - 1 || b.bottom > box.bottom + 1) bad.push(t.textContent);
		});
		var p50 = document.querySelector(".p50").getBoundingClientRect();
		var p99 = document.querySelector(".p99").getBoundingClientRect();
		var p = document.createElement("pre");
		p.id = "result";
		p.textContent = "outside:" + bad.length + " [" + bad.join("|") + "] p99-above:" +
			(p99.top < p50.top);
		document.body.appendChild(p);
		</script></body></html>
		HTML
	} >page.html &&
	browser_dump_dom "file://$PWD/page.html" >dom.html &&
	test_grep "outside:0 \[\] p99-above:true" dom.html &&
	browser_screenshot chart.svg shot.png 960x580 &&
	test $(wc -c <shot.png) -gt 20000
'

# recordValueWithExpectedInterval(100, 10) records 100, 90, 80, ..., 10.
test_expect_success '--expected-interval adds the requests a stalled generator did not send' '
	echo 100 | hr-latency -q --json --expected-interval 10ms >co.json &&
	grep -q "\"min\":10," co.json && grep -q "\"mean\":55," co.json &&
	grep -q "\"p50\":55," co.json && grep -q "\"max\":100," co.json &&
	echo 9 | hr-latency -q --json --expected-interval 10 >none.json &&
	grep -q "\"min\":9," none.json && grep -q "\"max\":9," none.json
'

test_expect_success 'bad --window and --expected-interval values are usage errors' '
	test_expect_code 2 hr-latency --window soon run.jtl 2>e2 && test_grep "window" e2 &&
	test_expect_code 2 hr-latency --expected-interval -5 run.jtl 2>e3 && test_grep "expected-interval" e3
'

test_done
