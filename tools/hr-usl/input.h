/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hr-usl's input lines, "CONCURRENCY THROUGHPUT [LATENCY]" separated by blanks
 * or commas; apart from main.c so that a fuzz target can drive it.
 */
#ifndef HR_USL_INPUT_H
#define HR_USL_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "headroom/strbuf.h"

enum usl_line {
	USL_SKIP,	/* blank or a # comment */
	USL_HEADER,	/* a header line ("users,rps"), only where first allows it */
	USL_POINT,	/* *N, *X and *R (NAN without a latency column) are set */
	USL_BAD,	/* err says what was expected, without file or line */
};

/*
 * Parses line[0..len) (NUL-terminated, writable: it is split in place).
 * first is true until a header or a point has been seen. The latency is a
 * duration in seconds.
 */
enum usl_line usl_parse_line(char *line, size_t len, bool first, double *N, double *X,
			     double *R, struct strbuf *err);

#endif
