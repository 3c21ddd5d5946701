// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The perf event set: one event per (task or cgroup, CPU), every event on a
 * CPU writing into that CPU's ring buffer (PERF_EVENT_IOC_SET_OUTPUT), since
 * the kernel refuses to mmap inherited per-task events and per-CPU rings keep
 * the number of buffers at the number of CPUs.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "headroom/alloc.h"
#include "headroom/error.h"
#include "perf.h"

struct event_name {
	const char *name;
	uint32_t type;
	uint64_t config;
};

static const struct event_name events[] = {
	{ "cpu-clock", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK },
	{ "task-clock", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK },
	{ "page-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS },
	{ "faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS },
	{ "minor-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS_MIN },
	{ "major-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS_MAJ },
	{ "context-switches", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES },
	{ "cs", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES },
	{ "cpu-migrations", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_MIGRATIONS },
	{ "cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES },
	{ "cpu-cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES },
	{ "instructions", PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS },
	{ "cache-references", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_REFERENCES },
	{ "cache-misses", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_MISSES },
	{ "branches", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_INSTRUCTIONS },
	{ "branch-instructions", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_INSTRUCTIONS },
	{ "branch-misses", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_MISSES },
	{ "bus-cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BUS_CYCLES },
	{ "ref-cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_REF_CPU_CYCLES },
};

int perf_event_by_name(const char *name, uint32_t *type, uint64_t *config)
{
	size_t i;

	for (i = 0; i < sizeof(events) / sizeof(events[0]); i++) {
		if (!strcmp(events[i].name, name)) {
			*type = events[i].type;
			*config = events[i].config;
			return 0;
		}
	}
	return -1;
}

const char *perf_event_names(void)
{
	return "cpu-clock task-clock page-faults minor-faults major-faults context-switches "
	       "cpu-migrations cycles instructions cache-references cache-misses branches "
	       "branch-misses bus-cycles ref-cycles";
}

int perf_paranoid(void)
{
	FILE *f = fopen("/proc/sys/kernel/perf_event_paranoid", "r");
	int v = 2;

	if (f) {
		if (fscanf(f, "%d", &v) != 1)
			v = 2;
		fclose(f);
	}
	return v;
}

/* Whether capability cap is in effect (CapEff in /proc/self/status). */
static bool have_cap(int cap)
{
	FILE *f = fopen("/proc/self/status", "r");
	unsigned long long eff = 0;
	char line[256];

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "CapEff: %llx", &eff) == 1)
			break;
	fclose(f);
	return eff >> cap & 1;
}

bool perf_capable(void)
{
	return have_cap(CAP_PERFMON) || have_cap(CAP_SYS_ADMIN);
}

/*
 * The data pages a ring may have so that one ring a CPU fits the locked
 * memory the kernel grants perf buffers: without CAP_IPC_LOCK (and at a
 * perf_event_paranoid above -1), kernel.perf_event_mlock_kb a CPU for the
 * user, then RLIMIT_MEMLOCK; a larger mmap fails with EPERM. SIZE_MAX when
 * nothing limits them.
 */
static size_t ring_pages_allowed(int ncpus, size_t page)
{
	FILE *f = fopen("/proc/sys/kernel/perf_event_mlock_kb", "r");
	unsigned long long kb = 516, per_ring;
	struct rlimit rl;
	size_t pages = 1;

	if (f) {
		if (fscanf(f, "%llu", &kb) != 1)
			kb = 516;
		fclose(f);
	}
	if (perf_paranoid() < 0 || have_cap(CAP_IPC_LOCK) || getrlimit(RLIMIT_MEMLOCK, &rl) ||
	    rl.rlim_cur == RLIM_INFINITY)
		return SIZE_MAX;
	per_ring = (kb * 1024 * (unsigned)ncpus + rl.rlim_cur) / (unsigned)ncpus;
	while ((pages * 2 + 1) * page <= per_ring)
		pages *= 2;
	return pages;
}

static int sys_perf_event_open(struct perf_event_attr *attr, pid_t pid, int cpu, int group,
			       unsigned long flags)
{
	return (int)syscall(SYS_perf_event_open, attr, pid, cpu, group, flags);
}

void perf_set_init(struct perf_set *s, const struct perf_event_attr *attr, int ncpus,
		   size_t ring_pages)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), allowed = ring_pages_allowed(ncpus, page);

	memset(s, 0, sizeof(*s));
	s->attr = *attr;
	s->ncpus = ncpus;
	s->want_pages = ring_pages;
	/* A ring holds two samples with their stack copies at the least. */
	s->min_pages = 2;
	while (s->min_pages * page < 2 * ((size_t)attr->sample_stack_user + page))
		s->min_pages *= 2;
	s->ring_pages = ring_pages < allowed ? ring_pages : allowed;
	if (s->ring_pages < s->min_pages)
		s->ring_pages = s->min_pages;
	if (s->attr.watermark)
		s->attr.wakeup_watermark = (uint32_t)(s->ring_pages * page / 8);
	s->rings = xcalloc((size_t)ncpus, sizeof(*s->rings));
	for (int i = 0; i < ncpus; i++)
		s->rings[i].fd = -1;
}

/*
 * Maps the ring of fd. When the locked memory is shared with other
 * processes of the user, less is left than ring_pages_allowed() thought:
 * halve the ring (for this CPU and those after it) until it fits.
 */
static void *ring_map(struct perf_set *s, int fd, size_t page)
{
	for (;;) {
		void *m = mmap(NULL, (s->ring_pages + 1) * page, PROT_READ | PROT_WRITE,
			       MAP_SHARED, fd, 0);

		if (m != MAP_FAILED || errno != EPERM)
			return m;
		if (s->ring_pages <= s->min_pages)
			die("cannot map a ring buffer of %zu KiB for perf events: the locked "
			    "memory allowed is used up (ulimit -l, kernel.perf_event_mlock_kb); "
			    "raise it, or run with CAP_IPC_LOCK", s->ring_pages * page / 1024);
		s->ring_pages /= 2;
	}
}

int perf_set_add(struct perf_set *s, pid_t pid, unsigned long flags, int *err_cpu)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	int cpu, opened = 0, last_errno = 0;

	for (cpu = 0; cpu < s->ncpus; cpu++) {
		struct perf_ring *r = &s->rings[cpu];
		int fd = sys_perf_event_open(&s->attr, pid, cpu, -1, flags | PERF_FLAG_FD_CLOEXEC);

		if (fd < 0) {
			/* An offline CPU is no error; anything else is. */
			if (errno == ENODEV && cpu > 0)
				continue;
			last_errno = errno;
			*err_cpu = cpu;
			break;
		}
		ALLOC_GROW(s->fds, s->nfds + 1, s->afds);
		s->fds[s->nfds++] = fd;
		opened++;
		if (r->fd < 0) {
			void *m = ring_map(s, fd, page);

			if (m == MAP_FAILED) {
				last_errno = errno;
				*err_cpu = cpu;
				break;
			}
			r->fd = fd;
			r->base = m;
			r->meta = m;
			r->data = (unsigned char *)m + page;
			r->size = s->ring_pages * page;
			r->map_len = (s->ring_pages + 1) * page;
		} else if (ioctl(fd, PERF_EVENT_IOC_SET_OUTPUT, r->fd)) {
			last_errno = errno;
			*err_cpu = cpu;
			break;
		}
	}
	if (last_errno) {
		errno = last_errno;
		return -1;
	}
	if (s->next && perf_set_add(s->next, pid, flags, err_cpu) < 0)
		return -1;
	return opened;
}

void perf_set_enable(struct perf_set *s, bool on)
{
	size_t i;

	for (i = 0; i < s->nfds; i++)
		ioctl(s->fds[i], on ? PERF_EVENT_IOC_ENABLE : PERF_EVENT_IOC_DISABLE, 0);
	if (s->next)
		perf_set_enable(s->next, on);
}

void perf_set_release(struct perf_set *s)
{
	size_t i;

	for (i = 0; i < s->nfds; i++)
		close(s->fds[i]);
	for (i = 0; i < (size_t)s->ncpus; i++)
		if (s->rings[i].base)
			munmap(s->rings[i].base, s->rings[i].map_len);
	free(s->fds);
	free(s->rings);
	free(s->scratch);
	free(s->side);
	free(s->side_buf);
	memset(s, 0, sizeof(*s));
}

struct side_record {
	uint64_t time;
	size_t seq, off;
};

static int side_cmp(const void *a, const void *b)
{
	const struct side_record *x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Copies the record at ring offset tail (which may wrap) into dst. */
static void ring_copy(const struct perf_ring *r, uint64_t tail, void *dst, size_t len)
{
	size_t off = (size_t)(tail % r->size);

	if (r->size - off >= len) {
		memcpy(dst, r->data + off, len);
	} else {
		memcpy(dst, r->data + off, r->size - off);
		memcpy((char *)dst + (r->size - off), r->data, len - (r->size - off));
	}
}

/* The header of the record at tail, when one starts there before head. */
static bool ring_record(const struct perf_ring *r, uint64_t tail, uint64_t head,
			struct perf_event_header *hh)
{
	if (tail >= head)
		return false;
	ring_copy(r, tail, hh, sizeof(*hh));
	return hh->size >= sizeof(*hh);
}

/* Copies the side-band records of ring r up to head into s->side_buf, with their times. */
static void collect_side(struct perf_set *s, const struct perf_ring *r, uint64_t head)
{
	struct perf_event_header hh;
	uint64_t tail;

	for (tail = r->meta->data_tail; ring_record(r, tail, head, &hh); tail += hh.size) {
		struct side_record *sr;

		if (hh.type == PERF_RECORD_SAMPLE)
			continue;
		ALLOC_GROW(s->side_buf, s->side_len + hh.size, s->side_alloc);
		ring_copy(r, tail, s->side_buf + s->side_len, hh.size);
		ALLOC_GROW(s->side, s->nside + 1, s->aside);
		sr = &s->side[s->nside];
		sr->seq = s->nside++;
		sr->off = s->side_len;
		sr->time = 0;
		if (hh.size >= sizeof(hh) + 16)
			memcpy(&sr->time, s->side_buf + s->side_len + hh.size - 8, 8);
		s->side_len += hh.size;
	}
}

/* Calls fn for the samples of ring r up to head, in place unless they wrap. */
static void deliver_samples(struct perf_set *s, const struct perf_ring *r, uint64_t head,
			    perf_record_fn fn, void *data)
{
	struct perf_event_header hh;
	uint64_t tail;

	for (tail = r->meta->data_tail; ring_record(r, tail, head, &hh); tail += hh.size) {
		size_t off = (size_t)(tail % r->size);

		if (hh.type != PERF_RECORD_SAMPLE)
			continue;
		if (r->size - off >= hh.size) {
			fn((const void *)(r->data + off), data);
		} else {
			if (!s->scratch)
				s->scratch = xmalloc(65536);
			ring_copy(r, tail, s->scratch, hh.size);
			fn((const void *)s->scratch, data);
		}
	}
}

static int drain_cpu = -1;

int perf_drain_cpu(void)
{
	return drain_cpu;
}

/*
 * Calls fn for every record now in the rings. Records of different CPUs are
 * not ordered against each other: an exec's COMM may sit in one CPU's ring
 * and the MMAP2 records that follow it in another's. So the side-band
 * records of every ring are sorted by their time (sample_id_all puts it in
 * their last 8 bytes) and handled first, then the samples.
 */
void perf_set_drain(struct perf_set *s, perf_record_fn fn, void *data)
{
	uint64_t heads[256];
	int cpu;
	int n = s->ncpus < 256 ? s->ncpus : 256;
	size_t i;

	s->nside = 0;
	s->side_len = 0;
	for (cpu = 0; cpu < n; cpu++)
		heads[cpu] = s->rings[cpu].meta ?
			__atomic_load_n(&s->rings[cpu].meta->data_head, __ATOMIC_ACQUIRE) : 0;
	for (cpu = 0; cpu < n; cpu++)
		if (s->rings[cpu].meta)
			collect_side(s, &s->rings[cpu], heads[cpu]);
	if (s->nside)
		qsort(s->side, s->nside, sizeof(*s->side), side_cmp);
	for (i = 0; i < s->nside; i++)
		fn((const void *)(s->side_buf + s->side[i].off), data);
	for (cpu = 0; cpu < n; cpu++) {
		struct perf_ring *r = &s->rings[cpu];

		if (!r->meta)
			continue;
		drain_cpu = cpu;
		deliver_samples(s, r, heads[cpu], fn, data);
		drain_cpu = -1;
		__atomic_store_n(&r->meta->data_tail, heads[cpu], __ATOMIC_RELEASE);
	}
}
