#!/bin/bash
# hr-record --remote-write against a local Prometheus (Debian's prometheus,
# started here on 127.0.0.1 with its storage under build/bench):
#  - push cost: the CPU of a one-shot run that pushes its snapshot, against
#    the same run without --remote-write (goal: at most 30 % more), and the
#    same per snapshot of a recorder that runs on (--interval 1s);
#  - backlog: 7 days of 10-second snapshots left by an outage, pushed by the
#    next run (goal: at most 10 s), and read back from Prometheus.
# Usage: tests/bench/bench-remote.sh [RUNS]   (default 100 one-shot runs each)
cd "$(dirname "$0")/../.." || exit 2
. tests/bench/lib.sh
export PATH="$PWD/bin:$PATH" TZ=UTC LC_ALL=C
runs=${1:-100}
work=$PWD/build/bench/remote
rm -rf "$work" && mkdir -p "$work"
if ! command -v prometheus >/dev/null; then
	echo "bench-remote: Debian's prometheus is not installed (make deps installs it)"
	exit 0
fi

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url=http://127.0.0.1:$port
now=$(date +%s)
start=$((now - 7 * 86400 - 600))
# The backlog, made before the server starts: one run whose push failed sets the mark 7
# days back; 7 days of 10-second snapshots of its series follow, as an
# outage leaves them; the next run pushes them all.
HEADROOM_NOW=$start hr-record -q --db "$work/backlog.db" --host bench --no-cgroups --top 0 \
	--remote-write "$url/api/v1/write" 2>/dev/null
hr-query --db "$work/backlog.db" --list | grep -v '^#' | cut -f1 >"$work/series"
awk -v s="$start" 'NR == FNR { name[n++] = $0; next }
	END { for (t = s + 10; t <= s + 7 * 86400; t += 10)
		for (i = 0; i < n; i++) printf "%d\t%s\t%d\n", t, name[i], (t / 10 + i) % 1000 }' \
	"$work/series" /dev/null >"$work/backlog.tsv"
hr-record --import "$work/backlog.tsv" --db "$work/backlog.db" || exit 1
printf 'global: {}\n' >"$work/prom.yml"
prometheus --config.file="$work/prom.yml" --storage.tsdb.path="$work/prom.data" \
	--web.listen-address=127.0.0.1:$port --web.enable-remote-write-receiver \
	--storage.tsdb.retention.time=100y --log.level=warn >"$work/prom.log" 2>&1 &
prom=$!
trap 'kill $prom 2>/dev/null; wait $prom 2>/dev/null' EXIT
for _ in $(seq 100); do curl -fsS "$url/-/ready" >/dev/null 2>&1 && break; sleep 0.2; done

samples=$(wc -l <"$work/backlog.tsv")
t0=$(date +%s.%N)
HEADROOM_NOW=$((start + 7 * 86400 + 10)) hr-record --db "$work/backlog.db" --host bench \
	--no-cgroups --top 0 --remote-write "$url/api/v1/write" --remote-write-timeout 60s -v \
	>/dev/null 2>"$work/backlog.err"
t1=$(date +%s.%N)
# Samples Prometheus holds of the host, metric by metric (count_over_time
# drops the names, so one query over all of them would clash).
got=$(python3 - "$url" "$((start + 7 * 86400 + 60))" <<'PY'
import json, sys, urllib.parse, urllib.request
url, at = sys.argv[1], sys.argv[2]
def get(path, **q):
    with urllib.request.urlopen(url + path + "?" + urllib.parse.urlencode(q)) as r:
        return json.load(r)["data"]
total = 0
for name in get("/api/v1/label/__name__/values"):
    for r in get("/api/v1/query", query='count_over_time(%s{host="bench"}[8d])' % name, time=at)["result"]:
        total += int(r["value"][1])
print(total)
PY
)
awk -v a="$t0" -v b="$t1" -v n="$samples" -v s="$(wc -l <"$work/series")" -v got="$got" 'BEGIN {
	printf "backlog: 7 days of 10-second snapshots, %d series, %d samples: pushed in %.1f s, %.0f samples/s (goal: at most 10 s: %s)\n",
		s, n, b - a, n / (b - a), b - a <= 10 ? "met" : "missed"
	printf "  Prometheus holds %d samples of the host afterwards (the backlog and the runs around it)\n", got }'
grep -v '^$' "$work/backlog.err" | sed 's/^/  /'

loop() {
	local db=$1 i
	shift
	for ((i = 0; i < runs; i++)); do
		HEADROOM_NOW=$((now - 3600 + i * 10)) hr-record -q --db "$work/$db" --no-cgroups \
			--top 0 "$@" 2>>"$work/loop.err" || return 1
	done
}

echo "push cost: $runs one-shot runs each (host metrics), on $(nproc) CPUs"
# Alternate the two loops in halves, so that the machine's load falls on both.
half=$((runs / 2))
runs=$half
p1=$(cpu_ms loop push.db --remote-write "$url/api/v1/write") || exit 1
l1=$(cpu_ms loop local.db) || exit 1
now=$((now + half * 10))
p2=$(cpu_ms loop push.db --remote-write "$url/api/v1/write") || exit 1
l2=$(cpu_ms loop local.db) || exit 1
awk -v p=$((p1 + p2)) -v l=$((l1 + l2)) -v n=$((2 * half)) 'BEGIN {
	printf "  without --remote-write: %.2f ms a run; with it: %.2f ms a run: +%.0f %% (goal: at most 30 %%: %s)\n",
		l / n, p / n, 100 * (p - l) / l, p <= 1.3 * l ? "met" : "missed" }'

