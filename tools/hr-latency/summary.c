// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The report of a tool's own summary (Locust, wrk, wrk2, ab -e): its
 * figures as given, said to be the tool's and not computed from raw
 * values, with how the tool rounded or corrected them.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/error.h"
#include "headroom/table.h"
#include "output.h"

/* What a tool's summary shows, whatever the tool. */
struct shown {
	const struct lt_summary *s;
	double requests, errors, throughput;
	bool pcts;		/* its percentiles stand for the run */
	const char *note;
};

static const char *note_of(enum lt_format f, bool cumulative)
{
	switch (f) {
	case LT_LOCUST_STATS:
		return "Locust rounds each response time to about two significant digits (whole "
		       "ms below 100 ms, tens of ms below 1 s, ...) before its percentiles, and "
		       "writes them as whole ms";
	case LT_LOCUST_HISTORY:
		return cumulative ? "the history's last row: Locust's percentiles since the start, "
				    "rounded to about two significant digits" :
				    "the history's percentiles are over Locust's last 10 s "
				    "(--csv-full-history): the run's are in PREFIX_stats.csv";
	case LT_WRK:
		return "wrk's percentiles include its own correction for coordinated omission";
	case LT_WRK2:
		return "wrk2's percentiles are of its corrected latency, measured from each "
		       "request's intended start";
	case LT_AB_CSV:
		return "ab -e gives percentiles only (nearest rank of ab's own): no count, errors "
		       "or times";
	default:
		return "";
	}
}

static struct shown shown_of(const struct run *run, const struct tool_summary *t)
{
	struct shown w = { &t->s, t->s.total_count, t->s.total_errors, t->s.throughput, true, NULL };

	w.note = note_of(run->format, t->s.cumulative);
	if (run->format == LT_LOCUST_HISTORY) {
		w.pcts = t->s.cumulative;
		w.throughput = t->s.t > run->first_t ?
			       (t->s.total_count - run->first_total) / (t->s.t - run->first_t) : NAN;
	}
	return w;
}

/* The tool's value at percentile q (0..1); NAN when it gave none there. */
static double pct_at(const struct shown *w, double q)
{
	size_t i;

	if (!w->pcts)
		return NAN;
	for (i = 0; i < w->s->n; i++)
		if (fabs(w->s->q[i] - q) < 1e-9)
			return w->s->v[i];
	return NAN;
}

static double tool_quantile(const void *w, double q)
{
	return pct_at(w, q);
}

/* "p99.9" for 0.999: the name of a percentile as the tool wrote it. */
static void pct_name(char *buf, size_t size, double q)
{
	snprintf(buf, size, "p%.10g", q * 100);
}

static void text_report(struct strbuf *sb, const struct run *run, const struct shown *w)
{
	const char *unit = lat_unit_label(run->unit_out);
	char num[64], name[32];
	size_t i;

	strbuf_addf(sb, "%-12s %12s  percentiles from the tool's summary, not from raw values\n",
		    "source", lt_format_name(run->format));
	lat_fmt_num(num, sizeof(num), w->requests);
	strbuf_addf(sb, "%-12s %12s\n", "requests", isnan(w->requests) ? "-" : num);
	if (isnan(w->errors)) {
		strbuf_addf(sb, "%-12s %12s\n", "errors", "-");
	} else {
		strbuf_addf(sb, "%-12s %12.0f", "errors", w->errors);
		if (w->requests > 0)
			strbuf_addf(sb, "  %.3g%%", 100 * w->errors / w->requests);
		strbuf_addch(sb, '\n');
	}
	if (!isnan(w->throughput)) {
		lat_fmt_num(num, sizeof(num), w->throughput);
		strbuf_addf(sb, "%-12s %12s  req/s\n", "throughput", num);
	}
#define ROW(label, v) do { if (!isnan(v)) { lat_fmt_num(num, sizeof(num), (v)); \
	strbuf_addf(sb, "%-12s %12s  %s\n", (label), num, unit); } } while (0)
	ROW("min", w->s->min);
	ROW("mean", w->s->mean);
	ROW("stdev", w->s->stdev);
	for (i = 0; w->pcts && i < w->s->n; i++) {
		pct_name(name, sizeof(name), w->s->q[i]);
		ROW(name, w->s->v[i]);
	}
	ROW("max", w->s->max);
#undef ROW
	strbuf_addf(sb, "note: %s\n", w->note);
}

