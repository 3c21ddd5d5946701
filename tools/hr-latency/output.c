// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-latency's report: figures with about five significant digits in the
 * input unit for people, shortest exact numbers in JSON.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/json.h"
#include "output.h"

static const char *const pct_names[NPCT] = { "p50", "p75", "p90", "p95", "p99", "p99.9" };
static const char *const pct_keys[NPCT] = { "p50", "p75", "p90", "p95", "p99", "p999" };

/* A number with about five significant digits and no exponent, for the table. */
static void fmt_num(char *buf, size_t size, double v)
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

static const char *unit_label(double unit)
{
	if (unit == 1e-9)
		return "ns";
	if (unit == 1e-6)
		return "us";
	if (unit == 1)
		return "s";
	return "ms";
}

/* A clause's measured value; NAN when there is nothing to measure. */
static double sla_measure(const struct sla_clause *c, const struct acc *a,
			  const struct result *r)
{
	switch (c->metric) {
	case SLA_PCT:
		return acc_quantile(a, c->q);
	case SLA_MIN:
		return r->min;
	case SLA_MEAN:
		return r->mean;
	case SLA_MAX:
		return r->max;
	case SLA_STDEV:
		return r->stdev;
	case SLA_ERRORS:
		return (double)r->errors;
	case SLA_ERROR_RATE:
		return r->error_rate;
	case SLA_APDEX:
		return r->apdex;
	case SLA_THROUGHPUT:
		return r->throughput;
	}
	return NAN;
}

static bool sla_pass(const struct sla_clause *c, double m)
{
	if (isnan(m))
		return false;
	if (c->less)
		return c->or_equal ? m <= c->limit : m < c->limit;
	return c->or_equal ? m >= c->limit : m > c->limit;
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
		fmt_num(num, sizeof(num), m);
		snprintf(buf, size, "%s/s", num);
		return;
	default:
		fmt_num(num, sizeof(num), m);
		snprintf(buf, size, "%s %s", num, unit_label(unit));
		return;
	}
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
		json_num(j, pct_keys[i], r->pct[i]);
	json_num(j, "max", r->max);
	json_num(j, "apdex", r->apdex);
	json_num(j, "throughput", r->throughput);
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

	for (i = 0; i < n; i++)
		if (g[i].len > w)
			w = g[i].len;
	if (w > 40)
		w = 40;
	strbuf_addf(sb, "%-*s %9s %7s %7s %9s", (int)w, "group", "count", "errors", "error%", "mean");
	for (j = 0; j < sizeof(cols) / sizeof(cols[0]); j++)
		strbuf_addf(sb, " %9s", pct_names[cols[j]]);
	strbuf_addf(sb, " %9s%s  (%s)\n", "max", apdex ? "   apdex" : "", unit);
	for (i = 0; i < n; i++) {
		struct result r;

		acc_summarise(g[i].acc, &r);
		strbuf_addf(sb, "%-*.*s %9llu %7llu", (int)w, (int)w, g[i].name,
			    (unsigned long long)r.count, (unsigned long long)r.errors);
		if (isnan(r.error_rate))
			strbuf_addf(sb, " %7s", "-");
		else
			strbuf_addf(sb, " %7.3g", r.error_rate * 100);
		fmt_num(num, sizeof(num), r.mean);
		strbuf_addf(sb, " %9s", num);
		for (j = 0; j < sizeof(cols) / sizeof(cols[0]); j++) {
			fmt_num(num, sizeof(num), r.pct[cols[j]]);
			strbuf_addf(sb, " %9s", num);
		}
		fmt_num(num, sizeof(num), r.max);
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
	free(g);
}

/* The summary of every request, one figure a line. */
static void summary_table(struct strbuf *sb, const struct acc *a, const struct result *r,
			  double unit)
{
	char num[64];
	size_t i;

	strbuf_addf(sb, "%-12s %12llu\n", "count", (unsigned long long)r->count);
	strbuf_addf(sb, "%-12s %12llu", "errors", (unsigned long long)r->errors);
	if (!isnan(r->error_rate))
		strbuf_addf(sb, "  %.3g%%", r->error_rate * 100);
	strbuf_addch(sb, '\n');
	if (!isnan(r->throughput)) {
		fmt_num(num, sizeof(num), r->throughput);
		strbuf_addf(sb, "%-12s %12s  req/s\n", "throughput", num);
	}
#define ROW(name, v) do { fmt_num(num, sizeof(num), (v)); \
	strbuf_addf(sb, "%-12s %12s  %s\n", (name), num, unit_label(unit)); } while (0)
	ROW("min", r->min);
	ROW("mean", r->mean);
	ROW("stdev", r->stdev);
	for (i = 0; i < NPCT; i++)
		ROW(pct_names[i], r->pct[i]);
	ROW("max", r->max);
