#!/bin/bash
# Accuracy and speed of hr-forecast against R's forecast package (ets,
# auto.arima, stlf): MASE on a held-out tail and 95 % interval coverage on
# co2 and AirPassengers (R's datasets), taylor (half-hourly electricity demand,
# from the forecast package) and synthetic capacity series with known truth;
# then the time to fit and forecast a year of one-minute samples.
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

# hr-forecast on each training part, scored like R's methods.
printf '%-16s %6s %5s | %-19s | %-19s | %-19s | %-19s | %s\n' series n h \
	"hr-forecast" "ets" "auto.arima" "stlf" "hr MASE / best R"
printf '%-16s %6s %5s | %-19s | %-19s | %-19s | %-19s |\n' "" "" "" \
	"MASE  cover  secs" "MASE  cover  secs" "MASE  cover  secs" "MASE  cover  secs"
wins=0 ties=0 total=0 covered=0
while IFS=$'\t' read -r name n h m scale em ec es am ac as sm sc ss; do
	[ "$name" = series ] && continue
	if [ -n "${FORECAST_BENCH_SERIES:-}" ]; then
		case " $FORECAST_BENCH_SERIES " in *" $name "*) ;; *) continue ;; esac
	fi
	start=$(date +%s.%N)
	hr-forecast -q -H "$h" --level 95 "$out/$name.train.tsv" >"$out/$name.hr.tsv" 2>"$out/$name.hr.err"
	rc=$?
	secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN{printf "%.2f", e-s}')
	if [ $rc -gt 1 ]; then
		echo "$name: hr-forecast failed: $(cat "$out/$name.hr.err")"
		continue
	fi
	hr-forecast -q -H "$h" --summary "$out/$name.train.tsv" >"$out/$name.hr.summary" 2>/dev/null
	read -r hm hc < <(grep -v '^#' "$out/$name.hr.tsv" | paste - <(cut -f2 "$out/$name.test.tsv") |
		awk -v s="$scale" '{ e += ($2 > $5 ? $2 - $5 : $5 - $2); c += ($5 >= $3 && $5 <= $4); n++ }
			END { printf "%.3f %.3f\n", e / n / s, c / n }')
	best=$(printf '%s\n' "$em" "$am" "$sm" | grep -v NA | sort -g | head -1)
	ratio=$(awk -v a="$hm" -v b="$best" 'BEGIN{printf "%.2f", a / b}')
	total=$((total + 1))
	awk -v a="$hm" -v b="$best" 'BEGIN{exit !(a <= b)}' && wins=$((wins + 1))
	awk -v a="$hm" -v b="$best" 'BEGIN{exit !(a > b && a <= 1.01 * b)}' && ties=$((ties + 1))
	awk -v c="$hc" 'BEGIN{exit !(c >= 0.90 && c <= 0.99)}' && covered=$((covered + 1))
	f() { awk -v m="$1" -v c="$2" -v s="$3" 'BEGIN{ if (m == "NA") printf "%-19s", "failed";
		else printf "%5.3f %5.1f%% %5.1f", m, 100 * c, s }'; }
	printf '%-16s %6s %5s | %s | %s | %s | %s | %s\n' "$name" "$n" "$h" "$(f "$hm" "$hc" "$secs")" \
		"$(f "$em" "$ec" "$es")" "$(f "$am" "$ac" "$as")" "$(f "$sm" "$sc" "$ss")" "$ratio"
	sed -n 's/^model: *//p' "$out/$name.hr.summary" | sed 's/^/                   hr-forecast model: /'
done <"$out/r-results.tsv"
echo
echo "hr-forecast MASE no worse than the best of R's methods on $wins of $total series,"
echo "within 1 % of it on $ties more;"
echo "95 % interval coverage within 90-99 % on $covered of $total series"

if [ -n "$speed" ] && [ -s "$out/r-speed.txt" ]; then
	start=$(date +%s.%N)
	hr-forecast -q -H 1440 "$out/year-minutes.tsv" >/dev/null
	hs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN{printf "%.3f", e-s}')
	rs=$(cat "$out/r-speed.txt")
	echo
	echo "a year of one-minute samples (525600 points), fit and forecast a day:"
	awk -v h="$hs" -v r="$rs" 'BEGIN{printf "  hr-forecast %.2fs, R stlf %.2fs: hr-forecast takes %.2fx stlf'"'"'s time\n", h, r, h / r}'
fi
