// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-latency's report of a run of requests or histograms: figures with
 * about five significant digits in the report's unit for people, shortest
 * exact numbers in JSON, or rows through libcommon's table writer.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/cli.h"
#include "headroom/error.h"
#include "headroom/escape.h"
#include "headroom/table.h"
#include "output.h"

void lat_fmt_num(char *buf, size_t size, double v)
{
	int dec;

	if (isnan(v)) {
		snprintf(buf, size, "-");
		return;
	}
	if (v == 0 || fabs(v) >= 1e5) {
		snprintf(buf, size, "%.0f", v);
		return;
	}
	dec = 4 - (int)floor(log10(fabs(v)));
	if (dec < 0)
		dec = 0;
	if (dec > 9)
		dec = 9;
	snprintf(buf, size, "%.*f", dec, v);
}

const char *lat_unit_label(double unit)
{
	if (unit == 1e-9)
		return "ns";
	if (unit == 1e-6)
		return "us";
	if (unit == 1)
		return "s";
	return "ms";
}

/* --- the SLA --- */

static bool is_latency(const struct sla_clause *c)
{
	return c->metric == SLA_PCT || c->metric == SLA_MIN || c->metric == SLA_MEAN ||
	       c->metric == SLA_MAX || c->metric == SLA_STDEV;
}

/* Latency limits are in seconds, measures in the report's unit. */
static bool sla_pass(const struct sla_clause *c, double m, double unit)
{
	if (isnan(m))
		return false;
	if (is_latency(c))
		m *= unit;
	if (c->less)
		return c->or_equal ? m <= c->limit : m < c->limit;
	return c->or_equal ? m >= c->limit : m > c->limit;
}

void sla_judge(struct sla_verdict *v, const struct lat_report *rep, const struct sla_figures *f)
{
	size_t i;

	v->measured = xcalloc(rep->nsla + 1, sizeof(*v->measured));
	v->pass = xcalloc(rep->nsla + 1, sizeof(*v->pass));
	v->all = true;
	for (i = 0; i < rep->nsla; i++) {
		const struct sla_clause *c = &rep->sla[i];

		v->measured[i] = c->metric == SLA_PCT ? f->quantile(f->arg, c->q) : f->v[c->metric];
		v->pass[i] = sla_pass(c, v->measured[i], rep->run->unit_out);
		v->all &= v->pass[i];
	}
}

void sla_verdict_release(struct sla_verdict *v)
{
	free(v->measured);
	free(v->pass);
}

static void fmt_measured(char *buf, size_t size, const struct sla_clause *c, double m,
			 double unit)
{
	char num[64];

	if (isnan(m)) {
		snprintf(buf, size, "no data");
		return;
	}
	switch (c->metric) {
	case SLA_ERROR_RATE:
		snprintf(buf, size, "%.3g%%", m * 100);
		return;
	case SLA_ERRORS:
		snprintf(buf, size, "%.0f", m);
		return;
	case SLA_APDEX:
		snprintf(buf, size, "%.3f", m);
		return;
	case SLA_THROUGHPUT:
		lat_fmt_num(num, sizeof(num), m);
		snprintf(buf, size, "%s/s", num);
		return;
	default:
		lat_fmt_num(num, sizeof(num), m);
		snprintf(buf, size, "%s %s", num, lat_unit_label(unit));
		return;
	}
}

void sla_table(struct strbuf *sb, const struct lat_report *rep, const struct sla_verdict *v)
{
	size_t i, w = 0;
	char meas[96];

	if (!rep->sla)
		return;
	for (i = 0; i < rep->nsla; i++)
		if (strlen(rep->sla[i].text) > w)
			w = strlen(rep->sla[i].text);
	strbuf_addstr(sb, "\nSLA\n");
	for (i = 0; i < rep->nsla; i++) {
		fmt_measured(meas, sizeof(meas), &rep->sla[i], v->measured[i], rep->run->unit_out);
		strbuf_addf(sb, "  %-*s  ", (int)w, rep->sla[i].text);
		add_colored(sb, rep->color, v->pass[i] ? COLOR_GOOD : COLOR_BAD,
				v->pass[i] ? "pass" : "FAIL");
		strbuf_addf(sb, "  %s\n", meas);
	}
	strbuf_addstr(sb, "SLA ");
	add_colored(sb, rep->color, v->all ? COLOR_GOOD : COLOR_BAD, v->all ? "met" : "missed");
	strbuf_addch(sb, '\n');
}

