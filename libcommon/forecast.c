// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Regression forecasts: GSL least squares on level + trend + Fourier terms,
 * model choice by AICc (Fourier orders) and rolling-origin validation (trend
 * and transform), prediction intervals and threshold crossings.
 */
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multifit.h>

#include "headroom/alloc.h"
#include "headroom/forecast.h"
#include "headroom/stats.h"

#define DAY 86400.0
#define MAX_P 160
#define NQ 1001		/* quantiles of |residual| kept by a model */
#define NORIGINS 3	/* rolling-origin validation: origins in the last window */
#define NEARLY 3	/* and earlier ones */
#define MAX_CAND 24
#define SHAPE_CYCLES 7	/* a week of days */
#define SHAPE_BINS 1440	/* phases of the recent shape, at most */

struct spec {
	bool log;
	enum forecast_trend trend;	/* NONE, LINEAR or DAMPED */
	double halflife;		/* days; 0: equal weights */
	size_t np;
	double period[FORECAST_MAX_PERIODS];	/* days */
	int order[FORECAST_MAX_PERIODS];
	bool robust;
	/* How the last residual carries into the forecast: 0 not at all, 1 as the
	 * residuals' AR(1), 2 decaying four times slower, 3 persisting (random walk). */
	int armode;
	bool fast;	/* normal equations (model search) rather than GSL's SVD */
	/* Fitted to differences (a random walk, with drift when there is a
	 * trend): forecasts start from the last value. dstep: typical spacing,
	 * longer spacings weigh less. */
	bool diff;
	double dstep;
	/* Hinges max(0, x - knot) of a piecewise-linear trend: only while the
	 * Fourier orders are chosen, so that a curved trend is not mistaken for
	 * seasonal shape (or hides it). */
	size_t nknots;
	double knot[8];
	/* Forecasts add the recent shape of the shortest period: the residuals'
	 * trimmed mean at each phase over its last SHAPE_CYCLES cycles. */
	bool shape;
};

struct forecast_model {
	struct spec s;
	double t_end, step, tau;
	size_t p;
	double c[MAX_P];
	double *cov;			/* p x p, on the fit scale */
	double ar1, e_last;
	double df;			/* residual degrees of freedom, fewer when autocorrelated */
	double phi;			/* the AR coefficient forecasts use (armode) */
	double sigma;			/* residual sd, fit scale */
	double y_end;			/* last value, fit scale (differenced models) */
	double level_noise;		/* the last residual level minus its smoothed value */
	/* The part of vh that forecasts from the smoothed level do not carry:
	 * the last point's own noise less the smoothed level's error. */
	double noise_gone;
	/* How the error of a forecast from the last value grows: vh[j] the mean
	 * square change over 2^j steps of the residual level (the cumulated
	 * innovations of a differenced model, the residuals themselves else). */
	double vh[32];
	int nvh;
	double row0[MAX_P];		/* design at the end of the history */
	double q[NQ];			/* quantiles of |residual|, q[i] at i/(NQ-1) */
	/* Validation errors / predicted spread (0.8 to 4) a quarter and three
	 * quarters of the validation window vwin ahead; in between linear. */
	double inflate[2], vwin;
	double *shape;			/* the recent shape (spec.shape), nshape phases */
	size_t nshape;
	double shape_days;		/* of its period */
	struct forecast_summary sum;
};

struct rows {
	const double *t, *y, *w;	/* w NULL: all 1 */
	size_t n;
};

void forecast_options_init(struct forecast_options *o)
{
	memset(o, 0, sizeof(*o));
	o->since = NAN;
	o->robust = -1;
}

/*
 * Whether harmonic k of period i repeats a harmonic of an earlier period
 * (the 7th weekly harmonic is the daily fundamental): such a column would
 * make the design singular, so it is left out.
 */
static bool dup_harmonic(const struct spec *s, size_t i, int k)
{
	size_t e;

	for (e = 0; e < i; e++) {
		double j = k * s->period[e] / s->period[i];

		if (fabs(j - round(j)) < 1e-9 && round(j) >= 1 && round(j) <= s->order[e])
			return true;
	}
	return false;
}

static size_t spec_p(const struct spec *s)
{
	size_t p = (s->trend == FORECAST_TREND_NONE ? 1 : 2) + s->nknots, i;
	int k;

	for (i = 0; i < s->np; i++)
		for (k = 1; k <= s->order[i]; k++)
			p += dup_harmonic(s, i, k) ? 0 : 2;
	return p;
}

/* The trend regressor: x in the history, fading ahead for a damped trend. */
static double trend_x(const struct spec *s, double x, double tau)
{
	if (x > 0 && s->trend == FORECAST_TREND_DAMPED)
		return tau * (1 - exp(-x / tau));
	return x;
}

static void design_row(const struct spec *s, double x, double tau, double *row)
{
	size_t j = 0, i;
	int k;

	row[j++] = 1;
	if (s->trend != FORECAST_TREND_NONE)
		row[j++] = trend_x(s, x, tau);
	for (i = 0; i < s->nknots; i++)
		row[j++] = x > s->knot[i] ? x - s->knot[i] : 0;
	for (i = 0; i < s->np; i++) {
		double a = 2 * M_PI * x / s->period[i], s1 = sin(a), c1 = cos(a), sk = s1, ck = c1;

		/* Harmonics by the angle-addition recurrence: one sin and cos per period. */
		for (k = 1; k <= s->order[i]; k++) {
			double sn;

			if (!dup_harmonic(s, i, k)) {
				row[j++] = sk;
				row[j++] = ck;
			}
			sn = sk * c1 + ck * s1;
			ck = ck * c1 - sk * s1;
			sk = sn;
		}
	}
}

static double fscale(const struct spec *s, double y)
{
	return s->log ? log(y) : y;
}

static double unscale(const struct spec *s, double v)
{
	return s->log ? exp(v) : v;
}

/*
 * Row i of the regression: its design, value (fit scale) and weight. A
 * differenced model's row is the difference from row i - 1 (none for i = 0)
 * with the intercept dropped.
 */
static bool data_row(const struct spec *s, const struct rows *r, size_t i, double t_end,
		     double tau, double *row, double *y, double *w)
{
	double x = (r->t[i] - t_end) / DAY, prev[MAX_P];
	size_t j, p;

	*w = r->w ? r->w[i] : 1;
	if (s->halflife > 0)
		*w *= exp2(x / s->halflife);
	design_row(s, x, tau, row);
	*y = fscale(s, r->y[i]);
	if (!s->diff)
		return true;
	if (!i)
		return false;
	p = spec_p(s);
	design_row(s, (r->t[i - 1] - t_end) / DAY, tau, prev);
	for (j = 0; j < p; j++)
		row[j] -= prev[j];
	row[0] = 0;
	*y -= fscale(s, r->y[i - 1]);
	if (r->w && r->w[i - 1] == 0)
		*w = 0;	/* the difference from an outlier */
	if (s->dstep > 0 && r->t[i] - r->t[i - 1] > s->dstep)
		*w /= (r->t[i] - r->t[i - 1]) / s->dstep;
	return true;
}

/*
 * Least squares of spec s on rows r (time origin t_end): coefficients into c,
 * covariance (scaled to the residual variance) into cov when not NULL.
 * Returns the weighted residual sum of squares / sum of weights, or -1 when
 * the problem is singular or too small.
 */
/*
 * The model search fits dozens of candidates: normal equations, equilibrated
 * and solved by Cholesky, cost n p^2 / 2 against the SVD's several n p^2.
 * Returns as lsq() does, or -2 when the matrix is not positive definite
 * (then the SVD decides).
 */
