// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * What a fitted forecast model answers: forecasts with prediction intervals,
 * threshold crossing times, and its summary.
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "forecast-impl.h"

static double q_at(const struct forecast_model *m, double level)
{
	double h = level / 100 * (NQ - 1);
	size_t i = (size_t)h;

	if (i >= NQ - 1)
		return m->q[NQ - 1];
	return m->q[i] + (h - (double)i) * (m->q[i + 1] - m->q[i]);
}

/* The mean square change of the residual level over h steps (>= 1), from vh. */
static double vario(const struct forecast_model *m, double h)
{
	double lh, j, slope;
	int i;

	if (m->nvh == 0)
		return NAN;
	if (h <= 1 || m->nvh == 1)
		return m->vh[0] * (h > 1 ? h : 1);
	lh = log2(h);
	i = (int)floor(lh);
	if (i >= m->nvh - 1)
		i = m->nvh - 2;
	if (!(m->vh[i] > 0) || !(m->vh[i + 1] > 0))
		return m->vh[m->nvh - 1];
	slope = log2(m->vh[i + 1] / m->vh[i]);
	/* Beyond the table the growth continues, at most as a random walk's. */
	if (slope < 0)
		slope = 0;
	if (slope > 1 && lh > m->nvh - 1)
		slope = 1;
	j = lh - i;
	return m->vh[i] * exp2(slope * j);
}

/* vario(h) for forecasts from the smoothed level (at least half of it). */
static double vario_smoothed(const struct forecast_model *m, double h)
{
	double v = vario(m, h);

	return v - m->noise_gone > v / 2 ? v - m->noise_gone : v / 2;
}

void fc_predict_at(const struct forecast_model *m, double t, const double *design, bool var,
		   struct fc_at *a)
{
	double row[MAX_P], x = (t - m->t_end) / DAY, v = 0, vm = 0, f = 1, v0 = 0;
	size_t i, j;

	if (design) {
		memcpy(row, design, m->p * sizeof(*row));
		for (i = 0; i < m->p; i++)
			v += row[i] * m->c[i];
	} else {
		v = fc_eval_scaled(m, (t - m->t_ref) / DAY, row);
	}
	if (m->s.diff) {
		/* From the last value: the change of the design since the end, and
		 * the random walk's variance growing with the steps ahead. */
		for (i = 0; i < m->p; i++)
			v0 += m->row0[i] * m->c[i];
		v = m->y_end - m->level_noise + v - v0;
		for (i = 0; i < m->p; i++)
			row[i] -= m->row0[i];
		f = fabs(x) * DAY / (m->step > 0 ? m->step : 1);
		if (f < 1)
			f = 1;
		else if (m->nvh && m->vh[0] > 0)
			f = vario_smoothed(m, f) / m->vh[0];
	}
	/* row' cov row, the symmetric matrix's lower triangle twice. */
	for (i = 0; i < m->p && var; i++) {
		const double *ci = m->cov + i * m->p;
		double sum = 0;

		for (j = 0; j < i; j++)
			sum += ci[j] * row[j];
		vm += row[i] * (2 * sum + ci[i] * row[i]);
	}
	a->x = x;
	a->v = v;
	a->vm = vm;
	a->f = f;
}

void fc_level_init(const struct forecast_model *m, double level, struct fc_level *lv)
{
	lv->level = level >= 100 ? 99.99 : level;
	if (level <= 0)
		return;
	lv->z = gsl_cdf_ugaussian_Pinv(0.5 + lv->level / 200);
	lv->q = q_at(m, lv->level);
	/* The spread is estimated: Student's t on the residuals' degrees of
	 * freedom, fewer where they are autocorrelated. */
	lv->t_ratio = m->df < 1e6 ? gsl_cdf_tdist_Pinv(0.5 + lv->level / 200, m->df) / lv->z : 1;
}

