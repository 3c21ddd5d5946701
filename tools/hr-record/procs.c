// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-record's process collector: the top N processes by CPU and by resident
 * memory. Only /proc/PID/stat is read for each process (one small file, the
 * cheapest source of both figures); the previous snapshot's CPU ticks per
 * process are kept as one text blob rather than a row per process.
 */
#include <ctype.h>
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "headroom/alloc.h"
#include "headroom/labels.h"
#include "headroom/names.h"
#include "headroom/stackmap.h"
#include "headroom/strbuf.h"
#include "headroom/cli.h"
#include "record.h"

struct proc {
	int pid;
	char comm[64];
	double cores, rss;
};

static int by_cpu(const void *a, const void *b)
{
	const struct proc *x = a, *y = b;

	if (x->cores != y->cores)
		return x->cores < y->cores ? 1 : -1;
	return x->pid - y->pid;
}

static int by_rss(const void *a, const void *b)
{
	const struct proc *x = a, *y = b;

	if (x->rss != y->rss)
		return x->rss < y->rss ? 1 : -1;
	return x->pid - y->pid;
}

static void add_proc(struct snapshot *s, const char *name, const struct proc *p, double v,
		     const char *unit, const char *kind)
{
	struct strbuf lb = STRBUF_INIT;
	char pid[16];

	snprintf(pid, sizeof(pid), "%d", p->pid);
	labels_add(&lb, LABEL_NAME, p->comm);
	labels_add(&lb, LABEL_PID, pid);
	snap_add(s, name, lb.buf, unit, kind, v);
	strbuf_release(&lb);
}

/* The previous snapshot's blob: "uptime\n" then "pid starttime ticks\n" per
 * process, into prev keyed "pid starttime"; returns its uptime (NaN: none). */
static double load_prev(struct stackmap *prev, const void *state, size_t len)
{
	char *blob = xstrndup(state ? state : "", len), *line, *save = NULL;
	double up = NAN;

	for (line = strtok_r(blob, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char key[48];
		unsigned long long pid, st, ticks;

		if (isnan(up)) {
			up = strtod(line, NULL);
			continue;
		}
		if (sscanf(line, "%llu %llu %llu", &pid, &st, &ticks) != 3)
			continue;
		snprintf(key, sizeof(key), "%llu %llu", pid, st);
		stackmap_add(prev, key, strlen(key), (double)ticks, 0);
	}
	free(blob);
	return up;
}

/* What one pass over /proc needs besides the list it fills. */
struct proc_scan {
	struct snapshot *s;
	const struct stackmap *prev;
	double prev_up, hz, pagesize;
	struct strbuf *state;		/* the next snapshot's blob */
};

/*
 * Reads /proc/PID/stat into p: name, resident memory and the cores used
 * since the previous snapshot (NaN when unknown), and adds the process to
 * the next blob. Returns false when the process is gone or unreadable.
 */
static bool read_process(struct proc_scan *sc, const char *pid, struct proc *p)
{
	char path[512], key[48], *text, *rp, *lp;
	unsigned long long ut, st, start;
	long long rss;
	struct stackmap_entry *pe;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s/stat", sc->s->opt->proc_root, pid);
	text = read_file(path, NULL);
	if (!text)
		return false;	/* it exited meanwhile */
	rp = strrchr(text, ')');
	/* fields after ")": state(3) ... utime(14) stime(15) ... starttime(22) vsize rss(24) */
	if (!rp || sscanf(rp + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu"
			  " %*d %*d %*d %*d %*d %*d %llu %*u %lld", &ut, &st, &start, &rss) != 4) {
		free(text);
		return false;
	}
	p->pid = atoi(pid);
	lp = strchr(text, '(');
	n = lp ? (size_t)(rp - lp - 1) : 0;
	if (n >= sizeof(p->comm))
		n = sizeof(p->comm) - 1;
	memcpy(p->comm, lp ? lp + 1 : "", n);
	p->comm[n] = '\0';
	p->rss = (double)rss * sc->pagesize;
	p->cores = NAN;
	snprintf(key, sizeof(key), "%d %llu", p->pid, start);
	strbuf_addf(sc->state, "%s %llu\n", key, ut + st);
	pe = stackmap_find(sc->prev, key, strlen(key));
	if (!isnan(sc->prev_up) && sc->s->uptime > sc->prev_up) {
		double dt = sc->s->uptime - sc->prev_up, hz = sc->hz;

		if (pe && (double)(ut + st) >= pe->count[0])
			p->cores = ((double)(ut + st) - pe->count[0]) / hz / dt;
		else if (!pe && (double)start / hz >= sc->prev_up)
			/* Born after the last snapshot: all its time is this interval's. */
			p->cores = (double)(ut + st) / hz / dt;
	}
	free(text);
	return true;
}

/* The top N by memory, then the top N by CPU. */
static void add_top(struct snapshot *s, struct proc *ps, size_t nr)
{
	size_t i;

	qsort(ps, nr, sizeof(*ps), by_rss);
	for (i = 0; i < nr && i < s->opt->top; i++)
		if (ps[i].rss > 0)
			add_proc(s, SERIES_PROC_MEM_RSS_BYTES, &ps[i], ps[i].rss, "bytes", "gauge");
	for (i = 0; i < nr; i++)
		if (isnan(ps[i].cores))
			ps[i].cores = -1;
	qsort(ps, nr, sizeof(*ps), by_cpu);
	for (i = 0; i < nr && i < s->opt->top; i++)
		if (ps[i].cores > 0)
			add_proc(s, SERIES_PROC_CPU_CORES, &ps[i], ps[i].cores, "cores", "rate");
}

void collect_processes(struct snapshot *s, const void *prev_state, size_t prev_len,
		       struct strbuf *new_state)
{
	struct stackmap prev;
	struct proc_scan sc = {
		.s = s, .prev = &prev, .hz = (double)sysconf(_SC_CLK_TCK),
		.pagesize = (double)sysconf(_SC_PAGESIZE), .state = new_state,
	};
	struct proc *ps = NULL;
	size_t nr = 0, alloc = 0;
	DIR *d;
	struct dirent *e;

	if (!s->opt->top)
		return;
	stackmap_init(&prev);
	sc.prev_up = load_prev(&prev, prev_state, prev_len);
	strbuf_addf(new_state, "%.2f\n", s->uptime);
	d = opendir(s->opt->proc_root);
	while (d && (e = readdir(d))) {
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		ALLOC_GROW(ps, nr + 1, alloc);
		if (read_process(&sc, e->d_name, &ps[nr]))
			nr++;
	}
	if (d)
		closedir(d);
	add_top(s, ps, nr);
	free(ps);
	stackmap_release(&prev);
}
