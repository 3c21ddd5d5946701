#!/bin/bash
# Stack profiles in the history (hr-sample --db, hr-query --profile):
# (a) storage a day for the cron line "hr-sample -a -d 10 -F 49 --db" on this
#     host (target: at most 5 MB a day on a 2-CPU host), from WINDOWS real
#     ten-second windows of the whole machine, extrapolated to 1440 windows:
#     the file's growth, and split into what every window costs (its rows)
#     and what only new stacks cost (frames and stacks, interned once). A
#     host that keeps starting new programs (a build machine) keeps adding
#     stacks; a service's stacks repeat after its first windows;
# (b) a week of such windows (10080) folded into one file (target: under 2 s).
#     The week is built from the recorded windows, copied by SQL with shifted
#     times: its stacks repeat those of the recorded windows, as a host's
#     stacks do once its workload has been seen.
# Needs perf_event_open for the whole system (root or CAP_PERFMON).
# Usage: tests/bench/bench-profile-db.sh [WINDOWS]   (default 6)
cd "$(dirname "$0")/../.." || exit 2
. tests/bench/lib.sh
export PATH="$PWD/bin:$PATH" TZ=UTC LC_ALL=C
n=${1:-6}
work=build/bench/profile-db
rm -rf "$work" && mkdir -p "$work"
db=$work/h.db

if ! command -v sqlite3 >/dev/null; then
	echo "sqlite3 is missing (Debian: sqlite3): cannot count the database's bytes"
	exit 2
fi
if ! hr-sample -q -a -d 100ms >/dev/null 2>"$work/probe.err"; then
	echo "skipped: hr-sample -a refused: $(cat "$work/probe.err")"
	exit 0
fi
sql() { sqlite3 -cmd ".timeout 20000" "$1" "$2"; }
# bytes in use: the pages of the file, less the free ones, after a checkpoint
used() { sql "$1" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
	 sql "$1" "SELECT (p.page_count - f.freelist_count) * s.page_size
		   FROM pragma_page_count p, pragma_freelist_count f, pragma_page_size s"; }

echo "cpus: $(nproc); recording $n windows of 'hr-sample -a -d 10 -F 49', each in a window of its own"
# Twenty-second windows (--window 20s), each run started just after a window
# opens, so that a run (its start-up and ten seconds of sampling) is one
# window: what a minute's window holds from the cron line, in a third of the time.
sizes=()
for ((i = 0; i < n; i++)); do
	now=$(date +%s.%N)
	sleep "$(awk -v t="$now" 'BEGIN { printf "%.2f", 20 - (t - int(t / 20) * 20) + 0.05 }')"
	hr-sample -q -a -d 10 -F 49 --db="$db" --window 20s || exit 2
	sizes[i]=$(used "$db")
done
windows=$(sql "$db" "SELECT count(DISTINCT ts) FROM prof_windows")
samples=$(hr-query --db "$db" --profile | awk '{ t += $NF } END { print t }')
first=${sizes[0]}
last=${sizes[n - 1]}
echo "windows stored: $windows; samples: $samples; label sets: $(sql "$db" "SELECT count(*) FROM prof_series")"
echo "frames: $(sql "$db" "SELECT count(*) FROM prof_frames"); stacks: $(sql "$db" "SELECT count(*) FROM prof_stacks"); blob bytes a window: $(sql "$db" "SELECT sum(length(counts)) / count(DISTINCT ts) FROM prof_windows")"
echo "database after window 1: $first bytes (the schema, metrics tables and the first stacks)"
for ((i = 1; i < n; i++)); do
	echo "  window $((i + 1)): +$((sizes[i] - sizes[i - 1])) bytes"
done
awk -v f="$first" -v l="$last" -v n="$n" 'BEGIN {
	per = (l - f) / (n - 1)
	printf "bytes a window after the first (mean of %d): %.0f\n", n - 1, per
	printf "a day (1440 windows, extrapolated from these %d): %.2f MB (target 5 MB)\n", n, (f + 1439 * per) / 1e6
}'

# (b) a week: the recorded windows, copied to 10080 one-minute windows
t0=$(sql "$db" "SELECT min(ts) FROM prof_windows")
sql "$db" "
	CREATE TEMP TABLE src AS SELECT ts, series_id, counts, dense_rank() OVER (ORDER BY ts) - 1 AS k
		FROM prof_windows;
	DELETE FROM prof_windows;
	WITH RECURSIVE w(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM w WHERE i < 10079)
	INSERT INTO prof_windows(ts, series_id, span, counts)
		SELECT $t0 + w.i * 60, src.series_id, 60, src.counts
		FROM w JOIN src ON src.k = w.i % $windows;" || exit 2
echo "week: $(sql "$db" "SELECT count(DISTINCT ts) FROM prof_windows") windows, $(sql "$db" "SELECT count(*) FROM prof_windows") rows, $(($(used "$db") / 1000000)) MB"
# Where the bytes go (SQLite's dbstat): the windows' rows, which every minute
# costs, and the interned frames and stacks, which only new stacks cost.
if sql "$db" "SELECT 1 FROM dbstat LIMIT 1" >/dev/null 2>&1; then
	sql "$db" "SELECT name, sum(pgsize) FROM dbstat WHERE name LIKE 'prof%' GROUP BY name ORDER BY 2 DESC" |
		awk -F'|' '{ printf "  %-18s %10d bytes\n", $1, $2 }'
	perwin=$(sql "$db" "SELECT sum(pgsize) / 10080 FROM dbstat WHERE name = 'prof_windows'")
	intern=$(sql "$db" "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'prof_frames%' OR name LIKE 'prof_stacks%'")
	awk -v w="$perwin" -v i="$intern" -v n="$n" 'BEGIN {
		printf "a window'"'"'s rows: %d bytes; a day of them: %.2f MB\n", w, w * 1440 / 1e6
		printf "a day where stacks repeat (the rows, and the stacks of these %d windows): %.2f MB (target 5 MB)\n", n, (w * 1440 + i) / 1e6
		printf "new frames and stacks on this host: %.0f bytes a window; a day at that rate: %.1f MB more\n", i / n, i / n * 1440 / 1e6
	}'
fi
RUNS=3
read -r wall cpu < <(best hr-query --db "$db" --profile --since "$t0" --until $((t0 + 10079 * 60)) -o "$work/week.folded")
echo "a week into one folded file: ${wall} s wall, ${cpu} s CPU (best of $RUNS; target 2 s); $(wc -l <"$work/week.folded") stacks, $(awk '{ t += $NF } END { print t }' "$work/week.folded") samples"
