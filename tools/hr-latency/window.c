// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-latency --window: requests, errors, throughput and percentiles per
 * window of time, as series TSV (headroom-series(5), latencies in seconds,
 * for hr-forecast and hr-record --import) or as one row per window
 * (--format, for spreadsheets).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/error.h"
#include "headroom/labels.h"
#include "headroom/series.h"
#include "headroom/table.h"
#include "output.h"
#include "window.h"

static const double wq[] = { 0.50, 0.90, 0.95, 0.99 };
static const char *const wq_names[] = { "p50", "p90", "p95", "p99" };
#define NWQ (sizeof(wq) / sizeof(wq[0]))

void window_figures(const struct run *r, size_t i, struct acc *a, struct window_figures *f)
{
	const struct lt_window *w = &r->win.w[i];
	struct window_acc *wa = run_window(r, i);
	struct result res;
	size_t k, j;

	memset(f, 0, sizeof(*f));
	f->start = lt_window_start(&r->win, i);
	f->requests = (double)w->requests;
	f->errors = (double)w->errors;
	f->throughput = f->requests / r->win.width;
	f->conc = w->conc_max;
	f->max = NAN;
	for (k = 0; k < NWQ; k++)
		f->pct[k] = NAN;
	if (!a && wa)
		a = &wa->acc;
	if (a && a != &wa->acc) {
		f->requests = (double)(a->count - a->synthetic + a->errors);
		f->errors = (double)a->errors;
		f->throughput = f->requests / r->win.width;
	}
	if (a && a->count) {
		acc_summarise(a, &res);
		for (k = 0; k < NWQ; k++)
			f->pct[k] = acc_quantile(a, wq[k]);
		f->max = res.max;
	} else if (wa && wa->row && wa->row->s.n) {
		/* Locust's history: the row's own percentiles. */
		for (k = 0; k < NWQ; k++)
			for (j = 0; j < wa->row->s.n; j++)
				if (fabs(wa->row->s.q[j] - wq[k]) < 1e-9)
					f->pct[k] = wa->row->s.v[j];
		f->max = wa->row->s.max;
	}
}

static void series_of(struct strbuf *sb, const struct run *r, const struct window_figures *f,
		      const char *group)
{
	struct strbuf name = STRBUF_INIT, labels = STRBUF_INIT;
	double unit = r->unit_out;
	size_t k;

#define PUT(n, v) do { if (!isnan(v)) { strbuf_reset(&name); \
	series_name_format(&name, (n), labels.buf); \
	series_format(sb, f->start, name.buf, (v), false); } } while (0)
	if (group)
		labels_add(&labels, "group", group);
	PUT("latency.requests", f->requests);
	PUT("latency.errors", f->errors);
	PUT("latency.throughput_per_second", f->throughput);
	for (k = 0; k < NWQ; k++) {
		char n[40];

		snprintf(n, sizeof(n), "latency.%s_seconds", wq_names[k]);
		PUT(n, f->pct[k] * unit);
	}
	PUT("latency.max_seconds", f->max * unit);
	if (!group)
		PUT("load.concurrency", f->conc);
#undef PUT
	strbuf_release(&name);
	strbuf_release(&labels);
}

static void row_of(struct table *t, const struct run *r, const struct window_figures *f,
		   const char *group)
{
	size_t k;

	table_num(t, f->start, -1);
	if (r->cfg->by)
		table_cell(t, group ? group : "(all)");
	table_num(t, f->requests, 0);
	table_num(t, f->errors, 0);
	table_num(t, f->throughput, -1);
	for (k = 0; k < NWQ; k++)
		table_num(t, f->pct[k], -1);
	table_num(t, f->max, -1);
	table_num(t, f->conc, -1);
	table_cell(t, lat_unit_label(r->unit_out));
}

/* Calls fn for each window and, with --by, for each group in it. */
static void each_window(const struct run *r,
			void (*fn)(void *arg, const struct window_figures *f, const char *group),
			void *arg)
{
	struct window_figures f;
	size_t i, g;

	for (i = 0; i < r->win.n; i++) {
		struct window_acc *wa = run_window(r, i);
		struct group *gs;

		window_figures(r, i, NULL, &f);
		fn(arg, &f, NULL);
		if (!wa || !r->cfg->by)
			continue;
		gs = groups_sorted(&wa->gs);
		for (g = 0; g < groups_count(&wa->gs); g++) {
			window_figures(r, i, gs[g].acc, &f);
			fn(arg, &f, gs[g].name);
		}
		free(gs);
	}
}

struct emit {
	const struct run *r;
	struct strbuf *sb;
	struct table *t;
};

static void emit_series(void *arg, const struct window_figures *f, const char *group)
{
	struct emit *e = arg;

	series_of(e->sb, e->r, f, group);
}

static void emit_row(void *arg, const struct window_figures *f, const char *group)
{
	struct emit *e = arg;

	row_of(e->t, e->r, f, group);
}

void window_write(const struct run *r, enum output_format format, FILE *out)
{
	static const struct table_column cols[] = {
		{ "time", NULL, TABLE_RIGHT }, { "group", NULL, TABLE_LEFT },
		{ "requests", NULL, TABLE_RIGHT }, { "errors", NULL, TABLE_RIGHT },
		{ "throughput", NULL, TABLE_RIGHT }, { "p50", NULL, TABLE_RIGHT },
		{ "p90", NULL, TABLE_RIGHT }, { "p95", NULL, TABLE_RIGHT },
		{ "p99", NULL, TABLE_RIGHT }, { "max", NULL, TABLE_RIGHT },
		{ "concurrency", NULL, TABLE_RIGHT }, { "unit", NULL, TABLE_LEFT },
	};
	enum { NCOLS = sizeof(cols) / sizeof(cols[0]) };
	struct table_column nogroup[NCOLS - 1];
	struct strbuf sb = STRBUF_INIT;
	struct table t;
	struct emit e = { r, &sb, &t };

	if (r->kind == LT_KIND_SUMMARY && r->format != LT_LOCUST_HISTORY)
		die("%s is a summary of the whole run: no time series for --window",
		    lt_format_name(r->format));
	if (format == FORMAT_AUTO) {
		each_window(r, emit_series, &e);
		if (strbuf_write(&sb, out) < 0)
			die_errno("write error");
		strbuf_release(&sb);
		return;
	}
	if (r->cfg->by) {
		table_init(&t, cols, NCOLS);
	} else {
		/* the same columns without the group's (the second) */
		nogroup[0] = cols[0];
		memcpy(nogroup + 1, cols + 2, sizeof(nogroup) - sizeof(nogroup[0]));
		table_init(&t, nogroup, NCOLS - 1);
	}
	each_window(r, emit_row, &e);
	if (table_write(&t, out, format, 0) < 0)
		die_errno("write error");
	table_release(&t);
}
