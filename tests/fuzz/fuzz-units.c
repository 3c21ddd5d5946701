// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * libFuzzer target for the unit parsers: any string is accepted whole or
 * refused, never read past its end; whatever is accepted formats and, for
 * timestamps in the calendar, parses back to the same second.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/units.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = xstrndup((const char *)data, size);
	char buf[64];
	double v;

	if (parse_number(s, &v) == 0 && !isfinite(v))
		abort();
	if (parse_duration(s, &v) == 0) {
		if (!isfinite(v) || v < 0 || signbit(v))
			abort();
		format_duration(buf, sizeof(buf), v);
		format_duration(buf, 3, v);
	}
	if (parse_size(s, &v) == 0) {
		if (!isfinite(v) || v < 0)
			abort();
		format_size(buf, sizeof(buf), v);
	}
	if (parse_percent(s, &v) == 0 && !isfinite(v))
		abort();
	if (parse_timestamp(s, &v) == 0) {
		double back;

		if (!isfinite(v))
			abort();
		format_timestamp_iso(buf, sizeof(buf), v);
		/* Within years 1..9999 the ISO form parses back to the same millisecond. */
		if (v > -62135596800.0 && v < 253402300800.0) {
			if (parse_timestamp(buf, &back) != 0)
				abort();
			if (fabs(back - round(v * 1000) / 1000) > 1e-3)
				abort();
		}
		format_timestamp_iso(buf, 8, v);
	}
	free(s);
	return 0;
}
