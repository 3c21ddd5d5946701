// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-query: reads the SQLite history back: lists series, selects a time range,
 * aggregates into steps and writes series TSV, CSV, JSON or OpenMetrics; or
 * reads a Prometheus-compatible engine (prom.c), or pushes the history to
 * one (push.c).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "headroom/alloc.h"
#include "headroom/cli.h"
#include "headroom/db.h"
#include "headroom/error.h"
#include "headroom/json.h"
#include "headroom/labels.h"
#include "headroom/options.h"
#include "headroom/strbuf.h"
#include "headroom/table.h"
#include "headroom/units.h"
#include "query.h"

static const struct hr_usage usage = {
	"hr-query [OPTION]... SELECTOR...\n"
	"hr-query --list [PATTERN]...\n"
	"hr-query --profile [SELECTOR]... [--format folded|pprof]\n"
	"hr-query --prometheus URL [OPTION]... SELECTOR|PROMQL...\n"
	"hr-query --remote-write URL [OPTION]... SELECTOR...",
	"Read series back from the SQLite history written by hr-record, or from a\n"
	"Prometheus-compatible engine (--prometheus), or push the history to one\n"
	"(--remote-write). A SELECTOR is a series name or glob with optional label\n"
	"globs: 'cpu.util', 'disk.*{dev=sd?}', 'cgroup.cpu.cores{cgroup=/system.slice/*}'.\n"
	"With --prometheus, an argument that is not such a name (it has no '.') is\n"
	"PromQL: 'node_filesystem_avail_bytes', 'rate(x[5m])'.",
	"Exit status: 0 on success (also when the time range holds no points), 2 on\n"
	"bad usage, a selector that matches no series, a database that cannot be read,\n"
	"or a server's error or warning.\n"
	"Example: hr-query cpu.util --since 30d --step 1h --agg p95 | hr-forecast",
};

static const struct opt_choice formats[] = {
	{ "table", FORMAT_TABLE }, { "tsv", FORMAT_TSV }, { "csv", FORMAT_CSV },
	{ "json", FORMAT_JSON }, { "openmetrics", FORMAT_OPENMETRICS },
	{ "folded", FORMAT_FOLDED }, { "pprof", FORMAT_PPROF }, { NULL, 0 }
};

/* One point a second at most: times are whole seconds. */
static int step_arg(const struct hr_option *opt, const char *arg)
{
	double *v = opt->value;

	if (parse_duration(arg, v) < 0 || *v < 1 || *v > 100 * 365 * 86400.0)
		return error("--step: expected a duration of a second to 100 years (5m, 1h), got '%s'", arg);
	return 0;
}

static int agg_arg(const struct hr_option *opt, const char *arg)
{
	struct query_options *o = opt->value;

	if (db_parse_agg(arg, &o->agg) < 0)
		return error("--agg: expected avg, min, max, sum, count, last or pNN, got '%s'", arg);
	o->agg_given = true;
	o->agg_name = arg;
	return 0;
}

/* The choices of a run that reads from or pushes to an engine. */
static void check_remote_usage(const struct query_options *o, int first, int argc)
{
	const char *url = o->prometheus ? o->prometheus : o->remote_write, *why;
	const char *opt = o->prometheus ? "--prometheus" : "--remote-write";

	if (!url) {
		if (o->name || o->http.bearer_token_file || o->http.basic_auth_file || o->http.ca_file ||
		    o->http.cert_file || o->http.key_file || o->timeout)
			usage_error("--name, --timeout and the HTTP options go with --prometheus or --remote-write");
		return;
	}
	if (o->prometheus && o->remote_write)
		usage_error("--prometheus and --remote-write exclude each other");
	if (http_url_check(url, &why) < 0)
		usage_error("%s: %s, got '%s'", opt, why, url);
	if (o->list)
		usage_error("--list reads the SQLite history; %s takes selectors", opt);
	if (first >= argc)
		usage_error("%s: expected a series selector such as 'cpu.util'%s", opt,
			    o->prometheus ? " or PromQL" : "");
	if (o->format != FORMAT_AUTO && o->format != FORMAT_TSV && o->format != FORMAT_TABLE)
		usage_error("%s writes series TSV (or a table) only", opt);
	if (o->remote_write && (o->step > 0 || o->out_path || o->name))
		usage_error("--remote-write pushes the stored points: no --step, --output or --name");
}

