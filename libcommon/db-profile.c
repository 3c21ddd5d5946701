// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Stack profiles in the history database (db.h): frames and stacks interned
 * once, each window's counts per label set as one compact blob.
 */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "headroom/alloc.h"
#include "headroom/db.h"
#include "headroom/error.h"
#include "headroom/labels.h"
#include "headroom/modules.h"
#include "headroom/stackmap.h"
#include "db-impl.h"

/*
 * What a writer learnt of the ids, kept across its transactions: in each
 * map, count[0] is the id and count[1] the row's "last" mark.
 */
struct db_prof {
	struct stackmap frames;		/* frame name -> id */
	struct stackmap stacks;		/* folded stack -> stack id */
	struct strbuf ids;		/* work space: a stack's frame ids */
	sqlite3_stmt *find_frame, *ins_frame, *find_stack, *ins_stack;
	sqlite3_stmt *mark_frame, *mark_stack;
	struct stackmap modules;	/* a binary's key in mods -> prof_modules id */
	const struct frame_modules *mods;	/* the binaries of the frames being written */
	int64_t window;			/* the window being written */
};

struct prof_pair {
	uint64_t stack, count;
};

static int prof_error(struct db *db, const char *what)
{
	return error("%s '%s': %s", what, db->path, sqlite3_errmsg(db->sql));
}

static sqlite3_stmt *prep(struct db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v3(db->sql, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
		prof_error(db, "database");
	return st;
}

void db_profile_release(struct db *db)
{
	struct db_prof *p = db->prof;

	if (!p)
		return;
	FINALIZE_ALL(p->find_frame, p->ins_frame, p->find_stack, p->ins_stack, p->mark_frame,
		     p->mark_stack);
	stackmap_release(&p->frames);
	stackmap_release(&p->stacks);
	stackmap_release(&p->modules);
	strbuf_release(&p->ids);
	FREE_AND_NULL(db->prof);
}

static struct db_prof *prof_cache(struct db *db)
{
	struct db_prof *p = db->prof;

	if (p)
		return p;
	p = xcalloc(1, sizeof(*p));
	stackmap_init(&p->frames);
	stackmap_init(&p->stacks);
	stackmap_init(&p->modules);
	strbuf_init(&p->ids, 0);
	db->prof = p;
	if (!(p->find_frame = prep(db, "SELECT id, name, last FROM prof_frames WHERE hash = ?1")) ||
	    !(p->ins_frame = prep(db, "INSERT INTO prof_frames(hash, name, last, module)"
				  " VALUES(?1, ?2, ?3, ?4)")) ||
	    /* a frame stored without its binary gets it when next marked */
	    !(p->mark_frame = prep(db, "UPDATE prof_frames SET last = max(last, ?2),"
				   " module = CASE module WHEN 0 THEN ?3 ELSE module END WHERE id = ?1")) ||
	    !(p->find_stack = prep(db, "SELECT id, frames, last FROM prof_stacks WHERE hash = ?1")) ||
	    !(p->ins_stack = prep(db, "INSERT INTO prof_stacks(hash, frames, last) VALUES(?1, ?2, ?3)")) ||
	    !(p->mark_stack = prep(db, "UPDATE prof_stacks SET last = max(last, ?2) WHERE id = ?1"))) {
		db_profile_release(db);
		return NULL;
	}
	return p;
}

/*
 * The id of a row found by find (its parameters bound) or else made by ins
 * (the same parameters), -1 on error. Runs inside the writer's transaction,
 * so no other writer can add the same row in between.
 */
static int64_t find_or_insert(struct db *db, sqlite3_stmt *find, sqlite3_stmt *ins)
{
	int64_t id = -1;
	int rc = sqlite3_step(find);

	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(find, 0);
	} else if (rc == SQLITE_DONE) {
		if (sqlite3_step(ins) == SQLITE_DONE)
			id = sqlite3_last_insert_rowid(db->sql);
		else
			prof_error(db, "cannot write database");
	} else {
		prof_error(db, "cannot read database");
	}
	sqlite3_reset(find);
	sqlite3_reset(ins);
	return id;
}

/*
 * The id of a row of prof_frames or prof_stacks, whose value (a name or a
 * blob of frame ids) is data[0..len): found through its hash among the few
 * that share it (find: ?1 the hash, giving id, value and last mark), or
 * added (ins: ?1 the hash, ?2 the value, ?3 the mark, the window being
 * written). Sets *last to the row's mark. -1 on error. Runs in the writer's
 * transaction, so no other writer can add the same row in between. A hash
 * index costs a few bytes a row where a UNIQUE one would hold every value
 * twice.
 */
