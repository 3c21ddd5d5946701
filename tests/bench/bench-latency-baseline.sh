#!/bin/bash
# The false-positive rate of hr-latency --baseline: 100 pairs of runs drawn
# from one distribution (latency-gen timed, 10000 requests each, 1 % errors,
# seeds apart), each compared at the default 95 % simultaneous confidence.
# Prints, per metric, how many pairs were called regressed or improved, and
# how many pairs had any verdict; the issue's bound is 5 of 100 regressed.
# A second set, other seeds and a heavier tail (sigma 1), checks the bound
# there too.
cd "$(dirname "$0")/../.." || exit 2
gen=build/tests/latency-gen
[ -x "$gen" ] || { echo "bench-latency-baseline: $gen missing: make check-run builds it" >&2; exit 2; }
dir=build/bench/baseline
mkdir -p "$dir"
PAIRS=${BENCH_BASELINE_PAIRS:-100}

run_set() {
	local opts=$1 seed=$3 i
	: >"$dir/verdicts.tsv"
	for i in $(seq 1 "$PAIRS"); do
		"$gen" timed 10000 $((seed + 2 * i)) errors=0.01 $opts >"$dir/a.txt"
		"$gen" timed 10000 $((seed + 1 + 2 * i)) errors=0.01 $opts >"$dir/b.txt"
		bin/hr-latency -q -f 3 --status-field 2 --time-field 1 --format tsv \
			--baseline "$dir/a.txt" "$dir/b.txt" | awk -v i="$i" -F'\t' 'NR > 1 { print i "\t" $1 "\t" $NF }' \
			>>"$dir/verdicts.tsv"
	done
	awk -F'\t' -v pairs="$PAIRS" -v what="$2" '
		{ m[$2] = 1; if ($3 == "regressed") { r[$2]++; rp[$1] = 1 } if ($3 == "improved") im[$2]++
		  if ($3 != "no significant change") any[$1] = 1 }
		END {
			printf "%s, %d pairs\n", what, pairs
			n = split("p50 p90 p95 p99 errors", order, " ")
			for (k = 1; k <= n; k++)
				printf "  %-7s regressed %3d  improved %3d\n", order[k], r[order[k]], im[order[k]]
			nr = 0; for (p in rp) nr++; na = 0; for (p in any) na++
			printf "  pairs with any metric regressed: %d of %d (%.1f %%)\n", nr, pairs, 100 * nr / pairs
			printf "  pairs with any verdict but no change: %d of %d (%.1f %%)\n", na, pairs, 100 * na / pairs
		}' "$dir/verdicts.tsv"
}
run_set "" "log-normal, median 20 ms, sigma 0.5" 5000
run_set "sigma=1" "log-normal, median 20 ms, sigma 1 (heavier tail)" 9000
