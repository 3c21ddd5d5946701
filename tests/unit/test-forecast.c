// SPDX-License-Identifier: GPL-3.0-or-later
/* Unit tests of the forecasting models on series whose truth is known. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "headroom/alloc.h"
#include "headroom/forecast.h"
#include "tap.h"

#define DAY 86400.0
#define T0 1767225600.0		/* 2026-01-01T00:00:00Z */

static uint64_t rng = 42;

/* A reproducible standard normal deviate (xorshift + Box-Muller). */
static double gauss(void)
{
	double u1, u2;

	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	u1 = ((double)(rng >> 11) + 0.5) / 9007199254740992.0;
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	u2 = ((double)(rng >> 11) + 0.5) / 9007199254740992.0;
	return sqrt(-2 * log(u1)) * cos(2 * M_PI * u2);
}

static struct forecast_model *fit(const double *t, const double *y, size_t n,
				  const struct forecast_options *o)
{
	struct strbuf err = STRBUF_INIT;
	struct forecast_model *m = forecast_fit(t, y, n, o, &err);

	if (!m)
		printf("# fit failed: %s\n", err.buf);
	strbuf_release(&err);
	return m;
}

static void test_pure_trend(void)
{
	double t[720], y[720], yhat, lo, hi, when;
	struct forecast_summary s;
	struct forecast_model *m;
	size_t i;

	/* 10 + 2 per day, hourly for 30 days: crosses 100 at day 45 exactly. */
	for (i = 0; i < 720; i++) {
		t[i] = T0 + 3600.0 * (double)i;
		y[i] = 10 + 2 * (t[i] - T0) / DAY;
	}
	m = fit(t, y, 720, NULL);
	ok(m != NULL, "a pure trend fits");
	if (!m)
		return;
	forecast_summary(m, &s);
	is_num(s.trend_per_day, 2, 1e-6, "trend per day recovered (%s)", s.model);
	is_num(s.r2, 1, 1e-9, "R^2 of an exact line is 1");
	is_num(s.resid_sd, 0, 1e-6, "no residual spread");
	is_int(s.nperiods, 0, "no seasonality found in a line");
	forecast_predict(m, T0 + 40 * DAY, 95, &yhat, &lo, &hi);
	is_num(yhat, 90, 1e-6, "forecast at day 40");
	is_num(hi - lo, 0, 1e-4, "an exact line has a zero-width interval");
	when = forecast_crossing(m, 100, false, 0, forecast_end(m), T0 + 90 * DAY, 0);
	is_num(when, T0 + 45 * DAY, 1, "crossing of 100 at day 45 to the second");
	when = forecast_crossing(m, 100, false, 0, forecast_end(m), T0 + 44 * DAY, 0);
	ok(isnan(when), "no crossing before the window ends");
	when = forecast_crossing(m, 5, true, 0, forecast_end(m), T0 + 90 * DAY, 0);
	ok(isnan(when), "a growing series never crosses downwards");
	forecast_free(m);
}

static void test_seasonal(void)
{
	size_t n = 24 * 28, i;
	double *t = xmalloc(n * sizeof(*t)), *y = xmalloc(n * sizeof(*y)), yhat, lo, hi;
	struct forecast_summary s;
	struct forecast_model *m;
	int inside = 0, k;

	/* Hourly for four weeks: level 50, daily sine of amplitude 10, noise sd 1. */
	for (i = 0; i < n; i++) {
		t[i] = T0 + 3600.0 * (double)i;
		y[i] = 50 + 10 * sin(2 * M_PI * (t[i] - T0) / DAY) + gauss();
	}
	m = fit(t, y, n, NULL);
	ok(m != NULL, "a seasonal series fits");
	if (!m)
		goto out;
	forecast_summary(m, &s);
	ok(s.nperiods >= 1 && s.period[0] == DAY, "the daily period is detected (%s)", s.model);
	is_num(s.amplitude[0], 10, 0.5, "its amplitude is recovered");
	is_num(s.resid_sd, 1, 0.15, "residual sd is the noise's");
	is_num(s.trend_per_day, 0, 0.05, "no trend");
	for (k = 0; k < 200; k++) {
		double tt = t[n - 1] + 3600.0 * (k + 1), truth = 50 + 10 * sin(2 * M_PI * (tt - T0) / DAY);

		forecast_predict(m, tt, 95, &yhat, &lo, &hi);
		truth += gauss();
		inside += truth >= lo && truth <= hi;
	}
	ok(inside >= 180 && inside <= 200, "95%% interval covers %d of 200 new points", inside);
	forecast_predict(m, t[n - 1] + 6 * 3600, 95, &yhat, &lo, &hi);
	is_num(hi - lo, 2 * 1.96, 0.8, "the 95%% interval is about +-1.96 sd wide");
	forecast_free(m);
out:
	free(t);
	free(y);
}

