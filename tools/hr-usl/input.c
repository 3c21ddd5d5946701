// SPDX-License-Identifier: GPL-3.0-or-later
/* The line parser of hr-usl: one load level per line. */
#include <math.h>
#include <string.h>

#include "headroom/linereader.h"
#include "headroom/units.h"
#include "input.h"

static enum usl_line bad_field(struct strbuf *err, const char *what, const char *field)
{
	size_t len = strlen(field);

	strbuf_addf(err, "expected %s, got '%.40s%s'", what, field, len > 40 ? "..." : "");
	return USL_BAD;
}

enum usl_line usl_parse_line(char *line, size_t len, bool first, double *N, double *X,
			     double *R, struct strbuf *err)
{
	char *f[4];
	size_t flen[4], nf, i;

	if (memchr(line, '\0', len)) {
		strbuf_addstr(err, "unexpected NUL byte (binary input?)");
		return USL_BAD;
	}
	nf = split_fields(line, " \t,", f, flen, 4);
	for (i = 0; i < nf; i++)
		f[i][flen[i]] = '\0';
	if (!nf || f[0][0] == '#')
		return USL_SKIP;
	if (first && nf >= 2 && parse_number(f[0], N) < 0 && parse_number(f[1], X) < 0)
		return USL_HEADER;	/* "load,throughput" */
	if (nf < 2) {
		strbuf_addstr(err, "expected 'CONCURRENCY THROUGHPUT', got one field");
		return USL_BAD;
	}
	if (nf > 3) {
		strbuf_addstr(err, "expected at most 3 fields (concurrency, throughput, latency)");
		return USL_BAD;
	}
	if (parse_number(f[0], N) < 0 || *N <= 0)
		return bad_field(err, "a concurrency above 0", f[0]);
	if (parse_number(f[1], X) < 0 || *X < 0)
		return bad_field(err, "a throughput of 0 or more", f[1]);
	*R = NAN;
	if (nf == 3 && parse_duration(f[2], R) < 0)
		return bad_field(err, "a latency (0.25, 250ms)", f[2]);
	return USL_POINT;
}
