#!/bin/bash
# hr-sample on a Python process:
#  1. the target's slowdown: the CPU time of a fixed amount of Python work
#     (loops, recursion 1,000 deep, json and hashlib), alone and sampled at
#     99 Hz with Python frames and with --no-python; best of $REPS (default
#     5) interleaved runs;
#  2. hr-sample's own CPU time per sample, with and without Python frames:
#     the extra CPU of 999 Hz over 99 Hz divided by the extra samples, so
#     that start-up (symbols, kernel symbols) does not count.
# PYTHON picks the interpreter (default: Debian's python3.11, else python3).
set -u
cd "$(dirname "$0")/../.." || exit 2
export PATH="$PWD/bin:$PATH"
REPS=${REPS:-5}
PYTHON=${PYTHON:-/usr/bin/python3.11}
[ -x "$PYTHON" ] || PYTHON=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! hr-sample -q -d 100ms -- true >/dev/null 2>"$tmp/err"; then
	echo "bench-python: skipped, perf_event_open is refused: $(cat "$tmp/err")"
	exit 0
fi
cat >"$tmp/work.py" <<'PY'
import hashlib, json, sys, time
sys.setrecursionlimit(5000)
def loop(n):
    s = 0
    for i in range(n):
        s += i * i
    return s
def deep(d):
    return loop(20000) if d == 0 else deep(d - 1)
def cext(doc, data):
    hashlib.sha256(data).digest()
    return json.loads(json.dumps(doc))
doc = {"k%d" % i: [i, str(i)] for i in range(500)}
data = bytes(2 ** 20)
t0 = time.process_time()
for _ in range(int(sys.argv[1])):
    loop(50000)
    deep(1000)
    cext(doc, data)
print("%.4f" % (time.process_time() - t0))
PY
ROUNDS=${ROUNDS:-300}
configs=("" "hr-sample -q -F 99 -o /dev/null --" "hr-sample -q --no-python -F 99 -o /dev/null --")
labels=("alone" "hr-sample -F 99" "hr-sample -F 99 --no-python")
declare -a best
for ((r = 0; r < REPS; r++)); do
	for i in "${!configs[@]}"; do
		# shellcheck disable=SC2086
		t=$(${configs[$i]} "$PYTHON" "$tmp/work.py" "$ROUNDS")
		if [ -z "${best[$i]:-}" ] || awk -v a="$t" -v b="${best[$i]}" 'BEGIN { exit !(a < b) }'; then
			best[$i]=$t
		fi
	done
done
echo "bench-python: $PYTHON, $ROUNDS rounds of fixed work, target CPU seconds (best of $REPS)"
for i in "${!configs[@]}"; do
	awk -v l="${labels[$i]}" -v t="${best[$i]}" -v a="${best[0]}" \
		'BEGIN { printf "  %-30s %8.3f s  %+6.1f %%\n", l, t, 100 * (t / a - 1) }'
done

# cpu_samples ARGS...: "CPU-SECONDS SAMPLES" of one hr-sample run.
cpu_samples() {
	/usr/bin/time -f "%U %S" -o "$tmp/time" hr-sample "$@" -o /dev/null -- \
		"$PYTHON" "$tmp/work.py" "$ROUNDS" >/dev/null 2>"$tmp/sum" &&
	awk '{ print $1 + $2 }' "$tmp/time" | tr '\n' ' ' &&
	sed -n 's/^hr-sample: \([0-9]*\) samples.*/\1/p' "$tmp/sum"
}
# best_cpu ARGS...: cpu_samples of the run with the least CPU of $REPS.
best_cpu() {
	local r c n bc= bn=
	for ((r = 0; r < REPS; r++)); do
		read -r c n < <(cpu_samples "$@")
		if [ -z "$bc" ] || awk -v a="$c" -v b="$bc" 'BEGIN { exit !(a < b) }'; then
			bc=$c bn=$n
		fi
	done
	echo "$bc $bn"
}
echo "bench-python: hr-sample's CPU per sample (999 Hz over 99 Hz, best of $REPS)"
for mode in "" "--no-python"; do
	# shellcheck disable=SC2086
	read -r c1 n1 < <(best_cpu -F 99 $mode)
	# shellcheck disable=SC2086
	read -r c2 n2 < <(best_cpu -F 999 $mode)
	awk -v m="${mode:-with Python frames}" -v c1="$c1" -v n1="$n1" -v c2="$c2" -v n2="$n2" \
		'BEGIN { printf "  %-20s %5d and %5d samples, %.2f and %.2f s: %.0f us a sample\n",
			 m, n1, n2, c1, c2, (n2 > n1 ? 1e6 * (c2 - c1) / (n2 - n1) : 0) }'
done
