/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The SQLite history database (doc/DESIGN.md): opening with WAL, synchronous=NORMAL
 * and a busy timeout, the versioned schema and its forward migrations, writing
 * samples, hourly roll-ups and retention, and the read API that hr-query,
 * hr-rightsize and hr-forecast share.
 *
 * Schema (user_version 4):
 *   series(id, name, labels, unit, kind)      one row per distinct name+labels
 *   samples(ts, series_id, value)             raw points, key (ts, series_id):
 *                                             time-major, so a snapshot's write
 *                                             touches the tail pages only
 *   rollups(series_id, hour, count, min, max, sum, p95, last)
 *                                             one row per series and hour,
 *                                             series-major for long reads
 *   meta(key, value)                          roll-up progress, retention cut,
 *                                             and the recorder's state (the
 *                                             previous snapshot's counters)
 *   prof_frames(id, hash, name)               stack profiles (db_profile_*): each
 *   prof_stacks(id, hash, frames)             frame name once, each stack once as
 *                                             a blob of frame-id varints, root
 *                                             first (both found by hash),
 *   prof_series(id, labels)                   each label set once,
 *   prof_windows(ts, series_id, span, counts) and per time window and label
 *                                             set the counts as one blob of
 *                                             (stack id delta, count) varints
 *
 * A series is a name and canonical labels, as labels.h describes them.
 *
 * Functions returning int give 0 on success and -1 after printing an error
 * (error() from error.h) unless said otherwise. Times are Unix seconds.
 */
#ifndef HEADROOM_DB_H
#define HEADROOM_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "headroom/labels.h"
#include "headroom/strbuf.h"

struct sqlite3;

enum { DB_SCHEMA_VERSION = 5 };

struct db {
	struct sqlite3 *sql;
	char *path;
	bool readonly;
	struct db_cache *cache;		/* series id cache and prepared statements */
	struct db_prof *prof;		/* a profile writer's ids (db-profile.c) */
};

enum db_open_flags {
	DB_READONLY = 1,	/* hr-query: never writes, never creates */
	DB_CREATE = 2,		/* create the file (and its directory) when missing */
};

/*
 * The database path when the user gave none: $HEADROOM_DB, else
 * /var/lib/headroom/history.db for root, else
 * $XDG_STATE_HOME/headroom/history.db, else
 * $HOME/.local/state/headroom/history.db, with the account's home directory
 * when $HOME is unset (never the current directory). Returns a new string,
 * or NULL when there is no home directory to use.
 */
char *db_default_path(void);
/*
 * The --db option of every tool that reads or writes the history, for an
 * options table (options.h): a path, NULL when not given.
 */
#define OPT_DB(v) \
	OPT_FILENAME(0, "db", (v), "FILE", "history database (default: $HEADROOM_DB, else\n" \
		     "/var/lib/headroom/history.db for root, else\n" \
		     "$XDG_STATE_HOME/headroom/history.db)")

/*
 * Opens (and with DB_CREATE creates) the database at path (NULL: the
 * default path), sets WAL, leaves the WAL in place at close (writers: no
 * checkpoint per run), synchronous=NORMAL and a busy timeout, and migrates
 * the schema forward (not when DB_READONLY: then an older schema is an
 * error). A schema newer than this build's is an error. A missing default
 * database gets a hint naming the system's history. DB_READONLY works for
 * any user who can read the file, also when the directory is not theirs to
 * write: without a -wal file beside it, the file is read as immutable.
 */
int db_open(struct db *db, const char *path, unsigned flags);
void db_close(struct db *db);

/* "now" for everything relative: $HEADROOM_NOW (Unix seconds or RFC 3339) when
 * set, so tests can pin it, else the clock. */
int64_t db_now(void);

/* Transactions: db_begin takes the write lock at once (BEGIN IMMEDIATE), waiting
 * up to the busy timeout for another writer. */
int db_begin(struct db *db);
int db_commit(struct db *db);
void db_rollback(struct db *db);
/* Whether a transaction is open on the connection. */
bool db_in_transaction(struct db *db);

/* Runs SQL without results; -1 with an error message naming the database. */
int db_exec(struct db *db, const char *sql);

/*
 * The id of the series name{labels} (labels canonical, "" for none), created
 * with unit and kind ("gauge", "counter", "rate") when new. Cached per handle.
 * Returns the id (> 0) or -1.
 */
