/* SPDX-License-Identifier: GPL-3.0-or-later */
/* perf_event_open: event names, the per-CPU ring buffers, reading records. */
#ifndef HR_SAMPLE_PERF_H
#define HR_SAMPLE_PERF_H

#include <linux/perf_event.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct perf_ring {
	int fd;			/* the event whose buffer this is, or -1 */
	void *base;
	size_t map_len;
	struct perf_event_mmap_page *meta;
	unsigned char *data;
	size_t size;
};

struct perf_set {
	struct perf_event_attr attr;
	int ncpus;
	size_t ring_pages;		/* of each ring from now on */
	size_t want_pages;		/* asked for; more than ring_pages when limited */
	size_t min_pages;
	struct perf_ring *rings;	/* one per CPU */
	int *fds;
	size_t nfds, afds;
	unsigned char *scratch;		/* a record that wraps the ring */
	struct side_record *side;	/* side-band records of one drain, by time */
	size_t nside, aside;
	unsigned char *side_buf;
	size_t side_len, side_alloc;
	struct perf_set *next;		/* opened and enabled with this one, or NULL */
};

/* 0 and the type and config of a named event, or -1. */
int perf_event_by_name(const char *name, uint32_t *type, uint64_t *config);
/* The names perf_event_by_name() knows, space-separated. */
const char *perf_event_names(void);
/* kernel.perf_event_paranoid (2 when unreadable). */
int perf_paranoid(void);
/* Whether this process has CAP_PERFMON or CAP_SYS_ADMIN in effect. */
bool perf_capable(void);

/*
 * Rings of ring_pages data pages (a power of two) a CPU, fewer when the
 * locked-memory limits allow no more: see want_pages and ring_pages. Sets
 * the wakeup watermark of a watermark attr to an eighth of a ring.
 */
void perf_set_init(struct perf_set *s, const struct perf_event_attr *attr, int ncpus,
		   size_t ring_pages);
/*
 * Opens the event for pid (a task, -1 for all, or a cgroup fd with
 * PERF_FLAG_PID_CGROUP) on every CPU. Returns the number of events opened,
 * or -1 with errno set and *err_cpu the CPU that failed. Then opens the
 * next set's event for pid the same way.
 */
int perf_set_add(struct perf_set *s, pid_t pid, unsigned long flags, int *err_cpu);
/* Enables or disables the events of the set and of the next. */
void perf_set_enable(struct perf_set *s, bool on);
void perf_set_release(struct perf_set *s);

typedef void (*perf_record_fn)(const struct perf_event_header *h, void *data);
/* Calls fn for each record in the rings: non-sample records first, then samples. */
void perf_set_drain(struct perf_set *s, perf_record_fn fn, void *data);
/* The CPU whose ring the record at hand of perf_set_drain() came from; -1 outside. */
int perf_drain_cpu(void);

#endif
