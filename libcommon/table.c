// SPDX-License-Identifier: GPL-3.0-or-later
/* The rows-and-columns writer of table.h: aligned, TSV, CSV (RFC 4180) or JSON. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/json.h"
#include "headroom/table.h"
#include "headroom/units.h"

void table_init(struct table *t, const struct table_column *cols, size_t ncols)
{
	*t = (struct table){ .cols = cols, .ncols = ncols };
	strbuf_init(&t->text, 256);
}

void table_release(struct table *t)
{
	strbuf_release(&t->text);
	FREE_AND_NULL(t->start);
	FREE_AND_NULL(t->numeric);
	t->ncells = t->alloc = 0;
}

enum { CELL_TEXT, CELL_NUMBER, CELL_NULL };

static void add(struct table *t, const char *text, size_t len, unsigned char kind)
{
	if (t->ncells == t->alloc) {
		t->alloc = t->alloc ? 2 * t->alloc : 64;
		t->start = xreallocarray(t->start, t->alloc, sizeof(*t->start));
		t->numeric = xreallocarray(t->numeric, t->alloc, 1);
	}
	t->start[t->ncells] = t->text.len;
	t->numeric[t->ncells++] = kind;
	strbuf_add(&t->text, text, len);
	strbuf_addch(&t->text, '\0');
}

void table_cell(struct table *t, const char *text)
{
	text = text ? text : "";
	add(t, text, strlen(text), CELL_TEXT);
}

void table_cellf(struct table *t, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	add(t, sb.buf, sb.len, CELL_TEXT);
	strbuf_release(&sb);
}

void table_num(struct table *t, double v, int decimals)
{
	struct strbuf sb = STRBUF_INIT;
	double check;

	if (decimals >= 0)
		strbuf_addf(&sb, "%.*f", decimals, v);
	else
		strbuf_add_num(&sb, v);
	/* "nan" and "inf" stay text in a table, and become null in JSON. */
	add(t, sb.buf, sb.len, parse_number(sb.buf, &check) == 0 ? CELL_NUMBER : CELL_NULL);
	strbuf_release(&sb);
}

size_t table_rows(const struct table *t)
{
	return t->ncols ? t->ncells / t->ncols : 0;
}

static const char *cell(const struct table *t, size_t i)
{
	return t->text.buf + t->start[i];
}

/*
 * A cell as a table shows it to a reader: numbers to 14 significant digits,
 * so that 671.000000000004, the rounding error of a sum, reads 671. The
 * other formats keep every digit.
 */
static const char *shown(const struct table *t, size_t i, char *buf, size_t size)
{
	const char *s = cell(t, i);
	double v;

	if (t->numeric[i] != CELL_NUMBER || strlen(s) <= 14 || parse_number(s, &v) != 0)
		return s;
	snprintf(buf, size, "%.14g", v);
	return buf;
}

static void write_aligned(const struct table *t, struct strbuf *sb, int width)
{
	char buf[40];

	size_t rows = table_rows(t), c, r, *w = xcalloc(t->ncols, sizeof(*w)), used = 0;

	for (c = 0; c < t->ncols; c++) {
		const char *h = t->cols[c].head ? t->cols[c].head : t->cols[c].name;

		w[c] = strlen(h);
		for (r = 0; r < rows; r++) {
			size_t len = strlen(shown(t, r * t->ncols + c, buf, sizeof(buf)));

			if (len > w[c])
				w[c] = len;
		}
		if (c + 1 < t->ncols)
			used += w[c] + 2;
	}
	for (r = 0; r <= rows; r++) {
		for (c = 0; c < t->ncols; c++) {
			const char *s = r == 0 ? (t->cols[c].head ? t->cols[c].head : t->cols[c].name) :
					shown(t, (r - 1) * t->ncols + c, buf, sizeof(buf));
			size_t len = strlen(s);
			bool last = c + 1 == t->ncols;

			if (last && width > 0 && used + len > (size_t)width && (size_t)width > used + 8) {
				size_t cut = (size_t)width - used - 3;

				/* Never inside a UTF-8 sequence: back to its first byte. */
				while (cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80)
					cut--;
				strbuf_add(sb, s, cut);
				strbuf_addstr(sb, "...");
			} else if (last && t->cols[c].align == TABLE_LEFT) {
				strbuf_addstr(sb, s);
			} else {
				strbuf_addf(sb, t->cols[c].align == TABLE_RIGHT ? "%*s" : "%-*s",
					    (int)w[c], s);
			}
			strbuf_addstr(sb, last ? "\n" : "  ");
		}
	}
	free(w);
}

void table_add_csv_field(struct strbuf *sb, const char *s)
{
	if (!s[strcspn(s, ",\"\r\n")]) {
		strbuf_addstr(sb, s);
		return;
	}
	strbuf_addch(sb, '"');
	for (; *s; s++) {
		if (*s == '"')
			strbuf_addch(sb, '"');
		strbuf_addch(sb, *s);
	}
	strbuf_addch(sb, '"');
}

static void write_separated(const struct table *t, struct strbuf *sb, bool csv)
{
	size_t rows = table_rows(t), c, r;

	for (r = 0; r <= rows; r++) {
		for (c = 0; c < t->ncols; c++) {
			const char *s = r ? cell(t, (r - 1) * t->ncols + c) : t->cols[c].name;

			if (c)
				strbuf_addch(sb, csv ? ',' : '\t');
			if (csv)
				table_add_csv_field(sb, s);
			else
				strbuf_addstr(sb, s);
		}
		strbuf_addstr(sb, csv ? "\r\n" : "\n");
	}
}

static void write_json(const struct table *t, struct strbuf *sb)
{
	size_t rows = table_rows(t), c, r;
	struct json j;

	json_init(&j, sb);
	j.newline_items = true;
	json_array_begin(&j, NULL);
	for (r = 0; r < rows; r++) {
		json_object_begin(&j, NULL);
		for (c = 0; c < t->ncols; c++) {
			size_t i = r * t->ncols + c;

			if (t->numeric[i] == CELL_NUMBER)
				json_raw(&j, t->cols[c].name, cell(t, i));
			else if (t->numeric[i] == CELL_NULL)
				json_null(&j, t->cols[c].name);
			else
				json_str(&j, t->cols[c].name, cell(t, i));
		}
		json_object_end(&j);
	}
	json_array_end(&j);
	strbuf_addch(sb, '\n');
}

int table_write(const struct table *t, FILE *out, enum output_format fmt, int width)
{
	struct strbuf sb = STRBUF_INIT;
	int rc;

	switch (output_format_resolve(fmt, out)) {
	case FORMAT_TABLE:
		write_aligned(t, &sb, width);
		break;
	case FORMAT_CSV:
		write_separated(t, &sb, true);
		break;
	case FORMAT_JSON:
		write_json(t, &sb);
		break;
	default:
		write_separated(t, &sb, false);
		break;
	}
	rc = strbuf_write(&sb, out);
	strbuf_release(&sb);
	return rc;
}
