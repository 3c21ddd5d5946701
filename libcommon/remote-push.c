// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * What goes to a remote-write endpoint (remote.h): hr-record's backlog
 * after the remote's mark, with stale markers, and hr-query's backfill of
 * a stored history.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "headroom/alloc.h"
#include "headroom/error.h"
#include "headroom/remote.h"
#include "headroom/units.h"
#include "remote-impl.h"

/* --- the mark --------------------------------------------------------------- */

/* "remote/ID/KEY", ID the FNV-1a hash of the URL. */
static char *meta_key(const char *url, const char *what)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	const char *p;

	for (p = url; *p; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
	return xasprintf("remote/%016" PRIx64 "/%s", h, what);
}

/* The mark is "TS ID", or "TS ID COUNT" where the count is known. */
static int read_mark(struct remote *r, struct mark *m)
{
	char *key = meta_key(r->o->url, "mark"), *v = db_meta_get(r->db, key);
	long long ts, id, count = -1;
	int found = v && sscanf(v, "%lld %lld %lld", &ts, &id, &count) >= 2;

	if (found)
		*m = (struct mark){ ts, id, id == INT64_MAX ? count : -1 };
	free(v);
	free(key);
	return found;
}

/* Writes the mark, and adds the samples dropped to get there to their count. */
static int write_mark(struct remote *r, const struct mark *m, uint64_t dropped)
{
	char *key = meta_key(r->o->url, "mark"), *url = meta_key(r->o->url, "url");
	char *dkey = meta_key(r->o->url, "dropped"), *v = NULL, buf[64];
	int ret = -1;

	if (m->count >= 0)
		snprintf(buf, sizeof(buf), "%lld %lld %lld", (long long)m->ts, (long long)m->id,
			 (long long)m->count);
	else
		snprintf(buf, sizeof(buf), "%lld %lld", (long long)m->ts, (long long)m->id);
	/* The URL beside the mark, once a recorder: it does not change. */
	if (db_meta_set(r->db, key, buf) < 0 ||
	    (!r->url_saved && db_meta_set(r->db, url, r->o->url) < 0))
		goto out;
	if (dropped) {
		v = db_meta_get(r->db, dkey);
		snprintf(buf, sizeof(buf), "%llu", (v ? strtoull(v, NULL, 10) : 0) + (unsigned long long)dropped);
		if (db_meta_set(r->db, dkey, buf) < 0)
			goto out;
	}
	ret = 0;
out:
	free(v);
	free(key);
	free(url);
	free(dkey);
	return ret;
}

/* The same in a transaction of its own, unless the caller has one open. */
static int save_mark(struct remote *r, const struct mark *m, uint64_t dropped)
{
	bool own = !db_in_transaction(r->db);
	int ret;

	if (own && db_begin(r->db) < 0)
		return -1;
	ret = write_mark(r, m, dropped);
	if (own && ret < 0)
		db_rollback(r->db);
	else if (own)
		ret = db_commit(r->db);
	r->url_saved |= !ret;
	return ret;
}

int remote_save_mark(struct remote *r)
{
	if (!r->pending)
		return 0;
	if (save_mark(r, &r->pending_mark, r->pending_dropped) < 0)
		return -1;
	r->pending = false;
	r->pending_dropped = 0;
	return 0;
}

/*
 * One push of a database at a time: two would send the same backlog and
 * the second would see its requests refused as out of order. The lock is a
 * file beside the database (flock, not SQLite's own POSIX locks, which a
 * second descriptor on the database file would release), opened once by a
 * recorder that runs on. Returns 0 when it is held, -2 when another push
 * holds it, or -1 when there is no place for the file (the push then goes
 * on unserialised).
 */
static int lock_push(struct remote *r)
{
	if (r->lock_fd == -1) {
		char *path = xasprintf("%s-push.lock", r->db->path);

		r->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
		free(path);
		if (r->lock_fd < 0)
			r->lock_fd = -2;	/* not again */
	}
	if (r->lock_fd < 0)
		return -1;
	if (flock(r->lock_fd, LOCK_EX | LOCK_NB) < 0)
		return errno == EWOULDBLOCK ? -2 : -1;
	return 0;
}

