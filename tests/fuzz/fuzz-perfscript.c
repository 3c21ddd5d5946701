// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * libFuzzer target for hr-fold's perf script parser: the input, as a file,
 * through perfscript_read() under several option sets, then the output.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../../tools/hr-fold/perfscript.h"
#include "memfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct perfscript_opts opts[] = {
		{ 0 },
		{ .tid = true, .kernel = true, .jit = true, .addrs = true },
		{ .pid = true, .srcline = true, .samples = true },
		{ .event_filter = "cycles" },
	};
	FILE *null = fopen("/dev/null", "w");
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
		perfscript_write(&ps, null);
		perfscript_release(&ps);
	}
	fclose(null);
	return 0;
}
