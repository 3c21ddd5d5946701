// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-forecast's outputs: the forecast as TSV, the model summary as text or
 * JSON, and the sentence that says when a threshold is crossed.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "headroom/cli.h"
#include "headroom/json.h"
#include "headroom/strbuf.h"
#include "headroom/units.h"
#include "hrf.h"

double hrf_max_level(const struct hrf_options *o)
{
	double l = 0;
	size_t i;

	for (i = 0; i < o->nlevels; i++)
		if (o->levels[i] > l)
			l = o->levels[i];
	return l;
}

static void fmt_time(char *buf, size_t size, double t, bool iso)
{
	if (iso) {
		format_timestamp_iso(buf, size, t);
	} else {
		struct strbuf sb = STRBUF_INIT;

		strbuf_add_num(&sb, t);
		snprintf(buf, size, "%s", sb.buf);
		strbuf_release(&sb);
	}
}

/* Nine significant digits, whole numbers from a billion: no rounding noise. */
static void add_value(struct strbuf *sb, double v)
{
	if (fabs(v) >= 1e9)
		strbuf_addf(sb, "%.0f", v);
	else
		strbuf_addf(sb, "%.9g", v == 0 ? 0.0 : v);
}

/* Every TSV row: TIMESTAMP [SERIES] YHAT (LO HI)... */
static void row(struct strbuf *out, const struct hrf_options *o, const struct hrf_series *s,
		double t, bool named)
{
	char buf[64];
	double yhat, lo[HRF_MAX_LEVELS], hi[HRF_MAX_LEVELS];
	size_t i;

	fmt_time(buf, sizeof(buf), t, o->iso);
	strbuf_addstr(out, buf);
	if (named) {
		strbuf_addch(out, '\t');
		strbuf_addstr(out, s->name);
	}
	forecast_predict_levels(s->m, t, o->nlevels, o->levels, &yhat, lo, hi);
	strbuf_addch(out, '\t');
	add_value(out, yhat);
	for (i = 0; i < o->nlevels; i++) {
		strbuf_addch(out, '\t');
		add_value(out, lo[i]);
		strbuf_addch(out, '\t');
		add_value(out, hi[i]);
	}
	strbuf_addch(out, '\n');
}

void hrf_write_forecast(FILE *f, const struct hrf_options *o, struct hrf_series *const *series,
			size_t ns)
{
	struct strbuf out = STRBUF_INIT;
	bool named = o->named;
	size_t i, k;

	strbuf_addstr(&out, named ? "# timestamp\tseries\tyhat" : "# timestamp\tyhat");
	for (i = 0; i < o->nlevels; i++)
		strbuf_addf(&out, "\tlo%g\thi%g", o->levels[i], o->levels[i]);
	strbuf_addch(&out, '\n');
	for (i = 0; i < ns; i++) {
		const struct hrf_series *s = series[i];
		double end, t;

		if (!s->m)
			continue;
		end = forecast_end(s->m);
		if (o->history) {
			struct forecast_summary fs;

			forecast_summary(s->m, &fs);
			for (k = 0; k < s->n; k++)
				if (s->t[k] >= fs.fit_start)
					row(&out, o, s, s->t[k], named);
		}
		for (k = 1; (t = end + (double)k * s->fstep) <= s->fend + 1e-6; k++) {
			row(&out, o, s, t, named);
			if (out.len > 1 << 16) {
				strbuf_write(&out, f);
				strbuf_reset(&out);
			}
		}
	}
	strbuf_write(&out, f);
	strbuf_release(&out);
}

static const char *label(const struct hrf_series *s)
{
	return *s->name ? s->name : "the series";
}

static void add_when(struct strbuf *sb, double when, double from)
{
	char buf[64], dur[32];

	when = round(when);
	format_timestamp_iso(buf, sizeof(buf), when);
	format_duration(dur, sizeof(dur), when - from);
	strbuf_addf(sb, "%s (in %s)", buf, when > from ? dur : "0s");
}

/* The sentence's end when the horizon is long for the history. */
static void add_confidence(struct strbuf *sb, const struct hrf_series *s)
{
	if (s->horizon_ratio > 3)
		strbuf_addf(sb, "; low confidence: the horizon is %.0f times the history",
			    s->horizon_ratio);
}

