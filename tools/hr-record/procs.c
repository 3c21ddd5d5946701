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

void collect_processes(struct snapshot *s, const void *prev_state, size_t prev_len,
		       struct strbuf *new_state)
{
	struct stackmap prev;
	struct proc *ps = NULL;
	size_t nr = 0, alloc = 0, i;
	double hz = (double)sysconf(_SC_CLK_TCK), prev_up = NAN;
	long pagesize = sysconf(_SC_PAGESIZE);
	DIR *d;
	struct dirent *e;
	char *blob, *line, *save = NULL;

	if (!s->opt->top)
		return;
	stackmap_init(&prev);
	/* The blob: "uptime\n" then "pid starttime ticks\n" per process. */
	blob = xstrndup(prev_state ? prev_state : "", prev_len);
	for (line = strtok_r(blob, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char key[48];
		unsigned long long pid, st, ticks;

		if (isnan(prev_up)) {
			prev_up = strtod(line, NULL);
			continue;
		}
		if (sscanf(line, "%llu %llu %llu", &pid, &st, &ticks) != 3)
			continue;
		snprintf(key, sizeof(key), "%llu %llu", pid, st);
		stackmap_add(&prev, key, strlen(key), (double)ticks, 0);
	}
	free(blob);
	strbuf_addf(new_state, "%.2f\n", s->uptime);

	d = opendir(s->opt->proc_root);
	while (d && (e = readdir(d))) {
		char path[512], *text, *rp;
		unsigned long long ut, st, start;
		long long rss;
		struct stackmap_entry *pe;
		char key[48];
		struct proc *p;

		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "%s/%s/stat", s->opt->proc_root, e->d_name);
		text = read_file(path, NULL);
		if (!text)
			continue;	/* it exited meanwhile */
		rp = strrchr(text, ')');
		/* fields after ")": state(3) ... utime(14) stime(15) ... starttime(22) vsize rss(24) */
		if (!rp || sscanf(rp + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu"
				  " %*d %*d %*d %*d %*d %*d %llu %*u %lld", &ut, &st, &start, &rss) != 4) {
			free(text);
			continue;
		}
		ALLOC_GROW(ps, nr + 1, alloc);
		p = &ps[nr++];
		p->pid = atoi(e->d_name);
		{
			char *lp = strchr(text, '(');
			size_t n = lp ? (size_t)(rp - lp - 1) : 0;

			if (n >= sizeof(p->comm))
				n = sizeof(p->comm) - 1;
			memcpy(p->comm, lp ? lp + 1 : "", n);
			p->comm[n] = '\0';
		}
		p->rss = (double)rss * (double)pagesize;
		p->cores = NAN;
		snprintf(key, sizeof(key), "%d %llu", p->pid, start);
		strbuf_addf(new_state, "%s %llu\n", key, ut + st);
		pe = stackmap_find(&prev, key, strlen(key));
		if (!isnan(prev_up) && s->uptime > prev_up) {
			double dt = s->uptime - prev_up;

			if (pe && (double)(ut + st) >= pe->count[0])
				p->cores = ((double)(ut + st) - pe->count[0]) / hz / dt;
			else if (!pe && (double)start / hz >= prev_up)
				/* Born after the last snapshot: all its time is this interval's. */
				p->cores = (double)(ut + st) / hz / dt;
		}
		free(text);
	}
	if (d)
		closedir(d);

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
	free(ps);
	stackmap_release(&prev);
}
