// SPDX-License-Identifier: GPL-3.0-or-later
/* hr-diff's reading of a profile line and its hex stripping, as difffolded.pl does them. */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "diff.h"

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * A profile line is "STACK COUNT": the count is the last blank-separated field
 * (digits with at most one '.', not leading), as difffolded.pl's
 * /^(.*)\s+?(\d+(?:\.\d*)?)$/ takes it. Everything before it is the stack, so
 * a line of a differential profile keeps its first count in the stack, as the
 * Perl script does. Returns the stack length, or -1 for an invalid line.
 */
ssize_t diff_parse_line(const char *line, size_t len, double *count)
{
	size_t end = len, i, digits = 0, dots = 0;

	while (end > 0 && is_blank(line[end - 1]))
		end--;
	i = end;
	while (i > 0 && ((line[i - 1] >= '0' && line[i - 1] <= '9') || line[i - 1] == '.')) {
		if (line[--i] == '.')
			dots++;
		else
			digits++;
	}
	if (!digits || dots > 1 || line[i] == '.' || i == 0 || !is_blank(line[i - 1]))
		return -1;
	{
		/* A copy: line need not be NUL-terminated, and strtod reads on. */
		char tmp[64], *num = end - i < sizeof(tmp) ? tmp : xmalloc(end - i + 1);

		memcpy(num, line + i, end - i);
		num[end - i] = '\0';
		*count = strtod(num, NULL);
		if (num != tmp)
			free(num);
	}
	if (!isfinite(*count))
		return -1;
	while (i > 0 && is_blank(line[i - 1]))
		i--;
	return i ? (ssize_t)i : -1;
}

/* s/0x[0-9a-fA-F]+/0x.../g into sb. */
void diff_strip_hex(struct strbuf *sb, const char *s, size_t len)
{
	size_t i = 0;

	strbuf_reset(sb);
	while (i < len) {
		const char *p = memmem(s + i, len - i, "0x", 2);
		size_t j;

		if (!p) {
			strbuf_add(sb, s + i, len - i);
			break;
		}
		j = (size_t)(p - s) + 2;
		strbuf_add(sb, s + i, j - i);
		if (j < len && strchr("0123456789abcdefABCDEF", s[j]) && s[j]) {
			while (j < len && s[j] && strchr("0123456789abcdefABCDEF", s[j]))
				j++;
			strbuf_addstr(sb, "...");
		}
		i = j;
	}
}
