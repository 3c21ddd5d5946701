/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hr-latency's input: one latency per line, or a field of whitespace- or
 * comma-separated lines, with an optional unit suffix, status and timestamp.
 * Kept apart from main.c so that a fuzz target can drive it.
 */
#ifndef HR_LATENCY_PARSE_H
#define HR_LATENCY_PARSE_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

#include "headroom/strbuf.h"

struct lat_parser {
	bool csv;		/* comma-separated (with "quoted" fields), else whitespace */
	unsigned field;		/* 1-based field of the latency */
	unsigned time_field;	/* 1-based, 0: none */
	unsigned status_field;	/* 1-based, 0: none */
	unsigned group_field;	/* 1-based, 0: none (--by) */
	double unit;		/* seconds per input unit (1e-3 for ms) */
	const char *ok;		/* status patterns "2xx,304"; NULL: "2xx" */
	const regex_t *error_re; /* lines matching are errors; NULL: none */
};

enum lat_kind {
	LAT_SKIP,		/* blank line or # comment */
	LAT_VALUE,		/* a latency, in the input unit */
	LAT_ERROR,		/* a request that failed */
	LAT_BAD,		/* malformed: the reason is in the error strbuf */
};

struct lat_record {
	enum lat_kind kind;
	double value;		/* LAT_VALUE: the latency in the input unit */
	bool fraction;		/* LAT_VALUE: written as a bare number with a decimal point */
	bool has_time;
	double time;		/* Unix seconds, when the parser has a time_field */
	const char *group;	/* LAT_VALUE, LAT_ERROR with a group_field: the */
	size_t group_len;	/* group's text, in the line (not terminated) */
};

/*
 * Parses one line (len bytes, NUL-terminated, writable: the parser may
 * modify it) into rec. On LAT_BAD, err receives what was expected and what
 * was found ("expected a latency in field 2, got 'abc'"), without file or line.
 */
enum lat_kind lat_parse_line(const struct lat_parser *p, char *line, size_t len,
			     struct lat_record *rec, struct strbuf *err);

/*
 * As lat_parse_line(), for a line already split into nf fields (a CSV
 * record from the RFC 4180 reader); line is the text for --error-regex, or
 * NULL to match the fields joined by commas.
 */
enum lat_kind lat_parse_fields(const struct lat_parser *p, char **starts, size_t *lens,
			       size_t nf, const char *line, struct lat_record *rec,
			       struct strbuf *err);

/*
 * Splits a line into at most max fields as lat_parse_line() does; stores
 * their starts and lengths and returns the number of fields found. Quotes of
 * CSV fields are removed and doubled quotes unescaped, in place.
 */
size_t lat_split(const struct lat_parser *p, char *line, size_t len,
		 char **starts, size_t *lens, size_t max);

/*
 * A latency with an optional unit suffix (ns, us, µs, ms, s, m, min, h), in
 * units of unit seconds; a bare number is taken as already in that unit.
 * s is s[0..len), need not be terminated. Returns 0 or -1 (negative, not a
 * number, unknown suffix, not finite).
 */
int lat_parse_value(const char *s, size_t len, double unit, double *out);

/* The seconds of a unit name ("ms" -> 1e-3); -1 if unknown. */
double lat_unit_seconds(const char *name);

/*
 * A service-level objective "p95<500ms,p99<1s,errors<0.1%": comma-separated
 * clauses METRIC OP VALUE, OP one of < <= > >=. Metrics: pNN (p99.9; p999
 * also means p99.9), min, mean, max, stdev, errors (a count, or with % the
 * error rate), error_rate (percent), apdex, throughput (per second).
 */
enum sla_metric {
	SLA_PCT, SLA_MIN, SLA_MEAN, SLA_MAX, SLA_STDEV, SLA_ERRORS,
	SLA_ERROR_RATE, SLA_APDEX, SLA_THROUGHPUT,
	SLA_NMETRICS
};

struct sla_clause {
	char *text;		/* the clause as written, trimmed; owned; first (clauses_parse()) */
	enum sla_metric metric;
	double q;		/* SLA_PCT: the quantile, 0..1 */
	bool less, or_equal;	/* the operator */
	double limit;		/* latencies in seconds; rates as fractions */
	bool bare;		/* a latency limit written without a unit */
};

/*
 * Parses spec into a new array of *n clauses (the caller frees each text and
 * the array). bare_unit is the seconds of a latency limit written as a bare
 * number.
 * Returns NULL and a reason in err when the spec is malformed.
 */
struct sla_clause *sla_parse(const char *spec, double bare_unit, size_t *n,
			     struct strbuf *err);
void sla_free(struct sla_clause *c, size_t n);

/*
 * A list of clauses, as --sla and --max-regression take: spec split at
 * commas into a new array of *n elements of size bytes each, one a clause
 * that is not blank. Each element starts with the clause's text as written
 * (a char *, owned); fn parses the rest from the trimmed clause, which it may
 * change, and returns 0 or -1 after a reason. Returns NULL with *n 0 when
 * spec has no clause or fn failed. clauses_free() frees the texts and the array.
 */
typedef int clause_fn(char *clause, void *elem, void *arg);
void *clauses_parse(const char *spec, size_t size, clause_fn *fn, void *arg, size_t *n);
void clauses_free(void *v, size_t n, size_t size);

#endif
