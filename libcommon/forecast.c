// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Regression forecasts: forecast_fit() and its steps (check, change point,
 * seasons, outliers, candidates, choice, final fit, summary), each a
 * function below in that order; the model's pieces are in forecast-*.c.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "headroom/alloc.h"
#include "headroom/stats.h"
#include "forecast-impl.h"

void forecast_options_init(struct forecast_options *o)
{
	memset(o, 0, sizeof(*o));
	o->since = NAN;
	o->robust = -1;
}

static const double cand_period[] = { DAY, 7 * DAY, 365.25 * DAY };

static const int order_grid[] = { 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50 };

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
		/* None near it (spacings of 1h and 2h): the median itself. */
		if (k)
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
			    s->shape && (int)i == fc_shape_period(s) ? ", recent shape" : "");
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
	size_t ncols, j0 = fc_period_col(&m->s, pi, &ncols), j1 = j0 + ncols, j;
	int u;

	if (j1 == j0)
		return 0;
	forecast_predict(m, m->t_end, 0, &level, NULL, NULL);
	for (u = 0; u < 1000; u++) {
		double v = 0;

		fc_design_row(&m->s, &m->d, m->s.period[pi] * u / 1000, row);
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
	double bstep;		/* the typical spacing of fitr */
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
	f->cp = fc_find_changepoint(&cr, &base, minspan);
	free(ct);
	free(cy);
	free(cw);
	return f->cp;
}

/* The seasonal period i to consider, seconds: the caller's or a candidate. */
static double period_at(const struct fit *f, size_t i)
{
	return f->opt->nperiods ? f->opt->periods[i] : cand_period[i];
}

/*
 * How many equal time bins the fit needs: 200 a cycle of the shortest
 * period that may be fitted (its highest Fourier order, 50, sampled four
 * times a cycle), at most FORECAST_MAX_ROWS. Finer samples cost time and
 * add nothing the model can hold: a week of minutes is fitted on bins of
 * 7.2 minutes.
 */
static size_t fit_bins(const struct fit *f)
{
	const struct forecast_options *opt = f->opt;
	double pmin = INFINITY;
	size_t i, np = opt->nperiods ? opt->nperiods : 3;

	for (i = 0; i < np && !opt->no_season; i++) {
		double P = period_at(f, i);

		if ((opt->nperiods || f->span >= 2 * P) && P / f->step >= 3 && P < pmin)
			pmin = P;
	}
	if (isfinite(pmin) && f->span / (pmin / 200) < FORECAST_MAX_ROWS)
		return (size_t)ceil(f->span / (pmin / 200));
	return FORECAST_MAX_ROWS;
}

/*
 * The points from since (NaN: all) as the current regime, their span and
 * range, and the rows fitted: time bins when there are many points.
 */
static int select_regime(struct fit *f, double since, struct strbuf *err)
{
	size_t i, nb;

	f->cur = isnan(since) ? f->all : fc_sub_rows(&f->all, since, INFINITY);
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
	f->bstep = f->step;
	nb = fit_bins(f);
	if (f->cur.n > FORECAST_MAX_ROWS || f->cur.n > 2 * nb) {
		bin_rows(&f->cur, nb, &f->bt, &f->by, &f->bw, &nb);
		f->fitr.t = f->bt;
		f->fitr.y = f->by;
		f->fitr.w = f->bw;
		f->fitr.n = nb;
		f->bstep = median_step(f->bt, nb);
	}
	f->tau = f->span / DAY / 3 > 0 ? f->span / DAY / 3 : 1;
	return 0;
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
 * AICc of the fit of s, whose design is the first p columns of ne's (NULL:
 * none): by ne's sums, or GSL's SVD when they are not positive definite.
 */
static double order_aicc(const struct fit *f, struct fc_normal *ne, const struct spec *s,
			 double msfloor)
{
	const struct rows *r = &f->fitr;
	double c[MAX_P], sumw, neff, ms = -2;
	size_t p = fc_spec_p(s);

	if (ne && p <= ne->d.p)
		ms = fc_normal_fit(ne, r->n, p, c, NULL, &sumw, &neff, NULL);
	if (ms == -2)
		ms = fc_lsq(s, r, r->t[r->n - 1], f->tau, c, NULL, &sumw, &neff, NULL);
	return ms < 0 ? INFINITY : fc_aicc(ms, neff, p, msfloor);
}

