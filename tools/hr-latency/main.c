// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-latency: summarises load-test latencies — percentiles, error rate,
 * throughput, Apdex — and judges them against a service-level objective.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/cli.h"
#include "headroom/error.h"
#include "headroom/linereader.h"
#include "headroom/options.h"
#include "headroom/progress.h"
#include "headroom/strbuf.h"
#include "headroom/units.h"
#include "acc.h"
#include "groups.h"
#include "output.h"
#include "parse.h"

static const struct hr_usage usage = {
	"hr-latency [OPTION]... [FILE]...",
	"Summarise request latencies: count, errors, min, mean, stdev, p50 p75 p90 p95\n"
	"p99 p99.9, max, throughput, Apdex, and SLA verdicts. FILE '-' or none: stdin.",
	"Exit status: 0 success (SLA met), 1 SLA missed, 2 trouble.",
};

/* A field given by number, or by a name to look up in a header line. */
struct field_ref {
	unsigned num;
	const char *name;
};

/* The fields of a line, in the order of the lat_parser's field numbers. */
enum { F_LATENCY, F_TIME, F_STATUS, F_GROUP, NFIELDS };

struct latency_options {
	struct lat_parser parser;	/* fields by number; by name once a header is read */
	struct field_ref fields[NFIELDS];
	bool header;			/* a field is named: the first line names them */
	bool json, hdr;
	const char *error_re, *apdex, *sla_spec;
	double apdex_t;			/* in the input unit; NAN: no --apdex */
	struct sla_clause *sla;
	size_t nsla;
	regex_t re;
};

static int parse_field_ref(const struct hr_option *opt, const char *arg, const char *what,
			   const char *hint)
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
	return error("bad %s '%s'%s", what, arg, hint);
}

static int latency_field_cb(const struct hr_option *opt, const char *arg)
{
	return parse_field_ref(opt, arg, "field", " (a number from 1, or a column name)");
}

static int status_field_cb(const struct hr_option *opt, const char *arg)
{
	return parse_field_ref(opt, arg, "status field", "");
}

static int time_field_cb(const struct hr_option *opt, const char *arg)
{
	return parse_field_ref(opt, arg, "time field", "");
}

static int by_field_cb(const struct hr_option *opt, const char *arg)
{
	return parse_field_ref(opt, arg, "--by field", "");
}

static int unit_cb(const struct hr_option *opt, const char *arg)
{
	double unit = lat_unit_seconds(arg);

	if (unit <= 0 || unit > 1)
		return error("unknown unit '%s' (ns, us, ms or s)", arg);
	*(double *)opt->value = unit;
	return 0;
}

/* What the options imply once all are read: the Apdex target in the input unit, the SLA, the regex. */
static void finish_options(struct latency_options *o)
{
	struct strbuf err = STRBUF_INIT;
	int i;

	if (o->parser.ok && !*o->parser.ok)
		usage_error("empty --ok list");
	if (o->parser.ok && !o->fields[F_STATUS].num && !o->fields[F_STATUS].name)
		usage_error("--ok needs --status-field");
	if (o->apdex) {
		double t;

		if (parse_number(o->apdex, &t) == 0 && t > 0)
			o->apdex_t = t;
		else if (parse_duration(o->apdex, &t) == 0 && t > 0)
			o->apdex_t = t / o->parser.unit;
		else
			usage_error("bad Apdex target '%s' (a duration such as 200ms)", o->apdex);
	}
	if (o->sla_spec && !(o->sla = sla_parse(o->sla_spec, o->parser.unit, &o->nsla, &err)))
		usage_error("%s", err.buf);
	if (o->error_re) {
		int e = regcomp(&o->re, o->error_re, REG_EXTENDED | REG_NOSUB);

		if (e) {
			char msg[256];

			regerror(e, &o->re, msg, sizeof(msg));
			usage_error("bad --error-regex '%s': %s", o->error_re, msg);
		}
		o->parser.error_re = &o->re;
	}
	for (i = 0; i < NFIELDS; i++)
		o->header |= o->fields[i].name != NULL;
	o->parser.field = o->fields[F_LATENCY].num;
	o->parser.time_field = o->fields[F_TIME].num;
	o->parser.status_field = o->fields[F_STATUS].num;
	o->parser.group_field = o->fields[F_GROUP].num;
	strbuf_release(&err);
}

