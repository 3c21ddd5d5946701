// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * JMeter's XML results: a streaming scan of the tags, no XML library. The
 * samples that count are the children of <testResults> (<httpSample> and
 * <sample>), as JMeter's CSV writer writes one row for each; their
 * sub-results (redirects, transaction children) and the text, comments and
 * CDATA sections of response data are skipped.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "loadtest-impl.h"

#define MAX_TAG (1u << 20)

enum xml_state { X_TEXT, X_TAG, X_COMMENT, X_CDATA };

struct xml_scan {
	enum xml_state state;
	struct strbuf tag;	/* the tag being read, without '<' and '>' */
	char quote;		/* inside an attribute value quoted so */
	unsigned match;		/* characters of the comment's or CDATA's end seen */
	int depth;
	uint64_t tag_line;	/* where the tag began */
	struct strbuf value;	/* an attribute's unescaped value */
};

/* JMeter's attribute names for the CSV column names a user gives. */
static const char *attr_name(const char *column, const char *dflt)
{
	static const char *const names[][2] = {
		{ "elapsed", "t" }, { "timeStamp", "ts" }, { "label", "lb" }, { "success", "s" },
		{ "responseCode", "rc" }, { "responseMessage", "rm" }, { "Latency", "lt" },
		{ "Connect", "ct" }, { "IdleTime", "it" }, { "threadName", "tn" },
		{ "allThreads", "na" }, { "grpThreads", "ng" }, { "bytes", "by" },
	};
	size_t i;

	if (!column)
		return dflt;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(column, names[i][0]))
			return names[i][1];
	return column;
}

/* Appends s[0..len) with XML's entities (&amp; &lt; &gt; &quot; &apos; &#N; &#xN;) decoded. */
static void unescape(struct strbuf *sb, const char *s, size_t len)
{
	const char *end = s + len;

	strbuf_reset(sb);
	while (s < end) {
		const char *amp = memchr(s, '&', (size_t)(end - s)), *semi;

		if (!amp) {
			strbuf_add(sb, s, (size_t)(end - s));
			break;
		}
		strbuf_add(sb, s, (size_t)(amp - s));
		semi = memchr(amp, ';', (size_t)(end - amp));
		if (!semi || semi - amp > 10) {
			strbuf_addch(sb, '&');
			s = amp + 1;
			continue;
		}
		if (!strncmp(amp, "&amp;", 5))
			strbuf_addch(sb, '&');
		else if (!strncmp(amp, "&lt;", 4))
			strbuf_addch(sb, '<');
		else if (!strncmp(amp, "&gt;", 4))
			strbuf_addch(sb, '>');
		else if (!strncmp(amp, "&quot;", 6))
			strbuf_addch(sb, '"');
		else if (!strncmp(amp, "&apos;", 6))
			strbuf_addch(sb, '\'');
		else if (amp[1] == '#') {
			unsigned long c = amp[2] == 'x' ? strtoul(amp + 3, NULL, 16) : strtoul(amp + 2, NULL, 10);

			if (c < 0x10000)
				strbuf_add_utf8(sb, c);
			else
				strbuf_addch(sb, '?');
		} else {
			strbuf_add(sb, amp, (size_t)(semi - amp + 1));
		}
		s = semi + 1;
	}
}

/* The value of attribute name in the tag text; false when absent. */
static bool attr(const char *tag, size_t len, const char *name, const char **v, size_t *vlen)
{
	const char *p = tag, *end = tag + len;
	size_t nlen = strlen(name);

	while (p < end) {
		const char *eq = memchr(p, '=', (size_t)(end - p)), *k, *q, *close;

		if (!eq || eq + 1 >= end)
			return false;
		k = eq;
		while (k > p && (k[-1] == ' ' || k[-1] == '\t' || k[-1] == '\n'))
			k--;
		q = eq + 1;
		while (q < end && (*q == ' ' || *q == '\t' || *q == '\n'))
			q++;
		if (q >= end || (*q != '"' && *q != '\''))
			return false;
		close = memchr(q + 1, *q, (size_t)(end - q - 1));
		if (!close)
			return false;
		if ((size_t)(k - p) >= nlen && !memcmp(k - nlen, name, nlen) &&
		    (k - nlen == tag || strchr(" \t\n", k[-(ptrdiff_t)nlen - 1]))) {
			*v = q + 1;
			*vlen = (size_t)(close - q - 1);
			return true;
		}
		p = close + 1;
	}
	return false;
}

static int number_attr(struct lt_reader *r, struct xml_scan *x, const char *name, bool required,
		       double *out)
{
	const char *v;
	size_t len;

	if (!attr(x->tag.buf, x->tag.len, name, &v, &len) || !len) {
		if (required)
			return lt_bad(r, x->tag_line, "no %s= in the sample", name);
		return 0;
	}
	if (lt_number(v, len, out) < 0 || *out < 0) {
		struct strbuf sb = STRBUF_INIT;

		lt_quote(&sb, v, len);
		lt_bad(r, x->tag_line, "expected a number in %s=, got %s", name, sb.buf);
		strbuf_release(&sb);
		return -1;
	}
	return 0;
}

