/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hr-rightsize's own modules: history per entity, the analysis, the output. */
#ifndef HR_RIGHTSIZE_H
#define HR_RIGHTSIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "headroom/options.h"

/* The series an entity's sizing reads (doc/DESIGN.md's names). */
enum metric {
	M_CPU,		/* cgroup.cpu.cores; host: cpu.util converted to cores */
	M_CPU_LIMIT,	/* cgroup.cpu.limit_cores; host: cpu.online_cpus */
	M_THROTTLED,	/* cgroup.cpu.throttled_pct */
	M_MEM,		/* cgroup.mem.bytes; host: mem.used_bytes */
	M_MEM_PEAK,	/* cgroup.mem.peak_bytes (per-interval peaks) */
	M_MEM_LIMIT,	/* cgroup.mem.limit_bytes; host: mem.total_bytes */
	M_OOM,		/* cgroup.mem.oom_kills (kills in each interval) */
	M_CPU_UTIL,	/* host: cpu.util, percent of all CPUs (cores once the count is known) */
	M_CPU_REQUEST,	/* Kubernetes: the container's CPU request, cores */
	M_MEM_REQUEST,	/* Kubernetes: its memory request, bytes */
	M_NMETRICS
};

/* One sample, or one hourly roll-up standing for weight samples. */
struct point {
	double ts;
	double v;
	double w;
};

struct points {
	struct point *p;
	size_t n, alloc;
	bool unsorted;
};

struct entity {
	/*
	 * The cgroup path, or "HOST:/path" when the history holds several
	 * hosts; a host row: its host label, or "host".
	 */
	char *name;
	char *hostname;		/* the host label, NULL when none */
	char *cgroup;		/* NULL for a host row */
	bool host;		/* the machine as a whole, from the system series */
	struct points m[M_NMETRICS];
};

void points_add(struct points *pts, double ts, double v, double w);
/* Sorts by time (stable) when points arrived out of order. */
void points_sort(struct points *pts);
void points_release(struct points *pts);
void entity_release(struct entity *e);

/* Everything the options set. */
struct config {
	bool simple;		/* --strategy simple */
	double cpu_q;		/* --cpu-percentile, 0..1 */
	double half_life;	/* seconds */
	double margin;		/* fraction, 0.15 */
	double min_cpu;		/* cores; NAN: the strategy's default (config_finish()) */
	double min_mem;		/* bytes; NAN: the strategy's default */
	double horizon;		/* seconds; 0: no growth sizing */
	double slack;		/* fraction, 0.30 */
	double max_throttled;	/* percent */
	double since;		/* seconds before until; 0: all history */
	double until;		/* end of the window; NAN: the latest sample */
	bool raw;		/* database: raw samples rather than hourly figures */
	double price_cpu;	/* per core-hour; NAN: none */
	double price_mem;	/* per GiB-hour; NAN: none */
	double host_cpu;	/* cores of a fleet host; NAN: none */
	double host_mem;	/* bytes; NAN: none */
	double target;		/* fraction of a fleet host to fill */
	bool fleet_hosts;	/* fleet rows from the host rows, cgroups or not */
};

/* The defaults of the options (hr-rightsize(1)). */
void config_init(struct config *cfg);
/* Once the options are read: the defaults that depend on the strategy. */
void config_finish(struct config *cfg);

/* V_NONE: not enough history for a verdict (hr-rightsize(1): MIN_SAMPLES, MIN_HISTORY). */
enum verdict { V_OK, V_OVER, V_UNDER, V_NONE };
enum confidence { C_NONE, C_LOW, C_MEDIUM, C_HIGH };

/* The answer for one entity; NAN where unknown. */
struct result {
	const char *name;
	bool host;
	bool have_cpu, have_mem;
	/*
	 * basis: the usage figure sized for (decayed percentile or peak);
	 * growth: what the trend adds to usage by the horizon (0 when flat);
	 * rec: (basis + growth) with margin, floor and rounding; rec_now: the
	 * same without growth.
	 */
	double cpu_limit, cpu_p95, cpu_peak, cpu_basis, cpu_growth, cpu_rec, cpu_rec_now;
	double throttled;	/* mean percent */
	double mem_limit, mem_p95, mem_peak, mem_basis, mem_growth, mem_rec, mem_rec_now;
	/*
	 * Kubernetes: the request in force (NAN: none); ref: what verdicts,
	 * changes and costs judge against, the limit, else the request.
	 */
	double cpu_request, cpu_ref, mem_request, mem_ref;
	/* The requests and limits to set (NAN: none, or a host row). */
	double cpu_request_rec, cpu_limit_rec, mem_request_rec, mem_limit_rec;
	double oom_kills;
	bool cpu_growing, mem_growing;
	enum verdict cpu_verdict, mem_verdict, verdict;
	enum confidence confidence;
	double history;		/* seconds covered */
	size_t samples;		/* distinct sample times */
	double completeness;	/* fraction of that span with samples */
	double first_ts, last_ts;
	double cost_now, cost_rec;	/* per month */
	char note[256];
};

/* Sizes one entity over the window [start, end]. */
void analyse_entity(const struct config *cfg, struct entity *e, double start, double end,
		    struct result *r);

/* The forecast of the horizon, or of the trend, used for growth sizing. */
struct growth {
	bool growing;
	double now;		/* the fitted level at the end of history */
	double at_horizon;	/* the forecast at end + horizon */
	double per_day;		/* the trend */
};
/*
 * Fits a model of the trend of (ts, v) (sorted, n points) and says whether it
 * grows: a significant upward trend that adds at least 5 % by the horizon.
 */
void fit_growth(const double *ts, const double *v, size_t n, double horizon, struct growth *g);

/* The fleet: what the entities' load needs in hosts of the configured size. */
struct fleet {
	bool enabled;
	const char *basis;	/* "cgroups" or "host" */
	size_t entities;	/* how many entities' load is summed */
	double cpu_now, cpu_horizon;	/* cores */
	double mem_now, mem_horizon;	/* bytes */
	double hosts_now, hosts_horizon;
};
void size_fleet(const struct config *cfg, const struct result *r, size_t n, struct fleet *f);

/* The results in format fmt: FORMAT_TABLE, FORMAT_TSV, FORMAT_JSON or FORMAT_AUTO. */
void write_results(FILE *out, enum output_format fmt, const struct config *cfg,
		   const struct result *r, size_t n, const struct fleet *f);

/* "ok", "over", "under", or NULL for V_NONE. */
const char *verdict_name(enum verdict v);
const char *confidence_name(enum confidence c);

#endif
