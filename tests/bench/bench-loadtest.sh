#!/bin/bash
# hr-latency on 10 million latencies (exact percentiles and --hdr) against
# what a user would type instead: a numpy one-liner (Debian's python3-numpy;
# PYTHON names the interpreter, default python3) and sort | awk. hr-usl on a
# 50-level progressive load test; hr-latency --by on 5 million labelled lines
# (BENCH_LATENCY_BY_N). Figures: wall and CPU seconds, best of 3
# (one run for sort), and the ratio of CPU times peer/hr-latency (above 1:
# hr-latency is faster).
cd "$(dirname "$0")/../.." || exit 2
. tests/bench/lib.sh
PYTHON=${PYTHON:-python3}
N=${BENCH_LATENCY_N:-10000000}
dir=build/bench/loadtest
mkdir -p "$dir"
data=$dir/latencies-$N.txt
if [ ! -s "$data" ]; then
	awk -v n="$N" 'BEGIN { srand(42); for (i = 0; i < n; i++) printf "%.3f\n", exp(log(20) + 0.7 * (rand() + rand() + rand() - 1.5) * 2) + (rand() < 0.01 ? rand() * 2000 : 0) }' >"$data"
fi

# best CMD...: "WALL CPU" seconds (CPU = user + system) of the run with the
# least CPU time out of $RUNS (default 3). CPU time is the fair figure on a
# shared machine, where wall time mostly measures the neighbours.
maxrss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
show() { printf '%-40s %7ss wall %6ss cpu  %s\n' "$1" "${2% *}" "${2#* }" "$3"; }

printf '%s values, %s MB of text\n' "$N" "$(( $(stat -c %s "$data") / 1000000 ))"
exact=$(best nice bin/hr-latency "$data")
hdr=$(best nice bin/hr-latency --hdr "$data")
show 'hr-latency (exact)' "$exact" "max RSS $(maxrss bin/hr-latency "$data") KB"
show 'hr-latency --hdr' "$hdr" "max RSS $(maxrss bin/hr-latency --hdr "$data") KB"
if awk -v t="${exact% *}" 'BEGIN { exit !(t < 2) }'; then
	echo "exact mode under 2 s wall: yes"
else
	echo "exact mode under 2 s wall: NO (${exact% *} s; CPU ${exact#* } s: a busy machine?)"
fi

if "$PYTHON" -c 'import numpy' 2>/dev/null; then
	np=$(best nice "$PYTHON" -c '
import sys, numpy as np
v = np.fromstring(open(sys.argv[1]).read(), sep="\n")
print(len(v), v.min(), v.mean(), v.std(ddof=1), np.percentile(v, [50, 75, 90, 95, 99, 99.9]), v.max())
' "$data")
	show 'numpy (np.fromstring + np.percentile)' "$np" "$(ratio "$np" "$exact")"
	npl=$(best nice "$PYTHON" -c '
import sys, numpy as np
v = np.loadtxt(sys.argv[1])
print(np.percentile(v, [50, 75, 90, 95, 99, 99.9]))
' "$data")
	show 'numpy (np.loadtxt + np.percentile)' "$npl" "$(ratio "$npl" "$exact")"
else
	echo "numpy: not available to $PYTHON (Debian: apt-get install python3-numpy; or set PYTHON)"
fi

# --by: a JMeter-like file of USER LABEL LATENCY lines, summarised per label
# (200 groups) and per user (100000 groups), for the group table's lookups.
NBY=${BENCH_LATENCY_BY_N:-5000000}
bydata=$dir/by-$NBY.txt
if [ ! -s "$bydata" ]; then
	awk -v n="$NBY" 'BEGIN { srand(7); for (i = 0; i < n; i++) printf "u%d /api/v2/resource-%d %.3f\n", int(rand() * 100000), int(rand() * rand() * 200), exp(log(20) + 0.7 * (rand() + rand() - 1) * 2) }' >"$bydata"
fi
by200=$(best nice bin/hr-latency --by 2 -f 3 "$bydata")
by100k=$(best nice bin/hr-latency --by 1 -f 3 "$bydata")
show "hr-latency --by, $NBY lines, 200 groups" "$by200" ""
show "hr-latency --by, $NBY lines, 100k groups" "$by100k" ""

sa=$(RUNS=1 best nice bash -c 'LC_ALL=C sort -n -S 25% "$1" | awk "{ v[NR] = \$1; s += \$1 } END { n = NR; split(\"50 75 90 95 99 99.9\", q, \" \"); for (i = 1; i <= 6; i++) { h = (n - 1) * q[i] / 100; f = int(h); printf \"%s \", v[f + 1] + (h - f) * (v[f + 2] - v[f + 1]) } print s / n }"' _ "$data")
show 'sort -n | awk (type-7 percentiles)' "$sa" "$(ratio "$sa" "$exact")"

awk 'BEGIN { for (n = 1; n <= 50; n++) printf "%d %.4f\n", n * 4, 100 * n * 4 / (1 + 0.03 * (n * 4 - 1) + 0.0004 * n * 4 * (n * 4 - 1)) * (1 + 0.02 * sin(n)) }' >"$dir/levels.txt"
usl=$(best nice bin/hr-usl --svg "$dir/usl.svg" "$dir/levels.txt")
show 'hr-usl, 50 levels with --svg' "$usl" ""