static double lsq_normal(const struct spec *s, const struct rows *r, double t_end, double tau,
			 double *c, double *cov, double *sumw_out, double *neff_out,
			 double *r2_out)
{
	size_t p = spec_p(s), i, j, k, n = r->n;
	gsl_matrix *A = gsl_matrix_calloc(p, p);
	gsl_vector *b = gsl_vector_calloc(p), *x = gsl_vector_alloc(p);
	double row[MAX_P], d[MAX_P], sumw = 0, sumw2 = 0, sy = 0, chisq = 0, tss = 0, ybar;
	int rc;

	for (i = 0; i < n; i++) {
		double w, y;

		if (!data_row(s, r, i, t_end, tau, row, &y, &w) || w == 0)
			continue;
		for (j = 0; j < p; j++) {
			double wr = w * row[j], *a = gsl_matrix_ptr(A, j, 0);

			for (k = 0; k <= j; k++)
				a[k] += wr * row[k];
			*gsl_vector_ptr(b, j) += wr * y;
		}
		sumw += w;
		sumw2 += w * w;
		sy += w * y;
	}
	if (s->diff)
		gsl_matrix_set(A, 0, 0, 1);	/* no intercept: c[0] = 0 */
	rc = sumw > 0 ? 0 : -1;
	for (j = 0; j < p && !rc; j++) {
		d[j] = sqrt(gsl_matrix_get(A, j, j));
		if (!(d[j] > 0))
			rc = -1;
	}
	if (!rc) {
		for (j = 0; j < p; j++) {
			for (k = 0; k <= j; k++) {
				double v = gsl_matrix_get(A, j, k) / (d[j] * d[k]);

				gsl_matrix_set(A, j, k, v);
				gsl_matrix_set(A, k, j, v);
			}
			gsl_vector_set(b, j, gsl_vector_get(b, j) / d[j]);
		}
		rc = gsl_linalg_cholesky_decomp1(A);
	}
	/* A nearly singular design is better left to the SVD. */
	if (!rc) {
		double rcond = 0;
		gsl_vector *work = gsl_vector_alloc(3 * p);

		if (gsl_linalg_cholesky_rcond(A, &rcond, work) || rcond < 1e-12)
			rc = -1;
		gsl_vector_free(work);
	}
	if (!rc)
		rc = gsl_linalg_cholesky_solve(A, b, x);
	if (rc) {
		gsl_matrix_free(A);
		gsl_vector_free(b);
		gsl_vector_free(x);
		return -2;
	}
	for (j = 0; j < p; j++)
		c[j] = gsl_vector_get(x, j) / d[j];
	ybar = sy / sumw;
	for (i = 0; i < n; i++) {
		double w, y, f = 0;

		if (!data_row(s, r, i, t_end, tau, row, &y, &w) || w == 0)
			continue;
		for (j = 0; j < p; j++)
			f += row[j] * c[j];
		chisq += w * (y - f) * (y - f);
		tss += w * (y - ybar) * (y - ybar);
	}
	if (cov) {
		double s2 = n > p ? chisq / (double)(n - p) * (double)n / sumw : 0;

		gsl_linalg_cholesky_invert(A);
		for (j = 0; j < p; j++)
			for (k = 0; k < p; k++)
				cov[j * p + k] = gsl_matrix_get(A, j, k) / (d[j] * d[k]) * s2;
	}
	gsl_matrix_free(A);
	gsl_vector_free(b);
	gsl_vector_free(x);
	if (sumw_out)
		*sumw_out = sumw;
	if (neff_out)
		*neff_out = sumw * sumw / sumw2;
	if (r2_out)
		*r2_out = tss > 0 ? 1 - chisq / tss : 1;
	return chisq / sumw;
}

static double lsq(const struct spec *s, const struct rows *r, double t_end, double tau,
		  double *c, double *cov, double *sumw_out, double *neff_out, double *r2_out)
{
	size_t p = spec_p(s), i, j, n = r->n;
	gsl_matrix *X, *C;
	gsl_vector *Y, *W, *cv;
	double chisq = 0, sumw = 0, sumw2 = 0, ybar = 0, tss = 0, ms;
	int rc;

	if (n < p + 1 || p > MAX_P)
		return -1;
	if (s->fast && !s->robust) {
		ms = lsq_normal(s, r, t_end, tau, c, cov, sumw_out, neff_out, r2_out);
		if (ms != -2)
			return ms;
	}
	X = gsl_matrix_alloc(n, p);
	C = gsl_matrix_alloc(p, p);
	Y = gsl_vector_alloc(n);
	W = gsl_vector_alloc(n);
	cv = gsl_vector_alloc(p);
	for (i = 0; i < n; i++) {
		double w, y;

		if (!data_row(s, r, i, t_end, tau, gsl_matrix_ptr(X, i, 0), &y, &w)) {
			/* The first row of a differenced model: present, weightless. */
			for (j = 0; j < p; j++)
				gsl_matrix_set(X, i, j, 0);
			y = w = 0;
		}
		gsl_vector_set(Y, i, y);
		gsl_vector_set(W, i, w);
		sumw += w;
		sumw2 += w * w;
		ybar += w * y;
	}
	ybar /= sumw;
	if (s->robust) {
		/* Rows scaled by sqrt(w) turn the weighted problem into an ordinary one. */
		gsl_multifit_robust_workspace *ws =
			gsl_multifit_robust_alloc(gsl_multifit_robust_bisquare, n, p);

		for (i = 0; i < n; i++) {
			double sw = sqrt(gsl_vector_get(W, i));

			for (j = 0; j < p; j++)
				gsl_matrix_set(X, i, j, gsl_matrix_get(X, i, j) * sw);
			gsl_vector_set(Y, i, gsl_vector_get(Y, i) * sw);
		}
		gsl_multifit_robust_maxiter(200, ws);
		rc = gsl_multifit_robust(X, Y, cv, C, ws);
		if (rc == GSL_EMAXITER)
			rc = 0;
		if (!rc) {
			gsl_multifit_robust_stats st = gsl_multifit_robust_statistics(ws);

			/* The robust scale: outliers do not inflate the spread. */
			chisq = st.sigma * st.sigma * (double)(n - p) * sumw / (double)n;
		}
		gsl_multifit_robust_free(ws);
	} else {
		gsl_multifit_linear_workspace *ws = gsl_multifit_linear_alloc(n, p);

		rc = gsl_multifit_wlinear(X, W, Y, cv, C, &chisq, ws);
		gsl_multifit_linear_free(ws);
		if (!rc) {
			/* wlinear's covariance assumes weights of 1/variance; rescale. */
			double s2 = n > p ? chisq / (double)(n - p) * (double)n / sumw : 0;

			gsl_matrix_scale(C, s2);
		}
	}
	if (!rc) {
		for (j = 0; j < p; j++)
			c[j] = gsl_vector_get(cv, j);
		if (cov)
			for (i = 0; i < p; i++)
				for (j = 0; j < p; j++)
					cov[i * p + j] = gsl_matrix_get(C, i, j);
		for (i = 0; i < n; i++) {
			double d = gsl_vector_get(Y, i) / (s->robust ? sqrt(gsl_vector_get(W, i)) : 1)
				   - ybar;

			tss += gsl_vector_get(W, i) * d * d;
		}
	}
	gsl_matrix_free(X);
	gsl_matrix_free(C);
	gsl_vector_free(Y);
	gsl_vector_free(W);
	gsl_vector_free(cv);
	if (rc)
		return -1;
	ms = chisq / sumw;
	if (sumw_out)
		*sumw_out = sumw;
	if (neff_out)
		*neff_out = sumw * sumw / sumw2;
	if (r2_out)
		*r2_out = tss > 0 ? 1 - chisq / tss : 1;
	return ms;
}

/* AICc; residual variance below floor (rounding noise of an exact fit) counts as floor. */
static double aicc(double ms, double neff, size_t p, double floor)
{
	double k = (double)p + 1;

	if (neff - k - 1 <= 0)
		return INFINITY;
	return neff * log(ms > floor ? ms : floor) + 2 * k + 2 * k * (k + 1) / (neff - k - 1);
}

static double eval_scaled(const struct forecast_model *m, double x, double *row)
{
	double v = 0;
	size_t j;

	design_row(&m->s, x, m->tau, row);
	for (j = 0; j < m->p; j++)
		v += row[j] * m->c[j];
	return v;
}

static double mode_phi(double rho, int mode)
{
	switch (mode) {
	case 1:
		return rho;
	case 2:
		return pow(rho, 0.25);
	case 3:
		return 1;
	default:
		return 0;
	}
}

/* The period of the recent shape: the shortest in the model, or -1. */
static int shape_period(const struct spec *s)
{
	int best = -1;
	size_t i;

	for (i = 0; i < s->np; i++)
		if (s->order[i] && (best < 0 || s->period[i] < s->period[best]))
			best = (int)i;
	return best;
}

