/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hr-sample's side of Python: the code objects and thread names the tracer
 * reports, each sample of a Python process matched with the Python stack
 * read at its stop, merged with its native frames, and the counts of the
 * summary (pysample.c).
 */
#ifndef HR_SAMPLE_PYSAMPLE_H
#define HR_SAMPLE_PYSAMPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "headroom/strbuf.h"

struct sampler;

struct pyside_opts {
	bool no_lineno;		/* frames "function (file.py)" */
	bool python_only;	/* no native or kernel frames */
};

/* A sample of a Python process, its native part done, waiting for its Python stack. */
struct py_sample {
	pid_t pid, tid;
	uint64_t time;			/* the sample's CLOCK_MONOTONIC time */
	const char *comm;		/* interned */
	const char *const *user;	/* user frames, innermost first (borrowed) */
	const uint64_t *sp;		/* their stack pointers, or NULL */
	size_t nuser;
	const char *const *kernel;	/* kernel frames, innermost first (borrowed) */
	size_t nkernel;
	bool native_complete;
};

struct pyside;

struct pyside *pyside_new(const struct pyside_opts *opt, struct sampler *s);
void pyside_free(struct pyside *py);
/* The samples of pid stop in the tracer (its events have sigtrap). */
void pyside_add_process(struct pyside *py, pid_t pid);
bool pyside_has_process(const struct pyside *py, pid_t pid);
/* pid runs another program now: its samples are as any other. */
void pyside_drop_process(struct pyside *py, pid_t pid);
/* TM_CODE, TM_STACK and TM_THREAD. */
void pyside_message(struct pyside *py, uint32_t type, const void *body, size_t len);
/* Merges the sample now if its stack is here, else keeps a copy until it comes. */
void pyside_sample(struct pyside *py, const struct py_sample *ps);
/* After each drain of the rings: the stacks received are all matched. */
void pyside_end_round(struct pyside *py);
/* At the end: the samples still waiting are counted as unread, with native frames. */
void pyside_finish(struct pyside *py);
/* The name Python gave thread tid (threading), or NULL. Borrowed. */
const char *pyside_thread_name(const struct pyside *py, pid_t tid);
/* The summary's Python lines; cpu_other is hr-sample's CPU outside the tracer. */
void pyside_summary(const struct pyside *py, struct strbuf *sb, uint64_t samples,
		    double tracer_cpu, double cpu_other, bool traced);
/* Counts a sample outside a traced Python process whose stack has an evaluation frame. */
void pyside_count_untraced(struct pyside *py);

/* Stack name helpers in stacks.c, for this file. */
const char *sampler_intern(const char *str, size_t len);
/* Counts one folded line: root, user frames and kernel frames innermost first. */
void sampler_add_stack(struct sampler *s, const char *comm, pid_t pid, pid_t tid,
		       const char *const *user, size_t nuser, const char *const *kernel,
		       size_t nkernel);

#endif
