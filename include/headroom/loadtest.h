/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Load-test results as the common generators write them, read into one shape
 * (libheadroom-loadtest, for hr-latency and hr-usl):
 *
 *   requests    one record per request: JMeter JTL (CSV and XML), k6 --out
 *               json and csv, vegeta's JSON and CSV, ab -g
 *   summaries   the tool's own figures only: ab -e, Locust's _stats.csv and
 *               _stats_history.csv, wrk --latency, wrk2 --latency
 *   histograms  HdrHistogram interval logs (.hlog, V2 encoding)
 *
 * A file's format is sniffed from its first 4 KB (lt_input_open with
 * LT_AUTO) or named. Records go to the callbacks of a sink as they are read;
 * bad input is reported with error() as "FILE:LINE: what" and the reader
 * returns -1.
 *
 *	struct lt_input in;
 *	if (lt_input_open(&in, path, LT_AUTO) < 0) exit(2);
 *	if (in.format == LT_PLAIN) ... the caller's own line format, from in.lr ...
 *	else if (lt_input_read(&in, &opts, &sink, &info) < 0) exit(2);
 *	lt_input_close(&in);
 */
#ifndef HEADROOM_LOADTEST_H
#define HEADROOM_LOADTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "headroom/hdrh.h"
#include "headroom/linereader.h"
#include "headroom/options.h"
#include "headroom/strbuf.h"

enum lt_format {
	LT_AUTO,
	LT_PLAIN,		/* none of the below: the tool's own line format */
	LT_JTL,			/* JMeter CSV results */
	LT_JTL_XML,
	LT_K6_JSON,
	LT_K6_CSV,
	LT_VEGETA_JSON,
	LT_VEGETA_CSV,
	LT_AB_GNUPLOT,		/* ab -g */
	LT_AB_CSV,		/* ab -e */
	LT_LOCUST_STATS,
	LT_LOCUST_HISTORY,
	LT_WRK,
	LT_WRK2,
	LT_HLOG,
	LT_NFORMATS
};

/* The names of --input-format, "auto" first; ended by { NULL, 0 }. */
extern const struct opt_choice lt_format_choices[];
const char *lt_format_name(enum lt_format f);

enum lt_kind { LT_KIND_PLAIN, LT_KIND_REQUESTS, LT_KIND_SUMMARY, LT_KIND_HISTOGRAMS };
enum lt_kind lt_format_kind(enum lt_format f);

/* One request. Strings are borrowed for the callback's duration. */
struct lt_request {
	double t;		/* its start, Unix seconds; NAN when unknown */
	double latency;		/* in the format's unit (lt_info.unit) */
	bool error;
	double conc;		/* active threads or virtual users; NAN when unknown */
	const char *label;	/* --by's field; NULL when not asked or absent */
	size_t label_len;
};

/* A tool's own figures for a run, a label, or (history) one row. */
struct lt_summary {
	const char *label;	/* NULL: every request */
	size_t label_len;
	double t, conc;		/* history: the row's time and users; NAN otherwise */
	double count, errors;	/* requests and failures; NAN when the tool gives none */
	double total_count, total_errors;	/* history: cumulative; else as count, errors */
	double min, mean, stdev, max;		/* latencies in the format's unit; NAN: none */
	double throughput;	/* requests per second; NAN: none */
	double duration;	/* seconds; NAN: none */
	const double *q;	/* the tool's percentiles: q[i] in 0..1 ... */
	const double *v;	/* ... and their values */
	size_t n;
	bool cumulative;	/* history: percentiles since the start, else over a window */
};

/* One interval of an HdrHistogram log. */
struct lt_interval {
	const char *tag;	/* NULL: untagged */
	size_t tag_len;
	double start, length;	/* Unix seconds (or relative, when the log has no start time) */
	double max;		/* the Interval_Max column as written */
	struct hdrh *h;		/* borrowed for the call */
};

struct lt_sink {
	void *ctx;
	void (*request)(void *ctx, const struct lt_request *r);
	void (*gauge)(void *ctx, double t, double conc);	/* k6's vus points */
	void (*summary)(void *ctx, const struct lt_summary *s);
	void (*interval)(void *ctx, const struct lt_interval *iv);
};

struct lt_options {
	const char *metric;	/* k6: the trend metric (default http_req_duration) */
	const char *latency;	/* another latency column (JTL: Latency, Connect; XML: lt) */
	const char *time;	/* another time column (JTL) */
	const char *label;	/* --by: a column, tag or attribute name; NULL: no labels */
	const char *status;	/* errors from this column by the ok patterns, not the format's rule */
	const char *ok;		/* good statuses ("2xx,304"); NULL: 2xx */
	bool skip_transactions;	/* JTL: drop Transaction Controller parents */
	double hlog_unit;	/* seconds per .hlog value */
};

