/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Reading a running CPython's frames from outside it (x86-64, CPython 3.9 to
 * 3.13): where the interpreter is (pyattach.c), the layout of its structures
 * for each version (pyoffsets.c), the frame chain of a thread and the names
 * and line numbers of its code objects (python.c, pylines.c).
 *
 * Memory is read through a struct py_mem, so that the reader runs the same
 * way over another process (process_vm_readv) and over a buffer (the fuzz
 * target). Everything read is untrusted: a bad pointer or a torn chain ends
 * the read with an error, never with a crash or a loop.
 */
#ifndef HR_SAMPLE_PYTHON_H
#define HR_SAMPLE_PYTHON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* ---- pyoffsets.c: the structures of each version, as data ---- */

enum py_frames_kind {
	PY_FRAME_OBJECTS,	/* 3.9, 3.10: PyFrameObject chain, one C eval per frame */
	PY_FRAME_CFRAME,	/* 3.11: _PyInterpreterFrame, activations in the _PyCFrame chain */
	PY_FRAME_SHIM,		/* 3.12+: _PyInterpreterFrame, an owner-CSTACK frame per activation */
};

enum py_linetable_kind {
	PY_LNOTAB,		/* 3.9 co_lnotab */
	PY_LINETABLE310,	/* 3.10 co_linetable */
	PY_LOCATIONS,		/* 3.11+ location table (Objects/locations.md) */
};

/*
 * Every offset the reader needs, for one minor version on x86-64. -1 marks a
 * field the version does not have. Adding a version is adding a row.
 */
struct py_offsets {
	int minor;
	enum py_frames_kind frames;
	enum py_linetable_kind linetable;
	/* _PyRuntime, PyInterpreterState */
	int32_t rt_interp_head;		/* _PyRuntime.interpreters.head */
	int32_t is_threads_head;	/* tstate_head / threads.head */
	/* PyThreadState */
	int32_t ts_next, ts_interp;
	int32_t ts_frame;		/* frame (3.9/10), cframe (3.11/12), current_frame (3.13) */
	int32_t ts_thread_id;		/* pthread_self() */
	int32_t ts_native_thread_id;	/* the kernel's TID (3.11+) */
	/* _PyCFrame (3.11, 3.12) */
	int32_t cf_current_frame, cf_previous;
	/* PyFrameObject or _PyInterpreterFrame */
	int32_t fr_back, fr_code, fr_lasti;	/* lasti: int (3.9/10) or a pointer (3.11+) */
	int32_t fr_is_entry;		/* 3.11 */
	int32_t fr_owner;		/* 3.11+ */
	int32_t fr_localsplus;
	int owner_generator, owner_cstack;	/* FRAME_OWNED_BY_* values */
	int lasti_scale;		/* bytes per f_lasti unit (3.9: 1, 3.10: 2) */
	/* PyCodeObject */
	int32_t co_filename, co_name, co_qualname, co_firstlineno, co_linetable;
	int32_t co_code_adaptive, co_firsttraceable;
	/* objects */
	int32_t ob_type, tp_name, tp_flags, tp_basicsize, tp_dictoffset, ht_cached_keys;
	int32_t bytes_size, bytes_sval;
	int32_t uni_length, uni_state, uni_ascii_size, uni_compact_size;
	/* dicts, for thread names */
	int32_t dict_keys, dict_values;
	int32_t dk_size;		/* 3.9/10: dk_size (bytes); 3.11+: dk_log2_size (1 byte) */
	int32_t dk_log2_index_bytes, dk_kind;	/* 3.11+ */
	int32_t dk_nentries, dk_indices;
	int32_t values_values;		/* PyDictValues.values */
	int32_t managed_dict;		/* managed dict pointer, from the object (3.11+), or 0 */
	int32_t managed_values;		/* 3.11: values pointer before the object; 0 */
	unsigned long tpflags_managed_dict, tpflags_inline_values;
};

/* The table's row for 3.minor, or NULL. */
const struct py_offsets *py_offsets_for(int minor);
/* The lowest and highest minor version of the table, for messages. */
void py_offsets_range(int *lo, int *hi);

/*
 * 3.13+: checks the _Py_DebugOffsets at the start of _PyRuntime (len bytes
 * read from there) and fills *o from them over the table's row base, for
 * what they do not hold. Returns 0, or -1 with a reason in *why.
 */
int py_offsets_from_debug(struct py_offsets *o, const struct py_offsets *base,
			  const unsigned char *d, size_t len, uint32_t *version, const char **why);

/* ---- pylines.c: line tables ---- */

/*
 * The line of the instruction at byte offset addr of a code object whose line
 * table is tab[0..len) in the given format, as PyCode_Addr2Line() computes
 * it; firstlineno for a negative addr, -1 for an instruction without a line.
 */
int py_addr2line(enum py_linetable_kind kind, const unsigned char *tab, size_t len,
		 int firstlineno, int addr);

/* ---- memory of the process being read ---- */

struct py_mem {
	/* Copies len bytes at addr into buf; 0, or -1 when any of it cannot be read. */
	int (*read)(void *ctx, uint64_t addr, void *buf, size_t len);
	void *ctx;
};

/*
 * process_vm_readv with a cache of 16 KiB blocks, for one consistent
 * snapshot of a stopped thread: begin, read, end. Outside a snapshot every
 * read goes to the process.
 */
