#!/bin/bash
# hr-record on fixture /proc and /sys trees (cgroup v1 on a hybrid host, and
# pure cgroup v2), two snapshots 60 s of uptime apart with round values:
# exact rates, limits and peaks; baselines, reboots and counter resets.
. "$(dirname "$0")/../lib.sh"

FIX=$DATA/record
# rec TREE SNAP NOW [ARGS...]
rec() {
	local t=$1 k=$2 now=$3
	shift 3
	HEADROOM_NOW=$now hr-record --db h.db --proc-root "$t/snap$k/proc" --sys-root "$t/snap$k/sys" "$@"
}

test_expect_success 'the first snapshot stores a baseline and says so' '
	rec "$FIX/hybrid" 1 1700000060 2>err &&
	test_grep "first snapshot: storing a baseline" err &&
	test_expect_code 2 hr-query --db h.db cpu.util >out 2>&1 &&
	test_grep "no series .* matches .cpu.util." out &&
	hr-query --db h.db mem.used_bytes >out &&
	test_grep "^1700000060	2147483648$" out
'

test_expect_success 'hybrid host (cgroup v1): the second snapshot gives the exact rates' '
	rec "$FIX/hybrid" 2 1700000120 2>err &&
	! test -s err &&
	hr-query --db h.db "*" --since 1700000120 | grep -v proc.mem.rss >out &&
	test_cmp "$FIX/expect-hybrid.tsv" out
'

test_expect_success 'v1: cores, limit, throttling, peak and OOM kills of a cgroup' '
	hr-query --db h.db "cgroup{cgroup=/system.slice/nginx.service}" --since 1700000120 >out &&
	test_grep "cgroup.cpu.cores.*	0.5$" out &&
	test_grep "cgroup.cpu.limit_cores.*	0.5$" out &&
	test_grep "cgroup.cpu.throttled_pct.*	25$" out &&
	test_grep "cgroup.mem.peak_bytes.*	262144000$" out &&
	test_grep "cgroup.mem.limit_bytes.*	536870912$" out &&
	test_grep "cgroup.mem.oom_kills.*	1$" out
'

test_expect_success 'unlimited cgroups have no limit series; a peak that did not rise is the larger usage' '
	hr-query --db h.db "cgroup{cgroup=/system.slice/cron.service}" >out &&
	! grep -q limit out &&
	test_grep "cgroup.mem.peak_bytes.*	52428800$" out
'

test_expect_success 'partitions and loop devices are left out; lo too' '
	hr-query --db h.db --list >list &&
	test_grep "dev=sda," list &&
	! grep -q "sda1" list &&
	! grep -q "loop0" list &&
	! grep -q "iface=lo" list
'

test_expect_success 'the host label comes from the watched host, or --host' '
	test_grep "host=fixture-host" list &&
	rm -f h2.db &&
	HEADROOM_NOW=1700000060 hr-record -q --db h2.db --host db-7 --no-cgroups --top 0 \
		--proc-root "$FIX/v2/snap1/proc" --sys-root "$FIX/v2/snap1/sys" &&
	hr-query --db h2.db --list mem.total_bytes >l2 &&
	test_grep "mem.total_bytes\{host=db-7\}" l2 &&
	! grep -q cgroup l2 && ! grep -q proc. l2
'

test_expect_success 'processes: the top N by CPU and memory, with name and pid labels' '
	hr-query --db h.db "proc.cpu.cores{name=nginx}" --since 1700000120 >out &&
	test_grep "^# series: proc.cpu.cores\{host=fixture-host,name=nginx,pid=100\}$" out &&
	test_grep "^1700000120	0.5$" out &&
	hr-query --db h.db "proc.cpu.cores{pid=200}" --since 1700000120 >out &&
	test_grep "name=\"cron job\"" out &&
	test_grep "	0.01$" out &&
	pages=$(getconf PAGESIZE) &&
	hr-query --db h.db "proc.mem.rss_bytes{pid=100}" --since 1700000120 >out &&
	test_grep "	$((25600 * pages))$" out
