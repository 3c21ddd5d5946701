// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Sorts non-negative doubles: their IEEE bit patterns order like the numbers,
 * so an LSD radix sort on 11-bit digits (skipping digits every key shares)
 * beats qsort() several times on millions of values.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/stats.h"
#include "sort.h"

void sort_latencies(double *v, size_t n)
{
	enum { BITS = 11, RADIX = 1 << BITS, PASSES = 6 };
	uint64_t *a = (uint64_t *)v, *b, *src, *dst;
	size_t (*count)[RADIX], i;
	int pass;

	if (n < 2048) {
		sort_doubles(v, n);
		return;
	}
	count = xcalloc(PASSES, sizeof(*count));
	for (i = 0; i < n; i++) {
		uint64_t k = a[i];

		for (pass = 0; pass < PASSES; pass++)
			count[pass][(k >> (pass * BITS)) & (RADIX - 1)]++;
	}
	b = xmalloc(n * sizeof(*b));
	src = a;
	dst = b;
	for (pass = 0; pass < PASSES; pass++) {
		size_t *c = count[pass], sum = 0, d;
		int shift = pass * BITS;

		if (c[(src[0] >> shift) & (RADIX - 1)] == n)
			continue;	/* every key has this digit */
		for (d = 0; d < RADIX; d++) {
			size_t t = c[d];

			c[d] = sum;
			sum += t;
		}
		for (i = 0; i < n; i++) {
			uint64_t k = src[i];

			dst[c[(k >> shift) & (RADIX - 1)]++] = k;
		}
		src = dst;
		dst = src == a ? b : a;
	}
	if (src != a)
		memcpy(a, src, n * sizeof(*a));
	free(b);
	free(count);
}
