// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The query API's client (prom.h): range queries split at the 11,000-point
 * limit, two requests in flight (the second paused at its first byte until
 * the first is read, so the server computes it meanwhile), replies read
 * as they arrive.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "headroom/alloc.h"
#include "headroom/error.h"
#include "headroom/prom.h"
#include "prom-impl.h"

#define DEFAULT_TIMEOUT 120.0
#define RECV_BUFFER (512 * 1024)	/* libcurl's 16 KiB default halves the read speed */
#define HEAD_BYTES 1024			/* kept of each reply for errors that are not JSON */

struct prom_client {
	struct http_client http;	/* authentication, TLS; one-off requests */
	char *base;			/* the URL without a trailing '/' */
	double timeout;
	CURLM *multi;
	CURL *easy[2];
};

struct prom_client *prom_client_new(const char *url, const struct http_options *o)
{
	struct prom_client *c = xcalloc(1, sizeof(*c));
	size_t n = strlen(url);

	if (http_client_init(&c->http, url, o, NULL) < 0) {
		prom_client_free(c);
		return NULL;
	}
	while (n && url[n - 1] == '/')
		n--;
	c->base = xstrndup(url, n);
	c->timeout = DEFAULT_TIMEOUT;
	c->multi = curl_multi_init();
	c->easy[0] = curl_easy_init();
	c->easy[1] = curl_easy_init();
	if (!c->multi || !c->easy[0] || !c->easy[1]) {
		error("cannot initialise libcurl");
		prom_client_free(c);
		return NULL;
	}
	return c;
}

void prom_client_free(struct prom_client *c)
{
	if (!c)
		return;
	if (c->easy[0])
		curl_easy_cleanup(c->easy[0]);
	if (c->easy[1])
		curl_easy_cleanup(c->easy[1]);
	if (c->multi)
		curl_multi_cleanup(c->multi);
	http_client_release(&c->http);
	free(c->base);
	free(c);
}

void prom_client_set_timeout(struct prom_client *c, double seconds)
{
	c->timeout = seconds > 0 ? seconds : DEFAULT_TIMEOUT;
}

/* --- requests ------------------------------------------------------------------ */

/* Where prom_run() stands: the query, and the request within it. */
struct cursor {
	const struct prom_query *q;
	size_t n, qi;
	int64_t next_ms;		/* PROM_RANGE: the next request's start */
};

/* One request: its form body, and the reply being read. */
struct transfer {
	CURL *h;
	char *url, *what, *form;
	const struct prom_handler *handler;
	struct reply reply;
	struct strbuf head;
	bool active, is_head, done, failed;
	CURLcode rc;
	char err[CURL_ERROR_SIZE];
};

static void add_param(struct strbuf *form, CURL *h, const char *name, const char *value)
{
	char *esc = curl_easy_escape(h, value, 0);

	if (form->len)
		strbuf_addch(form, '&');
	strbuf_addf(form, "%s=%s", name, esc);
	curl_free(esc);
}

static void add_time(struct strbuf *form, const char *name, int64_t ms)
{
	strbuf_addf(form, "&%s=%.3f", name, (double)ms / 1000);
}

/*
 * The next request of the queries into the form body, or false when none is
 * left. A range query's requests each hold at most max_points steps.
 */
