// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Checks hr-sample's decoding of CPython's line tables (pylines.c) against
 * what the interpreter itself says, as tests/data/pylines-dump.py prints it:
 *   code KIND FIRSTLINENO HEXTABLE   (KIND: lnotab, linetable310, locations)
 *   at LASTI LINE                    (LINE -1: no line)
 * Prints each disagreement and "N checked, M wrong"; exits 1 when M > 0.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "python.h"

static size_t unhex(const char *s, unsigned char *out, size_t max)
{
	size_t n = 0;
	unsigned v;

	while (n < max && sscanf(s + 2 * n, "%2x", &v) == 1)
		out[n++] = (unsigned char)v;
	return n;
}

int main(void)
{
	static char line[1 << 20];
	static unsigned char table[1 << 19];
	char kind[32], hex[sizeof(line)];
	enum py_linetable k = PY_LOCATIONS;
	size_t len = 0;
	long checked = 0, wrong = 0;
	int first = 0;

	while (fgets(line, sizeof(line), stdin)) {
		long long lasti;
		int want, got;

		int got_code = sscanf(line, "code %31s %d %s", kind, &first, hex);

		if (got_code >= 2) {
			if (got_code == 2)
				hex[0] = '\0';	/* an empty table */
			k = !strcmp(kind, "lnotab") ? PY_LNOTAB :
			    !strcmp(kind, "linetable310") ? PY_LINETABLE_310 : PY_LOCATIONS;
			len = unhex(hex, table, sizeof(table));
		} else if (sscanf(line, "at %lld %d", &lasti, &want) == 2) {
			got = py_line_of(k, table, len, first, lasti);
			checked++;
			if (got != want && wrong++ < 20)
				printf("%s first %d at %lld: want %d, got %d\n", kind, first, lasti,
				       want, got);
		}
	}
	printf("%ld checked, %ld wrong\n", checked, wrong);
	return wrong > 0;
}
