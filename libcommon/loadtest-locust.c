// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Locust's --csv files, summaries only: PREFIX_stats.csv (one row per
 * request name and an Aggregated row) and PREFIX_stats_history.csv (rows
 * every second with the user count). Locust rounds every response time to
 * about two significant digits before it computes a percentile, and writes
 * the percentiles as whole ms. Columns are found by name, as the percentile
 * set depends on --percentiles and the version.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "loadtest-impl.h"

#define MAX_PCT 32

struct locust {
	bool history;
	int type, name, count, fails, mean, min, max, rps, time, users, total_count, total_fails;
	int pct_col[MAX_PCT];
	double q[MAX_PCT], v[MAX_PCT];
	size_t npct;
	bool cumulative;
	/* history: the previous totals of each name, for the counts of a row */
	struct prev {
		char *name;
		double count, fails;
	} *prev;
	size_t nprev, alloc;
};

/* A cell as a number; NAN for "N/A" or an empty cell; -1 for anything else. */
static int value(const struct csv_reader *cr, int col, double *v)
{
	*v = NAN;
	if (col < 0 || (size_t)col >= cr->nfields || !cr->len[col] || !strcmp(cr->field[col], "N/A"))
		return 0;
	return lt_number(cr->field[col], cr->len[col], v);
}

static int locust_header(struct lt_reader *r, struct csv_reader *cr, void *arg)
{
	struct locust *l = arg;
	size_t i;

	l->type = lt_column(cr, "Type");
	l->name = lt_column(cr, "Name");
	l->time = lt_column(cr, "Timestamp");
	l->users = lt_column(cr, "User Count");
	l->rps = lt_column(cr, "Requests/s");
	l->count = lt_column(cr, l->history ? "Total Request Count" : "Request Count");
	l->fails = lt_column(cr, l->history ? "Total Failure Count" : "Failure Count");
	l->mean = lt_column(cr, l->history ? "Total Average Response Time" : "Average Response Time");
	l->min = lt_column(cr, l->history ? "Total Min Response Time" : "Min Response Time");
	l->max = lt_column(cr, l->history ? "Total Max Response Time" : "Max Response Time");
	if (l->type < 0 || l->name < 0 || l->count < 0 || l->fails < 0 ||
	    (l->history && (l->time < 0 || l->users < 0)))
		return lt_bad(r, cr->lineno, "expected Locust's %s header",
			      l->history ? "stats_history" : "stats");
	for (i = 0; i < cr->nfields && l->npct < MAX_PCT; i++) {
		double p;

		if (cr->len[i] > 1 && cr->field[i][cr->len[i] - 1] == '%' &&
		    lt_number(cr->field[i], cr->len[i] - 1, &p) == 0 && p >= 0 && p <= 100) {
			l->pct_col[l->npct] = (int)i;
			l->q[l->npct++] = p / 100;
		}
	}
	return 0;
}

/* The counts of a history row: since the previous row of the same name. */
static void history_counts(struct locust *l, const char *name, struct lt_summary *s)
{
	size_t i;

	for (i = 0; i < l->nprev; i++)
		if (!strcmp(l->prev[i].name, name))
			break;
	if (i == l->nprev) {
		ALLOC_GROW(l->prev, l->nprev + 1, l->alloc);
		l->prev[l->nprev++] = (struct prev){ xstrdup(name), 0, 0 };
	}
	s->count = isnan(s->total_count) ? NAN : s->total_count - l->prev[i].count;
	s->errors = isnan(s->total_errors) ? NAN : s->total_errors - l->prev[i].fails;
	if (!isnan(s->total_count))
		l->prev[i].count = s->total_count;
	if (!isnan(s->total_errors))
		l->prev[i].fails = s->total_errors;
}

static int locust_record(struct lt_reader *r, struct csv_reader *cr, void *arg)
{
	struct locust *l = arg;
	struct lt_summary s = { .t = NAN, .conc = NAN, .stdev = NAN, .duration = NAN };
	int bad = 0;
	size_t i;

	if (cr->nfields <= (size_t)l->fails || cr->nfields <= (size_t)l->name)
		return lt_bad(r, cr->lineno, "expected as many fields as the header, the record has %zu",
			      cr->nfields);
	bad |= value(cr, l->count, &s.total_count) | value(cr, l->fails, &s.total_errors);
	bad |= value(cr, l->mean, &s.mean) | value(cr, l->min, &s.min) | value(cr, l->max, &s.max);
	bad |= value(cr, l->rps, &s.throughput) | value(cr, l->time, &s.t) | value(cr, l->users, &s.conc);
	for (i = 0; i < l->npct; i++)
		bad |= value(cr, l->pct_col[i], &l->v[i]);
	if (bad)
		return lt_bad(r, cr->lineno, "expected numbers (or N/A) in Locust's columns");
	if (!(cr->len[l->type] == 0 && !strcmp(cr->field[l->name], "Aggregated"))) {
		s.label = cr->field[l->name];
		s.label_len = cr->len[l->name];
	}
	if (l->history) {
		history_counts(l, cr->field[l->name], &s);
		if (!isnan(s.conc))
			r->info->has_conc = true;
	} else {
		s.count = s.total_count;
		s.errors = s.total_errors;
	}
	s.q = l->q;
	s.v = l->v;
	s.n = l->npct;
	s.cumulative = l->cumulative;
	r->info->records++;
	if (r->sink->summary)
		r->sink->summary(r->sink->ctx, &s);
	return 0;
}

static void locust_release(struct locust *l)
{
	size_t i;

	for (i = 0; i < l->nprev; i++)
		free(l->prev[i].name);
	free(l->prev);
}

int lt_read_locust_stats(struct lt_reader *r)
{
	struct locust l = { .history = false, .cumulative = true };
	int rc = lt_csv_read(r, ',', locust_header, locust_record, &l);

	locust_release(&l);
	return rc;
}

/*
 * Whether the history was written with --csv-full-history: then it has rows
 * of each request type beside the Aggregated ones, and its percentiles are
 * over the last 10 s; without, they are cumulative since the start.
 */
static bool full_history(struct linereader *lr)
{
	const char *data, *p, *end;
	size_t len = linereader_peek(lr, &data, 256 * 1024);

	end = data + len;
	p = memchr(data, '\n', len);
	while (p && p + 1 < end) {
		const char *line = p + 1, *c1, *c2;

		p = memchr(line, '\n', (size_t)(end - line));
		c1 = memchr(line, ',', (size_t)((p ? p : end) - line));
		c2 = c1 ? memchr(c1 + 1, ',', (size_t)((p ? p : end) - c1 - 1)) : NULL;
		if (c2 && c2 + 1 < (p ? p : end) && c2[1] != ',')
			return true;	/* a Type (GET, POST...) in the third column */
	}
	return false;
}

int lt_read_locust_history(struct lt_reader *r)
{
	struct locust l = { .history = true };
	int rc;

	l.cumulative = !full_history(r->lr);
	r->info->has_time = true;
	r->info->time_step = 1;
	rc = lt_csv_read(r, ',', locust_header, locust_record, &l);
	locust_release(&l);
	return rc;
}
