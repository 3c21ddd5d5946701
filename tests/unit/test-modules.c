// SPDX-License-Identifier: GPL-3.0-or-later
/* Unit tests of the table of the binaries that named a profile's frames (modules.h). */
#include <string.h>

#include "headroom/modules.h"
#include "tap.h"

int main(void)
{
	struct frame_modules m;
	const char *bid, *path;
	size_t i;

	frame_modules_init(&m);
	ok(!frame_modules_has(&m, "main", 4), "an empty table knows no frame");
	ok(!frame_modules_find(&m, "main", 4, &bid) && !bid, "and finds no binary");
	frame_modules_note(&m, "main", 4, "/usr/bin/app", "aa11");
	frame_modules_note(&m, "memcpy", 6, "/lib/libc.so.6", NULL);
	frame_modules_note(&m, "main", 4, "/usr/bin/other", "bb22");
	path = frame_modules_find(&m, "main", 4, &bid);
	ok(path && !strcmp(path, "/usr/bin/app") && bid && !strcmp(bid, "aa11"),
	   "the first binary to name a frame keeps it, with its build-id");
	path = frame_modules_find(&m, "memcpy", 6, &bid);
	ok(path && !strcmp(path, "/lib/libc.so.6") && !bid, "a binary without a build-id has none");
	ok(!frame_modules_has(&m, "mai", 3), "frames are compared by length");
	frame_modules_note(&m, "run", 3, "/usr/bin/app", "cc33");
	frame_modules_note(&m, "step", 4, "/usr/bin/app", "aa11");
	is_int(frame_modules_nr(&m), 3, "a binary is its path and build-id together");
	ok(frame_modules_index(&m, "step", 4, &i) && i == 0, "the same path and build-id is one binary");
	ok(frame_modules_index(&m, "run", 3, &i) && i == 2, "another build of it is another");
	path = frame_modules_binary(&m, 2, &bid);
	ok(!strcmp(path, "/usr/bin/app") && !strcmp(bid, "cc33"), "binaries are listed by index");
	frame_modules_release(&m);
	return done_testing();
}