void sla_json(struct json *j, const struct lat_report *rep, const struct sla_verdict *v)
{
	size_t i;

	if (!rep->sla)
		return;
	json_array_begin(j, "sla");
	for (i = 0; i < rep->nsla; i++) {
		json_object_begin(j, NULL);
		json_str(j, "clause", rep->sla[i].text);
		json_num(j, "measured", v->measured[i]);
		json_bool(j, "pass", v->pass[i]);
		json_object_end(j);
	}
	json_array_end(j);
	json_bool(j, "sla_pass", v->all);
}

bool lat_report_flush(struct strbuf *sb, struct sla_verdict *v, FILE *out)
{
	bool all = v->all;

	if (strbuf_write(sb, out) < 0)
		die_errno("write error");
	strbuf_release(sb);
	sla_verdict_release(v);
	return all;
}

/* --- a run of requests or histograms --- */

static double raw_quantile(const void *a, double q)
{
	return acc_quantile(a, q);
}

/* The figures every summary has, as members of the open JSON object. */
static void json_result(struct json *j, const struct result *r)
{
	size_t i;

	json_uint(j, "count", r->count);
	json_uint(j, "errors", r->errors);
	json_num(j, "error_rate", r->error_rate);
	json_num(j, "min", r->min);
	json_num(j, "mean", r->mean);
	json_num(j, "stdev", r->stdev);
	for (i = 0; i < NPCT; i++)
		json_num(j, lat_pct_keys[i], r->pct[i]);
	json_num(j, "max", r->max);
	json_num(j, "apdex", r->apdex);
	json_num(j, "throughput", r->throughput);
	if (r->synthetic)
		json_uint(j, "synthetic", r->synthetic);
}

/* --by in JSON: an array of the groups' figures, sorted by name. */
static void json_groups(struct json *j, const struct groups *gs)
{
	struct group *g = groups_sorted(gs);
	size_t i;

	json_array_begin(j, "groups");
	for (i = 0; i < groups_count(gs); i++) {
		struct result r;

		acc_summarise(g[i].acc, &r);
		json_object_begin(j, NULL);
		json_strn(j, "group", g[i].name, g[i].len);
		json_result(j, &r);
		json_object_end(j);
	}
	json_array_end(j);
	free(g);
}

/* --by: one line per group, sorted by name, then a blank line. */
static void group_table(struct strbuf *sb, const struct groups *gs, bool apdex, const char *unit)
{
	static const size_t cols[] = { 0, 2, 3, 4, 5 };	/* p50 p90 p95 p99 p99.9 */
	struct group *g = groups_sorted(gs);
	size_t i, j, n = groups_count(gs), w = 5;
	char num[64];

	struct strbuf shown = STRBUF_INIT;

	for (i = 0; i < n; i++) {
		strbuf_reset(&shown);
		escape_add(&shown, g[i].name, g[i].len, 0);
		if (shown.len > w)
			w = shown.len;
	}
	if (w > 40)
		w = 40;
	strbuf_addf(sb, "%-*s %9s %7s %7s %9s", (int)w, "group", "count", "errors", "error%", "mean");
	for (j = 0; j < sizeof(cols) / sizeof(cols[0]); j++)
		strbuf_addf(sb, " %9s", lat_pct_names[cols[j]]);
	strbuf_addf(sb, " %9s%s  (%s)\n", "max", apdex ? "   apdex" : "", unit);
	for (i = 0; i < n; i++) {
		struct result r;

		acc_summarise(g[i].acc, &r);
		strbuf_reset(&shown);
		escape_add(&shown, g[i].name, g[i].len, 0);
		strbuf_addf(sb, "%-*.*s %9llu %7llu", (int)w, (int)w, shown.buf,
			    (unsigned long long)r.count, (unsigned long long)r.errors);
		if (isnan(r.error_rate))
			strbuf_addf(sb, " %7s", "-");
		else
			strbuf_addf(sb, " %7.3g", r.error_rate * 100);
		lat_fmt_num(num, sizeof(num), r.mean);
		strbuf_addf(sb, " %9s", num);
		for (j = 0; j < sizeof(cols) / sizeof(cols[0]); j++) {
			lat_fmt_num(num, sizeof(num), r.pct[cols[j]]);
			strbuf_addf(sb, " %9s", num);
		}
		lat_fmt_num(num, sizeof(num), r.max);
		strbuf_addf(sb, " %9s", num);
		if (apdex) {
			if (isnan(r.apdex))
				strbuf_addf(sb, " %7s", "-");
			else
				strbuf_addf(sb, " %7.3f", r.apdex);
		}
		strbuf_addch(sb, '\n');
	}
	strbuf_addch(sb, '\n');
	strbuf_release(&shown);
	free(g);
}

