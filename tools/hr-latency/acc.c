// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The accumulators of hr-latency: every latency, a histogram of them, or
 * the HdrHistogram of .hlog intervals, with the running figures (count,
 * extremes, Apdex, time span) beside.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/error.h"
#include "headroom/stats.h"
#include "acc.h"
#include "sort.h"

const double lat_pcts[NPCT] = { 0.50, 0.75, 0.90, 0.95, 0.99, 0.999 };
const char *const lat_pct_names[NPCT] = { "p50", "p75", "p90", "p95", "p99", "p99.9" };
const char *const lat_pct_keys[NPCT] = { "p50", "p75", "p90", "p95", "p99", "p999" };

void acc_init(struct acc *a, const struct acc_setup *setup)
{
	memset(a, 0, sizeof(*a));
	a->setup = setup;
	a->min = INFINITY;
	a->max = -INFINITY;
	if (setup->mode == ACC_HDR) {
		a->h = xmalloc(sizeof(*a->h));
		hdr_init(a->h);
	}
}

void acc_release(struct acc *a)
{
	if (a->h) {
		hdr_release(a->h);
		FREE_AND_NULL(a->h);
	}
	if (a->hh) {
		hdrh_release(a->hh);
		FREE_AND_NULL(a->hh);
	}
	free(a->cum);
	free(a->v);
	a->cum = NULL;
	a->v = NULL;
}

static void add_latency(struct acc *a, double v)
{
	if (a->h) {
		double d = v - a->mean;

		hdr_add(a->h, v);
		a->mean += d / (double)(a->count + 1);
		a->m2 += d * (v - a->mean);
	} else {
		if (a->n == a->alloc)
			ALLOC_GROW(a->v, a->n + 1, a->alloc);
		a->v[a->n++] = v;
	}
	a->count++;
	if (v < a->min)
		a->min = v;
	if (v > a->max)
		a->max = v;
}

void acc_add_value(struct acc *a, double v)
{
	add_latency(a, v);
	if (v <= a->setup->apdex_t)
		a->satisfied++;
	else if (v <= 4 * a->setup->apdex_t)
		a->tolerating++;
}

void acc_add_synthetic(struct acc *a, double v)
{
	add_latency(a, v);
	a->synthetic++;
}

void acc_add_error(struct acc *a)
{
	a->errors++;
}

void acc_add_time(struct acc *a, double t)
{
	if (!a->has_time) {
		a->tmin = a->tmax = t;
		a->has_time = true;
		a->whole_seconds = true;
	}
	if (t < a->tmin)
		a->tmin = t;
	if (t > a->tmax)
		a->tmax = t;
	if (t != floor(t))
		a->whole_seconds = false;
}

void acc_add_span(struct acc *a, double t0, double t1)
{
	acc_add_time(a, t0);
	acc_add_time(a, t1);
	a->whole_seconds = false;
}

void acc_add(struct acc *a, const struct lat_record *rec)
{
	if (rec->kind == LAT_ERROR)
		acc_add_error(a);
	else
		acc_add_value(a, rec->value);
	if (rec->has_time)
		acc_add_time(a, rec->time);
}

void acc_add_hist(struct acc *a, const struct hdrh *h)
{
	if (!a->hh) {
		a->hh = xmalloc(sizeof(*a->hh));
		if (hdrh_init(a->hh, h->lowest, 2 * h->lowest, h->sig) < 0)
			BUG("a decoded histogram with a bad layout");
	}
	hdrh_add(a->hh, h);
	a->count = a->hh->total;
}

void acc_merge(struct acc *dst, const struct acc *src)
{
	size_t i;

	if (src->hh) {
		acc_add_hist(dst, src->hh);
	} else if (src->h) {
		hdr_merge(dst->h, src->h);
		dst->count += src->count;
		if (src->count) {
			dst->mean += (src->mean - dst->mean) * (double)src->count / (double)dst->count;
			dst->min = src->min < dst->min ? src->min : dst->min;
			dst->max = src->max > dst->max ? src->max : dst->max;
		}
	} else {
		for (i = 0; i < src->n; i++)
			add_latency(dst, src->v[i]);
	}
	dst->synthetic += src->synthetic;
	dst->errors += src->errors;
	if (src->has_time) {
		acc_add_time(dst, src->tmin);
		acc_add_time(dst, src->tmax);
	}
}

