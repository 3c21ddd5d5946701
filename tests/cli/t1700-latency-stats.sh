#!/bin/bash
# hr-latency's figures against an independent computation: Python's statistics
# module (its "inclusive" quantiles are the same type-7 definition) on random data.
. "$(dirname "$0")/../lib.sh"

if command -v python3 >/dev/null && python3 -c 'import json, statistics' 2>/dev/null; then
	test_set_prereq PYTHON3
else
	missing_reason="python3 not installed"
fi

# check_json FILE.json DATA: every field of hr-latency --json against Python.
cat >check.py <<'PY'
import json, math, statistics, sys
out = json.load(open(sys.argv[1]))
v = [float(x) for x in open(sys.argv[2]) if x.strip()]
tol = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-9
q = statistics.quantiles(v, n=1000, method="inclusive")
want = {"count": len(v), "min": min(v), "max": max(v), "mean": statistics.fmean(v),
        "stdev": statistics.stdev(v), "p50": q[499], "p75": q[749], "p90": q[899],
        "p95": q[949], "p99": q[989], "p999": q[998]}
bad = 0
for k, w in want.items():
    g = out[k]
    if not math.isclose(g, w, rel_tol=tol, abs_tol=1e-12):
        print("%s: got %r, want %r" % (k, g, w)); bad = 1
sys.exit(bad)
PY

test_expect_success PYTHON3 'percentiles, mean and stdev of 20000 random latencies match Python' '
	awk "BEGIN { srand(17); for (i = 0; i < 20000; i++) printf \"%.3f\n\", exp(3 + rand() * 2) * rand() }" >lat.txt &&
	hr-latency --json lat.txt >out.json &&
	python3 "$TRASH/check.py" out.json lat.txt
'

test_expect_success PYTHON3 'small samples: 1, 2 and 7 values, with ties' '
	echo 42 >one.txt && hr-latency --json one.txt >one.json &&
	python3 -c "import json,sys; d=json.load(open(\"one.json\")); sys.exit(not (d[\"p50\"]==42 and d[\"p999\"]==42 and d[\"stdev\"] is None))" &&
	printf "10\n20\n" >two.txt && hr-latency --json two.txt >two.json &&
	python3 -c "import json,sys; d=json.load(open(\"two.json\")); sys.exit(not (d[\"p50\"]==15 and d[\"p90\"]==19))" &&
	printf "5\n1\n5\n3\n9\n5\n2\n" >seven.txt && hr-latency --json seven.txt >seven.json &&
	printf "5\n1\n5\n3\n9\n5\n2\n1\n" >eight.txt && hr-latency --json eight.txt >eight.json &&
	python3 "$TRASH/check.py" seven.json seven.txt &&
	python3 "$TRASH/check.py" eight.json eight.txt
'

test_expect_success PYTHON3 'the radix sort path: 100000 values with exponents and duplicates' '
	awk "BEGIN { srand(3); for (i = 0; i < 100000; i++) { r = rand(); printf \"%.6g\n\", (r < 0.3 ? int(r * 100) : exp(rand() * 20 - 8)) } }" >big.txt &&
	hr-latency --json big.txt >big.json &&
	python3 "$TRASH/check.py" big.json big.txt
'

test_expect_success PYTHON3 '--hdr stays within 0.1 % of the exact percentiles' '
	hr-latency --hdr --json lat.txt >hdr.json &&
	python3 "$TRASH/check.py" hdr.json lat.txt 0.001 &&
	hr-latency --hdr --json big.txt >hdrbig.json &&
	python3 "$TRASH/check.py" hdrbig.json big.txt 0.001
'

test_expect_success 'the table shows every figure with its unit' '
	printf "10\n20\n30\n40\n" | hr-latency >table.out &&
	for k in count errors min mean stdev p50 p75 p90 p95 p99 p99.9 max; do
		test_grep "^$k " table.out || return 1
	done &&
	test_grep "^p50 +25\.000 +ms$" table.out &&
	test_grep "^count +4$" table.out
'

test_expect_success '--json has every documented key' '
	printf "10\n20\n" | hr-latency --json >keys.json &&
	for k in count errors error_rate min mean stdev p50 p75 p90 p95 p99 p999 max apdex; do
		grep -q "\"$k\":" keys.json || { echo "no $k"; return 1; }
	done
'

