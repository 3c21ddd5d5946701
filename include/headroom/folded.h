/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Folded stacks (headroom-folded(5)): "root;frame;leaf COUNT" or, for
 * differential input, "root;frame;leaf COUNT1 COUNT2". The count is the last
 * space-separated field, so frames may contain spaces. Frame names are
 * escaped by escape.h's rule (ESCAPE_FRAME; the first frame also with
 * ESCAPE_FIRST, the leaf with ESCAPE_LAST), so any name survives the format.
 * A line that starts with '#' is a comment; "# countname: NAME" says what the
 * counts are ("samples" when absent: "ns", "us", "cycles", "bytes"...).
 *
 * Reading, the way every reader of the format does it:
 *
 *	struct folded_reader r;
 *	struct folded_line fl;
 *	int rc;
 *
 *	if (folded_reader_open(&r, path, FOLDED_ONE_OR_TWO) < 0)
 *		die(...);			// error() has said why
 *	while ((rc = folded_reader_next(&r, &fl)) > 0)
 *		... fl.stack[0..fl.stack_len) in canonical form, fl.count ...
 *	folded_reader_close(&r);
 *	if (rc < 0)
 *		exit(2);			// binary data or a read error, said
 */
#ifndef HEADROOM_FOLDED_H
#define HEADROOM_FOLDED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "headroom/linereader.h"
#include "headroom/stackmap.h"
#include "headroom/strbuf.h"

struct folded_line {
	const char *stack;	/* not NUL-terminated; borrowed */
	size_t stack_len;
	double count[2];
	int ncounts;		/* 1 or 2 */
};

/*
 * Parses one line (without its newline). Trailing blanks are ignored. A count
 * is a non-negative decimal number ("57", "2.5"; up to 400 characters). With max_counts 2 a second
 * number before the last makes a differential line; with 1 only the last field
 * is the count and any number before it stays in the stack (difffolded.pl's
 * reading). Returns 0, or -1 when the line has no stack or no count. The stack
 * is returned as written: see folded_canonical().
 */
int folded_parse_counts(const char *line, size_t len, int max_counts, struct folded_line *out);
/* folded_parse_counts() with max_counts 2. */
int folded_parse(const char *line, size_t len, struct folded_line *out);

/*
 * When stack[0..len) is not in the canonical escaped form (it holds raw control
 * characters, invalid UTF-8, or escapes written another way, as input from
 * other tools may), resets out to the canonical form and returns true; returns
 * false, leaving out alone, for a stack that is canonical already (nearly
 * all), or that holds no escape-worthy byte.
 */
bool folded_canonical(struct strbuf *out, const char *stack, size_t len);

/*
 * For a stack built from frames escaped one by one with ESCAPE_FRAME, in
 * stack->buf from start: applies the rules of the stack's ends (ESCAPE_FIRST
 * to the first frame, ESCAPE_LAST to the leaf).
 */
void folded_finish_stack(struct strbuf *stack, size_t start);

/* Appends frame name[0..len) to a stack being built, with its ';' unless first. */
void folded_add_frame(struct strbuf *stack, const char *name, size_t len, bool first, bool last);

/*
 * If line is a "# countname: NAME" comment, returns NAME (in the form that is
 * safe to show: unescape_visible()) for the caller to free; else NULL.
 */
char *folded_header_countname(const char *line, size_t len);
/* Writes "# countname: NAME\n" when name is neither NULL, "" nor "samples". */
void folded_write_header(FILE *out, const char *countname);

/* How many counts a line may carry, for folded_reader_open(). */
enum folded_counts {
	FOLDED_ONE_OR_TWO,	/* one, or two on differential lines, mixed freely */
	FOLDED_ONE,		/* the last field only (difffolded.pl) */
	FOLDED_AS_FIRST,	/* the first valid line decides; a line with fewer is invalid,
				   a number more stays in the stack */
};

struct folded_reader {
	struct linereader lr;
	const char *name;	/* "-" for standard input; borrowed */
	enum folded_counts mode;
	int ncounts;		/* FOLDED_AS_FIRST: 1 or 2 once decided, else 0 */
	char *countname;	/* from the "# countname:" comment, or NULL */
	uint64_t stacks;	/* valid lines */
	uint64_t invalid;	/* lines neither blank, comment nor folded */
	struct strbuf canon;
};

/* Opens path (NULL or "-": standard input). Returns 0, or -1 after error(). */
int folded_reader_open(struct folded_reader *r, const char *path, enum folded_counts mode);
/*
 * A reader of lines already open in lr, which it takes over (lr must not be
 * used or closed after; its name is borrowed).
 */
void folded_reader_from(struct folded_reader *r, struct linereader *lr, enum folded_counts mode);
/*
 * The next stack, in canonical form (valid until the next call): returns 1,
 * or 0 at the end of the input, or -1 after error() for binary data (a NUL
 * byte) or a read error, both naming the file (and line). Blank lines and
 * comments are skipped; an invalid line is counted, and the first three are
 * named in a warning.
 */
int folded_reader_next(struct folded_reader *r, struct folded_line *out);
/* Closes; warns how many invalid lines were skipped when more than three. */
void folded_reader_close(struct folded_reader *r);

/*
 * Merges the count name of input name into *have: the first input's (owned;
 * NULL before the first input) must be every other's. Inputs without a
 * count name count "samples". Returns 0, or -1 after error() when they
 * disagree, naming the input.
 */
int folded_merge_countname(char **have, const char *name, const char *countname);

/*
 * Reads folded lines from path ("-" or NULL: stdin) into map, adding counts.
 * Invalid lines are counted in *invalid (which may be NULL). Sets *ncounts
 * (may be NULL) to 2 when any line had two counts, and merges the count name
 * into *countname (may be NULL) as folded_merge_countname() does. Returns 0,
 * or -1 after error().
 */
int folded_read(const char *path, struct stackmap *map, size_t *invalid, int *ncounts,
		char **countname);

/*
 * Appends a count as readers take it back: whole numbers in full ("57",
 * "12345678901234567890"), others with up to 15 significant digits in plain
 * decimal notation ("2.5", "0.000125"), never with an exponent.
 */
void folded_add_count(struct strbuf *sb, double v);
/* Writes the entries v[0..n) as folded lines with ncounts counts; 0, or -1 on a write error. */
int folded_write(FILE *out, struct stackmap_entry *const *v, size_t n, int ncounts);
/* Writes "stack count" or "stack count1 count2" followed by a newline. */
void folded_print(FILE *out, const char *stack, size_t len, const double *count, int ncounts);

#endif
