/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hr-latency's report: the summary as a table for people, one JSON object,
 * or rows (--format table|tsv|csv|json); the --by groups; the verdict of
 * each --sla clause. Tool summaries (Locust, wrk, ab -e) are reported as
 * what they are.
 */
#ifndef HR_LATENCY_OUTPUT_H
#define HR_LATENCY_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "headroom/json.h"
#include "headroom/options.h"
#include "headroom/strbuf.h"
#include "acc.h"
#include "parse.h"
#include "run.h"

struct lat_report {
	struct run *run;
	const struct sla_clause *sla;	/* --sla, or NULL */
	size_t nsla;
	bool json;
	enum output_format format;	/* FORMAT_AUTO: the report */
	bool color;			/* verdicts in colour */
};

/*
 * Summarises the run (see acc_summarise()) and writes the report to out.
 * Returns whether every SLA clause holds (true without any).
 */
bool lat_report_write(const struct lat_report *rep, FILE *out);

/* A number with about five significant digits and no exponent, "-" for NAN. */
void lat_fmt_num(char *buf, size_t size, double v);
/* The name of a unit of seconds ("ms" for 1e-3). */
const char *lat_unit_label(double unit);

/* --- the SLA, for raw runs and tool summaries alike --- */

/*
 * What the SLA judges of a run, in the report's unit (rates as fractions),
 * NAN where unknown: a figure for each metric but SLA_PCT, and the
 * percentiles by quantile(arg, q), q in 0..1.
 */
struct sla_figures {
	double v[SLA_NMETRICS];
	double (*quantile)(const void *arg, double q);
	const void *arg;
};

/* The verdict of each clause of a report's --sla. */
struct sla_verdict {
	double *measured;	/* clause by clause; NAN: no data */
	bool *pass;
	bool all;		/* every clause holds (true without any) */
};

/* Judges every clause of rep on f; release v with sla_verdict_release(). */
void sla_judge(struct sla_verdict *v, const struct lat_report *rep, const struct sla_figures *f);
void sla_verdict_release(struct sla_verdict *v);
/* The verdicts as a table for people, or as members of the open JSON object; nothing without --sla. */
void sla_table(struct strbuf *sb, const struct lat_report *rep, const struct sla_verdict *v);
void sla_json(struct json *j, const struct lat_report *rep, const struct sla_verdict *v);
/*
 * Writes the report in sb to out (dies on a write error), releases sb and v
 * and returns whether every clause held.
 */
bool lat_report_flush(struct strbuf *sb, struct sla_verdict *v, FILE *out);

/* summary.c: the report of a tool's summary (kind LT_KIND_SUMMARY). */
bool lat_summary_write(const struct lat_report *rep, FILE *out);

#endif
