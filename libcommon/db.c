// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The SQLite history database: open/migrate, samples, roll-ups, retention and
 * the read path that serves raw points and step aggregates (see db.h).
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "headroom/alloc.h"
#include "headroom/db.h"
#include "headroom/error.h"
#include "headroom/labels.h"
#include "headroom/stackmap.h"
#include "headroom/stats.h"
#include "headroom/units.h"
#include "db-impl.h"

#define HOUR 3600

/* Statements a connection keeps between calls (kept()). */
enum { KEPT_META_GET, KEPT_META_SET, KEPT_ROWS_AFTER, KEPT_SERIES_AT, KEPT_DATA_VERSION, NKEPT };

struct db_cache {
	struct stackmap ids;		/* "name\x1flabels" -> id */
	bool loaded;			/* ids holds every series */
	sqlite3_stmt *ins_sample, *upd_sample, *find_series, *ins_series;
	sqlite3_stmt *kept[NKEPT];
	/* The samples db_add_sample() stored since db_added_take() (db.h). */
	struct db_row *added;
	size_t nadded, aadded;
	bool tracking, added_whole;
	int64_t version;		/* PRAGMA data_version at the take */
};

/* More than this many samples between two takes (1.5 MB) are not kept:
 * such a backlog is read back from the database. */
#define ADDED_MAX 65536

/* Writers wait this long for one another: a slow cron run meeting the next. */
#define BUSY_TIMEOUT_MS 60000

static bool sqlite3_config_done;

/* Pages in the WAL (4 KiB each) after which a commit checkpoints it. */
#define WAL_CHECKPOINT_FRAMES 64

/*
 * Replaces SQLite's auto-checkpoint, which after a process restart only ever
 * copies: recovery marks the WAL unbackfilled, so it never restarts and grows.
 * TRUNCATE empties the file; with a reader in the way (no waiting here) the
 * copy is still done and the truncation waits for a later commit.
 */
static int wal_hook(void *arg, sqlite3 *h, const char *name, int frames)
{
	(void)arg;
	if (frames < WAL_CHECKPOINT_FRAMES)
		return SQLITE_OK;
	sqlite3_busy_timeout(h, 0);
	sqlite3_wal_checkpoint_v2(h, name, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	sqlite3_busy_timeout(h, BUSY_TIMEOUT_MS);
	return SQLITE_OK;
}

/* SQLite's message, with the system's reason when there is one ("disk I/O
 * error" says little; "No space left on device" says what to do). */
static int report(struct db *db, const char *what, const char *msg)
{
	int e = sqlite3_system_errno(db->sql);

	if (e)
		return error("%s '%s': %s (%s)", what, db->path, msg, strerror(e));
	return error("%s '%s': %s", what, db->path, msg);
}

static int sql_error(struct db *db, const char *what)
{
	return report(db, what, sqlite3_errmsg(db->sql));
}

int db_exec(struct db *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db->sql, sql, NULL, NULL, &msg) != SQLITE_OK) {
		report(db, "database", msg ? msg : sqlite3_errmsg(db->sql));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static sqlite3_stmt *prepare(struct db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v3(db->sql, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		sql_error(db, "database");
		return NULL;
	}
	return st;
}

#define SYSTEM_DB "/var/lib/headroom/history.db"

/* An absolute directory from the environment, or NULL. */
static const char *abs_env(const char *name)
{
	const char *v = getenv(name);

	return v && *v == '/' ? v : NULL;
}

char *db_default_path(void)
{
	const char *e = getenv("HEADROOM_DB");
	const char *dir;
	struct passwd *pw;

	if (e && *e)
		return xstrdup(e);
	if (geteuid() == 0)
		return xstrdup(SYSTEM_DB);
	if ((dir = abs_env("XDG_STATE_HOME")))
		return xasprintf("%s/headroom/history.db", dir);
	/* Without $HOME (a bare cron or systemd job), the account's home: never
	 * the current directory, which may be anywhere. */
	if (!(dir = abs_env("HOME")) && (pw = getpwuid(geteuid())) && pw->pw_dir && *pw->pw_dir == '/')
		dir = pw->pw_dir;
	if (!dir)
		return NULL;
	return xasprintf("%s/.local/state/headroom/history.db", dir);
}

int64_t db_now(void)
{
	const char *e = getenv("HEADROOM_NOW");
	double t;

	if (e && *e && parse_timestamp(e, &t) == 0)
		return (int64_t)t;
	return (int64_t)time(NULL);
}

/* mkdir -p of the directory holding path. */
static void make_parent_dirs(const char *path)
{
	char *dir = xstrdup(path), *p;

	for (p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0755) < 0 && errno != EEXIST)
			break;
		*p = '/';
	}
	free(dir);
}

