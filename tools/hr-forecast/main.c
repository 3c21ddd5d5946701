// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-forecast: reads series TSV, fits a regression forecast to each series
 * (libcommon's forecast module) and writes the forecast with its intervals,
 * a summary, the time a threshold is crossed, and an SVG chart.
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/cli.h"
#include "headroom/error.h"
#include "headroom/forecast.h"
#include "headroom/series.h"
#include "headroom/stats.h"
#include "headroom/strbuf.h"
#include "headroom/units.h"
#include "hrf.h"

static const char usage[] =
	"Usage: hr-forecast [OPTION]... [FILE]...\n"
	"Forecast series TSV (TIMESTAMP VALUE, or TIMESTAMP SERIES VALUE) with a\n"
	"regression model: trend, daily/weekly/yearly seasonality, prediction intervals.\n"
	"Writes TIMESTAMP YHAT LO HI for each step of the horizon.\n"
	"\n"
	"  -H, --horizon=DUR|N     how far ahead: a duration (90d) or a number of steps\n"
	"                          (default: a quarter of the history)\n"
	"      --step=DUR          spacing of the forecast (default: the input's)\n"
	"  -l, --level=PCT         prediction interval level, repeatable (default 95)\n"
	"      --history           prepend the fitted values of the history\n"
	"  -t, --threshold=X       report when the forecast first crosses X; exit 1 when\n"
	"                          the mean forecast crosses it within the horizon\n"
	"      --below             the threshold is crossed downwards (free space, say)\n"
	"      --season=LIST       seasonal periods (24h,7d), or 'none' (default: detect)\n"
	"      --trend=KIND        auto, none, linear or damped (default auto)\n"
	"      --transform=KIND    auto, none or log (default auto)\n"
	"      --since=TIME|DUR    fit only history from TIME, or the last DUR\n"
	"                          (default: from the last change point)\n"
	"      --robust=WHEN       auto, always or never: bisquare robust fitting\n"
	"  -s, --summary           print the model summary instead of the forecast\n"
	"      --json              print the summary as JSON\n"
	"      --svg=FILE          draw history, fit, forecast, band and threshold\n"
	"      --title=TEXT        the chart's title\n"
	"      --iso               write RFC 3339 timestamps\n"
	"  -o, --output=FILE       write the forecast or summary to FILE\n"
	"  -q, --quiet             no crossing sentence on standard error\n"
	"  -h, --help              show this help\n"
	"      --version           show the version\n"
	"\n"
	"Exit status: 0 no threshold crossed, 1 crossed within the horizon, 2 trouble.\n";

enum {
	OPT_STEP = OPT_VERSION + 1, OPT_HISTORY, OPT_BELOW, OPT_SEASON, OPT_TREND,
	OPT_TRANSFORM, OPT_SINCE, OPT_ROBUST, OPT_JSON, OPT_SVG, OPT_TITLE, OPT_ISO,
};

static const struct option longopts[] = {
	{ "horizon", required_argument, NULL, 'H' },
	{ "step", required_argument, NULL, OPT_STEP },
	{ "level", required_argument, NULL, 'l' },
	{ "history", no_argument, NULL, OPT_HISTORY },
	{ "threshold", required_argument, NULL, 't' },
	{ "below", no_argument, NULL, OPT_BELOW },
	{ "season", required_argument, NULL, OPT_SEASON },
	{ "trend", required_argument, NULL, OPT_TREND },
	{ "transform", required_argument, NULL, OPT_TRANSFORM },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "robust", required_argument, NULL, OPT_ROBUST },
	{ "summary", no_argument, NULL, 's' },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "svg", required_argument, NULL, OPT_SVG },
	{ "title", required_argument, NULL, OPT_TITLE },
	{ "iso", no_argument, NULL, OPT_ISO },
	{ "output", required_argument, NULL, 'o' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

static struct {
	double horizon;		/* seconds, or 0 */
	double horizon_steps;	/* or a number of steps, or 0 */
	double step;
	double levels[HRF_MAX_LEVELS];
	size_t nlevels;
	bool history, below, have_threshold, summary, json, iso, quiet;
	double threshold;
	const char *threshold_arg;
	const char *since_arg, *svg, *title, *output;
	struct forecast_options fo;
} opt;

static struct hrf_series **series;
static size_t nseries, series_alloc;

static struct hrf_series *lookup(const char *name)
{
	size_t i;

	/* A linear search from the last one used: input usually groups by series. */
	static size_t last;

	if (nseries && !strcmp(series[last]->name, name))
		return series[last];
	for (i = 0; i < nseries; i++)
		if (!strcmp(series[i]->name, name))
			return series[last = i];
	ALLOC_GROW(series, nseries + 1, series_alloc);
	series[nseries] = xcalloc(1, sizeof(**series));
	series[nseries]->name = xstrdup(name);
	series[nseries]->cross_mean = series[nseries]->cross_bound = NAN;
	last = nseries;
	return series[nseries++];
}

static void read_input(const char *path)
{
	struct series_reader r;
	struct series_point p;
	int rc;

	if (series_reader_open(&r, path) < 0)
		die_errno("cannot open '%s'", path);
	while ((rc = series_reader_next(&r, &p)) > 0) {
		struct hrf_series *s = lookup(p.series);

		if (s->n == s->alloc) {
			s->alloc = s->alloc ? s->alloc * 2 : 256;
			s->t = xreallocarray(s->t, s->alloc, sizeof(double));
			s->y = xreallocarray(s->y, s->alloc, sizeof(double));
		}
		if (!s->n) {
			s->first_line = r.lr.lineno;
			s->file = r.display;
		}
		s->last_line = r.lr.lineno;
		/* The first point out of order is named in a note; all are sorted. */
		if (s->n && p.ts <= s->t[s->n - 1] && !s->disorder_line) {
			s->disorder_line = r.lr.lineno;
			s->disorder_file = r.display;
		}
		s->t[s->n] = p.ts;
		s->y[s->n++] = p.value;
	}
	if (rc < 0)
		die("%s", r.err.buf);
	series_reader_close(&r);
}

static void parse_season(const char *arg)
{
	char *copy = xstrdup(arg), *tok, *save = NULL;

	opt.fo.nperiods = 0;
	if (!strcmp(arg, "none")) {
		opt.fo.no_season = true;
		free(copy);
		return;
	}
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		double p;

		if (parse_duration(tok, &p) < 0 || p <= 0)
			usage_error("--season: expected durations like 24h,7d, got '%s'", tok);
		if (opt.fo.nperiods == FORECAST_MAX_PERIODS)
			usage_error("--season: at most %d periods", FORECAST_MAX_PERIODS);
		opt.fo.periods[opt.fo.nperiods++] = p;
	}
	free(copy);
	if (!opt.fo.nperiods)
		usage_error("--season: expected durations like 24h,7d");
}

