// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-usl from a stepped load test's raw results: the requests counted per
 * window with the concurrency the generator reports (JMeter's allThreads,
 * k6's vus, Locust's user count), one point per stage: N its concurrency,
 * X its requests per second, R the mean latency of its successful requests.
 */
#include <math.h>
#include <stdlib.h>

#include "headroom/alloc.h"
#include "headroom/error.h"
#include "raw.h"

struct raw {
	struct lt_windows *win;
	const struct lt_info *info;
	double prev_sum;	/* Locust: mean times count of the previous row */
};

static void on_request(void *ctx, const struct lt_request *q)
{
	struct raw *raw = ctx;
	struct lt_window *w = lt_windows_at(raw->win, q->t);

	if (!w) {
		if (isfinite(q->t))
			die("the requests' times span more than 10 million windows: a larger --window?");
		return;
	}
	w->requests++;
	if (q->error) {
		w->errors++;
	} else {
		w->latency_sum += q->latency * raw->info->unit;
		w->latency_n++;
	}
	lt_window_conc(w, q->conc);
}

static void on_gauge(void *ctx, double t, double conc)
{
	struct raw *raw = ctx;
	struct lt_window *w = lt_windows_at(raw->win, t);

	if (w)
		lt_window_conc(w, conc);
}

/* Locust's history: a row per second with the requests since the last one. */
static void on_summary(void *ctx, const struct lt_summary *s)
{
	struct raw *raw = ctx;
	struct lt_window *w;

	if (s->label || !(w = lt_windows_at(raw->win, s->t)))
		return;
	if (!isnan(s->count)) {
		w->requests += (uint64_t)s->count;
		/*
		 * The history's mean is cumulative: the row's requests took the
		 * difference of mean times count from the previous row's.
		 */
		if (!isnan(s->mean) && !isnan(s->total_count) && s->count > 0) {
			double sum = s->mean * s->total_count;

			w->latency_sum += (sum - raw->prev_sum) * raw->info->unit;
			w->latency_n += (uint64_t)s->count;	/* Locust's means include failures */
			raw->prev_sum = sum;
		}
	}
	if (!isnan(s->errors))
		w->errors += (uint64_t)s->errors;
	lt_window_conc(w, s->conc);
}

size_t raw_stages(struct lt_input *in, const struct raw_options *o, struct lt_stage **stages,
		  struct lt_windows *win)
{
	struct lt_info info;
	struct raw raw = { win, &info, 0 };
	struct lt_sink sink = { &raw, on_request, on_gauge, on_summary, NULL };
	struct lt_options lo = { .metric = o->metric };
	enum lt_kind kind = lt_format_kind(in->format);

	if (kind != LT_KIND_REQUESTS && in->format != LT_LOCUST_HISTORY)
		die("%s is %s: hr-usl needs per-request results with the concurrency (JMeter, "
		    "k6, Locust's history) or 'N X [R]' lines", in->name, lt_format_name(in->format));
	lt_windows_init(win, o->window);
	if (lt_input_read(in, &lo, &sink, &info) < 0)
		exit(EXIT_TROUBLE);
	if (!info.has_conc)
		die("%s: %s has no concurrency column (JMeter allThreads, k6 vus, Locust User Count)",
		    in->name, lt_format_name(in->format));
	return lt_stages(win, o->tolerance, stages);
}
