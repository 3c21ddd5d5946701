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

void usl_report_text(struct strbuf *sb, const struct usl_report *rep)
{
	char a[64], c[64];

	text_fit(sb, rep);
	text_tables(sb, rep);
	if (isnan(rep->max_lat))
		return;
	fmt_time(c, sizeof(c), rep->max_lat);
	if (rep->cap < 1)
		strbuf_addf(sb, "\nmax-latency %s: not met even at N=1 (1/lambda = %s)\n",
			    c, fmt_time(a, sizeof(a), 1 / rep->fit->lambda));
	else if (isinf(rep->cap))
		strbuf_addf(sb, "\nmax-latency %s: met at any concurrency (no contention)\n", c);
	else
		strbuf_addf(sb, "\nmax-latency %s: up to N = %.0f, X = %s\n", c, rep->cap,
			    num4(a, sizeof(a), usl_throughput(rep->fit, rep->cap)));
}

/* A "nice" tick step for an axis from 0 to max with about n ticks. */
static double tick_step(double max, int n)
{
	double raw = max / n, mag = pow(10, floor(log10(raw))), r = raw / mag;

	return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * mag;
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
	FILE *f;

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
	step = tick_step(nmax, 8);
	for (v = 0; v <= nmax + step * 1e-9; v += step) {
		svg_line(&sb, PX(v), T, PX(v), H - B, "#eee", NULL);
		snprintf(buf, sizeof(buf), "%g", v);
		svg_text(&sb, PX(v), H - B + 16, "text-anchor=\"middle\"", buf);
	}
	step = tick_step(ymax, 6);
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
	f = open_output(path);
	if (strbuf_write(&sb, f) < 0)
		die_errno("cannot write '%s'", path);
	close_output(f, path);
	strbuf_release(&sb);
}
