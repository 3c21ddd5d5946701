/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The forecast module's insides, shared by its files (libcommon/forecast*.c)
 * and by nothing else: the model's spec and state, the regression, the
 * residual statistics, prediction on the fit scale, validation and change
 * points. forecast.c runs the fit's steps over them (forecast.h lists the
 * steps); forecast-predict.c answers for a fitted model.
 */
#ifndef HEADROOM_FORECAST_IMPL_H
#define HEADROOM_FORECAST_IMPL_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "headroom/forecast.h"

/* Not part of libheadroom-forecast's ABI: calls between the files stay direct. */
#pragma GCC visibility push(hidden)

#define DAY 86400.0
#define MAX_P 160
#define NQ 1001		/* quantiles of |residual| kept by a model */
#define NORIGINS 3	/* rolling-origin validation: origins in the last window */
#define NEARLY 3	/* and earlier ones */
#define MAX_CAND 24
#define SHAPE_CYCLES 7	/* a week of days */
#define SHAPE_BINS 1440	/* phases of the recent shape, at most */
#define FC_MAX_CACHE (1 << 22)	/* doubles of design rows kept for a set of fits */

/* What a model is made of: the candidates differ in these. */
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

/*
 * A spec's design worked out once for many rows: which harmonics have
 * columns, how many columns, a damped trend's scale.
 */
struct design {
	uint64_t dup[FORECAST_MAX_PERIODS];	/* bit k-1: harmonic k repeats an earlier period's */
	size_t p;
	double tau;
};

