/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Regression forecasts of one series (GSL least squares): level + trend +
 * Fourier terms per seasonal period, fitted to (t, y) points, with prediction
 * intervals and threshold crossing times. Used by hr-forecast and hr-rightsize.
 *
 * The simple path, defaults for everything:
 *
 *	struct strbuf err = STRBUF_INIT;
 *	struct forecast_model *m = forecast_fit(ts, ys, n, NULL, &err);
 *	double yhat, lo, hi;
 *
 *	if (!m)
 *		die("%s", err.buf);
 *	forecast_predict(m, ts[n - 1] + 30 * 86400, 95, &yhat, &lo, &hi);
 *	forecast_free(m);
 *
 * What the fit does (each step can be pinned by struct forecast_options):
 *  - a level shift or a change of growth in the history (the last change
 *    point) restricts the fit to the current regime (or opt->since does);
 *  - seasonal periods among 1 day, 1 week and 1 year are tried when the
 *    fitted history covers two of them (or opt->periods are used), each with
 *    a Fourier order chosen by AICc (order 0 drops the period);
 *  - trend candidates (none, linear, linear weighted towards recent history;
 *    damped only on request; and random walks with or without drift, fitted
 *    to differences) on the raw values and, for positive series, on their
 *    logarithm (log-linear growth, multiplicative seasonality), each with the
 *    last residual carried forward not at all, as an AR(1), decaying slowly
 *    or persisting, are compared by rolling-origin validation (the mean
 *    absolute error of forecasts made from up to six earlier origins): the
 *    simplest within 5% of the lowest error wins, and the reason is in the
 *    summary; the winner then adds the recent shape of its shortest period
 *    (the residuals' trimmed mean at each phase over the last seven cycles)
 *    when that validates 2% better;
 *  - the final fit is weighted least squares (gsl_multifit_wlinear), or
 *    robust bisquare (gsl_multifit_robust) when the residuals hold outliers;
 *  - intervals combine the coefficients' covariance (as
 *    gsl_multifit_linear_est computes it) with the residuals' empirical
 *    quantiles, grown with the steps ahead by the residuals' AR(1) or their
 *    measured variogram, by Student's t on the residuals' effective degrees
 *    of freedom, and by how the validation errors compared with the
 *    intervals, early and late in the validation window.
 * Long series (over FORECAST_MAX_ROWS points) are fitted on equal-width time
 * bins weighted by their counts; residual statistics use every point.
 */
#ifndef HEADROOM_FORECAST_H
#define HEADROOM_FORECAST_H

#include <stdbool.h>
#include <stddef.h>

#include "headroom/strbuf.h"

#define FORECAST_MAX_PERIODS 4
#define FORECAST_MAX_ROWS 20000
/* The fewest points forecast_fit() accepts. */
#define FORECAST_MIN_POINTS 3

enum forecast_trend {
	FORECAST_TREND_AUTO = 0,	/* chosen by validation */
	FORECAST_TREND_NONE,		/* level only */
	FORECAST_TREND_LINEAR,
	FORECAST_TREND_DAMPED,		/* linear in the history, slope fading ahead */
};

enum forecast_transform {
	FORECAST_TRANSFORM_AUTO = 0,	/* log when every y > 0 and it validates better */
	FORECAST_TRANSFORM_NONE,
	FORECAST_TRANSFORM_LOG,
};

struct forecast_options {
	/* Seasonal periods in seconds; nperiods 0 means detect (1d, 1w, 1y). */
	double periods[FORECAST_MAX_PERIODS];
	size_t nperiods;
	bool no_season;		/* no seasonal terms at all */
	enum forecast_trend trend;
	enum forecast_transform transform;
	/* Fit only points with t >= since (NaN: detect the last change point). */
	double since;
	bool no_changepoint;	/* with since NaN: use the whole history */
	int robust;		/* -1 auto (outliers found), 0 never, 1 always */
	/* The horizon the caller cares about, in seconds (0: a fifth of the history);
	 * it sizes the validation window. */
	double horizon;
};

/* Fills o with the defaults (everything automatic). */
void forecast_options_init(struct forecast_options *o);

struct forecast_summary {
	char model[160];	/* "log, linear trend (recent-weighted) + 1d(K=3) + 7d(K=2)" */
	char reason[1024];	/* why this model: the validation scores compared */
	double trend_per_day;	/* slope at the end of the history, in y units per day */
	double r2;		/* coefficient of determination of the fit (on its scale) */
	double resid_sd;	/* residual standard deviation, in y units */
	double ar1;		/* lag-1 autocorrelation of the residuals */
	size_t nperiods;
	double period[FORECAST_MAX_PERIODS];	/* seconds */
	int order[FORECAST_MAX_PERIODS];	/* Fourier order K */
	double amplitude[FORECAST_MAX_PERIODS];	/* half the peak-to-peak, in y units */
	double fit_start;	/* first timestamp of the fitted regime */
	double fit_end;		/* last timestamp of the history */
	double changepoint;	/* detected change point, NaN when none */
	size_t n;		/* points fitted */
	bool log_transform;
	bool robust;
	bool constant;		/* the fitted history is constant */
	double typical_step;	/* median spacing of the history, seconds */
};

struct forecast_model;

/*
 * Fits a model to n points (t[i] Unix seconds ascending without duplicates,
 * y[i] finite). opt NULL means defaults. Returns a new model, or NULL with a
 * message in err (fewer than FORECAST_MIN_POINTS points, unsorted times,
 * non-finite values). Threads may fit at once: a fit touches only its own
 * model, and a model is read-only once fitted.
 */
struct forecast_model *forecast_fit(const double *t, const double *y, size_t n,
				    const struct forecast_options *opt, struct strbuf *err);
void forecast_free(struct forecast_model *m);

/*
 * The forecast at time t (any time; within the history it is the fitted
 * value) and its prediction interval at level percent (e.g. 95; 0 gives
 * lo = hi = yhat). Any output pointer may be NULL.
 */
void forecast_predict(const struct forecast_model *m, double t, double level,
		      double *yhat, double *lo, double *hi);

/*
 * The forecast at t and its intervals at n levels at once (lo[i] and hi[i]
 * at levels[i]), as n calls of forecast_predict() would give them but
 * cheaper. yhat may be NULL.
 */
void forecast_predict_levels(const struct forecast_model *m, double t, size_t n,
			     const double *levels, double *yhat, double *lo, double *hi);

/*
 * The first time in [from, to] at which the forecast crosses threshold
 * upwards (below: downwards), searched every step seconds (0: the history's
 * typical spacing, at most 10000 steps) and refined by bisection. level 0
 * follows the mean; a level > 0 follows the pessimistic bound (the upper
 * bound for an upward crossing, the lower one for below). Returns the time,
 * from itself when the threshold is already crossed there, or NaN when it is
 * not crossed in the window.
 */
double forecast_crossing(const struct forecast_model *m, double threshold, bool below,
			 double level, double from, double to, double step);

/* The model's description and fit statistics. */
void forecast_summary(const struct forecast_model *m, struct forecast_summary *s);

/* The fitted history's last timestamp and its median spacing in seconds. */
double forecast_end(const struct forecast_model *m);
double forecast_step(const struct forecast_model *m);

/*
 * Sorts n points by time and merges equal timestamps (their mean value), in
 * place. Returns the new count; *nmerged (may be NULL) the points merged
 * away, *was_unsorted whether any were out of order.
 */
size_t forecast_sort_merge(double *t, double *y, size_t n, size_t *nmerged, bool *was_unsorted);

#endif
