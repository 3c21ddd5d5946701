/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hr-latency --by: one accumulator per value of a field (a JMeter label, an
 * endpoint), looked up by that value once per line.
 */
#ifndef HR_LATENCY_GROUPS_H
#define HR_LATENCY_GROUPS_H

#include <stdbool.h>
#include <stddef.h>

#include "headroom/stackmap.h"
#include "acc.h"

struct groups {
	struct stackmap names;	/* each name's first count: its index in accs */
	struct acc *accs;	/* in order of appearance */
	size_t alloc;
	bool use_hdr;		/* how each new accumulator is set up */
	double apdex_t;
};

/* A group as groups_sorted() lists it; borrowed from the groups. */
struct group {
	const char *name;	/* NUL-terminated */
	size_t len;
	struct acc *acc;
};

/* No groups yet; their accumulators will be set up as acc_init() says. */
void groups_init(struct groups *gs, bool use_hdr, double apdex_t);
void groups_release(struct groups *gs);
/* The accumulator of the group named name[0..len), new and empty the first time. */
struct acc *groups_acc(struct groups *gs, const char *name, size_t len);
static inline size_t groups_count(const struct groups *gs) { return stackmap_size(&gs->names); }
/*
 * The groups sorted by name in byte order, groups_count() of them, valid
 * until the next groups_acc(); the caller frees the array.
 */
struct group *groups_sorted(const struct groups *gs);

#endif
