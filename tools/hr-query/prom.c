// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-query --prometheus: headroom selectors (translated to PromQL) or PromQL
 * read from a Prometheus-compatible query API, written as the same series
 * TSV as the SQLite path, as the replies arrive.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/dynlib.h"
#include "headroom/error.h"
#include "headroom/labels.h"
#include "headroom/prom.h"
#include "headroom/units.h"
#include "query.h"

/* Raw samples are read a day at a time: a bounded reply, far from the server's sample limit. */
#define RAW_WINDOW 86400
#define DEFAULT_STEP 60

/* The series TSV being written, shared by every query of the run. */
struct sink {
	struct out *o;
	const char *noname;		/* the name of results without one */
	struct strbuf cur, first;	/* the current series' full name, the first one's */
	bool keep;			/* the current series passes its selector */
	bool started, multi;
	bool holding;			/* the first series' points are held */
	struct held_point { int64_t t_ms; double value; } *held;
	size_t nheld, held_alloc;
	uint64_t points;
};

/* One query's view of the sink: which series, which times, how stamped. */
struct view {
	struct sink *s;
	const struct selector *sel;	/* NULL: PromQL, every series */
	int64_t min_ms, max_ms;		/* points outside are another query's */
	int64_t shift_ms;		/* subtracted: a step's end becomes its start */
	char *name;			/* the name of its results (functions drop it) */
};

static int on_series(void *arg, const char *name, const char *labels)
{
	struct view *v = arg;
	struct sink *s = v->s;

	if (!*name)
		name = v->name ? v->name : s->noname;
	s->keep = !v->sel || selector_match(v->sel, name, labels);
	if (!s->keep)
		return 0;
	strbuf_reset(&s->cur);
	series_name_format(&s->cur, name, labels);
	return 0;
}

/* A point; name: its series' for three columns, NULL for two. */
static void put_point(struct sink *s, const char *name, int64_t t_ms, double value)
{
	struct out *o = s->o;

	out_time(o, (double)t_ms / 1000);
	strbuf_addch(&o->sb, '\t');
	if (name) {
		strbuf_addstr(&o->sb, name);
		strbuf_addch(&o->sb, '\t');
	}
	strbuf_add_num(&o->sb, value);
	strbuf_addch(&o->sb, '\n');
	out_flush(o, false);
}

/*
 * The first series' points wait until a second series shows up (then all
 * are written in three columns) or the run ends or they are many (then
 * under "# series:" in two columns, as from the database).
 */
static void release_held(struct sink *s, bool named)
{
	size_t i;

	if (!named)
		strbuf_addf(&s->o->sb, "# series: %s\n", s->first.buf);
	for (i = 0; i < s->nheld; i++)
		put_point(s, named ? s->first.buf : NULL, s->held[i].t_ms, s->held[i].value);
	s->nheld = 0;
	s->holding = false;
}

/*
 * One series alone gets the two-column form as from the database; a
 * second one turns the rest into three columns, which every reader of
 * series TSV takes in one stream (a line's own name wins over "# series:").
 * Points are in time order per series.
 */
static int on_point(void *arg, int64_t t_ms, double value)
{
	struct view *v = arg;
	struct sink *s = v->s;

	if (!s->keep || t_ms < v->min_ms || t_ms > v->max_ms || !isfinite(value))
		return 0;
	t_ms -= v->shift_ms;
	if (!s->started) {
		strbuf_addstr(&s->first, s->cur.buf);
		s->started = s->holding = true;
	}
	if (!s->multi && strcmp(s->cur.buf, s->first.buf)) {
		s->multi = true;
		if (s->holding)
			release_held(s, true);
	}
	s->points++;
	if (s->holding) {
		ALLOC_GROW(s->held, s->nheld + 1, s->held_alloc);
		s->held[s->nheld++] = (struct held_point){ t_ms, value };
		if (s->nheld >= PROM_MAX_POINTS)
			release_held(s, false);
		return 0;
	}
	put_point(s, s->multi ? s->cur.buf : NULL, t_ms, value);
	return 0;
}

/* A headroom selector (a name with a '.'), or else PromQL. */
static bool is_selector(const char *arg, struct selector *sel)
{
	const char *why;
	size_t n = strcspn(arg, "{");

	if (!memchr(arg, '.', n) || strpbrk(arg, "()") || selector_parse(sel, arg, &why) < 0)
		return false;
	return true;
}

