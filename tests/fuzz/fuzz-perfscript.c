// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * libFuzzer target for hr-fold's perf script parser: the input, as a file,
 * through perfscript_read() under several option sets; the output must be
 * folded lines that parse back, with stacks in the canonical escaped form,
 * and the stacks go through the pprof writer.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "headroom/folded.h"
#include "headroom/pprof.h"
#include "../../tools/hr-fold/perfscript.h"
#include "check.h"
#include "memfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_output(const struct perfscript *ps)
{
	struct strbuf canon = STRBUF_INIT;
	char *out = NULL;
	size_t len = 0;
	const char *p, *end;
	FILE *f = open_memstream(&out, &len);

	if (!f)
		abort();
	perfscript_write(ps, f);
	fclose(f);
	if (!check_text(out, len, "\n"))
		abort();
	for (p = out, end = out + len; p < end; ) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		struct folded_line fl;

		if (!nl)
			abort();
		if (*p != '#' && (folded_parse(p, (size_t)(nl - p), &fl) < 0 ||
				  folded_canonical(&canon, fl.stack, fl.stack_len)))
			abort();
		p = nl + 1;
	}
	free(out);
	strbuf_release(&canon);
}

static void check_pprof(const struct perfscript *ps)
{
	static const struct pprof_value_type type = { "samples", "count" };
	struct pprof *p = pprof_new(&type, 1);
	struct strbuf pb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < stackmap_size(&ps->map); i++) {
		const struct stackmap_entry *e = &ps->map.entries[i];
		int64_t v = e->count[0] < 9e18 ? (int64_t)e->count[0] : 1;

		pprof_add_folded(p, e->key, e->len, &v, NULL, NULL);
	}
	pprof_encode(p, &pb);
	if (stackmap_size(&ps->map) && pb.len < 10)
		abort();
	strbuf_release(&pb);
	pprof_free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct perfscript_opts opts[] = {
		{ 0 },
		{ .tid = true, .kernel = true, .jit = true, .addrs = true, .modules = true },
		{ .pid = true, .srcline = true, .samples = true },
		{ .event_filter = "cycles" },
	};
	size_t i;

	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		struct perfscript ps;
		struct linereader lr;
		char path[FUZZ_PATH_MAX];
		int fd = fuzz_memfile(data, size, path);

		if (fd < 0)
			break;
		lseek(fd, 0, SEEK_SET);
		perfscript_init(&ps, &opts[i]);
		linereader_init_fd(&lr, fd, "fuzz");
		perfscript_read(&ps, &lr);
		linereader_close(&lr);
		close(fd);
		check_output(&ps);
		if (i == 1)
			check_pprof(&ps);
		perfscript_release(&ps);
	}
	return 0;
}
