#!/bin/bash
# hr-sample's benchmarks, against perf record --call-graph dwarf:
#  1. overhead on the target: the CPU time of a fixed amount of work in the
#     bundled workload's main thread, alone and sampled at 99 and 999 Hz by
#     hr-sample and by perf record with the same stack size;
#  2. cost: hr-sample's own CPU time per sample against perf record + perf
#     script + folding (bin/hr-fold when built, else stackcollapse-perf.pl
#     from $FLAMEGRAPH_DIR, else perf alone), samples lost at 999 Hz with
#     two busy threads;
#  3. hr-sample -p PID -d 10 | hr-flame: how long after the window it ends.
# Overhead figures are the best of $REPS interleaved runs (default 5).
set -u
cd "$(dirname "$0")/../.." || exit 2
export PATH="$PWD/bin:$PATH"
WL=$PWD/build/tests/sample-workload
REPS=${REPS:-5}
WORK=${WORK:-w3000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! hr-sample -q -d 100ms -- true >/dev/null 2>"$tmp/err"; then
	echo "bench-sample: skipped, perf_event_open is refused: $(cat "$tmp/err")"
	exit 0
fi
have_perf=
command -v perf >/dev/null && perf record -q -o "$tmp/p.data" -- true >/dev/null 2>&1 && have_perf=1
[ -n "$have_perf" ] || echo "bench-sample: perf not usable here; its columns are left out"

# The main thread's CPU seconds for the fixed work under each sampler (a
# prefix ending in --, or nothing); the runs of the configurations are
# interleaved, REPS rounds, and the best of each is kept, so that the
# machine's changing load hits every configuration alike.
configs=("" "hr-sample -q -F 99 -o /dev/null --" "hr-sample -q -F 999 -o /dev/null --")
labels=("alone" "hr-sample -F 99" "hr-sample -F 999")
if [ -n "$have_perf" ]; then
	configs+=("perf record -q -F 99 --call-graph dwarf,65528 -o $tmp/perf.data --"
		  "perf record -q -F 999 --call-graph dwarf,65528 -o $tmp/perf.data --")
	labels+=("perf record -F 99 --call-graph dwarf,65528" "perf record -F 999 --call-graph dwarf,65528")
fi
declare -a best
for r in $(seq "$REPS"); do
	for i in "${!configs[@]}"; do
		# shellcheck disable=SC2086
		t=$(${configs[$i]} "$WL" "$WORK" 2>&1 >/dev/null | awk '/^main-thread-cpu/ { print $2 }')
		[ -n "$t" ] || continue
		if [ -z "${best[$i]:-}" ] || awk -v a="$t" -v b="${best[$i]}" 'BEGIN { exit !(a < b) }'; then
			best[$i]=$t
		fi
	done
done
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.2f%%", 100 * (a - b) / b }'; }

echo "1. overhead on the target ($WORK: main-thread CPU seconds, best of $REPS interleaved runs)"
for i in "${!configs[@]}"; do
	printf '   %-44s %8s  %s\n' "${labels[$i]}" "${best[$i]:-nan}" "$([ "$i" = 0 ] || pct "${best[$i]}" "${best[0]}")"
done

echo "2. cost per sample at 999 Hz, two busy threads, 5 s"
"$WL" 60 >/dev/null & wl=$!
trap 'kill $wl 2>/dev/null; rm -rf "$tmp"' EXIT
sleep 0.5
/usr/bin/time -f "%U %S" -o "$tmp/hr.time" hr-sample -F 999 -d 5 -p $wl -o "$tmp/hr.folded" 2>"$tmp/hr.err"
hr_cpu=$(awk '{ print $1 + $2 }' "$tmp/hr.time")
hr_n=$(awk '/samples in/ { print $2 }' "$tmp/hr.err")
hr_lost=$(awk '/samples in/ { gsub(/,/, "", $6); print $6 }' "$tmp/hr.err")
awk -v c="$hr_cpu" -v n="$hr_n" -v l="$hr_lost" 'BEGIN {
	printf "   hr-sample:  %d samples, %s lost, %.2f s CPU, %.1f us/sample\n", n, l, c, 1e6 * c / n }'
if [ -n "$have_perf" ]; then
	/usr/bin/time -f "%U %S" -o "$tmp/rec.time" perf record -q -F 999 --call-graph dwarf,65528 \
		-p $wl -o "$tmp/perf.data" -- sleep 5 >/dev/null 2>&1
	/usr/bin/time -f "%U %S" -o "$tmp/scr.time" perf script -i "$tmp/perf.data" >"$tmp/perf.txt" 2>/dev/null
	fold="none"
	if [ -x bin/hr-fold ]; then
		fold="hr-fold"
		/usr/bin/time -f "%U %S" -o "$tmp/fold.time" bin/hr-fold "$tmp/perf.txt" >"$tmp/perf.folded"
	elif [ -n "${FLAMEGRAPH_DIR:-}" ] && [ -x "$FLAMEGRAPH_DIR/stackcollapse-perf.pl" ]; then
		fold="stackcollapse-perf.pl"
		/usr/bin/time -f "%U %S" -o "$tmp/fold.time" "$FLAMEGRAPH_DIR/stackcollapse-perf.pl" \
			"$tmp/perf.txt" >"$tmp/perf.folded"
	else
		echo "   (no folding step: build hr-fold or set FLAMEGRAPH_DIR to a FlameGraph checkout)"
		echo "0 0" >"$tmp/fold.time"
	fi
	perf_n=$(grep -c -E '^[^ 	]' "$tmp/perf.txt")
	rec=$(awk '{ print $1 + $2 }' "$tmp/rec.time")
	scr=$(awk '{ print $1 + $2 }' "$tmp/scr.time")
	fld=$(awk '{ print $1 + $2 }' "$tmp/fold.time")
	awk -v r="$rec" -v s="$scr" -v f="$fld" -v n="$perf_n" -v fold="$fold" 'BEGIN {
		c = r + s + f
		printf "   perf:       %d samples, %.2f s CPU (record %.2f, script %.2f, %s %.2f), %.1f us/sample\n",
			n, c, r, s, fold, f, 1e6 * c / n }'
	awk -v hc="$hr_cpu" -v hn="$hr_n" -v pc="$rec + $scr + $fld" -v pn="$perf_n" -v r="$rec" -v s="$scr" -v f="$fld" 'BEGIN {
		printf "   ratio hr-sample / perf per sample: %.2f\n", (hc / hn) / ((r + s + f) / pn) }'
fi

echo "3. hr-sample -p PID -d 10 | hr-flame > x.svg"
if [ -x bin/hr-flame ]; then
	start=$(date +%s.%N)
	hr-sample -q -p $wl -d 10 | hr-flame >"$tmp/x.svg"
	end=$(date +%s.%N)
	awk -v s="$start" -v e="$end" 'BEGIN { printf "   done %.2f s after the 10 s window\n", e - s - 10 }'
else
	start=$(date +%s.%N)
	hr-sample -q -p $wl -d 10 >"$tmp/x.folded"
	end=$(date +%s.%N)
	awk -v s="$start" -v e="$end" 'BEGIN { printf "   (hr-flame not built) hr-sample alone done %.2f s after the 10 s window\n", e - s - 10 }'
fi
kill $wl 2>/dev/null
