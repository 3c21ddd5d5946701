/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The names of the series headroom records, and of their labels, spelled once
 * for the writer (hr-record) and every reader (hr-rightsize, hr-query's
 * users): a rename here is a rename everywhere, and a reader cannot ask for
 * a name the writer never writes. headroom-series(5) documents each one, its
 * unit and its kind.
 *
 * Names are "area.what_unit"; a series of one object carries a label naming
 * it (LABEL_*), and every series hr-record writes carries LABEL_HOST.
 * They are string literals, usable in static tables.
 */
#ifndef HEADROOM_NAMES_H
#define HEADROOM_NAMES_H

/* --- labels ------------------------------------------------------------- */
#define LABEL_HOST		"host"		/* every recorded series */
#define LABEL_CPU		"cpu"		/* SERIES_CPU_UTIL with --per-cpu */
#define LABEL_DEV		"dev"		/* disk.* */
#define LABEL_MOUNT		"mount"		/* fs.* */
#define LABEL_IFACE		"iface"		/* net.* */
#define LABEL_CGROUP		"cgroup"	/* cgroup.*: the cgroup's path */
#define LABEL_NAME		"name"		/* proc.*: the command name */
#define LABEL_PID		"pid"		/* proc.* */

/* --- CPU, tasks and load ---------------------------------------------- */
#define SERIES_CPU_UTIL			"cpu.util"
#define SERIES_CPU_USER_PCT		"cpu.user_pct"
#define SERIES_CPU_NICE_PCT		"cpu.nice_pct"
#define SERIES_CPU_SYSTEM_PCT		"cpu.system_pct"
#define SERIES_CPU_IDLE_PCT		"cpu.idle_pct"
#define SERIES_CPU_IOWAIT_PCT		"cpu.iowait_pct"
#define SERIES_CPU_IRQ_PCT		"cpu.irq_pct"
#define SERIES_CPU_SOFTIRQ_PCT		"cpu.softirq_pct"
#define SERIES_CPU_STEAL_PCT		"cpu.steal_pct"
#define SERIES_CPU_ONLINE_CPUS		"cpu.online_cpus"
#define SERIES_CPU_CTXSW_RATE		"cpu.ctxsw_per_second"
#define SERIES_CPU_INTR_RATE		"cpu.intr_per_second"
#define SERIES_CPU_FORKS_RATE		"cpu.forks_per_second"
#define SERIES_TASKS_RUNNABLE		"tasks.runnable"
#define SERIES_TASKS_BLOCKED		"tasks.blocked"
#define SERIES_LOAD_1M			"load.1m"
#define SERIES_LOAD_5M			"load.5m"
#define SERIES_LOAD_15M			"load.15m"

/* --- memory and paging -------------------------------------------------- */
#define SERIES_MEM_TOTAL_BYTES		"mem.total_bytes"
#define SERIES_MEM_AVAILABLE_BYTES	"mem.available_bytes"
#define SERIES_MEM_USED_BYTES		"mem.used_bytes"
#define SERIES_MEM_USED_PCT		"mem.used_pct"
#define SERIES_MEM_FREE_BYTES		"mem.free_bytes"
#define SERIES_MEM_BUFFERS_BYTES	"mem.buffers_bytes"
#define SERIES_MEM_CACHED_BYTES		"mem.cached_bytes"
#define SERIES_MEM_DIRTY_BYTES		"mem.dirty_bytes"
#define SERIES_MEM_SWAP_TOTAL_BYTES	"mem.swap_total_bytes"
#define SERIES_MEM_SWAP_USED_BYTES	"mem.swap_used_bytes"
#define SERIES_VM_PGFAULT_RATE		"vm.pgfault_per_second"
#define SERIES_VM_PGMAJFAULT_RATE	"vm.pgmajfault_per_second"
#define SERIES_VM_SWAPIN_BPS		"vm.swapin_bps"
#define SERIES_VM_SWAPOUT_BPS		"vm.swapout_bps"
#define SERIES_VM_OOM_KILLS		"vm.oom_kills"

