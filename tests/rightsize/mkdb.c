// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Test and benchmark helper for hr-rightsize: history databases that
 * hr-record would take too long to fill.
 *
 *   rightsize-mkdb retain DB RAW_BEFORE   roll up, then drop raw samples older
 *                                         than RAW_BEFORE (Unix seconds)
 *   rightsize-mkdb bench DB N DAYS        N cgroups with DAYS of hourly roll-ups
 *                                         only (no raw samples), ending at
 *                                         2026-01-01T00:00:00Z
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "headroom/db.h"
#include "headroom/error.h"
#include "headroom/strbuf.h"

#define END 1767225600LL

static unsigned long long rng = 42;
static double rnd(void)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double)(rng >> 11) / 9007199254740992.0;
}

static void insert(sqlite3_stmt *st, int64_t id, int64_t hour, double min, double max,
		   double mean, double p95, double last)
{
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, hour);
	sqlite3_bind_int64(st, 3, 60);
	sqlite3_bind_double(st, 4, min);
	sqlite3_bind_double(st, 5, max);
	sqlite3_bind_double(st, 6, mean * 60);
	sqlite3_bind_double(st, 7, p95);
	sqlite3_bind_double(st, 8, last);
	if (sqlite3_step(st) != SQLITE_DONE)
		die("insert: %s", sqlite3_errmsg(sqlite3_db_handle(st)));
	sqlite3_reset(st);
}

static void bench(struct db *db, int n, int days)
{
	static const char *names[] = {
		"cgroup.cpu.cores", "cgroup.cpu.limit_cores", "cgroup.cpu.throttled_pct",
		"cgroup.mem.bytes", "cgroup.mem.peak_bytes", "cgroup.mem.limit_bytes",
		"cgroup.mem.oom_kills",
	};
	struct strbuf labels = STRBUF_INIT, path = STRBUF_INIT;
	sqlite3_stmt *st;
	int64_t start = END - (int64_t)days * 86400, h;
	char buf[32];
	int i, k;

	if (db_begin(db) < 0)
		exit(2);
	if (sqlite3_prepare_v2(db->sql, "INSERT OR REPLACE INTO rollups(series_id, hour, count, min,"
			       " max, sum, p95, last) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", -1, &st,
			       NULL) != SQLITE_OK)
		die("prepare: %s", sqlite3_errmsg(db->sql));
	for (i = 0; i < n; i++) {
		int64_t id[7];
		double cpu = 0.05 + 2 * rnd(), limit = ceil(cpu * (1 + 3 * rnd()));
		double mem = (64 + 2000 * rnd()) * 1048576, memlimit = ceil(mem * 2 / 1073741824) * 1073741824;
		double leak = i % 10 == 0 ? mem / 200 / 24 : 0;	/* per hour */

		strbuf_reset(&path);
		strbuf_addf(&path, "/bench.slice/s%03d.service", i);
		strbuf_reset(&labels);
		db_label_add(&labels, "cgroup", path.buf);
		db_label_add(&labels, "host", "bench");
		for (k = 0; k < 7; k++)
			if ((id[k] = db_series_id(db, names[k], labels.buf, "", "gauge")) < 0)
				exit(2);
		for (h = start; h < END; h += 3600) {
			double day = sin(2 * M_PI * (double)(h % 86400) / 86400);
			double c = cpu * (1 + 0.3 * day) * (0.9 + 0.2 * rnd());
			double m = mem + leak * (double)(h - start) / 3600;

			insert(st, id[0], h, c * 0.5, c * 1.4, c, c * 1.2, c);
			insert(st, id[1], h, limit, limit, limit, limit, limit);
			insert(st, id[2], h, 0, 1, 0.1, 0.5, 0);
			insert(st, id[3], h, m * 0.95, m, m * 0.97, m * 0.99, m);
			insert(st, id[4], h, m, m * 1.02, m * 1.01, m * 1.02, m);
			insert(st, id[5], h, memlimit, memlimit, memlimit, memlimit, memlimit);
			insert(st, id[6], h, 0, 0, 0, 0, 0);
		}
	}
	sqlite3_finalize(st);
	snprintf(buf, sizeof(buf), "%lld", END);
	if (db_meta_set(db, "rolled_until", buf) < 0 || db_commit(db) < 0)
		exit(2);
	strbuf_release(&labels);
	strbuf_release(&path);
}

int main(int argc, char **argv)
{
	struct db db;

	set_progname(argv[0]);
	if (argc == 4 && !strcmp(argv[1], "retain")) {
		if (db_open(&db, argv[2], 0) < 0 || db_begin(&db) < 0 ||
		    db_retain(&db, strtoll(argv[3], NULL, 10), 0) < 0 || db_commit(&db) < 0)
			return 2;
	} else if (argc == 5 && !strcmp(argv[1], "bench")) {
		if (db_open(&db, argv[2], DB_CREATE) < 0)
			return 2;
		bench(&db, atoi(argv[3]), atoi(argv[4]));
	} else {
		fprintf(stderr, "usage: rightsize-mkdb retain DB RAW_BEFORE | bench DB N DAYS\n");
		return 2;
	}
	db_close(&db);
	return 0;
}
