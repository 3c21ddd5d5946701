/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hr-forecast's own shared pieces: one series with its model, and the chart. */
#ifndef HRF_H
#define HRF_H

#include <stdbool.h>
#include <stddef.h>

#include "headroom/forecast.h"
#include "headroom/strbuf.h"

#define HRF_MAX_LEVELS 4

struct hrf_series {
	char *name;
	double *t, *y;
	size_t n, alloc;
	unsigned long long first_line, last_line;	/* where it was read */
	const char *file;				/* the file of first_line */
	unsigned long long disorder_line;		/* first point out of order, or 0 */
	const char *disorder_file;
	struct forecast_model *m;
	double fstep, fend;		/* forecast step and last forecast time */
	double cross_mean, cross_bound;	/* NaN when not crossed */
};

struct hrf_chart {
	double levels[HRF_MAX_LEVELS];
	size_t nlevels;
	bool have_threshold, below;
	double threshold;
	const char *threshold_label;	/* as the user wrote it, or NULL */
	const char *title;
};

/* Appends an SVG chart of every series (one panel each) to sb. */
void hrf_chart_svg(struct strbuf *sb, struct hrf_series *const *s, size_t ns,
		   const struct hrf_chart *c);

#endif
