// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * ApacheBench's files: -g writes one TAB-separated line per request
 * (starttime as ctime(3) text with blanks, seconds, ctime, dtime, ttime,
 * wait, in whole ms, sorted by ttime and without any status), -e the
 * percentiles 0 to 100 of the total times, a summary only.
 */
#include <math.h>
#include <string.h>

#include "loadtest-impl.h"

static const char *const gnuplot_cols[] = { "starttime", "seconds", "ctime", "dtime", "ttime", "wait" };

static int ab_column(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(gnuplot_cols) / sizeof(gnuplot_cols[0]); i++)
		if (!strcmp(name, gnuplot_cols[i]))
			return (int)i;
	return -1;
}

static int gnuplot_header(struct lt_reader *r, struct csv_reader *cr, void *arg)
{
	int *lat = arg;

	if (cr->nfields != 6 || lt_column(cr, "ttime") != 4)
		return lt_bad(r, cr->lineno, "expected ab's header starttime, seconds, ctime, "
			      "dtime, ttime, wait");
	if (r->o->label)
		return lt_bad(r, cr->lineno, "ab -g has no label column for --by");
	*lat = ab_column(r->o->latency ? r->o->latency : "ttime");
	if (*lat < 2)
		return lt_bad(r, cr->lineno, "no latency column '%s' in ab's file (ctime, dtime, "
			      "ttime, wait)", r->o->latency);
	return 0;
}

static int gnuplot_record(struct lt_reader *r, struct csv_reader *cr, void *arg)
{
	int lat = *(int *)arg;
	struct lt_request req = { .conc = NAN };

	if (cr->nfields != 6)
		return lt_bad(r, cr->lineno, "expected 6 TAB-separated fields, the line has %zu",
			      cr->nfields);
	if (lt_number(cr->field[1], cr->len[1], &req.t) < 0)
		return lt_bad(r, cr->lineno, "expected Unix seconds in field 2");
	if (lt_number(cr->field[lat], cr->len[lat], &req.latency) < 0 || req.latency < 0)
		return lt_bad(r, cr->lineno, "expected whole ms in field %d", lat + 1);
	lt_emit(r, &req);
	return 0;
}

int lt_read_ab_gnuplot(struct lt_reader *r)
{
	int lat = 4;

	r->info->has_errors = false;
	r->info->has_time = true;
	r->info->time_step = 1;
	return lt_csv_read(r, '\t', gnuplot_header, gnuplot_record, &lat);
}

/* --- -e: the percentiles --- */

struct ab_pcts {
	double q[101], v[101];
	size_t n;
};

static int csv_header(struct lt_reader *r, struct csv_reader *cr, void *arg)
{
	(void)arg;
	if (cr->nfields != 2 || strcmp(cr->field[0], "Percentage served"))
		return lt_bad(r, cr->lineno, "expected ab's header 'Percentage served,Time in ms'");
	return 0;
}

static int csv_record(struct lt_reader *r, struct csv_reader *cr, void *arg)
{
	struct ab_pcts *p = arg;
	double pct, v;

	if (cr->nfields != 2 || lt_number(cr->field[0], cr->len[0], &pct) < 0 ||
	    lt_number(cr->field[1], cr->len[1], &v) < 0 || pct < 0 || pct > 100 || v < 0)
		return lt_bad(r, cr->lineno, "expected 'PERCENT,MS' with PERCENT from 0 to 100");
	if (p->n == 101 || (p->n && pct <= p->q[p->n - 1] * 100))
		return lt_bad(r, cr->lineno, "percentages must rise from 0 to 100, once each");
	p->q[p->n] = pct / 100;
	p->v[p->n++] = v;
	r->info->records++;
	return 0;
}

int lt_read_ab_csv(struct lt_reader *r)
{
	struct ab_pcts p = { .n = 0 };
	struct lt_summary s = {
		.t = NAN, .conc = NAN, .count = NAN, .errors = NAN, .total_count = NAN,
		.total_errors = NAN, .min = NAN, .mean = NAN, .stdev = NAN, .max = NAN,
		.throughput = NAN, .duration = NAN, .cumulative = true,
	};

	r->info->has_errors = false;
	if (lt_csv_read(r, ',', csv_header, csv_record, &p) < 0)
		return -1;
	if (!p.n)
		return lt_bad(r, r->lr->lineno, "no percentiles in ab's file");
	if (p.q[0] == 0)
		s.min = p.v[0];
	if (p.q[p.n - 1] == 1)
		s.max = p.v[p.n - 1];
	s.q = p.q;
	s.v = p.v;
	s.n = p.n;
	if (r->sink->summary)
		r->sink->summary(r->sink->ctx, &s);
	return 0;
}
