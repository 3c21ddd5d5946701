// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The sizing of one entity: usage percentiles and peaks over the window,
 * recommendations with margin, growth, floors and rounding, verdicts,
 * confidence and cost. The formulas are those of hr-rightsize(1).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/dhist.h"
#include "headroom/stackmap.h"
#include "headroom/stats.h"
#include "headroom/strbuf.h"
#include "headroom/units.h"
#include "rightsize.h"

#define MIB (1024.0 * 1024.0)
/* KRR rounds memory up to whole megabytes (Kubernetes' "M"). */
#define MB 1e6
#define GIB (1024.0 * MIB)
#define DAY 86400.0
/* Below either, sizes are shown but no verdict is given (hr-rightsize(1)). */
#define MIN_SAMPLES 24
#define MIN_HISTORY (6 * 3600.0)
#define HOURS_PER_MONTH 730.0	/* 365 * 24 / 12 */
/* "At the limit": usage within 5 % of it (a pinned service never quite reaches it). */
#define AT_LIMIT 0.95
/* Memory limits this large are "unlimited" (cgroup v1 reports 2^63 rounded to pages). */
#define UNLIMITED_BYTES 1e18
/* VPA's OOM bump: at least 20 % and 100 MB more than the memory at the kill. */
#define OOM_BUMP_RATIO 1.2
#define OOM_BUMP_MIN 100e6
/* Growth sizing needs this much history, so that a daily cycle is not taken for a trend. */
#define MIN_TREND_HISTORY (3 * DAY)

void config_init(struct config *cfg)
{
	*cfg = (struct config){
		.cpu_q = 0.95, .half_life = DAY, .margin = 0.15, .min_cpu = NAN,
		.min_mem = NAN, .horizon = 30 * DAY, .slack = 0.30,
		.max_throttled = 5, .since = 14 * DAY, .until = NAN,
		.price_cpu = NAN, .price_mem = NAN, .host_cpu = NAN, .host_mem = NAN,
		.target = 0.70,
	};
}

void config_finish(struct config *cfg)
{
	/* KRR's floors for its simple strategy: 10m and 100 MB. */
	if (isnan(cfg->min_cpu))
		cfg->min_cpu = cfg->simple ? 0.010 : 0.025;
	if (isnan(cfg->min_mem))
		cfg->min_mem = cfg->simple ? 100 * MB : 32 * MIB;
}

void points_add(struct points *pts, double ts, double v, double w)
{
	if (pts->n && ts < pts->p[pts->n - 1].ts)
		pts->unsorted = true;
	ALLOC_GROW(pts->p, pts->n + 1, pts->alloc);
	pts->p[pts->n].ts = ts;
	pts->p[pts->n].v = v;
	pts->p[pts->n].w = w;
	pts->n++;
}

static int cmp_point_ts(const void *a, const void *b)
{
	const struct point *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	/* Equal times keep their input order: compare addresses (qsort is not stable). */
	return (x > y) - (x < y);
}

void points_sort(struct points *pts)
{
	if (!pts->unsorted)
		return;
	qsort(pts->p, pts->n, sizeof(*pts->p), cmp_point_ts);
	pts->unsorted = false;
}

void points_release(struct points *pts)
{
	free(pts->p);
	memset(pts, 0, sizeof(*pts));
}

void entity_release(struct entity *e)
{
	int m;

	free(e->name);
	free(e->hostname);
	free(e->cgroup);
	for (m = 0; m < M_NMETRICS; m++)
		points_release(&e->m[m]);
}

const char *verdict_name(enum verdict v)
{
	return v == V_NONE ? NULL : v == V_UNDER ? "under" : v == V_OVER ? "over" : "ok";
}

const char *confidence_name(enum confidence c)
{
	static const char *names[] = { NULL, "low", "medium", "high" };

	return names[c];
}

/* The points of pts inside [start, end]: *first and the count. */
static size_t window(const struct points *pts, double start, double end, size_t *first)
{
	size_t i = 0, j;

	while (i < pts->n && pts->p[i].ts < start)
		i++;
	j = i;
	while (j < pts->n && pts->p[j].ts <= end)
		j++;
	*first = i;
	return j - i;
}

