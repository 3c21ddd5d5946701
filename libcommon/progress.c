// SPDX-License-Identifier: GPL-3.0-or-later
/* The progress line: on a terminal only, so pipes and cron logs stay clean. */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "headroom/progress.h"

double monotonic_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void progress_start(struct progress *p)
{
	p->enabled = isatty(2);
	p->start = monotonic_seconds();
	p->last = 0;
	p->width = 0;
}

double progress_elapsed(const struct progress *p)
{
	return monotonic_seconds() - p->start;
}

void progress_update(struct progress *p, bool force, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	double now;
	int n;

	if (!p->enabled)
		return;
	now = monotonic_seconds();
	if (!force && now - p->last < 0.1)
		return;
	p->last = now;
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n >= (int)sizeof(line))
		n = (int)sizeof(line) - 1;
	fprintf(stderr, "\r%s%*s", line, p->width > n ? p->width - n : 0, "");
	p->width = n;
	fflush(stderr);
}

void progress_end(struct progress *p)
{
	if (p->enabled && p->width) {
		fprintf(stderr, "\r%*s\r", p->width, "");
		fflush(stderr);
	}
	p->width = 0;
}