/* The summary of every request, one figure a line. */
static void summary_table(struct strbuf *sb, const struct run *run, const struct result *r)
{
	const struct acc *a = &run->all;
	const char *unit = lat_unit_label(run->unit_out);
	char num[64];
	size_t i;

	strbuf_addf(sb, "%-12s %12llu\n", "count", (unsigned long long)r->count);
	if (run->has_errors) {
		strbuf_addf(sb, "%-12s %12llu", "errors", (unsigned long long)r->errors);
		if (!isnan(r->error_rate))
			strbuf_addf(sb, "  %.3g%%", r->error_rate * 100);
		strbuf_addch(sb, '\n');
	} else {
		strbuf_addf(sb, "%-12s %12s  (%s records no failures)\n", "errors", "unknown",
			    lt_format_name(run->format));
	}
	if (!isnan(r->throughput)) {
		lat_fmt_num(num, sizeof(num), r->throughput);
		strbuf_addf(sb, "%-12s %12s  req/s\n", "throughput", num);
	}
#define ROW(name, v) do { lat_fmt_num(num, sizeof(num), (v)); \
	strbuf_addf(sb, "%-12s %12s  %s\n", (name), num, unit); } while (0)
	ROW("min", r->min);
	ROW("mean", r->mean);
	ROW("stdev", r->stdev);
	for (i = 0; i < NPCT; i++)
		ROW(lat_pct_names[i], r->pct[i]);
	ROW("max", r->max);
#undef ROW
	if (!isnan(a->setup->apdex_t)) {
		char t[64];

		snprintf(t, sizeof(t), "%g", a->setup->apdex_t);
		if (isnan(r->apdex))
			snprintf(num, sizeof(num), "-");
		else
			snprintf(num, sizeof(num), "%.3f", r->apdex);
		strbuf_addf(sb, "%-12s %12s  T=%s %s: %llu satisfied, %llu tolerating, %llu frustrated\n",
			    "apdex", num, t, unit, (unsigned long long)a->satisfied,
			    (unsigned long long)a->tolerating,
			    (unsigned long long)(r->count + r->errors - a->satisfied - a->tolerating));
	}
	if (r->synthetic)
		strbuf_addf(sb, "%-12s %12llu  values added by --expected-interval (in the "
			    "percentiles, not in count)\n", "synthetic", (unsigned long long)r->synthetic);
	if (run->kind == LT_KIND_HISTOGRAMS)
		strbuf_addstr(sb, "(from HdrHistogram intervals: percentiles as HdrHistogram "
			      "computes them, stdev over the population)\n");
}

/* --format: one row for every request and one per --by group. */
static void result_row(struct table *t, const char *group, const struct result *r, double unit)
{
	size_t i;

	table_cell(t, group);
	table_num(t, (double)r->count, 0);
	table_num(t, (double)r->errors, 0);
	table_num(t, r->error_rate, -1);
	table_num(t, r->min, -1);
	table_num(t, r->mean, -1);
	table_num(t, r->stdev, -1);
	for (i = 0; i < NPCT; i++)
		table_num(t, r->pct[i], -1);
	table_num(t, r->max, -1);
	table_num(t, r->throughput, -1);
	table_num(t, r->apdex, -1);
	table_cell(t, lat_unit_label(unit));
}

