// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The forecast's regression: the design (level, trend, knots, Fourier terms),
 * weighted least squares by normal equations in the model search and by
 * GSL's SVD or robust solver in the final fit, and AICc.
 */
#include <math.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multifit.h>

#include "forecast-impl.h"

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

static size_t period_cols(const struct spec *s, size_t i)
{
	size_t n = 0;
	int k;

	for (k = 1; k <= s->order[i]; k++)
		n += dup_harmonic(s, i, k) ? 0 : 2;
	return n;
}

size_t fc_period_col(const struct spec *s, size_t i, size_t *ncols)
{
	size_t j = (s->trend == FORECAST_TREND_NONE ? 1 : 2) + s->nknots, e;

	for (e = 0; e < i; e++)
		j += period_cols(s, e);
	if (ncols)
		*ncols = i < s->np ? period_cols(s, i) : 0;
	return j;
}

size_t fc_spec_p(const struct spec *s)
{
	return fc_period_col(s, s->np, NULL);
}

/* The trend regressor: x in the history, fading ahead for a damped trend. */
static double trend_x(const struct spec *s, double x, double tau)
{
	if (x > 0 && s->trend == FORECAST_TREND_DAMPED)
		return tau * (1 - exp(-x / tau));
	return x;
}

void fc_design_row(const struct spec *s, double x, double tau, double *row)
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
	fc_design_row(s, x, tau, row);
	*y = fscale(s, r->y[i]);
	if (!s->diff)
		return true;
	if (!i)
		return false;
	p = fc_spec_p(s);
	fc_design_row(s, (r->t[i - 1] - t_end) / DAY, tau, prev);
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
 * The model search fits dozens of candidates: normal equations, equilibrated
 * and solved by Cholesky, cost n p^2 / 2 against the SVD's several n p^2.
 * Returns as fc_lsq() does, or -2 when the matrix is not positive definite
 * (then the SVD decides).
 */
static double lsq_normal(const struct spec *s, const struct rows *r, double t_end, double tau,
			 double *c, double *cov, double *sumw_out, double *neff_out,
			 double *r2_out)
{
	size_t p = fc_spec_p(s), i, j, k, n = r->n;
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

/*
 * Solves the weighted problem (X, Y, W; sumw the sum of W) with GSL, robust
 * (bisquare, on X and Y scaled in place by sqrt(W)) or not: coefficients
 * into cv, their covariance scaled to the residual variance into C, and
 * *chisq the weighted residual sum of squares. Returns 0 or GSL's error.
 */
static int gsl_solve(bool robust, gsl_matrix *X, gsl_vector *Y, const gsl_vector *W, double sumw,
		     gsl_vector *cv, gsl_matrix *C, double *chisq)
{
	size_t n = X->size1, p = X->size2, i, j;
	int rc;

	if (robust) {
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
			*chisq = st.sigma * st.sigma * (double)(n - p) * sumw / (double)n;
		}
		gsl_multifit_robust_free(ws);
	} else {
		gsl_multifit_linear_workspace *ws = gsl_multifit_linear_alloc(n, p);

		rc = gsl_multifit_wlinear(X, W, Y, cv, C, chisq, ws);
		gsl_multifit_linear_free(ws);
		if (!rc) {
			/* wlinear's covariance assumes weights of 1/variance; rescale. */
			double s2 = n > p ? *chisq / (double)(n - p) * (double)n / sumw : 0;

			gsl_matrix_scale(C, s2);
		}
	}
	return rc;
}

double fc_lsq(const struct spec *s, const struct rows *r, double t_end, double tau,
	      double *c, double *cov, double *sumw_out, double *neff_out, double *r2_out)
{
	size_t p = fc_spec_p(s), i, j, n = r->n;
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
	rc = gsl_solve(s->robust, X, Y, W, sumw, cv, C, &chisq);
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
double fc_aicc(double ms, double neff, size_t p, double floor)
{
	double k = (double)p + 1;

	if (neff - k - 1 <= 0)
		return INFINITY;
	return neff * log(ms > floor ? ms : floor) + 2 * k + 2 * k * (k + 1) / (neff - k - 1);
}

double fc_eval_scaled(const struct forecast_model *m, double x, double *row)
{
	double v = 0;
	size_t j;

	fc_design_row(&m->s, x, m->tau, row);
	for (j = 0; j < m->p; j++)
		v += row[j] * m->c[j];
	return v;
}

/* How many of the n ascending times t come before x (or at x, with at). */
static size_t count_before(const double *t, size_t n, double x, bool at)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (t[mid] < x || (at && t[mid] == x))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Binary searches: r is sorted. */
struct rows fc_sub_rows(const struct rows *r, double t0, double t1)
{
	struct rows s = *r;
	size_t lo = count_before(r->t, r->n, t0, false);

	s.t += lo;
	s.y += lo;
	if (s.w)
		s.w += lo;
	s.n = count_before(s.t, r->n - lo, t1, true);
	return s;
}