/* The phase bin of x (days from the end) in the recent shape's period. */
static size_t shape_bin(const struct forecast_model *m, double x)
{
	double f = x / m->shape_days;
	size_t b = (size_t)((f - floor(f)) * (double)m->nshape);

	return b < m->nshape ? b : m->nshape - 1;
}

/*
 * The recent shape: lv[k], the residual level at point k (+1 for a
 * differenced model), over the last SHAPE_CYCLES cycles of shape_period,
 * its trimmed mean (without the lowest and highest) at each phase, less
 * their mean. Phases without enough points are left at 0.
 */
static void recent_shape(struct forecast_model *m, const struct rows *r, const double *lv,
			 size_t n)
{
	int sp = shape_period(&m->s);
	double P = sp < 0 ? 0 : m->s.period[sp] * DAY, from = r->t[r->n - 1] - SHAPE_CYCLES * P;
	double *sum, *lo, *hi, mean = 0;
	size_t *cnt, k, b, off = m->s.diff ? 1 : 0, nb = (size_t)llround(P / m->step);

	if (sp < 0 || nb < 2 || r->t[0] > from)
		return;
	if (nb > SHAPE_BINS)
		nb = SHAPE_BINS;
	m->nshape = nb;
	m->shape_days = m->s.period[sp];
	m->shape = xcalloc(nb, sizeof(*m->shape));
	sum = xcalloc(nb, sizeof(*sum));
	lo = xmalloc(nb * sizeof(*lo));
	hi = xmalloc(nb * sizeof(*hi));
	cnt = xcalloc(nb, sizeof(*cnt));
	for (b = 0; b < nb; b++) {
		lo[b] = INFINITY;
		hi[b] = -INFINITY;
	}
	for (k = n; k-- > 0 && r->t[k + off] > from;) {
		if (r->w && r->w[k + off] == 0)
			continue;	/* an outlier */
		b = shape_bin(m, (r->t[k + off] - m->t_end) / DAY);
		sum[b] += lv[k];
		cnt[b]++;
		if (lv[k] < lo[b])
			lo[b] = lv[k];
		if (lv[k] > hi[b])
			hi[b] = lv[k];
	}
	for (b = 0; b < nb; b++) {
		if (cnt[b] >= 4)
			m->shape[b] = (sum[b] - lo[b] - hi[b]) / (double)(cnt[b] - 2);
		else if (cnt[b])
			m->shape[b] = sum[b] / (double)cnt[b];
		mean += m->shape[b] / (double)nb;
	}
	for (b = 0; b < nb; b++)
		m->shape[b] = cnt[b] ? m->shape[b] - mean : 0;
	free(sum);
	free(lo);
	free(hi);
	free(cnt);
}

/*
 * The residuals of m over r into e (r->n of them at most): the values less
 * the fit, or for a differenced model its one-step innovations. Returns how
 * many, at least one (a 0 when there are none); *ss their sum of squares.
 * Sets m->ar1, their lag-1 autocorrelation within [0, 0.995].
 */
static size_t residuals(struct forecast_model *m, const struct rows *r, double *e, double *ss)
{
	double row[MAX_P], num = 0, den = 0, fprev = 0;
	size_t i, n = 0;

	for (i = 0; i < r->n; i++) {
		double f = eval_scaled(m, (r->t[i] - m->t_end) / DAY, row);

		if (m->s.diff) {
			double fp = fprev;

			fprev = f;
			if (!i)
				continue;
			e[n] = fscale(&m->s, r->y[i]) - fscale(&m->s, r->y[i - 1]) - (f - fp);
		} else {
			e[n] = fscale(&m->s, r->y[i]) - f;
		}
		*ss += e[n] * e[n];
		if (n) {
			num += e[n] * e[n - 1];
			den += e[n - 1] * e[n - 1];
		}
		n++;
	}
	if (!n)
		e[n++] = 0;
	m->ar1 = den > 0 ? num / den : 0;
	if (m->ar1 < 0)
		m->ar1 = 0;
	if (m->ar1 > 0.995)
		m->ar1 = 0.995;
	return n;
}

/* The variogram of the residual level lv at 1, 2, 4... steps into m->vh. */
static void variogram(struct forecast_model *m, const double *lv, size_t n)
{
	size_t h, k;

	m->nvh = 0;
	for (h = 1; h < n / 2 && m->nvh < 32; h *= 2) {
		double sum = 0;
		size_t cnt = 0, kstride = n > 50000 ? n / 50000 : 1;

		for (k = 0; k + h < n; k += kstride) {
			sum += (lv[k + h] - lv[k]) * (lv[k + h] - lv[k]);
			cnt++;
		}
		m->vh[m->nvh++] = sum / (double)cnt;
	}
}

/*
 * Where the residual level stands at the end, without the last point's own
 * noise: a local-level model's exponential smoothing, its gain from the
 * variogram (2 noise + h level variance).
 */
static void smoothed_level(struct forecast_model *m, const double *lv, size_t n)
{
	double a = 0, b = 0, alpha = 1, q, lev;
	size_t k;

	if (m->nvh >= 3) {
		/* Least squares of vh against h over lags 1..32. */
		double sh = 0, sv = 0, shh = 0, shv = 0, cnt = 0;
		int jj;

		for (jj = 0; jj < m->nvh && jj <= 5; jj++) {
			double hh = exp2(jj);

			sh += hh;
			sv += m->vh[jj];
			shh += hh * hh;
			shv += hh * m->vh[jj];
			cnt++;
		}
		b = (cnt * shv - sh * sv) / (cnt * shh - sh * sh);
		a = (sv - b * sh) / cnt;
	}
	if (b <= 0)
		alpha = n ? 2.0 / ((double)n + 1) : 1;
	else if (a > 0) {
		q = b / (a / 2);
		alpha = (-q + sqrt(q * q + 4 * q)) / 2;
	}
	lev = n ? lv[0] : 0;
	for (k = 1; k < n; k++)
		lev += alpha * (lv[k] - lev);
	m->level_noise = n ? lv[n - 1] - lev : 0;
	/*
	 * vh = 2 noise + h level variance measures forecasts from the last
	 * value. From the smoothed level the error is one noise (the future
	 * point's) plus the smoothed level's own error, alpha noise in a
	 * local-level model's steady state: the last point's noise, less
	 * that, has left.
	 */
	m->noise_gone = a > 0 && alpha < 1 ? a / 2 * (1 - alpha) : 0;
}

/*
 * The coefficients' covariance assumes white innovations; when their sums
 * grow slower than a random walk's (mean-reverting demand), the drift of a
 * differenced model is known better than that: scale by the long-run ratio.
 */
static void scale_drift_cov(struct forecast_model *m)
{
	double ratio;
	size_t i;

	if (!m->s.diff || m->nvh < 3 || !(m->vh[0] > 0))
		return;
	ratio = m->vh[m->nvh - 1] / (exp2(m->nvh - 1) * m->vh[0]);
	if (ratio < 0.05)
		ratio = 0.05;
	if (ratio < 1)
		for (i = 0; i < m->p * m->p; i++)
			m->cov[i] *= ratio;
}

/*
 * Autocorrelated residuals carry less information than independent ones:
 * an AR(1)'s effective sample is (1 - rho) / (1 + rho) of its size. The n
 * residuals' degrees of freedom shrink by that; so does the sample behind a
 * regression on the values, whose coefficients' covariance assumes
 * independent residuals.
 */
static void effective_df(struct forecast_model *m, size_t n)
{
	double rho = m->ar1 < 0.9 ? m->ar1 : 0.9, eff = (1 - rho) / (1 + rho);
	size_t i;

	m->df = (double)n * eff - (double)m->p;
	if (m->df < 2)
		m->df = 2;
	if (!m->s.diff && eff < 1)
		for (i = 0; i < m->p * m->p; i++)
			m->cov[i] /= eff;
}

/* R² of a differenced model's one-step forecasts against the values themselves. */
static double diff_r2(const struct forecast_model *m, const struct rows *r, double ss)
{
	double mean = 0, tss = 0;
	size_t i;

	for (i = 0; i < r->n; i++)
		mean += fscale(&m->s, r->y[i]) / (double)r->n;
	for (i = 0; i < r->n; i++)
		tss += (fscale(&m->s, r->y[i]) - mean) * (fscale(&m->s, r->y[i]) - mean);
	return tss > 0 ? 1 - ss / tss : 1;
}

