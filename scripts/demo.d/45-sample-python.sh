# hr-sample on a Python program: the bundled workload of designed phases
# (tests/data/python-phases.py), its Python frames in place of the
# interpreter's, then the hottest functions and a flame graph.
py=
# the distribution's interpreter, not a wrapper script (pyenv's shims are)
for p in /usr/bin/python3.11 /usr/bin/python3; do [ -x "$p" ] && py=${py:-$p}; done
if [ -n "$py" ] && hr-sample -q -d 100ms -- true >/dev/null 2>"$out/sample.err"; then
	step "hr-sample -F 199 --no-lineno -o $out/python.folded -- $py tests/data/python-phases.py 3"
	hr-sample -F 199 --no-lineno -o "$out/python.folded" -- "$py" tests/data/python-phases.py 3
	step "hr-top -n 8 --table $out/python.folded"
	hr-top -n 8 --table "$out/python.folded"
	if [ -x bin/hr-flame ]; then
		step "hr-flame $out/python.folded > $out/python.svg"
		hr-flame "$out/python.folded" >"$out/python.svg"
	fi
else
	printf '\nhr-sample on Python: skipped, %s\n' \
		"$([ -n "$py" ] && cat "$out/sample.err" || echo "no python3 here")" >&2
fi
