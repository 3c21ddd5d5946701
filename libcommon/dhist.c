// SPDX-License-Identifier: GPL-3.0-or-later
/* Decaying-weight histograms (VPA's recommender scheme) for weighted percentiles of usage. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/dhist.h"
#include "headroom/error.h"

/*
 * VPA's recommender (pkg/recommender/model/aggregations_config.go): CPU from
 * 1 millicore to 1000 cores, memory from 10 MB to 1 TB, each bucket 5 % wider
 * than the one before, so a percentile is off by at most 5 % of itself.
 */
const struct dhist_options dhist_cpu_options = { 1000.0, 0.001, 1.05 };
const struct dhist_options dhist_mem_options = { 1e12, 1e7, 1.05 };

/* Exponents past 2^100 move the reference time forward, as VPA does. */
#define MAX_DECAY_EXPONENT 100.0

void dhist_init(struct dhist *h, const struct dhist_options *opt, double half_life)
{
	double n;

	if (!(opt->max_value > 0) || !(opt->first > 0) || !(opt->ratio > 1) ||
	    !(half_life >= 0) || !isfinite(half_life))
		die("invalid histogram options");
	memset(h, 0, sizeof(*h));
	h->opt = *opt;
	n = ceil(log(opt->max_value * (opt->ratio - 1) / opt->first + 1) / log(opt->ratio)) + 1;
	if (!(n >= 2 && n < 1e6))
		die("invalid histogram options: %g buckets", n);
	h->nbuckets = (size_t)n;
	h->weight = xcalloc(h->nbuckets, sizeof(*h->weight));
	h->half_life = half_life;
	h->min_bucket = h->nbuckets - 1;
	h->max_bucket = 0;
}

void dhist_release(struct dhist *h)
{
	FREE_AND_NULL(h->weight);
	h->nbuckets = 0;
}

void dhist_clear(struct dhist *h)
{
	memset(h->weight, 0, h->nbuckets * sizeof(*h->weight));
	h->total = 0;
	h->min_bucket = h->nbuckets - 1;
	h->max_bucket = 0;
	h->have_ref = false;
}

size_t dhist_bucket(const struct dhist *h, double v)
{
	double b;

	if (!(v >= h->opt.first))
		return 0;
	b = floor(log(v * (h->opt.ratio - 1) / h->opt.first + 1) / log(h->opt.ratio));
	if (!(b < (double)h->nbuckets))
		return h->nbuckets - 1;
	/*
	 * The logarithm may land a hair on either side of a boundary; the
	 * bucket is the one whose start is at or below v.
	 */
	if (b > 0 && dhist_bucket_start(h, (size_t)b) > v)
		b--;
	else if (b + 1 < (double)h->nbuckets && dhist_bucket_start(h, (size_t)b + 1) <= v)
		b++;
	return (size_t)b;
}

double dhist_bucket_start(const struct dhist *h, size_t b)
{
	if (b == 0)
		return 0;
	return h->opt.first * (pow(h->opt.ratio, (double)b) - 1) / (h->opt.ratio - 1);
}

/* Moves the reference time to t (rounded to whole half-lives), rescaling the weights. */
static void shift_ref(struct dhist *h, double t)
{
	double ref = round(t / h->half_life) * h->half_life;
	double factor = ldexp(1.0, (int)round((h->ref - ref) / h->half_life));
	size_t b;

	for (b = 0; b < h->nbuckets; b++)
		h->weight[b] *= factor;
	h->total *= factor;
	h->ref = ref;
	/* Weights may have underflowed to zero. */
	while (h->min_bucket < h->nbuckets - 1 && !(h->weight[h->min_bucket] > 0))
		h->min_bucket++;
	while (h->max_bucket > 0 && !(h->weight[h->max_bucket] > 0))
		h->max_bucket--;
}

void dhist_add(struct dhist *h, double v, double w, double t)
{
	size_t b;

	if (!(w > 0) || !isfinite(w))
		return;
	if (h->half_life > 0 && isfinite(t)) {
		if (!h->have_ref) {
			h->ref = round(t / h->half_life) * h->half_life;
			h->have_ref = true;
		} else if ((t - h->ref) / h->half_life > MAX_DECAY_EXPONENT) {
			shift_ref(h, t);
		}
		w *= exp2((t - h->ref) / h->half_life);
		if (!(w > 0))
			return;
	}
	b = dhist_bucket(h, v);
	h->weight[b] += w;
	h->total += w;
	if (b < h->min_bucket)
		h->min_bucket = b;
	if (b > h->max_bucket)
		h->max_bucket = b;
}

bool dhist_empty(const struct dhist *h)
{
	return !(h->weight[h->min_bucket] > 0);
}

double dhist_percentile(const struct dhist *h, double q)
{
	double threshold, partial = 0;
	size_t b;

	if (dhist_empty(h))
		return 0;
	threshold = q * h->total;
	for (b = h->min_bucket; b < h->max_bucket; b++) {
		partial += h->weight[b];
		if (partial >= threshold)
			break;
	}
	if (b < h->nbuckets - 1)
		return dhist_bucket_start(h, b + 1);
	return dhist_bucket_start(h, b);
}
