#!/bin/bash
# hr-sample on CPython services, interpreter by interpreter (pyenv's under
# $PYENV_ROOT/versions and the system's python3), against py-spy when
# $PY_SPY names its binary (it is not a Debian package: pip install py-spy):
#  1. shares: the known-answer workload at 99 Hz, each phase's share
#     against its design, and the samples whose Python stack is complete;
#  2. cost: the target's slowdown at 99 Hz on a fixed number of requests
#     of tests/workloads/py-service.py (the work's own wall and CPU time,
#     median of $REPS interleaved pairs against an unprofiled run), the time
#     a sampled thread stays stopped, and hr-sample's CPU per sample;
#  3. safety: $KILLS runs of hr-sample -p killed with SIGKILL at a random
#     moment (the tracer cleans up), and as many of its tracer killed with
#     SIGKILL (nobody cleans up): how often the target died.
set -u
cd "$(dirname "$0")/../.." || exit 2
export PATH="$PWD/bin:$PATH"
KNOWN=$PWD/tests/workloads/py-known.py
SERVICE=$PWD/tests/workloads/py-service.py
REPS=${REPS:-5}
REQUESTS=${REQUESTS:-4000}
KILLS=${KILLS:-30}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! hr-sample -q -d 100ms -- true >/dev/null 2>"$tmp/err"; then
	echo "bench-sample-python: skipped, perf_event_open is refused: $(cat "$tmp/err")"
	exit 0
fi
pythons() {
	local v d sys
	for v in 3.9 3.10 3.11 3.12 3.13; do
		for d in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/$v.*; do
			[ -x "$d/bin/python$v" ] && echo "$d/bin/python$v"
		done
	done
	for sys in /usr/bin/python3 $(type -ap python3); do
		[ -x "$sys" ] && [ "${sys#"${PYENV_ROOT:-$HOME/.pyenv}"}" = "$sys" ] && { echo "$sys"; break; }
	done
}
[ -n "${PY_SPY:-}" ] && [ -x "$PY_SPY" ] || {
	echo "bench-sample-python: PY_SPY is not set to a py-spy binary; its columns are left out"
	PY_SPY=
}

# share FILE FILTER NAME: percent of the samples with FILTER that have NAME.
share() {
	awk -v f="$2 \\\\(" -v n="$3 \\\\(" '$0 ~ f { t += $NF; if ($0 ~ n) s += $NF }
		END { printf "%.1f", t ? 100 * s / t : -1 }' "$1"
}
median() { sort -g | awk '{ v[NR] = $1 } END { print NR ? v[int((NR + 1) / 2)] : "nan" }'; }

