#!/bin/bash
# hr-latency reading the load generators' own files: a JMeter JTL (CSV) of
# BENCH_FORMATS_ROWS rows (default 10 million) and a k6 --out json file of as
# many lines, both from latency-gen, against pandas reading the same file
# (Debian's python3-pandas under /usr/bin/python3, installed here when
# missing and run as root; never by make check); and merging 100 .hlog
# files of 100 intervals each. Figures: wall and CPU seconds, best of 3 for
# hr-latency (one run for pandas), MB/s of the file over hr-latency's wall
# and CPU time, and the ratio of CPU times pandas/hr-latency (the target: at
# least 5x); the merge's wall time (the target: under 1 s).
cd "$(dirname "$0")/../.." || exit 2
. tests/bench/lib.sh
PY=${PANDAS_PYTHON:-/usr/bin/python3}
ROWS=${BENCH_FORMATS_ROWS:-10000000}
dir=build/bench/formats
mkdir -p "$dir"
gen=build/tests/latency-gen
[ -x "$gen" ] || { echo "bench-latency-formats: $gen missing: make check-run builds it" >&2; exit 2; }

jtl=$dir/results-$ROWS.jtl
[ -s "$jtl" ] || "$gen" jtl $((ROWS)) 15 errors=0.01 labels=8 >"$jtl"
# latency-gen writes 13 lines per k6 request and 13 Metric lines first.
k6=$dir/k6-$ROWS.json
[ -s "$k6" ] || "$gen" k6 $(((ROWS - 13) / 13)) 16 errors=0.01 labels=8 >"$k6"

mbs() { awk -v b="$(stat -c %s "$1")" -v w="${2% *}" -v c="${2#* }" \
	'BEGIN { printf "%.0f MB/s wall, %.0f MB/s cpu", b / 1e6 / w, b / 1e6 / c }'; }
show() { printf '%-44s %7ss wall %6ss cpu  %s\n' "$1" "${2% *}" "${2#* }" "$3"; }
size() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.0f MB", b / 1e6 }'; }

if ! "$PY" -c 'import pandas' 2>/dev/null && [ "$(id -u)" = 0 ] && [ "$PY" = /usr/bin/python3 ]; then
	echo "installing python3-pandas for the comparison" >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-pandas >&2
fi
have_pandas=
"$PY" -c 'import pandas' 2>/dev/null && have_pandas=1

echo "JTL: $(wc -l <"$jtl") lines, $(size "$jtl")"
hj=$(best nice bin/hr-latency "$jtl")
show 'hr-latency results.jtl' "$hj" "$(mbs "$jtl" "$hj")"
if [ -n "$have_pandas" ]; then
	pj=$(RUNS=1 best nice "$PY" -c '
import sys, pandas as pd
d = pd.read_csv(sys.argv[1], usecols=["timeStamp", "elapsed", "label", "success"])
ok = d[d["success"]]
v = ok["elapsed"]
print(len(d), len(d) - len(ok), v.min(), v.mean(), v.std(), v.quantile([.5, .75, .9, .95, .99, .999]).tolist(), v.max(),
      len(d) / ((d["timeStamp"].max() - d["timeStamp"].min()) / 1000))
' "$jtl")
	show 'pandas read_csv + quantile' "$pj" "$(ratio "$pj" "$hj") (target >= 5x)"
fi

echo "k6 JSON: $(wc -l <"$k6") lines, $(size "$k6")"
hk=$(best nice bin/hr-latency "$k6")
show 'hr-latency k6.json' "$hk" "$(mbs "$k6" "$hk")"
if [ -n "$have_pandas" ]; then
	pk=$(RUNS=1 best nice "$PY" -c '
import sys, pandas as pd
parts = []
for c in pd.read_json(sys.argv[1], lines=True, chunksize=1000000):
	c = c[(c["type"] == "Point") & (c["metric"] == "http_req_duration")]
	parts.append(pd.DataFrame({"value": c["data"].map(lambda x: x["value"]),
				   "ok": c["data"].map(lambda x: x["tags"].get("expected_response") == "true")}))
d = pd.concat(parts)
v = d[d["ok"]]["value"]
print(len(d), (~d["ok"]).sum(), v.min(), v.mean(), v.std(), v.quantile([.5, .75, .9, .95, .99, .999]).tolist(), v.max())
' "$k6")
	show 'pandas read_json(lines, chunks) + quantile' "$pk" "$(ratio "$pk" "$hk") (target >= 5x)"
else
	echo "pandas: not available to $PY (Debian: apt-get install python3-pandas; or set PANDAS_PYTHON)"
fi

# 100 load generators' logs, 100 one-second intervals each.
hl=$dir/hlog
if [ ! -s "$hl/gen100.hlog" ]; then
	mkdir -p "$hl"
	for i in $(seq 1 100); do
		"$gen" timed 10000 $((100 + i)) >"$hl/run.txt"
		bin/hr-latency -q -f 3 --status-field 2 --time-field 1 --window 1s \
			--hlog "$hl/gen$i.hlog" "$hl/run.txt" >/dev/null
	done
	rm -f "$hl/run.txt"
fi
hm=$(best nice bin/hr-latency -q -u us --output-unit ms "$hl"/gen*.hlog)
bytes=$(cat "$hl"/gen*.hlog | wc -c)
show "hr-latency, 100 .hlog files merged ($((bytes / 1000)) kB)" "$hm" \
	"$(awk -v b="$bytes" -v w="${hm% *}" -v c="${hm#* }" 'BEGIN { printf "%.0f MB/s wall, %.0f MB/s cpu", b / 1e6 / w, b / 1e6 / c }')"
if awk -v t="${hm% *}" 'BEGIN { exit !(t < 1) }'; then
	echo "merging 100 .hlog files under 1 s wall: yes"
else
	echo "merging 100 .hlog files under 1 s wall: NO (${hm% *} s; CPU ${hm#* } s: a busy machine?)"
fi
