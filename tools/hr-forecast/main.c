// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-forecast: reads series TSV, fits a regression forecast to each series
 * (libcommon's forecast module) and writes the forecast with its intervals,
 * a summary, the time a threshold is crossed, and an SVG chart.
 */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "headroom/alloc.h"
#include "headroom/cli.h"
#include "headroom/error.h"
#include "headroom/forecast.h"
#include "headroom/options.h"
#include "headroom/series.h"
#include "headroom/stats.h"
#include "headroom/strbuf.h"
#include "headroom/units.h"
#include "hrf.h"

static const struct hr_usage usage = {
	"hr-forecast [OPTION]... [FILE]...",
	"Forecast series TSV (TIMESTAMP VALUE, or TIMESTAMP SERIES VALUE) with a\n"
	"regression model: trend, daily/weekly/yearly seasonality, prediction intervals.\n"
	"Writes TIMESTAMP YHAT LO HI for each step of the horizon.",
	"Exit status: 0 no threshold crossed, 1 crossed within the horizon, 2 trouble\n"
	"(a series that cannot be forecast is named and skipped; 2 when none could be).",
};

static const struct opt_choice trends[] = {
	{ "auto", FORECAST_TREND_AUTO }, { "none", FORECAST_TREND_NONE },
	{ "linear", FORECAST_TREND_LINEAR }, { "damped", FORECAST_TREND_DAMPED }, { NULL, 0 }
};
static const struct opt_choice transforms[] = {
	{ "auto", FORECAST_TRANSFORM_AUTO }, { "none", FORECAST_TRANSFORM_NONE },
	{ "log", FORECAST_TRANSFORM_LOG }, { NULL, 0 }
};
static const struct opt_choice robust_whens[] = {
	{ "auto", -1 }, { "always", 1 }, { "never", 0 }, { NULL, 0 }
};

/* --horizon: a duration (90d) or a whole number of steps. */
static int horizon_option(const struct hr_option *opt, const char *arg)
{
	struct hrf_options *o = opt->value;
	double v;

	if (!parse_duration(arg, &v) && strpbrk(arg, "smhdwu")) {
		if (duration_range_error(v))
			return error("--horizon: '%s' is %s", arg, duration_range_error(v));
		o->horizon = v;
		o->horizon_steps = 0;
	} else if (!parse_number(arg, &v) && v >= 1 && v == floor(v) && v <= 1e7) {
		o->horizon_steps = v;
		o->horizon = 0;
	} else {
		return error("--horizon: expected a duration (90d) or a number of steps, got '%s'",
			     arg);
	}
	if (o->horizon <= 0 && o->horizon_steps <= 0)
		return error("--horizon: must be positive, got '%s'", arg);
	return 0;
}

static int step_option(const struct hr_option *opt, const char *arg)
{
	double *step = opt->value;

	if (parse_duration(arg, step) < 0 || *step <= 0)
		return error("--step: expected a positive duration, got '%s'", arg);
	if (duration_range_error(*step))
		return error("--step: '%s' is %s", arg, duration_range_error(*step));
	return 0;
}

static int level_option(const struct hr_option *opt, const char *arg)
{
	struct hrf_options *o = opt->value;
	double v;

	if (parse_percent(arg, &v) < 0 || v <= 0 || v >= 100)
		return error("--level: expected a percentage between 0 and 100, got '%s'", arg);
	if (o->nlevels == HRF_MAX_LEVELS)
		return error("--level: at most %d levels", HRF_MAX_LEVELS);
	o->levels[o->nlevels++] = v;
	return 0;
}

/* A threshold: a plain number, a size (500G) or a percentage (80%). */
static int threshold_option(const struct hr_option *opt, const char *arg)
{
	struct hrf_options *o = opt->value;

	if (parse_number(arg, &o->threshold) && parse_size(arg, &o->threshold) &&
	    parse_percent(arg, &o->threshold))
		return error("--threshold: expected a number, got '%s'", arg);
	o->threshold_arg = arg;
	o->have_threshold = true;
	return 0;
}

static int season_option(const struct hr_option *opt, const char *arg)
{
	struct forecast_options *fo = opt->value;
	char *copy, *tok, *save = NULL;

	fo->nperiods = 0;
	if (!strcmp(arg, "none")) {
		fo->no_season = true;
		return 0;
	}
	copy = xstrdup(arg);
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		double p;
		int rc = 0;

		if (parse_duration(tok, &p) < 0 || p <= 0)
			rc = error("--season: expected durations like 24h,7d, got '%s'", tok);
		else if (duration_range_error(p))
			rc = error("--season: '%s' is %s", tok, duration_range_error(p));
		else if (fo->nperiods == FORECAST_MAX_PERIODS)
			rc = error("--season: at most %d periods", FORECAST_MAX_PERIODS);
		if (rc < 0) {
			free(copy);
			return rc;
		}
		fo->periods[fo->nperiods++] = p;
	}
	free(copy);
	if (!fo->nperiods)
		return error("--season: expected durations like 24h,7d");
	return 0;
}

