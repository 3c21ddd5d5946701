// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * HdrHistogram interval logs, read and written: comment lines "#[...]"
 * (StartTime, BaseTime), the legend, and one interval per line,
 * "[Tag=NAME,]START,LENGTH,MAX,HISTOGRAM" with the histogram in the V2
 * compressed encoding. Timestamps follow Java's HistogramLogReader: relative
 * to BaseTime when given, else relative to StartTime when they are more
 * than a year before it, else absolute. The values' unit is not in the file.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/units.h"
#include "loadtest-impl.h"

struct hlog {
	double start, base;	/* NAN until a comment gives them */
	double offset;		/* added to every timestamp, fixed at the first interval */
	bool offset_known;
	bool end_times;		/* HdrHistogram_c's legend: the second field is the end time */
	struct strbuf err;
};

static void comment(struct hlog *g, const char *line)
{
	double v;

	if (sscanf(line, "#[StartTime: %lf", &v) == 1)
		g->start = v;
	else if (sscanf(line, "#[BaseTime: %lf", &v) == 1)
		g->base = v;
}

static int interval_line(struct lt_reader *r, struct hlog *g, char *line)
{
	struct lt_interval iv = { 0 };
	struct hdrh h;
	char *f[5];
	size_t fl[5], n;
	double ratio;

	if (!strncmp(line, "Tag=", 4)) {
		iv.tag = line + 4;
		iv.tag_len = strcspn(iv.tag, ",");
		line += 4 + iv.tag_len;
	}
	n = split_fields(line, " ,", f, fl, 5);	/* a fifth: one too many */
	if (n != 4 || lt_number(f[0], fl[0], &iv.start) < 0 ||
	    lt_number(f[1], fl[1], &iv.length) < 0 || lt_number(f[2], fl[2], &iv.max) < 0)
		return lt_bad(r, r->lr->lineno, "expected 'START,LENGTH,MAX,HISTOGRAM'");
	strbuf_reset(&g->err);
	if (hdrh_decode(&h, f[3], fl[3], &g->err) < 0)
		return lt_bad(r, r->lr->lineno, "%s", g->err.buf);
	if (!g->offset_known) {
		g->offset_known = true;
		if (!isnan(g->base))
			g->offset = g->base;
		else if (!isnan(g->start) && iv.start < g->start - 365.25 * 86400)
			g->offset = g->start;
	}
	if (g->end_times)
		iv.length -= iv.start;
	iv.start += g->offset;
	iv.h = &h;
	ratio = iv.max > 0 ? (double)hdrh_max(&h) / iv.max : NAN;
	if (isnan(r->info->hlog_max_ratio) && !isnan(ratio))
		r->info->hlog_max_ratio = ratio;
	r->info->records++;
	if (r->sink->interval)
		r->sink->interval(r->sink->ctx, &iv);
	hdrh_release(&h);
	return 0;
}

int lt_read_hlog(struct lt_reader *r)
{
	struct hlog g = { .start = NAN, .base = NAN };
	char *line;
	ssize_t len;
	int rc = 0;

	r->info->unit = r->o->hlog_unit > 0 ? r->o->hlog_unit : 1e-3;
	r->info->has_errors = false;
	r->info->has_time = true;
	strbuf_init(&g.err, 0);
	while (rc == 0 && (len = linereader_next(r->lr, &line)) >= 0) {
		line += strspn(line, " \t");
		if (!*line)
			continue;
		if (memchr(line, '\0', (size_t)len))
			rc = lt_bad(r, r->lr->lineno, "unexpected NUL byte (binary input?)");
		else if (line[0] == '#')
			comment(&g, line);
		else if (line[0] == '"')
			g.end_times = strstr(line, "\"EndTimestamp\"") != NULL;
		else
			rc = interval_line(r, &g, line);
	}
	strbuf_release(&g.err);
	return rc;
}

void lt_hlog_header(struct strbuf *out, double start)
{
	char iso[64];

	strbuf_addstr(out, "#[Histogram log format version 1.3]\n");
	if (isfinite(start)) {
		format_timestamp_iso(iso, sizeof(iso), start);
		strbuf_addf(out, "#[StartTime: %.3f (seconds since epoch), %s]\n", start, iso);
	}
	strbuf_addstr(out, "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\","
		      "\"Interval_Compressed_Histogram\"\n");
}

void lt_hlog_line(struct strbuf *out, const char *tag, double start, double length, double max,
		  const struct hdrh *h)
{
	if (tag) {
		/* A tag cannot hold the separators; Java's writer refuses them. */
		strbuf_addstr(out, "Tag=");
		for (; *tag; tag++)
			strbuf_addch(out, strchr(", \t\r\n", *tag) ? '_' : *tag);
		strbuf_addch(out, ',');
	}
	strbuf_addf(out, "%.3f,%.3f,%.3f,", start, length, max);
	hdrh_encode(h, out);
	strbuf_addch(out, '\n');
}
