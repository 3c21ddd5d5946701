// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * vegeta's results as 'vegeta encode' writes them: JSON lines (the default)
 * or CSV without a header (timestamp in Unix ns, code, latency in ns,
 * bytes out, bytes in, error, body, then attack, seq, method, url, headers
 * in newer versions). A request failed when vegeta recorded an error or its
 * code is not 2xx or 3xx, vegeta's own definition (--ok changes the codes).
 */
#include <math.h>
#include <string.h>

#include "loadtest-impl.h"

/* The CSV columns by name, as vegeta's JSON keys are called. */
static const char *const csv_names[] = {
	"timestamp", "code", "latency", "bytes_out", "bytes_in", "error", "body",
	"attack", "seq", "method", "url", "headers",
};

/* Whether a request failed: vegeta recorded an error (err_len bytes), or a bad code. */
static bool failed(const struct lt_options *o, const char *code, size_t code_len,
		   size_t err_len)
{
	return err_len || !lt_status_ok(o->ok ? o->ok : "2xx,3xx", code, code_len);
}

/* --- JSON --- */

struct vg_line {
	struct ljson_value code, ts, latency, error, label;
	bool have_code, have_ts, have_latency, have_label;
};

static int vg_json_line(struct lt_reader *r, const char *line, size_t len, struct strbuf *label)
{
	struct vg_line l = { .error.s = "" };
	const struct ljson_field fields[] = {
		{ "code", &l.code, &l.have_code },
		{ "timestamp", &l.ts, &l.have_ts },
		{ "latency", &l.latency, &l.have_latency },
		{ "error", &l.error, NULL },
		{ r->o->label, &l.label, &l.have_label },
	};
	struct lt_request req = { .conc = NAN };
	const char *why = NULL;

	if (ljson_fields(line, len, fields, sizeof(fields) / sizeof(fields[0]), &why) < 0)
		return lt_bad(r, r->lr->lineno, "%s", why);
	if (!l.have_latency || l.latency.type != LJ_NUMBER ||
	    lt_number(l.latency.s, l.latency.len, &req.latency) < 0 || req.latency < 0)
		return lt_bad(r, r->lr->lineno, "expected a latency in ns");
	if (!l.have_ts || l.ts.type != LJ_STRING || lt_time(l.ts.s, l.ts.len, &req.t) < 0)
		return lt_bad(r, r->lr->lineno, "expected an RFC 3339 timestamp");
	if (!l.have_code || l.code.type != LJ_NUMBER)
		return lt_bad(r, r->lr->lineno, "expected a status code");
	req.error = failed(r->o, l.code.s, l.code.len, l.error.type == LJ_STRING ? l.error.len : 0);
	if (r->o->label) {
		strbuf_reset(label);
		if (l.have_label && l.label.type == LJ_STRING)
			ljson_unescape(&l.label, label);
		else if (l.have_label && l.label.type != LJ_NULL)
			strbuf_add(label, l.label.s, l.label.len);
		req.label = label->buf;
		req.label_len = label->len;
	}
	lt_emit(r, &req);
	return 0;
}

int lt_read_vegeta_json(struct lt_reader *r)
{
	struct strbuf label = STRBUF_INIT;
	char *line;
	ssize_t len;
	int rc = 0;

	r->info->unit = 1e-9;
	r->info->has_time = true;
	while (rc == 0 && (len = linereader_next(r->lr, &line)) >= 0)
		if (len && strspn(line, " \t") != (size_t)len)
			rc = vg_json_line(r, line, (size_t)len, &label);
	strbuf_release(&label);
	return rc;
}

/* --- CSV --- */

static int vg_csv_record(struct lt_reader *r, struct csv_reader *cr, void *arg)
{
	int label = *(int *)arg;
	struct lt_request req = { .conc = NAN };
	double ns;

	if (cr->nfields < 6)
		return lt_bad(r, cr->lineno, "expected at least 6 fields (timestamp, code, latency, "
			      "bytes out, bytes in, error), the record has %zu", cr->nfields);
	if (lt_number(cr->field[0], cr->len[0], &ns) < 0)
		return lt_bad(r, cr->lineno, "expected a timestamp in Unix ns in field 1");
	req.t = ns / 1e9;
	if (lt_number(cr->field[2], cr->len[2], &req.latency) < 0 || req.latency < 0)
		return lt_bad(r, cr->lineno, "expected a latency in ns in field 3");
	req.error = failed(r->o, cr->field[1], cr->len[1], cr->len[5]);
	if (label >= 0) {
		req.label = (size_t)label < cr->nfields ? cr->field[label] : "";
		req.label_len = (size_t)label < cr->nfields ? cr->len[label] : 0;
	}
	lt_emit(r, &req);
	return 0;
}

static int vg_csv_first(struct lt_reader *r, struct csv_reader *cr, void *arg)
{
	(void)r;
	(void)cr;
	(void)arg;
	return 1;	/* no header: the first record is data */
}

int lt_read_vegeta_csv(struct lt_reader *r)
{
	int label = -1;
	size_t i;

	r->info->unit = 1e-9;
	r->info->has_time = true;
	if (r->o->label) {
		for (i = 0; i < sizeof(csv_names) / sizeof(csv_names[0]); i++)
			if (!strcmp(r->o->label, csv_names[i]))
				label = (int)i;
		if (label < 0)
			return lt_bad(r, 0, "vegeta's CSV has no column '%s' (timestamp, code, "
				      "latency, bytes_out, bytes_in, error, body, attack, seq, "
				      "method, url, headers)", r->o->label);
	}
	return lt_csv_read(r, ',', vg_csv_first, vg_csv_record, &label);
}
