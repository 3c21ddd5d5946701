#!/bin/bash
# hr-query: listing, selectors with label globs, time ranges, steps and
# aggregates, and the TSV, CSV, JSON and OpenMetrics outputs.
. "$(dirname "$0")/../lib.sh"

export HEADROOM_NOW=1700010000
cat >in.tsv <<'EOT'
1700000000	cpu.util{host=a}	10
1700000060	cpu.util{host=a}	20
1700000120	cpu.util{host=a}	30
1700003600	cpu.util{host=a}	40
1700000000	cgroup.cpu.cores{cgroup=/system.slice/nginx.service,host=a}	0.5
1700000060	cgroup.cpu.cores{cgroup=/system.slice/nginx.service,host=a}	1.5
1700000000	cgroup.cpu.cores{cgroup=/user.slice,host=a}	0.25
1700000000	proc.cpu.cores{host=a,name="cron job",pid=200}	0.01
EOT
hr-record -q --db q.db --import in.tsv

test_expect_success '--list shows series, unit, first and last time and count' '
	hr-query --db q.db --list >out &&
	cat >expect <<-\EOT &&
	# series	unit	first	last	count
	cgroup.cpu.cores{cgroup=/system.slice/nginx.service,host=a}	cores	1700000000	1700000060	2
	cgroup.cpu.cores{cgroup=/user.slice,host=a}	cores	1700000000	1700000000	1
	cpu.util{host=a}	percent	1700000000	1700003600	4
	proc.cpu.cores{host=a,name="cron job",pid=200}	cores	1700000000	1700000000	1
	EOT
	test_cmp expect out
'

test_expect_success '--list PATTERN, --iso and JSON' '
	hr-query --db q.db --list "cgroup.*{cgroup=/system.slice/*}" --iso >out &&
	test_grep "^cgroup.cpu.cores\{cgroup=/system.slice/nginx.service,host=a\}	cores	2023-11-14T22:13:20Z	2023-11-14T22:14:20Z	2$" out &&
	test $(wc -l <out) = 2 &&
	hr-query --db q.db --list cpu -f json >out.json &&
	test_grep "\"series\":\"cpu.util\{host=a\}\",\"unit\":\"percent\",\"first\":1700000000,\"last\":1700003600,\"count\":4" out.json
'

test_expect_success 'one series: two columns after a series line' '
	hr-query --db q.db cpu.util >out &&
	printf "# series: cpu.util{host=a}\n1700000000\t10\n1700000060\t20\n1700000120\t30\n1700003600\t40\n" >expect &&
	test_cmp expect out
'

test_expect_success 'several series: three columns in time order' '
	hr-query --db q.db "cgroup.cpu.cores" >out &&
	cat >expect <<-\EOT &&
	1700000000	cgroup.cpu.cores{cgroup=/system.slice/nginx.service,host=a}	0.5
	1700000000	cgroup.cpu.cores{cgroup=/user.slice,host=a}	0.25
	1700000060	cgroup.cpu.cores{cgroup=/system.slice/nginx.service,host=a}	1.5
	EOT
	test_cmp expect out
'

test_expect_success 'label globs, negation and several selectors' '
	hr-query --db q.db "cgroup.cpu.cores{cgroup=/system.slice/*}" >out &&
	test $(grep -c "^1700" out) = 2 &&
	hr-query --db q.db "cgroup.cpu.cores{cgroup!=/system.slice/*}" >out &&
	test_grep "^# series: cgroup.cpu.cores\{cgroup=/user.slice,host=a\}" out &&
	hr-query --db q.db "cgroup.cpu.cores{cgroup=/user.slice}" "proc.cpu.cores{name=cron*}" >out &&
	test $(wc -l <out) = 2 &&
	test_grep "name=\"cron job\"" out
'

