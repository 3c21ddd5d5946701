#!/bin/bash
# hr-latency --hdr: constant memory on a long stream, and its edges.
. "$(dirname "$0")/../lib.sh"

if [ -x /usr/bin/time ] && /usr/bin/time -f %M true >/dev/null 2>&1; then
	test_set_prereq GNUTIME
else
	missing_reason="GNU time (/usr/bin/time) not installed"
fi

# rss_kb CMD...: the peak resident set of CMD in KB (its output discarded).
rss_kb() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
gen() { awk -v n="$1" 'BEGIN { srand(5); for (i = 0; i < n; i++) printf "%.3f\n", rand() * rand() * 5000 }'; }

test_expect_success GNUTIME 'memory does not grow with the stream in --hdr mode (it does without)' '
	gen 1000 >small.txt && gen 2500000 >large.txt &&
	small=$(rss_kb hr-latency --hdr small.txt) &&
	large=$(rss_kb hr-latency --hdr large.txt) &&
	exact=$(rss_kb hr-latency large.txt) &&
	echo "small $small KB, large $large KB, exact $exact KB" &&
	test $((large - small)) -lt 2048 &&
	test $((exact - small)) -gt 16000
'

test_expect_success '--hdr and exact mode agree on count, min, max, mean, Apdex' '
	hr-latency --json --apdex 500 large.txt | sed -E "s/\"(stdev|p[0-9]+|percentiles_from)\":[^,]*,//g" >exact.json &&
	hr-latency --json --apdex 500 --hdr large.txt | sed -E "s/\"(stdev|p[0-9]+|percentiles_from)\":[^,]*,//g" >hdr.json &&
	sed -E "s/(\"mean\":[0-9]+\.[0-9]{6})[0-9]*/\1/" exact.json >e && sed -E "s/(\"mean\":[0-9]+\.[0-9]{6})[0-9]*/\1/" hdr.json >h &&
	test_cmp e h
'

test_expect_success '--hdr at the edges: zeros, tiny and huge values stay within min and max' '
	printf "0\n0\n1e-9\n5\n1e25\n" | hr-latency --hdr --json >edge.json &&
	grep -q "\"min\":0,.*\"max\":1e+25," edge.json &&
	p50=$(sed -E "s/.*\"p50\":([^,]*).*/\1/" edge.json) &&
	awk -v v="$p50" "BEGIN { exit !(v > 0.999e-9 && v < 1.001e-9) }" &&
	printf "0\n0\n0\n" | hr-latency --hdr --json >zero.json &&
	grep -q "\"p50\":0,.*\"p999\":0," zero.json
'
test_done
