/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hr-top's table: functions interned from folded stacks with their self and
 * total samples, apart from main() so that a fuzz target can reach it.
 */
#ifndef HR_TOP_TOP_H
#define HR_TOP_TOP_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "headroom/folded.h"
#include "headroom/options.h"
#include "headroom/stackmap.h"
#include "headroom/strbuf.h"

enum sort_key { SORT_SELF, SORT_TOTAL, SORT_DELTA, SORT_DELTA_TOTAL };

/* Per function, indexed like the interning map's entries. */
struct func {
	double self[2], total[2];
	uint64_t last_line;	/* serial of the last stack that counted it in total */
	signed char match;	/* --grep: -1 not yet tested, 0 no, 1 yes */
};

struct top {
	struct stackmap names;	/* function name -> index of funcs[] */
	struct func *funcs;
	size_t alloc;
	int ncounts;		/* 0 until the first valid line decides 1 or 2 */
	double all[2];		/* samples of every valid stack */
	double kept[2];		/* samples of the stacks --grep kept */
	uint64_t serial;	/* stacks seen, for counting recursion once */
	uint64_t stacks, kept_stacks;
	regex_t re;
	bool grep, invert;	/* set by top_set_grep() */
	size_t *frames;		/* the current stack's function indexes */
	size_t frames_alloc;
	struct strbuf prev;	/* the last stack, whose frames[] prefix can be reused */
	size_t prev_n;
};

void top_init(struct top *t);
void top_release(struct top *t);
/*
 * Keeps only the stacks through (or, with invert, not through) a frame
 * matching the POSIX extended regex re. Returns 0, or -1 with the regex
 * error in err.
 */
int top_set_grep(struct top *t, const char *re, bool icase, bool invert, char *err,
		 size_t errsize);
/*
 * Adds one stack (canonical, as folded_reader_next() returns it). The first
 * stack decides whether the profile has one count or two. Returns 0, or -1
 * for a stack whose counts do not match, with *why saying what was expected.
 */
int top_add(struct top *t, const struct folded_line *fl, const char **why);

struct top_output {
	size_t rows;		/* the hottest this many functions (0: all) */
	enum sort_key key;
	enum output_format format;	/* FORMAT_AUTO: by the output */
	int width;		/* the table's names shortened to this many columns (0: never) */
	const char *countname;	/* what the counts are; NULL: samples */
};
/*
 * Writes the table: aligned (with summary lines), TSV, CSV, or a JSON object
 * with the summary and the rows. Function names are shown escaped as in the
 * folded input, except in JSON, which carries them unescaped. Returns 0, or -1
 * on a write error.
 */
int top_print(struct top *t, FILE *out, const struct top_output *o);

#endif
