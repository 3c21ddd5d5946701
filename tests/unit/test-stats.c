// SPDX-License-Identifier: GPL-3.0-or-later
/* Unit tests of the statistics helpers against numpy's and R's definitions. */
#include <stdlib.h>

#include "headroom/stats.h"
#include "tap.h"

/* sort_doubles() against qsort() on values of every sign and size, ties and zeros. */
static void test_sort_many(void)
{
	static double v[5000], w[5000];
	size_t i, bad = 0;
	unsigned seed = 12345;

	for (i = 0; i < 5000; i++) {
		seed = seed * 1103515245 + 12345;
		v[i] = (double)(seed % 2001) - 1000;
		if (i % 7 == 0)
			v[i] *= 1e300;
		else if (i % 11 == 0)
			v[i] /= 1e300;
		else if (i % 13 == 0)
			v[i] = i % 2 ? -0.0 : 0.0;
		else if (i % 17 == 0)
			v[i] = i % 2 ? -INFINITY : INFINITY;
		w[i] = v[i];
	}
	sort_doubles(v, 5000);
	qsort(w, 5000, sizeof(*w), cmp_double);
	for (i = 0; i < 5000; i++)
		bad += v[i] != w[i];
	is_int(bad, 0, "sort_doubles orders 5000 values as qsort does");
	for (i = 1, bad = 0; i < 5000; i++)
		bad += v[i] < v[i - 1];
	is_int(bad, 0, "and ascending");
}

int main(void)
{
	double v[] = { 4, 1, 3, 2 };
	double one[] = { 7 };
	double big[1001];
	double same[] = { 5, 5, 5 };
	size_t i;

	sort_doubles(v, 4);
	ok(v[0] == 1 && v[1] == 2 && v[2] == 3 && v[3] == 4, "sort_doubles sorts ascending");
	is_num(quantile_sorted(v, 4, 0.5), 2.5, 1e-12, "median of 1..4 is 2.5");
	is_num(quantile_sorted(v, 4, 0.9), 3.7, 1e-12, "p90 of 1..4 is 3.7 (numpy)");
	is_num(quantile_sorted(v, 4, 0.25), 1.75, 1e-12, "p25 of 1..4 is 1.75");
	is_num(quantile_sorted(v, 4, 0), 1, 0, "q 0 is the minimum");
	is_num(quantile_sorted(v, 4, 1), 4, 0, "q 1 is the maximum");
	is_num(quantile_sorted(v, 4, -1), 1, 0, "q below 0 is the minimum");
	is_num(quantile_sorted(v, 4, 2), 4, 0, "q above 1 is the maximum");
	ok(isnan(quantile_sorted(v, 0, 0.5)), "no values: NaN");
	ok(isnan(quantile_sorted(v, 4, NAN)), "q NaN: NaN");
	is_num(quantile_sorted(one, 1, 0.99), 7, 0, "one value is every quantile");
	for (i = 0; i <= 1000; i++)
		big[i] = (double)(1000 - i);
	sort_doubles(big, 1001);
	is_num(quantile_sorted(big, 1001, 0.999), 999, 1e-9, "p99.9 of 0..1000");
	is_num(quantile_sorted(big, 1001, 0.95), 950, 1e-9, "p95 of 0..1000");

	test_sort_many();
	is_num(mean_of(v, 4), 2.5, 1e-12, "mean");
	is_num(stdev_of(v, 4), 1.2909944487358056, 1e-12, "sample standard deviation (n-1)");
	is_num(stdev_of(same, 3), 0, 0, "no spread: 0");
	ok(isnan(mean_of(v, 0)), "mean of nothing: NaN");
	ok(isnan(stdev_of(one, 1)), "standard deviation of one value: NaN");
	return done_testing();
}