/* The plain q-quantile of the points' values (stats.h: interpolation between closest ranks). */
static double points_quantile(const struct point *p, size_t n, double q)
{
	double *v, r;
	size_t i;

	if (!n)
		return NAN;
	v = xcalloc(n, sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = p[i].v;
	sort_doubles(v, n);
	r = quantile_sorted(v, n, q);
	free(v);
	return r;
}

static double max_value(const struct point *p, size_t n)
{
	double m = NAN;
	size_t i;

	for (i = 0; i < n; i++)
		if (!(p[i].v <= m))
			m = p[i].v;
	return m;
}

/* The last value at or before end (a limit in force at the end of the window). */
static double last_value(const struct points *pts, double end)
{
	size_t i = pts->n;

	while (i > 0 && pts->p[i - 1].ts > end)
		i--;
	return i ? pts->p[i - 1].v : NAN;
}

/* A limit or request in force at the end; NAN when none is set. */
static double setting(const struct entity *e, enum metric m, double end)
{
	double v = last_value(&e->m[m], end);

	return v > 0 && v < UNLIMITED_BYTES ? v : NAN;
}

/* Rounds up to whole millicores, forgiving the last bits of floating point. */
static double round_cores(double v)
{
	return ceil(v * 1000 - 1e-6) / 1000;
}

/* Rounds memory up to whole MiB, or to whole megabytes as KRR does (simple). */
static double round_mem(const struct config *cfg, double v)
{
	double unit = cfg->simple ? MB : MIB;

	return ceil(v / unit - 1e-9) * unit;
}

/*
 * The series that growth is fitted on: the points grouped into buckets of
 * width bw (at least an hour, at most a day, about 400 buckets over the
 * history), each the weighted mean (CPU) or the maximum (memory peaks).
 */
static size_t bucket_series(const struct point *p, size_t n, bool use_max,
			    double **ts_out, double **v_out)
{
	double span = p[n - 1].ts - p[0].ts;
	double bw = ceil(span / 400 / 3600) * 3600;
	double *ts = xcalloc(n, sizeof(*ts)), *v = xcalloc(n, sizeof(*v));
	size_t i = 0, k = 0;

	if (bw < 3600)
		bw = 3600;
	if (bw > DAY)
		bw = DAY;
	while (i < n) {
		double b = floor(p[i].ts / bw), sum = 0, wsum = 0, tsum = 0, mx = -INFINITY;
		size_t c = 0;

		for (; i < n && floor(p[i].ts / bw) == b; i++, c++) {
			double w = p[i].w > 0 ? p[i].w : 1;

			sum += p[i].v * w;
			wsum += w;
			tsum += p[i].ts;
			if (p[i].v > mx)
				mx = p[i].v;
		}
		ts[k] = tsum / (double)c;
		v[k] = use_max ? mx : sum / wsum;
		k++;
	}
	*ts_out = ts;
	*v_out = v;
	return k;
}

/* What the trend adds to usage by the horizon; 0 when the usage does not grow. */
static double growth_of(const struct config *cfg, const struct point *p, size_t n,
			bool use_max, struct growth *g)
{
	double *ts, *v;
	size_t k;

	memset(g, 0, sizeof(*g));
	if (cfg->simple || !(cfg->horizon > 0) || n < 2 || p[n - 1].ts - p[0].ts < MIN_TREND_HISTORY)
		return 0;
	k = bucket_series(p, n, use_max, &ts, &v);
	fit_growth(ts, v, k, cfg->horizon, g);
	free(ts);
	free(v);
	if (!g->growing || !(g->at_horizon > g->now))
		return 0;
	return g->at_horizon - g->now;
}

static void add_note(struct result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_note(struct result *r, const char *fmt, ...)
{
	size_t len = strlen(r->note);
	va_list ap;

	if (len && len + 2 < sizeof(r->note)) {
		strcpy(r->note + len, "; ");
		len += 2;
	}
	va_start(ap, fmt);
	vsnprintf(r->note + len, sizeof(r->note) - len, fmt, ap);
	va_end(ap);
}

/* A duration in whole days when it is ("30d"), else the usual short form. */
static void fmt_days(char *buf, size_t size, double secs)
{
	if (secs >= DAY && fmod(secs, DAY) == 0)
		snprintf(buf, size, "%.0fd", secs / DAY);
	else
		format_duration(buf, size, secs);
}

static void note_growth(struct result *r, const char *what, const struct growth *g,
			const struct config *cfg, bool bytes)
{
	char h[32], a[32], d[32];

	fmt_days(h, sizeof(h), cfg->horizon);
	if (bytes) {
		format_size(d, sizeof(d), g->per_day);
		format_size(a, sizeof(a), g->at_horizon - g->now);
	} else {
		snprintf(d, sizeof(d), "%.3g cores", g->per_day);
		snprintf(a, sizeof(a), "%.3g", g->at_horizon - g->now);
	}
	add_note(r, "%s grows %s/day: sized for +%s (+%s)", what, d, h, a);
}

/*
 * History length and completeness from the spacing of the main series'
 * distinct times (an hour from the database is two points at one time).
 */
static void judge_confidence(const struct point *p, size_t n, struct result *r)
{
	double *gaps, interval, span;
	size_t i, ng = 0, distinct = 1;

	if (!n) {
		r->confidence = C_NONE;
		return;
	}
	r->first_ts = p[0].ts;
	r->last_ts = p[n - 1].ts;
	gaps = xcalloc(n, sizeof(*gaps));
	for (i = 1; i < n; i++) {
		if (p[i].ts > p[i - 1].ts) {
			gaps[ng++] = p[i].ts - p[i - 1].ts;
			distinct++;
		}
	}
	r->samples = 1;
	if (!ng) {
		free(gaps);
		r->history = 0;
		r->completeness = NAN;
		r->confidence = C_LOW;
		return;
	}
	sort_doubles(gaps, ng);
	interval = quantile_sorted(gaps, ng, 0.5);
	free(gaps);
	span = p[n - 1].ts - p[0].ts + interval;
	r->history = span;
	r->samples = distinct;
	r->completeness = span > 0 ? (double)distinct * interval / span : 1;
	if (r->completeness > 1)
		r->completeness = 1;
	if (span <= DAY || r->completeness < 0.5)
		r->confidence = C_LOW;
	else if (span < 7 * DAY || r->completeness < 0.9)
		r->confidence = C_MEDIUM;
	else
		r->confidence = C_HIGH;
}

/* The points of pts in [start, end] (*first on): how many, their p95 and peak. */
static size_t usage(const struct points *pts, double start, double end, size_t *first,
		    double *p95, double *peak)
{
	size_t n = window(pts, start, end, first);

	if (n) {
		*p95 = points_quantile(pts->p + *first, n, 0.95);
		*peak = max_value(pts->p + *first, n);
	}
	return n;
}

/* The limit and request at end; what the sizing is judged against: the limit, else the request. */
static double reference(const struct entity *e, enum metric limit, enum metric request,
			double end, double *limit_v, double *request_v)
{
	*limit_v = setting(e, limit, end);
	*request_v = setting(e, request, end);
	return !isnan(*limit_v) ? *limit_v : *request_v;
}

static void size_cpu(const struct config *cfg, struct entity *e, double start, double end,
		     struct result *r)
{
	struct points *pts = &e->m[M_CPU];
	struct growth g;
	size_t first, n, i;
	double raw;

	n = usage(pts, start, end, &first, &r->cpu_p95, &r->cpu_peak);
	if (!n)
		return;
	r->have_cpu = true;
	if (cfg->simple) {
		r->cpu_basis = points_quantile(pts->p + first, n, cfg->cpu_q);
	} else {
		struct dhist h;

		dhist_init(&h, &dhist_cpu_options, cfg->half_life);
		for (i = first; i < first + n; i++)
			dhist_add(&h, pts->p[i].v, pts->p[i].w, pts->p[i].ts);
		r->cpu_basis = dhist_percentile(&h, cfg->cpu_q);
		dhist_release(&h);
	}

	/*
	 * Judged against the limit, or, for a Kubernetes container without
	 * one, its request (what the scheduler reserves, so what
	 * over-provisioning wastes).
	 */
	r->cpu_ref = reference(e, M_CPU_LIMIT, M_CPU_REQUEST, end, &r->cpu_limit, &r->cpu_request);

	n = window(&e->m[M_THROTTLED], start, end, &first);
	if (n) {
		double sum = 0, wsum = 0;

		for (i = first; i < first + n; i++) {
			sum += e->m[M_THROTTLED].p[i].v * e->m[M_THROTTLED].p[i].w;
			wsum += e->m[M_THROTTLED].p[i].w;
		}
		r->throttled = wsum > 0 ? sum / wsum : NAN;
	}

	n = window(pts, start, end, &first);
	r->cpu_growth = growth_of(cfg, pts->p + first, n, false, &g);
	if (r->cpu_growth > 0) {
		r->cpu_growing = true;
		note_growth(r, "CPU", &g, cfg, false);
	}
	/* Rounded up, then raised to the floor, as KRR does. */
	raw = cfg->simple ? r->cpu_basis : r->cpu_basis * (1 + cfg->margin);
	r->cpu_rec_now = fmax(round_cores(raw), cfg->min_cpu);
	raw = cfg->simple ? r->cpu_basis : (r->cpu_basis + r->cpu_growth) * (1 + cfg->margin);
	r->cpu_rec = fmax(round_cores(raw), cfg->min_cpu);

	if (!isnan(r->cpu_ref) && r->cpu_p95 >= AT_LIMIT * r->cpu_ref) {
		r->cpu_verdict = V_UNDER;
		add_note(r, "CPU p95 at the limit");
	} else if (r->throttled > cfg->max_throttled) {
		r->cpu_verdict = V_UNDER;
	} else if (!isnan(r->cpu_ref) && r->cpu_rec <= (1 - cfg->slack) * r->cpu_ref) {
		r->cpu_verdict = V_OVER;
	}
	if (r->throttled >= 1)
		add_note(r, "throttled %.3g%%", r->throttled);
	if (isnan(r->cpu_ref) && !e->host)
		add_note(r, "no CPU limit");
}

static void size_mem(const struct config *cfg, struct entity *e, double start, double end,
		     struct result *r)
{
	struct points *mem = &e->m[M_MEM], *peak = &e->m[M_MEM_PEAK];
	struct points *main_pts = mem->n ? mem : peak;
	struct growth g;
	size_t first, n, i;
	double raw, basis;

	if (!usage(main_pts, start, end, &first, &r->mem_p95, &r->mem_peak))
		return;
	r->have_mem = true;
	if (peak->n) {
		n = window(peak, start, end, &first);
		if (n)
			r->mem_peak = fmax(r->mem_peak, max_value(peak->p + first, n));
	}
	r->mem_basis = r->mem_peak;

	r->mem_ref = reference(e, M_MEM_LIMIT, M_MEM_REQUEST, end, &r->mem_limit, &r->mem_request);

	n = window(&e->m[M_OOM], start, end, &first);
	r->oom_kills = 0;
	for (i = first; i < first + n; i++)
		if (e->m[M_OOM].p[i].v > 0)
			r->oom_kills += e->m[M_OOM].p[i].v;

	/* The trend of the per-interval peaks when they are recorded, else of usage. */
	{
		struct points *gp = peak->n ? peak : mem;

		n = window(gp, start, end, &first);
		r->mem_growth = growth_of(cfg, gp->p + first, n, true, &g);
	}
	if (r->mem_growth > 0) {
		r->mem_growing = true;
		note_growth(r, "memory", &g, cfg, true);
		/* When the limit will be reached, at the trend's rate of today. */
		if (!isnan(r->mem_ref) && r->mem_peak < r->mem_ref && g.per_day > 0 &&
		    (r->mem_ref - r->mem_peak) / g.per_day * DAY <= cfg->horizon) {
			char d[32];

			fmt_days(d, sizeof(d), ceil((r->mem_ref - r->mem_peak) / g.per_day) * DAY);
			add_note(r, "memory reaches its limit in about %s", d);
		}
	}
	basis = r->mem_basis;
	if (r->oom_kills > 0 && !cfg->simple) {
		/* The peak before a kill is cut short at the limit: bump as VPA does. */
		double at_kill = fmax(basis, isnan(r->mem_ref) ? 0 : r->mem_ref);

		basis = fmax(at_kill * OOM_BUMP_RATIO, at_kill + OOM_BUMP_MIN);
	}
	raw = basis * (1 + cfg->margin);
	r->mem_rec_now = fmax(round_mem(cfg, raw), cfg->min_mem);
	raw = (basis + r->mem_growth) * (1 + cfg->margin);
	r->mem_rec = fmax(round_mem(cfg, raw), cfg->min_mem);

	if (r->oom_kills > 0) {
		r->mem_verdict = V_UNDER;
		add_note(r, "%.0f OOM kill%s", r->oom_kills, r->oom_kills == 1 ? "" : "s");
	} else if (!isnan(r->mem_ref) && r->mem_p95 >= AT_LIMIT * r->mem_ref) {
		r->mem_verdict = V_UNDER;
		add_note(r, "memory p95 at the limit");
	} else if (!isnan(r->mem_ref) && r->mem_rec <= (1 - cfg->slack) * r->mem_ref) {
		r->mem_verdict = V_OVER;
	}
	if (isnan(r->mem_ref) && !e->host)
		add_note(r, "no memory limit");
}

/*
 * A limit to go with a recommended request: none where none is set; a
 * plain cgroup's limit (no request) becomes the recommendation; a
 * Kubernetes limit keeps its ratio to the request, as VPA scales it.
 */
static double limit_rec(double rec, double limit, double request)
{
	if (isnan(rec) || isnan(limit))
		return NAN;
	return isnan(request) ? rec : rec * limit / request;
}

/*
 * The requests and limits to set, in KRR's terms: the recommendation is
 * the request. KRR's simple strategy sets no CPU limit and a memory limit
 * equal to the request; VPA's keeps the limits in proportion.
 */
static void requests_and_limits(const struct config *cfg, struct result *r)
{
	r->cpu_request_rec = r->cpu_rec;
	r->mem_request_rec = r->mem_rec;
	if (cfg->simple) {
		r->mem_limit_rec = r->mem_rec;
		return;
	}
	r->cpu_limit_rec = limit_rec(r->cpu_rec, r->cpu_limit, r->cpu_request);
	if (!isnan(r->cpu_limit_rec))
		r->cpu_limit_rec = round_cores(r->cpu_limit_rec);
	r->mem_limit_rec = limit_rec(r->mem_rec, r->mem_limit, r->mem_request);
	if (!isnan(r->mem_limit_rec))
		r->mem_limit_rec = round_mem(cfg, r->mem_limit_rec);
}

static double monthly_cost(const struct config *cfg, double cores, double bytes)
{
	double c = 0;

	if (isnan(cfg->price_cpu) && isnan(cfg->price_mem))
		return NAN;
	if (!isnan(cfg->price_cpu))
		c += cores * cfg->price_cpu;
	if (!isnan(cfg->price_mem))
		c += bytes / GIB * cfg->price_mem;
	return c * HOURS_PER_MONTH;
}

void analyse_entity(const struct config *cfg, struct entity *e, double start, double end,
		    struct result *r)
{
	int m;
	size_t first, n;

	memset(r, 0, sizeof(*r));
	r->name = e->name;
	r->host = e->host;
	r->cpu_limit = r->cpu_p95 = r->cpu_peak = r->cpu_basis = r->cpu_rec = r->cpu_rec_now = NAN;
	r->mem_limit = r->mem_p95 = r->mem_peak = r->mem_basis = r->mem_rec = r->mem_rec_now = NAN;
	r->cpu_request = r->cpu_ref = r->mem_request = r->mem_ref = NAN;
	r->cpu_request_rec = r->cpu_limit_rec = r->mem_request_rec = r->mem_limit_rec = NAN;
	r->throttled = r->oom_kills = NAN;
	r->history = r->completeness = r->first_ts = r->last_ts = NAN;
	r->cost_now = r->cost_rec = NAN;
	for (m = 0; m < M_NMETRICS; m++)
		points_sort(&e->m[m]);

	size_cpu(cfg, e, start, end, r);
	size_mem(cfg, e, start, end, r);
	if (!e->host)
		requests_and_limits(cfg, r);

	if (r->have_cpu) {
		n = window(&e->m[M_CPU], start, end, &first);
		judge_confidence(e->m[M_CPU].p + first, n, r);
	} else if (r->have_mem) {
		struct points *p = e->m[M_MEM].n ? &e->m[M_MEM] : &e->m[M_MEM_PEAK];

		n = window(p, start, end, &first);
		judge_confidence(p->p + first, n, r);
	}
	if (r->confidence != C_NONE && (r->samples < MIN_SAMPLES || r->history < MIN_HISTORY) &&
	    r->cpu_verdict != V_UNDER && r->mem_verdict != V_UNDER) {
		char d[32];

		/*
		 * Over or ok from minutes of samples would cut a limit by a burst's
		 * absence; a shortage seen (throttling, an OOM kill) stands.
		 */
		format_duration(d, sizeof(d), r->history > 0 ? r->history : 0);
		r->note[0] = '\0';
		add_note(r, "not enough history: %zu sample%s over %s (at least %d over %gh needed)",
			 r->samples, r->samples == 1 ? "" : "s", d, MIN_SAMPLES, MIN_HISTORY / 3600);
		r->cpu_verdict = r->mem_verdict = r->verdict = V_NONE;
	} else if (r->confidence == C_LOW && !(r->history > 0)) {
		add_note(r, "only one sample");
	} else if (r->confidence == C_LOW && r->history <= DAY) {
		char d[32];

		format_duration(d, sizeof(d), r->history);
		add_note(r, "only %s of history", d);
	}

	if (r->verdict != V_NONE)
		r->verdict = r->cpu_verdict == V_UNDER || r->mem_verdict == V_UNDER ? V_UNDER
			   : r->cpu_verdict == V_OVER || r->mem_verdict == V_OVER ? V_OVER : V_OK;

	/* Cost: what is reserved now (the limits) against what is recommended. */
	if (!e->host && (r->have_cpu || r->have_mem)) {
		bool need_cpu = !isnan(cfg->price_cpu), need_mem = !isnan(cfg->price_mem);

		if ((!need_cpu || r->have_cpu) && (!need_mem || r->have_mem)) {
			r->cost_rec = monthly_cost(cfg, need_cpu ? r->cpu_rec : 0,
						   need_mem ? r->mem_rec : 0);
			if ((!need_cpu || !isnan(r->cpu_ref)) && (!need_mem || !isnan(r->mem_ref)))
				r->cost_now = monthly_cost(cfg, need_cpu ? r->cpu_ref : 0,
							   need_mem ? r->mem_ref : 0);
		}
	}
}

/*
 * True when an ancestor of the cgroup name (its path cut at a '/', keeping
 * a "HOST:" prefix) is itself an entity of the map.
 */
static bool has_ancestor(const struct stackmap *names, const char *name)
{
	const char *path = strchr(name, '/');
	size_t root, len = strlen(name);

	if (!path)
		return false;
	root = (size_t)(path - name);	/* the '/' after any "HOST:" */
	while (len > root + 1) {
		size_t cut = len;

		/* The parent: up to the last '/', or the root "/" itself. */
		while (cut > root + 1 && name[cut - 1] != '/')
			cut--;
		len = cut - 1 > root ? cut - 1 : root + 1;
		if (stackmap_find(names, name, len))
			return true;
	}
	return false;
}

void size_fleet(const struct config *cfg, const struct result *r, size_t n, struct fleet *f)
{
	struct stackmap names;
	size_t i, cgroups = 0;
	double hosts_cpu_now = 0, hosts_cpu_h = 0, hosts_mem_now = 0, hosts_mem_h = 0;

	memset(f, 0, sizeof(*f));
	f->enabled = !isnan(cfg->host_cpu) || !isnan(cfg->host_mem);
	if (!f->enabled)
		return;
	stackmap_init(&names);
	for (i = 0; i < n; i++) {
		if (r[i].host)
			continue;
		cgroups++;
		stackmap_add(&names, r[i].name, strlen(r[i].name), 0, 0);
	}
	if (cfg->fleet_hosts)
		cgroups = 0;
	f->basis = cgroups ? "cgroups" : "host";
	/*
	 * A parent cgroup's usage includes its children's: sum only the
	 * outermost entities, so that a slice and its services count once.
	 */
	for (i = 0; i < n; i++) {
		if (r[i].host != !cgroups)
			continue;
		if (!r[i].host && has_ancestor(&names, r[i].name))
			continue;
		f->entities++;
		if (r[i].have_cpu) {
			f->cpu_now += r[i].cpu_p95;
			f->cpu_horizon += r[i].cpu_p95 + r[i].cpu_growth;
		}
		if (r[i].have_mem) {
			f->mem_now += r[i].mem_peak;
			f->mem_horizon += r[i].mem_peak + r[i].mem_growth;
		}
	}
	stackmap_release(&names);
	if (!isnan(cfg->host_cpu)) {
		hosts_cpu_now = ceil(f->cpu_now / (cfg->host_cpu * cfg->target) - 1e-9);
		hosts_cpu_h = ceil(f->cpu_horizon / (cfg->host_cpu * cfg->target) - 1e-9);
	}
	if (!isnan(cfg->host_mem)) {
		hosts_mem_now = ceil(f->mem_now / (cfg->host_mem * cfg->target) - 1e-9);
		hosts_mem_h = ceil(f->mem_horizon / (cfg->host_mem * cfg->target) - 1e-9);
	}
	f->hosts_now = fmax(1, fmax(hosts_cpu_now, hosts_mem_now));
	f->hosts_horizon = fmax(1, fmax(hosts_cpu_h, hosts_mem_h));
}
