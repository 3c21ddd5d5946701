/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hr-diff's line parsing, apart from main() so that a fuzz target can reach it. */
#ifndef HR_DIFF_DIFF_H
#define HR_DIFF_DIFF_H

#include <stddef.h>
#include <sys/types.h>

#include "headroom/strbuf.h"

/*
 * A profile line is "STACK COUNT": the count is the last blank-separated field
 * (digits with at most one '.', not leading), as difffolded.pl's
 * /^(.*)\s+?(\d+(?:\.\d*)?)$/ takes it. Everything before it is the stack, so
 * a line of a differential profile keeps its first count in the stack, as the
 * Perl script does. Returns the stack length (blanks before the count
 * trimmed) and sets *count, or returns -1 for an invalid line.
 */
ssize_t diff_parse_line(const char *line, size_t len, double *count);

/* Resets sb to s[0..len) with every 0x[0-9a-fA-F]+ replaced by "0x...". */
void diff_strip_hex(struct strbuf *sb, const char *s, size_t len);

#endif
