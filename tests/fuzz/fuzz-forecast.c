// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * libFuzzer target for the forecasting models: whatever series TSV the input
 * holds (sorted and merged as hr-forecast does), a fit either fails with a
 * message or gives forecasts whose bounds hold the mean, and crossings inside
 * the window searched.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "headroom/alloc.h"
#include "headroom/forecast.h"
#include "headroom/series.h"
#include "memfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct series_reader r;
	struct series_point pt;
	struct forecast_options o;
	struct forecast_model *m;
	struct strbuf err = STRBUF_INIT;
	double *t = NULL, *y = NULL;
	size_t n = 0, alloc = 0, ya = 0, i;
	char path[FUZZ_PATH_MAX];
	int fd = fuzz_memfile(data, size, path);

	if (fd < 0)
		return 0;
	if (series_reader_open(&r, path) < 0) {
		close(fd);
		return 0;
	}
	while (n < 3000 && series_reader_next(&r, &pt) > 0) {
		ALLOC_GROW(t, n + 1, alloc);
		ALLOC_GROW(y, n + 1, ya);
		t[n] = pt.ts;
		y[n++] = pt.value;
	}
	series_reader_close(&r);
	close(fd);
	n = forecast_sort_merge(t, y, n, NULL, NULL);
	forecast_options_init(&o);
	/* The first byte picks options, so that every path is reached. */
	if (size) {
		o.trend = (enum forecast_trend)(data[0] & 3);
		o.transform = (enum forecast_transform)((data[0] >> 2) % 3);
		o.robust = (data[0] >> 4 & 3) == 3 ? -1 : data[0] >> 4 & 1;
		o.no_changepoint = data[0] >> 6 & 1;
		o.no_season = data[0] >> 7 & 1;
	}
	m = forecast_fit(t, y, n, &o, &err);
	if (!m && !err.len)
		abort();
	if (m) {
		struct forecast_summary s;
		double end = forecast_end(m), step = forecast_step(m), c;

		forecast_summary(m, &s);
		if (!(step > 0) || !memchr(s.model, '\0', sizeof(s.model)))
			abort();
		for (i = 0; i < 20; i++) {
			double yhat, lo, hi;

			forecast_predict(m, end + step * (double)i, 95, &yhat, &lo, &hi);
			if (isfinite(yhat) && isfinite(lo) && isfinite(hi) &&
			    !(lo <= yhat * (1 + 1e-9) + 1e-9 && yhat <= hi * (1 + 1e-9) + 1e-9) &&
			    fabs(yhat) < 1e300)
				abort();
		}
		c = forecast_crossing(m, y[n - 1] + 1, false, 95, end, end + 100 * step, 0);
		if (!isnan(c) && (c < end || c > end + 100 * step))
			abort();
		forecast_free(m);
	}
	strbuf_release(&err);
	free(t);
	free(y);
	return 0;
}
