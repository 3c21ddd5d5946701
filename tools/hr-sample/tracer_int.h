/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The tracer process's own state, shared by tracer.c and tracestop.c. */
#ifndef HR_SAMPLE_TRACER_INT_H
#define HR_SAMPLE_TRACER_INT_H

#include <signal.h>

#include "python.h"
#include "tracer.h"

struct tthread {
	pid_t tid, pid;
	uint64_t tstate;	/* its PyThreadState, once found */
	uint64_t fs_base;	/* its pthread_self(), for 3.9 and 3.10 */
	bool named;		/* its threading name was looked for */
	bool parked;		/* held in a stop of ours until its process may run */
};

struct tproc {
	pid_t pid, ppid;
	bool python;		/* runs CPython: its events have sigtrap */
	bool attached;		/* in is valid */
	bool held;		/* waits for TR_RESUME */
	bool gave_up;		/* no interpreter will be found */
	unsigned gen;		/* its program: one more at each exec */
	int tries;
	uint64_t held_since;	/* CLOCK_MONOTONIC ns when it was held */
	uint64_t next_try;	/* CLOCK_MONOTONIC ns of the next try to find the interpreter */
	struct py_interp in;
	struct py_remote mem;
};

/* A code object read in one process's program. */
struct tcode {
	pid_t pid;
	unsigned gen;
	uint64_t checked;	/* the stop it was last checked at */
	struct py_code c;
};

/* A message that waits for room in the socket. */
struct tpacket {
	unsigned char *data;
	size_t len;
};

struct tr {
	int fd;
	pid_t parent;
	bool parent_gone;
	struct tthread **threads;
	size_t nthreads, athreads;
	struct tproc **procs;
	size_t nprocs, aprocs;
	struct tcode **codes;	/* by id - 1 */
	size_t ncodes, acodes;
	uint32_t *code_slots;	/* open addressing: (pid, gen, address) -> id */
	size_t nslots;
	struct py_rawframe *frames;
	size_t max_frames;
	struct tm_frame *out;
	char **warned;		/* binaries already warned about */
	size_t nwarned, awarned;
	struct tpacket *queue;
	size_t nqueue, aqueue;
	uint64_t stops, dropped;
};

void tr_send(struct tr *tr, uint32_t type, const void *body, size_t len,
	     const void *extra, size_t extra_len);
void tr_send_process(struct tr *tr, pid_t pid, pid_t ppid, uint32_t flags);
void tr_flush(struct tr *tr, bool block);
uint64_t tr_now(void);
struct tthread *tr_thread(struct tr *tr, pid_t tid);
struct tproc *tr_proc(struct tr *tr, pid_t pid);
struct tproc *tr_add_proc(struct tr *tr, pid_t pid, pid_t ppid);
struct tthread *tr_add_thread(struct tr *tr, pid_t tid, pid_t pid);
void tr_drop_thread(struct tr *tr, pid_t tid);
pid_t tr_tgid_of(pid_t tid);

/* tracestop.c */
bool tr_is_our_trap(const siginfo_t *si);
/* Handles every stop and exit waiting to be reaped. */
void tr_reap(struct tr *tr);
void tr_resume_process(struct tr *tr, pid_t pid);
/* Tries again to find the interpreter of Python processes that had none yet. */
void tr_retry_attach(struct tr *tr);
/* How long the loop may sleep: until the next try, or for ever. */
int tr_poll_timeout(const struct tr *tr);

#endif
