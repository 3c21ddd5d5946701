// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-latency's line parser: fields, numbers with unit suffixes, statuses, and
 * the --sla clauses. Numbers take a fast exact path (most load-test numbers
 * have few digits) and fall back to strtod() for the rest.
 */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/csv.h"
#include "headroom/loadtest.h"
#include "headroom/options.h"
#include "headroom/units.h"
#include "parse.h"

double lat_unit_seconds(const char *name)
{
	return duration_suffix(name, strlen(name), SUFFIX_LATENCY);
}

int lat_parse_value(const char *s, size_t len, double unit, double *out)
{
	double v;
	size_t n;

	if (len && s[0] == '+') {
		s++;
		len--;
	}
	n = lt_scan_number(s, len, &v);
	if (!n)
		return -1;
	if (n < len) {
		const char *suf = s + n;
		size_t slen = len - n;
		double seconds;

		if (*suf == ' ') {	/* "12 ms" */
			suf++;
			slen--;
		}
		seconds = duration_suffix(suf, slen, SUFFIX_LATENCY);
		if (seconds < 0)
			return -1;
		v = v * seconds / unit;
	}
	if (!isfinite(v))
		return -1;
	*out = v;
	return 0;
}

size_t lat_split(const struct lat_parser *p, char *line, size_t len,
		 char **starts, size_t *lens, size_t max)
{
	char *s = line, *end = line + len;
	size_t n = 0;

	if (!p->csv) {
		while (n < max) {
			while (s < end && (*s == ' ' || *s == '\t'))
				s++;
			if (s >= end)
				break;
			starts[n] = s;
			while (s < end && *s != ' ' && *s != '\t')
				s++;
			lens[n] = (size_t)(s - starts[n]);
			n++;
		}
		return n;
	}
	{
		struct linereader none = { 0 };
		struct csv_reader cr;
		size_t i;

		csv_reader_init(&cr, &none, ',');
		cr.trim = true;
		csv_split(&cr, line, len);
		for (i = 0; i < cr.nfields && n < max; i++, n++) {
			starts[n] = cr.field[i];
			lens[n] = cr.len[i];
		}
		csv_reader_release(&cr);
	}
	return n;
}

#define MAX_FIELDS 256

/* A line too short for field (from 1): what was expected, LAT_BAD. */
static enum lat_kind missing_field(struct strbuf *err, const char *what, unsigned field,
				   size_t nf)
{
	strbuf_addf(err, "expected a %s in field %u, the line has %zu field%s",
		    what, field, nf, nf == 1 ? "" : "s");
	return LAT_BAD;
}

/* The error regex against the line; a CSV record's fields are joined by commas for it. */
static bool matches_error(const struct lat_parser *p, char **starts, const size_t *lens,
			  size_t nf, const char *line)
{
	struct strbuf sb = STRBUF_INIT;
	bool m;
	size_t i;

	if (line)
		return !regexec(p->error_re, line, 0, NULL, 0);
	for (i = 0; i < nf; i++) {
		if (i)
			strbuf_addch(&sb, ',');
		strbuf_add(&sb, starts[i], lens[i]);
	}
	m = !regexec(p->error_re, sb.buf, 0, NULL, 0);
	strbuf_release(&sb);
	return m;
}

static enum lat_kind parse_time(const struct lat_parser *p, char **starts, const size_t *lens,
				size_t nf, struct lat_record *rec, struct strbuf *err)
{
	size_t i = p->time_field - 1;

	if (i >= nf)
		return rec->kind = missing_field(err, "timestamp", p->time_field, nf);
	/* Unix seconds, ms (JMeter), us or ns told apart by their digits, or RFC 3339. */
	if (lt_time(starts[i], lens[i], &rec->time) < 0) {
		strbuf_addf(err, "expected a timestamp in field %u, got ", p->time_field);
		lt_quote(err, starts[i], lens[i]);
		return rec->kind = LAT_BAD;
	}
	/* Epoch milliseconds written as decimals: no time in seconds is that large (year 5138). */
	if (rec->time > 1e11)
		rec->time /= 1000;
	rec->has_time = true;
	return LAT_VALUE;
}

/* A number without a unit suffix that has a decimal point: "0.012345", not "12ms". */
static bool bare_fraction(const char *s, size_t len)
{
	return len && isdigit((unsigned char)s[len - 1]) && memchr(s, '.', len);
}

