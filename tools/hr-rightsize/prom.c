// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-rightsize --prometheus: the history of every container, workload and
 * host a Prometheus-compatible server knows (cAdvisor, kube-state-metrics,
 * node_exporter and headroom's own series), reduced to hourly figures as
 * the replies arrive, as the database's roll-ups are.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/dynlib.h"
#include "headroom/error.h"
#include "headroom/labels.h"
#include "headroom/prom.h"
#include "headroom/stackmap.h"
#include "headroom/strbuf.h"
#include "input.h"

#define HOUR 3600
#define DAY 86400
#define DEFAULT_STEP 60
/* A rate needs two samples in its window: two scrapes at the common 1-minute interval. */
#define MIN_RATE_WINDOW 120
/* More steps than this in the window and the default step grows. */
#define MAX_STEPS (4 * PROM_MAX_POINTS)

enum qkind {
	Q_CONTAINER,	/* labels namespace, pod and container: a Kubernetes container */
	Q_NODE,		/* label instance: a host row */
	Q_HEADROOM,	/* headroom's names, routed as from the database */
};

/* How a query's values become the metric's. */
enum qvalue {
	V_AS_IS,
	V_INCREASE,	/* a counter: its increase since the previous step */
	V_RISING,	/* a 0/1 gauge: 1 where it turns 1 */
};

/*
 * The queries. In the templates $W stands for the rate window and $C for
 * the matchers that leave out cAdvisor's pod-level cgroup ("POD", the
 * pause container) and its series without a container.
 */
#define BY_CONTAINER "by (namespace,pod,container) "
static const struct qspec {
	enum qkind kind;
	enum metric m;
	enum qvalue val;
	const char *tmpl;
} queries[] = {
	{ Q_CONTAINER, M_CPU, V_AS_IS,
	  "sum " BY_CONTAINER "(rate(container_cpu_usage_seconds_total{$C}[$W]))" },
	{ Q_CONTAINER, M_MEM, V_AS_IS, "max " BY_CONTAINER "(container_memory_working_set_bytes{$C})" },
	{ Q_CONTAINER, M_THROTTLED, V_AS_IS,
	  "100 * sum " BY_CONTAINER "(rate(container_cpu_cfs_throttled_periods_total{$C}[$W]))"
	  " / sum " BY_CONTAINER "(rate(container_cpu_cfs_periods_total{$C}[$W]))" },
	{ Q_CONTAINER, M_CPU_LIMIT, V_AS_IS,
	  "max " BY_CONTAINER "(kube_pod_container_resource_limits{resource=\"cpu\",$C})" },
	{ Q_CONTAINER, M_CPU_REQUEST, V_AS_IS,
	  "max " BY_CONTAINER "(kube_pod_container_resource_requests{resource=\"cpu\",$C})" },
	{ Q_CONTAINER, M_MEM_LIMIT, V_AS_IS,
	  "max " BY_CONTAINER "(kube_pod_container_resource_limits{resource=\"memory\",$C})" },
	{ Q_CONTAINER, M_MEM_REQUEST, V_AS_IS,
	  "max " BY_CONTAINER "(kube_pod_container_resource_requests{resource=\"memory\",$C})" },
	{ Q_CONTAINER, M_OOM, V_INCREASE, "max " BY_CONTAINER "(container_oom_events_total{$C})" },
	/* The reason, for containers whose cAdvisor has no OOM counter: one kill
	 * is not counted from both. */
	{ Q_CONTAINER, M_OOM, V_RISING,
	  "max " BY_CONTAINER "(kube_pod_container_status_last_terminated_reason"
	  "{reason=\"OOMKilled\",$C}) unless on (namespace,pod,container) "
	  "container_oom_events_total{$C}" },
	{ Q_NODE, M_CPU, V_AS_IS,
	  "sum by (instance) (rate(node_cpu_seconds_total{mode!~\"idle|iowait|steal\"}[$W]))" },
	{ Q_NODE, M_CPU_LIMIT, V_AS_IS, "count by (instance) (node_cpu_seconds_total{mode=\"idle\"})" },
	{ Q_NODE, M_MEM, V_AS_IS,
	  "sum by (instance) (node_memory_MemTotal_bytes - node_memory_MemAvailable_bytes)" },
	{ Q_NODE, M_MEM_LIMIT, V_AS_IS, "sum by (instance) (node_memory_MemTotal_bytes)" },
};
static const struct qspec headroom_spec = { Q_HEADROOM, M_CPU, V_AS_IS, NULL };

/* A pod's or ReplicaSet's owner: "namespace\0name" -> index + 1 into names. */
struct owners {
	struct stackmap pods, replicasets;
	char **names;		/* "kind/name", the kind in lower case */
	size_t n, alloc;
};

/* What every query's results go into. */
struct reader {
	struct history *h;
	const struct config *cfg;
	const struct owners *own;	/* NULL: pods as they are */
	struct hourbuf hb;		/* the current series' hour */
	double prev;			/* its previous value; NAN: none yet */
	struct strbuf sb, ns, pod, ctr;
};

/* One query's view of the reader. */
struct view {
	struct reader *r;
	const struct qspec *q;
	int64_t min_ms, max_ms;		/* points outside are another query's */
	bool first_chunk;		/* the first request of the window */
};

/* A template with $W and $C filled in. */
static char *expand(const char *tmpl, double window)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p;

	for (p = tmpl; *p; p++) {
		if (p[0] == '$' && p[1] == 'W') {
			strbuf_addf(&sb, "%.0fs", window);
			p++;
		} else if (p[0] == '$' && p[1] == 'C') {
			strbuf_addstr(&sb, "container!=\"\",container!=\"POD\"");
			p++;
		} else {
			strbuf_addch(&sb, *p);
		}
	}
	return strbuf_detach(&sb, NULL);
}

