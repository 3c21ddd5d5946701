// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * k6's results: --out json (one Metric or Point object per line, keys in any
 * order: k6 changed it) and --out csv (metric_name, timestamp, metric_value,
 * then the tags by name). Requests are the Points of one trend metric,
 * http_req_duration by default, in ms; the vus gauge gives the concurrency.
 * A request failed when its expected_response tag is "false" (k6's own
 * http_req_failed), or without that tag when its status is not 2xx or 3xx.
 */
#include <math.h>
#include <string.h>

#include "loadtest-impl.h"

/* The tags a request is judged and labelled by, as views. */
struct k6_tags {
	const char *expected, *status, *error_code, *label, *user_status;
	size_t expected_len, status_len, error_code_len, label_len, user_status_len;
	bool label_escaped;
};

static const char *metric_of(const struct lt_options *o)
{
	return o->metric ? o->metric : "http_req_duration";
}

/* --by tag:KEY and --by KEY both name a tag. */
static const char *tag_name(const char *name)
{
	return name && !strncmp(name, "tag:", 4) ? name + 4 : name;
}

/*
 * A point of the vus gauge goes to the sink as the concurrency (returns 1);
 * one of the requests' metric must not be negative (0, or -1 after a message).
 */
static int gauge_point(struct lt_reader *r, uint64_t line, bool vus, const struct lt_request *req)
{
	if (vus) {
		r->info->has_conc = true;
		if (r->sink->gauge)
			r->sink->gauge(r->sink->ctx, req->t, req->latency);
		return 1;
	}
	if (req->latency < 0)
		return lt_bad(r, line, "a negative %s", metric_of(r->o));
	return 0;
}

static bool k6_failed(const struct lt_options *o, const struct k6_tags *t)
{
	if (o->status)
		return !lt_status_ok(o->ok, t->user_status ? t->user_status : "",
				     t->user_status ? t->user_status_len : 0);
	if (t->expected)
		return !(t->expected_len == 4 && !memcmp(t->expected, "true", 4));
	if (t->error_code && t->error_code_len)
		return true;
	return t->status && !lt_status_ok("2xx,3xx", t->status, t->status_len);
}

/* --- JSON --- */

struct k6_line {
	const struct lt_options *o;
	struct ljson_value type, metric, data, time, value, tags;
	bool have_type, have_metric, have_data, have_time, have_value, have_tags;
	struct k6_tags t;
};

static int tag_member(void *arg, const char *key, size_t klen, const struct ljson_value *v)
{
	struct k6_line *l = arg;
	const char *label = tag_name(l->o->label), *status = tag_name(l->o->status);

	if (v->type != LJ_STRING)
		return 0;
	if (ljson_key_is(key, klen, "expected_response"))
		l->t.expected = v->s, l->t.expected_len = v->len;
	else if (ljson_key_is(key, klen, "status"))
		l->t.status = v->s, l->t.status_len = v->len;
	else if (ljson_key_is(key, klen, "error_code"))
		l->t.error_code = v->s, l->t.error_code_len = v->len;
	if (label && ljson_key_is(key, klen, label)) {
		l->t.label = v->s;
		l->t.label_len = v->len;
		l->t.label_escaped = v->escaped;
	}
	if (status && ljson_key_is(key, klen, status))
		l->t.user_status = v->s, l->t.user_status_len = v->len;
	return 0;
}

static bool is_str(const struct ljson_value *v, const char *s)
{
	return v->type == LJ_STRING && strlen(s) == v->len && !memcmp(v->s, s, v->len);
}

static int json_point(struct lt_reader *r, struct k6_line *l, bool vus, struct strbuf *label)
{
	const struct ljson_field data[] = {
		{ "time", &l->time, &l->have_time },
		{ "value", &l->value, &l->have_value },
		{ "tags", &l->tags, &l->have_tags },
	};
	struct lt_request req = { .conc = NAN };
	const char *why = NULL;
	int rc;

	if (!l->have_data || l->data.type != LJ_OBJECT ||
	    ljson_fields(l->data.s, l->data.len, data, sizeof(data) / sizeof(data[0]), &why) < 0)
		return lt_bad(r, r->lr->lineno, "a Point without a data object");
	if (!l->have_value || l->value.type != LJ_NUMBER ||
	    lt_number(l->value.s, l->value.len, &req.latency) < 0)
		return lt_bad(r, r->lr->lineno, "a Point without a numeric value");
	if (!l->have_time || l->time.type != LJ_STRING || lt_time(l->time.s, l->time.len, &req.t) < 0)
		return lt_bad(r, r->lr->lineno, "a Point without a valid time");
	rc = gauge_point(r, r->lr->lineno, vus, &req);
	if (rc)
		return rc < 0 ? -1 : 0;
	if (l->have_tags && l->tags.type == LJ_OBJECT &&
	    ljson_object(l->tags.s, l->tags.len, tag_member, l, &why) < 0)
		return lt_bad(r, r->lr->lineno, "malformed tags: %s", why);
	req.error = k6_failed(r->o, &l->t);
	if (r->o->label) {
		struct ljson_value lv = { LJ_STRING, l->t.label ? l->t.label : "", l->t.label_len,
					  l->t.label_escaped };

		ljson_unescape(&lv, label);
		req.label = label->buf;
		req.label_len = label->len;
	}
	lt_emit(r, &req);
	return 0;
}

