// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The accumulators of hr-latency: every latency, or a histogram of them,
 * with the running figures (count, extremes, Apdex, time span) beside.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/stats.h"
#include "acc.h"
#include "sort.h"

const double lat_pcts[NPCT] = { 0.50, 0.75, 0.90, 0.95, 0.99, 0.999 };

void acc_init(struct acc *a, bool use_hdr, double apdex_t)
{
	memset(a, 0, sizeof(*a));
	a->use_hdr = use_hdr;
	a->apdex_t = apdex_t;
	a->min = INFINITY;
	a->max = -INFINITY;
	if (a->use_hdr) {
		a->h = xmalloc(sizeof(*a->h));
		hdr_init(a->h);
	}
}

void acc_release(struct acc *a)
{
	if (a->use_hdr) {
		hdr_release(a->h);
		free(a->h);
		a->h = NULL;
	}
	free(a->v);
	a->v = NULL;
}

static void add_value(struct acc *a, double v)
{
	if (a->use_hdr) {
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
	if (v <= a->apdex_t)
		a->satisfied++;
	else if (v <= 4 * a->apdex_t)
		a->tolerating++;
}

static void add_time(struct acc *a, double t)
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

void acc_add(struct acc *a, const struct lat_record *rec)
{
	if (rec->kind == LAT_ERROR)
		a->errors++;
	else
		add_value(a, rec->value);
	if (rec->has_time)
		add_time(a, rec->time);
}

double acc_quantile(const struct acc *a, double q)
{
	return a->use_hdr ? hdr_quantile(a->h, q) : quantile_sorted(a->v, a->n, q);
}

void acc_summarise(struct acc *a, struct result *r)
{
	uint64_t requests = a->count + a->errors;
	size_t i;

	if (!a->use_hdr)
		sort_latencies(a->v, a->n);
	r->count = a->count;
	r->errors = a->errors;
	r->error_rate = requests ? (double)a->errors / (double)requests : NAN;
	r->min = a->count ? a->min : NAN;
	r->max = a->count ? a->max : NAN;
	if (a->use_hdr) {
		r->mean = a->count ? a->mean : NAN;
		r->stdev = a->count > 1 ? sqrt(a->m2 / (double)(a->count - 1)) : NAN;
	} else {
		r->mean = mean_of(a->v, a->n);
		r->stdev = stdev_of(a->v, a->n);
	}
	for (i = 0; i < NPCT; i++)
		r->pct[i] = acc_quantile(a, lat_pcts[i]);
	/*
	 * Apdex counts failed requests as frustrated: (satisfied + tolerating/2)
	 * over every request.
	 */
	r->apdex = !isnan(a->apdex_t) && requests ?
		((double)a->satisfied + (double)a->tolerating / 2) / (double)requests : NAN;
	r->throughput = NAN;
	if (a->has_time) {
		/* Whole-second stamps each stand for the second that follows. */
		double span = a->tmax - a->tmin + (a->whole_seconds ? 1 : 0);

		if (span > 0)
			r->throughput = (double)requests / span;
	}
}
