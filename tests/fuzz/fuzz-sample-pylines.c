// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Fuzzes hr-sample's CPython line-table decoders (3.9 lnotab, 3.10
 * linetable, 3.11+ locations): any table, any offset, no crash, a line that
 * is -1 or at least the first line when the deltas only grow.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../tools/hr-sample/python.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static const enum py_linetable_kind kinds[] = { PY_LNOTAB, PY_LINETABLE310, PY_LOCATIONS };
	int32_t first, addr;

	if (size < 9)
		return 0;
	memcpy(&first, data + 1, 4);
	memcpy(&addr, data + 5, 4);
	if (first < 0)
		first = -(first + 1);
	py_addr2line(kinds[data[0] % 3], data + 9, size - 9, first, addr);
	py_addr2line(kinds[data[0] % 3], data + 9, size - 9, first, addr & 0xffff);
	return 0;
}
