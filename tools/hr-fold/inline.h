/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * --inline and --context: the inlined functions at a frame's address, read
 * from the DWARF of the frame's file with libdw, in the form
 * stackcollapse-perf.pl gets from "addr2line -i -f -s -C": the outermost
 * function first, joined by ';', each with ":file:line" under --context.
 */
#ifndef HR_FOLD_INLINE_H
#define HR_FOLD_INLINE_H

#include <stdbool.h>
#include <stddef.h>

struct unwinline;

struct unwinline *unwinline_new(bool context);
void unwinline_free(struct unwinline *u);

/*
 * The frames for address pc (hex text, as perf prints it) in the file mod,
 * whose symbol perf printed as func ("name+0xoff" or "name"). Returns a string
 * owned by u (valid until unwinline_free) and its length, or NULL when the
 * frame should be folded as without --inline (kernel and JIT frames, files
 * that cannot be read, addresses no debugging information covers).
 */
const char *unwinline_frame(struct unwinline *u, const char *pc, size_t pc_len,
			    const char *func, size_t func_len, const char *mod, size_t mod_len,
			    size_t *len);

#endif
