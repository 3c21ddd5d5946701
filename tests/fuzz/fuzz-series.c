// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * libFuzzer target for series TSV: the reader over any bytes either yields
 * points with finite numbers or stops with a "FILE:LINE:" message, and what
 * it yields is written back as series TSV of three (or two) fields a line.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "headroom/series.h"
#include "check.h"
#include "memfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct series_reader r;
	struct series_point pt;
	struct strbuf out = STRBUF_INIT;
	char path[FUZZ_PATH_MAX];
	int fd = fuzz_memfile(data, size, path), rc, n = 0;

	if (fd < 0)
		return 0;
	if (series_reader_open(&r, path) == 0) {
		/* Errors stop a reader's caller; read on anyway to reach every line. */
		while ((rc = series_reader_next(&r, &pt)) != 0 && n++ < 100000) {
			if (rc < 0) {
				if (!strstr(r.err.buf, path) && !strstr(r.err.buf, "cannot read"))
					abort();
				if (r.lr.eof && r.lr.start >= r.lr.end)
					break;
				continue;
			}
			if (!isfinite(pt.ts) || !isfinite(pt.value) || !pt.series)
				abort();
			strbuf_reset(&out);
			series_format(&out, pt.ts, pt.series, pt.value, false);
			if (!check_tsv(out.buf, out.len, 3))
				abort();
			strbuf_reset(&out);
			series_format(&out, pt.ts, NULL, pt.value, true);
			if (!check_tsv(out.buf, out.len, 2))
				abort();
		}
		series_reader_close(&r);
	}
	strbuf_release(&out);
	close(fd);
	return 0;
}
