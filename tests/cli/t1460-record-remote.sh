#!/bin/bash
# hr-record --remote-write and hr-query --prometheus/--remote-write against
# Debian's real prometheus and victoria-metrics, started here on 127.0.0.1:
# pushes, an outage and its backlog, dropped batches, backfill, reading back.
. "$(dirname "$0")/../lib.sh"
. "$TEST_ROOT/servers.sh"

now=$(date +%s)
# Live snapshots at pinned times a few minutes ago: Prometheus takes samples
# near its newest ones, and the rates come out over the pinned interval.
snap() {
	HEADROOM_NOW=$1 hr-record -q --db "$2" --host h1 --no-cgroups --top 0 "${@:3}"
}

test_expect_success PROMETHEUS 'each snapshot is pushed; Prometheus holds what the database holds' '
	start_prometheus p1 &&
	for i in 0 1 2; do
		snap $((now - 300 + i * 10)) a.db --remote-write "$p1_URL/api/v1/write" 2>err &&
		! grep "$p1_URL" err || return 1
	done &&
	hr-query --db a.db "mem.*" "cpu.*" | sort >expect &&
	hr-query --prometheus "$p1_URL" "mem.*" "cpu.*" --since 1h | sort >out &&
	test_cmp expect out &&
	test "$(cut -f2 out | sort -u | wc -l)" -gt 10 &&
	curl -fsS "$p1_URL/api/v1/series?match%5B%5D=headroom_mem_used__bytes" >series.json &&
	test_grep "\"__name__\":\"headroom_mem_used__bytes\",\"host\":\"h1\"" series.json
'

test_expect_success PROMETHEUS 'after an outage the next run pushes the backlog' '
	start_prometheus p2 &&
	snap $((now - 300)) b.db --remote-write "$p2_URL/api/v1/write" &&
	stop_server p2 &&
	for i in 1 2 3; do
		snap $((now - 300 + i * 10)) b.db --remote-write "$p2_URL/api/v1/write" \
			--remote-write-timeout 1s 2>err.$i &&
		test_grep "warning: $p2_URL/api/v1/write: not pushed .*; the backlog of [0-9]+ samples from $i snapshots? stays in .b.db., the oldest from " err.$i || return 1
	done &&
	restart_server p2 &&
	snap $((now - 260)) b.db --remote-write "$p2_URL/api/v1/write" 2>err &&
	! grep "$p2_URL" err &&
	hr-query --db b.db "mem.*" "cpu.online_cpus" | sort >expect &&
	test "$(grep -c "^1" expect)" -gt 20 &&
	hr-query --prometheus "$p2_URL" "mem.*" "cpu.online_cpus" --since 1h | sort >out &&
	test_cmp expect out
'

test_expect_success PROMETHEUS 'a recorder that runs on pushes each snapshot, and the series that begin after its first' '
	start_prometheus p6 &&
	hr-record -q --db loop.db --host h6 --no-cgroups --top 0 --interval 1s --count 3 \
		--remote-write "$p6_URL/api/v1/write" 2>err &&
	! grep "$p6_URL" err &&
	hr-query --db loop.db "cpu.*" "mem.total_bytes" | sort >expect &&
	test "$(grep -c "	mem.total_bytes" expect)" -eq 3 &&
	test "$(grep -c "	cpu.util" expect)" -eq 2 &&
	hr-query --prometheus "$p6_URL" "cpu.*" "mem.total_bytes" --since 1h | sort >out &&
	test_cmp expect out
'

# Waits until db holds n snapshots (of mem.total_bytes) of a recorder.
wait_snapshots() {
	local i
	for i in $(seq 200); do
		[ "$(hr-query --db "$1" mem.total_bytes 2>/dev/null | wc -l)" -ge "$2" ] && return 0
		sleep 0.05
	done
	echo "$1: fewer than $2 snapshots after 10 s" >&2
	return 1
}

# In a test: a recorder that runs on in the background (database $1, host
# $2, $3 snapshots, pushing to the server at $4, its messages into err); $rec.
start_recorder() {
	hr-record -q --db "$1" --host "$2" --no-cgroups --top 0 --interval 1s --count "$3" \
		--remote-write "$4/api/v1/write" 2>err &
	rec=$!
	test_when_finished "kill -9 $rec 2>/dev/null; true"
}

