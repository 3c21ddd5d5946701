/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hr-latency's accumulators: what one sample (every request, or one --by
 * group) keeps of its records, and the figures summarised from it.
 */
#ifndef HR_LATENCY_ACC_H
#define HR_LATENCY_ACC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hdr.h"
#include "parse.h"

/* The percentiles of every summary: p50 p75 p90 p95 p99 p99.9. */
#define NPCT 6
extern const double lat_pcts[NPCT];

struct acc {
	bool use_hdr;
	double *v;		/* exact mode: every latency */
	size_t n, alloc;
	struct hdr *h;		/* --hdr mode; apart, as it is large and a --by group has one */
	uint64_t count, errors;
	double min, max;
	double mean, m2;	/* Welford, for --hdr */
	bool has_time, whole_seconds;
	double tmin, tmax;
	double apdex_t;		/* input unit; NAN: no --apdex */
	uint64_t satisfied, tolerating;
};

/* The figures of a sample; NAN where there is nothing to measure. */
struct result {
	uint64_t count, errors;
	double error_rate, min, mean, stdev, pct[NPCT], max;
	double apdex, throughput;
};

/*
 * An empty accumulator: exact (every latency kept) or, with use_hdr, in
 * the bounded memory of a histogram; apdex_t is the Apdex target in the
 * input unit, NAN for none.
 */
void acc_init(struct acc *a, bool use_hdr, double apdex_t);
void acc_release(struct acc *a);
/* Counts a record of kind LAT_VALUE or LAT_ERROR. */
void acc_add(struct acc *a, const struct lat_record *rec);
/*
 * The figures of the sample. In exact mode this sorts the latencies, once
 * and for all: add no more records after it.
 */
void acc_summarise(struct acc *a, struct result *r);
/* The q-quantile (0..1) of the latencies; only after acc_summarise(). */
double acc_quantile(const struct acc *a, double q);

#endif
