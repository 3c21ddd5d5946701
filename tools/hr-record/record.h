/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hr-record's parts: the options, the snapshot (the metrics one run collects,
 * and the counters from which rates are computed against the previous
 * snapshot kept in the database), the collectors, and the import.
 */
#ifndef HR_RECORD_H
#define HR_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "headroom/db.h"
#include "headroom/options.h"
#include "headroom/remote.h"
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

/* What the collectors read of the command line. */
struct options {
	const char *proc_root;	/* "/proc" */
	const char *sys_root;	/* "/sys" */
	bool per_cpu;
	bool all_disks;
	unsigned long top;	/* processes by CPU and by memory; 0: none */
	const char **cgroups;	/* globs; NULL: the default choice */
	size_t ncgroups;
	bool no_cgroups;
	bool reset_peaks;
};

/* The whole command line. */
struct record_options {
	struct options collect;
	const char *db_path;		/* NULL: db_default_path() */
	const char *import;		/* --import FILE: load series TSV, take no snapshot */
	const char *host;		/* the host label */
	char *host_alloc;		/* host, when it is the default name */
	double interval;		/* seconds between snapshots; 0: one snapshot */
	unsigned long count;		/* snapshots to take; ULONG_MAX: until stopped */
	double retain, retain_rollups;	/* seconds; 0: forever */
	struct hr_strlist cgroups;	/* --cgroup globs (collect.cgroups points here) */
	bool quiet, verbose;
	struct remote_options remote;	/* --remote-write URL (NULL: none) and its options */
	double push_budget;		/* --remote-write-timeout, seconds */
	double push_every;		/* --remote-write-every, seconds; 0: every run */
	unsigned long push_batch;	/* --remote-write-batch */
};

/*
 * Rates need at least this many seconds between two snapshots: half of the
 * shortest --interval, so that a 1 s interval's timer jitter and
 * /proc/uptime's 10 ms steps never trip it, while two runs started together
 * (a few milliseconds apart) do.
 */
#define MIN_RATE_INTERVAL 0.5

struct snapshot {
	const struct options *opt;
	int64_t ts;		/* the time samples are stamped with */
	double uptime;		/* seconds since boot: the clock of every counter */
	double prev_uptime;	/* the previous snapshot's */
	bool too_young;		/* the previous one is too recent for rates */
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

struct pusher_state;
/*
 * One snapshot into the database, in one transaction: collects, stores the
 * samples (printed as series TSV too with --verbose), the counters, the
 * last push's mark when it waits (ps), and the roll-ups, and applies
 * retention. Returns 0, or -1 after an error message.
 */
int take_snapshot(struct db *db, const struct record_options *o, struct snapshot *s,
		  struct pusher_state *ps);
/* The host label's default: the watched host's name. A new string. */
char *watched_host_name(const struct options *opt);

/* The remote-write session of a run (--interval keeps one connection). */
struct pusher_state {
	struct remote *remote;
};
/*
 * After the snapshot at ts: pushes the backlog when --remote-write asks
 * for it and --remote-write-every allows, within budget seconds. A failing
 * server is a warning (the backlog waits for the next run); returns -1
 * after an error that needs the user (an unreadable secret file).
 */
int push_snapshot(struct db *db, const struct record_options *o, struct pusher_state *ps,
		  int64_t ts, double budget);
/* Inside the snapshot's transaction: the mark the last push kept (mark_later). */
int push_save_mark(struct pusher_state *ps);
void push_release(struct pusher_state *ps);

/* Imports series TSV from path ("-": standard input); 0, or -1 after a message. */
int import_series(struct db *db, const char *path, bool quiet);

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
