// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-query: reads the SQLite history back: lists series, selects a time range,
 * aggregates into steps and writes series TSV, CSV, JSON or OpenMetrics.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/cli.h"
#include "headroom/db.h"
#include "headroom/error.h"
#include "headroom/json.h"
#include "headroom/labels.h"
#include "headroom/options.h"
#include "headroom/strbuf.h"
#include "headroom/units.h"

static const struct hr_usage usage = {
	"hr-query [OPTION]... SELECTOR...\n"
	"hr-query --list [PATTERN]...",
	"Read series back from the SQLite history written by hr-record.\n"
	"A SELECTOR is a series name or glob with optional label globs:\n"
	"'cpu.util', 'disk.*{dev=sd?}', 'cgroup.cpu.cores{cgroup=/system.slice/*}'.",
	"Exit status: 0 on success (also when the time range holds no points), 2 on\n"
	"bad usage, a selector that matches no series, or a database that cannot be read.\n"
	"Example: hr-query cpu.util --since 30d --step 1h --agg p95 | hr-forecast",
};

static const struct opt_choice formats[] = {
	{ "tsv", FORMAT_TSV }, { "csv", FORMAT_CSV }, { "json", FORMAT_JSON },
	{ "openmetrics", FORMAT_OPENMETRICS }, { NULL, 0 }
};

struct query_options {
	const char *db_path, *since, *until, *out_path;
	double step;			/* seconds; 0: raw points */
	struct db_agg agg;
	bool agg_given, list, iso;
	int format;			/* enum output_format */
};

/* One point a second at most: times are whole seconds. */
static int step_arg(const struct hr_option *opt, const char *arg)
{
	double *v = opt->value;

	if (parse_duration(arg, v) < 0 || *v < 1)
		return error("--step: expected a duration of a second or more (5m, 1h), got '%s'", arg);
	return 0;
}

static int agg_arg(const struct hr_option *opt, const char *arg)
{
	struct query_options *o = opt->value;

	if (db_parse_agg(arg, &o->agg) < 0)
		return error("--agg: expected avg, min, max, sum, count, last or pNN, got '%s'", arg);
	o->agg_given = true;
	return 0;
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
			   "from TIME: a duration before now (30d, 12h) or a time (Unix seconds "
			   "or RFC 3339); default: the beginning"),
		OPT_STRING('u', "until", &o->until, "TIME", "up to TIME, as --since; default: now"),
		OPT_CALLBACK(0, "step", &o->step, "DURATION",
			     "one point per DURATION (1h, 5m), aggregated by --agg", step_arg),
		OPT_CALLBACK(0, "agg", o, "FUNC",
			     "avg, min, max, sum, count, last or pNN such as p95, p99.9 "
			     "(default avg; needs --step)", agg_arg),
		OPT_CHOICE('f', "format", &o->format, "FMT", formats,
			   "tsv (default), csv, json or openmetrics"),
		OPT_BOOL(0, "iso", &o->iso, "times as RFC 3339 instead of Unix seconds"),
		OPT_OUTPUT(&o->out_path),
		OPT_HELP_VERSION(),
		OPT_END()
	};
	int first;

	*o = (struct query_options){ .agg = { DB_AGG_AVG, 0 }, .format = FORMAT_TSV };
	first = options_parse(argc, argv, options, &usage, 0);
	if (!o->list && first >= argc)
		usage_error("expected a series selector such as 'cpu.util' (or --list)");
	if (o->agg_given && o->step <= 0)
		usage_error("--agg needs --step");
	if (o->list && o->format == FORMAT_OPENMETRICS)
		usage_error("--list writes tsv, csv or json");
	return first;
}