/* --- hr-record's backlog ----------------------------------------------------- */

/* The samples' own order: time, then series id. */
static int cmp_row(const void *a, const void *b)
{
	const struct db_row *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return (x->series_id > y->series_id) - (x->series_id < y->series_id);
}

/* The series of the snapshot being read, and of the one before (for stale markers). */
struct groups {
	int64_t *prev, *cur;
	size_t nprev, ncur, aprev, acur;
	bool have_prev;
	int64_t prev_ts;	/* the time of prev */
	int64_t prev_count;	/* its samples read whole here (-1: it was cut) */
	int64_t cur_ts;
	bool cur_partial;	/* the push began inside this snapshot */
	bool started;
};

static void stale_markers(struct remote *r, struct groups *g)
{
	double nan;
	uint64_t bits = STALE_NAN_BITS;
	size_t i = 0, j = 0;

	memcpy(&nan, &bits, sizeof(nan));
	/* Both lists ascend: the samples come in (ts, series id) order. */
	for (; i < g->nprev; i++) {
		const struct rseries *rs;

		while (j < g->ncur && g->cur[j] < g->prev[i])
			j++;
		if (j < g->ncur && g->cur[j] == g->prev[i])
			continue;
		if ((rs = rw_series_of(r, g->prev[i]))) {
			rw_request_add(&r->q, rs, g->prev[i], g->cur_ts * 1000, nan);
			r->st->stale++;
		}
	}
}

/* The snapshot being read is complete: markers, then it becomes the previous one. */
static int finish_group(struct remote *r, struct groups *g)
{
	int64_t *t;

	if (!g->started)
		return 0;
	if (!g->cur_partial && g->have_prev)
		stale_markers(r, g);
	g->prev_count = g->cur_partial ? -1 : (int64_t)g->ncur;
	if (g->cur_partial) {
		FREE_AND_NULL(g->prev);
		g->aprev = 0;
		if (db_series_at(r->db, g->cur_ts, &g->prev, &g->nprev) < 0)
			return -1;
		g->aprev = g->nprev;
	} else {
		size_t a = g->aprev;

		t = g->prev, g->prev = g->cur, g->cur = t;
		g->nprev = g->ncur;
		g->aprev = g->acur, g->acur = a;
	}
	g->ncur = 0;
	g->have_prev = true;
	g->prev_ts = g->cur_ts;
	g->started = false;
	return 0;
}

static void warn_backlog(struct remote *r, const struct mark *m)
{
	struct db_backlog b;
	char when[64], age[32];

	if (db_backlog_after(r->db, m->ts, m->id, &b) < 0)
		return;
	format_timestamp_iso(when, sizeof(when), (double)b.oldest);
	format_duration(age, sizeof(age), (double)(db_now() - b.oldest));
	warning("%s: not pushed (%s); the backlog of %llu samples from %llu snapshots stays "
		"in '%s', the oldest from %s (%s ago)", r->o->url, r->why.buf,
		(unsigned long long)b.samples, (unsigned long long)b.times, r->db->path, when, age);
}

struct walk {
	struct remote *r;
	struct groups g;
	struct mark acked;	/* the server has everything up to here */
	struct mark last;	/* the last sample added to the request */
	size_t batch;
	bool fresh;		/* only what this connection stored since the last push */
};

/* Sends what is built; on success the mark moves to m. 1: stop (failed). */
static int send_upto(struct walk *w, const struct mark *m)
{
	struct remote *r = w->r;
	uint64_t dropped = r->st->dropped;
	enum send_result res = rw_flush(r);

	if (res == FAILED)
		return 1;
	w->acked = *m;
	if (w->fresh && r->o->mark_later) {
		r->pending = true;
		r->pending_mark = *m;
		r->pending_dropped += r->st->dropped - dropped;
		return 0;
	}
	return save_mark(r, m, r->st->dropped - dropped);
}

