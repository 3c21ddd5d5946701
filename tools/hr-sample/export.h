/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hr-sample --format pprof (export.c): the profile as pprof's profile.proto. */
#ifndef HR_SAMPLE_EXPORT_H
#define HR_SAMPLE_EXPORT_H

#include <stdint.h>
#include <stdio.h>

#include "headroom/stackmap.h"

/* What the counts of a profile are, and when it was taken. */
struct profile_info {
	const char *type;	/* pprof's sample type: "samples", "off-cpu", "wall" */
	const char *unit;	/* "count", "microseconds" */
	const char *event;	/* the on-CPU event, for the period's type */
	double freq;		/* samples a second (0: not sampled by frequency) */
	int64_t start_ns;	/* Unix time */
	int64_t duration_ns;
};

/*
 * Writes the folded stacks of map (whole-number counts) to out as a gzipped
 * profile.proto, one sample per stack; name is for messages. Returns 0, or
 * -1 after error().
 */
int profile_write_pprof(const struct stackmap *map, const struct profile_info *info, FILE *out,
			const char *name);

#endif