/* A threshold: a plain number, a size (500G) or a percentage (80%). */
static double parse_threshold(const char *s)
{
	double v;

	if (!parse_number(s, &v) || !parse_size(s, &v) || !parse_percent(s, &v))
		return v;
	usage_error("--threshold: expected a number, got '%s'", s);
}

static void fmt_time(char *buf, size_t size, double t)
{
	if (opt.iso) {
		format_timestamp_iso(buf, size, t);
	} else {
		struct strbuf sb = STRBUF_INIT;

		strbuf_add_num(&sb, t);
		snprintf(buf, size, "%s", sb.buf);
		strbuf_release(&sb);
	}
}

/* Nine significant digits, whole numbers from a billion: no rounding noise. */
static void add_value(struct strbuf *sb, double v)
{
	if (fabs(v) >= 1e9)
		strbuf_addf(sb, "%.0f", v);
	else
		strbuf_addf(sb, "%.9g", v == 0 ? 0.0 : v);
}

/* Every TSV row: TIMESTAMP [SERIES] YHAT (LO HI)... */
static void row(struct strbuf *out, const struct hrf_series *s, double t, bool named)
{
	char buf[64];
	double yhat, lo, hi;
	size_t i;

	fmt_time(buf, sizeof(buf), t);
	strbuf_addstr(out, buf);
	if (named) {
		strbuf_addch(out, '\t');
		strbuf_addstr(out, s->name);
	}
	forecast_predict(s->m, t, 0, &yhat, NULL, NULL);
	strbuf_addch(out, '\t');
	add_value(out, yhat);
	for (i = 0; i < opt.nlevels; i++) {
		forecast_predict(s->m, t, opt.levels[i], NULL, &lo, &hi);
		strbuf_addch(out, '\t');
		add_value(out, lo);
		strbuf_addch(out, '\t');
		add_value(out, hi);
	}
	strbuf_addch(out, '\n');
}

