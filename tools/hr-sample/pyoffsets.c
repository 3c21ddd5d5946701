// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The layout of CPython's structures, one row per minor version (x86-64),
 * and from 3.13 on the interpreter's own _Py_DebugOffsets over the row.
 */
#include <string.h>

#include "python.h"

/*
 * offsetof() and sizeof() compiled against each version's headers with
 * Py_BUILD_CORE (3.9.18, 3.10.13, 3.11.7 and Debian's 3.11.2 agree, 3.12.1,
 * 3.13.0), and checked against libpython's DWARF. The layout of a minor
 * version does not change in its bug-fix releases.
 */
static const struct py_offsets table[] = {
	{
		.minor = 9, .frames = PY_FRAME_OBJECTS, .linetable = PY_LNOTAB,
		.rt_interp_head = 32, .is_threads_head = 8,
		.ts_next = 8, .ts_interp = 16, .ts_frame = 24, .ts_thread_id = 176,
		.ts_native_thread_id = -1, .cf_current_frame = -1, .cf_previous = -1,
		.fr_back = 24, .fr_code = 32, .fr_lasti = 104, .fr_is_entry = -1,
		.fr_owner = -1, .fr_localsplus = 360, .owner_generator = -1,
		.owner_cstack = -1, .lasti_scale = 1,
		.co_filename = 104, .co_name = 112, .co_qualname = -1, .co_firstlineno = 40,
		.co_linetable = 120, .co_code_adaptive = -1, .co_firsttraceable = -1,
		.ob_type = 8, .tp_name = 24, .tp_flags = 168, .tp_basicsize = 32,
		.tp_dictoffset = 288, .ht_cached_keys = -1,
		.bytes_size = 16, .bytes_sval = 32,
		.uni_length = 16, .uni_state = 32, .uni_ascii_size = 48, .uni_compact_size = 72,
		.dict_keys = 32, .dict_values = 40, .dk_size = 8, .dk_log2_index_bytes = -1,
		.dk_kind = -1, .dk_nentries = 32, .dk_indices = 40, .values_values = 0,
	},
	{
		.minor = 10, .frames = PY_FRAME_OBJECTS, .linetable = PY_LINETABLE310,
		.rt_interp_head = 32, .is_threads_head = 8,
		.ts_next = 8, .ts_interp = 16, .ts_frame = 24, .ts_thread_id = 176,
		.ts_native_thread_id = -1, .cf_current_frame = -1, .cf_previous = -1,
		.fr_back = 24, .fr_code = 32, .fr_lasti = 96, .fr_is_entry = -1,
		.fr_owner = -1, .fr_localsplus = 352, .owner_generator = -1,
		.owner_cstack = -1, .lasti_scale = 2,
		.co_filename = 104, .co_name = 112, .co_qualname = -1, .co_firstlineno = 40,
		.co_linetable = 120, .co_code_adaptive = -1, .co_firsttraceable = -1,
		.ob_type = 8, .tp_name = 24, .tp_flags = 168, .tp_basicsize = 32,
		.tp_dictoffset = 288, .ht_cached_keys = -1,
		.bytes_size = 16, .bytes_sval = 32,
		.uni_length = 16, .uni_state = 32, .uni_ascii_size = 48, .uni_compact_size = 72,
		.dict_keys = 32, .dict_values = 40, .dk_size = 8, .dk_log2_index_bytes = -1,
		.dk_kind = -1, .dk_nentries = 32, .dk_indices = 40, .values_values = 0,
	},
	{
		.minor = 11, .frames = PY_FRAME_CFRAME, .linetable = PY_LOCATIONS,
		.rt_interp_head = 40, .is_threads_head = 16,
		.ts_next = 8, .ts_interp = 16, .ts_frame = 56, .ts_thread_id = 152,
		.ts_native_thread_id = 160, .cf_current_frame = 8, .cf_previous = 16,
		.fr_back = 48, .fr_code = 32, .fr_lasti = 56, .fr_is_entry = 68,
		.fr_owner = 69, .fr_localsplus = 72, .owner_generator = 1,
		.owner_cstack = -1, .lasti_scale = 0,
		.co_filename = 112, .co_name = 120, .co_qualname = 128, .co_firstlineno = 72,
		.co_linetable = 136, .co_code_adaptive = 184, .co_firsttraceable = 168,
		.ob_type = 8, .tp_name = 24, .tp_flags = 168, .tp_basicsize = 32,
		.tp_dictoffset = 288, .ht_cached_keys = 872,
		.bytes_size = 16, .bytes_sval = 32,
		.uni_length = 16, .uni_state = 32, .uni_ascii_size = 48, .uni_compact_size = 72,
		.dict_keys = 32, .dict_values = 40, .dk_size = 8, .dk_log2_index_bytes = 9,
		.dk_kind = 10, .dk_nentries = 24, .dk_indices = 32, .values_values = 0,
		.managed_dict = -24, .managed_values = -32, .tpflags_managed_dict = 1ul << 4,
	},
	{
		.minor = 12, .frames = PY_FRAME_SHIM, .linetable = PY_LOCATIONS,
		.rt_interp_head = 40, .is_threads_head = 72,
		.ts_next = 8, .ts_interp = 16, .ts_frame = 56, .ts_thread_id = 136,
		.ts_native_thread_id = 144, .cf_current_frame = 0, .cf_previous = 8,
		.fr_back = 8, .fr_code = 0, .fr_lasti = 56, .fr_is_entry = -1,
		.fr_owner = 70, .fr_localsplus = 72, .owner_generator = 1,
		.owner_cstack = 3, .lasti_scale = 0,
		.co_filename = 112, .co_name = 120, .co_qualname = 128, .co_firstlineno = 68,
		.co_linetable = 136, .co_code_adaptive = 192, .co_firsttraceable = 176,
		.ob_type = 8, .tp_name = 24, .tp_flags = 168, .tp_basicsize = 32,
		.tp_dictoffset = 288, .ht_cached_keys = 880,
		.bytes_size = 16, .bytes_sval = 32,
		.uni_length = 16, .uni_state = 32, .uni_ascii_size = 40, .uni_compact_size = 56,
		.dict_keys = 32, .dict_values = 40, .dk_size = 8, .dk_log2_index_bytes = 9,
		.dk_kind = 10, .dk_nentries = 24, .dk_indices = 32, .values_values = 0,
		.managed_dict = -24, .tpflags_managed_dict = 1ul << 4,
	},
	{
		/* Most of this row is overwritten by the interpreter's debug offsets. */
		.minor = 13, .frames = PY_FRAME_SHIM, .linetable = PY_LOCATIONS,
		.rt_interp_head = 632, .is_threads_head = 7344,
		.ts_next = 8, .ts_interp = 16, .ts_frame = 72, .ts_thread_id = 152,
		.ts_native_thread_id = 160, .cf_current_frame = -1, .cf_previous = -1,
		.fr_back = 8, .fr_code = 0, .fr_lasti = 56, .fr_is_entry = -1,
		.fr_owner = 70, .fr_localsplus = 72, .owner_generator = 1,
		.owner_cstack = 3, .lasti_scale = 0,
		.co_filename = 112, .co_name = 120, .co_qualname = 128, .co_firstlineno = 68,
		.co_linetable = 136, .co_code_adaptive = 200, .co_firsttraceable = 184,
		.ob_type = 8, .tp_name = 24, .tp_flags = 168, .tp_basicsize = 32,
		.tp_dictoffset = 288, .ht_cached_keys = 880,
		.bytes_size = 16, .bytes_sval = 32,
		.uni_length = 16, .uni_state = 32, .uni_ascii_size = 40, .uni_compact_size = 56,
		.dict_keys = 32, .dict_values = 40, .dk_size = 8, .dk_log2_index_bytes = 9,
		.dk_kind = 10, .dk_nentries = 24, .dk_indices = 32, .values_values = 8,
		.managed_dict = -24, .tpflags_managed_dict = 1ul << 4,
		.tpflags_inline_values = 1ul << 2,
	},
};

