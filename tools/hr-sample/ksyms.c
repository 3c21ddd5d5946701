// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Kernel symbols from /proc/kallsyms: the text symbols sorted by address, so
 * that a kernel callchain entry is one binary search. Addresses read as zero
 * (kptr_restrict for an unprivileged reader) leave the table empty, and the
 * frames fall back to [kernel].
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/linereader.h"
#include "sample.h"

struct ksym {
	uint64_t addr;
	const char *name;
};

struct ksyms {
	struct ksym *syms;
	size_t nr, alloc;
	char *names;		/* all names, NUL-separated */
	size_t names_len, names_alloc;
};

static int ksym_cmp(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

struct ksyms *ksyms_load(const char *path)
{
	struct ksyms *k = xcalloc(1, sizeof(*k));
	FILE *f = fopen(path, "r");
	char line[1024], *buf;
	size_t i;

	if (!f)
		return k;
	/* /proc files say their block is 1 KiB: that would be thousands of reads. */
	buf = xmalloc(1 << 16);
	setvbuf(f, buf, _IOFBF, 1 << 16);
	while (fgets(line, sizeof(line), f)) {
		uint64_t addr;
		char type, name[512];
		size_t len;

		if (sscanf(line, "%" SCNx64 " %c %511s", &addr, &type, name) != 3)
			continue;
		if (!addr || !strchr("tTwW", type))
			continue;
		len = strlen(name) + 1;
		ALLOC_GROW(k->names, k->names_len + len, k->names_alloc);
		memcpy(k->names + k->names_len, name, len);
		ALLOC_GROW(k->syms, k->nr + 1, k->alloc);
		k->syms[k->nr].addr = addr;
		/* an offset for now: names may still move */
		k->syms[k->nr].name = (const char *)(uintptr_t)k->names_len;
		k->names_len += len;
		k->nr++;
	}
	fclose(f);
	free(buf);
	for (i = 0; i < k->nr; i++)
		k->syms[i].name = k->names + (uintptr_t)k->syms[i].name;
	if (k->nr)
		qsort(k->syms, k->nr, sizeof(*k->syms), ksym_cmp);
	return k;
}

void ksyms_free(struct ksyms *k)
{
	if (!k)
		return;
	FREE_ALL(k->syms, k->names, k);
}

size_t addr_upper_bound(const void *table, size_t n, size_t size, size_t off, uint64_t addr)
{
	const unsigned char *t = table;
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		uint64_t a;

		memcpy(&a, t + mid * size + off, sizeof(a));
		if (a <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const char *ksyms_lookup(const struct ksyms *k, uint64_t addr, uint64_t *off)
{
	size_t lo = addr_upper_bound(k->syms, k->nr, sizeof(*k->syms),
				     offsetof(struct ksym, addr), addr);

	if (!lo)
		return NULL;
	*off = addr - k->syms[lo - 1].addr;
	/* Past the last text symbol by more than a megabyte: not kernel text. */
	if (lo == k->nr && *off > (1u << 20))
		return NULL;
	return k->syms[lo - 1].name;
}
