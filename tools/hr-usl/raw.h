/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hr-usl's points from a stepped load test's raw results (libheadroom-loadtest). */
#ifndef HR_USL_RAW_H
#define HR_USL_RAW_H

#include <stddef.h>

#include "headroom/loadtest.h"

struct raw_options {
	double window;		/* seconds */
	double tolerance;	/* users or threads a stage may vary by */
	const char *metric;	/* k6's trend metric, NULL: http_req_duration */
};

/*
 * Reads in (opened, format known) into win (initialised here; the caller
 * releases it) and returns its stages in *stages (the caller frees them).
 * Dies on input without concurrency or of a summary format.
 */
size_t raw_stages(struct lt_input *in, const struct raw_options *o, struct lt_stage **stages,
		  struct lt_windows *win);

#endif
