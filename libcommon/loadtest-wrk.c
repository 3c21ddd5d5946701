// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * wrk's and wrk2's text report with --latency, a summary only: the thread
 * statistics' mean, stdev and max, the latency distribution, the request
 * count and duration, socket errors and non-2xx/3xx responses. Times carry
 * wrk's units (us, ms, s, m). wrk's percentiles already include its own
 * coordinated-omission correction; wrk2's first distribution is the
 * corrected one and a second (-U) is not read.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/units.h"
#include "loadtest-impl.h"

#define MAX_PCT 64

struct wrk {
	struct lt_summary s;
	double q[MAX_PCT], v[MAX_PCT];
	int dist;		/* Latency Distribution blocks seen */
	bool in_dist, runs;
};

/* A time as wrk prints it ("3.64ms", "31.00us", "1.61s", "1.02m"), in ms. */
static int wrk_time(const char *s, size_t len, double *ms)
{
	double v, unit;
	size_t n = lt_scan_number(s, len, &v);

	if (!n || n == len)
		return -1;
	unit = duration_suffix(s + n, len - n, SUFFIX_LATENCY);
	if (unit <= 0)
		return -1;
	*ms = v * unit * 1e3;
	return 0;
}

/* "2075 requests in 2.00s, 385.01KB read" */
static int requests_line(struct wrk *k, char **w, size_t *wl, size_t n)
{
	double d;

	if (n < 4 || lt_number(w[0], wl[0], &k->s.count) < 0 || wl[3] < 2 ||
	    wrk_time(w[3], wl[3] - (w[3][wl[3] - 1] == ','), &d) < 0)
		return -1;
	k->s.total_count = k->s.count;
	k->s.duration = d / 1e3;
	return 0;
}

/* "Socket errors: connect 0, read 0, write 0, timeout 37" and "Non-2xx or 3xx responses: 108" */
static void add_errors(struct wrk *k, char *line)
{
	char *p = strchr(line, ':');

	if (isnan(k->s.errors))
		k->s.errors = 0;
	while (p && *p) {
		p += strcspn(p, "0123456789");
		if (*p)
			k->s.errors += strtod(p, &p);
	}
	k->s.total_errors = k->s.errors;
}

static int percentile_line(struct wrk *k, char **w, size_t *wl, size_t n)
{
	double p, v;
	size_t np = k->s.n;

	if (n != 2 || wl[0] < 2 || w[0][wl[0] - 1] != '%' || lt_number(w[0], wl[0] - 1, &p) < 0 ||
	    p < 0 || p > 100 || wrk_time(w[1], wl[1], &v) < 0)
		return -1;
	if (np < MAX_PCT && k->dist == 1) {
		k->q[np] = p / 100;
		k->v[np] = v;
		k->s.n++;
	}
	return 0;
}

static int wrk_line(struct lt_reader *r, struct wrk *k, char *line)
{
	char *w[8];
	size_t wl[8], n = split_fields(line, " \t", w, wl, 8);

	if (!n)
		return 0;
	if (!strncmp(w[0], "Running", 7) && strstr(line, " test @ ")) {
		if (k->runs)
			return lt_bad(r, r->lr->lineno, "a second wrk run in the file: give each its own file");
		k->runs = true;
		return 0;
	}
	if (!strncmp(w[0], "Latency", 7) && wl[0] == 7 && n == 5)
		return wrk_time(w[1], wl[1], &k->s.mean) | wrk_time(w[2], wl[2], &k->s.stdev) |
		       wrk_time(w[3], wl[3], &k->s.max) ?
		       lt_bad(r, r->lr->lineno, "expected wrk's latency mean, stdev and max") : 0;
	if (!strncmp(w[0], "Latency", 7) && n >= 2 && !strncmp(w[1], "Distribution", 12)) {
		k->dist++;
		k->in_dist = true;
		return 0;
	}
	if (k->in_dist && percentile_line(k, w, wl, n) == 0)
		return 0;
	k->in_dist = false;
	if (n >= 3 && !strncmp(w[1], "requests", 8) && !strncmp(w[2], "in", 2))
		return requests_line(k, w, wl, n) < 0 ?
		       lt_bad(r, r->lr->lineno, "expected 'N requests in DURATION'") : 0;
	if (!strncmp(line + strspn(line, " "), "Socket errors:", 14) ||
	    !strncmp(line + strspn(line, " "), "Non-2xx or 3xx responses:", 25))
		add_errors(k, line);
	else if (!strncmp(w[0], "Requests/sec:", 13) && n == 2 &&
		 lt_number(w[1], wl[1], &k->s.throughput) < 0)
		return lt_bad(r, r->lr->lineno, "expected a number of requests per second");
	return 0;
}

int lt_read_wrk(struct lt_reader *r)
{
	struct wrk k = { .s = {
		.t = NAN, .conc = NAN, .count = NAN, .errors = NAN, .total_count = NAN,
		.total_errors = NAN, .min = NAN, .mean = NAN, .stdev = NAN, .max = NAN,
		.throughput = NAN, .duration = NAN, .cumulative = true,
	} };
	char *line;
	ssize_t len;

	while ((len = linereader_next(r->lr, &line)) >= 0) {
		if (memchr(line, '\0', (size_t)len))
			return lt_bad(r, r->lr->lineno, "unexpected NUL byte (binary input?)");
		if (wrk_line(r, &k, line) < 0)
			return -1;
	}
	if (!k.s.n)
		return lt_bad(r, 0, "no latency distribution: was wrk run with --latency, and did it connect?");
	if (isnan(k.s.count))
		return lt_bad(r, 0, "no 'N requests in DURATION' line: a truncated wrk report?");
	if (isnan(k.s.errors))
		k.s.errors = k.s.total_errors = 0;
	k.s.q = k.q;
	k.s.v = k.v;
	r->info->records = 1;
	if (r->sink->summary)
		r->sink->summary(r->sink->ctx, &k.s);
	return 0;
}
