#!/bin/bash
# Regenerates the fixture trees hybrid/ (cgroup v1 controllers and an empty v2
# tree, as on many older hosts) and v2/ (pure cgroup v2), each with two
# snapshots snap1/ and snap2/ taken 60 seconds of uptime apart. The values are
# chosen so that every rate, limit and peak has a round expected value
# (see tests/cli/t1410-record-fixtures.sh and expect-*.tsv).
set -e
cd "$(dirname "$0")"
rm -rf hybrid v2

# proc TREE UPTIME K: the /proc files, counters scaled by K (0 or 1 interval)
proc() {
	local d=$1/proc up=$2 k=$3
	mkdir -p "$d/pressure" "$d/net" "$d/sys/kernel/random" "$d/100" "$d/200"
	echo "$up.00 1900.00" >"$d/uptime"
	cat >"$d/stat" <<EOF
cpu  $((10000 + k * 4800)) 0 $((3000 + k * 1200)) $((50000 + k * 5400)) $((1000 + k * 600)) 0 0 0 0 0
cpu0 $((5000 + k * 2400)) 0 $((1500 + k * 600)) $((25000 + k * 2700)) $((500 + k * 300)) 0 0 0 0 0
cpu1 $((5000 + k * 2400)) 0 $((1500 + k * 600)) $((25000 + k * 2700)) $((500 + k * 300)) 0 0 0 0 0
intr $((500000 + k * 120000)) 0 0
ctxt $((900000 + k * 60000))
btime 1699999000
processes $((5000 + k * 600))
procs_running 3
procs_blocked 1
EOF
	echo "0.50 0.40 0.30 3/200 300" >"$d/loadavg"
	cat >"$d/meminfo" <<EOF
MemTotal:        8388608 kB
MemFree:         4194304 kB
MemAvailable:    6291456 kB
Buffers:          102400 kB
Cached:          1048576 kB
SwapTotal:       2097152 kB
SwapFree:        1048576 kB
Dirty:              2048 kB
EOF
	cat >"$d/vmstat" <<EOF
pgfault $((100000 + k * 6000))
pgmajfault $((50 + k * 60))
pswpin 0
pswpout $((10 + k * 150))
oom_kill $((1 + k * 2))
EOF
	echo "some avg10=0.00 avg60=0.00 avg300=0.00 total=$((1000000 + k * 6000000))" >"$d/pressure/cpu"
	echo "full avg10=0.00 avg60=0.00 avg300=0.00 total=0" >>"$d/pressure/cpu"
	echo "some avg10=0.00 avg60=0.00 avg300=0.00 total=$((k * 600000))" >"$d/pressure/memory"
	echo "full avg10=0.00 avg60=0.00 avg300=0.00 total=$((k * 300000))" >>"$d/pressure/memory"
	cat >"$d/diskstats" <<EOF
   7       0 loop0 100 0 800 10 0 0 0 0 0 10 10 0 0 0 0
   8       0 sda $((1000 + k * 600)) 0 $((80000 + k * 120000)) $((2000 + k * 1800)) $((3000 + k * 1200)) 0 $((160000 + k * 240000)) $((6000 + k * 3600)) 0 $((20000 + k * 30000)) 0 0 0 0 0
   8       1 sda1 $((900 + k * 600)) 0 $((70000 + k * 120000)) 0 0 0 0 0 0 0 0 0 0 0 0
EOF
	cat >"$d/net/dev" <<EOF
Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo: 5000 50 0 0 0 0 0 0 5000 50 0 0 0 0 0 0
  eth0: $((1000000 + k * 6000000)) $((1000 + k * 6000)) $((k * 60)) 0 0 0 0 0 $((2000000 + k * 3000000)) $((2000 + k * 3000)) 0 $((k * 120)) 0 0 0 0
EOF
	echo "fixture-host" >"$d/sys/kernel/hostname"
	echo "6c1b1d6e-0000-4000-8000-000000000001" >"$d/sys/kernel/random/boot_id"
	# pid 100 nginx: 3000 ticks in 60 s = 0.5 cores; pid 200 (cron job) 60 ticks
	echo "100 (nginx) S 1 100 100 0 -1 4194560 100 0 0 0 $((1000 + k * 2000)) $((500 + k * 1000)) 0 0 20 0 1 0 5000 100000000 25600 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0" >"$d/100/stat"
	echo "200 (cron job) S 1 200 200 0 -1 4194560 100 0 0 0 $((100 + k * 60)) 0 0 0 20 0 1 0 6000 50000000 2560 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0" >"$d/200/stat"
}

