#!/bin/bash
# Cost per month now and recommended, host rows from the system series, and
# fleet sizing: how many hosts of a size the load needs.
. "$(dirname "$0")/../lib.sh"
. "$DATA/rightsize/lib-rightsize.sh"

test_expect_success 'monthly cost of the limits and of the recommendation, per entity' '
	gen steady cg=/svc/a cpu=0.3 limit=2 memlimit=1073741824 >a.tsv &&
	hr-rightsize -i a.tsv --price-cpu 0.04 --price-mem 0.005 --json >out.json &&
	test "$(json_get out.json /svc/a cost_now)" = 62.05 &&
	c=$(json_get out.json /svc/a cpu_recommended_cores) &&
	m=$(json_get out.json /svc/a mem_recommended_bytes) &&
	want=$(awk -v c="$c" -v m="$m" "BEGIN { printf \"%.6f\", (c * 0.04 + m / 1073741824 * 0.005) * 730 }") &&
	test "$(printf %.6f "$(json_get out.json /svc/a cost_recommended)")" = "$want"
'

test_expect_success 'totals over the entities, in JSON and under the table' '
	gen steady cg=/svc/b cpu=1 limit=4 memlimit=2147483648 >b.tsv &&
	cat a.tsv b.tsv | hr-rightsize -i - --price-cpu 0.04 --price-mem 0.005 --json >out.json &&
	a=$(json_get out.json /svc/a cost_now) && b=$(json_get out.json /svc/b cost_now) &&
	test "$(json_get out.json total cost_now)" = "$(awk -v a="$a" -v b="$b" "BEGIN { print a + b }")" &&
	test "$(json_get out.json total entities)" = 2 &&
	cat a.tsv b.tsv | hr-rightsize -i - --price-cpu 0.04 --price-mem 0.005 --table >out.txt &&
	test_grep "^total cost per month: 186.15 now, [0-9.]+ recommended \(-[0-9]+%\), over 2 of 2 entities" out.txt &&
	test_grep "COST" out.txt
'

test_expect_success 'a CPU price alone prices CPU alone' '
	hr-rightsize -i a.tsv --price-cpu 0.04 --json >out.json &&
	test "$(json_get out.json /svc/a cost_now)" = 58.4
'

test_expect_success 'entities without a limit have no cost now and the total says so' '
	gen steady cg=/svc/free limit=0 memlimit=0 >free.tsv &&
	cat a.tsv free.tsv | hr-rightsize -i - --price-cpu 0.04 --table >out.txt &&
	test_grep "over 1 of 2 entities \(the others lack a limit\)" out.txt
'

test_expect_success 'without prices there are no cost columns' '
	hr-rightsize -i a.tsv --table >out.txt &&
	! grep -q COST out.txt
'

test_expect_success 'host rows from the system series, in cores of the host' '
	gen host host=web1 cpu=6 ncpu=8 mem=60000000000 memlimit=68719476736 >host.tsv &&
	hr-rightsize -i host.tsv --json >out.json &&
	test "$(json_get out.json web1 kind)" = host &&
	test "$(json_get out.json web1 cpu_limit_cores)" = 8 &&
	test "$(json_get out.json web1 cpu_p95_cores)" = 6 &&
	test "$(json_get out.json web1 mem_limit_bytes)" = 68719476736 &&
	test "$(json_get out.json web1 verdict)" = ok
'

test_expect_success 'a busy host is under, as a cgroup would be' '
	gen host host=web1 cpu=7.9 ncpu=8 >busy.tsv &&
	test_expect_code 1 hr-rightsize -i busy.tsv --json >out.json &&
	test "$(json_get out.json web1 cpu_verdict)" = under
'

test_expect_success 'an OOM kill on the host makes its memory under' '
	gen host host=web1 cpu=2 oom=1 >oomhost.tsv &&
	test_expect_code 1 hr-rightsize -i oomhost.tsv --json >out.json &&
	test "$(json_get out.json web1 mem_verdict)" = under
'

test_expect_success 'per-mode CPU series are not mistaken for the total' '
	hr-rightsize -i host.tsv --tsv >out.tsv &&
	test $(wc -l <out.tsv) = 2