int lt_read_k6_json(struct lt_reader *r)
{
	struct strbuf want = STRBUF_INIT, label = STRBUF_INIT;
	char *line;
	ssize_t len;
	int rc = 0;

	strbuf_addf(&want, "\"%s\"", metric_of(r->o));
	r->info->has_time = true;
	while (rc == 0 && (len = linereader_next(r->lr, &line)) >= 0) {
		struct k6_line l = { .o = r->o };
		const struct ljson_field top[] = {
			{ "type", &l.type, &l.have_type },
			{ "metric", &l.metric, &l.have_metric },
			{ "data", &l.data, &l.have_data },
		};
		const char *why = NULL;
		bool vus;

		if (!len || strspn(line, " \t") == (size_t)len)
			continue;
		/* Most lines are other metrics: a quick look before parsing. */
		if (!memmem(line, (size_t)len, want.buf, want.len) &&
		    !memmem(line, (size_t)len, "\"vus\"", 5)) {
			if (line[strspn(line, " \t")] != '{')
				rc = lt_bad(r, r->lr->lineno, "expected a JSON object");
			continue;
		}
		if (ljson_fields(line, (size_t)len, top, sizeof(top) / sizeof(top[0]), &why) < 0) {
			rc = lt_bad(r, r->lr->lineno, "%s", why);
			break;
		}
		if (!l.have_type || !is_str(&l.type, "Point") || !l.have_metric)
			continue;
		vus = is_str(&l.metric, "vus");
		if (vus || is_str(&l.metric, metric_of(r->o)))
			rc = json_point(r, &l, vus, &label);
	}
	strbuf_release(&want);
	strbuf_release(&label);
	return rc;
}

/* --- CSV --- */

struct k6_csv {
	int name, time, value, expected, status, error_code, label, user_status;
};

static int k6_csv_header(struct lt_reader *r, struct csv_reader *cr, void *arg)
{
	struct k6_csv *c = arg;

	c->name = lt_column(cr, "metric_name");
	c->time = lt_column(cr, "timestamp");
	c->value = lt_column(cr, "metric_value");
	if (c->name != 0 || c->time < 0 || c->value < 0)
		return lt_bad(r, cr->lineno, "expected k6's header metric_name,timestamp,metric_value,...");
	c->expected = lt_column(cr, "expected_response");
	c->status = lt_column(cr, "status");
	c->error_code = lt_column(cr, "error_code");
	c->label = r->o->label ? lt_column(cr, tag_name(r->o->label)) : -1;
	c->user_status = r->o->status ? lt_column(cr, tag_name(r->o->status)) : -1;
	if (r->o->label && c->label < 0)
		return lt_bad(r, cr->lineno, "no column '%s' in k6's header", tag_name(r->o->label));
	if (r->o->status && c->user_status < 0)
		return lt_bad(r, cr->lineno, "no column '%s' in k6's header", tag_name(r->o->status));
	r->info->has_time = true;
	return 0;
}

/* Field i of the record when it has one, else "" (k6 leaves trailing tags empty). */
static const char *cell(const struct csv_reader *cr, int i, size_t *len)
{
	if (i < 0 || (size_t)i >= cr->nfields) {
		*len = 0;
		return i < 0 ? NULL : "";
	}
	*len = cr->len[i];
	return cr->field[i];
}

static int k6_csv_record(struct lt_reader *r, struct csv_reader *cr, void *arg)
{
	struct k6_csv *c = arg;
	struct lt_request req = { .conc = NAN };
	struct k6_tags t = { 0 };
	bool vus;
	int rc;

	if (cr->nfields < 3)
		return lt_bad(r, cr->lineno, "expected at least 3 fields, the record has %zu",
			      cr->nfields);
	vus = !strcmp(cr->field[0], "vus");
	if (!vus && strcmp(cr->field[0], metric_of(r->o)))
		return 0;
	if (lt_number(cr->field[c->value], cr->len[c->value], &req.latency) < 0)
		return lt_bad(r, cr->lineno, "expected a number in metric_value");
	if (lt_time(cr->field[c->time], cr->len[c->time], &req.t) < 0)
		return lt_bad(r, cr->lineno, "expected a time in timestamp");
	if (cr->len[c->time] <= 10 && !r->info->time_step)
		r->info->time_step = 1;		/* k6's default: whole Unix seconds */
	rc = gauge_point(r, cr->lineno, vus, &req);
	if (rc)
		return rc < 0 ? -1 : 0;
	t.expected = cell(cr, c->expected, &t.expected_len);
	if (t.expected && !t.expected_len)
		t.expected = NULL;	/* an empty column: the tag was not set */
	t.status = cell(cr, c->status, &t.status_len);
	t.error_code = cell(cr, c->error_code, &t.error_code_len);
	t.user_status = cell(cr, c->user_status, &t.user_status_len);
	req.error = k6_failed(r->o, &t);
	if (c->label >= 0)
		req.label = cell(cr, c->label, &req.label_len);
	lt_emit(r, &req);
	return 0;
}

int lt_read_k6_csv(struct lt_reader *r)
{
	struct k6_csv c;

	return lt_csv_read(r, ',', k6_csv_header, k6_csv_record, &c);
}
