# hr-sample: two seconds of the bundled workload (a qsort phase, a hashing
# phase and a second thread) into folded stacks, then a flame graph.
if hr-sample -q -d 100ms -- true >/dev/null 2>"$out/sample.err"; then
	step "hr-sample -F 499 -o $out/sample.folded -- build/tests/sample-workload 2"
	hr-sample -F 499 -o "$out/sample.folded" -- build/tests/sample-workload 2 >/dev/null
	step "hr-top -n 5 --table $out/sample.folded"
	hr-top -n 5 --table "$out/sample.folded"
	if [ -x bin/hr-flame ]; then
		step "hr-flame $out/sample.folded > $out/sample.svg"
		hr-flame "$out/sample.folded" >"$out/sample.svg"
	fi
else
	printf '\nhr-sample: skipped, perf_event_open is refused here: %s\n' \
		"$(cat "$out/sample.err")" >&2
fi
