#!/bin/bash
# hr-rightsize on a year of hourly roll-ups for 500 cgroups (7 series each,
# 30.7 million roll-up rows, no raw samples): the goal is a run in under a
# second with the default two-week window. Also the whole year (--since 365d),
# and as a floor, the sqlite3 shell reading the same roll-ups with one
# aggregate query (when installed). There is no runnable peer: Robusta KRR and
# VPA's recommender read Prometheus and a Kubernetes cluster.
#
# The database is built once into build/bench/ (a few minutes, 1.5 GB);
# RIGHTSIZE_CGROUPS and RIGHTSIZE_DAYS make a smaller one.
cd "$(dirname "$0")/../.." || exit 2
export PATH="$PWD/bin:$PWD/build/tests:$PATH" TZ=UTC LC_ALL=C
n=${RIGHTSIZE_CGROUPS:-500}
days=${RIGHTSIZE_DAYS:-365}
db=build/bench/rightsize-$n-$days.db
end=2026-01-01T00:00:00Z
mkdir -p build/bench
if [ ! -s "$db" ]; then
	echo "building $db: $n cgroups, $days days of hourly roll-ups"
	rm -f "$db" "$db"-wal "$db"-shm
	nice rightsize-mkdb bench "$db.tmp" "$n" "$days" || exit 1
	sqlite3 "$db.tmp" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null 2>&1
	mv "$db.tmp" "$db" && rm -f "$db.tmp"-wal "$db.tmp"-shm
fi

# best CMD...: the best wall time of three runs, and with GNU time the CPU
# time (user + system) of that run, which a busy machine disturbs less.
best() {
	local b= c= s e t u i
	for i in 1 2 3; do
		s=$(date +%s.%N)
		if [ -x /usr/bin/time ]; then
			/usr/bin/time -f "%U %S" -o build/bench/rightsize.time "$@" >/dev/null 2>&1
		else
			"$@" >/dev/null 2>&1
		fi
		[ $? -le 1 ] || { echo "failed: $*" >&2; return 1; }
		e=$(date +%s.%N)
		t=$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f", e - s }')
		u=$( [ -x /usr/bin/time ] && awk '/^[0-9.]+ [0-9.]+$/ { u = $1 + $2 } END { printf "%.2f", u }' build/bench/rightsize.time)
		if [ -z "$b" ] || awk -v t="$t" -v b="$b" 'BEGIN { exit !(t < b) }'; then
			b=$t c=$u
		fi
	done
	echo "$b ${c:--}"
}

# show LABEL "WALL CPU": one line of figures.
show() {
	set -- "$1" $2
	printf '%-38s %7ss wall, %5ss CPU\n' "$1" "$2" "$3"
}

rows=$(( n * 7 * days * 24 ))
echo "database: $db ($n cgroups x 7 series x $days days = $rows hourly roll-ups)"
t14=$(best hr-rightsize --db "$db" --until $end --tsv) || exit 1
show "hr-rightsize, default window (14d):" "$t14"
t90=$(best hr-rightsize --db "$db" --until $end --since 90d --tsv) || exit 1
show "hr-rightsize, --since 90d:" "$t90"
t365=$(best hr-rightsize --db "$db" --until $end --since 365d --tsv) || exit 1
show "hr-rightsize, --since 365d:" "$t365"
if command -v sqlite3 >/dev/null; then
	q="SELECT series_id, max(p95), max(max), avg(sum / count) FROM rollups WHERE hour >= %d GROUP BY series_id"
	q14=$(best sqlite3 "$db" "$(printf "$q" $(( $(date -d $end +%s) - 14 * 86400 )))") || exit 1
	show "sqlite3 aggregate query, 14d:" "$q14"
	q365=$(best sqlite3 "$db" "$(printf "$q" $(( $(date -d $end +%s) - 365 * 86400 )))") || exit 1
	show "sqlite3 aggregate query, 365d:" "$q365"
	echo "ratios (wall) hr-rightsize / sqlite3: 14d $(awk -v a="${t14%% *}" -v b="${q14%% *}" 'BEGIN { printf "%.2f", a / b }'), 365d $(awk -v a="${t365%% *}" -v b="${q365%% *}" 'BEGIN { printf "%.2f", a / b }')"
else
	echo "sqlite3 shell not installed: no floor to compare with (apt-get install sqlite3)"
fi
awk -v t="${t14%% *}" 'BEGIN { exit !(t < 1) }' || echo "hr-rightsize: SLOWER than the goal of 1 s (wall time)"
