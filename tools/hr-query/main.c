// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-query: reads the SQLite history back: lists series, selects a time range,
 * aggregates into steps and writes series TSV, CSV, JSON or OpenMetrics.
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/cli.h"
#include "headroom/db.h"
#include "headroom/error.h"
#include "headroom/series.h"
#include "headroom/strbuf.h"
#include "headroom/units.h"

static const char usage[] =
"Usage: hr-query [OPTION...] SELECTOR...\n"
"       hr-query --list [PATTERN...]\n"
"Read series back from the SQLite history written by hr-record.\n"
"A SELECTOR is a series name or glob with optional label globs:\n"
"'cpu.util', 'disk.*{dev=sd?}', 'cgroup.cpu.cores{cgroup=/system.slice/*}'.\n"
"\n"
"  --db FILE            history database (default: $HEADROOM_DB, else\n"
"                       /var/lib/headroom/history.db for root, else\n"
"                       $XDG_STATE_HOME/headroom/history.db)\n"
"  -l, --list           list the series (matching PATTERN) with unit, first and\n"
"                       last time and number of samples\n"
"  -s, --since TIME     from TIME: a duration before now (30d, 12h) or a time\n"
"                       (Unix seconds or RFC 3339); default: the beginning\n"
"  -u, --until TIME     up to TIME, as --since; default: now\n"
"      --step DURATION  one point per DURATION (1h, 5m), aggregated by --agg\n"
"      --agg FUNC       avg, min, max, sum, count, last or pNN such as p95, p99.9\n"
"                       (default avg; needs --step)\n"
"  -f, --format FMT     tsv (default), csv, json or openmetrics\n"
"      --iso            times as RFC 3339 instead of Unix seconds\n"
"  -o, --output FILE    write to FILE instead of standard output\n"
"  -h, --help           show this help and exit\n"
"      --version        show the version and exit\n";

enum { OPT_DB = OPT_VERSION + 1, OPT_STEP, OPT_AGG, OPT_ISO };
enum format { FMT_TSV, FMT_CSV, FMT_JSON, FMT_OPENMETRICS };

