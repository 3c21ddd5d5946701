// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The USL fit. GSL's Levenberg-Marquardt has no bounds, so the bounded
 * problem is solved as R's "port" solution comes out: fit freely and on each
 * face of the box (a coefficient held at 0 or 1), and keep the feasible fit
 * of least squares. Nine small fits cost well under a millisecond.
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_vector.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/stats.h"
#include "usl.h"

enum { P_LAMBDA, P_SIGMA, P_KAPPA, NPAR };

struct problem {
	const double *N, *X;
	size_t n;
	int free_idx[NPAR];	/* position of each parameter in the vector, or -1 */
	double fixed[NPAR];	/* values of the parameters held */
};

static void unpack(const struct problem *pb, const gsl_vector *x, double par[NPAR])
{
	int i;

	for (i = 0; i < NPAR; i++)
		par[i] = pb->free_idx[i] >= 0 ? gsl_vector_get(x, (size_t)pb->free_idx[i]) :
			pb->fixed[i];
}

static double model(const double par[NPAR], double N)
{
	return par[P_LAMBDA] * N / (1 + par[P_SIGMA] * (N - 1) + par[P_KAPPA] * N * (N - 1));
}

static int fn_f(const gsl_vector *x, void *data, gsl_vector *f)
{
	const struct problem *pb = data;
	double par[NPAR];
	size_t i;

	unpack(pb, x, par);
	for (i = 0; i < pb->n; i++)
		gsl_vector_set(f, i, model(par, pb->N[i]) - pb->X[i]);
	return GSL_SUCCESS;
}

/* The model's partial derivatives at N, in parameter order. */
static void gradient(const double par[NPAR], double N, double g[NPAR])
{
	double d = 1 + par[P_SIGMA] * (N - 1) + par[P_KAPPA] * N * (N - 1);
	double x = par[P_LAMBDA] * N / (d * d);

	g[P_LAMBDA] = N / d;
	g[P_SIGMA] = -x * (N - 1);
	g[P_KAPPA] = -x * N * (N - 1);
}

static int fn_df(const gsl_vector *x, void *data, gsl_matrix *J)
{
	const struct problem *pb = data;
	double par[NPAR], g[NPAR];
	size_t i;
	int k;

	unpack(pb, x, par);
	for (i = 0; i < pb->n; i++) {
		gradient(par, pb->N[i], g);
		for (k = 0; k < NPAR; k++)
			if (pb->free_idx[k] >= 0)
				gsl_matrix_set(J, i, (size_t)pb->free_idx[k], g[k]);
	}
	return GSL_SUCCESS;
}

static double rss_of(const double *N, const double *X, size_t n, const double par[NPAR])
{
	double s = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		double r = model(par, N[i]) - X[i];

		s += r * r;
	}
	return s;
}

/*
 * Fits with sigma held at hold_s and kappa at hold_k (NAN: free) from the
 * start values; returns 0 with par set, -1 when GSL does not converge.
 */
static int fit_face(const double *N, const double *X, size_t n, double hold_s,
		    double hold_k, const double start[NPAR], double par[NPAR])
{
	struct problem pb = { .N = N, .X = X, .n = n };
	gsl_multifit_nlinear_parameters params = gsl_multifit_nlinear_default_parameters();
	gsl_multifit_nlinear_fdf fdf;
	gsl_multifit_nlinear_workspace *w;
	gsl_vector *x0;
	double hold[NPAR] = { NAN, hold_s, hold_k };
	size_t p = 0;
	int k, info, status;

	for (k = 0; k < NPAR; k++) {
		if (isnan(hold[k])) {
			pb.free_idx[k] = (int)p++;
		} else {
			pb.free_idx[k] = -1;
			pb.fixed[k] = hold[k];
		}
	}
	if (n < p)
		return -1;
	x0 = gsl_vector_alloc(p);
	for (k = 0; k < NPAR; k++)
		if (pb.free_idx[k] >= 0)
			gsl_vector_set(x0, (size_t)pb.free_idx[k], start[k]);
	fdf.f = fn_f;
	fdf.df = fn_df;
	fdf.fvv = NULL;
	fdf.n = n;
	fdf.p = p;
	fdf.params = &pb;
	params.trs = gsl_multifit_nlinear_trs_lm;
	w = gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &params, n, p);
	gsl_multifit_nlinear_winit(x0, NULL, &fdf, w);
	status = gsl_multifit_nlinear_driver(500, 1e-12, 1e-12, 1e-12, NULL, NULL, &info, w);
	unpack(&pb, gsl_multifit_nlinear_position(w), par);
	gsl_multifit_nlinear_free(w);
	gsl_vector_free(x0);
	if (status != GSL_SUCCESS && status != GSL_EMAXITER)
		return -1;
	for (k = 0; k < NPAR; k++)
		if (!isfinite(par[k]))
			return -1;
	return 0;
}

