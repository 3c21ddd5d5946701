/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * For fuzz targets of readers that take a path: fuzz_memfile() puts the
 * input in a memfd and its /proc/self/fd path in path. Returns the fd (its
 * offset at the end of the data), or -1 with nothing left open.
 */
#ifndef HEADROOM_FUZZ_MEMFILE_H
#define HEADROOM_FUZZ_MEMFILE_H

#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#define FUZZ_PATH_MAX 32

static inline int fuzz_memfile(const uint8_t *data, size_t size, char path[FUZZ_PATH_MAX])
{
	int fd = memfd_create("fuzz", 0);

	if (fd < 0)
		return -1;
	if (size && write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return -1;
	}
	snprintf(path, FUZZ_PATH_MAX, "/proc/self/fd/%d", fd);
	return fd;
}

#endif
