/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hr-sample --off-cpu and --wall (offcpu.c): the time each thread spends
 * switched out, charged to its stack at the switch-out.
 */
#ifndef HR_SAMPLE_OFFCPU_H
#define HR_SAMPLE_OFFCPU_H

#include <linux/perf_event.h>
#include <stdbool.h>
#include <stdint.h>

#include "headroom/stackmap.h"
#include "stacks.h"

/*
 * The user stack copied at each switch-out unless --stack-size says: the
 * kernel copies it in the switching thread, so that at 10,000 switches a
 * second 64 KiB copies cost the target ~10 % and fill the rings four times
 * as fast (bench-offcpu.sh), while a blocking call's stack rarely needs more.
 */
#define OFFCPU_STACK_SIZE 16384

/* The leaf frame --wall puts on waiting stacks. */
#define OFFCPU_FRAME "[off-cpu]"

struct offcpu_thread;
struct offcpu_event;

struct offcpu {
	struct sampler *s;		/* folds the stacks; its map gets the times */
	bool wall;			/* add the OFFCPU_FRAME leaf */
	bool delegate;			/* pass side-band records on to the sampler */
	uint64_t min_ns, max_ns;	/* blocked periods counted: [min, max] */
	struct stackmap lines;		/* switch-out stacks, interned */
	struct offcpu_event *ev;	/* this drain's switches, sorted at the flush */
	size_t nev, aev;
	struct offcpu_thread *threads;	/* open addressing by tid */
	size_t nthreads, athreads;
	/* what the summary says */
	uint64_t switch_outs, blocks, filtered, unmatched, open_at_end, lost;
	double blocked_ns;
};

/*
 * The event that takes a sample at every switch-out of a thread, and
 * PERF_RECORD_SWITCH at every switch-in, made from the on-CPU event base
 * (its sample type, stack copy and targets). With sideband false it leaves
 * the mappings and names to another event (--wall), keeping exits.
 */
void offcpu_attr(const struct perf_event_attr *base, bool sideband, struct perf_event_attr *attr);

void offcpu_init(struct offcpu *oc, struct sampler *s, bool wall, bool delegate);
void offcpu_release(struct offcpu *oc);
/* A perf_record_fn for the off-CPU event's rings (data is the offcpu). */
void offcpu_handle_record(const struct perf_event_header *h, void *data);
/* Matches the switches of the records handled so far; call after each drain. */
void offcpu_flush(struct offcpu *oc);
/*
 * Counts the threads still switched out at end_ns (CLOCK_MONOTONIC, when
 * sampling stopped) as blocked until then, as --wall must to add up.
 */
void offcpu_finish(struct offcpu *oc, uint64_t end_ns);
/* One line on standard error: switches, blocked time, filtered, lost. */
void offcpu_print_summary(const struct offcpu *oc);
/*
 * Copies the stacks of in to out with counts rounded to whole microseconds
 * (in counts µs with fractions), leaving out those that round to zero.
 */
void offcpu_round(const struct stackmap *in, struct stackmap *out);

#endif