void fc_predict_finish(const struct forecast_model *m, const struct fc_at *a, double phi,
		       const struct fc_level *lv, double *mean, double *half)
{
	double x = a->x, v = a->v, f = a->f;

	if (x > 0 && phi > 0) {
		double h = x * DAY / (m->step > 0 ? m->step : 1), ph = pow(phi, h);
		double u = 1 - m->ar1 * m->ar1;	/* innovation / marginal variance */

		v += (phi >= 1 ? m->e_last - m->level_noise : m->e_last) * ph;
		/* The h-step error variance of an AR(1) with coefficient phi driven by
		 * the residuals' innovations; a random walk's grows with h. */
		f = phi >= 1 ? u * h : u * (1 - ph * ph) / (1 - phi * phi);
		/* Persisting: e(T+h) - e(T), the residuals' own variogram. */
		if (phi >= 1 && m->nvh && m->sigma > 0)
			f = vario_smoothed(m, h < 1 ? 1 : h) / (m->sigma * m->sigma);
		if (f < 1 - pow(m->ar1, 2 * h))
			f = 1 - pow(m->ar1, 2 * h);
	}
	if (x > 0 && m->nshape)
		v += m->shape[fc_shape_bin(m, x)];
	*mean = v;
	if (lv->level <= 0 || !half) {
		if (half)
			*half = 0;
		return;
	}
	*half = sqrt(lv->z * lv->z * (a->vm > 0 ? a->vm : 0) + lv->q * lv->q * f) * lv->t_ratio;
	if (x > 0) {
		double w = m->vwin > 0 ? (x * DAY / m->vwin - 0.25) * 2 : 0;

		w = w < 0 ? 0 : w > 1 ? 1 : w;
		*half *= m->inflate[0] + w * (m->inflate[1] - m->inflate[0]);
	}
}

void fc_predict_scaled(const struct forecast_model *m, double t, double level,
		       double *mean, double *half)
{
	struct fc_at a;
	struct fc_level lv;

	fc_level_init(m, level, &lv);
	fc_predict_at(m, t, NULL, level > 0 && half, &a);
	fc_predict_finish(m, &a, m->phi, &lv, mean, half);
}

void forecast_predict(const struct forecast_model *m, double t, double level,
		      double *yhat, double *lo, double *hi)
{
	double mean, half;

	fc_predict_scaled(m, t, level, &mean, &half);
	if (yhat)
		*yhat = unscale(&m->s, mean);
	if (lo)
		*lo = unscale(&m->s, mean - half);
	if (hi)
		*hi = unscale(&m->s, mean + half);
}

void forecast_predict_levels(const struct forecast_model *m, double t, size_t n,
			     const double *levels, double *yhat, double *lo, double *hi)
{
	struct fc_level lv = { 0 };
	struct fc_at a;
	double mean, half;
	size_t i;

	fc_predict_at(m, t, NULL, n > 0, &a);
	fc_predict_finish(m, &a, m->phi, &lv, &mean, NULL);
	if (yhat)
		*yhat = unscale(&m->s, mean);
	for (i = 0; i < n; i++) {
		fc_level_init(m, levels[i], &lv);
		fc_predict_finish(m, &a, m->phi, &lv, &mean, &half);
		lo[i] = unscale(&m->s, mean - half);
		hi[i] = unscale(&m->s, mean + half);
	}
}

void forecast_summary(const struct forecast_model *m, struct forecast_summary *s)
{
	*s = m->sum;
}

double forecast_end(const struct forecast_model *m)
{
	return m->t_end;
}

double forecast_step(const struct forecast_model *m)
{
	return m->step;
}

static double value_at(const struct forecast_model *m, double t, double level, bool below)
{
	double yhat, lo, hi;

	forecast_predict(m, t, level, &yhat, &lo, &hi);
	if (level <= 0)
		return yhat;
	return below ? lo : hi;
}

double forecast_crossing(const struct forecast_model *m, double threshold, bool below,
			 double level, double from, double to, double step)
{
	double a = from, fa, b;
	int it;
	long k;

#define CROSSED(v) (below ? (v) <= threshold : (v) >= threshold)
	if (!(to >= from))
		return NAN;
	if (step <= 0)
		step = m->step;
	if ((to - from) / step > 10000)
		step = (to - from) / 10000;
	fa = value_at(m, a, level, below);
	if (CROSSED(fa))
		return from;
	/* Steps counted, not summed: a step below the times' resolution must
	 * not stall the search. */
	for (k = 1;; k++) {
		double fb;

		b = from + (double)k * step > to || k >= 10001 ? to : from + (double)k * step;
		fb = value_at(m, b, level, below);
		if (CROSSED(fb))
			break;
		if (b >= to)
			return NAN;
		a = b;
	}
	for (it = 0; it < 100 && b - a > 1e-3; it++) {
		double mid = (a + b) / 2;

		if (CROSSED(value_at(m, mid, level, below)))
			b = mid;
		else
			a = mid;
	}
	/* A whole second when it is as good (exact lines cross on one). */
	if (round(b) >= a && round(b) <= b + 1e-3) {
		double v = value_at(m, round(b), level, below);

		if (CROSSED(v) || fabs(v - threshold) <= 1e-9 * fmax(1, fabs(threshold)))
			b = round(b);
	}
#undef CROSSED
	return b;
}
