// SPDX-License-Identifier: GPL-3.0-or-later
/* Fuzzes hr-sample's perf-PID.map parser: any bytes, no crash, sane output. */
#include <stdlib.h>
#include <string.h>

#include "../../tools/hr-sample/jitmap.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct jit_sym *syms = NULL;
	size_t n = 0, alloc = 0, first_bad, i;

	jitmap_parse((const char *)data, size, &syms, &n, &alloc, &first_bad);
	for (i = 0; i < n; i++) {
		if (syms[i].end <= syms[i].start || !syms[i].name[0] || strchr(syms[i].name, ';') ||
		    strchr(syms[i].name, '\n') || (i && syms[i - 1].start > syms[i].start))
			abort();
	}
	jitmap_free(syms, n);
	return 0;
}
