/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hr-diff's hex stripping and its output, apart from main() so that a fuzz
 * target can reach them.
 */
#ifndef HR_DIFF_DIFF_H
#define HR_DIFF_DIFF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "headroom/options.h"
#include "headroom/stackmap.h"
#include "headroom/strbuf.h"

/* Resets sb to s[0..len) with every 0x[0-9a-fA-F]+ replaced by "0x...". */
void diff_strip_hex(struct strbuf *sb, const char *s, size_t len);

/* One of the two profiles, for the output's summary. */
struct diff_input {
	const char *name;	/* the file as given, "-" for standard input */
	double total;
	uint64_t stacks;
};

/* The folded output, hr-diff's own format beside the tables'. */
enum { DIFF_FOLDED = -1 };

struct diff_output {
	int format;			/* DIFF_FOLDED or an enum output_format */
	size_t rows;			/* at most this many stacks (0: all) */
	const char *countname;		/* NULL: samples */
	int width;			/* the table's stacks shortened to this (0: never) */
};

/*
 * Writes map (count[0] before, count[1] after): folded lines sorted by stack,
 * or a table, TSV, CSV or JSON of the stacks that changed most first. Returns
 * 0, or -1 on a write error.
 */
int diff_write(const struct stackmap *map, const struct diff_input in[2], FILE *out,
	       const struct diff_output *o);

#endif
