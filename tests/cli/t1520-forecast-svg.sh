#!/bin/bash
# hr-forecast --svg: the chart holds what a reader looks for, and renders in a
# browser with every label inside the picture.
. "$(dirname "$0")/../lib.sh"
. "$TEST_ROOT/browser.sh"

disk=$DATA/forecast/disk-usage.tsv

test_expect_success 'the chart: history, fit, forecast, bands, threshold and crossing' '
	test_expect_code 1 hr-forecast -q -H 90d -t 350G -l 80 -l 95 --svg chart.svg "$disk" >/dev/null &&
	{ xmllint --noout chart.svg 2>/dev/null ||
	  python3 -c "import xml.dom.minidom,sys; xml.dom.minidom.parse(\"chart.svg\")"; } &&
	for c in history fit forecast band threshold crossing crossing-mark changepoint now; do
		test_grep "class=\"$c\"" chart.svg || return 1
	done &&
	test $(grep -c "class=\"band\"" chart.svg) = 2 &&
	test_grep ">threshold 350G<" chart.svg &&
	test_grep ">crosses 2026-05-2[0-9]T" chart.svg &&
	test_grep ">time \(UTC\)<" chart.svg &&
	test_grep ">2026-02-01<" chart.svg &&
	test_grep ">300G<" chart.svg &&
	test_grep ">95% interval<" chart.svg && test_grep ">80% interval<" chart.svg
'

test_expect_success 'several series: one panel each' '
	awk "BEGIN { for (i = 0; i < 300; i++) { printf \"%d\ta\t%g\n\", 1767225600 + 3600 * i, i; printf \"%d\tb\t%g\n\", 1767225600 + 3600 * i, 300 - i } }" >two.tsv &&
	hr-forecast -q -H 50 --svg two.svg two.tsv >/dev/null &&
	test $(grep -c "class=\"forecast\"" two.svg) = 2 &&
	test_grep "height=\"800\"" two.svg
'

test_expect_success 'a year of minutes draws a small file (one column per pixel)' '
	awk "BEGIN { for (i = 0; i < 200000; i++) printf \"%d\t%.2f\n\", 1767225600 + 60 * i, 50 + 10 * sin(i / 229.18) }" >long.tsv &&
	hr-forecast -q -H 1d --svg long.svg long.tsv >/dev/null &&
	test_grep "class=\"history-range\"" long.svg &&
	test $(wc -c <long.svg) -lt 200000
'

if browser_ensure; then
	test_set_prereq BROWSER
else
	say "no browser: $missing_reason"
fi

test_expect_success BROWSER 'in Chromium: every label inside the chart, the crossing marked on the threshold' '
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
		var th = document.querySelector(".threshold").getBoundingClientRect();
		var mk = document.querySelector(".crossing-mark").getBoundingClientRect();
		var onLine = Math.abs((mk.top + mk.bottom) / 2 - th.top) < 3;
		var fc = document.querySelector(".forecast").getBoundingClientRect();
		var hist = document.querySelector(".history").getBoundingClientRect();
		var order = hist.left < fc.left && fc.right <= box.right;
		var p = document.createElement("pre");
		p.id = "result";
		p.textContent = "labels:" + document.querySelectorAll("svg text").length +
			" outside:" + bad.length + " [" + bad.join("|") + "] crossing-on-threshold:" + onLine +
			" history-before-forecast:" + order;
		document.body.appendChild(p);
		</script></body></html>
		HTML
	} >page.html &&
	browser_dump_dom "file://$PWD/page.html" >dom.html &&
	test_grep "outside:0 \[\] crossing-on-threshold:true history-before-forecast:true" dom.html &&
	browser_screenshot chart.svg shot.png 960x400 &&
	test $(wc -c <shot.png) -gt 20000
'
test_done
