// SPDX-License-Identifier: GPL-3.0-or-later
/* Reading and writing series TSV, the format every capacity tool speaks. */
#include <errno.h>
#include <string.h>

#include "headroom/escape.h"
#include "headroom/series.h"
#include "headroom/units.h"

int series_reader_open(struct series_reader *r, const char *path)
{
	memset(r, 0, sizeof(*r));
	strbuf_init(&r->name, 0);
	strbuf_init(&r->err, 0);
	if (linereader_open(&r->lr, path) < 0)
		return -1;
	r->display = path && strcmp(path, "-") ? path : "-";
	return 0;
}

void series_reader_close(struct series_reader *r)
{
	linereader_close(&r->lr);
	strbuf_release(&r->name);
	strbuf_release(&r->err);
}

static int fail(struct series_reader *r, const char *what, const char *got)
{
	size_t len = strlen(got);

	strbuf_reset(&r->err);
	strbuf_addf(&r->err, "%s:%llu: %s, got '", r->display, (unsigned long long)r->lr.lineno,
		    what);
	/* What the input held, shown: a message must not carry escape sequences. */
	escape_visible(&r->err, got, len < 60 ? len : 60);
	strbuf_addch(&r->err, '\'');
	return -1;
}

/* Splits line into at most 4 fields on tabs, or on blank runs when there is no tab. */
static int split(char *line, char **f)
{
	int n = 0;
	bool tabs = strchr(line, '\t') != NULL;
	char *p = line;

	if (!tabs) {
		while (*p == ' ')
			p++;
	}
	while (n < 4) {
		char *sep;

		f[n++] = p;
		if (tabs) {
			sep = strchr(p, '\t');
		} else {
			sep = strchr(p, ' ');
		}
		if (!sep)
			break;
		*sep++ = '\0';
		if (!tabs)
			while (*sep == ' ')
				sep++;
		if (!tabs && !*sep)
			break;
		p = sep;
	}
	return n;
}

int series_reader_next(struct series_reader *r, struct series_point *p)
{
	char *line, *f[4];
	ssize_t len;

	while ((len = linereader_next(&r->lr, &line)) >= 0) {
		int n;

		while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t'))
			line[--len] = '\0';
		if (len == 0)
			continue;
		if (line[0] == '#') {
			const char *s = line + 1;

			while (*s == ' ')
				s++;
			if (!strncmp(s, "series:", 7)) {
				s += 7;
				while (*s == ' ' || *s == '\t')
					s++;
				strbuf_reset(&r->name);
				strbuf_addstr(&r->name, s);
			}
			continue;
		}
		if (strlen(line) != (size_t)len)
			return fail(r, "binary data where series TSV was expected", "\\0");
		n = split(line, f);
		if (n < 2 || n > 3)
			return fail(r, "expected 'TIMESTAMP<TAB>VALUE' or 'TIMESTAMP<TAB>SERIES<TAB>VALUE'",
				    line);
		if (parse_timestamp(f[0], &p->ts) < 0)
			return fail(r, "expected a timestamp (Unix seconds or RFC 3339)", f[0]);
		if (parse_number(f[n - 1], &p->value) < 0)
			return fail(r, "expected a number", f[n - 1]);
		p->series = n == 3 ? f[1] : r->name.buf;
		if (n == 3 && !*f[1])
			return fail(r, "expected a series name", "");
		/* Names escape what they hold (headroom-series(5)); raw controls are not text. */
		if (!text_visible(p->series, strlen(p->series)))
			return fail(r, "a control character or a byte that is not UTF-8 in a series name",
				    p->series);
		return 1;
	}
	if (r->lr.error) {
		strbuf_reset(&r->err);
		strbuf_addf(&r->err, "cannot read '%s': %s", r->display, strerror(r->lr.err));
		return -1;
	}
	return 0;
}

void series_format(struct strbuf *out, double ts, const char *series, double value, bool iso)
{
	if (iso) {
		char buf[64];

		format_timestamp_iso(buf, sizeof(buf), ts);
		strbuf_addstr(out, buf);
	} else {
		strbuf_add_num(out, ts);
	}
	strbuf_addch(out, '\t');
	if (series) {
		strbuf_addstr(out, series);
		strbuf_addch(out, '\t');
	}
	strbuf_add_num(out, value);
	strbuf_addch(out, '\n');
}