/*
 * The quantiles of |e| (n residuals of npts points) into m->q, from a
 * sample of them (a smaller one in the model search); e is overwritten.
 */
static void spread_quantiles(struct forecast_model *m, double *e, size_t n, size_t npts)
{
	size_t nq = m->s.fast ? 4000 : 100000;
	size_t i, stride = npts > nq ? npts / nq + 1 : 1, ne = 0;

	for (i = 0; i < n; i += stride)
		e[ne++] = fabs(e[i]);
	qsort(e, ne, sizeof(*e), cmp_double);
	/* Small samples understate the tails; scale |e| by the degrees of freedom. */
	for (i = 0; i < NQ; i++)
		m->q[i] = quantile_sorted(e, ne, (double)i / (NQ - 1)) *
			  (n > m->p ? sqrt((double)n / (double)(n - m->p)) : 1);
}

/*
 * Residual statistics over points r: autocorrelation, the variogram and the
 * smoothed level of the residuals, the recent shape, degrees of freedom,
 * spread quantiles; and what forecasts start from.
 */
static void residual_stats(struct forecast_model *m, const struct rows *r)
{
	double *e = xmalloc(r->n * sizeof(*e)), *lv, ss = 0, acc = 0;
	size_t n = residuals(m, r, e, &ss), k;

	/* The residual level: the innovations' running sum for a differenced model. */
	lv = xmalloc((n + 1) * sizeof(*lv));
	for (k = 0; k < n; k++) {
		acc = m->s.diff ? acc + e[k] : e[k];
		lv[k] = acc;
	}
	variogram(m, lv, n);
	smoothed_level(m, lv, n);
	if (m->s.shape)
		recent_shape(m, r, lv, n);
	free(lv);
	scale_drift_cov(m);
	effective_df(m, n);
	m->e_last = e[n - 1];
	m->phi = m->s.diff ? 0 : mode_phi(m->ar1, m->s.armode);
	m->y_end = fscale(&m->s, r->y[r->n - 1]);
	design_row(&m->s, 0, m->tau, m->row0);
	m->sum.resid_sd = n > m->p ? sqrt(ss / (double)(n - m->p)) : 0;
	m->sigma = m->sum.resid_sd;
	if (m->s.diff)
		m->sum.r2 = diff_r2(m, r, ss);
	spread_quantiles(m, e, n, r->n);
	free(e);
}

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

/* The mean and the interval half-width at level, on the fit scale. */
static void predict_scaled(const struct forecast_model *m, double t, double level,
			   double *mean, double *half)
{
	double row[MAX_P], row0[MAX_P], x = (t - m->t_end) / DAY, v, vm = 0, z, q, f = 1;
	size_t i, j;

	v = eval_scaled(m, x, row);
	if (m->s.diff) {
		/* From the last value: the change of the design since the end, and
		 * the random walk's variance growing with the steps ahead. */
		v = m->y_end - m->level_noise + v - eval_scaled(m, 0, row0);
		for (i = 0; i < m->p; i++)
			row[i] -= m->row0[i];
		f = fabs(x) * DAY / (m->step > 0 ? m->step : 1);
		if (f < 1)
			f = 1;
		else if (m->nvh && m->vh[0] > 0)
			f = vario_smoothed(m, f) / m->vh[0];
	}
	for (i = 0; i < m->p; i++)
		for (j = 0; j < m->p; j++)
			vm += row[i] * m->cov[i * m->p + j] * row[j];
	if (x > 0 && m->phi > 0) {
		double h = x * DAY / (m->step > 0 ? m->step : 1), ph = pow(m->phi, h);
		double u = 1 - m->ar1 * m->ar1;	/* innovation / marginal variance */

		v += (m->phi >= 1 ? m->e_last - m->level_noise : m->e_last) * ph;
		/* The h-step error variance of an AR(1) with coefficient phi driven by
		 * the residuals' innovations; a random walk's grows with h. */
		f = m->phi >= 1 ? u * h : u * (1 - ph * ph) / (1 - m->phi * m->phi);
		/* Persisting: e(T+h) - e(T), the residuals' own variogram. */
		if (m->phi >= 1 && m->nvh && m->sigma > 0)
			f = vario_smoothed(m, h < 1 ? 1 : h) / (m->sigma * m->sigma);
		if (f < 1 - pow(m->ar1, 2 * h))
			f = 1 - pow(m->ar1, 2 * h);
	}
	if (x > 0 && m->nshape)
		v += m->shape[shape_bin(m, x)];
	*mean = v;
	if (level <= 0 || !half) {
		if (half)
			*half = 0;
		return;
	}
	if (level >= 100)
		level = 99.99;
	z = gsl_cdf_ugaussian_Pinv(0.5 + level / 200);
	q = q_at(m, level);
	*half = sqrt(z * z * (vm > 0 ? vm : 0) + q * q * f);
	/* The spread is estimated: Student's t on the residuals' degrees of
	 * freedom, fewer where they are autocorrelated. */
	if (m->df < 1e6)
		*half *= gsl_cdf_tdist_Pinv(0.5 + level / 200, m->df) / z;
	if (x > 0) {
		double a = m->vwin > 0 ? (x * DAY / m->vwin - 0.25) * 2 : 0;

		a = a < 0 ? 0 : a > 1 ? 1 : a;
		*half *= m->inflate[0] + a * (m->inflate[1] - m->inflate[0]);
	}
}

void forecast_predict(const struct forecast_model *m, double t, double level,
		      double *yhat, double *lo, double *hi)
{
	double mean, half;

	predict_scaled(m, t, level, &mean, &half);
	if (yhat)
		*yhat = unscale(&m->s, mean);
	if (lo)
		*lo = unscale(&m->s, mean - half);
	if (hi)
		*hi = unscale(&m->s, mean + half);
}

static struct forecast_model *new_model(const struct spec *s, double t_end, double step,
					double tau)
{
	struct forecast_model *m = xcalloc(1, sizeof(*m));

	m->s = *s;
	m->t_end = t_end;
	m->step = step;
	m->tau = tau;
	m->p = spec_p(s);
	m->cov = xcalloc(m->p * m->p, sizeof(*m->cov));
	m->inflate[0] = m->inflate[1] = 1;
	m->sum.changepoint = NAN;
	return m;
}

void forecast_free(struct forecast_model *m)
{
	if (!m)
		return;
	free(m->cov);
	free(m->shape);
	free(m);
}

/* Fits spec s to rows r; residual statistics over pts (NULL: r). */
static struct forecast_model *fit_spec(const struct spec *s, const struct rows *r,
				       const struct rows *pts, double step, double tau)
{
	struct forecast_model *m = new_model(s, r->t[r->n - 1], step, tau);
	double ms = lsq(s, r, m->t_end, tau, m->c, m->cov, NULL, NULL, &m->sum.r2);

	if (ms < 0) {
		forecast_free(m);
		return NULL;
	}
	residual_stats(m, pts ? pts : r);
	return m;
}

/* Rows of r in [t0, t1] (binary search; r is sorted). */
static struct rows sub_rows(const struct rows *r, double t0, double t1)
{
	struct rows s = *r;
	size_t lo = 0, hi = r->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (r->t[mid] < t0)
			lo = mid + 1;
		else
			hi = mid;
	}
	s.t += lo;
	s.y += lo;
	if (s.w)
		s.w += lo;
	s.n = r->n - lo;
	hi = s.n;
	{
		size_t a = 0;

		while (a < hi) {
			size_t mid = (a + hi) / 2;

			if (s.t[mid] <= t1)
				a = mid + 1;
			else
				hi = mid;
		}
		s.n = a;
	}
	return s;
}

/*
 * Rolling-origin validation of spec s over windows of v seconds: NORIGINS
 * origins in the last window, each forecasting to the end, and NEARLY
 * earlier ones, half a window apart, each forecasting one window, where they
 * leave at least half of the history to fit. Returns the mean absolute error
 * (original units), or INFINITY when it cannot be done; z[0] and z[1] the
 * median |error| / predicted spread in the first and the second half of the
 * window ahead (for scaling intervals).
 */