static const struct option longopts[] = {
	{ "db", required_argument, NULL, OPT_DB },
	{ "list", no_argument, NULL, 'l' },
	{ "since", required_argument, NULL, 's' },
	{ "until", required_argument, NULL, 'u' },
	{ "step", required_argument, NULL, OPT_STEP },
	{ "agg", required_argument, NULL, OPT_AGG },
	{ "format", required_argument, NULL, 'f' },
	{ "iso", no_argument, NULL, OPT_ISO },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

static bool iso;
static enum format fmt = FMT_TSV;

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

static void add_time(struct strbuf *sb, int64_t t)
{
	if (iso) {
		char buf[64];

		format_timestamp_iso(buf, sizeof(buf), (double)t);
		strbuf_addstr(sb, buf);
	} else {
		strbuf_addf(sb, "%lld", (long long)t);
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

static void flush(struct strbuf *sb, FILE *out, bool force)
{
	if (sb->len > (force ? 0 : 65536)) {
		if (strbuf_write(sb, out) < 0)
			die_errno("write error");
		strbuf_reset(sb);
	}
}

static void full_name(struct strbuf *sb, const struct db_series *s)
{
	strbuf_reset(sb);
	series_name_format(sb, s->name, s->labels);
}

static int do_list(struct db *db, char **pats, int npats, FILE *out)
{
	struct db_series *all;
	size_t nr, i;
	struct selector *sels = xcalloc((size_t)npats + 1, sizeof(*sels));
	struct strbuf sb = STRBUF_INIT, name = STRBUF_INIT;
	const char *why;
	int k, ret = 0;

	for (k = 0; k < npats; k++)
		if (selector_parse(&sels[k], pats[k], &why) < 0)
			usage_error("bad pattern '%s': %s", pats[k], why);
	if (db_list_series(db, NULL, true, &all, &nr) < 0) {
		ret = -1;
		goto out;
	}
	if (fmt == FMT_TSV)
		strbuf_addstr(&sb, "# series\tunit\tfirst\tlast\tcount\n");
	else if (fmt == FMT_CSV)
		strbuf_addstr(&sb, "series,unit,first,last,count\n");
	else if (fmt == FMT_JSON)
		strbuf_addch(&sb, '[');
	else
		usage_error("--list writes tsv, csv or json");
	for (i = 0; i < nr; i++) {
		bool m = !npats;

		for (k = 0; k < npats && !m; k++)
			m = selector_match(&sels[k], all[i].name, all[i].labels);
		if (!m || !all[i].count)
			continue;
		full_name(&name, &all[i]);
		if (fmt == FMT_JSON) {
			if (sb.buf[sb.len - 1] != '[')
				strbuf_addch(&sb, ',');
			strbuf_addstr(&sb, "\n {\"series\": ");
			strbuf_add_json(&sb, name.buf, name.len);
			strbuf_addstr(&sb, ", \"unit\": ");
			strbuf_add_json(&sb, all[i].unit, strlen(all[i].unit));
			strbuf_addstr(&sb, ", \"first\": ");
			if (iso) strbuf_addch(&sb, '"');
			add_time(&sb, all[i].first);
			if (iso) strbuf_addch(&sb, '"');
			strbuf_addstr(&sb, ", \"last\": ");
			if (iso) strbuf_addch(&sb, '"');
			add_time(&sb, all[i].last);
			if (iso) strbuf_addch(&sb, '"');
			strbuf_addf(&sb, ", \"count\": %lld}", (long long)all[i].count);
		} else {
			char sep = fmt == FMT_CSV ? ',' : '\t';

			if (fmt == FMT_CSV)
				add_csv(&sb, name.buf);
			else
				strbuf_addstr(&sb, name.buf);
			strbuf_addf(&sb, "%c%s%c", sep, *all[i].unit ? all[i].unit : "-", sep);
			add_time(&sb, all[i].first);
			strbuf_addch(&sb, sep);
			add_time(&sb, all[i].last);
			strbuf_addf(&sb, "%c%lld\n", sep, (long long)all[i].count);
		}
		flush(&sb, out, false);
	}
	if (fmt == FMT_JSON)
		strbuf_addstr(&sb, "\n]\n");
	flush(&sb, out, true);
	db_series_free(all, nr);
out:
	for (k = 0; k < npats; k++)
		selector_release(&sels[k]);
	free(sels);
	strbuf_release(&sb);
	strbuf_release(&name);
	return ret;
}

struct result {
	struct db_series *s;
	struct db_point *p;
	size_t n;
	char *full;
};

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

static void add_om_labels(struct strbuf *sb, const char *labels)
{
	if (!*labels)
		return;
	strbuf_addch(sb, '{');
	labels_each(labels, add_om_label, sb);
	strbuf_addch(sb, '}');
}

static void add_json_label(const char *key, const char *value, void *arg)
{
	struct strbuf *sb = arg;

	if (sb->buf[sb->len - 1] != '{')
		strbuf_addstr(sb, ", ");
	strbuf_add_json(sb, key, strlen(key));
	strbuf_addstr(sb, ": ");
	strbuf_add_json(sb, value, strlen(value));
}

static void write_results(struct result *r, size_t nr, FILE *out)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, j, total = 0;

	if (fmt == FMT_JSON) {
		strbuf_addch(&sb, '[');
		for (i = 0; i < nr; i++) {
			strbuf_addstr(&sb, i ? ",\n {" : "\n {");
			strbuf_addstr(&sb, "\"series\": ");
			strbuf_add_json(&sb, r[i].full, strlen(r[i].full));
			strbuf_addstr(&sb, ", \"name\": ");
			strbuf_add_json(&sb, r[i].s->name, strlen(r[i].s->name));
			strbuf_addstr(&sb, ", \"labels\": {");
			labels_each(r[i].s->labels, add_json_label, &sb);
			strbuf_addstr(&sb, "}, \"unit\": ");
			strbuf_add_json(&sb, r[i].s->unit, strlen(r[i].s->unit));
			strbuf_addstr(&sb, ", \"points\": [");
			for (j = 0; j < r[i].n; j++) {
				strbuf_addstr(&sb, j ? ", [" : "[");
				if (iso)
					strbuf_addch(&sb, '"');
				add_time(&sb, r[i].p[j].ts);
				if (iso)
					strbuf_addch(&sb, '"');
				strbuf_addstr(&sb, ", ");
				strbuf_add_num(&sb, r[i].p[j].value);
				strbuf_addch(&sb, ']');
				flush(&sb, out, false);
			}
			strbuf_addstr(&sb, "]}");
		}
		strbuf_addstr(&sb, "\n]\n");
		flush(&sb, out, true);
		strbuf_release(&sb);
		return;
	}
	if (fmt == FMT_OPENMETRICS) {
		/* One family per name, its series together, each in time order. */
		for (i = 0; i < nr; i++) {
			if (!i || strcmp(r[i].s->name, r[i - 1].s->name)) {
				strbuf_addstr(&sb, "# TYPE ");
				add_om_name(&sb, r[i].s->name);
				strbuf_addstr(&sb, " gauge\n");
				strbuf_addstr(&sb, "# HELP ");
				add_om_name(&sb, r[i].s->name);
				strbuf_addf(&sb, " %s", r[i].s->name);
				if (*r[i].s->unit)
					strbuf_addf(&sb, " (unit: %s)", r[i].s->unit);
				strbuf_addch(&sb, '\n');
			}
			for (j = 0; j < r[i].n; j++) {
				add_om_name(&sb, r[i].s->name);
				add_om_labels(&sb, r[i].s->labels);
				strbuf_addch(&sb, ' ');
				strbuf_add_num(&sb, r[i].p[j].value);
				strbuf_addf(&sb, " %lld\n", (long long)r[i].p[j].ts);
				flush(&sb, out, false);
			}
		}
		strbuf_addstr(&sb, "# EOF\n");
		flush(&sb, out, true);
		strbuf_release(&sb);
		return;
	}
	if (fmt == FMT_CSV)
		strbuf_addstr(&sb, nr == 1 ? "time,value\n" : "time,series,value\n");
	if (nr == 1) {
		if (fmt == FMT_TSV)
			strbuf_addf(&sb, "# series: %s\n", r[0].full);
		for (j = 0; j < r[0].n; j++) {
			add_time(&sb, r[0].p[j].ts);
			strbuf_addch(&sb, fmt == FMT_CSV ? ',' : '\t');
			strbuf_add_num(&sb, r[0].p[j].value);
			strbuf_addch(&sb, '\n');
			flush(&sb, out, false);
		}
	} else {
		/* Several series: one stream in time order, three columns. */
		struct row *rows;
		size_t k = 0;

		for (i = 0; i < nr; i++)
			total += r[i].n;
		rows = xcalloc(total ? total : 1, sizeof(*rows));
		for (i = 0; i < nr; i++)
			for (j = 0; j < r[i].n; j++) {
				rows[k].ts = r[i].p[j].ts;
				rows[k].series = i;
				rows[k].value = r[i].p[j].value;
				k++;
			}
		qsort(rows, total, sizeof(*rows), cmp_row);
		for (k = 0; k < total; k++) {
			add_time(&sb, rows[k].ts);
			if (fmt == FMT_CSV) {
				strbuf_addch(&sb, ',');
				add_csv(&sb, r[rows[k].series].full);
				strbuf_addch(&sb, ',');
			} else {
				strbuf_addf(&sb, "\t%s\t", r[rows[k].series].full);
			}
			strbuf_add_num(&sb, rows[k].value);
			strbuf_addch(&sb, '\n');
			flush(&sb, out, false);
		}
		free(rows);
	}
	flush(&sb, out, true);
	strbuf_release(&sb);
}

int main(int argc, char **argv)
{
	const char *db_path = NULL, *since_arg = NULL, *until_arg = NULL, *out_path = NULL;
	const char *agg_arg = NULL;
	double step = 0;
	bool list = false;
	struct db_agg agg = { DB_AGG_AVG, 0 };
	struct db db;
	struct db_series *all = NULL;
	struct result *res = NULL;
	size_t nall = 0, nres = 0, i;
	int64_t now, since, until;
	char *path;
	FILE *out;
	int c, k, ret = 0;
	bool *used;

	cli_init(argv[0]);
	while ((c = getopt_long(argc, argv, "hls:u:f:o:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h': fputs(usage, stdout); return finish_stdout();
		case OPT_VERSION: print_version(); return finish_stdout();
		case OPT_DB: db_path = optarg; break;
		case 'l': list = true; break;
		case 's': since_arg = optarg; break;
		case 'u': until_arg = optarg; break;
		case OPT_STEP:
			if (parse_duration(optarg, &step) < 0 || step < 1)
				usage_error("--step: expected a duration of a second or more (5m, 1h), got '%s'", optarg);
			break;
		case OPT_AGG:
			if (db_parse_agg(optarg, &agg) < 0)
				usage_error("--agg: expected avg, min, max, sum, count, last or pNN, got '%s'", optarg);
			agg_arg = optarg;
			break;
		case 'f':
			if (!strcmp(optarg, "tsv")) fmt = FMT_TSV;
			else if (!strcmp(optarg, "csv")) fmt = FMT_CSV;
			else if (!strcmp(optarg, "json")) fmt = FMT_JSON;
			else if (!strcmp(optarg, "openmetrics")) fmt = FMT_OPENMETRICS;
			else usage_error("--format: expected tsv, csv, json or openmetrics, got '%s'", optarg);
			break;
		case OPT_ISO: iso = true; break;
		case 'o': out_path = optarg; break;
		default: usage_error(NULL);
		}
	}
	if (!list && optind >= argc)
		usage_error("expected a series selector such as 'cpu.util' (or --list)");
	if (agg_arg && step <= 0)
		usage_error("--agg needs --step");
	now = db_now();
	since = since_arg ? parse_time_opt("--since", since_arg, now) : INT64_MIN / 2;
	until = until_arg ? parse_time_opt("--until", until_arg, now) : INT64_MAX / 2;
	if (since > until)
		usage_error("--since is after --until");

	path = db_path ? xstrdup(db_path) : db_default_path();
	if (db_open(&db, path, DB_READONLY) < 0) {
		free(path);
		return EXIT_TROUBLE;
	}
	out = open_output(out_path);
	if (list) {
		ret = do_list(&db, argv + optind, argc - optind, out) < 0 ? EXIT_TROUBLE : 0;
		goto done;
	}
	if (db_list_series(&db, NULL, false, &all, &nall) < 0) {
		ret = EXIT_TROUBLE;
		goto done;
	}
	used = xcalloc(nall ? nall : 1, sizeof(*used));
	for (k = optind; k < argc; k++) {
		struct selector sel;
		const char *why;
		bool any = false;

		if (selector_parse(&sel, argv[k], &why) < 0)
			usage_error("bad selector '%s': %s", argv[k], why);
		for (i = 0; i < nall; i++)
			if (selector_match(&sel, all[i].name, all[i].labels)) {
				used[i] = true;
				any = true;
			}
		selector_release(&sel);
		if (!any) {
			error("no series in '%s' matches '%s' (see hr-query --list)", path, argv[k]);
			ret = EXIT_TROUBLE;
		}
	}
	if (!ret) {
		res = xcalloc(nall ? nall : 1, sizeof(*res));
		for (i = 0; i < nall; i++) {
			struct strbuf sb = STRBUF_INIT;

			if (!used[i])
				continue;
			res[nres].s = &all[i];
			if (db_read_series(&db, all[i].id, since, until, (int64_t)step, &agg,
					   &res[nres].p, &res[nres].n) < 0) {
				ret = EXIT_TROUBLE;
				break;
			}
			series_name_format(&sb, all[i].name, all[i].labels);
			res[nres].full = strbuf_detach(&sb, NULL);
			nres++;
		}
		if (!ret)
			write_results(res, nres, out);
		for (i = 0; i < nres; i++) {
			free(res[i].p);
			free(res[i].full);
		}
		free(res);
	}
	free(used);
	db_series_free(all, nall);
done:
	close_output(out, out_path);
	db_close(&db);
	free(path);
	if (ret)
		return ret;
	return finish_stdout();
}