static const char *owner_of(const struct owners *own, const struct stackmap *map,
			    const char *ns, const char *name)
{
	struct strbuf key = STRBUF_INIT;
	const struct stackmap_entry *se;

	strbuf_addstr(&key, ns);
	strbuf_addch(&key, '\0');
	strbuf_addstr(&key, name);
	se = stackmap_find(map, key.buf, key.len);
	strbuf_release(&key);
	return se ? own->names[(size_t)se->count[0] - 1] : NULL;
}

/*
 * The workload of a pod: its owner, and a ReplicaSet's own owner (the
 * Deployment) when kube_replicaset_owner names one.
 */
static const char *workload_of(const struct owners *own, const char *ns, const char *pod)
{
	const char *o = owner_of(own, &own->pods, ns, pod), *up;

	if (o && !strncmp(o, "replicaset/", 11)) {
		up = owner_of(own, &own->replicasets, ns, o + 11);
		if (up)
			return up;
	}
	return o;
}

static size_t container_route(struct reader *r, const struct qspec *q, const char *labels)
{
	const char *owner = NULL;
	struct entity *e;

	if (labels_get(labels, "namespace", &r->ns) < 1 || labels_get(labels, "pod", &r->pod) < 1 ||
	    labels_get(labels, "container", &r->ctr) < 1 || !r->ctr.len || !strcmp(r->ctr.buf, "POD"))
		return NO_ROUTE;
	if (r->own)
		owner = workload_of(r->own, r->ns.buf, r->pod.buf);
	strbuf_reset(&r->sb);
	strbuf_addf(&r->sb, "%s/%s/%s", r->ns.buf, owner ? owner : r->pod.buf, r->ctr.buf);
	if (!history_wants(r->h, r->sb.buf))
		return NO_ROUTE;
	e = history_entity(r->h, NULL, r->sb.buf);
	return (size_t)(e - r->h->e) * M_NMETRICS + q->m;
}

static size_t series_route(struct reader *r, const struct qspec *q, const char *name,
			   const char *labels)
{
	size_t route;

	switch (q->kind) {
	case Q_CONTAINER:
		return container_route(r, q, labels);
	case Q_NODE:
		if (labels_get(labels, "instance", &r->sb) < 1 || !r->sb.len)
			return NO_ROUTE;
		r->h->nodes = true;
		return (size_t)(history_entity(r->h, r->sb.buf, NULL) - r->h->e) * M_NMETRICS + q->m;
	default:
		strbuf_reset(&r->sb);
		series_name_format(&r->sb, name, labels);
		route = history_route(r->h, r->sb.buf);
		return route == BAD_ROUTE ? NO_ROUTE : route;
	}
}