static double validate(const struct spec *s, const struct rows *r, double v, double step,
		       double tau, double z[2], int *mode)
{
	double t_end = r->t[r->n - 1], sae[4] = { 0 }, *zs[4][2] = { { NULL } }, best = INFINITY;
	size_t nae = 0, nz[4][2] = { { 0 } }, az[4][2] = { { 0 } }, o, i;
	int md, hf;

	for (o = 0; o < NORIGINS + NEARLY; o++) {
		double origin, until = INFINITY;
		struct rows tr, va;
		struct forecast_model *m;

		if (o < NEARLY) {
			origin = t_end - v - v / 2 * (double)(NEARLY - o);
			until = origin + v;
			if (origin - r->t[0] < (t_end - r->t[0]) / 2)
				continue;
		} else {
			origin = t_end - v * (double)(NORIGINS + NEARLY - o) / NORIGINS;
		}
		tr = sub_rows(r, -INFINITY, origin);
		va = sub_rows(r, origin + 1e-9, until);
		if (tr.n < spec_p(s) + 3 || !va.n)
			continue;
		m = fit_spec(s, &tr, NULL, step, tau);
		if (!m)
			continue;
		/* Every way of carrying the last residual, on the same fit. */
		for (md = 0; md < (s->diff ? 1 : 4); md++) {
			m->phi = mode_phi(m->ar1, md);
			for (i = 0; i < va.n; i++) {
				double mean, half;

				if (va.w && va.w[i] == 0)
					continue;	/* an outlier */
				predict_scaled(m, va.t[i], 68.27, &mean, &half);
				hf = va.t[i] - origin > v / 2;
				if (half > 0) {
					ALLOC_GROW(zs[md][hf], nz[md][hf] + 1, az[md][hf]);
					zs[md][hf][nz[md][hf]++] = fabs(fscale(s, va.y[i]) - mean) / half;
				}
				sae[md] += fabs(va.y[i] - unscale(s, mean));
				if (!md)
					nae++;
			}
		}
		forecast_free(m);
	}
	*mode = 0;
	for (md = 0; md < (s->diff ? 1 : 4) && nae; md++) {
		/* A simpler way must be beaten by 2%. */
		if (sae[md] / (double)nae < best * 0.98) {
			best = sae[md] / (double)nae;
			*mode = md;
		}
	}
	/*
	 * Intervals are scaled by the ratio of the validation errors to them,
	 * within a factor of four; they narrow only on the evidence of many
	 * validation points, since a model's in-sample spread seldom
	 * overstates its forecast errors.
	 */
	for (hf = 0; hf < 2; hf++) {
		z[hf] = 1;
		if (nz[*mode][hf]) {
			qsort(zs[*mode][hf], nz[*mode][hf], sizeof(double), cmp_double);
			z[hf] = quantile_sorted(zs[*mode][hf], nz[*mode][hf], 0.5) / 0.6745;
		}
		if (z[hf] < 1 && nz[*mode][hf] < 500)
			z[hf] = 1;
		z[hf] = z[hf] < 0.25 ? 0.25 : z[hf] > 4 ? 4 : z[hf];
	}
	if (!nz[*mode][1])
		z[1] = z[0];
	for (md = 0; md < 4; md++)
		for (hf = 0; hf < 2; hf++)
			free(zs[md][hf]);
	return best;
}

/* Equal-width time bins of at most max rows, weighted by their counts. */
static void bin_rows(const struct rows *r, size_t max, double **bt, double **by, double **bw,
		     size_t *bn)
{
	double t0 = r->t[0], width = (r->t[r->n - 1] - t0) / (double)max;
	size_t i, n = 0;

	*bt = xmalloc(max * sizeof(double));
	*by = xmalloc(max * sizeof(double));
	*bw = xmalloc(max * sizeof(double));
	for (i = 0; i < r->n; i++) {
		size_t b = (size_t)((r->t[i] - t0) / width);

		if (b >= max)
			b = max - 1;
		if (n && (size_t)(((*bt)[n - 1] / (*bw)[n - 1] - t0) / width) == b) {
			(*bt)[n - 1] += r->t[i];
			(*by)[n - 1] += r->y[i];
			(*bw)[n - 1] += 1;
		} else {
			(*bt)[n] = r->t[i];
			(*by)[n] = r->y[i];
			(*bw)[n] = 1;
			n++;
		}
	}
	for (i = 0; i < n; i++) {
		(*bt)[i] /= (*bw)[i];
		(*by)[i] /= (*bw)[i];
	}
	*bn = n;
}

/*
 * The last change point (a level step or a change of slope) worth
 * restricting the fit to, or NaN. Candidates leave at least a fifth of the
 * history and two of the longest period after them; BIC with the sample
 * size discounted for autocorrelated residuals decides.
 */
static double find_changepoint(const struct rows *r, const struct spec *base, double minspan)
{
	double t0 = r->t[0], t_end = r->t[r->n - 1], span = t_end - t0;
	double best_ms = INFINITY, best_tau = NAN, best_rho = 0, ms0, rho, neff, center = 0;
	struct spec s = *base;
	struct forecast_model *m0;
	size_t k, p0 = spec_p(base);
	int c;

	if (r->n < 30)
		return NAN;
	m0 = fit_spec(&s, r, NULL, 1, 1);
	if (!m0)
		return NAN;
	ms0 = m0->sum.resid_sd * m0->sum.resid_sd * (double)(r->n - p0) / (double)r->n;
	forecast_free(m0);
	if (ms0 <= 0)
		return NAN;
	/* A coarse grid, then a fine one around its best. */
	for (c = 1; c <= 80; c++) {
		double tau = t0 + span * (0.1 + 0.8 * c / 41.0), ms;
		gsl_matrix *X;
		gsl_vector *Y, *cv;
		gsl_matrix *C;
		gsl_multifit_linear_workspace *ws;
		size_t i, p = p0 + 2;
		double chisq;
		int rc;

		if (c > 40) {
			if (isnan(best_tau))
				break;
			if (c == 41)
				center = best_tau;
			tau = center + span * 0.8 / 41.0 * (c - 60.5) / 20;
		}
		if (t_end - tau < span / 5 || t_end - tau < minspan || tau <= t0)
			continue;
		X = gsl_matrix_alloc(r->n, p);
		Y = gsl_vector_alloc(r->n);
		cv = gsl_vector_alloc(p);
		C = gsl_matrix_alloc(p, p);
		for (i = 0; i < r->n; i++) {
			double x = (r->t[i] - t_end) / DAY, *row = gsl_matrix_ptr(X, i, 0);

			design_row(&s, x, 1, row);
			row[p0] = r->t[i] >= tau;
			row[p0 + 1] = r->t[i] >= tau ? (r->t[i] - tau) / DAY : 0;
			gsl_vector_set(Y, i, r->y[i]);
		}
		ws = gsl_multifit_linear_alloc(r->n, p);
		rc = gsl_multifit_linear(X, Y, cv, C, &chisq, ws);
		gsl_multifit_linear_free(ws);
		ms = chisq / (double)r->n;
		if (!rc && ms < best_ms) {
			/* The autocorrelation left once the change is modelled. */
			double num = 0, den = 0, prev = 0, e;
			size_t jj;

			for (i = 0; i < r->n; i++) {
				e = gsl_vector_get(Y, i);
				for (jj = 0; jj < p; jj++)
					e -= gsl_matrix_get(X, i, jj) * gsl_vector_get(cv, jj);
				if (i) {
					num += e * prev;
					den += prev * prev;
				}
				prev = e;
			}
			best_rho = den > 0 ? num / den : 0;
		}
		gsl_matrix_free(X);
		gsl_vector_free(Y);
		gsl_vector_free(cv);
		gsl_matrix_free(C);
		if (rc)
			continue;
		if (ms < best_ms) {
			best_ms = ms;
			best_tau = tau;
		}
	}
	if (isnan(best_tau))
		return NAN;
	rho = best_rho < 0 ? 0 : best_rho > 0.99 ? 0.99 : best_rho;
	neff = (double)r->n * (1 - rho) / (1 + rho);
	k = 3;	/* step, slope change, and the change point itself */
	/* Material (the change explains three quarters of the residual variance:
	 * a random walk shows "changes" explaining less) and significant. */
	if (best_ms < 0.25 * ms0 && neff * log(best_ms / ms0) + (double)k * log(neff) < -10)
		return best_tau;
	return NAN;
}

