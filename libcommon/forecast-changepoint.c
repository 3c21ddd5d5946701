// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The forecast's change-point step: the last level step or change of growth
 * in the history, so that the fit can start from the current regime.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"

#include "forecast-impl.h"

/* The most columns of a base design with its step and slope change: a
 * trend and three periods of order 2 need 16. */
#define CP_P 18

/* The base design at every row, and its sums of products, which every change point shares. */
struct cp_base {
	const struct rows *r;
	size_t p0;
	double *X;			/* n x p0, x days from the end */
	double sums[CP_P * CP_P];	/* lower triangle, row j at j * (p0 + 2) */
	double rhs[CP_P];
};

static void cp_base_init(struct cp_base *b, const struct rows *r, const struct spec *s, size_t p0)
{
	double t_end = r->t[r->n - 1], *row;
	size_t i, j, k, p = p0 + 2;
	struct design d;

	b->r = r;
	b->p0 = p0;
	b->X = xmalloc(r->n * p0 * sizeof(*b->X));
	memset(b->sums, 0, sizeof(b->sums));
	memset(b->rhs, 0, sizeof(b->rhs));
	fc_design_init(&d, s, 1);
	for (i = 0; i < r->n; i++) {
		row = b->X + i * p0;
		fc_design_row(s, &d, (r->t[i] - t_end) / DAY, row);
		for (j = 0; j < p0; j++) {
			for (k = 0; k <= j; k++)
				b->sums[j * p + k] += row[j] * row[k];
			b->rhs[j] += row[j] * r->y[i];
		}
	}
}

/*
 * Ordinary least squares on the base design plus a step and a slope change
 * at tau, by normal equations: the mean square residual, INFINITY when the
 * fit fails; *rho the residuals' lag-1 autocorrelation. Only the rows from
 * tau on add to the base's sums.
 */
static double fit_with_change(const struct cp_base *b, double tau, double *rho)
{
	const struct rows *r = b->r;
	size_t p0 = b->p0, p = p0 + 2, i, j, k, from = fc_sub_rows(r, -INFINITY, tau).n;
	double sums[CP_P * CP_P], rhs[CP_P], row[CP_P], d[CP_P], c[CP_P];
	double chisq = 0, num = 0, den = 0, prev = 0;
	gsl_matrix *A = gsl_matrix_alloc(p, p);
	gsl_vector *x = gsl_vector_alloc(p);
	int rc;

	/* fc_sub_rows() counts the rows at tau too: the change starts at them. */
	while (from > 0 && r->t[from - 1] >= tau)
		from--;
	memcpy(sums, b->sums, sizeof(sums));
	memcpy(rhs, b->rhs, sizeof(rhs));
	for (i = from; i < r->n; i++) {
		memcpy(row, b->X + i * p0, p0 * sizeof(*row));
		row[p0] = 1;
		row[p0 + 1] = (r->t[i] - tau) / DAY;
		for (j = p0; j < p; j++) {
			for (k = 0; k <= j; k++)
				sums[j * p + k] += row[j] * row[k];
			rhs[j] += row[j] * r->y[i];
		}
	}
	rc = fc_normal_solve(sums, p, rhs, p, false, A, x, d);
	for (j = 0; j < p && !rc; j++)
		c[j] = gsl_vector_get(x, j) / d[j];
	for (i = 0; i < r->n && !rc; i++) {
		double e = r->y[i];

		for (j = 0; j < p0; j++)
			e -= b->X[i * p0 + j] * c[j];
		if (i >= from)
			e -= c[p0] + (r->t[i] - tau) / DAY * c[p0 + 1];
		chisq += e * e;
		if (i) {
			num += e * prev;
			den += prev * prev;
		}
		prev = e;
	}
	gsl_matrix_free(A);
	gsl_vector_free(x);
	*rho = den > 0 ? num / den : 0;
	return rc ? INFINITY : chisq / (double)r->n;
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
	struct cp_base b;
	int c;

	if (r->n < 30)
		return NAN;
	m0 = fc_fit_spec(&s, r, NULL, 1, 1);
	if (!m0)
		return NAN;
	ms0 = m0->sum.resid_sd * m0->sum.resid_sd * (double)(r->n - p0) / (double)r->n;
	forecast_free(m0);
	if (ms0 <= 0 || p0 + 2 > CP_P)
		return NAN;
	cp_base_init(&b, r, &s, p0);
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
		ms = fit_with_change(&b, tau, &tau_rho);
		if (ms < best_ms) {
			best_ms = ms;
			best_tau = tau;
			best_rho = tau_rho;
		}
	}
	free(b.X);
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
