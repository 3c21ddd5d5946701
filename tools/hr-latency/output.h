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
/* Appends word in colour when color is set. */
void lat_add_colored(struct strbuf *sb, bool color, const char *code, const char *word);

/* --- the SLA, for raw runs and tool summaries alike --- */

/* A clause's measured value in the report's unit (rates as fractions); NAN: none. */
typedef double (*sla_measure_fn)(const struct sla_clause *c, const void *arg);
/* Judges every clause: measured[i] and pass[i]; returns whether all hold. */
bool sla_judge(const struct lat_report *rep, sla_measure_fn measure, const void *arg,
	       double *measured, bool *pass);
void sla_table(struct strbuf *sb, const struct lat_report *rep, const double *measured,
	       const bool *pass, bool all);
void sla_json(struct json *j, const struct lat_report *rep, const double *measured,
	      const bool *pass, bool all);

/* summary.c: the report of a tool's summary (kind LT_KIND_SUMMARY). */
bool lat_summary_write(const struct lat_report *rep, FILE *out);

#endif
