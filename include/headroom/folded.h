/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Folded stacks (headroom-folded(5)): "root;frame;leaf COUNT" or, for
 * differential input, "root;frame;leaf COUNT1 COUNT2". The count is the last
 * space-separated field, so frames may contain spaces.
 */
#ifndef HEADROOM_FOLDED_H
#define HEADROOM_FOLDED_H

#include <stddef.h>
#include <stdio.h>

#include "headroom/stackmap.h"

struct folded_line {
	const char *stack;	/* points into the parsed line; not NUL-terminated */
	size_t stack_len;
	double count[2];
	int ncounts;		/* 1 or 2 */
};

/*
 * Parses one line (without its newline). Trailing blanks are ignored. A count
 * is a non-negative decimal number ("57", "2.5"). Returns 0, or -1 when the
 * line has no stack or no count (the caller counts or reports it).
 */
int folded_parse(const char *line, size_t len, struct folded_line *out);

/*
 * Reads folded lines from path ("-" or NULL: stdin) into map, adding counts.
 * Blank lines are skipped; invalid lines are counted in *invalid (which may be
 * NULL) and the first few are reported with warning() naming file and line.
 * Sets *ncounts (may be NULL) to 2 when any line had two counts. Returns 0, or
 * -1 after error() when the file cannot be read.
 */
int folded_read(const char *path, struct stackmap *map, size_t *invalid, int *ncounts);

/* Writes "stack count" or "stack count1 count2" followed by a newline. */
void folded_print(FILE *out, const char *stack, size_t len, const double *count, int ncounts);

#endif
