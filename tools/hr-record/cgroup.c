// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-record's cgroup collector, for cgroup v2, v1 and hybrid hosts: each
 * controller is read from the v2 tree when it is enabled there, else from its
 * v1 hierarchy, and the two are joined by cgroup path.
 */
#include <dirent.h>
#include <fnmatch.h>
#include <stddef.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "headroom/alloc.h"
#include "headroom/error.h"
#include "headroom/labels.h"
#include "headroom/names.h"
#include "headroom/strbuf.h"
#include "headroom/cli.h"
#include "record.h"

struct hier {
	char *root;		/* directory of the hierarchy's root cgroup */
	bool v2;
};

struct cg_roots {
	struct hier cpuacct, cpu, mem, io;
};

static void set_hier(struct hier *h, const char *root, bool v2)
{
	if (h->root && h->v2 && !v2)
		return;		/* v2 wins when it has the controller */
	if (h->root && !h->v2 && v2)
		free(h->root);
	else if (h->root)
		return;
	h->root = xstrdup(root);
	h->v2 = v2;
}

static bool has_word(const char *list, const char *word, const char *seps)
{
	size_t n = strlen(word);
	const char *p = list;

	while ((p = strstr(p, word))) {
		if ((p == list || strchr(seps, p[-1])) && (!p[n] || strchr(seps, p[n])))
			return true;
		p += n;
	}
	return false;
}

/*
 * The controllers read, by their names in a v1 mount's options and in a v2
 * tree's cgroup.controllers (v2's cpu controller serves both CPU entries).
 */
static const struct {
	const char *v1, *v2;
	size_t hier;		/* offset of its struct hier in struct cg_roots */
} controllers[] = {
	{ "cpuacct", "cpu", offsetof(struct cg_roots, cpuacct) },
	{ "cpu", "cpu", offsetof(struct cg_roots, cpu) },
	{ "memory", "memory", offsetof(struct cg_roots, mem) },
	{ "blkio", "io", offsetof(struct cg_roots, io) },
};

/* Sets the hierarchies of the controllers that list names as mounted at dir. */
static void add_controllers(struct cg_roots *r, const char *dir, const char *list, bool v2)
{
	size_t i;

	for (i = 0; i < sizeof(controllers) / sizeof(*controllers); i++)
		if (has_word(list, v2 ? controllers[i].v2 : controllers[i].v1, v2 ? " \n" : ","))
			set_hier((struct hier *)((char *)r + controllers[i].hier), dir, v2);
}

/*
 * Finds the hierarchies from the mount table. Mount points under /sys are
 * read below --sys-root, so a fixture tree or a host's /sys mounted elsewhere
 * works with the host's own mount table.
 */
static void find_roots(struct snapshot *s, struct cg_roots *r)
{
	char *path = xasprintf("%s/mounts", s->opt->proc_root);
	char *text = read_file(path, NULL), *line, *save = NULL, *v2root = NULL;

	free(path);
	memset(r, 0, sizeof(*r));
	if (!text)
		return;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char dev[256], mnt[1024], type[32], opts[1024], *dir, *ctl;

		if (sscanf(line, "%255s %1023s %31s %1023s", dev, mnt, type, opts) != 4)
			continue;
		if (strcmp(type, "cgroup") && strcmp(type, "cgroup2"))
			continue;
		if (!strncmp(mnt, "/sys/", 5))
			dir = xasprintf("%s/%s", s->opt->sys_root, mnt + 5);
		else if (!strcmp(s->opt->sys_root, "/sys"))
			dir = xstrdup(mnt);
		else
			continue;
		if (!strcmp(type, "cgroup2")) {
			char *cp = xasprintf("%s/cgroup.controllers", dir);

			ctl = read_file(cp, NULL);
			free(cp);
			if (ctl) {
				if (!v2root)
					v2root = xstrdup(dir);
				add_controllers(r, dir, ctl, true);
				free(ctl);
			}
		} else {
			add_controllers(r, dir, opts, false);
		}
		free(dir);
	}
	free(text);
	/*
	 * cpu.stat's usage_usec exists in v2 even without the cpu controller, so
	 * the v2 tree serves CPU usage when no v1 cpuacct hierarchy does (an empty
	 * v2 tree on a hybrid host must not hide v1's cpuacct).
	 */
	if (!r->cpuacct.root && v2root)
		set_hier(&r->cpuacct, v2root, true);
	free(v2root);
}