static void test_constant(void)
{
	double t[10], y[10], yhat, lo, hi;
	struct forecast_summary s;
	struct forecast_model *m;
	size_t i;

	for (i = 0; i < 10; i++) {
		t[i] = T0 + 60.0 * (double)i;
		y[i] = 5;
	}
	m = fit(t, y, 10, NULL);
	ok(m != NULL, "a constant series fits");
	if (!m)
		return;
	forecast_summary(m, &s);
	ok(s.constant, "and is reported constant");
	forecast_predict(m, T0 + DAY, 95, &yhat, &lo, &hi);
	is_num(yhat, 5, 1e-9, "its forecast is the constant");
	is_num(hi - lo, 0, 1e-9, "with no spread");
	ok(isnan(forecast_crossing(m, 6, false, 95, T0, T0 + 30 * DAY, 0)),
	   "a constant never reaches a higher threshold");
	forecast_free(m);
}

static void test_errors(void)
{
	struct strbuf err = STRBUF_INIT;
	double t[3] = { 1, 3, 2 }, y[3] = { 1, 2, 3 };

	ok(!forecast_fit(t, y, 2, NULL, &err), "two points are too few");
	ok(strstr(err.buf, "too short") != NULL, "and the message says so: %s", err.buf);
	strbuf_reset(&err);
	ok(!forecast_fit(t, y, 3, NULL, &err), "unsorted times are refused");
	strbuf_reset(&err);
	y[1] = NAN;
	t[2] = 4;
	ok(!forecast_fit(t, y, 3, NULL, &err), "NaN values are refused");
	strbuf_release(&err);
}

static void test_far_future(void)
{
	double t[4] = { 1767225600, 1767229200, 1767232800, 1.7e17 }, y[4] = { 1, 2, 3, 4 };
	struct forecast_model *m = fit(t, y, 4, NULL);

	ok(m != NULL, "times spanning billions of years fit");
	if (!m)
		return;
	/* Steps below the resolution of the times must not stall the search. */
	ok(isnan(forecast_crossing(m, 1e300, false, 0, 1.7e17, 1.8e17, 1)),
	   "a crossing search at huge times ends");
	forecast_free(m);
}

static void test_sort_merge(void)
{
	double t[5] = { 3, 1, 2, 2, 5 }, y[5] = { 30, 10, 20, 40, 50 };
	size_t merged, n;
	bool unsorted;

	n = forecast_sort_merge(t, y, 5, &merged, &unsorted);
	is_int(n, 4, "duplicates merged");
	is_int(merged, 1, "one point merged away");
	ok(unsorted, "unsorted input noticed");
	ok(t[0] == 1 && t[1] == 2 && t[2] == 3 && t[3] == 5, "sorted by time");
	is_num(y[1], 30, 1e-12, "equal timestamps take their mean");
}

static void test_level_shift(void)
{
	size_t n = 24 * 90, i;
	double *t = xmalloc(n * sizeof(*t)), *y = xmalloc(n * sizeof(*y)), yhat;
	struct forecast_summary s;
	struct forecast_model *m;

	/* Flat at 10, then a step to 50 at day 60 (a migration, a new tenant). */
	for (i = 0; i < n; i++) {
		t[i] = T0 + 3600.0 * (double)i;
		y[i] = ((t[i] - T0) / DAY < 60 ? 10 : 50) + 0.5 * gauss();
	}
	m = fit(t, y, n, NULL);
	ok(m != NULL, "a level shift fits");
	if (m) {
		forecast_summary(m, &s);
		ok(!isnan(s.changepoint) && fabs(s.changepoint - (T0 + 60 * DAY)) < 3 * DAY,
		   "the change point is found near day 60 (%.2f)", (s.changepoint - T0) / DAY);
		forecast_predict(m, t[n - 1] + 30 * DAY, 0, &yhat, NULL, NULL);
		is_num(yhat, 50, 1, "the forecast follows the current regime");
		forecast_free(m);
	}
	free(t);
	free(y);
}

