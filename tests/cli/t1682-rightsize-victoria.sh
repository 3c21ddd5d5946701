#!/bin/bash
# hr-rightsize --prometheus against Debian's real victoria-metrics, started
# here on 127.0.0.1: its Prometheus-compatible query API gives the same
# recommendations as Prometheus and as the database for the same history,
# for headroom's own series (pushed by remote write) and for cAdvisor's,
# kube-state-metrics' and node_exporter's (imported).
. "$(dirname "$0")/../lib.sh"
. "$TEST_ROOT/servers.sh"
. "$DATA/rightsize/lib-rightsize.sh"

if command -v promtool >/dev/null; then test_set_prereq PROMTOOL; fi

END=2026-01-15T00:00:00Z
end=$(date -u -d "$END" +%s)
rs() { HEADROOM_NOW=$END hr-rightsize "$@"; }

{ gen steady cg=/svc/steady cpu=0.3 limit=2 noise=0.05 &&
  gen pinned cg=/svc/pinned limit=1 &&
  gen leak cg=/svc/leak mem=419430400 leak=20971520 &&
  gen host host=h1 cpu=3 ncpu=8 noise=0.5; } >h.tsv
awk -v end="$end" -v days=2 -v demo=1 -v nodes=2 -f "$DATA/rightsize/gen-k8s.awk" >k8s.om
HEADROOM_NOW=$END hr-record -q --import h.tsv --db h.db

if test_have_prereq VICTORIA_METRICS; then
	# The Prometheus text format of VictoriaMetrics' import: times in milliseconds.
	awk '!/^#/ { $NF = $NF "000"; print }' k8s.om >k8s.prom &&
	start_victoria_metrics vm &&
	hr-query --db h.db --remote-write "$vm_URL/api/v1/write" "*" 2>push.log &&
	curl -fsS "$vm_URL/internal/force_flush" &&
	start_victoria_metrics vmk &&
	curl -fsS --data-binary @k8s.prom "$vmk_URL/api/v1/import/prometheus" &&
	curl -fsS "$vmk_URL/internal/force_flush" &&
	test_set_prereq VM
fi
if test_have_prereq VM && test_have_prereq PROMETHEUS && test_have_prereq PROMTOOL; then
	hr-query --db h.db "*" --format openmetrics >h.om &&
	promtool tsdb create-blocks-from openmetrics --max-block-duration=720h h.om hist.data \
		>hist.log && start_prometheus hist &&
	promtool tsdb create-blocks-from openmetrics --max-block-duration=720h k8s.om k8s.data \
		>k8s.log && start_prometheus k8s &&
	test_set_prereq ALL3
fi

test_expect_success VM 'the history pushed to VictoriaMetrics: the same JSON as from the database' '
	test_grep "pushed [0-9]+ samples of [0-9]+ series to $vm_URL/api/v1/write" push.log &&
	for opts in "" "--strategy simple" "--raw" "--since 3d --horizon 0"; do
		test_expect_code 1 rs --db h.db --json $opts >db.json &&
		test_expect_code 1 rs --prometheus "$vm_URL" --json $opts >vm.json &&
		test_cmp db.json vm.json || return 1
	done &&
	test "$(json_get vm.json /svc/pinned verdict)" = under &&
	test "$(json_get vm.json /svc/steady verdict)" = over &&
	test "$(json_get vm.json h1 kind)" = host
'

test_expect_success ALL3 'and the same JSON as from Prometheus' '
	for opts in "" "--strategy simple"; do
		test_expect_code 1 rs --prometheus "$hist_URL" --json $opts >prom.json &&
		test_expect_code 1 rs --prometheus "$vm_URL" --json $opts >vm.json &&
		test_cmp prom.json vm.json || return 1
	done
'

test_expect_success ALL3 'cAdvisor, kube-state-metrics and node_exporter: the same JSON from both servers' '
	for opts in "" "--strategy simple" "--by-owner" "--host-cpu 2 --host-mem 4G"; do
		test_expect_code 1 rs --prometheus "$k8s_URL" --since 2d --json $opts >prom.json &&
		test_expect_code 1 rs --prometheus "$vmk_URL" --since 2d --json $opts >vm.json &&
		test_cmp prom.json vm.json || return 1
	done &&
	test "$(json_get vm.json shop/db-0/postgres oom_kills)" = 1 &&
	test "$(json_get vm.json shop/cache-0/redis oom_kills)" = 1 &&
	between "$(json_get vm.json shop/db-0/postgres cpu_throttled_pct)" 29.9 30.1 &&
	test "$(json_get vm.json node-1:9100 cpu_limit_cores)" = 4
'

test_done
