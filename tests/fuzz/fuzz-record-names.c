// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Fuzz target for the series-name and selector parsers of the history
 * database (db.c): what hr-record --import and hr-query read from users.
 * A parsed name, formatted again, must parse to the same canonical form.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/db.h"
#include "headroom/strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf name = STRBUF_INIT, labels = STRBUF_INIT, full = STRBUF_INIT;
	struct strbuf name2 = STRBUF_INIT, labels2 = STRBUF_INIT, v = STRBUF_INIT;
	struct db_selector sel;
	const char *why;
	char *s = malloc(size + 1);

	memcpy(s, data, size);
	s[size] = '\0';
	if (db_parse_series_name(s, &name, &labels, &why) == 0) {
		db_format_series_name(&full, name.buf, labels.buf);
		if (db_parse_series_name(full.buf, &name2, &labels2, &why) != 0 ||
		    strcmp(name.buf, name2.buf) || strcmp(labels.buf, labels2.buf))
			abort();
		db_label_get(labels.buf, "host", &v);
	}
	if (db_selector_parse(&sel, s, &why) == 0) {
		db_selector_match(&sel, "cpu.util", labels.buf);
		db_selector_match(&sel, name.len ? name.buf : "x", "a=b,c=\"d,e\"");
		db_selector_release(&sel);
	}
	free(s);
	strbuf_release(&name);
	strbuf_release(&labels);
	strbuf_release(&full);
	strbuf_release(&name2);
	strbuf_release(&labels2);
	strbuf_release(&v);
	return 0;
}