echo "1. shares at 99 Hz (design: phase_a/b/c 16.7/33.3/50, alt_native 50, thread_phase 66.7)"
printf '   %-8s %6s %6s %6s %8s %8s %10s %9s\n' python phase_a phase_b phase_c alt_nat thread complete samples
for py in $(pythons); do
	v=$("$py" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')
	hr-sample -F 99 -o "$tmp/k.folded" -- "$py" "$KNOWN" --seconds 4 unicode phases alternate thread deep \
		>/dev/null 2>"$tmp/k.err"
	awk -v v="$v" -v a="$(share "$tmp/k.folded" run_phases phase_a)" \
		-v b="$(share "$tmp/k.folded" run_phases phase_b)" -v c="$(share "$tmp/k.folded" run_phases phase_c)" \
		-v n="$(share "$tmp/k.folded" alternate alt_native)" -v t="$(awk '/thread_phase \(/ { a += $NF }
			/main_phase \(/ { b += $NF } END { printf "%.1f", a + b ? 100 * a / (a + b) : -1 }' "$tmp/k.folded")" '
		/with Python frames/ { k = $0; sub(/ down to <module>.*/, "", k); sub(/.*\(/, "", k)
			printf "   %-8s %6s %6s %6s %8s %8s %9.1f%% %9d\n", v, a, b, c, n, t, 100 * k / $3, $3 }' "$tmp/k.err"
done

echo "2. cost at 99 Hz: $REQUESTS requests of py-service.py, median of $REPS interleaved pairs"
printf '   %-8s %-10s %9s %9s %10s %10s %12s\n' python sampler wall+ cpu+ stop-p50 stop-p99 cpu/sample
for py in $(pythons); do
	v=$("$py" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')
	: >"$tmp/hr" ; : >"$tmp/spy"
	for r in $(seq "$REPS"); do
		base=$("$py" "$SERVICE" --requests "$REQUESTS" | awk '/^work/ { print $2, $3 }')
		prof=$(hr-sample -F 99 -o /dev/null -- "$py" "$SERVICE" --requests "$REQUESTS" 2>"$tmp/s.err" |
			awk '/^work/ { print $2, $3 }')
		stops=$(awk '/a sampled thread stopped/ { print $7, $10, $15 }' "$tmp/s.err")
		echo "$base $prof $stops" >>"$tmp/hr"
		if [ -n "$PY_SPY" ]; then
			base=$("$py" "$SERVICE" --requests "$REQUESTS" | awk '/^work/ { print $2, $3 }')
			# time counts py-spy and its child, the target: take the target's out
			/usr/bin/time -f "%U %S" -o "$tmp/spy.time" "$PY_SPY" record -r 99 -f raw -o "$tmp/spy.raw" \
				-- "$py" "$SERVICE" --requests "$REQUESTS" >"$tmp/spy.out" 2>/dev/null
			prof=$(awk '/^work/ { print $2, $3 }' "$tmp/spy.out")
			n=$(awk '{ s += $NF } END { print s + 0 }' "$tmp/spy.raw" 2>/dev/null)
			c=$(awk -v n="$n" -v t="$(awk '/^work/ { print $4 }' "$tmp/spy.out")" '
				{ printf "%.0f", n ? 1e6 * ($1 + $2 - t) / n : 0 }' "$tmp/spy.time")
			echo "$base $prof - - $c" >>"$tmp/spy"
		fi
	done
	for who in hr spy; do
		[ -s "$tmp/$who" ] || continue
		w=$(awk '{ printf "%.2f\n", 100 * ($3 / $1 - 1) }' "$tmp/$who" | median)
		c=$(awk '{ printf "%.2f\n", 100 * ($4 / $2 - 1) }' "$tmp/$who" | median)
		p50=$(awk '{ print $5 }' "$tmp/$who" | median)
		p99=$(awk '{ print $6 }' "$tmp/$who" | median)
		cps=$(awk '{ print $7 }' "$tmp/$who" | median)
		printf '   %-8s %-10s %8s%% %8s%% %7s us %7s us %9s us\n' "$v" \
			"$([ $who = hr ] && echo hr-sample || echo py-spy)" "$w" "$c" "$p50" "$p99" "$cps"
	done
done

echo "3. safety: $KILLS SIGKILLs each, at 999 Hz, of hr-sample and of its tracer"
py=$(pythons | tail -1)
for victim in hr-sample tracer; do
	deaths=0
	"$py" "$KNOWN" --seconds 3600 alternate >/dev/null & target=$!
	for i in $(seq "$KILLS"); do
		hr-sample -q -F 999 -p $target -o /dev/null 2>/dev/null & hr=$!
		sleep "0.$((RANDOM % 7 + 2))"
		if [ $victim = tracer ]; then
			kill -KILL "$(pgrep -P $hr | head -1)" 2>/dev/null
			sleep 0.1
			kill -TERM $hr 2>/dev/null
		else
			kill -KILL $hr
		fi
		wait $hr 2>/dev/null
		for j in $(seq 100); do grep -q "TracerPid:[[:space:]]0$" /proc/$target/status 2>/dev/null && break; sleep 0.05; done
		sleep 0.3
		if ! kill -0 $target 2>/dev/null; then
			deaths=$((deaths + 1))
			wait $target 2>/dev/null
			"$py" "$KNOWN" --seconds 3600 alternate >/dev/null & target=$!
		fi
	done
	kill $target 2>/dev/null
	wait $target 2>/dev/null
	echo "   kill -9 of the $victim: the target died $deaths times in $KILLS"
done
