// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-latency --baseline: is the candidate slower than the baseline? Each
 * percentile's relative change gets a percentile-bootstrap interval (each
 * run resampled on its own, boot.c), the error rate's difference Newcombe's
 * hybrid score interval (1998, method 10), which behaves with no errors at
 * all. The intervals are simultaneous (Bonferroni over the metrics) unless
 * --per-metric: five 95 % intervals would call one identical run in five
 * "changed".
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/cli.h"
#include "headroom/error.h"
#include "headroom/json.h"
#include "headroom/stats.h"
#include "headroom/table.h"
#include "headroom/units.h"
#include "boot.h"
#include "compare.h"
#include "output.h"

enum { NLAT = 4, NMET = 5, M_ERRORS = 4 };
static const char *const met_names[NMET] = { "p50", "p90", "p95", "p99", "errors" };
static const double met_q[NLAT] = { 0.50, 0.90, 0.95, 0.99 };

enum verdict { V_NONE, V_REGRESSED, V_IMPROVED, V_UNKNOWN };
static const char *const verdict_names[] = { "no significant change", "regressed", "improved",
					     "unknown" };

struct metric {
	double base, cand;	/* report unit; error rates as fractions */
	double change;		/* relative (fraction), difference (report unit), or rate points */
	double lo, hi;
	enum { CH_RATIO, CH_DIFF, CH_POINTS } kind;
	enum verdict verdict;
	bool known;
};

struct comparison {
	struct metric m[NMET];
	double level;		/* of each interval */
	size_t nmetrics;
	uint64_t base_requests, cand_requests, base_errors, cand_errors;
};

/* --- --max-regression --- */

static int parse_limit_clause(char *t, struct regression_limit *l, struct strbuf *err)
{
	char *colon = strchr(t, ':'), *v;
	size_t len;
	int i;

	if (!colon) {
		strbuf_addf(err, "--max-regression clause '%s' has no ':' (p99:+10%%)", t);
		return -1;
	}
	*colon = '\0';
	for (i = 0; i < NMET && strcmp(t, met_names[i]); i++)
		;
	if (i == NMET) {
		strbuf_addf(err, "unknown metric '%s' in --max-regression (p50, p90, p95, p99, errors)", t);
		return -1;
	}
	l->metric = i;
	v = colon + 1 + (colon[1] == '+');
	len = strlen(v);
	if (i == M_ERRORS && len > 2 && !strcmp(v + len - 2, "pt")) {
		v[len - 2] = '\0';
		l->kind = LIMIT_PT;
		if (parse_number(v, &l->limit) == 0 && l->limit >= 0)
			return 0;
	} else if (i != M_ERRORS && len > 1 && v[len - 1] == '%') {
		l->kind = LIMIT_PCT;
		if (parse_percent(v, &l->limit) == 0 && l->limit >= 0)
			return 0;
	} else if (i != M_ERRORS && parse_duration(v, &l->limit) == 0 && isalpha((unsigned char)v[len - 1])) {
		l->kind = LIMIT_SECONDS;
		return 0;
	}
	strbuf_addf(err, "bad limit '%s' for %s in --max-regression (%s)", colon + 1, t,
		    i == M_ERRORS ? "+0.1pt: percentage points" : "+10% or +20ms");
	return -1;
}

static int limit_clause(char *t, void *elem, void *err)
{
	return parse_limit_clause(t, elem, err);
}

struct regression_limit *regression_parse(const char *spec, size_t *n, struct strbuf *err)
{
	size_t len = err->len;
	struct regression_limit *l = clauses_parse(spec, sizeof(*l), limit_clause, err, n);

	if (!l && err->len == len)
		strbuf_addstr(err, "empty --max-regression");
	return l;
}

void regression_free(struct regression_limit *l, size_t n)
{
	clauses_free(l, n, sizeof(*l));
}

/* --- the statistics --- */

