// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Fuzz target for hr-latency's line parser and --sla parser: every line of
 * the input through several parser set-ups, and the input as an SLA spec.
 */
#include <regex.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/strbuf.h"
#include "../../tools/hr-latency/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static regex_t re;
	static int have_re;
	struct lat_parser ps[4] = {
		{ .field = 1, .unit = 1e-3 },
		{ .csv = true, .field = 2, .time_field = 1, .status_field = 3, .unit = 1,
		  .ok = "2xx,304" },
		{ .field = 3, .time_field = 2, .group_field = 1, .unit = 1e-6, .error_re = NULL },
		{ .csv = true, .field = 200, .status_field = 1, .unit = 1e-9 },
	};
	struct strbuf err = STRBUF_INIT;
	struct lat_record rec;
	struct sla_clause *sla;
	char *buf = malloc(size + 1), *line, *nl;
	size_t i, n;

	if (!buf)
		return 0;
	if (!have_re)
		have_re = !regcomp(&re, "ERR|timeout", REG_EXTENDED | REG_NOSUB) ? 1 : -1;
	if (have_re > 0)
		ps[2].error_re = &re;
	memcpy(buf, data, size);
	buf[size] = '\0';
	sla = sla_parse(buf, 1e-3, &n, &err);
	if (sla)
		sla_free(sla, n);
	strbuf_reset(&err);

	for (line = buf; line < buf + size; line = nl + 1) {
		size_t len;

		nl = memchr(line, '\n', (size_t)(buf + size - line));
		if (!nl)
			nl = buf + size;
		len = (size_t)(nl - line);
		for (i = 0; i < sizeof(ps) / sizeof(ps[0]); i++) {
			char *copy = malloc(len + 1);

			if (!copy)
				break;
			memcpy(copy, line, len);
			copy[len] = '\0';
			lat_parse_line(&ps[i], copy, len, &rec, &err);
			strbuf_reset(&err);
			free(copy);
		}
	}
	strbuf_release(&err);
	free(buf);
	return 0;
}
