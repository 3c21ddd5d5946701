// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-record's snapshot: the metrics and counters one run collects, and their
 * way into the database with the state the next run computes rates from.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "headroom/alloc.h"
#include "headroom/cli.h"
#include "headroom/db.h"
#include "headroom/error.h"
#include "headroom/labels.h"
#include "headroom/names.h"
#include "headroom/series.h"
#include "headroom/strbuf.h"
#include "headroom/units.h"
#include "record.h"

void snap_init(struct snapshot *s, const struct options *opt)
{
	memset(s, 0, sizeof(*s));
	s->opt = opt;
	stackmap_init(&s->prev);
	strbuf_init(&s->tmp, 0);
}

/* Drops the previous snapshot's counters: this one becomes a baseline. */
static void snap_forget_prev(struct snapshot *s)
{
	stackmap_release(&s->prev);
	stackmap_init(&s->prev);
	s->have_prev = false;
}

static void snap_clear(struct snapshot *s)
{
	size_t i;

	for (i = 0; i < s->nr; i++) {
		free(s->m[i].name);
		free(s->m[i].labels);
	}
	for (i = 0; i < s->nc; i++)
		free(s->c[i].key);
	s->nr = s->nc = 0;
	snap_forget_prev(s);
}

void snap_release(struct snapshot *s)
{
	snap_clear(s);
	stackmap_release(&s->prev);
	free(s->m);
	free(s->c);
	strbuf_release(&s->tmp);
}

void snap_add(struct snapshot *s, const char *name, const char *labels, const char *unit,
	      const char *kind, double value)
{
	struct metric *m;

	if (!isfinite(value))
		return;
	ALLOC_GROW(s->m, s->nr + 1, s->alloc);
	m = &s->m[s->nr++];
	m->name = xstrdup(name);
	m->labels = xstrdup(labels);
	m->unit = unit;
	m->kind = kind;
	m->value = value;
}

double snap_delta(struct snapshot *s, const char *key, double cur, double *dt)
{
	struct stackmap_entry *e = stackmap_find(&s->prev, key, strlen(key));

	ALLOC_GROW(s->c, s->nc + 1, s->calloc_);
	s->c[s->nc].key = xstrdup(key);
	s->c[s->nc].value = cur;
	s->nc++;
	*dt = NAN;
	if (!e)
		return NAN;
	*dt = s->uptime - e->count[1];
	/* A counter that went backwards was reset (a restart) or wrapped: no rate. */
	if (!(*dt > 0) || cur < e->count[0])
		return NAN;
	return cur - e->count[0];
}

double snap_rate(struct snapshot *s, const char *key, double cur, double scale)
{
	double dt, d = snap_delta(s, key, cur, &dt);

	return dt > 0 ? d / dt * scale : NAN;
}

/* --- writing ---------------------------------------------------------------- */

static char *first_line(const char *path)
{
	char *t = read_file(path, NULL), *nl;

	if (t && (nl = strchr(t, '\n')))
		*nl = '\0';
	return t;
}

/* The boot's identity: boot_id when the kernel has it, else btime from /proc/stat. */
static char *boot_identity(const struct options *opt)
{
	char *p = xasprintf("%s/sys/kernel/random/boot_id", opt->proc_root);
	char *id = first_line(p);
	char *stat, *b;

	free(p);
	if (id && *id)
		return id;
	free(id);
	p = xasprintf("%s/stat", opt->proc_root);
	stat = read_file(p, NULL);
	free(p);
	b = stat ? strstr(stat, "\nbtime ") : NULL;
	id = b ? xasprintf("btime %lld", strtoll(b + 7, NULL, 10)) : xstrdup("");
	free(stat);
	return id;
}

/* The host label: the watched host's name (a fixture tree's, a host's /proc
 * mounted elsewhere), else this one's. */
