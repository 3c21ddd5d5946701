// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Fuzzes hr-sample's reader of CPython's memory: the input is the memory of
 * a process (from address 0x10000 on), the first bytes choose the version
 * and where the thread state is. Frames, code objects, strings, line
 * tables, thread names and debug offsets are read from it as from a live
 * process: anything read, no crash, no hang.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../tools/hr-sample/python.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

#define BASE 0x10000ull

struct blob {
	const unsigned char *p;
	size_t n;
};

static int blob_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	const struct blob *b = ctx;

	if (addr < BASE || addr - BASE > b->n || len > b->n - (addr - BASE))
		return -1;
	memcpy(buf, b->p + (addr - BASE), len);
	return 0;
}

static void read_all(const struct py_interp *in, const struct py_mem *m, uint64_t tstate)
{
	struct py_rawframe frames[64];
	uint64_t self;
	size_t n, i;
	char name[64];

	py_read_stack(in, m, tstate, frames, 64, &n, &self);
	for (i = 0; i < n; i++) {
		struct py_code c;

		if (py_read_code(in, m, frames[i].code, &c))
			continue;
		py_frame_line(in, &c, &frames[i]);
		py_code_unchanged(in, m, &c);
		py_code_release(&c);
	}
	if (self)
		py_thread_name(in, m, self, name, sizeof(name));
	py_read_string(in, m, tstate, name, sizeof(name));
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct blob b = { data, size };
	struct py_mem m = { blob_read, &b };
	struct py_interp in;
	const struct py_offsets *row;
	const char *why;
	uint32_t version;
	uint64_t tstate;

	if (size < 16)
		return 0;
	memset(&in, 0, sizeof(in));
	in.major = 3;
	in.minor = 9 + data[0] % 5;
	row = py_offsets_for(in.minor);
	if (!row)
		abort();
	in.off = *row;
	if (data[1] & 1)
		py_offsets_from_debug(&in.off, row, data + 8, size - 8, &version, &why);
	memcpy(&tstate, data + 8, 8);
	tstate = BASE + tstate % size;
	in.interp = BASE + 16;
	in.code_type = (data[1] & 2) ? BASE + data[2] : 0;
	read_all(&in, &m, tstate);
	py_find_thread(&in, &m, data[3], BASE + data[4]);
	return 0;
}
