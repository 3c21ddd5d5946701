// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-usl's report: coefficients and the peak with 4 significant digits for
 * people, shortest exact numbers in JSON, and an SVG chart of the fit.
 */
#include <math.h>
#include <stdio.h>

#include "headroom/cli.h"
#include "headroom/error.h"
#include "headroom/json.h"
#include "headroom/svg.h"
#include "headroom/table.h"
#include "headroom/units.h"
#include "report.h"

/* Formats with up to 4 significant digits, %g style. */
static const char *num4(char *buf, size_t size, double v)
{
	if (isnan(v))
		snprintf(buf, size, "-");
	else if (isinf(v))
		snprintf(buf, size, "unbounded");
	else
		snprintf(buf, size, "%.4g", v);
	return buf;
}

/* A response time for people: "12.5 ms", "1.25 s". */
static const char *fmt_time(char *buf, size_t size, double s)
{
	if (isnan(s))
		snprintf(buf, size, "-");
	else if (s < 1e-3)
		snprintf(buf, size, "%.4g us", s * 1e6);
	else if (s < 1)
		snprintf(buf, size, "%.4g ms", s * 1e3);
	else
		snprintf(buf, size, "%.4g s", s);
	return buf;
}

/* The response time N/X(N) of the model; NAN where it has no throughput. */
static double response_time(const struct usl_fit *fit, double N)
{
	double x = usl_throughput(fit, N);

	return x > 0 ? N / x : NAN;
}

void usl_report_json(struct strbuf *sb, const struct usl_report *rep)
{
	const struct usl_fit *fit = rep->fit;
	struct json j;
	size_t i;

	json_init(&j, sb);
	json_object_begin(&j, NULL);
	json_uint(&j, "points", rep->pts->n);
	json_num(&j, "sigma", fit->sigma);
	json_num(&j, "kappa", fit->kappa);
	json_num(&j, "lambda", fit->lambda);
	json_num(&j, "sigma_se", fit->sigma_se);
	json_num(&j, "kappa_se", fit->kappa_se);
	json_num(&j, "lambda_se", fit->lambda_se);
	json_num(&j, "r2", fit->r2);
	json_num(&j, "nstar", rep->nstar);
	json_num(&j, "xmax", rep->xmax);
	json_num(&j, "xlimit", fit->sigma > 0 ? fit->lambda / fit->sigma : NAN);
	if (rep->predict) {
		json_array_begin(&j, "predict");
		for (i = 0; i < rep->npredict; i++) {
			json_object_begin(&j, NULL);
			json_num(&j, "n", rep->predict[i]);
			json_num(&j, "throughput", usl_throughput(fit, rep->predict[i]));
			json_num(&j, "latency", response_time(fit, rep->predict[i]));
			json_object_end(&j);
		}
		json_array_end(&j);
	}
	if (rep->nstages || rep->format) {
		json_str(&j, "format", lt_format_name(rep->format));
		json_array_begin(&j, "stages");
		for (i = 0; i < rep->nstages; i++) {
			const struct lt_stage *st = &rep->stages[i];

			json_object_begin(&j, NULL);
			json_num(&j, "n", st->conc);
			json_num(&j, "start", st->start);
			json_num(&j, "end", st->end);
			json_uint(&j, "requests", st->requests);
			json_uint(&j, "errors", st->errors);
			json_num(&j, "throughput", st->throughput);
			json_num(&j, "latency", st->latency);
			json_object_end(&j);
		}
		json_array_end(&j);
	}
	if (!isnan(rep->max_lat)) {
		json_num(&j, "max_latency", rep->max_lat);
		json_num(&j, "max_concurrency", rep->cap);	/* null when unbounded */
		if (rep->cap >= 1 && isfinite(rep->cap))
			json_num(&j, "max_concurrency_throughput", usl_throughput(fit, rep->cap));
	}
	json_object_end(&j);
	strbuf_addch(sb, '\n');
}

