/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * One load-test run as hr-latency reads it from one or more files of any
 * format: every request, the --by groups, the --window windows, the
 * histograms for --hlog, or the tool's own summaries when the files hold
 * nothing else. --baseline reads two runs.
 */
#ifndef HR_LATENCY_RUN_H
#define HR_LATENCY_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "headroom/loadtest.h"
#include "acc.h"
#include "groups.h"
#include "parse.h"

/* The fields of a plain line, in the order of the lat_parser's field numbers. */
enum { F_LATENCY, F_TIME, F_STATUS, F_GROUP, NFIELDS };

/* A field given by number, or by a name to look up in a header line. */
struct field_ref {
	unsigned num;
	const char *name;
};

/* What the options say about reading and summarising; shared by the runs. */
struct run_config {
	enum lt_format format;		/* --input-format */
	struct lt_options lt;		/* for the formats */
	struct lat_parser parser;	/* for plain input */
	struct field_ref fields[NFIELDS];
	bool header;			/* plain: a field is named, the first line names them */
	bool hdr;			/* --hdr */
	double apdex_s;			/* --apdex in seconds; NAN: none */
	double unit_in;			/* -u: seconds per plain or .hlog value */
	bool unit_given;
	double unit_out;		/* seconds per reported value; 0: the input's */
	bool by;
	double window;			/* seconds; 0: no windows */
	bool window_series;		/* --window given (not only --svg's windows) */
	double expected;		/* --expected-interval, seconds; 0: none */
	double hlog_unit;		/* --hlog: seconds per written value; 0: no --hlog */
	bool quiet;
};

/* A tool's summary (Locust, wrk, ab -e), copied. */
struct tool_summary {
	struct lt_summary s;	/* q, v and label point into the fields below */
	char *label;
	double *q, *v;
};

/* What a run keeps per --window. */
struct window_acc {
	struct acc acc;
	struct groups gs;		/* --by */
	struct hdrh *hlog;		/* --hlog */
	struct tool_summary *row;	/* Locust's history: the window's last row */
};

struct run {
	const struct run_config *cfg;
	struct acc_setup setup;		/* of every accumulator of the run */
	bool started;			/* the first file set the kind and setup */
	enum lt_kind kind;		/* LT_KIND_PLAIN reads as requests */
	enum lt_format format;		/* of the first file */
	double unit_out;		/* seconds per reported value */
	struct acc all;
	struct groups gs;
	struct lt_windows win;		/* cfg->window > 0; user: struct window_acc */
	struct hdrh *hlog;		/* --hlog without --window */
	bool has_errors;		/* every file tells failures apart */
	bool has_conc;
	double time_step;		/* the coarsest resolution of the files' times */
	double hlog_ratio;		/* .hlog: max over Interval_Max; NAN */
	struct tool_summary *sums;	/* summaries of the whole run or a label */
	size_t nsums, alloc_sums;
	struct tool_summary *last_row;	/* Locust's history: the last Aggregated row */
	double first_t, first_total;	/* and the first one's time and total */
	uint64_t requests;		/* read, before --expected-interval */
	uint64_t plain_values;		/* plain latencies read, and those written */
	uint64_t plain_fractions;	/* as bare numbers with a decimal point */
};

void run_init(struct run *r, const struct run_config *cfg);
void run_release(struct run *r);
/* Reads one file ("-": standard input) into the run; dies on bad input. */
void run_read(struct run *r, const char *path);
/*
 * One request: its start t (Unix seconds, NAN: unknown), latency v in the
 * report's unit, failure, and --by label (NULL: none).
 */
void run_request(struct run *r, double t, double v, bool error, const char *label,
		 size_t label_len);
/* After the last file: warnings about units and resolution (unless quiet). */
void run_finish(struct run *r);

/* The run's summary of every request (kind LT_KIND_SUMMARY), or NULL. */
const struct tool_summary *run_tool_summary(const struct run *r);
/* The window accumulator of window i, or NULL when nothing fell in it. */
static inline struct window_acc *run_window(const struct run *r, size_t i)
{
	return r->win.w[i].user;
}

#endif
