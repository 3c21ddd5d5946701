// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-latency: summarises load-test latencies — percentiles, error rate,
 * throughput, Apdex — and judges them against a service-level objective.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/cli.h"
#include "headroom/error.h"
#include "headroom/linereader.h"
#include "headroom/progress.h"
#include "headroom/stats.h"
#include "headroom/strbuf.h"
#include "headroom/units.h"
#include "hdr.h"
#include "parse.h"

static const char usage[] =
"Usage: hr-latency [OPTIONS] [FILE...]\n"
"Summarise request latencies: count, errors, min, mean, stdev, p50 p75 p90 p95\n"
"p99 p99.9, max, throughput, Apdex, and SLA verdicts. FILE '-' or none: stdin.\n"
"\n"
"Input:\n"
"  -f, --field=N|NAME      the latency is field N (from 1; default 1), or the\n"
"                          column NAME of a header line\n"
"      --csv               fields are comma-separated (else blanks)\n"
"  -u, --unit=UNIT         unit of bare numbers: ns, us, ms (default), s\n"
"      --error-regex=RE    lines matching RE (extended regex) are errors\n"
"      --status-field=N|NAME\n"
"                          field holding a status; statuses not --ok are errors\n"
"      --ok=LIST           good statuses, x a wildcard (default 2xx): 2xx,304\n"
"      --time-field=N|NAME field holding a timestamp (Unix seconds or ms, or\n"
"                          RFC 3339), for the throughput\n"
"      --by=N|NAME         also summarise each value of this field (a label,\n"
"                          an endpoint) on its own\n"
"\n"
"Output:\n"
"      --apdex=T           Apdex score with target T (500ms; bare: input unit)\n"
"      --sla=SPEC          judge 'p95<500ms,p99<1s,errors<0.1%'; exit 1 if missed\n"
"      --json              one JSON object instead of the table\n"
"      --hdr               bounded memory: percentiles from a log-linear\n"
"                          histogram, within 0.1 %\n"
"  -h, --help              this help\n"
"      --version           print the version\n"
"\n"
"Exit status: 0 success (SLA met), 1 SLA missed, 2 trouble.\n";

enum {
	OPT_CSV = OPT_VERSION + 1, OPT_ERROR_RE, OPT_STATUS, OPT_OK, OPT_TIME,
	OPT_APDEX, OPT_SLA, OPT_JSON, OPT_HDR, OPT_BY,
};

static const struct option longopts[] = {
	{ "field", required_argument, NULL, 'f' },
	{ "csv", no_argument, NULL, OPT_CSV },
	{ "unit", required_argument, NULL, 'u' },
	{ "error-regex", required_argument, NULL, OPT_ERROR_RE },
	{ "status-field", required_argument, NULL, OPT_STATUS },
	{ "ok", required_argument, NULL, OPT_OK },
	{ "time-field", required_argument, NULL, OPT_TIME },
	{ "by", required_argument, NULL, OPT_BY },
	{ "apdex", required_argument, NULL, OPT_APDEX },
	{ "sla", required_argument, NULL, OPT_SLA },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "hdr", no_argument, NULL, OPT_HDR },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

/* A field given by number, or by a name to look up in a header line. */
struct field_ref {
	unsigned num;
	const char *name;
};

static const double pcts[] = { 0.50, 0.75, 0.90, 0.95, 0.99, 0.999 };
static const char *const pct_names[] = { "p50", "p75", "p90", "p95", "p99", "p99.9" };
static const char *const pct_keys[] = { "p50", "p75", "p90", "p95", "p99", "p999" };
#define NPCT (sizeof(pcts) / sizeof(pcts[0]))

struct acc {
	bool use_hdr;
	double *v;		/* exact mode: every latency */
	size_t n, alloc;
	struct hdr h;
	uint64_t count, errors;
	double min, max;
	double mean, m2;	/* Welford, for --hdr */
	bool has_time, whole_seconds;
	double tmin, tmax;
	double apdex_t;		/* input unit; NAN: no --apdex */
	uint64_t satisfied, tolerating;
};

struct result {
	uint64_t count, errors;
	double error_rate, min, mean, stdev, pct[NPCT], max;
	double apdex, throughput;
};