static int user_version(struct db *db)
{
	sqlite3_stmt *st;
	int v = -1;

	if (sqlite3_prepare_v2(db->sql, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return sql_error(db, "cannot read database");
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	else
		sql_error(db, "cannot read database");
	sqlite3_finalize(st);
	return v;
}

/*
 * 2 -> 3: label values follow one escaping rule (labels.h): a process name
 * with a TAB, a newline, another control character or bytes that are not
 * UTF-8 was stored raw (or with the newline as a blank), which broke every
 * series TSV downstream. Labels that parse are written again canonically;
 * a series whose new spelling exists already keeps its old one.
 */
static void add_label(const char *key, const char *value, void *arg)
{
	labels_add(arg, key, value);
}

static int migrate_label_escaping(struct db *db)
{
	struct strbuf canon = STRBUF_INIT;
	sqlite3_stmt *sel = NULL, *upd = NULL;
	int rc, ret = -1;

	if (sqlite3_prepare_v2(db->sql, "SELECT id, labels FROM series", -1, &sel, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db->sql, "UPDATE OR IGNORE series SET labels = ?1 WHERE id = ?2",
			       -1, &upd, NULL) != SQLITE_OK)
		goto out;
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		const char *l = (const char *)sqlite3_column_text(sel, 1);

		if (!l)
			continue;
		strbuf_reset(&canon);
		labels_each(l, add_label, &canon);
		if (!canon.len || !strcmp(canon.buf, l))
			continue;
		sqlite3_bind_text(upd, 1, canon.buf, -1, SQLITE_STATIC);
		sqlite3_bind_int64(upd, 2, sqlite3_column_int64(sel, 0));
		rc = sqlite3_step(upd);
		sqlite3_reset(upd);
		if (rc != SQLITE_DONE)
			goto out;
	}
	if (rc == SQLITE_DONE)
		ret = 0;
out:
	if (ret)
		sql_error(db, "cannot upgrade database");
	sqlite3_finalize(sel);
	sqlite3_finalize(upd);
	strbuf_release(&canon);
	return ret;
}

/*
 * Forward migrations, one per version: migrations[i] brings version i to
 * i+1, its SQL first and then its function (either may be NULL). Each runs
 * in the same transaction as the user_version bump.
 */
static const struct migration {
	const char *sql;
	int (*fn)(struct db *db);
} migrations[] = {
	/* 0 -> 1 */
	{ "CREATE TABLE series(id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
	  " labels TEXT NOT NULL DEFAULT '', unit TEXT NOT NULL DEFAULT '',"
	  " kind TEXT NOT NULL DEFAULT 'gauge', UNIQUE(name, labels));"
	  "CREATE TABLE samples(ts INTEGER NOT NULL, series_id INTEGER NOT NULL,"
	  " value REAL NOT NULL, PRIMARY KEY(ts, series_id)) WITHOUT ROWID;"
	  "CREATE TABLE rollups(series_id INTEGER NOT NULL, hour INTEGER NOT NULL,"
	  " count INTEGER NOT NULL, min REAL, max REAL, sum REAL, p95 REAL, last REAL,"
	  " PRIMARY KEY(series_id, hour)) WITHOUT ROWID;"
	  "CREATE TABLE counters(key TEXT PRIMARY KEY, ts REAL NOT NULL,"
	  " value REAL NOT NULL) WITHOUT ROWID;"
	  "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;", NULL },
	/* 1 -> 2: the recorder keeps its counters as one meta blob, which costs
	 * one row write per snapshot instead of one per counter. */
	{ "DROP TABLE counters;", NULL },
	/* 2 -> 3 */
	{ NULL, migrate_label_escaping },
	/* 3 -> 4: stack profiles (db-profile.c). Frames and stacks interned once,
	 * a stack as a blob of frame ids; a window's counts one blob. */
	{ "CREATE TABLE prof_frames(id INTEGER PRIMARY KEY, hash INTEGER NOT NULL, name TEXT NOT NULL);"
	  "CREATE INDEX prof_frames_hash ON prof_frames(hash);"
	  "CREATE TABLE prof_stacks(id INTEGER PRIMARY KEY, hash INTEGER NOT NULL,"
	  " frames BLOB NOT NULL);"
	  "CREATE INDEX prof_stacks_hash ON prof_stacks(hash);"
	  "CREATE TABLE prof_series(id INTEGER PRIMARY KEY, labels TEXT NOT NULL UNIQUE);"
	  "CREATE TABLE prof_windows(ts INTEGER NOT NULL, series_id INTEGER NOT NULL,"
	  " span INTEGER NOT NULL, counts BLOB NOT NULL,"
	  " PRIMARY KEY(ts, series_id)) WITHOUT ROWID;", NULL },
	/* 4 -> 5: frames and stacks carry the time of a window that used them
	 * (db-profile.c), so that retention can delete those no window uses;
	 * the ones stored before count as used by the newest window. Frames
	 * name the binary (path and build-id) that named them, for pprof. */
	{ "ALTER TABLE prof_frames ADD COLUMN last INTEGER NOT NULL DEFAULT 0;"
	  "ALTER TABLE prof_frames ADD COLUMN module INTEGER NOT NULL DEFAULT 0;"
	  "ALTER TABLE prof_stacks ADD COLUMN last INTEGER NOT NULL DEFAULT 0;"
	  "UPDATE prof_frames SET last = (SELECT coalesce(max(ts), 0) FROM prof_windows);"
	  "UPDATE prof_stacks SET last = (SELECT coalesce(max(ts), 0) FROM prof_windows);"
	  "CREATE TABLE prof_modules(id INTEGER PRIMARY KEY, path TEXT NOT NULL,"
	  " build_id TEXT NOT NULL DEFAULT '', UNIQUE(path, build_id));", NULL },
};

_Static_assert(sizeof(migrations) / sizeof(*migrations) == DB_SCHEMA_VERSION,
	       "one migration a schema version");

static int migrate(struct db *db)
{
	int v = user_version(db);
	int target = (int)(sizeof(migrations) / sizeof(*migrations));
	char buf[64];

	if (v < 0)
		return -1;
	if (v > target)
		return error("database '%s' has schema version %d, newer than this build's %d",
			     db->path, v, target);
	if (v == target)
		return 0;
	if (db->readonly)
		return error("database '%s' has schema version %d; run hr-record once to upgrade it",
			     db->path, v);
	if (db_begin(db) < 0)
		return -1;
	/* Another writer may have migrated while we waited for the lock. */
	v = user_version(db);
	for (; v >= 0 && v < target; v++) {
		if (migrations[v].sql && db_exec(db, migrations[v].sql) < 0)
			goto fail;
		if (migrations[v].fn && migrations[v].fn(db) < 0)
			goto fail;
		snprintf(buf, sizeof(buf), "PRAGMA user_version = %d", v + 1);
		if (db_exec(db, buf) < 0)
			goto fail;
	}
	return db_commit(db);
fail:
	db_rollback(db);
	return -1;
}

/*
 * Where a missing database could be instead: a user without a history of
 * their own is most likely looking for the one root records.
 */
static void hint_missing(const char *path)
{
	char *def = db_default_path();

	if (def && !strcmp(def, path) && geteuid() != 0) {
		if (access(SYSTEM_DB, R_OK) == 0)
			error("hint: the system's history is %s: give --db %s or set HEADROOM_DB",
			      SYSTEM_DB, SYSTEM_DB);
		else
			error("hint: record a history with hr-record first, or name one with --db or HEADROOM_DB");
	}
	free(def);
}

/*
 * A reader of a WAL database must map its -shm file and see its -wal file,
 * creating them when they are missing (after a checkpointing close). A user
 * who may read the file but not write its directory (another user's
 * history, a read-only mount) cannot: with no -wal file, or an empty one (a
 * truncating checkpoint), every committed page is in the main file, and
 * SQLite may read it as immutable. A writer starting meanwhile only appends
 * to the -wal; its first checkpoint may make such a read fail, never wrong
 * silently (SQLite checks each page). A -wal with frames and no -shm may
 * hold commits the main file lacks, which SQLite cannot read without a
 * -shm: reading the main file alone would be stale, so that is an error.
 * Returns 1 to read immutable, 0 to open as usual, -1 on that error.
 */
static int read_immutable(const char *path)
{
	char *wal = xasprintf("%s-wal", path), *shm = xasprintf("%s-shm", path);
	char *dir = xstrdup(path), *slash;
	struct stat st;
	int r = 0;

	slash = strrchr(dir, '/');
	if (slash)
		slash[slash == dir] = '\0';
	if (access(slash ? dir : ".", W_OK) == 0)
		goto out;
	if (stat(wal, &st) < 0) {
		r = errno == ENOENT;
	} else if (st.st_size == 0) {
		r = 1;
	} else if (access(shm, F_OK) < 0 && errno == ENOENT) {
		r = error("cannot read database '%s': its write-ahead log '%s' holds changes "
			  "not yet in the database, and reading them needs '%s', which this "
			  "user may not create in '%s'", path, wal, shm, slash ? dir : ".");
		error("hint: a user who may write there can create it by reading the database "
		      "once, or checkpoint it: sqlite3 '%s' 'PRAGMA wal_checkpoint(TRUNCATE)'", path);
	}
out:
	free(wal);
	free(shm);
	free(dir);
	return r;
}

/* "file:PATH?immutable=1", the path %-escaped where a URI needs it. */
static char *immutable_uri(const char *path)
{
	struct strbuf uri = STRBUF_INIT;

	strbuf_addstr(&uri, "file:");
	for (; *path; path++) {
		if (*path == '%' || *path == '?' || *path == '#')
			strbuf_addf(&uri, "%%%02X", (unsigned char)*path);
		else
			strbuf_addch(&uri, *path);
	}
	strbuf_addstr(&uri, "?immutable=1");
	return strbuf_detach(&uri, NULL);
}

static int open_file(struct db *db, const char *path, unsigned flags)
{
	int oflags = SQLITE_OPEN_NOMUTEX;
	char *uri = NULL;
	int rc;

	if (db->readonly) {
		oflags |= SQLITE_OPEN_READONLY;
		rc = read_immutable(path);
		if (rc < 0)
			return -1;
		if (rc) {
			uri = immutable_uri(path);
			oflags |= SQLITE_OPEN_URI;
		}
	} else {
		oflags |= SQLITE_OPEN_READWRITE;
		if (flags & DB_CREATE) {
			oflags |= SQLITE_OPEN_CREATE;
			make_parent_dirs(path);
		}
	}
	if (access(path, F_OK) < 0 && !(flags & DB_CREATE)) {
		error_errno("cannot open database '%s'", path);
		if (errno == ENOENT)
			hint_missing(path);
		free(uri);
		return -1;
	}
	/* No memory statistics: they cost a global mutex round trip per
	 * allocation (a few percent of a one-shot hr-record run). Only takes
	 * effect before SQLite's first use; later calls fail harmlessly. */
	if (!sqlite3_config_done) {
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
		sqlite3_config_done = true;
	}
	rc = sqlite3_open_v2(uri ? uri : path, &db->sql, oflags, NULL);
	free(uri);
	if (rc != SQLITE_OK)
		return error("cannot open database '%s': %s", path,
			     db->sql ? sqlite3_errmsg(db->sql) : sqlite3_errstr(rc));
	return 0;
}

int db_open(struct db *db, const char *path, unsigned flags)
{
	memset(db, 0, sizeof(*db));
	db->path = path ? xstrdup(path) : db_default_path();
	if (!db->path)
		return error("no home directory to keep the history in: give --db FILE or set HEADROOM_DB");
	path = db->path;
	db->readonly = flags & DB_READONLY;
	if (open_file(db, path, flags) < 0)
		goto fail;
	sqlite3_extended_result_codes(db->sql, 1);
	sqlite3_busy_timeout(db->sql, BUSY_TIMEOUT_MS);
	if (!db->readonly && sqlite3_db_readonly(db->sql, "main") == 1) {
		error("cannot write database '%s': read-only file or directory", path);
		goto fail;
	}
	/*
	 * WAL: readers never block the recorder and a killed writer leaves only an
	 * uncommitted tail. NORMAL sync in WAL mode is still crash-safe for the
	 * database (a power loss may lose the last commits, not corrupt it).
	 */
	if (!db->readonly) {
		if (db_exec(db, "PRAGMA journal_mode=WAL") < 0)
			goto fail;
		/*
		 * No checkpoint at close: a checkpoint per cron run cost four
		 * fsyncs and creating and removing the -wal and -shm files, over
		 * a third of a one-shot run's CPU (kernel time, perf). The WAL is
		 * checkpointed and truncated instead once it holds
		 * WAL_CHECKPOINT_FRAMES pages, every few runs, so the next
		 * open's recovery pass over it stays short. Leaving the files in
		 * place also lets users who cannot write the directory read.
		 */
		sqlite3_db_config(db->sql, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
		sqlite3_wal_hook(db->sql, wal_hook, NULL);
	}
	if (db_exec(db, "PRAGMA synchronous=NORMAL") < 0)
		goto fail;
	/* A file that is not SQLite fails here, with SQLite's own message. */
	if (migrate(db) < 0)
		goto fail;
	db->cache = xcalloc(1, sizeof(*db->cache));
	stackmap_init(&db->cache->ids);
	return 0;
fail:
	db_close(db);
	return -1;
}

void db_finalize_each(sqlite3_stmt *const *st, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sqlite3_finalize(st[i]);
}

void db_close(struct db *db)
{
	if (db->cache) {
		struct db_cache *c = db->cache;

		FINALIZE_ALL(c->ins_sample, c->upd_sample, c->find_series, c->ins_series);
		db_finalize_each(c->kept, NKEPT);
		free(c->added);
		stackmap_release(&db->cache->ids);
		FREE_AND_NULL(db->cache);
	}
	db_profile_release(db);
	if (db->sql)
		sqlite3_close_v2(db->sql);
	db->sql = NULL;
	FREE_AND_NULL(db->path);
}

int db_begin(struct db *db)
{
	return db_exec(db, "BEGIN IMMEDIATE");
}

int db_commit(struct db *db)
{
	if (sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		sql_error(db, "cannot write database");
		db_rollback(db);
		return -1;
	}
	return 0;
}

bool db_in_transaction(struct db *db)
{
	return !sqlite3_get_autocommit(db->sql);
}

void db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->sql))
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
	if (db->cache)
		db->cache->added_whole = false;	/* some of its samples went with it */
	/* The interned ids and marks it learnt may be gone with the transaction. */
	db_profile_release(db);
}

