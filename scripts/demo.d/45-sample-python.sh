# hr-sample on a Python service: tests/workloads/py-service.py (json, re and
# hashlib in two threads) under the system's python3: its own functions by
# name, with the native frames they call, then a flame graph.
py=/usr/bin/python3
[ -x "$py" ] || py=$(command -v python3 || true)
if [ -z "$py" ]; then
	printf '\nhr-sample on Python: skipped, no python3 here\n' >&2
elif hr-sample -q -d 100ms -- true >/dev/null 2>"$out/sample.err"; then
	step "hr-sample -F 499 --no-lineno -o $out/python.folded -- python3 tests/workloads/py-service.py --seconds 2"
	hr-sample -F 499 --no-lineno -o "$out/python.folded" -- "$py" tests/workloads/py-service.py --seconds 2
	step "hr-sample -F 499 --python-only -- python3 tests/workloads/py-service.py --seconds 2 | hr-top -n 8 --table"
	hr-sample -q -F 499 --python-only -- "$py" tests/workloads/py-service.py --seconds 2 | hr-top -n 8 --table
	if [ -x bin/hr-flame ]; then
		step "hr-flame $out/python.folded > $out/python.svg"
		hr-flame "$out/python.folded" >"$out/python.svg"
	fi
else
	printf '\nhr-sample on Python: skipped, perf_event_open is refused here: %s\n' \
		"$(cat "$out/sample.err")" >&2
fi