enum lat_kind lat_parse_fields(const struct lat_parser *p, char **starts, size_t *lens,
			       size_t nf, const char *line, struct lat_record *rec,
			       struct strbuf *err)
{
	rec->has_time = false;
	rec->group = NULL;
	rec->group_len = 0;
	if (p->time_field && parse_time(p, starts, lens, nf, rec, err) == LAT_BAD)
		return LAT_BAD;
	if (p->group_field) {
		size_t i = p->group_field - 1;

		if (i >= nf)
			return rec->kind = missing_field(err, "group", p->group_field, nf);
		rec->group = starts[i];
		rec->group_len = lens[i];
	}
	if (p->error_re && matches_error(p, starts, lens, nf, line))
		return rec->kind = LAT_ERROR;
	if (p->status_field) {
		size_t i = p->status_field - 1;

		if (i >= nf)
			return rec->kind = missing_field(err, "status", p->status_field, nf);
		if (!lt_status_ok(p->ok, starts[i], lens[i]))
			return rec->kind = LAT_ERROR;
	}
	if (p->field - 1 >= nf)
		return rec->kind = missing_field(err, "latency", p->field, nf);
	if (lat_parse_value(starts[p->field - 1], lens[p->field - 1], p->unit, &rec->value) < 0) {
		const char *f = starts[p->field - 1];
		size_t flen = lens[p->field - 1];

		if (flen && f[0] == '-' && lat_parse_value(f + 1, flen - 1, p->unit, &rec->value) == 0)
			strbuf_addstr(err, "negative latency ");
		else
			strbuf_addf(err, "expected a latency in field %u, got ", p->field);
		lt_quote(err, f, flen);
		return rec->kind = LAT_BAD;
	}
	rec->fraction = bare_fraction(starts[p->field - 1], lens[p->field - 1]);
	return rec->kind = LAT_VALUE;
}

static enum lat_kind parse_line(const struct lat_parser *p, char *line, size_t len,
				struct lat_record *rec, struct strbuf *err)
{
	char *starts[MAX_FIELDS];
	size_t lens[MAX_FIELDS], nf, want;
	const char *s = line;
	char *copy = NULL;
	enum lat_kind k;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s || *s == '#' || (size_t)(s - line) == len)
		return rec->kind = LAT_SKIP;
	want = p->field;
	if (p->time_field > want)
		want = p->time_field;
	if (p->status_field > want)
		want = p->status_field;
	if (p->group_field > want)
		want = p->group_field;
	if (want > MAX_FIELDS)
		want = MAX_FIELDS;
	/* The regex sees the line as it was: a CSV split unescapes in place. */
	if (p->csv && p->error_re)
		copy = xstrdup(line);
	nf = lat_split(p, line, len, starts, lens, want);
	k = lat_parse_fields(p, starts, lens, nf, p->csv ? copy : line, rec, err);
	free(copy);
	return k;
}

enum lat_kind lat_parse_line(const struct lat_parser *p, char *line, size_t len,
			     struct lat_record *rec, struct strbuf *err)
{
	/*
	 * A NUL byte is looked for only in lines that fail: a memchr() per
	 * line cost a fifth of the run time on short lines.
	 */
	if (parse_line(p, line, len, rec, err) == LAT_BAD && memchr(line, '\0', len)) {
		strbuf_reset(err);
		strbuf_addstr(err, "unexpected NUL byte (binary input?)");
	}
	return rec->kind;
}

/* --sla */

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static const struct opt_choice sla_metrics[] = {
	{ "min", SLA_MIN }, { "mean", SLA_MEAN }, { "avg", SLA_MEAN }, { "max", SLA_MAX },
	{ "stdev", SLA_STDEV }, { "errors", SLA_ERRORS }, { "error_rate", SLA_ERROR_RATE },
	{ "apdex", SLA_APDEX }, { "throughput", SLA_THROUGHPUT }, { "rps", SLA_THROUGHPUT },
	{ NULL, 0 }
};

