// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * CPython's structures as hr-sample reads them, one table entry a version:
 * offsets taken with offsetof() from each version's own internal headers
 * (x86-64, the default build). 3.13 and later describe themselves in the
 * _Py_DebugOffsets that open _PyRuntime; its entry here is the fallback.
 */
#include <string.h>

#include "python.h"

#define N PYOFF_NONE

static const struct py_offsets table[] = {
	{
		.version = 0x0309, .frames = PY_FRAMEOBJECT, .lines = PY_LNOTAB,
		.runtime_interp_head = 32, .interp_tstate_head = 8,
		.tstate_next = 8, .tstate_thread_id = 176, .tstate_native_thread_id = N,
		.tstate_frame = 24, .cframe_current_frame = N,
		.frame_back = 24, .frame_code = 32, .frame_lasti = 104,
		.frame_owner = N, .frame_is_entry = N, .frame_size = 112,
		.code_filename = 104, .code_name = 112, .code_firstlineno = 40,
		.code_linetable = 120, .code_adaptive = N, .code_size = 128,
		.code_code = 48, .code_units = N,
		.bytes_size = 16, .bytes_data = 32,
		.unicode_state = 32, .unicode_length = 16, .ascii_size = 48, .compact_size = 72,
	},
	{
		.version = 0x030a, .frames = PY_FRAMEOBJECT, .lines = PY_LINETABLE_310,
		.runtime_interp_head = 32, .interp_tstate_head = 8,
		.tstate_next = 8, .tstate_thread_id = 176, .tstate_native_thread_id = N,
		.tstate_frame = 24, .cframe_current_frame = N,
		.frame_back = 24, .frame_code = 32, .frame_lasti = 96,
		.frame_owner = N, .frame_is_entry = N, .frame_size = 104,
		.code_filename = 104, .code_name = 112, .code_firstlineno = 40,
		.code_linetable = 120, .code_adaptive = N, .code_size = 128,
		.code_code = 48, .code_units = N,
		.bytes_size = 16, .bytes_data = 32,
		.unicode_state = 32, .unicode_length = 16, .ascii_size = 48, .compact_size = 72,
	},
	{
		.version = 0x030b, .frames = PY_CFRAME, .lines = PY_LOCATIONS,
		.runtime_interp_head = 40, .interp_tstate_head = 16,
		.tstate_next = 8, .tstate_thread_id = 152, .tstate_native_thread_id = 160,
		.tstate_frame = 56, .cframe_current_frame = 8,
		.frame_back = 48, .frame_code = 32, .frame_lasti = 56,
		.frame_owner = 69, .frame_is_entry = 68, .frame_size = 72,
		.code_filename = 112, .code_name = 120, .code_firstlineno = 72,
		.code_linetable = 136, .code_adaptive = 184, .code_size = 192,
		.code_code = N, .code_units = 16,
		.bytes_size = 16, .bytes_data = 32,
		.unicode_state = 32, .unicode_length = 16, .ascii_size = 48, .compact_size = 72,
	},
	{
		.version = 0x030c, .frames = PY_CFRAME, .lines = PY_LOCATIONS,
		.runtime_interp_head = 40, .interp_tstate_head = 72,
		.tstate_next = 8, .tstate_thread_id = 136, .tstate_native_thread_id = 144,
		.tstate_frame = 56, .cframe_current_frame = 0,
		.frame_back = 8, .frame_code = 0, .frame_lasti = 56,
		.frame_owner = 70, .frame_is_entry = N, .frame_size = 72,
		.code_filename = 112, .code_name = 120, .code_firstlineno = 68,
		.code_linetable = 136, .code_adaptive = 192, .code_size = 200,
		.code_code = N, .code_units = 16,
		.bytes_size = 16, .bytes_data = 32,
		.unicode_state = 32, .unicode_length = 16, .ascii_size = 40, .compact_size = 56,
	},
	{
		.version = 0x030d, .frames = PY_CURRENT_FRAME, .lines = PY_LOCATIONS,
		.runtime_interp_head = 632, .interp_tstate_head = 7344,
		.tstate_next = 8, .tstate_thread_id = 152, .tstate_native_thread_id = 160,
		.tstate_frame = 72, .cframe_current_frame = N,
		.frame_back = 8, .frame_code = 0, .frame_lasti = 56,
		.frame_owner = 70, .frame_is_entry = N, .frame_size = 72,
		.code_filename = 112, .code_name = 120, .code_firstlineno = 68,
		.code_linetable = 136, .code_adaptive = 200, .code_size = 208,
		.code_code = N, .code_units = 16,
		.bytes_size = 16, .bytes_data = 32,
		.unicode_state = 32, .unicode_length = 16, .ascii_size = 40, .compact_size = 56,
	},
};