static void test_spikes_and_growth(void)
{
	size_t n = 24 * 60, i;
	double *t = xmalloc(n * sizeof(*t)), *y = xmalloc(n * sizeof(*y)), yhat;
	struct forecast_summary s;
	struct forecast_options o;
	struct forecast_model *m;

	/* A line with 1% of its points spiking tenfold: robust fitting ignores them. */
	for (i = 0; i < n; i++) {
		t[i] = T0 + 3600.0 * (double)i;
		y[i] = 100 + 1 * (t[i] - T0) / DAY + gauss() + (i % 97 == 13 ? 1000 : 0);
	}
	forecast_options_init(&o);
	o.no_season = true;
	m = fit(t, y, n, &o);
	ok(m != NULL, "a spiky line fits");
	if (m) {
		forecast_summary(m, &s);
		ok(s.robust, "robust fitting chosen for spikes (%s)", s.model);
		is_num(s.trend_per_day, 1, 0.05, "the slope is not pulled by spikes");
		forecast_free(m);
	}

	/* Exponential growth, 2% a day, with multiplicative noise. */
	for (i = 0; i < n; i++) {
		t[i] = T0 + 3600.0 * (double)i;
		y[i] = 100 * exp(0.02 * (t[i] - T0) / DAY) * (1 + 0.01 * gauss());
	}
	m = fit(t, y, n, &o);
	ok(m != NULL, "exponential growth fits");
	if (m) {
		forecast_summary(m, &s);
		ok(s.log_transform, "the log transform is chosen (%s)", s.model);
		forecast_predict(m, T0 + 90 * DAY, 0, &yhat, NULL, NULL);
		is_num(yhat / (100 * exp(0.02 * 90)), 1, 0.03, "the forecast at day 90 follows the curve");
		forecast_free(m);
	}
	free(t);
	free(y);
}

static void test_long_series(void)
{
	size_t n = 60 * 24 * 60, i;	/* 60 days of minutes: fitted on bins */
	double *t = xmalloc(n * sizeof(*t)), *y = xmalloc(n * sizeof(*y)), lo, hi;
	struct forecast_summary s;
	struct forecast_model *m;

	for (i = 0; i < n; i++) {
		t[i] = T0 + 60.0 * (double)i;
		y[i] = 20 + 0.5 * (t[i] - T0) / DAY + 5 * cos(2 * M_PI * (t[i] - T0) / DAY) +
		       2 * gauss();
	}
	m = fit(t, y, n, NULL);
	ok(m != NULL, "86400 one-minute points fit");
	if (m) {
		forecast_summary(m, &s);
		is_num(s.trend_per_day, 0.5, 0.05, "trend recovered from binned rows (%s)", s.model);
		is_num(s.resid_sd, 2, 0.2, "residual sd measured on every point");
		forecast_predict(m, t[n - 1] + 3 * 3600, 95, NULL, &lo, &hi);
		is_num(hi - lo, 4 * 1.96, 2, "interval reflects one-minute noise");
		forecast_free(m);
	}
	free(t);
	free(y);
}

static void test_random_walk(void)
{
	size_t n = 500, i;
	double t[500], y[500], lo1, hi1, lo30, hi30, yhat;
	struct forecast_summary s;
	struct forecast_model *m;

	/* A random walk with a drift of 1 a day. */
	for (i = 0; i < n; i++) {
		t[i] = T0 + DAY * (double)i;
		y[i] = (i ? y[i - 1] : 100) + 1 + gauss();
	}
	m = fit(t, y, n, NULL);
	ok(m != NULL, "a random walk with drift fits");
	if (!m)
		return;
	forecast_summary(m, &s);
	is_num(s.trend_per_day, 1, 0.2, "its drift is recovered (%s)", s.model);
	forecast_predict(m, t[n - 1] + DAY, 95, &yhat, &lo1, &hi1);
	is_num(yhat, y[n - 1] + 1, 6, "the next day starts near the last value");
	forecast_predict(m, t[n - 1] + 30 * DAY, 95, NULL, &lo30, &hi30);
	ok(hi30 - lo30 >= hi1 - lo1 && lo30 < y[n - 1] + 30 && hi30 > y[n - 1] + 30,
	   "30 days ahead the interval is no narrower (%.1f then %.1f) and holds the drift's path",
	   hi1 - lo1, hi30 - lo30);
	forecast_free(m);
}

int main(void)
{
	test_pure_trend();
	test_seasonal();
	test_constant();
	test_errors();
	test_sort_merge();
	test_far_future();
	test_level_shift();
	test_spikes_and_growth();
	test_long_series();
	test_random_walk();
	return done_testing();
}
