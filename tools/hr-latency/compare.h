/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hr-latency --baseline BASE CANDIDATE: the change of p50, p90, p95, p99
 * and the error rate between two runs, a bootstrap confidence interval of
 * each, a verdict (regressed, improved, no significant change), and the
 * --max-regression clauses that turn a regression into exit status 1.
 */
#ifndef HR_LATENCY_COMPARE_H
#define HR_LATENCY_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "headroom/options.h"
#include "headroom/strbuf.h"
#include "run.h"

/* One --max-regression clause, "p99:+10%", "errors:+0.1pt", "p95:+20ms". */
struct regression_limit {
	char *text;		/* as written; owned; first (clauses_parse()) */
	int metric;		/* index into the comparison's metrics */
	enum { LIMIT_PCT, LIMIT_PT, LIMIT_SECONDS } kind;
	double limit;		/* percent, percentage points or seconds */
};

struct compare_options {
	double confidence;	/* 0.95 */
	bool per_metric;	/* unadjusted intervals, not simultaneous */
	unsigned long samples;	/* bootstrap replicates */
	uint64_t seed;
	struct regression_limit *limits;
	size_t nlimits;
	bool json;
	enum output_format format;	/* FORMAT_AUTO: the report */
	bool color;
};

/*
 * Parses --max-regression; returns the clauses (*n of them) or NULL with the
 * reason in err.
 */
struct regression_limit *regression_parse(const char *spec, size_t *n, struct strbuf *err);
void regression_free(struct regression_limit *l, size_t n);

/*
 * Compares the runs and writes the report to out; names are the files for
 * the report. Returns whether every --max-regression clause holds.
 */
bool compare_write(struct run *base, struct run *cand, const char *base_name,
		   const char *cand_name, const struct compare_options *o, FILE *out);

#endif
