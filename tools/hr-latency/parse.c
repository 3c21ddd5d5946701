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
#include "headroom/options.h"
#include "headroom/units.h"
#include "parse.h"

static const double pow10_tab[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/*
 * Parses an unsigned decimal number at s[0..len) into *v; returns the number
 * of bytes used, 0 if there is no number. The fast path is Clinger's: a
 * mantissa below 2^53 times or divided by an exact power of ten up to 1e22 is
 * correctly rounded, so the result equals strtod()'s.
 */
static size_t scan_number(const char *s, size_t len, double *v)
{
	uint64_t m = 0;
	size_t i = 0, ndig = 0, start;
	int frac = 0, ex = 0, sig = 0;
	bool dot = false;

	while (i < len) {
		char c = s[i];

		if (c >= '0' && c <= '9') {
			if (sig < 19) {
				m = m * 10 + (uint64_t)(c - '0');
				if (m)
					sig++;
				if (dot)
					frac++;
			} else if (!dot) {
				ex++;	/* digits beyond 19: exactness lost, fall back */
				sig++;
			}
			ndig++;
		} else if (c == '.' && !dot) {
			dot = true;
		} else {
			break;
		}
		i++;
	}
	if (!ndig)
		return 0;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		size_t j = i + 1;
		int esign = 1, e = 0;
		bool any = false;

		if (j < len && (s[j] == '+' || s[j] == '-'))
			esign = s[j++] == '-' ? -1 : 1;
		while (j < len && s[j] >= '0' && s[j] <= '9') {
			if (e < 10000)
				e = e * 10 + (s[j] - '0');
			j++;
			any = true;
		}
		if (any) {
			ex += esign * e;
			i = j;
		}
	}
	ex -= frac;
	if (sig <= 19 && m < (UINT64_C(1) << 53) && ex >= -22 && ex <= 22) {
		*v = ex >= 0 ? (double)m * pow10_tab[ex] : (double)m / pow10_tab[-ex];
		return i;
	}
	/* Slow path: strtod() over a terminated copy. */
	{
		char buf[64], *copy = buf, *end;

		start = i;
		if (start >= sizeof(buf))
			copy = xmalloc(start + 1);
		memcpy(copy, s, start);
		copy[start] = '\0';
		*v = strtod(copy, &end);
		if (copy != buf)
			free(copy);
	}
	return i;
}

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
	n = scan_number(s, len, &v);
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

bool lat_status_ok(const char *patterns, const char *s, size_t len)
{
	const char *p = patterns ? patterns : "2xx";

	for (;;) {
		size_t plen, i;

		while (*p == ' ')
			p++;
		plen = strcspn(p, ", ");
		if (plen == len) {
			for (i = 0; i < len; i++)
				if (p[i] != s[i] && p[i] != 'x' && p[i] != 'X')
					break;
			if (i == len)
				return true;
		}
		p += plen;
		p += strspn(p, " ");
		if (*p != ',')
			return false;
		p++;
	}
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
	while (n < max) {
		char *f = s, *fe;

		while (f < end && (*f == ' ' || *f == '\t'))
			f++;
		if (f < end && *f == '"') {
			/* A quoted field ends at a quote not doubled. */
			char *q = ++f;

			for (;;) {
				q = memchr(q, '"', (size_t)(end - q));
				if (!q) {
					q = end;
					break;
				}
				if (q + 1 < end && q[1] == '"') {
					q += 2;
					continue;
				}
				break;
			}
			fe = q;
			s = q < end ? q + 1 : end;
			s = memchr(s, ',', (size_t)(end - s));
			if (!s)
				s = end;
		} else {
			s = memchr(f, ',', (size_t)(end - f));
			if (!s)
				s = end;
			fe = s;
			while (fe > f && (fe[-1] == ' ' || fe[-1] == '\t'))
				fe--;
		}
		starts[n] = f;
		lens[n] = (size_t)(fe - f);
		n++;
		if (s >= end)
			break;
		s++;
	}
	return n;
}