/*
 * Start values from the linearised model: with lambda taken as the best
 * throughput per unit of concurrency, lambda N / X - 1 = sigma (N-1) +
 * kappa N (N-1) is linear in sigma and kappa (least squares, no intercept).
 */
static void start_values(const double *N, const double *X, size_t n, double start[NPAR])
{
	double lambda = 0, a11 = 0, a12 = 0, a22 = 0, b1 = 0, b2 = 0, det, s, k;
	size_t i;

	for (i = 0; i < n; i++)
		if (X[i] / N[i] > lambda)
			lambda = X[i] / N[i];
	for (i = 0; i < n; i++) {
		double u = N[i] - 1, v = N[i] * (N[i] - 1), y;

		if (X[i] <= 0)
			continue;
		y = lambda * N[i] / X[i] - 1;
		a11 += u * u;
		a12 += u * v;
		a22 += v * v;
		b1 += u * y;
		b2 += v * y;
	}
	det = a11 * a22 - a12 * a12;
	s = 0.01;
	k = 1e-4;
	if (det > 0 && isfinite(det)) {
		s = (b1 * a22 - b2 * a12) / det;
		k = (a11 * b2 - a12 * b1) / det;
	}
	/* Inside the box, a little off its faces so that LM can move either way. */
	start[P_LAMBDA] = lambda > 0 ? lambda : 1;
	start[P_SIGMA] = s > 1e-6 && s < 1 ? s : s >= 1 ? 0.9 : 1e-3;
	start[P_KAPPA] = k > 1e-9 && k < 1 ? k : k >= 1 ? 0.9 : 1e-6;
}

static bool feasible(const double par[NPAR])
{
	return par[P_LAMBDA] >= 0 && par[P_SIGMA] >= 0 && par[P_SIGMA] <= 1 &&
	       par[P_KAPPA] >= 0 && par[P_KAPPA] <= 1;
}

/* The faces of the box: sigma and kappa held at 0 or 1, or free (NAN). */
static const double faces[][2] = {
	{ NAN, NAN }, { NAN, 0 }, { 0, NAN }, { 0, 0 },
	{ NAN, 1 }, { 1, NAN }, { 1, 0 }, { 0, 1 }, { 1, 1 },
};
enum { NFACES = sizeof(faces) / sizeof(faces[0]) };

/*
 * Whether the points can be fitted: 3 distinct levels and some throughput;
 * *scale receives the sum of the squared throughputs.
 */
static int check_points(const double *N, const double *X, size_t n, double *scale,
			struct strbuf *err)
{
	double *sorted;
	size_t i, distinct = 0;

	if (n < 3) {
		strbuf_addf(err, "%zu point%s: the fit needs at least 3 (3 coefficients)",
			    n, n == 1 ? "" : "s");
		return -1;
	}
	sorted = malloc(n * sizeof(*sorted));
	if (!sorted) {
		strbuf_addstr(err, "out of memory");
		return -1;
	}
	memcpy(sorted, N, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_double);
	for (i = 0; i < n; i++)
		distinct += !i || sorted[i] != sorted[i - 1];
	free(sorted);
	if (distinct < 3) {
		strbuf_addf(err, "only %zu distinct concurrency level%s: the fit needs at least 3",
			    distinct, distinct == 1 ? "" : "s");
		return -1;
	}
	*scale = 0;
	for (i = 0; i < n; i++)
		*scale += X[i] * X[i];
	if (*scale <= 0) {
		strbuf_addstr(err, "every throughput is 0: nothing to fit");
		return -1;
	}
	return 0;
}

/*
 * Fits on every face; ok[f] says whether face f gave a feasible fit, with
 * its coefficients in pars[f] and its residual sum of squares in rss[f].
 * Returns the least of those, INFINITY when none converged.
 */
static double fit_faces(const double *N, const double *X, size_t n, bool ok[NFACES],
			double pars[NFACES][NPAR], double rss[NFACES])
{
	double start[NPAR], best_rss = INFINITY;
	gsl_error_handler_t *old;
	size_t f;

	start_values(N, X, n, start);
	old = gsl_set_error_handler_off();
	for (f = 0; f < NFACES; f++) {
		ok[f] = fit_face(N, X, n, faces[f][0], faces[f][1], start, pars[f]) == 0 &&
			feasible(pars[f]);
		if (!ok[f])
			continue;
		rss[f] = rss_of(N, X, n, pars[f]);
		if (rss[f] < best_rss)
			best_rss = rss[f];
	}
	gsl_set_error_handler(old);
	return best_rss;
}

