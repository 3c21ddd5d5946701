// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * libFuzzer target for folded stacks: folded_parse on every line of the input
 * (with the parse's invariants checked), the stack table, sorted output, and
 * folded_read over the same bytes as a file.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "headroom/alloc.h"
#include "headroom/folded.h"
#include "headroom/stackmap.h"
#include "memfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stackmap m, m2;
	struct stackmap_entry **v;
	const char *p = (const char *)data, *end = p + size;
	size_t invalid = 0, i;
	int nc = 1, fd;
	char path[FUZZ_PATH_MAX];
	FILE *null = fopen("/dev/null", "w");

	stackmap_init(&m);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		/* An exact-size copy, so that ASan sees any read past the line. */
		char *line = xmemdup(p, len);
		struct folded_line fl;

		if (folded_parse(line, len, &fl) == 0) {
			if (fl.stack != line || fl.stack_len == 0 || fl.stack_len > len ||
			    fl.ncounts < 1 || fl.ncounts > 2 || !(fl.count[0] >= 0) ||
			    !(fl.count[1] >= 0) || !isfinite(fl.count[0]) || !isfinite(fl.count[1]))
				abort();
			stackmap_add(&m, fl.stack, fl.stack_len, fl.count[0], fl.count[1]);
			folded_print(null, fl.stack, fl.stack_len, fl.count, fl.ncounts);
		}
		free(line);
		p += len + 1;
	}
	v = stackmap_sorted(&m);
	for (i = 1; i < stackmap_size(&m); i++)
		if (v[i - 1] == v[i])
			abort();
	free(v);
	stackmap_write(&m, null, 2);

	/* The same bytes through folded_read. */
	fd = fuzz_memfile(data, size, path);
	if (fd >= 0) {
		stackmap_init(&m2);
		folded_read(path, &m2, &invalid, &nc);
		if (stackmap_size(&m2) > stackmap_size(&m) + 1)
			abort();
		stackmap_release(&m2);
		close(fd);
	}
	stackmap_release(&m);
	fclose(null);
	return 0;
}