static int since_option(const struct hr_option *opt, const char *arg)
{
	const char *why;
	double v;

	if (!parse_timestamp(arg, &v))
		why = time_range_error(v);
	else if (!parse_duration(arg, &v))
		why = duration_range_error(v);
	else
		return error("--since: expected a time or a duration, got '%s'", arg);
	if (why)
		return error("--since: '%s' is %s", arg, why);
	*(const char **)opt->value = arg;
	return 0;
}

static int parse_options(int argc, char **argv, struct hrf_options *o)
{
	const struct hr_option options[] = {
		OPT_CALLBACK('H', "horizon", o, "DUR|N", "how far ahead: a duration (90d) or a "
			     "number of steps (default: a quarter of the history)", horizon_option),
		OPT_CALLBACK(0, "step", &o->step, "DUR",
			     "spacing of the forecast (default: the input's)", step_option),
		OPT_CALLBACK('l', "level", o, "PCT",
			     "prediction interval level, repeatable (default 95)", level_option),
		OPT_BOOL(0, "history", &o->history, "prepend the fitted values of the history"),
		OPT_CALLBACK('t', "threshold", o, "X", "report when the forecast first crosses X; "
			     "exit 1 when the mean forecast crosses it within the horizon",
			     threshold_option),
		OPT_BOOL(0, "below", &o->below,
			 "the threshold is crossed downwards (free space, say)"),
		OPT_CALLBACK(0, "season", &o->fo, "LIST",
			     "seasonal periods (24h,7d), or 'none' (default: detect)", season_option),
		OPT_CHOICE(0, "trend", &o->trend, "KIND", trends,
			   "auto, none, linear or damped (default auto)"),
		OPT_CHOICE(0, "transform", &o->transform, "KIND", transforms,
			   "auto, none or log (default auto)"),
		OPT_CALLBACK(0, "since", &o->since_arg, "TIME|DUR", "fit only history from TIME, "
			     "or the last DUR (default: from the last change point)", since_option),
		OPT_TIME(0, "until", &o->until, "TIME", "fit only history up to TIME (Unix "
			 "seconds or RFC 3339); a --since DUR counts back from it"),
		OPT_CHOICE(0, "robust", &o->fo.robust, "WHEN", robust_whens,
			   "auto, always or never: bisquare robust fitting"),
		OPT_BOOL('s', "summary", &o->summary, "print the model summary instead of the forecast"),
		OPT_BOOL(0, "json", &o->json, "print the summary as JSON"),
		OPT_FILENAME(0, "svg", &o->svg, "FILE",
			     "draw history, fit, forecast, band and threshold"),
		OPT_STRING(0, "title", &o->title, "TEXT", "the chart's title"),
		OPT_BOOL(0, "iso", &o->iso, "write RFC 3339 timestamps"),
		OPT_FILENAME('o', "output", &o->output, "FILE",
			     "write the forecast or summary to FILE"),
		OPT_ULONG('j', "jobs", &o->jobs, "N",
			  "fit N series at once (default: one per processor)"),
		OPT_BOOL('q', "quiet", &o->quiet, "no crossing sentence on standard error"),
		OPT_HELP_VERSION(),
		OPT_END()
	};
	int first;

	*o = (struct hrf_options){ .trend = FORECAST_TREND_AUTO, .until = NAN };
	forecast_options_init(&o->fo);
	first = options_parse(argc, argv, options, &usage, 0);
	o->fo.trend = (enum forecast_trend)o->trend;
	o->fo.transform = (enum forecast_transform)o->transform;
	if (o->below && !o->have_threshold)
		usage_error("--below needs --threshold");
	if (!o->nlevels)
		o->levels[o->nlevels++] = 95;
	return first;
}

