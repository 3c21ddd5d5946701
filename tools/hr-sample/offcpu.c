// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Off-CPU time: a sample at each switch-out (the software event
 * context-switches, period 1, fires in the switching-out thread with its
 * kernel and user stacks) paired with the PERF_RECORD_SWITCH of the same
 * thread's next switch-in; the time between is charged to the sample's stack.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "headroom/alloc.h"
#include "offcpu.h"

enum { EV_OUT, EV_IN, EV_EXIT };

struct offcpu_event {
	uint32_t tid;
	int kind;
	uint64_t time;
	const char *line;		/* EV_OUT: the interned stack */
	size_t len;
};

/*
 * What is known of a thread between drains: at most one switch-out waiting
 * for its switch-in, and one switch-in that came without a switch-out (its
 * sample may sit in a CPU's ring read before the switch happened, to come
 * with the next drain).
 */
struct offcpu_thread {
	uint32_t tid;			/* 0: free slot */
	bool open, exited;
	uint64_t out_time, orphan_in;
	const char *line;
	size_t len;
};

void offcpu_attr(const struct perf_event_attr *base, bool sideband, struct perf_event_attr *attr)
{
	*attr = *base;
	attr->type = PERF_TYPE_SOFTWARE;
	attr->config = PERF_COUNT_SW_CONTEXT_SWITCHES;
	attr->freq = 0;
	attr->sample_period = 1;
	attr->context_switch = 1;
	/* The clock of clock_gettime(), to close the periods still open at the end. */
	attr->use_clockid = 1;
	attr->clockid = CLOCK_MONOTONIC;
	/* Switches happen in the kernel: an event that excludes it never fires. */
	attr->exclude_kernel = 0;
	/*
	 * No wake-up for each switch-out, even where on-CPU samples have one
	 * for their Python frames: at 10,000 switches a second the wake-ups
	 * alone slowed the target by a tenth. A switch-out's stack stays as it
	 * was while its thread is blocked, so the ring's watermark serves, and
	 * with an interpreter in the target the sampling loop's short tick
	 * (main.c) reads the rings within milliseconds.
	 */
	attr->watermark = 1;
	if (!sideband) {
		attr->mmap = attr->mmap2 = 0;
		attr->comm = attr->comm_exec = 0;
	}
}

void offcpu_init(struct offcpu *oc, struct sampler *s, bool wall, bool delegate)
{
	memset(oc, 0, sizeof(*oc));
	oc->s = s;
	oc->wall = wall;
	oc->delegate = delegate;
	oc->max_ns = UINT64_MAX;
	stackmap_init(&oc->lines);
}

void offcpu_release(struct offcpu *oc)
{
	stackmap_release(&oc->lines);
	free(oc->ev);
	free(oc->threads);
}

static void push_event(struct offcpu *oc, uint32_t tid, int kind, uint64_t time)
{
	struct offcpu_event *e;

	ALLOC_GROW(oc->ev, oc->nev + 1, oc->aev);
	e = &oc->ev[oc->nev++];
	*e = (struct offcpu_event){ .tid = tid, .kind = kind, .time = time };
}

/* A switch-out: the stack now, interned until its switch-in comes. */
static void handle_switch_out(struct offcpu *oc, const struct perf_event_header *h)
{
	struct sampler *s = oc->s;
	const struct stackmap_entry *e;
	struct sample_id id;

	if (!sampler_fold_sample(s, h, &id) || !id.tid)
		return;
	oc->switch_outs++;
	if (oc->wall)
		strbuf_addstr(&s->line, ";" OFFCPU_FRAME);
	e = stackmap_add(&oc->lines, s->line.buf, s->line.len, 0, 0);
	push_event(oc, id.tid, EV_OUT, id.time);
	oc->ev[oc->nev - 1].line = e->key;
	oc->ev[oc->nev - 1].len = e->len;
}

/*
 * SWITCH and SWITCH_CPU_WIDE end with the sample_id of the task switched
 * (TID then TIME: pid, tid, time); only switch-ins matter here.
 */
static void handle_switch(struct offcpu *oc, const struct perf_event_header *h)
{
	const unsigned char *body = (const unsigned char *)(h + 1);
	size_t len = h->size - sizeof(*h);
	uint32_t tid;
	uint64_t time;

	if ((h->misc & PERF_RECORD_MISC_SWITCH_OUT) || len < 16)
		return;
	memcpy(&tid, body + len - 12, 4);
	memcpy(&time, body + len - 8, 8);
	if (tid)
		push_event(oc, tid, EV_IN, time);
}

/* EXIT: pid, ppid, tid, ptid, time. A thread gone is blocked no longer. */
static void handle_exit(struct offcpu *oc, const struct perf_event_header *h)
{
	const unsigned char *body = (const unsigned char *)(h + 1);
	uint32_t tid;
	uint64_t time;

	if (h->size - sizeof(*h) < 24)
		return;
	memcpy(&tid, body + 8, 4);
	memcpy(&time, body + 16, 8);
	push_event(oc, tid, EV_EXIT, time);
}