/* --- pressure stall information (share of time stalled) ----------------- */
#define SERIES_PSI_CPU_SOME_PCT		"psi.cpu.some_pct"
#define SERIES_PSI_CPU_FULL_PCT		"psi.cpu.full_pct"
#define SERIES_PSI_MEMORY_SOME_PCT	"psi.memory.some_pct"
#define SERIES_PSI_MEMORY_FULL_PCT	"psi.memory.full_pct"
#define SERIES_PSI_IO_SOME_PCT		"psi.io.some_pct"
#define SERIES_PSI_IO_FULL_PCT		"psi.io.full_pct"

/* --- disks (LABEL_DEV), file systems (LABEL_MOUNT), network (LABEL_IFACE) */
#define SERIES_DISK_READ_BPS		"disk.read_bps"
#define SERIES_DISK_WRITE_BPS		"disk.write_bps"
#define SERIES_DISK_READ_IOPS		"disk.read_iops"
#define SERIES_DISK_WRITE_IOPS		"disk.write_iops"
#define SERIES_DISK_UTIL_PCT		"disk.util_pct"
#define SERIES_DISK_AWAIT_SECONDS	"disk.await_seconds"
#define SERIES_FS_SIZE_BYTES		"fs.size_bytes"
#define SERIES_FS_USED_BYTES		"fs.used_bytes"
#define SERIES_FS_AVAIL_BYTES		"fs.avail_bytes"
#define SERIES_FS_INODES_SIZE		"fs.inodes_size"
#define SERIES_FS_INODES_USED		"fs.inodes_used"
#define SERIES_NET_RX_BPS		"net.rx_bps"
#define SERIES_NET_RX_PPS		"net.rx_pps"
#define SERIES_NET_RX_ERRORS_RATE	"net.rx_errors_per_second"
#define SERIES_NET_RX_DROPS_RATE	"net.rx_drops_per_second"
#define SERIES_NET_TX_BPS		"net.tx_bps"
#define SERIES_NET_TX_PPS		"net.tx_pps"
#define SERIES_NET_TX_ERRORS_RATE	"net.tx_errors_per_second"
#define SERIES_NET_TX_DROPS_RATE	"net.tx_drops_per_second"

/* --- cgroups (LABEL_CGROUP) --------------------------------------------- */
#define SERIES_CGROUP_CPU_CORES		"cgroup.cpu.cores"
#define SERIES_CGROUP_CPU_LIMIT_CORES	"cgroup.cpu.limit_cores"
#define SERIES_CGROUP_CPU_THROTTLED_PCT	"cgroup.cpu.throttled_pct"
#define SERIES_CGROUP_CPU_THROTTLED_RATE "cgroup.cpu.throttled_seconds_per_second"
#define SERIES_CGROUP_MEM_BYTES		"cgroup.mem.bytes"
#define SERIES_CGROUP_MEM_WORKING_SET_BYTES "cgroup.mem.working_set_bytes"
#define SERIES_CGROUP_MEM_PEAK_BYTES	"cgroup.mem.peak_bytes"
#define SERIES_CGROUP_MEM_LIMIT_BYTES	"cgroup.mem.limit_bytes"
#define SERIES_CGROUP_MEM_OOM_KILLS	"cgroup.mem.oom_kills"
#define SERIES_CGROUP_IO_READ_BPS	"cgroup.io.read_bps"
#define SERIES_CGROUP_IO_WRITE_BPS	"cgroup.io.write_bps"

/* --- processes (LABEL_NAME, LABEL_PID) ---------------------------------- */
#define SERIES_PROC_CPU_CORES		"proc.cpu.cores"
#define SERIES_PROC_MEM_RSS_BYTES	"proc.mem.rss_bytes"

#endif
