/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A log-linear histogram of non-negative values in constant memory, as
 * HdrHistogram with 3 significant digits: each power of two is split into
 * 1024 equal buckets, so a bucket's midpoint is within 0.05 % of every value
 * in it. Values from 2^-40 to 2^64 keep that bound; smaller positive values
 * share the lowest bucket and larger ones the highest (min and max are exact).
 * Memory: 8 KB for each power of two the values reach, 1.7 MB at most.
 */
#ifndef HR_LATENCY_HDR_H
#define HR_LATENCY_HDR_H

#include <stdint.h>

#define HDR_POWERS 104		/* powers of two from 2^-40 to 2^64 */

struct hdr {
	uint64_t *counts[HDR_POWERS];	/* 1024 buckets per power, allocated when first used */
	uint64_t power_total[HDR_POWERS];
	uint64_t zeros;		/* values equal to 0 */
	uint64_t total;
	double min, max;
};

void hdr_init(struct hdr *h);
void hdr_release(struct hdr *h);
/* Counts v (>= 0). */
void hdr_add(struct hdr *h, double v);
/* Adds every value of src to dst. */
void hdr_merge(struct hdr *dst, const struct hdr *src);
/* The value of 0-based rank k (k < total) in ascending order: a bucket's midpoint, within [min, max]. */
double hdr_value_at(const struct hdr *h, uint64_t k);
/* The q-quantile with quantile_sorted()'s definition, over the bucket values. */
double hdr_quantile(const struct hdr *h, double q);

#endif
