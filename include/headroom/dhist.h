/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Decaying-weight histograms with exponentially growing buckets, the scheme of
 * Kubernetes' Vertical Pod Autoscaler recommender, for percentiles of usage in
 * which recent samples count more than old ones.
 *
 * Buckets: bucket 0 covers [0, first); bucket n >= 1 starts at
 *	start(n) = first * (ratio^n - 1) / (ratio - 1)
 * and is ratio^n times as wide as the first; the last bucket starts at or above
 * max_value and has no upper end (larger values land in it). A value v falls
 * into bucket floor(log(v (ratio - 1) / first + 1) / log(ratio)).
 *
 * Decay: a sample of weight w taken at time t counts w * 2^((t - ref) / half_life)
 * for a reference time ref; only relative weights matter, so a sample half_life
 * older than another counts half as much. ref is moved forward (and every
 * weight rescaled by a power of two) when exponents would grow past 2^100.
 * A half_life of 0 means no decay: every sample keeps its weight.
 *
 * Percentile q: the end of the first bucket (in ascending order) at which the
 * cumulative weight reaches q times the total weight (the start of the last
 * bucket if it is that one); 0 for an empty histogram.
 *
 *	struct dhist h;
 *	dhist_init(&h, &dhist_cpu_options, 24 * 3600);
 *	dhist_add(&h, 0.3, 1, ts);
 *	p95 = dhist_percentile(&h, 0.95);
 *	dhist_release(&h);
 */
#ifndef HEADROOM_DHIST_H
#define HEADROOM_DHIST_H

#include <stdbool.h>
#include <stddef.h>

struct dhist_options {
	double max_value;	/* the last bucket starts at or above this */
	double first;		/* width of the first bucket, > 0 */
	double ratio;		/* growth of bucket widths, > 1 */
};

/* VPA's CPU scheme: cores, first bucket 0.001 core, up to 1000 cores, 5 % growth. */
extern const struct dhist_options dhist_cpu_options;
/* VPA's memory scheme: bytes, first bucket 10 MB (1e7), up to 1 TB (1e12), 5 % growth. */
extern const struct dhist_options dhist_mem_options;

struct dhist {
	struct dhist_options opt;
	size_t nbuckets;
	double *weight;		/* nbuckets weights */
	double total;
	size_t min_bucket;	/* first bucket with weight; nbuckets - 1 when empty */
	size_t max_bucket;	/* last bucket with weight; 0 when empty */
	double half_life;	/* seconds; 0: no decay */
	double ref;		/* reference time, a whole multiple of half_life */
	bool have_ref;
};

/* Sets up an empty histogram; dies on options that make no sense. */
void dhist_init(struct dhist *h, const struct dhist_options *opt, double half_life);
void dhist_release(struct dhist *h);
/* Empties the histogram, keeping its options. */
void dhist_clear(struct dhist *h);

/* The bucket of v (negative values and NaN go to bucket 0). */
size_t dhist_bucket(const struct dhist *h, double v);
/* The start of bucket b (0 for b == 0). */
double dhist_bucket_start(const struct dhist *h, size_t b);

/* Adds value v with weight w (>= 0) sampled at time t (Unix seconds). */
void dhist_add(struct dhist *h, double v, double w, double t);
/* True when no sample has been added (or all weights were 0). */
bool dhist_empty(const struct dhist *h);
/* The q-percentile (0 <= q <= 1) as described above. */
double dhist_percentile(const struct dhist *h, double q);

#endif