/* The series read so far, in the order first seen. */
struct series_set {
	struct hrf_series **v;
	size_t n, alloc;
	size_t last;	/* the one used last */
};

static struct hrf_series *lookup(struct series_set *set, const char *name)
{
	struct hrf_series *s;
	size_t i;

	/* A linear search from the last one used: input usually groups by series. */
	if (set->n && !strcmp(set->v[set->last]->name, name))
		return set->v[set->last];
	for (i = 0; i < set->n; i++)
		if (!strcmp(set->v[i]->name, name))
			return set->v[set->last = i];
	ALLOC_GROW(set->v, set->n + 1, set->alloc);
	s = xcalloc(1, sizeof(*s));
	s->name = xstrdup(name);
	s->cross_mean = s->cross_bound = NAN;
	set->last = set->n;
	set->v[set->n++] = s;
	return s;
}

static void read_input(struct series_set *set, const char *path)
{
	struct series_reader r;
	struct series_point p;
	int rc;

	if (series_reader_open(&r, path) < 0)
		die_errno("cannot open '%s'", path);
	while ((rc = series_reader_next(&r, &p)) > 0) {
		struct hrf_series *s = lookup(set, p.series);

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

static int cmp_line(const void *a, const void *b)
{
	const struct hrf_series *x = *(struct hrf_series *const *)a;
	const struct hrf_series *y = *(struct hrf_series *const *)b;

	return (x->first_line > y->first_line) - (x->first_line < y->first_line);
}

/* Where s was read and its name, for a message: "f.tsv:3-9: series 'x': ". */
static void locate(struct strbuf *sb, const struct hrf_series *s, bool range)
{
	strbuf_addf(sb, "%s:", s->file);
	if (range)
		strbuf_addf(sb, "%llu-", s->first_line);
	strbuf_addf(sb, "%llu: ", s->last_line);
	if (*s->name)
		strbuf_addf(sb, "series '%s': ", s->name);
}

/*
 * Leaves out the points of sorted s after until (NaN: none). Returns 0, or
 * -1 with the reason, the data's time range, in s->why when none are left.
 */
static int cut_until(struct hrf_series *s, double until)
{
	struct strbuf why = STRBUF_INIT;
	char a[64], b[64], c[64];
	size_t n = s->n;

	while (n && s->t[n - 1] > until)
		n--;
	if (n || !s->n) {
		s->n = n;
		return 0;
	}
	format_timestamp_iso(a, sizeof(a), until);
	format_timestamp_iso(b, sizeof(b), s->t[0]);
	format_timestamp_iso(c, sizeof(c), s->t[s->n - 1]);
	locate(&why, s, true);
	strbuf_addf(&why, "no points up to --until %s; the series holds data from %s to %s", a,
		    b, c);
	s->why = strbuf_detach(&why, NULL);
	return -1;
}

/*
 * Sorts and merges the points of s when they came out of order, and leaves
 * out those after until. Returns 0, or -1 with the reason in s->why when too
 * few are left.
 */
static int sort_points(struct hrf_series *s, double until)
{
	struct strbuf why = STRBUF_INIT;
	size_t merged;
	bool unsorted;

	if (s->disorder_line) {
		s->n = forecast_sort_merge(s->t, s->y, s->n, &merged, &unsorted);
		warning("%s:%llu: %s%s%s out of order or repeated; sorted%s", s->disorder_file,
			s->disorder_line, *s->name ? "series '" : "timestamps",
			*s->name ? s->name : "", *s->name ? "' has timestamps" : "",
			merged ? " and equal timestamps merged (their mean)" : "");
	}
	if (cut_until(s, until) < 0)
		return -1;
	if (s->n >= FORECAST_MIN_POINTS)
		return 0;
	locate(&why, s, false);
	strbuf_addf(&why, "too short a history: %zu point%s, at least %d needed", s->n,
		    s->n == 1 ? "" : "s", FORECAST_MIN_POINTS);
	s->why = strbuf_detach(&why, NULL);
	return -1;
}

/* The fit's options for s: --since against --until or its last point, the horizon in seconds. */
static struct forecast_options fit_options(const struct hrf_options *o, const struct hrf_series *s)
{
	struct forecast_options fo = o->fo;

	if (o->since_arg) {
		double v;

		if (!parse_timestamp(o->since_arg, &v))
			fo.since = v;
		else if (!parse_duration(o->since_arg, &v))
			fo.since = (isnan(o->until) ? s->t[s->n - 1] : o->until) - v;
		else
			usage_error("--since: expected a time or a duration, got '%s'", o->since_arg);
	}
	fo.horizon = o->horizon;
	if (o->horizon_steps > 0) {
		/* The validation window wants seconds: steps at the typical spacing. */
		double *d = xmalloc(s->n * sizeof(*d));
		size_t k;

		for (k = 1; k < s->n; k++)
			d[k - 1] = s->t[k] - s->t[k - 1];
		sort_doubles(d, s->n - 1);
		fo.horizon = o->horizon_steps *
			     (o->step > 0 ? o->step : quantile_sorted(d, s->n - 1, 0.5));
		free(d);
	}
	return fo;
}

/*
 * Fits one series, finds its horizon and crossings; when it cannot be
 * fitted, s->m stays NULL and s->why says why. Runs in the fitting threads:
 * it touches s alone.
 */
static void model_one(const struct hrf_options *o, struct hrf_series *s)
{
	struct strbuf err = STRBUF_INIT;
	struct forecast_options fo;
	double step, end;

	fo = fit_options(o, s);
	s->m = forecast_fit(s->t, s->y, s->n, &fo, &err);
	if (!s->m) {
		struct strbuf why = STRBUF_INIT;

		locate(&why, s, true);
		strbuf_addstr(&why, err.buf);
		s->why = strbuf_detach(&why, NULL);
		strbuf_release(&err);
		return;
	}
	strbuf_release(&err);
	step = o->step > 0 ? o->step : forecast_step(s->m);
	end = forecast_end(s->m);
	s->fstep = step;
	if (o->horizon > 0)
		s->fend = end + o->horizon;
	else if (o->horizon_steps > 0)
		s->fend = end + o->horizon_steps * step;
	else
		s->fend = end + ceil((s->t[s->n - 1] - s->t[0]) / 4 / step) * step;
	if (!isnan(s->threshold)) {
		s->cross_mean = forecast_crossing(s->m, s->threshold, o->below, 0, end, s->fend, 0);
		if (hrf_max_level(o) > 0)
			s->cross_bound = forecast_crossing(s->m, s->threshold, o->below,
							   hrf_max_level(o), end, s->fend, 0);
	}
}

/* The series the fitting threads share, handed out one at a time. */
struct fit_queue {
	const struct hrf_options *o;
	struct hrf_series **v;
	size_t n;
	atomic_size_t next;
};

static void *fit_worker(void *arg)
{
	struct fit_queue *q = arg;
	size_t i;

	while ((i = atomic_fetch_add(&q->next, 1)) < q->n)
		if (!q->v[i]->why)
			model_one(q->o, q->v[i]);
	return NULL;
}

/*
 * Fits every series that sort_points() let through, on --jobs threads: the
 * series are independent and the fits take all the time. Each result lands
 * in its own series, so the output keeps the input's order.
 */
static void fit_all(const struct hrf_options *o, struct series_set *set)
{
	struct fit_queue q = { .o = o, .v = set->v, .n = set->n };
	unsigned long jobs = o->jobs;
	pthread_t *th;
	size_t k, started = 0;

	if (!jobs) {
		long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

		jobs = ncpu > 0 ? (unsigned long)ncpu : 1;
	}
	if (jobs > set->n)
		jobs = set->n;
	atomic_init(&q.next, 0);
	th = xcalloc(jobs, sizeof(*th));
	for (k = 1; k < jobs; k++) {
		int rc = pthread_create(&th[started], NULL, fit_worker, &q);

		if (rc) {
			/* Fewer threads are slower, not wrong. */
			warning("cannot start a fitting thread: %s; going on with %zu",
				strerror(rc), started + 1);
			break;
		}
		started++;
	}
	fit_worker(&q);
	for (k = 0; k < started; k++)
		pthread_join(th[k], NULL);
	free(th);
}

/*
 * Names each series that could not be forecast and why. Returns how many
 * could be.
 */
static size_t report_failures(const struct series_set *set)
{
	size_t i, failed = 0;

	for (i = 0; i < set->n; i++) {
		if (!set->v[i]->why)
			continue;
		error("%s", set->v[i]->why);
		failed++;
	}
	if (failed && failed < set->n)
		warning("%zu of %zu series could not be forecast; the rest are", failed, set->n);
	return set->n - failed;
}

/* The forecast, or the summary, to --output. */
static void write_output(const struct hrf_options *o, const struct series_set *set)
{
	struct strbuf out = STRBUF_INIT;
	FILE *f = open_output(o->output);

	if (o->json)
		hrf_summary_json(&out, o, set->v, set->n);
	else if (o->summary)
		hrf_summary_text(&out, o, set->v, set->n);
	else
		hrf_write_forecast(f, o, set->v, set->n);
	strbuf_write(&out, f);
	close_output(f, o->output);
	strbuf_release(&out);
}

/* The crossing sentences on standard error; returns 1 when a mean forecast crosses. */
static int report_crossings(const struct hrf_options *o, const struct series_set *set)
{
	struct strbuf sb = STRBUF_INIT;
	bool color = cli_color(stderr);
	int verdict = 0;
	size_t i;

	for (i = 0; i < set->n && o->have_threshold; i++) {
		if (!set->v[i]->m || isnan(set->v[i]->threshold))
			continue;
		if (!isnan(set->v[i]->cross_mean))
			verdict = 1;
		if (!o->quiet && !o->summary && !o->json) {
			strbuf_reset(&sb);
			hrf_crossing_sentence(&sb, o, set->v[i], color);
			fprintf(stderr, "%s: %s\n", progname(), sb.buf);
		}
	}
	strbuf_release(&sb);
	return verdict;
}

static void write_svg(const struct hrf_options *o, const struct series_set *set)
{
	struct strbuf sb = STRBUF_INIT;
	struct hrf_chart ch = {
		.nlevels = o->nlevels, .have_threshold = o->have_threshold, .below = o->below,
		.threshold = o->threshold, .threshold_label = o->threshold_arg, .title = o->title,
	};
	struct hrf_series **ok = xcalloc(set->n, sizeof(*ok));
	size_t i, n = 0;
	FILE *f;

	for (i = 0; i < set->n; i++)
		if (set->v[i]->m)
			ok[n++] = set->v[i];
	memcpy(ch.levels, o->levels, sizeof(ch.levels));
	hrf_chart_svg(&sb, ok, n, &ch);
	free(ok);
	f = open_output(o->svg);
	strbuf_write(&sb, f);
	close_output(f, o->svg);
	strbuf_release(&sb);
}

static void series_set_release(struct series_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		forecast_free(set->v[i]->m);
		free(set->v[i]->t);
		free(set->v[i]->y);
		free(set->v[i]->name);
		free(set->v[i]->why);
		free(set->v[i]->threshold_label);
		free(set->v[i]);
	}
	free(set->v);
}

int main(int argc, char **argv)
{
	struct hrf_options o;
	struct series_set set = { 0 };
	int first, i, verdict, rc;

	cli_init(argv[0]);
	first = parse_options(argc, argv, &o);
	if (first == argc)
		read_input(&set, "-");
	for (i = first; i < argc; i++)
		read_input(&set, argv[i]);
	if (!set.n)
		die("%s: no data points", first < argc ? argv[first] : "-");
	qsort(set.v, set.n, sizeof(*set.v), cmp_line);
	for (size_t k = 0; k < set.n; k++)
		sort_points(set.v[k], o.until);
	hrf_guard_prepare(&o, set.v, set.n);
	fit_all(&o, &set);
	if (!report_failures(&set)) {
		series_set_release(&set);
		return 2;
	}
	hrf_guard_check(set.v, set.n);
	o.named = set.n > 1;
	write_output(&o, &set);
	verdict = report_crossings(&o, &set);
	if (o.svg)
		write_svg(&o, &set);
	series_set_release(&set);
	rc = finish_stdout();
	return rc ? rc : verdict;
}
