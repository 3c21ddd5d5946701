#!/bin/bash
# hr-flame against FlameGraph's flamegraph.pl on 100,000 distinct stacks:
# seconds, output size, and the ratios when FLAMEGRAPH_DIR points at a
# FlameGraph checkout. Usage: bench-flame.sh [STACKS]
set -e
cd "$(dirname "$0")/../.."
n=${1:-100000}
dir=build/bench/flame
mkdir -p "$dir"
in=$dir/stacks-$n.folded

# Deterministic input shaped like real profiles: a few processes, call paths
# that share prefixes (so frames merge), depths 3-40, skewed counts.
if [ ! -s "$in" ]; then
	awk -v n="$n" 'BEGIN {
		srand(42)
		for (i = 0; i < 3000; i++)
			fn[i] = sprintf("%s_%s_%d", substr("abcdefghijklmnopqrstuvwxyz", i % 26 + 1, 1),
				(i % 3 ? "handler" : "ns::Class::method(int, char const*)"), i)
		split("api worker cron db-writer kworker/0:1", proc, " ")
		while (seen < n) {
			d = 3 + int(rand() * rand() * 38)
			s = proc[1 + int(rand() * 5)]
			h = 0
			for (j = 0; j < d; j++) {
				# Low depths pick from few names, deep ones from many.
				k = int(rand() * (j < 4 ? 4 + j * 3 : 3000))
				s = s ";" fn[k]
			}
			if (s in have) continue
			have[s] = 1
			seen++
			print s, 1 + int(100 / (1 + rand() * 99))
		}
	}' >"$in"
fi
printf 'input: %s distinct stacks, %s bytes\n' "$(wc -l <"$in")" "$(wc -c <"$in")"

secs() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.3f", e - s }'; }

t0=$(date +%s.%N)
nice bin/hr-flame "$in" >"$dir/hr.svg"
t1=$(date +%s.%N)
hr_t=$(secs "$t0" "$t1")
hr_s=$(wc -c <"$dir/hr.svg")
printf 'hr-flame:      %8s s  %10s bytes\n' "$hr_t" "$hr_s"

if [ -z "$FLAMEGRAPH_DIR" ] || [ ! -f "$FLAMEGRAPH_DIR/flamegraph.pl" ]; then
	echo "FLAMEGRAPH_DIR is not set to a FlameGraph checkout: no comparison with flamegraph.pl"
	exit 0
fi
t0=$(date +%s.%N)
nice perl "$FLAMEGRAPH_DIR/flamegraph.pl" "$in" >"$dir/pl.svg" 2>/dev/null
t1=$(date +%s.%N)
pl_t=$(secs "$t0" "$t1")
pl_s=$(wc -c <"$dir/pl.svg")
printf 'flamegraph.pl: %8s s  %10s bytes\n' "$pl_t" "$pl_s"
awk -v a="$pl_t" -v b="$hr_t" -v c="$hr_s" -v d="$pl_s" 'BEGIN {
	printf "speed-up: %.1fx (goal 20x)   size: %.2f of flamegraph.pl'"'"'s (goal <= 1)\n", a / b, c / d
}'
