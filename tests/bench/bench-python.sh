#!/bin/bash
# hr-sample on a Python process:
#  1. the target's slowdown: the CPU time and the wall-clock time (which
#     counts the waits while hr-sample, on the target's CPU, reads its
#     frames) of a fixed amount of Python work (loops, recursion 1,000
#     deep, json and hashlib), alone and sampled at 99 Hz with Python
#     frames and with --no-python; best and median of
#     $REPS (default 11) interleaved runs (a shared machine's noise is
#     larger than the effect: the best run is the one it touched least);
#  2. hr-sample's own CPU time per sample, with and without Python frames,
#     attached (-p) to the work running in a loop, so that only its own CPU
#     counts: the extra CPU of 999 Hz over 99 Hz divided by the extra
#     samples, so that start-up (symbols, kernel symbols) does not count;
#     best of $CPU_REPS (default 3).
# PYTHON picks the interpreter (default: Debian's python3.11, else python3).
set -u
cd "$(dirname "$0")/../.." || exit 2
export PATH="$PWD/bin:$PATH"
REPS=${REPS:-11}
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
t0, w0 = time.process_time(), time.perf_counter()
for _ in range(int(sys.argv[1])):
    loop(50000)
    deep(1000)
    cext(doc, data)
print("%.4f %.4f" % (time.process_time() - t0, time.perf_counter() - w0))
PY
ROUNDS=${ROUNDS:-300}
configs=("" "hr-sample -q -F 99 -o /dev/null --" "hr-sample -q --no-python -F 99 -o /dev/null --")
labels=("alone" "hr-sample -F 99" "hr-sample -F 99 --no-python")
for ((r = 0; r < REPS; r++)); do
	for i in "${!configs[@]}"; do
		# shellcheck disable=SC2086
		${configs[$i]} "$PYTHON" "$tmp/work.py" "$ROUNDS" >>"$tmp/times.$i"
	done
done
# stats FILE COLUMN: "BEST MEDIAN" of its numbers.
stats() {
	cut -d" " -f"$2" "$1" | sort -n | awk '{ v[NR] = $1 } END { print v[1], v[int((NR + 1) / 2)] }'
}
for col in 1 2; do
	what=("" "CPU seconds" "wall-clock seconds (the waits included)")
	echo "bench-python: $PYTHON, $ROUNDS rounds of fixed work, target ${what[$col]}" \
		"(best and median of $REPS)"
	read -r best0 median0 < <(stats "$tmp/times.0" "$col")
	for i in "${!configs[@]}"; do
		read -r best median < <(stats "$tmp/times.$i" "$col")
		awk -v l="${labels[$i]}" -v b="$best" -v m="$median" -v b0="$best0" -v m0="$median0" \
			'BEGIN { printf "  %-30s best %6.3f s %+6.1f %%   median %6.3f s %+6.1f %%\n",
				 l, b, 100 * (b / b0 - 1), m, 100 * (m / m0 - 1) }'
	done
done

# cpu_samples ARGS...: "CPU-SECONDS SAMPLES" of one hr-sample run attached
# for 3 s to the work, running meanwhile.
cpu_samples() {
	"$PYTHON" "$tmp/work.py" 100000 >/dev/null &
	local work=$!
	sleep 0.5
	/usr/bin/time -f "%U %S" -o "$tmp/time" hr-sample "$@" -p "$work" -d 3 -o /dev/null \
		>/dev/null 2>"$tmp/sum"
	kill "$work"
	wait "$work" 2>/dev/null
	awk '{ print $1 + $2 }' "$tmp/time" | tr '\n' ' ' &&
	sed -n 's/^hr-sample: \([0-9]*\) samples.*/\1/p' "$tmp/sum"
}
# best_cpu ARGS...: cpu_samples of the run with the least CPU of $CPU_REPS.
CPU_REPS=${CPU_REPS:-3}
best_cpu() {
	local r c n bc= bn=
	for ((r = 0; r < CPU_REPS; r++)); do
		read -r c n < <(cpu_samples "$@")
		if [ -z "$bc" ] || awk -v a="$c" -v b="$bc" 'BEGIN { exit !(a < b) }'; then
			bc=$c bn=$n
		fi
	done
	echo "$bc $bn"
}
echo "bench-python: hr-sample's own CPU per sample, attached (999 Hz over 99 Hz, best of $CPU_REPS)"
for mode in "" "--no-python"; do
	# shellcheck disable=SC2086
	read -r c1 n1 < <(best_cpu -F 99 $mode)
	# shellcheck disable=SC2086
	read -r c2 n2 < <(best_cpu -F 999 $mode)
	awk -v m="${mode:-with Python frames}" -v c1="$c1" -v n1="$n1" -v c2="$c2" -v n2="$n2" \
		'BEGIN { printf "  %-20s %5d and %5d samples, %.2f and %.2f s: %.0f us a sample\n",
			 m, n1, n2, c1, c2, (n2 > n1 ? 1e6 * (c2 - c1) / (n2 - n1) : 0) }'
done
