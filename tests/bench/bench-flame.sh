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

# run OUT CMD...: runs CMD with its output in OUT; sets wall and cpu (user +
# system seconds: the fair figure on a shared machine).
run() {
	local out=$1 t
	shift
	t=$( { TIMEFORMAT='%R %U %S'; time nice "$@" >"$out" 2>/dev/null; } 2>&1 | tail -1)
	wall=${t%% *}
	cpu=$(awk -v u="$(echo "$t" | cut -d' ' -f2)" -v s="$(echo "$t" | cut -d' ' -f3)" \
		'BEGIN { printf "%.3f", u + s }')
}

run "$dir/hr.svg" bin/hr-flame "$in"
hr_w=$wall hr_c=$cpu hr_s=$(wc -c <"$dir/hr.svg")
printf 'hr-flame:      %7s s wall %7s s cpu  %10s bytes\n' "$hr_w" "$hr_c" "$hr_s"

if [ -z "$FLAMEGRAPH_DIR" ] || [ ! -f "$FLAMEGRAPH_DIR/flamegraph.pl" ]; then
	echo "FLAMEGRAPH_DIR is not set to a FlameGraph checkout: no comparison with flamegraph.pl"
	exit 0
fi
run "$dir/pl.svg" perl "$FLAMEGRAPH_DIR/flamegraph.pl" "$in"
pl_w=$wall pl_c=$cpu pl_s=$(wc -c <"$dir/pl.svg")
printf 'flamegraph.pl: %7s s wall %7s s cpu  %10s bytes\n' "$pl_w" "$pl_c" "$pl_s"
awk -v pw="$pl_w" -v hw="$hr_w" -v pc="$pl_c" -v hc="$hr_c" -v hs="$hr_s" -v ps="$pl_s" 'BEGIN {
	printf "speed-up: %.1fx cpu, %.1fx wall (goal 20x); size: %.2f of flamegraph.pl'"'"'s (goal <= 1)\n",
		pc / hc, pw / hw, hs / ps
}'