/* The coefficients, their errors and what they say about the peak. */
static void text_fit(struct strbuf *sb, const struct usl_report *rep)
{
	const struct usl_fit *fit = rep->fit;
	char a[64], b[64];

	strbuf_addf(sb, "points     %zu\n", rep->pts->n);
	strbuf_addf(sb, "sigma      %-11s +/- %-10s contention%s\n",
		    num4(a, sizeof(a), fit->sigma), num4(b, sizeof(b), fit->sigma_se),
		    fit->sigma_bound ? " (at its bound)" : "");
	strbuf_addf(sb, "kappa      %-11s +/- %-10s coherency%s\n",
		    num4(a, sizeof(a), fit->kappa), num4(b, sizeof(b), fit->kappa_se),
		    fit->kappa_bound ? " (at its bound)" : "");
	strbuf_addf(sb, "lambda     %-11s +/- %-10s throughput at N=1\n",
		    num4(a, sizeof(a), fit->lambda), num4(b, sizeof(b), fit->lambda_se));
	strbuf_addf(sb, "r2         %s\n", num4(a, sizeof(a), fit->r2));
	if (!isnan(rep->nstar)) {
		strbuf_addf(sb, "peak       N* = %s, X(N*) = %s%s\n",
			    num4(a, sizeof(a), rep->nstar), num4(b, sizeof(b), rep->xmax),
			    (1 - fit->sigma) / fit->kappa < 1 ?
			    ": throughput falls as soon as concurrency grows" : "");
	} else if (fit->sigma >= 1) {
		strbuf_addstr(sb, "peak       none: sigma = 1, throughput does not grow "
			      "with concurrency\n");
	} else if (fit->sigma > 0) {
		strbuf_addf(sb, "peak       none: kappa = 0 (no coherency delay), throughput "
			    "rises towards lambda/sigma = %s\n",
			    num4(a, sizeof(a), fit->lambda / fit->sigma));
	} else {
		strbuf_addstr(sb, "peak       none: sigma = kappa = 0, linear scalability\n");
	}
	if (rep->pts->n < 6)
		strbuf_addf(sb, "note       only %zu points: the coefficients are uncertain\n",
			    rep->pts->n);
}

/* --predict, and the measured points beside the model when they have latencies. */
static void text_tables(struct strbuf *sb, const struct usl_report *rep)
{
	const struct points *pts = rep->pts;
	char a[64], b[64], c[64], d[64];
	size_t i;

	if (rep->predict) {
		strbuf_addf(sb, "\n%10s %12s %12s\n", "N", "throughput", "latency");
		for (i = 0; i < rep->npredict; i++)
			strbuf_addf(sb, "%10g %12s %12s\n", rep->predict[i],
				    num4(a, sizeof(a), usl_throughput(rep->fit, rep->predict[i])),
				    fmt_time(b, sizeof(b), response_time(rep->fit, rep->predict[i])));
	}
	if (pts->has_latency) {
		strbuf_addf(sb, "\n%10s %12s %12s %12s %12s\n", "N", "measured X", "fitted X",
			    "measured R", "N/X(N)");
		for (i = 0; i < pts->n; i++)
			strbuf_addf(sb, "%10g %12s %12s %12s %12s\n", pts->N[i],
				    num4(a, sizeof(a), pts->X[i]),
				    num4(b, sizeof(b), usl_throughput(rep->fit, pts->N[i])),
				    fmt_time(c, sizeof(c), pts->R[i]),
				    fmt_time(d, sizeof(d), response_time(rep->fit, pts->N[i])));
	}
}

/* The stages the points of raw results come from. */
static void text_stages(struct strbuf *sb, const struct usl_report *rep)
{
	char iso[64], a[64], b[64];
	size_t i;

	strbuf_addf(sb, "stages     %zu in the %s results (windows at one concurrency, the "
		    "first and last of each left out)\n", rep->nstages, lt_format_name(rep->format));
	strbuf_addf(sb, "%10s  %-20s %8s %9s %7s %12s %12s\n", "N", "from", "seconds", "requests",
		    "errors", "throughput", "latency");
	for (i = 0; i < rep->nstages; i++) {
		const struct lt_stage *st = &rep->stages[i];

		format_timestamp_iso(iso, sizeof(iso), st->start);
		strbuf_addf(sb, "%10g  %-20s %8g %9llu %7llu %12s %12s\n", st->conc, iso,
			    st->end - st->start, (unsigned long long)st->requests,
			    (unsigned long long)st->errors, num4(a, sizeof(a), st->throughput),
			    fmt_time(b, sizeof(b), st->latency));
	}
	strbuf_addch(sb, '\n');
}