/* One sample read from the database: snapshot boundaries, cuts, the sample. */
static int walk_row(struct walk *w, const struct db_row *row)
{
	struct remote *r = w->r;
	struct groups *g = &w->g;
	const struct rseries *rs;
	struct mark m;
	int rc;

	if (g->started && row->ts != g->cur_ts) {
		if (finish_group(r, g) < 0)
			return -1;
		/* A request ends with a whole snapshot when it can. */
		m = (struct mark){ w->last.ts, INT64_MAX, g->prev_count };
		if (r->q.nsamples >= w->batch && (rc = send_upto(w, &m)))
			return rc;
	} else if (g->started && r->q.nsamples >= 2 * w->batch) {
		/* A snapshot larger than two requests (an import) is cut. */
		if ((rc = send_upto(w, &w->last)))
			return rc;
		g->cur_partial = true;
	}
	if (!g->started) {
		g->started = true;
		g->cur_ts = row->ts;
	}
	ALLOC_GROW(g->cur, g->ncur + 1, g->acur);
	g->cur[g->ncur++] = row->series_id;
	if ((rs = rw_series_of(r, row->series_id)))
		rw_request_add(&r->q, rs, row->series_id, row->ts * 1000, row->value);
	else
		r->st->skipped++;
	w->last = (struct mark){ row->ts, row->series_id, -1 };
	return 0;
}

/*
 * The snapshot at the mark was sent whole, but another run stored samples
 * of that second since (two runs in one second: each read before the
 * other's commit): the push sends that second again, the engines taking
 * what they had as duplicates.
 */
static void resend_mark_time(struct walk *w)
{
	FREE_AND_NULL(w->g.prev);
	w->g.nprev = w->g.aprev = 0;
	w->g.have_prev = false;
	w->last = (struct mark){ w->acked.ts, INT64_MIN, -1 };
	w->g.started = true;
	w->g.cur_ts = w->acked.ts;
	w->g.cur_partial = true;
}

/*
 * Where a push begins: the mark, made for a new remote at `start`, or the
 * one the last push left when this connection stored all that followed it.
 */
static int begin_at(struct remote *r, int64_t start, struct walk *w)
{
	int64_t cut;

	if (w->fresh) {
		w->acked = (struct mark){ r->mark_ts, INT64_MAX, (int64_t)r->nmark_ids };
	} else {
		if (!read_mark(r, &w->acked)) {
			w->acked = (struct mark){ start - 1, INT64_MAX, -1 };
			if (save_mark(r, &w->acked, 0) < 0)
				return -1;
		}
		cut = db_raw_cut(r->db);
		if (w->acked.ts < cut - 1)
			warning("%s: samples before %lld expired (--retain) before they were pushed",
				r->o->url, (long long)cut);
	}
	w->last = w->acked;
	if (w->acked.id != INT64_MAX) {
		/* The last push cut a snapshot: its rest has no markers. */
		w->g.started = true;
		w->g.cur_ts = w->acked.ts;
		w->g.cur_partial = true;
		return 0;
	}
	if (w->fresh) {
		w->g.prev = r->mark_ids;
		w->g.nprev = r->nmark_ids;
		r->mark_ids = NULL;
	} else if (db_series_at(r->db, w->acked.ts, &w->g.prev, &w->g.nprev) < 0) {
		return -1;
	}
	w->g.aprev = w->g.nprev;
	w->g.have_prev = true;
	w->g.prev_ts = w->acked.ts;
	w->g.prev_count = w->acked.count;
	if (w->acked.count >= 0 && (int64_t)w->g.nprev > w->acked.count)
		resend_mark_time(w);
	return 0;
}

/* The rows are read: the newest snapshot is whole (a snapshot is one transaction). */
static int end_walk(struct walk *w, int64_t newest)
{
	struct mark m;

	if (finish_group(w->r, &w->g) < 0)
		return -1;
	m = (struct mark){ newest, INT64_MAX, w->g.prev_count };
	return w->r->q.nsamples ? send_upto(w, &m) : 0;
}

