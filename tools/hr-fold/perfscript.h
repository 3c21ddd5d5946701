/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The `perf script` parser of hr-fold: collapses the multi-line samples of
 * perf's text output into folded stacks with exactly the rules of FlameGraph's
 * stackcollapse-perf.pl (its regular expressions are reproduced case by case
 * in perfscript.c), accumulating into a stackmap.
 *
 *	struct perfscript ps;
 *
 *	perfscript_init(&ps, &opts);
 *	perfscript_read(&ps, &lr);	... once per input, in order ...
 *	perfscript_finish(&ps);		warnings about skipped lines
 *	stackmap_write...(&ps.map);
 *	perfscript_release(&ps);
 */
#ifndef HR_FOLD_PERFSCRIPT_H
#define HR_FOLD_PERFSCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "headroom/linereader.h"
#include "headroom/stackmap.h"
#include "headroom/strbuf.h"

struct perfscript_opts {
	bool pid;		/* "comm-PID" roots */
	bool tid;		/* "comm-PID/TID" roots (wins over pid) */
	bool kernel;		/* _[k] on kernel frames */
	bool jit;		/* _[j] on frames from /tmp/perf-PID.map */
	bool addrs;		/* "[mod <addr>]" for frames without a symbol */
	bool inline_frames;	/* un-inline frames with DWARF (--inline) */
	bool context;		/* with inline_frames: "func:file:line" */
	bool srcline;		/* each frame line is followed by a source line */
	bool samples;		/* count samples, not periods */
	bool modules;		/* remember the file of each frame (frame_module) */
	const char *event_filter; /* NULL or "": the first event seen */
};

/* Resolves one frame for --inline; see inline.h. */
struct unwinline;

#define PERFSCRIPT_MAX_BADLINES 5

struct perfscript {
	struct perfscript_opts opt;
	struct stackmap map;

	/* The sample being collected, as stackcollapse-perf.pl keeps it. */
	bool have_pname;
	struct strbuf pname;
	double period;
	struct strbuf frames;	/* frame strings, back to back */
	size_t *frame_end;	/* end offset in frames of each frame */
	size_t nframes, frames_alloc;
	size_t *block_start;	/* first frame of each stack line's block */
	size_t nblocks, blocks_alloc;
	struct strbuf key;
	struct strbuf tmp;

	char *event;		/* the event kept (option or first seen), or NULL */
	bool event_defaulted;

	/* What happened, for messages. */
	uint64_t samples;	/* samples folded */
	uint64_t bare;		/* of which with no frame at all */
	uint64_t filtered;	/* samples of other events, skipped */
	uint64_t records;	/* sample header lines seen */
	uint64_t badlines;	/* lines neither header, frame, comment nor blank */
	bool periods;		/* a kept sample's count was a period other than 1 */
	char *countname;	/* of folded input added to map, or NULL */
	uint64_t badline_no[PERFSCRIPT_MAX_BADLINES];
	const char *badline_file[PERFSCRIPT_MAX_BADLINES];
	char *other_event;	/* the first event that was filtered out */

	struct unwinline *unwinline;

	/* The files frames came from (with opt.modules), and those without symbols. */
	struct stackmap modules;	/* file names, in the order seen */
	struct stackmap frame_module;	/* frame -> 1 + index in modules */
	struct stackmap nosym;		/* files with frames perf could not name */

	/*
	 * Frame lines repeat (each sample of a hot stack prints the same ones):
	 * what each distinct line folded to, for lines of java and other
	 * processes (the Java rule depends on the process name).
	 */
	bool memo_on;
	struct stackmap memo[2];
	struct strbuf memo_data;
};

void perfscript_init(struct perfscript *ps, const struct perfscript_opts *opt);
void perfscript_release(struct perfscript *ps);

/*
 * Folds every line of lr into ps->map. The end of the input ends the last
 * sample even without the blank line perf prints after it. Returns 0, or -1
 * after error() when reading fails.
 */
int perfscript_read(struct perfscript *ps, struct linereader *lr);

/*
 * Folds one line (without its newline), for callers that have the lines
 * already; next, when not NULL, supplies the line after it (--srcline reads
 * ahead) and returns its length or -1 at the end.
 */
void perfscript_line(struct perfscript *ps, char *line, size_t len,
		     ssize_t (*next)(void *ctx, char **line), void *ctx,
		     const char *file, uint64_t lineno);

/* Ends the sample in progress, as a blank line does. */
void perfscript_end_sample(struct perfscript *ps);

/*
 * What the counts are, for the "# countname:" line: "ns" for periods of the
 * cpu-clock and task-clock events, the event's name for other events' periods,
 * NULL for samples. The caller frees it.
 */
char *perfscript_countname(const struct perfscript *ps);

/*
 * Writes the folded stacks sorted, after a "# countname:" line when the
 * counts are not samples; returns 0 or -1 on a write error.
 */
int perfscript_write(const struct perfscript *ps, FILE *out);

#endif