static void text_verdict(struct strbuf *sb, const struct usl_report *rep)
{
	const char *on = rep->color ? (rep->cap < 1 ? COLOR_BAD : COLOR_GOOD) : "";
	const char *off = rep->color ? COLOR_RESET : "";
	char a[64], c[64];

	fmt_time(c, sizeof(c), rep->max_lat);
	if (rep->cap < 1)
		strbuf_addf(sb, "\nmax-response-time %s: %snot met even at N=1%s (1/lambda = %s)\n",
			    c, on, off, fmt_time(a, sizeof(a), 1 / rep->fit->lambda));
	else if (isinf(rep->cap))
		strbuf_addf(sb, "\nmax-response-time %s: %smet at any concurrency%s (no contention)\n",
			    c, on, off);
	else
		strbuf_addf(sb, "\nmax-response-time %s: %sup to N = %.0f%s, X = %s\n", c, on,
			    rep->cap, off, num4(a, sizeof(a), usl_throughput(rep->fit, rep->cap)));
}

void usl_report_text(struct strbuf *sb, const struct usl_report *rep)
{
	if (rep->nstages)
		text_stages(sb, rep);
	text_fit(sb, rep);
	text_tables(sb, rep);
	if (!isnan(rep->max_lat))
		text_verdict(sb, rep);
}

void usl_report_setup(struct usl_report *rep, const struct points *pts, const struct usl_fit *fit,
		      const double *predict, size_t npredict, double max_lat)
{
	rep->pts = pts;
	rep->fit = fit;
	rep->predict = predict;
	rep->npredict = npredict;
	rep->max_lat = max_lat;
	rep->cap = NAN;
	rep->nstar = usl_peak(fit);
	rep->xmax = isnan(rep->nstar) ? NAN : usl_throughput(fit, rep->nstar);
	if (!isnan(max_lat))
		rep->cap = floor(usl_max_concurrency(fit, max_lat) + 1e-9);
}

/* --format: the measured points beside the model, then --predict's. */
static void write_rows(const struct usl_report *rep, enum output_format format, FILE *out)
{
	static const struct table_column cols[] = {
		{ "n", "N", TABLE_RIGHT }, { "measured_x", "MEASURED X", TABLE_RIGHT },
		{ "fitted_x", "FITTED X", TABLE_RIGHT }, { "measured_r", "MEASURED R (s)", TABLE_RIGHT },
		{ "fitted_r", "N/X(N) (s)", TABLE_RIGHT },
	};
	const struct points *pts = rep->pts;
	struct table t;
	size_t i;

	table_init(&t, cols, 5);
	for (i = 0; i < pts->n + rep->npredict; i++) {
		bool pred = i >= pts->n;
		double N = pred ? rep->predict[i - pts->n] : pts->N[i];

		table_num(&t, N, -1);
		table_num(&t, pred ? NAN : pts->X[i], -1);
		table_num(&t, usl_throughput(rep->fit, N), -1);
		table_num(&t, pred ? NAN : pts->R[i], -1);
		table_num(&t, response_time(rep->fit, N), -1);
	}
	if (table_write(&t, out, format, 0) < 0)
		die_errno("write error");
	table_release(&t);
}

void usl_report_write(struct strbuf *sb, const struct usl_report *rep, enum output_format format,
		      bool json, FILE *out)
{
	if (json)
		usl_report_json(sb, rep);
	else if (format != FORMAT_AUTO)
		write_rows(rep, format, out);
	else
		usl_report_text(sb, rep);
	if (strbuf_write(sb, out) < 0)
		die_errno("write error");
}