static bool next_request(struct prom_client *c, struct cursor *cur, CURL *h, struct strbuf *form,
			 const struct prom_query **q)
{
	for (; cur->qi < cur->n; cur->qi++, cur->next_ms = INT64_MIN) {
		const struct prom_query *p = &cur->q[cur->qi];
		int64_t start = llround(p->start * 1000), end = llround(p->end * 1000);
		int64_t step = llround(p->step * 1000), last;
		size_t max = p->max_points ? p->max_points : PROM_MAX_POINTS;

		strbuf_reset(form);
		add_param(form, h, "query", p->expr);
		*q = p;
		if (p->kind == PROM_INSTANT) {
			add_time(form, "time", end);
			strbuf_addf(form, "&timeout=%.3f", c->timeout);
			cur->qi++;
			cur->next_ms = INT64_MIN;
			return true;
		}
		if (step <= 0)
			step = 1000;
		if (cur->next_ms == INT64_MIN)
			cur->next_ms = start;
		if (cur->next_ms > end)
			continue;
		/* max points are max - 1 steps: the limit counts the steps. */
		last = cur->next_ms + (int64_t)(max - 1) * step;
		if (last > end)
			last = end;
		add_time(form, "start", cur->next_ms);
		add_time(form, "end", last);
		strbuf_addf(form, "&step=%.3f&timeout=%.3f", (double)step / 1000, c->timeout);
		/* VictoriaMetrics would align start and end to the step itself. */
		strbuf_addstr(form, "&nocache=1");
		cur->next_ms = last + step;
		return true;
	}
	return false;
}

static size_t on_data(char *p, size_t size, size_t n, void *arg)
{
	struct transfer *t = arg;
	size_t len = size * n;

	/* The next request waits here, its reply on the server's side. */
	if (!t->is_head)
		return CURL_WRITEFUNC_PAUSE;
	if (t->head.len < HEAD_BYTES)
		strbuf_add(&t->head, p, len < HEAD_BYTES - t->head.len ? len : HEAD_BYTES - t->head.len);
	if (json_stream_feed(&t->reply.js, p, len)) {
		t->failed = true;
		return 0;	/* stops the transfer */
	}
	return len;
}

static void start_transfer(struct prom_client *c, struct transfer *t, CURL *h, const char *path,
			   struct strbuf *form, const struct prom_handler *handler, bool is_head)
{
	memset(t, 0, sizeof(*t));
	t->h = h;
	t->url = xasprintf("%s%s", c->base, path);
	t->what = xstrdup(c->base);
	t->form = strbuf_detach(form, NULL);
	t->handler = handler;
	t->is_head = is_head;
	strbuf_init(&t->head, 0);
	prom_reply_init(&t->reply, t->what, handler);
	curl_easy_reset(h);
	http_client_setup(&c->http, h, t->url);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, t->form);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, t);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, t->err);
	curl_easy_setopt(h, CURLOPT_BUFFERSIZE, (long)RECV_BUFFER);
	/* The server stops at its own timeout and says so; this is the backstop. */
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)((c->timeout + 10) * 1000));
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
	curl_easy_setopt(h, CURLOPT_PRIVATE, t);
	curl_multi_add_handle(c->multi, h);
	t->active = true;
}

static void end_transfer(struct prom_client *c, struct transfer *t)
{
	if (!t->active)
		return;
	curl_multi_remove_handle(c->multi, t->h);
	prom_reply_release(&t->reply);
	strbuf_release(&t->head);
	free(t->url);
	free(t->what);
	free(t->form);
	t->active = false;
}

/* The head transfer ended: its outcome, in the server's words. */
static int finish_transfer(struct transfer *t)
{
	long status = 0;

	curl_easy_getinfo(t->h, CURLINFO_RESPONSE_CODE, &status);
	if (t->failed && !t->reply.handler_rc && t->reply.js.err[0] && status / 100 == 2)
		return error("%s: not a reply of the query API: %s", t->what, t->reply.js.err);
	if (t->rc != CURLE_OK && !t->failed)
		return error("%s: %s", t->what, t->err[0] ? t->err : curl_easy_strerror(t->rc));
	return prom_reply_finish(&t->reply, status, &t->head);
}

/* Waits for the head transfer to end; returns its outcome. */
static int wait_head(struct prom_client *c, struct transfer *head)
{
	int running, left;
	CURLMsg *m;

	while (!head->done) {
		curl_multi_perform(c->multi, &running);
		while ((m = curl_multi_info_read(c->multi, &left))) {
			struct transfer *t;

			if (m->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&t);
			t->done = true;
			t->rc = m->data.result;
		}
		if (!head->done && curl_multi_poll(c->multi, NULL, 0, 1000, NULL) != CURLM_OK)
			return error("%s: libcurl's multi interface failed", head->what);
	}
	return finish_transfer(head);
}

