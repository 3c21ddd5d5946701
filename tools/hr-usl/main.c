// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-usl: fits the Universal Scalability Law to the levels of a progressive
 * load test and tells where throughput peaks and what concurrency an SLA allows.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/cli.h"
#include "headroom/error.h"
#include "headroom/linereader.h"
#include "headroom/strbuf.h"
#include "headroom/svg.h"
#include "headroom/units.h"
#include "input.h"
#include "usl.h"

static const char usage[] =
"Usage: hr-usl [OPTIONS] [FILE]\n"
"Fit the Universal Scalability Law\n"
"  X(N) = lambda N / (1 + sigma (N-1) + kappa N (N-1))\n"
"to lines 'CONCURRENCY THROUGHPUT [LATENCY]' (blanks or commas; FILE '-' or\n"
"none: stdin) and report the coefficients, the peak and predictions.\n"
"\n"
"  -P, --predict=N,...      predicted throughput and response time at these N\n"
"      --max-latency=T      the highest N whose response time N/X(N) stays\n"
"                           within T (200ms; bare: seconds); exit 1 if none\n"
"      --svg=FILE           write a chart: points, fitted curve, peak\n"
"      --json               one JSON object instead of the report\n"
"  -h, --help               this help\n"
"      --version            print the version\n"
"\n"
"Throughput is taken per second. Exit status: 0 success, 1 --max-latency\n"
"cannot be met, 2 trouble.\n";

enum { OPT_MAX_LAT = OPT_VERSION + 1, OPT_SVG, OPT_JSON };

static const struct option longopts[] = {
	{ "predict", required_argument, NULL, 'P' },
	{ "max-latency", required_argument, NULL, OPT_MAX_LAT },
	{ "svg", required_argument, NULL, OPT_SVG },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

struct points {
	double *N, *X, *R;	/* R: measured response time in seconds, NAN if none */
	size_t n, alloc_n, alloc_x, alloc_r;
	bool has_latency;
};

static void read_points(const char *path, struct points *pts)
{
	struct linereader lr;
	struct strbuf err = STRBUF_INIT;
	bool first = true;
	char *line;
	ssize_t len;

	if (linereader_open(&lr, path) < 0)
		die_errno("cannot open '%s'", path);
	while ((len = linereader_next(&lr, &line)) >= 0) {
		double N, X, R;

		switch (usl_parse_line(line, (size_t)len, first, &N, &X, &R, &err)) {
		case USL_SKIP:
			continue;
		case USL_HEADER:
			first = false;
			continue;
		case USL_BAD:
			die("%s:%llu: %s", lr.name, (unsigned long long)lr.lineno, err.buf);
		case USL_POINT:
			break;
		}
		first = false;
		if (!isnan(R))
			pts->has_latency = true;
		ALLOC_GROW(pts->N, pts->n + 1, pts->alloc_n);
		ALLOC_GROW(pts->X, pts->n + 1, pts->alloc_x);
		ALLOC_GROW(pts->R, pts->n + 1, pts->alloc_r);
		pts->N[pts->n] = N;
		pts->X[pts->n] = X;
		pts->R[pts->n] = R;
		pts->n++;
	}
	if (lr.error) {
		errno = lr.err;
		die_errno("cannot read '%s'", lr.name);
	}
	linereader_close(&lr);
	strbuf_release(&err);
}

static double *parse_list(const char *arg, size_t *n)
{
	char *copy = xstrdup(arg), *tok, *save = NULL;
	double *v = NULL;
	size_t alloc = 0;

	*n = 0;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		double x;

		if (parse_number(tok, &x) < 0 || x <= 0)
			usage_error("bad concurrency '%s' in --predict (a number above 0)", tok);
		ALLOC_GROW(v, *n + 1, alloc);
		v[(*n)++] = x;
	}
	free(copy);
	if (!*n)
		usage_error("empty --predict list");
	return v;
}

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