static void groups_table(struct strbuf *sb, const struct run *run)
{
	static const double qs[] = { 0.5, 0.9, 0.95, 0.99 };
	char num[64];
	size_t i, k;

	strbuf_addf(sb, "%-30s %9s %7s %9s %9s %9s %9s %9s %9s  (%s)\n", "group", "requests",
		    "errors", "mean", "p50", "p90", "p95", "p99", "max", lat_unit_label(run->unit_out));
	for (i = 0; i < run->nsums; i++) {
		struct shown w = shown_of(run, &run->sums[i]);

		if (!w.s->label)
			continue;
		strbuf_addf(sb, "%-30.30s %9.0f %7.0f", w.s->label, w.requests, w.errors);
		lat_fmt_num(num, sizeof(num), w.s->mean);
		strbuf_addf(sb, " %9s", num);
		for (k = 0; k < sizeof(qs) / sizeof(qs[0]); k++) {
			lat_fmt_num(num, sizeof(num), pct_at(&w, qs[k]));
			strbuf_addf(sb, " %9s", num);
		}
		lat_fmt_num(num, sizeof(num), w.s->max);
		strbuf_addf(sb, " %9s\n", num);
	}
	strbuf_addch(sb, '\n');
}

static void json_shown(struct json *j, const struct shown *w)
{
	char name[32];
	size_t i;

	json_num(j, "requests", w->requests);
	json_num(j, "errors", w->errors);
	json_num(j, "error_rate", w->requests > 0 ? w->errors / w->requests : NAN);
	json_num(j, "min", w->s->min);
	json_num(j, "mean", w->s->mean);
	json_num(j, "stdev", w->s->stdev);
	for (i = 0; i < NPCT; i++)
		if (!isnan(pct_at(w, lat_pcts[i])))
			json_num(j, lat_pct_keys[i], pct_at(w, lat_pcts[i]));
	json_num(j, "max", w->s->max);
	json_num(j, "throughput", w->throughput);
	json_object_begin(j, "percentiles");
	for (i = 0; w->pcts && i < w->s->n; i++) {
		pct_name(name, sizeof(name), w->s->q[i]);
		json_num(j, name, w->s->v[i]);
	}
	json_object_end(j);
}

static void json_report(struct strbuf *sb, const struct lat_report *rep, const struct shown *w,
			const struct sla_verdict *v)
{
	const struct run *run = rep->run;
	struct json j;
	size_t i;

	json_init(&j, sb);
	json_object_begin(&j, NULL);
	json_str(&j, "format", lt_format_name(run->format));
	json_str(&j, "percentiles_from", "tool");
	json_str(&j, "note", w->note);
	json_str(&j, "unit", lat_unit_label(run->unit_out));
	json_shown(&j, w);
	if (rep->run->cfg->by) {
		json_array_begin(&j, "groups");
		for (i = 0; i < run->nsums; i++) {
			struct shown g = shown_of(run, &run->sums[i]);

			if (!g.s->label)
				continue;
			json_object_begin(&j, NULL);
			json_str(&j, "group", g.s->label);
			json_shown(&j, &g);
			json_object_end(&j);
		}
		json_array_end(&j);
	}
	sla_json(&j, rep, v);
	json_object_end(&j);
	strbuf_addch(sb, '\n');
}

bool lat_summary_write(const struct lat_report *rep, FILE *out)
{
	const struct run *run = rep->run;
	const struct tool_summary *t = run_tool_summary(run);
	struct strbuf sb = STRBUF_INIT;
	struct sla_verdict v;
	struct shown w;

	if (!t)
		die("%s: no summary of all requests in the file", lt_format_name(run->format));
	w = shown_of(run, t);
	sla_judge(&v, rep, &(struct sla_figures){
		.v = { [SLA_MIN] = w.s->min, [SLA_MEAN] = w.s->mean, [SLA_MAX] = w.s->max,
		       [SLA_STDEV] = w.s->stdev, [SLA_ERRORS] = w.errors,
		       [SLA_ERROR_RATE] = w.requests > 0 ? w.errors / w.requests : NAN,
		       [SLA_APDEX] = NAN, [SLA_THROUGHPUT] = w.throughput },
		.quantile = tool_quantile, .arg = &w,
	});
	if (rep->json || rep->format == FORMAT_JSON) {
		json_report(&sb, rep, &w, &v);
	} else {
		if (run->cfg->by && run->nsums > 1)
			groups_table(&sb, run);
		text_report(&sb, run, &w);
		sla_table(&sb, rep, &v);
	}
	return lat_report_flush(&sb, &v, out);
}