#define NROWS (sizeof(table) / sizeof(table[0]))

const struct py_offsets *py_offsets_for(int minor)
{
	size_t i;

	for (i = 0; i < NROWS; i++)
		if (table[i].minor == minor)
			return &table[i];
	return NULL;
}

void py_offsets_range(int *lo, int *hi)
{
	*lo = table[0].minor;
	*hi = table[NROWS - 1].minor;
}

/*
 * _Py_DebugOffsets of 3.13 (Include/internal/pycore_runtime.h): the cookie
 * "xdebugpy", then these uint64_t in this order. It is the first member of
 * _PyRuntimeState. Its layout is stable within a minor version only.
 */
enum {
	D_VERSION, D_FREE_THREADED,
	D_RT_SIZE, D_RT_FINALIZING, D_RT_INTERP_HEAD,
	D_IS_SIZE, D_IS_ID, D_IS_NEXT, D_IS_THREADS_HEAD, D_IS_GC, D_IS_MODULES,
	D_IS_SYSDICT, D_IS_BUILTINS, D_IS_CEVAL_GIL, D_IS_GIL_RT, D_IS_GIL_ENABLED,
	D_IS_GIL_LOCKED, D_IS_GIL_HOLDER,
	D_TS_SIZE, D_TS_PREV, D_TS_NEXT, D_TS_INTERP, D_TS_CURRENT_FRAME, D_TS_THREAD_ID,
	D_TS_NATIVE_THREAD_ID, D_TS_DATASTACK, D_TS_STATUS,
	D_IF_SIZE, D_IF_PREVIOUS, D_IF_EXECUTABLE, D_IF_INSTR_PTR, D_IF_LOCALSPLUS, D_IF_OWNER,
	D_CO_SIZE, D_CO_FILENAME, D_CO_NAME, D_CO_QUALNAME, D_CO_LINETABLE, D_CO_FIRSTLINENO,
	D_CO_ARGCOUNT, D_CO_LOCALSPLUSNAMES, D_CO_LOCALSPLUSKINDS, D_CO_CODE_ADAPTIVE,
	D_PO_SIZE, D_PO_OB_TYPE,
	D_TO_SIZE, D_TO_TP_NAME, D_TO_TP_REPR, D_TO_TP_FLAGS,
	D_TU_SIZE, D_TU_OB_ITEM, D_TU_OB_SIZE,
	D_LI_SIZE, D_LI_OB_ITEM, D_LI_OB_SIZE,
	D_DI_SIZE, D_DI_MA_KEYS, D_DI_MA_VALUES,
	D_FL_SIZE, D_FL_OB_FVAL,
	D_LO_SIZE, D_LO_LV_TAG, D_LO_OB_DIGIT,
	D_BY_SIZE, D_BY_OB_SIZE, D_BY_OB_SVAL,
	D_UN_SIZE, D_UN_STATE, D_UN_LENGTH, D_UN_ASCII_SIZE,
	D_GC_SIZE, D_GC_COLLECTING,
	D__COUNT
};