test_expect_success 'unit suffixes per value convert to --unit' '
	printf "1.5s\n250ms\n500000us\n2000000ns\n" | hr-latency --json >suf.json &&
	grep -q "\"min\":2," suf.json && grep -q "\"max\":1500," suf.json &&
	printf "1,0.5 s\n" | hr-latency --input-csv -f 2 --json >sp.json &&
	grep -q "\"min\":500," sp.json &&
	grep -q "\"p50\":375," suf.json &&
	printf "1.5s\n250ms\n" | hr-latency --unit s --json >sufs.json &&
	grep -q "\"min\":0.25," sufs.json && grep -q "\"unit\":\"s\"" sufs.json &&
	printf "1500\n250\n" | hr-latency --unit us --json >us.json &&
	grep -q "\"max\":1500," us.json
'

test_expect_success 'field N of whitespace and CSV lines, and named columns' '
	printf "GET /a 12 200\nGET /b   30\t200\n" | hr-latency -f 3 --json >ws.json &&
	grep -q "\"count\":2," ws.json && grep -q "\"max\":30," ws.json &&
	printf "ts,\"label, with comma\",ms\n1,\"x, y\",7\n2,\"z\",9\n" >c.csv &&
	hr-latency --input-csv -f ms --json c.csv >c.json &&
	grep -q "\"count\":2," c.json && grep -q "\"mean\":8," c.json &&
	test_expect_code 2 hr-latency --input-csv -f 3 --json c.csv 2>err >/dev/null &&
	test_grep "c.csv:1: expected a latency in field 3, got .ms.*-f NAME" err
'

test_expect_success 'errors by status field (--ok with wildcards) and by regex' '
	printf "200 10\n204 20\n500 999\n503 -\n304 5\n" >st.txt &&
	hr-latency --status-field 1 -f 2 --json st.txt >st.json &&
	grep -q "\"count\":2," st.json && grep -q "\"errors\":3," st.json &&
	grep -q "\"error_rate\":0.6," st.json &&
	hr-latency --status-field 1 --ok "2xx, 304" -f 2 --json st.txt >ok.json &&
	grep -q "\"count\":3," ok.json && grep -q "\"errors\":2," ok.json &&
	printf "12\n13 timeout\nERROR\n14\n" | hr-latency --error-regex "timeout|ERROR" --json >re.json &&
	grep -q "\"count\":2," re.json && grep -q "\"errors\":2," re.json
'

test_expect_success 'throughput from --time-field: Unix seconds, epoch milliseconds, RFC 3339' '
	printf "100 5\n100 6\n101 7\n102 8\n103 9\n104 1\n" | hr-latency --time-field 1 -f 2 --json >tp.json &&
	grep -q "\"throughput\":1.2," tp.json &&
	printf "1700000000000 5\n1700000004000 6\n" | hr-latency --time-field 1 -f 2 --json >ms.json &&
	grep -q "\"throughput\":0.4," ms.json &&
	printf "2026-11-23T10:00:00Z 5\n2026-11-23T10:00:09Z 6\n" | hr-latency --time-field 1 -f 2 --json >iso.json &&
	grep -q "\"throughput\":0.2," iso.json &&
	hr-latency -f 2 --time-field 1 >tp.out <<-IN &&
	10.5 3
	12.5 4
	IN
	test_grep "^throughput +1\.0000 +req/s" tp.out
'

test_expect_success 'the bundled JMeter result: columns by name, statuses, timestamps' '
	hr-latency --input-csv -f elapsed --status-field responseCode --time-field timeStamp \
		--json "$DATA/loadtest/jmeter-results.jtl" >jtl.json &&
	grep -q "\"count\":1486," jtl.json && grep -q "\"errors\":14," jtl.json &&
	grep -q "\"p50\":88," jtl.json &&
	hr-latency --input-csv -f elapsed --status-field success --ok true \
		--json "$DATA/loadtest/jmeter-results.jtl" >jtl2.json &&
	grep -q "\"errors\":14," jtl2.json
'

test_expect_success 'several files add up; comments and blank lines are skipped' '
	printf "# header comment\n1\n\n2\n" >a.txt && printf "3\n  # indented comment\n4\n" >b.txt &&
	hr-latency --json a.txt b.txt >ab.json && grep -q "\"count\":4," ab.json &&
	cat a.txt | hr-latency --json - b.txt >ab2.json && test_cmp ab.json ab2.json
'

test_expect_success 'no latencies at all: count 0 and empty figures, exit 0' '
	printf "# nothing\n" | hr-latency --json >empty.json &&
	grep -q "\"count\":0,\"errors\":0,\"error_rate\":null,\"min\":null" empty.json &&
	: | hr-latency >empty.out && test_grep "^p95 +- " empty.out
'
test_done
