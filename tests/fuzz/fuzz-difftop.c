// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * libFuzzer target for hr-diff's and hr-top's own code: the input, read as
 * folded stacks by each tool's reading (one count; the first line decides),
 * through hr-diff's hex stripping and output and hr-top's accounting (with a
 * --grep), with every output checked to parse in its format: folded lines,
 * TSV, CSV and JSON.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "headroom/folded.h"
#include "headroom/stackmap.h"
#include "headroom/strbuf.h"
#include "../../tools/hr-diff/diff.h"
#include "../../tools/hr-top/top.h"
#include "check.h"
#include "memfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Runs fn's output through a memory stream and returns it (the caller frees). */
#define CAPTURE(buf, len, call) do { \
	FILE *f_ = open_memstream(&(buf), &(len)); \
	if (!f_) \
		abort(); \
	call; \
	fclose(f_); \
} while (0)

static void check_diff(const struct stackmap *map)
{
	static const struct diff_input in[2] = { { "a", 1, 1 }, { "b", 2, 1 } };
	struct diff_output o = { .format = DIFF_FOLDED, .countname = "ns" };
	char *buf = NULL;
	size_t len = 0;

	CAPTURE(buf, len, diff_write(map, in, f_, &o));
	{
		/* Every line but the comment parses back with its two counts. */
		const char *p = buf, *end = buf + len;

		while (p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			struct folded_line fl;

			if (!nl || (*p != '#' && (folded_parse(p, (size_t)(nl - p), &fl) < 0 ||
						  fl.ncounts != 2)))
				abort();
			p = nl + 1;
		}
	}
	free(buf);
	o.format = FORMAT_TSV;
	CAPTURE(buf, len, diff_write(map, in, f_, &o));
	if (!check_tsv(buf, len, 4))
		abort();
	free(buf);
	o.format = FORMAT_JSON;
	CAPTURE(buf, len, diff_write(map, in, f_, &o));
	if (!check_json(buf, len))
		abort();
	free(buf);
	o.format = FORMAT_CSV;
	o.rows = 3;
	CAPTURE(buf, len, diff_write(map, in, f_, &o));
	if (!check_text(buf, len, "\r\n\t"))
		abort();
	free(buf);
}

static void check_top(struct top *t)
{
	struct top_output o = { .key = SORT_SELF, .format = FORMAT_TSV, .countname = "us" };
	char *buf = NULL;
	size_t len = 0;

	CAPTURE(buf, len, top_print(t, f_, &o));
	if (!check_tsv(buf, len, t->ncounts == 2 ? 11 : 5))
		abort();
	free(buf);
	o.format = FORMAT_JSON;
	o.key = t->ncounts == 2 ? SORT_DELTA : SORT_TOTAL;
	CAPTURE(buf, len, top_print(t, f_, &o));
	if (!check_json(buf, len))
		abort();
	free(buf);
	o.format = FORMAT_TABLE;
	o.rows = 5;
	o.width = 40;
	CAPTURE(buf, len, top_print(t, f_, &o));
	if (!check_text(buf, len, "\n"))
		abort();
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct folded_reader r;
	struct folded_line fl;
	struct strbuf sb = STRBUF_INIT;
	struct stackmap map;
	struct top t, tg;
	char err[128], path[FUZZ_PATH_MAX];
	int fd = fuzz_memfile(data, size, path);
	const char *why;

	if (fd < 0)
		return 0;
	stackmap_init(&map);
	top_init(&t);
	top_init(&tg);
	if (top_set_grep(&tg, "^(main|f[0-9]+)$|_\\[k\\]", false, size & 1, err, sizeof(err)) < 0)
		abort();
	/* hr-diff's reading: the last field is the count */
	if (folded_reader_open(&r, path, FOLDED_ONE) == 0) {
		while (folded_reader_next(&r, &fl) > 0) {
			if (fl.ncounts != 1 || !(fl.count[0] >= 0) || !isfinite(fl.count[0]))
				abort();
			diff_strip_hex(&sb, fl.stack, fl.stack_len);
			stackmap_add(&map, sb.buf, sb.len, fl.count[0], fl.count[0] / 2);
		}
		folded_reader_close(&r);
	}
	/* hr-top's: the first line decides */
	if (folded_reader_open(&r, path, FOLDED_AS_FIRST) == 0) {
		while (folded_reader_next(&r, &fl) > 0) {
			top_add(&t, &fl, &why);
			top_add(&tg, &fl, &why);
		}
		folded_reader_close(&r);
	}
	close(fd);
	check_diff(&map);
	if (t.stacks)
		check_top(&t);
	if (tg.stacks && tg.kept_stacks)
		check_top(&tg);
	top_release(&t);
	top_release(&tg);
	stackmap_release(&map);
	strbuf_release(&sb);
	return 0;
}