test_expect_success PROMETHEUS 'a recorder writes each push'"'"'s mark with its next snapshot, and the last at its end' '
	start_prometheus p7 &&
	hr-record -q --db mk.db --host h7 --no-cgroups --top 0 --interval 1s --count 3 \
		--remote-write "$p7_URL/api/v1/write" 2>err &&
	! grep "$p7_URL" err &&
	sleep 1 &&
	hr-record -q --db mk.db --host h7 --no-cgroups --top 0 \
		--remote-write "$p7_URL/api/v1/write" -v 2>err >/dev/null &&
	last=$(hr-query --db mk.db mem.total_bytes | tail -n 1 | cut -f1) &&
	own=$(hr-query --db mk.db "*" | awk -v t=$last "\$1 == t" | wc -l) &&
	test "$own" -gt 20 &&
	test_grep "pushed $own samples \\(0 stale markers\\) in 1 requests" err &&
	hr-query --db mk.db "mem.*" "cpu.*" "net.*" | sort >expect &&
	hr-query --prometheus "$p7_URL" "mem.*" "cpu.*" "net.*" --since 1h | sort >out &&
	test_cmp expect out
'

test_expect_success PROMETHEUS 'snapshots another run stores between a recorder'"'"'s pushes reach the server too' '
	start_prometheus p8 &&
	start_recorder mix.db h8 5 "$p8_URL" &&
	wait_snapshots mix.db 2 &&
	hr-record -q --db mix.db --host h9 --no-cgroups --top 0 &&
	wait $rec &&
	! grep "$p8_URL" err &&
	hr-query --db mix.db "mem.*" | sort >expect &&
	test "$(grep -c "host=h9" expect)" -gt 3 &&
	hr-query --prometheus "$p8_URL" "mem.*" --since 1h | sort >out &&
	test_cmp expect out
'

test_expect_success PROMETHEUS 'a run that stores in the second of the last push'"'"'s snapshot is pushed by the next' '
	start_prometheus p10 &&
	t=$((now - 200)) &&
	snap $t same.db --remote-write "$p10_URL/api/v1/write" &&
	HEADROOM_NOW=$t hr-record -q --db same.db --host h11 --no-cgroups --top 0 &&
	snap $((t + 10)) same.db --remote-write "$p10_URL/api/v1/write" -v 2>err >/dev/null &&
	test_grep "pushed [0-9]+ samples" err &&
	hr-query --db same.db "mem.*" | sort >expect &&
	test "$(grep -c "^$t	mem.*host=h11" expect)" -gt 3 &&
	hr-query --prometheus "$p10_URL" "mem.*" --since 1h | sort >out &&
	test_cmp expect out
'

test_expect_success PROMETHEUS 'a recorder killed between a push and its next snapshot loses nothing' '
	start_prometheus p9 &&
	start_recorder kill.db h10 100 "$p9_URL" &&
	wait_snapshots kill.db 3 &&
	sleep 0.3 &&
	kill -9 $rec &&
	test_expect_code 137 wait $rec &&
	sleep 1 &&
	hr-record -q --db kill.db --host h10 --no-cgroups --top 0 \
		--remote-write "$p9_URL/api/v1/write" 2>err.next &&
	! grep "$p9_URL" err err.next &&
	hr-query --db kill.db "mem.*" | sort >expect &&
	hr-query --prometheus "$p9_URL" "mem.*" --since 1h | sort >out &&
	test_cmp expect out
'

test_expect_success PROMETHEUS 'a 4xx answer drops the batch and says so; it is not sent again' '
	start_prometheus p3 &&
	snap $((now - 300)) c.db --remote-write "$p3_URL/nowhere" 2>err &&
	test_grep "warning: $p3_URL/nowhere: HTTP 404: 404 page not found; dropped [0-9]+ samples from $(date -u -d @$((now - 300)) +%FT%TZ) to $(date -u -d @$((now - 300)) +%FT%TZ)" err &&
	snap $((now - 290)) c.db --remote-write "$p3_URL/nowhere" 2>err &&
	test_grep "dropped [0-9]+ samples from $(date -u -d @$((now - 290)) +%FT%TZ) to" err