/* Fills the id cache with every series in one query (cheaper than one lookup
 * per series for a snapshot that names them all). */
static int load_series_ids(struct db *db)
{
	struct strbuf key = STRBUF_INIT;
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db->sql, "SELECT id, name, labels FROM series", -1, &st, NULL) != SQLITE_OK)
		return sql_error(db, "cannot read database");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *n = (const char *)sqlite3_column_text(st, 1);
		const char *l = (const char *)sqlite3_column_text(st, 2);

		strbuf_reset(&key);
		strbuf_addstr(&key, n ? n : "");
		strbuf_addch(&key, '\x1f');
		strbuf_addstr(&key, l ? l : "");
		stackmap_add(&db->cache->ids, key.buf, key.len, (double)sqlite3_column_int64(st, 0), 0);
	}
	sqlite3_finalize(st);
	strbuf_release(&key);
	if (rc != SQLITE_DONE)
		return sql_error(db, "cannot read database");
	db->cache->loaded = true;
	return 0;
}

int64_t db_series_id(struct db *db, const char *name, const char *labels,
		     const char *unit, const char *kind)
{
	struct db_cache *c = db->cache;
	struct strbuf key = STRBUF_INIT;
	struct stackmap_entry *e;
	int64_t id = -1;
	int rc;

	if (!c->loaded && load_series_ids(db) < 0)
		goto out;
	strbuf_addstr(&key, name);
	strbuf_addch(&key, '\x1f');
	strbuf_addstr(&key, labels);
	e = stackmap_find(&c->ids, key.buf, key.len);
	if (e) {
		id = (int64_t)e->count[0];
		goto out;
	}
	if (!c->find_series &&
	    !(c->find_series = prepare(db, "SELECT id FROM series WHERE name = ?1 AND labels = ?2")))
		goto out;
	if (!c->ins_series &&
	    !(c->ins_series = prepare(db, "INSERT INTO series(name, labels, unit, kind)"
				      " VALUES(?1, ?2, ?3, ?4)")))
		goto out;
	sqlite3_bind_text(c->find_series, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(c->find_series, 2, labels, -1, SQLITE_STATIC);
	rc = sqlite3_step(c->find_series);
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(c->find_series, 0);
	} else if (rc == SQLITE_DONE) {
		sqlite3_bind_text(c->ins_series, 1, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(c->ins_series, 2, labels, -1, SQLITE_STATIC);
		sqlite3_bind_text(c->ins_series, 3, unit ? unit : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(c->ins_series, 4, kind ? kind : "gauge", -1, SQLITE_STATIC);
		if (sqlite3_step(c->ins_series) == SQLITE_DONE)
			id = sqlite3_last_insert_rowid(db->sql);
		else
			sql_error(db, "cannot write database");
		sqlite3_reset(c->ins_series);
	} else {
		sql_error(db, "cannot read database");
	}
	sqlite3_reset(c->find_series);
	if (id > 0)
		stackmap_add(&c->ids, key.buf, key.len, (double)id, 0);
out:
	strbuf_release(&key);
	return id;
}

/* Runs st, a statement of ?1 ts, ?2 series_id, ?3 value; 0, or -1 after an error. */
static int write_sample(struct db *db, sqlite3_stmt *st, int64_t series_id, int64_t ts,
			double value)
{
	int rc;

	sqlite3_bind_int64(st, 1, ts);
	sqlite3_bind_int64(st, 2, series_id);
	sqlite3_bind_double(st, 3, value);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : sql_error(db, "cannot write database");
}

static void note_added(struct db_cache *c, int64_t series_id, int64_t ts, double value)
{
	if (!c->tracking || !c->added_whole)
		return;
	if (c->nadded == ADDED_MAX) {
		c->added_whole = false;
		FREE_AND_NULL(c->added);
		c->nadded = c->aadded = 0;
		return;
	}
	ALLOC_GROW(c->added, c->nadded + 1, c->aadded);
	c->added[c->nadded++] = (struct db_row){ ts, series_id, value };
}

/*
 * A new point is one insert; one at a time that already has a point of the
 * series is then an update, so that the caller learns it replaced one.
 */
int db_add_sample(struct db *db, int64_t series_id, int64_t ts, double value)
{
	struct db_cache *c = db->cache;

	if (!isfinite(value))
		return 0;
	if (!c->ins_sample &&
	    !(c->ins_sample = prepare(db, "INSERT OR IGNORE INTO samples(ts, series_id, value)"
				      " VALUES(?1, ?2, ?3)")))
		return -1;
	if (!c->upd_sample &&
	    !(c->upd_sample = prepare(db, "UPDATE samples SET value = ?3 WHERE ts = ?1 AND series_id = ?2")))
		return -1;
	if (write_sample(db, c->ins_sample, series_id, ts, value) < 0)
		return -1;
	if (sqlite3_changes(db->sql)) {
		note_added(c, series_id, ts, value);
		return 0;
	}
	c->added_whole = false;	/* a point replaced: the list would hold both */
	return write_sample(db, c->upd_sample, series_id, ts, value) < 0 ? -1 : 1;
}

/*
 * The statement the connection keeps as which, prepared with sql on first use
 * (NULL after an error, reported as "what ...: SQLite's message" unless what
 * is NULL). kept_done() resets it for the next use, or finalizes it where
 * there is no cache, and reports a last step's rc that was an error the same
 * way.
 */
static sqlite3_stmt *kept(struct db *db, int which, const char *sql, const char *what)
{
	sqlite3_stmt *st = db->cache ? db->cache->kept[which] : NULL;

	if (!st && sqlite3_prepare_v3(db->sql, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
				      NULL) != SQLITE_OK) {
		if (what)
			sql_error(db, what);
		return NULL;
	}
	if (db->cache)
		db->cache->kept[which] = st;
	return st;
}

static int kept_done(struct db *db, sqlite3_stmt *st, int rc, const char *what)
{
	int ret = rc == SQLITE_DONE || rc == SQLITE_ROW || !what ? 0 : sql_error(db, what);

	if (db->cache)
		sqlite3_reset(st);
	else
		sqlite3_finalize(st);
	return ret;
}

#define META_GET_SQL "SELECT value FROM meta WHERE key = ?1"

char *db_meta_get(struct db *db, const char *key)
{
	sqlite3_stmt *st = kept(db, KEPT_META_GET, META_GET_SQL, NULL);
	char *v = NULL;

	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		v = xstrdup((const char *)sqlite3_column_text(st, 0));
	kept_done(db, st, SQLITE_DONE, NULL);
	return v;
}

/* Writes a meta row, the value bound as text or as a blob. */
static int meta_set(struct db *db, const char *key, const void *data, size_t len, bool blob)
{
	sqlite3_stmt *st = kept(db, KEPT_META_SET,
				"INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)",
				"cannot write database");
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (blob)
		sqlite3_bind_blob64(st, 2, data, len, SQLITE_STATIC);
	else
		sqlite3_bind_text(st, 2, data, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	return kept_done(db, st, rc == SQLITE_ROW ? SQLITE_ERROR : rc, "cannot write database");
}

int db_meta_set(struct db *db, const char *key, const char *value)
{
	return meta_set(db, key, value, 0, false);
}

int db_meta_get_blob(struct db *db, const char *key, struct strbuf *out)
{
	sqlite3_stmt *st = kept(db, KEPT_META_GET, META_GET_SQL, "cannot read database");
	int rc;

	strbuf_reset(out);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(st, 0) > 0)
		strbuf_add(out, sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0));
	return kept_done(db, st, rc, "cannot read database");
}

int db_meta_set_blob(struct db *db, const char *key, const void *data, size_t len)
{
	return meta_set(db, key, data, len, true);
}

static int64_t meta_int(struct db *db, const char *key, int64_t dflt)
{
	char *v = db_meta_get(db, key);
	int64_t r = dflt;

	if (v)
		r = strtoll(v, NULL, 10);
	free(v);
	return r;
}

static int meta_set_int(struct db *db, const char *key, int64_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	return db_meta_set(db, key, buf);
}

/* One int64 from a one-row query with up to two int64 parameters; dflt when NULL. */
static int64_t query_int(struct db *db, const char *sql, int64_t a, int64_t b, int64_t dflt)
{
	sqlite3_stmt *st;
	int64_t r = dflt;

	if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) != SQLITE_OK)
		return dflt;
	if (sqlite3_bind_parameter_count(st) >= 1)
		sqlite3_bind_int64(st, 1, a);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_int64(st, 2, b);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		r = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return r;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int64_t hour_of(int64_t ts)
{
	return floor_div(ts, HOUR) * HOUR;
}

