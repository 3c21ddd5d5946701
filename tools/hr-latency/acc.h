/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hr-latency's accumulators: what one sample (every request, one --by
 * group, one --window) keeps of its records, and the figures summarised
 * from it. Latencies are kept in the report's unit.
 */
#ifndef HR_LATENCY_ACC_H
#define HR_LATENCY_ACC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "headroom/hdrh.h"
#include "hdr.h"
#include "parse.h"

/* The percentiles of every summary: p50 p75 p90 p95 p99 p99.9. */
#define NPCT 6
extern const double lat_pcts[NPCT];
/* Their names for people and columns ("p99.9"), and as JSON keys ("p999"). */
extern const char *const lat_pct_names[NPCT];
extern const char *const lat_pct_keys[NPCT];

enum acc_mode {
	ACC_EXACT,	/* every latency kept: exact type-7 percentiles */
	ACC_HDR,	/* --hdr: a log-linear histogram of doubles, bounded memory */
	ACC_HDRH,	/* HdrHistogram intervals (.hlog): HdrHistogram's own figures */
};

/* How accumulators are set up; shared by the groups and windows of a run. */
struct acc_setup {
	enum acc_mode mode;
	double apdex_t;		/* report unit; NAN: no --apdex */
	double scale;		/* ACC_HDRH: report units per histogram unit */
};

struct acc {
	const struct acc_setup *setup;
	double *v;		/* exact mode: every latency */
	size_t n, alloc;
	struct hdr *h;		/* --hdr mode; apart, as it is large and a --by group has one */
	struct hdrh *hh;	/* ACC_HDRH: the sum of the intervals, set up by the first */
	uint64_t *cum;		/* ACC_HDRH: running counts, for ranks (after acc_summarise) */
	uint64_t count;		/* latencies, synthetic ones included */
	uint64_t synthetic;	/* of them, added by --expected-interval */
	uint64_t errors;
	double min, max;
	double mean, m2;	/* Welford, for --hdr */
	bool has_time, whole_seconds;
	double tmin, tmax;
	uint64_t satisfied, tolerating;
	bool summarised;
};

/* The figures of a sample; NAN where there is nothing to measure. */
struct result {
	uint64_t count, errors;		/* count: requests that succeeded (no synthetic values) */
	uint64_t synthetic;
	double error_rate, min, mean, stdev, pct[NPCT], max;
	double apdex, throughput;
};

void acc_init(struct acc *a, const struct acc_setup *setup);
void acc_release(struct acc *a);
/* Counts a record of kind LAT_VALUE or LAT_ERROR of the plain format. */
void acc_add(struct acc *a, const struct lat_record *rec);
/* A successful request's latency; a failed request; a request's time (Unix seconds). */
void acc_add_value(struct acc *a, double v);
void acc_add_error(struct acc *a);
void acc_add_time(struct acc *a, double t);
/* A span of time covered (an .hlog interval): from t0 to t1, Unix seconds. */
void acc_add_span(struct acc *a, double t0, double t1);
/* A value added by --expected-interval: in the percentiles, not a request. */
void acc_add_synthetic(struct acc *a, double v);
/* An interval's histogram (ACC_HDRH), every count a successful request. */
void acc_add_hist(struct acc *a, const struct hdrh *h);
/* Adds the latencies, failures and times of src to dst (same setup), for a chart's columns. */
void acc_merge(struct acc *dst, const struct acc *src);
/*
 * The figures of the sample. In exact mode this sorts the latencies, once
 * and for all: add no more records after it.
 */
void acc_summarise(struct acc *a, struct result *r);
/* The q-quantile (0..1) of the latencies; only after acc_summarise(). */
double acc_quantile(const struct acc *a, double q);
/*
 * The latency of 0-based rank k (k < a->count) in ascending order, as the
 * accumulator knows it; only after acc_summarise().
 */
double acc_value_at_rank(const struct acc *a, uint64_t k);

#endif
