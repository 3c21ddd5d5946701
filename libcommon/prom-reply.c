// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Reading the query API's JSON replies (prom.h) as they arrive: the tokens
 * of promjson.c given their meaning by where they are, series and points
 * handed out, errors and warnings in the server's words.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/error.h"
#include "headroom/escape.h"
#include "headroom/labels.h"
#include "headroom/prom.h"
#include "headroom/promjson.h"
#include "prom-impl.h"

static void clear_labels(struct reply *r)
{
	size_t i;

	for (i = 0; i < r->nlabels; i++) {
		free(r->labels[i].key);
		free(r->labels[i].value);
	}
	r->nlabels = 0;
}

static int cmp_pair(const void *a, const void *b)
{
	return strcmp(((const struct label_pair *)a)->key, ((const struct label_pair *)b)->key);
}

/*
 * A series whose name or a label name is not a series name's text (a
 * control character, say) cannot be written as series TSV: it is left out
 * with a warning naming it, and the others are read on.
 */
static bool skip_unwritable(struct reply *r)
{
	const char *bad = NULL;
	struct strbuf shown = STRBUF_INIT;

	if (r->name.len && !series_name_ok(r->name.buf, r->name.len))
		bad = r->name.buf;
	for (size_t i = 0; i < r->nlabels && !bad; i++)
		if (strcmp(r->labels[i].key, "__name__") && !label_name_ok(r->labels[i].key))
			bad = r->labels[i].key;
	if (!bad)
		return false;
	escape_visible(&shown, bad, strlen(bad));
	warning("%s: left out a series named with bytes a series name cannot hold: %s", r->what,
		shown.buf);
	strbuf_release(&shown);
	r->warned = true;
	return true;
}

/* The series' name and canonical labels, to the handler. */
static int announce(struct reply *r)
{
	size_t i;

	r->announced = true;
	r->any_data = true;
	strbuf_reset(&r->name);
	strbuf_reset(&r->canon);
	if (r->nlabels)
		qsort(r->labels, r->nlabels, sizeof(*r->labels), cmp_pair);
	for (i = 0; i < r->nlabels; i++)
		if (!strcmp(r->labels[i].key, "__name__"))
			prom_name_decode(&r->name, r->labels[i].value);
	if ((r->skip = skip_unwritable(r)))
		return 0;
	for (i = 0; i < r->nlabels; i++)
		if (strcmp(r->labels[i].key, "__name__") && *r->labels[i].value)
			labels_add(&r->canon, r->labels[i].key, r->labels[i].value);
	return r->h && r->h->series ? r->h->series(r->h->arg, r->name.buf, r->canon.buf) : 0;
}

/* A point: the series is announced before its first one, once its labels are read. */
static int deliver(struct reply *r, int64_t t, double v)
{
	int rc;

	if (!r->metric_seen) {
		ALLOC_GROW(r->pending, r->npending + 1, r->apending);
		r->pending[r->npending].t = t;
		r->pending[r->npending++].v = v;
		return 0;
	}
	if (!r->announced && (rc = announce(r)))
		return rc;
	if (r->skip)
		return 0;
	return r->h && r->h->point ? r->h->point(r->h->arg, t, v) : 0;
}

/* Milliseconds of a timestamp "1700000000" or "1700000000.123". */
static int64_t parse_ms(const char *s, size_t len)
{
	int64_t sec = 0, frac = 0;
	size_t i = 0, d = 0;
	char buf[64];

	while (i < len && s[i] >= '0' && s[i] <= '9' && i < 15)
		sec = sec * 10 + (s[i++] - '0');
	if (i < len && s[i] == '.')
		for (i++; i < len && d < 3 && s[i] >= '0' && s[i] <= '9'; d++)
			frac = frac * 10 + (s[i++] - '0');
	if (i == len && len) {
		for (; d < 3; d++)
			frac *= 10;
		return sec * 1000 + frac;
	}
	snprintf(buf, sizeof(buf), "%.*s", (int)(len < 63 ? len : 63), s);
	return llround(strtod(buf, NULL) * 1000);
}

/* A value "0.25", "NaN", "+Inf": whole numbers exactly without strtod, the
 * rest by strtod, which gives back the exact double the server printed. */
static double parse_value(const char *s, size_t len)
{
	char buf[64];
	uint64_t u = 0;
	size_t i = 0;
	bool neg = false;

	if (len && s[0] == '-')
		neg = true, i = 1;
	if (len > i && len - i <= 15) {
		for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
			u = u * 10 + (uint64_t)(s[i] - '0');
		if (i == len)
			return neg ? -(double)u : (double)u;
	}
	if (len >= sizeof(buf))
		return NAN;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return strtod(buf, NULL);
}