/* Roll-up accumulator for one series and hour. */
struct hour_acc {
	int64_t sid;
	double *v;
	size_t nr, alloc;
	double sum, min, max, last;
};

static int flush_hour(struct db *db, sqlite3_stmt *ins, struct hour_acc *a, int64_t hour)
{
	double p95;
	int rc;

	if (!a->nr)
		return 0;
	sort_doubles(a->v, a->nr);
	p95 = quantile_sorted(a->v, a->nr, 0.95);
	sqlite3_bind_int64(ins, 1, a->sid);
	sqlite3_bind_int64(ins, 2, hour);
	sqlite3_bind_int64(ins, 3, (int64_t)a->nr);
	sqlite3_bind_double(ins, 4, a->min);
	sqlite3_bind_double(ins, 5, a->max);
	sqlite3_bind_double(ins, 6, a->sum);
	sqlite3_bind_double(ins, 7, p95);
	sqlite3_bind_double(ins, 8, a->last);
	rc = sqlite3_step(ins);
	sqlite3_reset(ins);
	a->nr = 0;
	if (rc != SQLITE_DONE)
		return sql_error(db, "cannot write database");
	return 0;
}

/* Computes the roll-ups of one hour from its raw samples. */
static int rollup_hour(struct db *db, sqlite3_stmt *sel, sqlite3_stmt *ins, int64_t hour)
{
	struct hour_acc a = { 0 };
	int rc, ret = 0;

	sqlite3_bind_int64(sel, 1, hour);
	sqlite3_bind_int64(sel, 2, hour + HOUR);
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		int64_t sid = sqlite3_column_int64(sel, 0);
		double v = sqlite3_column_double(sel, 1);

		if (a.nr && sid != a.sid && flush_hour(db, ins, &a, hour) < 0) {
			ret = -1;
			break;
		}
		if (!a.nr) {
			a.sid = sid;
			a.sum = 0;
			a.min = a.max = v;
		}
		ALLOC_GROW(a.v, a.nr + 1, a.alloc);
		a.v[a.nr++] = v;
		a.sum += v;
		if (v < a.min)
			a.min = v;
		if (v > a.max)
			a.max = v;
		a.last = v;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = sql_error(db, "cannot read database");
	if (!ret)
		ret = flush_hour(db, ins, &a, hour);
	sqlite3_reset(sel);
	free(a.v);
	return ret;
}

