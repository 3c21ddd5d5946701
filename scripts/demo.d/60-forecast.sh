# hr-forecast: when does the bundled disk-usage history (75 days, hourly, with a
# cleanup on day 30) reach 350G? Exit status 1 means "it does, within the
# horizon" -- the answer the demo is after, not a failure.
step "hr-forecast --summary --horizon 90d --threshold 350G --svg $out/forecast.svg tests/data/forecast/disk-usage.tsv"
rc=0
hr-forecast --summary --horizon 90d --threshold 350G --svg "$out/forecast.svg" \
	tests/data/forecast/disk-usage.tsv || rc=$?
[ "$rc" -le 1 ] || exit "$rc"
step "hr-forecast -H 4 -l 80 -l 95 --iso tests/data/forecast/cpu-hourly.tsv"
hr-forecast -H 4 -l 80 -l 95 --iso tests/data/forecast/cpu-hourly.tsv
