/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hr-query's parts: the options, the buffered output, and the three sources
 * and sinks beside the SQLite path in main.c: reading a Prometheus-
 * compatible query API (prom.c) and pushing the history to a remote-write
 * endpoint (push.c).
 */
#ifndef HR_QUERY_H
#define HR_QUERY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "headroom/db.h"
#include "headroom/http.h"
#include "headroom/labels.h"
#include "headroom/options.h"
#include "headroom/strbuf.h"

struct query_options {
	const char *db_path, *since, *until, *out_path;
	double step;			/* seconds; 0: raw points */
	struct db_agg agg;
	const char *agg_name;		/* as given, for PromQL */
	bool agg_given, list, iso;
	bool profile;			/* --profile: stored stack profiles (profile.c) */
	int format;			/* enum output_format */
	const char *prometheus;		/* --prometheus URL: read from there */
	const char *remote_write;	/* --remote-write URL: push there */
	const char *name;		/* --name: series without a metric name */
	double timeout;			/* --timeout, seconds */
	struct http_options http;
};

/*
 * The output, buffered: written out every 64 KiB, or with table (--format
 * table, the default on a terminal), written as TSV and held to the end.
 */
struct out {
	FILE *f;
	struct strbuf sb;
	enum output_format fmt;
	bool iso, table;
};

void out_flush(struct out *o, bool force);
/* The TSV held in o->sb, as aligned columns to o->f (table.c); 0 or -1. */
int out_write_table(struct out *o);
/* A time in Unix seconds or RFC 3339 (--iso); fractions of a second kept. */
void out_time(struct out *o, double t);
/* "2026-12-04T10:00:00Z", or "the beginning"/"now" for an open end. */
void describe_time(char *buf, size_t size, int64_t t);

/*
 * hr-query --prometheus: the series or PromQL expressions args[0..n) from
 * since to until, written as series TSV. Returns the exit status.
 */
int query_prometheus(const struct query_options *qo, char **args, int n, int64_t since,
		     int64_t until, struct out *o);

/*
 * hr-query --remote-write: the points of the series matching sels, pushed
 * (raw samples, hourly averages where only roll-ups remain). Returns the
 * exit status.
 */
int push_history(struct db *db, const struct query_options *qo, const struct selector *sels,
		 char **texts, int nsels, int64_t since, int64_t until);

/* The series of the database matching any of sels (each must match one);
 * 0 with used[] set, or -1 after an error naming each that matched none. */
int select_series(const struct db *db, const struct selector *sels, char **texts, int nsels,
		  const struct db_series *all, size_t nall, bool *used);

/* --profile's choices: exits 2 on options that do not go with it (or a
 * profile format without it). */
void check_profile_usage(const struct query_options *qo);
/* hr-query --profile: the merged profiles matching texts[0..n). Returns the exit status. */
int query_profile(const struct query_options *qo, char **texts, int n, int64_t since,
		  int64_t until);

#endif
