// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-record --remote-write: after a snapshot is stored, the backlog goes to
 * the remote through libheadroom-prom, loaded only when a push is due (its
 * libcurl costs more to load than a one-shot run takes).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/db.h"
#include "headroom/dynlib.h"
#include "headroom/error.h"
#include "headroom/progress.h"
#include "headroom/remote.h"
#include "record.h"

/* The meta key of the last push's time, for --remote-write-every. */
static char *attempt_key(const char *url)
{
	return xasprintf("record/push_attempt %s", url);
}

/* Whether --remote-write-every lets this run push. */
static bool push_due(struct db *db, const struct record_options *o, int64_t now)
{
	char *key, *v;
	bool due = true;

	if (o->push_every <= 0)
		return true;
	key = attempt_key(o->remote.url);
	v = db_meta_get(db, key);
	if (v && now - strtoll(v, NULL, 10) < (int64_t)o->push_every)
		due = false;
	free(v);
	free(key);
	return due;
}

static void note_attempt(struct db *db, const struct record_options *o, int64_t now)
{
	char *key, buf[32];

	if (o->push_every <= 0)
		return;
	key = attempt_key(o->remote.url);
	snprintf(buf, sizeof(buf), "%lld", (long long)now);
	if (db_begin(db) == 0) {
		if (db_meta_set(db, key, buf) == 0)
			db_commit(db);
		else
			db_rollback(db);
	}
	free(key);
}

int push_snapshot(struct db *db, const struct record_options *o, struct pusher_state *ps,
		  int64_t ts, double budget)
{
	struct remote_stats st;
	int rc;

	if (!o->remote.url || !push_due(db, o, ts))
		return 0;
	if (!ps->remote) {
		ps->remote = DYNLIB_FN("prom", remote_open)(db, &o->remote);
		if (!ps->remote)
			return -1;
	}
	note_attempt(db, o, ts);
	rc = DYNLIB_FN("prom", remote_push_backlog)(ps->remote, ts, budget, &st);
	if (o->verbose && rc >= 0)
		fprintf(stderr, "%s: pushed %llu samples (%llu stale markers) in %llu requests to %s\n",
			progname(), (unsigned long long)st.sent, (unsigned long long)st.stale,
			(unsigned long long)st.requests, o->remote.url);
	return rc < 0 ? -1 : 0;
}

int push_save_mark(struct pusher_state *ps)
{
	return ps->remote ? DYNLIB_FN("prom", remote_save_mark)(ps->remote) : 0;
}

void push_release(struct pusher_state *ps)
{
	if (ps->remote)
		DYNLIB_FN("prom", remote_close)(ps->remote);
	ps->remote = NULL;
}