/* What the reader learnt about a file. */
struct lt_info {
	enum lt_format format;
	double unit;		/* seconds per latency value */
	bool has_errors;	/* the format tells failures apart (ab -g does not) */
	bool has_time;
	bool has_conc;
	double time_step;	/* resolution of the times in seconds (1 for ab -g); 0: fine */
	uint64_t records;	/* requests, summary rows or intervals read */
	double hlog_max_ratio;	/* hlog: max / Interval_Max of the intervals (a unit hint); NAN */
};

struct lt_input {
	struct linereader lr;
	const char *name;	/* for messages */
	enum lt_format format;	/* as named, or as sniffed */
};

/*
 * Opens path ("-": standard input) and sniffs its format when want is
 * LT_AUTO. Returns 0, or -1 after error() (cannot open; a file known not to
 * be readable, as vegeta's binary gob or Locust's failures file).
 */
int lt_input_open(struct lt_input *in, const char *path, enum lt_format want);
/* Reads the whole file into the sink. Returns 0, or -1 after error(). */
int lt_input_read(struct lt_input *in, const struct lt_options *o, const struct lt_sink *sink,
		  struct lt_info *info);
void lt_input_close(struct lt_input *in);

/* The format of a file that starts with data[0..len); LT_PLAIN when none. */
enum lt_format lt_sniff(const char *data, size_t len);

/*
 * Whether status s[0..len) matches one of the comma-separated patterns, where
 * 'x' matches any character ("2xx,304"); NULL patterns mean "2xx".
 */
bool lt_status_ok(const char *patterns, const char *s, size_t len);

/* A decimal number that is all of s[0..len) (optional sign); -1 if not. */
int lt_number(const char *s, size_t len, double *v);
/*
 * A time as generators write it: Unix seconds, milliseconds (13 digits),
 * microseconds (16) or nanoseconds (19) told apart by size, or RFC 3339.
 * Returns 0 or -1.
 */
int lt_time(const char *s, size_t len, double *t);

/* Appends s[0..len) quoted for a message: at most 40 bytes, control characters as \xHH. */
void lt_quote(struct strbuf *sb, const char *s, size_t len);

/*
 * An unsigned decimal number at the start of s[0..len) ("12", "3.25",
 * "1e-6"), exactly as strtod() reads it; returns the bytes used, 0 when
 * there is no number. Most load-test numbers take a fast exact path.
 */
size_t lt_scan_number(const char *s, size_t len, double *v);

/*
 * --- Writing HdrHistogram interval logs ---
 * lt_hlog_header() appends the version, the start time (NAN: none) and the
 * legend; lt_hlog_line() one interval: StartTimestamp and Interval_Length in
 * seconds, Interval_Max in max_unit (e.g. the maximum in ms), the histogram.
 */
void lt_hlog_header(struct strbuf *out, double start);
void lt_hlog_line(struct strbuf *out, const char *tag, double start, double length, double max,
		  const struct hdrh *h);

/*
 * --- Windows and stages ---
 * Requests counted per window of a fixed width (aligned to multiples of the
 * width since the epoch), with the concurrency seen in each; a stage is a
 * run of windows at one concurrency.
 */
struct lt_window {
	uint64_t requests, errors;
	double latency_sum;	/* of successful requests, in the input's unit */
	uint64_t latency_n;
	double conc_min, conc_max;	/* NAN: none seen */
	void *user;		/* the caller's, per window */
};

struct lt_windows {
	double width;		/* seconds */
	int64_t first;		/* index of w[0]: its start is first * width */
	size_t n, alloc;
	struct lt_window *w;
};

void lt_windows_init(struct lt_windows *ws, double width);
/* Frees the windows (not what user points to). */
void lt_windows_release(struct lt_windows *ws);
/*
 * The window holding time t, new and empty the first time; NULL when t is
 * not finite or when the windows would span more than 10 million widths.
 */
struct lt_window *lt_windows_at(struct lt_windows *ws, double t);
/* The start (Unix seconds) of window i. */
double lt_window_start(const struct lt_windows *ws, size_t i);
/* Counts a concurrency seen in window w. */
void lt_window_conc(struct lt_window *w, double conc);

struct lt_stage {
	size_t first, last;	/* windows of the stage, inclusive (transients dropped) */
	double conc;		/* its concurrency */
	double start, end;	/* Unix seconds of what was kept */
	uint64_t requests, errors;
	double throughput;	/* requests per second over the kept windows */
	double latency;		/* mean latency of successful requests; NAN: none */
};

/*
 * The stages of ws: runs of at least 3 windows whose concurrency stays
 * within tolerance (an absolute number of users or threads) of the run's
 * first window, without their first and last windows. Returns how many, in
 * a new array in *out (the caller frees it).
 */
size_t lt_stages(const struct lt_windows *ws, double tolerance, struct lt_stage **out);

#endif