void offcpu_handle_record(const struct perf_event_header *h, void *data)
{
	struct offcpu *oc = data;
	const unsigned char *body = (const unsigned char *)(h + 1);
	uint64_t lost;

	switch (h->type) {
	case PERF_RECORD_SAMPLE:
		handle_switch_out(oc, h);
		return;
	case PERF_RECORD_SWITCH:
	case PERF_RECORD_SWITCH_CPU_WIDE:
		handle_switch(oc, h);
		return;
	case PERF_RECORD_EXIT:
		handle_exit(oc, h);
		break;
	case PERF_RECORD_LOST:
	case PERF_RECORD_LOST_SAMPLES:
		/* LOST: id, lost; LOST_SAMPLES: lost */
		if (h->size >= sizeof(*h) + 16 || (h->type == PERF_RECORD_LOST_SAMPLES &&
						   h->size >= sizeof(*h) + 8)) {
			memcpy(&lost, body + (h->type == PERF_RECORD_LOST ? 8 : 0), 8);
			oc->lost += lost;
		}
		break;
	default:
		break;
	}
	if (oc->delegate)
		sampler_handle_record(h, oc->s);
}

/* ---- pairing switch-outs with switch-ins ---- */

static struct offcpu_thread *find_thread(struct offcpu *oc, uint32_t tid)
{
	size_t mask, i;

	if ((oc->nthreads + 1) * 2 > oc->athreads) {
		struct offcpu_thread *old = oc->threads;
		size_t n = oc->athreads, j;

		oc->athreads = n ? n * 2 : 64;
		oc->threads = xcalloc(oc->athreads, sizeof(*oc->threads));
		oc->nthreads = 0;
		for (j = 0; j < n; j++)
			if (old[j].tid)
				*find_thread(oc, old[j].tid) = old[j];
		free(old);
	}
	mask = oc->athreads - 1;
	for (i = (tid * 2654435761u) & mask; oc->threads[i].tid; i = (i + 1) & mask)
		if (oc->threads[i].tid == tid)
			return &oc->threads[i];
	oc->threads[i].tid = tid;
	oc->nthreads++;
	return &oc->threads[i];
}

static void count_block(struct offcpu *oc, const char *line, size_t len, uint64_t ns)
{
	oc->blocks++;
	if (ns < oc->min_ns || ns > oc->max_ns) {
		oc->filtered++;
		return;
	}
	oc->blocked_ns += (double)ns;
	stackmap_add(&oc->s->stacks, line, len, (double)ns / 1000, 0);
}

static void apply_event(struct offcpu *oc, struct offcpu_thread *t, const struct offcpu_event *e)
{
	switch (e->kind) {
	case EV_OUT:
		if (t->open)
			oc->unmatched++;	/* its switch-in was lost */
		t->exited = false;
		t->line = e->line;
		t->len = e->len;
		if (t->orphan_in > e->time) {
			count_block(oc, e->line, e->len, t->orphan_in - e->time);
			t->open = false;
		} else {
			t->open = true;
			t->out_time = e->time;
		}
		t->orphan_in = 0;
		break;
	case EV_IN:
		if (t->open && e->time > t->out_time) {
			count_block(oc, t->line, t->len, e->time - t->out_time);
			t->open = false;
		} else {
			t->orphan_in = e->time;
		}
		break;
	default:
		t->open = false;
		t->exited = true;
		t->orphan_in = 0;
		break;
	}
}

static int event_cmp(const void *a, const void *b)
{
	const struct offcpu_event *x = a, *y = b;

	if (x->tid != y->tid)
		return x->tid < y->tid ? -1 : 1;
	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return x->kind - y->kind;
}

void offcpu_flush(struct offcpu *oc)
{
	size_t i;

	qsort(oc->ev, oc->nev, sizeof(*oc->ev), event_cmp);
	for (i = 0; i < oc->nev; i++)
		apply_event(oc, find_thread(oc, oc->ev[i].tid), &oc->ev[i]);
	oc->nev = 0;
}

void offcpu_finish(struct offcpu *oc, uint64_t end_ns)
{
	size_t i;

	offcpu_flush(oc);
	for (i = 0; i < oc->athreads; i++) {
		struct offcpu_thread *t = &oc->threads[i];

		if (!t->tid || !t->open || t->exited || end_ns <= t->out_time)
			continue;
		oc->open_at_end++;
		count_block(oc, t->line, t->len, end_ns - t->out_time);
		t->open = false;
	}
}

void offcpu_print_summary(const struct offcpu *oc)
{
	fprintf(stderr, "hr-sample: off-CPU: %" PRIu64 " switch-outs, %" PRIu64 " lost events; "
		"%" PRIu64 " blocked periods (%" PRIu64 " still blocked at the end), %.3fs in "
		"total; %" PRIu64 " outside --min-block/--max-block, %" PRIu64 " without a "
		"switch-in\n", oc->switch_outs, oc->lost, oc->blocks, oc->open_at_end,
		oc->blocked_ns / 1e9, oc->filtered, oc->unmatched);
}

void offcpu_round(const struct stackmap *in, struct stackmap *out)
{
	size_t i;

	for (i = 0; i < stackmap_size(in); i++) {
		const struct stackmap_entry *e = &in->entries[i];
		double v = nearbyint(e->count[0]);

		if (v > 0)
			stackmap_add(out, e->key, e->len, v, 0);
	}
}
