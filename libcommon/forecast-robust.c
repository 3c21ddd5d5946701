// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The robust final fit: bisquare iteratively reweighted least squares, the
 * algorithm of GSL's gsl_multifit_robust() with each weighted fit solved by
 * a QR factorization rather than by an SVD of the whole design.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multifit.h>

#include "headroom/alloc.h"
#include "headroom/stats.h"
#include "forecast-impl.h"

/*
 * Why not gsl_multifit_robust(): it takes an SVD of the n x p design at
 * every iteration and forms its n x p left factor. A week of minutes with
 * a daily season of order 50 is 10080 x 103; a sawtooth (a disk a nightly
 * job cleans) needs some twenty iterations, and the SVDs took four fifths
 * of hr-forecast's time, over four times that of a smooth series. A
 * Householder QR of the weighted design is as backward stable for a
 * full-rank least squares problem, at a fraction of the cost. Normal
 * equations would not do: the iterations of a sawtooth weigh residuals
 * near rounding noise, and there they wandered instead of converging.
 */
#define MAX_ITER 200

struct irls {
	const gsl_matrix *X;
	const gsl_vector *Y;
	size_t n, p;
	const gsl_multifit_robust_type *type;
	gsl_matrix *QR;		/* the weighted design's factors */
	gsl_vector *tau, *x, *yw, *res;
	double *r, *resfac, *abs, *wt, *c, *c_prev;
	gsl_vector_view rv, wv;
};

/* Solves for c with weights wt (NULL: all 1); 0, or -1 when near singular. */
static int weighted_solve(struct irls *it, const double *wt)
{
	size_t i, j, p = it->p;
	double dmax = 0;

	for (i = 0; i < it->n; i++) {
		const double *row = gsl_matrix_const_ptr(it->X, i, 0);
		double *q = gsl_matrix_ptr(it->QR, i, 0), sw = wt ? sqrt(wt[i]) : 1;

		for (j = 0; j < p; j++)
			q[j] = row[j] * sw;
		gsl_vector_set(it->yw, i, gsl_vector_get(it->Y, i) * sw);
	}
	if (gsl_linalg_QR_decomp(it->QR, it->tau))
		return -1;
	for (j = 0; j < p; j++)
		dmax = fmax(dmax, fabs(gsl_matrix_get(it->QR, j, j)));
	for (j = 0; j < p; j++)
		if (!(fabs(gsl_matrix_get(it->QR, j, j)) > 1e-10 * dmax))
			return -1;
	if (gsl_linalg_QR_lssolve(it->QR, it->tau, it->yw, it->x, it->res))
		return -1;
	for (j = 0; j < p; j++)
		it->c[j] = gsl_vector_get(it->x, j);
	return 0;
}

/* r = Y - X c. */
static void residuals(struct irls *it)
{
	size_t i, j;

	for (i = 0; i < it->n; i++) {
		const double *row = gsl_matrix_const_ptr(it->X, i, 0);
		double f = 0;

		for (j = 0; j < it->p; j++)
			f += row[j] * it->c[j];
		it->r[i] = gsl_vector_get(it->Y, i) - f;
	}
}

/*
 * 1 / sqrt(1 - h) for each row's leverage h = x' (X'X)^-1 x, from the
 * unweighted fit's R: with X'X = R'R, h = |R'^-1 x|^2.
 */
static void leverage_factors(struct irls *it)
{
	double z[MAX_P];
	size_t i, j, k, p = it->p, tda = it->QR->tda;
	const double *R = it->QR->data;

	for (i = 0; i < it->n; i++) {
		const double *row = gsl_matrix_const_ptr(it->X, i, 0);
		double h = 0;

		for (j = 0; j < p; j++) {
			double v = row[j];

			for (k = 0; k < j; k++)
				v -= R[k * tda + j] * z[k];
			z[j] = v / R[j * tda + j];
			h += z[j] * z[j];
		}
		it->resfac[i] = 1 / sqrt(1 - (h > 0.9999 ? 0.9999 : h));
	}
}

/* The residuals' spread by their median absolute value, the smallest p left out. */
static double mad_sigma(struct irls *it, const double *r)
{
	size_t i;

	for (i = 0; i < it->n; i++)
		it->abs[i] = fabs(r[i]);
	sort_doubles(it->abs, it->n);
	return quantile_sorted(it->abs + it->p - 1, it->n - it->p + 1, 0.5) / 0.6745;
}

/* Whether every coefficient moved by at most a relative sqrt(epsilon). */
static bool converged(const struct irls *it)
{
	size_t j;

	for (j = 0; j < it->p; j++) {
		double a = it->c_prev[j], b = it->c[j];

		if (fabs(b - a) > 1.4901161193847656e-08 * fmax(fabs(a), fabs(b)))
			return false;
	}
	return true;
}

