// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * A fitted forecast model: its coefficients, and the statistics of its
 * residuals that its forecasts and intervals carry (autocorrelation,
 * variogram, smoothed level, recent seasonal shape, spread quantiles).
 */
#include <math.h>
#include <stdlib.h>

#include "headroom/alloc.h"
#include "headroom/stats.h"
#include "forecast-impl.h"

double fc_mode_phi(double rho, int mode)
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
int fc_shape_period(const struct spec *s)
{
	int best = -1;
	size_t i;

	for (i = 0; i < s->np; i++)
		if (s->order[i] && (best < 0 || s->period[i] < s->period[best]))
			best = (int)i;
	return best;
}

/* The phase bin of x (days from the end) in the recent shape's period. */
size_t fc_shape_bin(const struct forecast_model *m, double x)
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
	int sp = fc_shape_period(&m->s);
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
		b = fc_shape_bin(m, (r->t[k + off] - m->t_end) / DAY);
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
 * The residuals of m over r (R: m's design at each, or NULL) into e (r->n of them at most): the values less
 * the fit, or for a differenced model its one-step innovations. Returns how
 * many, at least one (a 0 when there are none); *ss their sum of squares.
 * Sets m->ar1, their lag-1 autocorrelation within [0, 0.995].
 */
static size_t residuals(struct forecast_model *m, const struct rows *r, const double *R,
			double *e, double *ss)
{
	double row[MAX_P], num = 0, den = 0, fprev = 0;
	size_t i, j, n = 0;

	for (i = 0; i < r->n; i++) {
		double f = 0;

		if (R)
			for (j = 0; j < m->p; j++)
				f += R[i * m->p + j] * m->c[j];
		else
			f = fc_eval_scaled(m, (r->t[i] - m->t_ref) / DAY, row);

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
	sort_doubles(e, ne);
	/* Small samples understate the tails; scale |e| by the degrees of freedom. */
	for (i = 0; i < NQ; i++)
		m->q[i] = quantile_sorted(e, ne, (double)i / (NQ - 1)) *
			  (n > m->p ? sqrt((double)n / (double)(n - m->p)) : 1);
}

/*
 * Residual statistics over points r (R: m's design at each, or NULL):
 * autocorrelation, the variogram and the
 * smoothed level of the residuals, the recent shape, degrees of freedom,
 * spread quantiles; and what forecasts start from.
 */
static void residual_stats(struct forecast_model *m, const struct rows *r, const double *R)
{
	double *e = xmalloc(r->n * sizeof(*e)), *lv, ss = 0, acc = 0;
	size_t n = residuals(m, r, R, e, &ss), k;

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
	m->phi = m->s.diff ? 0 : fc_mode_phi(m->ar1, m->s.armode);
	m->y_end = fscale(&m->s, r->y[r->n - 1]);
	fc_design_row(&m->s, &m->d, (m->t_end - m->t_ref) / DAY, m->row0);
	m->sum.resid_sd = n > m->p ? sqrt(ss / (double)(n - m->p)) : 0;
	m->sigma = m->sum.resid_sd;
	if (m->s.diff)
		m->sum.r2 = diff_r2(m, r, ss);
	spread_quantiles(m, e, n, r->n);
	free(e);
}

static struct forecast_model *new_model(const struct spec *s, double t_end, double step,
					double tau)
{
	struct forecast_model *m = xcalloc(1, sizeof(*m));

	m->s = *s;
	m->t_end = t_end;
	m->t_ref = t_end;
	m->step = step;
	m->tau = tau;
	fc_design_init(&m->d, s, tau);
	m->p = m->d.p;
	m->cov = xcalloc(m->p * m->p, sizeof(*m->cov));
	m->inflate[0] = m->inflate[1] = 1;
	m->sum.changepoint = NAN;
	return m;
}

void forecast_free(struct forecast_model *m)
{
	if (!m)
		return;
	FREE_ALL(m->cov, m->shape, m);
}

/* Fits spec s to rows r; residual statistics over pts (NULL: r). */
struct forecast_model *fc_fit_spec(const struct spec *s, const struct rows *r,
				   const struct rows *pts, double step, double tau)
{
	struct forecast_model *m = new_model(s, r->t[r->n - 1], step, tau);
	double ms = fc_lsq(s, r, m->t_end, tau, m->c, m->cov, NULL, NULL, &m->sum.r2);

	if (ms < 0) {
		forecast_free(m);
		return NULL;
	}
	residual_stats(m, pts ? pts : r, NULL);
	return m;
}

struct forecast_model *fc_fit_prefix(struct fc_normal *ne, const struct rows *tr, double step)
{
	struct forecast_model *m = new_model(ne->s, tr->t[tr->n - 1], step, ne->d.tau);
	double ms;

	m->t_ref = ne->t_ref;
	ms = fc_normal_fit(ne, tr->n, m->p, m->c, m->cov, NULL, NULL, &m->sum.r2);
	if (ms == -2)
		ms = fc_lsq(ne->s, tr, m->t_ref, m->tau, m->c, m->cov, NULL, NULL, &m->sum.r2);
	if (ms < 0) {
		forecast_free(m);
		return NULL;
	}
	residual_stats(m, tr, ne->R);
	return m;
}
