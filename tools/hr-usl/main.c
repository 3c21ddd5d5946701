// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-usl: fits the Universal Scalability Law to the levels of a progressive
 * load test — given as (concurrency, throughput) lines or derived from the
 * test's raw results — and tells where throughput peaks and what
 * concurrency a response-time limit allows.
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
#include "raw.h"
#include "report.h"
#include "usl.h"

static const struct hr_usage usage = {
	"hr-usl [OPTION]... [FILE]",
	"Fit the Universal Scalability Law\n"
	"  X(N) = lambda N / (1 + sigma (N-1) + kappa N (N-1))\n"
	"to lines 'CONCURRENCY THROUGHPUT [LATENCY]' (blanks or commas), or to the\n"
	"stages of a stepped load test's raw results (JMeter, k6, Locust's history),\n"
	"and report the coefficients, the peak and predictions. FILE '-' or none: stdin.",
	"Throughput is taken per second. Exit status: 0 success, 1 --max-response-time\n"
	"cannot be met, 2 trouble.",
};

/* --predict's concurrencies. */
struct num_list {
	double *v;
	size_t n;
};

struct usl_options {
	struct num_list predict;
	double max_lat;		/* seconds; NAN: no limit */
	double old_max_lat;	/* --max-latency, bare seconds (deprecated) */
	const char *svg_path, *output;
	bool json, quiet;
	enum output_format format;
	enum lt_format input;
	struct raw_options raw;
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

/*
 * --max-latency was the old spelling, whose bare number meant seconds;
 * --max-response-time's means ms, as every latency limit of hr-latency.
 */
static int old_max_cb(const struct hr_option *opt, const char *arg)
{
	double v;

	if (parse_duration(arg, &v) < 0)
		return error("--max-latency: expected a duration (200ms)");
	if (duration_range_error(v))
		return error("--max-latency: '%s' is %s", arg, duration_range_error(v));
	warning("--max-latency is deprecated; use --max-response-time (a bare number there "
		"is ms, as in hr-latency)");
	*(double *)opt->value = v;
	return 0;
}

static void parse_options(int argc, char **argv, struct usl_options *o)
{
	const struct hr_option options[] = {
		OPT_GROUP("Input:"),
		OPT_CHOICE(0, "input-format", &o->input, "FMT", lt_format_choices,
			   "the input's format (default auto; plain: 'N X [R]' lines)"),
		OPT_DURATION(0, "window", &o->raw.window, "D",
			     "raw results: count requests per window of D (default 1s)"),
		OPT_NUMBER(0, "stage-tolerance", &o->raw.tolerance, "N",
			   "raw results: a stage's concurrency may vary by N (default 0)"),
		OPT_STRING(0, "metric", &o->raw.metric, "NAME",
			   "k6: the trend metric (default http_req_duration)"),
		OPT_GROUP("Model:"),
		OPT_CALLBACK('P', "predict", &o->predict, "N,...",
			     "predicted throughput and response time at these N", predict_cb),
		OPT_DURATION_UNIT(0, "max-response-time", &o->max_lat, "T",
				  "the highest N whose response time N/X(N) stays within T "
				  "(200ms; bare: ms); exit 1 if none", "ms"),
		OPT_CALLBACK_F(0, "max-latency", &o->old_max_lat, "T",
			       "deprecated: --max-response-time, bare seconds", OPTF_HIDDEN,
			       old_max_cb),
		OPT_GROUP("Output:"),
		OPT_FILENAME(0, "svg", &o->svg_path, "FILE",
			     "write a chart: points, fitted curve, peak"),
		OPT_REPORT_JSON(&o->json),
		OPT_CHOICE('f', "format", &o->format, "FMT", table_formats,
			   "the points beside the model as table, tsv, csv or json rows"),
		OPT_OUTPUT(&o->output),
		OPT_QUIET(&o->quiet),
		OPT_HELP_VERSION(),
		OPT_END()
	};
	int first;

	*o = (struct usl_options){ .max_lat = NAN, .old_max_lat = NAN, .path = "-",
				   .raw = { .window = 1 } };
	first = options_parse(argc, argv, options, &usage, 0);
	if (isnan(o->max_lat))
		o->max_lat = o->old_max_lat;
	if (o->max_lat <= 0)
		usage_error("--max-response-time: expected a duration above 0");
	if (o->raw.window <= 0 || o->raw.tolerance < 0)
		usage_error("--window and --stage-tolerance: expected values above 0");
	if (o->json && o->format != FORMAT_AUTO)
		usage_error("--json and --format: choose one");
	if (argc - first > 1)
		usage_error("one input file at most");
	if (first < argc)
		o->path = argv[first];
}

static void add_point(struct points *pts, double N, double X, double R)
{
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

static void read_points(struct linereader *lr, struct points *pts)
{
	struct strbuf err = STRBUF_INIT;
	bool first = true;
	char *line;
	ssize_t len;

	while ((len = linereader_next(lr, &line)) >= 0) {
		double N, X, R;

		switch (usl_parse_line(line, (size_t)len, first, &N, &X, &R, &err)) {
		case USL_SKIP:
			continue;
		case USL_HEADER:
			first = false;
			continue;
		case USL_BAD:
			die("%s:%llu: %s", lr->name, (unsigned long long)lr->lineno, err.buf);
		case USL_POINT:
			break;
		}
		first = false;
		add_point(pts, N, X, R);
	}
	if (lr->error) {
		errno = lr->err;
		die_errno("cannot read '%s'", lr->name);
	}
	strbuf_release(&err);
}

/* The points of the input: its lines, or one per stage of its raw results. */
static void read_input(const struct usl_options *o, struct points *pts, struct usl_report *rep,
		       struct lt_windows *win, struct lt_stage **stages)
{
	struct lt_input in;
	struct lt_stage *st = NULL;
	size_t i, n;

	if (lt_input_open(&in, o->path, o->input) < 0)
		exit(EXIT_TROUBLE);
	if (in.format == LT_PLAIN) {
		read_points(&in.lr, pts);
	} else {
		n = raw_stages(&in, &o->raw, &st, win);
		for (i = 0; i < n; i++)
			add_point(pts, st[i].conc, st[i].throughput, st[i].latency);
		rep->stages = *stages = st;
		rep->nstages = n;
		rep->format = in.format;
	}
	lt_input_close(&in);
}

int main(int argc, char **argv)
{
	struct usl_options o;
	struct points pts = { 0 };
	struct usl_fit fit;
	struct usl_report rep = { .max_lat = NAN };
	struct strbuf sb = STRBUF_INIT;
	struct lt_windows win = { 0 };
	struct lt_stage *stages = NULL;
	FILE *out;
	int rc;

	cli_init(argv[0]);
	parse_options(argc, argv, &o);
	out = open_output(o.output);
	read_input(&o, &pts, &rep, &win, &stages);
	if (usl_fit(pts.N, pts.X, pts.n, &fit, &sb) < 0)
		die("%s: %s%s", strcmp(o.path, "-") ? o.path : "standard input", sb.buf,
		    rep.stages || rep.format ? " (stages found in the raw results)" : "");
	usl_report_setup(&rep, &pts, &fit, o.predict.v, o.predict.n, o.max_lat);
	rep.color = cli_color(out);
	strbuf_reset(&sb);
	usl_report_write(&sb, &rep, o.json ? FORMAT_JSON : o.format, o.json, out);
	if (o.svg_path)
		usl_write_svg(o.svg_path, &rep);
	if (out != stdout)
		close_output(out, o.output);
	strbuf_release(&sb);
	free(stages);
	lt_windows_release(&win);
	free(o.predict.v);
	free(pts.N);
	free(pts.X);
	free(pts.R);
	rc = finish_stdout();
	return rc ? rc : rep.cap < 1 ? EXIT_VERDICT : 0;
}
