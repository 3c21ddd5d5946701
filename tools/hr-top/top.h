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
 * Adds one folded line (without its newline). The first valid line decides
 * whether the input has one count or two. Returns 0, or -1 for an invalid
 * line with *why saying what was expected.
 */
int top_add_line(struct top *t, const char *line, size_t len, const char **why);
/*
 * Writes the rows hottest functions by key (all when rows is 0), as TSV or as
 * an aligned table with names shortened to width columns (0: never).
 */
void top_print(struct top *t, FILE *out, size_t rows, enum sort_key key, bool tsv, int width);

#endif