static double max_level(void)
{
	double l = 0;
	size_t i;

	for (i = 0; i < opt.nlevels; i++)
		if (opt.levels[i] > l)
			l = opt.levels[i];
	return l;
}

static const char *label(const struct hrf_series *s)
{
	return *s->name ? s->name : "the series";
}

static void add_when(struct strbuf *sb, double when, double from)
{
	char buf[64], dur[32];

	when = round(when);
	format_timestamp_iso(buf, sizeof(buf), when);
	format_duration(dur, sizeof(dur), when - from);
	strbuf_addf(sb, "%s (in %s)", buf, when > from ? dur : "0s");
}

/* "cpu.util crosses 80 on 2027-01-03T10:00:00Z (in 41d); the 95% bound on ..." */
static void crossing_sentence(struct strbuf *sb, const struct hrf_series *s)
{
	double end = forecast_end(s->m);
	char hz[32];

	format_duration(hz, sizeof(hz), s->fend - end);
	strbuf_addf(sb, "%s ", label(s));
	if (s->cross_mean == end) {
		strbuf_addf(sb, "is already %s %s", opt.below ? "below" : "above",
			    opt.threshold_arg);
		return;
	}
	if (!isnan(s->cross_mean)) {
		strbuf_addf(sb, "%s %s on ", opt.below ? "falls below" : "crosses", opt.threshold_arg);
		add_when(sb, s->cross_mean, end);
	} else {
		strbuf_addf(sb, "does not %s %s within %s", opt.below ? "fall below" : "cross",
			    opt.threshold_arg, hz);
	}
	if (!isnan(s->cross_bound)) {
		strbuf_addf(sb, "; the %g%% %s bound on ", max_level(), opt.below ? "lower" : "upper");
		add_when(sb, s->cross_bound, end);
	} else if (max_level() > 0 && isnan(s->cross_mean)) {
		strbuf_addf(sb, "; nor does the %g%% %s bound", max_level(),
			    opt.below ? "lower" : "upper");
	}
}

static void period_name(char *buf, size_t size, double p)
{
	if (p == 86400)
		snprintf(buf, size, "daily");
	else if (p == 7 * 86400)
		snprintf(buf, size, "weekly");
	else if (fabs(p - 365.25 * 86400) < 86400)
		snprintf(buf, size, "yearly");
	else
		format_duration(buf, size, p);
}

/* A value in the series' units: sizes for byte counts, else 6 digits. */
static void add_qty(struct strbuf *sb, const struct hrf_series *s, double v)
{
	char buf[64];

	if (strstr(s->name, "bytes") && fabs(v) >= 1024) {
		format_size(buf, sizeof(buf), fabs(v));
		strbuf_addf(sb, "%s%s", v < 0 ? "-" : "", buf);
	} else {
		strbuf_addf(sb, "%.6g", v);
	}
}