test_expect_success '--since and --until, as times and as durations before now or before --until' '
	hr-query --db q.db cpu.util --since 1700000060 --until 1700000120 >out &&
	test $(grep -c "^1700" out) = 2 &&
	hr-query --db q.db cpu.util --since 2h >out &&
	test $(grep -c "^1700" out) = 1 &&
	hr-query --db q.db cpu.util --since 2023-11-14T22:14:00Z --until 2023-11-14T22:15:00Z --iso >out &&
	test_grep "^2023-11-14T22:14:20Z	20$" out &&
	test $(grep -c "^2023" out) = 1 &&
	hr-query --db q.db cpu.util --since 60s --until 1700000120 >dur &&
	hr-query --db q.db cpu.util --since 1700000060 --until 1700000120 >abs &&
	test_cmp abs dur
'

test_expect_success 'steps and aggregates' '
	hr-query --db q.db cpu.util --step 1h >out &&
	printf "# series: cpu.util{host=a}\n1699999200\t20\n1700002800\t40\n" >expect &&
	test_cmp expect out &&
	hr-query --db q.db cpu.util --step 1h --agg max | grep -q "^1699999200	30$" &&
	hr-query --db q.db cpu.util --step 1h --agg min | grep -q "^1699999200	10$" &&
	hr-query --db q.db cpu.util --step 1h --agg sum | grep -q "^1699999200	60$" &&
	hr-query --db q.db cpu.util --step 1h --agg count | grep -q "^1699999200	3$" &&
	hr-query --db q.db cpu.util --step 1h --agg last | grep -q "^1699999200	30$" &&
	hr-query --db q.db cpu.util --step 1h --agg p50 | grep -q "^1699999200	20$" &&
	hr-query --db q.db cpu.util --step 1h --agg p95 | grep -q "^1699999200	29$" &&
	hr-query --db q.db cpu.util --step 1m --agg p99.9 >out &&
	test $(grep -c "^1[67]" out) = 4 &&
	test_grep "^1699999980	10$" out &&
	hr-query --db q.db cpu.util --step 1d --agg max >out &&
	test_grep "^1699920000	40$" out
'

test_expect_success 'an empty time range prints no points, exit 0' '
	hr-query --db q.db cpu.util --since 1600000000 --until 1600000100 >out &&
	! grep -q "^1" out
'

test_expect_success 'CSV' '
	hr-query --db q.db cpu.util -f csv --until 1700000060 >out &&
	printf "time,value\n1700000000,10\n1700000060,20\n" >expect &&
	test_cmp expect out &&
	hr-query --db q.db cgroup.cpu.cores -f csv --iso >out &&
	test_grep "^time,series,value$" out &&
	test_grep "^2023-11-14T22:13:20Z,\"cgroup.cpu.cores\{cgroup=/system.slice/nginx.service,host=a\}\",0.5$" out
'

test_expect_success 'JSON' '
	hr-query --db q.db "proc.cpu.cores" -f json -o out.json &&
	cat >expect <<-\EOT &&
	[
	{"series":"proc.cpu.cores{host=a,name=\"cron job\",pid=200}","name":"proc.cpu.cores","labels":{"host":"a","name":"cron job","pid":"200"},"unit":"cores","points":[[1700000000,0.01]]}
	]
	EOT
	test_cmp expect out.json &&
	if command -v jq >/dev/null; then hr-query --db q.db "*" -f json --iso | jq -e "length == 4" >/dev/null; fi
'

test_expect_success 'OpenMetrics, named by the rule of headroom-series(5)' '
	hr-query --db q.db cgroup.cpu.cores proc -f openmetrics >out.om &&
	cat >expect <<-\EOT &&
	# TYPE headroom_cgroup_cpu_cores gauge
	# HELP headroom_cgroup_cpu_cores cgroup.cpu.cores (unit: cores)
	headroom_cgroup_cpu_cores{cgroup="/system.slice/nginx.service",host="a"} 0.5 1700000000
	headroom_cgroup_cpu_cores{cgroup="/system.slice/nginx.service",host="a"} 1.5 1700000060
	headroom_cgroup_cpu_cores{cgroup="/user.slice",host="a"} 0.25 1700000000
	# TYPE headroom_proc_cpu_cores gauge
	# HELP headroom_proc_cpu_cores proc.cpu.cores (unit: cores)
	headroom_proc_cpu_cores{host="a",name="cron job",pid="200"} 0.01 1700000000
	# EOF
	EOT
	test_cmp expect out.om