int64_t db_series_id(struct db *db, const char *name, const char *labels,
		     const char *unit, const char *kind);
/*
 * Stores one sample, replacing one of the series at the same ts: returns 0
 * for a new point, 1 when it replaced one, -1 on error. Values that are not
 * finite are not stored (0).
 */
int db_add_sample(struct db *db, int64_t series_id, int64_t ts, double value);

/* meta key/value; db_meta_get returns a new string or NULL when unset. */
char *db_meta_get(struct db *db, const char *key);
int db_meta_set(struct db *db, const char *key, const char *value);
/* The same for binary values (a tool's private state); a missing key reads as empty. */
int db_meta_get_blob(struct db *db, const char *key, struct strbuf *out);
int db_meta_set_blob(struct db *db, const char *key, const void *data, size_t len);

/*
 * Roll-ups: computes the hourly roll-up of every hour that has raw samples and
 * ends at or before `before`, from the last hour rolled up (meta
 * "rolled_until") on, and advances it. Incremental: each hour once.
 */
int db_rollup(struct db *db, int64_t before);
/* Recomputes the roll-ups of the hours overlapping [from, to] that are already
 * behind "rolled_until" (after an import into the past). */
int db_rollup_redo(struct db *db, int64_t from, int64_t to);
/* Deletes raw samples older than raw_before and roll-ups older than
 * rollup_before (0: keep). Roll-ups are brought up to date first. */
int db_retain(struct db *db, int64_t raw_before, int64_t rollup_before);

/*
 * The names of series and labels are labels.h's. Two spellings from before
 * it, for callers not yet converted:
 */
static inline void db_format_series_name(struct strbuf *out, const char *name, const char *labels)
{
	series_name_format(out, name, labels);
}
static inline void db_label_add(struct strbuf *labels, const char *key, const char *value)
{
	labels_add(labels, key, value);
}

/* --- reading ------------------------------------------------------------ */

struct db_series {
	int64_t id;
	char *name, *labels, *unit, *kind;
	/* filled by db_list_series with stats: */
	int64_t first, last;	/* first and last time with data (raw or roll-up) */
	int64_t count;		/* raw samples, plus roll-up counts of hours without raw */
};

/*
 * The series matching sel (NULL: all), sorted by name then labels, into a new
 * array *out of *nr entries (free with db_series_free). With stats, also first,
 * last and count (one pass over the samples).
 */
int db_list_series(struct db *db, const struct selector *sel, bool stats,
		   struct db_series **out, size_t *nr);
void db_series_free(struct db_series *s, size_t nr);

enum db_agg_kind { DB_AGG_AVG, DB_AGG_MIN, DB_AGG_MAX, DB_AGG_SUM, DB_AGG_COUNT,
		   DB_AGG_LAST, DB_AGG_PCT };
struct db_agg {
	enum db_agg_kind kind;
	double q;		/* DB_AGG_PCT: 0..1 ("p95" -> 0.95, "p99.9" -> 0.999) */
};
/* Parses avg|min|max|sum|count|last|pNN; returns 0 or -1 (prints nothing). */
int db_parse_agg(const char *s, struct db_agg *agg);

struct db_point {
	int64_t ts;
	double value;
};

/*
 * One step's aggregate under a struct db_agg, fed values in time order (the
 * database's own reads also feed it hours' roll-ups). Adding a value that
 * falls in a later step first closes the bucket: db_bucket_add_value() then
 * returns true with the closed step's point in *done; db_bucket_flush()
 * closes the last one (false: it was empty). Zeroed, a bucket is empty;
 * db_bucket_release() frees it.
 */
struct db_bucket {
	int64_t start;
	size_t count;
	double sum, min, max, last;
	double *v;		/* values for percentiles */
	size_t nv, alloc;
};
bool db_bucket_add_value(struct db_bucket *b, const struct db_agg *agg, int64_t step,
			 int64_t ts, double v, struct db_point *done);
bool db_bucket_flush(struct db_bucket *b, const struct db_agg *agg, struct db_point *done);
void db_bucket_release(struct db_bucket *b);

