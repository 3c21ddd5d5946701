#!/bin/bash
# hr-sample on real programs: the Python interpreter, gzip and sort from the
# distribution (built without frame pointers, stripped of local symbols) and
# a C++ program. Their stacks must be complete, symbolised where the binary
# has symbols, and demangled.
. "$(dirname "$0")/../lib.sh"

if ! hr-sample -q -d 100ms -- true >/dev/null 2>probe.err; then
	echo "1..0 # SKIP perf_event_open refused: $(cat probe.err)"
	exit 0
fi

# share PATTERN FILE ROOT: percent of ROOT's samples whose line matches PATTERN.
share() {
	grep -E "^$3[;-]" "$2" >root.lines || true
	grep -E "$1" root.lines >match.lines || true
	awk -v t="$(awk '{ s += $NF } END { print s + 0 }' root.lines)" \
		'{ s += $NF } END { p = t ? 100 * s / t : 0; printf "%.1f\n", p }' match.lines
}
at_least() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }'; }

# The distribution's interpreter (not a pyenv or venv one). Its start-up,
# whose share depends on the machine, is left out of the completeness count.
# A sample taken inside execve, once the old image is gone and before the new
# one is mapped, has a user address in neither: [unknown] is right for it (a
# loaded machine makes that window long enough to be sampled).
if [ -x /usr/bin/python3 ]; then
	test_set_prereq PYTHON
fi
test_expect_success PYTHON 'the Python interpreter: complete stacks into the eval loop' '
	hr-sample -F 499 --no-python -o py.folded -- /usr/bin/python3 -c "
def work(n):
    return sum(i * i for i in range(n))
for _ in range(150):
    work(100000)
" 2>summary &&
	grep ";Py_RunMain;" py.folded >run.folded &&
	p=$(share "^python3;_start;__libc_start_main;__libc_start_call_main;Py_BytesMain;Py_RunMain;.*_PyEval_EvalFrameDefault" run.folded python3) &&
	r=$(share ";Py_RunMain;" py.folded python3) &&
	echo "running the script: $r% of samples, complete into the eval loop: $p% of those" &&
	at_least "$r" 50 &&
	at_least "$p" 90 &&
	! grep -v ";__x64_sys_execve;" py.folded | grep -q "\[unknown\]"
'

test_expect_success 'gzip: complete stacks through a stripped binary' '
	head -c 20000000 /dev/urandom >rand.bin &&
	hr-sample -F 499 -o gz.folded -- gzip -c rand.bin >/dev/null 2>summary &&
	p=$(share "^gzip;\[gzip\];__libc_start_main;__libc_start_call_main;\[gzip\]" gz.folded gzip) &&
	echo "complete: $p%" &&
	at_least "$p" 90 &&
	test_grep "/gzip: [0-9]+ of [0-9]+ frames" summary
'

test_expect_success 'sort: libc frames named, threads complete' '
	awk "BEGIN { srand(1); for (i = 0; i < 400000; i++) printf \"%08x line %d\\n\", int(rand() * 4294967295), i }" >lines.txt &&
	hr-sample -F 499 -o sort.folded -- sort -S 100M lines.txt >/dev/null 2>summary &&
	p=$(share "^sort;(\[sort\];__libc_start_main;__libc_start_call_main;\[sort\]|(__)?clone3?;start_thread;\[sort\])" sort.folded sort) &&
	echo "complete: $p%" &&
	at_least "$p" 90 &&
	test_grep "^sort;.*;(__strcoll_l|strcoll|__memcmp[a-z0-9_]*|memcmp[a-z0-9_]*|msort_with_tmp[.a-z0-9]*|__GI_[a-z_]*)( |;)" sort.folded
'

CXX_WL=$SRC_ROOT/build/tests/cxx-workload
test_expect_success 'a C++ program: demangled and complete' '
	hr-sample -F 499 -o cxx.folded -- "$CXX_WL" 1 2>summary &&
	test_grep "^cxx-workload;_start;__libc_start_main;__libc_start_call_main;main;app::Engine::step\(\);app::Matrix<double>::multiply_row\(app::Matrix<double> const&, int\) const [0-9]+$" cxx.folded &&
	test_grep ";app::Engine::shuffle_and_sort\(\);(.*;)?void std::__introsort_loop<" cxx.folded &&
	! grep -E "(^|;)_Z[A-Z0-9]" cxx.folded &&
	p=$(share "^cxx-workload;_start;__libc_start_main;__libc_start_call_main;main;" cxx.folded cxx-workload) &&
	at_least "$p" 95
'
test_done
