#!/bin/bash
# hr-rightsize --prometheus against Debian's real prometheus, started here on
# 127.0.0.1 on histories backfilled with promtool: the same answers as the
# database for the same history, cAdvisor's and kube-state-metrics' names,
# --by-owner, node_exporter's fleet rows, and errors.
. "$(dirname "$0")/../lib.sh"
. "$TEST_ROOT/servers.sh"
. "$DATA/rightsize/lib-rightsize.sh"

if command -v promtool >/dev/null; then test_set_prereq PROMTOOL; fi
if command -v python3 >/dev/null; then test_set_prereq PYTHON3; fi

END=2026-01-15T00:00:00Z
end=$(date -u -d "$END" +%s)
rs() { HEADROOM_NOW=$END hr-rightsize "$@"; }

# backfill NAME FILE: a Prometheus on the OpenMetrics of FILE.
backfill() {
	promtool tsdb create-blocks-from openmetrics --max-block-duration=720h "$2" \
		"$TRASH/$1.data" >"$TRASH/$1.promtool.log" &&
	start_prometheus "$1"
}

{ gen steady cg=/svc/steady cpu=0.3 limit=2 noise=0.05 &&
  gen pinned cg=/svc/pinned limit=1 &&
  gen leak cg=/svc/leak mem=419430400 leak=20971520 &&
  gen host host=h1 cpu=3 ncpu=8 noise=0.5; } >h.tsv
awk -v end="$end" -v days=2 -v demo=1 -v nodes=2 -f "$DATA/rightsize/gen-k8s.awk" >k8s.om
# A week of two nodes, scraped every 5 minutes, whose used memory grows
# 100 MiB a day each.
awk -v end="$end" -v days=7 -v step=300 -v nodes=2 -v nodegrow=100 \
	-f "$DATA/rightsize/gen-k8s.awk" >grow.om

if test_have_prereq PROMETHEUS && test_have_prereq PROMTOOL; then
	HEADROOM_NOW=$END hr-record -q --import h.tsv --db h.db &&
	hr-query --db h.db "*" --format openmetrics >h.om &&
	backfill hist h.om && backfill k8s k8s.om && backfill grow grow.om && test_set_prereq SERVERS
fi

test_expect_success SERVERS 'a history imported into SQLite and backfilled into Prometheus: the same JSON' '
	for opts in "" "--strategy simple" "--raw" "--since 3d --horizon 0"; do
		test_expect_code 1 rs --db h.db --json $opts >db.json &&
		test_expect_code 1 rs --prometheus "$hist_URL" --json $opts >prom.json &&
		test_cmp db.json prom.json || return 1
	done &&
	test "$(json_get prom.json /svc/pinned verdict)" = under &&
	test "$(json_get prom.json /svc/steady verdict)" = over &&
	test "$(json_get prom.json h1 kind)" = host
'

test_expect_success SERVERS 'the hosts-needed rows agree too' '
	test_expect_code 1 rs --db h.db --tsv --host-cpu 4 --host-mem 16G >db.tsv &&
	test_expect_code 1 rs --prometheus "$hist_URL" --tsv --host-cpu 4 --host-mem 16G >prom.tsv &&
	test_cmp db.tsv prom.tsv &&
	test_grep "^# fleet: hosts of 4 cores, 16G filled to 70%: 1 now" prom.tsv
'

test_expect_success SERVERS 'cAdvisor and kube-state-metrics: containers as NAMESPACE/POD/CONTAINER' '
	test_expect_code 1 rs --prometheus "$k8s_URL" --since 2d --json >k.json &&
	grep -o "\"entity\":\"[^\"]*\"" k.json | sort >names &&
	cat >expect <<-\EOF &&
	"entity":"fleet"
	"entity":"node-1:9100"
	"entity":"node-2:9100"
	"entity":"shop/cache-0/redis"
	"entity":"shop/db-0/postgres"
	"entity":"shop/debug/sh"
	"entity":"shop/web-5f7c9-aaaaa/app"
	"entity":"shop/web-5f7c9-bbbbb/app"
	EOF
	test_cmp expect names &&
	e=shop/web-5f7c9-aaaaa/app &&
	test "$(json_get k.json $e verdict)" = over &&
	test "$(json_get k.json $e cpu_limit_cores)" = 2 &&
	test "$(json_get k.json $e mem_limit_bytes)" = 2147483648 &&
	between "$(json_get k.json $e cpu_p95_cores)" 0.2 0.26 &&
	between "$(json_get k.json $e mem_peak_bytes)" 104857600 125829120
'