static void summary_text(struct strbuf *sb, const struct hrf_series *s)
{
	struct forecast_summary fs;
	char a[64], b[64], st[32];
	double yhat, lo, hi;
	size_t i;

	forecast_summary(s->m, &fs);
	format_timestamp_iso(a, sizeof(a), s->t[0]);
	format_timestamp_iso(b, sizeof(b), s->t[s->n - 1]);
	format_duration(st, sizeof(st), fs.typical_step);
	strbuf_addf(sb, "series:       %s\n", *s->name ? s->name : "-");
	strbuf_addf(sb, "history:      %s .. %s, %zu points, step %s\n", a, b, s->n, st);
	if (!isnan(fs.changepoint)) {
		format_timestamp_iso(a, sizeof(a), fs.changepoint);
		strbuf_addf(sb, "change point: %s; fitted from there (%zu points)\n", a, fs.n);
	} else if (fs.fit_start > s->t[0]) {
		format_timestamp_iso(a, sizeof(a), fs.fit_start);
		strbuf_addf(sb, "fitted from:  %s (%zu points)\n", a, fs.n);
	}
	strbuf_addf(sb, "model:        %s%s\n", fs.model, fs.constant ? " (constant series)" : "");
	{
		const char *r = fs.reason, *semi, *colon = strstr(r, ": ");

		/* The candidates and their scores, one a line. */
		if (colon) {
			strbuf_addf(sb, "chosen by:    %.*s:\n", (int)(colon - r), r);
			for (r = colon + 2; *r; r = semi + 2) {
				semi = strstr(r, "; ");
				if (!semi) {
					strbuf_addf(sb, "                %s\n", r);
					break;
				}
				strbuf_addf(sb, "                %.*s\n", (int)(semi - r), r);
			}
		} else {
			strbuf_addf(sb, "chosen by:    %s\n", r);
		}
	}
	strbuf_addstr(sb, "trend:        ");
	if (fs.trend_per_day >= 0)
		strbuf_addch(sb, '+');
	add_qty(sb, s, fs.trend_per_day);
	strbuf_addstr(sb, " per day\n");
	for (i = 0; i < fs.nperiods; i++) {
		period_name(a, sizeof(a), fs.period[i]);
		strbuf_addf(sb, "seasonality:  %s, amplitude ", a);
		add_qty(sb, s, fs.amplitude[i]);
		strbuf_addf(sb, " (Fourier order %d)\n", fs.order[i]);
	}
	if (!fs.nperiods)
		strbuf_addstr(sb, "seasonality:  none\n");
	strbuf_addf(sb, "fit:          R² %.4f, residual sd ", fs.r2);
	add_qty(sb, s, fs.resid_sd);
	strbuf_addf(sb, ", lag-1 autocorrelation %.3f\n", fs.ar1);
	forecast_predict(s->m, s->fend, max_level(), &yhat, &lo, &hi);
	format_timestamp_iso(a, sizeof(a), s->fend);
	strbuf_addstr(sb, "forecast:     ");
	add_qty(sb, s, yhat);
	strbuf_addf(sb, " at %s", a);
	if (max_level() > 0) {
		strbuf_addf(sb, " (%g%%: ", max_level());
		add_qty(sb, s, lo);
		strbuf_addstr(sb, " .. ");
		add_qty(sb, s, hi);
		strbuf_addch(sb, ')');
	}
	strbuf_addch(sb, '\n');
	if (opt.have_threshold) {
		strbuf_addstr(sb, "threshold:    ");
		crossing_sentence(sb, s);
		strbuf_addch(sb, '\n');
	}
}

static void json_time(struct strbuf *sb, const char *key, double t)
{
	char buf[64];

	strbuf_addf(sb, ", \"%s\": ", key);
	if (isnan(t)) {
		strbuf_addstr(sb, "null");
		return;
	}
	strbuf_add_num(sb, t);
	format_timestamp_iso(buf, sizeof(buf), t);
	strbuf_addf(sb, ", \"%s_iso\": \"%s\"", key, buf);
}