static bool key_is(const struct reply *r, const char *k)
{
	return !strcmp(r->key.buf, k);
}

/*
 * Where a container leads that opens in context parent, as an object or an
 * array, under key (NULL: any); any other container is skipped.
 */
static const struct {
	enum ctx parent;
	bool object;
	const char *key;
	enum ctx child;
} ctx_rules[] = {
	{ CTX_TOP, true, "data", CTX_DATA },
	{ CTX_TOP, false, "data", CTX_SERIES_LIST },
	{ CTX_TOP, false, "warnings", CTX_WARNINGS },
	{ CTX_DATA, false, "result", CTX_RESULT },	/* a scalar's: CTX_POINT */
	{ CTX_RESULT, true, NULL, CTX_ELEM },
	{ CTX_ELEM, true, "metric", CTX_METRIC },
	{ CTX_ELEM, false, "values", CTX_VALUES },
	{ CTX_ELEM, false, "value", CTX_POINT },
	{ CTX_VALUES, false, NULL, CTX_POINT },
};

/* The context of a container opening in the current one. */
static enum ctx child(struct reply *r, bool object)
{
	enum ctx parent;
	size_t i;

	if (!r->depth)
		return object ? CTX_TOP : CTX_SKIP;
	parent = r->stack[r->depth - 1];
	if (parent == CTX_SERIES_LIST) {
		r->nseries++;
		return CTX_SKIP;
	}
	for (i = 0; i < sizeof(ctx_rules) / sizeof(ctx_rules[0]); i++) {
		enum ctx c = ctx_rules[i].child;

		if (ctx_rules[i].parent != parent || ctx_rules[i].object != object ||
		    (ctx_rules[i].key && !key_is(r, ctx_rules[i].key)))
			continue;
		if (c == CTX_RESULT && !strcmp(r->result_type.buf, "scalar"))
			return CTX_POINT;
		return c;
	}
	return CTX_SKIP;
}

static int open_ctx(struct reply *r, bool object)
{
	enum ctx c = child(r, object);

	if (c == CTX_ELEM || (c == CTX_POINT && r->stack[r->depth - 1] == CTX_DATA)) {
		clear_labels(r);
		r->announced = false;
		r->npending = 0;
		/* A scalar's point has no labels to wait for. */
		r->metric_seen = c == CTX_POINT;
	}
	if (c == CTX_POINT)
		r->nfield = 0;
	r->stack[r->depth++] = c;
	return 0;
}

static int close_ctx(struct reply *r)
{
	enum ctx c = r->stack[--r->depth];
	size_t i;
	int rc = 0;

	if (c == CTX_POINT && r->nfield == 2) {
		rc = deliver(r, r->t_ms, r->v);
	} else if (c == CTX_METRIC) {
		r->metric_seen = true;
	} else if (c == CTX_ELEM && r->npending) {
		/* "values" came before "metric": the points waited for the labels. */
		r->metric_seen = true;
		for (i = 0; i < r->npending && !rc; i++)
			rc = deliver(r, r->pending[i].t, r->pending[i].v);
		r->npending = 0;
	}
	return rc;
}

static void set_str(struct strbuf *sb, const char *s, size_t len)
{
	strbuf_reset(sb);
	strbuf_add(sb, s, len);
}

static int scalar(struct reply *r, enum json_token t, const char *s, size_t len)
{
	enum ctx c = r->depth ? r->stack[r->depth - 1] : CTX_SKIP;
	struct label_pair *l;

	switch (c) {
	case CTX_TOP:
		if (t == JSON_STRING && key_is(r, "status"))
			set_str(&r->status, s, len);
		else if (t == JSON_STRING && key_is(r, "errorType"))
			set_str(&r->error_type, s, len);
		else if (t == JSON_STRING && key_is(r, "error"))
			set_str(&r->error, s, len);
		else if (t == JSON_TRUE && key_is(r, "isPartial"))
			r->partial = true;
		break;
	case CTX_DATA:
		if (t == JSON_STRING && key_is(r, "resultType"))
			set_str(&r->result_type, s, len);
		break;
	case CTX_METRIC:
		if (t != JSON_STRING)
			break;
		ALLOC_GROW(r->labels, r->nlabels + 1, r->alabels);
		l = &r->labels[r->nlabels++];
		l->key = xstrdup(r->key.buf);
		l->value = xstrndup(s, len);
		break;
	case CTX_POINT:
		if (r->nfield == 0 && t == JSON_NUMBER)
			r->t_ms = parse_ms(s, len);
		else if (r->nfield == 1 && (t == JSON_STRING || t == JSON_NUMBER))
			r->v = parse_value(s, len);
		else
			r->nfield = 99;		/* not a point */
		r->nfield++;
		break;
	case CTX_WARNINGS:
		if (t == JSON_STRING) {
			struct strbuf w = STRBUF_INIT;

			strbuf_add(&w, s, len);
			warning("%s: %s", r->what, w.buf);
			strbuf_release(&w);
			r->warned = true;
		}
		break;
	case CTX_SERIES_LIST:
		r->nseries++;
		if (t == JSON_STRING) {
			ALLOC_GROW(r->values, r->nvalues + 1, r->avalues);
			r->values[r->nvalues++] = xstrndup(s, len);
		}
		break;
	default:
		break;
	}
	return 0;
}

