/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hr-forecast's own shared pieces: its options, one series with its model,
 * the outputs (output.c) and the chart (chart.c).
 */
#ifndef HRF_H
#define HRF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "headroom/forecast.h"
#include "headroom/strbuf.h"

#define HRF_MAX_LEVELS 4

/* What the options ask for. */
struct hrf_options {
	double horizon;		/* seconds, or 0 */
	double horizon_steps;	/* or a number of steps, or 0 */
	double step;		/* seconds; 0: the input's */
	double levels[HRF_MAX_LEVELS];
	size_t nlevels;
	bool history, below, have_threshold, summary, json, iso, quiet;
	bool named;		/* several series in the input: the forecast names them */
	unsigned long jobs;	/* fitting threads; 0: one per processor */
	double threshold;
	double until;		/* --until: history after it left out; NaN: none */
	const char *threshold_arg;	/* as the user wrote it */
	const char *since_arg, *svg, *title, *output;
	int trend, transform;	/* enum forecast_trend, enum forecast_transform */
	struct forecast_options fo;
};

struct hrf_series {
	char *name;
	double *t, *y;
	size_t n, alloc;
	unsigned long long first_line, last_line;	/* where it was read */
	const char *file;				/* the file of first_line */
	unsigned long long disorder_line;		/* first point out of order, or 0 */
	const char *disorder_file;
	struct forecast_model *m;	/* NULL when it could not be fitted: */
	char *why;			/* why not */
	double fstep, fend;		/* forecast step and last forecast time */
	double cross_mean, cross_bound;	/* NaN when not crossed */
	/* The guardrails (guard.c): */
	const struct hrf_series *size;	/* the input's size or limit of this usage, or NULL */
	double threshold;		/* --threshold for this series; NaN: none */
	char *threshold_label;		/* "90% of fs.size_bytes (225G)", or NULL: as written */
	double horizon_ratio;		/* the horizon over the history's length */
	double over_size;		/* when the mean forecast passes size, or NaN */
};

/*
 * Before the fits: finds each usage series' size or limit series in the
 * input (fs.used_bytes and fs.size_bytes with the same labels...) and sets
 * each series' threshold, a percentage --threshold read against the size's
 * last value; warns when a percentage has no size to be read against. A
 * size series that a percentage is read against gets no threshold itself.
 */
void hrf_guard_prepare(const struct hrf_options *o, struct hrf_series *const *v, size_t n);
/*
 * After the fits: warns when a horizon is over 3 times the history, when a
 * usage's forecast passes its size, and when a forecast of bytes falls below 0.
 */
void hrf_guard_check(struct hrf_series *const *v, size_t n);
/* "high" (horizon at most the history), "medium" (at most 3 times) or "low". */
const char *hrf_confidence(const struct hrf_series *s);

/* The widest interval level asked for (0 when none). */
double hrf_max_level(const struct hrf_options *o);

/*
 * The forecast as TSV: a header, then for each series with a model (named
 * when o->named) TIMESTAMP [SERIES] YHAT (LO HI)... at each step of its
 * horizon, after its fitted history with --history. Written to f as it goes.
 */
void hrf_write_forecast(FILE *f, const struct hrf_options *o, struct hrf_series *const *s,
			size_t ns);
/*
 * The model summary of every series with a model, as text (--summary), or
 * of every series as JSON (--json; those without a model give their name
 * and "error"), to sb.
 */
void hrf_summary_text(struct strbuf *sb, const struct hrf_options *o,
		      struct hrf_series *const *s, size_t ns);
void hrf_summary_json(struct strbuf *sb, const struct hrf_options *o,
		      struct hrf_series *const *s, size_t ns);
/* "cpu.util crosses 80 on 2027-01-03T10:00:00Z (in 41d); the 95% bound on ..." */
/* color: the verdict's words in colour (cli_color() of where sb goes). */
void hrf_crossing_sentence(struct strbuf *sb, const struct hrf_options *o,
			   const struct hrf_series *s, bool color);

struct hrf_chart {
	double levels[HRF_MAX_LEVELS];
	size_t nlevels;
	bool have_threshold, below;
	double threshold;
	const char *threshold_label;	/* as the user wrote it, or NULL */
	const char *title;
};

/* Appends an SVG chart of every series (one panel each; each has a model) to sb. */
void hrf_chart_svg(struct strbuf *sb, struct hrf_series *const *s, size_t ns,
		   const struct hrf_chart *c);

#endif