static const double cand_period[] = { DAY, 7 * DAY, 365.25 * DAY };
static const int order_grid[] = { 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50 };

static double median_step(const double *t, size_t n)
{
	double *d, med;
	size_t i;

	if (n < 2)
		return 1;
	d = xmalloc((n - 1) * sizeof(*d));
	for (i = 1; i < n; i++)
		d[i - 1] = t[i] - t[i - 1];
	sort_doubles(d, n - 1);
	med = quantile_sorted(d, n - 1, 0.5);
	/* The mean of the spacings near the median: calendar months step 30.44
	 * days on average where the median says 31, and gaps do not count. */
	if (med > 0) {
		double sum = 0;
		size_t k = 0;

		for (i = 0; i < n - 1; i++)
			if (fabs(d[i] - med) <= 0.1 * med) {
				sum += d[i];
				k++;
			}
		med = sum / (double)k;
	}
	free(d);
	return med > 0 ? med : 1;
}

static void describe(struct strbuf *sb, const struct spec *s)
{
	size_t i;

	strbuf_reset(sb);
	if (s->log)
		strbuf_addstr(sb, "log, ");
	if (s->robust)
		strbuf_addstr(sb, "robust, ");
	if (s->diff) {
		strbuf_addstr(sb, s->trend == FORECAST_TREND_NONE ? "random walk" :
			      s->halflife > 0 ? "random walk with recent drift" : "random walk with drift");
		goto seasons;
	}
	switch (s->trend) {
	case FORECAST_TREND_NONE:
		strbuf_addstr(sb, "level");
		break;
	case FORECAST_TREND_DAMPED:
		strbuf_addstr(sb, "damped trend");
		break;
	default:
		strbuf_addstr(sb, s->halflife > 0 ? "local linear trend" : "linear trend");
		if (s->halflife > 0)
			strbuf_addf(sb, " (half-life %.3gd)", s->halflife);
		break;
	}
	if (s->armode == 3)
		strbuf_addstr(sb, " + persistent residual");
	else if (s->armode == 2)
		strbuf_addstr(sb, " + slow AR(1) residual");
	else if (s->armode == 1)
		strbuf_addstr(sb, " + AR(1) residual");
seasons:
	for (i = 0; i < s->np; i++) {
		double d = s->period[i];

		if (!s->order[i])
			continue;
		if (fabs(d - 365.25) < 1)
			strbuf_addstr(sb, " + yearly");
		else if (fabs(d - 7) < 1e-9)
			strbuf_addstr(sb, " + weekly");
		else if (fabs(d - 1) < 1e-9)
			strbuf_addstr(sb, " + daily");
		else
			strbuf_addf(sb, " + period %.4gd", d);
		strbuf_addf(sb, "(K=%d%s)", s->order[i],
			    s->shape && (int)i == shape_period(s) ? ", recent shape" : "");
	}
}

size_t forecast_sort_merge(double *t, double *y, size_t n, size_t *nmerged, bool *was_unsorted)
{
	size_t i, o = 0, cnt;
	bool unsorted = false;

	for (i = 1; i < n; i++)
		if (t[i] < t[i - 1])
			unsorted = true;
	if (unsorted) {
		double (*pr)[2] = xmalloc(n * sizeof(*pr));

		for (i = 0; i < n; i++) {
			pr[i][0] = t[i];
			pr[i][1] = y[i];
		}
		/* Sorting pairs by their first double: stable enough, ties are merged. */
		qsort(pr, n, sizeof(*pr), cmp_double);
		for (i = 0; i < n; i++) {
			t[i] = pr[i][0];
			y[i] = pr[i][1];
		}
		free(pr);
	}
	for (i = 0; i < n; i += cnt) {
		double sum = 0;

		for (cnt = 0; i + cnt < n && t[i + cnt] == t[i]; cnt++)
			sum += y[i + cnt];
		t[o] = t[i];
		y[o] = sum / (double)cnt;
		o++;
	}
	if (nmerged)
		*nmerged = n - o;
	if (was_unsorted)
		*was_unsorted = unsorted;
	return o;
}

/* Seasonal amplitude of period pi: half the peak-to-peak over one period, y units. */
static double amplitude(const struct forecast_model *m, size_t pi)
{
	double lo = INFINITY, hi = -INFINITY, level, row[MAX_P];
	size_t j0 = (m->s.trend == FORECAST_TREND_NONE ? 1 : 2) + m->s.nknots, i, j1, j;
	int k, u;

	for (i = 0; i < pi; i++)
		for (k = 1; k <= m->s.order[i]; k++)
			j0 += dup_harmonic(&m->s, i, k) ? 0 : 2;
	j1 = j0;
	for (k = 1; k <= m->s.order[pi]; k++)
		j1 += dup_harmonic(&m->s, pi, k) ? 0 : 2;
	if (j1 == j0)
		return 0;
	forecast_predict(m, m->t_end, 0, &level, NULL, NULL);
	for (u = 0; u < 1000; u++) {
		double v = 0;

		design_row(&m->s, m->s.period[pi] * u / 1000, m->tau, row);
		for (j = j0; j < j1; j++)
			v += m->c[j] * row[j];
		if (v < lo)
			lo = v;
		if (v > hi)
			hi = v;
	}
	if (m->s.log)
		return level * (exp(hi) - exp(lo)) / 2;
	return (hi - lo) / 2;
}

/* A scored trend candidate. */
struct candidate {
	struct spec s;
	double mae;		/* the validation's mean absolute error */
	double z[2];		/* validation errors / predicted spread, early and late */
};

/* What forecast_fit() works out, step by step. */
struct fit {
	const struct forecast_options *opt;
	struct rows all;	/* the points given */
	struct rows cur;	/* the current regime */
	struct rows fitr;	/* cur, or its time bins when long */
	struct rows vr;		/* fitr for validation: outliers weigh 0 */
	double *bt, *by, *bw;	/* the bins behind fitr, or NULL */
	double *ow;		/* the weights behind vr, or NULL */
	double step, span, tau, ymin, ymax;
	double cp;		/* the change point found, or NaN */
	double v;		/* the validation window, seconds */
	struct spec s;		/* seasons and robustness, shared by the candidates */
	struct candidate cand[MAX_CAND];
	size_t ncand;
	struct strbuf why;	/* the candidates' scores, for the summary */
	struct strbuf desc;
};

static void fit_release(struct fit *f)
{
	free(f->bt);
	free(f->by);
	free(f->bw);
	free(f->ow);
	f->bt = f->by = f->bw = f->ow = NULL;
	strbuf_release(&f->why);
	strbuf_release(&f->desc);
}

/* Step 1: finite points in ascending time. */
static int check_points(const double *t, const double *y, size_t n, struct strbuf *err)
{
	size_t i;

	if (n < FORECAST_MIN_POINTS) {
		strbuf_addf(err, "too short a history: %zu point%s, at least %d needed", n,
			    n == 1 ? "" : "s", FORECAST_MIN_POINTS);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (!isfinite(t[i]) || !isfinite(y[i])) {
			strbuf_addf(err, "point %zu is not a finite number", i + 1);
			return -1;
		}
		if (i && t[i] <= t[i - 1]) {
			strbuf_addf(err, "timestamps must ascend without duplicates (point %zu)",
				    i + 1);
			return -1;
		}
	}
	return 0;
}

/*
 * Step 2: where the current regime starts: opt->since, else the last change
 * point (f->cp), else NaN (the whole history).
 */
