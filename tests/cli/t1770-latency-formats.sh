#!/bin/bash
# hr-latency on the load generators' own files: every format sniffed, the
# percentiles recomputed from raw values where they exist, summaries said to
# be the tool's, HdrHistogram logs merged exactly as hdr-histogram-js does,
# and bad input of every format named by file and line.
. "$(dirname "$0")/../lib.sh"

F=$DATA/loadtest/formats

# field TSV COLUMN: the (all) row's value of COLUMN in hr-latency --format tsv.
field() {
	awk -F'\t' -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) k[$i] = i; next }
		$1 == "(all)" { print $k[c] }' "$1"
}

test_expect_success 'every format is sniffed and named in the JSON' '
	for pair in jmeter.jtl:jtl jmeter-xml.jtl:jtl-xml k6.json:k6-json k6.csv:k6-csv \
		vegeta.json:vegeta-json vegeta.csv:vegeta-csv ab-g.tsv:ab-gnuplot ab-e.csv:ab-csv \
		locust_stats.csv:locust-stats locust_stats_history.csv:locust-history \
		wrk-latency.txt:wrk wrk2-latency.txt:wrk2 hdr-histogram-js.hlog:hlog
	do
		hr-latency -q --json "$F/${pair%%:*}" >out.json &&
		grep -q "\"format\":\"${pair#*:}\"" out.json || { echo "$pair: $(cat out.json)"; exit 1; }
	done
'

test_expect_success 'JMeter CSV: errors from success, a quoted comma in a label, by label' '
	hr-latency -q --format tsv --by label "$F/jmeter.jtl" >jtl.tsv &&
	test "$(field jtl.tsv count)" = 3 && test "$(field jtl.tsv errors)" = 2 &&
	test "$(field jtl.tsv p50)" = 7 && test "$(field jtl.tsv max)" = 51 &&
	grep -q "^missing, with a comma	0	1	" jtl.tsv &&
	grep -q "^home	2	1	" jtl.tsv
'

test_expect_success 'JMeter CSV: a failureMessage with a quoted line break and doubled quotes' '
	{ head -n 1 "$F/jmeter.jtl" &&
	  echo "1796460691123,12,a,200,OK,T 1-1,text,true,,1,1,1,1,u,1,0,1" &&
	  printf "%s\n" "1796460691124,13,a,500,Err,T 1-1,text,false,\"line one" "said \"\"500\"\" twice\",1,1,1,1,u,1,0,1" &&
	  echo "1796460691125,14,b,200,OK,T 1-1,text,true,,1,1,1,1,u,1,0,1" &&
	  echo "1796460691126,15,b,200,OK,T 1-1,text,true,,1,1,1,1,u,1,0,1"
	} >multi.jtl &&
	hr-latency -q --format tsv --by label multi.jtl >multi.tsv &&
	test "$(field multi.tsv count)" = 3 && test "$(field multi.tsv errors)" = 1 &&
	test "$(field multi.tsv max)" = 15 &&
	grep -q "^a	1	1	" multi.tsv && grep -q "^b	2	0	" multi.tsv
'

test_expect_success 'JMeter XML: samples, not their nested sub-samples; --skip-transactions' '
	hr-latency -q --format tsv "$F/jmeter-xml.jtl" >xml.tsv &&
	test "$(field xml.tsv count)" = 2 && test "$(field xml.tsv errors)" = 2 &&
	test "$(field xml.tsv max)" = 7 &&
	hr-latency -q --format tsv --skip-transactions "$F/jmeter-xml.jtl" >skip.tsv &&
	test "$(field skip.tsv max)" = 4
'

test_expect_success 'k6 JSON and CSV: http_req_duration, errors from expected_response' '
	hr-latency -q --format tsv "$F/k6.json" >k6.tsv &&
	test "$(field k6.tsv count)" = 1 && test "$(field k6.tsv errors)" = 2 &&
	test "$(field k6.tsv p50)" = 3.512871 &&
	hr-latency -q --format tsv "$F/k6.csv" >k6c.tsv &&
	test "$(field k6c.tsv count)" = 1 && test "$(field k6c.tsv errors)" = 2 &&
	test "$(field k6c.tsv p50)" = 3.512871
'

test_expect_success 'vegeta JSON and CSV: nanoseconds reported in ms, a quoted error' '
	hr-latency -q --format tsv "$F/vegeta.json" >v.tsv &&
	hr-latency -q --format tsv "$F/vegeta.csv" >vc.tsv &&
	for t in v.tsv vc.tsv; do
		test "$(field $t count)" = 1 && test "$(field $t errors)" = 2 &&
		test "$(field $t p50)" = 3.512871 && test "$(field $t unit)" = ms || exit 1
	done
