// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-latency: summarises load-test results of any common format —
 * percentiles, error rate, throughput, Apdex, SLA verdicts — over the whole
 * run or per window of time, and compares a run with a baseline.
 */
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/cli.h"
#include "headroom/error.h"
#include "headroom/options.h"
#include "headroom/strbuf.h"
#include "headroom/units.h"
#include "chart.h"
#include "compare.h"
#include "hlogout.h"
#include "output.h"
#include "run.h"
#include "window.h"

static const struct hr_usage usage = {
	"hr-latency [OPTION]... [FILE]...\n"
	"hr-latency --baseline BASE [OPTION]... CANDIDATE...",
	"Summarise load-test results: count, errors, min, mean, stdev, p50 p75 p90 p95\n"
	"p99 p99.9, max, throughput, Apdex, and SLA verdicts; or per --window; or\n"
	"compare a run with a --baseline. Reads JMeter JTL (CSV, XML), k6 (JSON, CSV),\n"
	"vegeta (JSON, CSV), ab -g, HdrHistogram logs, the summaries of Locust, wrk,\n"
	"wrk2 and ab -e, or one latency per line. FILE '-' or none: stdin.",
	"Exit status: 0 success (SLA met, no regression beyond --max-regression),\n"
	"1 SLA missed or regression, 2 trouble.",
};

struct latency_options {
	struct run_config cfg;
	const char *error_re, *apdex, *sla_spec, *output, *svg, *hlog, *baseline, *regress;
	bool json;
	enum output_format format;
	struct sla_clause *sla;
	size_t nsla;
	double stage_tol;
	struct compare_options cmp;
	regex_t re;
};

static int parse_field_ref(const struct hr_option *opt, const char *arg, const char *what)
{
	struct field_ref *f = opt->value;
	double v;

	f->name = NULL;
	if (parse_number(arg, &v) == 0) {
		if (v >= 1 && v <= 256 && v == floor(v)) {
			f->num = (unsigned)v;
			return 0;
		}
	} else if (*arg) {
		f->name = arg;
		f->num = 0;
		return 0;
	}
	return error("bad %s '%s'%s", what, arg,
		     !strcmp(what, "field") ? " (a number from 1, or a column name)" : "");
}

static int latency_field_cb(const struct hr_option *opt, const char *arg)
{
	return parse_field_ref(opt, arg, "field");
}

static int status_field_cb(const struct hr_option *opt, const char *arg)
{
	return parse_field_ref(opt, arg, "status field");
}

static int time_field_cb(const struct hr_option *opt, const char *arg)
{
	return parse_field_ref(opt, arg, "time field");
}

static int by_field_cb(const struct hr_option *opt, const char *arg)
{
	return parse_field_ref(opt, arg, "--by field");
}

static int unit_arg(const char *arg, double *unit)
{
	*unit = lat_unit_seconds(arg);
	if (*unit <= 0 || *unit > 1)
		return error("unknown unit '%s' (ns, us, ms or s)", arg);
	return 0;
}

static int unit_cb(const struct hr_option *opt, const char *arg)
{
	struct run_config *cfg = opt->value;

	cfg->unit_given = true;
	return unit_arg(arg, &cfg->unit_in);
}

static int out_unit_cb(const struct hr_option *opt, const char *arg)
{
	return unit_arg(arg, opt->value);
}

static int confidence_cb(const struct hr_option *opt, const char *arg)
{
	double *c = opt->value, v;

	if (parse_percent(arg, &v) < 0 || v <= 0)
		return error("bad confidence '%s' (0.95 or 95%%)", arg);
	*c = v > 1 || strchr(arg, '%') ? v / 100 : v;
	return *c < 1 ? 0 : error("bad confidence '%s' (below 100%%)", arg);
}

/*
 * A bare latency in --sla and --apdex is ms, as in hr-usl; it followed -u
 * before, which still holds, with a warning, when -u names another unit.
 */
static double bare_unit(const struct latency_options *o)
{
	return o->cfg.unit_given && o->cfg.unit_in != 1e-3 ? o->cfg.unit_in : 1e-3;
}