static int rollup_hours(struct db *db, int64_t from, int64_t limit)
{
	sqlite3_stmt *sel = NULL, *ins = NULL, *next = NULL;
	int64_t h = hour_of(from);
	int ret = -1;

	if (sqlite3_prepare_v2(db->sql, "SELECT series_id, value FROM samples WHERE ts >= ?1 AND ts < ?2"
			       " ORDER BY series_id, ts", -1, &sel, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db->sql, "INSERT OR REPLACE INTO rollups(series_id, hour, count, min,"
			       " max, sum, p95, last) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
			       -1, &ins, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db->sql, "SELECT min(ts) FROM samples WHERE ts >= ?1",
			       -1, &next, NULL) != SQLITE_OK) {
		sql_error(db, "database");
		goto out;
	}
	while (h < limit) {
		int64_t t;

		/* Skip empty hours in one step: an import may leave years between. */
		sqlite3_bind_int64(next, 1, h);
		if (sqlite3_step(next) != SQLITE_ROW || sqlite3_column_type(next, 0) == SQLITE_NULL) {
			sqlite3_reset(next);
			break;
		}
		t = sqlite3_column_int64(next, 0);
		sqlite3_reset(next);
		h = hour_of(t);
		if (h >= limit)
			break;
		if (rollup_hour(db, sel, ins, h) < 0)
			goto out;
		h += HOUR;
	}
	ret = 0;
out:
	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
	sqlite3_finalize(next);
	return ret;
}

int db_rollup(struct db *db, int64_t before)
{
	int64_t limit = hour_of(before);
	int64_t done = meta_int(db, "rolled_until", INT64_MIN);

	if (done == INT64_MIN)
		done = query_int(db, "SELECT min(ts) FROM samples", 0, 0, limit);
	if (done >= limit)
		return 0;
	if (rollup_hours(db, done, limit) < 0)
		return -1;
	return meta_set_int(db, "rolled_until", limit);
}

int db_rollup_redo(struct db *db, int64_t from, int64_t to)
{
	int64_t done = meta_int(db, "rolled_until", INT64_MIN);
	int64_t limit;

	if (done == INT64_MIN)
		return 0;
	limit = hour_of(to) + HOUR;
	if (limit > done)
		limit = done;
	if (hour_of(from) >= limit)
		return 0;
	return rollup_hours(db, from, limit);
}

