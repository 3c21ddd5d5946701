// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-latency --hlog: the run's latencies as an HdrHistogram interval log,
 * one interval per --window (or one for the run), values as integers of
 * --hlog-unit, Interval_Max in ms as the Java and JavaScript writers give it.
 */
#include <math.h>

#include "headroom/cli.h"
#include "headroom/error.h"
#include "hlogout.h"

static double max_ms(const struct run *r, const struct hdrh *h)
{
	return (double)hdrh_max(h) * r->cfg->hlog_unit / 1e-3;
}

void hlog_write(const struct run *r, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	if (r->cfg->window_series) {
		bool header = false;

		for (i = 0; i < r->win.n; i++) {
			struct window_acc *wa = run_window(r, i);
			double t = lt_window_start(&r->win, i);

			if (!wa || !wa->hlog || !wa->hlog->total)
				continue;
			if (!header)
				lt_hlog_header(&sb, t);
			header = true;
			lt_hlog_line(&sb, NULL, t, r->win.width, max_ms(r, wa->hlog), wa->hlog);
		}
		if (!header)
			lt_hlog_header(&sb, NAN);
	} else {
		const struct acc *a = &r->all;
		double t0 = a->has_time ? a->tmin : NAN, len = a->has_time ? a->tmax - a->tmin : 0;

		if (a->has_time && a->whole_seconds)
			len += 1;
		lt_hlog_header(&sb, t0);
		if (r->hlog && r->hlog->total)
			lt_hlog_line(&sb, NULL, isnan(t0) ? 0 : t0, len, max_ms(r, r->hlog), r->hlog);
	}
	write_output_file(path, &sb);
	strbuf_release(&sb);
}
