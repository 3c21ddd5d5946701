/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * One writer of row-and-column results for every tool's --format
 * table|tsv|csv|json: cells are added row by row, then written as aligned
 * columns for a terminal, TSV or CSV with a header line, or a JSON array of
 * objects keyed by the columns' names.
 *
 *	static const struct table_column cols[] = {
 *		{ "self", "SELF", TABLE_RIGHT }, { "function", "FUNCTION", TABLE_LEFT },
 *	};
 *	struct table t;
 *	table_init(&t, cols, 2);
 *	table_num(&t, 32, 0); table_cell(&t, "main");
 *	table_write(&t, stdout, FORMAT_TABLE, 0);
 *	table_release(&t);
 */
#ifndef HEADROOM_TABLE_H
#define HEADROOM_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "headroom/error.h"
#include "headroom/options.h"
#include "headroom/strbuf.h"

enum table_align { TABLE_LEFT, TABLE_RIGHT };

struct table_column {
	const char *name;	/* TSV/CSV header and JSON key ("self_pct") */
	const char *head;	/* the aligned table's header ("SELF%"); NULL: name */
	enum table_align align;
};

struct table {
	const struct table_column *cols;
	size_t ncols;
	struct strbuf text;	/* every cell, NUL-terminated, in order */
	size_t *start;		/* offset of each cell in text */
	unsigned char *numeric;	/* per cell: text, a number, or null in JSON */
	size_t ncells, alloc;
};

void table_init(struct table *t, const struct table_column *cols, size_t ncols);
void table_release(struct table *t);
/*
 * The next cell, row by row: text (NULL: empty), or a number with that many
 * decimals (negative: strbuf_add_num()'s shortest exact form). A number that
 * is not finite is written as "nan" or "inf" in text and as null in JSON.
 */
void table_cell(struct table *t, const char *text);
void table_cellf(struct table *t, const char *fmt, ...) HR_FORMAT(2, 3);
void table_num(struct table *t, double v, int decimals);
/* Rows added so far (a row is complete when all its cells are). */
size_t table_rows(const struct table *t);

/*
 * Writes the rows in format fmt (FORMAT_AUTO: a table on a terminal, TSV
 * otherwise). For a table, width > 0 shortens the last column so that lines
 * fit in width columns (ending it in "..."). Returns 0, or -1 on a write error.
 */
int table_write(const struct table *t, FILE *out, enum output_format fmt, int width);

/*
 * Appends s to sb as one CSV field, as table_write() writes its cells: as it
 * is, or in double quotes (quotes doubled) when it holds a comma, a quote or
 * a line break. For writers of CSV that do not go through a table.
 */
void table_add_csv_field(struct strbuf *sb, const char *s);

#endif