/*
 * The hour-aligned time before which raw samples were deleted by retention
 * (meta "raw_cut"), or INT64_MIN when none were: where the roll-ups are all
 * that is left.
 */
static int64_t raw_cut(struct db *db)
{
	return meta_int(db, "raw_cut", INT64_MIN);
}

/* Runs the DELETE statement sql with ?1 bound to before; 0, or -1 after an error. */
static int delete_before(struct db *db, const char *sql, int64_t before)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) != SQLITE_OK)
		return sql_error(db, "database");
	sqlite3_bind_int64(st, 1, before);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return sql_error(db, "cannot write database");
	return 0;
}

int db_retain(struct db *db, int64_t raw_before, int64_t rollup_before)
{
	if (raw_before > 0) {
		/* Whole hours only, so that an hour is either raw or rolled up. */
		raw_before = hour_of(raw_before);
		/* Roll-ups first: no hour may lose its raw samples before it is summed. */
		if (db_rollup(db, raw_before) < 0)
			return -1;
		/* The cut moves once an hour; in between there is nothing to delete. */
		if (raw_before <= raw_cut(db))
			goto rollups;
		if (meta_set_int(db, "raw_cut", raw_before) < 0)
			return -1;
		if (delete_before(db, "DELETE FROM samples WHERE ts < ?1", raw_before) < 0 ||
		    delete_before(db, "DELETE FROM prof_windows WHERE ts < ?1", raw_before) < 0 ||
		    db_profile_prune(db, raw_before) < 0)
			return -1;
	}
rollups:
	if (rollup_before > 0) {
		/*
		 * Roll-ups are series-major: delete per series through the key
		 * rather than scanning the table, and at most once an hour.
		 */
		int64_t last = meta_int(db, "rollups_pruned", 0);

		if (rollup_before - last < HOUR)
			return 0;
		if (delete_before(db, "DELETE FROM rollups WHERE series_id IN"
				  " (SELECT id FROM series) AND hour < ?1", rollup_before) < 0)
			return -1;
		return meta_set_int(db, "rollups_pruned", rollup_before);
	}
	return 0;
}

/* --- reading ------------------------------------------------------------ */

static char *col_str(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return xstrdup(s ? (const char *)s : "");
}

static int cmp_series(const void *a, const void *b)
{
	const struct db_series *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : strcmp(x->labels, y->labels);
}

static struct db_series *find_series(struct db_series *s, size_t nr, int64_t id)
{
	size_t lo = 0, hi = nr;

	/* s is sorted by id here */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (s[mid].id == id)
			return &s[mid];
		if (s[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The first (or last) raw sample of a series within one hour, or the hour's
 * start when its raw samples expired. */
static int64_t edge_in_hour(struct db *db, sqlite3_stmt *st, int64_t sid, int64_t hour)
{
	int64_t r = hour;

	sqlite3_bind_int64(st, 1, hour);
	sqlite3_bind_int64(st, 2, hour + HOUR);
	sqlite3_bind_int64(st, 3, sid);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		r = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	(void)db;
	return r;
}

/*
 * First, last and count per series without scanning every raw sample: the
 * hours before "rolled_until" are summed in the roll-ups (series-major, so
 * one pass over them is cheap), the raw samples only from there on, and the
 * exact first and last times looked up inside their hour.
 */
static int series_stats(struct db *db, struct db_series *s, size_t nr)
{
	sqlite3_stmt *st, *first = NULL, *last = NULL;
	int64_t rolled = meta_int(db, "rolled_until", INT64_MIN);
	size_t i;
	int rc;

	for (i = 0; i < nr; i++)
		s[i].first = s[i].last = INT64_MIN;
	if (rolled != INT64_MIN) {
		if (sqlite3_prepare_v2(db->sql, "SELECT series_id, min(hour), max(hour), sum(count)"
				       " FROM rollups WHERE hour < ?1 GROUP BY series_id", -1, &st, NULL) != SQLITE_OK ||
		    sqlite3_prepare_v2(db->sql, "SELECT min(ts) FROM samples WHERE ts >= ?1 AND ts < ?2"
				       " AND series_id = ?3", -1, &first, NULL) != SQLITE_OK ||
		    sqlite3_prepare_v2(db->sql, "SELECT max(ts) FROM samples WHERE ts >= ?1 AND ts < ?2"
				       " AND series_id = ?3", -1, &last, NULL) != SQLITE_OK) {
			sqlite3_finalize(first);
			return sql_error(db, "cannot read database");
		}
		sqlite3_bind_int64(st, 1, rolled);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			int64_t sid = sqlite3_column_int64(st, 0);
			struct db_series *x = find_series(s, nr, sid);

			if (!x)
				continue;
			x->first = edge_in_hour(db, first, sid, sqlite3_column_int64(st, 1));
			x->last = edge_in_hour(db, last, sid, sqlite3_column_int64(st, 2));
			x->count = sqlite3_column_int64(st, 3);
		}
		sqlite3_finalize(st);
		sqlite3_finalize(first);
		sqlite3_finalize(last);
		if (rc != SQLITE_DONE)
			return sql_error(db, "cannot read database");
	}
	if (sqlite3_prepare_v2(db->sql, "SELECT series_id, min(ts), max(ts), count(*) FROM samples"
			       " WHERE ts >= ?1 GROUP BY series_id", -1, &st, NULL) != SQLITE_OK)
		return sql_error(db, "cannot read database");
	sqlite3_bind_int64(st, 1, rolled);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct db_series *x = find_series(s, nr, sqlite3_column_int64(st, 0));

		if (!x)
			continue;
		if (x->first == INT64_MIN)
			x->first = sqlite3_column_int64(st, 1);
		x->last = sqlite3_column_int64(st, 2);
		x->count += sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return sql_error(db, "cannot read database");
	for (i = 0; i < nr; i++)
		if (s[i].first == INT64_MIN)
			s[i].first = s[i].last = 0;
	return 0;
}

int db_list_series(struct db *db, const struct selector *sel, bool stats,
		   struct db_series **out, size_t *nr)
{
	sqlite3_stmt *st;
	struct db_series *s = NULL;
	size_t n = 0, alloc = 0;
	int rc;

	*out = NULL;
	*nr = 0;
	if (sqlite3_prepare_v2(db->sql, "SELECT id, name, labels, unit, kind FROM series ORDER BY id",
			       -1, &st, NULL) != SQLITE_OK)
		return sql_error(db, "cannot read database");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 1);
		const char *labels = (const char *)sqlite3_column_text(st, 2);

		if (!name)
			continue;
		if (sel && !selector_match(sel, name, labels ? labels : ""))
			continue;
		ALLOC_GROW(s, n + 1, alloc);
		memset(&s[n], 0, sizeof(*s));
		s[n].id = sqlite3_column_int64(st, 0);
		s[n].name = col_str(st, 1);
		s[n].labels = col_str(st, 2);
		s[n].unit = col_str(st, 3);
		s[n].kind = col_str(st, 4);
		n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_series_free(s, n);
		return sql_error(db, "cannot read database");
	}
	if (stats && n && series_stats(db, s, n) < 0) {
		db_series_free(s, n);
		return -1;
	}
	if (n)
		qsort(s, n, sizeof(*s), cmp_series);
	*out = s;
	*nr = n;
	return 0;
}

