// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-forecast's SVG chart: one panel per series with the history, the fitted
 * values, the forecast and its interval bands, the threshold and its crossing,
 * and date-labelled axes. Long histories are drawn as one point per pixel
 * column (mean) over a min-max band, so a year of minutes stays small.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "headroom/alloc.h"
#include "headroom/svg.h"
#include "headroom/units.h"
#include "hrf.h"

#define W 960.0
#define PH 400.0		/* panel height */
#define ML 78.0
#define MR 24.0
#define MT 46.0
#define MB 64.0
#define PW (W - ML - MR)

/* A panel's coordinates: its time and value ranges, its top in the SVG. */
struct frame {
	double t0, t1, y0, y1, top;
	bool bytes;	/* the series counts bytes: label values as sizes */
};

static double px(const struct frame *f, double t)
{
	return ML + (t - f->t0) / (f->t1 - f->t0) * PW;
}

static double py(const struct frame *f, double y)
{
	return f->top + MT + (1 - (y - f->y0) / (f->y1 - f->y0)) * (PH - MT - MB);
}

static double nice_step(double range, int target)
{
	double raw = range / target, mag = pow(10, floor(log10(raw))), r = raw / mag;

	return (r < 1.5 ? 1 : r < 3 ? 2 : r < 7 ? 5 : 10) * mag;
}

static void fmt_value(char *buf, size_t size, double v, double step, bool bytes)
{
	int dec = step >= 1 ? 0 : (int)ceil(-log10(step));

	if (bytes && v >= 0)
		format_size(buf, size, v);
	else if (fabs(v) >= 1e7 || (fabs(v) > 0 && fabs(v) < 1e-4))
		snprintf(buf, size, "%.3g", v);
	else
		snprintf(buf, size, "%.*f", dec > 6 ? 6 : dec, fabs(v) < step / 1e6 ? 0.0 : v);
}

/* Time ticks at round UTC times: minutes, hours, days, weeks, months or years. */
static void time_axis(struct strbuf *sb, const struct frame *f)
{
	static const double steps[] = { 60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600,
					12 * 3600, 86400, 2 * 86400, 7 * 86400, 14 * 86400 };
	double span = f->t1 - f->t0, step = 0, t;
	int months = 0, n = 0;
	size_t i;
	char buf[64];
	int kind;
	double ybase = f->top + PH - MB;

	for (i = 0; i < sizeof(steps) / sizeof(*steps); i++) {
		if (span / steps[i] <= 8) {
			step = steps[i];
			break;
		}
	}
	if (!step) {
		static const int mo[] = { 1, 2, 3, 6, 12, 24, 60, 120 };

		for (i = 0; i < sizeof(mo) / sizeof(*mo); i++) {
			months = mo[i];
			if (span / (months * 30.44 * 86400) <= 8)
				break;
		}
	}
	kind = step && step < 86400 ? 0 : months >= 12 ? 2 : 1;
	if (step) {
		/* Weeks start on Monday; 1970-01-01 was a Thursday. */
		double off = step == 7 * 86400 || step == 14 * 86400 ? 4 * 86400 : 0;

		t = ceil((f->t0 - off) / step) * step + off;
	} else {
		time_t tt = (time_t)f->t0;
		struct tm tm;

		gmtime_r(&tt, &tm);
		tm.tm_mday = 1;
		tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
		tm.tm_mon = tm.tm_mon / months * months;
		if (months >= 12)
			tm.tm_mon = 0;
		t = (double)timegm(&tm);
	}
	while (t <= f->t1 && n++ < 40) {
		if (t >= f->t0) {
			time_t tt = (time_t)t;
			struct tm tm;

			gmtime_r(&tt, &tm);
			if (kind == 0)
				strftime(buf, sizeof(buf), "%m-%d %H:%M", &tm);
			else if (kind == 1)
				strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
			else
				strftime(buf, sizeof(buf), "%Y", &tm);
			svg_line(sb, px(f, t), f->top + MT, px(f, t), ybase, "#e4e4e4", NULL);
			svg_line(sb, px(f, t), ybase, px(f, t), ybase + 5, "#555", NULL);
			svg_text(sb, px(f, t), ybase + 18, "text-anchor=\"middle\" class=\"tick\"", buf);
		}
		if (step) {
			t += step;
		} else {
			time_t tt = (time_t)t;
			struct tm tm;

			gmtime_r(&tt, &tm);
			tm.tm_mon += months;
			t = (double)timegm(&tm);
		}
	}
	svg_text(sb, ML + PW / 2, ybase + 40, "text-anchor=\"middle\" class=\"axis\"",
		 "time (UTC)");
}