static void write_rows(const struct lat_report *rep, const struct result *all, FILE *out)
{
	static const struct table_column cols[] = {
		{ "group", NULL, TABLE_LEFT }, { "count", NULL, TABLE_RIGHT },
		{ "errors", NULL, TABLE_RIGHT }, { "error_rate", NULL, TABLE_RIGHT },
		{ "min", NULL, TABLE_RIGHT }, { "mean", NULL, TABLE_RIGHT },
		{ "stdev", NULL, TABLE_RIGHT }, { "p50", NULL, TABLE_RIGHT },
		{ "p75", NULL, TABLE_RIGHT }, { "p90", NULL, TABLE_RIGHT },
		{ "p95", NULL, TABLE_RIGHT }, { "p99", NULL, TABLE_RIGHT },
		{ "p99.9", NULL, TABLE_RIGHT }, { "max", NULL, TABLE_RIGHT },
		{ "throughput", NULL, TABLE_RIGHT }, { "apdex", NULL, TABLE_RIGHT },
		{ "unit", NULL, TABLE_LEFT },
	};
	const struct groups *gs = &rep->run->gs;
	struct group *g = groups_sorted(gs);
	struct strbuf name = STRBUF_INIT;
	struct table t;
	size_t i;

	table_init(&t, cols, sizeof(cols) / sizeof(cols[0]));
	result_row(&t, "(all)", all, rep->run->unit_out);
	for (i = 0; i < groups_count(gs); i++) {
		struct result r;

		/* Names as the input had them in JSON; escaped where text is shown. */
		strbuf_reset(&name);
		if (rep->format == FORMAT_JSON)
			strbuf_add(&name, g[i].name, g[i].len);
		else
			escape_add(&name, g[i].name, g[i].len, 0);
		acc_summarise(g[i].acc, &r);
		result_row(&t, name.buf, &r, rep->run->unit_out);
	}
	strbuf_release(&name);
	if (table_write(&t, out, rep->format, 0) < 0)
		die_errno("write error");
	table_release(&t);
	free(g);
}

static void write_json(const struct lat_report *rep, const struct result *r,
		       const struct sla_verdict *v, struct strbuf *sb)
{
	const struct run *run = rep->run;
	struct json j;

	json_init(&j, sb);
	json_object_begin(&j, NULL);
	json_result(&j, r);
	json_str(&j, "unit", lat_unit_label(run->unit_out));
	json_str(&j, "format", lt_format_name(run->format));
	json_str(&j, "percentiles_from", run->kind == LT_KIND_HISTOGRAMS ? "histograms" :
		 run->setup.mode == ACC_HDR ? "histogram" : "values");
	json_bool(&j, "errors_known", run->has_errors);
	if (groups_count(&run->gs))
		json_groups(&j, &run->gs);
	sla_json(&j, rep, v);
	json_object_end(&j);
	strbuf_addch(sb, '\n');
}

bool lat_report_write(const struct lat_report *rep, FILE *out)
{
	struct run *run = rep->run;
	struct strbuf sb = STRBUF_INIT;
	struct sla_verdict v;
	struct result r;

	if (run->kind == LT_KIND_SUMMARY)
		return lat_summary_write(rep, out);
	acc_summarise(&run->all, &r);
	sla_judge(&v, rep, &(struct sla_figures){
		.v = { [SLA_MIN] = r.min, [SLA_MEAN] = r.mean, [SLA_MAX] = r.max,
		       [SLA_STDEV] = r.stdev, [SLA_ERRORS] = (double)r.errors,
		       [SLA_ERROR_RATE] = r.error_rate, [SLA_APDEX] = r.apdex,
		       [SLA_THROUGHPUT] = r.throughput },
		.quantile = raw_quantile, .arg = &run->all,
	});
	if (rep->json) {
		write_json(rep, &r, &v, &sb);
	} else if (rep->format != FORMAT_AUTO) {
		write_rows(rep, &r, out);
	} else {
		if (groups_count(&run->gs))
			group_table(&sb, &run->gs, !isnan(run->setup.apdex_t),
				    lat_unit_label(run->unit_out));
		summary_table(&sb, run, &r);
		sla_table(&sb, rep, &v);
	}
	return lat_report_flush(&sb, &v, out);
}