static int on_token(void *arg, enum json_token t, const char *s, size_t len)
{
	struct reply *r = arg;
	int rc;

	switch (t) {
	case JSON_OBJECT_BEGIN:
	case JSON_ARRAY_BEGIN:
		rc = open_ctx(r, t == JSON_OBJECT_BEGIN);
		break;
	case JSON_OBJECT_END:
	case JSON_ARRAY_END:
		rc = close_ctx(r);
		break;
	case JSON_KEY:
		set_str(&r->key, s, len);
		return 0;
	default:
		rc = scalar(r, t, s, len);
		break;
	}
	if (rc)
		r->handler_rc = rc;
	return rc;
}

void prom_reply_init(struct reply *r, const char *what, const struct prom_handler *h)
{
	memset(r, 0, sizeof(*r));
	r->what = what;
	r->h = h;
	json_stream_init(&r->js, on_token, r);
	strbuf_init(&r->key, 0);
	strbuf_init(&r->status, 0);
	strbuf_init(&r->error_type, 0);
	strbuf_init(&r->error, 0);
	strbuf_init(&r->result_type, 0);
	strbuf_init(&r->name, 0);
	strbuf_init(&r->canon, 0);
}

void prom_reply_release(struct reply *r)
{
	clear_labels(r);
	free(r->labels);
	free(r->pending);
	for (size_t i = 0; i < r->nvalues; i++)
		free(r->values[i]);
	free(r->values);
	json_stream_release(&r->js);
	strbuf_release(&r->key);
	strbuf_release(&r->status);
	strbuf_release(&r->error_type);
	strbuf_release(&r->error);
	strbuf_release(&r->result_type);
	strbuf_release(&r->name);
	strbuf_release(&r->canon);
}

/*
 * The end of a reply: 0, 1 (warnings, a partial answer) or -1 after the
 * error in the server's words. status is the HTTP status, head the
 * reply's first bytes (for a body that is not the API's JSON).
 */
int prom_reply_finish(struct reply *r, long status, const struct strbuf *head)
{
	bool json_ok = !r->handler_rc && json_stream_finish(&r->js) == 0;

	if (r->handler_rc)
		return -1;
	if (json_ok && !strcmp(r->status.buf, "error")) {
		char code[24];

		/* VictoriaMetrics's errorType is the status again. */
		snprintf(code, sizeof(code), "%ld", status);
		if (!r->error_type.len || !strcmp(r->error_type.buf, code))
			return error("%s: HTTP %ld: %s", r->what, status, r->error.buf);
		return error("%s: HTTP %ld %s: %s", r->what, status, r->error_type.buf, r->error.buf);
	}
	if (!json_ok || strcmp(r->status.buf, "success")) {
		struct strbuf line = STRBUF_INIT;
		size_t n = strcspn(head->buf, "\r\n");

		strbuf_add(&line, head->buf, n < 1024 ? n : 1024);
		for (n = 0; n < line.len; n++)
			if ((unsigned char)line.buf[n] < 0x20)
				line.buf[n] = '?';
		if (status / 100 != 2)
			error("%s: HTTP %ld%s%s", r->what, status, line.len ? ": " : "", line.buf);
		else
			error("%s: not a reply of the query API (%s): %s", r->what,
			      json_ok ? "no \"status\":\"success\"" : r->js.err, line.buf);
		strbuf_release(&line);
		return -1;
	}
	if (r->partial) {
		warning("%s: partial response: some storage nodes did not answer", r->what);
		r->warned = true;
	}
	return r->warned ? 1 : 0;
}

int prom_parse_reply(const char *what, const char *body, size_t len, size_t chunk,
		     const struct prom_handler *h)
{
	struct strbuf head = STRBUF_INIT;
	struct reply r;
	size_t i;
	int ret;

	prom_reply_init(&r, what, h);
	strbuf_add(&head, body, len < 1024 ? len : 1024);
	if (!chunk)
		chunk = len ? len : 1;
	for (i = 0; i < len; i += chunk)
		if (json_stream_feed(&r.js, body + i, len - i < chunk ? len - i : chunk))
			break;
	ret = prom_reply_finish(&r, 200, &head);
	prom_reply_release(&r);
	strbuf_release(&head);
	return ret;
}
