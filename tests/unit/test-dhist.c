// SPDX-License-Identifier: GPL-3.0-or-later
/* Unit tests of the decaying histogram: VPA's bucket scheme, decay, percentiles. */
#include <math.h>
#include <stdlib.h>

#include "headroom/dhist.h"
#include "tap.h"

int main(void)
{
	struct dhist h;
	size_t b, bad;
	double t0 = 1700000000, day = 86400;
	int i;

	dhist_init(&h, &dhist_cpu_options, 0);
	/* ceil(log(1000 * 0.05 / 0.001 + 1) / log(1.05)) + 1 */
	is_int(h.nbuckets, 223, "CPU scheme: 223 buckets as VPA's");
	is_num(dhist_bucket_start(&h, 0), 0, 0, "bucket 0 starts at 0");
	is_num(dhist_bucket_start(&h, 1), 0.001, 1e-15, "bucket 1 starts at the first width");
	is_num(dhist_bucket_start(&h, 2), 0.00205, 1e-15, "bucket 2 starts at first * (1 + ratio)");
	is_int(dhist_bucket(&h, 0.0005), 0, "values below the first width go to bucket 0");
	is_int(dhist_bucket(&h, -3), 0, "negative values go to bucket 0");
	is_int(dhist_bucket(&h, NAN), 0, "NaN goes to bucket 0");
	is_int(dhist_bucket(&h, 1e9), h.nbuckets - 1, "huge values go to the last bucket");
	ok(dhist_bucket_start(&h, h.nbuckets - 1) >= 1000, "the last bucket starts at or above the maximum");
	bad = 0;
	for (b = 1; b < h.nbuckets; b++) {
		double s = dhist_bucket_start(&h, b);

		if (dhist_bucket(&h, s) != b || dhist_bucket(&h, nextafter(s, 0)) != b - 1)
			bad++;
	}
	is_int(bad, 0, "every bucket start falls in its own bucket, and just below it in the one before");
	ok(dhist_empty(&h), "a new histogram is empty");
	is_num(dhist_percentile(&h, 0.95), 0, 0, "the percentile of an empty histogram is 0");

	/* Without decay: 100 samples 0.01 .. 1.00 cores. */
	for (i = 1; i <= 100; i++)
		dhist_add(&h, i / 100.0, 1, t0 + i);
	ok(!dhist_empty(&h), "no longer empty");
	b = dhist_bucket(&h, 0.95);
	is_num(dhist_percentile(&h, 0.95), dhist_bucket_start(&h, b + 1), 1e-12,
	       "p95 is the end of the bucket holding the 95th sample");
	ok(dhist_percentile(&h, 0.95) >= 0.95 && dhist_percentile(&h, 0.95) <= 0.95 * 1.05 + 0.001,
	   "p95 within 5 %% above the exact value");
	is_num(dhist_percentile(&h, 1), dhist_bucket_start(&h, dhist_bucket(&h, 1.0) + 1), 1e-12,
	       "p100 is the end of the highest bucket");
	dhist_add(&h, 5, 0, t0);
	dhist_add(&h, 5, -1, t0);
	is_num(dhist_percentile(&h, 1), dhist_bucket_start(&h, dhist_bucket(&h, 1.0) + 1), 1e-12,
	       "zero and negative weights are ignored");
	dhist_clear(&h);
	ok(dhist_empty(&h), "clear empties");
	dhist_release(&h);

	/*
	 * With a one-day half-life: 0.2 cores for 10 days, then 1 core for the
	 * last day. Unweighted, 1 core is 1/11 of the samples (below p95's
	 * reach); decayed, the last day weighs 1/(2 - 2^-10) of all, about half.
	 */
	dhist_init(&h, &dhist_cpu_options, day);
	for (i = 0; i < 11 * 24; i++)
		dhist_add(&h, i < 10 * 24 ? 0.2 : 1.0, 1, t0 + i * 3600.0);
	is_num(dhist_percentile(&h, 0.95), dhist_bucket_start(&h, dhist_bucket(&h, 1.0) + 1), 1e-12,
	       "decay: the recent day dominates p95");
	is_num(dhist_percentile(&h, 0.40), dhist_bucket_start(&h, dhist_bucket(&h, 0.2) + 1), 1e-12,
	       "decay: older samples still hold the lower percentiles");
	dhist_release(&h);

	/* Order does not matter, and a reference shift far ahead keeps the answer. */
	dhist_init(&h, &dhist_mem_options, 3600);
	is_int(h.nbuckets, 176, "memory scheme: 176 buckets as VPA's");
	dhist_add(&h, 5e8, 1, t0 + 200 * 3600.0);
	dhist_add(&h, 1e9, 1, t0 + 201 * 3600.0);
	dhist_add(&h, 2e9, 1, t0);	/* 200 half-lives older: weight 2^-200 relative */
	is_num(dhist_percentile(&h, 0.5), dhist_bucket_start(&h, dhist_bucket(&h, 1e9) + 1), 1,
	       "the newer sample (twice the weight) holds the median");
	ok(dhist_percentile(&h, 1) < 2e9, "a sample 200 half-lives old never reaches the top");
	dhist_add(&h, 3e9, 1, t0 + 1000 * 3600.0);	/* forces a shift of the reference */
	is_num(dhist_percentile(&h, 0.5), dhist_bucket_start(&h, dhist_bucket(&h, 3e9) + 1), 1,
	       "after a reference shift the newest sample dominates");
	ok(h.ref > t0 + 900 * 3600.0, "the reference moved forward");
	dhist_release(&h);
	return done_testing();
}
