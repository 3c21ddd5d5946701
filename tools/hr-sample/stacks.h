/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hr-sample's folding of perf records into stacks (stacks.c). */
#ifndef HR_SAMPLE_STACKS_H
#define HR_SAMPLE_STACKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "headroom/modules.h"
#include "headroom/stackmap.h"
#include "headroom/strbuf.h"
#include "perf.h"
#include "python.h"
#include "sample.h"

#define MAX_FRAMES 1024
#define PERF_REGS_MASK 0xff01ffull	/* AX..IP and R8..R15 */

/* How samples become folded lines. */
struct stack_opts {
	int fp;			/* user stacks from the kernel's frame-pointer chains */
	bool kernel;		/* kernel frames on top */
	bool suffix_pid;	/* root frame NAME-PID */
	bool suffix_tid;	/* root frame NAME-PID/TID */
	bool inline_frames;	/* inlined functions (NAME_[i]) */
	bool annotate;		/* kernel frames NAME_[k] */
	bool addrs;		/* unresolved frames [module+0xOFFSET] */
	bool python;		/* Python frames in place of the interpreter's */
	bool python_only;	/* only the Python frames, where there are some */
	bool no_lineno;		/* Python frames without their line */
	bool cgroup_key;	/* each line starts "CGROUP" STACKS_CGROUP_SEP (--db) */
	bool modules;		/* remember each user frame's binary (pprof's mappings) */
};

/* Ends the cgroup that starts a line with cgroup_key: never in a frame name. */
#define STACKS_CGROUP_SEP '\x1f'

#define MAX_PY_FRAMES 4096

struct sampler {
	struct stack_opts opt;
	struct world *world;		/* the processes, as the records tell */
	struct symcache *syms;
	struct dbgfetch *fetch;		/* debuginfod, NULL without DEBUGINFOD_URLS */
	double fetch_wait;		/* seconds to wait for it at the end */
	size_t ndeferred;		/* frames named once the fetch settles */
	struct ksyms *ksyms;		/* read at the first kernel frame */
	struct stackmap stacks;		/* the folded lines and their counts */
	struct frame_modules modules;	/* with opt.modules: each frame's binary */
	uint64_t samples, lost, kernel_only;
	uint64_t unwind[UNWIND__COUNT];	/* user stacks by how unwinding ended */
	enum unwind_result last_unwind;	/* of the sample at hand */
	struct py_reader *py;		/* NULL without opt.python */
	uint64_t py_stacks;		/* samples given their Python frames */
	uint64_t py_missing;		/* samples in Python whose frames were not read */
	uint64_t py_changed;		/* ... of which the stack changed while read */
	uint64_t py_leaf[4];		/* innermost frames by enum py_leaf */
	uint64_t py_rebuilt;		/* ... of which rebuilt from the sample */
	enum py_leaf last_leaf;		/* check_leaf()'s word on the sample at hand */
	unwind_saved *saved;		/* MAX_FRAMES: each user frame's registers */
	unwind_saved *levels;		/* MAX_PY_FRAMES: the evaluation-loop calls' */
	size_t nlevels;
	bool py_niced;			/* the sampler's priority raised */
	int py_cpu;			/* the CPU of the last Python sample, or -1 */
	int py_pinned;			/* the CPU the sampler waits on, or -1 */
	bool py_away;			/* ... and it works elsewhere meanwhile */
	void *py_cpus;			/* (cpu_set_t) those it may run on */
	uint64_t py_lag[40];		/* read lag: [b] up to 2^b microseconds */
	uint64_t *words;		/* a sample's registers and stack, as words */
	struct py_frame *pyframes;	/* MAX_PY_FRAMES */
	struct py_frame *readframes;	/* MAX_PY_FRAMES: those read, when rebuilt */
	const char **merged;		/* work space of the merge */
	size_t amerged;
	unsigned long kernel_missing;
	/* Work space of one sample. */
	struct strbuf line;
	uint64_t ips[MAX_FRAMES];
	const char **frames;		/* user frames, innermost first */
	size_t nframes, aframes;
	uint64_t sample_type;
	double weight;			/* what a sample counts (1 unless set) */
};

/* Who a sample was taken from, and when (perf clock, ns). */
struct sample_id {
	uint32_t pid, tid;
	uint64_t time;
};

/* Starts with no process known; sample_type is the events' PERF_SAMPLE_* set. */
void sampler_init(struct sampler *s, const struct stack_opts *opt, uint64_t sample_type);
void sampler_release(struct sampler *s);
/*
 * After the sampling: waits (at most s->fetch_wait seconds) for the debug
 * files still being fetched, names the frames that waited for them, and
 * warns once of the binaries whose frames stay unnamed because the fetch
 * failed. Call it before the stacks are written or summarised.
 */
void sampler_finish_symbols(struct sampler *s);

/*
 * Names the frames that wait for debuginfod with what has come so far, and
 * the others by their module, before a window of the stacks is stored
 * (hr-sample --db): the history holds names, not placeholders.
 */
void sampler_name_frames_now(struct sampler *s);
/*
 * Folds one PERF_RECORD_SAMPLE into s->line (root first, no count), without
 * counting it; fills id. False for a malformed record.
 */
bool sampler_fold_sample(struct sampler *s, const struct perf_event_header *h,
			 struct sample_id *id);
/* Handles one record of the rings (a perf_record_fn; data is the sampler). */
void sampler_handle_record(const struct perf_event_header *h, void *data);
/* The summary on standard error: samples, unwinding, frames without a symbol. */
void sampler_print_summary(struct sampler *s, double secs);
/*
 * With Python frames to read: sampler_wait_on_cpu() before waiting for
 * samples puts the sampler on the CPU of the last Python sample, so that
 * the next one there preempts the target and is read at once;
 * sampler_leave_cpu() after the drain lets the target run on while the
 * samples' other work is done elsewhere.
 */
void sampler_wait_on_cpu(struct sampler *s);
void sampler_leave_cpu(struct sampler *s);
/* The same figures as one JSON object and a newline, appended to sb (summary.c). */
void sampler_summary_json(struct sampler *s, double secs, struct strbuf *sb);

#endif