struct py_remote {
	pid_t pid;
	bool caching;
	size_t nblocks;
	struct py_block *blocks;
	unsigned long syscalls;		/* process_vm_readv calls, for the summary */
};
void py_remote_init(struct py_remote *r, pid_t pid);
void py_remote_release(struct py_remote *r);
void py_remote_begin(struct py_remote *r);
void py_remote_end(struct py_remote *r);
int py_remote_read(void *ctx, uint64_t addr, void *buf, size_t len);

/* ---- pyattach.c: finding the interpreter in a process ---- */

/* An interpreter found in a process: its version and where its state is. */
struct py_interp {
	int major, minor, micro;
	struct py_offsets off;		/* the table's row, or the debug offsets over it */
	uint64_t runtime;		/* &_PyRuntime */
	uint64_t code_type;		/* &PyCode_Type, 0 when unknown */
	uint64_t interp;		/* the main PyInterpreterState */
	char binary[256];		/* the file that holds it, as the process maps it */
};

enum py_attach_result {
	PY_ATTACHED,
	PY_NOT_PYTHON,		/* no interpreter in the process */
	PY_UNSUPPORTED,		/* a version the table does not have */
	PY_NOT_READY,		/* found, but the interpreter is not initialised yet */
	PY_FAILED,		/* found, but its memory cannot be read as expected */
};

/*
 * Finds CPython in process pid: libpython3.X in its mappings, or the
 * executable, and its _PyRuntime. On PY_ATTACHED fills *in; otherwise
 * writes a reason into why[0..whylen).
 */
enum py_attach_result py_attach(pid_t pid, struct py_interp *in, char *why, size_t whylen);

/*
 * Whether the executable at path (as this process can open it) is a
 * CPython interpreter: it defines _PyRuntime or needs libpython3.X.
 */
bool py_binary_is_python(const char *path);

/* ---- python.c: threads and frames ---- */

/* One Python frame as read at the stop: raw, before naming. */
struct py_rawframe {
	uint64_t code;		/* the code object */
	uint64_t lasti;		/* f_lasti (3.9/10) or the instruction pointer (3.11+) */
	uint64_t anchor;	/* on PY_ENTRY frames of 3.11+: the activation's address on the C stack */
	uint8_t flags;
};
#define PY_ENTRY	0x01	/* the outermost frame of an evaluation (C-level activation) */
#define PY_GENERATOR	0x02	/* owned by a generator or coroutine */

enum py_read_result {
	PY_READ_OK,
	PY_READ_NO_THREAD,	/* no Python thread state for this thread */
	PY_READ_ERROR,		/* memory could not be read, or made no sense */
	PY_READ_TRUNCATED,	/* more frames than asked for: the outer ones are missing */
};

/*
 * The thread state of kernel thread tid: by native_thread_id (3.11+), or by
 * its pthread_self(), which is its FS base on x86-64 (3.9, 3.10). 0 if none.
 */
uint64_t py_find_thread(const struct py_interp *in, const struct py_mem *m, pid_t tid,
			uint64_t fs_base);
/* Whether tstate still belongs to tid (a cached lookup is still right). */
bool py_thread_is(const struct py_interp *in, const struct py_mem *m, uint64_t tstate,
		  pid_t tid, uint64_t fs_base);

/*
 * Reads the frame chain of tstate, innermost first, into out[0..max).
 * *n is the number of frames; *self_of_root is localsplus[0] of the
 * outermost frame (self of Thread._bootstrap), 0 when unread.
 */
enum py_read_result py_read_stack(const struct py_interp *in, const struct py_mem *m,
				  uint64_t tstate, struct py_rawframe *out, size_t max,
				  size_t *n, uint64_t *self_of_root);

/* A code object's names, read once and kept. Strings are owned by it. */
struct py_code {
	uint64_t addr;
	uint64_t ptrs[4];	/* filename, name, qualname, linetable: tells a reused address */
	char *name;		/* co_qualname (3.11+) or co_name */
	char *file;		/* co_filename */
	int firstlineno;
	int firsttraceable;	/* 3.11+: first instruction after the prologue, in code units */
	unsigned char *lines;	/* the line table */
	size_t nlines;
	uint32_t id;		/* 1, 2, ... in the order read */
};

/* Reads the code object at addr. Returns 0, or -1 when it is not one. */
int py_read_code(const struct py_interp *in, const struct py_mem *m, uint64_t addr,
		 struct py_code *c);
/* Whether the code object at c->addr is still the one read (same strings). */
bool py_code_unchanged(const struct py_interp *in, const struct py_mem *m,
		       const struct py_code *c);
void py_code_release(struct py_code *c);
/*
 * The line a frame of code c is at: its instruction's line, or the first
 * line while the frame has not started yet.
 */
int py_frame_line(const struct py_interp *in, const struct py_code *c,
		  const struct py_rawframe *f);

/*
 * The name of a threading.Thread instance (self of Thread._bootstrap): its
 * _name attribute, into buf. Returns 0, or -1.
 */
int py_thread_name(const struct py_interp *in, const struct py_mem *m, uint64_t self,
		   char *buf, size_t len);

/*
 * A Python string object at addr as UTF-8 into buf (at most len - 1 bytes,
 * cut on a character boundary). Returns 0, or -1 when it is not a compact
 * string.
 */
int py_read_string(const struct py_interp *in, const struct py_mem *m, uint64_t addr,
		   char *buf, size_t len);

#endif
