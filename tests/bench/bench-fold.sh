#!/bin/bash
# hr-fold against FlameGraph's stackcollapse-perf.pl on 100 MB of perf script
# output (copies of the bundled example, concatenated). Prints MB/s for each
# and the ratio; set FLAMEGRAPH_DIR to a FlameGraph checkout for the Perl side.
# Speeds are computed from CPU time (user + system) of the single process,
# which a busy machine disturbs far less than wall-clock time; both are shown.
set -e
cd "$(dirname "$0")/../.."
dir=build/bench/fold
mkdir -p "$dir"
input=$dir/perf-100mb.txt
if [ ! -s "$input" ]; then
	gzip -dc tests/data/fold/example-perf-stacks.txt.gz >"$dir/one.txt"
	: >"$input"
	while [ "$(stat -c %s "$input")" -lt 100000000 ]; do cat "$dir/one.txt" >>"$input"; done
	rm -f "$dir/one.txt"
fi
bytes=$(stat -c %s "$input")
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')

# run N CMD...: runs CMD N times in a row; prints the CPU (user + system)
# and wall seconds of one run, from bash's time keyword
run() {
	local n=$1 i t
	shift
	t=$( { TIMEFORMAT='%3U %3S %3R'; time { for ((i = 0; i < n; i++)); do "$@" >"$OUT" 2>/dev/null || exit 1; done; }; } 2>&1 )
	echo "$t" | awk -v n="$n" '{ printf "%.3f %.3f", ($1 + $2) / n, $3 / n }'
}
export OUT=$dir/out
speed() { awk -v b="$bytes" -v s="$1" 'BEGIN { printf "%.0f", b / 1e6 / (s > 0 ? s : 0.001) }'; }

echo "input: $mb MB of perf script output ($input)"
hr=$(run 10 bin/hr-fold "$input")
cp "$dir/out" "$dir/hr-fold.folded"
hr_cpu=${hr% *} hr_wall=${hr#* }
printf 'hr-fold                %6s MB/s  (cpu %ss, wall %ss)\n' "$(speed "$hr_cpu")" "$hr_cpu" "$hr_wall"

if [ -z "$FLAMEGRAPH_DIR" ] || [ ! -f "$FLAMEGRAPH_DIR/stackcollapse-perf.pl" ]; then
	echo "stackcollapse-perf.pl  skipped: set FLAMEGRAPH_DIR to a FlameGraph checkout to compare"
	exit 0
fi
pl=$(run 1 perl "$FLAMEGRAPH_DIR/stackcollapse-perf.pl" "$input")
pl_cpu=${pl% *} pl_wall=${pl#* }
printf 'stackcollapse-perf.pl  %6s MB/s  (cpu %ss, wall %ss)\n' "$(speed "$pl_cpu")" "$pl_cpu" "$pl_wall"
if cmp -s "$dir/out" "$dir/hr-fold.folded"; then same="identical output"; else same="OUTPUT DIFFERS"; fi
awk -v a="$pl_cpu" -v b="$hr_cpu" -v s="$same" \
	'BEGIN { printf "ratio: hr-fold is %.1fx stackcollapse-perf.pl (%s)\n", a / (b > 0 ? b : 0.001), s }'