/* ACC_HDRH: the running counts (for ranks) and Apdex's counts, from the buckets. */
static void hist_prepare(struct acc *a)
{
	const struct hdrh *h = a->hh;
	double t = a->setup->apdex_t, scale = a->setup->scale;
	uint64_t run = 0;
	int32_t i;

	free(a->cum);
	a->cum = xcalloc((size_t)h->len + 1, sizeof(*a->cum));
	a->satisfied = a->tolerating = 0;
	for (i = 0; i < h->len; i++) {
		run += h->counts[i];
		a->cum[i] = run;
		if (h->counts[i] && !isnan(t)) {
			double v = (double)hdrh_highest_equivalent(h, hdrh_value_from_index(h, i)) * scale;

			if (v <= t)
				a->satisfied += h->counts[i];
			else if (v <= 4 * t)
				a->tolerating += h->counts[i];
		}
	}
}

double acc_value_at_rank(const struct acc *a, uint64_t k)
{
	if (a->hh) {
		size_t lo = 0, hi = (size_t)a->hh->len - 1;

		/* The first bucket whose running count exceeds k. */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (a->cum[mid] > k)
				hi = mid;
			else
				lo = mid + 1;
		}
		return (double)hdrh_highest_equivalent(a->hh, hdrh_value_from_index(a->hh, (int32_t)lo)) *
		       a->setup->scale;
	}
	return a->h ? hdr_value_at(a->h, k) : a->v[k];
}

double acc_quantile(const struct acc *a, double q)
{
	if (a->hh)
		return a->hh->total ?
		       (double)hdrh_value_at_percentile(a->hh, q * 100) * a->setup->scale : NAN;
	return a->h ? hdr_quantile(a->h, q) : quantile_sorted(a->v, a->n, q);
}

static void summarise_values(struct acc *a, struct result *r)
{
	if (a->hh) {
		double s = a->setup->scale;

		hist_prepare(a);
		r->min = a->count ? (double)hdrh_min(a->hh) * s : NAN;
		r->max = a->count ? (double)hdrh_max(a->hh) * s : NAN;
		r->mean = hdrh_mean(a->hh) * s;
		r->stdev = hdrh_stdev(a->hh) * s;
		return;
	}
	if (!a->h && !a->summarised)
		sort_latencies(a->v, a->n);
	r->min = a->count ? a->min : NAN;
	r->max = a->count ? a->max : NAN;
	if (a->h) {
		r->mean = a->count ? a->mean : NAN;
		r->stdev = a->count > 1 ? sqrt(a->m2 / (double)(a->count - 1)) : NAN;
	} else {
		r->mean = mean_of(a->v, a->n);
		r->stdev = stdev_of(a->v, a->n);
	}
}

void acc_summarise(struct acc *a, struct result *r)
{
	uint64_t requests = a->count - a->synthetic + a->errors;
	size_t i;

	summarise_values(a, r);
	a->summarised = true;
	r->count = a->count - a->synthetic;
	r->synthetic = a->synthetic;
	r->errors = a->errors;
	r->error_rate = requests ? (double)a->errors / (double)requests : NAN;
	for (i = 0; i < NPCT; i++)
		r->pct[i] = acc_quantile(a, lat_pcts[i]);
	/*
	 * Apdex counts failed requests as frustrated: (satisfied + tolerating/2)
	 * over every request.
	 */
	r->apdex = !isnan(a->setup->apdex_t) && requests ?
		((double)a->satisfied + (double)a->tolerating / 2) / (double)requests : NAN;
	r->throughput = NAN;
	if (a->has_time) {
		/* Whole-second stamps each stand for the second that follows. */
		double span = a->tmax - a->tmin + (a->whole_seconds ? 1 : 0);

		if (span > 0)
			r->throughput = (double)requests / span;
	}
}
