/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The bootstrap of hr-latency --baseline: a seeded generator (xoshiro256**
 * from splitmix64, so a seed gives the same intervals on every machine with
 * the same libm), Beta draws, and one resample's percentiles in O(1) per
 * percentile instead of O(n): the k-th smallest of n values drawn with
 * replacement from the sorted sample is the value of rank ceil(n U(k)),
 * where U(k), the k-th smallest of n uniforms, is Beta(k, n + 1 - k), and
 * later order statistics follow by the uniform spacings:
 * U(j) = U(i) + (1 - U(i)) Beta(j - i, n + 1 - j).
 */
#ifndef HR_LATENCY_BOOT_H
#define HR_LATENCY_BOOT_H

#include <stddef.h>
#include <stdint.h>

#include "acc.h"

struct rng {
	uint64_t s[4];
};

void rng_seed(struct rng *r, uint64_t seed);
/* Uniform in (0, 1). */
double rng_uniform(struct rng *r);
/* Beta(a, b), a and b > 0. */
double rng_beta(struct rng *r, double a, double b);

/*
 * One bootstrap replicate of the percentiles q[0..nq) (0..1, ascending) of
 * the sample in a (after acc_summarise()), by the rule acc_quantile() uses:
 * type 7 over values, HdrHistogram's count rule over .hlog histograms.
 */
void boot_quantiles(struct rng *r, const struct acc *a, const double *q, size_t nq, double *out);

#endif
