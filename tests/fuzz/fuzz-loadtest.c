// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * libFuzzer target for the load-test readers: the input sniffed and read as
 * every format in turn, its records checked for the sink's promises; and
 * decoded as one HdrHistogram (V2), which re-encodes to the same counts.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "headroom/alloc.h"
#include "headroom/hdrh.h"
#include "headroom/loadtest.h"
#include "headroom/strbuf.h"
#include "memfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void on_request(void *ctx, const struct lt_request *r)
{
	(void)ctx;
	if (r->label && r->label_len && !r->label[0])
		abort();
}

static void on_gauge(void *ctx, double t, double conc)
{
	(void)ctx;
	(void)t;
	(void)conc;
}

static void on_summary(void *ctx, const struct lt_summary *s)
{
	size_t i;

	(void)ctx;
	for (i = 0; i < s->n; i++)
		if (!(s->q[i] >= 0 && s->q[i] <= 1))
			abort();
}

static void on_interval(void *ctx, const struct lt_interval *iv)
{
	(void)ctx;
	if (!iv->h)
		abort();
	(void)hdrh_value_at_percentile(iv->h, 99);
}

static void read_as(const char *path, enum lt_format f, const struct lt_options *o)
{
	const struct lt_sink sink = { NULL, on_request, on_gauge, on_summary, on_interval };
	struct lt_input in;
	struct lt_info info;

	if (lt_input_open(&in, path, f) < 0)
		return;
	if (in.format != LT_PLAIN)	/* the tool's own line format */
		(void)lt_input_read(&in, o, &sink, &info);
	lt_input_close(&in);
}

static void hist_roundtrip(const uint8_t *data, size_t size)
{
	struct strbuf err = STRBUF_INIT, enc = STRBUF_INIT;
	struct hdrh h, back;

	if (hdrh_decode(&h, (const char *)data, size, &err) == 0) {
		hdrh_encode(&h, &enc);
		if (hdrh_decode(&back, enc.buf, enc.len, &err) < 0 ||
		    back.total != h.total)
			abort();
		hdrh_release(&back);
		hdrh_release(&h);
	}
	strbuf_release(&err);
	strbuf_release(&enc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lt_options plain = { .hlog_unit = 1e-6 };
	struct lt_options asked = { .label = "label", .status = "responseCode", .ok = "2xx,304",
				    .skip_transactions = true, .hlog_unit = 1e-9 };
	char path[FUZZ_PATH_MAX];
	int fd = fuzz_memfile(data, size, path);
	int f;

	if (fd < 0)
		return 0;
	read_as(path, LT_AUTO, &plain);
	for (f = LT_JTL; f < LT_NFORMATS; f++)
		read_as(path, (enum lt_format)f, f & 1 ? &asked : &plain);
	close(fd);
	hist_roundtrip(data, size);
	return 0;
}