static void deprecated_bare(const struct latency_options *o, const char *opt)
{
	if (bare_unit(o) != 1e-3 && !o->cfg.quiet)
		warning("a bare number in %s follows -u, which is deprecated: bare latencies "
			"will mean ms, as in hr-usl; write the unit (500ms, 0.5s)", opt);
}

static void finish_sla(struct latency_options *o)
{
	struct strbuf err = STRBUF_INIT;
	size_t i;
	double t;

	if (o->apdex) {
		if (parse_number(o->apdex, &t) == 0 && t > 0) {
			o->cfg.apdex_s = t * bare_unit(o);
			deprecated_bare(o, "--apdex");
		} else if (parse_duration(o->apdex, &t) == 0 && t > 0) {
			o->cfg.apdex_s = t;
		} else {
			usage_error("bad Apdex target '%s' (a duration such as 200ms)", o->apdex);
		}
		if (duration_range_error(o->cfg.apdex_s))
			usage_error("--apdex: '%s' is %s", o->apdex, duration_range_error(o->cfg.apdex_s));
	}
	if (o->sla_spec && !(o->sla = sla_parse(o->sla_spec, bare_unit(o), &o->nsla, &err)))
		usage_error("%s", err.buf);
	for (i = 0; i < o->nsla; i++)
		if (o->sla[i].bare) {
			deprecated_bare(o, "--sla");
			break;
		}
	if (o->regress && !(o->cmp.limits = regression_parse(o->regress, &o->cmp.nlimits, &err)))
		usage_error("%s", err.buf);
	strbuf_release(&err);
}

/* The fields as the formats name them, and the plain parser's numbers. */
static void finish_fields(struct latency_options *o)
{
	struct run_config *c = &o->cfg;
	int i;

	for (i = 0; i < NFIELDS; i++)
		c->header |= c->fields[i].name != NULL;
	c->parser.field = c->fields[F_LATENCY].num;
	c->parser.time_field = c->fields[F_TIME].num;
	c->parser.status_field = c->fields[F_STATUS].num;
	c->parser.group_field = c->fields[F_GROUP].num;
	c->parser.unit = c->unit_in;
	c->lt.latency = c->fields[F_LATENCY].name;
	c->lt.time = c->fields[F_TIME].name;
	c->lt.status = c->fields[F_STATUS].name;
	c->lt.label = c->fields[F_GROUP].name;
	c->lt.ok = c->parser.ok;
	c->by = c->fields[F_GROUP].num || c->fields[F_GROUP].name;
}

/* What the options imply once all are read. */
static void finish_options(struct latency_options *o)
{
	if (o->cfg.parser.ok && !*o->cfg.parser.ok)
		usage_error("empty --ok list");
	if (o->error_re) {
		int e = regcomp(&o->re, o->error_re, REG_EXTENDED | REG_NOSUB);

		if (e) {
			char msg[256];

			regerror(e, &o->re, msg, sizeof(msg));
			usage_error("bad --error-regex '%s': %s", o->error_re, msg);
		}
		o->cfg.parser.error_re = &o->re;
	}
	if (o->cfg.window < 0 || o->cfg.expected < 0)
		usage_error("--window and --expected-interval take a duration above 0");
	if (o->sla_spec && o->cfg.window > 0 && !o->svg)
		usage_error("--sla judges the whole run: not with --window's series");
	if (o->regress && !o->baseline)
		usage_error("--max-regression needs --baseline");
	if (o->json && o->format != FORMAT_AUTO)
		usage_error("--json and --format: choose one");
	o->cfg.window_series = o->cfg.window > 0;
	if (o->svg && !o->cfg.window)
		o->cfg.window = 1;	/* the chart's windows; series only with --window */
	if (o->cmp.samples < 100)
		usage_error("--bootstrap-samples: at least 100");
	finish_fields(o);
	finish_sla(o);
}

