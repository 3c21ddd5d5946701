// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Fuzzes hr-sample's decoders of CPython's line tables, which it reads out
 * of another process's memory: any bytes, no crash, no read past the table.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../tools/hr-sample/python.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static const enum py_linetable kinds[] = { PY_LNOTAB, PY_LINETABLE_310, PY_LOCATIONS };
	unsigned char *table;
	int16_t lasti;
	int first;

	if (size < 4)
		return 0;
	memcpy(&lasti, data + 1, 2);
	first = data[3];
	/* A copy of just the table's size, so that ASan sees any overread. */
	table = malloc(size - 4 ? size - 4 : 1);
	memcpy(table, data + 4, size - 4);
	py_line_of(kinds[data[0] % 3], table, size - 4, first, lasti);
	free(table);
	return 0;
}
