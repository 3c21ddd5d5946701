/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hr-fold's inputs (input.c: perf script text, perf.data through perf, or
 * folded stacks already) and its pprof output (export.c), around the perf
 * script parser of perfscript.h.
 */
#ifndef HR_FOLD_FOLD_H
#define HR_FOLD_FOLD_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "headroom/stackmap.h"
#include "headroom/strbuf.h"
#include "perfscript.h"

struct fold {
	struct perfscript ps;		/* every input's stacks end up in ps.map */
	bool buildids_wanted;		/* read perf.data files' build-ids (pprof) */
	struct stackmap buildids;	/* file -> offset of its build-id in ids */
	struct strbuf ids;		/* NUL-terminated build-ids */
	uint64_t perf_inputs;		/* inputs of perf script text or perf.data */
	uint64_t folded_lines;		/* stacks read from folded inputs, whose
					   count name is ps.countname */
};

void fold_init(struct fold *f, const struct perfscript_opts *opt);
void fold_release(struct fold *f);

/*
 * Folds one input ("-": standard input) into f: a perf.data file through
 * `perf script`, `perf script` text, or folded stacks, told apart by their
 * first bytes. Dies with a message naming the input on bad input.
 */
void fold_file(struct fold *f, const char *path);

/* The build-id of file path recorded in a perf.data input, or NULL. */
const char *fold_buildid(const struct fold *f, const char *path, size_t len);

/*
 * Writes the stacks as a gzipped pprof profile; name is for messages.
 * Returns 0, or -1 after error().
 */
int fold_write_pprof(const struct fold *f, FILE *out, const char *name);

#endif