static int parse_options(int argc, char **argv, struct latency_options *o, bool *window_given)
{
	struct run_config *c = &o->cfg;
	unsigned long seed = 0;
	const struct hr_option options[] = {
		OPT_GROUP("Input:"),
		OPT_CHOICE(0, "input-format", &c->format, "FMT", lt_format_choices,
			   "the input's format (default auto: sniffed from each file)"),
		OPT_CALLBACK('f', "field", &c->fields[F_LATENCY], "N|NAME",
			     "the latency is field N (from 1; default 1), or the column NAME of a "
			     "header line (a format's column: Latency, Connect)", latency_field_cb),
		OPT_BOOL(0, "input-csv", &c->parser.csv,
			 "plain input is CSV (RFC 4180 quoting), else blanks"),
		/* --csv read like --format csv, which writes CSV, so it was renamed. */
		OPT_DEPRECATED("csv", "input-csv"),
		OPT_CALLBACK('u', "unit", c, "UNIT",
			     "unit of plain and .hlog values: ns, us, ms (default), s", unit_cb),
		OPT_STRING(0, "error-regex", &o->error_re, "RE",
			   "plain lines matching RE (extended regex) are errors"),
		OPT_CALLBACK(0, "status-field", &c->fields[F_STATUS], "N|NAME",
			     "field holding a status; statuses not --ok are errors", status_field_cb),
		OPT_STRING(0, "ok", &c->parser.ok, "LIST",
			   "good statuses, x a wildcard (default 2xx; vegeta 2xx,3xx): 2xx,304"),
		OPT_CALLBACK(0, "time-field", &c->fields[F_TIME], "N|NAME",
			     "field holding a timestamp (Unix s, ms, us or ns, or RFC 3339), for "
			     "the throughput", time_field_cb),
		OPT_CALLBACK(0, "by", &c->fields[F_GROUP], "N|NAME",
			     "also summarise each value of this field (a label, an endpoint, a "
			     "k6 tag, an .hlog tag) on its own", by_field_cb),
		OPT_STRING(0, "metric", &c->lt.metric, "NAME",
			   "k6: the trend metric (default http_req_duration)"),
		OPT_BOOL(0, "skip-transactions", &c->lt.skip_transactions,
			 "JMeter: leave out Transaction Controller parent samples"),
		OPT_DURATION_UNIT(0, "expected-interval", &c->expected, "D",
				  "correct a closed-loop generator's coordinated omission: the "
				  "intended time between one user's requests (bare: ms)", "ms"),
		OPT_GROUP("Over time:"),
		OPT_DURATION(0, "window", &c->window, "D",
			     "per window of D (10s): series TSV of requests, errors, throughput, "
			     "p50 p90 p95 p99 max, concurrency"),
		OPT_FILENAME(0, "svg", &o->svg, "FILE",
			     "chart latency and throughput over time (windows of --window, 1s)"),
		OPT_NUMBER(0, "stage-tolerance", &o->stage_tol, "N",
			   "a stage's concurrency may vary by N users or threads (default 0)"),
		OPT_GROUP("Comparison:"),
		OPT_FILENAME(0, "baseline", &o->baseline, "BASE",
			     "compare the run (the files) with the baseline run BASE"),
		OPT_STRING(0, "max-regression", &o->regress, "SPEC",
			   "exit 1 when a metric regressed beyond 'p99:+10%,errors:+0.1pt'"),
		OPT_CALLBACK(0, "confidence", &o->cmp.confidence, "C",
			     "confidence of the intervals (default 0.95)", confidence_cb),
		OPT_BOOL(0, "per-metric", &o->cmp.per_metric,
			 "each interval at --confidence alone, not simultaneous"),
		OPT_ULONG(0, "bootstrap-samples", &o->cmp.samples, "N",
			  "bootstrap resamples (default 10000)"),
		OPT_ULONG(0, "seed", &seed, "N", "the bootstrap's seed (default fixed)"),
		OPT_GROUP("Output:"),
		OPT_STRING(0, "apdex", &o->apdex, "T", "Apdex score with target T (500ms; bare: ms)"),
		OPT_STRING(0, "sla", &o->sla_spec, "SPEC",
			   "judge 'p95<500ms,p99<1s,errors<0.1%' (bare: ms); exit 1 if missed"),
		OPT_REPORT_JSON(&o->json),
		OPT_REPORT_FORMAT(&o->format,
				  "rows as table, tsv, csv or json instead of the report"),
		OPT_OUTPUT(&o->output),
		OPT_CALLBACK(0, "output-unit", &c->unit_out, "UNIT",
			     "report latencies in UNIT (default: -u for plain and .hlog, else ms)",
			     out_unit_cb),
		OPT_BOOL(0, "hdr", &c->hdr, "bounded memory: percentiles from a log-linear "
			 "histogram, within 0.1 %"),
		OPT_FILENAME(0, "hlog", &o->hlog, "FILE",
			     "also write an HdrHistogram interval log (per --window)"),
		OPT_CALLBACK(0, "hlog-unit", &c->hlog_unit, "UNIT",
			     "unit of --hlog's integers (default us)", out_unit_cb),
		OPT_QUIET(&c->quiet),
		OPT_HELP_VERSION(),
		OPT_END()
	};
	int first;

	memset(o, 0, sizeof(*o));
	c->unit_in = 1e-3;
	c->fields[F_LATENCY].num = 1;
	c->apdex_s = NAN;
	o->cmp = (struct compare_options){ .confidence = 0.95, .samples = 10000,
					   .seed = UINT64_C(0x68656164726f6f6d) };
	first = options_parse(argc, argv, options, &usage, 0);
	if (seed)
		o->cmp.seed = seed;
	if (o->hlog && !c->hlog_unit)
		c->hlog_unit = 1e-6;
	finish_options(o);
	*window_given = c->window_series;
	return first;
}