static int on_series(void *arg, const char *name, const char *labels)
{
	struct view *v = arg;
	struct reader *r = v->r;

	hourbuf_flush(r->h, &r->hb);
	r->hb.route = series_route(r, v->q, name, labels);
	r->prev = NAN;
	return 0;
}

/* A counter's or a 0/1 gauge's value as events in the step that ends at this point. */
static double events(struct view *v, double value)
{
	struct reader *r = v->r;
	double prev = r->prev;

	r->prev = value;
	if (v->q->val == V_INCREASE)
		return isnan(prev) ? 0 : value >= prev ? value - prev : value;
	/* A gauge already 1 when a later request begins was counted by the one before. */
	if (isnan(prev))
		return v->first_chunk && value >= 1 ? 1 : 0;
	return value >= 1 && prev < 1 ? 1 : 0;
}

static int on_point(void *arg, int64_t t_ms, double value)
{
	struct view *v = arg;
	struct reader *r = v->r;
	double ts = (double)t_ms / 1000;

	if (r->hb.route == NO_ROUTE || t_ms < v->min_ms || t_ms > v->max_ms || !isfinite(value))
		return 0;
	if (v->q->val != V_AS_IS)
		value = events(v, value);
	if (r->cfg->raw)
		history_add_point(r->h, r->hb.route, ts, value, 1);
	else if (value >= 0)
		hourbuf_add(r->h, &r->hb, (int64_t)floor(ts), value);
	return 0;
}

/* The queries of a run, with the view each one's results go through. */
struct plan {
	struct prom_query *q;
	struct view *v;
	struct prom_handler *hd;
	size_t n, alloc;
	char **exprs;			/* owned */
	size_t nexprs, aexprs;
	bool verbose;
};

/* Keeps expr to free with the plan; returns it. */
static const char *plan_keep(struct plan *p, char *expr)
{
	ALLOC_GROW(p->exprs, p->nexprs + 1, p->aexprs);
	p->exprs[p->nexprs++] = expr;
	return expr;
}

static void plan_add(struct plan *p, enum prom_kind kind, const char *expr, double start,
		     double end, double step, struct view view)
{
	if (p->n == p->alloc) {
		p->alloc = p->alloc ? 2 * p->alloc : 64;
		p->q = xrealloc(p->q, p->alloc * sizeof(*p->q));
		p->v = xrealloc(p->v, p->alloc * sizeof(*p->v));
	}
	p->v[p->n] = view;
	p->q[p->n] = (struct prom_query){ kind, expr, start, end, step, 0, NULL };
	p->n++;
	if (!p->verbose)
		return;
	if (kind == PROM_RANGE)
		fprintf(stderr, "%s: query_range start=%.3f end=%.3f step=%g query=%s\n", progname(),
			start, end, step, expr);
	else
		fprintf(stderr, "%s: query time=%.3f query=%s\n", progname(), end, expr);
}

/* The handlers, once the views stopped moving. */
static void plan_seal(struct plan *p)
{
	size_t i;

	p->hd = xcalloc(p->n ? p->n : 1, sizeof(*p->hd));
	for (i = 0; i < p->n; i++) {
		p->hd[i] = (struct prom_handler){ on_series, on_point, &p->v[i] };
		p->q[i].h = &p->hd[i];
	}
}

static void plan_release(struct plan *p)
{
	free_strings(p->exprs, p->nexprs);
	FREE_ALL(p->q, p->v, p->hd);
	memset(p, 0, sizeof(*p));
}

/*
 * A range query over [start, until] in requests cut at whole hours, each
 * within the server's points limit: an hour then never spans two replies,
 * so its figure is the one the database's roll-up would hold.
 */