static int64_t find_or_add(struct db *db, struct db_prof *p, sqlite3_stmt *find,
			   sqlite3_stmt *ins, const void *data, size_t len, bool text,
			   int64_t *last)
{
	/* 31 bits: a 4-byte integer in the index */
	int64_t hash = (int64_t)(hr_hash(data, len) & 0x7fffffff), id = -1;
	int rc;

	sqlite3_bind_int64(find, 1, hash);
	while ((rc = sqlite3_step(find)) == SQLITE_ROW) {
		if ((size_t)sqlite3_column_bytes(find, 1) == len &&
		    !memcmp(sqlite3_column_blob(find, 1), data, len)) {
			id = sqlite3_column_int64(find, 0);
			*last = sqlite3_column_int64(find, 2);
			break;
		}
	}
	sqlite3_reset(find);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return prof_error(db, "cannot read database");
	if (id > 0)
		return id;
	sqlite3_bind_int64(ins, 1, hash);
	if (text)
		sqlite3_bind_text64(ins, 2, data, len, SQLITE_STATIC, SQLITE_UTF8);
	else
		sqlite3_bind_blob64(ins, 2, data, len, SQLITE_STATIC);
	sqlite3_bind_int64(ins, 3, p->window);
	*last = p->window;
	rc = sqlite3_step(ins);
	sqlite3_reset(ins);
	if (rc != SQLITE_DONE)
		return prof_error(db, "cannot write database");
	return sqlite3_last_insert_rowid(db->sql);
}

/*
 * Retention (db_retain()) deletes the frames and stacks no stored window
 * uses, by their "last" mark: a row is marked with the window that used it
 * when its mark is over PROF_MARK_EVERY older than that window, so a row in
 * use is written once a day, not once a window, and every window's stacks
 * are marked no earlier than a day before it (their frames two days).
 */
#define PROF_MARK_EVERY 86400

/* Whether the cached row e (its mark in count[1]) needs no mark for the window being written. */
static bool marked(const struct db_prof *p, const struct stackmap_entry *e)
{
	return (int64_t)e->count[1] >= p->window - PROF_MARK_EVERY;
}

/*
 * Marks row id (as mark does) for the window being written, if its mark
 * (*last, the copy in e) is stale; 0, or -1 after an error.
 */
static int mark_used(struct db *db, struct db_prof *p, sqlite3_stmt *mark, int64_t id,
		     struct stackmap_entry *e)
{
	int rc;

	if (marked(p, e))
		return 0;
	sqlite3_bind_int64(mark, 1, id);
	sqlite3_bind_int64(mark, 2, p->window);
	rc = sqlite3_step(mark);
	sqlite3_reset(mark);
	if (rc != SQLITE_DONE)
		return prof_error(db, "cannot write database");
	e->count[1] = (double)p->window;
	return 0;
}

/*
 * The id of the interned row of key[0..len) in cache (a frame name or a
 * folded stack) whose value is data[0..dlen), found or added through find
 * and ins, and marked as used by the window being written; -1 on error.
 */
static int64_t intern(struct db *db, struct db_prof *p, struct stackmap *cache,
		      const char *key, size_t len, const void *data, size_t dlen, bool frame)
{
	struct stackmap_entry *e = stackmap_find(cache, key, len);
	int64_t id, last;

	if (!e) {
		id = frame ? find_or_add(db, p, p->find_frame, p->ins_frame, data, dlen, true, &last)
			   : find_or_add(db, p, p->find_stack, p->ins_stack, data, dlen, false, &last);
		if (id < 0)
			return -1;
		e = stackmap_add(cache, key, len, (double)id, (double)last);
	}
	id = (int64_t)e->count[0];
	return mark_used(db, p, frame ? p->mark_frame : p->mark_stack, id, e) < 0 ? -1 : id;
}

