// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-latency's report: figures with about five significant digits in the
 * input unit for people, shortest exact numbers in JSON.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static void json_num(struct strbuf *sb, double v)
{
	if (isnan(v) || isinf(v))
		strbuf_addstr(sb, "null");
	else
		strbuf_add_num(sb, v);
}

/* The figures every summary has, as JSON members (no braces). */
static void json_result(struct strbuf *sb, const struct result *r)
{
	size_t i;

	strbuf_addf(sb, "\"count\":%llu,\"errors\":%llu,\"error_rate\":",
		    (unsigned long long)r->count, (unsigned long long)r->errors);
	json_num(sb, r->error_rate);
	strbuf_addstr(sb, ",\"min\":");
	json_num(sb, r->min);
	strbuf_addstr(sb, ",\"mean\":");
	json_num(sb, r->mean);
	strbuf_addstr(sb, ",\"stdev\":");
	json_num(sb, r->stdev);
	for (i = 0; i < NPCT; i++) {
		strbuf_addf(sb, ",\"%s\":", pct_keys[i]);
		json_num(sb, r->pct[i]);
	}
	strbuf_addstr(sb, ",\"max\":");
	json_num(sb, r->max);
	strbuf_addstr(sb, ",\"apdex\":");
	json_num(sb, r->apdex);
	strbuf_addstr(sb, ",\"throughput\":");
	json_num(sb, r->throughput);
}

/* --by: one line per group, sorted by name, then a blank line. */
static void group_table(struct strbuf *sb, const struct groups *gs, bool apdex, bool json,
			const char *unit)
{
	static const size_t cols[] = { 0, 2, 3, 4, 5 };	/* p50 p90 p95 p99 p99.9 */
	struct group *g = groups_sorted(gs);
	size_t i, j, n = groups_count(gs), w = 5;
	char num[64];

	if (json) {
		strbuf_addstr(sb, ",\"groups\":[");
		for (i = 0; i < n; i++) {
			struct result r;

			acc_summarise(g[i].acc, &r);
			strbuf_addstr(sb, i ? ",{\"group\":" : "{\"group\":");
			strbuf_add_json(sb, g[i].name, g[i].len);
			strbuf_addch(sb, ',');
			json_result(sb, &r);
			strbuf_addch(sb, '}');
		}
		strbuf_addch(sb, ']');
		free(g);
		return;
	}
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

/* Each clause's verdict; returns whether all hold. */
static bool sla_report(struct strbuf *sb, const struct lat_report *rep, const struct result *r)
{
	bool failed = false;
	size_t i, w = 0;

	for (i = 0; i < rep->nsla; i++)
		if (strlen(rep->sla[i].text) > w)
			w = strlen(rep->sla[i].text);
	strbuf_addstr(sb, rep->json ? ",\"sla\":[" : "\nSLA\n");
	for (i = 0; i < rep->nsla; i++) {
		const struct sla_clause *c = &rep->sla[i];
		double m = sla_measure(c, rep->all, r);
		bool pass = sla_pass(c, m);
		char meas[96];

		failed |= !pass;
		if (rep->json) {
			strbuf_addstr(sb, i ? ",{\"clause\":" : "{\"clause\":");
			strbuf_add_json(sb, c->text, strlen(c->text));
			strbuf_addstr(sb, ",\"measured\":");
			json_num(sb, m);
			strbuf_addf(sb, ",\"pass\":%s}", pass ? "true" : "false");
		} else {
			fmt_measured(meas, sizeof(meas), c, m, rep->unit);
			strbuf_addf(sb, "  %-*s  %s  %s\n", (int)w, c->text,
				    pass ? "pass" : "FAIL", meas);
		}
	}
	if (rep->json)
		strbuf_addf(sb, "],\"sla_pass\":%s", failed ? "false" : "true");
	else
		strbuf_addf(sb, "SLA %s\n", failed ? "missed" : "met");
	return !failed;
}

bool lat_report_write(const struct lat_report *rep, struct strbuf *sb)
{
	struct result r;
	bool pass = true;

	acc_summarise(rep->all, &r);
	if (rep->json) {
		strbuf_addch(sb, '{');
		json_result(sb, &r);
		strbuf_addf(sb, ",\"unit\":\"%s\"", unit_label(rep->unit));
		if (groups_count(rep->groups))
			group_table(sb, rep->groups, false, true, NULL);
	} else {
		if (groups_count(rep->groups))
			group_table(sb, rep->groups, !isnan(rep->all->apdex_t), false,
				    unit_label(rep->unit));
		summary_table(sb, rep->all, &r, rep->unit);
	}
	if (rep->sla)
		pass = sla_report(sb, rep, &r);
	if (rep->json)
		strbuf_addstr(sb, "}\n");
	return pass;
}
