// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-record --import: series TSV into the history, in one transaction (all
 * or nothing), idempotently (a point replaces the one at the same time).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "headroom/cli.h"
#include "headroom/db.h"
#include "headroom/error.h"
#include "headroom/labels.h"
#include "headroom/names.h"
#include "headroom/progress.h"
#include "headroom/series.h"
#include "headroom/strbuf.h"
#include "record.h"

/* A unit guessed from the naming scheme of headroom-series(5). */
static const char *unit_of(const char *name)
{
	static const struct { const char *suffix, *unit; } u[] = {
		{ "_bytes", "bytes" }, { ".bytes", "bytes" }, { "_bps", "bytes/s" },
		{ "_kills", "count" }, { SERIES_CPU_ONLINE_CPUS, "cores" }, { "_inodes", "inodes" },
		{ ".inodes_size", "inodes" }, { ".inodes_used", "inodes" }, { SERIES_LOAD_1M, "tasks" },
		{ SERIES_LOAD_5M, "tasks" }, { SERIES_LOAD_15M, "tasks" }, { "_pct", "percent" },
		{ ".util", "percent" }, { "_per_second", "1/s" }, { "_iops", "1/s" },
		{ "_pps", "1/s" }, { ".cores", "cores" }, { "_cores", "cores" },
		{ "_seconds", "seconds" },
	};
	size_t n = strlen(name), i;

	for (i = 0; i < sizeof(u) / sizeof(*u); i++) {
		size_t k = strlen(u[i].suffix);

		if (n >= k && !strcmp(name + n - k, u[i].suffix))
			return u[i].unit;
	}
	return "";
}

struct import {
	struct db *db;
	struct series_reader r;
	struct strbuf name, labels, last;	/* the series of the last line */
	int64_t id;				/* its id; -1 before the first */
	int64_t lo, hi;				/* the times imported */
	uint64_t n;				/* points imported */
	uint64_t replaced;			/* of them, those that replaced a point */
	uint64_t out_of_range;
};

/* The id of the point's series, looked up again only when the name changes. */
static int point_series(struct import *im, const struct series_point *p)
{
	const char *why;

	if (!*p->series)
		return error("%s:%llu: no series name: give three columns or a '# series: NAME' line first",
			     im->r.display, (unsigned long long)im->r.lr.lineno);
	if (im->id >= 0 && !strcmp(im->last.buf, p->series))
		return 0;
	if (series_name_parse(p->series, &im->name, &im->labels, &why) < 0 ||
	    strpbrk(im->name.buf, "*?["))
		return error("%s:%llu: bad series name '%s': %s", im->r.display,
			     (unsigned long long)im->r.lr.lineno, p->series,
			     strpbrk(im->name.buf, "*?[") ? "no glob characters in a name" : why);
	strbuf_reset(&im->last);
	strbuf_addstr(&im->last, p->series);
	im->id = db_series_id(im->db, im->name.buf, im->labels.buf, unit_of(im->name.buf), "gauge");
	return im->id < 0 ? -1 : 0;
}

static int import_points(struct import *im)
{
	struct series_point p;
	struct progress prog;
	int rc;

	progress_start(&prog);
	while ((rc = series_reader_next(&im->r, &p)) > 0) {
		int64_t ts;
		int added;

		/* Times are whole seconds of the years 1 to 9999, as RFC 3339 writes them. */
		if (!(p.ts >= -62135596800.0 && p.ts <= 253402300799.0)) {
			rc = error("%s:%llu: time %g is out of range (the years 1 to 9999)", im->r.display,
				   (unsigned long long)im->r.lr.lineno, p.ts);
			break;
		}
		ts = (int64_t)llround(p.ts);
		if (point_series(im, &p) < 0 || (added = db_add_sample(im->db, im->id, ts, p.value)) < 0)
			break;
		im->replaced += (uint64_t)added;
		if (ts < im->lo)
			im->lo = ts;
		if (ts > im->hi)
			im->hi = ts;
		if (!(++im->n & 0xffff))
			progress_update(&prog, false, "importing: %llu points", (unsigned long long)im->n);
	}
	progress_end(&prog);
	if (rc < 0 && im->r.err.len)
		return error("%s", im->r.err.buf);
	return rc ? -1 : 0;
}

/*
 * What the import did: a point at a second that already held one of its
 * series (the same file again, or points closer than a second: times are
 * whole seconds) replaced it, and the count says so.
 */
static void report_import(const struct import *im)
{
	if (!im->replaced) {
		fprintf(stderr, "%s: imported %llu points from '%s'\n", progname(),
			(unsigned long long)im->n, im->r.display);
		return;
	}
	fprintf(stderr, "%s: imported %llu points from '%s': %llu new, %llu replaced a point at the "
		"same second of their series (times are whole seconds; the last value is kept)\n",
		progname(), (unsigned long long)im->n, im->r.display,
		(unsigned long long)(im->n - im->replaced), (unsigned long long)im->replaced);
}

int import_series(struct db *db, const char *path, bool quiet)
{
	struct import im = {
		.db = db, .name = STRBUF_INIT, .labels = STRBUF_INIT, .last = STRBUF_INIT,
		.id = -1, .lo = INT64_MAX, .hi = INT64_MIN,
	};
	int ret = -1;

	if (series_reader_open(&im.r, path) < 0)
		return error_errno("cannot open '%s'", path);
	if (db_begin(db) < 0) {
		series_reader_close(&im.r);
		return -1;
	}
	if (import_points(&im) < 0 ||
	    /* Hours already rolled up that the import touched are summed again. */
	    (im.n && (db_rollup_redo(db, im.lo, im.hi) < 0 || db_rollup(db, db_now()) < 0)))
		db_rollback(db);
	else
		ret = db_commit(db);
	if (!ret && !quiet)
		report_import(&im);
	series_reader_close(&im.r);
	strbuf_release(&im.name);
	strbuf_release(&im.labels);
	strbuf_release(&im.last);
	if (ret)
		error("nothing was imported from '%s'", path);
	return ret;
}