static void value_axis(struct strbuf *sb, const struct frame *f, const char *name)
{
	double step = nice_step(f->y1 - f->y0, 6), v;
	char buf[64];

	if (f->bytes && f->y1 - f->y0 >= 1024) {
		/* Round steps of the binary unit the labels are written in. */
		double unit = pow(1024, floor(log(f->y1 - f->y0) / log(1024)));

		step = nice_step((f->y1 - f->y0) / unit, 6) * unit;
	}
	struct strbuf at = STRBUF_INIT;

	for (v = ceil(f->y0 / step) * step; v <= f->y1 + step * 1e-9; v += step) {
		fmt_value(buf, sizeof(buf), v, step, f->bytes);
		svg_line(sb, ML, py(f, v), ML + PW, py(f, v), "#e4e4e4", NULL);
		svg_text(sb, ML - 6, py(f, v) + 4, "text-anchor=\"end\" class=\"tick\"", buf);
	}
	strbuf_addf(&at, "text-anchor=\"middle\" class=\"axis\" transform=\"rotate(-90 16 %.1f)\"",
		    f->top + MT + (PH - MT - MB) / 2);
	svg_text(sb, 16, f->top + MT + (PH - MT - MB) / 2, at.buf, *name ? name : "value");
	strbuf_release(&at);
	svg_line(sb, ML, f->top + MT, ML, f->top + PH - MB, "#555", NULL);
	svg_line(sb, ML, f->top + PH - MB, ML + PW, f->top + PH - MB, "#555", NULL);
}

static void legend_item(struct strbuf *sb, double *x, double y, const char *color,
			const char *attrs, const char *text, bool band)
{
	if (band)
		svg_rect(sb, *x, y - 8, 22, 10, color, NULL);
	else
		svg_line(sb, *x, y - 3, *x + 22, y - 3, color, attrs);
	svg_text(sb, *x + 27, y + 1, "class=\"legend\"", text);
	*x += 27 + 7.0 * (double)strlen(text) + 16;
}

#define NF 400		/* segments of each forecast curve */

static const char *const band_colors[] = { "#f6c89f", "#eea46a", "#e8894a", "#e07030" };

/* Point k of NF + 1 from time a to time b. */
static double at_k(double a, double b, size_t k)
{
	return a + (b - a) * (double)k / (double)NF;
}

/* The panel's frame: the history, the widest band ahead and the threshold in view. */
static void panel_frame(struct frame *f, const struct hrf_series *s, const struct hrf_chart *c,
			double top)
{
	double end = forecast_end(s->m), ymin = INFINITY, ymax = -INFINITY, wide = 0, yhat, lo, hi;
	size_t i, k;

	f->bytes = strstr(s->name, "bytes") != NULL;
	f->t0 = s->t[0];
	f->t1 = s->fend;
	f->top = top;
	for (i = 0; i < c->nlevels; i++)
		if (c->levels[i] > wide)
			wide = c->levels[i];
	for (i = 0; i < s->n; i++) {
		if (s->y[i] < ymin)
			ymin = s->y[i];
		if (s->y[i] > ymax)
			ymax = s->y[i];
	}
	for (k = 0; k <= NF; k++) {
		forecast_predict(s->m, at_k(end, s->fend, k), wide, &yhat, &lo, &hi);
		if (lo < ymin)
			ymin = lo;
		if (hi > ymax)
			ymax = hi;
	}
	if (c->have_threshold) {
		if (c->threshold < ymin)
			ymin = c->threshold;
		if (c->threshold > ymax)
			ymax = c->threshold;
	}
	if (!(ymax > ymin)) {
		ymin -= 1;
		ymax += 1;
	}
	f->y0 = ymin - (ymax - ymin) * 0.05;
	f->y1 = ymax + (ymax - ymin) * 0.05;
	if (!(f->t1 > f->t0))
		f->t1 = f->t0 + 1;
}

/* The interval bands ahead, widest first; xs and ys hold 2 NF + 2 points. */
static void draw_bands(struct strbuf *sb, const struct hrf_series *s, const struct hrf_chart *c,
		       const struct frame *f, double *xs, double *ys)
{
	double lv[HRF_MAX_LEVELS], end = forecast_end(s->m), t, lo, hi;
	size_t i, j, k, m;

	memcpy(lv, c->levels, sizeof(lv));
	for (i = 0; i < c->nlevels; i++)
		for (j = i + 1; j < c->nlevels; j++)
			if (lv[j] > lv[i]) {
				double tmp = lv[i];

				lv[i] = lv[j];
				lv[j] = tmp;
			}
	for (i = 0; i < c->nlevels; i++) {
		m = 0;
		for (k = 0; k <= NF; k++) {
			t = at_k(end, s->fend, k);
			forecast_predict(s->m, t, lv[i], NULL, NULL, &hi);
			xs[m] = px(f, t);
			ys[m++] = py(f, hi);
		}
		for (k = NF + 1; k-- > 0;) {
			t = at_k(end, s->fend, k);
			forecast_predict(s->m, t, lv[i], NULL, &lo, NULL);
			xs[m] = px(f, t);
			ys[m++] = py(f, lo);
		}
		svg_polygon(sb, xs, ys, m, band_colors[i < 4 ? i : 3],
			    "fill-opacity=\"0.55\" class=\"band\"");
	}
}

