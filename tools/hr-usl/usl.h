/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Universal Scalability Law, X(N) = lambda N / (1 + sigma (N-1) +
 * kappa N (N-1)), fitted by non-linear least squares with sigma and kappa
 * bounded to [0, 1] (as R's usl package does).
 */
#ifndef HR_USL_USL_H
#define HR_USL_USL_H

#include <stdbool.h>
#include <stddef.h>

#include "headroom/strbuf.h"

struct usl_fit {
	double sigma, kappa, lambda;	/* contention, coherency, throughput of one */
	double sigma_se, kappa_se, lambda_se;	/* standard errors; NAN without residual df */
	double rss, r2;
	size_t n;
	bool sigma_bound, kappa_bound;	/* held at a bound of [0, 1] */
};

/*
 * Fits the model to n points (N[i] > 0, X[i] >= 0). Returns 0, or -1 with the
 * reason in err (fewer than 3 points, fewer than 3 distinct N, no fit found).
 */
int usl_fit(const double *N, const double *X, size_t n, struct usl_fit *fit,
	    struct strbuf *err);
/* The model's throughput at concurrency N. */
double usl_throughput(const struct usl_fit *fit, double N);
/*
 * The peak concurrency sqrt((1 - sigma) / kappa), at least 1 (below, the
 * throughput falls from N = 1 on); NAN when kappa is 0 (no peak).
 */
double usl_peak(const struct usl_fit *fit);
/*
 * The highest concurrency N >= 1 whose response time N / X(N) stays within
 * t (in the time unit of the throughput); 0 when even N = 1 misses it,
 * INFINITY when no contention bounds it.
 */
double usl_max_concurrency(const struct usl_fit *fit, double t);

#endif