static void add_value(struct acc *a, double v)
{
	if (a->use_hdr) {
		double d = v - a->mean;

		hdr_add(&a->h, v);
		a->mean += d / (double)(a->count + 1);
		a->m2 += d * (v - a->mean);
	} else {
		if (a->n == a->alloc)
			ALLOC_GROW(a->v, a->n + 1, a->alloc);
		a->v[a->n++] = v;
	}
	a->count++;
	if (v < a->min)
		a->min = v;
	if (v > a->max)
		a->max = v;
	if (v <= a->apdex_t)
		a->satisfied++;
	else if (v <= 4 * a->apdex_t)
		a->tolerating++;
}

static void add_time(struct acc *a, double t)
{
	if (!a->has_time) {
		a->tmin = a->tmax = t;
		a->has_time = true;
		a->whole_seconds = true;
	}
	if (t < a->tmin)
		a->tmin = t;
	if (t > a->tmax)
		a->tmax = t;
	if (t != floor(t))
		a->whole_seconds = false;
}

/* An empty accumulator like proto (mode, Apdex target). */
static void acc_init(struct acc *a, const struct acc *proto)
{
	memset(a, 0, sizeof(*a));
	a->use_hdr = proto->use_hdr;
	a->apdex_t = proto->apdex_t;
	a->min = INFINITY;
	a->max = -INFINITY;
	if (a->use_hdr)
		hdr_init(&a->h);
}

static void acc_release(struct acc *a)
{
	if (a->use_hdr)
		hdr_release(&a->h);
	free(a->v);
	a->v = NULL;
}

static void acc_add(struct acc *a, const struct lat_record *rec)
{
	if (rec->kind == LAT_ERROR)
		a->errors++;
	else
		add_value(a, rec->value);
	if (rec->has_time)
		add_time(a, rec->time);
}

/* --by: the groups, in order of appearance, behind an open-addressing hash. */
struct group {
	char *name;
	struct acc a;
};

struct groups {
	struct group *g;
	size_t n, alloc;
	size_t *slot;		/* index + 1, 0: empty */
	size_t nslot;		/* a power of two */
};

