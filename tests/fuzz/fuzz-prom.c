// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * libFuzzer target for the reader of the query API's replies (hr-query
 * --prometheus, hr-rightsize --prometheus): any bytes either give series
 * and points or an error, never a crash; what a reply gives does not depend
 * on how the network cut it into chunks (one byte at a time, seven, or all
 * at once); and the series it names can be written as series TSV.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/prom.h"
#include "headroom/series.h"
#include "check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
	struct strbuf log;	/* every series and point, in order */
	struct strbuf tsv;	/* the points as series TSV */
	char series[4096];
};

static int on_series(void *arg, const char *name, const char *labels)
{
	struct seen *s = arg;

	strbuf_addf(&s->log, "S %s{%s}\n", name, labels);
	snprintf(s->series, sizeof(s->series), "%s{%s}", name, labels);
	return 0;
}

static int on_point(void *arg, int64_t t_ms, double value)
{
	struct seen *s = arg;

	strbuf_addf(&s->log, "P %lld %.17g\n", (long long)t_ms, value);
	if (isfinite(value))
		series_format(&s->tsv, (double)t_ms / 1000, s->series, value, false);
	return 0;
}

static int parse(const uint8_t *data, size_t size, size_t chunk, struct seen *s)
{
	struct prom_handler h = { on_series, on_point, s };

	strbuf_init(&s->log, 0);
	strbuf_init(&s->tsv, 0);
	s->series[0] = '\0';
	return prom_parse_reply("fuzz", (const char *)data, size, chunk, &h);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t chunks[] = { 1, 7 };
	struct seen whole, cut;
	int rc = parse(data, size, 0, &whole);

	if (!check_tsv(whole.tsv.buf, whole.tsv.len, 3))
		abort();
	for (size_t i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
		if (parse(data, size, chunks[i], &cut) != rc ||
		    strcmp(cut.log.buf, whole.log.buf))
			abort();
		strbuf_release(&cut.log);
		strbuf_release(&cut.tsv);
	}
	strbuf_release(&whole.log);
	strbuf_release(&whole.tsv);
	return 0;
}