static void json_num(struct strbuf *sb, double v)
{
	if (!isfinite(v))
		strbuf_addstr(sb, "null");
	else
		strbuf_add_num(sb, v);
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

/* A "nice" tick step for an axis from 0 to max with about n ticks. */
static double tick_step(double max, int n)
{
	double raw = max / n, mag = pow(10, floor(log10(raw))), r = raw / mag;

	return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * mag;
}

static void write_svg(const char *path, const struct points *pts, const struct usl_fit *fit,
		      double nstar, double xmax)
{
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

int main(int argc, char **argv)
{
	struct points pts = { 0 };
	struct usl_fit fit;
	struct strbuf sb = STRBUF_INIT;
	const char *svg_path = NULL, *path = "-";
	double *predict = NULL, max_lat = NAN, nstar, xmax, cap = NAN;
	size_t npredict = 0, i;
	bool json = false, verdict_bad = false;
	char a[64], b[64], c[64], d[64];
	int opt;

	cli_init(argv[0]);
	while ((opt = getopt_long(argc, argv, "P:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'P':
			free(predict);
			predict = parse_list(optarg, &npredict);
			break;
		case OPT_MAX_LAT:
			if (parse_duration(optarg, &max_lat) < 0 || max_lat <= 0)
				usage_error("bad --max-latency '%s' (a duration such as 200ms)", optarg);
			break;
		case OPT_SVG:
			svg_path = optarg;
			break;
		case OPT_JSON:
			json = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return finish_stdout();
		case OPT_VERSION:
			print_version();
			return finish_stdout();
		default:
			usage_error(NULL);
		}
	}
	if (argc - optind > 1)
		usage_error("one input file at most");
	if (optind < argc)
		path = argv[optind];
	read_points(path, &pts);
	if (usl_fit(pts.N, pts.X, pts.n, &fit, &sb) < 0)
		die("%s: %s", strcmp(path, "-") ? path : "standard input", sb.buf);
	nstar = usl_peak(&fit);
	xmax = isnan(nstar) ? NAN : usl_throughput(&fit, nstar);
	if (!isnan(max_lat)) {
		cap = floor(usl_max_concurrency(&fit, max_lat) + 1e-9);
		verdict_bad = cap < 1;
	}

	strbuf_reset(&sb);
	if (json) {
		strbuf_addf(&sb, "{\"points\":%zu,\"sigma\":", pts.n);
		json_num(&sb, fit.sigma);
		strbuf_addstr(&sb, ",\"kappa\":");
		json_num(&sb, fit.kappa);
		strbuf_addstr(&sb, ",\"lambda\":");
		json_num(&sb, fit.lambda);
		strbuf_addstr(&sb, ",\"sigma_se\":");
		json_num(&sb, fit.sigma_se);
		strbuf_addstr(&sb, ",\"kappa_se\":");
		json_num(&sb, fit.kappa_se);
		strbuf_addstr(&sb, ",\"lambda_se\":");
		json_num(&sb, fit.lambda_se);
		strbuf_addstr(&sb, ",\"r2\":");
		json_num(&sb, fit.r2);
		strbuf_addstr(&sb, ",\"nstar\":");
		json_num(&sb, nstar);
		strbuf_addstr(&sb, ",\"xmax\":");
		json_num(&sb, xmax);
		strbuf_addstr(&sb, ",\"xlimit\":");
		json_num(&sb, fit.sigma > 0 ? fit.lambda / fit.sigma : NAN);
		if (predict) {
			strbuf_addstr(&sb, ",\"predict\":[");
			for (i = 0; i < npredict; i++) {
				double x = usl_throughput(&fit, predict[i]);

				strbuf_addstr(&sb, i ? ",{\"n\":" : "{\"n\":");
				json_num(&sb, predict[i]);
				strbuf_addstr(&sb, ",\"throughput\":");
				json_num(&sb, x);
				strbuf_addstr(&sb, ",\"latency\":");
				json_num(&sb, x > 0 ? predict[i] / x : NAN);
				strbuf_addch(&sb, '}');
			}
			strbuf_addch(&sb, ']');
		}
		if (!isnan(max_lat)) {
			strbuf_addstr(&sb, ",\"max_latency\":");
			json_num(&sb, max_lat);
			strbuf_addstr(&sb, ",\"max_concurrency\":");
			json_num(&sb, isinf(cap) ? NAN : cap);
			if (cap >= 1 && isfinite(cap)) {
				strbuf_addstr(&sb, ",\"max_concurrency_throughput\":");
				json_num(&sb, usl_throughput(&fit, cap));
			}
		}
		strbuf_addstr(&sb, "}\n");
	} else {
		strbuf_addf(&sb, "points     %zu\n", pts.n);
		strbuf_addf(&sb, "sigma      %-11s +/- %-10s contention%s\n",
			    num4(a, sizeof(a), fit.sigma), num4(b, sizeof(b), fit.sigma_se),
			    fit.sigma_bound ? " (at its bound)" : "");
		strbuf_addf(&sb, "kappa      %-11s +/- %-10s coherency%s\n",
			    num4(a, sizeof(a), fit.kappa), num4(b, sizeof(b), fit.kappa_se),
			    fit.kappa_bound ? " (at its bound)" : "");
		strbuf_addf(&sb, "lambda     %-11s +/- %-10s throughput at N=1\n",
			    num4(a, sizeof(a), fit.lambda), num4(b, sizeof(b), fit.lambda_se));
		strbuf_addf(&sb, "r2         %s\n", num4(a, sizeof(a), fit.r2));
		if (!isnan(nstar)) {
			strbuf_addf(&sb, "peak       N* = %s, X(N*) = %s%s\n",
				    num4(a, sizeof(a), nstar), num4(b, sizeof(b), xmax),
				    (1 - fit.sigma) / fit.kappa < 1 ?
				    ": throughput falls as soon as concurrency grows" : "");
		} else if (fit.sigma >= 1) {
			strbuf_addstr(&sb, "peak       none: sigma = 1, throughput does not grow "
				      "with concurrency\n");
		} else if (fit.sigma > 0) {
			strbuf_addf(&sb, "peak       none: kappa = 0 (no coherency delay), throughput "
				    "rises towards lambda/sigma = %s\n",
				    num4(a, sizeof(a), fit.lambda / fit.sigma));
		} else {
			strbuf_addstr(&sb, "peak       none: sigma = kappa = 0, linear scalability\n");
		}
		if (pts.n < 6)
			strbuf_addf(&sb, "note       only %zu points: the coefficients are uncertain\n",
				    pts.n);
		if (predict) {
			strbuf_addf(&sb, "\n%10s %12s %12s\n", "N", "throughput", "latency");
			for (i = 0; i < npredict; i++) {
				double x = usl_throughput(&fit, predict[i]);

				strbuf_addf(&sb, "%10g %12s %12s\n", predict[i],
					    num4(a, sizeof(a), x),
					    fmt_time(b, sizeof(b), x > 0 ? predict[i] / x : NAN));
			}
		}
		if (pts.has_latency) {
			strbuf_addf(&sb, "\n%10s %12s %12s %12s %12s\n", "N", "measured X", "fitted X",
				    "measured R", "N/X(N)");
			for (i = 0; i < pts.n; i++) {
				double x = usl_throughput(&fit, pts.N[i]);

				strbuf_addf(&sb, "%10g %12s %12s %12s %12s\n", pts.N[i],
					    num4(a, sizeof(a), pts.X[i]), num4(b, sizeof(b), x),
					    fmt_time(c, sizeof(c), pts.R[i]),
					    fmt_time(d, sizeof(d), x > 0 ? pts.N[i] / x : NAN));
			}
		}
		if (!isnan(max_lat)) {
			fmt_time(c, sizeof(c), max_lat);
			if (verdict_bad)
				strbuf_addf(&sb, "\nmax-latency %s: not met even at N=1 (1/lambda = %s)\n",
					    c, fmt_time(a, sizeof(a), 1 / fit.lambda));
			else if (isinf(cap))
				strbuf_addf(&sb, "\nmax-latency %s: met at any concurrency (no contention)\n", c);
			else
				strbuf_addf(&sb, "\nmax-latency %s: up to N = %.0f, X = %s\n", c, cap,
					    num4(a, sizeof(a), usl_throughput(&fit, cap)));
		}
	}
	if (strbuf_write(&sb, stdout) < 0)
		die_errno("write error");
	if (svg_path)
		write_svg(svg_path, &pts, &fit, nstar, xmax);

	strbuf_release(&sb);
	free(predict);
	free(pts.N);
	free(pts.X);
	free(pts.R);
	opt = finish_stdout();
	return opt ? opt : verdict_bad ? EXIT_VERDICT : 0;
}
