// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Checks hr-sample's line-table decoders against CPython's own lines:
 * reads py-lines.py's output on standard input, and prints the number of
 * code objects, code units and mismatches. Usage: pylines-check 3.MINOR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "python.h"

static size_t unhex(const char *hex, unsigned char *out)
{
	size_t i, n = strcmp(hex, "-") ? strlen(hex) / 2 : 0;

	for (i = 0; i < n; i++)
		sscanf(hex + 2 * i, "%2hhx", &out[i]);
	return n;
}

int main(int argc, char **argv)
{
	static char line[1 << 22];
	static unsigned char table[1 << 21];
	long codes = 0, units = 0, bad = 0;
	enum py_linetable_kind kind;
	int major, minor;

	if (argc != 2 || sscanf(argv[1], "%d.%d", &major, &minor) != 2) {
		fputs("usage: pylines-check 3.MINOR <py-lines.py's output\n", stderr);
		return 2;
	}
	kind = minor <= 9 ? PY_LNOTAB : minor == 10 ? PY_LINETABLE310 : PY_LOCATIONS;
	while (fgets(line, sizeof(line), stdin)) {
		char *first = strtok(line, " "), *hex = strtok(NULL, " "), *refs = strtok(NULL, " \n");
		char *p, *save = NULL;
		size_t n;
		int off = 0;

		if (!first || !hex || !refs || strlen(hex) / 2 > sizeof(table))
			continue;
		n = unhex(hex, table);
		for (p = strtok_r(refs, ",", &save); p && strcmp(p, "-");
		     p = strtok_r(NULL, ",", &save), off += 2) {
			units++;
			if (py_addr2line(kind, table, n, atoi(first), off) != atoi(p))
				bad++;
		}
		codes++;
	}
	printf("%ld code objects, %ld code units, %ld mismatches\n", codes, units, bad);
	return bad != 0;
}