static uint64_t hash_str(const char *s, size_t len)
{
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

static struct acc *group_acc(struct groups *gs, const char *name, size_t len,
			     const struct acc *proto)
{
	size_t i, mask;
	struct group *g;

	if (gs->n * 2 >= gs->nslot) {
		size_t nslot = gs->nslot ? gs->nslot * 2 : 64, j;

		free(gs->slot);
		gs->slot = xcalloc(nslot, sizeof(*gs->slot));
		gs->nslot = nslot;
		for (j = 0; j < gs->n; j++) {
			i = hash_str(gs->g[j].name, strlen(gs->g[j].name)) & (nslot - 1);
			while (gs->slot[i])
				i = (i + 1) & (nslot - 1);
			gs->slot[i] = j + 1;
		}
	}
	mask = gs->nslot - 1;
	for (i = hash_str(name, len) & mask; gs->slot[i]; i = (i + 1) & mask) {
		g = &gs->g[gs->slot[i] - 1];
		if (!strncmp(g->name, name, len) && !g->name[len])
			return &g->a;
	}
	ALLOC_GROW(gs->g, gs->n + 1, gs->alloc);
	g = &gs->g[gs->n];
	g->name = xstrndup(name, len);
	acc_init(&g->a, proto);
	gs->slot[i] = ++gs->n;
	return &g->a;
}

static int cmp_group(const void *x, const void *y)
{
	return strcmp(((const struct group *)x)->name, ((const struct group *)y)->name);
}

static bool parse_field_ref(const char *arg, struct field_ref *f)
{
	double v;

	f->name = NULL;
	if (parse_number(arg, &v) == 0) {
		if (v < 1 || v > 256 || v != floor(v))
			return false;
		f->num = (unsigned)v;
	} else {
		if (!*arg)
			return false;
		f->name = arg;
		f->num = 0;
	}
	return true;
}

/* Resolves the named fields from a header line; dies naming what is missing. */
static void resolve_names(struct lat_parser *p, char *line, size_t len,
			  struct field_ref *refs[], unsigned *nums[], size_t nrefs,
			  const struct linereader *lr)
{
	char *starts[256];
	size_t lens[256], nf, i, j;

	nf = lat_split(p, line, len, starts, lens, 256);
	for (i = 0; i < nrefs; i++) {
		if (!refs[i]->name)
			continue;
		for (j = 0; j < nf; j++)
			if (lens[j] == strlen(refs[i]->name) &&
			    !memcmp(starts[j], refs[i]->name, lens[j]))
				break;
		if (j == nf)
			die("%s:%llu: no column '%s' in the header line", lr->name,
			    (unsigned long long)lr->lineno, refs[i]->name);
		*nums[i] = (unsigned)j + 1;
	}
}

/* Whether a complaint about line 1 is about a word, such as a column name. */
static bool looks_like_header(const char *err)
{
	const char *got = strstr(err, "expected a latency");

	got = got ? strstr(got, "got '") : NULL;
	return got && isalpha((unsigned char)got[5]);
}

static void read_input(const char *path, const struct lat_parser *proto,
		       struct field_ref *fields, bool header, struct acc *a,
		       struct groups *gs, struct progress *prog)
{
	struct lat_parser p = *proto;
	struct field_ref *refs[] = { &fields[0], &fields[1], &fields[2], &fields[3] };
	unsigned *nums[] = { &p.field, &p.time_field, &p.status_field, &p.group_field };
	struct linereader lr;
	struct strbuf err = STRBUF_INIT;
	struct lat_record rec;
	bool need_header = header;
	char *line;
	ssize_t len;

	if (linereader_open(&lr, path) < 0)
		die_errno("cannot open '%s'", path);
	while ((len = linereader_next(&lr, &line)) >= 0) {
		if (need_header) {
			const char *s = line + strspn(line, " \t");

			if (!*s || *s == '#')
				continue;
			resolve_names(&p, line, (size_t)len, refs, nums, 4, &lr);
			need_header = false;
			continue;
		}
		switch (lat_parse_line(&p, line, (size_t)len, &rec, &err)) {
		case LAT_SKIP:
			continue;
		case LAT_BAD:
			if (lr.lineno == 1 && !header && looks_like_header(err.buf))
				strbuf_addstr(&err, " (a header line? name the column: -f NAME)");
			die("%s:%llu: %s", lr.name, (unsigned long long)lr.lineno, err.buf);
		case LAT_ERROR:
		case LAT_VALUE:
			break;
		}
		acc_add(a, &rec);
		if (rec.group)
			acc_add(group_acc(gs, rec.group, rec.group_len, a), &rec);
		if (!(lr.lineno & 0xfffff))
			progress_update(prog, false, "hr-latency: %llu lines",
					(unsigned long long)lr.lineno);
	}
	if (lr.error) {
		errno = lr.err;
		die_errno("cannot read '%s'", lr.name);
	}
	if (need_header && lr.lineno)
		die("%s: no header line", lr.name);
	linereader_close(&lr);
	strbuf_release(&err);
}

/*
 * Sorts non-negative doubles: their IEEE bit patterns order like the numbers,
 * so an LSD radix sort on 11-bit digits (skipping digits every key shares)
 * beats qsort() several times on millions of values.
 */
static void radix_sort(double *v, size_t n)
{
	enum { BITS = 11, RADIX = 1 << BITS, PASSES = 6 };
	uint64_t *a = (uint64_t *)v, *b, *src, *dst;
	size_t (*count)[RADIX], i;
	int pass;

	if (n < 2048) {
		sort_doubles(v, n);
		return;
	}
	count = xcalloc(PASSES, sizeof(*count));
	for (i = 0; i < n; i++) {
		uint64_t k = a[i];

		for (pass = 0; pass < PASSES; pass++)
			count[pass][(k >> (pass * BITS)) & (RADIX - 1)]++;
	}
	b = xmalloc(n * sizeof(*b));
	src = a;
	dst = b;
	for (pass = 0; pass < PASSES; pass++) {
		size_t *c = count[pass], sum = 0, d;
		int shift = pass * BITS;

		if (c[(src[0] >> shift) & (RADIX - 1)] == n)
			continue;	/* every key has this digit */
		for (d = 0; d < RADIX; d++) {
			size_t t = c[d];

			c[d] = sum;
			sum += t;
		}
		for (i = 0; i < n; i++) {
			uint64_t k = src[i];

			dst[c[(k >> shift) & (RADIX - 1)]++] = k;
		}
		src = dst;
		dst = src == a ? b : a;
	}
	if (src != a)
		memcpy(a, src, n * sizeof(*a));
	free(b);
	free(count);
}

static double quantile_of(const struct acc *a, double q)
{
	return a->use_hdr ? hdr_quantile(&a->h, q) : quantile_sorted(a->v, a->n, q);
}

static void summarise(struct acc *a, struct result *r)
{
	uint64_t requests = a->count + a->errors;
	size_t i;

	if (!a->use_hdr)
		radix_sort(a->v, a->n);
	r->count = a->count;
	r->errors = a->errors;
	r->error_rate = requests ? (double)a->errors / (double)requests : NAN;
	r->min = a->count ? a->min : NAN;
	r->max = a->count ? a->max : NAN;
	if (a->use_hdr) {
		r->mean = a->count ? a->mean : NAN;
		r->stdev = a->count > 1 ? sqrt(a->m2 / (double)(a->count - 1)) : NAN;
	} else {
		r->mean = mean_of(a->v, a->n);
		r->stdev = stdev_of(a->v, a->n);
	}
	for (i = 0; i < NPCT; i++)
		r->pct[i] = quantile_of(a, pcts[i]);
	/*
	 * Apdex counts failed requests as frustrated: (satisfied + tolerating/2)
	 * over every request.
	 */
	r->apdex = !isnan(a->apdex_t) && requests ?
		((double)a->satisfied + (double)a->tolerating / 2) / (double)requests : NAN;
	r->throughput = NAN;
	if (a->has_time) {
		/* Whole-second stamps each stand for the second that follows. */
		double span = a->tmax - a->tmin + (a->whole_seconds ? 1 : 0);

		if (span > 0)
			r->throughput = (double)requests / span;
	}
}

/* A number with about five significant digits and no exponent, for the table. */
static void fmt_num(char *buf, size_t size, double v)
{
	int dec;

	if (isnan(v)) {
		snprintf(buf, size, "-");
		return;
	}
	if (v == 0 || fabs(v) >= 1e5) {
		snprintf(buf, size, "%.0f", v);
		return;
	}
	dec = 4 - (int)floor(log10(fabs(v)));
	if (dec < 0)
		dec = 0;
	if (dec > 9)
		dec = 9;
	snprintf(buf, size, "%.*f", dec, v);
}

static const char *unit_label(double unit)
{
	if (unit == 1e-9)
		return "ns";
	if (unit == 1e-6)
		return "us";
	if (unit == 1)
		return "s";
	return "ms";
}

/* A clause's measured value; NAN when there is nothing to measure. */
static double sla_measure(const struct sla_clause *c, const struct acc *a,
			  const struct result *r)
{
	switch (c->metric) {
	case SLA_PCT:
		return quantile_of(a, c->q);
	case SLA_MIN:
		return r->min;
	case SLA_MEAN:
		return r->mean;
	case SLA_MAX:
		return r->max;
	case SLA_STDEV:
		return r->stdev;
	case SLA_ERRORS:
		return (double)r->errors;
	case SLA_ERROR_RATE:
		return r->error_rate;
	case SLA_APDEX:
		return r->apdex;
	case SLA_THROUGHPUT:
		return r->throughput;
	}
	return NAN;
}

static bool sla_pass(const struct sla_clause *c, double m)
{
	if (isnan(m))
		return false;
	if (c->less)
		return c->or_equal ? m <= c->limit : m < c->limit;
	return c->or_equal ? m >= c->limit : m > c->limit;
}

static void fmt_measured(char *buf, size_t size, const struct sla_clause *c, double m,
			 double unit)
{
	char num[64];

	if (isnan(m)) {
		snprintf(buf, size, "no data");
		return;
	}
	switch (c->metric) {
	case SLA_ERROR_RATE:
		snprintf(buf, size, "%.3g%%", m * 100);
		return;
	case SLA_ERRORS:
		snprintf(buf, size, "%.0f", m);
		return;
	case SLA_APDEX:
		snprintf(buf, size, "%.3f", m);
		return;
	case SLA_THROUGHPUT:
		fmt_num(num, sizeof(num), m);
		snprintf(buf, size, "%s/s", num);
		return;
	default:
		fmt_num(num, sizeof(num), m);
		snprintf(buf, size, "%s %s", num, unit_label(unit));
		return;
	}
}

static void json_num(struct strbuf *sb, double v)
{
	if (isnan(v) || isinf(v))
		strbuf_addstr(sb, "null");
	else
		strbuf_add_num(sb, v);
}

/* The figures every summary has, as JSON members (no braces). */
static void json_result(struct strbuf *sb, const struct result *r)
{
	size_t i;

	strbuf_addf(sb, "\"count\":%llu,\"errors\":%llu,\"error_rate\":",
		    (unsigned long long)r->count, (unsigned long long)r->errors);
	json_num(sb, r->error_rate);
	strbuf_addstr(sb, ",\"min\":");
	json_num(sb, r->min);
	strbuf_addstr(sb, ",\"mean\":");
	json_num(sb, r->mean);
	strbuf_addstr(sb, ",\"stdev\":");
	json_num(sb, r->stdev);
	for (i = 0; i < NPCT; i++) {
		strbuf_addf(sb, ",\"%s\":", pct_keys[i]);
		json_num(sb, r->pct[i]);
	}
	strbuf_addstr(sb, ",\"max\":");
	json_num(sb, r->max);
	strbuf_addstr(sb, ",\"apdex\":");
	json_num(sb, r->apdex);
	strbuf_addstr(sb, ",\"throughput\":");
	json_num(sb, r->throughput);
}

/* --by: one line per group, sorted by name, then a blank line. */
static void group_table(struct strbuf *sb, struct groups *gs, bool apdex, bool json,
			const char *unit)
{
	static const size_t cols[] = { 0, 2, 3, 4, 5 };	/* p50 p90 p95 p99 p99.9 */
	size_t i, j, w = 5;
	char num[64];

	qsort(gs->g, gs->n, sizeof(*gs->g), cmp_group);
	if (json) {
		strbuf_addstr(sb, ",\"groups\":[");
		for (i = 0; i < gs->n; i++) {
			struct result r;

			summarise(&gs->g[i].a, &r);
			strbuf_addstr(sb, i ? ",{\"group\":" : "{\"group\":");
			strbuf_add_json(sb, gs->g[i].name, strlen(gs->g[i].name));
			strbuf_addch(sb, ',');
			json_result(sb, &r);
			strbuf_addch(sb, '}');
		}
		strbuf_addch(sb, ']');
		return;
	}
	for (i = 0; i < gs->n; i++)
		if (strlen(gs->g[i].name) > w)
			w = strlen(gs->g[i].name);
	if (w > 40)
		w = 40;
	strbuf_addf(sb, "%-*s %9s %7s %7s %9s", (int)w, "group", "count", "errors", "error%", "mean");
	for (j = 0; j < sizeof(cols) / sizeof(cols[0]); j++)
		strbuf_addf(sb, " %9s", pct_names[cols[j]]);
	strbuf_addf(sb, " %9s%s  (%s)\n", "max", apdex ? "   apdex" : "", unit);
	for (i = 0; i < gs->n; i++) {
		struct result r;

		summarise(&gs->g[i].a, &r);
		strbuf_addf(sb, "%-*.*s %9llu %7llu", (int)w, (int)w, gs->g[i].name,
			    (unsigned long long)r.count, (unsigned long long)r.errors);
		if (isnan(r.error_rate))
			strbuf_addf(sb, " %7s", "-");
		else
			strbuf_addf(sb, " %7.3g", r.error_rate * 100);
		fmt_num(num, sizeof(num), r.mean);
		strbuf_addf(sb, " %9s", num);
		for (j = 0; j < sizeof(cols) / sizeof(cols[0]); j++) {
			fmt_num(num, sizeof(num), r.pct[cols[j]]);
			strbuf_addf(sb, " %9s", num);
		}
		fmt_num(num, sizeof(num), r.max);
		strbuf_addf(sb, " %9s", num);
		if (apdex) {
			if (isnan(r.apdex))
				strbuf_addf(sb, " %7s", "-");
			else
				strbuf_addf(sb, " %7.3f", r.apdex);
		}
		strbuf_addch(sb, '\n');
	}
	strbuf_addch(sb, '\n');
}

int main(int argc, char **argv)
{
	struct lat_parser p = { .field = 1, .unit = 1e-3 };
	struct field_ref fields[4] = { { 1, NULL }, { 0, NULL }, { 0, NULL }, { 0, NULL } };
	struct groups gs = { 0 };
	struct acc a = { .min = INFINITY, .max = -INFINITY, .apdex_t = NAN };
	struct sla_clause *sla = NULL;
	struct strbuf sb = STRBUF_INIT;
	struct progress prog;
	struct result r;
	const char *error_re = NULL, *apdex_arg = NULL, *sla_arg = NULL;
	regex_t re;
	bool json = false, header, failed = false;
	size_t nsla = 0, i;
	int c, rc;

	cli_init(argv[0]);
	while ((c = getopt_long(argc, argv, "f:u:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (!parse_field_ref(optarg, &fields[0]))
				usage_error("bad field '%s' (a number from 1, or a column name)", optarg);
			break;
		case OPT_CSV:
			p.csv = true;
			break;
		case 'u':
			p.unit = lat_unit_seconds(optarg);
			if (p.unit <= 0 || p.unit > 1)
				usage_error("unknown unit '%s' (ns, us, ms or s)", optarg);
			break;
		case OPT_ERROR_RE:
			error_re = optarg;
			break;
		case OPT_STATUS:
			if (!parse_field_ref(optarg, &fields[2]))
				usage_error("bad status field '%s'", optarg);
			break;
		case OPT_OK:
			if (!*optarg)
				usage_error("empty --ok list");
			p.ok = optarg;
			break;
		case OPT_TIME:
			if (!parse_field_ref(optarg, &fields[1]))
				usage_error("bad time field '%s'", optarg);
			break;
		case OPT_BY:
			if (!parse_field_ref(optarg, &fields[3]))
				usage_error("bad --by field '%s'", optarg);
			break;
		case OPT_APDEX:
			apdex_arg = optarg;
			break;
		case OPT_SLA:
			sla_arg = optarg;
			break;
		case OPT_JSON:
			json = true;
			break;
		case OPT_HDR:
			a.use_hdr = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return finish_stdout();
		case OPT_VERSION:
			print_version();
			return finish_stdout();
		default:
			usage_error(NULL);
		}
	}
	if (p.ok && !fields[2].num && !fields[2].name)
		usage_error("--ok needs --status-field");
	if (apdex_arg) {
		double t;

		if (parse_number(apdex_arg, &t) == 0 && t > 0)
			a.apdex_t = t;
		else if (parse_duration(apdex_arg, &t) == 0 && t > 0)
			a.apdex_t = t / p.unit;
		else
			usage_error("bad Apdex target '%s' (a duration such as 200ms)", apdex_arg);
	}
	if (sla_arg) {
		sla = sla_parse(sla_arg, p.unit, &nsla, &sb);
		if (!sla)
			usage_error("%s", sb.buf);
	}
	if (error_re) {
		int e = regcomp(&re, error_re, REG_EXTENDED | REG_NOSUB);

		if (e) {
			char msg[256];

			regerror(e, &re, msg, sizeof(msg));
			usage_error("bad --error-regex '%s': %s", error_re, msg);
		}
		p.error_re = &re;
	}
	header = fields[0].name || fields[1].name || fields[2].name || fields[3].name;
	p.field = fields[0].num;
	p.time_field = fields[1].num;
	p.status_field = fields[2].num;
	p.group_field = fields[3].num;
	if (a.use_hdr)
		hdr_init(&a.h);

	progress_start(&prog);
	if (optind == argc)
		read_input("-", &p, fields, header, &a, &gs, &prog);
	for (; optind < argc; optind++)
		read_input(argv[optind], &p, fields, header, &a, &gs, &prog);
	progress_end(&prog);

	summarise(&a, &r);
	strbuf_reset(&sb);
	if (json) {
		strbuf_addch(&sb, '{');
		json_result(&sb, &r);
		strbuf_addf(&sb, ",\"unit\":\"%s\"", unit_label(p.unit));
		if (gs.n)
			group_table(&sb, &gs, false, true, NULL);
	} else {
		char num[64];

		if (gs.n)
			group_table(&sb, &gs, !isnan(a.apdex_t), false, unit_label(p.unit));

		strbuf_addf(&sb, "%-12s %12llu\n", "count", (unsigned long long)r.count);
		strbuf_addf(&sb, "%-12s %12llu", "errors", (unsigned long long)r.errors);
		if (!isnan(r.error_rate))
			strbuf_addf(&sb, "  %.3g%%", r.error_rate * 100);
		strbuf_addch(&sb, '\n');
		if (!isnan(r.throughput)) {
			fmt_num(num, sizeof(num), r.throughput);
			strbuf_addf(&sb, "%-12s %12s  req/s\n", "throughput", num);
		}
#define ROW(name, v) do { fmt_num(num, sizeof(num), (v)); \
		strbuf_addf(&sb, "%-12s %12s  %s\n", (name), num, unit_label(p.unit)); } while (0)
		ROW("min", r.min);
		ROW("mean", r.mean);
		ROW("stdev", r.stdev);
		for (i = 0; i < NPCT; i++)
			ROW(pct_names[i], r.pct[i]);
		ROW("max", r.max);
#undef ROW
		if (!isnan(a.apdex_t)) {
			char t[64];

			snprintf(t, sizeof(t), "%g", a.apdex_t);
			if (isnan(r.apdex))
				snprintf(num, sizeof(num), "-");
			else
				snprintf(num, sizeof(num), "%.3f", r.apdex);
			strbuf_addf(&sb, "%-12s %12s  T=%s %s: %llu satisfied, %llu tolerating, %llu frustrated\n",
				    "apdex", num, t, unit_label(p.unit),
				    (unsigned long long)a.satisfied,
				    (unsigned long long)a.tolerating,
				    (unsigned long long)(r.count + r.errors - a.satisfied - a.tolerating));
		}
	}
	if (sla) {
		size_t w = 0;

		for (i = 0; i < nsla; i++)
			if (strlen(sla[i].text) > w)
				w = strlen(sla[i].text);
		strbuf_addstr(&sb, json ? ",\"sla\":[" : "\nSLA\n");
		for (i = 0; i < nsla; i++) {
			double m = sla_measure(&sla[i], &a, &r);
			bool pass = sla_pass(&sla[i], m);
			char meas[96];

			failed |= !pass;
			if (json) {
				strbuf_addstr(&sb, i ? ",{\"clause\":" : "{\"clause\":");
				strbuf_add_json(&sb, sla[i].text, strlen(sla[i].text));
				strbuf_addstr(&sb, ",\"measured\":");
				json_num(&sb, m);
				strbuf_addf(&sb, ",\"pass\":%s}", pass ? "true" : "false");
			} else {
				fmt_measured(meas, sizeof(meas), &sla[i], m, p.unit);
				strbuf_addf(&sb, "  %-*s  %s  %s\n", (int)w, sla[i].text,
					    pass ? "pass" : "FAIL", meas);
			}
		}
		if (json)
			strbuf_addf(&sb, "],\"sla_pass\":%s", failed ? "false" : "true");
		else
			strbuf_addf(&sb, "SLA %s\n", failed ? "missed" : "met");
	}
	if (json)
		strbuf_addstr(&sb, "}\n");
	if (strbuf_write(&sb, stdout) < 0)
		die_errno("write error");

	strbuf_release(&sb);
	sla_free(sla, nsla);
	if (error_re)
		regfree(&re);
	acc_release(&a);
	for (i = 0; i < gs.n; i++) {
		free(gs.g[i].name);
		acc_release(&gs.g[i].a);
	}
	free(gs.g);
	free(gs.slot);
	rc = finish_stdout();
	return rc ? rc : failed ? EXIT_VERDICT : 0;
}
