#!/bin/bash
# tests/run: alone (its checks depend on CPU time and timing)
# hr-sample's Python frames, on every CPython version the machine has: a
# workload of designed CPU shares (tests/data/python-phases.py) must show
# its phases at their design (see check_phases), its stacks complete from
# <module> (or the thread's _bootstrap), recursion 1,000 deep whole, and C
# code called from Python under the Python frame that called it.
. "$(dirname "$0")/../lib.sh"

if ! hr-sample -q -d 100ms -- true >/dev/null 2>probe.err; then
	echo "1..0 # SKIP perf_event_open refused: $(cat probe.err)"
	exit 0
fi

pyenv_root=${PYENV_ROOT:-$HOME/.pyenv}
design="loop 15 alt_a 10 alt_b 10 recursion 15 asyncio 15 c_ext 15 thread 20"

# check_phases RESULTS: shares of all the workload's samples, each within 5
# points of its design. Frames are read a little after the sample
# (hr-sample(1), PYTHON), and the phases that switch every 50 us or at each
# await (alt_a, alt_b, asyncio) have moved on by then: the sample's own
# registers correct an innermost frame that changed at the same depth, and
# rebuild a stack that changed depth from the frames its evaluation-loop
# calls held. 95 % of the stacks given must be complete, and the recursion
# 1,000 deep whole.
check_phases() {
	awk -v design="$design" '
		{ v[$1] = $2 }
		END {
			all = v["total"] + v["without"]
			n = split(design, d, " ")
			for (i = 1; i < n; i += 2) {
				pct = all ? 100 * v[d[i]] / all : 0
				diff = pct - d[i + 1]
				if (diff > 5 || diff < -5) {
					printf "%s: %.1f%% of all samples, designed %d%%\n", d[i], pct, d[i + 1]
					bad = 1
				}
			}
			if (v["complete"] < 0.95 * v["total"]) {
				printf "complete: %d of %d\n", v["complete"], v["total"]; bad = 1
			}
			if (v["deep"] < 0.9 * v["recursion"]) {
				printf "recursion whole: %d of %d\n", v["deep"], v["recursion"]; bad = 1
			}
			exit bad
		}' "$1"
}

