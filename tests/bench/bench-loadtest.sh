#!/bin/bash
# hr-latency on 10 million latencies (exact percentiles and --hdr) against
# what a user would type instead: a numpy one-liner (Debian's python3-numpy;
# PYTHON names the interpreter, default python3) and sort | awk. hr-usl on a
# 50-level progressive load test. Figures: wall seconds, best of 3 (one run for sort), and the
# ratio peer/hr-latency (above 1: hr-latency is faster).
cd "$(dirname "$0")/../.." || exit 2
PYTHON=${PYTHON:-python3}
N=${BENCH_LATENCY_N:-10000000}
dir=build/bench/loadtest
mkdir -p "$dir"
data=$dir/latencies-$N.txt
if [ ! -s "$data" ]; then
	awk -v n="$N" 'BEGIN { srand(42); for (i = 0; i < n; i++) printf "%.3f\n", exp(log(20) + 0.7 * (rand() + rand() + rand() - 1.5) * 2) + (rand() < 0.01 ? rand() * 2000 : 0) }' >"$data"
fi

# best CMD...: the best wall time of $RUNS runs (default 3), in seconds.
best() {
	local i t b=
	for ((i = 0; i < ${RUNS:-3}; i++)); do
		t=$( { /usr/bin/env TIMEFORMAT=%R bash -c 'time "$@" >/dev/null' _ "$@"; } 2>&1 | tail -1)
		if [ -z "$b" ] || awk -v t="$t" -v b="$b" 'BEGIN { exit !(t < b) }'; then b=$t; fi
	done
	echo "$b"
}
ratio() { awk -v p="$1" -v h="$2" 'BEGIN { printf "%.1fx", p / h }'; }
maxrss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

printf '%s values, %s MB of text\n' "$N" "$(( $(stat -c %s "$data") / 1000000 ))"
exact=$(best nice bin/hr-latency "$data")
hdr=$(best nice bin/hr-latency --hdr "$data")
printf '%-44s %6ss  max RSS %s KB\n' 'hr-latency (exact)' "$exact" "$(maxrss bin/hr-latency "$data")"
printf '%-44s %6ss  max RSS %s KB\n' 'hr-latency --hdr' "$hdr" "$(maxrss bin/hr-latency --hdr "$data")"
if awk -v t="$exact" 'BEGIN { exit !(t < 2) }'; then
	echo "exact mode under 2 s: yes"
else
	echo "exact mode under 2 s: NO ($exact s)"
fi

if "$PYTHON" -c 'import numpy' 2>/dev/null; then
	np=$(best nice "$PYTHON" -c '
import sys, numpy as np
v = np.fromstring(open(sys.argv[1]).read(), sep="\n")
print(len(v), v.min(), v.mean(), v.std(ddof=1), np.percentile(v, [50, 75, 90, 95, 99, 99.9]), v.max())
' "$data")
	printf '%-44s %6ss  %s\n' 'numpy (np.fromstring + np.percentile)' "$np" "$(ratio "$np" "$exact")"
	npl=$(best nice "$PYTHON" -c '
import sys, numpy as np
v = np.loadtxt(sys.argv[1])
print(np.percentile(v, [50, 75, 90, 95, 99, 99.9]))
' "$data")
	printf '%-44s %6ss  %s\n' 'numpy (np.loadtxt + np.percentile)' "$npl" "$(ratio "$npl" "$exact")"
else
	echo "numpy: not available to $PYTHON (Debian: apt-get install python3-numpy; or set PYTHON)"
fi

sa=$(RUNS=1 best nice bash -c 'LC_ALL=C sort -n -S 25% "$1" | awk "{ v[NR] = \$1; s += \$1 } END { n = NR; split(\"50 75 90 95 99 99.9\", q, \" \"); for (i = 1; i <= 6; i++) { h = (n - 1) * q[i] / 100; f = int(h); printf \"%s \", v[f + 1] + (h - f) * (v[f + 2] - v[f + 1]) } print s / n }"' _ "$data")
printf '%-44s %6ss  %s\n' 'sort -n | awk (type-7 percentiles)' "$sa" "$(ratio "$sa" "$exact")"

awk 'BEGIN { for (n = 1; n <= 50; n++) printf "%d %.4f\n", n * 4, 100 * n * 4 / (1 + 0.03 * (n * 4 - 1) + 0.0004 * n * 4 * (n * 4 - 1)) * (1 + 0.02 * sin(n)) }' >"$dir/levels.txt"
usl=$(best nice bin/hr-usl --svg "$dir/usl.svg" "$dir/levels.txt")
printf '%-44s %6ss\n' 'hr-usl, 50 levels with --svg' "$usl"
