// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The forecast's change-point step: the last level step or change of growth
 * in the history, so that the fit can start from the current regime.
 */
#include <math.h>

#include <gsl/gsl_multifit.h>

#include "forecast-impl.h"

/* The lag-1 autocorrelation of the residuals Y - X cv. */
static double residual_rho(const gsl_matrix *X, const gsl_vector *Y, const gsl_vector *cv)
{
	double num = 0, den = 0, prev = 0, e;
	size_t i, j;

	for (i = 0; i < X->size1; i++) {
		e = gsl_vector_get(Y, i);
		for (j = 0; j < cv->size; j++)
			e -= gsl_matrix_get(X, i, j) * gsl_vector_get(cv, j);
		if (i) {
			num += e * prev;
			den += prev * prev;
		}
		prev = e;
	}
	return den > 0 ? num / den : 0;
}

/*
 * Ordinary least squares on r of s (p0 columns) plus a step and a slope
 * change at tau: the mean square residual, INFINITY when the fit fails;
 * when that is below best, *rho the autocorrelation left once the change
 * is modelled.
 */
static double fit_with_change(const struct rows *r, const struct spec *s, size_t p0, double tau,
			      double best, double *rho)
{
	double t_end = r->t[r->n - 1], chisq, ms;
	size_t i, p = p0 + 2;
	gsl_matrix *X = gsl_matrix_alloc(r->n, p), *C = gsl_matrix_alloc(p, p);
	gsl_vector *Y = gsl_vector_alloc(r->n), *cv = gsl_vector_alloc(p);
	gsl_multifit_linear_workspace *ws;
	int rc;

	for (i = 0; i < r->n; i++) {
		double x = (r->t[i] - t_end) / DAY, *row = gsl_matrix_ptr(X, i, 0);

		fc_design_row(s, x, 1, row);
		row[p0] = r->t[i] >= tau;
		row[p0 + 1] = r->t[i] >= tau ? (r->t[i] - tau) / DAY : 0;
		gsl_vector_set(Y, i, r->y[i]);
	}
	ws = gsl_multifit_linear_alloc(r->n, p);
	rc = gsl_multifit_linear(X, Y, cv, C, &chisq, ws);
	gsl_multifit_linear_free(ws);
	ms = rc ? INFINITY : chisq / (double)r->n;
	if (ms < best)
		*rho = residual_rho(X, Y, cv);
	gsl_matrix_free(X);
	gsl_vector_free(Y);
	gsl_vector_free(cv);
	gsl_matrix_free(C);
	return ms;
}

/*
 * Candidates leave at least a fifth of the history and two of the longest
 * period after them; BIC with the sample size discounted for autocorrelated
 * residuals decides.
 */
double fc_find_changepoint(const struct rows *r, const struct spec *base, double minspan)
{
	double t0 = r->t[0], t_end = r->t[r->n - 1], span = t_end - t0;
	double best_ms = INFINITY, best_tau = NAN, best_rho = 0, ms0, rho, neff, center = 0;
	struct spec s = *base;
	struct forecast_model *m0;
	size_t k, p0 = fc_spec_p(base);
	int c;

	if (r->n < 30)
		return NAN;
	m0 = fc_fit_spec(&s, r, NULL, 1, 1);
	if (!m0)
		return NAN;
	ms0 = m0->sum.resid_sd * m0->sum.resid_sd * (double)(r->n - p0) / (double)r->n;
	forecast_free(m0);
	if (ms0 <= 0)
		return NAN;
	/* A coarse grid, then a fine one around its best. */
	for (c = 1; c <= 80; c++) {
		double tau = t0 + span * (0.1 + 0.8 * c / 41.0), ms, tau_rho = 0;

		if (c > 40) {
			if (isnan(best_tau))
				break;
			if (c == 41)
				center = best_tau;
			tau = center + span * 0.8 / 41.0 * (c - 60.5) / 20;
		}
		if (t_end - tau < span / 5 || t_end - tau < minspan || tau <= t0)
			continue;
		ms = fit_with_change(r, &s, p0, tau, best_ms, &tau_rho);
		if (ms < best_ms) {
			best_ms = ms;
			best_tau = tau;
			best_rho = tau_rho;
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
