/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Private to remote-write.c (building and sending requests) and
 * remote-push.c (what hr-record and hr-query push, and the marks).
 */
#ifndef HEADROOM_REMOTE_IMPL_H
#define HEADROOM_REMOTE_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include "remote-write.pb-c.h"

#include "headroom/http.h"
#include "headroom/remote.h"
#include "headroom/strbuf.h"

/* The specification's stale marker: a NaN no arithmetic produces. */
#define STALE_NAN_BITS 0x7ff0000000000002ULL

/* A series' label set, ready for a TimeSeries; n == 0: not sendable. */
struct rseries {
	Prometheus__Label *label;
	Prometheus__Label **labels;
	size_t n;
	char *text;			/* the names and values the labels point into */
	uint8_t *packed;		/* a TimeSeries of these labels alone, packed */
	size_t npacked;
};

/* The samples of one series in the request being built. */
struct slot {
	int64_t id;
	const uint8_t *labels;		/* the series' packed labels (its rseries') */
	size_t nlabels;
	Prometheus__TimeSeries ts;	/* the samples alone */
	Prometheus__Sample *samples;
	Prometheus__Sample **ptrs;
	size_t alloc;
};

/* A request being built: each series once, its samples in time order. */
struct request {
	struct slot *slots;
	size_t nslots, aslots;
	uint32_t *slot_of;		/* series id -> slot + 1 */
	size_t nslot_of;
	size_t nsamples;
	int64_t first, last;		/* times of its samples, seconds */
	struct strbuf pb, body;		/* protobuf, then snappy */
};

void rw_request_add(struct request *q, const struct rseries *r, int64_t id, int64_t ts_ms, double value);
void rw_request_encode(struct request *q);
void rw_request_reset(struct request *q);
void rw_request_release(struct request *q);

/* A session with one remote (remote.h). */
/*
 * Where a remote's push stands: the (time, series id) of the last sample the
 * server answered for, in the samples' own order. An id of INT64_MAX means
 * every sample of that time: the snapshot was sent whole, and count says
 * how many samples it had (-1: not known).
 */
struct mark {
	int64_t ts, id, count;
};

struct remote {
	struct db *db;
	const struct remote_options *o;
	struct remote_stats *st;
	struct http_client http;
	double deadline;		/* monotonic; +inf: none */
	struct rseries *series;		/* by id */
	unsigned char *known;		/* by id: 0 unknown, 1 in series[], 2 sent too */
	size_t nseries;
	bool warned_skip;
	struct request q;
	struct strbuf why;		/* why the last send failed */
	/* The series of the snapshot at the mark, as the last push left them
	 * (a recorder that runs on need not read them again). */
	int64_t *mark_ids;
	size_t nmark_ids;
	int64_t mark_ts;
	bool url_saved;			/* save_mark() wrote the URL beside the mark */
	int lock_fd;			/* the push lock's file; -1 not opened, -2 none */
	bool pending;			/* a mark waits for remote_save_mark() */
	struct mark pending_mark;
	uint64_t pending_dropped;
};

enum send_result { SENT, DROPPED, FAILED };

/* Starts a push: its budget (seconds, 0: none) and its statistics. */
void rw_push_start(struct remote *p, double budget, struct remote_stats *st);
/* The series as the engines name it (loading series created meanwhile);
 * NULL when it cannot be sent. */
const struct rseries *rw_series_of(struct remote *p, int64_t id);
/* Encodes and sends the request built so far (SENT when empty); resets it
 * unless FAILED, when p->why says why. */
enum send_result rw_flush(struct remote *p);
/* Seconds left of the budget. */
double rw_time_left(const struct remote *p);
size_t rw_batch_size(const struct remote_options *o);

#endif
