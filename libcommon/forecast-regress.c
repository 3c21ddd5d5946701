// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The forecast's regression: the design (level, trend, knots, Fourier terms),
 * weighted least squares by normal equations in the model search and by
 * GSL's SVD or robust solver in the final fit, and AICc.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multifit.h>

#include "headroom/alloc.h"
#include "headroom/error.h"
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

void fc_design_init(struct design *d, const struct spec *s, double tau)
{
	size_t i;
	int k;

	for (i = 0; i < s->np; i++) {
		if (s->order[i] > 64)
			BUG("Fourier order %d over 64", s->order[i]);
		d->dup[i] = 0;
		for (k = 1; k <= s->order[i]; k++)
			if (dup_harmonic(s, i, k))
				d->dup[i] |= UINT64_C(1) << (k - 1);
	}
	d->p = fc_spec_p(s);
	d->tau = tau;
}

void fc_design_row(const struct spec *s, const struct design *d, double x, double *row)
{
	size_t j = 0, i;
	int k;

	row[j++] = 1;
	if (s->trend != FORECAST_TREND_NONE)
		row[j++] = trend_x(s, x, d->tau);
	for (i = 0; i < s->nknots; i++)
		row[j++] = x > s->knot[i] ? x - s->knot[i] : 0;
	for (i = 0; i < s->np; i++) {
		double a = 2 * M_PI * x / s->period[i], s1 = sin(a), c1 = cos(a), sk = s1, ck = c1;

		/* Harmonics by the angle-addition recurrence: one sin and cos per period. */
		for (k = 1; k <= s->order[i]; k++) {
			double sn;

			if (!(d->dup[i] >> (k - 1) & 1)) {
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
 * Row i of the regression: its design (from R, n x d->p, when not NULL),
 * value (fit scale) and weight. A differenced model's row is the difference
 * from row i - 1 (none for i = 0) with the intercept dropped.
 */
static bool data_row(const struct spec *s, const struct design *d, const struct rows *r,
		     size_t i, double t_end, const double *R, double *row, double *y, double *w)
{
	double x = (r->t[i] - t_end) / DAY, prev[MAX_P];
	const double *pr = prev;
	size_t j;

	*w = r->w ? r->w[i] : 1;
	if (s->halflife > 0)
		*w *= exp2(x / s->halflife);
	if (R)
		memcpy(row, R + i * d->p, d->p * sizeof(*row));
	else
		fc_design_row(s, d, x, row);
	*y = fscale(s, r->y[i]);
	if (!s->diff)
		return true;
	if (!i)
		return false;
	if (R)
		pr = R + (i - 1) * d->p;
	else
		fc_design_row(s, d, (r->t[i - 1] - t_end) / DAY, prev);
	for (j = 0; j < d->p; j++)
		row[j] -= pr[j];
	row[0] = 0;
	*y -= fscale(s, r->y[i - 1]);
	if (r->w && r->w[i - 1] == 0)
		*w = 0;	/* the difference from an outlier */
	if (s->dstep > 0 && r->t[i] - r->t[i - 1] > s->dstep)
		*w /= (r->t[i] - r->t[i - 1]) / s->dstep;
	return true;
}

void fc_normal_init(struct fc_normal *ne, const struct spec *s, const struct rows *r,
		    double t_ref, double tau)
{
	ne->s = s;
	fc_design_init(&ne->d, s, tau);
	ne->r = r;
	ne->t_ref = t_ref;
	ne->added = ne->cols = 0;
	ne->A = xcalloc(ne->d.p * ne->d.p, sizeof(*ne->A));
	ne->R = NULL;
	/* The design of every row once, rather than once a pass, unless huge. */
	if (r->n * ne->d.p <= FC_MAX_CACHE) {
		size_t i;

		ne->R = xmalloc(r->n * ne->d.p * sizeof(*ne->R));
		for (i = 0; i < r->n; i++)
			fc_design_row(s, &ne->d, (r->t[i] - t_ref) / DAY, ne->R + i * ne->d.p);
	}
	memset(ne->b, 0, sizeof(ne->b));
	ne->sumw = ne->sumw2 = ne->sy = 0;
}

void fc_normal_release(struct fc_normal *ne)
{
	free(ne->A);
	free(ne->R);
	ne->A = ne->R = NULL;
}

/* Adds row i's products of columns [from, to) with the columns before them. */
static bool normal_add_row(struct fc_normal *ne, size_t i, size_t from, size_t to, double *w)
{
	double row[MAX_P], y;
	size_t j, k;

	if (!data_row(ne->s, &ne->d, ne->r, i, ne->t_ref, ne->R, row, &y, w) || *w == 0)
		return false;
	for (j = from; j < to; j++) {
		double wr = *w * row[j], *a = ne->A + j * ne->d.p;

		for (k = 0; k <= j; k++)
			a[k] += wr * row[k];
		ne->b[j] += wr * y;
	}
	if (!from) {
		ne->sumw += *w;
		ne->sumw2 += *w * *w;
		ne->sy += *w * y;
	}
	return true;
}

/* Grows the sums to the first n rows and p columns. */
static void normal_grow(struct fc_normal *ne, size_t n, size_t p)
{
	double w;
	size_t i;

	if (p > ne->cols) {
		for (i = 0; i < ne->added; i++)
			normal_add_row(ne, i, ne->cols, p, &w);
		ne->cols = p;
	}
	for (; ne->added < n; ne->added++)
		normal_add_row(ne, ne->added, 0, ne->cols, &w);
}

int fc_normal_solve(const double *sums, size_t stride, const double *rhs, size_t p,
		    bool no_intercept, gsl_matrix *A, gsl_vector *x, double *d)
{
	gsl_vector *b = gsl_vector_alloc(p);
	size_t j, k;
	int rc = 0;

	for (j = 0; j < p; j++) {
		for (k = 0; k <= j; k++)
			gsl_matrix_set(A, j, k, sums[j * stride + k]);
		gsl_vector_set(b, j, rhs[j]);
	}
	if (no_intercept)
		gsl_matrix_set(A, 0, 0, 1);	/* c[0] = 0 */
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
	gsl_vector_free(b);
	return rc ? -1 : 0;
}

double fc_normal_fit(struct fc_normal *ne, size_t n, size_t p, double *c, double *cov,
		     double *sumw_out, double *neff_out, double *r2_out)
{
	gsl_matrix *A;
	gsl_vector *x;
	double row[MAX_P], d[MAX_P], chisq = 0, tss = 0, ybar;
	size_t i, j, k;
	int rc;

	if (p > ne->d.p)
		BUG("%zu columns of %zu", p, ne->d.p);
	if (n < p + 1)
		return -1;
	normal_grow(ne, n, p);
	A = gsl_matrix_alloc(p, p);
	x = gsl_vector_alloc(p);
	rc = ne->sumw > 0 ? fc_normal_solve(ne->A, ne->d.p, ne->b, p, ne->s->diff, A, x, d) : -1;
	for (j = 0; j < p && !rc; j++)
		c[j] = gsl_vector_get(x, j) / d[j];
	ybar = ne->sy / ne->sumw;
	for (i = 0; i < n && !rc; i++) {
		double w, y, f = 0;

		if (!data_row(ne->s, &ne->d, ne->r, i, ne->t_ref, ne->R, row, &y, &w) || w == 0)
			continue;
		for (j = 0; j < p; j++)
			f += row[j] * c[j];
		chisq += w * (y - f) * (y - f);
		tss += w * (y - ybar) * (y - ybar);
	}
	if (cov && !rc) {
		double s2 = n > p ? chisq / (double)(n - p) * (double)n / ne->sumw : 0;

		gsl_linalg_cholesky_invert(A);
		for (j = 0; j < p; j++)
			for (k = 0; k < p; k++)
				cov[j * p + k] = gsl_matrix_get(A, j, k) / (d[j] * d[k]) * s2;
	}
	gsl_matrix_free(A);
	gsl_vector_free(x);
	if (rc)
		return -2;
	if (sumw_out)
		*sumw_out = ne->sumw;
	if (neff_out)
		*neff_out = ne->sumw * ne->sumw / ne->sumw2;
	if (r2_out)
		*r2_out = tss > 0 ? 1 - chisq / tss : 1;
	return chisq / ne->sumw;
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
		double sigma;

		if (fc_robust_qr(X, Y, cv, C, &sigma) == 0) {
			rc = 0;
		} else {
			gsl_multifit_robust_maxiter(200, ws);
			rc = gsl_multifit_robust(X, Y, cv, C, ws);
			if (rc == GSL_EMAXITER)
				rc = 0;
			sigma = gsl_multifit_robust_statistics(ws).sigma;
		}
		/* The robust scale: outliers do not inflate the spread. */
		if (!rc)
			*chisq = sigma * sigma * (double)(n - p) * sumw / (double)n;
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
	struct design dsg;
	size_t p, i, j, n = r->n;
	gsl_matrix *X, *C;
	gsl_vector *Y, *W, *cv;
	double chisq = 0, sumw = 0, sumw2 = 0, ybar = 0, tss = 0, ms;
	int rc;

	fc_design_init(&dsg, s, tau);
	p = dsg.p;
	if (n < p + 1 || p > MAX_P)
		return -1;
	if (s->fast && !s->robust) {
		struct fc_normal ne;

		fc_normal_init(&ne, s, r, t_end, tau);
		ms = fc_normal_fit(&ne, n, p, c, cov, sumw_out, neff_out, r2_out);
		fc_normal_release(&ne);
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

		if (!data_row(s, &dsg, r, i, t_end, NULL, gsl_matrix_ptr(X, i, 0), &y, &w)) {
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

	fc_design_row(&m->s, &m->d, x, row);
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