test_expect_success SERVERS 'kube-state-metrics'"'"' requests and limits beside the requests and limits to set' '
	e=shop/web-5f7c9-aaaaa/app &&
	test "$(json_get k.json $e cpu_request_cores)" = 1 &&
	test "$(json_get k.json $e mem_request_bytes)" = 1073741824 &&
	cpu=$(json_get k.json $e cpu_recommended_cores) &&
	mem=$(json_get k.json $e mem_recommended_bytes) &&
	test "$(json_get k.json $e cpu_request_recommended_cores)" = "$cpu" &&
	test "$(json_get k.json $e mem_request_recommended_bytes)" = "$mem" &&
	awk -v l="$(json_get k.json $e cpu_limit_recommended_cores)" -v r="$cpu" \
		"BEGIN { exit !(l == 2 * r) }" &&
	test "$(json_get k.json $e mem_limit_recommended_bytes)" = $((2 * mem)) &&
	test "$(json_get k.json shop/debug/sh cpu_limit_recommended_cores)" = null &&
	test "$(json_get k.json shop/debug/sh mem_limit_recommended_bytes)" = null &&
	test_expect_code 1 rs --prometheus "$k8s_URL" --since 2d --strategy simple --json >s.json &&
	p95=$(json_get s.json $e cpu_p95_cores) &&
	awk -v p="$p95" -v r="$(json_get s.json $e cpu_request_recommended_cores)" \
		"BEGIN { exit !(r >= p && r < p + 0.001) }" &&
	test "$(json_get s.json $e cpu_limit_recommended_cores)" = null &&
	peak=$(json_get s.json $e mem_peak_bytes) &&
	req=$(json_get s.json $e mem_request_recommended_bytes) &&
	awk -v p="$peak" -v r="$req" "BEGIN { exit !(r >= p * 1.15 && r < p * 1.15 + 1e6 && r % 1e6 == 0) }" &&
	test "$(json_get s.json $e mem_limit_recommended_bytes)" = "$req" &&
	test_expect_code 1 rs --prometheus "$k8s_URL" --since 2d --table >t &&
	test_grep "^shop/web-5f7c9-aaaaa/app +1 +2 +0.24[0-9]* +$cpu +0.566 +-86% +1G +2G +110M +127M +254M +-94% +over" t
'

test_expect_success SERVERS 'throttling, OOM kills from either source, counted once from both, a request standing for a missing limit' '
	e=shop/db-0/postgres &&
	test "$(json_get k.json $e verdict)" = under &&
	between "$(json_get k.json $e cpu_throttled_pct)" 29.9 30.1 &&
	test "$(json_get k.json $e oom_kills)" = 1 &&
	e=shop/cache-0/redis &&
	test "$(json_get k.json $e oom_kills)" = 1 &&
	test "$(json_get k.json $e cpu_request_cores)" = 0.1 &&
	test "$(json_get k.json $e cpu_limit_cores)" = null &&
	test "$(json_get k.json $e cpu_change_pct)" = 39 &&
	test "$(json_get k.json $e cpu_verdict)" = under &&
	test "$(json_get k.json $e mem_limit_bytes)" = 268435456 &&
	test "$(json_get k.json shop/debug/sh cpu_limit_cores)" = null &&
	test "$(json_get k.json shop/debug/sh oom_kills)" = 0
'

test_expect_success SERVERS 'node_exporter: host rows, and fleet rows of the hosts at their own size' '
	test "$(json_get k.json node-1:9100 kind)" = host &&
	test "$(json_get k.json node-1:9100 cpu_limit_cores)" = 4 &&
	test "$(json_get k.json node-2:9100 mem_limit_bytes)" = 8589934592 &&
	between "$(json_get k.json node-2:9100 mem_peak_bytes)" 4294967296 4724464026 &&
	grep "\"entity\":\"fleet\"" k.json >fleet &&
	test_grep "\"basis\":\"host\",\"entities\":2," fleet &&
	test_grep "\"hosts\":2,.*\"host_cpu_cores\":4,\"host_mem_bytes\":8589934592," fleet &&
	test_expect_code 1 rs --prometheus "$k8s_URL" --since 2d --host-cpu 2 --table >t &&
	test_grep "^fleet: hosts of 2 cores filled to 70%: 3 now, 3 at \+30d" t
'

test_expect_success SERVERS 'node_exporter: the hosts a growing fleet needs now and at --horizon' '
	rs --prometheus "$grow_URL" --since 7d --step 5m --json >g.json &&
	grep "\"entity\":\"fleet\"" g.json >fleet &&
	test_grep "\"basis\":\"host\",\"entities\":2," fleet &&
	test "$(json_get g.json fleet host_mem_bytes)" = 8589934592 &&
	test "$(json_get g.json fleet hosts)" = 2 &&
	test "$(json_get g.json fleet hosts_at_horizon)" = 3 &&
	test "$(json_get g.json node-1:9100 growing)" = true &&
	now=$(json_get g.json fleet mem_bytes) &&
	later=$(json_get g.json fleet mem_bytes_at_horizon) &&
	between $(((${later%.*} - ${now%.*}) / 1048576)) 5400 6600 &&
	rs --prometheus "$grow_URL" --since 7d --step 5m --horizon 90d --table >g.txt &&
	test_grep "^fleet: hosts of 4 cores, 8G filled to 70%: 2 now, 5 at \+90d$" g.txt &&
	rs --prometheus "$grow_URL" --since 7d --step 5m --horizon 0 --table >g0.txt &&
	test_grep "^fleet: hosts of 4 cores, 8G filled to 70%: 2 now$" g0.txt
