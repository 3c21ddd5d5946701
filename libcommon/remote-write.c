// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Prometheus remote write 1.0 (remote.h): the history's samples, oldest
 * first, as protobuf WriteRequests compressed with snappy, with the
 * specification's retries, a time budget and a per-remote mark.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include <snappy-c.h>

#include "headroom/alloc.h"
#include "headroom/error.h"
#include "headroom/labels.h"
#include "headroom/progress.h"
#include "headroom/remote.h"
#include "headroom/units.h"
#include "remote-impl.h"

#define DEFAULT_BATCH 10000
#define DEFAULT_ATTEMPTS 10
#define REQUEST_TIMEOUT 30.0	/* seconds, at most, for one request */
#define BACKOFF_FIRST 0.03	/* Prometheus's own min_backoff and max_backoff */
#define BACKOFF_MAX 5.0

static const char *const request_headers[] = {
	"Content-Encoding: snappy",
	"X-Prometheus-Remote-Write-Version: 0.1.0",
	NULL
};

/* --- series as the engines name them --------------------------------------- */

struct kv {
	char *key, *value;
};

static void collect_kv(const char *key, const char *value, void *arg)
{
	struct { struct kv *v; size_t n, alloc; } *l = arg;

	ALLOC_GROW(l->v, l->n + 1, l->alloc);
	l->v[l->n].key = xstrdup(key);
	l->v[l->n].value = xstrdup(value);
	l->n++;
}

static int cmp_kv(const void *a, const void *b)
{
	return strcmp(((const struct kv *)a)->key, ((const struct kv *)b)->key);
}

/*
 * A series' labels are the same in every request: protobuf-c packs them once,
 * as a TimeSeries with no samples. A TimeSeries' encoding followed by another's
 * is their merge (protobuf appends repeated fields), so a request's entry is
 * these bytes followed by a TimeSeries of the request's samples alone.
 */
static void pack_labels(struct rseries *r)
{
	Prometheus__TimeSeries ts = PROMETHEUS__TIME_SERIES__INIT;

	ts.labels = r->labels;
	ts.n_labels = r->n;
	r->npacked = prometheus__time_series__get_packed_size(&ts);
	r->packed = xmalloc(r->npacked);
	prometheus__time_series__pack(&ts, r->packed);
}

/*
 * The label set of name{labels}: "__name__" and the labels, sorted bytewise
 * as the specification wants (with strcmp: "__name__" is not always first),
 * empty values left out. Returns -1 when a label name cannot be sent.
 */
static int make_rseries(struct rseries *r, const char *name, const char *labels)
{
	struct { struct kv *v; size_t n, alloc; } l = { 0 };
	struct strbuf text = STRBUF_INIT, metric = STRBUF_INIT;
	size_t i, k = 0, *off;
	int ret = 0;

	memset(r, 0, sizeof(*r));
	labels_each(labels, collect_kv, &l);
	prom_name_encode(&metric, name);
	collect_kv("__name__", metric.buf, &l);
	strbuf_release(&metric);
	qsort(l.v, l.n, sizeof(*l.v), cmp_kv);
	off = xcalloc(2 * l.n, sizeof(*off));
	for (i = 0; i < l.n && !ret; i++) {
		if (strcmp(l.v[i].key, "__name__") && !prom_label_name_ok(l.v[i].key))
			ret = -1;
		if (!*l.v[i].value)
			continue;
		off[2 * k] = text.len;
		strbuf_add(&text, l.v[i].key, strlen(l.v[i].key) + 1);
		off[2 * k + 1] = text.len;
		prom_label_value(&text, l.v[i].value);
		strbuf_addch(&text, '\0');
		k++;
	}
	if (!ret) {
		r->text = strbuf_detach(&text, NULL);
		r->label = xcalloc(k, sizeof(*r->label));
		r->labels = xcalloc(k, sizeof(*r->labels));
		for (i = 0; i < k; i++) {
			prometheus__label__init(&r->label[i]);
			r->label[i].name = r->text + off[2 * i];
			r->label[i].value = r->text + off[2 * i + 1];
			r->labels[i] = &r->label[i];
		}
		r->n = k;
		pack_labels(r);
	}
	for (i = 0; i < l.n; i++) {
		free(l.v[i].key);
		free(l.v[i].value);
	}
	free(l.v);
	free(off);
	strbuf_release(&text);
	return ret;
}

