// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The history database as hr-rightsize's input. Completed hours come from
 * the hourly roll-ups through libcommon's db API (series-major, fast over a
 * year); raw samples (the hour not rolled up yet, or all of them with --raw)
 * in one pass over the time-major samples table, since a per-series read of
 * raw samples scans every series' rows in its time range.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "headroom/alloc.h"
#include "headroom/db.h"
#include "headroom/error.h"
#include "headroom/stats.h"
#include "headroom/strbuf.h"
#include "input.h"

#define HOUR 3600
#define LIMIT_LOOKBACK (2 * 86400)

/* How each metric is aggregated into an hour: what sizing wants of it. */
static struct db_agg agg_of(enum metric m)
{
	struct db_agg a = { DB_AGG_AVG, 0 };

	switch (m) {
	case M_CPU:
	case M_CPU_UTIL:
		a.kind = DB_AGG_PCT;
		a.q = 0.95;
		break;
	case M_MEM:
	case M_MEM_PEAK:
		a.kind = DB_AGG_MAX;
		break;
	case M_CPU_LIMIT:
	case M_MEM_LIMIT:
	case M_CPU_REQUEST:
	case M_MEM_REQUEST:
		a.kind = DB_AGG_LAST;
		break;
	case M_OOM:
		a.kind = DB_AGG_SUM;
		break;
	default:
		break;
	}
	return a;
}

void history_add_point(struct history *h, size_t route, double ts, double v, double w)
{
	if (!isfinite(v) || v < 0)
		return;
	points_add(history_points(h, route), ts, v, w);
	if (ts < h->earliest)
		h->earliest = ts;
	if (ts > h->latest)
		h->latest = ts;
}

void hourbuf_flush(struct history *h, struct hourbuf *b)
{
	struct db_point p;

	if (db_bucket_flush(&b->hour, &b->agg, &p))
		history_add_point(h, b->route, (double)p.ts, p.value, 1);
}

void hourbuf_add(struct history *h, struct hourbuf *b, int64_t ts, double v)
{
	struct db_point p;

	if (!b->hour.count)
		b->agg = agg_of((enum metric)(b->route % M_NMETRICS));
	if (db_bucket_add_value(&b->hour, &b->agg, HOUR, ts, v, &p))
		history_add_point(h, b->route, (double)p.ts, p.value, 1);
}

static int64_t query_int(struct db *db, const char *sql, int64_t dflt)
{
	sqlite3_stmt *st;
	int64_t v = dflt;

	if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) != SQLITE_OK)
		die("%s: cannot read database: %s", db->path, sqlite3_errmsg(db->sql));
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/*
 * The raw samples in [since, until] in one pass, each kept (raw) or
 * aggregated per hour; bufs is indexed by series id.
 */
static void read_raw(struct history *h, struct db *db, int64_t since, int64_t until,
		     struct hourbuf *bufs, size_t nbufs, bool raw)
{
	sqlite3_stmt *st;
	size_t i;
	int rc;

	if (since > until)
		return;
	if (sqlite3_prepare_v2(db->sql, "SELECT ts, series_id, value FROM samples"
			       " WHERE ts >= ?1 AND ts <= ?2", -1, &st, NULL) != SQLITE_OK)
		die("%s: cannot read database: %s", db->path, sqlite3_errmsg(db->sql));
	sqlite3_bind_int64(st, 1, since);
	sqlite3_bind_int64(st, 2, until);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t ts = sqlite3_column_int64(st, 0), id = sqlite3_column_int64(st, 1);
		double v = sqlite3_column_double(st, 2);
		struct hourbuf *b;

		if (id < 0 || (uint64_t)id >= nbufs || bufs[id].route == NO_ROUTE)
			continue;
		b = &bufs[id];
		if (raw)
			history_add_point(h, b->route, (double)ts, v, 1);
		else
			hourbuf_add(h, b, ts, v);
	}
	if (rc != SQLITE_DONE)
		die("%s: cannot read database: %s", db->path, sqlite3_errmsg(db->sql));
	sqlite3_finalize(st);
	for (i = 0; i < nbufs; i++)
		if (bufs[i].route != NO_ROUTE)
			hourbuf_flush(h, &bufs[i]);
}

/* The open database and, per entity, the series to read from the roll-ups. */
struct dbsource {
	struct db db;
	char *def;		/* the default path, when used */
	int64_t since, split;	/* roll-ups serve [since, split) */
	bool raw;
	struct dbseries {
		int64_t id;
		size_t route;
	} *series;
	size_t nseries;
	size_t *first;		/* per entity: its first series in the array sorted by route */
};

static int cmp_route(const void *a, const void *b)
{
	const struct dbseries *x = a, *y = b;

	return (x->route > y->route) - (x->route < y->route);
}