/*
 * Among the fits as good as the best to rounding, the one that holds most
 * coefficients at a bound: a free fit whose kappa comes out as 1e-18 is the
 * kappa = 0 fit, and should say so. scale is the sum of the squared throughputs.
 */
static size_t choose_face(const bool ok[NFACES], const double rss[NFACES], double best_rss,
			  double scale)
{
	size_t f, best_face = 0;
	int best_held = -1;

	for (f = 0; f < NFACES; f++) {
		int held = !isnan(faces[f][0]) + !isnan(faces[f][1]);

		if (!ok[f] || rss[f] > best_rss * (1 + 1e-9) + scale * 1e-15)
			continue;
		if (best_held < 0 || held > best_held) {
			best_held = held;
			best_face = f;
		}
	}
	return best_face;
}

/*
 * Standard errors as the usl package computes them: the full gradient at
 * the solution, even for a coefficient held at a bound,
 * cov = (J'J)^-1 rss / (n - 3). NAN without residual degrees of freedom.
 */
static void standard_errors(const double *N, size_t n, const double best[NPAR],
			    struct usl_fit *fit)
{
	gsl_matrix *J, *cov;
	gsl_error_handler_t *old;
	double rv, g[NPAR];
	size_t i;
	int k;

	fit->sigma_se = fit->kappa_se = fit->lambda_se = NAN;
	if (n <= NPAR)
		return;
	J = gsl_matrix_alloc(n, NPAR);
	cov = gsl_matrix_alloc(NPAR, NPAR);
	rv = fit->rss / (double)(n - NPAR);
	for (i = 0; i < n; i++) {
		gradient(best, N[i], g);
		for (k = 0; k < NPAR; k++)
			gsl_matrix_set(J, i, (size_t)k, g[k]);
	}
	old = gsl_set_error_handler_off();
	if (gsl_multifit_nlinear_covar(J, 0.0, cov) == GSL_SUCCESS) {
		fit->lambda_se = sqrt(gsl_matrix_get(cov, P_LAMBDA, P_LAMBDA) * rv);
		fit->sigma_se = sqrt(gsl_matrix_get(cov, P_SIGMA, P_SIGMA) * rv);
		fit->kappa_se = sqrt(gsl_matrix_get(cov, P_KAPPA, P_KAPPA) * rv);
	}
	gsl_set_error_handler(old);
	gsl_matrix_free(J);
	gsl_matrix_free(cov);
}

int usl_fit(const double *N, const double *X, size_t n, struct usl_fit *fit,
	    struct strbuf *err)
{
	double pars[NFACES][NPAR], rss[NFACES], best_rss, mean = 0, tss = 0, scale;
	const double *best;
	bool ok[NFACES];
	size_t i, face;

	memset(fit, 0, sizeof(*fit));
	fit->n = n;
	if (check_points(N, X, n, &scale, err) < 0)
		return -1;
	best_rss = fit_faces(N, X, n, ok, pars, rss);
	if (isinf(best_rss)) {
		strbuf_addstr(err, "no fit converged");
		return -1;
	}
	face = choose_face(ok, rss, best_rss, scale);
	best = pars[face];
	fit->lambda = best[P_LAMBDA];
	fit->sigma = best[P_SIGMA];
	fit->kappa = best[P_KAPPA];
	fit->sigma_bound = !isnan(faces[face][0]);
	fit->kappa_bound = !isnan(faces[face][1]);
	fit->rss = rss[face];
	for (i = 0; i < n; i++)
		mean += X[i] / (double)n;
	for (i = 0; i < n; i++)
		tss += (X[i] - mean) * (X[i] - mean);
	fit->r2 = tss > 0 ? 1 - fit->rss / tss : NAN;
	standard_errors(N, n, best, fit);
	return 0;
}

double usl_throughput(const struct usl_fit *fit, double N)
{
	double par[NPAR] = { fit->lambda, fit->sigma, fit->kappa };

	return model(par, N);
}

double usl_peak(const struct usl_fit *fit)
{
	double n;

	if (fit->kappa <= 0)
		return NAN;
	n = sqrt((1 - fit->sigma) / fit->kappa);
	return n < 1 ? 1 : n;
}

double usl_max_concurrency(const struct usl_fit *fit, double t)
{
	/* N / X(N) = (1 + sigma (N-1) + kappa N (N-1)) / lambda <= t */
	double a = fit->kappa, b = fit->sigma - fit->kappa, c = 1 - fit->sigma - fit->lambda * t;

	if (fit->lambda <= 0 || 1 / fit->lambda > t)
		return 0;
	if (a > 0)
		return (-b + sqrt(b * b - 4 * a * c)) / (2 * a);
	if (b > 0)
		return -c / b;
	return INFINITY;
}
