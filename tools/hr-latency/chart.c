// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-latency --svg: latency percentiles over time above, throughput, errors
 * and concurrency below, the stages of a stepped test as shaded bands.
 * Windows are joined into at most MAX_COLS columns so that a long test
 * still draws a small picture; a column's percentiles are those of all its
 * values, not an average of its windows'.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/cli.h"
#include "headroom/error.h"
#include "headroom/svg.h"
#include "headroom/units.h"
#include "chart.h"
#include "output.h"

#define MAX_COLS 400

static const double W = 960, H = 580, L = 72, R = 72, T = 78, B = 52, GAP = 46;

struct column {
	double t0, t1;		/* Unix seconds */
	double requests, errors, throughput, conc;
	double p50, p90, p99, max;
};

struct frame {
	double t0, t1;		/* the time axis */
	double top0, top1;	/* latency panel, pixels */
	double bot0, bot1;	/* throughput panel */
	double ymax, rmax, cmax;	/* latency, requests per second, concurrency */
};

static double px(const struct frame *f, double t)
{
	return L + (t - f->t0) / (f->t1 - f->t0) * (W - L - R);
}

static double py_lat(const struct frame *f, double v)
{
	return f->top1 - v / f->ymax * (f->top1 - f->top0);
}

static double py_rate(const struct frame *f, double v)
{
	return f->bot1 - v / f->rmax * (f->bot1 - f->bot0);
}

static double py_conc(const struct frame *f, double v)
{
	return f->bot1 - v / f->cmax * (f->bot1 - f->bot0);
}

/* Columns of k windows each: counts summed, percentiles of the merged values. */
static size_t make_columns(const struct run *r, struct column **out)
{
	size_t n = r->win.n, k = (n + MAX_COLS - 1) / MAX_COLS, ncol = (n + k - 1) / k, c, i;
	struct column *cols = xcalloc(ncol ? ncol : 1, sizeof(*cols));

	for (c = 0; c < ncol; c++) {
		struct column *col = &cols[c];
		struct acc a;
		struct result res;
		double conc = NAN;

		acc_init(&a, &r->setup);
		col->t0 = lt_window_start(&r->win, c * k);
		col->t1 = lt_window_start(&r->win, c * k + k < n ? c * k + k : n);
		for (i = c * k; i < n && i < c * k + k; i++) {
			const struct lt_window *w = &r->win.w[i];
			struct window_acc *wa = run_window(r, i);

			col->requests += (double)w->requests;
			col->errors += (double)w->errors;
			if (!isnan(w->conc_max) && !(conc >= w->conc_max))
				conc = w->conc_max;
			if (wa)
				acc_merge(&a, &wa->acc);
		}
		col->conc = conc;
		col->throughput = col->requests / (col->t1 - col->t0);
		acc_summarise(&a, &res);
		col->p50 = res.pct[0];
		col->p90 = res.pct[2];
		col->p99 = res.pct[4];
		col->max = res.max;
		acc_release(&a);
	}
	*out = cols;
	return ncol;
}

/* "+1m30s" for 90 seconds into the test. */
static void fmt_elapsed(char *buf, size_t size, double s)
{
	long v = lround(s);

	if (v < 60)
		snprintf(buf, size, "+%lds", v);
	else if (v % 60 == 0 && v < 3600)
		snprintf(buf, size, "+%ldm", v / 60);
	else if (v < 3600)
		snprintf(buf, size, "+%ldm%02lds", v / 60, v % 60);
	else
		snprintf(buf, size, "+%ldh%02ldm", v / 3600, v / 60 % 60);
}

static double time_step(double span)
{
	static const double steps[] = { 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600,
					7200, 10800, 21600, 43200, 86400 };
	size_t i;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if (span / steps[i] <= 10)
			return steps[i];
	return 86400 * ceil(span / 86400 / 10);
}