'

test_expect_success 'ab -g: the latency is ttime, not a word of the date; errors unknown' '
	hr-latency -q --format tsv "$F/ab-g.tsv" >ab.tsv &&
	test "$(field ab.tsv count)" = 200 && test "$(field ab.tsv p50)" = 5 &&
	test "$(field ab.tsv max)" = 16 &&
	hr-latency "$F/ab-g.tsv" >ab.txt 2>/dev/null &&
	grep -q "^errors *unknown" ab.txt
'

test_expect_success 'summaries: the percentiles are said to be the tool'"'"'s' '
	for f in ab-e.csv locust_stats.csv locust_stats_history.csv wrk-latency.txt; do
		hr-latency -q "$F/$f" >s.txt &&
		grep -q "percentiles from the tool.s summary, not from raw values" s.txt || exit 1
	done &&
	hr-latency -q --json "$F/wrk-latency.txt" >w.json &&
	grep -q "\"percentiles_from\":\"tool\"" w.json
'

test_expect_success 'wrk: units (us, ms), non-2xx and socket errors' '
	hr-latency -q "$F/wrk-latency.txt" >w1 && grep -q "^p99  *7.5400  ms" w1 &&
	hr-latency -q "$F/wrk-latency-us.txt" >w2 && grep -q "^p50  *0.031000  ms" w2 &&
	hr-latency -q "$F/wrk-errors.txt" >w3 && grep -q "^errors  *108  14.3%" w3 &&
	hr-latency -q "$F/wrk-socket-errors.txt" >w4 && grep -q "^errors  *49  20.4%" w4
'

test_expect_success 'wrk2: the corrected HdrHistogram distribution, not -U'"'"'s nor the spectrum' '
	hr-latency -q --json "$F/wrk2-latency.txt" >w2.json &&
	grep -q "\"format\":\"wrk2\"" w2.json &&
	grep -q "\"requests\":59968,\"errors\":31," w2.json &&
	grep -q "\"mean\":1.35,\"stdev\":1.53," w2.json &&
	grep -q "\"p50\":1.16,\"p75\":1.46,\"p90\":1.82,\"p99\":3.84,\"p999\":21.9,\"max\":39.98," w2.json &&
	grep -q "\"p99.99\":33.09,\"p99.999\":40,\"p100\":40}" w2.json &&
	hr-latency "$F/wrk2-latency.txt" >w2.txt 2>/dev/null &&
	test_grep "wrk2.s percentiles are of its corrected latency" w2.txt
'

test_expect_success 'Locust: the failures file is refused with a pointer to the stats' '
	test_expect_code 2 hr-latency "$F/locust_failures.csv" 2>err &&
	test_grep "give PREFIX_stats.csv or PREFIX_stats_history.csv" err
'

# hdr-histogram-js 3.0 recorded these (its HistogramLogWriter, two tagged and
# untagged intervals); merged, it reported p50 4807, p90 9055, p99 50015,
# total 21221 (its getValueAtPercentile).
test_expect_success '.hlog from hdr-histogram-js: merged percentiles reproduced exactly' '
	hr-latency -q --json "$F/hdr-histogram-js.hlog" >h.json &&
	grep -q "\"count\":21221," h.json && grep -q "\"p50\":4807," h.json &&
	grep -q "\"p90\":9055," h.json && grep -q "\"p99\":50015," h.json
'

# hlog_js ARGS: tests/workloads/hlog-writer.js under node, with the
# hdr-histogram-js that make deps installs; a failure, not a skip, without it.
hlog_js() {
	local mods=${HEADROOM_NPM_DIR:-$SRC_ROOT/build/npm}/node_modules

	if ! command -v node >/dev/null || ! test -f "$mods/hdr-histogram-js/package.json"; then
		echo "node or hdr-histogram-js missing: run make deps (it needs node and npm)"
		return 1
	fi
	NODE_PATH=$mods node "$TEST_ROOT/workloads/hlog-writer.js" "$@"
}

# jfield JSON KEY: a number of a one-line JSON object.
jfield() { sed "s/.*\"$2\":\([^,}]*\).*/\1/" "$1"; }

test_expect_success 'logs hdr-histogram-js writes now: its percentiles, count and max exactly' '
	hlog_js live.hlog 7 12 3000 3 >js.json &&
	grep -q "^#\[Histogram log format version 1.3\]" live.hlog &&
	test $(grep -c "HISTF" live.hlog) = 12 && grep -q "^Tag=slow," live.hlog &&
	hr-latency -q --json live.hlog >hr.json &&
	grep -q "\"format\":\"hlog\"" hr.json &&
	for k in count max p50 p90 p99 p999; do
		test "$(jfield js.json $k)" = "$(jfield hr.json $k)" ||
		{ echo "$k: hdr-histogram-js $(jfield js.json $k), hr-latency $(jfield hr.json $k)"; exit 1; }
	done