static int sample(struct lt_reader *r, struct xml_scan *x)
{
	const struct lt_options *o = r->o;
	struct lt_request req = { .t = NAN, .conc = NAN };
	const char *v;
	size_t len;

	if (o->skip_transactions && attr(x->tag.buf, x->tag.len, "rm", &v, &len) &&
	    len >= 32 && !memcmp(v, "Number of samples in transaction", 32))
		return 0;
	if (number_attr(r, x, attr_name(o->latency, "t"), true, &req.latency) < 0)
		return -1;
	if (attr(x->tag.buf, x->tag.len, attr_name(o->time, "ts"), &v, &len) &&
	    lt_time(v, len, &req.t) < 0)
		return lt_bad(r, x->tag_line, "expected a timestamp in ts=");
	if (number_attr(r, x, "na", false, &req.conc) < 0)
		return -1;
	if (isnan(req.conc) && number_attr(r, x, "ng", false, &req.conc) < 0)
		return -1;
	if (o->status) {
		bool have = attr(x->tag.buf, x->tag.len, attr_name(o->status, "rc"), &v, &len);

		unescape(&x->value, v, have ? len : 0);
		req.error = !lt_status_ok(o->ok, x->value.buf, x->value.len);
	} else {
		req.error = !attr(x->tag.buf, x->tag.len, "s", &v, &len) || len != 4 ||
			    memcmp(v, "true", 4);
	}
	if (o->label) {
		if (attr(x->tag.buf, x->tag.len, attr_name(o->label, "lb"), &v, &len))
			unescape(&x->value, v, len);
		else
			strbuf_reset(&x->value);
		req.label = x->value.buf;
		req.label_len = x->value.len;
	}
	if (!isnan(req.conc))
		r->info->has_conc = true;
	lt_emit(r, &req);
	return 0;
}

/* A complete tag in x->tag: depth, and the samples at depth 1. */
static int tag_done(struct lt_reader *r, struct xml_scan *x)
{
	const char *t = x->tag.buf;
	size_t len = x->tag.len, n;
	bool closes;

	if (!len || t[0] == '?' || t[0] == '!')
		return 0;
	if (t[0] == '/') {
		x->depth--;
		return 0;
	}
	closes = t[len - 1] == '/';
	n = strcspn(t, " \t\n/");
	if (x->depth == 1 && ((n == 10 && !memcmp(t, "httpSample", 10)) ||
			      (n == 6 && !memcmp(t, "sample", 6))) && sample(r, x) < 0)
		return -1;
	if (!closes)
		x->depth++;
	return 0;
}

/* Scans the characters of one line (and its line end) through the states. */
static int scan_line(struct lt_reader *r, struct xml_scan *x, const char *s, size_t len)
{
	const char *end = s + len;

	while (s <= end) {
		char c = s < end ? *s : '\n';

		switch (x->state) {
		case X_TEXT: {
			const char *lt = memchr(s, '<', (size_t)(end - s));

			if (!lt)
				return 0;
			s = lt;
			x->state = X_TAG;
			x->quote = 0;
			x->tag_line = r->lr->lineno;
			strbuf_reset(&x->tag);
			break;
		}
		case X_TAG:
			if (c == '>' && !x->quote) {
				x->state = X_TEXT;
				if (tag_done(r, x) < 0)
					return -1;
				break;
			}
			if (x->quote ? c == x->quote : (c == '"' || c == '\''))
				x->quote = x->quote ? 0 : c;
			strbuf_addch(&x->tag, c);
			x->match = 0;
			if (x->tag.len == 3 && !memcmp(x->tag.buf, "!--", 3))
				x->state = X_COMMENT;
			else if (x->tag.len == 8 && !memcmp(x->tag.buf, "![CDATA[", 8))
				x->state = X_CDATA;
			else if (x->tag.len > MAX_TAG)
				return lt_bad(r, x->tag_line, "a tag longer than 1 MiB");
			break;
		case X_COMMENT:
		case X_CDATA: {
			const char *close = x->state == X_COMMENT ? "-->" : "]]>";

			/* "--->" and "]]]>" end too: a third '-' or ']' keeps two matched. */
			x->match = x->match == 2 && c == close[1] ? 2 :
				   c == close[x->match] ? x->match + 1 : c == close[0] ? 1 : 0;
			if (x->match == 3)
				x->state = X_TEXT;
			break;
		}
		}
		s++;
	}
	return 0;
}

int lt_read_jtl_xml(struct lt_reader *r)
{
	struct xml_scan x = { .state = X_TEXT };
	char *line;
	ssize_t len;
	int rc = 0;

	strbuf_init(&x.tag, 256);
	strbuf_init(&x.value, 64);
	r->info->has_time = true;
	while (rc == 0 && (len = linereader_next(r->lr, &line)) >= 0)
		rc = scan_line(r, &x, line, (size_t)len);
	if (rc == 0 && !r->lr->error && x.state != X_TEXT)
		rc = lt_bad(r, x.tag_line, "the file ends inside %s",
			    x.state == X_TAG ? "a tag (truncated?)" :
			    x.state == X_COMMENT ? "a comment" : "a CDATA section");
	strbuf_release(&x.tag);
	strbuf_release(&x.value);
	return rc;
}