# The same in one long-running recorder (--interval, as a 10-second
# recording runs): libcurl is loaded once and its connection kept, so a push
# costs the request. Two recorders, with and without the push, 1 snapshot a
# second, on one CPU (the last), the second started half a second after the
# first so that their snapshots never meet: which CPU a process gets, and
# what else runs there, changes its CPU time more than the push does. Each
# half-second of perf stat -I that holds a snapshot gives that snapshot's
# CPU time (task-clock, in nanoseconds where /proc counts ticks), the first
# 3 seconds (start-up, libcurl's loading) left out. Three rounds of
# LOOP_SNAPSHOTS; the ratio of the medians of each, and the middle one.
# Instructions per snapshot (callgrind, repeatable where CPU time is not):
# the same recorders for 5 and for 25 snapshots, the difference divided by 20.
snaps=${LOOP_SNAPSHOTS:-25}
if command -v perf >/dev/null && command -v taskset >/dev/null; then
	cpu=$(($(nproc) - 1))
	rec() {
		taskset -c $cpu perf stat -I 500 -x, -e task-clock -o "$work/$1.stat" hr-record -q \
			--host "$1" --db "$work/$1.db" --no-cgroups --top 0 --interval 1s \
			--count "$snaps" "${@:2}" 2>>"$work/loop.err"
	}
	# "MEDIAN LOWER-QUARTILE" of the snapshots' CPU times: what else runs
	# can only add to a snapshot's time, so the lower quartile is the
	# steadier of the two.
	quartiles() {
		awk -F, '$1 > 3 && $2 ~ /^[0-9.]+$/ && $2 > 0 { print $2 }' "$work/$1.stat" | sort -n |
			awk '{ v[n++] = $1 } END { print n ? v[int(n / 2)] " " v[int(n / 4)] : "0 0" }'
	}
	for round in 1 2 3; do
		rec lpush$round --remote-write "$url/api/v1/write" & p1=$!
		sleep 0.5
		rec llocal$round & p2=$!
		wait $p1 $p2	# not the server
		echo "$(quartiles llocal$round) $(quartiles lpush$round)"
	done | awk -v n="$snaps" '{ l[NR] = $1; p[NR] = $3; r[NR] = 100 * ($3 - $1) / $1
		lq[NR] = $2; pq[NR] = $4 }
	END {
		for (i = 1; i <= 3; i++)
			printf "  --interval 1s, round %d, CPU of a snapshot (%d, after the first 3 s), median and lower quartile: without --remote-write %.3f, %.3f ms; with it: %.3f, %.3f ms: %+.0f %%, %+.0f %%\n",
				i, n - 3, l[i], lq[i], p[i], pq[i], r[i], 100 * (pq[i] - lq[i]) / lq[i]
		m = r[1] + r[2] + r[3] - (r[1] > r[2] ? (r[1] > r[3] ? r[1] : r[3]) : (r[2] > r[3] ? r[2] : r[3])) \
			- (r[1] < r[2] ? (r[1] < r[3] ? r[1] : r[3]) : (r[2] < r[3] ? r[2] : r[3]))
		printf "  the middle round: %+.0f %% (goal: at most 30 %%: %s)\n", m, m <= 30 ? "met" : "missed" }'
else
	echo "  --interval: perf or taskset is not installed (Debian: linux-perf, util-linux)"
fi
if command -v valgrind >/dev/null; then
	irec() {
		valgrind --tool=callgrind --callgrind-out-file=/dev/null hr-record -q --host "$1" \
			--db "$work/$1.db" --no-cgroups --top 0 --interval 1s --count "$2" "${@:3}" 2>&1 |
			awk '/Collected/ { print $NF }' >"$work/$1.ir"
	}
	irec ip5 5 --remote-write "$url/api/v1/write" & p1=$!
	irec ip25 25 --remote-write "$url/api/v1/write" & p2=$!
	irec il5 5 & p3=$!
	irec il25 25 & p4=$!
	wait $p1 $p2 $p3 $p4
	awk -v p5="$(cat "$work/ip5.ir")" -v p25="$(cat "$work/ip25.ir")" \
		-v l5="$(cat "$work/il5.ir")" -v l25="$(cat "$work/il25.ir")" 'BEGIN {
		p = (p25 - p5) / 20; l = (l25 - l5) / 20
		printf "  instructions a snapshot (snapshots 6 to 25): %d without, %d with the push: +%.0f %%\n",
			l, p, 100 * (p - l) / l }'
fi

# Instructions, repeatable where CPU time is not: one run each, and where
# they go (the dynamic loader binding libcurl and its libraries, OpenSSL's
# start-up).
if command -v valgrind >/dev/null; then
	ir() {
		valgrind --tool=callgrind --callgrind-out-file="$work/cg.$1" hr-record -q \
			--db "$work/$1.db" --no-cgroups --top 0 "${@:2}" 2>&1 |
			awk '/Collected/ { print $NF }'
	}
	sleep 0.6
	ip=$(ir push --remote-write "$url/api/v1/write")
	il=$(ir local)
	ld=$(callgrind_annotate --inclusive=yes "$work/cg.push" 2>/dev/null |
		awk '/dynlib_symbol/ { gsub(",", "", $1); print $1; exit }')
	awk -v p="$ip" -v l="$il" -v d="${ld:-0}" 'BEGIN {
		printf "  instructions: %d without, %d with the push (+%.0f %%); loading libheadroom-prom and libcurl: %d (%.0f %% of the extra)\n",
			l, p, 100 * (p - l) / l, d, 100 * d / (p - l) }'
fi

exit 0