/* The prof_modules id of the binary that named frame name[0..len), 0 for none, -1 on error. */
static int64_t module_id(struct db *db, struct db_prof *p, const char *name, size_t len)
{
	const struct stackmap_entry *m;
	const char *path, *build_id;
	struct stackmap_entry *e;
	sqlite3_stmt *find, *ins;
	int64_t id = -1;
	size_t i;

	if (!p->mods || !frame_modules_index(p->mods, name, len, &i))
		return 0;
	/* cached by the binary's key in mods, its path and build-id */
	m = &p->mods->modules.entries[i];
	if ((e = stackmap_find(&p->modules, m->key, m->len)))
		return (int64_t)e->count[0];
	path = frame_modules_binary(p->mods, i, &build_id);
	if (!build_id)
		build_id = "";
	find = prep(db, "SELECT id FROM prof_modules WHERE path = ?1 AND build_id = ?2");
	ins = prep(db, "INSERT INTO prof_modules(path, build_id) VALUES(?1, ?2)");
	if (find && ins) {
		sqlite3_bind_text(find, 1, path, -1, SQLITE_STATIC);
		sqlite3_bind_text(find, 2, build_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 1, path, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 2, build_id, -1, SQLITE_STATIC);
		if ((id = find_or_insert(db, find, ins)) > 0)
			stackmap_add(&p->modules, m->key, m->len, (double)id, 0);
	}
	sqlite3_finalize(find);
	sqlite3_finalize(ins);
	return id;
}

static int64_t frame_id(struct db *db, struct db_prof *p, const char *name, size_t len)
{
	struct stackmap_entry *e = stackmap_find(&p->frames, name, len);
	int64_t module;

	/* known and marked: no binary to look up, nothing to write */
	if (e && marked(p, e))
		return (int64_t)e->count[0];
	if ((module = module_id(db, p, name, len)) < 0)
		return -1;
	sqlite3_bind_int64(p->ins_frame, 4, module);
	sqlite3_bind_int64(p->mark_frame, 3, module);
	return intern(db, p, &p->frames, name, len, name, len, true);
}

/* The id of a folded stack, its frames split at ';' (escaped, so never in a name). */
static int64_t stack_id(struct db *db, struct db_prof *p, const char *stack, size_t len)
{
	struct stackmap_entry *e = stackmap_find(&p->stacks, stack, len);
	const char *s = stack, *end = stack + len;

	if (e && marked(p, e))
		return (int64_t)e->count[0];
	/* New, or due a mark: its frames are marked with it. */
	strbuf_reset(&p->ids);
	while (s <= end) {
		const char *semi = memchr(s, ';', (size_t)(end - s));
		const char *fend = semi ? semi : end;
		int64_t f = frame_id(db, p, s, (size_t)(fend - s));

		if (f < 0)
			return -1;
		strbuf_add_varint(&p->ids, (uint64_t)f);
		s = fend + 1;
	}
	return intern(db, p, &p->stacks, stack, len, p->ids.buf, p->ids.len, false);
}

/* --- the counts blob: (stack id - previous id, count) as LEB128 varints --- */

static const unsigned char *get_varint(const unsigned char *p, const unsigned char *end,
				       uint64_t *v)
{
	unsigned shift = 0;

	*v = 0;
	while (p < end && shift < 64) {
		*v |= (uint64_t)(*p & 0x7f) << shift;
		if (!(*p++ & 0x80))
			return p;
		shift += 7;
	}
	return NULL;
}

/* Calls fn for each (stack, count) of a blob; -1 when it is damaged. */
static int blob_each(const void *data, size_t len,
		     void (*fn)(uint64_t stack, uint64_t count, void *arg), void *arg)
{
	const unsigned char *p = data, *end = p + len;
	uint64_t stack = 0, delta, count;

	while (p && p < end) {
		p = get_varint(p, end, &delta);
		if (p)
			p = get_varint(p, end, &count);
		if (!p)
			return -1;
		stack += delta;
		fn(stack, count, arg);
	}
	return 0;
}

struct pairs {
	struct prof_pair *v;
	size_t nr, alloc;
};

static void pairs_push(uint64_t stack, uint64_t count, void *arg)
{
	struct pairs *ps = arg;

	ALLOC_GROW(ps->v, ps->nr + 1, ps->alloc);
	ps->v[ps->nr++] = (struct prof_pair){ stack, count };
}

static int cmp_pair(const void *a, const void *b)
{
	const struct prof_pair *x = a, *y = b;

	return x->stack < y->stack ? -1 : x->stack > y->stack;
}

/* Sorts the pairs, sums those of one stack and encodes them. */
static void encode_pairs(struct pairs *ps, struct strbuf *blob)
{
	uint64_t prev = 0;
	size_t i, j;

	qsort(ps->v, ps->nr, sizeof(*ps->v), cmp_pair);
	for (i = 0; i < ps->nr; i = j) {
		uint64_t count = 0;

		for (j = i; j < ps->nr && ps->v[j].stack == ps->v[i].stack; j++)
			count += ps->v[j].count;
		strbuf_add_varint(blob, ps->v[i].stack - prev);
		strbuf_add_varint(blob, count);
		prev = ps->v[i].stack;
	}
}

