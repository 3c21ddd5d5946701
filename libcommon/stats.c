// SPDX-License-Identifier: GPL-3.0-or-later
/* Quantiles and moments: one definition of "p95" for every tool. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/stats.h"

int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* A double's bits as an unsigned key that orders like the number. */
static uint64_t order_key(double x)
{
	uint64_t u;

	memcpy(&u, &x, sizeof(u));
	return u >> 63 ? ~u : u | UINT64_C(1) << 63;
}

static double key_value(uint64_t u)
{
	double x;

	u = u >> 63 ? u & ~(UINT64_C(1) << 63) : ~u;
	memcpy(&x, &u, sizeof(x));
	return x;
}

/*
 * An LSD radix sort on the keys' bytes, skipping a byte every key shares
 * (the exponents of similar values): no comparison callback, several times
 * faster than qsort() on the thousands of values a quantile or a forecast's
 * residuals need.
 */
void sort_doubles(double *v, size_t n)
{
	uint64_t *a, *b, *src, *dst;
	size_t (*count)[256], i, pass;

	if (n < 2)
		return;	/* v may be NULL when n is 0 */
	if (n < 32) {
		for (i = 1; i < n; i++) {
			double x = v[i];
			size_t j = i;

			for (; j > 0 && v[j - 1] > x; j--)
				v[j] = v[j - 1];
			v[j] = x;
		}
		return;
	}
	a = xmalloc(2 * n * sizeof(*a));
	b = a + n;
	count = xcalloc(8, sizeof(*count));
	for (i = 0; i < n; i++) {
		a[i] = order_key(v[i]);
		for (pass = 0; pass < 8; pass++)
			count[pass][a[i] >> (8 * pass) & 255]++;
	}
	src = a;
	dst = b;
	for (pass = 0; pass < 8; pass++) {
		size_t *c = count[pass], sum = 0, d;
		unsigned shift = 8 * pass;

		if (c[src[0] >> shift & 255] == n)
			continue;
		for (d = 0; d < 256; d++) {
			size_t k = c[d];

			c[d] = sum;
			sum += k;
		}
		for (i = 0; i < n; i++)
			dst[c[src[i] >> shift & 255]++] = src[i];
		src = dst;
		dst = src == a ? b : a;
	}
	for (i = 0; i < n; i++)
		v[i] = key_value(src[i]);
	free(count);
	free(a);
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