void history_read_db(struct history *h, const char *path, const struct config *cfg)
{
	struct strbuf full = STRBUF_INIT;
	struct db_series *series = NULL;
	struct dbsource *src = xcalloc(1, sizeof(*src));
	struct hourbuf *bufs;
	char *rolled_s;
	int64_t until, rolled, raw_start, max_id = 0;
	size_t nseries = 0, i, n = 0;

	h->db = src;
	if (!path)
		path = src->def = db_default_path();
	if (db_open(&src->db, path, DB_READONLY) < 0)
		exit(EXIT_TROUBLE);
	until = (int64_t)floor(cfg->until);
	src->since = cfg->since > 0 ? until - (int64_t)cfg->since : INT64_MIN / 2;
	src->raw = cfg->raw;
	h->win_start = cfg->since > 0 ? (double)src->since : -INFINITY;
	h->win_end = (double)until;
	if (db_list_series(&src->db, NULL, false, &series, &nseries) < 0)
		exit(EXIT_TROUBLE);
	for (i = 0; i < nseries; i++)
		if (series[i].id > max_id)
			max_id = series[i].id;
	bufs = xcalloc((size_t)max_id + 1, sizeof(*bufs));
	for (i = 0; i <= (size_t)max_id; i++)
		bufs[i].route = NO_ROUTE;
	src->series = xcalloc(nseries ? nseries : 1, sizeof(*src->series));
	for (i = 0; i < nseries; i++) {
		size_t route;

		strbuf_reset(&full);
		db_format_series_name(&full, series[i].name, series[i].labels);
		route = history_route(h, full.buf);
		if (route == BAD_ROUTE || route == NO_ROUTE || series[i].id < 0)
			continue;
		bufs[series[i].id].route = route;
		src->series[n].id = series[i].id;
		src->series[n].route = route;
		n++;
	}
	src->nseries = n;
	if (n)
		qsort(src->series, n, sizeof(*src->series), cmp_route);
	src->first = xcalloc(h->n + 1, sizeof(*src->first));
	for (i = 0, n = 0; i <= h->n; i++) {
		while (n < src->nseries && src->series[n].route / M_NMETRICS < i)
			n++;
		src->first[i] = n;
	}

	rolled_s = db_meta_get(&src->db, "rolled_until");
	rolled = rolled_s ? strtoll(rolled_s, NULL, 10) : INT64_MIN / 2;
	free(rolled_s);
	raw_start = query_int(&src->db, "SELECT min(ts) FROM samples", INT64_MAX / 2);
	/*
	 * Before split: db_read_series per series, entity by entity (roll-ups,
	 * exact for the hourly figures; with --raw, the roll-ups' hourly
	 * averages where raw samples expired). From split on: one pass over
	 * the raw samples now.
	 */
	src->split = cfg->raw ? raw_start : rolled;
	if (src->split > until + 1)
		src->split = until + 1;
	read_raw(h, &src->db, src->split > src->since ? src->split : src->since, until, bufs,
		 (size_t)max_id + 1, cfg->raw);
	for (i = 0; i <= (size_t)max_id; i++)
		db_bucket_release(&bufs[i].hour);
	free(bufs);
	db_series_free(series, nseries);
	strbuf_release(&full);
}

void history_load_db(struct history *h, size_t e)
{
	struct dbsource *src = h->db;
	size_t i;

	if (src->split <= src->since)
		return;
	for (i = src->first[e]; i < src->first[e + 1]; i++) {
		size_t route = src->series[i].route, npts, j;
		struct db_agg agg = agg_of((enum metric)(route % M_NMETRICS));
		struct db_point *pts = NULL;

		int64_t since = src->since;
		enum metric m = (enum metric)(route % M_NMETRICS);

		/*
		 * Sizing wants the limit in force at the end: the last two days
		 * hold it (hr-record writes limits every snapshot), the whole window
		 * only when they have none.
		 */
		if ((m == M_CPU_LIMIT || m == M_MEM_LIMIT) && h->e[e].m[m].n)
			continue;	/* the raw samples after the roll-ups hold it */
		if ((m == M_CPU_LIMIT || m == M_MEM_LIMIT) && src->split - LIMIT_LOOKBACK > since) {
			if (db_read_series(&src->db, src->series[i].id, src->split - LIMIT_LOOKBACK,
					   src->split - 1, src->raw ? 0 : HOUR, &agg, &pts, &npts) < 0)
				exit(EXIT_TROUBLE);
			if (npts) {
				for (j = 0; j < npts; j++)
					history_add_point(h, route, (double)pts[j].ts, pts[j].value, 1);
				free(pts);
				continue;
			}
			free(pts);
		}
		if (db_read_series(&src->db, src->series[i].id, since, src->split - 1,
				   src->raw ? 0 : HOUR, &agg, &pts, &npts) < 0)
			exit(EXIT_TROUBLE);
		for (j = 0; j < npts; j++)
			history_add_point(h, route, (double)pts[j].ts, pts[j].value, 1);
		free(pts);
	}
}

bool history_db_span(const struct history *h, double *first, double *last)
{
	struct dbsource *src = h->db;
	struct db_series *stats;
	size_t nstats, i, j;
	bool found = false;

	if (!src || db_list_series(&src->db, NULL, true, &stats, &nstats) < 0)
		return false;
	for (i = 0; i < nstats; i++) {
		for (j = 0; j < src->nseries && src->series[j].id != stats[i].id; j++)
			;
		if (j == src->nseries || !stats[i].count)
			continue;
		if (!found || stats[i].first < *first)
			*first = (double)stats[i].first;
		if (!found || stats[i].last > *last)
			*last = (double)stats[i].last;
		found = true;
	}
	db_series_free(stats, nstats);
	return found;
}

void history_close_db(struct history *h)
{
	struct dbsource *src = h->db;

	if (!src)
		return;
	db_close(&src->db);
	free(src->def);
	free(src->series);
	free(src->first);
	free(src);
	h->db = NULL;
}
