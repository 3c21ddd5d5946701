// SPDX-License-Identifier: GPL-3.0-or-later
/* Parsing and printing folded stacks, the format shared by every profiling tool. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/error.h"
#include "headroom/folded.h"
#include "headroom/linereader.h"
#include "headroom/strbuf.h"

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Parses the number ending at s[end) backwards; returns its start or -1. */
static ptrdiff_t number_before(const char *s, size_t end, double *v)
{
	size_t i = end, digits = 0, dots = 0;
	char tmp[64];

	while (i > 0 && ((s[i - 1] >= '0' && s[i - 1] <= '9') || s[i - 1] == '.')) {
		if (s[i - 1] == '.')
			dots++;
		else
			digits++;
		i--;
	}
	if (!digits || dots > 1 || s[i] == '.' || end - i >= sizeof(tmp))
		return -1;
	memcpy(tmp, s + i, end - i);
	tmp[end - i] = '\0';
	*v = strtod(tmp, NULL);
	return (ptrdiff_t)i;
}

int folded_parse(const char *line, size_t len, struct folded_line *out)
{
	ptrdiff_t start;
	size_t end = len;
	double v;

	while (end > 0 && is_blank(line[end - 1]))
		end--;
	start = number_before(line, end, &v);
	if (start <= 0 || !is_blank(line[start - 1]))
		return -1;
	out->count[0] = v;
	out->count[1] = 0;
	out->ncounts = 1;
	end = (size_t)start;
	while (end > 0 && is_blank(line[end - 1]))
		end--;
	/* A second number before the first makes a differential line. */
	start = number_before(line, end, &v);
	if (start > 0 && is_blank(line[start - 1])) {
		out->count[1] = out->count[0];
		out->count[0] = v;
		out->ncounts = 2;
		end = (size_t)start;
		while (end > 0 && is_blank(line[end - 1]))
			end--;
	}
	if (end == 0)
		return -1;
	out->stack = line;
	out->stack_len = end;
	return 0;
}

int folded_read(const char *path, struct stackmap *map, size_t *invalid, int *ncounts)
{
	struct linereader lr;
	const char *name = path && strcmp(path, "-") ? path : "-";
	size_t bad = 0;
	char *line;
	ssize_t len;

	if (linereader_open(&lr, path) < 0)
		return error_errno("cannot open '%s'", name);
	while ((len = linereader_next(&lr, &line)) >= 0) {
		struct folded_line fl;

		if (len == 0)
			continue;
		if (folded_parse(line, (size_t)len, &fl) < 0) {
			if (bad++ < 3)
				warning("%s:%llu: not a folded stack ('STACK COUNT'): '%.60s'",
					name, (unsigned long long)lr.lineno, line);
			continue;
		}
		if (fl.ncounts == 2 && ncounts)
			*ncounts = 2;
		stackmap_add(map, fl.stack, fl.stack_len, fl.count[0], fl.count[1]);
	}
	if (lr.error) {
		errno = lr.err;
		error_errno("cannot read '%s'", name);
		linereader_close(&lr);
		return -1;
	}
	linereader_close(&lr);
	if (invalid)
		*invalid += bad;
	return 0;
}

void folded_print(FILE *out, const char *stack, size_t len, const double *count, int ncounts)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_add(&sb, stack, len);
	strbuf_addch(&sb, ' ');
	strbuf_add_num(&sb, count[0]);
	if (ncounts > 1) {
		strbuf_addch(&sb, ' ');
		strbuf_add_num(&sb, count[1]);
	}
	strbuf_addch(&sb, '\n');
	strbuf_write(&sb, out);
	strbuf_release(&sb);
}