/* --agg as a PromQL function over a range: "avg_over_time(" or "quantile_over_time(0.95, ". */
static void agg_function(struct strbuf *q, const struct query_options *qo)
{
	static const char *const fn[] = {
		[DB_AGG_AVG] = "avg", [DB_AGG_MIN] = "min", [DB_AGG_MAX] = "max",
		[DB_AGG_SUM] = "sum", [DB_AGG_COUNT] = "count", [DB_AGG_LAST] = "last",
	};

	if (qo->agg.kind == DB_AGG_PCT)
		strbuf_addf(q, "quantile_over_time(%.17g, ", qo->agg.q);
	else
		strbuf_addf(q, "%s_over_time(", fn[qo->agg.kind]);
}

static int64_t floor_to(int64_t t, int64_t step)
{
	int64_t q = t / step;

	return (q - (t % step < 0)) * step;
}

/* The queries of a run, with the view each one's results go through. */
struct plan {
	struct prom_query *q;
	struct view *v;
	char **exprs;
	size_t n, aq, av, ae;
};

static void plan_add(struct plan *p, enum prom_kind kind, char *expr, double start, double end,
		     double step, struct view view)
{
	ALLOC_GROW(p->q, p->n + 1, p->aq);
	ALLOC_GROW(p->v, p->n + 1, p->av);
	ALLOC_GROW(p->exprs, p->n + 1, p->ae);
	p->exprs[p->n] = expr;
	p->v[p->n] = view;
	p->q[p->n] = (struct prom_query){ kind, expr, start, end, step, 0, NULL };
	p->n++;
}

/*
 * A selector without --step: its raw samples, with their own times, a day
 * at a time. An instant query of SEL[R] answers the samples of [t-R, t]
 * (Prometheus) or (t-R, t] (VictoriaMetrics); a range 1 ms longer than the
 * window and the window's own bounds give the same samples from both.
 */
static void plan_raw(struct plan *p, struct sink *s, const struct selector *sel, const char *promql,
		     int64_t since, int64_t until)
{
	int64_t a;

	for (a = since; a <= until; a += RAW_WINDOW) {
		int64_t b = a + RAW_WINDOW - 1 < until ? a + RAW_WINDOW - 1 : until;
		/* [a, b] in whole seconds is [a s, b s + 999 ms]. */
		int64_t a_ms = a * 1000, b_ms = b * 1000 + 999;
		char *e = xasprintf("%s[%lldms]", promql, (long long)(b_ms - a_ms + 1));

		plan_add(p, PROM_INSTANT, e, 0, (double)b_ms / 1000, 0,
			 (struct view){ s, sel, a_ms, b_ms, 0, NULL });
	}
}

/*
 * A selector with --step S: the aggregate of each step [b, b+S) evaluated
 * at b + S - 0.5 s over a range of S, which holds the samples of whole
 * seconds b to b+S-1 on either engine's range bounds; stamped b, as the
 * database's steps are. The functions drop the metric name, so each name
 * the selector matches is a query of its own.
 */
static int plan_steps(struct plan *p, struct prom_client *c, struct sink *s,
		      const struct query_options *qo, const struct selector *sel, int64_t since,
		      int64_t until)
{
	struct strbuf match = STRBUF_INIT, q = STRBUF_INIT, name = STRBUF_INIT;
	struct selector by_name = *sel;
	int64_t step = (int64_t)qo->step;
	char **names;
	size_t n, i;

	selector_to_promql(&match, sel, NULL);
	if (DYNLIB_FN("prom", prom_label_values)(c, "__name__", match.buf, (double)since,
						  (double)(until + step), &names, &n) < 0) {
		strbuf_release(&match);
		return -1;
	}
	by_name.nr = 0;
	for (i = 0; i < n; i++) {
		if (prom_name_decode(&name, names[i]) && selector_match(&by_name, name.buf, "")) {
			strbuf_reset(&q);
			agg_function(&q, qo);
			strbuf_reset(&match);
			selector_to_promql(&match, sel, names[i]);
			strbuf_addf(&q, "%s[%llds])", match.buf, (long long)step);
			plan_add(p, PROM_RANGE, xstrdup(q.buf),
				 (double)floor_to(since, step) + (double)step - 0.5,
				 (double)floor_to(until, step) + (double)step - 0.5, (double)step,
				 (struct view){ s, sel, INT64_MIN, INT64_MAX, step * 1000 - 500,
						xstrdup(name.buf) });
		}
		free(names[i]);
	}
	free(names);
	strbuf_release(&match);
	strbuf_release(&q);
	strbuf_release(&name);
	return 0;
}