/* Returns the index of the first selector in argv. */
static int parse_options(int argc, char **argv, struct query_options *o)
{
	const struct hr_option options[] = {
		OPT_DB(&o->db_path),
		OPT_BOOL('l', "list", &o->list,
			 "list the series (matching PATTERN) with unit, first and last time "
			 "and number of samples"),
		OPT_STRING('s', "since", &o->since, "TIME",
			   "from TIME: a duration before now or --until (30d, 12h) or a time "
			   "(Unix seconds or RFC 3339); default: the beginning (--prometheus: 1d)"),
		OPT_STRING('u', "until", &o->until, "TIME", "up to TIME, as --since; default: now"),
		OPT_CALLBACK(0, "step", &o->step, "DURATION",
			     "one point per DURATION (1h, 5m), aggregated by --agg", step_arg),
		OPT_CALLBACK(0, "agg", o, "FUNC",
			     "avg, min, max, sum, count, last or pNN such as p95, p99.9 "
			     "(default avg; needs --step)", agg_arg),
		OPT_CHOICE('f', "format", &o->format, "FMT", formats,
			   "table (the default on a terminal), tsv (otherwise), csv, json or "
			   "openmetrics; with --profile folded (default) or pprof"),
		OPT_SET_INT(0, "json", &o->format, "the same as --format json", FORMAT_JSON),
		OPT_BOOL(0, "iso", &o->iso, "times as RFC 3339 instead of Unix seconds "
			 "(--list on a terminal: the default)"),
		OPT_OUTPUT(&o->out_path),
		OPT_BOOL(0, "profile", &o->profile, "the stack profiles hr-sample --db stored, "
			 "merged over the windows that start\nin the range, selected by labels "
			 "(host, command, cgroup, unit)"),
		OPT_GROUP("Prometheus-compatible engines:"),
		OPT_STRING(0, "prometheus", &o->prometheus, "URL",
			   "read from the query API at URL (http://HOST:9090) instead of the database"),
		OPT_STRING(0, "name", &o->name, "NAME",
			   "with --prometheus: the series name of results without a metric name "
			   "(default 'value')"),
		OPT_PROM_TIMEOUT(&o->timeout),
		OPT_STRING(0, "remote-write", &o->remote_write, "URL",
			   "push the selected series' points from the database to the "
			   "remote-write endpoint URL (backfill), oldest first"),
		OPT_HTTP(&o->http),
		OPT_GROUP("Other:"),
		OPT_HELP_VERSION(),
		OPT_END()
	};
	int first;

	*o = (struct query_options){ .agg = { DB_AGG_AVG, 0 }, .format = FORMAT_AUTO };
	first = options_parse(argc, argv, options, &usage, 0);
	check_profile_usage(o);
	if (!o->list && !o->profile && first >= argc)
		usage_error("expected a series selector such as 'cpu.util' (or --list)");
	if (o->agg_given && o->step <= 0)
		usage_error("--agg needs --step");
	if (o->list && o->format == FORMAT_OPENMETRICS)
		usage_error("--list writes table, tsv, csv or json");
	check_remote_usage(o, first, argc);
	return first;
}

/* A duration before now, or an absolute time; out of range is an error. */
static int64_t parse_time_opt(const char *opt, const char *arg, int64_t now)
{
	const char *why;
	double v;

	if (!strcmp(arg, "now"))
		return now;
	if (parse_duration(arg, &v) == 0 && strpbrk(arg, "smhdwyn")) {
		if ((double)now - v < TIME_MIN)
			usage_error("%s: '%s' before now is before the year 1", opt, arg);
		return now - (int64_t)v;
	}
	if (parse_timestamp(arg, &v) == 0) {
		if ((why = time_range_error(v)))
			usage_error("%s: '%s' is %s", opt, arg, why);
		return (int64_t)floor(v);
	}
	usage_error("%s: expected a duration before now (30d) or a time (Unix seconds or RFC 3339), got '%s'",
		    opt, arg);
}

/* The selectors (or --list patterns) of the command line; exits on a bad one. */
static struct selector *parse_selectors(char **args, int n, const char *what)
{
	struct selector *sels = xcalloc((size_t)n + 1, sizeof(*sels));
	const char *why;
	int k;

	for (k = 0; k < n; k++)
		if (selector_parse(&sels[k], args[k], &why) < 0)
			usage_error("bad %s '%s': %s", what, args[k], why);
	return sels;
}

static void release_selectors(struct selector *sels, int n)
{
	int k;

	for (k = 0; k < n; k++)
		selector_release(&sels[k]);
	free(sels);
}

