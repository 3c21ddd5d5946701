/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Private to prom-reply.c (reading a reply) and prom-query.c (the client). */
#ifndef HEADROOM_PROM_IMPL_H
#define HEADROOM_PROM_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include "headroom/prom.h"
#include "headroom/promjson.h"
#include "headroom/strbuf.h"

enum ctx {
	CTX_TOP, CTX_DATA, CTX_RESULT, CTX_ELEM, CTX_METRIC, CTX_VALUES, CTX_POINT,
	CTX_WARNINGS, CTX_SERIES_LIST, CTX_SKIP,
};

struct label_pair {
	char *key, *value;
};

/* Reading one reply: feed r->js; the tokens' meaning comes from where they are. */
struct reply {
	const char *what;		/* the URL, for messages */
	const struct prom_handler *h;
	struct json_stream js;
	enum ctx stack[JSON_STREAM_DEPTH];
	unsigned depth;
	struct strbuf key;		/* the key of the value that follows */
	struct strbuf status, error_type, error, result_type;
	bool partial, warned, any_data;
	uint64_t nseries;		/* /api/v1/series: entries */
	char **values;			/* /api/v1/label/NAME/values */
	size_t nvalues, avalues;
	/* the series being read */
	struct label_pair *labels;
	size_t nlabels, alabels;
	bool metric_seen, announced, skip;	/* skip: a name that cannot be written */
	struct { int64_t t; double v; } *pending;	/* points before "metric" */
	size_t npending, apending;
	int nfield;			/* fields of the point being read */
	int64_t t_ms;
	double v;
	struct strbuf name, canon;
	int handler_rc;
};

void prom_reply_init(struct reply *r, const char *what, const struct prom_handler *h);
void prom_reply_release(struct reply *r);
/*
 * The end of a reply: 0, 1 (warnings, a partial answer) or -1 after the
 * error in the server's words. status is the HTTP status, head the reply's
 * first bytes (for a body that is not the API's JSON).
 */
int prom_reply_finish(struct reply *r, long status, const struct strbuf *head);

#endif
