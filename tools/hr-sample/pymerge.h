/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * One stack from a sample's native frames and the Python frames read at its
 * stop: each Python activation takes the place of the native evaluation
 * frame that ran it, so native frames called from Python stay under the
 * Python frame that called them (pymerge.c).
 */
#ifndef HR_SAMPLE_PYMERGE_H
#define HR_SAMPLE_PYMERGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct merge_input {
	/* native user frames, innermost first; sp NULL when unknown (--call-graph fp) */
	const char *const *native;
	const uint64_t *sp;
	size_t nnative;
	bool native_complete;		/* the unwinding reached the outermost frame */
	/* Python frames, innermost first: text, PY_* flags, anchors */
	const char *const *py;
	const uint32_t *flags;
	const uint64_t *anchor;
	size_t npy;
	bool anchored;			/* 3.11+: activations placed by their anchors */
	bool python_only;		/* leave the native frames out */
};

struct merge_stats {
	bool misplaced;			/* an activation found no native frame of its own */
	bool at_root;			/* Python frames put above a truncated native stack */
	bool eval_left;			/* an evaluation frame kept without Python frames */
};

/*
 * Writes the merged frames, innermost first, into out[0..max); returns how
 * many. Python frames that cannot be placed go to the root side, so that
 * the Python stack stays whole when the native one is cut short.
 */
size_t py_merge(const struct merge_input *in, const char **out, size_t max,
		struct merge_stats *st);

/* Whether a native frame's name is CPython's evaluation function. */
bool py_is_eval_frame(const char *name);

#endif