/* An offset inside a structure of the given size, as an int32_t; -1 if not. */
static int32_t field(const uint64_t *q, int i, int size_index)
{
	if (q[i] >= (1u << 20) || (size_index >= 0 && q[i] >= q[size_index]))
		return -1;
	return (int32_t)q[i];
}

int py_offsets_from_debug(struct py_offsets *o, const struct py_offsets *base,
			  const unsigned char *d, size_t len, uint32_t *version, const char **why)
{
	uint64_t q[D__COUNT];
	struct py_offsets n = *base;
	static const struct { int at, size; size_t dst; } map[] = {
#define F(at, size, member) { at, size, offsetof(struct py_offsets, member) }
		F(D_RT_INTERP_HEAD, D_RT_SIZE, rt_interp_head),
		F(D_IS_THREADS_HEAD, D_IS_SIZE, is_threads_head),
		F(D_TS_NEXT, D_TS_SIZE, ts_next),
		F(D_TS_INTERP, D_TS_SIZE, ts_interp),
		F(D_TS_CURRENT_FRAME, D_TS_SIZE, ts_frame),
		F(D_TS_THREAD_ID, D_TS_SIZE, ts_thread_id),
		F(D_TS_NATIVE_THREAD_ID, D_TS_SIZE, ts_native_thread_id),
		F(D_IF_PREVIOUS, D_IF_SIZE, fr_back),
		F(D_IF_EXECUTABLE, D_IF_SIZE, fr_code),
		F(D_IF_INSTR_PTR, D_IF_SIZE, fr_lasti),
		F(D_IF_LOCALSPLUS, D_IF_SIZE, fr_localsplus),
		F(D_IF_OWNER, D_IF_SIZE, fr_owner),
		F(D_CO_FILENAME, D_CO_SIZE, co_filename),
		F(D_CO_NAME, D_CO_SIZE, co_name),
		F(D_CO_QUALNAME, D_CO_SIZE, co_qualname),
		F(D_CO_LINETABLE, D_CO_SIZE, co_linetable),
		F(D_CO_FIRSTLINENO, D_CO_SIZE, co_firstlineno),
		F(D_CO_CODE_ADAPTIVE, D_CO_SIZE, co_code_adaptive),
		F(D_PO_OB_TYPE, D_PO_SIZE, ob_type),
		F(D_TO_TP_NAME, D_TO_SIZE, tp_name),
		F(D_TO_TP_FLAGS, D_TO_SIZE, tp_flags),
		F(D_DI_MA_KEYS, D_DI_SIZE, dict_keys),
		F(D_DI_MA_VALUES, D_DI_SIZE, dict_values),
		F(D_BY_OB_SIZE, D_BY_SIZE, bytes_size),
		F(D_BY_OB_SVAL, -1, bytes_sval),
		F(D_UN_STATE, D_UN_SIZE, uni_state),
		F(D_UN_LENGTH, D_UN_SIZE, uni_length),
		F(D_UN_ASCII_SIZE, -1, uni_ascii_size),
#undef F
	};
	size_t i;

	if (len < 8 + sizeof(q) || memcmp(d, "xdebugpy", 8)) {
		*why = "no _Py_DebugOffsets at _PyRuntime";
		return -1;
	}
	memcpy(q, d + 8, sizeof(q));
	*version = (uint32_t)q[D_VERSION];
	if ((q[D_VERSION] >> 24) != 3 || ((q[D_VERSION] >> 16) & 0xff) != (uint64_t)base->minor) {
		*why = "its debug offsets are of another version";
		return -1;
	}
	if (q[D_FREE_THREADED]) {
		*why = "free-threaded builds are not supported";
		return -1;
	}
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		int32_t v = field(q, map[i].at, map[i].size);

		if (v < 0) {
			*why = "its debug offsets are out of range";
			return -1;
		}
		memcpy((char *)&n + map[i].dst, &v, sizeof(v));
	}
	/* Not in the debug offsets: PyCompactUnicodeObject adds utf8_length and utf8. */
	n.uni_compact_size = n.uni_ascii_size + 16;
	*o = n;
	return 0;
}
