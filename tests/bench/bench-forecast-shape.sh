#!/bin/bash
# hr-forecast's time on a daily sawtooth (a disk a nightly job cleans: the
# robust fit, daily season of order 50) against a smooth series of the same
# length (a week of minutes): the sawtooth may take at most 3x the smooth
# series' time. Wall time is the best of FORECAST_BENCH_RUNS runs (default
# 5); with valgrind, instruction counts too (callgrind: repeatable on a busy
# machine; FORECAST_BENCH_CALLGRIND=0 skips them). Exit 1 when over 3x.
cd "$(dirname "$0")/../.." || exit 2
export PATH="$PWD/bin:$PATH" TZ=UTC LC_ALL=C
out=build/bench/forecast-shape
mkdir -p "$out"
runs=${FORECAST_BENCH_RUNS:-5}

awk 'BEGIN { for (i = 0; i < 10080; i++) printf "%d\t%.2f\n", 1796000000 + i * 60, 50 + (i % 1440) / 100 }' \
	>"$out/sawtooth.tsv"
awk 'BEGIN { for (i = 0; i < 10080; i++)
	printf "%d\t%.2f\n", 1796000000 + i * 60, 50 + i / 1000 + 3 * sin(i * 6.283185 / 1440) }' \
	>"$out/smooth.tsv"

# best SERIES: the shortest of $runs wall times, in seconds
best() {
	local i b= s e t
	for ((i = 0; i < runs; i++)); do
		s=$(date +%s.%N)
		hr-forecast -q "$out/$1.tsv" >/dev/null || return 1
		e=$(date +%s.%N)
		t=$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f", e - s }')
		if [ -z "$b" ] || awk -v t="$t" -v b="$b" 'BEGIN { exit !(t < b) }'; then b=$t; fi
	done
	echo "$b"
}

# instructions SERIES: callgrind's count of instructions executed
instructions() {
	valgrind --tool=callgrind --callgrind-out-file=/dev/null hr-forecast -q "$out/$1.tsv" \
		2>&1 >/dev/null | sed -n 's/.*Collected : *//p'
}

hr-forecast -s "$out/sawtooth.tsv" 2>/dev/null | sed -n 's/^model: */sawtooth model: /p'
hr-forecast -s "$out/smooth.tsv" 2>/dev/null | sed -n 's/^model: */smooth model:   /p'
saw=$(best sawtooth) && smooth=$(best smooth) || { echo "hr-forecast failed"; exit 1; }
ratio=$(awk -v a="$saw" -v b="$smooth" 'BEGIN { printf "%.2f", a / b }')
echo "wall time, best of $runs: sawtooth ${saw}s, smooth ${smooth}s: ${ratio}x"
if [ "${FORECAST_BENCH_CALLGRIND:-1}" != 0 ] && command -v valgrind >/dev/null; then
	isaw=$(instructions sawtooth) && ismooth=$(instructions smooth)
	ratio=$(awk -v a="$isaw" -v b="$ismooth" 'BEGIN { printf "%.2f", a / b }')
	echo "instructions: sawtooth $isaw, smooth $ismooth: ${ratio}x"
fi
if awk -v r="$ratio" 'BEGIN { exit !(r > 3) }'; then
	echo "the sawtooth takes over 3x the smooth series' time"
	exit 1
fi
echo "the sawtooth takes at most 3x the smooth series' time"
