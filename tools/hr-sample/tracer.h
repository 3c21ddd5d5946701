/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The tracer: a child process of hr-sample that ptraces the target's
 * threads, so that each sample (a perf event with sigtrap=1) stops the
 * sampled thread where it was, and reads its Python frames there before
 * letting it go on. It runs apart from hr-sample so that a kill -9 of
 * hr-sample cannot leave a SIGTRAP to a target thread with nobody to take
 * it: the tracer outlives it, in its own process group, and ends the
 * session cleanly (tracer.c).
 *
 * hr-sample and the tracer talk over a SOCK_SEQPACKET socket, one message
 * a packet, each a struct tmsg header followed by its body.
 */
#ifndef HR_SAMPLE_TRACER_H
#define HR_SAMPLE_TRACER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* si_perf_data of our events: tells our SIGTRAPs from the program's own. */
#define TRACER_SIG_DATA 0x6872736d70790001ull

enum tmsg_type {
	/* tracer -> hr-sample */
	TM_PROCESS = 1,		/* struct tm_process: open events on a process */
	TM_READY,		/* the targets given at the start are traced (or not) */
	TM_CODE,		/* struct tm_code, then name and file */
	TM_STACK,		/* struct tm_stack, then nframes struct tm_frame */
	TM_THREAD,		/* struct tm_thread, then the name */
	TM_QUIT,		/* the tracer was asked to end: end the session */
	TM_DONE,		/* struct tm_done: the tracer has detached and ends */
	/* hr-sample -> tracer */
	TR_COMMAND = 100,	/* struct tr_pid: trace the command, not yet exec'd */
	TR_RESUME,		/* struct tr_pid: its events are open, let it run */
	TR_STOP,		/* every event is closed: detach and end */
};

struct tmsg {
	uint32_t type;
	uint32_t len;		/* of the body */
};

/* TM_PROCESS flags */
#define TP_PYTHON	0x01	/* its events get sigtrap: it runs CPython */
#define TP_HELD		0x02	/* stopped until TR_RESUME */
#define TP_TRACED	0x04	/* traced (else: sample it as hr-sample always has) */

struct tm_process {
	int32_t pid, ppid;
	uint32_t flags;
};

struct tm_code {
	uint32_t id;
	int32_t firstlineno;
	uint32_t name_len, file_len;
};

/* TM_STACK status */
enum tm_status {
	TS_OK,			/* the frames of the thread at its sample */
	TS_NO_THREAD,		/* no Python thread state: a thread Python does not know */
	TS_NOT_READY,		/* the interpreter is not found (yet, or not supported) */
	TS_READ_ERROR,		/* its memory could not be read as expected */
	TS_LATE,		/* the thread blocked SIGTRAP: stopped after its sample */
	TS_TRUNCATED,		/* deeper than the reader goes: the outer frames are left out */
	TS__COUNT
};

struct tm_stack {
	int32_t pid, tid;
	uint64_t stop_ns;	/* CLOCK_MONOTONIC when the tracer saw the stop */
	uint64_t resume_ns;	/* ... and when it let the thread go on */
	uint32_t status;
	uint32_t minor;		/* 3.minor */
	uint32_t nframes;
};

struct tm_frame {
	uint64_t anchor;	/* PY_ENTRY frames from 3.11: the activation's C-stack address */
	uint32_t code;		/* a TM_CODE id */
	int32_t line;
	uint32_t flags;		/* PY_ENTRY, PY_GENERATOR */
	uint32_t pad;
};

struct tm_thread {
	int32_t pid, tid;
};

struct tm_done {
	uint64_t stops;			/* sample stops */
	uint64_t dropped;		/* stacks left out: hr-sample did not read them in time */
	uint64_t drained;		/* SIGTRAPs taken at the end, after the events closed */
	uint64_t unblocked;		/* threads that blocked SIGTRAP, unblocked to take one */
	uint64_t syscalls;		/* process_vm_readv calls */
	double cpu;			/* the tracer's CPU seconds */
};

struct tr_pid {
	int32_t pid;
};

/* What the tracer is to trace from the start. */
struct tracer_config {
	const pid_t *pids;		/* -p: these processes, their threads and children */
	size_t npids;
	pid_t tid;			/* -t: this one thread, else 0 */
	bool command;			/* -- COMMAND: TR_COMMAND will name it */
	int max_frames;			/* Python frames read per sample */
};

/* hr-sample's end of the tracer. */
struct tracer {
	pid_t pid;			/* the tracer process, or -1 */
	int fd;				/* the socket, or -1 */
	bool eof;			/* the tracer has closed it */
	unsigned char *buf;		/* one received packet */
	size_t alloc;
};

/*
 * Starts the tracer process; 0, or -1 when it cannot be (Python frames are
 * then left out). Call before opening any event or file the target must
 * not share.
 */
int tracer_start(struct tracer *t, const struct tracer_config *cfg);
/* Sends one message; -1 when the tracer is gone. */
int tracer_send(struct tracer *t, uint32_t type, const void *body, size_t len);
/*
 * Receives one message: 1 and *type, *body, *len (valid until the next
 * call); 0 when none is waiting (or wait is false); -1 at the end.
 */
int tracer_receive(struct tracer *t, bool wait, uint32_t *type, const void **body, size_t *len);
/* Waits for the tracer process to end, and frees the rest. */
void tracer_release(struct tracer *t);

#endif
