// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Gathering history per entity: series names with labels mapped to an
 * entity (the cgroup label, or the host) and one of the metrics sizing reads.
 */
#include <errno.h>
#include <fnmatch.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/error.h"
#include "headroom/labels.h"
#include "headroom/names.h"
#include "headroom/series.h"
#include "headroom/stackmap.h"
#include "headroom/strbuf.h"
#include "input.h"

/* The series sizing reads: hr-record writes them (names.h). */
static const struct {
	const char *name;
	bool cgroup;
	enum metric metric;
} names[] = {
	{ SERIES_CGROUP_CPU_CORES, true, M_CPU },
	{ SERIES_CGROUP_CPU_LIMIT_CORES, true, M_CPU_LIMIT },
	{ SERIES_CGROUP_CPU_THROTTLED_PCT, true, M_THROTTLED },
	{ SERIES_CGROUP_MEM_BYTES, true, M_MEM },
	{ SERIES_CGROUP_MEM_PEAK_BYTES, true, M_MEM_PEAK },
	{ SERIES_CGROUP_MEM_LIMIT_BYTES, true, M_MEM_LIMIT },
	{ SERIES_CGROUP_MEM_OOM_KILLS, true, M_OOM },
	{ SERIES_CPU_UTIL, false, M_CPU_UTIL },
	{ SERIES_CPU_ONLINE_CPUS, false, M_CPU_LIMIT },
	{ SERIES_MEM_USED_BYTES, false, M_MEM },
	{ SERIES_MEM_TOTAL_BYTES, false, M_MEM_LIMIT },
	{ SERIES_VM_OOM_KILLS, false, M_OOM },
};

const char *history_series_name(size_t i)
{
	return i < sizeof(names) / sizeof(names[0]) ? names[i].name : NULL;
}

void history_init(struct history *h, const char **globs, size_t nglobs)
{
	memset(h, 0, sizeof(*h));
	stackmap_init(&h->by_name);
	stackmap_init(&h->series);
	h->globs = globs;
	h->nglobs = nglobs;
	h->earliest = INFINITY;
	h->latest = -INFINITY;
	h->win_start = h->win_end = NAN;
}

void history_release(struct history *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		entity_release(&h->e[i]);
	free(h->e);
	history_close_db(h);
	stackmap_release(&h->by_name);
	stackmap_release(&h->series);
}

struct entity *history_entity(struct history *h, const char *hostname, const char *cgroup)
{
	struct strbuf key = STRBUF_INIT;
	struct stackmap_entry *se;
	struct entity *e;

	/* "h" or "c", the host label, NUL, the cgroup: distinct for distinct pairs. */
	strbuf_addch(&key, cgroup ? 'c' : 'h');
	if (hostname)
		strbuf_addstr(&key, hostname);
	strbuf_addch(&key, '\0');
	if (cgroup)
		strbuf_addstr(&key, cgroup);
	se = stackmap_add(&h->by_name, key.buf, key.len, 0, 0);
	strbuf_release(&key);
	if (se->count[0] > 0)
		return &h->e[(size_t)se->count[0] - 1];
	ALLOC_GROW(h->e, h->n + 1, h->alloc);
	e = &h->e[h->n++];
	memset(e, 0, sizeof(*e));
	e->hostname = hostname ? xstrdup(hostname) : NULL;
	e->cgroup = cgroup ? xstrdup(cgroup) : NULL;
	e->host = !cgroup;
	se->count[0] = (double)h->n;
	return e;
}

/*
 * The host's CPU series is a percentage of all its CPUs; sizing speaks in
 * cores, which takes the CPU count.
 */
static void host_cpu_to_cores(struct entity *e)
{
	struct points *util = &e->m[M_CPU_UTIL], *count = &e->m[M_CPU_LIMIT];
	double n;
	size_t i;

	if (!util->n || !count->n)
		return;
	points_sort(count);
	n = count->p[count->n - 1].v;
	if (!(n > 0))
		return;
	for (i = 0; i < util->n; i++)
		points_add(&e->m[M_CPU], util->p[i].ts, util->p[i].v / 100 * n, util->p[i].w);
}

void history_finish(struct history *h)
{
	const char *first = NULL;
	bool several = false;
	size_t i;

	for (i = 0; i < h->n; i++) {
		const char *hn = h->e[i].hostname;

		if (!hn)
			continue;
		if (!first)
			first = hn;
		else if (strcmp(first, hn))
			several = true;
	}
	for (i = 0; i < h->n; i++) {
		struct entity *e = &h->e[i];

		free(e->name);
		if (e->host)
			e->name = xstrdup(e->hostname ? e->hostname : "host");
		else if (several && e->hostname)
			e->name = xasprintf("%s:%s", e->hostname, e->cgroup);
		else
			e->name = xstrdup(e->cgroup);
	}
}

