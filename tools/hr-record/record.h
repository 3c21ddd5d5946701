/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hr-record's snapshot: the metrics one run collects, and the counters from
 * which rates are computed against the previous snapshot kept in the database.
 */
#ifndef HR_RECORD_H
#define HR_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "headroom/stackmap.h"
#include "headroom/strbuf.h"

struct metric {
	char *name;
	char *labels;		/* canonical, without the host label */
	const char *unit;
	const char *kind;	/* "gauge" or "rate" */
	double value;
};

struct counter {
	char *key;
	double value;
};

struct options {
	const char *proc_root;	/* "/proc" */
	const char *sys_root;	/* "/sys" */
	bool per_cpu;
	bool all_disks;
	int top;		/* processes by CPU and by memory; 0: none */
	const char **cgroups;	/* globs; NULL: the default choice */
	size_t ncgroups;
	bool no_cgroups;
	bool reset_peaks;
};

struct snapshot {
	const struct options *opt;
	double uptime;		/* seconds since boot: the clock of every counter */
	struct stackmap prev;	/* counter key -> count[0] value, count[1] uptime */
	bool have_prev;
	struct metric *m;
	size_t nr, alloc;
	struct counter *c;
	size_t nc, calloc_;
	struct strbuf tmp;
};

void snap_init(struct snapshot *s, const struct options *opt);
void snap_release(struct snapshot *s);
/* Adds a gauge or rate (skipped when value is NaN). labels canonical or "". */
void snap_add(struct snapshot *s, const char *name, const char *labels, const char *unit,
	      const char *kind, double value);
/*
 * Registers counter key with its current value, and returns how much it grew
 * since the previous snapshot (with *dt the seconds between), or NaN when there
 * is no previous value, it went backwards (a reset or wrap) or no time passed.
 */
double snap_delta(struct snapshot *s, const char *key, double cur, double *dt);
/* delta / dt * scale, or NaN. */
double snap_rate(struct snapshot *s, const char *key, double cur, double scale);

/* Collectors; each skips what the kernel does not offer. */
int collect_system(struct snapshot *s);
void collect_disks(struct snapshot *s);
void collect_filesystems(struct snapshot *s);
void collect_network(struct snapshot *s);
void collect_pressure(struct snapshot *s);
void collect_cgroups(struct snapshot *s);
/* Processes: stores per-process CPU baselines in *state (a blob kept by the caller). */
void collect_processes(struct snapshot *s, const void *prev_state, size_t prev_len,
		       struct strbuf *new_state);

#endif