static void plan_range(struct plan *p, struct reader *r, const struct qspec *q, const char *expr,
		       double start, double until, int64_t step)
{
	int64_t span = (int64_t)PROM_MAX_POINTS * step / HOUR * HOUR;
	int64_t base = (int64_t)floor(start / HOUR) * HOUR, k;

	for (k = 0;; k++) {
		double lo = k ? (double)(base + k * span) : start;
		double hi = (double)(base + (k + 1) * span) - 0.001;
		double a = ceil(lo / (double)step) * (double)step;

		if (lo > until)
			break;
		if (a <= fmin(hi, until))
			plan_add(p, PROM_RANGE, expr, a, fmin(hi, until), (double)step,
				 (struct view){ r, q, INT64_MIN, INT64_MAX, k == 0 });
	}
}

/*
 * headroom's own series: their raw samples, with their own times, a day at
 * a time, as hr-query reads them: an instant query of SEL[R] answers the
 * samples of [t-R, t] (Prometheus) or (t-R, t] (VictoriaMetrics); a range
 * 1 ms longer than the day and the day's own bounds give the same samples
 * from both. Days end at midnight UTC, so no hour spans two replies.
 */
static void plan_headroom(struct plan *p, struct reader *r, const char *selector, double start,
			  double until)
{
	int64_t first = (int64_t)ceil(start), a, b;

	for (a = first; (double)a <= until; a = b + 1) {
		int64_t a_ms = a * 1000, b_ms;

		b = (a / DAY + 1) * DAY - 1;
		if ((double)b > until)
			b = (int64_t)floor(until);
		b_ms = b * 1000 + 999;
		plan_add(p, PROM_INSTANT,
			 plan_keep(p, xasprintf("%s[%lldms]", selector, (long long)(b_ms - a_ms + 1))),
			 0, (double)b_ms / 1000, 0,
			 (struct view){ r, &headroom_spec, a_ms, b_ms, a == first });
	}
}

/* {__name__=~"headroom_cgroup_cpu_cores|..."}: every series sizing reads. */
static char *headroom_selector(void)
{
	struct strbuf sb = STRBUF_INIT;
	const char *name;
	size_t i;

	strbuf_addstr(&sb, "{__name__=~\"");
	for (i = 0; (name = history_series_name(i)); i++) {
		if (i)
			strbuf_addch(&sb, '|');
		prom_name_encode(&sb, name);
	}
	strbuf_addstr(&sb, "\"}");
	return strbuf_detach(&sb, NULL);
}

/* --- --by-owner ---------------------------------------------------------- */

struct owner_view {
	struct owners *own;
	struct stackmap *map;
	const char *key_label;		/* "pod" or "replicaset" */
	struct strbuf ns, name, kind, owner;
};

static void lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

static int on_owner(void *arg, const char *name, const char *labels)
{
	struct owner_view *ov = arg;
	struct stackmap_entry *se;
	size_t klen;

	(void)name;
	if (labels_get(labels, "namespace", &ov->ns) < 1 ||
	    labels_get(labels, ov->key_label, &ov->name) < 1 ||
	    labels_get(labels, "owner_kind", &ov->kind) < 1 ||
	    labels_get(labels, "owner_name", &ov->owner) < 1 || !ov->owner.len ||
	    !strcmp(ov->kind.buf, "<none>"))
		return 0;
	klen = ov->ns.len + 1 + ov->name.len;
	strbuf_addch(&ov->ns, '\0');
	strbuf_add(&ov->ns, ov->name.buf, ov->name.len);
	se = stackmap_add(ov->map, ov->ns.buf, klen, 0, 0);
	if (se->count[0] > 0)
		return 0;
	lower(ov->kind.buf);
	ALLOC_GROW(ov->own->names, ov->own->n + 1, ov->own->alloc);
	ov->own->names[ov->own->n++] = xasprintf("%s/%s", ov->kind.buf, ov->owner.buf);
	se->count[0] = (double)ov->own->n;
	return 0;
}

static int on_owner_point(void *arg, int64_t t_ms, double value)
{
	(void)arg;
	(void)t_ms;
	(void)value;
	return 0;
}