'

test_expect_success 'two generators of other precisions: the merged percentiles exactly' '
	hlog_js gen1.hlog 11 6 4000 3 >/dev/null &&
	hlog_js gen2.hlog 12 9 2500 2 gen1.hlog >js2.json &&
	hr-latency -q --json gen2.hlog gen1.hlog >hr2.json &&
	test "$(jfield hr2.json count)" = 46500 &&
	for k in count p50 p90 p99 p999; do
		test "$(jfield js2.json $k)" = "$(jfield hr2.json $k)" ||
		{ echo "$k: hdr-histogram-js $(jfield js2.json $k), hr-latency $(jfield hr2.json $k)"; exit 1; }
	done
'

test_expect_success '--hlog writes a log that reads back to the same percentiles' '
	latency-gen plain 5000 11 >run.txt &&
	hr-latency -q --hdr --json --hlog run.hlog run.txt >direct.json &&
	head -n 1 run.hlog | grep -q "^#\[Histogram log format version 1.3\]" &&
	grep -q "HISTF" run.hlog &&
	hr-latency -q --json -u us --output-unit ms run.hlog >back.json &&
	for k in count p50 p99; do
		a=$(sed "s/.*\"$k\":\([^,]*\),.*/\1/" direct.json) &&
		b=$(sed "s/.*\"$k\":\([^,]*\),.*/\1/" back.json) &&
		awk -v a="$a" -v b="$b" "BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 0.001 * a + 0.001) }" ||
		{ echo "$k: $a vs $b"; exit 1; }
	done
'

test_expect_success 'merging generators: the true p99, not the mean of their p99s' '
	latency-gen plain 4000 21 median=5 >g1.txt &&
	latency-gen plain 4000 22 median=50 >g2.txt &&
	hr-latency -q --hlog g1.hlog g1.txt >/dev/null &&
	hr-latency -q --hlog g2.hlog g2.txt >/dev/null &&
	hr-latency -q --format tsv -u us --output-unit ms g1.hlog g2.hlog >m.tsv &&
	cat g1.txt g2.txt | hr-latency -q --format tsv >all.tsv &&
	awk -v a="$(field m.tsv p99)" -v b="$(field all.tsv p99)" \
		"BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 0.002 * b) }"
'

test_expect_success 'bad input of each format: file and line, exit 2' '
	head -n 2 "$F/jmeter.jtl" >bad.jtl && echo "1796460691123,fast,home,200" >>bad.jtl &&
	test_expect_code 2 hr-latency bad.jtl 2>e1 && test_grep "^hr-latency: bad.jtl:3: " e1 &&
	head -n 2 "$F/k6.json" >bad.json && echo "{\"metric\":\"http_req_duration\",\"type\":\"Point\",\"data\":{\"time\":" >>bad.json &&
	test_expect_code 2 hr-latency bad.json 2>e2 && test_grep "^hr-latency: bad.json:3: " e2 &&
	head -n 4 "$F/hdr-histogram-js.hlog" >bad.hlog && echo "1700000000.000,10.000,2.000,HISTFAAAACp4nJNpmSz" >>bad.hlog &&
	test_expect_code 2 hr-latency bad.hlog 2>e3 && test_grep "^hr-latency: bad.hlog:5: " e3 &&
	head -c 600 "$F/jmeter-xml.jtl" >trunc.xml &&
	test_expect_code 2 hr-latency trunc.xml 2>e4 && test_grep "^hr-latency: trunc.xml:[0-9]*: " e4
'

test_expect_success 'an unterminated quote and an enormous record are refused' '
	{ head -n 1 "$F/jmeter.jtl" && printf "1796460691123,12,\"open\n"; } >open.jtl &&
	test_expect_code 2 hr-latency open.jtl 2>e5 && test_grep "^hr-latency: open.jtl:2: " e5 &&
	{ head -n 1 "$F/jmeter.jtl" && printf "1,2,\"" && head -c 20000000 /dev/zero | tr "\\0" x; } >huge.jtl &&
	test_expect_code 2 hr-latency huge.jtl 2>e6 && test_grep "^hr-latency: huge.jtl:2: " e6
'

test_expect_success '--input-format names a format; a wrong one is an error' '
	hr-latency -q --json --input-format ab-gnuplot "$F/ab-g.tsv" >n.json &&
	grep -q "\"count\":200," n.json &&
	test_expect_code 2 hr-latency --input-format k6-json "$F/jmeter.jtl" 2>e7 &&
	test_grep "^hr-latency: .*jmeter.jtl:1: " e7
'

test_done
