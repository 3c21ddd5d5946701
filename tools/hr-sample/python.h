/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hr-sample's view into CPython: the interpreter's structures by version
 * (pyoffsets.c), the line-number tables (pylines.c), and the reading of a
 * thread's Python frames out of a running process (python.c).
 */
#ifndef HR_SAMPLE_PYTHON_H
#define HR_SAMPLE_PYTHON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sample.h"

/*
 * Where CPython keeps what a sampler reads, in bytes from the start of each
 * structure. NONE marks a field the version lacks.
 */
#define PYOFF_NONE UINT64_MAX

enum py_frame_kind {
	PY_FRAMEOBJECT,		/* 3.9, 3.10: a PyFrameObject per call, f_back */
	PY_CFRAME,		/* 3.11, 3.12: tstate->cframe->current_frame */
	PY_CURRENT_FRAME,	/* 3.13: tstate->current_frame */
};

enum py_linetable {
	PY_LNOTAB,		/* 3.9: co_lnotab, byte offsets */
	PY_LINETABLE_310,	/* 3.10: co_linetable, (sdelta, ldelta) pairs */
	PY_LOCATIONS,		/* 3.11+: the location table */
};

struct py_offsets {
	unsigned version;	/* 0x030b for 3.11 */
	enum py_frame_kind frames;
	enum py_linetable lines;
	uint64_t runtime_interp_head;
	uint64_t interp_tstate_head;
	uint64_t tstate_next, tstate_thread_id, tstate_native_thread_id;
	uint64_t tstate_frame;	/* frame, cframe or current_frame */
	uint64_t cframe_current_frame;
	uint64_t frame_back, frame_code, frame_lasti;	/* lasti: an int or an instruction pointer */
	uint64_t frame_owner, frame_is_entry;
	uint64_t frame_size;	/* bytes to read of a frame */
	uint64_t code_filename, code_name, code_firstlineno, code_linetable, code_adaptive;
	uint64_t code_code;	/* 3.9, 3.10: the bytecode's bytes object */
	uint64_t code_units;	/* 3.11+: its number of code units */
	uint64_t code_size;	/* bytes to read of a code object */
	uint64_t bytes_size, bytes_data;
	uint64_t unicode_state, unicode_length, ascii_size, compact_size;
};

/* The table entry for version (0x0309 .. 0x030d), or NULL when unsupported. */
const struct py_offsets *py_offsets_for(unsigned version);
/*
 * Fills o from a 3.13+ interpreter's own _Py_DebugOffsets, the first bytes
 * of _PyRuntime (len of them in buf). False when they do not start with
 * the "xdebugpy" cookie or describe another version.
 */
bool py_offsets_from_debug(const unsigned char *buf, size_t len, unsigned version,
			   struct py_offsets *o);
/* Bytes of _PyRuntime that py_offsets_from_debug() reads. */
#define PY_DEBUG_OFFSETS_SIZE (73 * 8)

/*
 * The source line of the instruction at code unit index lasti (3.10+; a
 * byte offset for 3.9) in a line table of len bytes, the code starting at
 * firstlineno. Returns firstlineno for a negative lasti, -1 when the table
 * gives no line there.
 */
int py_line_of(enum py_linetable kind, const unsigned char *table, size_t len,
	       int firstlineno, int64_t lasti);

struct py_code;

/* One Python frame of a sample, innermost first. */
struct py_frame {
	const char *func;	/* interned: valid until py_reader_free() */
	const char *file;
	int line;		/* 0 when unknown */
	bool entry;		/* the first frame its evaluation-loop call ran */
	uint64_t instr_start, instr_end;	/* where its bytecode lies */
	const struct py_code *code;		/* the reader's */
	uint64_t addr;		/* the frame's own address in the process */
};

struct world;
struct process;
struct py_reader;

struct py_reader *py_reader_new(struct world *w);
void py_reader_free(struct py_reader *r);

enum py_read_result {
	PY_NOT_PYTHON,		/* no interpreter in the process (yet) */
	PY_READ_OK,
	PY_READ_NO_THREAD,	/* the thread has no Python thread state */
	PY_READ_FAILED,		/* memory unreadable, or not as expected */
	PY_READ_CHANGED,	/* read as the stack changed: short of its first frame */
};

/*
 * Reads thread tid's Python frames (innermost first) of process p into
 * frames (at most max); *n their number. Warns once per process when it
 * finds an interpreter it cannot read.
 */
enum py_read_result py_read_stack(struct py_reader *r, struct process *p, pid_t tid,
				  struct py_frame *frames, size_t max, size_t *n);

/*
 * The sample's own word on its innermost frame, read some time after the
 * sample was taken: the evaluation loop holds a pointer into the bytecode
 * it runs in a register or on the stack, so the innermost such pointer in
 * the registers and stack copy (words, nwords of them, registers first)
 * shows which code was running. PY_LEAF_SAME: the innermost frame read
 * (frames[0]) was, and its line is now the sample's. PY_LEAF_FIXED: a code
 * object met before, on none of the frames read, was; the frames are left
 * as read, and are not the sample's. PY_LEAF_SLOT: such a code, named by the
 * loop's instruction pointer (in the registers where the process's samples
 * have often confirmed their frames, or as saved on the stack), ran at
 * frames[0]'s depth: from 3.11 the words hold frames[0]'s address, a slot of
 * the thread's frame stack; before, depth_known (the native stack, whole,
 * has as many calls of the loop as frames were read). The frames read are
 * then the sample's with frames[0] fixed and its caller's line unknown (0).
 * PY_LEAF_UNKNOWN: the pointer is an outer frame's, or none. The first nregs
 * words are the sample's registers, always in the same order.
 */
enum py_leaf { PY_LEAF_SAME, PY_LEAF_FIXED, PY_LEAF_SLOT, PY_LEAF_UNKNOWN };
enum py_leaf py_check_leaf(struct py_reader *r, struct process *p, const uint64_t *words,
			   size_t nregs, size_t nwords, struct py_frame *frames, size_t nframes,
			   bool depth_known);

/*
 * Learns from a sample's Python frames as read (frames, nframes; a run of
 * them for each call of the evaluation loop) which callee-saved registers
 * of those calls (levels, innermost first, as unwinding recovered the whole
 * native stack) hold the frame each call ran and a pointer into its
 * bytecode: the registers that equal them, the runs and calls paired from
 * the outermost. Frames confirmed by the sample (confirmed) also show, from
 * 3.11, how far after a frame of each code its callee lies.
 */
void py_learn_regs(struct py_reader *r, struct process *p, const unwind_saved *levels,
		   size_t nlevels, const struct py_frame *frames, size_t nframes, bool confirmed);
/*
 * The Python frames of a sample whose stack changed before it was read
 * (as read, nread of them), rebuilt from the sample itself into frames:
 * each evaluation-loop call's registers (levels, innermost first) hold the
 * frame it ran, in the registers that py_learn_regs() found, and its line
 * comes from the call's instruction pointer where a register holds it. Its
 * callers within the call (from 3.11) are read from there; their lines are
 * those read when the frames read hold them calling the same frame, and
 * unknown (0) otherwise. PY_READ_FAILED until registers are learnt, or
 * when a frame so named cannot be read.
 */
enum py_read_result py_rebuild_stack(struct py_reader *r, struct process *p, pid_t tid,
				     const unwind_saved *levels, size_t nlevels,
				     const struct py_frame *read, size_t nread,
				     struct py_frame *frames, size_t max, size_t *n);

#endif