static void axes(struct strbuf *sb, const struct frame *f, const char *unit, bool conc)
{
	double step, v;
	char buf[64];

	step = time_step(f->t1 - f->t0);
	for (v = 0; f->t0 + v <= f->t1 + 1e-9; v += step) {
		svg_line(sb, px(f, f->t0 + v), f->top0, px(f, f->t0 + v), f->bot1, "#eee", NULL);
		fmt_elapsed(buf, sizeof(buf), v);
		svg_text(sb, px(f, f->t0 + v), f->bot1 + 16, "text-anchor=\"middle\" class=\"tick\"", buf);
	}
	step = svg_tick_step(f->ymax, 5);
	for (v = 0; v <= f->ymax + step * 1e-9; v += step) {
		svg_line(sb, L, py_lat(f, v), W - R, py_lat(f, v), "#eee", NULL);
		snprintf(buf, sizeof(buf), "%g", v);
		svg_text(sb, L - 6, py_lat(f, v) + 4, "text-anchor=\"end\" class=\"tick\"", buf);
	}
	step = svg_tick_step(f->rmax, 3);
	for (v = 0; v <= f->rmax + step * 1e-9; v += step) {
		svg_line(sb, L, py_rate(f, v), W - R, py_rate(f, v), "#eee", NULL);
		snprintf(buf, sizeof(buf), "%g", v);
		svg_text(sb, L - 6, py_rate(f, v) + 4, "text-anchor=\"end\" class=\"tick\"", buf);
	}
	if (conc) {
		step = svg_tick_step(f->cmax, 3);
		for (v = 0; v <= f->cmax + step * 1e-9; v += step) {
			snprintf(buf, sizeof(buf), "%g", v);
			svg_text(sb, W - R + 6, py_conc(f, v) + 4, "fill=\"#7b3fa0\" class=\"tick\"", buf);
		}
	}
	svg_line(sb, L, f->top1, W - R, f->top1, "#000", NULL);
	svg_line(sb, L, f->top0, L, f->top1, "#000", NULL);
	svg_line(sb, L, f->bot1, W - R, f->bot1, "#000", NULL);
	svg_line(sb, L, f->bot0, L, f->bot1, "#000", NULL);
	snprintf(buf, sizeof(buf), "latency (%s)", unit);
	svg_text(sb, L, f->top0 - 8, "class=\"axis-label\"", buf);
	svg_text(sb, L, f->bot0 - 8, "class=\"axis-label\"", "requests per second (errors in red)");
	if (conc)
		svg_text(sb, W - R + 6, f->bot0 - 8, "text-anchor=\"end\" fill=\"#7b3fa0\" "
			 "class=\"axis-label\"", "concurrency");
}

static void stages(struct strbuf *sb, const struct frame *f, const struct lt_stage *st, size_t n)
{
	char buf[64];
	size_t i;

	for (i = 0; i < n; i++) {
		double x0 = px(f, st[i].start), x1 = px(f, st[i].end);

		svg_rect(sb, x0, f->top0, x1 - x0, f->bot1 - f->top0, "#6a6a6a",
			 "fill-opacity=\"0.10\" class=\"stage\"");
		snprintf(buf, sizeof(buf), "N=%g", st[i].conc);
		if (x1 - x0 >= 34)
			svg_text(sb, (x0 + x1) / 2, f->top0 + 14,
				 "text-anchor=\"middle\" fill=\"#444\" class=\"stage-label\"", buf);
	}
}

static void latency_lines(struct strbuf *sb, const struct frame *f, const struct column *cols,
			  size_t n)
{
	static const struct { const char *cls, *color, *attrs; size_t off; } lines[] = {
		{ "max", "#9a9a9a", "stroke-width=\"1\" clip-path=\"url(#lat)\"", offsetof(struct column, max) },
		{ "p99", "#d62728", "stroke-width=\"2\"", offsetof(struct column, p99) },
		{ "p90", "#ff7f0e", "stroke-width=\"2\"", offsetof(struct column, p90) },
		{ "p50", "#1f77b4", "stroke-width=\"2\"", offsetof(struct column, p50) },
	};
	double *xs = xcalloc(n, sizeof(double)), *ys = xcalloc(n, sizeof(double));
	char attrs[128];
	size_t i, l;

	for (l = 0; l < sizeof(lines) / sizeof(lines[0]); l++) {
		for (i = 0; i < n; i++) {
			double v = *(const double *)((const char *)&cols[i] + lines[l].off);

			xs[i] = px(f, (cols[i].t0 + cols[i].t1) / 2);
			ys[i] = isnan(v) ? NAN : py_lat(f, v);
		}
		snprintf(attrs, sizeof(attrs), "%s class=\"%s\"", lines[l].attrs,
			 lines[l].cls);
		svg_polyline(sb, xs, ys, n, lines[l].color, attrs);
	}
	free(xs);
	free(ys);
}

static void rate_bars(struct strbuf *sb, const struct frame *f, const struct column *cols,
		      size_t n, bool conc)
{
	double *xs = xcalloc(2 * n, sizeof(double)), *ys = xcalloc(2 * n, sizeof(double));
	size_t i;

	for (i = 0; i < n; i++) {
		double x0 = px(f, cols[i].t0), x1 = px(f, cols[i].t1), w = x1 - x0 > 1.5 ? x1 - x0 - 0.5 : x1 - x0;
		double err = cols[i].errors / (cols[i].t1 - cols[i].t0);

		if (cols[i].throughput > 0)
			svg_rect(sb, x0, py_rate(f, cols[i].throughput), w,
				 f->bot1 - py_rate(f, cols[i].throughput), "#7fb27f", "class=\"throughput\"");
		if (err > 0)
			svg_rect(sb, x0, py_rate(f, err), w, f->bot1 - py_rate(f, err), "#d62728",
				 "class=\"errors\"");
		xs[2 * i] = x0;
		xs[2 * i + 1] = x1;
		ys[2 * i] = ys[2 * i + 1] = isnan(cols[i].conc) ? NAN : py_conc(f, cols[i].conc);
	}
	if (conc)
		svg_polyline(sb, xs, ys, 2 * n, "#7b3fa0",
			     "stroke-width=\"2\" class=\"concurrency\"");
	free(xs);
	free(ys);
}

