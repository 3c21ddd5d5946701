/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A progress line on standard error for long work, redrawn at most ten times a
 * second, and only when standard error is a terminal (silent otherwise).
 */
#ifndef HEADROOM_PROGRESS_H
#define HEADROOM_PROGRESS_H

#include <stdbool.h>

struct progress {
	bool enabled;
	double last;		/* monotonic time of the last redraw */
	double start;
	int width;		/* characters drawn last time, to blank leftovers */
};

void progress_start(struct progress *p);
/* Seconds since progress_start(). */
double progress_elapsed(const struct progress *p);
/* Redraws "\rmessage" when enabled and 0.1 s have passed (or force). */
void progress_update(struct progress *p, bool force, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Clears the line. */
void progress_end(struct progress *p);
/* Monotonic seconds. */
double monotonic_seconds(void);

#endif
