/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hr-usl's output: the report for people, one JSON object, the SVG chart. */
#ifndef HR_USL_REPORT_H
#define HR_USL_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "headroom/strbuf.h"
#include "usl.h"

/* The measured load levels, in input order. */
struct points {
	double *N, *X, *R;	/* R: measured response time in seconds, NAN if none */
	size_t n, alloc_n, alloc_x, alloc_r;
	bool has_latency;
};

struct usl_report {
	const struct points *pts;
	const struct usl_fit *fit;
	double nstar, xmax;		/* the peak; NAN when there is none */
	const double *predict;		/* --predict: concurrencies, or NULL */
	size_t npredict;
	double max_lat;			/* --max-latency in seconds; NAN: none */
	double cap;			/* the highest N within it: 0 none, INFINITY any */
};

/* Appends the report as text, or as one JSON object, to sb. */
void usl_report_text(struct strbuf *sb, const struct usl_report *rep);
void usl_report_json(struct strbuf *sb, const struct usl_report *rep);
/* Writes the chart (points, fitted curve, peak) to path ("-": standard output); dies on error. */
void usl_write_svg(const char *path, const struct usl_report *rep);

#endif