/*
 * The points of a series with since <= ts <= until, oldest first, into a new
 * array *out of *nr (free() it).
 *
 * step 0: the raw samples; where raw samples have expired, the hourly roll-ups'
 * averages (stamped at the start of their hour) stand in for them.
 * step > 0: one point per step-aligned bucket (floor(ts / step) * step) that has
 * data, aggregated by agg. When step is a whole number of hours, completed hours
 * come from the roll-ups, which give the same answer as the raw samples for
 * avg, min, max, sum, count, last and (at a 1-hour step) p95. Other percentiles
 * use raw samples while they exist and, where only roll-ups remain, the
 * percentile of the hours' p95 values (an approximation, documented).
 */
int db_read_series(struct db *db, int64_t series_id, int64_t since, int64_t until,
		   int64_t step, const struct db_agg *agg,
		   struct db_point **out, size_t *nr);

/* --- reading in time order, across series (remote write) ----------------- */

struct db_row {
	int64_t ts, series_id;
	double value;
};

/*
 * Up to max raw samples that follow the position (after_ts, after_id) in
 * the samples' own order (ts, then series id), with ts <= until, into rows.
 * Returns how many (0: none left), or -1. Each call is one index range
 * scan, so a reader can walk a long history a batch at a time.
 */
long db_rows_after(struct db *db, int64_t after_ts, int64_t after_id, int64_t until,
		   struct db_row *rows, size_t max);
/*
 * The samples db_add_sample() stored on this connection since the last call,
 * in the order stored, for a reader that would read them back (a recorder's
 * push): *rows of *n, the caller's to free(). Returns 1 when they are all
 * the samples stored since the last call by any connection (no other
 * committed, none of this one's transactions rolled back, no point replaced),
 * 0 when not (always at the first call, which starts the list), -1 on error.
 */
int db_added_take(struct db *db, struct db_row **rows, size_t *n);
/* The ids of the series with a raw sample at ts, ascending, into a new
 * array *ids of *n (free() it). */
int db_series_at(struct db *db, int64_t ts, int64_t **ids, size_t *n);

struct db_backlog {
	uint64_t samples, times;	/* raw samples, and distinct times among them */
	int64_t oldest, newest;		/* their times (0 when there are none) */
};
/* What follows the position (after_ts, after_id): db_rows_after()'s rows, counted. */
int db_backlog_after(struct db *db, int64_t after_ts, int64_t after_id, struct db_backlog *b);
/* The time of the oldest point, raw or rolled up (INT64_MAX when there is
 * none), and of the newest raw sample (INT64_MIN when there is none). */
int64_t db_oldest_time(struct db *db);
int64_t db_newest_time(struct db *db);
/* The time before which retention deleted the raw samples and only roll-ups
 * remain, or INT64_MIN when none were deleted. */
int64_t db_raw_cut(struct db *db);

/* --- stack profiles (db-profile.c) ----------------------------------------- */

struct frame_modules;
struct selector;
struct stackmap;

/*
 * Adds the folded stacks of stacks (count[0], rounded to whole numbers) to
 * the profile of the window that starts at window (span seconds long) with
 * labels (canonical: cgroup, command, host and unit, "samples" or "us"),
 * summing with what is stored for them already. New frames are stored with
 * the binary that mods says named them (mods may be NULL). Run it between
 * db_begin() and db_commit(), one transaction for all of a flush's label sets.
 */
int db_profile_add(struct db *db, int64_t window, int64_t span, const char *labels,
		   const struct stackmap *stacks, const struct frame_modules *mods);
/*
 * Merges into out the stacks of the windows that start in [since, until]
 * whose labels match any of sels[0..nsels) (name "profile"; nsels 0: all),
 * and notes in mods (unless NULL) the binary of each of their frames that
 * has one. Sets units to the units of the matching label sets,
 * comma-separated ("samples", "samples,us"). Returns the number of windows
 * read, or -1.
 */
long db_profile_read(struct db *db, const struct selector *sels, size_t nsels, int64_t since,
		     int64_t until, struct stackmap *out, struct strbuf *units,
		     struct frame_modules *mods);
/*
 * Deletes the frames and stacks that no window starting at or after before
 * can use (db_retain() calls it after deleting the older windows); 0, or -1
 * after an error.
 */
int db_profile_prune(struct db *db, int64_t before);
/* Forgets a writer's ids and marks (db_close() and db_rollback() call it). */
void db_profile_release(struct db *db);

#endif