/*
 * Adds period P (seconds) to f->s at the Fourier order AICc picks; order 0
 * leaves it out, unless the caller named it (then order 1 at least). The
 * orders tried are prefixes of the widest one's design: one set of sums.
 */
static void add_period(struct fit *f, double P, double msfloor)
{
	struct spec *s = &f->s, wide;
	const struct rows *r = &f->fitr;
	double per = P / f->step, cur_aic;
	int kmax = (int)floor((per - 1) / 2), g, bestk = 0, worse = 0;
	bool named = f->opt->nperiods != 0;
	struct fc_normal ne;

	if (!named && f->span < 2 * P)
		return;
	if (kmax < 1 || f->span < P)
		return;
	if (kmax > 50)
		kmax = 50;
	wide = *s;
	wide.period[wide.np] = P / DAY;
	wide.order[wide.np++] = kmax;
	while (wide.order[wide.np - 1] > 1 && fc_spec_p(&wide) > MAX_P)
		wide.order[wide.np - 1]--;
	fc_normal_init(&ne, &wide, r, r->t[r->n - 1], f->tau);
	cur_aic = order_aicc(f, &ne, s, msfloor);
	s->period[s->np] = P / DAY;
	s->np++;
	for (g = 0; g < (int)(sizeof(order_grid) / sizeof(*order_grid)); g++) {
		double a;

		if (order_grid[g] > kmax)
			break;
		s->order[s->np - 1] = order_grid[g];
		a = order_aicc(f, order_grid[g] <= wide.order[wide.np - 1] ? &ne : NULL, s, msfloor);
		if (a < cur_aic - 2) {
			cur_aic = a;
			bestk = order_grid[g];
			worse = 0;
		} else if (++worse >= 3) {
			break;	/* three larger orders in a row did not help */
		}
	}
	fc_normal_release(&ne);
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

	return fabs(r->y[i] - fc_eval_scaled(m, (r->t[i] - m->t_ref) / DAY, row)) > 5 * q50;
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
	m = fc_fit_spec(&f->s, r, NULL, f->bstep, f->tau);
	if (!m)
		return;
	q50 = m->q[(NQ - 1) / 2] * 1.4826;
	for (i = 0; i < r->n && q50 > 0; i++)
		if (is_outlier(m, r, i, q50))
			out++;
	if (out && r->n > fc_spec_p(&f->s) * 2 + 10) {
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
	c.dstep = f->bstep;
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
	mae = fc_validate(&c, &f->vr, f->v, f->bstep, f->tau, zm, &c.armode);
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
	mae = fc_validate(&c, &f->vr, f->v, f->bstep, f->tau, zm, &c.armode);
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
	m = fc_fit_spec(chosen, &f->fitr, &f->cur, f->step, f->tau);
	if (!m && chosen->robust) {
		chosen->robust = false;
		m = fc_fit_spec(chosen, &f->fitr, &f->cur, f->step, f->tau);
	}
	if (!m) {
		chosen->np = 0;
		chosen->trend = FORECAST_TREND_NONE;
		chosen->halflife = 0;
		m = fc_fit_spec(chosen, &f->fitr, &f->cur, f->step, f->tau);
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

/* GSL's handler aborts; every call's status is checked instead. */
static void gsl_handler_off(void)
{
	gsl_set_error_handler_off();
}

struct forecast_model *forecast_fit(const double *t, const double *y, size_t n,
				    const struct forecast_options *opt, struct strbuf *err)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	struct forecast_options defaults;
	struct fit f = { .opt = opt, .all = { t, y, NULL, n }, .cp = NAN,
			 .why = STRBUF_INIT, .desc = STRBUF_INIT };
	struct forecast_model *m = NULL;
	struct spec chosen;
	double z[2] = { 1, 1 };
	size_t best, i;

	/* Once: several threads may fit at once. */
	pthread_once(&once, gsl_handler_off);
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
	if (best < f.ncand && fc_shape_period(&chosen) >= 0)
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
