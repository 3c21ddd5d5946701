// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-query --format table (the default on a terminal): the series TSV that
 * the other paths write, held until the end and written as aligned columns
 * with a header, for a person rather than a pipe.
 */
#include <string.h>

#include "headroom/error.h"
#include "headroom/linereader.h"
#include "headroom/table.h"
#include "query.h"

static const struct table_column list_cols[] = {
	{ "series", "SERIES", TABLE_LEFT }, { "unit", "UNIT", TABLE_LEFT },
	{ "first", "FIRST", TABLE_LEFT }, { "last", "LAST", TABLE_LEFT },
	{ "count", "COUNT", TABLE_RIGHT },
};
static const struct table_column point_cols[] = {
	{ "time", "TIME", TABLE_LEFT }, { "series", "SERIES", TABLE_LEFT },
	{ "value", "VALUE", TABLE_RIGHT },
};

/*
 * Lines are a --list header and rows, or points as TIME SERIES VALUE, or
 * TIME VALUE after "# series: NAME" (one series).
 */
static void add_line(struct table *t, char *line, const char **name)
{
	char *f[5];
	size_t len[5], n, i;

	if (!strncmp(line, "# series: ", 10)) {
		*name = line + 10;
		return;
	}
	if (*line == '#')
		return;
	n = split_fields(line, "\t", f, len, 5);
	for (i = 0; i < n; i++)
		f[i][len[i]] = '\0';
	if (n == 2 && t->ncols == 3) {
		table_cell(t, f[0]);
		table_cell(t, *name);
		table_cell(t, f[1]);
		return;
	}
	for (i = 0; i < n && i < t->ncols; i++)
		table_cell(t, f[i]);
	for (; i < t->ncols; i++)
		table_cell(t, NULL);
}

int out_write_table(struct out *o)
{
	struct table t;
	const char *name = "";
	char *line = o->sb.buf, *nl;
	bool list = !strncmp(line, "# series\t", 9);
	int rc;

	table_init(&t, list ? list_cols : point_cols, list ? 5 : 3);
	for (; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl)
			nl = line + strlen(line) - 1;
		else
			*nl = '\0';
		add_line(&t, line, &name);
	}
	rc = table_rows(&t) ? table_write(&t, o->f, FORMAT_TABLE, 0) : 0;
	table_release(&t);
	strbuf_reset(&o->sb);
	return rc;
}
