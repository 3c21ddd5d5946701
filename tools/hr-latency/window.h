/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hr-latency --window: the figures of each window, as series TSV or rows. */
#ifndef HR_LATENCY_WINDOW_H
#define HR_LATENCY_WINDOW_H

#include <stdio.h>

#include "headroom/options.h"
#include "run.h"

/* The figures of one window; NAN where there is nothing to measure. */
struct window_figures {
	double start;			/* Unix seconds */
	double requests, errors, throughput;
	double pct[4];			/* p50 p90 p95 p99, report unit */
	double max;
	double conc;
};

/*
 * The figures of window i of run r, of every request in it, or of the
 * accumulator a (a --by group of the window) when a is not NULL.
 */
void window_figures(const struct run *r, size_t i, struct acc *a, struct window_figures *f);
/* Writes every window: series TSV (FORMAT_AUTO) or one row per window. Dies on error. */
void window_write(const struct run *r, enum output_format format, FILE *out);

#endif