int prom_run(struct prom_client *c, const struct prom_query *q, size_t n)
{
	struct cursor cur = { q, n, 0, INT64_MIN };
	struct transfer t[2];
	struct strbuf form = STRBUF_INIT;
	const struct prom_query *which;
	int h = 0, rc, ret = 0;

	memset(t, 0, sizeof(t));
	if (next_request(c, &cur, c->easy[0], &form, &which))
		start_transfer(c, &t[0], c->easy[0], which->kind == PROM_RANGE ? "/api/v1/query_range" :
			       "/api/v1/query", &form, which->h, true);
	while (t[h].active) {
		if (next_request(c, &cur, c->easy[!h], &form, &which))
			start_transfer(c, &t[!h], c->easy[!h], which->kind == PROM_RANGE ?
				       "/api/v1/query_range" : "/api/v1/query", &form, which->h, false);
		rc = wait_head(c, &t[h]);
		end_transfer(c, &t[h]);
		if (rc < 0) {
			ret = -1;
			break;
		}
		if (rc > 0)
			ret = 1;
		h = !h;
		if (t[h].active) {
			t[h].is_head = true;
			curl_easy_pause(t[h].h, CURLPAUSE_CONT);
		}
	}
	end_transfer(c, &t[0]);
	end_transfer(c, &t[1]);
	strbuf_release(&form);
	return ret;
}

/* A one-off GET of path with the form as its query; the reply read into r. 0, or -1 after an error. */
static int one_off(struct prom_client *c, const char *path, const struct strbuf *form, struct reply *r,
		   struct strbuf *head)
{
	char *url = xasprintf("%s%s?%s", c->base, path, form->buf);
	int ret = 0;

	/* GET: Prometheus 2.42 takes no POST for label values. */
	c->http.body_max = SIZE_MAX;
	if (http_get(&c->http, url, c->timeout) < 0) {
		ret = error("%s: %s", c->base, c->http.err);
	} else {
		json_stream_feed(&r->js, c->http.body.buf, c->http.body.len);
		strbuf_add(head, c->http.body.buf, c->http.body.len < HEAD_BYTES ? c->http.body.len : HEAD_BYTES);
	}
	strbuf_reset(&c->http.body);
	free(url);
	return ret;
}

int prom_series_exist(struct prom_client *c, const char *selector)
{
	struct strbuf form = STRBUF_INIT, head = STRBUF_INIT;
	struct reply r;
	int ret;

	add_param(&form, c->http.curl, "match[]", selector);
	prom_reply_init(&r, c->base, NULL);
	ret = one_off(c, "/api/v1/series", &form, &r, &head);
	if (!ret)
		ret = prom_reply_finish(&r, c->http.status, &head) < 0 ? -1 : r.nseries > 0;
	prom_reply_release(&r);
	strbuf_release(&form);
	strbuf_release(&head);
	return ret;
}

int prom_label_values(struct prom_client *c, const char *label, const char *match, double start,
		      double end, char ***values, size_t *n)
{
	struct strbuf form = STRBUF_INIT, head = STRBUF_INIT;
	char *path = xasprintf("/api/v1/label/%s/values", label);
	struct reply r;
	int ret;

	*values = NULL;
	*n = 0;
	if (match)
		add_param(&form, c->http.curl, "match[]", match);
	if (start < end) {
		strbuf_addf(&form, "%sstart=%.3f&end=%.3f", form.len ? "&" : "", start, end);
	}
	prom_reply_init(&r, c->base, NULL);
	ret = one_off(c, path, &form, &r, &head);
	if (!ret && prom_reply_finish(&r, c->http.status, &head) < 0)
		ret = -1;
	if (!ret) {
		*values = r.values;
		*n = r.nvalues;
		r.values = NULL;
		r.nvalues = 0;
	}
	prom_reply_release(&r);
	strbuf_release(&form);
	strbuf_release(&head);
	free(path);
	return ret;
}