/* The standard normal quantile of p, by bisection on erfc (ample for z of intervals). */
static double normal_quantile(double p)
{
	double lo = -40, hi = 40;
	int i;

	for (i = 0; i < 200; i++) {
		double mid = (lo + hi) / 2;

		if (0.5 * erfc(-mid / sqrt(2)) < p)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

static void wilson(double x, double n, double z, double *lo, double *hi)
{
	double p = x / n, d = 1 + z * z / n, c = (p + z * z / (2 * n)) / d;
	double h = z / d * sqrt(p * (1 - p) / n + z * z / (4 * n * n));

	*lo = c - h;
	*hi = c + h;
}

static void error_rates(struct comparison *c, double level)
{
	struct metric *m = &c->m[M_ERRORS];
	double nb = (double)c->base_requests, nc = (double)c->cand_requests;
	double xb = (double)c->base_errors, xc = (double)c->cand_errors;
	double z = normal_quantile(1 - (1 - level) / 2), lb, ub, lc, uc;

	m->kind = CH_POINTS;
	m->base = xb / nb;
	m->cand = xc / nc;
	m->change = m->cand - m->base;
	wilson(xb, nb, z, &lb, &ub);
	wilson(xc, nc, z, &lc, &uc);
	m->lo = m->change - sqrt((m->cand - lc) * (m->cand - lc) + (ub - m->base) * (ub - m->base));
	m->hi = m->change + sqrt((uc - m->cand) * (uc - m->cand) + (m->base - lb) * (m->base - lb));
	m->known = true;
}

/* Bootstrap intervals of each percentile's change: relative, or a difference when the baseline can be 0. */
static void percentiles(struct comparison *c, struct acc *base, struct acc *cand,
			const struct compare_options *o)
{
	size_t B = o->samples, b, i;
	double *ratio = xcalloc(NLAT * B, sizeof(double)), *diff = xcalloc(NLAT * B, sizeof(double));
	bool zero_base[NLAT] = { false };
	struct rng rng;

	rng_seed(&rng, o->seed);
	for (b = 0; b < B; b++) {
		double qb[NLAT], qc[NLAT];

		boot_quantiles(&rng, base, met_q, NLAT, qb);
		boot_quantiles(&rng, cand, met_q, NLAT, qc);
		for (i = 0; i < NLAT; i++) {
			ratio[i * B + b] = qb[i] > 0 ? qc[i] / qb[i] - 1 : 0;
			diff[i * B + b] = qc[i] - qb[i];
			zero_base[i] |= !(qb[i] > 0);
		}
	}
	for (i = 0; i < NLAT; i++) {
		struct metric *m = &c->m[i];
		double *rep = zero_base[i] || !(m->base > 0) ? diff + i * B : ratio + i * B;

		m->kind = rep == diff + i * B ? CH_DIFF : CH_RATIO;
		m->change = m->kind == CH_RATIO ? m->cand / m->base - 1 : m->cand - m->base;
		sort_doubles(rep, B);
		m->lo = quantile_sorted(rep, B, (1 - c->level) / 2);
		m->hi = quantile_sorted(rep, B, 1 - (1 - c->level) / 2);
		m->known = true;
	}
	free(ratio);
	free(diff);
}

static void compute(struct comparison *c, struct run *base, struct run *cand,
		    const struct compare_options *o)
{
	struct result rb, rc;
	size_t i;

	memset(c, 0, sizeof(*c));
	acc_summarise(&base->all, &rb);
	acc_summarise(&cand->all, &rc);
	c->base_requests = rb.count + rb.errors;
	c->cand_requests = rc.count + rc.errors;
	c->base_errors = rb.errors;
	c->cand_errors = rc.errors;
	c->nmetrics = base->has_errors && cand->has_errors ? NMET : NLAT;
	c->level = o->per_metric ? o->confidence : 1 - (1 - o->confidence) / (double)c->nmetrics;
	for (i = 0; i < NLAT; i++) {
		c->m[i].base = acc_quantile(&base->all, met_q[i]);
		c->m[i].cand = acc_quantile(&cand->all, met_q[i]);
	}
	percentiles(c, &base->all, &cand->all, o);
	if (c->nmetrics == NMET)
		error_rates(c, c->level);
	for (i = 0; i < NMET; i++) {
		struct metric *m = &c->m[i];

		m->verdict = !m->known ? V_UNKNOWN : m->lo > 0 ? V_REGRESSED : m->hi < 0 ? V_IMPROVED : V_NONE;
	}
}

/* Whether clause l holds: it fails when its metric regressed by more than the limit. */
static bool limit_holds(const struct regression_limit *l, const struct comparison *c,
			double unit)
{
	const struct metric *m = &c->m[l->metric];
	double change;

	if (m->verdict != V_REGRESSED)
		return true;
	switch (l->kind) {
	case LIMIT_PT:
		change = m->change * 100;
		break;
	case LIMIT_PCT:
		change = m->kind == CH_RATIO ? m->change * 100 : INFINITY;
		break;
	default:
		change = (m->cand - m->base) * unit;
		break;
	}
	return change <= l->limit;
}

/* --- output --- */

static void fmt_change(char *buf, size_t size, const struct metric *m, double v, const char *unit)
{
	char num[48];

	switch (m->kind) {
	case CH_RATIO:
		snprintf(buf, size, "%+.3g%%", v * 100);
		break;
	case CH_POINTS:
		snprintf(buf, size, "%+.3gpt", v * 100);
		break;
	default:
		lat_fmt_num(num, sizeof(num), v);
		snprintf(buf, size, "%s%s %s", v >= 0 ? "+" : "", num, unit);
		break;
	}
}

static void fmt_value(char *buf, size_t size, const struct metric *m, double v)
{
	if (m->kind == CH_POINTS)
		snprintf(buf, size, "%.3g%%", v * 100);
	else
		lat_fmt_num(buf, size, v);
}

static void human_table(const struct comparison *c, const struct compare_options *o,
			const char *unit, struct strbuf *sb)
{
	static const struct table_column cols[] = {
		{ "metric", NULL, TABLE_LEFT }, { "baseline", NULL, TABLE_RIGHT },
		{ "candidate", NULL, TABLE_RIGHT }, { "change", NULL, TABLE_RIGHT },
		{ "interval", NULL, TABLE_LEFT }, { "verdict", NULL, TABLE_LEFT },
	};
	static const char *const colors[] = { "", COLOR_BAD, COLOR_GOOD, "" };
	struct table t;
	char a[64], b[64], buf[160];
	size_t i;
	FILE *mem;
	char *text = NULL;
	size_t len = 0;

	table_init(&t, cols, 6);
	for (i = 0; i < c->nmetrics; i++) {
		const struct metric *m = &c->m[i];

		table_cell(&t, met_names[i]);
		fmt_value(a, sizeof(a), m, m->base);
		table_cell(&t, a);
		fmt_value(a, sizeof(a), m, m->cand);
		table_cell(&t, a);
		fmt_change(a, sizeof(a), m, m->change, unit);
		table_cell(&t, a);
		fmt_change(a, sizeof(a), m, m->lo, unit);
		fmt_change(b, sizeof(b), m, m->hi, unit);
		snprintf(buf, sizeof(buf), "[%s, %s]", a, b);
		table_cell(&t, buf);
		if (o->color && *colors[m->verdict])
			table_cellf(&t, "%s%s%s", colors[m->verdict], verdict_names[m->verdict], COLOR_RESET);
		else
			table_cell(&t, verdict_names[m->verdict]);
	}
	mem = open_memstream(&text, &len);
	if (!mem || table_write(&t, mem, FORMAT_TABLE, 0) < 0 || fclose(mem) != 0)
		die_errno("cannot write the comparison");
	strbuf_add(sb, text, len);
	free(text);
	table_release(&t);
}

static void run_line(struct strbuf *sb, const char *what, const char *name, uint64_t requests,
		     uint64_t errors, bool has_errors)
{
	strbuf_addf(sb, "%-10s %s: %llu requests", what, name, (unsigned long long)requests);
	if (has_errors)
		strbuf_addf(sb, ", %llu errors (%.3g%%)", (unsigned long long)errors,
			    requests ? 100.0 * (double)errors / (double)requests : 0);
	strbuf_addch(sb, '\n');
}

static bool limits_report(const struct comparison *c, const struct compare_options *o,
			  double unit, struct strbuf *sb)
{
	bool all = true;
	size_t i;

	for (i = 0; i < o->nlimits; i++) {
		bool ok = limit_holds(&o->limits[i], c, unit);

		all &= ok;
		if (!sb)
			continue;
		strbuf_addf(sb, "%smax-regression %s  ", i ? "" : "\n", o->limits[i].text);
		add_colored(sb, o->color, ok ? COLOR_GOOD : COLOR_BAD, ok ? "pass" : "FAIL");
		strbuf_addch(sb, '\n');
	}
	return all;
}

static void text_report(const struct comparison *c, struct run *base, struct run *cand,
			const char *bn, const char *cn, const struct compare_options *o,
			struct strbuf *sb)
{
	run_line(sb, "baseline", bn, c->base_requests, c->base_errors, base->has_errors);
	run_line(sb, "candidate", cn, c->cand_requests, c->cand_errors, cand->has_errors);
	strbuf_addf(sb, "%.3g%% %s intervals (bootstrap of the percentiles, %lu resamples, seed %llu",
		    o->confidence * 100, o->per_metric ? "per-metric" : "simultaneous", o->samples,
		    (unsigned long long)o->seed);
	strbuf_addstr(sb, c->nmetrics == NMET ? "; errors: Newcombe's score interval)\n\n" : ")\n\n");
	human_table(c, o, lat_unit_label(base->unit_out), sb);
}

static void rows(const struct comparison *c, const struct compare_options *o, double unit, FILE *out)
{
	static const struct table_column cols[] = {
		{ "metric", NULL, TABLE_LEFT }, { "baseline", NULL, TABLE_RIGHT },
		{ "candidate", NULL, TABLE_RIGHT }, { "change", NULL, TABLE_RIGHT },
		{ "ci_low", NULL, TABLE_RIGHT }, { "ci_high", NULL, TABLE_RIGHT },
		{ "change_unit", NULL, TABLE_LEFT }, { "verdict", NULL, TABLE_LEFT },
	};
	struct table t;
	size_t i;

	table_init(&t, cols, 8);
	for (i = 0; i < c->nmetrics; i++) {
		const struct metric *m = &c->m[i];
		double k = m->kind == CH_DIFF ? 1 : 100;

		table_cell(&t, met_names[i]);
		table_num(&t, m->base * (m->kind == CH_POINTS ? 100 : 1), -1);
		table_num(&t, m->cand * (m->kind == CH_POINTS ? 100 : 1), -1);
		table_num(&t, m->change * k, -1);
		table_num(&t, m->lo * k, -1);
		table_num(&t, m->hi * k, -1);
		table_cell(&t, m->kind == CH_RATIO ? "%" : m->kind == CH_POINTS ? "pt" :
			   lat_unit_label(unit));
		table_cell(&t, verdict_names[m->verdict]);
	}
	if (table_write(&t, out, o->format, 0) < 0)
		die_errno("write error");
	table_release(&t);
}

static void json_run(struct json *j, const char *key, const char *name, uint64_t requests,
		     uint64_t errors)
{
	json_object_begin(j, key);
	json_str(j, "file", name);
	json_uint(j, "requests", requests);
	json_uint(j, "errors", errors);
	json_object_end(j);
}

static void json_report(const struct comparison *c, const char *bn, const char *cn,
			const struct compare_options *o, double unit, struct strbuf *sb)
{
	struct json j;
	size_t i;
	bool all = limits_report(c, o, unit, NULL);

	json_init(&j, sb);
	json_object_begin(&j, NULL);
	json_run(&j, "baseline", bn, c->base_requests, c->base_errors);
	json_run(&j, "candidate", cn, c->cand_requests, c->cand_errors);
	json_str(&j, "unit", lat_unit_label(unit));
	json_num(&j, "confidence", o->confidence);
	json_bool(&j, "simultaneous", !o->per_metric);
	json_object_begin(&j, "bootstrap");
	json_uint(&j, "samples", o->samples);
	json_uint(&j, "seed", o->seed);
	json_object_end(&j);
	json_array_begin(&j, "comparison");
	for (i = 0; i < c->nmetrics; i++) {
		const struct metric *m = &c->m[i];
		double k = m->kind == CH_DIFF ? 1 : 100;

		json_object_begin(&j, NULL);
		json_str(&j, "metric", met_names[i]);
		json_num(&j, "base", m->base);
		json_num(&j, "cand", m->cand);
		json_str(&j, "change_unit", m->kind == CH_RATIO ? "%" : m->kind == CH_POINTS ? "pt" :
			 lat_unit_label(unit));
		json_num(&j, "change", m->change * k);
		json_array_begin(&j, "ci");
		json_num(&j, NULL, m->lo * k);
		json_num(&j, NULL, m->hi * k);
		json_array_end(&j);
		json_str(&j, "verdict", verdict_names[m->verdict]);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_array_begin(&j, "max_regression");
	for (i = 0; i < o->nlimits; i++) {
		json_object_begin(&j, NULL);
		json_str(&j, "clause", o->limits[i].text);
		json_bool(&j, "pass", limit_holds(&o->limits[i], c, unit));
		json_object_end(&j);
	}
	json_array_end(&j);
	json_bool(&j, "pass", all);
	json_object_end(&j);
	strbuf_addch(sb, '\n');
}

static void check_run(const struct run *r, const char *name)
{
	if (r->kind == LT_KIND_SUMMARY)
		die("%s is %s's summary: no raw values to compare (give per-request results)",
		    name, lt_format_name(r->format));
	if (!r->all.count || r->all.count == r->all.synthetic)
		die("%s: no successful request to compare", name);
}

bool compare_write(struct run *base, struct run *cand, const char *bn, const char *cn,
		   const struct compare_options *o, FILE *out)
{
	struct strbuf sb = STRBUF_INIT;
	struct comparison c;
	bool pass;

	check_run(base, bn);
	check_run(cand, cn);
	if (base->unit_out != cand->unit_out || (base->kind == LT_KIND_HISTOGRAMS) !=
	    (cand->kind == LT_KIND_HISTOGRAMS))
		die("%s and %s are not alike (%s against %s): compare runs of one kind",
		    bn, cn, lt_format_name(base->format), lt_format_name(cand->format));
	compute(&c, base, cand, o);
	pass = limits_report(&c, o, base->unit_out, NULL);
	if (o->json) {
		json_report(&c, bn, cn, o, base->unit_out, &sb);
	} else if (o->format != FORMAT_AUTO) {
		rows(&c, o, base->unit_out, out);
	} else {
		text_report(&c, base, cand, bn, cn, o, &sb);
		limits_report(&c, o, base->unit_out, &sb);
	}
	if (strbuf_write(&sb, out) < 0)
		die_errno("write error");
	strbuf_release(&sb);
	return pass;
}