/* --- output ------------------------------------------------------------------ */

void out_flush(struct out *o, bool force)
{
	if (o->table) {
		if (force && o->sb.len && out_write_table(o) < 0)
			die_errno("write error");
		return;
	}
	if (o->sb.len > (force ? 0 : 65536)) {
		if (strbuf_write(&o->sb, o->f) < 0)
			die_errno("write error");
		strbuf_reset(&o->sb);
	}
}

void out_time(struct out *o, double t)
{
	if (o->iso) {
		char buf[64];

		format_timestamp_iso(buf, sizeof(buf), t);
		strbuf_addstr(&o->sb, buf);
	} else {
		strbuf_add_num(&o->sb, t);
	}
}

static void add_time(struct out *o, int64_t t)
{
	out_time(o, (double)t);
}

void describe_time(char *buf, size_t size, int64_t t)
{
	if (t <= INT64_MIN / 2)
		snprintf(buf, size, "the beginning");
	else if (t >= INT64_MAX / 2)
		snprintf(buf, size, "now");
	else
		format_timestamp_iso(buf, size, (double)t);
}

/* A time in JSON: a number, or a string with --iso. */
static void json_time(struct out *o, struct json *j, const char *key, int64_t t)
{
	char buf[64];

	if (o->iso) {
		format_timestamp_iso(buf, sizeof(buf), (double)t);
		json_str(j, key, buf);
	} else {
		json_int(j, key, t);
	}
}

static void add_full_name(struct strbuf *sb, const struct db_series *s)
{
	strbuf_reset(sb);
	series_name_format(sb, s->name, s->labels);
}

/* --- --list ------------------------------------------------------------------- */

static bool matches_any(const struct selector *sels, int n, const struct db_series *s)
{
	int k;

	for (k = 0; k < n; k++)
		if (selector_match(&sels[k], s->name, s->labels))
			return true;
	return !n;
}

static void list_row(struct out *o, struct json *j, const struct db_series *s, const char *name)
{
	char sep = o->fmt == FORMAT_CSV ? ',' : '\t';

	if (o->fmt == FORMAT_JSON) {
		json_object_begin(j, NULL);
		json_str(j, "series", name);
		json_str(j, "unit", s->unit);
		json_time(o, j, "first", s->first);
		json_time(o, j, "last", s->last);
		json_int(j, "count", s->count);
		json_object_end(j);
		return;
	}
	if (o->fmt == FORMAT_CSV)
		table_add_csv_field(&o->sb, name);
	else
		strbuf_addstr(&o->sb, name);
	strbuf_addf(&o->sb, "%c%s%c", sep, *s->unit ? s->unit : "-", sep);
	add_time(o, s->first);
	strbuf_addch(&o->sb, sep);
	add_time(o, s->last);
	strbuf_addf(&o->sb, "%c%lld\n", sep, (long long)s->count);
}

static int do_list(struct db *db, const struct selector *sels, int nsels, struct out *o)
{
	struct strbuf name = STRBUF_INIT;
	struct db_series *all;
	struct json j;
	size_t nr, i;

	if (db_list_series(db, NULL, true, &all, &nr) < 0)
		return -1;
	json_init(&j, &o->sb);
	j.newline_items = true;
	if (o->fmt == FORMAT_TSV)
		strbuf_addstr(&o->sb, "# series\tunit\tfirst\tlast\tcount\n");
	else if (o->fmt == FORMAT_CSV)
		strbuf_addstr(&o->sb, "series,unit,first,last,count\n");
	else
		json_array_begin(&j, NULL);
	for (i = 0; i < nr; i++) {
		if (!all[i].count || !matches_any(sels, nsels, &all[i]))
			continue;
		add_full_name(&name, &all[i]);
		list_row(o, &j, &all[i], name.buf);
		out_flush(o, false);
	}
	if (o->fmt == FORMAT_JSON) {
		json_array_end(&j);
		strbuf_addch(&o->sb, '\n');
	}
	out_flush(o, true);
	db_series_free(all, nr);
	strbuf_release(&name);
	return 0;
}

/* --- reading and writing points ------------------------------------------------ */

struct result {
	struct db_series *s;
	struct db_point *p;
	size_t n;
	char *full;
};

static void add_json_label(const char *key, const char *value, void *arg)
{
	json_str(arg, key, value);
}