static int walk_backlog(struct walk *w)
{
	/* Read a page at a time: a run's own snapshot is a few hundred rows. */
	size_t page = w->batch < 4096 ? w->batch : 4096;
	struct db_row *rows = xreallocarray(NULL, page, sizeof(*rows));
	struct mark read = w->last;
	int ret = 0;
	long n, i;

	for (;;) {
		n = db_rows_after(w->r->db, read.ts, read.id, INT64_MAX, rows, page);
		if (n < 0) {
			ret = -1;
			break;
		}
		for (i = 0; i < n && !ret; i++)
			ret = walk_row(w, &rows[i]);
		if (ret)
			break;
		if (n)
			read = (struct mark){ rows[n - 1].ts, rows[n - 1].series_id, -1 };
		if ((size_t)n < page) {
			ret = end_walk(w, read.ts);
			break;
		}
	}
	free(rows);
	return ret;
}

/* The same over the samples this connection stored since the last push. */
static int walk_fresh(struct walk *w, struct db_row *rows, size_t n)
{
	size_t i;
	int ret = 0;

	qsort(rows, n, sizeof(*rows), cmp_row);
	for (i = 0; i < n && !ret; i++)
		ret = walk_row(w, &rows[i]);
	return ret ? ret : end_walk(w, n ? rows[n - 1].ts : w->last.ts);
}

/*
 * Whether the samples this connection stored since the last push are the
 * whole backlog: that push sent everything up to the snapshot at the mark,
 * and nothing else was stored since (a recorder that runs on then reads
 * nothing back).
 */
static bool fresh_backlog(struct remote *r, struct db_row **rows, size_t *n)
{
	int whole = db_added_take(r->db, rows, n);
	size_t i;

	if (whole != 1 || !r->mark_ids)
		return false;
	for (i = 0; i < *n; i++)
		if ((*rows)[i].ts <= r->mark_ts)
			return false;
	return true;
}

int remote_push_backlog(struct remote *r, int64_t start, double budget, struct remote_stats *st)
{
	struct walk w = { .r = r };
	struct db_row *fresh;
	size_t nfresh;
	int lock, ret;

	rw_push_start(r, budget, st);
	lock = lock_push(r);
	if (lock == -2)
		return 0;	/* another run is pushing this backlog */
	w.fresh = fresh_backlog(r, &fresh, &nfresh);
	w.batch = rw_batch_size(r->o);
	/* Read from the database, the mark must be there first. */
	ret = w.fresh ? 0 : remote_save_mark(r);
	if (!ret)
		ret = begin_at(r, start, &w);
	if (!ret)
		ret = w.fresh ? walk_fresh(&w, fresh, nfresh) : walk_backlog(&w);
	free(fresh);
	if (ret > 0)
		warn_backlog(r, &w.acked);
	FREE_AND_NULL(r->mark_ids);
	if (!ret && w.g.have_prev && w.acked.id == INT64_MAX && w.g.prev_ts == w.acked.ts) {
		r->mark_ids = w.g.prev;	/* for the next push of this recorder */
		r->nmark_ids = w.g.nprev;
		r->mark_ts = w.acked.ts;
		w.g.prev = NULL;
	}
	free(w.g.prev);
	free(w.g.cur);
	if (lock == 0)
		flock(r->lock_fd, LOCK_UN);
	return ret;
}

/* --- hr-query's backfill ------------------------------------------------------ */

/* Adds rows to requests, sending each full one; -1 when a send failed. */
static int add_rows(struct remote *r, const struct db_row *rows, size_t n, size_t batch)
{
	const struct rseries *rs;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!(rs = rw_series_of(r, rows[i].series_id))) {
			r->st->skipped++;
			continue;
		}
		rw_request_add(&r->q, rs, rows[i].series_id, rows[i].ts * 1000, rows[i].value);
		if (r->q.nsamples >= batch && rw_flush(r) == FAILED)
			return -1;
	}
	return 0;
}

