/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Series TSV (doc/DESIGN.md): "TIMESTAMP<TAB>VALUE" or "TIMESTAMP<TAB>SERIES<TAB>VALUE".
 * Lines starting with '#' are comments; "# series: NAME" names the series of a
 * two-column stream. Timestamps are Unix seconds or RFC 3339. Fields may also be
 * separated by runs of blanks when the line has no tab.
 */
#ifndef HEADROOM_SERIES_H
#define HEADROOM_SERIES_H

#include <stdbool.h>
#include <stdio.h>

#include "headroom/linereader.h"
#include "headroom/strbuf.h"

struct series_point {
	double ts;
	const char *series;	/* the series name; "" when unnamed. Borrowed until the next call */
	double value;
};

struct series_reader {
	struct linereader lr;
	struct strbuf name;	/* from "# series:" */
	struct strbuf err;	/* the last error, "FILE:LINE: message" */
	const char *display;	/* file name for messages */
};

/* Opens path ("-" or NULL: stdin). Returns 0, or -1 with errno set. */
int series_reader_open(struct series_reader *r, const char *path);
/*
 * Reads the next point: returns 1 with *p filled, 0 at end of input, -1 on a
 * malformed line or read error with r->err.buf saying "FILE:LINE: what was
 * expected, got 'text'".
 */
int series_reader_next(struct series_reader *r, struct series_point *p);
void series_reader_close(struct series_reader *r);

/*
 * Appends one output line: "TS\tVALUE\n" when series is NULL, else
 * "TS\tSERIES\tVALUE\n"; the timestamp in Unix seconds, or RFC 3339 when iso.
 */
void series_format(struct strbuf *out, double ts, const char *series, double value, bool iso);

#endif