void db_series_free(struct db_series *s, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		free(s[i].name);
		free(s[i].labels);
		free(s[i].unit);
		free(s[i].kind);
	}
	free(s);
}

int db_parse_agg(const char *s, struct db_agg *agg)
{
	static const struct { const char *name; enum db_agg_kind kind; } names[] = {
		{ "avg", DB_AGG_AVG }, { "mean", DB_AGG_AVG }, { "min", DB_AGG_MIN },
		{ "max", DB_AGG_MAX }, { "sum", DB_AGG_SUM }, { "count", DB_AGG_COUNT },
		{ "last", DB_AGG_LAST },
	};
	size_t i;
	double q;

	for (i = 0; i < sizeof(names) / sizeof(*names); i++) {
		if (!strcmp(s, names[i].name)) {
			agg->kind = names[i].kind;
			agg->q = 0;
			return 0;
		}
	}
	if (s[0] == 'p' && s[1] >= '0' && s[1] <= '9' && parse_number(s + 1, &q) == 0 &&
	    q >= 0 && q <= 100) {
		agg->kind = DB_AGG_PCT;
		agg->q = q / 100;
		return 0;
	}
	if (!strcmp(s, "median")) {
		agg->kind = DB_AGG_PCT;
		agg->q = 0.5;
		return 0;
	}
	return -1;
}

bool db_bucket_flush(struct db_bucket *b, const struct db_agg *agg, struct db_point *done)
{
	double r;

	if (!b->count)
		return false;
	switch (agg->kind) {
	case DB_AGG_AVG: r = b->sum / (double)b->count; break;
	case DB_AGG_MIN: r = b->min; break;
	case DB_AGG_MAX: r = b->max; break;
	case DB_AGG_SUM: r = b->sum; break;
	case DB_AGG_COUNT: r = (double)b->count; break;
	case DB_AGG_LAST: r = b->last; break;
	default:
		sort_doubles(b->v, b->nv);
		r = quantile_sorted(b->v, b->nv, agg->q);
		break;
	}
	*done = (struct db_point){ .ts = b->start, .value = r };
	b->count = 0;
	b->nv = 0;
	return true;
}

/* An hour's roll-up, or one value (count 1, the rest the value). */
struct rollup_row {
	size_t count;
	double sum, min, max, last, p95;
};

/* Adds r at ts to b (see db_bucket_add_value()); inlined into the readers here. */
static inline bool bucket_put(struct db_bucket *b, const struct db_agg *agg, int64_t step,
			      int64_t ts, const struct rollup_row *r, struct db_point *done)
{
	int64_t start = floor_div(ts, step) * step;
	bool closed = b->count && start != b->start && db_bucket_flush(b, agg, done);

	if (!b->count) {
		b->start = start;
		b->sum = 0;
		b->min = r->min;
		b->max = r->max;
	}
	b->count += r->count;
	b->sum += r->sum;
	b->min = r->min < b->min ? r->min : b->min;
	b->max = r->max > b->max ? r->max : b->max;
	b->last = r->last;
	if (agg->kind == DB_AGG_PCT) {
		ALLOC_GROW(b->v, b->nv + 1, b->alloc);
		b->v[b->nv++] = r->p95;
	}
	return closed;
}

bool db_bucket_add_value(struct db_bucket *b, const struct db_agg *agg, int64_t step,
			 int64_t ts, double v, struct db_point *done)
{
	const struct rollup_row one = { 1, v, v, v, v, v };

	return bucket_put(b, agg, step, ts, &one, done);
}

void db_bucket_release(struct db_bucket *b)
{
	FREE_AND_NULL(b->v);
	b->nv = b->alloc = b->count = 0;
}

/* A read's points, and with a step the bucket that makes them. */
struct bucket {
	struct db_bucket bk;
	struct db_point *out;
	size_t nout, aout;
};

static void point_add(struct bucket *b, int64_t ts, double value)
{
	ALLOC_GROW(b->out, b->nout + 1, b->aout);
	b->out[b->nout++] = (struct db_point){ .ts = ts, .value = value };
}

static void bucket_add(struct bucket *b, const struct db_agg *agg, int64_t step, int64_t ts,
		       const struct rollup_row *r)
{
	struct db_point p;

	if (bucket_put(&b->bk, agg, step, ts, r, &p))
		point_add(b, p.ts, p.value);
}

static bool exact_from_rollups(int64_t step, const struct db_agg *agg)
{
	if (step <= 0 || step % HOUR)
		return false;
	if (agg->kind != DB_AGG_PCT)
		return true;
	return step == HOUR && fabs(agg->q - 0.95) < 1e-9;
}

/*
 * The time before which roll-ups serve a read, raw samples from there on.
 * Where roll-ups answer exactly, they serve every completed hour (fast over
 * long ranges); otherwise only the hours whose raw samples expired.
 */
static int64_t rollup_boundary(struct db *db, int64_t step, const struct db_agg *agg)
{
	int64_t rolled = meta_int(db, "rolled_until", INT64_MIN), cut;

	if (rolled == INT64_MIN || exact_from_rollups(step, agg))
		return rolled;
	cut = raw_cut(db);
	return cut < rolled ? cut : rolled;
}

