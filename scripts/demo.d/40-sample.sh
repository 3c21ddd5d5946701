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

# hr-sample --off-cpu: where the bundled off-CPU workload's threads wait (a
# sleep, a pipe read, a contended mutex), in microseconds, as a flame graph.
if hr-sample -q --off-cpu -d 100ms -- true >/dev/null 2>"$out/offcpu.err"; then
	step "hr-sample --off-cpu -o $out/offcpu.folded -- build/tests/offcpu-workload 2"
	hr-sample --off-cpu -o "$out/offcpu.folded" -- build/tests/offcpu-workload 2 >/dev/null
	step "hr-top -n 0 -s total --table $out/offcpu.folded | grep -E 'FUNCTION|_wait\$'"
	hr-top -n 0 -s total --table "$out/offcpu.folded" | grep -E 'FUNCTION|_wait$'
	if [ -x bin/hr-flame ]; then
		step "hr-flame --title 'Off-CPU time' $out/offcpu.folded > $out/offcpu.svg"
		hr-flame --title "Off-CPU time" "$out/offcpu.folded" >"$out/offcpu.svg"
	fi
else
	printf '\nhr-sample --off-cpu: skipped, context-switch sampling is refused here: %s\n' \
		"$(cat "$out/offcpu.err")" >&2
fi
