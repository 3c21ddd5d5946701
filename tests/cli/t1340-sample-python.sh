#!/bin/bash
# hr-sample and CPython: the known-answer workload (tests/workloads/
# py-known.py) on every supported interpreter found here (pyenv's under
# $PYENV_ROOT/versions, and the system's python3): designed shares, whole
# stacks, deep recursion, asyncio, C extensions under their Python caller,
# thread names, truth at the sample on a 50 us alternation.
. "$(dirname "$0")/../lib.sh"

WL=$SRC_ROOT/tests/workloads/py-known.py
if ! hr-sample -q -d 100ms -- true >/dev/null 2>probe.err; then
	echo "1..0 # SKIP perf_event_open refused: $(cat probe.err)"
	exit 0
fi

# The interpreters to test: path and version, one a line.
find_pythons() {
	local v d sys
	for v in 3.9 3.10 3.11 3.12 3.13; do
		for d in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/$v.*; do
			[ -x "$d/bin/python$v" ] && echo "$d/bin/python$v $v"
		done
	done
	# the system's own (Debian's), not a pyenv shim
	for sys in /usr/bin/python3 $(type -ap python3); do
		[ -x "$sys" ] && [ "${sys#"${PYENV_ROOT:-$HOME/.pyenv}"}" = "$sys" ] || continue
		echo "$sys $("$sys" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
		break
	done
}
find_pythons >pythons
if ! test -s pythons; then
	echo "1..0 # SKIP no CPython 3.9-3.13 here (install Debian's python3)"
	exit 0
fi
SYSPY=$(tail -1 pythons | cut -d' ' -f1)

# share FILE FILTER NAME: percent of the samples whose stack has FILTER that
# also have the Python frame NAME.
share() {
	awk -v f="$2 \\\\(" -v n="$3 \\\\(" '
		$0 ~ f { t += $NF; if ($0 ~ n) s += $NF }
		END { if (t < 50) { print "only " t " samples"; exit 1 } printf "%.1f\n", 100 * s / t }' "$1"
}
# near VALUE DESIGN: within 5 points.
near() {
	echo "$1 (design $2)" &&
	awk -v v="$1" -v d="$2" 'BEGIN { exit !(v - d <= 5 && d - v <= 5) }'
}

