/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * CSV records as RFC 4180 defines them, over a linereader: a field that
 * starts with a double quote runs to the closing quote, may hold the
 * separator, line breaks and doubled quotes ("" is one quote), and is handed
 * out unquoted and unescaped. A record whose quoted field spans lines is
 * joined (its line breaks kept as '\n'), so a reader sees one record per
 * call whatever the fields hold.
 *
 *	struct csv_reader r;
 *	csv_reader_init(&r, &lr, ',');
 *	while ((rc = csv_reader_next(&r)) > 0)
 *		... r.field[0..r.nfields), each NUL-terminated with length r.len[i];
 *		    r.lineno is the record's first line ...
 *	if (rc < 0) ... r.err.buf says what is wrong (lr.error: a read error) ...
 *	csv_reader_release(&r);
 *
 * Lines without a quote take a fast path: memchr() for the separators.
 */
#ifndef HEADROOM_CSV_H
#define HEADROOM_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "headroom/linereader.h"
#include "headroom/strbuf.h"

/* A record may not be longer than this when joined (an unbalanced quote). */
#define CSV_MAX_RECORD (16u << 20)

struct csv_reader {
	struct linereader *lr;	/* borrowed */
	char sep;		/* ',' ';' or '\t' */
	bool trim;		/* drop blanks around unquoted fields (and around quotes) */
	struct strbuf rec;	/* a record joined from several lines */
	char **field;		/* the fields of the last record, NUL-terminated, writable */
	size_t *len;
	size_t nfields, alloc;
	uint64_t lineno;	/* the first line of the last record */
	struct strbuf err;	/* after -1: what is wrong, without file or line */
};

/* A reader of records from lr (which stays the caller's) with separator sep. */
void csv_reader_init(struct csv_reader *r, struct linereader *lr, char sep);
void csv_reader_release(struct csv_reader *r);
/*
 * Reads the next record: returns 1, 0 at the end of input, or -1 when the
 * input ends inside a quoted field or a record runs past CSV_MAX_RECORD
 * (r->err says so), or on a read error (r->lr->error is set). A blank line is
 * a record of one empty field.
 */
int csv_reader_next(struct csv_reader *r);

/*
 * csv_reader_next() for a line the caller has just read from r->lr with
 * linereader_next() (line[0..len), as it returned it): for readers that take
 * their own fast path over most lines and hand the rest here.
 */
int csv_reader_line(struct csv_reader *r, char *line, size_t len);

/*
 * Splits the complete record s[0..len) (writable, NUL-terminated) in place
 * into r->field and r->len as csv_reader_next() does; returns the number of
 * fields. For callers that have the record text already.
 */
size_t csv_split(struct csv_reader *r, char *s, size_t len);

/*
 * Splits the first want fields of the line s[0..len) (writable,
 * NUL-terminated), which must hold no double quote, at sep, without trimming:
 * field[i] and flen[i] as csv_split() would give them, each NUL-terminated in
 * place; the rest of the line is not looked at. Returns the number of fields
 * split: want, or every field of a line that has fewer. For readers that need
 * only the leading columns of long records.
 */
size_t csv_split_first(char *s, size_t len, char sep, size_t want, char **field, size_t *flen);

/*
 * Whether s[0..len) ends inside a quoted field, given whether it starts in
 * one (a line of a record that continues on the next line).
 */
bool csv_ends_quoted(const char *s, size_t len, char sep, bool trim, bool in_quote);

/*
 * The separator of a header line: tab when it has tabs and no comma, ';'
 * when it has semicolons and no comma, else ','.
 */
char csv_guess_sep(const char *line, size_t len);

#endif