static double regime_start(struct fit *f)
{
	const struct forecast_options *opt = f->opt;
	const double *t = f->all.t;
	double minspan = 0, *ct = NULL, *cy = NULL, *cw = NULL, span;
	size_t cn, i, n = f->all.n;
	struct rows cr = f->all;
	struct spec base;

	if (!isnan(opt->since) || opt->no_changepoint)
		return opt->since;
	memset(&base, 0, sizeof(base));
	base.trend = FORECAST_TREND_LINEAR;
	base.fast = true;
	span = t[n - 1] - t[0];
	/* Low-order seasonality so that a daily swing is not taken for a shift. */
	for (i = 0; i < 3 && !opt->no_season; i++) {
		if (span >= 2 * cand_period[i] && f->step <= cand_period[i] / 8) {
			base.period[base.np] = cand_period[i] / DAY;
			base.order[base.np++] = 2;
			minspan = 2 * cand_period[i];
		}
	}
	if (n > 2000) {
		bin_rows(&f->all, 2000, &ct, &cy, &cw, &cn);
		cr.t = ct;
		cr.y = cy;
		cr.n = cn;
	}
	f->cp = find_changepoint(&cr, &base, minspan);
	free(ct);
	free(cy);
	free(cw);
	return f->cp;
}

/*
 * The points from since (NaN: all) as the current regime, their span and
 * range, and the rows fitted: time bins when there are many points.
 */
static int select_regime(struct fit *f, double since, struct strbuf *err)
{
	size_t i, nb;

	f->cur = isnan(since) ? f->all : sub_rows(&f->all, since, INFINITY);
	if (f->cur.n < FORECAST_MIN_POINTS) {
		strbuf_addf(err, "too short a history since the start of the fit: %zu points",
			    f->cur.n);
		return -1;
	}
	f->span = f->cur.t[f->cur.n - 1] - f->cur.t[0];
	f->ymin = INFINITY;
	f->ymax = -INFINITY;
	for (i = 0; i < f->cur.n; i++) {
		if (f->cur.y[i] < f->ymin)
			f->ymin = f->cur.y[i];
		if (f->cur.y[i] > f->ymax)
			f->ymax = f->cur.y[i];
	}
	f->fitr = f->cur;
	if (f->cur.n > FORECAST_MAX_ROWS) {
		bin_rows(&f->cur, FORECAST_MAX_ROWS, &f->bt, &f->by, &f->bw, &nb);
		f->fitr.t = f->bt;
		f->fitr.y = f->by;
		f->fitr.w = f->bw;
		f->fitr.n = nb;
	}
	f->tau = f->span / DAY / 3 > 0 ? f->span / DAY / 3 : 1;
	return 0;
}

/* The seasonal period i to consider, seconds: the caller's or a candidate. */
static double period_at(const struct fit *f, size_t i)
{
	return f->opt->nperiods ? f->opt->periods[i] : cand_period[i];
}

/*
 * Knots of a piecewise-linear trend, at least the longest period that fits
 * twice apart, so that a curved trend is not taken for seasonal shape while
 * the Fourier orders are chosen.
 */
static void add_knots(struct fit *f, size_t np)
{
	double longest = 0, gap;
	size_t i, kk;

	for (i = 0; i < np; i++) {
		double P = period_at(f, i);

		if (f->span >= 2 * P && P > longest)
			longest = P;
	}
	if (!(longest > 0))
		return;
	gap = f->span / 8 > longest ? f->span / 8 : longest;
	for (kk = 1; kk < 8 && (double)kk * gap < f->span - gap / 2; kk++)
		f->s.knot[f->s.nknots++] =
			(f->cur.t[0] - f->fitr.t[f->fitr.n - 1] + (double)kk * gap) / DAY;
}

/*
 * Adds period P (seconds) to f->s at the Fourier order AICc picks; order 0
 * leaves it out, unless the caller named it (then order 1 at least).
 */
static void add_period(struct fit *f, double P, double msfloor)
{
	struct spec *s = &f->s;
	const struct rows *r = &f->fitr;
	double per = P / f->step, cur_aic, sumw, neff, ms;
	int kmax = (int)floor((per - 1) / 2), g, bestk = 0, worse = 0;
	bool named = f->opt->nperiods != 0;

	if (!named && f->span < 2 * P)
		return;
	if (kmax < 1 || f->span < P)
		return;
	if (kmax > 50)
		kmax = 50;
	ms = lsq(s, r, r->t[r->n - 1], f->tau, (double[MAX_P]){ 0 }, NULL, &sumw, &neff, NULL);
	cur_aic = ms < 0 ? INFINITY : aicc(ms, neff, spec_p(s), msfloor);
	s->period[s->np] = P / DAY;
	s->np++;
	for (g = 0; g < (int)(sizeof(order_grid) / sizeof(*order_grid)); g++) {
		double a, c[MAX_P];

		if (order_grid[g] > kmax)
			break;
		s->order[s->np - 1] = order_grid[g];
		ms = lsq(s, r, r->t[r->n - 1], f->tau, c, NULL, &sumw, &neff, NULL);
		a = ms < 0 ? INFINITY : aicc(ms, neff, spec_p(s), msfloor);
		if (a < cur_aic - 2) {
			cur_aic = a;
			bestk = order_grid[g];
			worse = 0;
		} else if (++worse >= 3) {
			break;	/* three larger orders in a row did not help */
		}
	}
	if (!bestk && named)
		bestk = 1;
	s->order[s->np - 1] = bestk;
	if (!bestk && !named)
		s->np--;
}

/* Step 3: seasonal periods and their Fourier orders, by AICc on a linear trend. */
static void choose_seasons(struct fit *f)
{
	const struct forecast_options *opt = f->opt;
	double msfloor;
	size_t np, i;

	memset(&f->s, 0, sizeof(f->s));
	f->s.fast = true;
	f->s.trend = FORECAST_TREND_LINEAR;
	if (opt->no_season || !(f->ymax > f->ymin))
		return;
	msfloor = 1e-18 * (f->ymax - f->ymin) * (f->ymax - f->ymin) + 1e-300;
	np = opt->nperiods ? opt->nperiods : 3;
	add_knots(f, np);
	for (i = 0; i < np && f->s.np < FORECAST_MAX_PERIODS; i++)
		add_period(f, period_at(f, i), msfloor);
	f->s.nknots = 0;
}

/* Whether point i of r lies beyond 5 robust sd (q50) of model m. */
static bool is_outlier(const struct forecast_model *m, const struct rows *r, size_t i, double q50)
{
	double row[MAX_P];

	return fabs(r->y[i] - eval_scaled(m, (r->t[i] - m->t_end) / DAY, row)) > 5 * q50;
}

/*
 * Step 4: outliers decide robust fitting: points beyond 5 robust sd of an
 * ordinary fit. Validation fits leave them out (weight 0 in f->vr), which is
 * much cheaper than iterating robust fits for every candidate.
 */
static void find_outliers(struct fit *f)
{
	const struct rows *r = &f->fitr;
	struct forecast_model *m;
	double q50;
	size_t out = 0, i;

	f->s.robust = f->opt->robust == 1;
	f->vr = f->fitr;
	if (f->opt->robust >= 0 || !(f->ymax > f->ymin))
		return;
	m = fit_spec(&f->s, r, NULL, f->step, f->tau);
	if (!m)
		return;
	q50 = m->q[(NQ - 1) / 2] * 1.4826;
	for (i = 0; i < r->n && q50 > 0; i++)
		if (is_outlier(m, r, i, q50))
			out++;
	if (out && r->n > spec_p(&f->s) * 2 + 10) {
		f->s.robust = true;
		f->ow = xmalloc(r->n * sizeof(*f->ow));
		for (i = 0; i < r->n; i++)
			f->ow[i] = is_outlier(m, r, i, q50) ? 0 : r->w ? r->w[i] : 1;
		f->vr.w = f->ow;
	}
	forecast_free(m);
}

/* The trend of s, without its seasons (the same for every candidate), into f->desc. */
static void describe_trend(struct fit *f, const struct spec *s)
{
	struct spec tr_only = *s;

	tr_only.np = 0;
	describe(&f->desc, &tr_only);
}

/*
 * Scores one candidate: logarithm or not, differences or values, the trend,
 * and hl 0 (equal weights) or a half-life of a half (1) or a sixth (2) of
 * the history, when that combination is one to try.
 */
