// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Fuzzes hr-sample's side of the tracer's messages: code objects, stacks
 * and thread names in any bytes, then samples matched with them and merged
 * with native frames. The folded lines must stay well formed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/stackmap.h"
#include "../../tools/hr-sample/pysample.h"
#include "../../tools/hr-sample/tracer.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static struct stackmap names;

/* What stacks.c gives pysample.c, for this harness. */
const char *sampler_intern(const char *str, size_t len)
{
	return stackmap_add(&names, str, len, 0, 0)->key;
}

void sampler_add_stack(struct sampler *s, const char *comm, pid_t pid, pid_t tid,
		       const char *const *user, size_t nuser, const char *const *kernel,
		       size_t nkernel)
{
	size_t i;

	(void)s, (void)pid, (void)tid;
	if (!comm)
		abort();
	for (i = 0; i < nuser; i++)
		if (!user[i] || strchr(user[i], ';') || strchr(user[i], '\n'))
			abort();
	for (i = 0; i < nkernel; i++)
		if (!kernel[i])
			abort();
}

static void samples(struct pyside *py, uint64_t time)
{
	static const char *const native[] = { "leaf", "_PyEval_EvalFrameDefault", "PyObject_Call",
					      "_PyEval_EvalFrameDefault", "main", "_start" };
	static const char *const kernel[] = { "do_syscall_64" };
	static const uint64_t sp[] = { 0x1000, 0x1100, 0x1400, 0x1500, 0x1800, 0x1900 };
	struct py_sample ps = { 7, 7, time, "python3", native, sp, 6, kernel, 1, true };

	pyside_sample(py, &ps);
	ps.sp = NULL;
	ps.tid = 8;
	pyside_sample(py, &ps);
	ps.native_complete = false;
	pyside_sample(py, &ps);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct pyside_opts opt = { size & 1, size & 2 };
	struct pyside *py;
	struct strbuf sb = STRBUF_INIT;
	size_t at = 0;

	stackmap_init(&names);
	py = pyside_new(&opt, NULL);
	pyside_add_process(py, 7);
	while (at + 8 <= size) {
		uint32_t type, len;

		memcpy(&type, data + at, 4);
		memcpy(&len, data + at + 4, 4);
		at += 8;
		if (len > size - at)
			len = (uint32_t)(size - at);
		samples(py, at * 1000);
		pyside_message(py, TM_CODE + type % 5, data + at, len);
		samples(py, at * 1000 - 500);
		at += len;
		pyside_end_round(py);
	}
	pyside_finish(py);
	pyside_summary(py, &sb, 10, 0.1, 0.2, true);
	strbuf_release(&sb);
	pyside_free(py);
	stackmap_release(&names);
	return 0;
}
