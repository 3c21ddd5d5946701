#!/bin/bash
# hr-rightsize on histories of known answers: over, under (pinned, throttled,
# OOM-killed), ok, and the exit status a cron job alerts on.
. "$(dirname "$0")/../lib.sh"
. "$DATA/rightsize/lib-rightsize.sh"

test_expect_success 'a steady 0.3-core service with a 2-core limit is over, sized to about 0.35 cores' '
	gen steady cg=/svc/steady cpu=0.3 limit=2 >steady.tsv &&
	hr-rightsize --input steady.tsv --json >out.json &&
	test "$(json_get out.json /svc/steady verdict)" = over &&
	test "$(json_get out.json /svc/steady cpu_verdict)" = over &&
	test "$(json_get out.json /svc/steady cpu_limit_cores)" = 2 &&
	test "$(json_get out.json /svc/steady cpu_p95_cores)" = 0.3 &&
	rec=$(json_get out.json /svc/steady cpu_recommended_cores) &&
	between "$rec" 0.345 0.362 &&
	test "$(json_get out.json /svc/steady confidence)" = high
'

test_expect_success 'its memory: the peak plus 15 %, rounded up to whole MiB' '
	peak=$(json_get out.json /svc/steady mem_peak_bytes) &&
	test "$peak" = 213909504 &&
	want=$(awk -v p="$peak" "BEGIN { m = p * 1.15 / 1048576; r = int(m); if (r < m) r++; printf \"%d\", r * 1048576 }") &&
	test "$(json_get out.json /svc/steady mem_recommended_bytes)" = "$want" &&
	test "$(json_get out.json /svc/steady mem_verdict)" = over
'

test_expect_success 'nothing under-provisioned: exit 0' '
	test_expect_code 0 hr-rightsize --input steady.tsv >/dev/null
'

test_expect_success 'a service pinned at its limit and throttled is under, exit 1' '
	gen pinned cg=/svc/pinned limit=2 >pinned.tsv &&
	test_expect_code 1 hr-rightsize --input pinned.tsv --json >out.json &&
	test "$(json_get out.json /svc/pinned verdict)" = under &&
	test "$(json_get out.json /svc/pinned cpu_verdict)" = under &&
	test "$(json_get out.json /svc/pinned cpu_throttled_pct)" = 35 &&
	rec=$(json_get out.json /svc/pinned cpu_recommended_cores) &&
	between "$rec" 2.28 2.42 &&
	json_get out.json /svc/pinned note >note &&
	test_grep "at the limit" note && test_grep "throttled 35%" note
'

test_expect_success 'one under-provisioned entity among fine ones still exits 1' '
	cat steady.tsv pinned.tsv >both.tsv &&
	test_expect_code 1 hr-rightsize --input both.tsv --tsv >out.tsv &&
	test "$(tsv_get out.tsv /svc/steady verdict)" = over &&
	test "$(tsv_get out.tsv /svc/pinned verdict)" = under
'

test_expect_success 'throttling above --max-throttled makes a service under even below its limit' '
	gen steady cg=/svc/bursty cpu=0.5 limit=2 throttled=12 >bursty.tsv &&
	test_expect_code 1 hr-rightsize -i bursty.tsv --json >out.json &&
	test "$(json_get out.json /svc/bursty cpu_verdict)" = under &&
	test_expect_code 0 hr-rightsize -i bursty.tsv --max-throttled 15 --json >out.json &&
	test "$(json_get out.json /svc/bursty cpu_verdict)" = over
'

test_expect_success 'OOM kills make memory under; the recommendation bumps as VPA does' '
	gen steady cg=/svc/oom mem=1000000000 memlimit=1073741824 oom=2 >oom.tsv &&
	test_expect_code 1 hr-rightsize -i oom.tsv --json >out.json &&
	test "$(json_get out.json /svc/oom mem_verdict)" = under &&
	test "$(json_get out.json /svc/oom oom_kills)" = 2 &&
	# max(1.2 * 1 GiB, 1 GiB + 100 MB) * 1.15, rounded up to MiB
	want=$(awk "BEGIN { a = 1073741824; b = a * 1.2; if (a + 100e6 > b) b = a + 100e6; m = b * 1.15 / 1048576; r = int(m); if (r < m) r++; printf \"%d\", r * 1048576 }") &&
	test "$(json_get out.json /svc/oom mem_recommended_bytes)" = "$want" &&
	json_get out.json /svc/oom note >note && test_grep "2 OOM kills" note
'

test_expect_success 'memory at its limit is under' '
	gen steady cg=/svc/full mem=1060000000 memlimit=1073741824 >full.tsv &&
	test_expect_code 1 hr-rightsize -i full.tsv --json >out.json &&
	test "$(json_get out.json /svc/full mem_verdict)" = under
'

test_expect_success 'a service using most of its limit is ok' '
	gen steady cg=/svc/fit cpu=1.5 limit=2 mem=800000000 memlimit=1073741824 >fit.tsv &&
	hr-rightsize -i fit.tsv --json >out.json &&
	test "$(json_get out.json /svc/fit verdict)" = ok
'

test_expect_success '--slack decides how far below the limit is over' '
	gen steady cg=/svc/s cpu=1 limit=2 mem=100000000 memlimit=0 >s.tsv &&
	hr-rightsize -i s.tsv --json >out.json &&
	test "$(json_get out.json /svc/s cpu_verdict)" = over &&
	hr-rightsize -i s.tsv --slack 50% --json >out.json &&
	test "$(json_get out.json /svc/s cpu_verdict)" = ok
'

test_expect_success 'without limits: no change figures, never over, a note says so' '
	hr-rightsize -i s.tsv --json >out.json &&
	test "$(json_get out.json /svc/s mem_limit_bytes)" = null &&
	test "$(json_get out.json /svc/s mem_change_pct)" = null &&
	test "$(json_get out.json /svc/s mem_verdict)" = ok &&
	json_get out.json /svc/s note >note && test_grep "no memory limit" note
'

test_expect_success '--strategy simple: plain p95 CPU without margin, peak memory + 15 %' '
	gen spiky cg=/svc/spiky cpu=0.2 limit=2 >spiky.tsv &&
	hr-rightsize -i spiky.tsv --strategy simple --json >out.json &&
	p95=$(json_get out.json /svc/spiky cpu_p95_cores) &&
	rec=$(json_get out.json /svc/spiky cpu_recommended_cores) &&
	want=$(awk -v p="$p95" "BEGIN { m = p * 1000; r = int(m); if (r < m - 1e-6) r++; printf \"%.3f\", r / 1000 }") &&
	test "$(printf %.3f "$rec")" = "$want"
'

test_expect_success 'floors: --min-cpu and --min-mem' '
	gen steady cg=/svc/tiny cpu=0.001 limit=1 mem=1000000 memlimit=536870912 >tiny.tsv &&
	hr-rightsize -i tiny.tsv --json >out.json &&
	test "$(json_get out.json /svc/tiny cpu_recommended_cores)" = 0.025 &&
	test "$(json_get out.json /svc/tiny mem_recommended_bytes)" = 33554432 &&
	hr-rightsize -i tiny.tsv --min-cpu 100m --min-mem 64M --json >out.json &&
	test "$(json_get out.json /svc/tiny cpu_recommended_cores)" = 0.1 &&
	test "$(json_get out.json /svc/tiny mem_recommended_bytes)" = 67108864
'

test_expect_success '--margin changes the headroom' '
	hr-rightsize -i steady.tsv --margin 0 --json >out.json &&
	rec=$(json_get out.json /svc/steady cpu_recommended_cores) &&
	between "$rec" 0.3 0.315
'
test_done