bool history_wants(const struct history *h, const char *cgroup)
{
	size_t i;

	if (!h->nglobs)
		return true;
	for (i = 0; i < h->nglobs; i++)
		if (!fnmatch(h->globs[i], cgroup, 0))
			return true;
	return false;
}

struct wanted_labels {
	struct strbuf *cgroup, *hostname;
	bool *other;
};

static void want_label(const char *key, const char *value, void *arg)
{
	struct wanted_labels *w = arg;

	if (!strcmp(key, "cgroup"))
		strbuf_addstr(w->cgroup, value);
	else if (!strcmp(key, "host"))
		strbuf_addstr(w->hostname, value);
	else
		*w->other = true;
}

/*
 * Splits "name{k=v,k2=\"v2\"}" into the name and the values of the labels
 * cgroup and host, with their escapes undone (labels.h). Returns 0, or -1
 * when the labels are malformed (name then holds what precedes the brace);
 * *other is set when any further label is present.
 */
int parse_series_name(const char *s, struct strbuf *name, struct strbuf *cgroup,
		      struct strbuf *hostname, bool *other)
{
	struct wanted_labels w = { cgroup, hostname, other };
	struct strbuf labels = STRBUF_INIT;
	const char *why;
	int rc = 0;

	strbuf_reset(cgroup);
	strbuf_reset(hostname);
	*other = false;
	if (series_name_parse(s, name, &labels, &why) < 0) {
		strbuf_reset(name);
		strbuf_add(name, s, strcspn(s, "{"));
		rc = -1;
	} else {
		labels_each(labels.buf, want_label, &w);
	}
	strbuf_release(&labels);
	return rc;
}

size_t history_route(struct history *h, const char *series)
{
	struct strbuf name = STRBUF_INIT, cg = STRBUF_INIT, hn = STRBUF_INIT;
	size_t route = NO_ROUTE;
	bool other;
	size_t i;

	if (parse_series_name(series, &name, &cg, &hn, &other) < 0) {
		/* Labels we cannot read on a series we would read are bad input. */
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (!strcmp(name.buf, names[i].name))
				route = BAD_ROUTE;
		goto out;
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(name.buf, names[i].name))
			continue;
		if (other || names[i].cgroup != (cg.len > 0))
			break;
		if (names[i].cgroup && !history_wants(h, cg.buf))
			break;
		route = (size_t)(history_entity(h, hn.len ? hn.buf : NULL,
						names[i].cgroup ? cg.buf : NULL) - h->e) * M_NMETRICS +
			names[i].metric;
		break;
	}
out:
	strbuf_release(&name);
	strbuf_release(&cg);
	strbuf_release(&hn);
	return route;
}

/* Series TSV: every line routed through a cache of the series names seen. */
int history_read_tsv(struct history *h, const char *path, struct strbuf *err)
{
	struct series_reader r;
	struct series_point p;
	int rc;

	if (series_reader_open(&r, path) < 0) {
		strbuf_addf(err, "cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	while ((rc = series_reader_next(&r, &p)) > 0) {
		struct stackmap_entry *se;
		struct points *dst;
		size_t len = strlen(p.series);

		/* Each distinct series name is parsed once; its route is remembered. */
		se = stackmap_find(&h->series, p.series, len);
		if (!se) {
			size_t route = history_route(h, p.series);

			if (route == BAD_ROUTE) {
				strbuf_addf(err, "%s:%llu: expected labels as {cgroup=PATH,...}, got '%.60s'",
					    r.display, (unsigned long long)r.lr.lineno, p.series);
				rc = -2;
				break;
			}
			se = stackmap_add(&h->series, p.series, len, 0, 0);
			se->count[0] = route == NO_ROUTE ? -1 : (double)route + 1;
		}
		if (se->count[0] < 0)
			continue;
		dst = history_points(h, (size_t)se->count[0] - 1);
		if (p.value < 0) {
			strbuf_addf(err, "%s:%llu: expected a non-negative number, got '%g'", r.display,
				    (unsigned long long)r.lr.lineno, p.value);
			rc = -2;
			break;
		}
		points_add(dst, p.ts, p.value, 1);
		if (p.ts < h->earliest)
			h->earliest = p.ts;
		if (p.ts > h->latest)
			h->latest = p.ts;
	}
	if (rc == -1)
		strbuf_add(err, r.err.buf, r.err.len);
	series_reader_close(&r);
	return rc < 0 ? -1 : 0;
}

void history_load(struct history *h, size_t i)
{
	if (h->db)
		history_load_db(h, i);
	if (h->e[i].host)
		host_cpu_to_cores(&h->e[i]);
}

void history_unload(struct history *h, size_t i)
{
	int m;

	for (m = 0; m < M_NMETRICS; m++)
		points_release(&h->e[i].m[m]);
}
