// SPDX-License-Identifier: GPL-3.0-or-later
/* Unit tests of the history database against real SQLite in a scratch file. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "headroom/db.h"
#include "headroom/strbuf.h"
#include "tap.h"

static char path[256];

static void aggs(void)
{
	struct db_agg a;

	ok(db_parse_agg("p95", &a) == 0 && a.kind == DB_AGG_PCT && a.q > 0.949 && a.q < 0.951, "p95");
	ok(db_parse_agg("p99.9", &a) == 0 && a.q > 0.9989 && a.q < 0.9991, "p99.9");
	ok(db_parse_agg("avg", &a) == 0 && a.kind == DB_AGG_AVG, "avg");
	ok(db_parse_agg("p101", &a) < 0, "p101 is rejected");
	ok(db_parse_agg("average", &a) < 0, "unknown aggregate is rejected");
}

static int64_t t0 = 1700000000 / 3600 * 3600;	/* an hour boundary */

static void write_read(void)
{
	struct db db;
	struct db_point *p = NULL;
	size_t n = 0, i;
	struct db_agg a;
	struct db_series *s;
	struct selector sel;
	const char *why;
	int64_t id, id2;

	ok(db_open(&db, path, DB_CREATE) == 0, "create a new database");
	id = db_series_id(&db, "cpu.util", "", "percent", "gauge");
	ok(id > 0, "series id");
	is_int(db_series_id(&db, "cpu.util", "", "percent", "gauge"), id, "the same id again");
	id2 = db_series_id(&db, "disk.read_bps", "dev=sda", "bytes/s", "rate");
	ok(id2 > 0 && id2 != id, "a second series");
	ok(db_begin(&db) == 0, "begin");
	/* 6 hours of 10-second samples: value = minute of the hour, so known stats */
	for (i = 0; i < 6 * 360; i++) {
		int64_t ts = t0 + (int64_t)i * 10;
		db_add_sample(&db, id, ts, (double)((ts - t0) % 3600 / 60));
		db_add_sample(&db, id2, ts, 1000);
	}
	ok(db_commit(&db) == 0, "commit 4320 samples");

	ok(db_read_series(&db, id, t0, t0 + 59, 0, NULL, &p, &n) == 0 && n == 6, "raw read of one minute");
	free(p);
	db_parse_agg("avg", &a);
	ok(db_read_series(&db, id, t0, t0 + 6 * 3600, 3600, &a, &p, &n) == 0, "hourly avg from raw");
	is_int(n, 6, "six hours");
	is_num(n ? p[0].value : 0, 29.5, 1e-9, "avg of minutes 0..59");
	is_int(n ? p[0].ts : 0, t0, "stamped at the bucket start");
	free(p);

	/* The same answer from roll-ups as from raw for every exact aggregate. */
	{
		static const char *const an[] = { "avg", "min", "max", "sum", "count", "last", "p95" };
		struct db_point *raw[7];
		size_t nraw[7], k;

		for (k = 0; k < 7; k++) {
			db_parse_agg(an[k], &a);
			db_read_series(&db, id, t0, t0 + 6 * 3600, k == 6 ? 3600 : 7200, &a, &raw[k], &nraw[k]);
		}
		ok(db_begin(&db) == 0 && db_rollup(&db, t0 + 5 * 3600 + 100) == 0 && db_commit(&db) == 0,
		   "roll up five complete hours");
		for (k = 0; k < 7; k++) {
			db_parse_agg(an[k], &a);
			db_read_series(&db, id, t0, t0 + 6 * 3600, k == 6 ? 3600 : 7200, &a, &p, &n);
			ok(n == nraw[k] && n >= 3 && !memcmp(p, raw[k], n * sizeof(*p)),
			   "%s: roll-ups give the raw answer", an[k]);
			free(p);
			free(raw[k]);
		}
	}
	db_parse_agg("p95", &a);
	ok(db_read_series(&db, id, t0, t0 + 6 * 3600, 3600, &a, &p, &n) == 0 && n == 6, "hourly p95 with roll-ups");
	is_num(n ? p[0].value : 0, 56.05, 1e-9, "p95 of minutes 0..59 (6 samples each, type 7)");
	free(p);

	ok(db_list_series(&db, NULL, true, &s, &n) == 0 && n == 2, "list all series");
	if (n == 2) {
		is_str(s[0].name, "cpu.util", "sorted by name");
		is_int(s[0].count, 2160, "count");
		is_int(s[0].first, t0, "first");
		is_int(s[0].last, t0 + 2159 * 10, "last");
		is_str(s[1].unit, "bytes/s", "unit");
	}
	db_series_free(s, n);
	selector_parse(&sel, "disk.*{dev=sd?}", &why);
	ok(db_list_series(&db, &sel, false, &s, &n) == 0 && n == 1, "list by selector");
	db_series_free(s, n);
	selector_release(&sel);

	/* Expire raw samples before hour 4: the step answers do not change. */
	{
		struct db_point *before = NULL, *after = NULL;
		size_t nb = 0, na = 0;
		db_parse_agg("max", &a);
		db_read_series(&db, id, t0, t0 + 6 * 3600, 3600, &a, &before, &nb);
		ok(db_begin(&db) == 0 && db_retain(&db, t0 + 4 * 3600, 0) == 0 && db_commit(&db) == 0,
		   "retention deletes old raw samples");
		db_read_series(&db, id, t0, t0 + 6 * 3600, 3600, &a, &after, &na);
		ok(nb == na && nb == 6 && !memcmp(before, after, nb * sizeof(*before)),
		   "hourly max is the same from roll-ups after raw expired");
		free(before);
		free(after);
		db_read_series(&db, id, t0, t0 + 6 * 3600, 0, NULL, &p, &n);
		ok(n == 4 + 2 * 360, "raw read: hourly averages stand in for expired hours");
		if (n > 4) {
			is_int(p[0].ts, t0, "first stand-in at the hour");
			is_num(p[0].value, 29.5, 1e-9, "holding the hour's average");
			is_int(p[4].ts, t0 + 4 * 3600, "then raw samples");
		}
		free(p);
		db_parse_agg("p50", &a);
		ok(db_read_series(&db, id, t0, t0 + 6 * 3600, 7200, &a, &p, &n) == 0 && n == 3,
		   "p50 at 2h mixes roll-ups and raw");
		free(p);
	}
	db_close(&db);

	ok(db_open(&db, path, DB_READONLY) == 0, "reopen read-only");
	{
		char *v = db_meta_get(&db, "rolled_until");

		ok(v != NULL, "meta survives");
		free(v);
	}
	db_close(&db);
}

