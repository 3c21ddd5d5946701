#!/bin/bash
# hr-latency --by: one summary per value of a field (a JMeter label, an
# endpoint), beside the summary of everything.
. "$(dirname "$0")/../lib.sh"

if command -v python3 >/dev/null && python3 -c 'import json, statistics' 2>/dev/null; then
	test_set_prereq PYTHON3
else
	missing_reason="python3 not installed"
fi

JTL=$DATA/loadtest/jmeter-results.jtl

test_expect_success 'a table with one line per label, sorted, then the overall summary' '
	hr-latency --input-csv -f elapsed --status-field responseCode --by label --apdex 300ms "$JTL" >by.out &&
	test_grep "^group +count +errors +error% +mean +p50 +p90 +p95 +p99 +p99\.9 +max +apdex  \(ms\)$" by.out &&
	test_grep "^GET /api/items +517 +7 +1\.34 " by.out &&
	test_grep "^GET /api/items/\{id\} +488 +1 " by.out &&
	test_grep "^POST /api/orders +481 +6 " by.out &&
	sed -n 2,4p by.out | cut -c1-20 >order &&
	printf "%-20s\n" "GET /api/items" "GET /api/items/{id}" "POST /api/orders" >want &&
	test_cmp want order &&
	test_grep "^count +1486$" by.out
'

test_expect_success PYTHON3 'each group matches Python on its own values; counts add up' '
	awk "BEGIN { srand(11); for (i = 0; i < 30000; i++) { g = int(rand() * 5); printf \"ep%d %.3f\n\", g, exp(rand() * (g + 2)) } }" >mixed.txt &&
	hr-latency --by 1 -f 2 --json mixed.txt >by.json &&
	python3 - by.json mixed.txt <<-\PY
	import json, math, statistics, sys
	out = json.load(open(sys.argv[1]))
	vals = {}
	for line in open(sys.argv[2]):
	    g, v = line.split()
	    vals.setdefault(g, []).append(float(v))
	assert [x["group"] for x in out["groups"]] == sorted(vals), "groups"
	assert sum(x["count"] for x in out["groups"]) == out["count"] == 30000
	for x in out["groups"]:
	    v = vals[x["group"]]
	    q = statistics.quantiles(v, n=1000, method="inclusive")
	    for k, w in (("p50", q[499]), ("p95", q[949]), ("p999", q[998]),
	                 ("mean", statistics.fmean(v)), ("max", max(v))):
	        assert math.isclose(x[k], w, rel_tol=1e-9), (x["group"], k, x[k], w)
	PY
'

test_expect_success 'errors and throughput per group' '
	printf "1 a 200 5\n2 a 500 0\n3 b 200 7\n4 a 200 9\n" >g.txt &&
	hr-latency --time-field 1 --by 2 --status-field 3 -f 4 --json g.txt >g.json &&
	grep -q "\"groups\":\[{\"group\":\"a\",\"count\":2,\"errors\":1,\"error_rate\":0.333333333333333," g.json &&
	grep -q "{\"group\":\"b\",\"count\":1,\"errors\":0," g.json &&
	grep -q "\"group\":\"a\",.*\"throughput\":0.75},{\"group\":\"b\"" g.json
'

test_expect_success '--by with --hdr, and 20000 distinct groups' '
	awk "BEGIN { for (i = 0; i < 40000; i++) printf \"u%d %d\n\", i % 20000, i }" >many.txt &&
	hr-latency --by 1 -f 2 --json many.txt >many.json &&
	test $(grep -o "\"group\":" many.json | wc -l) = 20000 &&
	grep -q "{\"group\":\"u0\",\"count\":2,\"errors\":0,\"error_rate\":0,\"min\":0,\"mean\":10000," many.json &&
	head -4000 many.txt | hr-latency --hdr --by 1 -f 2 --json >h.json &&
	test $(grep -o "\"group\":" h.json | wc -l) = 4000 &&
	grep -q "{\"group\":\"u0\",\"count\":1,\"errors\":0,\"error_rate\":0,\"min\":0,\"mean\":0," h.json
'

test_expect_success 'a line without the group field: file and line, exit 2' '
	printf "1 a\n2 b\n3\n" >short.txt &&
	test_expect_code 2 hr-latency --by 2 short.txt 2>err &&
	test_grep "^hr-latency: short.txt:3: expected a group in field 2, the line has 1 field$" err &&
	test_expect_code 2 hr-latency --by 0 short.txt 2>err2 &&
	test_grep "bad --by field" err2
'
test_expect_success 'group names with control characters: escaped where shown, raw in JSON' '
	sed "s|POST /api/orders|POST $(printf "\033]0;PWN\007\tx\377")|" "$JTL" >hostile.jtl &&
	hr-latency --by label hostile.jtl >plain.out &&
	hr-latency --by label --format tsv hostile.jtl >by.tsv &&
	for f in plain.out by.tsv; do
		grep -qF "POST \\x1b]0;PWN\\x07\\x09x\\xff" $f &&
		! grep -q "$(printf "[\033\007\377]")" $f || return 1
	done &&
	awk -F"\t" "NR == 1 { n = NF } NF != n { exit 1 }" by.tsv &&
	hr-latency --by label --format json hostile.jtl >by.json &&
	python3 -c "import json, sys; g = [r[\"group\"] for r in json.load(open(\"by.json\"))]; \
		sys.exit(\"POST \\x1b]0;PWN\\x07\\tx\" + chr(92) + \"xff\" not in g)"
'
test_done