/*
 * The scale for the coefficients' covariance (Street, Carroll and Ruppert
 * 1988, eq. 3 and 5; DuMouchel and O'Brien 1989, 4.1), from the final
 * residuals, their MAD scale s and the OLS scale; NaN when undefined.
 */
static double robust_scale(struct irls *it, double s, double s_ols)
{
	double st = s * it->type->tuning_default, a = 0, b = 0, lambda, s_rob;
	double n = (double)it->n, p = (double)it->p;
	size_t i;

	/* abs[] holds u, wt[] psi'(u); r[] becomes w(u). */
	for (i = 0; i < it->n; i++)
		it->abs[i] = it->r[i] * it->resfac[i] / st;
	{
		gsl_vector_view u = gsl_vector_view_array(it->abs, it->n);

		it->type->wfun(&u.vector, &it->rv.vector);
		it->type->psi_deriv(&u.vector, &it->wv.vector);
	}
	for (i = 0; i < it->n; i++) {
		double psi = it->r[i] * it->abs[i];

		a += it->wt[i];
		b += psi * psi / (it->resfac[i] * it->resfac[i]);
	}
	a /= n;
	b /= n - p;
	lambda = 1 + p / n * (1 - a) / a;
	s_rob = lambda * sqrt(b) * st / a;
	return fmax(s_rob, sqrt((s_ols * s_ols * p * p + s_rob * s_rob * n) / (p * p + n)));
}

/* The iterations from the OLS fit in c; 0, or -1 for GSL to take over. */
static int iterate(struct irls *it, double *sigma)
{
	double sig_lower = 1e-6 * stdev_of(it->Y->data, it->n), s_ols = 0;
	size_t i, iter;

	if (!(sig_lower > 0))
		sig_lower = 1;
	residuals(it);
	for (i = 0; i < it->n; i++)
		s_ols += it->r[i] * it->r[i];
	s_ols = sqrt(s_ols / (double)(it->n - it->p));
	for (iter = 0; iter < MAX_ITER; iter++) {
		double sig;

		for (i = 0; i < it->n; i++)
			it->r[i] *= it->resfac[i];
		sig = mad_sigma(it, it->r);
		gsl_vector_scale(&it->rv.vector, 1 / (fmax(sig, sig_lower) * it->type->tuning_default));
		it->type->wfun(&it->rv.vector, &it->wv.vector);
		memcpy(it->c_prev, it->c, it->p * sizeof(*it->c));
		if (weighted_solve(it, it->wt) < 0)
			return -1;
		residuals(it);
		if (converged(it))
			break;
	}
	*sigma = robust_scale(it, mad_sigma(it, it->r), s_ols);
	return isfinite(*sigma) && *sigma > 0 ? 0 : -1;
}

int fc_robust_qr(const gsl_matrix *X, const gsl_vector *Y, gsl_vector *cv, gsl_matrix *C,
		     double *sigma)
{
	struct irls it = { .X = X, .Y = Y, .n = X->size1, .p = X->size2,
			   .type = gsl_multifit_robust_bisquare };
	size_t i, j, n = it.n, p = it.p;
	gsl_matrix *L = NULL;
	int rc = -1;

	if (p > MAX_P || n <= p || Y->stride != 1)
		return -1;
	it.QR = gsl_matrix_alloc(n, p);
	it.tau = gsl_vector_alloc(p);
	it.x = gsl_vector_alloc(p);
	it.yw = gsl_vector_alloc(n);
	it.res = gsl_vector_alloc(n);
	it.r = xmalloc(4 * n * sizeof(double));
	it.resfac = it.r + n;
	it.abs = it.resfac + n;
	it.wt = it.abs + n;
	it.c = xmalloc(2 * p * sizeof(double));
	it.c_prev = it.c + p;
	it.rv = gsl_vector_view_array(it.r, n);
	it.wv = gsl_vector_view_array(it.wt, n);
	if (weighted_solve(&it, NULL) < 0)
		goto out;
	leverage_factors(&it);
	/* (X'X)^-1 = (R'R)^-1, R' being a Cholesky factor of X'X. */
	L = gsl_matrix_calloc(p, p);
	for (j = 0; j < p; j++)
		for (i = 0; i <= j; i++)
			gsl_matrix_set(L, j, i, gsl_matrix_get(it.QR, i, j));
	if (iterate(&it, sigma) < 0 || gsl_linalg_cholesky_invert(L))
		goto out;
	for (i = 0; i < p; i++) {
		gsl_vector_set(cv, i, it.c[i]);
		for (j = 0; j < p; j++)
			gsl_matrix_set(C, i, j, gsl_matrix_get(L, i, j) * *sigma * *sigma);
	}
	rc = 0;
out:
	if (L)
		gsl_matrix_free(L);
	gsl_matrix_free(it.QR);
	gsl_vector_free(it.tau);
	gsl_vector_free(it.x);
	gsl_vector_free(it.yw);
	gsl_vector_free(it.res);
	free(it.r);
	free(it.c);
	return rc;
}