#undef N

const struct py_offsets *py_offsets_for(unsigned version)
{
	size_t i;

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (table[i].version == version)
			return &table[i];
	return NULL;
}

/*
 * _Py_DebugOffsets of 3.13 as an array of uint64_t: the index of each field
 * hr-sample reads (Include/internal/pycore_runtime.h). The cookie fills
 * index 0, the version index 1.
 */
enum {
	DO_VERSION = 1, DO_INTERP_HEAD = 5, DO_THREADS_HEAD = 9,
	DO_TS_NEXT = 21, DO_TS_CURRENT_FRAME = 23, DO_TS_THREAD_ID = 24,
	DO_TS_NATIVE_THREAD_ID = 25,
	DO_FR_SIZE = 28, DO_FR_PREVIOUS = 29, DO_FR_EXECUTABLE = 30, DO_FR_INSTR_PTR = 31,
	DO_FR_OWNER = 33,
	DO_CO_SIZE = 34, DO_CO_FILENAME = 35, DO_CO_NAME = 36, DO_CO_LINETABLE = 38,
	DO_CO_FIRSTLINENO = 39, DO_CO_ADAPTIVE = 43,
	DO_BYTES_OB_SIZE = 65, DO_BYTES_OB_SVAL = 66,
	DO_UNICODE_STATE = 68, DO_UNICODE_LENGTH = 69, DO_UNICODE_ASCII_SIZE = 70,
	DO__COUNT = 73
};

bool py_offsets_from_debug(const unsigned char *buf, size_t len, unsigned version,
			   struct py_offsets *o)
{
	uint64_t v[DO__COUNT];
	const struct py_offsets *base = py_offsets_for(version);

	if (!base || version < 0x030d || len < sizeof(v) || memcmp(buf, "xdebugpy", 8))
		return false;
	memcpy(v, buf, sizeof(v));
	if ((v[DO_VERSION] >> 16) != version)
		return false;
	*o = *base;
	o->runtime_interp_head = v[DO_INTERP_HEAD];
	o->interp_tstate_head = v[DO_THREADS_HEAD];
	o->tstate_next = v[DO_TS_NEXT];
	o->tstate_frame = v[DO_TS_CURRENT_FRAME];
	o->tstate_thread_id = v[DO_TS_THREAD_ID];
	o->tstate_native_thread_id = v[DO_TS_NATIVE_THREAD_ID];
	o->frame_back = v[DO_FR_PREVIOUS];
	o->frame_code = v[DO_FR_EXECUTABLE];
	o->frame_lasti = v[DO_FR_INSTR_PTR];
	o->frame_owner = v[DO_FR_OWNER];
	o->code_filename = v[DO_CO_FILENAME];
	o->code_name = v[DO_CO_NAME];
	o->code_linetable = v[DO_CO_LINETABLE];
	o->code_firstlineno = v[DO_CO_FIRSTLINENO];
	o->code_adaptive = v[DO_CO_ADAPTIVE];
	o->code_size = v[DO_CO_ADAPTIVE] + 8;
	o->bytes_size = v[DO_BYTES_OB_SIZE];
	o->bytes_data = v[DO_BYTES_OB_SVAL];
	o->unicode_state = v[DO_UNICODE_STATE];
	o->unicode_length = v[DO_UNICODE_LENGTH];
	o->ascii_size = v[DO_UNICODE_ASCII_SIZE];
	o->compact_size = o->ascii_size + 16;	/* utf8_length, utf8 */
	/* Everything read must lie in what is read of each structure. */
	return o->frame_owner < o->frame_size && o->frame_lasti + 8 <= o->frame_size &&
	       o->code_linetable + 8 <= o->code_size && o->code_filename + 8 <= o->code_size &&
	       o->code_name + 8 <= o->code_size && v[DO_FR_SIZE] && v[DO_CO_SIZE];
}
