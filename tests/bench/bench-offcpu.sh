#!/bin/bash
# hr-sample --off-cpu's cost to its target: a pipe ping-pong between two
# threads (build/tests/pingpong) calibrated, unsampled, to 10,000 and to
# 100,000 context switches a second; the same rounds alone and under
# hr-sample --off-cpu. The target's wall and CPU seconds (both threads, user
# and system: the stack copies are made in its system time) are the best of
# $REPS interleaved runs (default 3), and the records lost, which the
# summary reports, are given for each sampled run. OFFCPU_ARGS adds options
# to hr-sample (for example "--stack-size 4096", a smaller stack copy).
set -u
cd "$(dirname "$0")/../.." || exit 2
export PATH="$PWD/bin:$PATH"
PP=$PWD/build/tests/pingpong
REPS=${REPS:-3}
SECS=${SECS:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! hr-sample -q --off-cpu -d 100ms -- true >/dev/null 2>"$tmp/err"; then
	echo "bench-offcpu: skipped, off-CPU sampling is refused: $(cat "$tmp/err")"
	exit 0
fi
[ -x "$PP" ] || { echo "bench-offcpu: build $PP first (make check builds it)"; exit 2; }

better() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(b == "" || a < b) }'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.1f%%", 100 * (a - b) / b }'; }

echo "hr-sample --off-cpu ${OFFCPU_ARGS:-}"
echo "rate (unsampled)  run        wall s   cpu s   switches/s  slowdown(wall, cpu)  lost records"
for rate in 10000 100000; do
	work=$("$PP" calibrate "$rate")
	rounds=$((rate * SECS / 2))
	bw=; bc=; sw=; sc=; lost=; rates=
	for r in $(seq "$REPS"); do
		read -r _ w _ c _ s < <("$PP" run "$work" "$rounds")
		better "$w" "$bw" && bw=$w && br=$s
		better "$c" "$bc" && bc=$c
		# shellcheck disable=SC2086
		hr-sample --off-cpu ${OFFCPU_ARGS:-} -o /dev/null -- "$PP" run "$work" "$rounds" \
			>"$tmp/out" 2>"$tmp/sum"
		read -r _ w _ c _ s <"$tmp/out"
		better "$w" "$sw" && sw=$w && sr=$s
		better "$c" "$sc" && sc=$c
		l=$(sed -n 's/.*off-CPU: \([0-9]*\) switch-outs, \([0-9]*\) lost events.*/\2 of \1+/p' "$tmp/sum")
		lost="$lost${lost:+, }$l"
	done
	printf '%-17s %-10s %7.3f %7.3f %11.0f\n' "$rate/s" alone "$bw" "$bc" "$br"
	printf '%-17s %-10s %7.3f %7.3f %11.0f  %8s %8s   %s\n' "" --off-cpu "$sw" "$sc" "$sr" \
		"$(pct "$sw" "$bw")" "$(pct "$sc" "$bc")" "$lost"
done
echo "(lost records: lost events of switch-outs+ their samples and switch records, per run)"
