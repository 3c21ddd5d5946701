// SPDX-License-Identifier: GPL-3.0-or-later
/* --inline: un-inlining frames with libdw (see inline.h). */
#include <stdlib.h>

#include "headroom/alloc.h"
#include "inline.h"

struct unwinline {
	bool context;
};

struct unwinline *unwinline_new(bool context)
{
	struct unwinline *u = xcalloc(1, sizeof(*u));

	u->context = context;
	return u;
}

void unwinline_free(struct unwinline *u)
{
	free(u);
}

const char *unwinline_frame(struct unwinline *u, const char *pc, size_t pc_len,
			    const char *func, size_t func_len, const char *mod, size_t mod_len,
			    size_t *len)
{
	(void)u; (void)pc; (void)pc_len; (void)func; (void)func_len; (void)mod; (void)mod_len;
	*len = 0;
	return NULL;
}