'

test_expect_success '--top 1 keeps one process per list' '
	rm -f t.db &&
	for k in 1 2; do
		HEADROOM_NOW=$((1700000000 + 60 * k)) hr-record -q --db t.db --top 1 \
			--proc-root "$FIX/hybrid/snap$k/proc" --sys-root "$FIX/hybrid/snap$k/sys" || return 1
	done &&
	hr-query --db t.db --list proc >out &&
	test $(grep -c "^proc.cpu" out) = 1 &&
	test $(grep -c "^proc.mem" out) = 1
'

test_expect_success 'pure cgroup v2 host: the exact rates' '
	rm -f h.db &&
	rec "$FIX/v2" 1 1700000060 2>/dev/null &&
	rec "$FIX/v2" 2 1700000120 &&
	hr-query --db h.db "*" --since 1700000120 | grep -v proc.mem.rss >out &&
	test_cmp "$FIX/expect-v2.tsv" out
'

test_expect_success 'v2: cores, limit from cpu.max, peak, IO summed over devices' '
	hr-query --db h.db "cgroup{cgroup=*web*}" --since 1700000120 >out &&
	test_grep "cgroup.cpu.cores.*	1.5$" out &&
	test_grep "cgroup.cpu.limit_cores.*	2$" out &&
	test_grep "cgroup.cpu.throttled_pct.*	10$" out &&
	test_grep "cgroup.mem.peak_bytes.*	500000000$" out &&
	test_grep "cgroup.mem.limit_bytes.*	1073741824$" out &&
	test_grep "cgroup.io.read_bps.*	100000$" out &&
	hr-query --db h.db "cgroup{cgroup=*idle*}" >out &&
	! grep -q limit out
'

test_expect_success '--cgroup GLOB chooses the cgroups' '
	rm -f c.db &&
	for k in 1 2; do
		HEADROOM_NOW=$((1700000000 + 60 * k)) hr-record -q --db c.db --cgroup "/batch" --cgroup "/system.slice/n*" \
			--proc-root "$FIX/hybrid/snap$k/proc" --sys-root "$FIX/hybrid/snap$k/sys" || return 1
	done &&
	hr-query --db c.db --list cgroup >out &&
	test_grep "nginx" out &&
	! grep -q cron out
'

test_expect_success 'a reboot (new boot id) starts a new baseline: no rate across it' '
	rm -rf boot && mkdir boot && cp -R "$FIX/hybrid/snap2" boot/snap2 &&
	cp -R "$FIX/hybrid/snap1" boot/snap3 &&
	echo 6c1b1d6e-0000-4000-8000-000000000002 >boot/snap3/proc/sys/kernel/random/boot_id &&
	echo "30.00 50.00" >boot/snap3/proc/uptime &&
	rm -f h.db &&
	rec "$FIX/hybrid" 1 1700000060 2>/dev/null &&
	rec boot 2 1700000120 &&
	rec boot 3 1700000180 2>err &&
	test_grep "rebooted" err &&
	hr-query --db h.db cpu.util >out &&
	test_grep "^1700000120	" out &&
	! grep -q "^1700000180" out &&
	hr-query --db h.db mem.used_bytes >out &&
	test_grep "^1700000180	" out
'

# Concurrent one-shot runs: the second finds a snapshot 50 ms old (of uptime).
test_expect_success 'a previous snapshot under 1s old gives no rates; the next run rates over the older one' '
	rm -rf young && mkdir young && cp -R "$FIX/hybrid/snap2" young/snap2 &&
	echo "1000.05 1900.00" >young/snap2/proc/uptime &&
	rm -f h.db &&
	rec "$FIX/hybrid" 1 1700000060 2>/dev/null &&
	hr-query --db h.db --list | cut -f1 >baseline &&
	rec young 2 1700000061 2>err &&
	test_grep "warning: the previous snapshot is only 0.050s old \\(less than 0.5s\\): storing no rates" err &&
	hr-query --db h.db --list | cut -f1 >list &&
	test_cmp baseline list &&
	hr-query --db h.db mem.used_bytes --since 1700000061 >out &&
	test_grep "^1700000061	" out &&
	test_expect_code 2 hr-query --db h.db cpu.util >out 2>&1 &&
	test_grep "no series .* matches .cpu.util." out &&
	rec "$FIX/hybrid" 2 1700000120 2>err &&
	! test -s err &&
	hr-query --db h.db "*" --since 1700000120 | grep -v proc.mem.rss >out &&
	test_cmp "$FIX/expect-hybrid.tsv" out