'

test_expect_success PROMETHEUS 'server errors come in the server'"'"'s words, with exit 2' '
	start_prometheus p4 &&
	test_expect_code 2 hr-query --prometheus "$p4_URL" "rate(x[" 2>err &&
	test_grep "^hr-query: $p4_URL: HTTP 400 bad_data: .*parse error" err &&
	stop_server p4 &&
	test_expect_code 2 hr-query --prometheus "$p4_URL" "x" 2>err &&
	test_grep "^hr-query: $p4_URL.*(onnect|refused)" err
'

test_expect_success PROMETHEUS 'the OpenMetrics export names series as the push does (promtool backfill)' '
	hr-query --db a.db "mem.*" "cpu.*" --format openmetrics >om.txt &&
	test_grep "^headroom_mem_used__bytes\{host=\"h1\"\} [0-9.e+]+ [0-9]+$" om.txt &&
	promtool tsdb create-blocks-from openmetrics om.txt p5.data >promtool.log &&
	start_prometheus p5 &&
	hr-query --prometheus "$p5_URL" "mem.*" "cpu.*" --since 1h | sort >out &&
	hr-query --db a.db "mem.*" "cpu.*" | sort >expect &&
	test_cmp expect out
'

# Thirty days at one point a minute: a raw read needs four query_range
# requests of at most 11,000 points.
awk -v t0=$((now - 30 * 86400)) "BEGIN { for (i = 0; i < 43200; i++)
	printf \"%d\tdisk.used_bytes{host=h2,mount=/srv}\t%d\n\", t0 - t0 % 60 + i * 60, 1000 + i * 3 + (i * 7919) % 101 }" >month.tsv
hr-record -q --db m.db --import month.tsv

test_expect_success VICTORIA_METRICS 'hr-query --remote-write backfills a history that reads back the same' '
	start_victoria_metrics v1 &&
	hr-query --db m.db --remote-write "$v1_URL/api/v1/write" "disk.*" 2>err &&
	test_grep "pushed 43200 samples of 1 series to $v1_URL/api/v1/write" err &&
	curl -fsS "$v1_URL/internal/force_flush" &&
	hr-query --db m.db disk.used_bytes >expect &&
	hr-query --prometheus "$v1_URL" disk.used_bytes --since 31d >out &&
	test_cmp expect out &&
	for agg in max avg p95 count; do
		hr-query --db m.db disk.used_bytes --step 1h --agg $agg >expect.$agg &&
		hr-query --prometheus "$v1_URL" disk.used_bytes --since 31d --step 1h --agg $agg >out.$agg &&
		test_cmp expect.$agg out.$agg || return 1
	done
'

test_expect_success VICTORIA_METRICS 'basic authentication comes from a file' '
	start_victoria_metrics v2 -httpAuth.username=rec -httpAuth.password=s3cret &&
	printf "rec:s3cret\n" >auth && printf "rec:wrong\n" >bad-auth &&
	chmod 600 auth bad-auth &&
	snap $((now - 300)) d.db --remote-write "$v2_URL/api/v1/write" --basic-auth-file bad-auth 2>err &&
	test_grep "warning: $v2_URL/api/v1/write: HTTP 401" err &&
	snap $((now - 290)) d.db --remote-write "$v2_URL/api/v1/write" --basic-auth-file auth 2>err &&
	! grep "$v2_URL" err &&
	curl -fsS "http://rec:s3cret@127.0.0.1:$v2_PORT/internal/force_flush" &&
	hr-query --prometheus "$v2_URL" --basic-auth-file auth mem.total_bytes --since 1h >out &&
	hr-query --db d.db mem.total_bytes --since $((now - 295)) >expect &&
	test_cmp expect out &&
	test_expect_code 2 hr-query --prometheus "$v2_URL" mem.total_bytes 2>err &&
	test_grep "HTTP 401" err
'

test_done
