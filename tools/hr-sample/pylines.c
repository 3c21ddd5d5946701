// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * CPython's line tables: from a byte offset in a code object's bytecode to
 * its line, as PyCode_Addr2Line() does in each version.
 */
#include "python.h"

/* 3.9 co_lnotab: pairs (address delta, signed line delta). */
/* A line as an int, -1 when the table makes it impossible. */
static int clamp(int64_t line)
{
	return line < 0 || line > INT32_MAX ? -1 : (int)line;
}

static int lnotab(const unsigned char *p, size_t n, int64_t line, int q)
{
	int addr = 0;
	size_t i;

	for (i = 0; i + 1 < n; i += 2) {
		addr += p[i];
		if (addr > q)
			break;
		line += (signed char)p[i + 1];
	}
	return clamp(line);
}

/*
 * 3.10 co_linetable: pairs (address delta, line delta), each pair a range
 * [start, end); a line delta of -128 is a range without a line
 * (Objects/codeobject.c, PyLineTable_NextAddressRange).
 */
static int linetable310(const unsigned char *p, size_t n, int64_t line, int q)
{
	int start, end = 0;
	int64_t range_line;
	size_t i;

	for (i = 0; i + 1 < n; i += 2) {
		start = end;
		end += p[i];
		if ((signed char)p[i + 1] == -128) {
			range_line = -1;
		} else {
			line += (signed char)p[i + 1];
			range_line = line;
		}
		if (start <= q && q < end)
			return range_line < 0 ? -1 : clamp(range_line);
	}
	return -1;
}

/* Objects/locations.md: 6-bit groups, bit 6 says another follows. */
static unsigned varint(const unsigned char *p, size_t n, size_t *i)
{
	unsigned v, shift = 0, b;

	if (*i >= n)
		return 0;
	b = p[(*i)++];
	v = b & 63;
	while ((b & 64) && *i < n && shift < 24) {
		b = p[(*i)++];
		shift += 6;
		v |= (b & 63) << shift;
	}
	return v;
}

static int svarint(const unsigned char *p, size_t n, size_t *i)
{
	unsigned v = varint(p, n, i);

	return (v & 1) ? -(int)(v >> 1) : (int)(v >> 1);
}

/*
 * 3.11+ location table: entries of (b & 7) + 1 code units whose first byte
 * has bit 7 set; code (b >> 3) & 15 says how the line moves: 0-9 short
 * form (same line, one more byte), 10-12 one-line form (code - 10, two more
 * bytes), 13 no column (svarint), 14 long form (svarint and three varints),
 * 15 no location.
 */
static int locations(const unsigned char *p, size_t n, int64_t line, int q)
{
	int start, end = 0;
	size_t i = 0;

	while (i < n) {
		unsigned b = p[i++];
		int code = (b >> 3) & 15;

		start = end;
		end += (int)((b & 7) + 1) * 2;
		switch (code) {
		case 15:
			break;
		case 14:
			line += svarint(p, n, &i);
			varint(p, n, &i);
			varint(p, n, &i);
			varint(p, n, &i);
			break;
		case 13:
			line += svarint(p, n, &i);
			break;
		case 12:
		case 11:
		case 10:
			line += code - 10;
			i += 2;
			break;
		default:
			i += 1;
			break;
		}
		if (start <= q && q < end)
			return code == 15 ? -1 : clamp(line);
	}
	return -1;
}

int py_addr2line(enum py_linetable_kind kind, const unsigned char *tab, size_t len,
		 int firstlineno, int addr)
{
	if (addr < 0)
		return firstlineno;
	switch (kind) {
	case PY_LNOTAB:
		return lnotab(tab, len, firstlineno, addr);
	case PY_LINETABLE310:
		return linetable310(tab, len, firstlineno, addr);
	case PY_LOCATIONS:
		return locations(tab, len, firstlineno, addr);
	}
	return -1;
}