static void add_quoted(struct strbuf *err, const char *s, size_t len)
{
	size_t i, shown = len > 40 ? 40 : len;

	strbuf_addch(err, '\'');
	for (i = 0; i < shown; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f)
			strbuf_addf(err, "\\x%02x", c);
		else
			strbuf_addch(err, (char)c);
	}
	strbuf_addstr(err, shown < len ? "...'" : "'");
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

static enum lat_kind parse_line(const struct lat_parser *p, char *line, size_t len,
				struct lat_record *rec, struct strbuf *err)
{
	char *starts[MAX_FIELDS];
	size_t lens[MAX_FIELDS], nf, want;
	const char *s = line;

	rec->has_time = false;
	rec->group = NULL;
	rec->group_len = 0;
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
	nf = lat_split(p, line, len, starts, lens, want);

	if (p->time_field) {
		size_t i = p->time_field - 1;
		char save;
		int r;

		if (i >= nf)
			return rec->kind = missing_field(err, "timestamp", p->time_field, nf);
		save = starts[i][lens[i]];
		starts[i][lens[i]] = '\0';
		r = parse_timestamp(starts[i], &rec->time);
		starts[i][lens[i]] = save;
		if (r < 0) {
			strbuf_addf(err, "expected a timestamp in field %u, got ", p->time_field);
			add_quoted(err, starts[i], lens[i]);
			return rec->kind = LAT_BAD;
		}
		/* Epoch milliseconds (JMeter): no time in seconds is that large (year 5138). */
		if (rec->time > 1e11)
			rec->time /= 1000;
		rec->has_time = true;
	}
	if (p->group_field) {
		size_t i = p->group_field - 1;

		if (i >= nf)
			return rec->kind = missing_field(err, "group", p->group_field, nf);
		rec->group = starts[i];
		rec->group_len = lens[i];
	}
	if (p->error_re && !regexec(p->error_re, line, 0, NULL, 0))
		return rec->kind = LAT_ERROR;
	if (p->status_field) {
		size_t i = p->status_field - 1;

		if (i >= nf)
			return rec->kind = missing_field(err, "status", p->status_field, nf);
		if (!lat_status_ok(p->ok, starts[i], lens[i]))
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
		add_quoted(err, f, flen);
		return rec->kind = LAT_BAD;
	}
	return rec->kind = LAT_VALUE;
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
 * with % are the error rate; a latency's bare number is in the input unit.
 */
static int parse_limit(const char *val, double unit, struct sla_clause *c)
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
		} else if (parse_duration(val, &v) == 0) {
			v /= unit;
		} else {
			return -1;
		}
		break;
	}
	c->limit = v;
	return 0;
}

static int parse_clause(char *text, double unit, struct sla_clause *c, struct strbuf *err)
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
	if (parse_limit(val, unit, c) < 0) {
		strbuf_addf(err, "bad limit '%s' in the SLA clause for '%s'", val, name);
		return -1;
	}
	return 0;
}

struct sla_clause *sla_parse(const char *spec, double unit, size_t *n, struct strbuf *err)
{
	char *copy = xstrdup(spec), *tok, *save = NULL;
	struct sla_clause *c = NULL;
	size_t nc = 0;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *t = trim(tok);
		struct sla_clause *cl;

		if (!*t)
			continue;
		c = xrealloc(c, (nc + 1) * sizeof(*c));
		cl = &c[nc];
		memset(cl, 0, sizeof(*cl));
		cl->text = xstrdup(t);
		nc++;
		if (parse_clause(t, unit, cl, err) < 0) {
			sla_free(c, nc);
			free(copy);
			return NULL;
		}
	}
	free(copy);
	if (!nc) {
		strbuf_addstr(err, "empty SLA");
		return NULL;
	}
	*n = nc;
	return c;
}

void sla_free(struct sla_clause *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(c[i].text);
	free(c);
}
