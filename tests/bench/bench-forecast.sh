#!/bin/bash
# Accuracy and speed of hr-forecast against R's forecast package (ets,
# auto.arima, stlf): MASE on a held-out tail and 95 % interval coverage on
# co2 and AirPassengers (R's datasets), taylor (half-hourly electricity demand,
# from the forecast package) and synthetic capacity series with known truth;
# then the time to fit and forecast a year of one-minute samples. Each series
# is scored over several cases (rolling origins of the real series, fresh
# draws of the synthetic ones; see bench-forecast.R): MASE averaged, coverage
# pooled over all the held-out points.
# R comes from Debian (r-base-core, r-cran-forecast): installed when missing
# and running as root, otherwise the benchmark says what is missing.
# FORECAST_BENCH_SPEED=0 skips the year-of-minutes timing. FORECAST_BENCH_R=0
# reuses R's results of an earlier run (build/bench/forecast/r-results.tsv)
# instead of refitting (auto.arima alone takes minutes); FORECAST_BENCH_SERIES
# (names separated by spaces) limits the table to those series.
cd "$(dirname "$0")/../.." || exit 2
export PATH="$PWD/bin:$PATH" TZ=UTC LC_ALL=C
here=tests/bench
out=build/bench/forecast
mkdir -p "$out"

have_r() { command -v Rscript >/dev/null && Rscript -e 'library(forecast)' >/dev/null 2>&1; }
if ! have_r && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
	echo "installing r-base-core and r-cran-forecast"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		r-base-core r-cran-forecast >/dev/null 2>&1 ||
	{ apt-get update -qq >/dev/null 2>&1 &&
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		r-base-core r-cran-forecast >/dev/null 2>&1; }
fi
if ! have_r; then
	echo "bench-forecast: R's forecast package is missing (Debian: r-base-core r-cran-forecast); skipped"
	exit 0
fi

speed=speed
[ "${FORECAST_BENCH_SPEED:-1}" = 0 ] && speed=
if [ "${FORECAST_BENCH_R:-1}" = 0 ] && [ -s "$out/r-results.tsv" ]; then
	echo "reusing R's results of an earlier run ($out/r-results.tsv)"
else
	echo "fitting R's ets, auto.arima and stlf (this takes several minutes)"
	nice Rscript "$here/bench-forecast.R" "$out" $speed || { echo "R script failed"; exit 1; }
fi

# hr-forecast on each case's training part, scored like R's methods; then
# each series' MASE averaged over its cases and its coverage pooled over them.
: >"$out/hr-cases.tsv"
: >"$out/hr-models.txt"
while IFS=$'\t' read -r name k n h m scale rest; do
	[ "$name" = series ] && continue
	if [ -n "${FORECAST_BENCH_SERIES:-}" ]; then
		case " $FORECAST_BENCH_SERIES " in *" $name "*) ;; *) continue ;; esac
	fi
	base=$out/$name.$k
	start=$(date +%s.%N)
	hr-forecast -q -H "$h" --level 95 "$base.train.tsv" >"$base.hr.tsv" 2>"$base.hr.err"
	rc=$?
	secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN{printf "%.3f", e-s}')
	if [ $rc -gt 1 ]; then
		echo "$name case $k: hr-forecast failed: $(cat "$base.hr.err")"
		continue
	fi
	hr-forecast -q -H "$h" --summary "$base.train.tsv" 2>/dev/null |
		sed -n "s/^model: */$name $k: /p" >>"$out/hr-models.txt"
	grep -v '^#' "$base.hr.tsv" | paste - <(cut -f2 "$base.test.tsv") |
		awk -v s="$scale" -v name="$name" -v k="$k" -v secs="$secs" '
			{ e += ($2 > $5 ? $2 - $5 : $5 - $2); c += ($5 >= $3 && $5 <= $4); n++ }
			END { printf "%s\t%s\t%.6f\t%.6f\t%s\n", name, k, e / n / s, c / n, secs }' \
		>>"$out/hr-cases.tsv"
done <"$out/r-results.tsv"

awk -F'\t' -v OFS='\t' '
	function cell(m, c, s) {
		if (m == "NA")
			return sprintf("%-19s", "failed")
		return sprintf("%5.3f %5.1f%% %5.1f", m, 100 * c, s)
	}
	FNR == 1 && NR > 1 && FILENAME ~ /r-results/ { next }
	FILENAME ~ /hr-cases/ { hm[$1] += $3; hc[$1] += $4; hs[$1] += $5; hn[$1]++; next }
	$1 == "series" { next }
	{
		name = $1; if (!(name in rn)) order[++ns] = name; rn[name]++; nn[name] = $3; hh[name] = $4
		for (j = 0; j < 3; j++) {
			mm = $(7 + 3 * j); if (mm == "NA") fail[name, j] = 1
			rm[name, j] += mm; rc[name, j] += $(8 + 3 * j); rs[name, j] += $(9 + 3 * j)
		}
	}
	END {
		printf "%-15s %5s %5s %5s | %-19s | %-19s | %-19s | %-19s | %s\n", "series", "cases", "n", "h",
			"hr-forecast", "ets", "auto.arima", "stlf", "hr MASE / best R"
		printf "%-15s %5s %5s %5s | %-19s | %-19s | %-19s | %-19s |\n", "", "", "", "",
			"MASE  cover  secs", "MASE  cover  secs", "MASE  cover  secs", "MASE  cover  secs"
		for (i = 1; i <= ns; i++) {
			name = order[i]
			if (!(name in hn) || hn[name] != rn[name]) continue
			k = rn[name]; best = ""
			for (j = 0; j < 3; j++) {
				if ((name, j) in fail) { r[j] = "NA"; continue }
				r[j] = rm[name, j] / k
				if (best == "" || r[j] < best) best = r[j]
			}
			a = hm[name] / k; total++
			if (a <= best) wins++
			else if (a <= 1.01 * best) ties++
			if (hc[name] / k >= 0.90 && hc[name] / k <= 0.99) covered++
			printf "%-15s %5d %5d %5d | %s | %s | %s | %s | %.2f\n", name, k, nn[name], hh[name],
				cell(a, hc[name] / k, hs[name]),
				cell(r[0], rc[name, 0] / k, rs[name, 0]), cell(r[1], rc[name, 1] / k, rs[name, 1]),
				cell(r[2], rc[name, 2] / k, rs[name, 2]), a / best
		}
		printf "\n(MASE: mean over the cases; cover: share of all held-out points inside the 95 %% interval;\n"
		printf " secs: total over the cases; n: the last case'"'"'s training length)\n\n"
		printf "hr-forecast MASE no worse than the best of R'"'"'s methods on %d of %d series,\n", wins, total
		printf "within 1 %% of it on %d more;\n", ties
		printf "95 %% interval coverage within 90-99 %% on %d of %d series\n", covered, total
	}' "$out/hr-cases.tsv" "$out/r-results.tsv"
echo
echo "hr-forecast's models:"
sed 's/^/  /' "$out/hr-models.txt"
if [ -n "$speed" ] && [ -s "$out/r-speed.txt" ]; then
	start=$(date +%s.%N)
	hr-forecast -q -H 1440 "$out/year-minutes.tsv" >/dev/null
	hs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN{printf "%.3f", e-s}')
	rs=$(cat "$out/r-speed.txt")
	echo
	echo "a year of one-minute samples (525600 points), fit and forecast a day:"
	awk -v h="$hs" -v r="$rs" 'BEGIN{printf "  hr-forecast %.2fs, R stlf %.2fs: hr-forecast takes %.2fx stlf'"'"'s time\n", h, r, h / r}'
fi