static int64_t series_id(struct db *db, const char *labels)
{
	sqlite3_stmt *find = prep(db, "SELECT id FROM prof_series WHERE labels = ?1");
	sqlite3_stmt *ins = prep(db, "INSERT INTO prof_series(labels) VALUES(?1)");
	int64_t id = -1;

	if (find && ins) {
		sqlite3_bind_text(find, 1, labels, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 1, labels, -1, SQLITE_STATIC);
		id = find_or_insert(db, find, ins);
	}
	sqlite3_finalize(find);
	sqlite3_finalize(ins);
	return id;
}

/* Adds the stored counts of (window, sid), if any, to ps. */
static int load_window(struct db *db, int64_t window, int64_t sid, struct pairs *ps)
{
	sqlite3_stmt *st = prep(db, "SELECT counts FROM prof_windows WHERE ts = ?1 AND series_id = ?2");
	int rc, ret = 0;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, window);
	sqlite3_bind_int64(st, 2, sid);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		ret = blob_each(sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0),
				pairs_push, ps);
	else if (rc != SQLITE_DONE)
		ret = prof_error(db, "cannot read database");
	if (ret < 0 && rc == SQLITE_ROW)
		error("database '%s': damaged profile counts at %lld", db->path, (long long)window);
	sqlite3_finalize(st);
	return ret;
}

static int store_window(struct db *db, int64_t window, int64_t span, int64_t sid,
			const struct strbuf *blob)
{
	sqlite3_stmt *st = prep(db, "INSERT OR REPLACE INTO prof_windows(ts, series_id, span, counts)"
				" VALUES(?1, ?2, ?3, ?4)");
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, window);
	sqlite3_bind_int64(st, 2, sid);
	sqlite3_bind_int64(st, 3, span);
	sqlite3_bind_blob64(st, 4, blob->buf, blob->len, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : prof_error(db, "cannot write database");
}

int db_profile_add(struct db *db, int64_t window, int64_t span, const char *labels,
		   const struct stackmap *stacks, const struct frame_modules *mods)
{
	struct db_prof *p = prof_cache(db);
	struct pairs ps = { NULL, 0, 0 };
	struct strbuf blob = STRBUF_INIT;
	int64_t sid;
	size_t i;
	int ret = -1;

	if (!p || (sid = series_id(db, labels)) < 0)
		goto out;
	p->window = window;
	p->mods = mods;
	for (i = 0; i < stacks->nr; i++) {
		const struct stackmap_entry *e = &stacks->entries[i];
		double c = e->count[0] + 0.5;
		int64_t id;

		if (c < 1)
			continue;
		if ((id = stack_id(db, p, e->key, e->len)) < 0)
			goto out;
		pairs_push((uint64_t)id, (uint64_t)c, &ps);
	}
	if (!ps.nr)
		ret = 0;
	else if (load_window(db, window, sid, &ps) == 0) {
		encode_pairs(&ps, &blob);
		ret = store_window(db, window, span, sid, &blob);
	}
out:
	/* Ids learnt in a transaction that may be rolled back are not to be trusted. */
	if (ret < 0)
		db_profile_release(db);
	free(ps.v);
	strbuf_release(&blob);
	return ret;
}

int db_profile_prune(struct db *db, int64_t before)
{
	sqlite3_stmt *st[3] = {
		prep(db, "DELETE FROM prof_stacks WHERE last < ?1"),
		prep(db, "DELETE FROM prof_frames WHERE last < ?1"),
		prep(db, "DELETE FROM prof_modules WHERE id NOT IN"
		     " (SELECT DISTINCT module FROM prof_frames)"),
	};
	int i, ret = 0;

	/* A window's stacks are marked at most a day before it, their frames two. */
	for (i = 0; i < 3; i++) {
		if (!st[i]) {
			ret = -1;
			continue;
		}
		if (i < 2)
			sqlite3_bind_int64(st[i], 1, before - (i + 1) * (int64_t)PROF_MARK_EVERY);
		if (!ret && sqlite3_step(st[i]) != SQLITE_DONE)
			ret = prof_error(db, "cannot write database");
		sqlite3_finalize(st[i]);
	}
	/* Ids cached by a writer of this connection may be gone. */
	db_profile_release(db);
	return ret;
}

