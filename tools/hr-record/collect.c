// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-record's system collectors: CPU, load, tasks, memory, vmstat, pressure,
 * disks, filesystems and network, read from --proc-root and --sys-root.
 */
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "headroom/alloc.h"
#include "headroom/labels.h"
#include "headroom/names.h"
#include "headroom/error.h"
#include "headroom/strbuf.h"
#include "headroom/cli.h"
#include "record.h"

static char *read_proc(struct snapshot *s, const char *rel)
{
	char *p = xasprintf("%s/%s", s->opt->proc_root, rel);
	char *r = read_file(p, NULL);

	free(p);
	return r;
}

/* At most 100, NaN staying NaN (fmin would turn it into 100). */
static double clamp_pct(double v)
{
	return v > 100 ? 100 : v;
}

static void label1(struct strbuf *sb, const char *k, const char *v)
{
	strbuf_reset(sb);
	labels_add(sb, k, v);
}

/* The value after "key" at the start of a line ("MemTotal:   123 kB"). */
static bool find_field(const char *text, const char *key, double *v)
{
	size_t klen = strlen(key);
	const char *p = text;
	char *end;

	while (p && *p) {
		if (!strncmp(p, key, klen) && (p[klen] == ' ' || p[klen] == ':' || p[klen] == '\t')) {
			p += klen;
			while (*p == ':' || *p == ' ' || *p == '\t')
				p++;
			*v = strtod(p, &end);
			return end != p;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return false;
}

/*
 * Splits LINE in place at blanks into at most MAX fields; returns how many.
 * The last field ends at the next blank too (the rest of the line is ignored).
 */
static int split_fields(char *line, char **f, int max)
{
	int n = 0;

	while (n < max) {
		while (*line == ' ' || *line == '\t')
			line++;
		if (!*line)
			break;
		f[n++] = line;
		while (*line && *line != ' ' && *line != '\t')
			line++;
		if (!*line)
			break;
		*line++ = '\0';
	}
	return n;
}

/* A whole field of decimal digits (as sscanf's %llu, without its sign or blanks). */
static bool parse_ull(const char *p, unsigned long long *v)
{
	char *end;

	if (*p < '0' || *p > '9')
		return false;
	errno = 0;
	*v = strtoull(p, &end, 10);
	return !*end && !errno;
}

/* The fields of a cpu line of /proc/stat, in order, and their shares' series. */
static const struct {
	const char *mode, *series;
} cpu_modes[] = {
	{ "user", SERIES_CPU_USER_PCT }, { "nice", SERIES_CPU_NICE_PCT },
	{ "system", SERIES_CPU_SYSTEM_PCT }, { "idle", SERIES_CPU_IDLE_PCT },
	{ "iowait", SERIES_CPU_IOWAIT_PCT }, { "irq", SERIES_CPU_IRQ_PCT },
	{ "softirq", SERIES_CPU_SOFTIRQ_PCT }, { "steal", SERIES_CPU_STEAL_PCT },
};

static void cpu_line(struct snapshot *s, const char *line, const char *cpu)
{
	unsigned long long v[8] = { 0 };
	double d[8], total = 0, dt;
	char key[64];
	size_t i;
	int n;
	struct strbuf *lb = &s->tmp;

	n = sscanf(line, "%*s %llu %llu %llu %llu %llu %llu %llu %llu",
		   &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]);
	if (n < 4)
		return;
	for (i = 0; i < 8; i++) {
		snprintf(key, sizeof(key), "cpu/%s/%s", cpu ? cpu : "all", cpu_modes[i].mode);
		d[i] = snap_delta(s, key, (double)v[i], &dt);
		if (isnan(d[i]))
			total = NAN;
		else
			total += d[i];
	}
	if (!(total > 0))
		return;
	if (cpu)
		label1(lb, LABEL_CPU, cpu);
	else
		strbuf_reset(lb);
	/* Busy is everything but idle, iowait and steal (time the CPU was not ours). */
	snap_add(s, SERIES_CPU_UTIL, lb->buf, "percent", "rate",
		 100.0 * (total - d[3] - d[4] - d[7]) / total);
	if (cpu)
		return;
	for (i = 0; i < 8; i++)
		snap_add(s, cpu_modes[i].series, "", "percent", "rate", 100.0 * d[i] / total);
}

/* /proc/stat: CPU time by mode, CPUs online, context switches, forks, tasks. */
static int collect_stat(struct snapshot *s)
{
	char *text, *p;
	double v;
	int ncpu = 0;

	text = read_proc(s, "stat");
	if (!text)
		return error_errno("cannot read '%s/stat'", s->opt->proc_root);
	for (p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (!strncmp(p, "cpu ", 4)) {
			cpu_line(s, p, NULL);
		} else if (!strncmp(p, "cpu", 3) && p[3] >= '0' && p[3] <= '9') {
			ncpu++;
			if (s->opt->per_cpu) {
				char id[16];

				snprintf(id, sizeof(id), "%d", atoi(p + 3));
				cpu_line(s, p, id);
			}
		}
	}
	if (ncpu)
		snap_add(s, SERIES_CPU_ONLINE_CPUS, "", "cores", "gauge", ncpu);
	if (find_field(text, "ctxt", &v))
		snap_add(s, SERIES_CPU_CTXSW_RATE, "", "1/s", "rate", snap_rate(s, "ctxt", v, 1));
	if (find_field(text, "intr", &v))
		snap_add(s, SERIES_CPU_INTR_RATE, "", "1/s", "rate", snap_rate(s, "intr", v, 1));
	if (find_field(text, "processes", &v))
		snap_add(s, SERIES_CPU_FORKS_RATE, "", "1/s", "rate", snap_rate(s, "processes", v, 1));
	if (find_field(text, "procs_running", &v))
		snap_add(s, SERIES_TASKS_RUNNABLE, "", "tasks", "gauge", v);
	if (find_field(text, "procs_blocked", &v))
		snap_add(s, SERIES_TASKS_BLOCKED, "", "tasks", "gauge", v);
	free(text);
	return 0;
}

static void collect_loadavg(struct snapshot *s)
{
	char *text;
	double a, b, c;

	text = read_proc(s, "loadavg");
	if (text && sscanf(text, "%lf %lf %lf", &a, &b, &c) == 3) {
		snap_add(s, SERIES_LOAD_1M, "", "tasks", "gauge", a);
		snap_add(s, SERIES_LOAD_5M, "", "tasks", "gauge", b);
		snap_add(s, SERIES_LOAD_15M, "", "tasks", "gauge", c);
	}
	free(text);
}

static void collect_meminfo(struct snapshot *s)
{
	char *text;
	double v, total, avail, a, b;

	text = read_proc(s, "meminfo");
	if (text && find_field(text, "MemTotal", &total)) {
		total *= 1024;
		snap_add(s, SERIES_MEM_TOTAL_BYTES, "", "bytes", "gauge", total);
		if (!find_field(text, "MemAvailable", &avail)) {
			/* Kernels before 3.14: free + buffers + cached approximates it. */
			avail = 0;
			if (find_field(text, "MemFree", &v))
				avail += v;
			if (find_field(text, "Buffers", &v))
				avail += v;
			if (find_field(text, "Cached", &v))
				avail += v;
		}
		avail *= 1024;
		snap_add(s, SERIES_MEM_AVAILABLE_BYTES, "", "bytes", "gauge", avail);
		snap_add(s, SERIES_MEM_USED_BYTES, "", "bytes", "gauge", total - avail);
		if (total > 0)
			snap_add(s, SERIES_MEM_USED_PCT, "", "percent", "gauge", 100.0 * (total - avail) / total);
		if (find_field(text, "MemFree", &v))
			snap_add(s, SERIES_MEM_FREE_BYTES, "", "bytes", "gauge", v * 1024);
		if (find_field(text, "Buffers", &v))
			snap_add(s, SERIES_MEM_BUFFERS_BYTES, "", "bytes", "gauge", v * 1024);
		if (find_field(text, "Cached", &v))
			snap_add(s, SERIES_MEM_CACHED_BYTES, "", "bytes", "gauge", v * 1024);
		if (find_field(text, "Dirty", &v))
			snap_add(s, SERIES_MEM_DIRTY_BYTES, "", "bytes", "gauge", v * 1024);
		if (find_field(text, "SwapTotal", &a) && find_field(text, "SwapFree", &b)) {
			snap_add(s, SERIES_MEM_SWAP_TOTAL_BYTES, "", "bytes", "gauge", a * 1024);
			snap_add(s, SERIES_MEM_SWAP_USED_BYTES, "", "bytes", "gauge", (a - b) * 1024);
		}
	}
	free(text);
}

static void collect_vmstat(struct snapshot *s)
{
	char *text;
	double v, dt;

	text = read_proc(s, "vmstat");
	if (text) {
		long pagesize = sysconf(_SC_PAGESIZE);

		if (find_field(text, "pgfault", &v))
			snap_add(s, SERIES_VM_PGFAULT_RATE, "", "1/s", "rate", snap_rate(s, "vm/pgfault", v, 1));
		if (find_field(text, "pgmajfault", &v))
			snap_add(s, SERIES_VM_PGMAJFAULT_RATE, "", "1/s", "rate", snap_rate(s, "vm/pgmajfault", v, 1));
		if (find_field(text, "pswpin", &v))
			snap_add(s, SERIES_VM_SWAPIN_BPS, "", "bytes/s", "rate",
				 snap_rate(s, "vm/pswpin", v, (double)pagesize));
		if (find_field(text, "pswpout", &v))
			snap_add(s, SERIES_VM_SWAPOUT_BPS, "", "bytes/s", "rate",
				 snap_rate(s, "vm/pswpout", v, (double)pagesize));
		if (find_field(text, "oom_kill", &v))
			snap_add(s, SERIES_VM_OOM_KILLS, "", "count", "rate", snap_delta(s, "vm/oom_kill", v, &dt));
	}
	free(text);
}

int collect_system(struct snapshot *s)
{
	if (collect_stat(s) < 0)
		return -1;
	collect_loadavg(s);
	collect_meminfo(s);
	collect_vmstat(s);
	return 0;
}

void collect_pressure(struct snapshot *s)
{
	static const struct {
		const char *res, *some, *full;
	} psi[] = {
		{ "cpu", SERIES_PSI_CPU_SOME_PCT, SERIES_PSI_CPU_FULL_PCT },
		{ "memory", SERIES_PSI_MEMORY_SOME_PCT, SERIES_PSI_MEMORY_FULL_PCT },
		{ "io", SERIES_PSI_IO_SOME_PCT, SERIES_PSI_IO_FULL_PCT },
	};
	size_t i;

	for (i = 0; i < sizeof(psi) / sizeof(*psi); i++) {
		char rel[32], key[32], *text, *p;

		snprintf(rel, sizeof(rel), "pressure/%s", psi[i].res);
		text = read_proc(s, rel);
		if (!text)
			continue;
		for (p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
			bool some = !strncmp(p, "some ", 5), full = !strncmp(p, "full ", 5);
			const char *t = strstr(p, "total=");
			const char *nl = strchr(p, '\n');

			if (!(some || full) || !t || (nl && t > nl))
				continue;
			/* The stall-time counter (microseconds) gives the exact share of
			 * the interval, where the avg10/60/300 fields would sample it. */
			snprintf(key, sizeof(key), "psi/%s/%s", psi[i].res, some ? "some" : "full");
			snap_add(s, some ? psi[i].some : psi[i].full, "", "percent", "rate",
				 snap_rate(s, key, strtod(t + 6, NULL), 100.0 / 1e6));
		}
		free(text);
	}
}

static bool whole_disk(struct snapshot *s, const char *dev)
{
	char *p, *name;
	struct stat st;
	bool r;

	if (!s->opt->all_disks &&
	    (!fnmatch("loop*", dev, 0) || !fnmatch("ram*", dev, 0) || !fnmatch("zram*", dev, 0) ||
	     !fnmatch("fd[0-9]*", dev, 0) || !fnmatch("sr[0-9]*", dev, 0)))
		return false;
	/* /sys/block lists whole disks only; partitions live below them. */
	name = xstrdup(dev);
	for (p = name; *p; p++)
		if (*p == '/')
			*p = '!';
	p = xasprintf("%s/block/%s", s->opt->sys_root, name);
	r = stat(p, &st) == 0;
	free(p);
	free(name);
	return r;
}

void collect_disks(struct snapshot *s)
{
	char *text = read_proc(s, "diskstats"), *line, *save = NULL;
	struct strbuf *lb = &s->tmp;

	if (!text)
		return;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		unsigned long long rd, rds, rdt, wr, wrs, wrt, ticks;
		char *f[13], *dev, key[128];
		double drd, dwr, drdt, dwrt, dt;

		/* major minor name reads merged sectors ms writes merged sectors ms
		 * in-flight ticks ...: split in place, cheaper than sscanf. */
		if (split_fields(line, f, 13) < 13 || strlen(f[2]) > 63)
			continue;
		dev = f[2];
		if (!parse_ull(f[3], &rd) || !parse_ull(f[5], &rds) || !parse_ull(f[6], &rdt) ||
		    !parse_ull(f[7], &wr) || !parse_ull(f[9], &wrs) || !parse_ull(f[10], &wrt) ||
		    !parse_ull(f[12], &ticks))
			continue;
		if (!whole_disk(s, dev))
			continue;
		label1(lb, LABEL_DEV, dev);
		/* Sectors in /proc/diskstats are always 512 bytes, whatever the device's. */
		snprintf(key, sizeof(key), "disk/%s/rds", dev);
		snap_add(s, SERIES_DISK_READ_BPS, lb->buf, "bytes/s", "rate", snap_rate(s, key, (double)rds, 512));
		snprintf(key, sizeof(key), "disk/%s/wrs", dev);
		snap_add(s, SERIES_DISK_WRITE_BPS, lb->buf, "bytes/s", "rate", snap_rate(s, key, (double)wrs, 512));
		snprintf(key, sizeof(key), "disk/%s/rd", dev);
		drd = snap_delta(s, key, (double)rd, &dt);
		snap_add(s, SERIES_DISK_READ_IOPS, lb->buf, "1/s", "rate", dt > 0 ? drd / dt : NAN);
		snprintf(key, sizeof(key), "disk/%s/wr", dev);
		dwr = snap_delta(s, key, (double)wr, &dt);
		snap_add(s, SERIES_DISK_WRITE_IOPS, lb->buf, "1/s", "rate", dt > 0 ? dwr / dt : NAN);
		snprintf(key, sizeof(key), "disk/%s/ticks", dev);
		snap_add(s, SERIES_DISK_UTIL_PCT, lb->buf, "percent", "rate",
			 clamp_pct(snap_rate(s, key, (double)ticks, 100.0 / 1000)));
		snprintf(key, sizeof(key), "disk/%s/rdt", dev);
		drdt = snap_delta(s, key, (double)rdt, &dt);
		snprintf(key, sizeof(key), "disk/%s/wrt", dev);
		dwrt = snap_delta(s, key, (double)wrt, &dt);
		/* Average wait per completed request, as iostat's await. */
		if (drd + dwr > 0)
			snap_add(s, SERIES_DISK_AWAIT_SECONDS, lb->buf, "seconds", "rate",
				 (drdt + dwrt) / (drd + dwr) / 1000);
		else if (drd + dwr == 0)
			snap_add(s, SERIES_DISK_AWAIT_SECONDS, lb->buf, "seconds", "rate", 0);
	}
	free(text);
}

