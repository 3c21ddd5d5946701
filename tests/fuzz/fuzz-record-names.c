// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Fuzz target for the series-name, label and selector parsers (labels.c):
 * what hr-record --import and hr-query read from users. A parsed name,
 * formatted again, must parse to the same canonical form, and so must its
 * labels with a host label inserted. A canonical name is printable text
 * (valid UTF-8, no control character) whatever the input held, so that it
 * breaks no TSV line and sends nothing to a terminal.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/labels.h"
#include "headroom/strbuf.h"
#include "check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf name = STRBUF_INIT, labels = STRBUF_INIT, full = STRBUF_INIT;
	struct strbuf name2 = STRBUF_INIT, labels2 = STRBUF_INIT, v = STRBUF_INIT;
	struct strbuf with = STRBUF_INIT;
	struct selector sel;
	const char *why;
	char *s = malloc(size + 1);

	memcpy(s, data, size);
	s[size] = '\0';
	if (series_name_parse(s, &name, &labels, &why) == 0) {
		series_name_format(&full, name.buf, labels.buf);
		if (!check_text(full.buf, full.len, ""))
			abort();
		if (series_name_parse(full.buf, &name2, &labels2, &why) != 0 ||
		    strcmp(name.buf, name2.buf) || strcmp(labels.buf, labels2.buf))
			abort();
		if (!labels_get(labels.buf, "host", &v)) {
			labels_insert(&with, labels.buf, "host", "h, x");
			strbuf_reset(&full);
			series_name_format(&full, name.buf, with.buf);
			if (series_name_parse(full.buf, &name2, &labels2, &why) != 0 ||
			    strcmp(with.buf, labels2.buf))
				abort();
		}
	}
	if (selector_parse(&sel, s, &why) == 0) {
		selector_match(&sel, "cpu.util", labels.buf);
		selector_match(&sel, name.len ? name.buf : "x", "a=b,c=\"d,e\"");
		selector_release(&sel);
	}
	free(s);
	strbuf_release(&name);
	strbuf_release(&labels);
	strbuf_release(&full);
	strbuf_release(&name2);
	strbuf_release(&labels2);
	strbuf_release(&v);
	strbuf_release(&with);
	return 0;
}