static void legend(struct strbuf *sb, bool clipped)
{
	static const struct { const char *name, *color; } items[] = {
		{ "p50", "#1f77b4" }, { "p90", "#ff7f0e" }, { "p99", "#d62728" }, { "max", "#9a9a9a" },
	};
	double x = W - R - 300;
	size_t i;

	for (i = 0; i < sizeof(items) / sizeof(items[0]); i++, x += 66) {
		svg_line(sb, x, T - 30, x + 18, T - 30, items[i].color, "stroke-width=\"3\" class=\"legend\"");
		svg_text(sb, x + 22, T - 26, "class=\"legend\"",
			 i == 3 && clipped ? "max (cut)" : items[i].name);
	}
}

/* The scales: latency up to the highest p99 (max is cut above), rates and concurrency. */
static bool scales(struct frame *f, const struct column *cols, size_t n)
{
	bool clipped = false;
	size_t i;

	f->ymax = f->rmax = f->cmax = 0;
	for (i = 0; i < n; i++) {
		if (cols[i].p99 > f->ymax)
			f->ymax = cols[i].p99;
		if (cols[i].throughput > f->rmax)
			f->rmax = cols[i].throughput;
		if (cols[i].conc > f->cmax)
			f->cmax = cols[i].conc;
	}
	f->ymax = f->ymax > 0 ? f->ymax * 1.15 : 1;
	for (i = 0; i < n; i++)
		clipped |= cols[i].max > f->ymax;
	f->rmax = f->rmax > 0 ? f->rmax * 1.1 : 1;
	f->cmax = f->cmax > 0 ? f->cmax * 1.1 : 1;
	return clipped;
}

static void title(struct strbuf *sb, const struct run *r, const struct frame *f)
{
	char buf[256], iso[64], win[32];

	svg_text(sb, W / 2, 24, "text-anchor=\"middle\" font-size=\"16\" class=\"title\"",
		 "Latency and throughput over time");
	format_timestamp_iso(iso, sizeof(iso), f->t0);
	format_duration(win, sizeof(win), r->win.width);
	snprintf(buf, sizeof(buf), "%llu requests from %s UTC, windows of %s",
		 (unsigned long long)r->requests, iso, win);
	svg_text(sb, W / 2, 42, "text-anchor=\"middle\" fill=\"#555\" class=\"subtitle\"", buf);
}

void chart_write(const struct run *r, const char *path, const struct lt_stage *st, size_t nst)
{
	struct strbuf sb = STRBUF_INIT;
	struct column *cols;
	struct frame f;
	size_t n = make_columns(r, &cols);
	bool clipped, conc = r->has_conc;

	if (!n)
		die("no request has a time: nothing to draw over time");
	f.t0 = cols[0].t0;
	f.t1 = cols[n - 1].t1;
	f.top0 = T;
	f.top1 = T + (H - T - B - GAP) * 0.6;
	f.bot0 = f.top1 + GAP;
	f.bot1 = H - B;
	clipped = scales(&f, cols, n);
	svg_begin(&sb, W, H, "font-family=\"sans-serif\" font-size=\"12\"");
	svg_title(&sb, "Latency and throughput over time");
	svg_rect(&sb, 0, 0, W, H, "#fff", NULL);
	strbuf_addf(&sb, "<defs><clipPath id=\"lat\"><rect x=\"%g\" y=\"%g\" width=\"%g\" "
		    "height=\"%g\"/></clipPath></defs>\n", L, f.top0, W - L - R, f.top1 - f.top0);
	title(&sb, r, &f);
	stages(&sb, &f, st, nst);
	axes(&sb, &f, lat_unit_label(r->unit_out), conc);
	latency_lines(&sb, &f, cols, n);
	rate_bars(&sb, &f, cols, n, conc);
	legend(&sb, clipped);
	svg_text(&sb, (L + W - R) / 2, H - 12, "text-anchor=\"middle\" class=\"axis-label\"",
		 "time since the start");
	svg_end(&sb);
	write_output_file(path, &sb);
	strbuf_release(&sb);
	free(cols);
}
