/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Reading from a Prometheus-compatible query API (Prometheus, VictoriaMetrics,
 * Thanos, Mimir), in libheadroom-prom: hr-query --prometheus and
 * hr-rightsize --prometheus read through it.
 *
 *	struct prom_client *c = prom_client_new("http://prom:9090", &http_opts);
 *	struct prom_query q = { PROM_RANGE, "rate(x[5m])", start, end, 60, 0, &handler };
 *	int rc = prom_run(c, &q, 1);	// 0, 1 (the server warned) or -1
 *	prom_client_free(c);
 *
 * Replies are parsed as they arrive (promjson.h) and handed out series by
 * series, point by point, so memory does not grow with a reply's size. A
 * range query asks for at most 11,000 points per series a request (the
 * limit of Prometheus's query_range), in time order; while one reply is
 * read, the next request is already sent, so that the server computes it
 * meanwhile (Prometheus computes a whole reply before its first byte).
 *
 * Errors are reported in the server's own words, through error():
 * "URL: HTTP 400 bad_data: 1:13: parse error: unclosed left parenthesis",
 * a transport failure as libcurl says it, a body that is not the API's
 * JSON by its first line. Warnings in a reply ("warnings", and
 * VictoriaMetrics's "isPartial") are reported through warning() and make
 * prom_run() return 1: the data was delivered, but it may be incomplete.
 */
#ifndef HEADROOM_PROM_H
#define HEADROOM_PROM_H

#include <stddef.h>
#include <stdint.h>

#include "headroom/http.h"

/* Prometheus's query_range answers at most this many steps a request. */
#define PROM_MAX_POINTS 11000

/*
 * What a query's result is handed to. Each callback returns 0 to go on;
 * anything else stops prom_run(), which then returns -1 (the callback
 * reports why). arg is passed back.
 */
struct prom_handler {
	/*
	 * A series of the result begins: its name (the headroom name when the
	 * metric name is labels.h's spelling of one, else the metric name as it
	 * is, "" without one) and its other labels in canonical form (labels.h).
	 * A range query split into several requests gives the same series once
	 * per request it appears in.
	 */
	int (*series)(void *arg, const char *name, const char *labels);
	/* A point of that series, in time order: milliseconds since the epoch. */
	int (*point)(void *arg, int64_t t_ms, double value);
	void *arg;
};

enum prom_kind {
	PROM_RANGE,	/* /api/v1/query_range from start to end by step */
	PROM_INSTANT,	/* /api/v1/query at end (a range selector gives raw samples) */
};

struct prom_query {
	enum prom_kind kind;
	const char *expr;		/* PromQL */
	double start, end, step;	/* seconds (ms precision); start and step: PROM_RANGE */
	size_t max_points;		/* per request and series; 0: PROM_MAX_POINTS */
	const struct prom_handler *h;
};

struct prom_client;

/* A client of the API at url ("http://host:9090", a path prefix allowed);
 * NULL after an error (a bad URL, an unreadable secret file). */
struct prom_client *prom_client_new(const char *url, const struct http_options *o);
void prom_client_free(struct prom_client *c);
/* Seconds a request may take, the server's evaluation included (sent as
 * the API's timeout); 0: 2 minutes. */
void prom_client_set_timeout(struct prom_client *c, double seconds);

/* Runs the queries in order, each one's results in time order. */
int prom_run(struct prom_client *c, const struct prom_query *q, size_t n);

/*
 * Whether the server holds any series matching a PromQL series selector
 * (/api/v1/series): 1, 0, or -1 after an error (also for an expression that
 * is not a plain selector).
 */
int prom_series_exist(struct prom_client *c, const char *selector);

/*
 * The values of a label (/api/v1/label/NAME/values; "__name__" for metric
 * names) among the series matching the PromQL series selector match (NULL:
 * all), with data between start and end (seconds; start >= end: any time),
 * into a new array *values of *n strings, sorted as the server sorts them
 * (free each and the array). Returns 0, or -1 after an error.
 */
int prom_label_values(struct prom_client *c, const char *label, const char *match, double start,
		      double end, char ***values, size_t *n);

/*
 * The JSON reply reader alone, for tests and fuzzing: feeds one whole reply
 * of the query API to h; returns 0, 1 (warnings) or -1 (bad JSON, an error
 * reply), reporting as prom_run() does with what as the URL.
 */
int prom_parse_reply(const char *what, const char *body, size_t len, size_t chunk,
		     const struct prom_handler *h);

#endif
