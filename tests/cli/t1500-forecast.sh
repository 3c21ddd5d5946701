#!/bin/bash
# hr-forecast as a user runs it: forecasts with known answers, output shapes,
# thresholds and exit status, summaries.
. "$(dirname "$0")/../lib.sh"

# 10 + 2 per day, hourly for 30 days from 2026-01-01: reaches 100 at day 45.
awk 'BEGIN { for (i = 0; i < 720; i++) printf "%d\t%.6f\n", 1767225600 + 3600 * i, 10 + 2 * i / 24 }' >trend.tsv
# Level 50, a daily sine of amplitude 10, deterministic noise; four weeks hourly.
awk 'BEGIN { pi = atan2(0, -1); for (i = 0; i < 672; i++)
	printf "%d\t%.4f\n", 1767225600 + 3600 * i, 50 + 10 * sin(2 * pi * i / 24) + sin(i * 12.9898) * 0.8 }' >daily.tsv
command -v jq >/dev/null && test_set_prereq JQ

test_expect_success 'a pure trend crosses its threshold at the exact time, exit 1' '
	test_expect_code 1 hr-forecast -H 30d --threshold 100 trend.tsv >out 2>err &&
	test_grep "crosses 100 on 2026-02-15T00:00:00Z \(in 2\.15w\)" err
'

test_expect_success 'the crossing is in the summary with the trend per day' '
	test_expect_code 1 hr-forecast -H 30d -t 100 --summary trend.tsv >sum &&
	test_grep "^trend: +\+2 per day" sum &&
	test_grep "^threshold: .*crosses 100 on 2026-02-15T00:00:00" sum &&
	test_grep "R² 1\.0000" sum
'

test_expect_success 'no crossing within the horizon exits 0 and says so' '
	hr-forecast -H 10d -t 100 trend.tsv >out 2>err &&
	test_grep "does not cross 100 within 1\.43w" err
'

test_expect_success '--below: a threshold crossed downwards' '
	awk "BEGIN { for (i = 0; i < 100; i++) printf \"%d\t%g\n\", 1767225600 + 86400 * i, 1000 - 5 * i }" >free.tsv &&
	test_expect_code 1 hr-forecast --below -t 100 -H 200d free.tsv >out 2>err &&
	test_grep "falls below 100 on 2026-06-30T00:00:00Z" err &&
	test_expect_code 1 hr-forecast -t 100 -H 200d free.tsv >out 2>err &&
	test_grep "the series is already above 100$" err &&
	hr-forecast -t 1000 -H 200d free.tsv >out 2>err &&
	test_grep "does not cross 1000 within" err
'

test_expect_success 'output: a header and TIMESTAMP YHAT LO HI for each step' '
	hr-forecast -H 5 trend.tsv >out &&
	head -1 out >hdr && printf "# timestamp\tyhat\tlo95\thi95\n" >expect && test_cmp expect hdr &&
	test $(grep -vc "^#" out) = 5 &&
	awk -F"\t" "!/^#/ && NF != 4 { bad = 1 } END { exit bad }" out &&
	grep -v "^#" out | head -1 | cut -f1,2 >first &&
	printf "1769817600\t70\n" >expect && test_cmp expect first
'

test_expect_success '--horizon as a duration, --step, --iso' '
	hr-forecast -H 2d --step 12h --iso trend.tsv >out &&
	grep -v "^#" out | cut -f1 >times &&
	printf "2026-01-31T11:00:00Z\n2026-01-31T23:00:00Z\n2026-02-01T11:00:00Z\n2026-02-01T23:00:00Z\n" >expect &&
	test_cmp expect times
'

test_expect_success '--level twice gives two intervals, nested' '
	hr-forecast -H 24 -l 80 -l 95 daily.tsv >out &&
	test_grep "^# timestamp	yhat	lo80	hi80	lo95	hi95$" out &&
	awk -F"\t" "!/^#/ { if (!(\$5 <= \$3 && \$3 <= \$2 && \$2 <= \$4 && \$4 <= \$6 && \$3 < \$4)) bad = 1 } END { exit bad }" out
'

test_expect_success '--history prepends the fitted values' '
	hr-forecast -H 3 --history trend.tsv >out &&
	test $(grep -vc "^#" out) = 723 &&
	grep -v "^#" out | head -1 | cut -f1,2 >first &&
	printf "1767225600\t10\n" >expect && test_cmp expect first
