/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hr-sample --db (history.c): the profile stored per time window in the history. */
#ifndef HR_SAMPLE_HISTORY_H
#define HR_SAMPLE_HISTORY_H

#include <stdbool.h>
#include <stdint.h>

#include "headroom/db.h"
#include "headroom/stackmap.h"

struct history {
	struct db db;
	int64_t window;		/* seconds */
	int64_t cur;		/* the start of the window being sampled */
	const char *unit;	/* "samples" or "us" */
	char *host;
	struct stackmap whole;	/* every window's stacks, without their cgroup */
	struct stackmap stored;	/* off-CPU, by line: the run's count so far, and what was stored */
	const struct frame_modules *modules;	/* the binary of each frame, or NULL */
	unsigned long windows, failed;
};

/* Opens (creating) the database at path (NULL: the default one); dies when it cannot. */
void history_open(struct history *h, const char *path, int64_t window, const char *unit);
/*
 * Whether the clock has left the current window: the stacks sampled so far
 * are then to be given to history_flush().
 */
bool history_window_over(struct history *h);
/*
 * Stores stacks (lines that start with their cgroup, STACKS_CGROUP_SEP) as
 * the current window's profile in one transaction, adds them to whole
 * without the cgroup, empties stacks and moves to the clock's window.
 * Off-CPU counts (us) are stored in whole units, each line's rounding carried
 * into its next window: a line's windows add up to the run's total rounded,
 * as the folded output has it. A failure is
 * reported, counted in failed, and the stacks are kept in whole only.
 */
void history_flush(struct history *h, struct stackmap *stacks);
void history_close(struct history *h);

#endif