/* --- reading --------------------------------------------------------------- */

struct prof_reader {
	uint64_t *count;	/* by stack id */
	size_t alloc;
};

static void reader_add(uint64_t stack, uint64_t count, void *arg)
{
	struct prof_reader *r = arg;

	if (stack >= r->alloc) {
		size_t old = r->alloc;

		r->alloc = stack + 1 > old * 2 ? stack + 1 : old * 2;
		r->count = xreallocarray(r->count, r->alloc, sizeof(*r->count));
		memset(r->count + old, 0, (r->alloc - old) * sizeof(*r->count));
	}
	r->count[stack] += count;
}

/* The series matching sels (any of them; nsels 0: all), as a sorted id array. */
static int select_profiles(struct db *db, const struct selector *sels, size_t nsels,
			   int64_t **ids, size_t *nids, struct strbuf *units)
{
	sqlite3_stmt *st = prep(db, "SELECT id, labels FROM prof_series ORDER BY id");
	struct strbuf unit = STRBUF_INIT, val = STRBUF_INIT;
	size_t alloc = 0, k;
	int rc;

	*ids = NULL;
	*nids = 0;
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *labels = (const char *)sqlite3_column_text(st, 1);
		bool match = !nsels;

		for (k = 0; k < nsels && !match; k++)
			match = selector_match(&sels[k], "profile", labels ? labels : "");
		if (!match)
			continue;
		ALLOC_GROW(*ids, *nids + 1, alloc);
		(*ids)[(*nids)++] = sqlite3_column_int64(st, 0);
		/* ",samples,us," lists each unit once */
		if (labels_get(labels ? labels : "", "unit", &val) <= 0)
			strbuf_addstr(&val, "samples");
		strbuf_reset(&unit);
		strbuf_addch(&unit, ',');
		strbuf_add(&unit, val.buf, val.len);
		strbuf_addch(&unit, ',');
		strbuf_reset(&val);
		if (!strstr(units->buf, unit.buf))
			strbuf_add(units, unit.buf + !!units->len, unit.len - !!units->len);
	}
	sqlite3_finalize(st);
	strbuf_release(&unit);
	strbuf_release(&val);
	if (rc != SQLITE_DONE)
		return prof_error(db, "cannot read database");
	return 0;
}

static bool has_id(const int64_t *ids, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ids[mid] == id)
			return true;
		if (ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* Sums the counts of the selected series' windows in [since, until] into r. */
static long read_windows(struct db *db, const int64_t *ids, size_t nids, int64_t since,
			 int64_t until, struct prof_reader *r)
{
	sqlite3_stmt *st = prep(db, "SELECT ts, series_id, counts FROM prof_windows"
				" WHERE ts >= ?1 AND ts <= ?2");
	int64_t last = INT64_MIN;
	long windows = 0;
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, since);
	sqlite3_bind_int64(st, 2, until);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t ts = sqlite3_column_int64(st, 0);

		if (!has_id(ids, nids, sqlite3_column_int64(st, 1)))
			continue;
		if (blob_each(sqlite3_column_blob(st, 2), (size_t)sqlite3_column_bytes(st, 2),
			      reader_add, r) < 0) {
			sqlite3_finalize(st);
			return error("database '%s': damaged profile counts at %lld", db->path,
				     (long long)ts);
		}
		/* rows come in ts order (the key) */
		windows += ts != last;
		last = ts;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? windows : prof_error(db, "cannot read database");
}

/* The frame names and their binaries, by id (ids are dense). */
struct prof_names {
	char **v;
	int64_t *module;	/* with mods: the prof_modules id of each */
	size_t nr, alloc, amodule;
	struct frame_modules *mods;	/* NULL: binaries not wanted */
	sqlite3_stmt *find_module;
};

static void names_release(struct prof_names *n)
{
	free_strings(n->v, n->nr);
	free(n->module);
	sqlite3_finalize(n->find_module);
}

static void names_set(struct prof_names *n, int64_t id, const char *name, int64_t module)
{
	if ((size_t)id >= n->nr) {
		size_t old = n->nr;

		ALLOC_GROW(n->v, (size_t)id + 1, n->alloc);
		if (n->mods)
			ALLOC_GROW(n->module, (size_t)id + 1, n->amodule);
		n->nr = (size_t)id + 1;
		memset(n->v + old, 0, (n->nr - old) * sizeof(*n->v));
	}
	n->v[id] = xstrdup(name);
	if (n->mods)
		n->module[id] = module;
}

