/* SPDX-License-Identifier: GPL-3.0-or-later */
/* History per entity, from series TSV or the history database. */
#ifndef HR_RIGHTSIZE_INPUT_H
#define HR_RIGHTSIZE_INPUT_H

#include <stdint.h>

#include "headroom/db.h"
#include "headroom/http.h"
#include "headroom/stackmap.h"
#include "headroom/strbuf.h"
#include "rightsize.h"

#define NO_ROUTE SIZE_MAX
#define BAD_ROUTE (SIZE_MAX - 1)

struct history {
	struct entity *e;
	size_t n, alloc;
	struct stackmap by_name;	/* entity key -> index + 1 */
	struct stackmap series;		/* series name -> route + 1, or -1: not read */
	const char **globs;		/* --cgroup filters (borrowed) */
	size_t nglobs;
	double earliest, latest;	/* the oldest and newest samples' times (TSV) */
	double win_start, win_end;	/* the window read from the database; NAN for TSV */
	struct dbsource *db;		/* the open database, read entity by entity */
	bool nodes;			/* host rows from node_exporter (--prometheus) */
};

void history_init(struct history *h, const char **globs, size_t nglobs);
void history_release(struct history *h);
/*
 * The entity of a host label (NULL: none) and cgroup (NULL: the host row),
 * added when new; pointers move as entities are added.
 */
struct entity *history_entity(struct history *h, const char *hostname, const char *cgroup);
/* Once every series is known: names the entities (host prefixes when several hosts). */
void history_finish(struct history *h);
/*
 * Makes entity i's points ready for analysis: reads them from the database
 * (one entity at a time keeps memory to one entity's history) and turns a
 * host's CPU utilisation into cores with its CPU count. history_unload()
 * frees them again.
 */
void history_load(struct history *h, size_t i);
void history_unload(struct history *h, size_t i);
/* True when the cgroup passes the --cgroup filters. */
bool history_wants(const struct history *h, const char *cgroup);
/*
 * Splits "name{k=v,k2=\"v2\"}" into the name and the cgroup and host labels;
 * *other tells whether further labels are present. Returns 0, or -1 when the
 * label list is malformed.
 */
int parse_series_name(const char *s, struct strbuf *name, struct strbuf *cgroup,
		      struct strbuf *hostname, bool *other);
/*
 * Where the points of a series go: entity index * M_NMETRICS + metric, adding
 * the entity when new; NO_ROUTE for a series sizing does not read (other
 * names, per-CPU or per-mode series, cgroups the filters leave out);
 * BAD_ROUTE for one of sizing's names with malformed labels.
 */
size_t history_route(struct history *h, const char *series);
static inline struct points *history_points(struct history *h, size_t route)
{
	return &h->e[route / M_NMETRICS].m[route % M_NMETRICS];
}
/*
 * Reads series TSV (three columns, or two after "# series: NAME"). Returns 0,
 * or -1 with "FILE:LINE: what was expected" appended to err.
 */
int history_read_tsv(struct history *h, const char *path, struct strbuf *err);
/*
 * Opens the history database at path (NULL: the default database), finds
 * its cgroup.* and system series and reads the raw samples not yet rolled
 * up (all raw samples with --raw) in the window the configuration asks for;
 * history_load() reads the rest, entity by entity. Dies on errors.
 */
void history_read_db(struct history *h, const char *path, const struct config *cfg);
void history_load_db(struct history *h, size_t i);
/*
 * The first and last times the sizing series of the open database hold data
 * in, at any time (one pass over the samples: for messages); false when none.
 */
bool history_db_span(const struct history *h, double *first, double *last);
/* Closes the database, if open. */
void history_close_db(struct history *h);

/* Adds a point to a route, when finite and not negative; h->earliest, h->latest follow. */
void history_add_point(struct history *h, size_t route, double ts, double v, double w);

/*
 * One series' samples of the current hour, aggregated as the database's
 * hourly roll-ups are (CPU p95, memory maximum, limits last, OOM kills
 * summed): set route, feed samples in time order with hourbuf_add(), which
 * adds each finished hour to the route; hourbuf_flush() adds the last one.
 * Free v when done.
 */
struct hourbuf {
	size_t route;		/* NO_ROUTE: not read */
	struct db_agg agg;	/* the route's, set as an hour starts */
	struct db_bucket hour;
};
void hourbuf_add(struct history *h, struct hourbuf *b, int64_t ts, double v);
void hourbuf_flush(struct history *h, struct hourbuf *b);

/* What --prometheus reads with (prom.c). */
struct prom_input {
	const char *url;
	double step;		/* seconds; 0: chosen from the window */
	double timeout;		/* seconds a request may take; 0: the client's default */
	struct http_options http;
	bool by_owner;		/* Kubernetes containers under their workload */
	bool verbose;		/* each query on standard error */
};
/*
 * Reads cAdvisor's, kube-state-metrics', node_exporter's and headroom's
 * own series over the configured window from the query API at pi->url
 * (hr-rightsize(1)); exits with status 2 after a server error, in the
 * server's words.
 */
void history_read_prom(struct history *h, const struct prom_input *pi, const struct config *cfg);
/* The i-th series name sizing reads, NULL after the last. */
const char *history_series_name(size_t i);

#endif