'

test_expect_success 'cgroups of several hosts are told apart by their host' '
	{ gen steady cg=/svc/a host=web1 && gen steady cg=/svc/a host=web2 cpu=1.9 &&
	  gen host host=web1 && gen host host=web2; } >fleet.tsv &&
	test_expect_code 1 hr-rightsize -i fleet.tsv --tsv >out.tsv &&
	cut -f1,2,17 out.tsv >got &&
	printf "entity\tkind\tverdict\nweb1:/svc/a\tcgroup\tover\nweb2:/svc/a\tcgroup\tunder\nweb1\thost\tover\nweb2\thost\tover\n" >want &&
	test_cmp want got
'

test_expect_success 'fleet: hosts needed for the summed p95 CPU and peak memory at the target' '
	for s in a b c; do gen steady cg=/svc/$s cpu=4 limit=8 mem=10737418240 memlimit=17179869184; done >three.tsv &&
	hr-rightsize -i three.tsv --host-cpu 16 --host-mem 64G --target 70% --json >out.json &&
	test "$(json_get out.json fleet cpu_cores)" = 12 &&
	test "$(json_get out.json fleet hosts)" = 2 &&
	test "$(json_get out.json fleet hosts_at_horizon)" = 2 &&
	hr-rightsize -i three.tsv --host-cpu 16 --host-mem 64G --target 80% --json >out.json &&
	test "$(json_get out.json fleet hosts)" = 1
'

test_expect_success 'fleet: memory can be what decides' '
	hr-rightsize -i three.tsv --host-cpu 64 --host-mem 16G --json >out.json &&
	# 3 x 10 GiB peak (x 1.02) over 16 GiB x 0.7
	test "$(json_get out.json fleet hosts)" = 3
'

test_expect_success 'fleet: a slice and its services count once' '
	{ gen steady cg=/a.slice cpu=4 limit=0 && gen steady cg=/a.slice/x.service cpu=3 limit=0 &&
	  gen steady cg=/b.service cpu=4 limit=0; } >nested.tsv &&
	hr-rightsize -i nested.tsv --host-cpu 16 --json >out.json &&
	test "$(json_get out.json fleet cpu_cores)" = 8 &&
	test "$(json_get out.json fleet entities)" = 2 &&
	test "$(json_get out.json fleet hosts)" = 1
'

test_expect_success 'fleet: from the host series when there are no cgroups' '
	hr-rightsize -i host.tsv --host-cpu 4 --table >out.txt &&
	test_grep "^fleet: load of 1 host: 6 cores \(p95\)" out.txt &&
	test_grep "^fleet: hosts of 4 cores filled to 70%: 3 now, 3 at \+30d" out.txt
'

test_expect_success 'fleet: the root cgroup holds everything; per host when several' '
	{ gen steady cg=/ cpu=6 limit=0 days=1 && gen steady cg=/a.slice cpu=4 limit=0 days=1 &&
	  gen steady cg=/a.slice/x.service cpu=3 limit=0 days=1; } >root.tsv &&
	hr-rightsize -i root.tsv --host-cpu 16 --json >out.json &&
	test "$(json_get out.json fleet cpu_cores)" = 6 &&
	test "$(json_get out.json fleet entities)" = 1 &&
	{ gen steady cg=/a.slice host=web1 cpu=4 limit=0 days=1 &&
	  gen steady cg=/a.slice/x.service host=web1 cpu=3 limit=0 days=1 &&
	  gen steady cg=/a.slice/x.service host=web2 cpu=2 limit=0 days=1 &&
	  gen steady cg=/a.slicex host=web2 cpu=1 limit=0 days=1; } >hosts.tsv &&
	hr-rightsize -i hosts.tsv --host-cpu 16 --json >out.json &&
	test "$(json_get out.json fleet cpu_cores)" = 7 &&
	test "$(json_get out.json fleet entities)" = 3
'

test_expect_success 'fleet lines are comments under TSV' '
	hr-rightsize -i host.tsv --host-cpu 4 --tsv >out.tsv &&
	test_grep "^# fleet: hosts of 4 cores" out.tsv
'
test_done