static void free_rseries(struct rseries *r)
{
	FREE_ALL(r->label, r->labels, r->text, r->packed);
}

/* --- one request ------------------------------------------------------------ */

void rw_request_reset(struct request *q)
{
	size_t i;

	for (i = 0; i < q->nslots; i++)
		q->slot_of[q->slots[i].id] = 0;
	q->nslots = 0;
	q->nsamples = 0;
}

void rw_request_add(struct request *q, const struct rseries *r, int64_t id, int64_t ts_ms,
			double value)
{
	struct slot *s;
	Prometheus__Sample *smp;

	if ((size_t)id >= q->nslot_of) {
		size_t old = q->nslot_of;

		q->nslot_of = (size_t)id * 2 + 64;
		q->slot_of = xreallocarray(q->slot_of, q->nslot_of, sizeof(*q->slot_of));
		memset(q->slot_of + old, 0, (q->nslot_of - old) * sizeof(*q->slot_of));
	}
	if (!q->slot_of[id]) {
		size_t old = q->aslots;

		ALLOC_GROW(q->slots, q->nslots + 1, q->aslots);
		/* Slots past nslots keep their arrays for the next request. */
		memset(q->slots + old, 0, (q->aslots - old) * sizeof(*q->slots));
		s = &q->slots[q->nslots];
		s->id = id;
		s->labels = r->packed;
		s->nlabels = r->npacked;
		prometheus__time_series__init(&s->ts);
		q->slot_of[id] = (uint32_t)++q->nslots;
	}
	s = &q->slots[q->slot_of[id] - 1];
	if (s->ts.n_samples == s->alloc) {
		size_t i;

		s->alloc = s->alloc ? 2 * s->alloc : 16;
		s->samples = xreallocarray(s->samples, s->alloc, sizeof(*s->samples));
		s->ptrs = xreallocarray(s->ptrs, s->alloc, sizeof(*s->ptrs));
		/* The samples moved: point at their new places. */
		for (i = 0; i < s->ts.n_samples; i++)
			s->ptrs[i] = &s->samples[i];
	}
	smp = &s->samples[s->ts.n_samples];
	prometheus__sample__init(smp);
	smp->timestamp = ts_ms;
	smp->value = value;
	s->ptrs[s->ts.n_samples++] = smp;
	s->ts.samples = s->ptrs;
	if (!q->nsamples || ts_ms / 1000 < q->first)
		q->first = ts_ms / 1000;
	if (!q->nsamples || ts_ms / 1000 > q->last)
		q->last = ts_ms / 1000;
	q->nsamples++;
}

/*
 * Packs the request into q->pb: per series, WriteRequest's timeseries key
 * (from the compiled descriptor), the entry's length, the series' packed
 * labels and its samples packed by protobuf-c.
 */
static void pack_request(struct request *q)
{
	static uint8_t key;
	size_t i, len;

	if (!key)
		key = (uint8_t)(protobuf_c_message_descriptor_get_field_by_name(
			&prometheus__write_request__descriptor, "timeseries")->id << 3 |
			PROTOBUF_C_WIRE_TYPE_LENGTH_PREFIXED);
	strbuf_reset(&q->pb);
	for (i = 0; i < q->nslots; i++) {
		struct slot *s = &q->slots[i];

		len = prometheus__time_series__get_packed_size(&s->ts);
		strbuf_addch(&q->pb, (char)key);
		strbuf_add_varint(&q->pb, s->nlabels + len);
		strbuf_add(&q->pb, s->labels, s->nlabels);
		strbuf_grow(&q->pb, len);
		prometheus__time_series__pack(&s->ts, (uint8_t *)q->pb.buf + q->pb.len);
		strbuf_setlen(&q->pb, q->pb.len + len);
	}
}

