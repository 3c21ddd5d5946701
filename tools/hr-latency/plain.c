// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-latency's own input: one latency per line, or a field of blank- or
 * comma-separated lines (RFC 4180 records with --csv: quoted fields may hold
 * commas, doubled quotes and line breaks), fields by number or by the names
 * of a header line.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <string.h>

#include "headroom/csv.h"
#include "headroom/error.h"
#include "headroom/progress.h"
#include "plain.h"

/* Resolves the named fields from a header record; dies naming what is missing. */
static void resolve_names(struct lat_parser *p, char **f, size_t *fl, size_t nf,
			  const struct field_ref *fields, const char *name, uint64_t lineno)
{
	unsigned *nums[NFIELDS] = { &p->field, &p->time_field, &p->status_field, &p->group_field };
	size_t i, j;

	for (i = 0; i < NFIELDS; i++) {
		if (!fields[i].name)
			continue;
		for (j = 0; j < nf; j++)
			if (fl[j] == strlen(fields[i].name) && !memcmp(f[j], fields[i].name, fl[j]))
				break;
		if (j == nf)
			die("%s:%llu: no column '%s' in the header line", name,
			    (unsigned long long)lineno, fields[i].name);
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

struct plain {
	struct run *r;
	struct lat_parser p;
	bool need_header;
	struct strbuf err;
	struct lat_record rec;
	struct progress prog;
	const char *name;
};

/* Dies with the parser's complaint about line lineno. */
static noreturn void bad(struct plain *pl, uint64_t lineno)
{
	if (lineno == 1 && !pl->r->cfg->header && looks_like_header(pl->err.buf))
		strbuf_addstr(&pl->err, " (a header line? name the column: -f NAME)");
	die("%s:%llu: %s", pl->name, (unsigned long long)lineno, pl->err.buf);
}

static void emit(struct plain *pl, uint64_t lineno)
{
	if (pl->rec.kind == LAT_VALUE) {
		pl->r->plain_values++;
		pl->r->plain_fractions += pl->rec.fraction;
	}
	run_request(pl->r, pl->rec.has_time ? pl->rec.time : NAN, pl->rec.value,
		    pl->rec.kind == LAT_ERROR, pl->rec.group, pl->rec.group_len);
	if (!(lineno & 0xfffff))
		progress_update(&pl->prog, false, "hr-latency: %llu lines", (unsigned long long)lineno);
}

/* One record split into fields; line is its text for --error-regex (NULL: join). */
static void record(struct plain *pl, char **f, size_t *fl, size_t nf, const char *line,
		   uint64_t lineno)
{
	size_t i;

	if (pl->need_header) {
		resolve_names(&pl->p, f, fl, nf, pl->r->cfg->fields, pl->name, lineno);
		pl->need_header = false;
		return;
	}
	strbuf_reset(&pl->err);
	if (lat_parse_fields(&pl->p, f, fl, nf, line, &pl->rec, &pl->err) == LAT_BAD) {
		for (i = 0; i < nf; i++)
			if (strlen(f[i]) != fl[i]) {
				strbuf_reset(&pl->err);
				strbuf_addstr(&pl->err, "unexpected NUL byte (binary input?)");
			}
		bad(pl, lineno);
	}
	emit(pl, lineno);
}

static void read_lines(struct plain *pl, struct linereader *lr)
{
	char *line;
	ssize_t len;

	while ((len = linereader_next(lr, &line)) >= 0) {
		if (pl->need_header) {
			char *f[256];
			size_t fl[256];
			const char *s = line + strspn(line, " \t");

			if (*s && *s != '#')
				record(pl, f, fl, lat_split(&pl->p, line, (size_t)len, f, fl, 256),
				       line, lr->lineno);
			continue;
		}
		strbuf_reset(&pl->err);
		switch (lat_parse_line(&pl->p, line, (size_t)len, &pl->rec, &pl->err)) {
		case LAT_SKIP:
			continue;
		case LAT_BAD:
			bad(pl, lr->lineno);
		default:
			emit(pl, lr->lineno);
		}
	}
}

static void read_records(struct plain *pl, struct linereader *lr)
{
	struct csv_reader cr;
	int rc;

	csv_reader_init(&cr, lr, ',');
	cr.trim = true;
	while ((rc = csv_reader_next(&cr)) > 0)
		if (!(cr.nfields == 1 && !cr.len[0]) && cr.field[0][0] != '#')
			record(pl, cr.field, cr.len, cr.nfields, NULL, cr.lineno);
	if (rc < 0 && !lr->error)
		die("%s:%llu: %s", pl->name, (unsigned long long)lr->lineno, cr.err.buf);
	csv_reader_release(&cr);
}

void plain_read(struct run *r, struct linereader *lr)
{
	struct plain pl = { .r = r, .p = r->cfg->parser, .need_header = r->cfg->header,
			    .name = lr->name };

	strbuf_init(&pl.err, 0);
	progress_start(&pl.prog);
	if (pl.p.csv)
		read_records(&pl, lr);
	else
		read_lines(&pl, lr);
	progress_end(&pl.prog);
	if (lr->error) {
		errno = lr->err;
		die_errno("cannot read '%s'", lr->name);
	}
	if (pl.need_header && lr->lineno)
		die("%s: no header line", lr->name);
	strbuf_release(&pl.err);
}