/* The owners of pods and ReplicaSets seen in the window, as of its end. */
static int read_owners(struct prom_client *c, struct owners *own, double start, double until)
{
	struct owner_view ov[2] = {
		{ own, &own->pods, "pod", STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT },
		{ own, &own->replicasets, "replicaset", STRBUF_INIT, STRBUF_INIT, STRBUF_INIT,
		  STRBUF_INIT },
	};
	struct prom_handler hd[2] = { { on_owner, on_owner_point, &ov[0] },
				      { on_owner, on_owner_point, &ov[1] } };
	char *e0 = xasprintf("max by (namespace,pod,owner_kind,owner_name) "
			     "(last_over_time(kube_pod_owner[%.0fs]))", ceil(until - start) + 1);
	char *e1 = xasprintf("max by (namespace,replicaset,owner_kind,owner_name) "
			     "(last_over_time(kube_replicaset_owner[%.0fs]))", ceil(until - start) + 1);
	struct prom_query q[2] = { { PROM_INSTANT, e0, 0, until, 0, 0, &hd[0] },
				   { PROM_INSTANT, e1, 0, until, 0, 0, &hd[1] } };
	int rc, i;

	stackmap_init(&own->pods);
	stackmap_init(&own->replicasets);
	rc = DYNLIB_FN("prom", prom_run)(c, q, 2);
	for (i = 0; i < 2; i++) {
		strbuf_release(&ov[i].ns);
		strbuf_release(&ov[i].name);
		strbuf_release(&ov[i].kind);
		strbuf_release(&ov[i].owner);
	}
	free(e0);
	free(e1);
	return rc;
}

static void owners_release(struct owners *own)
{
	size_t i;

	for (i = 0; i < own->n; i++)
		free(own->names[i]);
	free(own->names);
	stackmap_release(&own->pods);
	stackmap_release(&own->replicasets);
}

/* --- the run ------------------------------------------------------------- */

/* The step: as given, else a minute, longer when a minute makes too many points. */
static int64_t choose_step(const struct prom_input *pi, double span)
{
	int64_t step = DEFAULT_STEP;

	if (pi->step > 0)
		return (int64_t)pi->step;
	if (span / DEFAULT_STEP > MAX_STEPS)
		step = (int64_t)ceil(span / MAX_STEPS / 60) * 60;
	return step;
}

static void plan_all(struct plan *p, struct reader *r, double start, double until, int64_t step)
{
	double window = step > MIN_RATE_WINDOW ? (double)step : MIN_RATE_WINDOW;
	size_t i;

	for (i = 0; i < sizeof(queries) / sizeof(queries[0]); i++)
		plan_range(p, r, &queries[i], plan_keep(p, expand(queries[i].tmpl, window)), start,
			   until, step);
	plan_headroom(p, r, plan_keep(p, headroom_selector()), start, until);
}

void history_read_prom(struct history *h, const struct prom_input *pi, const struct config *cfg)
{
	struct reader r = { .h = h, .cfg = cfg, .prev = NAN, .sb = STRBUF_INIT, .ns = STRBUF_INIT,
			    .pod = STRBUF_INIT, .ctr = STRBUF_INIT };
	struct owners own = { 0 };
	struct plan p = { .verbose = pi->verbose };
	double until = cfg->until, start = until - cfg->since;
	struct prom_client *c;
	int rc = 0;

	r.hb.route = NO_ROUTE;
	h->win_start = start;
	h->win_end = until;
	c = DYNLIB_FN("prom", prom_client_new)(pi->url, &pi->http);
	if (!c)
		exit(EXIT_TROUBLE);
	if (pi->timeout > 0)
		DYNLIB_FN("prom", prom_client_set_timeout)(c, pi->timeout);
	if (pi->by_owner) {
		rc = read_owners(c, &own, start, until);
		r.own = &own;
	}
	if (rc >= 0) {
		plan_all(&p, &r, start, until, choose_step(pi, until - start));
		plan_seal(&p);
		rc = DYNLIB_FN("prom", prom_run)(c, p.q, p.n);
		hourbuf_flush(h, &r.hb);
	}
	DYNLIB_FN("prom", prom_client_free)(c);
	plan_release(&p);
	if (pi->by_owner)
		owners_release(&own);
	db_bucket_release(&r.hb.hour);
	strbuf_release(&r.sb);
	strbuf_release(&r.ns);
	strbuf_release(&r.pod);
	strbuf_release(&r.ctr);
	if (rc < 0)
		exit(EXIT_TROUBLE);
}