/* A long history: per pixel column (cols of them) a mean over a min-max band. */
static void draw_history_columns(struct strbuf *sb, const struct hrf_series *s,
				 const struct frame *f, size_t cols, double *xs, double *ys)
{
	double *mn = xmalloc(cols * sizeof(*mn)), *mx = xmalloc(cols * sizeof(*mx));
	double *sum = xcalloc(cols, sizeof(*sum));
	size_t *cnt = xcalloc(cols, sizeof(*cnt)), m = 0, i;

	for (i = 0; i < s->n; i++) {
		size_t col = (size_t)((px(f, s->t[i]) - ML) / PW * (double)cols);

		if (col >= cols)
			col = cols - 1;
		if (!cnt[col] || s->y[i] < mn[col])
			mn[col] = s->y[i];
		if (!cnt[col] || s->y[i] > mx[col])
			mx[col] = s->y[i];
		sum[col] += s->y[i];
		cnt[col]++;
	}
	for (i = 0; i < cols; i++) {
		if (!cnt[i])
			continue;
		xs[m] = ML + ((double)i + 0.5) * PW / (double)cols;
		ys[m++] = py(f, mx[i]);
	}
	for (i = cols; i-- > 0;) {
		if (!cnt[i])
			continue;
		xs[m] = ML + ((double)i + 0.5) * PW / (double)cols;
		ys[m++] = py(f, mn[i]);
	}
	svg_polygon(sb, xs, ys, m, "#9cc3e6", "fill-opacity=\"0.6\" class=\"history-range\"");
	m = 0;
	for (i = 0; i < cols; i++) {
		if (!cnt[i])
			continue;
		xs[m] = ML + ((double)i + 0.5) * PW / (double)cols;
		ys[m++] = py(f, sum[i] / (double)cnt[i]);
	}
	svg_polyline(sb, xs, ys, m, "#2b6cb0", "stroke-width=\"1.2\" class=\"history\"");
	free(mn);
	free(mx);
	free(sum);
	free(cnt);
}

/* The history: every point when few (xs and ys hold 2 cols + 2 points). */
static void draw_history(struct strbuf *sb, const struct hrf_series *s, const struct frame *f,
			 size_t cols, double *xs, double *ys)
{
	size_t i;

	if (s->n > 2 * cols) {
		draw_history_columns(sb, s, f, cols, xs, ys);
		return;
	}
	for (i = 0; i < s->n; i++) {
		xs[i] = px(f, s->t[i]);
		ys[i] = py(f, s->y[i]);
	}
	svg_polyline(sb, xs, ys, s->n, "#2b6cb0", "stroke-width=\"1.2\" class=\"history\"");
}

/* The mean of the model from time a to time b. */
static void draw_mean(struct strbuf *sb, const struct hrf_series *s, const struct frame *f,
		      double a, double b, double *xs, double *ys, const char *color,
		      const char *attrs)
{
	double t, yhat;
	size_t k;

	for (k = 0; k <= NF; k++) {
		t = at_k(a, b, k);
		forecast_predict(s->m, t, 0, &yhat, NULL, NULL);
		xs[k] = px(f, t);
		ys[k] = py(f, yhat);
	}
	svg_polyline(sb, xs, ys, NF + 1, color, attrs);
}

/* The threshold, its label, and where the mean forecast crosses it. */
static void draw_threshold(struct strbuf *sb, const struct hrf_series *s,
			   const struct hrf_chart *c, const struct frame *f)
{
	char num[64], buf[256], when[64];
	double x, y = py(f, c->threshold);

	fmt_value(num, sizeof(num), c->threshold, nice_step(f->y1 - f->y0, 6) / 100, f->bytes);
	svg_line(sb, ML, y, ML + PW, y, "#c53030",
		 "stroke-width=\"1.5\" stroke-dasharray=\"8 4\" class=\"threshold\"");
	snprintf(buf, sizeof(buf), "threshold %s", c->threshold_label ? c->threshold_label : num);
	svg_text(sb, ML + 6, y - 5, "class=\"threshold-label\"", buf);
	if (isnan(s->cross_mean))
		return;
	x = px(f, s->cross_mean);
	format_timestamp_iso(when, sizeof(when), s->cross_mean);
	svg_line(sb, x, f->top + MT, x, f->top + PH - MB, "#c53030",
		 "stroke-dasharray=\"3 3\" class=\"crossing\"");
	strbuf_addf(sb, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"#c53030\" "
		    "class=\"crossing-mark\"/>\n", x, y);
	snprintf(buf, sizeof(buf), "crosses %.16s", when);
	svg_text(sb, x > ML + PW - 180 ? x - 6 : x + 6, f->top + MT + 14,
		 x > ML + PW - 180 ? "text-anchor=\"end\" class=\"crossing-label\""
				   : "class=\"crossing-label\"", buf);
}