void hrf_crossing_sentence(struct strbuf *sb, const struct hrf_options *o,
			   const struct hrf_series *s, bool color)
{
	double end = forecast_end(s->m), level = hrf_max_level(o);
	const char *bound = o->below ? "lower" : "upper";
	const char *thr = s->threshold_label ? s->threshold_label : o->threshold_arg;
	char hz[32];

	format_duration(hz, sizeof(hz), s->fend - end);
	strbuf_addf(sb, "%s ", label(s));
	if (s->cross_mean == end) {
		add_colored(sb, color, COLOR_BAD, o->below ? "is already below" : "is already above");
		strbuf_addf(sb, " %s", thr);
		add_confidence(sb, s);
		return;
	}
	if (!isnan(s->cross_mean)) {
		add_colored(sb, color, COLOR_BAD, o->below ? "falls below" : "crosses");
		strbuf_addf(sb, " %s on ", thr);
		add_when(sb, s->cross_mean, end);
	} else {
		add_colored(sb, color, COLOR_GOOD, o->below ? "does not fall below" : "does not cross");
		strbuf_addf(sb, " %s within %s", thr, hz);
	}
	if (!isnan(s->cross_bound)) {
		strbuf_addf(sb, "; the %g%% %s bound on ", level, bound);
		add_when(sb, s->cross_bound, end);
	} else if (level > 0 && isnan(s->cross_mean)) {
		strbuf_addf(sb, "; nor does the %g%% %s bound", level, bound);
	}
	add_confidence(sb, s);
}

static void period_name(char *buf, size_t size, double p)
{
	if (p == 86400)
		snprintf(buf, size, "daily");
	else if (p == 7 * 86400)
		snprintf(buf, size, "weekly");
	else if (fabs(p - 365.25 * 86400) < 86400)
		snprintf(buf, size, "yearly");
	else
		format_duration(buf, size, p);
}

/* A value in the series' units: sizes for byte counts, else 6 digits. */
static void add_qty(struct strbuf *sb, const struct hrf_series *s, double v)
{
	char buf[64];

	if (strstr(s->name, "bytes") && fabs(v) >= 1024) {
		format_size(buf, sizeof(buf), fabs(v));
		strbuf_addf(sb, "%s%s", v < 0 ? "-" : "", buf);
	} else {
		strbuf_addf(sb, "%.6g", v);
	}
}

/* Why the model was chosen: the rule, then the candidates and their scores, one a line. */
static void add_reason(struct strbuf *sb, const char *r)
{
	const char *semi, *colon = strstr(r, ": ");

	if (!colon) {
		strbuf_addf(sb, "chosen by:    %s\n", r);
		return;
	}
	strbuf_addf(sb, "chosen by:    %.*s:\n", (int)(colon - r), r);
	for (r = colon + 2; *r; r = semi + 2) {
		semi = strstr(r, "; ");
		if (!semi) {
			strbuf_addf(sb, "                %s\n", r);
			break;
		}
		strbuf_addf(sb, "                %.*s\n", (int)(semi - r), r);
	}
}

/* The history and the regime fitted. */
static void add_history(struct strbuf *sb, const struct hrf_series *s,
			const struct forecast_summary *fs)
{
	char a[64], b[64], st[32];

	format_timestamp_iso(a, sizeof(a), s->t[0]);
	format_timestamp_iso(b, sizeof(b), s->t[s->n - 1]);
	format_duration(st, sizeof(st), fs->typical_step);
	strbuf_addf(sb, "series:       %s\n", *s->name ? s->name : "-");
	strbuf_addf(sb, "history:      %s .. %s, %zu points, step %s\n", a, b, s->n, st);
	if (!isnan(fs->changepoint)) {
		format_timestamp_iso(a, sizeof(a), fs->changepoint);
		strbuf_addf(sb, "change point: %s; fitted from there (%zu points)\n", a, fs->n);
	} else if (fs->fit_start > s->t[0]) {
		format_timestamp_iso(a, sizeof(a), fs->fit_start);
		strbuf_addf(sb, "fitted from:  %s (%zu points)\n", a, fs->n);
	}
}

static void summary_text(struct strbuf *sb, const struct hrf_options *o,
			 const struct hrf_series *s)
{
	struct forecast_summary fs;
	double yhat, lo, hi, level = hrf_max_level(o);
	char a[64];
	size_t i;

	forecast_summary(s->m, &fs);
	add_history(sb, s, &fs);
	strbuf_addf(sb, "model:        %s%s\n", fs.model, fs.constant ? " (constant series)" : "");
	add_reason(sb, fs.reason);
	strbuf_addstr(sb, "trend:        ");
	if (fs.trend_per_day >= 0)
		strbuf_addch(sb, '+');
	add_qty(sb, s, fs.trend_per_day);
	strbuf_addstr(sb, " per day\n");
	for (i = 0; i < fs.nperiods; i++) {
		period_name(a, sizeof(a), fs.period[i]);
		strbuf_addf(sb, "seasonality:  %s, amplitude ", a);
		add_qty(sb, s, fs.amplitude[i]);
		strbuf_addf(sb, " (Fourier order %d)\n", fs.order[i]);
	}
	if (!fs.nperiods)
		strbuf_addstr(sb, "seasonality:  none\n");
	strbuf_addf(sb, "fit:          R² %.4f, residual sd ", fs.r2);
	add_qty(sb, s, fs.resid_sd);
	strbuf_addf(sb, ", lag-1 autocorrelation %.3f\n", fs.ar1);
	forecast_predict(s->m, s->fend, level, &yhat, &lo, &hi);
	format_timestamp_iso(a, sizeof(a), s->fend);
	strbuf_addstr(sb, "forecast:     ");
	add_qty(sb, s, yhat);
	strbuf_addf(sb, " at %s", a);
	if (level > 0) {
		strbuf_addf(sb, " (%g%%: ", level);
		add_qty(sb, s, lo);
		strbuf_addstr(sb, " .. ");
		add_qty(sb, s, hi);
		strbuf_addch(sb, ')');
	}
	strbuf_addch(sb, '\n');
	strbuf_addf(sb, "confidence:   %s (the horizon is %.*f times the history)\n",
		    hrf_confidence(s), s->horizon_ratio < 10 ? 1 : 0, s->horizon_ratio);
	if (!isnan(s->threshold)) {
		strbuf_addstr(sb, "threshold:    ");
		hrf_crossing_sentence(sb, o, s, false);
		strbuf_addch(sb, '\n');
	}
}

