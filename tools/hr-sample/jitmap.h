/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The /tmp/perf-PID.map format that JIT compilers write for profilers. */
#ifndef HR_SAMPLE_JITMAP_H
#define HR_SAMPLE_JITMAP_H

#include <stddef.h>
#include <stdint.h>

struct jit_sym {
	uint64_t start, end;
	char *name;
};

/*
 * Parses the lines "START SIZE name" (hex, name to the end of the line) of
 * buf[0..len), appending to *syms (*n used, *alloc allocated) and sorting
 * them by start. Returns the number of lines that were not of that form;
 * *first_bad is the first one's line number (0 when none).
 */
size_t jitmap_parse(const char *buf, size_t len, struct jit_sym **syms, size_t *n,
		    size_t *alloc, size_t *first_bad);
void jitmap_free(struct jit_sym *syms, size_t n);

#endif