static int plan_arg(struct plan *p, struct prom_client *c, struct sink *s,
		    const struct query_options *qo, const char *arg, struct selector *sel,
		    bool selector, int64_t since, int64_t until)
{
	struct strbuf promql = STRBUF_INIT;
	int64_t step = qo->step > 0 ? (int64_t)qo->step : DEFAULT_STEP;

	if (!selector) {
		plan_add(p, PROM_RANGE, xstrdup(arg), (double)floor_to(since, step), (double)until,
			 (double)step, (struct view){ s, NULL, INT64_MIN, INT64_MAX, 0, NULL });
		return 0;
	}
	if (qo->step > 0)
		return plan_steps(p, c, s, qo, sel, since, until);
	selector_to_promql(&promql, sel, NULL);
	plan_raw(p, s, sel, promql.buf, since, until);
	strbuf_release(&promql);
	return 0;
}

/* Nothing came: the window, and whether the server knows the series at all. */
static int report_empty(struct prom_client *c, const struct query_options *qo, char **args, int n,
			struct selector *sels, const bool *selector, int64_t since, int64_t until)
{
	char a[64], b[64];
	int k, ret = 0;

	for (k = 0; k < n; k++) {
		struct strbuf q = STRBUF_INIT;

		if (selector[k])
			selector_to_promql(&q, &sels[k], NULL);
		if (selector[k] && DYNLIB_FN("prom", prom_series_exist)(c, q.buf) == 0)
			ret = error("no series on %s matches '%s'", qo->prometheus, args[k]);
		strbuf_release(&q);
	}
	if (!ret) {
		describe_time(a, sizeof(a), since);
		describe_time(b, sizeof(b), until);
		warning("no points from %s to %s on %s", a, b, qo->prometheus);
	}
	return ret ? EXIT_TROUBLE : 0;
}

int query_prometheus(const struct query_options *qo, char **args, int n, int64_t since,
		     int64_t until, struct out *o)
{
	struct sink s = { .o = o, .noname = qo->name ? qo->name : "value", .cur = STRBUF_INIT,
			  .first = STRBUF_INIT };
	struct selector *sels = xcalloc((size_t)n + 1, sizeof(*sels));
	bool *selector = xcalloc((size_t)n + 1, sizeof(*selector));
	struct prom_handler *h = NULL;
	struct plan p = { 0 };
	struct prom_client *c;
	int k, rc = 0, ret = EXIT_TROUBLE;
	size_t i;

	if (until >= INT64_MAX / 2)
		until = db_now();
	if (!qo->since)
		since = until - 86400;
	for (k = 0; k < n; k++) {
		selector[k] = is_selector(args[k], &sels[k]);
		if (!selector[k] && qo->agg_given)
			usage_error("--agg applies to headroom selectors; '%s' is PromQL: aggregate in it",
				    args[k]);
	}
	c = DYNLIB_FN("prom", prom_client_new)(qo->prometheus, &qo->http);
	if (c) {
		DYNLIB_FN("prom", prom_client_set_timeout)(c, qo->timeout);
		for (k = 0; k < n && !rc; k++)
			rc = plan_arg(&p, c, &s, qo, args[k], &sels[k], selector[k], since, until);
		h = xcalloc(p.n ? p.n : 1, sizeof(*h));
		for (i = 0; i < p.n; i++) {
			h[i] = (struct prom_handler){ on_series, on_point, &p.v[i] };
			p.q[i].h = &h[i];
		}
		if (!rc)
			rc = DYNLIB_FN("prom", prom_run)(c, p.q, p.n);
		if (s.holding)
			release_held(&s, false);
		out_flush(o, true);
		ret = rc ? EXIT_TROUBLE : 0;
		if (!rc && !s.points)
			ret = report_empty(c, qo, args, n, sels, selector, since, until);
		DYNLIB_FN("prom", prom_client_free)(c);
	}
	for (i = 0; i < p.n; i++) {
		free(p.exprs[i]);
		free(p.v[i].name);
	}
	free(h);
	free(p.q);
	free(p.v);
	free(p.exprs);
	for (k = 0; k < n; k++)
		if (selector[k])
			selector_release(&sels[k]);
	free(sels);
	free(selector);
	strbuf_release(&s.cur);
	strbuf_release(&s.first);
	free(s.held);
	return ret;
}