static int read_rollups(struct db *db, int64_t series_id, int64_t since, int64_t until,
			int64_t boundary, int64_t step, const struct db_agg *agg, struct bucket *b)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db->sql, "SELECT hour, count, min, max, sum, p95, last FROM rollups"
			       " WHERE series_id = ?1 AND hour >= ?2 AND hour <= ?3 AND hour < ?4"
			       " ORDER BY hour", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, series_id);
	sqlite3_bind_int64(st, 2, hour_of(since) == since || step > 0 ? hour_of(since) : hour_of(since) + HOUR);
	sqlite3_bind_int64(st, 3, until);
	sqlite3_bind_int64(st, 4, boundary);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t h = sqlite3_column_int64(st, 0);
		int64_t c = sqlite3_column_int64(st, 1);
		double sum = sqlite3_column_double(st, 4);

		if (step <= 0)	/* Raw points expired: the hour's average stands in. */
			point_add(b, h, c ? sum / (double)c : NAN);
		else
			bucket_add(b, agg, step, h, &(const struct rollup_row){
				(size_t)c, sum, sqlite3_column_double(st, 2),
				sqlite3_column_double(st, 3), sqlite3_column_double(st, 6),
				sqlite3_column_double(st, 5) });
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int read_raw(struct db *db, int64_t series_id, int64_t since, int64_t until,
		    int64_t step, const struct db_agg *agg, struct bucket *b)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db->sql, "SELECT ts, value FROM samples WHERE ts >= ?1 AND ts <= ?2"
			       " AND series_id = ?3 ORDER BY ts", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, since);
	sqlite3_bind_int64(st, 2, until);
	sqlite3_bind_int64(st, 3, series_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t ts = sqlite3_column_int64(st, 0);
		double v = sqlite3_column_double(st, 1);

		if (step <= 0)
			point_add(b, ts, v);
		else
			bucket_add(b, agg, step, ts, &(const struct rollup_row){ 1, v, v, v, v, v });
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int db_read_series(struct db *db, int64_t series_id, int64_t since, int64_t until,
		   int64_t step, const struct db_agg *agg,
		   struct db_point **out, size_t *nr)
{
	static const struct db_agg avg = { DB_AGG_AVG, 0 };
	struct bucket b = { 0 };
	int64_t boundary;

	*out = NULL;
	*nr = 0;
	if (!agg)
		agg = &avg;
	if (until < since)
		return 0;
	boundary = rollup_boundary(db, step, agg);
	if (boundary > since) {
		if (read_rollups(db, series_id, since, until, boundary, step, agg, &b) < 0)
			goto fail;
		since = boundary;
	}
	if (since <= until && read_raw(db, series_id, since, until, step, agg, &b) < 0)
		goto fail;
	if (step > 0) {
		struct db_point p;

		if (db_bucket_flush(&b.bk, agg, &p))
			point_add(&b, p.ts, p.value);
	}
	db_bucket_release(&b.bk);
	*out = b.out;
	*nr = b.nout;
	return 0;
fail:
	db_bucket_release(&b.bk);
	free(b.out);
	return sql_error(db, "cannot read database");
}

/* --- reading in time order, across series ---------------------------------- */

long db_rows_after(struct db *db, int64_t after_ts, int64_t after_id, int64_t until,
		   struct db_row *rows, size_t max)
{
	/* The row value compares (ts, series_id) as the primary key orders
	 * them, which SQLite answers with one range scan of that key. */
	sqlite3_stmt *st = kept(db, KEPT_ROWS_AFTER, "SELECT ts, series_id, value FROM samples"
				" WHERE (ts, series_id) > (?1, ?2) AND ts <= ?3"
				" ORDER BY ts, series_id LIMIT ?4", "cannot read database");
	const int64_t args[] = { after_ts, after_id, until, (int64_t)max };
	long n = 0;
	int rc, i;

	if (!st)
		return -1;
	for (i = 0; i < 4; i++)
		sqlite3_bind_int64(st, i + 1, args[i]);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		rows[n].ts = sqlite3_column_int64(st, 0);
		rows[n].series_id = sqlite3_column_int64(st, 1);
		rows[n].value = sqlite3_column_double(st, 2);
		n++;
	}
	return kept_done(db, st, rc, "cannot read database") < 0 ? -1 : n;
}

/* Commits by other connections since the last call change it (SQLite's PRAGMA data_version). */
static int data_version(struct db *db, int64_t *v)
{
	sqlite3_stmt *st = kept(db, KEPT_DATA_VERSION, "PRAGMA data_version", "cannot read database");
	int rc;

	if (!st)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*v = sqlite3_column_int64(st, 0);
	return kept_done(db, st, rc, "cannot read database");
}

int db_added_take(struct db *db, struct db_row **rows, size_t *n)
{
	struct db_cache *c = db->cache;
	int64_t v = 0;
	int whole;

	*rows = NULL;
	*n = 0;
	if (!c || data_version(db, &v) < 0)
		return -1;
	whole = c->tracking && c->added_whole && v == c->version;
	*rows = c->added;
	*n = c->nadded;
	c->added = NULL;
	c->nadded = c->aadded = 0;
	c->tracking = c->added_whole = true;
	c->version = v;
	return whole;
}

int db_series_at(struct db *db, int64_t ts, int64_t **ids, size_t *n)
{
	sqlite3_stmt *st = kept(db, KEPT_SERIES_AT,
				"SELECT series_id FROM samples WHERE ts = ?1 ORDER BY series_id",
				"cannot read database");
	size_t alloc = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, ts);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ALLOC_GROW(*ids, *n + 1, alloc);
		(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	return kept_done(db, st, rc, "cannot read database");
}

int db_backlog_after(struct db *db, int64_t after_ts, int64_t after_id, struct db_backlog *b)
{
	sqlite3_stmt *st;
	int rc;

	memset(b, 0, sizeof(*b));
	if (sqlite3_prepare_v2(db->sql, "SELECT count(*), count(DISTINCT ts), min(ts), max(ts)"
			       " FROM samples WHERE (ts, series_id) > (?1, ?2)", -1, &st, NULL) != SQLITE_OK)
		return sql_error(db, "cannot read database");
	sqlite3_bind_int64(st, 1, after_ts);
	sqlite3_bind_int64(st, 2, after_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		b->samples = (uint64_t)sqlite3_column_int64(st, 0);
		b->times = (uint64_t)sqlite3_column_int64(st, 1);
		b->oldest = sqlite3_column_int64(st, 2);
		b->newest = sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return sql_error(db, "cannot read database");
	return 0;
}

int64_t db_newest_time(struct db *db)
{
	return query_int(db, "SELECT max(ts) FROM samples", 0, 0, INT64_MIN);
}

int64_t db_raw_cut(struct db *db)
{
	return raw_cut(db);
}

int64_t db_oldest_time(struct db *db)
{
	int64_t raw = query_int(db, "SELECT min(ts) FROM samples", 0, 0, INT64_MAX);
	int64_t hour = query_int(db, "SELECT min(hour) FROM rollups", 0, 0, INT64_MAX);

	return raw < hour ? raw : hour;
}
