// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Fuzz target for hr-rightsize's input: series TSV with labelled names,
 * routed to entities, sized and written in every output format.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "headroom/strbuf.h"
#include "../../tools/hr-rightsize/input.h"
#include "memfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config cfg = {
		.cpu_q = 0.95, .half_life = 86400, .margin = 0.15, .min_cpu = 0.025,
		.min_mem = 32.0 * 1024 * 1024, .horizon = 30 * 86400.0, .slack = 0.30,
		.max_throttled = 5, .since = 14 * 86400.0, .until = NAN,
		.price_cpu = 0.03, .price_mem = 0.004, .host_cpu = 16, .host_mem = 64.0 * (1 << 30),
		.target = 0.70,
	};
	static FILE *devnull;
	struct strbuf err = STRBUF_INIT;
	struct history h;
	char path[FUZZ_PATH_MAX];
	int fd;

	if (!devnull)
		devnull = fopen("/dev/null", "w");
	fd = fuzz_memfile(data, size, path);
	if (fd < 0)
		return 0;
	history_init(&h, NULL, 0);
	if (history_read_tsv(&h, path, &err) == 0 && h.n) {
		struct result *r = calloc(h.n, sizeof(*r));
		struct fleet f;
		size_t i, n = 0;
		double end = h.latest, start = end - cfg.since;

		history_finish(&h);
		for (i = 0; i < h.n; i++) {
			history_load(&h, i);
			analyse_entity(&cfg, &h.e[i], start, end, &r[n]);
			history_unload(&h, i);
			if (r[n].have_cpu || r[n].have_mem)
				n++;
		}
		size_fleet(&cfg, r, n, &f);
		write_results(devnull, FORMAT_TABLE, &cfg, r, n, &f);
		write_results(devnull, FORMAT_TSV, &cfg, r, n, &f);
		write_results(devnull, FORMAT_JSON, &cfg, r, n, &f);
		free(r);
	}
	history_release(&h);
	strbuf_release(&err);
	close(fd);
	return 0;
}
