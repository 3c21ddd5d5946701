// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * perf-PID.map parsing. The file is written by the sampled program, so its
 * content is untrusted: any byte sequence must parse without harm.
 */
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "jitmap.h"

static int parse_hex(const char **p, const char *end, uint64_t *v)
{
	const char *s = *p;
	uint64_t x = 0;
	int digits = 0;

	if (end - s >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (; s < end; s++, digits++) {
		int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			break;
		if (digits >= 16)
			return -1;
		x = x << 4 | (uint64_t)d;
	}
	if (!digits)
		return -1;
	*p = s;
	*v = x;
	return 0;
}

static int sym_cmp(const void *a, const void *b)
{
	const struct jit_sym *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

size_t jitmap_parse(const char *buf, size_t len, struct jit_sym **syms, size_t *n,
		    size_t *alloc, size_t *first_bad)
{
	const char *p = buf, *end = buf + len;
	size_t bad = 0, line = 0;

	*first_bad = 0;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *q = p, *name, *name_end;
		uint64_t start, size;

		if (!eol)
			eol = end;
		line++;
		name_end = eol;
		if (name_end > p && name_end[-1] == '\r')
			name_end--;
		if (eol == p) {
			p = eol + 1;
			continue;
		}
		if (parse_hex(&q, eol, &start) || q >= eol || *q != ' ' ||
		    (q++, parse_hex(&q, eol, &size)) || q >= eol || *q != ' ' ||
		    start + size < start || !size) {
			if (!bad++)
				*first_bad = line;
			p = eol + 1;
			continue;
		}
		name = q + 1;
		/* A NUL inside a name would cut it short in a frame: refuse it. */
		if (name >= name_end || memchr(name, '\0', (size_t)(name_end - name))) {
			if (!bad++)
				*first_bad = line;
			p = eol + 1;
			continue;
		}
		ALLOC_GROW(*syms, *n + 1, *alloc);
		(*syms)[*n].start = start;
		(*syms)[*n].end = start + size;
		(*syms)[*n].name = xstrndup(name, (size_t)(name_end - name));
		/* ';' separates frames in folded stacks. */
		for (char *c = (*syms)[*n].name; *c; c++)
			if (*c == ';')
				*c = ':';
		(*n)++;
		p = eol + 1;
	}
	if (*n)
		qsort(*syms, *n, sizeof(**syms), sym_cmp);
	return bad;
}

void jitmap_free(struct jit_sym *syms, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(syms[i].name);
	free(syms);
}
