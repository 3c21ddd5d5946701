// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The forecast's validation step: rolling-origin forecasts of a candidate
 * model from earlier points of the history, scored against the later ones.
 */
#include <math.h>
#include <stdlib.h>

#include "headroom/alloc.h"
#include "headroom/stats.h"
#include "forecast-impl.h"

/*
 * Rolling-origin validation of spec s over windows of v seconds: NORIGINS
 * origins in the last window, each forecasting to the end, and NEARLY
 * earlier ones, half a window apart, each forecasting one window, where they
 * leave at least half of the history to fit. Returns the mean absolute error
 * (original units), or INFINITY when it cannot be done; z[0] and z[1] the
 * median |error| / predicted spread in the first and the second half of the
 * window ahead (for scaling intervals).
 */
double fc_validate(const struct spec *s, const struct rows *r, double v, double step,
		   double tau, double z[2], int *mode)
{
	double t_end = r->t[r->n - 1], sae[4] = { 0 }, *zs[4][2] = { { NULL } }, best = INFINITY;
	size_t nae = 0, nz[4][2] = { { 0 } }, az[4][2] = { { 0 } }, o, i;
	/* The origins' fits share their sums (the rows before each origin are
	 * the rows before the one before and more) and one design origin, the
	 * end; not a damped trend, which fades after each fit's own end. */
	bool shared = s->trend != FORECAST_TREND_DAMPED;
	struct fc_normal ne;
	int md, hf;

	if (shared)
		fc_normal_init(&ne, s, r, t_end, tau);
	for (o = 0; o < NORIGINS + NEARLY; o++) {
		double origin, until = INFINITY;
		struct rows tr, va;
		struct forecast_model *m;
		struct fc_level lv;

		if (o < NEARLY) {
			origin = t_end - v - v / 2 * (double)(NEARLY - o);
			until = origin + v;
			if (origin - r->t[0] < (t_end - r->t[0]) / 2)
				continue;
		} else {
			origin = t_end - v * (double)(NORIGINS + NEARLY - o) / NORIGINS;
		}
		tr = fc_sub_rows(r, -INFINITY, origin);
		va = fc_sub_rows(r, origin + 1e-9, until);
		if (tr.n < fc_spec_p(s) + 3 || !va.n)
			continue;
		m = shared ? fc_fit_prefix(&ne, &tr, step) : fc_fit_spec(s, &tr, NULL, step, tau);
		if (!m)
			continue;
		fc_level_init(m, 68.27, &lv);
		/* Every way of carrying the last residual, on the same fit. */
		for (i = 0; i < va.n; i++) {
			struct fc_at at;

			if (va.w && va.w[i] == 0)
				continue;	/* an outlier */
			fc_predict_at(m, va.t[i], shared && ne.R ? ne.R + (va.t - r->t + i) * ne.d.p : NULL,
				      true, &at);
			hf = va.t[i] - origin > v / 2;
			for (md = 0; md < (s->diff ? 1 : 4); md++) {
				double mean, half;

				fc_predict_finish(m, &at, fc_mode_phi(m->ar1, md), &lv, &mean, &half);
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
	if (shared)
		fc_normal_release(&ne);
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
			sort_doubles(zs[*mode][hf], nz[*mode][hf]);
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