static void try_candidate(struct fit *f, bool lg, bool df, int tr, int hl)
{
	struct spec c = f->s;
	double mae, zm[2];

	c.robust = false;
	c.diff = df;
	c.dstep = f->step;
	if (hl && tr != FORECAST_TREND_LINEAR)
		return;
	if (df && tr == FORECAST_TREND_DAMPED)
		return;
	/* A damped trend only on request: validation windows are short, and
	 * capacity plans must not assume growth fades. */
	if (tr == FORECAST_TREND_DAMPED && f->opt->trend != FORECAST_TREND_DAMPED)
		return;
	c.log = lg;
	c.trend = tr;
	c.halflife = hl ? f->span / DAY / (hl == 1 ? 2 : 6) : 0;
	/* Recent weighting must still see two of each period. */
	if (c.np && c.halflife > 0 && c.halflife < c.period[c.np - 1] * 1.5)
		return;
	mae = validate(&c, &f->vr, f->v, f->step, f->tau, zm, &c.armode);
	describe_trend(f, &c);
	if (f->why.len)
		strbuf_addstr(&f->why, "; ");
	strbuf_addf(&f->why, "%s %.4g", f->desc.buf, mae);
	if (f->ncand < MAX_CAND)
		f->cand[f->ncand++] = (struct candidate){ c, mae, { zm[0], zm[1] } };
}

/* Step 5: trend and transform candidates, by rolling-origin validation. */
static void score_candidates(struct fit *f)
{
	const struct forecast_options *opt = f->opt;
	int tr, lg, hl, df;

	f->v = opt->horizon > 0 ? opt->horizon : f->span / 5;
	if (f->v > f->span * 0.3)
		f->v = f->span * 0.3;
	for (lg = 0; lg < 2; lg++) {
		if (lg && (f->ymin <= 0 || opt->transform == FORECAST_TRANSFORM_NONE ||
			   f->ymax == f->ymin))
			continue;
		if (!lg && opt->transform == FORECAST_TRANSFORM_LOG && f->ymin > 0)
			continue;
		for (df = 0; df < 2; df++)
			for (tr = FORECAST_TREND_NONE; tr <= FORECAST_TREND_DAMPED; tr++) {
				if (opt->trend && tr != (int)opt->trend)
					continue;
				for (hl = 0; hl < 3; hl++)
					try_candidate(f, lg, df, tr, hl);
			}
	}
}

/*
 * Step 6: the simplest candidate (the earliest: raw before log, fitted to
 * the values before their differences, fewer terms first) whose error is
 * within 5% of the lowest: validation windows are few and correlated, and a
 * steady trend must not lose to a random walk by luck. Returns its index
 * (f->ncand when none could be scored: then *chosen is the default model),
 * with its spec and interval scales.
 */
static size_t choose_candidate(const struct fit *f, struct spec *chosen, double z[2])
{
	const struct forecast_options *opt = f->opt;
	double lowest = INFINITY;
	size_t i;

	*chosen = f->s;
	chosen->armode = 1;
	chosen->trend = FORECAST_TREND_LINEAR;
	if (opt->trend)
		chosen->trend = opt->trend;
	chosen->log = opt->transform == FORECAST_TRANSFORM_LOG && f->ymin > 0;
	for (i = 0; i < f->ncand; i++)
		if (f->cand[i].mae < lowest)
			lowest = f->cand[i].mae;
	for (i = 0; i < f->ncand && isfinite(lowest); i++) {
		if (f->cand[i].mae <= lowest * 1.05 + 1e-9 * (f->ymax - f->ymin)) {
			z[0] = f->cand[i].z[0];
			z[1] = f->cand[i].z[1];
			*chosen = f->cand[i].s;
			chosen->robust = f->s.robust && !chosen->diff;
			break;
		}
	}
	return i;
}

/*
 * Whether the recent shape of the first period (a daily profile that
 * changes over the summer) improves candidate best's forecasts, by 2% on
 * the same validation; if so it joins *chosen.
 */
static void try_recent_shape(struct fit *f, size_t best, struct spec *chosen, double z[2])
{
	struct spec c = *chosen;
	double mae, zm[2];

	c.robust = false;
	c.shape = true;
	mae = validate(&c, &f->vr, f->v, f->step, f->tau, zm, &c.armode);
	describe_trend(f, &c);
	strbuf_addf(&f->why, "; %s, with the recent shape %.4g", f->desc.buf, mae);
	if (mae < f->cand[best].mae * 0.98) {
		c.robust = chosen->robust;
		*chosen = c;
		z[0] = zm[0];
		z[1] = zm[1];
	}
}

/*
 * Step 7: the chosen model fitted by GSL's solvers, residual statistics
 * over every point of the regime; without robustness when that fails, and
 * a level alone when that fails too.
 */
static struct forecast_model *fit_final(const struct fit *f, struct spec *chosen)
{
	struct forecast_model *m;

	chosen->fast = false;
	m = fit_spec(chosen, &f->fitr, &f->cur, f->step, f->tau);
	if (!m && chosen->robust) {
		chosen->robust = false;
		m = fit_spec(chosen, &f->fitr, &f->cur, f->step, f->tau);
	}
	if (!m) {
		chosen->np = 0;
		chosen->trend = FORECAST_TREND_NONE;
		chosen->halflife = 0;
		m = fit_spec(chosen, &f->fitr, &f->cur, f->step, f->tau);
	}
	return m;
}

/* Step 8: the summary of model m, fitted by spec s. */
static void summarise(struct forecast_model *m, struct fit *f, const struct spec *s)
{
	struct forecast_summary *sum = &m->sum;
	double yend;
	size_t i;

	describe(&f->desc, s);
	snprintf(sum->model, sizeof(sum->model), "%s", f->desc.buf);
	if (f->why.len)
		snprintf(sum->reason, sizeof(sum->reason),
			 "the simplest within 5%% of the lowest mean absolute error forecasting up to %.3gd ahead from up to %d origins, of: %s",
			 f->v / DAY, NORIGINS + NEARLY, f->why.buf);
	else
		snprintf(sum->reason, sizeof(sum->reason), "too short a history to compare models");
	forecast_predict(m, m->t_end, 0, &yend, NULL, NULL);
	sum->trend_per_day = s->trend == FORECAST_TREND_NONE ? 0 : s->log ? m->c[1] * yend : m->c[1];
	sum->nperiods = 0;
	for (i = 0; i < s->np; i++) {
		if (!s->order[i])
			continue;
		sum->period[sum->nperiods] = s->period[i] * DAY;
		sum->order[sum->nperiods] = s->order[i];
		sum->amplitude[sum->nperiods++] = amplitude(m, i);
	}
	/* Residual sd in y units, near the end of the history. */
	if (s->log)
		sum->resid_sd *= yend;
	sum->ar1 = m->ar1;
	sum->fit_start = f->cur.t[0];
	sum->fit_end = m->t_end;
	sum->changepoint = f->cp;
	sum->n = f->cur.n;
	sum->log_transform = s->log;
	sum->robust = s->robust;
	sum->constant = f->ymax == f->ymin;
	sum->typical_step = f->step;
}

struct forecast_model *forecast_fit(const double *t, const double *y, size_t n,
				    const struct forecast_options *opt, struct strbuf *err)
{
	struct forecast_options defaults;
	struct fit f = { .opt = opt, .all = { t, y, NULL, n }, .cp = NAN,
			 .why = STRBUF_INIT, .desc = STRBUF_INIT };
	struct forecast_model *m = NULL;
	struct spec chosen;
	double z[2] = { 1, 1 };
	size_t best, i;

	gsl_set_error_handler_off();
	if (!opt) {
		forecast_options_init(&defaults);
		f.opt = &defaults;
	}
	if (check_points(t, y, n, err) < 0)
		return NULL;
	f.step = median_step(t, n);
	if (select_regime(&f, regime_start(&f), err) < 0)
		goto out;
	choose_seasons(&f);
	find_outliers(&f);
	score_candidates(&f);
	best = choose_candidate(&f, &chosen, z);
	if (best < f.ncand && shape_period(&chosen) >= 0)
		try_recent_shape(&f, best, &chosen, z);
	m = fit_final(&f, &chosen);
	if (!m) {
		strbuf_addstr(err, "the regression could not be fitted");
		goto out;
	}
	for (i = 0; i < 2; i++)
		m->inflate[i] = isfinite(z[i]) ? z[i] : 1;
	m->vwin = f.v;
	summarise(m, &f, &chosen);
out:
	fit_release(&f);
	return m;
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