/* The metric called name (pNN or one of sla_metrics) into c; -1 if none. */
static int parse_metric(const char *name, struct sla_clause *c)
{
	int metric;

	c->q = 0;
	if (name[0] == 'p' && isdigit((unsigned char)name[1])) {
		size_t nd = strspn(name + 1, "0123456789");
		double q;

		if (parse_number(name + 1, &q) < 0)
			return -1;
		/* p999 = p99.9 and p9999 = p99.99, as in --json's keys. */
		if (!name[1 + nd] && nd >= 3 && !strncmp(name + 1, "99", 2))
			q /= pow(10, (double)nd - 2);
		if (q < 0 || q > 100)
			return -1;
		c->metric = SLA_PCT;
		c->q = q / 100;
		return 0;
	}
	if (parse_choice(name, sla_metrics, &metric) < 0)
		return -1;
	c->metric = metric;
	return 0;
}

/*
 * The limit val of c's metric into c->limit; -1 if it is not one. Errors
 * with % are the error rate; a latency is kept in seconds, a bare number
 * taken in bare_unit (seconds per unit).
 */
static int parse_limit(const char *val, double bare_unit, struct sla_clause *c)
{
	size_t vlen = strlen(val);
	double v;

	if (c->metric == SLA_ERRORS && vlen && val[vlen - 1] == '%')
		c->metric = SLA_ERROR_RATE;
	switch (c->metric) {
	case SLA_ERROR_RATE:
		if (parse_percent(val, &v) < 0 || v < 0)
			return -1;
		v /= 100;
		break;
	case SLA_APDEX:
		if (parse_number(val, &v) < 0 || v < 0 || v > 1)
			return -1;
		break;
	case SLA_ERRORS:
	case SLA_THROUGHPUT:
		if (parse_number(val, &v) < 0 || v < 0)
			return -1;
		break;
	default:
		if (parse_number(val, &v) == 0) {
			if (v < 0)
				return -1;
			v *= bare_unit;
			c->bare = true;
		} else if (parse_duration(val, &v) < 0) {
			return -1;
		}
		break;
	}
	c->limit = v;
	return 0;
}

static int parse_clause(char *text, double bare_unit, struct sla_clause *c, struct strbuf *err)
{
	char *op = strpbrk(text, "<>"), *name, *val;

	if (!op) {
		strbuf_addf(err, "SLA clause '%s' has no < or >", text);
		return -1;
	}
	c->less = *op == '<';
	c->or_equal = op[1] == '=';
	val = trim(op + 1 + c->or_equal);
	*op = '\0';
	name = trim(text);
	if (parse_metric(name, c) < 0) {
		strbuf_addf(err, "unknown SLA metric '%s' (pNN, min, mean, max, stdev, errors, "
			    "apdex, throughput)", name);
		return -1;
	}
	if (parse_limit(val, bare_unit, c) < 0) {
		strbuf_addf(err, "bad limit '%s' in the SLA clause for '%s'", val, name);
		return -1;
	}
	return 0;
}

void *clauses_parse(const char *spec, size_t size, clause_fn *fn, void *arg, size_t *n)
{
	char *copy = xstrdup(spec), *tok, *save = NULL;
	char *v = NULL;

	*n = 0;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *t = trim(tok), *elem;

		if (!*t)
			continue;
		v = xreallocarray(v, *n + 1, size);
		elem = v + (*n)++ * size;
		memset(elem, 0, size);
		*(char **)(void *)elem = xstrdup(t);
		if (fn(t, elem, arg) < 0) {
			clauses_free(v, *n, size);
			v = NULL;
			*n = 0;
			break;
		}
	}
	free(copy);
	return v;
}

void clauses_free(void *v, size_t n, size_t size)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(*(char **)(void *)((char *)v + i * size));
	free(v);
}

struct sla_arg {
	double bare_unit;
	struct strbuf *err;
};

static int sla_clause(char *t, void *elem, void *arg)
{
	const struct sla_arg *a = arg;

	return parse_clause(t, a->bare_unit, elem, a->err);
}

struct sla_clause *sla_parse(const char *spec, double bare_unit, size_t *n, struct strbuf *err)
{
	struct sla_arg a = { bare_unit, err };
	size_t len = err->len;
	struct sla_clause *c = clauses_parse(spec, sizeof(*c), sla_clause, &a, n);

	if (!c && err->len == len)
		strbuf_addstr(err, "empty SLA");
	return c;
}

void sla_free(struct sla_clause *c, size_t n)
{
	clauses_free(c, n, sizeof(*c));
}
