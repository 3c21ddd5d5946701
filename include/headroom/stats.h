/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Statistics helpers shared by the capacity tools. */
#ifndef HEADROOM_STATS_H
#define HEADROOM_STATS_H

#include <stddef.h>

/* qsort()'s comparison of two doubles, ascending (NaNs are not allowed). */
int cmp_double(const void *a, const void *b);
/* Sorts v ascending (NaNs are not allowed); v may be NULL when n is 0. */
void sort_doubles(double *v, size_t n);
/*
 * The q-quantile (0 <= q <= 1) of sorted v by linear interpolation between
 * closest ranks (Hyndman & Fan type 7, numpy's and R's default):
 * h = (n-1)q, v[floor h] + (h - floor h)(v[floor h + 1] - v[floor h]).
 * NaN when n is 0.
 */
double quantile_sorted(const double *v, size_t n, double q);
/* Mean and sample standard deviation (n-1); NaN where undefined. */
double mean_of(const double *v, size_t n);
double stdev_of(const double *v, size_t n);

#endif