/* A duration before now, or an absolute time. */
static int64_t parse_time_opt(const char *opt, const char *arg, int64_t now)
{
	double v;

	if (!strcmp(arg, "now"))
		return now;
	if (parse_duration(arg, &v) == 0 && strpbrk(arg, "smhdwyn"))
		return now - (int64_t)v;
	if (parse_timestamp(arg, &v) == 0)
		return (int64_t)floor(v);
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

/* The output, buffered: written out every 64 KiB. */
struct out {
	FILE *f;
	struct strbuf sb;
	enum output_format fmt;
	bool iso;
};

static void out_flush(struct out *o, bool force)
{
	if (o->sb.len > (force ? 0 : 65536)) {
		if (strbuf_write(&o->sb, o->f) < 0)
			die_errno("write error");
		strbuf_reset(&o->sb);
	}
}

static void add_time(struct out *o, int64_t t)
{
	if (o->iso) {
		char buf[64];

		format_timestamp_iso(buf, sizeof(buf), (double)t);
		strbuf_addstr(&o->sb, buf);
	} else {
		strbuf_addf(&o->sb, "%lld", (long long)t);
	}
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

static void add_csv(struct strbuf *sb, const char *s)
{
	if (!strpbrk(s, ",\"\n\r")) {
		strbuf_addstr(sb, s);
		return;
	}
	strbuf_addch(sb, '"');
	for (; *s; s++) {
		if (*s == '"')
			strbuf_addch(sb, '"');
		strbuf_addch(sb, *s);
	}
	strbuf_addch(sb, '"');
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
		add_csv(&o->sb, name);
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

/* OpenMetrics names: [a-zA-Z_:][a-zA-Z0-9_:]*, so dots become underscores. */
static void add_om_name(struct strbuf *sb, const char *name)
{
	for (; *name; name++)
		strbuf_addch(sb, (*name >= 'a' && *name <= 'z') || (*name >= 'A' && *name <= 'Z') ||
			     (*name >= '0' && *name <= '9') || *name == '_' || *name == ':' ? *name : '_');
}

static void add_om_label(const char *key, const char *value, void *arg)
{
	struct strbuf *sb = arg;
	const char *s;

	if (sb->buf[sb->len - 1] != '{')
		strbuf_addch(sb, ',');
	add_om_name(sb, key);
	strbuf_addstr(sb, "=\"");
	for (s = value; *s; s++) {
		if (*s == '"' || *s == '\\')
			strbuf_addch(sb, '\\');
		if (*s == '\n')
			strbuf_addstr(sb, "\\n");
		else
			strbuf_addch(sb, *s);
	}
	strbuf_addch(sb, '"');
}

/* One family per name, its series together, each in time order. */
static void write_openmetrics(struct out *o, const struct result *r, size_t nr)
{
	struct strbuf *sb = &o->sb;
	size_t i, k;

	for (i = 0; i < nr; i++) {
		const struct db_series *s = r[i].s;

		if (!i || strcmp(s->name, r[i - 1].s->name)) {
			strbuf_addstr(sb, "# TYPE ");
			add_om_name(sb, s->name);
			strbuf_addstr(sb, " gauge\n# HELP ");
			add_om_name(sb, s->name);
			strbuf_addf(sb, " %s", s->name);
			if (*s->unit)
				strbuf_addf(sb, " (unit: %s)", s->unit);
			strbuf_addch(sb, '\n');
		}
		for (k = 0; k < r[i].n; k++) {
			add_om_name(sb, s->name);
			if (*s->labels) {
				strbuf_addch(sb, '{');
				labels_each(s->labels, add_om_label, sb);
				strbuf_addch(sb, '}');
			}
			strbuf_addch(sb, ' ');
			strbuf_add_num(sb, r[i].p[k].value);
			strbuf_addf(sb, " %lld\n", (long long)r[i].p[k].ts);
			out_flush(o, false);
		}
	}
	strbuf_addstr(sb, "# EOF\n");
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
			add_csv(&o->sb, r[rows[k].series].full);
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
static int select_series(const struct db *db, const struct selector *sels, char **texts, int nsels,
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
static int do_query(struct db *db, const struct query_options *qo, int64_t since, int64_t until,
		    const struct selector *sels, char **texts, int nsels, struct out *o)
{
	struct db_series *all;
	struct result *res;
	size_t nall, nres = 0, i;
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
		add_full_name(&sb, &all[i]);
		res[nres++].full = strbuf_detach(&sb, NULL);
	}
	if (!ret)
		write_results(o, res, nres);
	for (i = 0; i < nres; i++) {
		free(res[i].p);
		free(res[i].full);
	}
	free(res);
	free(used);
	db_series_free(all, nall);
	return ret;
}

int main(int argc, char **argv)
{
	struct query_options qo;
	struct selector *sels;
	struct out o = { .sb = STRBUF_INIT };
	struct db db;
	int64_t now, since, until;
	char *path;
	int first, nsels, ret = EXIT_TROUBLE;

	cli_init(argv[0]);
	first = parse_options(argc, argv, &qo);
	now = db_now();
	since = qo.since ? parse_time_opt("--since", qo.since, now) : INT64_MIN / 2;
	until = qo.until ? parse_time_opt("--until", qo.until, now) : INT64_MAX / 2;
	if (since > until)
		usage_error("--since is after --until");
	nsels = argc - first;
	sels = parse_selectors(argv + first, nsels, qo.list ? "pattern" : "selector");

	path = qo.db_path ? xstrdup(qo.db_path) : db_default_path();
	if (db_open(&db, path, DB_READONLY) == 0) {
		o.f = open_output(qo.out_path);
		o.fmt = qo.format;
		o.iso = qo.iso;
		if (qo.list)
			ret = do_list(&db, sels, nsels, &o);
		else
			ret = do_query(&db, &qo, since, until, sels, argv + first, nsels, &o);
		ret = ret < 0 ? EXIT_TROUBLE : 0;
		close_output(o.f, qo.out_path);
		db_close(&db);
	}
	release_selectors(sels, nsels);
	strbuf_release(&o.sb);
	free(path);
	return ret ? ret : finish_stdout();
}
