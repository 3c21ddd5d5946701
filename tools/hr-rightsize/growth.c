// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Growth of usage: libcommon's forecasting model (the one hr-forecast uses)
 * fitted to the usage, and its level now and at the horizon.
 */
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "headroom/forecast.h"
#include "headroom/strbuf.h"
#include "rightsize.h"

#define DAY 86400.0
/* The interval whose lower bound must clear today's level for growth to count. */
#define GROWTH_LEVEL 80.0
/* Growth smaller than this share of the level is not worth sizing for. */
#define GROWTH_MIN 0.05

/*
 * The model's mean (and the mean of its lower bound) over the span before t,
 * sampled hourly: whole days or weeks average the seasonal swing out, so
 * that two levels compare trend with trend.
 */
static void level(const struct forecast_model *m, double t, double span, double *mean,
		  double *lo_mean)
{
	double sum = 0, lo_sum = 0;
	int i, k = (int)(span / 3600);

	for (i = 0; i < k; i++) {
		double yhat, lo;

		forecast_predict(m, t - i * 3600.0, GROWTH_LEVEL, &yhat, &lo, NULL);
		sum += yhat;
		lo_sum += lo;
	}
	*mean = sum / k;
	if (lo_mean)
		*lo_mean = lo_sum / k;
}

/*
 * A quick look before the fit (a fit costs milliseconds, and a benchmark
 * sizes 500 cgroups in under a second): the mean of the last third of the
 * history against the first third's, extrapolated to the horizon, must come
 * to at least half the growth that would count.
 */
static bool may_grow(const double *ts, const double *v, size_t n, double horizon)
{
	size_t k = n / 3, i;
	double t1 = 0, y1 = 0, t3 = 0, y3 = 0;

	if (k < 1)
		return true;
	for (i = 0; i < k; i++) {
		t1 += ts[i];
		y1 += v[i];
		t3 += ts[n - 1 - i];
		y3 += v[n - 1 - i];
	}
	t1 /= (double)k;
	y1 /= (double)k;
	t3 /= (double)k;
	y3 /= (double)k;
	if (!(t3 > t1))
		return false;
	return (y3 - y1) / (t3 - t1) * horizon >= GROWTH_MIN / 2 * fabs(y3);
}

void fit_growth(const double *ts, const double *v, size_t n, double horizon, struct growth *g)
{
	struct strbuf err = STRBUF_INIT;
	struct forecast_options opt;
	struct forecast_summary s;
	struct forecast_model *m;
	double end, span, lo;

	memset(g, 0, sizeof(*g));
	if (n < FORECAST_MIN_POINTS || !(horizon > 0) || !may_grow(ts, v, n, horizon))
		return;
	/*
	 * A linear trend with the seasonality the fit detects: what growth
	 * sizing needs. The automatic choices (change points, damped and
	 * log-linear trends, chosen by validation) cost ten times as much per
	 * fit, too much for hundreds of cgroups in a second.
	 */
	forecast_options_init(&opt);
	opt.horizon = horizon;
	opt.trend = FORECAST_TREND_LINEAR;
	opt.transform = FORECAST_TRANSFORM_NONE;
	opt.no_changepoint = true;
	m = forecast_fit(ts, v, n, &opt, &err);
	strbuf_release(&err);
	if (!m)
		return;
	forecast_summary(m, &s);
	end = ts[n - 1];
	span = s.fit_end - s.fit_start >= 14 * DAY ? 7 * DAY : DAY;
	level(m, end, span, &g->now, NULL);
	level(m, end + horizon, span, &g->at_horizon, &lo);
	g->per_day = s.trend_per_day;
	g->growing = !s.constant && s.trend_per_day > 0 &&
		     g->at_horizon - g->now >= GROWTH_MIN * fabs(g->now) && lo > g->now;
	forecast_free(m);
}