/* Reads the n files into r, or the file dflt when there are none. */
static void read_run(struct run *r, const struct run_config *cfg, char **files, int n,
		     const char *dflt)
{
	int i;

	run_init(r, cfg);
	if (!n)
		run_read(r, dflt);
	for (i = 0; i < n; i++)
		run_read(r, files[i]);
	run_finish(r);
}

/* The summary, or the windows' series, with the chart and the .hlog beside. */
static bool summarise(struct latency_options *o, bool window_out, char **files, int n, FILE *out)
{
	struct run r;
	bool pass = true;

	read_run(&r, &o->cfg, files, n, "-");
	if (window_out)
		window_write(&r, o->format, out);
	else
		pass = lat_report_write(&(struct lat_report){
			.run = &r, .sla = o->sla, .nsla = o->nsla, .json = o->json,
			.format = o->format, .color = cli_color(out),
		}, out);
	if (o->svg) {
		struct lt_stage *st;
		size_t nst = lt_stages(&r.win, o->stage_tol, &st);

		chart_write(&r, o->svg, st, nst);
		free(st);
	}
	if (o->hlog)
		hlog_write(&r, o->hlog);
	run_release(&r);
	return pass;
}

static bool compare(struct latency_options *o, char **files, int n, FILE *out)
{
	struct run base, cand;
	bool pass;

	o->cmp.json = o->json;
	o->cmp.format = o->format;
	o->cmp.color = cli_color(out);
	read_run(&base, &o->cfg, NULL, 0, o->baseline);
	read_run(&cand, &o->cfg, files, n, "-");
	pass = compare_write(&base, &cand, o->baseline, n == 1 ? files[0] : n ? "the files" : "-",
			     &o->cmp, out);
	run_release(&base);
	run_release(&cand);
	return pass;
}

int main(int argc, char **argv)
{
	struct latency_options o;
	bool window_given, pass;
	int first, rc;
	FILE *out;

	cli_init(argv[0]);
	first = parse_options(argc, argv, &o, &window_given);
	out = open_output(o.output);
	if (o.baseline)
		pass = compare(&o, argv + first, argc - first, out);
	else
		pass = summarise(&o, window_given, argv + first, argc - first, out);
	if (out != stdout)
		close_output(out, o.output);
	sla_free(o.sla, o.nsla);
	regression_free(o.cmp.limits, o.cmp.nlimits);
	if (o.error_re)
		regfree(&o.re);
	rc = finish_stdout();
	return rc ? rc : pass ? 0 : EXIT_VERDICT;
}
