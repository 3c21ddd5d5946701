/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * For unit tests of readers: write_tmp() writes len bytes of data to
 * DIR/NAME (a directory the test made with mkdtemp and removes) and returns
 * the path, to unlink and free; write_tmp_str() writes a string.
 */
#ifndef HEADROOM_TEST_TMPFILE_H
#define HEADROOM_TEST_TMPFILE_H

#include <stdio.h>
#include <string.h>

#include "headroom/alloc.h"

static inline char *write_tmp(const char *dir, const char *name, const void *data, size_t len)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "wb");

	fwrite(data, 1, len, f);
	fclose(f);
	return path;
}

static inline char *write_tmp_str(const char *dir, const char *name, const char *str)
{
	return write_tmp(dir, name, str, strlen(str));
}

#endif
