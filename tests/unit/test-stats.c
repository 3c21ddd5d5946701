// SPDX-License-Identifier: GPL-3.0-or-later
/* Unit tests of the statistics helpers against numpy's and R's definitions. */
#include "headroom/stats.h"
#include "tap.h"

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

	is_num(mean_of(v, 4), 2.5, 1e-12, "mean");
	is_num(stdev_of(v, 4), 1.2909944487358056, 1e-12, "sample standard deviation (n-1)");
	is_num(stdev_of(same, 3), 0, 0, "no spread: 0");
	ok(isnan(mean_of(v, 0)), "mean of nothing: NaN");
	ok(isnan(stdev_of(one, 1)), "standard deviation of one value: NaN");
	return done_testing();
}