static int names_load(struct db *db, struct prof_names *n)
{
	sqlite3_stmt *st;
	int rc = SQLITE_ERROR;

	if (n->mods && !(n->find_module = prep(db, "SELECT path, build_id FROM prof_modules"
					       " WHERE id = ?1")))
		return -1;
	st = prep(db, "SELECT id, name, module FROM prof_frames");
	while (st && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);

		if (id > 0 && id <= (1LL << 32) && name)
			names_set(n, id, name, sqlite3_column_int64(st, 2));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : prof_error(db, "cannot read database");
}

/* With n->mods: notes the binary of frame f, if it has one not yet noted. */
static int note_module(struct db *db, struct prof_names *n, uint64_t f)
{
	const char *path, *build_id;
	size_t len = strlen(n->v[f]);
	int rc;

	if (!n->mods || !n->module[f] || frame_modules_has(n->mods, n->v[f], len))
		return 0;
	sqlite3_bind_int64(n->find_module, 1, n->module[f]);
	rc = sqlite3_step(n->find_module);
	if (rc == SQLITE_ROW) {
		path = (const char *)sqlite3_column_text(n->find_module, 0);
		build_id = (const char *)sqlite3_column_text(n->find_module, 1);
		frame_modules_note(n->mods, n->v[f], len, path ? path : "",
				   build_id && *build_id ? build_id : NULL);
	}
	sqlite3_reset(n->find_module);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : prof_error(db, "cannot read database");
}

/* The folded line of a stack's frame ids (a blob of varints), into sb. */
static int stack_line(struct db *db, struct prof_names *n, const void *blob, size_t len,
		      struct strbuf *sb)
{
	const unsigned char *p = blob, *end = p + len;
	uint64_t f;

	strbuf_reset(sb);
	while (p && p < end) {
		if (!(p = get_varint(p, end, &f)) || f >= n->nr || !n->v[f])
			return error("database '%s': damaged profile stack", db->path);
		if (sb->len)
			strbuf_addch(sb, ';');
		strbuf_addstr(sb, n->v[f]);
		if (note_module(db, n, f) < 0)
			return -1;
	}
	return 0;
}

/* Adds the folded stacks of r's counts to out, the binaries of their frames to mods. */
static int add_stacks(struct db *db, const struct prof_reader *r, struct stackmap *out,
		      struct frame_modules *mods)
{
	sqlite3_stmt *st = prep(db, "SELECT frames FROM prof_stacks WHERE id = ?1");
	struct prof_names n = { .mods = mods };
	struct strbuf sb = STRBUF_INIT;
	size_t id;
	int ret = st ? names_load(db, &n) : -1;

	for (id = 1; id < r->alloc && !ret; id++) {
		if (!r->count[id])
			continue;
		sqlite3_bind_int64(st, 1, (int64_t)id);
		if (sqlite3_step(st) != SQLITE_ROW)
			ret = error("database '%s': profile stack %zu is missing", db->path, id);
		else
			ret = stack_line(db, &n, sqlite3_column_blob(st, 0),
					 (size_t)sqlite3_column_bytes(st, 0), &sb);
		sqlite3_reset(st);
		if (!ret)
			stackmap_add(out, sb.buf, sb.len, (double)r->count[id], 0);
	}
	sqlite3_finalize(st);
	names_release(&n);
	strbuf_release(&sb);
	return ret;
}

long db_profile_read(struct db *db, const struct selector *sels, size_t nsels, int64_t since,
		     int64_t until, struct stackmap *out, struct strbuf *units,
		     struct frame_modules *mods)
{
	struct prof_reader r = { NULL, 0 };
	int64_t *ids;
	size_t nids;
	long windows = -1;

	strbuf_reset(units);
	if (select_profiles(db, sels, nsels, &ids, &nids, units) < 0)
		return -1;
	if (!nids) {
		windows = 0;
		goto out;
	}
	windows = read_windows(db, ids, nids, since, until, &r);
	if (windows > 0 && add_stacks(db, &r, out, mods) < 0)
		windows = -1;
out:
	/* ",samples,us," -> "samples,us" */
	if (units->len) {
		memmove(units->buf, units->buf + 1, units->len - 1);
		strbuf_setlen(units, units->len - 2);
	}
	free(r.count);
	free(ids);
	return windows;
}
