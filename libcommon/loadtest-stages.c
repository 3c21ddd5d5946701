// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Requests per window of time, and the stages of a stepped load test: runs
 * of windows at one concurrency (JMeter's allThreads, k6's vus, Locust's
 * user count), without the windows at their edges where requests of two
 * levels mix.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/loadtest.h"

#define MAX_WINDOWS 10000000

void lt_windows_init(struct lt_windows *ws, double width)
{
	memset(ws, 0, sizeof(*ws));
	ws->width = width;
}

void lt_windows_release(struct lt_windows *ws)
{
	FREE_AND_NULL(ws->w);
	ws->n = ws->alloc = 0;
}

static void clear(struct lt_window *w, size_t n)
{
	size_t i;

	memset(w, 0, n * sizeof(*w));
	for (i = 0; i < n; i++)
		w[i].conc_min = w[i].conc_max = NAN;
}

struct lt_window *lt_windows_at(struct lt_windows *ws, double t)
{
	double fi = floor(t / ws->width);
	int64_t i, lo, hi;

	if (!isfinite(fi) || fabs(fi) > 1e15)
		return NULL;
	i = (int64_t)fi;
	if (!ws->n) {
		ws->first = i;
		ALLOC_GROW(ws->w, 1, ws->alloc);
		clear(ws->w, 1);
		ws->n = 1;
	}
	lo = i < ws->first ? i : ws->first;
	hi = i >= ws->first + (int64_t)ws->n ? i + 1 : ws->first + (int64_t)ws->n;
	if (hi - lo > MAX_WINDOWS)
		return NULL;
	if (hi - lo > (int64_t)ws->n) {
		size_t n = (size_t)(hi - lo), shift = (size_t)(ws->first - lo);

		ALLOC_GROW(ws->w, n, ws->alloc);
		if (shift) {
			memmove(ws->w + shift, ws->w, ws->n * sizeof(*ws->w));
			clear(ws->w, shift);
		}
		clear(ws->w + shift + ws->n, n - shift - ws->n);
		ws->n = n;
		ws->first = lo;
	}
	return &ws->w[i - ws->first];
}

double lt_window_start(const struct lt_windows *ws, size_t i)
{
	return (double)(ws->first + (int64_t)i) * ws->width;
}

void lt_window_conc(struct lt_window *w, double conc)
{
	if (isnan(conc))
		return;
	if (isnan(w->conc_min) || conc < w->conc_min)
		w->conc_min = conc;
	if (isnan(w->conc_max) || conc > w->conc_max)
		w->conc_max = conc;
}

/* Whether window w stays at one concurrency near c (any, when c is NAN). */
static bool steady(const struct lt_window *w, double c, double tol)
{
	if (isnan(w->conc_min) || w->conc_max - w->conc_min > tol)
		return false;
	return isnan(c) || fabs(w->conc_max - c) <= tol;
}

static void fill_stage(const struct lt_windows *ws, size_t first, size_t last, double conc,
		       struct lt_stage *st)
{
	double lat = 0;
	uint64_t nlat = 0;
	size_t i;

	memset(st, 0, sizeof(*st));
	st->first = first;
	st->last = last;
	st->conc = conc;
	st->start = lt_window_start(ws, first);
	st->end = lt_window_start(ws, last + 1);
	for (i = first; i <= last; i++) {
		st->requests += ws->w[i].requests;
		st->errors += ws->w[i].errors;
		lat += ws->w[i].latency_sum;
		nlat += ws->w[i].latency_n;
	}
	st->throughput = (double)st->requests / (st->end - st->start);
	st->latency = nlat ? lat / (double)nlat : NAN;
}

size_t lt_stages(const struct lt_windows *ws, double tolerance, struct lt_stage **out)
{
	size_t i = 0, n = 0, alloc = 0;

	*out = NULL;
	while (i < ws->n) {
		double c = ws->w[i].conc_max;
		size_t j = i;

		if (!steady(&ws->w[i], NAN, tolerance)) {
			i++;
			continue;
		}
		while (j + 1 < ws->n && steady(&ws->w[j + 1], c, tolerance))
			j++;
		if (j - i + 1 >= 3) {
			ALLOC_GROW(*out, n + 1, alloc);
			fill_stage(ws, i + 1, j - 1, c, &(*out)[n++]);
		}
		i = j + 1;
	}
	return n;
}
