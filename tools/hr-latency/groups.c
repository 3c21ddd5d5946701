// SPDX-License-Identifier: GPL-3.0-or-later
/* The groups of hr-latency --by, in order of appearance behind an open-addressing hash. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "groups.h"

void groups_init(struct groups *gs, bool use_hdr, double apdex_t)
{
	memset(gs, 0, sizeof(*gs));
	gs->use_hdr = use_hdr;
	gs->apdex_t = apdex_t;
}

void groups_release(struct groups *gs)
{
	size_t i;

	for (i = 0; i < gs->n; i++) {
		free(gs->g[i].name);
		acc_release(&gs->g[i].a);
	}
	free(gs->g);
	free(gs->slot);
	memset(gs, 0, sizeof(*gs));
}

static uint64_t hash_str(const char *s, size_t len)
{
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

struct acc *groups_acc(struct groups *gs, const char *name, size_t len)
{
	size_t i, mask;
	struct group *g;

	if (gs->n * 2 >= gs->nslot) {
		size_t nslot = gs->nslot ? gs->nslot * 2 : 64, j;

		free(gs->slot);
		gs->slot = xcalloc(nslot, sizeof(*gs->slot));
		gs->nslot = nslot;
		for (j = 0; j < gs->n; j++) {
			i = hash_str(gs->g[j].name, strlen(gs->g[j].name)) & (nslot - 1);
			while (gs->slot[i])
				i = (i + 1) & (nslot - 1);
			gs->slot[i] = j + 1;
		}
	}
	mask = gs->nslot - 1;
	for (i = hash_str(name, len) & mask; gs->slot[i]; i = (i + 1) & mask) {
		g = &gs->g[gs->slot[i] - 1];
		if (!strncmp(g->name, name, len) && !g->name[len])
			return &g->a;
	}
	ALLOC_GROW(gs->g, gs->n + 1, gs->alloc);
	g = &gs->g[gs->n];
	g->name = xstrndup(name, len);
	acc_init(&g->a, gs->use_hdr, gs->apdex_t);
	gs->slot[i] = ++gs->n;
	return &g->a;
}

static int cmp_group(const void *x, const void *y)
{
	return strcmp(((const struct group *)x)->name, ((const struct group *)y)->name);
}

void groups_sort(struct groups *gs)
{
	qsort(gs->g, gs->n, sizeof(*gs->g), cmp_group);
	/* The slots index the old order. */
	free(gs->slot);
	gs->slot = NULL;
	gs->nslot = 0;
}
