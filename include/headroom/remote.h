/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Pushing the history to a Prometheus remote-write 1.0 endpoint
 * (Prometheus with --web.enable-remote-write-receiver, VictoriaMetrics,
 * Mimir, Thanos Receive), in libheadroom-prom: a protobuf WriteRequest
 * (proto/remote-write.proto, packed by protobuf-c), compressed with snappy's
 * block format, POSTed with the specification's headers by libcurl.
 *
 * Series are named by labels.h's rule (prom_name_encode(): "headroom_..."),
 * their labels sent as they are stored (the host label included), sorted,
 * empty values left out and bytes that are not UTF-8 sent as U+FFFD. A
 * series with a label name the engines cannot take is not sent (counted in
 * skipped, with one warning). Samples go oldest first across all series, so
 * that a receiver that refuses old samples (Prometheus) takes as much as
 * it can; a request holds up to `batch` samples, each series once.
 *
 * Retries follow the specification: a 5xx or 429 answer or a transport
 * failure sends the same request again after 30 ms, then twice as long each
 * time up to 5 s (or the server's Retry-After), at most max_attempts times
 * and within the time budget; any other 4xx drops the request's samples
 * with a warning quoting the server's first line. The server's words are
 * never interpreted.
 */
#ifndef HEADROOM_REMOTE_H
#define HEADROOM_REMOTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "headroom/db.h"
#include "headroom/http.h"

struct remote_options {
	const char *url;
	struct http_options http;	/* authentication and TLS */
	size_t batch;			/* samples per request; 0: 10,000 */
	unsigned max_attempts;		/* sends of one request per push; 0: 10 */
	/*
	 * A push that sent only what this connection stored since the last one
	 * keeps its mark for remote_save_mark() (a recorder that runs on writes
	 * it in its next snapshot's transaction, not in one of its own).
	 */
	bool mark_later;
};

struct remote_stats {
	uint64_t sent;		/* samples the server took */
	uint64_t dropped;	/* samples it refused with a 4xx (reported) */
	uint64_t skipped;	/* samples of series it cannot name (reported) */
	uint64_t stale;		/* stale markers sent for series that ended */
	uint64_t requests;	/* requests answered 2xx */
	size_t series;		/* distinct series sent */
};

/*
 * A session with one remote: one kept-alive connection and the series'
 * names, for any number of pushes (hr-record --interval pushes after each
 * snapshot). Returns NULL after an error (a bad URL, an unreadable secret
 * file, the database). The options must outlive the session.
 */
struct remote *remote_open(struct db *db, const struct remote_options *o);
void remote_close(struct remote *r);

/*
 * hr-record's push: everything stored after this remote's mark (meta
 * "remote/ID/mark", ID from the URL), oldest first; the mark moves past
 * each request the server answered. A remote seen for the first time starts
 * at `start` (the snapshot just taken): older history goes with
 * remote_push_history(). When a series present at one snapshot is absent
 * at the next, the series gets a stale marker (the specification's NaN) at
 * that time. Pushes of one database are serialised with a lock file beside
 * it ("DB-push.lock"); a push finding another under way leaves the backlog
 * to it. The push stops after budget seconds (0: no limit).
 *
 * Returns 0 when nothing is left to push, 1 when the push stopped early
 * (the server failing, the budget used up) after a warning giving the
 * backlog's size and age — the snapshots stay in the database and the next
 * push sends them — and -1 after an error (the database).
 */
int remote_push_backlog(struct remote *r, int64_t start, double budget, struct remote_stats *st);
/*
 * Writes the mark a push kept (remote_options.mark_later), inside the
 * caller's transaction when one is open; remote_close() writes it too.
 * Until then a run killed meanwhile leaves the mark one push behind, and the
 * next sends those samples again (the engines take a sample sent twice).
 */
int remote_save_mark(struct remote *r);

/*
 * hr-query's backfill: the points of the series ids[0..n) with
 * since <= time <= until, as hr-query prints them (raw samples, and where
 * only hourly roll-ups remain their averages at the start of each hour),
 * oldest first. No mark, no stale markers. Returns 0, 1 when some samples
 * were dropped or skipped (reported), or -1 after an error (the push
 * stopped: the server failing, the budget used up).
 */
int remote_push_history(struct remote *r, const int64_t *ids, size_t n, int64_t since,
			int64_t until, double budget, struct remote_stats *st);

/*
 * The encoder alone, for tests and fuzzing: appends to out the snappy-
 * compressed WriteRequest of one series (engine name and canonical
 * labels) with n samples (times in ms). Returns 0, or -1 when the series
 * cannot be sent (a label name the engines do not take).
 */
int remote_encode_series(struct strbuf *out, const char *name, const char *labels,
			 const int64_t *t_ms, const double *values, size_t n);

#endif