static void summary_json(struct strbuf *sb, const struct hrf_series *s, bool first)
{
	struct forecast_summary fs;
	double yhat, lo, hi;
	size_t i;

	forecast_summary(s->m, &fs);
	strbuf_addstr(sb, first ? "[\n  {" : ",\n  {");
	strbuf_addstr(sb, "\"series\": ");
	strbuf_add_json(sb, s->name, strlen(s->name));
	strbuf_addf(sb, ", \"points\": %zu, \"fitted_points\": %zu", s->n, fs.n);
	json_time(sb, "first", s->t[0]);
	json_time(sb, "last", s->t[s->n - 1]);
	json_time(sb, "fit_start", fs.fit_start);
	json_time(sb, "changepoint", fs.changepoint);
	strbuf_addstr(sb, ", \"step_seconds\": ");
	strbuf_add_num(sb, fs.typical_step);
	strbuf_addstr(sb, ", \"model\": ");
	strbuf_add_json(sb, fs.model, strlen(fs.model));
	strbuf_addstr(sb, ", \"reason\": ");
	strbuf_add_json(sb, fs.reason, strlen(fs.reason));
	strbuf_addf(sb, ", \"log_transform\": %s, \"robust\": %s, \"constant\": %s",
		    fs.log_transform ? "true" : "false", fs.robust ? "true" : "false",
		    fs.constant ? "true" : "false");
	strbuf_addstr(sb, ", \"trend_per_day\": ");
	strbuf_add_num(sb, fs.trend_per_day);
	strbuf_addstr(sb, ", \"seasons\": [");
	for (i = 0; i < fs.nperiods; i++) {
		strbuf_addstr(sb, i ? ", {\"period_seconds\": " : "{\"period_seconds\": ");
		strbuf_add_num(sb, fs.period[i]);
		strbuf_addf(sb, ", \"order\": %d, \"amplitude\": ", fs.order[i]);
		strbuf_add_num(sb, fs.amplitude[i]);
		strbuf_addch(sb, '}');
	}
	strbuf_addstr(sb, "], \"r2\": ");
	strbuf_add_num(sb, fs.r2);
	strbuf_addstr(sb, ", \"residual_sd\": ");
	strbuf_add_num(sb, fs.resid_sd);
	strbuf_addstr(sb, ", \"ar1\": ");
	strbuf_add_num(sb, fs.ar1);
	forecast_predict(s->m, s->fend, max_level(), &yhat, &lo, &hi);
	json_time(sb, "horizon_end", s->fend);
	strbuf_addstr(sb, ", \"forecast_at_horizon\": ");
	strbuf_add_num(sb, yhat);
	if (max_level() > 0) {
		strbuf_addf(sb, ", \"level\": %g, \"lo\": ", max_level());
		strbuf_add_num(sb, lo);
		strbuf_addstr(sb, ", \"hi\": ");
		strbuf_add_num(sb, hi);
	}
	if (opt.have_threshold) {
		strbuf_addstr(sb, ", \"threshold\": ");
		strbuf_add_num(sb, opt.threshold);
		strbuf_addf(sb, ", \"below\": %s", opt.below ? "true" : "false");
		json_time(sb, "crossing", s->cross_mean);
		json_time(sb, "crossing_bound", s->cross_bound);
	}
	strbuf_addch(sb, '}');
}

static int cmp_line(const void *a, const void *b)
{
	const struct hrf_series *x = *(struct hrf_series *const *)a;
	const struct hrf_series *y = *(struct hrf_series *const *)b;

	return (x->first_line > y->first_line) - (x->first_line < y->first_line);
}

/* Sorts and merges one series, fits it, finds its crossings. */
static void model_one(struct hrf_series *s)
{
	struct strbuf err = STRBUF_INIT;
	struct forecast_options fo = opt.fo;
	double step, end;
	size_t merged;
	bool unsorted;

	if (s->disorder_line) {
		s->n = forecast_sort_merge(s->t, s->y, s->n, &merged, &unsorted);
		warning("%s:%llu: %s%s%s out of order or repeated; sorted%s", s->disorder_file,
			s->disorder_line, *s->name ? "series '" : "timestamps",
			*s->name ? s->name : "", *s->name ? "' has timestamps" : "",
			merged ? " and equal timestamps merged (their mean)" : "");
	}
	if (s->n < FORECAST_MIN_POINTS)
		die("%s:%llu: %s%s%stoo short a history: %zu point%s, at least %d needed", s->file,
		    s->last_line, *s->name ? "series '" : "", s->name, *s->name ? "': " : "", s->n,
		    s->n == 1 ? "" : "s", FORECAST_MIN_POINTS);
	if (opt.since_arg) {
		double v;

		if (!parse_timestamp(opt.since_arg, &v))
			fo.since = v;
		else if (!parse_duration(opt.since_arg, &v))
			fo.since = s->t[s->n - 1] - v;
		else
			usage_error("--since: expected a time or a duration, got '%s'", opt.since_arg);
	}
	fo.horizon = opt.horizon;
	if (opt.horizon_steps > 0) {
		/* The validation window wants seconds: steps at the typical spacing. */
		double *d = xmalloc(s->n * sizeof(*d));
		size_t k;

		for (k = 1; k < s->n; k++)
			d[k - 1] = s->t[k] - s->t[k - 1];
		sort_doubles(d, s->n - 1);
		fo.horizon = opt.horizon_steps * (opt.step > 0 ? opt.step : quantile_sorted(d, s->n - 1, 0.5));
		free(d);
	}
	s->m = forecast_fit(s->t, s->y, s->n, &fo, &err);
	if (!s->m)
		die("%s:%llu-%llu: %s%s%s%s", s->file, s->first_line, s->last_line,
		    *s->name ? "series '" : "", s->name, *s->name ? "': " : "", err.buf);
	strbuf_release(&err);
	step = opt.step > 0 ? opt.step : forecast_step(s->m);
	end = forecast_end(s->m);
	s->fstep = step;
	if (opt.horizon > 0)
		s->fend = end + opt.horizon;
	else if (opt.horizon_steps > 0)
		s->fend = end + opt.horizon_steps * step;
	else
		s->fend = end + ceil((s->t[s->n - 1] - s->t[0]) / 4 / step) * step;
	if (opt.have_threshold) {
		s->cross_mean = forecast_crossing(s->m, opt.threshold, opt.below, 0, end, s->fend,
						  0);
		if (max_level() > 0)
			s->cross_bound = forecast_crossing(s->m, opt.threshold, opt.below,
							   max_level(), end, s->fend, 0);
	}
}

