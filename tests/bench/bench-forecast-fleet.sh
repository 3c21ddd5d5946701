#!/bin/bash
# hr-forecast at fleet scale: 5,000 series of 720 hourly points (30 days) in
# one stream, the shape of `hr-query ... --step 1h` over a fleet, forecast on
# one thread and on --jobs 0 (one per processor). The goal is at most 60 s
# on 2 cores. FLEET_SERIES changes the number of series.
cd "$(dirname "$0")/../.." || exit 2
export PATH="$PWD/bin:$PATH" TZ=UTC LC_ALL=C
out=build/bench/forecast-fleet
mkdir -p "$out"
n=${FLEET_SERIES:-5000}
awk -v n="$n" 'BEGIN {
	srand(12)
	for (s = 0; s < n; s++) {
		a = 20 + rand() * 50; b = rand() * 0.05; c = rand() * 10; d = rand() * 3
		for (i = 0; i < 720; i++)
			printf "%d\tdisk.used_pct{host=h%d}\t%.3f\n", 1790000000 + 3600 * i, s,
				a + b * i + c * sin(2 * 3.14159265 * i / 24) + d * rand()
	}
}' >"$out/fleet.tsv"
# One series too short, as a new host's would be: named, the rest forecast.
printf '1792588400\tdisk.used_pct{host=new}\t5\n' >>"$out/fleet.tsv"
run() {
	local start secs
	start=$(date +%s.%N)
	hr-forecast -q -H 7d -t 95 "$@" "$out/fleet.tsv" >"$out/forecast.tsv" 2>"$out/err"
	echo $? >"$out/rc"
	secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN{printf "%.1f", e-s}')
	echo "$secs"
}
one=$(run --jobs 1); rc1=$(cat "$out/rc")
cp "$out/forecast.tsv" "$out/forecast-1.tsv"
all=$(run --jobs 0); rc0=$(cat "$out/rc")
cmp -s "$out/forecast.tsv" "$out/forecast-1.tsv" || echo "bench-forecast-fleet: --jobs changed the output"
echo "$n series x 720 hourly points, 7 days ahead, threshold 95 (exit $rc1 and $rc0):"
awk -v a="$one" -v b="$all" -v n="$n" -v c="$(nproc)" 'BEGIN {
	printf "  --jobs 1: %.1fs (%.1f ms a series); --jobs 0 (%d processors): %.1fs, %.2fx faster\n",
		a, 1000 * a / n, c, b, a / b
	printf "  goal: at most 60s: %s\n", b <= 60 ? "met" : "missed" }'
grep -c 'too short' "$out/err" | sed 's/^/  series named as too short: /'