static void free_roots(struct cg_roots *r)
{
	free(r->cpuacct.root);
	free(r->cpu.root);
	free(r->mem.root);
	free(r->io.root);
}

struct pathlist {
	char **p;
	size_t nr, alloc;
};

static void walk(struct pathlist *pl, const char *root, const char *rel, int depth, int maxdepth)
{
	char *dir = xasprintf("%s%s", root, rel);
	DIR *d = opendir(dir);
	struct dirent *e;

	free(dir);
	if (!d)
		return;
	while ((e = readdir(d))) {
		char *sub;

		if (e->d_name[0] == '.' || (e->d_type != DT_DIR && e->d_type != DT_UNKNOWN))
			continue;
		sub = xasprintf("%s/%s", rel, e->d_name);
		if (e->d_type == DT_UNKNOWN) {
			struct stat st;
			char *full = xasprintf("%s%s", root, sub);
			int isdir = stat(full, &st) == 0 && S_ISDIR(st.st_mode);

			free(full);
			if (!isdir) {
				free(sub);
				continue;
			}
		}
		ALLOC_GROW(pl->p, pl->nr + 1, pl->alloc);
		pl->p[pl->nr++] = sub;
		if (depth + 1 < maxdepth)
			walk(pl, root, sub, depth + 1, maxdepth);
	}
	closedir(d);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *base_of(const char *p)
{
	const char *b = strrchr(p, '/');

	return b ? b + 1 : p;
}

/* The default choice: systemd units and container scopes down to depth 3. */
static bool default_cgroup(const char *path, int depth)
{
	static const char *const parents[] = {
		"docker", "lxc", "containerd", "libpod_parent", "machine", "kubepods",
		"podman", "garden", "actions_job",
	};
	const char *b = base_of(path);
	size_t len = strlen(b), i;
	char *parent;
	bool r = false;

	if (depth > 3)
		return false;
	if ((len > 8 && !strcmp(b + len - 8, ".service")) ||
	    (len > 6 && !strcmp(b + len - 6, ".slice")) ||
	    (len > 6 && !strcmp(b + len - 6, ".scope")))
		return true;
	parent = xstrndup(path, (size_t)(b - path) - 1);
	for (i = 0; i < sizeof(parents) / sizeof(*parents); i++)
		if (!strcmp(base_of(parent), parents[i]) || !strcmp(b, parents[i]))
			r = true;
	free(parent);
	return r;
}

static int depth_of(const char *path)
{
	int d = 0;

	for (; *path; path++)
		d += *path == '/';
	return d;
}

static char *read_cg(const struct hier *h, const char *path, const char *file)
{
	char *p, *r;

	if (!h->root)
		return NULL;
	p = xasprintf("%s%s/%s", h->root, strcmp(path, "/") ? path : "", file);
	r = read_file(p, NULL);
	free(p);
	return r;
}

/* The number after "key " on a line of a flat-keyed file (cpu.stat, memory.stat). */
static bool kv(const char *text, const char *key, double *v)
{
	size_t n = strlen(key);
	const char *p = text;

	while (p && *p) {
		if (!strncmp(p, key, n) && p[n] == ' ') {
			*v = strtod(p + n + 1, NULL);
			return true;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return false;
}

static bool read_num(const struct hier *h, const char *path, const char *file, double *v)
{
	char *t = read_cg(h, path, file), *end;
	bool ok = false;

	if (t) {
		*v = strtod(t, &end);
		ok = end != t;
	}
	free(t);
	return ok;
}

/* Memory limits at or above 2^60 bytes mean "no limit" (v1 prints PAGE_COUNTER_MAX pages). */
#define UNLIMITED_BYTES 1152921504606846976.0

/* One cgroup being read: where, its label, and its counters' keys. */
struct cg {
	struct snapshot *s;
	const struct cg_roots *r;
	const char *path;
	struct strbuf lb;	/* cgroup=PATH */
	char key[1200];
};

/* The key of one of the cgroup's counters, "cg/PATH/what" (in c->key). */
static const char *cg_key(struct cg *c, const char *what)
{
	snprintf(c->key, sizeof(c->key), "cg/%s/%s", c->path, what);
	return c->key;
}

static void cg_add(struct cg *c, const char *name, const char *unit, const char *kind, double v)
{
	snap_add(c->s, name, c->lb.buf, unit, kind, v);
}

static double cg_rate(struct cg *c, const char *what, double cur)
{
	return snap_rate(c->s, cg_key(c, what), cur, 1);
}

/* CPU time used: cpuacct.usage (v1, ns) or cpu.stat's usage_usec (v2). */
static void cg_cpu_usage(struct cg *c)
{
	const struct hier *h = &c->r->cpuacct;
	double v, usage = NAN;
	char *t;

	if (h->root && !h->v2) {
		if (read_num(h, c->path, "cpuacct.usage", &v))
			usage = v / 1e9;
	} else if ((t = read_cg(h, c->path, "cpu.stat"))) {
		if (kv(t, "usage_usec", &v))
			usage = v / 1e6;
		free(t);
	}
	if (!isnan(usage))
		cg_add(c, SERIES_CGROUP_CPU_CORES, "cores", "rate", cg_rate(c, "cpu", usage));
}

/* Throttling from the cpu controller's cpu.stat, and the quota as cores. */
static void cg_cpu_limits(struct cg *c)
{
	const struct hier *h = &c->r->cpu;
	double periods, throttled, ttime, dt, v, v2;
	char *t;

	if (!h->root || !(t = read_cg(h, c->path, "cpu.stat")))
		return;
	if (kv(t, "nr_periods", &periods) && kv(t, "nr_throttled", &throttled)) {
		double dp = snap_delta(c->s, cg_key(c, "periods"), periods, &dt);
		double dthr = snap_delta(c->s, cg_key(c, "throttled"), throttled, &dt);

		if (dp > 0)
			cg_add(c, SERIES_CGROUP_CPU_THROTTLED_PCT, "percent", "rate",
			       dthr > dp ? 100 : 100 * dthr / dp);
		else if (dp == 0)
			cg_add(c, SERIES_CGROUP_CPU_THROTTLED_PCT, "percent", "rate", 0);
	}
	if (kv(t, "throttled_usec", &ttime))
		cg_add(c, SERIES_CGROUP_CPU_THROTTLED_RATE, "seconds/s", "rate",
		       cg_rate(c, "ttime", ttime / 1e6));
	else if (kv(t, "throttled_time", &ttime))
		cg_add(c, SERIES_CGROUP_CPU_THROTTLED_RATE, "seconds/s", "rate",
		       cg_rate(c, "ttime", ttime / 1e9));
	free(t);
	if (h->v2) {
		t = read_cg(h, c->path, "cpu.max");
		if (t && strncmp(t, "max", 3) && sscanf(t, "%lf %lf", &v, &v2) == 2 && v2 > 0)
			cg_add(c, SERIES_CGROUP_CPU_LIMIT_CORES, "cores", "gauge", v / v2);
		free(t);
	} else if (read_num(h, c->path, "cpu.cfs_quota_us", &v) && v > 0 &&
		   read_num(h, c->path, "cpu.cfs_period_us", &v2) && v2 > 0) {
		cg_add(c, SERIES_CGROUP_CPU_LIMIT_CORES, "cores", "gauge", v / v2);
	}
}

/*
 * Memory in use and the working set (without inactive file pages). Returns
 * the usage read, NaN when there is no usage file.
 */
static double cg_mem_usage(struct cg *c)
{
	const struct hier *h = &c->r->mem;
	double cur = NAN, v;
	char *t;

	if (!read_num(h, c->path, h->v2 ? "memory.current" : "memory.usage_in_bytes", &cur))
		return cur;
	cg_add(c, SERIES_CGROUP_MEM_BYTES, "bytes", "gauge", cur);
	if ((t = read_cg(h, c->path, "memory.stat"))) {
		if (kv(t, h->v2 ? "inactive_file" : "total_inactive_file", &v) ||
		    kv(t, "inactive_file", &v))
			cg_add(c, SERIES_CGROUP_MEM_WORKING_SET_BYTES, "bytes", "gauge",
			       cur > v ? cur - v : 0);
		free(t);
	}
	return cur;
}

static double prev_value(struct cg *c, const char *what)
{
	const char *key = cg_key(c, what);
	struct stackmap_entry *e = stackmap_find(&c->s->prev, key, strlen(key));

	return e ? e->count[0] : NAN;
}

/* The peak usage of the interval, from the kernel's peak since creation. */
static void cg_mem_peak(struct cg *c, double cur)
{
	const struct hier *h = &c->r->mem;
	bool reset = c->s->opt->reset_peaks && !h->v2;
	double peak, prevpeak, prevcur, dt;

	if (!read_num(h, c->path, h->v2 ? "memory.peak" : "memory.max_usage_in_bytes", &peak))
		return;
	prevpeak = prev_value(c, "peak");
	prevcur = prev_value(c, "cur");
	snap_delta(c->s, cg_key(c, "peak"), peak, &dt);
	snap_delta(c->s, cg_key(c, "cur"), cur, &dt);
	/*
	 * The kernel keeps the peak since creation (or since a reset).
	 * When it rose since the last snapshot, the new peak fell in this
	 * interval; otherwise the interval's peak is at least the larger
	 * of the two usages seen. --reset-peaks (v1) makes it exact.
	 */
	if (reset || (!isnan(prevpeak) && peak > prevpeak))
		cg_add(c, SERIES_CGROUP_MEM_PEAK_BYTES, "bytes", "gauge", peak);
	else if (!isnan(prevpeak))
		cg_add(c, SERIES_CGROUP_MEM_PEAK_BYTES, "bytes", "gauge",
		       fmax(cur, isnan(prevcur) ? cur : prevcur));
	if (reset) {
		char *p = xasprintf("%s%s/memory.max_usage_in_bytes", h->root,
				    strcmp(c->path, "/") ? c->path : "");
		FILE *f = fopen(p, "w");

		if (f) {
			fputs("0\n", f);
			fclose(f);
		}
		free(p);
	}
}

/* The memory limit (none when unlimited) and the OOM kills. */
static void cg_mem_limits(struct cg *c)
{
	const struct hier *h = &c->r->mem;
	double v, dt;
	char *t;

	if (h->v2) {
		t = read_cg(h, c->path, "memory.max");
		if (t && strncmp(t, "max", 3) && (v = strtod(t, NULL)) > 0 && v < UNLIMITED_BYTES)
			cg_add(c, SERIES_CGROUP_MEM_LIMIT_BYTES, "bytes", "gauge", v);
		free(t);
	} else if (read_num(h, c->path, "memory.limit_in_bytes", &v) && v < UNLIMITED_BYTES) {
		cg_add(c, SERIES_CGROUP_MEM_LIMIT_BYTES, "bytes", "gauge", v);
	}
	if ((t = read_cg(h, c->path, h->v2 ? "memory.events" : "memory.oom_control"))) {
		if (kv(t, "oom_kill", &v))
			cg_add(c, SERIES_CGROUP_MEM_OOM_KILLS, "count", "rate",
			       snap_delta(c->s, cg_key(c, "oom"), v, &dt));
		free(t);
	}
}

/* Bytes read and written, summed over devices: io.stat (v2) or blkio (v1). */
static void cg_io(struct cg *c)
{
	const struct hier *h = &c->r->io;
	double rb = 0, wb = 0;
	bool any = false;
	char *t, *line, *save = NULL;

	if (!h->root)
		return;
	t = read_cg(h, c->path, h->v2 ? "io.stat" : "blkio.throttle.io_service_bytes");
	if (!t)
		return;
	for (line = strtok_r(t, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *q;

		if (h->v2) {
			if ((q = strstr(line, "rbytes=")))
				rb += strtod(q + 7, NULL), any = true;
			if ((q = strstr(line, "wbytes=")))
				wb += strtod(q + 7, NULL), any = true;
		} else if ((q = strstr(line, " Read "))) {
			rb += strtod(q + 6, NULL), any = true;
		} else if ((q = strstr(line, " Write "))) {
			wb += strtod(q + 7, NULL), any = true;
		}
	}
	free(t);
	if (any) {
		cg_add(c, SERIES_CGROUP_IO_READ_BPS, "bytes/s", "rate", cg_rate(c, "rb", rb));
		cg_add(c, SERIES_CGROUP_IO_WRITE_BPS, "bytes/s", "rate", cg_rate(c, "wb", wb));
	}
}

static void one_cgroup(struct snapshot *s, const struct cg_roots *r, const char *path)
{
	struct cg c = { .s = s, .r = r, .path = path, .lb = STRBUF_INIT };
	double cur;

	labels_add(&c.lb, LABEL_CGROUP, path);
	cg_cpu_usage(&c);
	cg_cpu_limits(&c);
	if (r->mem.root) {
		cur = cg_mem_usage(&c);
		if (!isnan(cur))
			cg_mem_peak(&c, cur);
		cg_mem_limits(&c);
	}
	cg_io(&c);
	strbuf_release(&c.lb);
}

/* A --cgroup glob that matches nothing is most likely a typo: said once a run. */
static void warn_unmatched(const struct snapshot *s, const bool *matched)
{
	static bool warned;
	size_t j;

	if (warned)
		return;
	for (j = 0; j < s->opt->ncgroups; j++)
		if (!matched[j])
			warning("--cgroup '%s' matches no cgroup (see the paths under %s/fs/cgroup)",
				s->opt->cgroups[j], s->opt->sys_root);
	warned = true;
}

void collect_cgroups(struct snapshot *s)
{
	struct cg_roots r;
	struct pathlist pl = { 0 };
	const struct hier *hs[4];
	int maxdepth = 3;
	bool *matched;
	size_t i, j;

	if (s->opt->no_cgroups)
		return;
	find_roots(s, &r);
	hs[0] = &r.cpuacct;
	hs[1] = &r.cpu;
	hs[2] = &r.mem;
	hs[3] = &r.io;
	for (i = 0; i < s->opt->ncgroups; i++) {
		int d = depth_of(s->opt->cgroups[i]);

		if (strstr(s->opt->cgroups[i], "**"))
			d = 16;
		if (d > maxdepth)
			maxdepth = d;
	}
	for (i = 0; i < 4; i++) {
		for (j = 0; j < i; j++)
			if (hs[j]->root && hs[i]->root && !strcmp(hs[j]->root, hs[i]->root))
				break;
		if (hs[i]->root && j == i)
			walk(&pl, hs[i]->root, "", 0, maxdepth);
	}
	ALLOC_GROW(pl.p, pl.nr + 1, pl.alloc);
	pl.p[pl.nr++] = xstrdup("/");
	qsort(pl.p, pl.nr, sizeof(*pl.p), cmp_str);
	matched = xcalloc(s->opt->ncgroups + 1, sizeof(*matched));
	for (i = 0; i < pl.nr; i++) {
		const char *p = pl.p[i];
		bool want = false;

		if (i && !strcmp(p, pl.p[i - 1]))
			continue;
		if (!s->opt->ncgroups)
			want = strcmp(p, "/") && default_cgroup(p, depth_of(p));
		for (j = 0; j < s->opt->ncgroups; j++) {
			if (!fnmatch(s->opt->cgroups[j], p, strstr(s->opt->cgroups[j], "**") ? 0 : FNM_PATHNAME))
				want = matched[j] = true;
		}
		if (want)
			one_cgroup(s, &r, p);
	}
	warn_unmatched(s, matched);
	free(matched);
	for (i = 0; i < pl.nr; i++)
		free(pl.p[i]);
	free(pl.p);
	free_roots(&r);
}