int main(int argc, char **argv)
{
	struct strbuf out = STRBUF_INIT;
	FILE *f;
	size_t i;
	int c, verdict = 0;

	cli_init(argv[0]);
	forecast_options_init(&opt.fo);
	while ((c = getopt_long(argc, argv, "hH:l:t:so:q", longopts, NULL)) != -1) {
		double v;

		switch (c) {
		case 'h':
			fputs(usage, stdout);
			return finish_stdout();
		case OPT_VERSION:
			print_version();
			return finish_stdout();
		case 'H':
			if (!parse_duration(optarg, &v) && strpbrk(optarg, "smhdwu")) {
				opt.horizon = v;
				opt.horizon_steps = 0;
			} else if (!parse_number(optarg, &v) && v >= 1 && v == floor(v) && v <= 1e7) {
				opt.horizon_steps = v;
				opt.horizon = 0;
			} else {
				usage_error("--horizon: expected a duration (90d) or a number of steps, got '%s'",
					    optarg);
			}
			if (opt.horizon <= 0 && opt.horizon_steps <= 0)
				usage_error("--horizon: must be positive, got '%s'", optarg);
			break;
		case OPT_STEP:
			if (parse_duration(optarg, &opt.step) < 0 || opt.step <= 0)
				usage_error("--step: expected a positive duration, got '%s'", optarg);
			break;
		case 'l':
			if (parse_percent(optarg, &v) < 0 || v <= 0 || v >= 100)
				usage_error("--level: expected a percentage between 0 and 100, got '%s'",
					    optarg);
			if (opt.nlevels == HRF_MAX_LEVELS)
				usage_error("--level: at most %d levels", HRF_MAX_LEVELS);
			opt.levels[opt.nlevels++] = v;
			break;
		case OPT_HISTORY:
			opt.history = true;
			break;
		case 't':
			opt.threshold = parse_threshold(optarg);
			opt.threshold_arg = optarg;
			opt.have_threshold = true;
			break;
		case OPT_BELOW:
			opt.below = true;
			break;
		case OPT_SEASON:
			parse_season(optarg);
			break;
		case OPT_TREND:
			if (!strcmp(optarg, "auto"))
				opt.fo.trend = FORECAST_TREND_AUTO;
			else if (!strcmp(optarg, "none"))
				opt.fo.trend = FORECAST_TREND_NONE;
			else if (!strcmp(optarg, "linear"))
				opt.fo.trend = FORECAST_TREND_LINEAR;
			else if (!strcmp(optarg, "damped"))
				opt.fo.trend = FORECAST_TREND_DAMPED;
			else
				usage_error("--trend: expected auto, none, linear or damped, got '%s'",
					    optarg);
			break;
		case OPT_TRANSFORM:
			if (!strcmp(optarg, "auto"))
				opt.fo.transform = FORECAST_TRANSFORM_AUTO;
			else if (!strcmp(optarg, "none"))
				opt.fo.transform = FORECAST_TRANSFORM_NONE;
			else if (!strcmp(optarg, "log"))
				opt.fo.transform = FORECAST_TRANSFORM_LOG;
			else
				usage_error("--transform: expected auto, none or log, got '%s'", optarg);
			break;
		case OPT_SINCE:
			if (parse_timestamp(optarg, &v) < 0 && parse_duration(optarg, &v) < 0)
				usage_error("--since: expected a time or a duration, got '%s'", optarg);
			opt.since_arg = optarg;
			break;
		case OPT_ROBUST:
			if (!strcmp(optarg, "auto"))
				opt.fo.robust = -1;
			else if (!strcmp(optarg, "always"))
				opt.fo.robust = 1;
			else if (!strcmp(optarg, "never"))
				opt.fo.robust = 0;
			else
				usage_error("--robust: expected auto, always or never, got '%s'", optarg);
			break;
		case 's':
			opt.summary = true;
			break;
		case OPT_JSON:
			opt.json = true;
			break;
		case OPT_SVG:
			opt.svg = optarg;
			break;
		case OPT_TITLE:
			opt.title = optarg;
			break;
		case OPT_ISO:
			opt.iso = true;
			break;
		case 'o':
			opt.output = optarg;
			break;
		case 'q':
			opt.quiet = true;
			break;
		default:
			usage_error(NULL);
		}
	}
	if (opt.below && !opt.have_threshold)
		usage_error("--below needs --threshold");
	if (!opt.nlevels)
		opt.levels[opt.nlevels++] = 95;

	if (optind == argc)
		read_input("-");
	for (i = optind; i < (size_t)argc; i++)
		read_input(argv[i]);
	if (!nseries)
		die("%s: no data points", optind < argc ? argv[optind] : "-");
	qsort(series, nseries, sizeof(*series), cmp_line);
	for (i = 0; i < nseries; i++)
		model_one(series[i]);

	f = open_output(opt.output);
	if (opt.json) {
		for (i = 0; i < nseries; i++)
			summary_json(&out, series[i], i == 0);
		strbuf_addstr(&out, "\n]\n");
	} else if (opt.summary) {
		for (i = 0; i < nseries; i++) {
			if (i)
				strbuf_addch(&out, '\n');
			summary_text(&out, series[i]);
		}
	} else {
		bool named = nseries > 1;

		strbuf_addstr(&out, named ? "# timestamp\tseries\tyhat" : "# timestamp\tyhat");
		for (i = 0; i < opt.nlevels; i++)
			strbuf_addf(&out, "\tlo%g\thi%g", opt.levels[i], opt.levels[i]);
		strbuf_addch(&out, '\n');
		for (i = 0; i < nseries; i++) {
			struct hrf_series *s = series[i];
			double end = forecast_end(s->m), t;
			size_t k;

			if (opt.history) {
				struct forecast_summary fs;

				forecast_summary(s->m, &fs);
				for (k = 0; k < s->n; k++)
					if (s->t[k] >= fs.fit_start)
						row(&out, s, s->t[k], named);
			}
			for (k = 1; (t = end + (double)k * s->fstep) <= s->fend + 1e-6; k++) {
				row(&out, s, t, named);
				if (out.len > 1 << 16) {
					strbuf_write(&out, f);
					strbuf_reset(&out);
				}
			}
		}
	}
	strbuf_write(&out, f);
	close_output(f, opt.output);
	strbuf_reset(&out);

	for (i = 0; i < nseries; i++) {
		if (!opt.have_threshold)
			break;
		if (!isnan(series[i]->cross_mean))
			verdict = 1;
		if (!opt.quiet && !opt.summary && !opt.json) {
			strbuf_reset(&out);
			crossing_sentence(&out, series[i]);
			fprintf(stderr, "%s: %s\n", progname(), out.buf);
		}
	}
	if (opt.svg) {
		struct hrf_chart ch;
		FILE *sf;

		memset(&ch, 0, sizeof(ch));
		memcpy(ch.levels, opt.levels, sizeof(ch.levels));
		ch.nlevels = opt.nlevels;
		ch.have_threshold = opt.have_threshold;
		ch.below = opt.below;
		ch.threshold = opt.threshold;
		ch.threshold_label = opt.threshold_arg;
		ch.title = opt.title;
		strbuf_reset(&out);
		hrf_chart_svg(&out, series, nseries, &ch);
		sf = open_output(opt.svg);
		strbuf_write(&out, sf);
		close_output(sf, opt.svg);
	}
	strbuf_release(&out);
	for (i = 0; i < nseries; i++) {
		forecast_free(series[i]->m);
		free(series[i]->t);
		free(series[i]->y);
		free(series[i]->name);
		free(series[i]);
	}
	free(series);
	c = finish_stdout();
	return c ? c : verdict;
}
