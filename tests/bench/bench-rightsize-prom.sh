#!/bin/bash
# hr-rightsize --prometheus on a fleet of 500 Kubernetes containers with 14 days
# at a 1-minute step (cAdvisor CPU and memory, kube-state-metrics requests,
# limits and owners: about 10 million points per metric) backfilled into a
# local Prometheus. The floor is curl downloading the same replies, the
# queries hr-rightsize -v lists, one after the other: the goal is at most 1.5x
# its wall time, and a peak resident memory of at most 200 MB (GNU time).
# Each of RIGHTSIZE_PROM_RUNS (3) runs reads once with each; the best counts.
#
# The Prometheus storage is built once into build/bench/ (generated OpenMetrics
# through promtool: minutes); RIGHTSIZE_PROM_CONTAINERS and RIGHTSIZE_PROM_DAYS
# make a smaller one.
cd "$(dirname "$0")/../.." || exit 2
export PATH="$PWD/bin:$PWD/build/tests:$PATH" TZ=UTC LC_ALL=C
n=${RIGHTSIZE_PROM_CONTAINERS:-500}
days=${RIGHTSIZE_PROM_DAYS:-14}
dir=build/bench/rightsize-prom-$n-$days
end=2026-01-01T00:00:00Z
for c in prometheus promtool curl; do
	command -v $c >/dev/null || { echo "$c not installed: no benchmark (make deps)"; exit 0; }
done
mkdir -p "$dir"
if [ ! -d "$dir/data" ]; then
	echo "building $dir: $n containers, $days days at a 1-minute step"
	rm -rf "$dir/data.tmp"
	awk -v end="$(date -d $end +%s)" -v days="$days" -v step=60 -v deployments=$((n / 2)) \
		-v pods=2 -f tests/data/rightsize/gen-k8s.awk >"$dir/fleet.om" &&
	nice promtool tsdb create-blocks-from openmetrics --max-block-duration=720h -q \
		"$dir/fleet.om" "$dir/data.tmp" >/dev/null || exit 1
	rm -f "$dir/fleet.om"
	mv "$dir/data.tmp" "$dir/data"
fi

# A Prometheus on that storage, on a free port, stopped at exit.
printf 'global: {}\n' >"$dir/prometheus.yml"
for try in 1 2 3 4 5; do
	port=$((20000 + (RANDOM * 7 + $$ + try * 101) % 40000))
	prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
		--web.listen-address=127.0.0.1:$port --storage.tsdb.retention.time=100y \
		--log.level=warn >"$dir/prometheus.log" 2>&1 &
	pid=$!
	for i in $(seq 600); do
		kill -0 $pid 2>/dev/null || break
		curl -fs -o /dev/null "http://127.0.0.1:$port/-/ready" && break 2
		sleep 0.1
	done
	kill $pid 2>/dev/null
	wait $pid 2>/dev/null
	pid=
done
[ -n "$pid" ] || { echo "cannot start prometheus; its log:"; cat "$dir/prometheus.log"; exit 1; }
trap 'kill $pid; wait $pid 2>/dev/null' EXIT
url=http://127.0.0.1:$port

runs=${RIGHTSIZE_PROM_RUNS:-3}

# sized: one hr-rightsize run, its queries listed (-v) and, with GNU time, its
# peak resident memory; prints its wall time.
sized() {
	local s e rc
	s=$(date +%s.%N)
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -v -o "$dir/time-v" env HEADROOM_NOW=$end hr-rightsize \
			--prometheus "$url" --since "${days}d" --tsv -v >"$dir/out.tsv" 2>"$dir/queries"
	else
		HEADROOM_NOW=$end hr-rightsize --prometheus "$url" --since "${days}d" --tsv -v \
			>"$dir/out.tsv" 2>"$dir/queries"
	fi
	rc=$?
	e=$(date +%s.%N)
	[ $rc -le 1 ] || { echo "hr-rightsize failed:" >&2; cat "$dir/queries" >&2; return 1; }
	awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f", e - s }'
}

# One curl for every reply of the queries hr-rightsize sent, one after the
# other on one connection: the floor.
download() {
	local cargs=() kind a b rest s e
	while read -r _ kind a b rest; do
		[ ${#cargs[@]} -gt 0 ] && cargs+=(--next)
		if [ "$kind" = query_range ]; then
			cargs+=(-fsS -o /dev/null "$url/api/v1/query_range" --data-urlencode "$a"
				--data-urlencode "$b" --data-urlencode "${rest%% *}"
				--data-urlencode "query=${rest#* query=}")
		else
			cargs+=(-fsS -o /dev/null "$url/api/v1/query" --data-urlencode "$a"
				--data-urlencode "query=$(echo "$b $rest" | sed 's/^query=//; s/ *$//')")
		fi
	done <"$dir/queries"
	s=$(date +%s.%N)
	curl "${cargs[@]}" || return 1
	e=$(date +%s.%N)
	awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f", e - s }'
}

# min A B: the smaller, B when A is empty.
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b < a) ? b : a }'; }

# A first run lists the queries and brings the storage into the page cache,
# which would otherwise favour whichever reader comes second.
th= tc= rss=0 cpu=
measure() {
	local r
	th=$(min "$th" "$1")
	[ -x /usr/bin/time ] || return 0
	r=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$dir/time-v")
	[ "${r:-0}" -gt "$rss" ] && rss=$r
	cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$dir/time-v")
}
t=$(sized) || exit 1
for i in $(seq "$runs"); do
	t=$(download) || exit 1
	tc=$(min "$tc" "$t")
	t=$(sized) || exit 1
	measure "$t"
done
echo "fleet: $(grep -c "^load/" "$dir/out.tsv") containers sized from $(grep -c " query" "$dir/queries") requests; best of $runs runs"
printf '%-40s %8ss wall\n' "curl, the same replies:" "$tc" "hr-rightsize --prometheus:" "$th"
[ -n "$cpu" ] && echo "hr-rightsize's own CPU time (user + system), last run: ${cpu}s"
ratio=$(awk -v a="$th" -v b="$tc" 'BEGIN { printf "%.2f", a / b }')
echo "ratio (wall) hr-rightsize / curl: $ratio (goal <= 1.5)"
awk -v r="$ratio" 'BEGIN { exit !(r <= 1.5) }' || echo "hr-rightsize: SLOWER than the goal"
if [ -x /usr/bin/time ]; then
	echo "peak resident memory: $((rss / 1024)) MB (goal <= 200 MB)"
	[ "$rss" -le $((200 * 1024)) ] || echo "hr-rightsize: MORE memory than the goal"
else
	echo "GNU time not installed: no memory figure (apt-get install time)"
fi
