/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hr-latency's report: the summary as a table or one JSON object, the --by
 * groups, and the verdict of each --sla clause.
 */
#ifndef HR_LATENCY_OUTPUT_H
#define HR_LATENCY_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "headroom/strbuf.h"
#include "acc.h"
#include "groups.h"
#include "parse.h"

struct lat_report {
	struct acc *all;		/* every request */
	const struct groups *groups;	/* --by; none: no group table */
	const struct sla_clause *sla;	/* --sla, or NULL */
	size_t nsla;
	double unit;			/* seconds of the input unit */
	bool json;
};

/*
 * Summarises every accumulator of rep (see acc_summarise()) and appends the
 * report to sb. Returns whether every SLA clause holds (true without any).
 */
bool lat_report_write(const struct lat_report *rep, struct strbuf *sb);

#endif