void hrf_summary_text(struct strbuf *sb, const struct hrf_options *o,
		      struct hrf_series *const *s, size_t ns)
{
	size_t i;
	bool first = true;

	for (i = 0; i < ns; i++) {
		if (!s[i]->m)
			continue;
		if (!first)
			strbuf_addch(sb, '\n');
		summary_text(sb, o, s[i]);
		first = false;
	}
}

/* A time as Unix seconds under key and RFC 3339 under key_iso; null when NaN. */
static void json_time(struct json *j, const char *key, double t)
{
	char buf[64], iso_key[64];

	if (isnan(t)) {
		json_null(j, key);
		return;
	}
	json_num(j, key, t);
	format_timestamp_iso(buf, sizeof(buf), t);
	snprintf(iso_key, sizeof(iso_key), "%s_iso", key);
	json_str(j, iso_key, buf);
}

static void json_seasons(struct json *j, const struct forecast_summary *fs)
{
	size_t i;

	json_array_begin(j, "seasons");
	for (i = 0; i < fs->nperiods; i++) {
		json_object_begin(j, NULL);
		json_num(j, "period_seconds", fs->period[i]);
		json_int(j, "order", fs->order[i]);
		json_num(j, "amplitude", fs->amplitude[i]);
		json_object_end(j);
	}
	json_array_end(j);
}

static void summary_json(struct json *j, const struct hrf_options *o, const struct hrf_series *s)
{
	struct forecast_summary fs;
	double yhat, lo, hi, level = hrf_max_level(o);

	forecast_summary(s->m, &fs);
	json_object_begin(j, NULL);
	json_str(j, "series", s->name);
	json_uint(j, "points", s->n);
	json_uint(j, "fitted_points", fs.n);
	json_time(j, "first", s->t[0]);
	json_time(j, "last", s->t[s->n - 1]);
	json_time(j, "fit_start", fs.fit_start);
	json_time(j, "changepoint", fs.changepoint);
	json_num(j, "step_seconds", fs.typical_step);
	json_str(j, "model", fs.model);
	json_str(j, "reason", fs.reason);
	json_bool(j, "log_transform", fs.log_transform);
	json_bool(j, "robust", fs.robust);
	json_bool(j, "constant", fs.constant);
	json_num(j, "trend_per_day", fs.trend_per_day);
	json_seasons(j, &fs);
	json_num(j, "r2", fs.r2);
	json_num(j, "residual_sd", fs.resid_sd);
	json_num(j, "ar1", fs.ar1);
	forecast_predict(s->m, s->fend, level, &yhat, &lo, &hi);
	json_time(j, "horizon_end", s->fend);
	json_num(j, "forecast_at_horizon", yhat);
	json_str(j, "confidence", hrf_confidence(s));
	json_num(j, "horizon_ratio", s->horizon_ratio);
	if (s->size)
		json_time(j, "exceeds_size", s->over_size);
	if (level > 0) {
		char pct[32];

		/* As --level wrote it into the TSV header ("lo95"). */
		snprintf(pct, sizeof(pct), "%g", level);
		json_raw(j, "level", pct);
		json_num(j, "lo", lo);
		json_num(j, "hi", hi);
	}
	if (!isnan(s->threshold)) {
		json_num(j, "threshold", s->threshold);
		json_bool(j, "below", o->below);
		json_time(j, "crossing", s->cross_mean);
		json_time(j, "crossing_bound", s->cross_bound);
	}
	json_object_end(j);
}

void hrf_summary_json(struct strbuf *sb, const struct hrf_options *o,
		      struct hrf_series *const *s, size_t ns)
{
	struct json j;
	size_t i;

	json_init(&j, sb);
	j.newline_items = true;
	json_array_begin(&j, NULL);
	for (i = 0; i < ns; i++) {
		if (s[i]->m) {
			summary_json(&j, o, s[i]);
			continue;
		}
		json_object_begin(&j, NULL);
		json_str(&j, "series", s[i]->name);
		json_str(&j, "error", s[i]->why);
		json_object_end(&j);
	}
	json_array_end(&j);
	strbuf_addch(sb, '\n');
}