'

test_expect_success 'a seasonal series: the daily period and its amplitude recovered' '
	hr-forecast --summary daily.tsv >sum &&
	test_grep "^seasonality: +daily, amplitude (9\.[6-9]|10\.[0-4])" sum &&
	test_grep "^model: .*daily" sum
'

test_expect_success 'the seasonal forecast follows the sine' '
	hr-forecast -H 24 daily.tsv >out &&
	grep -v "^#" out | awk -F"\t" "BEGIN { pi = atan2(0, -1) }
		{ i = (\$1 - 1767225600) / 3600; d = \$2 - (50 + 10 * sin(2 * pi * i / 24)); if (d < -1 || d > 1) bad = 1 }
		END { exit bad }"
'

test_expect_success 'several series: forecast separately, series named in a column' '
	{ awk "{ print \$1 \"\tup\t\" \$2 }" trend.tsv; awk "{ print \$1 \"\tsine\t\" \$2 }" daily.tsv; } >two.tsv &&
	hr-forecast -H 4 two.tsv >out &&
	test_grep "^# timestamp	series	yhat	lo95	hi95$" out &&
	test $(grep -c "	up	" out) = 4 && test $(grep -c "	sine	" out) = 4 &&
	hr-forecast -H 4 --summary two.tsv >sum &&
	test_grep "^series: +up$" sum && test_grep "^series: +sine$" sum
'

test_expect_success 'the "# series:" comment names a two-column series' '
	{ echo "# series: disk.used"; cat trend.tsv; } >named.tsv &&
	test_expect_code 1 hr-forecast -H 30d -t 100 named.tsv >out 2>err &&
	test_grep "^hr-forecast: disk.used crosses 100" err
'

test_expect_success JQ '--json: the summary as JSON' '
	test_expect_code 1 hr-forecast --json -H 30d -t 100 trend.tsv >j &&
	jq -e "(.[0].trend_per_day - 2 | fabs) < 1e-6 and .[0].crossing == 1771113600 and .[0].crossing_iso == \"2026-02-15T00:00:00Z\"" j >/dev/null &&
	hr-forecast --json daily.tsv >j &&
	jq -e ".[0].seasons[0].period_seconds == 86400 and (.[0].seasons[0].amplitude - 10 | fabs) < 0.5" j >/dev/null
'

test_expect_success 'a constant series: flat forecast, zero width, no crossing' '
	awk "BEGIN { for (i = 0; i < 50; i++) printf \"%d\t7\n\", 1767225600 + 60 * i }" >flat.tsv &&
	hr-forecast -H 3 -t 8 flat.tsv >out 2>err &&
	grep -v "^#" out | cut -f2- | sort -u >vals &&
	printf "7\t7\t7\n" >expect && test_cmp expect vals &&
	hr-forecast --summary flat.tsv >sum && test_grep "constant series" sum
'

test_expect_success 'a level shift: the fit starts at the change point' '
	awk "BEGIN { for (i = 0; i < 24 * 60; i++) printf \"%d\t%.3f\n\", 1767225600 + 3600 * i, (i < 24 * 40 ? 100 : 40) + sin(i * 7.77) }" >shift.tsv &&
	hr-forecast --summary shift.tsv >sum &&
	test_grep "^change point: 2026-02-(09|10)" sum &&
	hr-forecast -H 24 shift.tsv >out &&
	grep -v "^#" out | awk -F"\t" "{ if (\$2 < 39 || \$2 > 41) bad = 1 } END { exit bad }"
'

test_expect_success '--since fits only the recent history' '
	hr-forecast --since 2026-02-20T00:00:00Z --summary shift.tsv >sum &&
	test_grep "^fitted from: +2026-02-20" sum &&
	hr-forecast --since 10d --summary shift.tsv >sum &&
	test_grep "^fitted from: +2026-02-19T23:00:00Z" sum
'

test_expect_success 'exponential growth: the log transform is chosen' '
	awk "BEGIN { for (i = 0; i < 24 * 30; i++) printf \"%d\t%.4f\n\", 1767225600 + 3600 * i, 100 * exp(0.03 * i / 24) * (1 + 0.002 * sin(i * 3.3)) }" >exp.tsv &&
	hr-forecast --summary exp.tsv >sum && test_grep "^model: +log, " sum