struct forecast_model {
	struct spec s;
	struct design d;
	double t_end, step, tau;
	double t_ref;			/* the design's time origin: t_end, or later in validation */
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

/* Points (t, y) with optional weights w, sorted by time; borrowed. */
struct rows {
	const double *t, *y, *w;	/* w NULL: all 1 */
	size_t n;
};

/* The fit scale of a value (its logarithm for a log model), and back. */
static inline double fscale(const struct spec *s, double y)
{
	return s->log ? log(y) : y;
}

static inline double unscale(const struct spec *s, double v)
{
	return s->log ? exp(v) : v;
}

/* ---- forecast-regress.c: the design and least squares ---- */

/*
 * The first column of period i's Fourier terms in s's design, and how many
 * they are into *ncols (may be NULL). A harmonic that repeats one of an
 * earlier period (the 7th weekly is the daily fundamental) would make the
 * design singular, so it has no column.
 */
size_t fc_period_col(const struct spec *s, size_t i, size_t *ncols);
/* The columns of s's design. */
size_t fc_spec_p(const struct spec *s);
/* Works out s's design (tau: a damped trend's scale) into d; s's orders are at most 64. */
void fc_design_init(struct design *d, const struct spec *s, double tau);
/* The design of s (worked out in d) at x days from the time origin into row. */
void fc_design_row(const struct spec *s, const struct design *d, double x, double *row);
/*
 * Least squares of spec s on rows r (time origin t_end): coefficients into c,
 * covariance (scaled to the residual variance) into cov when not NULL; the
 * sum of weights, their effective count and R² into the other pointers
 * when not NULL. Returns the weighted residual sum of squares / sum of
 * weights, or -1 when the problem is singular or too small.
 */
double fc_lsq(const struct spec *s, const struct rows *r, double t_end, double tau,
	      double *c, double *cov, double *sumw_out, double *neff_out, double *r2_out);
/*
 * Normal equations summed row by row. The model search fits dozens of
 * candidates: equilibrated and solved by Cholesky, a fit costs n p^2 / 2
 * against the SVD's several n p^2. Fits of the first rows and the first
 * columns reuse the sums: validation fits each candidate from several
 * origins (growing prefixes of the rows), and the choice of a Fourier order
 * tries growing prefixes of the columns.
 */
struct fc_normal {
	const struct spec *s;	/* the widest design */
	struct design d;
	const struct rows *r;
	double t_ref;		/* the design's time origin */
	size_t added;		/* rows summed */
	size_t cols;		/* columns summed */
	double *A;		/* lower triangle, d.p x d.p */
	double *R;		/* the design at each row, r->n x d.p; NULL when huge */
	double b[MAX_P], sumw, sumw2, sy;
};

/*
 * Solves normal equations (sums: the lower triangle of p x p sums of
 * products, row j at j * stride; rhs their right-hand side; no_intercept:
 * the first column is all 0) equilibrated, by Cholesky: the solution scaled
 * by d into x (c[j] = x[j] / d[j]), A the factor. Returns 0, or -1 when not
 * positive definite or nearly singular.
 */
int fc_normal_solve(const double *sums, size_t stride, const double *rhs, size_t p,
		    bool no_intercept, gsl_matrix *A, gsl_vector *x, double *d);
/*
 * The bisquare robust fit of gsl_multifit_robust() (the same iterations,
 * scale and covariance) by QR factorizations: coefficients into cv, their
 * covariance into C, the robust residual scale into *sigma. Returns 0, or
 * -1 when the design is too near singular (then use GSL's).
 */
int fc_robust_qr(const gsl_matrix *X, const gsl_vector *Y, gsl_vector *cv, gsl_matrix *C,
		     double *sigma);
/* Starts the sums of s over rows r (borrowed, as s), design origin t_ref. */
void fc_normal_init(struct fc_normal *ne, const struct spec *s, const struct rows *r,
		    double t_ref, double tau);
void fc_normal_release(struct fc_normal *ne);
/*
 * The fit of the first n rows and the first p columns (n never fewer than
 * in the call before), as fc_lsq() returns it, or -2 when the equations are
 * not positive definite or nearly singular (then GSL's SVD should decide).
 */
double fc_normal_fit(struct fc_normal *ne, size_t n, size_t p, double *c, double *cov,
		     double *sumw_out, double *neff_out, double *r2_out);
/* AICc; residual variance below floor (rounding noise of an exact fit) counts as floor. */
double fc_aicc(double ms, double neff, size_t p, double floor);
/* m's fitted value at x days from its end, fit scale; row is scratch of MAX_P. */
double fc_eval_scaled(const struct forecast_model *m, double x, double *row);
/* The rows of r with t in [t0, t1]. */
struct rows fc_sub_rows(const struct rows *r, double t0, double t1);

/* ---- forecast-model.c: a fitted model and its residual statistics ---- */

/* The AR coefficient of armode mode for residual autocorrelation rho. */
double fc_mode_phi(double rho, int mode);
/* The period of the recent shape: the shortest in the model, or -1. */
int fc_shape_period(const struct spec *s);
/* The phase bin of x (days from the end) in the recent shape's period. */
size_t fc_shape_bin(const struct forecast_model *m, double x);
/*
 * Fits spec s to rows r, residual statistics over pts (NULL: r); step the
 * typical spacing, tau a damped trend's scale. Returns a new model, or NULL
 * when the regression fails.
 */
struct forecast_model *fc_fit_spec(const struct spec *s, const struct rows *r,
				   const struct rows *pts, double step, double tau);
/*
 * Fits ne's spec to its first tr->n rows (tr: those rows), with ne's design
 * origin; residual statistics over tr. Returns as fc_fit_spec() does.
 */
struct forecast_model *fc_fit_prefix(struct fc_normal *ne, const struct rows *tr, double step);

/* ---- forecast-predict.c ---- */

/* What a forecast at a time needs whatever the level and the AR coefficient. */
struct fc_at {
	double x;	/* days after the end of the history */
	double v;	/* the fit there, fit scale (a differenced model's from the last value) */
	double vm;	/* the fit's variance from the coefficients' */
	double f;	/* the residual variance's growth (differenced models) */
};

/* What an interval at a level (percent) needs of a model's spread. */
struct fc_level {
	double level;
	double z;		/* the normal quantile */
	double q;		/* the residuals' quantile */
	double t_ratio;		/* Student's t's quantile over z */
};

/*
 * The forecast at t (row: m's design there, or NULL), without the variance
 * (a->vm 0) unless var.
 */
void fc_predict_at(const struct forecast_model *m, double t, const double *row, bool var,
		   struct fc_at *a);
void fc_level_init(const struct forecast_model *m, double level, struct fc_level *lv);
/*
 * The mean and the half-width at lv's level (0: no interval) from a, with AR
 * coefficient phi carrying the last residual.
 */
void fc_predict_finish(const struct forecast_model *m, const struct fc_at *a, double phi,
		       const struct fc_level *lv, double *mean, double *half);

/* The mean and the interval half-width at level (percent) at time t, fit scale. */
void fc_predict_scaled(const struct forecast_model *m, double t, double level,
		       double *mean, double *half);

/* ---- forecast-validate.c and forecast-changepoint.c ---- */

/*
 * Rolling-origin validation of spec s on rows r over windows of v seconds.
 * Returns the mean absolute error (original units), or INFINITY; z[0] and
 * z[1] how the errors compare with the predicted spread early and late in
 * the window; *mode the best way of carrying the last residual (armode).
 */
double fc_validate(const struct spec *s, const struct rows *r, double v, double step,
		   double tau, double z[2], int *mode);
/*
 * The last change point (a level step or a change of slope) in r worth
 * restricting the fit to, or NaN; base the model around it, minspan the
 * history it must leave after it (seconds).
 */
double fc_find_changepoint(const struct rows *r, const struct spec *base, double minspan);

#pragma GCC visibility pop

#endif
