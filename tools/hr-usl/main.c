// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-usl: fits the Universal Scalability Law to the levels of a progressive
 * load test and tells where throughput peaks and what concurrency an SLA allows.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/cli.h"
#include "headroom/error.h"
#include "headroom/linereader.h"
#include "headroom/options.h"
#include "headroom/strbuf.h"
#include "headroom/units.h"
#include "input.h"
#include "report.h"
#include "usl.h"

static const struct hr_usage usage = {
	"hr-usl [OPTION]... [FILE]",
	"Fit the Universal Scalability Law\n"
	"  X(N) = lambda N / (1 + sigma (N-1) + kappa N (N-1))\n"
	"to lines 'CONCURRENCY THROUGHPUT [LATENCY]' (blanks or commas; FILE '-' or\n"
	"none: stdin) and report the coefficients, the peak and predictions.",
	"Throughput is taken per second. Exit status: 0 success, 1 --max-latency\n"
	"cannot be met, 2 trouble.",
};

/* --predict's concurrencies. */
struct num_list {
	double *v;
	size_t n;
};

struct usl_options {
	struct num_list predict;
	double max_lat;		/* seconds; NAN: no --max-latency */
	const char *svg_path;
	bool json;
	const char *path;	/* the input, "-" for standard input */
};

static int predict_cb(const struct hr_option *opt, const char *arg)
{
	struct num_list *l = opt->value;
	char *copy = xstrdup(arg), *tok, *save = NULL;
	size_t alloc = 0;

	free(l->v);
	*l = (struct num_list){ NULL, 0 };
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		double x;

		if (parse_number(tok, &x) < 0 || x <= 0) {
			error("bad concurrency '%s' in --predict (a number above 0)", tok);
			free(copy);
			return -1;
		}
		ALLOC_GROW(l->v, l->n + 1, alloc);
		l->v[l->n++] = x;
	}
	free(copy);
	return l->n ? 0 : error("empty --predict list");
}

static void parse_options(int argc, char **argv, struct usl_options *o)
{
	const struct hr_option options[] = {
		OPT_CALLBACK('P', "predict", &o->predict, "N,...",
			     "predicted throughput and response time at these N", predict_cb),
		OPT_DURATION(0, "max-latency", &o->max_lat, "T",
			     "the highest N whose response time N/X(N) stays within T (200ms; "
			     "bare: seconds); exit 1 if none"),
		OPT_FILENAME(0, "svg", &o->svg_path, "FILE",
			     "write a chart: points, fitted curve, peak"),
		OPT_BOOL(0, "json", &o->json, "one JSON object instead of the report"),
		OPT_HELP_VERSION(),
		OPT_END()
	};
	int first;

	*o = (struct usl_options){ .max_lat = NAN, .path = "-" };
	first = options_parse(argc, argv, options, &usage, 0);
	if (o->max_lat <= 0)
		usage_error("--max-latency: expected a duration above 0");
	if (argc - first > 1)
		usage_error("one input file at most");
	if (first < argc)
		o->path = argv[first];
}

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

int main(int argc, char **argv)
{
	struct usl_options o;
	struct points pts = { 0 };
	struct usl_fit fit;
	struct usl_report rep;
	struct strbuf sb = STRBUF_INIT;
	int rc;

	cli_init(argv[0]);
	parse_options(argc, argv, &o);
	read_points(o.path, &pts);
	if (usl_fit(pts.N, pts.X, pts.n, &fit, &sb) < 0)
		die("%s: %s", strcmp(o.path, "-") ? o.path : "standard input", sb.buf);
	rep = (struct usl_report){
		.pts = &pts, .fit = &fit, .predict = o.predict.v, .npredict = o.predict.n,
		.max_lat = o.max_lat, .cap = NAN,
	};
	rep.nstar = usl_peak(&fit);
	rep.xmax = isnan(rep.nstar) ? NAN : usl_throughput(&fit, rep.nstar);
	if (!isnan(o.max_lat))
		rep.cap = floor(usl_max_concurrency(&fit, o.max_lat) + 1e-9);

	strbuf_reset(&sb);
	if (o.json)
		usl_report_json(&sb, &rep);
	else
		usl_report_text(&sb, &rep);
	if (strbuf_write(&sb, stdout) < 0)
		die_errno("write error");
	if (o.svg_path)
		usl_write_svg(o.svg_path, &rep);

	strbuf_release(&sb);
	free(o.predict.v);
	free(pts.N);
	free(pts.X);
	free(pts.R);
	rc = finish_stdout();
	return rc ? rc : rep.cap < 1 ? EXIT_VERDICT : 0;
}