'

test_expect_success 'OpenMetrics: underscores doubled, odd names spelled :HH, odd label names left out' '
	printf "%s\n" "1700000000	fs.avail_bytes{mount=/}	5" "1700000000	a..b{x=\"\"}	1" \
		"1700000000	odd{my-key=1}	2" >odd.tsv &&
	hr-record -q --db odd.db --import odd.tsv &&
	hr-query --db odd.db "*" -f openmetrics >odd.om 2>err &&
	test_grep "^headroom_a:2E:2Eb 1 1700000000$" odd.om &&
	test_grep "^headroom_fs_avail__bytes\{mount=\"/\"\} 5 1700000000$" odd.om &&
	! grep -q "odd" odd.om &&
	test_grep "my-key.*not written" err
'

if command -v promtool >/dev/null; then test_set_prereq PROMTOOL; fi
test_expect_success PROMTOOL 'promtool accepts the OpenMetrics output, every recorded name included' '
	hr-query --db q.db "*" -f openmetrics >all.om &&
	promtool check metrics <all.om &&
	for k in 1 2; do
		HEADROOM_NOW=$((1700000000 + 60 * k)) hr-record -q --db fix.db \
			--proc-root "$DATA/record/hybrid/snap$k/proc" --sys-root "$DATA/record/hybrid/snap$k/sys" || return 1
	done &&
	hr-query --db fix.db "*" -f openmetrics >fix.om &&
	promtool check metrics <fix.om
'

test_expect_success 'bad usage and missing data exit 2 with a message' '
	test_expect_code 2 hr-query --db q.db 2>err && test_grep "selector" err &&
	test_expect_code 2 hr-query --db q.db nosuch.series 2>err && test_grep "no series .* matches .nosuch.series." err &&
	test_expect_code 2 hr-query --db q.db "cpu.util{host" 2>err && test_grep "bad selector" err &&
	test_expect_code 2 hr-query --db q.db cpu.util --agg p95 2>err && test_grep "needs --step" err &&
	test_expect_code 2 hr-query --db q.db cpu.util --step 1h --agg mean2 2>err &&
	test_expect_code 2 hr-query --db q.db cpu.util --step 0 2>err &&
	test_expect_code 2 hr-query --db q.db cpu.util --since tomorrow 2>err && test_grep "since" err &&
	test_expect_code 2 hr-query --db q.db cpu.util --since 2026-01-02 --until 2026-01-01 2>err &&
	test_grep "since is after --until" err &&
	test_expect_code 2 hr-query --db q.db cpu.util -f xml 2>err &&
	test_expect_code 2 hr-query --db missing.db --list 2>err && test_grep "missing.db" err &&
	! test -e missing.db &&
	test_expect_code 2 hr-query --db q.db --list -f openmetrics 2>err &&
	test_grep "tsv, csv or json" err
'

test_expect_success 'hr-query never writes the database' '
	cp q.db q.copy &&
	chmod 444 q.db &&
	hr-query --db q.db cpu.util >/dev/null &&
	chmod 644 q.db &&
	cmp q.db q.copy
'

test_expect_success 'the output feeds hr-record --import back' '
	hr-query --db q.db "*" >all.tsv &&
	hr-record -q --db back.db --import all.tsv &&
	hr-query --db back.db "*" >again.tsv &&
	test_cmp all.tsv again.tsv
'

test_done
