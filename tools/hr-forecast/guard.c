// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-forecast's guardrails: a percentage threshold read against the matching
 * size or limit series of the input, and the warnings a forecast needs when
 * its horizon is long for its history or it goes where the quantity cannot.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/error.h"
#include "headroom/labels.h"
#include "headroom/strbuf.h"
#include "headroom/units.h"
#include "hrf.h"

/* What is used of something, and the series of its size or limit (headroom-series(5)). */
static const struct {
	const char *used, *size;
} pairs[] = {
	{ "fs.used_bytes", "fs.size_bytes" },
	{ "fs.inodes_used", "fs.inodes_size" },
	{ "mem.used_bytes", "mem.total_bytes" },
	{ "mem.swap_used_bytes", "mem.swap_total_bytes" },
	{ "cgroup.mem.bytes", "cgroup.mem.limit_bytes" },
	{ "cgroup.mem.working_set_bytes", "cgroup.mem.limit_bytes" },
	{ "cgroup.cpu.cores", "cgroup.cpu.limit_cores" },
};

/* The size series' name for the used series s, or NULL; its labels in labels. */
static const char *size_name(const struct hrf_series *s, struct strbuf *labels)
{
	struct strbuf name = STRBUF_INIT;
	const char *why, *found = NULL;
	size_t i;

	if (!*s->name || series_name_parse(s->name, &name, labels, &why) < 0) {
		strbuf_release(&name);
		return NULL;
	}
	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]) && !found; i++)
		if (!strcmp(name.buf, pairs[i].used))
			found = pairs[i].size;
	strbuf_release(&name);
	return found;
}

/* A series' value in its unit: a size for bytes, else a number. */
static void format_value(char *buf, size_t size, const char *name, double v)
{
	if (strstr(name, "_bytes"))
		format_size(buf, size, v);
	else
		snprintf(buf, size, "%.4g", v);
}

/* Finds s's size series among v[n] and reads a percentage threshold against it. */
static void match_size(const struct hrf_options *o, struct hrf_series *s,
		       struct hrf_series *const *v, size_t n)
{
	struct strbuf labels = STRBUF_INIT, want = STRBUF_INIT;
	const char *size = size_name(s, &labels);
	bool pct = o->threshold_arg && o->threshold_arg[strlen(o->threshold_arg) - 1] == '%';
	size_t i;

	if (!size)
		goto out;
	series_name_format(&want, size, labels.buf);
	for (i = 0; i < n && !s->size; i++)
		if (v[i]->n && !strcmp(v[i]->name, want.buf))
			s->size = v[i];
	if (s->size && pct) {
		double cap = s->size->y[s->size->n - 1];
		char num[32];
		struct strbuf lab = STRBUF_INIT;

		s->threshold = o->threshold / 100 * cap;
		format_value(num, sizeof(num), s->size->name, s->threshold);
		strbuf_addf(&lab, "%s of %s (%s)", o->threshold_arg, size, num);
		s->threshold_label = strbuf_detach(&lab, NULL);
	} else if (pct && o->have_threshold) {
		warning("series '%s': --threshold %s is read as the value %g: the input has no "
			"%s to read it against", s->name, o->threshold_arg, o->threshold, want.buf);
	}
out:
	strbuf_release(&labels);
	strbuf_release(&want);
}

void hrf_guard_prepare(const struct hrf_options *o, struct hrf_series *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		v[i]->threshold = o->have_threshold ? o->threshold : NAN;
		v[i]->over_size = NAN;
	}
	for (i = 0; i < n; i++)
		match_size(o, v[i], v, n);
	/* "90%" of a size is not a value to judge the size itself by. */
	for (i = 0; i < n; i++)
		if (v[i]->threshold_label)
			for (size_t k = 0; k < n; k++)
				if (v[k] == v[i]->size)
					v[k]->threshold = NAN;
}

const char *hrf_confidence(const struct hrf_series *s)
{
	return s->horizon_ratio > 3 ? "low" : s->horizon_ratio > 1 ? "medium" : "high";
}

/* The warnings of one fitted series. */
static void check_one(struct hrf_series *s)
{
	double end = forecast_end(s->m), span = s->t[s->n - 1] - s->t[0];
	char hz[32], hist[32], when[64], num[32];
	const char *name = *s->name ? s->name : "the series";

	s->horizon_ratio = span > 0 ? (s->fend - end) / span : INFINITY;
	if (s->horizon_ratio > 3) {
		format_duration(hz, sizeof(hz), s->fend - end);
		format_duration(hist, sizeof(hist), span);
		warning("%s: the horizon (%s) is %.0f times the history (%s); "
			"confidence is low: record more history or forecast less far",
			name, hz, s->horizon_ratio, hist);
	}
	if (s->size) {
		double cap = s->size->y[s->size->n - 1];

		s->over_size = forecast_crossing(s->m, cap, false, 0, end, s->fend, 0);
		if (!isnan(s->over_size)) {
			format_timestamp_iso(when, sizeof(when), round(s->over_size));
			format_value(num, sizeof(num), s->size->name, cap);
			warning("%s: the forecast passes %s (%s) on %s, which the usage cannot: "
				"the size must grow first, or the forecast is wrong",
				name, s->size->name, num, when);
		}
	}
	if (*s->name && strstr(s->name, "_bytes") && s->y[s->n - 1] >= 0 &&
	    !isnan(forecast_crossing(s->m, 0, true, 0, end, s->fend, 0)))
		warning("%s: the forecast falls below 0 bytes within the horizon, which the "
			"series cannot", name);
}

void hrf_guard_check(struct hrf_series *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i]->m)
			check_one(v[i]);
}