# check_callers FOLDED: alternate() calls alt_a on one line and alt_b on
# another; a stack that pairs one's call line with the other function is
# not a stack the program had (at most 3 % of them: a caller's line is
# read after the sample, and a read that races the next call itself, the
# caller's line moved on and its new callee's frame not yet written, goes
# unseen).
check_callers() {
	a=$(grep -n "alt_a(min(" "$DATA/python-phases.py" | cut -d: -f1) &&
	b=$(grep -n "alt_b(min(" "$DATA/python-phases.py" | cut -d: -f1) &&
	awk -v a="alternate (python-phases.py:$a);alt_b " -v b="alternate (python-phases.py:$b);alt_a " '
		/;alternate \(/ { n += $NF; if (index($0, a) || index($0, b)) bad += $NF }
		END { printf "alternate: %d samples, %d with the other call line\n", n, bad
		      exit !(n > 0 && bad <= 0.03 * n) }' "$1"
}

# run_version NAME PYTHON: the workload under hr-sample, checked.
run_version() {
	hr-sample -F 199 -o "$1.folded" -- "$2" "$DATA/python-phases.py" 5 2>"$1.summary" &&
	awk -f "$DATA/python-phases.awk" "$1.folded" >"$1.results" &&
	echo "$1: $(tr '\n' ' ' <"$1.results")" &&
	grep "python:" "$1.summary" &&
	check_phases "$1.results" &&
	check_callers "$1.folded" &&
	grep -Eq ";c_ext \(python-phases\.py:[0-9]+\);([^;]*;)*[^;]*(SHA256|sha256|libcrypto)" "$1.folded" &&
	grep -Eq ";async_worker \(python-phases\.py:[0-9]+\)" "$1.folded"
}

# check_lines PYTHON: hr-sample's line numbers of every instruction of some
# standard modules agree with the interpreter's own PyCode_Addr2Line.
check_lines() {
	"$1" "$DATA/pylines-dump.py" json.decoder json.encoder asyncio.base_events >lines.txt &&
	pylines-check <lines.txt
}

for v in 3.9 3.10 3.11 3.12 3.13; do
	py=$(ls -d "$pyenv_root"/versions/"$v".*/bin/python"$v" 2>/dev/null | tail -n 1)
	if [ -z "$py" ]; then
		test_skip "Python $v: line tables" "no Python $v under $pyenv_root/versions"
		test_skip "Python $v: designed shares, complete stacks" "no Python $v under $pyenv_root/versions"
		continue
	fi
	test_expect_success "Python $v: line tables" "check_lines $py"
	test_expect_success "Python $v: designed shares, complete stacks" "run_version py$v $py"
done

if [ -x /usr/bin/python3.11 ]; then
	test_set_prereq DEBIAN_PY311
fi
test_expect_success DEBIAN_PY311 "Debian's python3.11: designed shares, complete stacks" '
	run_version deb311 /usr/bin/python3.11
'

# The sampler reads the frames on the target's CPU (hr-sample(1), PYTHON);
# kept off it, it reads them late and rebuilds the stacks that changed from
# the frames the samples' registers held.
if [ "$(nproc)" -ge 2 ] && [ -x /usr/bin/python3.11 ]; then
	test_set_prereq TWO_CPUS_PY311
fi
test_expect_success TWO_CPUS_PY311 "the sampler on another CPU: stacks rebuilt, designed shares" '
	taskset -c 1 hr-sample -F 199 -o off.folded -- \
		taskset -c 0 /usr/bin/python3.11 "$DATA/python-phases.py" 5 2>off.summary &&
	awk -f "$DATA/python-phases.awk" off.folded >off.results &&
	echo "off: $(tr "\n" " " <off.results)" &&
	grep "python:" off.summary &&
	check_phases off.results &&
	check_callers off.folded &&
	rebuilt=$(sed -n "s/.*(\([0-9]*\) rebuilt.*/\1/p" off.summary) &&
	test "$rebuilt" -gt 20
'

test_expect_success DEBIAN_PY311 'a json, hashlib and re workload names its functions' '
	cat >app.py <<-\EOF &&
	import hashlib, json, re, time
	WORD = re.compile(r"[a-z]+[0-9]*")
	def parse_docs(docs):
	    return [json.loads(d) for d in docs]
	def digest(items):
	    return [hashlib.sha1(json.dumps(i).encode()).hexdigest() for i in items]
	def words(items):
	    return sum(len(WORD.findall(json.dumps(i))) for i in items)
	docs = [json.dumps({"id": i, "name": "user%d" % i, "tags": ["a%d" % j for j in range(20)]})
	        for i in range(2000)]
	end = time.thread_time() + 2
	while time.thread_time() < end:
	    words(digest(parse_docs(docs)))
	EOF
	hr-sample -F 199 -o app.folded -- /usr/bin/python3.11 app.py 2>app.summary &&
	for f in parse_docs digest words; do
		grep -Eq ";<module> \(app\.py:[0-9]+\);$f \(app\.py:[0-9]+\)" app.folded ||
		{ echo "no $f"; exit 1; }
	done
'

test_expect_success DEBIAN_PY311 '--python-only, --no-lineno and --no-python' '
	cat >two.py <<-\EOF &&
	import time
	def spin():
	    end = time.thread_time() + 1
	    while time.thread_time() < end:
	        pass
	spin()
	EOF
	hr-sample --python-only --no-lineno -o only.folded -- /usr/bin/python3.11 two.py 2>/dev/null &&
	grep -Eq "^python3\.11;<module> \(two\.py\);spin \(two\.py\) [0-9]+$" only.folded &&
	! grep "spin (" only.folded | grep -q "_start" &&
	hr-sample --no-python -o native.folded -- /usr/bin/python3.11 two.py 2>/dev/null &&
	grep -q ";_PyEval_EvalFrameDefault" native.folded &&
	! grep -q "spin (" native.folded
'

test_expect_success DEBIAN_PY311 'a Python subprocess of a shell of the command' '
	cat >parent.py <<-\EOF &&
	import subprocess, sys, time
	def parent_spin():
	    end = time.thread_time() + 1
	    while time.thread_time() < end:
	        pass
	child = subprocess.Popen([sys.executable, "-c", """
	import time
	def child_spin():
	    end = time.thread_time() + 1
	    while time.thread_time() < end:
	        pass
	child_spin()
	"""])
	parent_spin()
	child.wait()
	EOF
	hr-sample --pid --no-lineno -o sub.folded -- sh -c "/usr/bin/python3.11 parent.py; true" 2>/dev/null &&
	p=$(grep ";parent_spin (parent.py)" sub.folded | cut -d";" -f1 | sort -u) &&
	c=$(grep ";child_spin (<string>)" sub.folded | cut -d";" -f1 | sort -u) &&
	echo "parent $p, child $c" &&
	test -n "$p" && test -n "$c" && test "$p" != "$c"
'

test_expect_success 'an unsupported interpreter: one warning, native frames' '
	py=$(ls -d "$pyenv_root"/versions/3.8.*/bin/python3.8 2>/dev/null | tail -n 1) &&
	if [ -z "$py" ]; then echo "no Python 3.8 here: nothing to check"; exit 0; fi &&
	hr-sample -o old.folded -- "$py" -c "sum(range(10**7))" 2>old.summary &&
	test "$(grep -c "not supported" old.summary)" = 1 &&
	grep -q ";_PyEval_EvalFrameDefault" old.folded
'

test_done
