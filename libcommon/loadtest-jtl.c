// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * JMeter's CSV results (JTL): columns by the header's names (JMeter writes
 * them in a fixed order but drops those switched off), or JMeter's default
 * 17 columns when there is no header. Quoted fields may span lines
 * (failureMessage, responseMessage), so records come from the CSV reader.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "headroom/alloc.h"
#include "loadtest-impl.h"

/* The columns JMeter 5 writes by default, for files without a header line. */
static const char default_header[] =
	"timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,"
	"failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect";

struct jtl_cols {
	int time, latency, label, success, status, message, conc, group_conc;
	int needed;		/* fields a record must have: the highest used index + 1 */
};

/*
 * A timeStamp written with jmeter.save.saveservice.timestamp_format: the
 * patterns JMeter's own reader tries, in the local time zone (TZ).
 */
static int jmeter_date(const char *s, size_t len, double *t)
{
	char buf[40], sep1, sep2;
	struct tm tm;
	int y, mo, d, h, mi, sec, ms = 0, n = 0, m = 0;

	if (len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (sscanf(buf, "%4d%c%2d%c%2d %2d:%2d:%2d%n", &y, &sep1, &mo, &sep2, &d, &h, &mi, &sec,
		   &n) == 8 && sep1 == sep2 && (sep1 == '/' || sep1 == '-')) {
		if (buf[n] == '.' && (sscanf(buf + n, ".%3d%n", &ms, &m) != 1 || buf[n + m]))
			return -1;
		if (buf[n] && buf[n] != '.')
			return -1;
	} else if (sscanf(buf, "%2d/%2d/%2d %2d:%2d:%2d%n", &mo, &d, &y, &h, &mi, &sec, &n) == 6 &&
		   !buf[n]) {
		y += y < 70 ? 2000 : 1900;
	} else {
		return -1;
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	tm.tm_isdst = -1;
	*t = (double)mktime(&tm) + ms / 1000.0;
	return 0;
}

static int column(const struct lt_reader *r, const struct csv_reader *hdr, const char *name,
		  const char *fallback, bool required)
{
	int i = lt_column(hdr, name);

	if (i < 0 && fallback)
		i = lt_column(hdr, fallback);
	if (i < 0 && required)
		return lt_bad(r, hdr->lineno, "no column '%s' in the JMeter header", name) - 1;
	return i;
}

static int find_columns(const struct lt_reader *r, const struct csv_reader *hdr,
			struct jtl_cols *c)
{
	const struct lt_options *o = r->o;
	int *all[] = { &c->time, &c->latency, &c->label, &c->success, &c->status, &c->message,
		       &c->conc, &c->group_conc };
	size_t i;

	c->latency = column(r, hdr, o->latency ? o->latency : "elapsed", NULL, true);
	c->time = column(r, hdr, o->time ? o->time : "timeStamp", NULL, o->time != NULL);
	c->label = o->label ? column(r, hdr, o->label, NULL, true) : -1;
	c->status = o->status ? column(r, hdr, o->status, NULL, true) : -1;
	c->success = o->status ? -1 : column(r, hdr, "success", NULL, true);
	c->message = o->skip_transactions ? column(r, hdr, "responseMessage", NULL, true) : -1;
	c->conc = column(r, hdr, "allThreads", NULL, false);
	c->group_conc = column(r, hdr, "grpThreads", NULL, false);
	c->needed = 0;
	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		if (*all[i] < -1)
			return -1;
		if (*all[i] + 1 > c->needed)
			c->needed = *all[i] + 1;
	}
	return 0;
}

/* A record's fields: NUL-terminated, field[i] with length len[i], n of them. */
struct jtl_fields {
	char **field;
	size_t *len;
	size_t n;
	uint64_t lineno;
};

static int bad_field(const struct lt_reader *r, const struct jtl_fields *f, int col,
		     const char *what)
{
	struct strbuf sb = STRBUF_INIT;
	int rc;

	lt_quote(&sb, f->field[col], f->len[col]);
	rc = lt_bad(r, f->lineno, "expected %s in column %d, got %s", what, col + 1, sb.buf);
	strbuf_release(&sb);
	return rc;
}

static int jtl_record(struct lt_reader *r, const struct jtl_fields *f, const struct jtl_cols *c)
{
	struct lt_request req = { .t = NAN, .conc = NAN };
	int ci = c->conc >= 0 ? c->conc : c->group_conc;
	char *const *field = f->field;
	const size_t *len = f->len;

	if ((int)f->n < c->needed)
		return lt_bad(r, f->lineno, "expected at least %d fields, the record has %zu",
			      c->needed, f->n);
	if (c->message >= 0 && !strncmp(field[c->message], "Number of samples in transaction", 32))
		return 0;
	if (lt_number(field[c->latency], len[c->latency], &req.latency) < 0 || req.latency < 0)
		return bad_field(r, f, c->latency, "an elapsed time in ms");
	if (c->time >= 0 && len[c->time] && lt_time(field[c->time], len[c->time], &req.t) < 0 &&
	    jmeter_date(field[c->time], len[c->time], &req.t) < 0)
		return bad_field(r, f, c->time, "a timestamp");
	if (c->status >= 0)
		req.error = !lt_status_ok(r->o->ok, field[c->status], len[c->status]);
	else
		req.error = len[c->success] < 4 || memcmp(field[c->success], "true", 5) != 0;
	if (ci >= 0 && len[ci] && lt_number(field[ci], len[ci], &req.conc) < 0)
		return bad_field(r, f, ci, "a number of active threads");
	if (c->label >= 0) {
		req.label = field[c->label];
		req.label_len = len[c->label];
	}
	lt_emit(r, &req);
	return 0;
}

struct jtl_state {
	struct jtl_cols c;
	char sep;
};

/* The most fields the fast path splits; a column further right takes the CSV reader's. */
#define JTL_FAST_FIELDS 64

/*
 * Most lines hold no quote: only the fields up to the last column used are
 * split, and the rest of the line (URL, messages) is not looked at. A quote
 * anywhere may open a field that holds separators or runs onto the next
 * line, so such a line goes to the CSV reader, as a blank one does.
 */
static int jtl_line(struct lt_reader *r, char *line, size_t len, void *arg)
{
	struct jtl_state *st = arg;
	char *field[JTL_FAST_FIELDS];
	size_t flen[JTL_FAST_FIELDS];
	struct jtl_fields f = { field, flen, 0, r->lr->lineno };

	if (!len || st->c.needed > JTL_FAST_FIELDS || memchr(line, '"', len))
		return 0;
	f.n = csv_split_first(line, len, st->sep, (size_t)st->c.needed, field, flen);
	return jtl_record(r, &f, &st->c) < 0 ? -1 : 1;
}

static int jtl_header(struct lt_reader *r, struct csv_reader *cr, void *arg)
{
	struct jtl_cols *c = &((struct jtl_state *)arg)->c;
	struct csv_reader h;
	struct linereader none = { 0 };
	char *def;
	int rc;

	if (lt_column(cr, "elapsed") >= 0 || (r->o->latency && lt_column(cr, r->o->latency) >= 0))
		rc = find_columns(r, cr, c);
	else {
		/* No header: JMeter's default columns, and this record is data. */
		def = xstrdup(default_header);
		csv_reader_init(&h, &none, ',');
		csv_split(&h, def, strlen(def));
		h.lineno = cr->lineno;
		rc = find_columns(r, &h, c) < 0 ? -1 : 1;
		csv_reader_release(&h);
		free(def);
	}
	r->info->has_conc = c->conc >= 0 || c->group_conc >= 0;
	r->info->has_time = c->time >= 0;
	return rc;
}

static int jtl_data(struct lt_reader *r, struct csv_reader *cr, void *arg)
{
	struct jtl_fields f = { cr->field, cr->len, cr->nfields, cr->lineno };

	return jtl_record(r, &f, &((struct jtl_state *)arg)->c);
}

int lt_read_jtl(struct lt_reader *r)
{
	struct jtl_state st;
	const char *data, *nl;
	size_t len = linereader_peek(r->lr, &data, 4096);

	nl = memchr(data, '\n', len);
	st.sep = csv_guess_sep(data, nl ? (size_t)(nl - data) : len);
	return lt_csv_read_lines(r, st.sep, jtl_header, jtl_data, jtl_line, &st);
}