#undef ROW
	if (!isnan(a->apdex_t)) {
		char t[64];

		snprintf(t, sizeof(t), "%g", a->apdex_t);
		if (isnan(r->apdex))
			snprintf(num, sizeof(num), "-");
		else
			snprintf(num, sizeof(num), "%.3f", r->apdex);
		strbuf_addf(sb, "%-12s %12s  T=%s %s: %llu satisfied, %llu tolerating, %llu frustrated\n",
			    "apdex", num, t, unit_label(unit),
			    (unsigned long long)a->satisfied,
			    (unsigned long long)a->tolerating,
			    (unsigned long long)(r->count + r->errors - a->satisfied - a->tolerating));
	}
}

/* Each clause's measure and verdict; returns whether all hold. */
static bool sla_judge(const struct lat_report *rep, const struct result *r, double *measured,
		      bool *pass)
{
	bool all = true;
	size_t i;

	for (i = 0; i < rep->nsla; i++) {
		measured[i] = sla_measure(&rep->sla[i], rep->all, r);
		pass[i] = sla_pass(&rep->sla[i], measured[i]);
		all &= pass[i];
	}
	return all;
}

static void sla_table(struct strbuf *sb, const struct lat_report *rep, const double *measured,
		      const bool *pass, bool all)
{
	size_t i, w = 0;
	char meas[96];

	for (i = 0; i < rep->nsla; i++)
		if (strlen(rep->sla[i].text) > w)
			w = strlen(rep->sla[i].text);
	strbuf_addstr(sb, "\nSLA\n");
	for (i = 0; i < rep->nsla; i++) {
		fmt_measured(meas, sizeof(meas), &rep->sla[i], measured[i], rep->unit);
		strbuf_addf(sb, "  %-*s  %s  %s\n", (int)w, rep->sla[i].text,
			    pass[i] ? "pass" : "FAIL", meas);
	}
	strbuf_addf(sb, "SLA %s\n", all ? "met" : "missed");
}

static void sla_json(struct json *j, const struct lat_report *rep, const double *measured,
		     const bool *pass, bool all)
{
	size_t i;

	json_array_begin(j, "sla");
	for (i = 0; i < rep->nsla; i++) {
		json_object_begin(j, NULL);
		json_str(j, "clause", rep->sla[i].text);
		json_num(j, "measured", measured[i]);
		json_bool(j, "pass", pass[i]);
		json_object_end(j);
	}
	json_array_end(j);
	json_bool(j, "sla_pass", all);
}

bool lat_report_write(const struct lat_report *rep, struct strbuf *sb)
{
	double *measured = xcalloc(rep->nsla + 1, sizeof(*measured));
	bool *pass = xcalloc(rep->nsla + 1, sizeof(*pass)), all;
	struct result r;
	struct json j;

	acc_summarise(rep->all, &r);
	all = sla_judge(rep, &r, measured, pass);
	if (rep->json) {
		json_init(&j, sb);
		json_object_begin(&j, NULL);
		json_result(&j, &r);
		json_str(&j, "unit", unit_label(rep->unit));
		if (groups_count(rep->groups))
			json_groups(&j, rep->groups);
		if (rep->sla)
			sla_json(&j, rep, measured, pass, all);
		json_object_end(&j);
		strbuf_addch(sb, '\n');
	} else {
		if (groups_count(rep->groups))
			group_table(sb, rep->groups, !isnan(rep->all->apdex_t), unit_label(rep->unit));
		summary_table(sb, rep->all, &r, rep->unit);
		if (rep->sla)
			sla_table(sb, rep, measured, pass, all);
	}
	free(measured);
	free(pass);
	return all;
}