'

test_expect_success SERVERS '--by-owner: pods under their Deployment or StatefulSet; --cgroup on the names' '
	test_expect_code 1 rs --prometheus "$k8s_URL" --since 2d --by-owner --tsv >o.tsv &&
	sed "1d; /^#/d" o.tsv | cut -f1 >names &&
	printf "%s\n" shop/debug/sh shop/deployment/web/app shop/statefulset/cache/redis \
		shop/statefulset/db/postgres node-1:9100 node-2:9100 >expect &&
	test_cmp expect names &&
	tsv_get o.tsv shop/deployment/web/app verdict >v &&
	echo over >expect && test_cmp expect v &&
	test_expect_code 1 rs --prometheus "$k8s_URL" --since 2d --by-owner --json >o.json &&
	e=shop/deployment/web/app &&
	test "$(json_get o.json $e cpu_request_cores)" = 1 &&
	test "$(json_get o.json $e cpu_limit_cores)" = 2 &&
	between "$(json_get o.json $e cpu_p95_cores)" 0.2 0.26 &&
	between "$(json_get o.json $e mem_peak_bytes)" 104857600 125829120 &&
	test "$(json_get o.json shop/statefulset/db/postgres oom_kills)" = 1 &&
	between "$(json_get o.json shop/statefulset/db/postgres cpu_throttled_pct)" 29.9 30.1 &&
	test "$(json_get o.json shop/statefulset/cache/redis oom_kills)" = 1 &&
	rs --prometheus "$k8s_URL" --since 2d --by-owner --cgroup "shop/deployment/*" --tsv >f.tsv &&
	test "$(cut -f1 f.tsv | grep -c ^shop/)" = 1
'

test_expect_success SERVERS '--verbose shows the queries; --step sets their resolution' '
	rs --prometheus "$k8s_URL" --since 2d --step 5m --cgroup "shop/web*" -v --tsv >/dev/null 2>err &&
	test_grep "^hr-rightsize: query_range start=[0-9.]+ end=[0-9.]+ step=300 query=sum by \(namespace,pod,container\) \(rate\(container_cpu_usage_seconds_total" err &&
	test_grep "^hr-rightsize: query time=[0-9.]+ query=\{__name__=~\"headroom_cgroup_cpu_cores\|" err
'

test_expect_success 'usage errors: a bad URL, --since 0, options that need --prometheus' '
	test_expect_code 2 hr-rightsize --prometheus localhost:9090 2>err &&
	test_grep "expected a URL starting with http:// or https://" err &&
	test_expect_code 2 hr-rightsize --prometheus http://127.0.0.1:1 --since 0 2>err &&
	test_grep "since 0" err &&
	test_expect_code 2 hr-rightsize --by-owner 2>err &&
	test_grep "go with --prometheus" err &&
	test_expect_code 2 hr-rightsize --prometheus http://127.0.0.1:1 --db x.db 2>err &&
	test_grep "alternatives" err
'

test_expect_success PROMETHEUS 'a server that is down, and one without the series: exit 2' '
	start_prometheus gone &&
	stop_server gone &&
	test_expect_code 2 rs --prometheus "$gone_URL" 2>err &&
	test_grep "^hr-rightsize: $gone_URL.*(onnect|refused)" err &&
	start_prometheus empty &&
	test_expect_code 2 rs --prometheus "$empty_URL" 2>err &&
	test_grep "^hr-rightsize: $empty_URL: no container, node or headroom series to size" err
'

test_expect_success PROMETHEUS 'server errors in the server'"'"'s words' '
	start_prometheus p4 &&
	test_expect_code 2 rs --prometheus "$p4_URL/nowhere" 2>err &&
	test_grep "^hr-rightsize: $p4_URL/nowhere: HTTP 404: 404 page not found" err
'

test_expect_success PYTHON3 'a reply that is not the query API'"'"'s JSON' '
	cat >login.py <<-\EOF &&
	import http.server, sys
	class H(http.server.BaseHTTPRequestHandler):
	    def answer(self):
	        body = b"<html>a login page</html>\n"
	        self.send_response(200)
	        self.send_header("Content-Type", "text/html")
	        self.send_header("Content-Length", str(len(body)))
	        self.end_headers()
	        self.wfile.write(body)
	    do_GET = do_POST = answer
	http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
	EOF
	server_start bad / python3 login.py @PORT@ &&
	test_expect_code 2 rs --prometheus "$bad_URL" 2>err &&
	test_grep "^hr-rightsize: $bad_URL: not a reply of the query API: bad JSON at byte 0" err
'

test_done