/* Undoes the octal escapes of /proc/mounts ("\040" for a blank). */
static void unescape_mount(char *p)
{
	char *o = p;

	for (; *p; p++) {
		if (p[0] == '\\' && p[1] >= '0' && p[1] <= '3' && p[2] >= '0' && p[2] <= '7' &&
		    p[3] >= '0' && p[3] <= '7') {
			*o++ = (char)((p[1] - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0'));
			p += 3;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
}

static bool pseudo_fs(const char *type)
{
	static const char *const skip[] = {
		"proc", "sysfs", "devtmpfs", "devpts", "tmpfs", "cgroup", "cgroup2", "pstore",
		"bpf", "tracefs", "debugfs", "securityfs", "configfs", "fusectl", "mqueue",
		"hugetlbfs", "autofs", "binfmt_misc", "rpc_pipefs", "nsfs", "squashfs",
		"efivarfs", "ramfs", "overlay", "fuse.lxcfs", "selinuxfs", "iso9660",
	};
	size_t i;

	for (i = 0; i < sizeof(skip) / sizeof(*skip); i++)
		if (!strcmp(type, skip[i]))
			return true;
	return false;
}

void collect_filesystems(struct snapshot *s)
{
	char *text = read_proc(s, "mounts"), *line, *save = NULL;
	struct strbuf seen = STRBUF_INIT, *lb = &s->tmp;
	bool host = !strcmp(s->opt->proc_root, "/proc");

	if (!text)
		return;
	strbuf_addch(&seen, '\n');
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[3], *dev, *mnt, *path, needle[600];
		struct statvfs vfs;
		double bs;

		if (split_fields(line, f, 3) < 3 || strlen(f[0]) > 511 || strlen(f[1]) > 1023 ||
		    pseudo_fs(f[2]))
			continue;
		dev = f[0];
		mnt = f[1];
		unescape_mount(mnt);
		/* Bind mounts show the same device twice: keep its first mount point. */
		snprintf(needle, sizeof(needle), "\n%s\n", dev);
		if (dev[0] == '/' && strstr(seen.buf, needle))
			continue;
		/*
		 * Another root's mounts (a container watching its host) are reached
		 * through that root's pid 1; a fixture tree has none, and no file
		 * systems are measured.
		 */
		path = host ? xstrdup(mnt) : xasprintf("%s/1/root%s", s->opt->proc_root, mnt);
		if (statvfs(path, &vfs) < 0 || vfs.f_blocks == 0) {
			free(path);
			continue;
		}
		free(path);
		if (dev[0] == '/')
			strbuf_addf(&seen, "%s\n", dev);
		bs = (double)vfs.f_frsize;
		label1(lb, LABEL_MOUNT, mnt);
		snap_add(s, SERIES_FS_SIZE_BYTES, lb->buf, "bytes", "gauge", (double)vfs.f_blocks * bs);
		snap_add(s, SERIES_FS_USED_BYTES, lb->buf, "bytes", "gauge",
			 (double)(vfs.f_blocks - vfs.f_bfree) * bs);
		snap_add(s, SERIES_FS_AVAIL_BYTES, lb->buf, "bytes", "gauge", (double)vfs.f_bavail * bs);
		if (vfs.f_files > 0) {
			snap_add(s, SERIES_FS_INODES_SIZE, lb->buf, "inodes", "gauge", (double)vfs.f_files);
			snap_add(s, SERIES_FS_INODES_USED, lb->buf, "inodes", "gauge",
				 (double)(vfs.f_files - vfs.f_ffree));
		}
	}
	strbuf_release(&seen);
	free(text);
}

void collect_network(struct snapshot *s)
{
	static const struct { int field; const char *name, *key, *unit; } f[] = {
		{ 0, SERIES_NET_RX_BPS, "rxb", "bytes/s" }, { 1, SERIES_NET_RX_PPS, "rxp", "1/s" },
		{ 2, SERIES_NET_RX_ERRORS_RATE, "rxe", "1/s" }, { 3, SERIES_NET_RX_DROPS_RATE, "rxd", "1/s" },
		{ 8, SERIES_NET_TX_BPS, "txb", "bytes/s" }, { 9, SERIES_NET_TX_PPS, "txp", "1/s" },
		{ 10, SERIES_NET_TX_ERRORS_RATE, "txe", "1/s" }, { 11, SERIES_NET_TX_DROPS_RATE, "txd", "1/s" },
	};
	char *text = read_proc(s, "net/dev"), *line, *save = NULL;
	struct strbuf *lb = &s->tmp;

	if (!text)
		return;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *colon = strchr(line, ':'), *name = line, *p;
		unsigned long long v[16];
		int n = 0;
		size_t i;

		if (!colon)
			continue;
		*colon = '\0';
		while (*name == ' ')
			name++;
		if (!*name || !strcmp(name, "lo") || strchr(name, '|'))
			continue;
		for (p = colon + 1; n < 16; n++) {
			char *end;

			v[n] = strtoull(p, &end, 10);
			if (end == p)
				break;
			p = end;
		}
		if (n < 12)
			continue;
		label1(lb, LABEL_IFACE, name);
		for (i = 0; i < sizeof(f) / sizeof(*f); i++) {
			char key[96];

			snprintf(key, sizeof(key), "net/%s/%s", name, f[i].key);
			snap_add(s, f[i].name, lb->buf, f[i].unit, "rate",
				 snap_rate(s, key, (double)v[f[i].field], 1));
		}
	}
	free(text);
}