'

test_expect_success 'spikes: robust fitting, the trend unharmed' '
	awk "BEGIN { for (i = 0; i < 24 * 30; i++) printf \"%d\t%.3f\n\", 1767225600 + 3600 * i, 20 + i / 24 + sin(i * 5.1) + (i % 50 == 7 ? 80 : 0) }" >spiky.tsv &&
	hr-forecast --season none --summary spiky.tsv >sum &&
	test_grep "^model: +robust, " sum &&
	test_grep "^trend: +\+(0\.9[5-9]|1\.0[0-5])" sum
'

test_expect_success 'a daily swing that tripled two weeks ago: the recent shape carries it' '
	awk "BEGIN { pi = atan2(0, -1); for (i = 0; i < 1008; i++) { a = i < 672 ? 5 : 15
		printf \"%d\t%.4f\n\", 1767225600 + 3600 * i, 50 + a * sin(2 * pi * i / 24) + sin(i * 12.9898) * 0.5 } }" >grew.tsv &&
	hr-forecast -H 24 --summary grew.tsv >sum &&
	test_grep "^model: .*daily\(K=[0-9]+, recent shape\)" sum &&
	test_grep "with the recent shape [0-9.]+$" sum &&
	hr-forecast -H 24 grew.tsv >out &&
	grep -v "^#" out | awk -F"\t" "BEGIN { pi = atan2(0, -1) }
		{ i = (\$1 - 1767225600) / 3600; d = \$2 - (50 + 15 * sin(2 * pi * i / 24)); if (d < -1 || d > 1) bad = 1 }
		END { exit bad }"
'

test_expect_success '--season, --trend and --transform pin the model' '
	hr-forecast --season 12h --trend none --transform none --summary daily.tsv >sum &&
	test_grep "^model: +level \+ period 0\.5d" sum &&
	hr-forecast --trend damped --summary trend.tsv >sum &&
	test_grep "^model: +damped trend" sum
'

test_expect_success 'unsorted and repeated timestamps: sorted and merged, with a note naming the line' '
	{ sed -n 1,10p trend.tsv; sed -n 12,20p trend.tsv; sed -n 11p trend.tsv; sed -n 20p trend.tsv; sed -n "21,\$p" trend.tsv; } >shuffled.tsv &&
	hr-forecast -H 5 shuffled.tsv >out 2>err &&
	test_grep "^hr-forecast: warning: shuffled.tsv:20: timestamps out of order or repeated; sorted and equal timestamps merged" err &&
	hr-forecast -H 5 trend.tsv >expect && test_cmp expect out
'

# A disk a nightly job cleans: a week of minutes rising all day, dropping at
# midnight. The robust fit once took a full SVD per iteration (4x the time of
# a smooth series, tests/bench/bench-forecast-shape.sh); its answer must not
# change with the solver.
test_expect_success 'a daily sawtooth: the robust daily fit follows the ramp and the nightly drop' '
	awk "BEGIN { for (i = 0; i < 10080; i++) printf \"%d\t%.2f\n\", 1796000000 + i * 60, 50 + (i % 1440) / 100 }" >saw.tsv &&
	hr-forecast -s -H 1d saw.tsv >saw.sum &&
	test_grep "^model: +robust, level \+ daily\(K=50\)$" saw.sum &&
	test_grep "^seasonality: +daily, amplitude 6\.74" saw.sum &&
	hr-forecast -H 1d saw.tsv >saw.out &&
	test "$(grep -vc "^#" saw.out)" = 1440 &&
	awk "!/^#/ { m = ((\$1 - 1796000000) / 60) % 1440; t = 50 + m / 100; e = \$2 - t
		e = e < 0 ? -e : e; s += e; n++; c += \$3 <= t && t <= \$4
		if (m >= 60 && m < 120) low += \$2 > 52; if (m >= 1320 && m < 1380) high += \$2 < 62 }
		END { printf \"mae %.3f cover %.3f bad %d\n\", s / n, c / n, low + high
			exit !(s / n < 0.3 && c / n >= 0.9 && low + high == 0) }" saw.out
'

test_done