static void write_json(struct out *o, const struct result *r, size_t nr)
{
	struct json j;
	size_t i, k;

	json_init(&j, &o->sb);
	j.newline_items = true;
	json_array_begin(&j, NULL);
	for (i = 0; i < nr; i++) {
		json_object_begin(&j, NULL);
		json_str(&j, "series", r[i].full);
		json_str(&j, "name", r[i].s->name);
		json_object_begin(&j, "labels");
		labels_each(r[i].s->labels, add_json_label, &j);
		json_object_end(&j);
		json_str(&j, "unit", r[i].s->unit);
		json_array_begin(&j, "points");
		for (k = 0; k < r[i].n; k++) {
			json_array_begin(&j, NULL);
			json_time(o, &j, NULL, r[i].p[k].ts);
			json_num(&j, NULL, r[i].p[k].value);
			json_array_end(&j);
			out_flush(o, false);
		}
		json_array_end(&j);
		json_object_end(&j);
	}
	json_array_end(&j);
	strbuf_addch(&o->sb, '\n');
}

/*
 * OpenMetrics: the names of headroom-series(5)'s rule for Prometheus-
 * compatible engines, the same series hr-record --remote-write pushes:
 * "headroom_" and the name spelled reversibly; label values as UTF-8.
 */
static void add_om_label(const char *key, const char *value, void *arg)
{
	struct strbuf *sb = arg, v = STRBUF_INIT;
	const char *s;

	if (!*value)
		return;		/* the engines read an empty value as no label */
	if (sb->buf[sb->len - 1] != '{')
		strbuf_addch(sb, ',');
	strbuf_addf(sb, "%s=\"", key);
	prom_label_value(&v, value);
	for (s = v.buf; *s; s++) {
		if (*s == '"' || *s == '\\')
			strbuf_addch(sb, '\\');
		if (*s == '\n')
			strbuf_addstr(sb, "\\n");
		else
			strbuf_addch(sb, *s);
	}
	strbuf_release(&v);
	strbuf_addch(sb, '"');
}

static void check_om_key(const char *key, const char *value, void *arg)
{
	(void)value;
	if (!prom_label_name_ok(key))
		*(bool *)arg = false;
}

/* Whether the engines can name the series: label names [a-zA-Z_][a-zA-Z0-9_]*. */
static bool om_sendable(const struct db_series *s)
{
	bool ok = true;

	labels_each(s->labels, check_om_key, &ok);
	if (!ok)
		warning("'%s{%s}': a label name that Prometheus-compatible engines do not take; "
			"not written", s->name, s->labels);
	return ok;
}

/* One family per name, its series together, each in time order. */
static void write_openmetrics(struct out *o, const struct result *r, size_t nr)
{
	struct strbuf *sb = &o->sb, name = STRBUF_INIT;
	const char *p, *family = NULL;
	size_t i, k;

	for (i = 0; i < nr; i++) {
		const struct db_series *s = r[i].s;

		if (!om_sendable(s))
			continue;
		strbuf_reset(&name);
		prom_name_encode(&name, s->name);
		if (!family || strcmp(s->name, family)) {
			family = s->name;
			strbuf_addf(sb, "# TYPE %s gauge\n# HELP %s ", name.buf, name.buf);
			for (p = s->name; *p; p++) {
				if (*p == '\\')
					strbuf_addch(sb, '\\');
				strbuf_addch(sb, *p);
			}
			if (*s->unit)
				strbuf_addf(sb, " (unit: %s)", s->unit);
			strbuf_addch(sb, '\n');
		}
		for (k = 0; k < r[i].n; k++) {
			strbuf_add(sb, name.buf, name.len);
			if (*s->labels) {
				strbuf_addch(sb, '{');
				labels_each(s->labels, add_om_label, sb);
				if (sb->buf[sb->len - 1] == '{')
					strbuf_setlen(sb, sb->len - 1);
				else
					strbuf_addch(sb, '}');
			}
			strbuf_addch(sb, ' ');
			strbuf_add_num(sb, r[i].p[k].value);
			strbuf_addf(sb, " %lld\n", (long long)r[i].p[k].ts);
			out_flush(o, false);
		}
	}
	strbuf_addstr(sb, "# EOF\n");
	strbuf_release(&name);
}

