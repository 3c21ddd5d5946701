/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hr-latency --by: one accumulator per value of a field (a JMeter label, an
 * endpoint), looked up by that value once per line.
 */
#ifndef HR_LATENCY_GROUPS_H
#define HR_LATENCY_GROUPS_H

#include <stdbool.h>
#include <stddef.h>

#include "acc.h"

struct group {
	char *name;
	struct acc a;
};

struct groups {
	bool use_hdr;		/* how each new accumulator is set up */
	double apdex_t;
	struct group *g;	/* in order of appearance */
	size_t n, alloc;
	size_t *slot;		/* index + 1, 0: empty */
	size_t nslot;		/* a power of two */
};

/* No groups yet; their accumulators will be set up as acc_init() says. */
void groups_init(struct groups *gs, bool use_hdr, double apdex_t);
void groups_release(struct groups *gs);
/* The accumulator of the group named name[0..len), new and empty the first time. */
struct acc *groups_acc(struct groups *gs, const char *name, size_t len);
static inline size_t groups_count(const struct groups *gs) { return gs->n; }
/* Sorts the groups by name, in byte order; call when no more are added. */
void groups_sort(struct groups *gs);

#endif
