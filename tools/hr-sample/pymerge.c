// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Interleaving a sample's native and Python frames. From 3.11 each C-level
 * evaluation keeps something of its own on the C stack (the _PyCFrame, or
 * the entry frame from 3.12) whose address lies in its native frame:
 * placement by address needs no symbol. 3.9 and 3.10 evaluate each Python
 * frame in its own _PyEval_EvalFrameDefault, which are counted instead.
 */
#include <string.h>

#include "pymerge.h"
#include "python.h"

bool py_is_eval_frame(const char *name)
{
	static const char eval[] = "_PyEval_EvalFrameDefault";

	return !strncmp(name, eval, sizeof(eval) - 1) &&
	       (name[sizeof(eval) - 1] == '\0' || name[sizeof(eval) - 1] == '.');
}

struct out {
	const char **v;
	size_t n, max;
};

static void put(struct out *o, const char *s)
{
	if (o->n < o->max)
		o->v[o->n++] = s;
}

/* Python frames [from, to) of the input. */
static void put_py(struct out *o, const struct merge_input *in, size_t from, size_t to)
{
	size_t k;

	for (k = from; k < to; k++)
		put(o, in->py[k]);
}

/* The end (exclusive) of the activation that starts at Python frame k. */
static size_t activation_end(const struct merge_input *in, size_t k)
{
	while (k < in->npy && !(in->flags[k] & PY_ENTRY))
		k++;
	return k < in->npy ? k + 1 : k;
}

/*
 * Native frame i spans [sp[i], sp[i + 1]). An activation whose anchor is
 * below the end of frame i goes here: in place of frame i when the anchor
 * is inside it, before it when it should have been deeper.
 */
static void merge_anchored(const struct merge_input *in, struct out *o, struct merge_stats *st)
{
	size_t i, k = 0;

	for (i = 0; i < in->nnative; i++) {
		uint64_t lo = in->sp[i], hi;
		bool replaced = false;

		if (i + 1 < in->nnative)
			hi = in->sp[i + 1];
		else
			hi = in->native_complete ? UINT64_MAX : lo + 1;
		while (k < in->npy) {
			size_t end = activation_end(in, k);
			uint64_t a = in->anchor[end - 1];

			if (!(in->flags[end - 1] & PY_ENTRY) || !a || a >= hi)
				break;
			put_py(o, in, k, end);
			if (a >= lo)
				replaced = true;
			else
				st->misplaced = true;
			k = end;
		}
		if (!replaced) {
			if (!in->python_only)
				put(o, in->native[i]);
			if (py_is_eval_frame(in->native[i]))
				st->eval_left = true;
		}
	}
	if (k < in->npy) {
		st->at_root = true;
		put_py(o, in, k, in->npy);
	}
}

/*
 * 3.9, 3.10: one evaluation frame per Python frame. A complete native
 * stack pairs them from the outermost; a surplus evaluation frame at the
 * inner end is one caught in its prologue or epilogue. A truncated one
 * pairs them from the innermost and leaves the outer Python frames over.
 */
static void merge_counted(const struct merge_input *in, struct out *o, struct merge_stats *st)
{
	size_t i, nevals = 0, seen = 0, k = 0, skip;

	for (i = 0; i < in->nnative; i++)
		nevals += py_is_eval_frame(in->native[i]);
	/* evaluation frames at the inner end that get no Python frame */
	skip = in->native_complete && nevals > in->npy ? nevals - in->npy : 0;
	/* Python frames at the inner end that get no evaluation frame */
	if (in->native_complete && in->npy > nevals && nevals)
		k = in->npy - nevals;
	for (i = 0; i < in->nnative; i++) {
		if (!py_is_eval_frame(in->native[i])) {
			if (!in->python_only)
				put(o, in->native[i]);
			continue;
		}
		if (seen++ < skip || k >= in->npy) {
			st->eval_left = true;
			if (!in->python_only)
				put(o, in->native[i]);
			continue;
		}
		if (k && seen == skip + 1 && in->native_complete && in->npy > nevals)
			put_py(o, in, 0, k);
		put(o, in->py[k++]);
	}
	if (k < in->npy) {
		st->at_root = true;
		put_py(o, in, !nevals ? 0 : k, in->npy);
	}
}

/*
 * Without stack pointers (frame-pointer chains): the Python frames take the
 * place of everything from the outermost evaluation frame to the innermost.
 */
static void merge_by_name(const struct merge_input *in, struct out *o, struct merge_stats *st)
{
	size_t i, inner = in->nnative, outer = 0;

	for (i = 0; i < in->nnative; i++)
		if (py_is_eval_frame(in->native[i])) {
			if (inner == in->nnative)
				inner = i;
			outer = i;
		}
	for (i = 0; i < in->nnative; i++) {
		if (i == inner)
			put_py(o, in, 0, in->npy);
		if ((i < inner || i > outer) && !in->python_only)
			put(o, in->native[i]);
	}
	if (inner == in->nnative) {
		st->at_root = true;
		put_py(o, in, 0, in->npy);
	}
}

size_t py_merge(const struct merge_input *in, const char **out, size_t max,
		struct merge_stats *st)
{
	struct out o = { out, 0, max };

	memset(st, 0, sizeof(*st));
	if (!in->sp)
		merge_by_name(in, &o, st);
	else if (in->anchored)
		merge_anchored(in, &o, st);
	else
		merge_counted(in, &o, st);
	return o.n;
}