/* Packs and compresses the request into q->body. */
void rw_request_encode(struct request *q)
{
	size_t clen;

	pack_request(q);
	clen = snappy_max_compressed_length(q->pb.len);
	strbuf_reset(&q->body);
	strbuf_grow(&q->body, clen);
	if (snappy_compress(q->pb.buf, q->pb.len, q->body.buf, &clen) != SNAPPY_OK)
		BUG("snappy_compress failed on %zu bytes", q->pb.len);
	strbuf_setlen(&q->body, clen);
}

void rw_request_release(struct request *q)
{
	size_t i;

	for (i = 0; i < q->aslots; i++)
		FREE_ALL(q->slots[i].samples, q->slots[i].ptrs);
	FREE_ALL(q->slots, q->slot_of);
	strbuf_release(&q->pb);
	strbuf_release(&q->body);
}

int remote_encode_series(struct strbuf *out, const char *name, const char *labels,
			 const int64_t *t_ms, const double *values, size_t n)
{
	struct request q = { .pb = STRBUF_INIT, .body = STRBUF_INIT };
	struct rseries r;
	size_t i;

	if (make_rseries(&r, name, labels) < 0)
		return -1;
	for (i = 0; i < n; i++)
		rw_request_add(&q, &r, 1, t_ms[i], values[i]);
	rw_request_encode(&q);
	strbuf_add(out, q.body.buf, q.body.len);
	rw_request_release(&q);
	free_rseries(&r);
	return 0;
}

/* --- sending ---------------------------------------------------------------- */


static void load_series(struct remote *p)
{
	struct db_series *all;
	size_t n, i, max = 0;

	if (db_list_series(p->db, NULL, false, &all, &n) < 0)
		return;
	for (i = 0; i < n; i++)
		if ((size_t)all[i].id + 1 > max)
			max = (size_t)all[i].id + 1;
	if (max > p->nseries) {
		p->series = xreallocarray(p->series, max, sizeof(*p->series));
		p->known = xreallocarray(p->known, max, sizeof(*p->known));
		memset(p->known + p->nseries, 0, (max - p->nseries) * sizeof(*p->known));
		p->nseries = max;
	}
	for (i = 0; i < n; i++) {
		size_t id = (size_t)all[i].id;

		if (p->known[id])
			continue;
		if (make_rseries(&p->series[id], all[i].name, all[i].labels) < 0 && !p->warned_skip) {
			warning("%s: not sending '%s' and other series whose label names the engines "
				"do not take ([a-zA-Z_][a-zA-Z0-9_]*)", p->o->url, all[i].name);
			p->warned_skip = true;
		}
		p->known[id] = 1;
	}
	db_series_free(all, n);
}

/* The series as the engines name it; NULL when it cannot be sent. */
const struct rseries *rw_series_of(struct remote *p, int64_t id)
{
	if (id < 0)
		return NULL;
	if ((size_t)id >= p->nseries || !p->known[id])
		load_series(p);	/* created since the push began */
	if ((size_t)id >= p->nseries || !p->known[id] || !p->series[id].n)
		return NULL;
	return &p->series[id];
}

double rw_time_left(const struct remote *p)
{
	return p->deadline - monotonic_seconds();
}