/* The legend, under the axis label. */
static void draw_legend(struct strbuf *sb, const struct hrf_chart *c, const struct frame *f)
{
	double lx = ML, y = f->top + PH - 8;
	char buf[64];
	size_t i, j;

	legend_item(sb, &lx, y, "#2b6cb0", "stroke-width=\"2\"", "history", false);
	legend_item(sb, &lx, y, "#1a202c", "stroke-dasharray=\"4 3\"", "fit", false);
	legend_item(sb, &lx, y, "#c05621", "stroke-width=\"2\"", "forecast", false);
	for (i = 0; i < c->nlevels; i++) {
		size_t b = 0;

		for (j = 0; j < c->nlevels; j++)
			if (c->levels[j] > c->levels[i])
				b++;
		snprintf(buf, sizeof(buf), "%g%% interval", c->levels[i]);
		legend_item(sb, &lx, y, band_colors[b < 4 ? b : 3], NULL, buf, true);
	}
	if (c->have_threshold)
		legend_item(sb, &lx, y, "#c53030", "stroke-dasharray=\"8 4\"", "threshold", false);
}

static void panel(struct strbuf *sb, const struct hrf_series *s, const struct hrf_chart *c,
		  double top)
{
	struct forecast_summary fs;
	struct frame f;
	size_t cols = (size_t)PW, len = 2 * NF + 2 > 2 * cols + 2 ? 2 * NF + 2 : 2 * cols + 2;
	double end = forecast_end(s->m), *xs, *ys;
	char buf[256];

	forecast_summary(s->m, &fs);
	panel_frame(&f, s, c, top);
	svg_rect(sb, 0, top, W, PH, "#ffffff", NULL);
	snprintf(buf, sizeof(buf), "%s%s%s", c->title ? c->title : *s->name ? s->name : "forecast",
		 " — ", fs.model);
	svg_text(sb, W / 2, top + 22, "text-anchor=\"middle\" class=\"title\"", buf);
	value_axis(sb, &f, s->name);
	time_axis(sb, &f);

	xs = xmalloc(len * sizeof(*xs));
	ys = xmalloc(len * sizeof(*ys));
	draw_bands(sb, s, c, &f, xs, ys);
	draw_history(sb, s, &f, cols, xs, ys);
	/* The fitted values over the fitted regime, then the forecast. */
	draw_mean(sb, s, &f, fs.fit_start, end, xs, ys, "#1a202c",
		  "stroke-width=\"1\" stroke-dasharray=\"4 3\" class=\"fit\"");
	draw_mean(sb, s, &f, end, s->fend, xs, ys, "#c05621", "stroke-width=\"2\" class=\"forecast\"");
	svg_line(sb, px(&f, end), f.top + MT, px(&f, end), f.top + PH - MB, "#718096",
		 "stroke-dasharray=\"2 3\" class=\"now\"");
	if (!isnan(fs.changepoint) && fs.changepoint > f.t0)
		svg_line(sb, px(&f, fs.changepoint), f.top + MT, px(&f, fs.changepoint),
			 f.top + PH - MB, "#805ad5", "stroke-dasharray=\"6 4\" class=\"changepoint\"");
	if (c->have_threshold)
		draw_threshold(sb, s, c, &f);
	draw_legend(sb, c, &f);
	free(xs);
	free(ys);
}

void hrf_chart_svg(struct strbuf *sb, struct hrf_series *const *s, size_t ns,
		   const struct hrf_chart *c)
{
	size_t i;

	svg_begin(sb, W, PH * (double)ns, NULL);
	strbuf_addstr(sb, "<style>text{font-family:sans-serif;fill:#1a202c}"
		      ".title{font-size:15px;font-weight:bold}.tick{font-size:11px;fill:#4a5568}"
		      ".axis{font-size:12px}.legend{font-size:12px}"
		      ".threshold-label,.crossing-label{font-size:12px;fill:#c53030}</style>\n");
	for (i = 0; i < ns; i++) {
		/* Each series has its own threshold when a percentage is read against its size. */
		struct hrf_chart pc = *c;

		pc.threshold = s[i]->threshold;
		pc.have_threshold = !isnan(s[i]->threshold);
		if (s[i]->threshold_label)
			pc.threshold_label = s[i]->threshold_label;
		panel(sb, s[i], &pc, PH * (double)i);
	}
	svg_end(sb);
}