static void versions(void)
{
	struct db db;
	sqlite3 *h;
	char p2[300];

	snprintf(p2, sizeof(p2), "%s-new", path);
	ok(db_open(&db, p2, DB_CREATE) == 0, "create");
	db_close(&db);
	sqlite3_open(p2, &h);
	sqlite3_exec(h, "PRAGMA user_version = 99", NULL, NULL, NULL);
	sqlite3_close(h);
	ok(db_open(&db, p2, 0) < 0, "a newer schema is refused");
	unlink(p2);
	ok(db_open(&db, p2, DB_READONLY) < 0, "read-only open of a missing file fails");
	ok(access(p2, F_OK) < 0, "and creates nothing");
	sqlite3_open(p2, &h);
	sqlite3_exec(h, "PRAGMA user_version = 0; CREATE TABLE x(y)", NULL, NULL, NULL);
	sqlite3_close(h);
	ok(db_open(&db, p2, 0) == 0, "version 0 is migrated");
	db_close(&db);
	sqlite3_open(p2, &h);
	{
		sqlite3_stmt *st;
		sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &st, NULL);
		sqlite3_step(st);
		is_int(sqlite3_column_int(st, 0), DB_SCHEMA_VERSION, "to the current version");
		sqlite3_finalize(st);
		sqlite3_prepare_v2(h, "PRAGMA journal_mode", -1, &st, NULL);
		sqlite3_step(st);
		is_str((const char *)sqlite3_column_text(st, 0), "wal", "in WAL mode");
		sqlite3_finalize(st);
	}
	sqlite3_close(h);
	unlink(p2);
	snprintf(p2, sizeof(p2), "%s-new-wal", path);
	unlink(p2);
	snprintf(p2, sizeof(p2), "%s-new-shm", path);
	unlink(p2);
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	char suffix[64];

	snprintf(path, sizeof(path), "%s/test-db-%d.db", tmp && *tmp ? tmp : "/tmp", (int)getpid());
	aggs();
	write_read();
	versions();
	unlink(path);
	snprintf(suffix, sizeof(suffix), "-wal");
	strcat(path, suffix);
	unlink(path);
	path[strlen(path) - 4] = 0;
	strcat(path, "-shm");
	unlink(path);
	return done_testing();
}
