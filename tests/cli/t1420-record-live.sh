#!/bin/bash
# hr-record on this machine: sane system series, and a cgroup of our own
# (v1 where the cpu controller is on v1, else v2) limited to half a core with a
# busy loop in it, reported as about 0.5 cores used and a 0.5-core limit.
. "$(dirname "$0")/../lib.sh"

test_expect_success 'two snapshots one second apart record CPU, memory, disk, network and file systems' '
	hr-record --db live.db --interval 1s --count 2 --per-cpu 2>err &&
	test_grep "baseline" err &&
	hr-query --db live.db --list >list &&
	for s in cpu.util cpu.user_pct mem.total_bytes mem.used_bytes load.1m disk.read_bps \
		"fs.used_bytes\{host=[^,]*,mount=/\}" "fs.size_bytes\{host=[^,]*,mount=/\}" net.rx_bps; do
		test_grep "^$s" list || return 1
	done
'

test_expect_success 'the values are sane' '
	hr-query --db live.db "cpu.util{cpu!=*}" >cpu &&
	awk -F"\t" "/^[0-9]/ { n++; if (\$2 < 0 || \$2 > 100) bad = 1 } END { exit !(n == 1 && !bad) }" cpu &&
	hr-query --db live.db "cpu.util{cpu=0}" >cpu0 && test $(grep -c "^[0-9]" cpu0) = 1 &&
	total=$(hr-query --db live.db mem.total_bytes | awk -F"\t" "/^[0-9]/ { v = \$2 } END { print v }") &&
	kb=$(awk "/^MemTotal/ { printf \"%.0f\", \$2 * 1024 }" /proc/meminfo) &&
	test "$total" = "$kb" &&
	used=$(hr-query --db live.db mem.used_bytes | awk -F"\t" "/^[0-9]/ { v = \$2 } END { print v }") &&
	awk -v u="$used" -v t="$total" "BEGIN { exit !(u > 0 && u < t) }" &&
	hr-query --db live.db "disk.*_bps" | awk -F"\t" "/^[0-9]/ && \$3 + 0 < 0 { exit 1 }" &&
	hr-query --db live.db "fs.used_bytes{mount=/}" | awk -F"\t" "/^[0-9]/ { v = \$2 } END { exit !(v > 0) }"
'

# Finds the directory of the v1 hierarchy that has controller $1.
v1_dir() {
	awk -v c="$1" '$3 == "cgroup" { n = split($4, o, ","); for (i = 1; i <= n; i++) if (o[i] == c) { print $2; exit } }' /proc/mounts
}

name=headroom-test-$$
cpu_dir=$(v1_dir cpu)
acct_dir=$(v1_dir cpuacct)
mem_dir=$(v1_dir memory)
v2=
if [ "$(id -u)" != 0 ]; then
	skip_reason="creating a cgroup needs root"
elif [ -n "$cpu_dir" ] && [ -n "$acct_dir" ] && [ -w "$cpu_dir" ]; then
	skip_reason=
elif grep -qw cpu /sys/fs/cgroup/cgroup.controllers 2>/dev/null && [ -w /sys/fs/cgroup ]; then
	v2=/sys/fs/cgroup skip_reason=
else
	skip_reason="no writable cgroup hierarchy with the cpu controller"
fi

# The cgroup and the busy loop are made here, in the script's own shell, so
# that cleanup knows the pid and the loop does not hold a test's output open.
busy_pid=
cleanup() {
	if [ -n "$busy_pid" ]; then kill "$busy_pid" 2>/dev/null; wait "$busy_pid" 2>/dev/null; fi
	for d in "$cpu_dir/$name" "$acct_dir/$name" "$mem_dir/$name" "$v2/$name"; do
		if [ -d "$d" ] && [ "$d" != "/$name" ]; then rmdir "$d"; fi
	done
}
if [ -z "$skip_reason" ]; then
	test_when_finished cleanup
	if [ -n "$v2" ]; then
		grep -qw cpu $v2/cgroup.subtree_control || echo +cpu >$v2/cgroup.subtree_control
		mkdir "$v2/$name" && echo "50000 100000" >"$v2/$name/cpu.max" &&
		echo 67108864 >"$v2/$name/memory.max"
	else
		mkdir -p "$cpu_dir/$name" "$acct_dir/$name" &&
		if [ -n "$mem_dir" ]; then
			mkdir "$mem_dir/$name" && echo 67108864 >"$mem_dir/$name/memory.limit_in_bytes"
		fi &&
		echo 100000 >"$cpu_dir/$name/cpu.cfs_period_us" &&
		echo 50000 >"$cpu_dir/$name/cpu.cfs_quota_us"
	fi || skip_reason="cannot create cgroup $name"
fi
if [ -z "$skip_reason" ]; then
	bash -c "while :; do :; done" >/dev/null 2>&1 </dev/null &
	busy_pid=$!
	for d in "$cpu_dir/$name" "$acct_dir/$name" "$mem_dir/$name" "$v2/$name"; do
		if [ -d "$d" ] && [ "$d" != "/$name" ]; then echo $busy_pid >"$d/cgroup.procs"; fi
	done
fi

if [ -n "$skip_reason" ]; then
	test_skip "a busy loop limited to half a core in a cgroup of our own" "$skip_reason"
else
	# The machine is shared: the loop gets its half core only when a CPU is
	# free. So the recorded figure is checked against the loop's own CPU time
	# over the same interval, and against the limit.
	ticks() { awk '{ print $14 + $15 }' /proc/$busy_pid/stat; }
	test_expect_success 'a busy loop limited to half a core in a cgroup of our own' '
		sleep 0.5 &&
		hr-record -q --db cg.db --top 0 --cgroup "/$name" &&
		t0=$(ticks) && u0=$(cut -d" " -f1 /proc/uptime) &&
		sleep 3 &&
		t1=$(ticks) && u1=$(cut -d" " -f1 /proc/uptime) &&
		hr-record -q --db cg.db --top 0 --cgroup "/$name" &&
		hr-query --db cg.db "cgroup{cgroup=/$name}" >out &&
		cat out &&
		test_grep "cgroup.cpu.limit_cores.*	0.5$" out &&
		actual=$(awk -v a=$t0 -v b=$t1 -v u=$u0 -v v=$u1 -v hz=$(getconf CLK_TCK) "BEGIN { print (b - a) / hz / (v - u) }") &&
		echo "the loop used $actual cores" &&
		awk -F"\t" -v a=$actual "\$2 ~ /^cgroup.cpu.cores/ { c = \$3 }
			\$2 ~ /^cgroup.cpu.throttled_pct/ { t = \$3 }
			END { d = c - a; if (d < 0) d = -d; exit !(c > 0.05 && c <= 0.56 && d < 0.08 && (t < 50 || c >= 0.4)) }" out &&
		if [ -n "$mem_dir$v2" ]; then test_grep "cgroup.mem.limit_bytes.*	67108864$" out; fi
	'
fi
cleanup
busy_pid=

test_done
