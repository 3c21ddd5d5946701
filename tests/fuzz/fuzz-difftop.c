// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * libFuzzer target for hr-diff's and hr-top's own parsing: every line of the
 * input through hr-diff's line parser and hex stripping, and through hr-top's
 * accounting (with a --grep) and both forms of its table.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/strbuf.h"
#include "../../tools/hr-diff/diff.h"
#include "../../tools/hr-top/top.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	struct strbuf sb = STRBUF_INIT;
	struct top t, tg;
	char err[128];
	FILE *null = fopen("/dev/null", "w");

	top_init(&t);
	top_init(&tg);
	if (top_set_grep(&tg, "^(main|f[0-9]+)$|_\\[k\\]", false, size & 1, err, sizeof(err)) < 0)
		abort();
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		/* An exact-size copy, so that ASan sees any read past the line. */
		char *line = xmemdup(p, len);
		const char *why;
		double c;
		ssize_t slen = diff_parse_line(line, len, &c);

		if (slen >= 0) {
			if ((size_t)slen >= len || slen == 0 || !(c >= 0) || !isfinite(c))
				abort();
			diff_strip_hex(&sb, line, (size_t)slen);
			if (sb.len < (size_t)slen && memmem(line, (size_t)slen, "0x", 2) == NULL)
				abort();
		}
		if (!memchr(line, '\0', len)) {
			top_add_line(&t, line, len, &why);
			top_add_line(&tg, line, len, &why);
		}
		free(line);
		p += len + 1;
	}
	if (t.stacks) {
		top_print(&t, null, 0, SORT_SELF, true, 0);
		top_print(&t, null, 5, SORT_TOTAL, false, 40);
		if (t.ncounts == 2)
			top_print(&t, null, 0, SORT_DELTA, false, 0);
		top_print(&tg, null, 3, SORT_SELF, false, 12);
	}
	top_release(&t);
	top_release(&tg);
	strbuf_release(&sb);
	fclose(null);
	return 0;
}