#define ROLLUP_WINDOW (30 * 86400)

/*
 * Where only roll-ups remain: a month at a time, each series read on its
 * own (roll-ups are stored series by series), then merged in time order.
 */
static int backfill_rollups(struct remote *r, const int64_t *ids, size_t n, int64_t since,
			    int64_t end, size_t batch)
{
	struct db_row *rows = NULL;
	size_t nrows, arows = 0, i, k;
	int64_t a;
	int ret = 0;

	for (a = since; a < end && !ret; a += ROLLUP_WINDOW) {
		int64_t b = a + ROLLUP_WINDOW - 1 < end - 1 ? a + ROLLUP_WINDOW - 1 : end - 1;

		nrows = 0;
		for (i = 0; i < n && !ret; i++) {
			struct db_point *p;
			size_t np;

			if (db_read_series(r->db, ids[i], a, b, 0, NULL, &p, &np) < 0) {
				ret = -1;
				break;
			}
			ALLOC_GROW(rows, nrows + np, arows);
			for (k = 0; k < np; k++)
				rows[nrows++] = (struct db_row){ p[k].ts, ids[i], p[k].value };
			free(p);
		}
		if (!ret && nrows) {
			qsort(rows, nrows, sizeof(*rows), cmp_row);
			ret = add_rows(r, rows, nrows, batch);
		}
	}
	free(rows);
	return ret;
}

/* The raw samples, read in their own order and kept when their series is chosen. */
static int backfill_raw(struct remote *r, const int64_t *ids, size_t n, int64_t since,
			int64_t until, size_t batch)
{
	struct db_row *rows = xcalloc(batch, sizeof(*rows));
	int64_t max_id = 0, after_ts = since - 1, after_id = INT64_MAX;
	bool *chosen;
	size_t i, k;
	long got;
	int ret = 0;

	for (i = 0; i < n; i++)
		if (ids[i] > max_id)
			max_id = ids[i];
	chosen = xcalloc((size_t)max_id + 1, sizeof(*chosen));
	for (i = 0; i < n; i++)
		if (ids[i] >= 0)
			chosen[ids[i]] = true;
	do {
		got = db_rows_after(r->db, after_ts, after_id, until, rows, batch);
		if (got < 0) {
			ret = -1;
			break;
		}
		if (!got)
			break;
		after_ts = rows[got - 1].ts;
		after_id = rows[got - 1].series_id;
		for (i = k = 0; i < (size_t)got; i++)
			if (rows[i].series_id >= 0 && rows[i].series_id <= max_id && chosen[rows[i].series_id])
				rows[k++] = rows[i];
		ret = add_rows(r, rows, k, batch);
	} while (!ret && (size_t)got == batch);
	free(rows);
	free(chosen);
	return ret;
}

int remote_push_history(struct remote *r, const int64_t *ids, size_t n, int64_t since,
			int64_t until, double budget, struct remote_stats *st)
{
	size_t batch = rw_batch_size(r->o);
	int64_t cut;
	int ret = 0;

	rw_push_start(r, budget, st);
	cut = db_raw_cut(r->db);
	if (since < db_oldest_time(r->db))
		since = db_oldest_time(r->db);
	if (cut != INT64_MIN && since < cut)
		ret = backfill_rollups(r, ids, n, since, cut < until + 1 ? cut : until + 1, batch);
	if (!ret && until >= cut)
		ret = backfill_raw(r, ids, n, since > cut ? since : cut, until, batch);
	if (!ret && rw_flush(r) == FAILED)
		ret = -1;
	if (ret < 0 && r->why.len)
		error("%s: not pushed (%s); %llu samples were sent before", r->o->url, r->why.buf,
		      (unsigned long long)st->sent);
	if (!ret && (st->dropped || st->skipped))
		ret = 1;
	return ret;
}
