#!/bin/bash
# hr-record against sysstat's sadc, the collector a user would otherwise run
# from cron: CPU per one-shot run and bytes per stored snapshot for the same
# system metrics (sadc -S XDISK: CPU, memory, paging, swap, load, network,
# disks and file systems), then hr-record's extra cost for cgroups and
# processes, and hr-query's hourly p95 over a year of 10-second samples.
# sysstat comes from Debian (installed here when missing and run as root).
# Usage: tests/bench/bench-record.sh [RUNS]   (default 200 one-shot runs each)
cd "$(dirname "$0")/../.." || exit 2
. tests/bench/lib.sh
export PATH="$PWD/bin:$PATH" TZ=UTC LC_ALL=C
runs=${1:-200}
work=build/bench/record
rm -rf "$work" && mkdir -p "$work"

sadc=
for p in /usr/lib/sysstat/sadc /usr/lib64/sa/sadc /usr/libexec/sysstat/sadc; do
	[ -x "$p" ] && sadc=$p && break
done
if [ -z "$sadc" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
	echo "installing sysstat (for sadc)..."
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends sysstat >/dev/null 2>&1 ||
	{ apt-get update -qq >/dev/null 2>&1 &&
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends sysstat >/dev/null 2>&1; }
	[ -x /usr/lib/sysstat/sadc ] && sadc=/usr/lib/sysstat/sadc
fi

loop_hr() {
	local i
	for ((i = 0; i < runs; i++)); do
		HEADROOM_NOW=$((1700000000 + i * 60)) nice hr-record -q "$@" || return 1
	done
}
loop_sadc() {
	local i
	for ((i = 0; i < runs; i++)); do
		nice "$sadc" -S XDISK 1 1 "$work/sa.data" || return 1
	done
}
size() { stat -c %s "$1"; }
# Database bytes, with the WAL moved in first (hr-record leaves up to 256 KiB
# of it between runs) when the sqlite3 shell is there to do it.
db_size() {
	local s=0 f
	command -v sqlite3 >/dev/null && sqlite3 "$1" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null 2>&1
	for f in "$1" "$1-wal"; do [ -e "$f" ] && s=$((s + $(size "$f"))); done
	echo $s
}

echo "one-shot runs: $runs each, on $(nproc) CPUs"
sys_ms=$(cpu_ms loop_hr --db "$work/sys.db" --no-cgroups --top 0) || exit 1
all_ms=$(cpu_ms loop_hr --db "$work/all.db") || exit 1
series_sys=$(hr-query --db "$work/sys.db" --list | tail -n +2 | wc -l)
series_all=$(hr-query --db "$work/all.db" --list | tail -n +2 | wc -l)
# Growth per snapshot: the last run's size minus the first's, over the runs between.
first=$(HEADROOM_NOW=1600000000 hr-record -q --db "$work/one.db" --no-cgroups --top 0 && db_size "$work/one.db")
bytes_sys=$(db_size "$work/sys.db")
printf 'hr-record (system only, %d series)  %6.2f ms CPU per run  %7.0f bytes per snapshot\n' \
	"$series_sys" "$(echo "$sys_ms / $runs" | bc -l)" "$(echo "($bytes_sys - $first) / ($runs - 1)" | bc -l)"
printf 'hr-record (default: + cgroups, top 10 processes, %d series)  %6.2f ms CPU per run  %7.0f bytes per snapshot\n' \
	"$series_all" "$(echo "$all_ms / $runs" | bc -l)" "$(echo "($(db_size "$work/all.db") - $first) / ($runs - 1)" | bc -l)"

if [ -z "$sadc" ]; then
	echo "sadc: missing (install Debian's sysstat); no comparison"
else
	"$sadc" -S XDISK 1 1 "$work/sa.first"
	sadc_first=$(size "$work/sa.first")
	sadc_ms=$(cpu_ms loop_sadc) || exit 1
	sadc_bytes=$(echo "($(size "$work/sa.data") - $sadc_first) / ($runs - 1)" | bc -l)
	printf 'sadc -S XDISK one-shot                 %6.2f ms CPU per run  %7.0f bytes per snapshot\n' \
		"$(echo "$sadc_ms / $runs" | bc -l)" "$sadc_bytes"
	printf 'ratio hr-record/sadc (system only):    CPU %.2f   size %.2f\n' \
		"$(echo "$sys_ms / ($sadc_ms + 0.0001)" | bc -l)" \
		"$(echo "($bytes_sys - $first) / ($runs - 1) / $sadc_bytes" | bc -l)"
fi

# A year of 10-second samples of one series, imported, then p95 per hour.
n=$((365 * 8640))
awk -v n=$n 'BEGIN { srand(1); for (i = 0; i < n; i++) printf "%d\tyear.series{host=b}\t%.2f\n", 1600000000 + i * 10, 50 + 30 * sin(i / 360) + rand() * 10 }' |
	{ t0=$(date +%s.%N); nice hr-record -q --db "$work/year.db" --import - && echo "$t0"; } >"$work/t0" || exit 1
t1=$(date +%s.%N)
printf 'import of a year of 10 s samples (%d points): %.1f s, %d bytes\n' $n \
	"$(echo "$t1 - $(cat "$work/t0")" | bc -l)" "$(db_size "$work/year.db")"
t0=$(date +%s.%N)
HEADROOM_NOW=1640000000 hr-query --db "$work/year.db" year.series --step 1h --agg p95 >"$work/p95.tsv"
t1=$(date +%s.%N)
printf 'hr-query --step 1h --agg p95 over the year: %.3f s for %d hours\n' \
	"$(echo "$t1 - $t0" | bc -l)" "$(grep -c '^1' "$work/p95.tsv")"
t0=$(date +%s.%N)
hr-query --db "$work/year.db" year.series --step 1d --agg p99 >/dev/null
t1=$(date +%s.%N)
printf 'hr-query --step 1d --agg p99 (raw samples) over the year: %.3f s\n' "$(echo "$t1 - $t0" | bc -l)"