/* One series: "# series: NAME" (TSV) or a header (CSV), then time and value. */
static void write_one_series(struct out *o, const struct result *r)
{
	size_t k;

	if (o->fmt == FORMAT_CSV)
		strbuf_addstr(&o->sb, "time,value\n");
	else
		strbuf_addf(&o->sb, "# series: %s\n", r->full);
	for (k = 0; k < r->n; k++) {
		add_time(o, r->p[k].ts);
		strbuf_addch(&o->sb, o->fmt == FORMAT_CSV ? ',' : '\t');
		strbuf_add_num(&o->sb, r->p[k].value);
		strbuf_addch(&o->sb, '\n');
		out_flush(o, false);
	}
}

struct row {
	int64_t ts;
	size_t series;
	double value;
};

/* The order of db_list_series(): name, then labels. */
static int cmp_series_names(const struct db_series *x, const struct db_series *y)
{
	int c = strcmp(x->name, y->name);

	return c ? c : strcmp(x->labels, y->labels);
}

static int cmp_row(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return x->series < y->series ? -1 : x->series > y->series;
}

/* Several series: one stream in time order, three columns. */
static void write_merged(struct out *o, const struct result *r, size_t nr)
{
	struct row *rows;
	size_t i, k, total = 0, n = 0;

	if (o->fmt == FORMAT_CSV)
		strbuf_addstr(&o->sb, "time,series,value\n");
	for (i = 0; i < nr; i++)
		total += r[i].n;
	rows = xcalloc(total ? total : 1, sizeof(*rows));
	for (i = 0; i < nr; i++)
		for (k = 0; k < r[i].n; k++)
			rows[n++] = (struct row){ r[i].p[k].ts, i, r[i].p[k].value };
	qsort(rows, total, sizeof(*rows), cmp_row);
	for (k = 0; k < total; k++) {
		add_time(o, rows[k].ts);
		if (o->fmt == FORMAT_CSV) {
			strbuf_addch(&o->sb, ',');
			table_add_csv_field(&o->sb, r[rows[k].series].full);
			strbuf_addch(&o->sb, ',');
		} else {
			strbuf_addf(&o->sb, "\t%s\t", r[rows[k].series].full);
		}
		strbuf_add_num(&o->sb, rows[k].value);
		strbuf_addch(&o->sb, '\n');
		out_flush(o, false);
	}
	free(rows);
}

static void write_results(struct out *o, const struct result *r, size_t nr)
{
	if (o->fmt == FORMAT_JSON)
		write_json(o, r, nr);
	else if (o->fmt == FORMAT_OPENMETRICS)
		write_openmetrics(o, r, nr);
	else if (nr == 1)
		write_one_series(o, r);
	else
		write_merged(o, r, nr);
	out_flush(o, true);
}

/*
 * Marks in used[] the series each selector matches; a selector that
 * matches none is an error (each one reported).
 */
int select_series(const struct db *db, const struct selector *sels, char **texts, int nsels,
		  const struct db_series *all, size_t nall, bool *used)
{
	int k, ret = 0;
	size_t i;

	for (k = 0; k < nsels; k++) {
		bool any = false;

		for (i = 0; i < nall; i++)
			if (selector_match(&sels[k], all[i].name, all[i].labels))
				used[i] = any = true;
		if (!any)
			ret = error("no series in '%s' matches '%s' (see hr-query --list)",
				    db->path, texts[k]);
	}
	return ret;
}

/* The points of the selected series, written out. */
/*
 * Nothing in the window: say so, with where the chosen series do hold data
 * (a mistyped --since should not look like an empty history).
 */
static void report_no_points(struct db *db, const bool *used, const struct db_series *all,
			     size_t nall, int64_t since, int64_t until)
{
	struct db_series *stats;
	int64_t first = INT64_MAX, last = INT64_MIN;
	char a[64], b[64], c[64], d[64];
	size_t nstats, i, j, n = 0;

	if (db_list_series(db, NULL, true, &stats, &nstats) < 0)
		return;
	for (i = j = 0; i < nall; i++) {
		if (!used[i])
			continue;
		n++;
		while (j < nstats && cmp_series_names(&stats[j], &all[i]) < 0)
			j++;
		if (j < nstats && stats[j].id == all[i].id && stats[j].count) {
			if (stats[j].first < first)
				first = stats[j].first;
			if (stats[j].last > last)
				last = stats[j].last;
		}
	}
	describe_time(a, sizeof(a), since);
	describe_time(b, sizeof(b), until);
	if (first <= last) {
		describe_time(c, sizeof(c), first);
		describe_time(d, sizeof(d), last);
		warning("no points from %s to %s in the %zu series selected; they hold data from %s to %s",
			a, b, n, c, d);
	} else {
		warning("no points from %s to %s in the %zu series selected, nor at any other time",
			a, b, n);
	}
	db_series_free(stats, nstats);
}

