#!/bin/bash
# hr-rightsize in KRR's terms: requests and limits in force beside the
# requests and limits to set, and --strategy simple giving what KRR's simple
# strategy gives on a known input (CPU request: the p95 of usage, rounded up
# to a millicore, at least 10m, no CPU limit; memory request and limit: the
# peak plus 15 %, rounded up to a megabyte, at least 100 MB).
. "$(dirname "$0")/../lib.sh"
. "$DATA/rightsize/lib-rightsize.sh"

# /k/a: CPU 1m, 2m, ... 100m, one sample each 5 minutes (in the order
# 37, 74, 11, ... so that time order is not value order), memory 200 MB
# but for one 300 MB sample; /k/b: 1m and 50 MB throughout.
t0=1767225600
awk -v t0=$t0 'BEGIN {
	for (i = 0; i < 100; i++) {
		t = t0 + i * 300
		printf "%d\tcgroup.cpu.cores{cgroup=/k/a}\t%.3f\n", t, ((i * 37) % 100 + 1) / 1000
		printf "%d\tcgroup.mem.bytes{cgroup=/k/a}\t%d\n", t, i == 60 ? 300000000 : 200000000
		printf "%d\tcgroup.cpu.limit_cores{cgroup=/k/a}\t1\n", t
		printf "%d\tcgroup.mem.limit_bytes{cgroup=/k/a}\t1073741824\n", t
		printf "%d\tcgroup.cpu.cores{cgroup=/k/b}\t0.001\n", t
		printf "%d\tcgroup.mem.bytes{cgroup=/k/b}\t50000000\n", t
	}
}' >k.tsv

# KRR by hand: the p95 of 1m..100m interpolates linearly between the 95th
# and 96th of the 100 sorted values (numpy's and Prometheus'
# quantile_over_time's rule): 95m + 0.05 * 1m = 95.05m, rounded up: 96m;
# memory: 300 MB * 1.15 = 345 MB exactly. /k/b: 1m and 57.5 MB rise to
# KRR's floors, 10m and 100 MB.
test_expect_success '--strategy simple: KRR simple strategy'"'"'s requests and limits' '
	hr-rightsize -i k.tsv --strategy simple --json >s.json &&
	test "$(json_get s.json /k/a cpu_p95_cores)" = 0.09505 &&
	test "$(json_get s.json /k/a cpu_request_recommended_cores)" = 0.096 &&
	test "$(json_get s.json /k/a cpu_limit_recommended_cores)" = null &&
	test "$(json_get s.json /k/a mem_request_recommended_bytes)" = 345000000 &&
	test "$(json_get s.json /k/a mem_limit_recommended_bytes)" = 345000000 &&
	test "$(json_get s.json /k/b cpu_request_recommended_cores)" = 0.01 &&
	test "$(json_get s.json /k/b cpu_limit_recommended_cores)" = null &&
	test "$(json_get s.json /k/b mem_request_recommended_bytes)" = 100000000 &&
	test "$(json_get s.json /k/b mem_limit_recommended_bytes)" = 100000000
'

test_expect_success '--strategy simple: --margin, --cpu-percentile, --min-cpu and --min-mem as KRR'"'"'s settings' '
	hr-rightsize -i k.tsv --strategy simple --margin 20 --cpu-percentile 50 \
		--min-cpu 25m --min-mem 64M --json >s2.json &&
	test "$(json_get s2.json /k/a cpu_request_recommended_cores)" = 0.051 &&
	test "$(json_get s2.json /k/a mem_limit_recommended_bytes)" = 360000000 &&
	test "$(json_get s2.json /k/b cpu_request_recommended_cores)" = 0.025 &&
	test "$(json_get s2.json /k/b mem_request_recommended_bytes)" = 67108864
'

test_expect_success 'the default strategy: a plain cgroup'"'"'s limit is what is recommended' '
	hr-rightsize -i k.tsv --json >v.json &&
	test "$(json_get v.json /k/a cpu_request_cores)" = null &&
	test "$(json_get v.json /k/a cpu_limit_cores)" = 1 &&
	test "$(json_get v.json /k/a mem_limit_bytes)" = 1073741824 &&
	rec=$(json_get v.json /k/a cpu_recommended_cores) &&
	test "$(json_get v.json /k/a cpu_request_recommended_cores)" = "$rec" &&
	test "$(json_get v.json /k/a cpu_limit_recommended_cores)" = "$rec" &&
	mem=$(json_get v.json /k/a mem_recommended_bytes) &&
	test $((mem % 1048576)) = 0 &&
	test "$(json_get v.json /k/a mem_limit_recommended_bytes)" = "$mem" &&
	test "$(json_get v.json /k/b cpu_limit_recommended_cores)" = null &&
	test "$(json_get v.json /k/b mem_limit_recommended_bytes)" = null
'

test_expect_success 'the table and TSV show the settings in force beside those to set' '
	hr-rightsize -i k.tsv --strategy simple --table >t.txt &&
	test_grep "^ENTITY +CPU REQ +LIMIT +P95 +REC REQ +REC LIM +CHANGE +MEM REQ +LIMIT +PEAK +REC REQ +REC LIM +CHANGE +VERDICT" t.txt &&
	test_grep "^/k/a +- +1 +0.095 +0.096 +- +-90% +- +1G +286M +329M +329M +-68% +over" t.txt &&
	hr-rightsize -i k.tsv --strategy simple --tsv >t.tsv &&
	test "$(tsv_get t.tsv /k/a cpu_request_recommended_cores)" = 0.096 &&
	test "$(tsv_get t.tsv /k/a cpu_limit_recommended_cores)" = - &&
	test "$(tsv_get t.tsv /k/a mem_limit_recommended_bytes)" = 345000000
'
test_done