void usl_write_svg(const char *path, const struct usl_report *rep)
{
	const struct points *pts = rep->pts;
	const struct usl_fit *fit = rep->fit;
	double nstar = rep->nstar, xmax = rep->xmax;
	const double W = 720, H = 440, L = 70, R = 30, T = 50, B = 50;
	struct strbuf sb = STRBUF_INIT;
	double nmax = 0, ymax = 0, xs[201], ys[201], step, v;
	char buf[256], a[32], b[32], c[32], d[32];
	size_t i;

	for (i = 0; i < pts->n; i++) {
		if (pts->N[i] > nmax)
			nmax = pts->N[i];
		if (pts->X[i] > ymax)
			ymax = pts->X[i];
	}
	if (isfinite(nstar) && nstar < 4 * nmax && nstar * 1.25 > nmax)
		nmax = nstar * 1.25;
	nmax *= 1.05;
	for (i = 0; i <= 200; i++) {
		xs[i] = nmax * (double)i / 200;
		ys[i] = usl_throughput(fit, xs[i]);
		if (ys[i] > ymax)
			ymax = ys[i];
	}
	ymax *= 1.1;
	if (ymax <= 0)
		ymax = 1;
#define PX(n) (L + (n) / nmax * (W - L - R))
#define PY(x) (H - B - (x) / ymax * (H - T - B))
	for (i = 0; i <= 200; i++) {
		xs[i] = PX(xs[i]);
		ys[i] = PY(ys[i]);
	}
	svg_begin(&sb, W, H, "font-family=\"sans-serif\" font-size=\"12\"");
	svg_title(&sb, "Universal Scalability Law fit");
	svg_rect(&sb, 0, 0, W, H, "#fff", NULL);
	svg_text(&sb, W / 2, 24, "text-anchor=\"middle\" font-size=\"16\"",
		 "Throughput against concurrency (Universal Scalability Law)");
	snprintf(buf, sizeof(buf), "sigma %s  kappa %s  lambda %s  R\xc2\xb2 %s",
		 num4(a, sizeof(a), fit->sigma), num4(b, sizeof(b), fit->kappa),
		 num4(c, sizeof(c), fit->lambda), num4(d, sizeof(d), fit->r2));
	svg_text(&sb, W / 2, 40, "text-anchor=\"middle\" fill=\"#555\"", buf);
	/* Axes, grid and ticks. */
	step = svg_tick_step(nmax, 8);
	for (v = 0; v <= nmax + step * 1e-9; v += step) {
		svg_line(&sb, PX(v), T, PX(v), H - B, "#eee", NULL);
		snprintf(buf, sizeof(buf), "%g", v);
		svg_text(&sb, PX(v), H - B + 16, "text-anchor=\"middle\"", buf);
	}
	step = svg_tick_step(ymax, 6);
	for (v = 0; v <= ymax + step * 1e-9; v += step) {
		svg_line(&sb, L, PY(v), W - R, PY(v), "#eee", NULL);
		snprintf(buf, sizeof(buf), "%g", v);
		svg_text(&sb, L - 6, PY(v) + 4, "text-anchor=\"end\"", buf);
	}
	svg_line(&sb, L, H - B, W - R, H - B, "#000", NULL);
	svg_line(&sb, L, T, L, H - B, "#000", NULL);
	svg_text(&sb, (L + W - R) / 2, H - 12, "text-anchor=\"middle\"", "concurrency N");
	svg_text(&sb, 16, (T + H - B) / 2,
		 "text-anchor=\"middle\" transform=\"rotate(-90 16 220)\"", "throughput X(N)");
	if (isfinite(nstar) && nstar <= nmax) {
		svg_line(&sb, PX(nstar), T, PX(nstar), H - B, "#c00",
			 "stroke-dasharray=\"5,4\" class=\"peak\"");
		snprintf(buf, sizeof(buf), "N* = %s, X = %s", num4(a, sizeof(a), nstar),
			 num4(b, sizeof(b), xmax));
		svg_text(&sb, PX(nstar) + 4, T + 12, "fill=\"#c00\"", buf);
	}
	if (isnan(nstar))
		svg_text(&sb, W - R - 4, T + 12, "text-anchor=\"end\" fill=\"#c00\" class=\"nopeak\"",
			 "no peak: kappa = 0");
	svg_polyline(&sb, xs, ys, 201, "#1f6fb4", "stroke-width=\"2\" class=\"fit\"");
	for (i = 0; i < pts->n; i++) {
		strbuf_addf(&sb, "<circle class=\"point\" cx=\"");
		svg_num(&sb, PX(pts->N[i]));
		strbuf_addstr(&sb, "\" cy=\"");
		svg_num(&sb, PY(pts->X[i]));
		strbuf_addstr(&sb, "\" r=\"4\" fill=\"#e07b00\">");
		snprintf(buf, sizeof(buf), "N=%g X=%g", pts->N[i], pts->X[i]);
		svg_title(&sb, buf);
		strbuf_addstr(&sb, "</circle>\n");
	}
#undef PX
#undef PY
	svg_end(&sb);
	write_output_file(path, &sb);
	strbuf_release(&sb);
}