# the v1 controllers of the hybrid tree
v1() {
	local m=$1/proc/mounts s=$1/sys k=$2 c
	cat >"$m" <<EOF
/dev/sda1 / ext4 rw,relatime 0 0
proc /proc proc rw 0 0
cgroup /sys/fs/cgroup/cpu,cpuacct cgroup rw,nosuid,nodev,noexec,relatime,cpu,cpuacct 0 0
cgroup /sys/fs/cgroup/memory cgroup rw,nosuid,nodev,noexec,relatime,memory 0 0
cgroup /sys/fs/cgroup/blkio cgroup rw,nosuid,nodev,noexec,relatime,blkio 0 0
cgroup2 /sys/fs/cgroup/unified cgroup2 rw,nosuid,nodev,noexec,relatime 0 0
EOF
	mkdir -p "$s/block/sda" "$s/block/loop0" "$s/fs/cgroup/unified"
	# git keeps no empty directory: give each disk the dev file sysfs has.
	echo 8:0 >"$s/block/sda/dev" && echo 7:0 >"$s/block/loop0/dev"
	echo "" >"$s/fs/cgroup/unified/cgroup.controllers"
	for c in /system.slice/nginx.service /system.slice/cron.service /user.slice/user-1000.slice/session-1.scope /batch; do
		mkdir -p "$s/fs/cgroup/cpu,cpuacct$c" "$s/fs/cgroup/memory$c" "$s/fs/cgroup/blkio$c"
	done
	c=$s/fs/cgroup/cpu,cpuacct/system.slice/nginx.service
	echo $((100000000000 + k * 30000000000)) >"$c/cpuacct.usage"
	printf 'nr_periods %d\nnr_throttled %d\nthrottled_time %d\n' $((1000 + k * 600)) $((100 + k * 150)) $((5000000000 + k * 3000000000)) >"$c/cpu.stat"
	echo 50000 >"$c/cpu.cfs_quota_us"
	echo 100000 >"$c/cpu.cfs_period_us"
	c=$s/fs/cgroup/memory/system.slice/nginx.service
	echo $((104857600 + k * 104857600)) >"$c/memory.usage_in_bytes"
	echo $((157286400 + k * 104857600)) >"$c/memory.max_usage_in_bytes"
	echo 536870912 >"$c/memory.limit_in_bytes"
	printf 'cache 20971520\nrss 83886080\ntotal_inactive_file 10485760\n' >"$c/memory.stat"
	printf 'oom_kill_disable 0\nunder_oom 0\noom_kill %d\n' $k >"$c/memory.oom_control"
	c=$s/fs/cgroup/blkio/system.slice/nginx.service
	printf '8:0 Read %d\n8:0 Write %d\n8:0 Sync 0\nTotal %d\n' $((1000000 + k * 6000000)) $((k * 1200000)) 0 >"$c/blkio.throttle.io_service_bytes"
	# cron.service: no limits; usage fell, peak did not rise
	c=$s/fs/cgroup/cpu,cpuacct/system.slice/cron.service
	echo $((2000000000 + k * 600000000)) >"$c/cpuacct.usage"
	printf 'nr_periods 0\nnr_throttled 0\nthrottled_time 0\n' >"$c/cpu.stat"
	echo -1 >"$c/cpu.cfs_quota_us"
	echo 100000 >"$c/cpu.cfs_period_us"
	c=$s/fs/cgroup/memory/system.slice/cron.service
	echo $((52428800 - k * 20971520)) >"$c/memory.usage_in_bytes"
	echo 62914560 >"$c/memory.max_usage_in_bytes"
	echo 9223372036854771712 >"$c/memory.limit_in_bytes"
	printf 'oom_kill_disable 0\nunder_oom 0\noom_kill 0\n' >"$c/memory.oom_control"
}

v2() {
	local m=$1/proc/mounts s=$1/sys k=$2 c
	cat >"$m" <<EOF
/dev/sda1 / ext4 rw,relatime 0 0
cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime 0 0
EOF
	mkdir -p "$s/block/sda" "$s/fs/cgroup/system.slice/web.service" "$s/fs/cgroup/system.slice/idle.service"
	echo 8:0 >"$s/block/sda/dev"
	echo "cpuset cpu io memory pids" >"$s/fs/cgroup/cgroup.controllers"
	c=$s/fs/cgroup/system.slice/web.service
	printf 'usage_usec %d\nuser_usec 0\nsystem_usec 0\nnr_periods %d\nnr_throttled %d\nthrottled_usec %d\n' \
		$((500000000 + k * 90000000)) $((2000 + k * 600)) $((20 + k * 60)) $((1000000 + k * 6000000)) >"$c/cpu.stat"
	echo "200000 100000" >"$c/cpu.max"
	echo $((300000000 + k * 100000000)) >"$c/memory.current"
	echo $((350000000 + k * 150000000)) >"$c/memory.peak"
	echo 1073741824 >"$c/memory.max"
	printf 'anon 1\ninactive_file %d\n' 50000000 >"$c/memory.stat"
	printf 'low 0\nhigh 0\nmax 0\noom 0\noom_kill %d\n' $((3 + k * 1)) >"$c/memory.events"
	printf '8:0 rbytes=%d wbytes=%d rios=1 wios=1 dbytes=0 dios=0\n259:0 rbytes=%d wbytes=0 rios=1 wios=0 dbytes=0 dios=0\n' \
		$((k * 3000000)) $((k * 6000000)) $((k * 3000000)) >"$c/io.stat"
	c=$s/fs/cgroup/system.slice/idle.service
	printf 'usage_usec %d\nnr_periods 0\nnr_throttled 0\nthrottled_usec 0\n' $((1000 + k * 0)) >"$c/cpu.stat"
	echo "max 100000" >"$c/cpu.max"
	echo 4096000 >"$c/memory.current"
	echo 4096000 >"$c/memory.peak"
	echo max >"$c/memory.max"
	printf 'oom_kill 0\n' >"$c/memory.events"
}

for t in hybrid v2; do
	for k in 0 1; do
		d=$t/snap$((k + 1))
		proc "$d" $((1000 + k * 60)) $k
		if [ $t = hybrid ]; then v1 "$d" $k; else v2 "$d" $k; fi
	done
done
