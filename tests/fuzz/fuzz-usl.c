// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Fuzz target for hr-usl: every input line through its parser, and the
 * points found through the fit (bounded to a few hundred, as the fit is the
 * slow part).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/strbuf.h"
#include "../../tools/hr-usl/input.h"
#include "../../tools/hr-usl/usl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf err = STRBUF_INIT;
	char *buf = malloc(size + 1), *line, *nl;
	double N[256], X[256];
	size_t n = 0;
	bool first = true;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	for (line = buf; line < buf + size; line = nl + 1) {
		double x, y, r;
		enum usl_line k;

		nl = memchr(line, '\n', (size_t)(buf + size - line));
		if (!nl)
			nl = buf + size;
		*nl = '\0';
		k = usl_parse_line(line, (size_t)(nl - line), first, &x, &y, &r, &err);
		strbuf_reset(&err);
		if (k == USL_HEADER)
			first = false;
		if (k == USL_POINT && n < 256) {
			first = false;
			N[n] = x;
			X[n] = y;
			n++;
		}
	}
	if (n) {
		struct usl_fit fit;

		if (usl_fit(N, X, n, &fit, &err) == 0) {
			(void)usl_throughput(&fit, 10);
			(void)usl_peak(&fit);
			(void)usl_max_concurrency(&fit, 0.1);
		}
	}
	strbuf_release(&err);
	free(buf);
	return 0;
}