while read -r py v; do
	name="$v ($py)"
	f=known-$v-$RANDOM
	# unicode first: hr-sample reads the binaries' symbols at their first
	# samples, and a slow start must not eat into the measured phases.
	test_expect_success "$name: sample the known-answer workload" '
		hr-sample -F 799 -o $f.folded -- "$py" "$WL" --seconds 1.2 unicode phases alternate deep \
			asyncio cext thread >$f.log 2>$f.err &&
		cat $f.err &&
		test_grep "^hr-sample: Python: [0-9]+ samples" $f.err &&
		LC_ALL=C sort -c $f.folded
	'
	test_expect_success "$name: phase_a, phase_b and phase_c share the CPU 1:2:3" '
		near $(share $f.folded run_phases phase_a) 16.7 &&
		near $(share $f.folded run_phases phase_b) 33.3 &&
		near $(share $f.folded run_phases phase_c) 50
	'
	test_expect_success "$name: a 50 us alternation shows each side at its share, at the sample" '
		near $(share $f.folded alternate alt_native) 50 &&
		near $(share $f.folded alternate alt_python) 50 &&
		awk "/alternate \\(/ && /;crc32/ { t += \$NF; if (/alt_native \\(/) ok += \$NF }
			END { print ok \" of \" t \" samples in crc32 under alt_native\";
			      exit !(t >= 10 && ok >= 0.98 * t) }" $f.folded
	'
	test_expect_success "$name: at least 95% of the samples have the whole Python stack" '
		awk "/^hr-sample: Python: / && /with Python frames/ {
			n = \$3; k = \$0; sub(/ down to <module>.*/, \"\", k); sub(/.*\\(/, \"\", k); k += 0;
			print k \" of \" n; exit !(n > 1000 && k >= 0.95 * n) }" $f.err
	'
	test_expect_success "$name: 1,000 calls deep, every frame down to <module>" '
		awk "/recurse \\(/ { t += \$NF; if (gsub(/;recurse \\(/, \"&\") >= 1001 && /;<module> \\(/) ok += \$NF }
			END { print ok \" of \" t; exit !(t >= 100 && ok >= 0.95 * t) }" $f.folded
	'
	test_expect_success "$name: asyncio coroutines where they run, under the event loop" '
		test_grep "_run_once \\([^)]*\\);.*;outer_coro \\([^)]*\\);([^;]*;)*inner_coro \\(" $f.folded &&
		near $(share $f.folded inner_coro outer_coro) 100
	'
	test_expect_success "$name: C extensions stay under the Python frame that called them" '
		test_grep "hash_part \\([^)]*\\);([^(;]*;)*[^(;]*(SHA256|sha256|libcrypto)" $f.folded &&
		test_grep "compress_part \\([^)]*\\);([^(;]*;)*[^(;]*(deflate|libz)" $f.folded &&
		test_grep "json_part \\(.*encode[^;]*;([^(;]*;)*[^(;]*(encoder_|_json)" $f.folded
	'
	test_expect_success "$name: a second thread keeps its name and its share" '
		test_grep "^worker-2;.*thread_phase \\(" $f.folded &&
		! grep -v "^worker-2" $f.folded | grep -q "thread_phase (" &&
		awk "/thread_phase \\(/ { a += \$NF } /main_phase \\(/ { b += \$NF }
			END { p = 100 * a / (a + b); printf \"thread_phase %.1f%% (design 66.7)\\n\", p;
			      exit !(a + b >= 50 && p >= 61.7 && p <= 71.7) }" $f.folded
	'
	test_expect_success "$name: line numbers are CPython's own, on every code unit" '
		"$py" "$SRC_ROOT/tests/workloads/py-lines.py" >$f.lines &&
		pylines-check $v <$f.lines >$f.check &&
		cat $f.check &&
		test_grep "[0-9]{4,} code units, 0 mismatches" $f.check
	'
	test_expect_success "$name: names and paths beyond ASCII" '
		test_grep ";café_crème \\([^)]*py-known.py:[0-9]+\\)" $f.folded
	'
done <pythons

# A real-world case: the system's python3 (Debian's, stripped) running a
# json + re + hashlib service in two threads.
test_expect_success 'a json + re + hashlib service on the system python3: its functions by name' '
	hr-sample -q -F 499 -o svc.folded -- "$SYSPY" "$SRC_ROOT/tests/workloads/py-service.py" --seconds 1 >/dev/null &&
	for fn in handle parse_request route render_response sign_payload serve worker; do
		test_grep ";$fn \\([^)]*py-service.py:[0-9]+\\)" svc.folded || exit 1
	done &&
	test_grep "^worker-1;.*;worker \\(" svc.folded &&
	test_grep ";sign_payload \\([^)]*\\);([^(;]*;)*[^(;]*(_hashlib|libcrypto|SHA256|sha256)" svc.folded &&
	test_grep ";render_response \\([^)]*\\);dumps \\(json/__init__.py:[0-9]+\\);.*(encoder_|_json)" svc.folded &&
	test_grep ";parse_request \\([^)]*\\);loads \\(json/__init__.py:[0-9]+\\);" svc.folded
'

test_expect_success '--no-lineno: one frame per function' '
	hr-sample -q -F 499 --no-lineno -o nolineno.folded -- "$SYSPY" "$WL" --seconds 0.5 phases >/dev/null &&
	test_grep ";phase_b \\([^:)]*py-known.py\\)" nolineno.folded &&
	! grep -q "py-known.py:[0-9]" nolineno.folded
'

test_expect_success '--python-only: the Python frames alone' '
	hr-sample -q -F 499 --python-only -o pyonly.folded -- "$SYSPY" "$WL" --seconds 0.5 cext >/dev/null &&
	test_grep "^python3[.0-9]*;<module> \\([^)]*\\);main \\([^)]*\\);cext \\([^)]*\\);hash_part \\([^)]*\\) [0-9]+$" pyonly.folded &&
	! grep -E ";(_start|__libc_start_main|Py_RunMain)[;\\ ]" pyonly.folded
'

test_expect_success '--no-python: native frames only, and no tracer' '
	hr-sample -F 499 --no-python -o nopy.folded -- "$SYSPY" "$WL" --seconds 0.5 phases >/dev/null 2>nopy.err &&
	! grep -q "phase_a (" nopy.folded &&
	test_grep "_PyEval_EvalFrameDefault|python3" nopy.folded &&
	! grep -q "Python:" nopy.err
'

test_expect_success '-p: a running interpreter, no restart, and it runs on after' '
	{ "$SYSPY" "$WL" --seconds 4 phases >/dev/null & } && py=$! &&
	test_when_finished "kill $py" &&
	sleep 0.5 &&
	hr-sample -F 499 -d 1 -p $py -o attach.folded 2>attach.err &&
	test_grep ";run_phases \\([^)]*\\);phase_c \\(" attach.folded &&
	test_grep "TracerPid:[[:space:]]+0$" /proc/$py/status &&
	kill -0 $py
'

test_expect_success 'a Python subprocess of the command is read too' '
	hr-sample -q -F 499 -o sub.folded -- sh -c "\"$SYSPY\" \"$WL\" --seconds 0.5 phases; true" >/dev/null &&
	test_grep ";run_phases \\([^)]*\\);phase_c \\(" sub.folded &&
	hr-sample -q -F 499 -o sub2.folded -- "$SYSPY" -c "import subprocess, sys; subprocess.run([sys.executable, \"$WL\", \"--seconds\", \"0.5\", \"phases\"])" >/dev/null &&
	test_grep ";run_phases \\([^)]*\\);phase_c \\(" sub2.folded
'

test_expect_success 'a forked Python child (multiprocessing) is read too' '
	cat >fork.py <<-\EOF &&
	import os, time
	def child_work():
	    end = time.monotonic() + 0.6
	    while time.monotonic() < end:
	        pass
	pid = os.fork()
	if pid == 0:
	    child_work()
	    os._exit(0)
	os.waitpid(pid, 0)
	EOF
	hr-sample -q -F 499 --pid -o fork.folded -- "$SYSPY" fork.py >/dev/null &&
	test_grep ";child_work \\(" fork.folded
'

test_expect_success 'the summary counts the samples read and unread' '
	hr-sample -F 499 -o sum.folded -- "$SYSPY" "$WL" --seconds 0.3 phases >/dev/null 2>sum.err &&
	test_grep "^hr-sample: Python: [0-9]+ samples, [0-9]+ with Python frames \\([0-9]+ down to <module>\\), [0-9]+ unread" sum.err &&
	test_grep "^hr-sample: Python: a sampled thread stopped [0-9]+ us \\(median\\), [0-9]+ us \\(p99\\); hr-sample.s CPU: [0-9]+ us a sample" sum.err
'

# An interpreter the reader does not know: one warning, the native profile.
old=
for d in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.8.*/bin/python3.8; do
	[ -x "$d" ] && old=$d
done
if [ -n "$old" ]; then
	test_expect_success 'an unsupported Python: one warning, and its native profile' '
		hr-sample -F 499 -o old.folded -- "$old" -c "import time
t = time.monotonic() + 0.8
while time.monotonic() < t: pass" 2>old.err &&
		test $(grep -c "Python 3.8 is not supported" old.err) = 1 &&
		test_grep "_PyEval_EvalFrameDefault" old.folded &&
		! grep -q " (<string>:" old.folded
	'
else
	test_skip 'an unsupported Python: one warning, and its native profile' \
		'no CPython 3.8 under the pyenv versions here'
fi

test_expect_success '-a: Python processes show native frames, and the summary says why' '
	{ "$SYSPY" "$WL" --seconds 3 phases >/dev/null & } && py=$! &&
	test_when_finished "kill $py" &&
	sleep 0.3 &&
	hr-sample -F 99 -a -d 1 -o all.folded 2>all.err &&
	test_grep "samples ran a Python interpreter: its Python frames need -p or a command" all.err
'

# The tracer outlives hr-sample: a killed hr-sample never leaves a SIGTRAP
# behind that would kill the target.
test_expect_success 'the target survives hr-sample killed at any moment, even with SIGKILL' '
	{ "$SYSPY" "$WL" --seconds 30 alternate >/dev/null & } && py=$! &&
	test_when_finished "kill $py" &&
	sleep 0.3 &&
	for sig in TERM INT KILL KILL KILL KILL; do
		{ hr-sample -q -F 999 -p $py -o /dev/null & } && hr=$! &&
		sleep 0.$((RANDOM % 5 + 2)) &&
		kill -$sig $hr &&
		{ wait $hr; test $? -ge 0; } &&
		for i in $(seq 100); do grep -q "TracerPid:[[:space:]]0$" /proc/$py/status && break; sleep 0.05; done &&
		kill -0 $py || exit 1
	done &&
	sleep 0.3 && kill -0 $py
'

test_done
