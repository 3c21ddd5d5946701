// SPDX-License-Identifier: GPL-3.0-or-later
/* Quantiles and moments: one definition of "p95" for every tool. */
#include <math.h>
#include <stdlib.h>

#include "headroom/stats.h"

int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

void sort_doubles(double *v, size_t n)
{
	if (n < 2)
		return;	/* v may be NULL when n is 0, which qsort() must not get */
	qsort(v, n, sizeof(*v), cmp_double);
}

double quantile_sorted(const double *v, size_t n, double q)
{
	double h, fl;
	size_t i;

	if (!n || isnan(q))
		return NAN;
	if (q <= 0)
		return v[0];
	if (q >= 1)
		return v[n - 1];
	h = (double)(n - 1) * q;
	fl = floor(h);
	i = (size_t)fl;
	if (i + 1 >= n)
		return v[n - 1];
	return v[i] + (h - fl) * (v[i + 1] - v[i]);
}

double mean_of(const double *v, size_t n)
{
	double s = 0;
	size_t i;

	if (!n)
		return NAN;
	for (i = 0; i < n; i++)
		s += v[i];
	return s / (double)n;
}

double stdev_of(const double *v, size_t n)
{
	double m, s = 0;
	size_t i;

	if (n < 2)
		return NAN;
	m = mean_of(v, n);
	for (i = 0; i < n; i++)
		s += (v[i] - m) * (v[i] - m);
	return sqrt(s / (double)(n - 1));
}