static int do_query(struct db *db, const struct query_options *qo, int64_t since, int64_t until,
		    const struct selector *sels, char **texts, int nsels, struct out *o)
{
	struct db_series *all;
	struct result *res;
	size_t nall, nres = 0, points = 0, i;
	bool *used;
	int ret;

	if (db_list_series(db, NULL, false, &all, &nall) < 0)
		return -1;
	used = xcalloc(nall ? nall : 1, sizeof(*used));
	res = xcalloc(nall ? nall : 1, sizeof(*res));
	ret = select_series(db, sels, texts, nsels, all, nall, used);
	for (i = 0; i < nall && !ret; i++) {
		struct strbuf sb = STRBUF_INIT;

		if (!used[i])
			continue;
		res[nres].s = &all[i];
		ret = db_read_series(db, all[i].id, since, until, (int64_t)qo->step, &qo->agg,
				     &res[nres].p, &res[nres].n);
		points += res[nres].n;
		add_full_name(&sb, &all[i]);
		res[nres++].full = strbuf_detach(&sb, NULL);
	}
	if (!ret)
		write_results(o, res, nres);
	if (!ret && !points)
		report_no_points(db, used, all, nall, since, until);
	for (i = 0; i < nres; i++) {
		free(res[i].p);
		free(res[i].full);
	}
	free(res);
	free(used);
	db_series_free(all, nall);
	return ret;
}

/*
 * Opens the output and chooses its format: a table on a terminal, TSV
 * otherwise, unless --format says. A table is written as TSV, held, and
 * aligned at the end; people read RFC 3339 times.
 */
static void out_open(struct out *o, const struct query_options *qo)
{
	o->f = open_output(qo->out_path);
	o->fmt = output_format_resolve(qo->format, o->f);
	o->table = o->fmt == FORMAT_TABLE;
	if (o->table)
		o->fmt = FORMAT_TSV;
	/* --list is read by a person on a terminal: times they can read. */
	o->iso = qo->iso || o->table || (qo->list && o->fmt == FORMAT_TSV && isatty(fileno(o->f)));
}

/* The SQLite history: --list, a query, or a push (--remote-write). */
static int from_database(const struct query_options *qo, struct selector *sels, char **texts,
			 int nsels, int64_t since, int64_t until, struct out *o)
{
	struct db db;
	int ret;

	if (db_open(&db, qo->db_path, DB_READONLY) < 0)
		return EXIT_TROUBLE;
	if (qo->remote_write) {
		ret = push_history(&db, qo, sels, texts, nsels, since, until);
		db_close(&db);
		return ret;
	}
	out_open(o, qo);
	if (qo->list)
		ret = do_list(&db, sels, nsels, o);
	else
		ret = do_query(&db, qo, since, until, sels, texts, nsels, o);
	close_output(o->f, qo->out_path);
	db_close(&db);
	return ret < 0 ? EXIT_TROUBLE : 0;
}

int main(int argc, char **argv)
{
	struct query_options qo;
	struct selector *sels = NULL;
	struct out o = { .sb = STRBUF_INIT };
	int64_t now, since, until;
	int first, nsels, ret;

	cli_init(argv[0]);
	first = parse_options(argc, argv, &qo);
	now = db_now();
	/* A --since duration counts back from --until, as in hr-forecast and hr-rightsize. */
	until = qo.until ? parse_time_opt("--until", qo.until, now) : INT64_MAX / 2;
	since = qo.since ? parse_time_opt("--since", qo.since, qo.until ? until : now) : INT64_MIN / 2;
	if (since > until)
		usage_error("--since is after --until");
	nsels = argc - first;
	if (qo.profile) {
		ret = query_profile(&qo, argv + first, nsels, since, until);
		nsels = 0;
	} else if (qo.prometheus) {
		out_open(&o, &qo);
		ret = query_prometheus(&qo, argv + first, nsels, since, until, &o);
		close_output(o.f, qo.out_path);
		nsels = 0;
	} else {
		sels = parse_selectors(argv + first, nsels, qo.list ? "pattern" : "selector");
		ret = from_database(&qo, sels, argv + first, nsels, since, until, &o);
	}
	release_selectors(sels, nsels);
	strbuf_release(&o.sb);
	return ret ? ret : finish_stdout();
}