'

test_expect_success 'a counter that goes backwards (reset or wrap) gives no rate, never a negative one' '
	rm -rf wrap && mkdir wrap && cp -R "$FIX/hybrid/snap2" wrap/snap3 &&
	echo "1120.00 1900.00" >wrap/snap3/proc/uptime &&
	sed -i "s/^\( *eth0:\) [0-9]*/\1 5/" wrap/snap3/proc/net/dev &&
	rm -f h.db &&
	rec "$FIX/hybrid" 1 1700000060 2>/dev/null &&
	rec "$FIX/hybrid" 2 1700000120 &&
	rec wrap 3 1700000180 &&
	hr-query --db h.db "net.rx_bps" >out &&
	test_grep "^1700000120	" out &&
	! grep -q "^1700000180" out &&
	hr-query --db h.db "net.tx_bps" >out &&
	test_grep "^1700000180	0$" out &&
	! hr-query --db h.db "*" | grep -q "	-[0-9]"
'

test_expect_success 'a missing /proc is an error, exit 2' '
	test_expect_code 2 hr-record --db x.db --proc-root nonexistent 2>err &&
	test_grep "cannot read" err
'

test_expect_success 'bad options exit 2 with a hint' '
	test_expect_code 2 hr-record --db x.db --interval 0 2>err &&
	test_grep "Try" err &&
	test_expect_code 2 hr-record --db x.db --count 3 2>err &&
	test_grep "needs --interval" err &&
	test_expect_code 2 hr-record --db x.db --retain soon 2>err &&
	test_expect_code 2 hr-record --db x.db --retain 30d --retain-rollups 1d 2>err &&
	test_expect_code 2 hr-record --db x.db --cgroup system.slice 2>err &&
	test_expect_code 2 hr-record --db x.db stray 2>err &&
	test_grep "unexpected argument" err
'

test_expect_success 'every name recorded is spelled in names.h, and documented' '
	names_h="$SRC_ROOT/include/headroom/names.h" &&
	sed -n "s/^#define SERIES_[A-Z0-9_]*[[:space:]]*\"\([^\"]*\)\".*/\1/p" "$names_h" | sort >header &&
	test $(wc -l <header) -gt 60 &&
	rm -f n.db &&
	for k in 1 2; do
		HEADROOM_NOW=$((1700000000 + 60 * k)) hr-record -q -v --per-cpu --all-disks --db n.db \
			--proc-root "$FIX/hybrid/snap$k/proc" --sys-root "$FIX/hybrid/snap$k/sys" >>rec.tsv &&
		HEADROOM_NOW=$((1700000000 + 60 * k)) hr-record -q -v --db n.db \
			--proc-root "$FIX/v2/snap$k/proc" --sys-root "$FIX/v2/snap$k/sys" >>rec.tsv || return 1
	done &&
	cut -f2 rec.tsv | sed "s/{.*//" | sort -u >written &&
	test $(wc -l <written) -gt 40 &&
	comm -23 written header >unknown &&
	{ ! test -s unknown || { echo "not in names.h:"; cat unknown; false; }; } &&
	sed -e "s/\\\\f[BIRP]//g" "$SRC_ROOT/man/man5/headroom-series.5" >man.txt &&
	missing= &&
	for n in $(cat header); do grep -q -F -- "$n" man.txt || missing="$missing $n"; done &&
	{ test -z "$missing" || { echo "undocumented:$missing"; false; }; }
'

test_done