static void pause_for(double s)
{
	struct timespec ts;

	if (s <= 0)
		return;
	ts.tv_sec = (time_t)s;
	ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static void report_drop(struct remote *p, struct strbuf *line)
{
	char a[64], b[64];

	format_timestamp_iso(a, sizeof(a), (double)p->q.first);
	format_timestamp_iso(b, sizeof(b), (double)p->q.last);
	warning("%s: HTTP %ld: %s; dropped %zu samples from %s to %s", p->o->url, p->http.status,
		line->len ? line->buf : "(no message)", p->q.nsamples, a, b);
}

/*
 * Sends the encoded request until the server takes it, refuses it for good,
 * or the attempts or the budget run out (the reason then in p->why).
 */
static enum send_result send_request(struct remote *p)
{
	unsigned attempts = p->o->max_attempts ? p->o->max_attempts : DEFAULT_ATTEMPTS, i;
	struct strbuf line = STRBUF_INIT;
	double backoff = BACKOFF_FIRST, left;
	enum send_result r = FAILED;

	for (i = 0; i < attempts; i++) {
		if ((left = rw_time_left(p)) <= 0)
			break;
		if (http_post(&p->http, p->q.body.buf, p->q.body.len, "application/x-protobuf",
			      fmin(left, REQUEST_TIMEOUT)) < 0) {
			strbuf_reset(&p->why);
			strbuf_addstr(&p->why, p->http.err);
		} else if (p->http.status / 100 == 2) {
			r = SENT;
			break;
		} else {
			http_body_first_line(&p->http, &line);
			strbuf_reset(&p->why);
			strbuf_addf(&p->why, "HTTP %ld%s%s", p->http.status, line.len ? ": " : "", line.buf);
			if (p->http.status / 100 == 4 && p->http.status != 429) {
				report_drop(p, &line);
				r = DROPPED;
				break;
			}
			/* 1xx and 3xx: not the specification's; nothing is dropped. */
			if (p->http.status < 400)
				break;
		}
		if (i + 1 < attempts) {
			double wait = p->http.retry_after >= 0 ? p->http.retry_after : backoff;

			pause_for(fmin(wait, rw_time_left(p)));
			backoff = fmin(backoff * 2, BACKOFF_MAX);
		}
	}
	if (r == FAILED && rw_time_left(p) <= 0 && !p->why.len)
		strbuf_addstr(&p->why, "time budget used up");
	strbuf_release(&line);
	return r;
}

struct remote *remote_open(struct db *db, const struct remote_options *o)
{
	struct remote *p = xcalloc(1, sizeof(*p));

	p->db = db;
	p->o = o;
	p->lock_fd = -1;
	p->q.pb = (struct strbuf)STRBUF_INIT;
	p->q.body = (struct strbuf)STRBUF_INIT;
	strbuf_init(&p->why, 0);
	if (http_client_init(&p->http, o->url, &o->http, request_headers) < 0) {
		remote_close(p);
		return NULL;
	}
	/* The server's answer to a write is short; only errors are read. */
	p->http.body_max = 4096;
	return p;
}

void rw_push_start(struct remote *p, double budget, struct remote_stats *st)
{
	memset(st, 0, sizeof(*st));
	p->st = st;
	p->deadline = budget > 0 ? monotonic_seconds() + budget : INFINITY;
	strbuf_reset(&p->why);
	rw_request_reset(&p->q);
	for (size_t i = 0; i < p->nseries; i++)
		if (p->known[i] == 2)
			p->known[i] = 1;	/* counted again in this push's series */
	/* The series are read as rw_series_of() first meets them (a recorder that
	 * runs on reads each once). */
}

void remote_close(struct remote *p)
{
	size_t i;

	if (!p)
		return;
	remote_save_mark(p);
	for (i = 0; i < p->nseries; i++)
		if (p->known[i])
			free_rseries(&p->series[i]);
	free(p->series);
	free(p->known);
	rw_request_release(&p->q);
	free(p->mark_ids);
	if (p->lock_fd >= 0)
		close(p->lock_fd);
	http_client_release(&p->http);
	strbuf_release(&p->why);
	free(p);
}

/* Sends the request built so far and counts it; an empty one is SENT. */
enum send_result rw_flush(struct remote *p)
{
	enum send_result r;
	size_t i;

	if (!p->q.nsamples)
		return SENT;
	rw_request_encode(&p->q);
	r = send_request(p);
	if (r == SENT) {
		p->st->sent += p->q.nsamples;
		p->st->requests++;
		for (i = 0; i < p->q.nslots; i++) {
			if (p->known[p->q.slots[i].id] == 1) {
				p->known[p->q.slots[i].id] = 2;
				p->st->series++;
			}
		}
	} else if (r == DROPPED) {
		p->st->dropped += p->q.nsamples;
	}
	if (r != FAILED)
		rw_request_reset(&p->q);
	return r;
}

size_t rw_batch_size(const struct remote_options *o)
{
	return o->batch ? o->batch : DEFAULT_BATCH;
}