char *watched_host_name(const struct options *opt)
{
	char buf[256];
	char *p, *h;

	if (strcmp(opt->proc_root, "/proc")) {
		p = xasprintf("%s/sys/kernel/hostname", opt->proc_root);
		h = first_line(p);
		free(p);
		if (h && *h)
			return h;
		free(h);
	}
	if (gethostname(buf, sizeof(buf)) < 0)
		return xstrdup("localhost");
	buf[sizeof(buf) - 1] = '\0';
	return xstrdup(buf);
}

/*
 * The previous snapshot's counters, one meta blob: "UPTIME\n" then
 * "KEY\tVALUE\n" per counter (one row written per snapshot, not one per counter).
 */
static int load_counters(struct db *db, struct snapshot *s)
{
	struct strbuf blob = STRBUF_INIT;
	char *line, *save = NULL, *tab;
	double up = NAN;

	if (db_meta_get_blob(db, "counters", &blob) < 0)
		return -1;
	for (line = strtok_r(blob.buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (isnan(up)) {
			up = strtod(line, NULL);
			continue;
		}
		tab = strrchr(line, '\t');
		if (!tab)
			continue;
		stackmap_add(&s->prev, line, (size_t)(tab - line), strtod(tab + 1, NULL), up);
		s->have_prev = true;
	}
	s->prev_uptime = up;
	strbuf_release(&blob);
	return 0;
}

static int store_counters(struct db *db, struct snapshot *s)
{
	struct strbuf blob = STRBUF_INIT;
	size_t i;
	int ret;

	strbuf_addf(&blob, "%.2f\n", s->uptime);
	for (i = 0; i < s->nc; i++) {
		double v = s->c[i].value;

		strbuf_addstr(&blob, s->c[i].key);
		strbuf_addch(&blob, '\t');
		/* Counters are mostly whole numbers: strbuf_add_num's digits by
		 * hand, not printf's %.17g (a tenth of a run's formatting cost);
		 * the others exactly. strtod reads both back. */
		if (v == floor(v) && fabs(v) < 9007199254740992.0)
			strbuf_add_num(&blob, v);
		else
			strbuf_addf(&blob, "%.17g", v);
		strbuf_addch(&blob, '\n');
	}
	ret = db_meta_set_blob(db, "counters", blob.buf, blob.len);
	strbuf_release(&blob);
	return ret;
}

static int store_metrics(struct db *db, struct snapshot *s, const struct record_options *o, int64_t ts)
{
	struct strbuf full = STRBUF_INIT, labels = STRBUF_INIT, out = STRBUF_INIT;
	size_t i;
	int ret = 0;

	for (i = 0; i < s->nr && !ret; i++) {
		struct metric *m = &s->m[i];
		int64_t id;
		double v = m->value;

		/* The host label joins the others in canonical order. */
		labels_insert(&labels, m->labels, LABEL_HOST, o->host);
		/* Whole bytes, thousandths of a percent and six digits otherwise are
		 * all the precision there is; rounding lets SQLite store many values
		 * as small integers, and keeps the output short. */
		if (!strcmp(m->unit, "bytes") || !strcmp(m->unit, "bytes/s")) {
			v = round(v);
		} else if (!strcmp(m->unit, "percent")) {
			v = round(v * 1000) / 1000;
		} else {
			char num[32];

			snprintf(num, sizeof(num), "%.6g", v);
			v = strtod(num, NULL);
		}
		id = db_series_id(db, m->name, labels.buf, m->unit, m->kind);
		if (id < 0 || db_add_sample(db, id, ts, v) < 0)
			ret = -1;
		if (o->verbose) {
			strbuf_reset(&full);
			series_name_format(&full, m->name, labels.buf);
			strbuf_reset(&out);
			series_format(&out, (double)ts, full.buf, v, false);
			fputs(out.buf, stdout);
		}
	}
	strbuf_release(&full);
	strbuf_release(&labels);
	strbuf_release(&out);
	return ret;
}

static int read_uptime(const struct options *opt, double *up)
{
	char *p = xasprintf("%s/uptime", opt->proc_root);
	char *t = read_file(p, NULL);
	int ret = 0;

	if (!t || parse_number(strtok(t, " \n") ? t : "", up) < 0)
		ret = error("cannot read the uptime from '%s'", p);
	free(t);
	free(p);
	return ret;
}

/*
 * The previous snapshot's state: its counters, and its process baselines
 * (into prev_procs) unless the host rebooted since, which makes this
 * snapshot a new baseline.
 */
static int load_previous(struct db *db, const struct record_options *o, struct snapshot *s,
			 const char *boot, struct strbuf *prev_procs)
{
	char *oldboot;

	if (load_counters(db, s) < 0)
		return -1;
	oldboot = db_meta_get(db, "boot");
	if (s->have_prev && oldboot && strcmp(oldboot, boot)) {
		if (!o->quiet)
			fprintf(stderr, "%s: the host rebooted since the last snapshot; storing a new baseline\n",
				progname());
		snap_forget_prev(s);
	} else if (!s->have_prev) {
		if (!o->quiet)
			fprintf(stderr, "%s: first snapshot: storing a baseline; rates start with the next one\n",
				progname());
	}
	free(oldboot);
	if (s->have_prev && s->uptime - s->prev_uptime < MIN_RATE_INTERVAL) {
		/* Another run just took one (concurrent cron jobs): a rate over a
		 * few milliseconds means nothing (0 or 100 % busy). */
		warning("the previous snapshot is only %.3fs old (less than %gs): storing no rates "
			"from this one; the next one's cover the time since the previous",
			s->uptime - s->prev_uptime, MIN_RATE_INTERVAL);
		s->too_young = true;
		snap_forget_prev(s);
	}
	if (s->have_prev)
		db_meta_get_blob(db, "procs", prev_procs);
	return 0;
}

static int collect_all(struct snapshot *s, const struct strbuf *prev_procs, struct strbuf *procs)
{
	if (collect_system(s) < 0)
		return -1;
	collect_pressure(s);
	collect_disks(s);
	collect_filesystems(s);
	collect_network(s);
	collect_cgroups(s);
	collect_processes(s, prev_procs->buf, prev_procs->len, procs);
	return 0;
}

/* The samples, the state the next snapshot needs, then roll-ups and retention. */
static int store_snapshot(struct db *db, const struct record_options *o, struct snapshot *s,
			  int64_t now, const char *boot, const struct strbuf *procs,
			  struct pusher_state *ps)
{
	if (store_metrics(db, s, o, now) < 0 || push_save_mark(ps) < 0)
		return -1;
	/* A snapshot too young for rates leaves the previous counters in place. */
	if (!s->too_young && (store_counters(db, s) < 0 || db_meta_set(db, "boot", boot) < 0 ||
			      db_meta_set_blob(db, "procs", procs->buf, procs->len) < 0))
		return -1;
	if (db_rollup(db, now) < 0)
		return -1;
	return db_retain(db, o->retain > 0 ? now - (int64_t)o->retain : 0,
			 o->retain_rollups > 0 ? now - (int64_t)o->retain_rollups : 0);
}

int take_snapshot(struct db *db, const struct record_options *o, struct snapshot *s,
		  struct pusher_state *ps)
{
	struct strbuf prev_procs = STRBUF_INIT, procs = STRBUF_INIT;
	char *boot;
	int64_t now;
	int ret = -1;

	snap_clear(s);
	s->too_young = false;
	/* Everything happens inside the write lock, so that two overlapping runs
	 * take their turns and each computes its rates from the other's counters. */
	if (db_begin(db) < 0)
		return -1;
	now = db_now();
	s->ts = now;
	boot = boot_identity(&o->collect);
	if (read_uptime(&o->collect, &s->uptime) == 0 &&
	    load_previous(db, o, s, boot, &prev_procs) == 0 &&
	    collect_all(s, &prev_procs, &procs) == 0 &&
	    store_snapshot(db, o, s, now, boot, &procs, ps) == 0)
		ret = db_commit(db);	/* which rolls back when it fails */
	else
		db_rollback(db);
	free(boot);
	strbuf_release(&prev_procs);
	strbuf_release(&procs);
	return ret;
}
