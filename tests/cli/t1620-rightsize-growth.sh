#!/bin/bash
# Growth: usage that trends upward is sized for the forecast at --horizon
# (libcommon's forecasting model), and the output says so.
. "$(dirname "$0")/../lib.sh"
. "$DATA/rightsize/lib-rightsize.sh"

# 400 MiB growing by 20 MiB a day for two weeks; peaks 2 % above use.
gen leak cg=/svc/leak mem=419430400 leak=20971520 memlimit=1073741824 >leak.tsv

test_expect_success 'a memory leak is sized for the horizon, and the note says so' '
	hr-rightsize -i leak.tsv --json >out.json &&
	test "$(json_get out.json /svc/leak growing)" = true &&
	g=$(json_get out.json /svc/leak mem_growth_bytes) &&
	# 30 days of 20.4 MiB a day: 612 MiB
	between "$g" $((580 * 1048576)) $((645 * 1048576)) &&
	peak=$(json_get out.json /svc/leak mem_peak_bytes) &&
	want=$(awk -v p="$peak" -v g="$g" "BEGIN { m = (p + g) * 1.15 / 1048576; r = int(m); if (r < m - 1e-9) r++; printf \"%d\", r * 1048576 }") &&
	test "$(json_get out.json /svc/leak mem_recommended_bytes)" = "$want" &&
	json_get out.json /svc/leak note >note &&
	test_grep "memory grows 20.4M/day: sized for \+30d" note &&
	test_grep "memory reaches its limit in about 1[4-7]d" note
'

test_expect_success 'the recommendation without growth is there too' '
	peak=$(json_get out.json /svc/leak mem_peak_bytes) &&
	want=$(awk -v p="$peak" "BEGIN { m = p * 1.15 / 1048576; r = int(m); if (r < m - 1e-9) r++; printf \"%d\", r * 1048576 }") &&
	test "$(json_get out.json /svc/leak mem_recommended_now_bytes)" = "$want"
'

test_expect_success 'a longer horizon sizes for more' '
	hr-rightsize -i leak.tsv --horizon 60d --json >out60.json &&
	g=$(json_get out60.json /svc/leak mem_growth_bytes) &&
	between "$g" $((1160 * 1048576)) $((1290 * 1048576))
'

test_expect_success '--horizon 0 and --strategy simple size for the past only' '
	hr-rightsize -i leak.tsv --horizon 0 --json >out.json &&
	test "$(json_get out.json /svc/leak growing)" = false &&
	test "$(json_get out.json /svc/leak mem_growth_bytes)" = 0 &&
	hr-rightsize -i leak.tsv --strategy simple --json >out.json &&
	test "$(json_get out.json /svc/leak growing)" = false
'

test_expect_success 'CPU trending upward is sized for the horizon' '
	gen steady cg=/svc/cpu cpu=0.3 cpugrow=0.02 noise=0.02 limit=4 >cpu.tsv &&
	hr-rightsize -i cpu.tsv --json >out.json &&
	test "$(json_get out.json /svc/cpu growing)" = true &&
	between "$(json_get out.json /svc/cpu cpu_growth_cores)" 0.5 0.7 &&
	json_get out.json /svc/cpu note >note && test_grep "CPU grows 0\.0(19|2)[0-9]* cores/day" note
'

test_expect_success 'a steady noisy service is not growing' '
	gen steady cg=/svc/flat cpu=0.5 noise=0.2 >flat.tsv &&
	hr-rightsize -i flat.tsv --json >out.json &&
	test "$(json_get out.json /svc/flat growing)" = false &&
	test "$(json_get out.json /svc/flat cpu_growth_cores)" = 0 &&
	test "$(json_get out.json /svc/flat mem_growth_bytes)" = 0
'

test_expect_success 'shrinking usage is not growth' '
	gen leak cg=/svc/shrink mem=900000000 leak=-20000000 >shrink.tsv &&
	hr-rightsize -i shrink.tsv --json >out.json &&
	test "$(json_get out.json /svc/shrink growing)" = false
'

test_expect_success 'two days of history are too few for a trend' '
	gen leak cg=/svc/young days=2 mem=419430400 leak=20971520 >young.tsv &&
	hr-rightsize -i young.tsv --json >out.json &&
	test "$(json_get out.json /svc/young growing)" = false
'

test_expect_success 'the fleet at the horizon includes the growth' '
	for s in a b c; do gen leak cg=/svc/$s mem=10737418240 leak=536870912 memlimit=0; done >fleet.tsv &&
	hr-rightsize -i fleet.tsv --host-mem 64G --json >out.json &&
	# 3 x 17 GiB x 1.02 now, + 3 x 15.3 GiB by +30d, over 64 GiB x 0.7
	test "$(json_get out.json fleet hosts)" = 2 &&
	between "$(json_get out.json fleet mem_bytes_at_horizon)" 95000000000 115000000000 &&
	test "$(json_get out.json fleet hosts_at_horizon)" = 3
'
test_done
