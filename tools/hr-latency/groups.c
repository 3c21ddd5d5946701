// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The groups of hr-latency --by: names interned in a stackmap, whose first
 * count holds the index of the group's accumulator (exact in a double).
 */
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "groups.h"

void groups_init(struct groups *gs, bool use_hdr, double apdex_t)
{
	memset(gs, 0, sizeof(*gs));
	stackmap_init(&gs->names);
	gs->use_hdr = use_hdr;
	gs->apdex_t = apdex_t;
}

void groups_release(struct groups *gs)
{
	size_t i;

	for (i = 0; i < groups_count(gs); i++)
		acc_release(&gs->accs[i]);
	free(gs->accs);
	stackmap_release(&gs->names);
	memset(gs, 0, sizeof(*gs));
}

struct acc *groups_acc(struct groups *gs, const char *name, size_t len)
{
	size_t n = groups_count(gs);
	struct stackmap_entry *e = stackmap_add(&gs->names, name, len, 0, 0);

	if (groups_count(gs) == n)
		return &gs->accs[(size_t)e->count[0]];
	e->count[0] = (double)n;
	ALLOC_GROW(gs->accs, n + 1, gs->alloc);
	acc_init(&gs->accs[n], gs->use_hdr, gs->apdex_t);
	return &gs->accs[n];
}

struct group *groups_sorted(const struct groups *gs)
{
	size_t i, n = groups_count(gs);
	struct stackmap_entry **e = stackmap_sorted(&gs->names);
	struct group *g = xcalloc(n ? n : 1, sizeof(*g));

	for (i = 0; i < n; i++) {
		g[i].name = e[i]->key;
		g[i].len = e[i]->len;
		g[i].acc = &gs->accs[(size_t)e[i]->count[0]];
	}
	free(e);
	return g;
}
