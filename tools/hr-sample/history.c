// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-sample --db: the sampled stacks written into the SQLite history per
 * time window, labelled by host, command (the root frame) and cgroup.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "headroom/alloc.h"
#include "headroom/error.h"
#include "headroom/labels.h"
#include "history.h"
#include "stacks.h"

static int64_t window_of(const struct history *h)
{
	int64_t now = (int64_t)time(NULL);

	return now - (now % h->window + h->window) % h->window;
}

void history_open(struct history *h, const char *path, int64_t window, const char *unit)
{
	char host[256];

	memset(h, 0, sizeof(*h));
	if (db_open(&h->db, path, DB_CREATE) < 0)
		exit(2);	/* db_open has said why */
	h->window = window;
	h->unit = unit;
	h->cur = window_of(h);
	if (gethostname(host, sizeof(host)) < 0)
		strcpy(host, "localhost");
	host[sizeof(host) - 1] = '\0';
	h->host = xstrdup(host);
	stackmap_init(&h->whole);
	stackmap_init(&h->stored);
}

bool history_window_over(struct history *h)
{
	return window_of(h) != h->cur;
}

/* The labels of a line "CGROUP\x1fcommand;...", into labels; the stack's start. */
static const char *line_labels(const struct history *h, const struct stackmap_entry *e,
			       struct strbuf *labels, struct strbuf *tmp)
{
	const char *sep = memchr(e->key, STACKS_CGROUP_SEP, e->len);
	const char *stack = sep ? sep + 1 : e->key;
	size_t rootlen = strcspn(stack, ";");

	strbuf_reset(labels);
	strbuf_reset(tmp);
	strbuf_add(tmp, e->key, sep ? (size_t)(sep - e->key) : 0);
	labels_add(labels, "cgroup", tmp->buf);
	strbuf_reset(tmp);
	strbuf_add(tmp, stack, rootlen);
	labels_add(labels, "command", tmp->buf);
	labels_add(labels, "host", h->host);
	labels_add(labels, "unit", h->unit);
	return stack;
}

/*
 * The whole units of line e to store in this window: the run's count of the
 * line so far rounded, less what earlier windows stored. Counts of samples
 * are whole already.
 */
static double window_count(struct history *h, const struct stackmap_entry *e)
{
	struct stackmap_entry *c;
	double v;

	if (strcmp(h->unit, "us"))
		return e->count[0];
	c = stackmap_add(&h->stored, e->key, e->len, e->count[0], 0);
	v = nearbyint(c->count[0]) - c->count[1];

	c->count[1] += v;
	return v;
}

/* Splits stacks into one map per label set; groups[i] holds the labels' maps. */
static size_t group_stacks(struct history *h, const struct stackmap *stacks,
			   struct stackmap *names, struct stackmap **groups)
{
	struct strbuf labels = STRBUF_INIT, tmp = STRBUF_INIT;
	size_t i, n = 0, alloc = 0;

	*groups = NULL;
	for (i = 0; i < stacks->nr; i++) {
		const struct stackmap_entry *e = &stacks->entries[i];
		const char *stack = line_labels(h, e, &labels, &tmp);
		size_t len = e->len - (size_t)(stack - e->key), g;
		struct stackmap_entry *ge = stackmap_add(names, labels.buf, labels.len, 0, 0);

		if (ge->count[0] == 0) {
			ALLOC_GROW(*groups, n + 1, alloc);
			stackmap_init(&(*groups)[n]);
			ge->count[0] = (double)++n;
		}
		g = (size_t)ge->count[0] - 1;
		stackmap_add(&h->whole, stack, len, e->count[0], 0);
		stackmap_add(&(*groups)[g], stack, len, window_count(h, e), 0);
	}
	strbuf_release(&labels);
	strbuf_release(&tmp);
	return n;
}

void history_flush(struct history *h, struct stackmap *stacks)
{
	struct stackmap names, *groups;
	size_t n, i;
	int rc;

	stackmap_init(&names);
	n = group_stacks(h, stacks, &names, &groups);
	rc = n ? db_begin(&h->db) : 0;
	for (i = 0; i < n && !rc; i++)
		rc = db_profile_add(&h->db, h->cur, h->window, names.entries[i].key, &groups[i],
				    h->modules);
	if (n && !rc)
		rc = db_commit(&h->db);
	else if (rc)
		db_rollback(&h->db);
	if (rc)
		h->failed++;
	else if (n)
		h->windows++;
	for (i = 0; i < n; i++)
		stackmap_release(&groups[i]);
	free(groups);
	stackmap_release(&names);
	stackmap_release(stacks);
	stackmap_init(stacks);
	h->cur = window_of(h);
}

void history_close(struct history *h)
{
	db_close(&h->db);
	stackmap_release(&h->whole);
	stackmap_release(&h->stored);
	free(h->host);
}
