// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * CPython's line-number tables, decoded as the interpreter does it
 * (PyCode_Addr2Line of each version): 3.9's co_lnotab, 3.10's co_linetable
 * and the location table of 3.11 and later (Objects/locations.md).
 */
#include "python.h"

/* 3.9: (address increment, signed line increment) pairs; addresses in bytes. */
static int lnotab_line(const unsigned char *t, size_t len, int line, int64_t addrq)
{
	int64_t addr = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2) {
		addr += t[i];
		if (addr > addrq)
			break;
		line += (signed char)t[i + 1];
	}
	return line;
}

/*
 * 3.10: (byte length, signed line delta) pairs, -128 for "no line"; each
 * pair covers the bytes that follow the previous pair's.
 */
static int linetable310_line(const unsigned char *t, size_t len, int line, int64_t addrq)
{
	int64_t start, end = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2) {
		signed char ldelta = (signed char)t[i + 1];

		start = end;
		end += t[i];
		if (ldelta != -128)
			line += ldelta;
		if (addrq >= start && addrq < end)
			return ldelta == -128 ? -1 : line;
	}
	return -1;
}

/* A location table's varint: 6-bit chunks, least significant first, 0x40 says more. */
static uint64_t read_varint(const unsigned char *t, size_t len, size_t *i)
{
	uint64_t v = 0;
	unsigned shift = 0;

	while (*i < len && shift < 64) {
		unsigned char b = t[(*i)++];

		v |= (uint64_t)(b & 0x3f) << shift;
		shift += 6;
		if (!(b & 0x40))
			break;
	}
	return v;
}

/*
 * 3.11+: entries of a first byte 1CCCCLLL (code C, L+1 code units) and
 * the varints C asks for. 15: no location; 14 and 13: the line delta as a
 * signed varint (14 adds end line and columns); 10-12: line delta C - 10;
 * 0-9: the same line.
 */
static int locations_line(const unsigned char *t, size_t len, int line, int64_t unit)
{
	int64_t start, end = 0;
	size_t i = 0;

	while (i < len) {
		unsigned char first = t[i++];
		unsigned code = (first >> 3) & 15;

		if (!(first & 0x80))
			return -1;	/* lost in the table */
		start = end;
		end += (first & 7) + 1;
		if (code == 14 || code == 13) {
			uint64_t v = read_varint(t, len, &i);

			line += (v & 1) ? -(int)(v >> 1) : (int)(v >> 1);
		} else if (code >= 10 && code <= 12) {
			line += (int)code - 10;
		}
		/* the rest of the entry: columns, end line */
		while (i < len && !(t[i] & 0x80))
			i++;
		if (unit >= start && unit < end)
			return code == 15 ? -1 : line;
	}
	return -1;
}

int py_line_of(enum py_linetable kind, const unsigned char *table, size_t len,
	       int firstlineno, int64_t lasti)
{
	if (lasti < 0)
		return firstlineno;
	switch (kind) {
	case PY_LNOTAB:
		return lnotab_line(table, len, firstlineno, lasti);
	case PY_LINETABLE_310:
		return linetable310_line(table, len, firstlineno, lasti * 2);
	case PY_LOCATIONS:
		return locations_line(table, len, firstlineno, lasti);
	}
	return -1;
}