static int parse_options(int argc, char **argv, struct latency_options *o)
{
	const struct hr_option options[] = {
		OPT_GROUP("Input:"),
		OPT_CALLBACK('f', "field", &o->fields[F_LATENCY], "N|NAME",
			     "the latency is field N (from 1; default 1), or the column NAME of a "
			     "header line", latency_field_cb),
		OPT_BOOL(0, "csv", &o->parser.csv, "fields are comma-separated (else blanks)"),
		OPT_CALLBACK('u', "unit", &o->parser.unit, "UNIT",
			     "unit of bare numbers: ns, us, ms (default), s", unit_cb),
		OPT_STRING(0, "error-regex", &o->error_re, "RE",
			   "lines matching RE (extended regex) are errors"),
		OPT_CALLBACK(0, "status-field", &o->fields[F_STATUS], "N|NAME",
			     "field holding a status; statuses not --ok are errors", status_field_cb),
		OPT_STRING(0, "ok", &o->parser.ok, "LIST",
			   "good statuses, x a wildcard (default 2xx): 2xx,304"),
		OPT_CALLBACK(0, "time-field", &o->fields[F_TIME], "N|NAME",
			     "field holding a timestamp (Unix seconds or ms, or RFC 3339), for the "
			     "throughput", time_field_cb),
		OPT_CALLBACK(0, "by", &o->fields[F_GROUP], "N|NAME",
			     "also summarise each value of this field (a label, an endpoint) on its own",
			     by_field_cb),
		OPT_GROUP("Output:"),
		OPT_STRING(0, "apdex", &o->apdex, "T",
			   "Apdex score with target T (500ms; bare: input unit)"),
		OPT_STRING(0, "sla", &o->sla_spec, "SPEC",
			   "judge 'p95<500ms,p99<1s,errors<0.1%'; exit 1 if missed"),
		OPT_BOOL(0, "json", &o->json, "one JSON object instead of the table"),
		OPT_BOOL(0, "hdr", &o->hdr, "bounded memory: percentiles from a log-linear "
			 "histogram, within 0.1 %"),
		OPT_HELP_VERSION(),
		OPT_END()
	};
	int first;

	memset(o, 0, sizeof(*o));
	o->parser.unit = 1e-3;
	o->fields[F_LATENCY].num = 1;
	o->apdex_t = NAN;
	first = options_parse(argc, argv, options, &usage, 0);
	finish_options(o);
	return first;
}

/* Resolves the named fields from a header line; dies naming what is missing. */
static void resolve_names(struct lat_parser *p, char *line, size_t len,
			  const struct field_ref *fields, const struct linereader *lr)
{
	unsigned *nums[NFIELDS] = { &p->field, &p->time_field, &p->status_field, &p->group_field };
	char *starts[256];
	size_t lens[256], nf, i, j;

	nf = lat_split(p, line, len, starts, lens, 256);
	for (i = 0; i < NFIELDS; i++) {
		if (!fields[i].name)
			continue;
		for (j = 0; j < nf; j++)
			if (lens[j] == strlen(fields[i].name) &&
			    !memcmp(starts[j], fields[i].name, lens[j]))
				break;
		if (j == nf)
			die("%s:%llu: no column '%s' in the header line", lr->name,
			    (unsigned long long)lr->lineno, fields[i].name);
		*nums[i] = (unsigned)j + 1;
	}
}

/* Whether a complaint about line 1 is about a word, such as a column name. */
static bool looks_like_header(const char *err)
{
	const char *got = strstr(err, "expected a latency");

	got = got ? strstr(got, "got '") : NULL;
	return got && isalpha((unsigned char)got[5]);
}

static void read_input(const char *path, const struct latency_options *o, struct acc *all,
		       struct groups *gs, struct progress *prog)
{
	struct lat_parser p = o->parser;
	struct linereader lr;
	struct strbuf err = STRBUF_INIT;
	struct lat_record rec;
	bool need_header = o->header;
	char *line;
	ssize_t len;

	if (linereader_open(&lr, path) < 0)
		die_errno("cannot open '%s'", path);
	while ((len = linereader_next(&lr, &line)) >= 0) {
		if (need_header) {
			const char *s = line + strspn(line, " \t");

			if (!*s || *s == '#')
				continue;
			resolve_names(&p, line, (size_t)len, o->fields, &lr);
			need_header = false;
			continue;
		}
		switch (lat_parse_line(&p, line, (size_t)len, &rec, &err)) {
		case LAT_SKIP:
			continue;
		case LAT_BAD:
			if (lr.lineno == 1 && !o->header && looks_like_header(err.buf))
				strbuf_addstr(&err, " (a header line? name the column: -f NAME)");
			die("%s:%llu: %s", lr.name, (unsigned long long)lr.lineno, err.buf);
		case LAT_ERROR:
		case LAT_VALUE:
			break;
		}
		acc_add(all, &rec);
		if (rec.group)
			acc_add(groups_acc(gs, rec.group, rec.group_len), &rec);
		if (!(lr.lineno & 0xfffff))
			progress_update(prog, false, "hr-latency: %llu lines",
					(unsigned long long)lr.lineno);
	}
	if (lr.error) {
		errno = lr.err;
		die_errno("cannot read '%s'", lr.name);
	}
	if (need_header && lr.lineno)
		die("%s: no header line", lr.name);
	linereader_close(&lr);
	strbuf_release(&err);
}

int main(int argc, char **argv)
{
	struct latency_options o;
	struct acc all;
	struct groups gs;
	struct progress prog;
	struct strbuf sb = STRBUF_INIT;
	bool pass;
	int first, i, rc;

	cli_init(argv[0]);
	first = parse_options(argc, argv, &o);
	acc_init(&all, o.hdr, o.apdex_t);
	groups_init(&gs, o.hdr, o.apdex_t);

	progress_start(&prog);
	if (first == argc)
		read_input("-", &o, &all, &gs, &prog);
	for (i = first; i < argc; i++)
		read_input(argv[i], &o, &all, &gs, &prog);
	progress_end(&prog);

	pass = lat_report_write(&(struct lat_report){
		.all = &all, .groups = &gs, .sla = o.sla, .nsla = o.nsla,
		.unit = o.parser.unit, .json = o.json,
	}, &sb);
	if (strbuf_write(&sb, stdout) < 0)
		die_errno("write error");

	strbuf_release(&sb);
	sla_free(o.sla, o.nsla);
	if (o.error_re)
		regfree(&o.re);
	acc_release(&all);
	groups_release(&gs);
	rc = finish_stdout();
	return rc ? rc : pass ? 0 : EXIT_VERDICT;
}
