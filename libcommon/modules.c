// SPDX-License-Identifier: GPL-3.0-or-later
/* Which binary named each frame of a profile (modules.h). */
#include <string.h>

#include "headroom/modules.h"
#include "headroom/strbuf.h"

void frame_modules_init(struct frame_modules *m)
{
	stackmap_init(&m->frame_module);
	stackmap_init(&m->modules);
}

void frame_modules_release(struct frame_modules *m)
{
	stackmap_release(&m->frame_module);
	stackmap_release(&m->modules);
}

bool frame_modules_has(const struct frame_modules *m, const char *frame, size_t len)
{
	return stackmap_find(&m->frame_module, frame, len) != NULL;
}

void frame_modules_note(struct frame_modules *m, const char *frame, size_t len,
			const char *path, const char *build_id)
{
	size_t n = stackmap_size(&m->frame_module);
	struct stackmap_entry *e = stackmap_add(&m->frame_module, frame, len, 0, 0);
	struct strbuf key = STRBUF_INIT;

	if (stackmap_size(&m->frame_module) == n)
		return;		/* known: the first binary to name it keeps it */
	strbuf_addstr(&key, path);
	if (build_id) {
		strbuf_addch(&key, '\0');
		strbuf_addstr(&key, build_id);
	}
	e->count[0] = (double)(stackmap_add(&m->modules, key.buf, key.len, 0, 0) -
			       m->modules.entries) + 1;
	strbuf_release(&key);
}

const char *frame_modules_binary(const struct frame_modules *m, size_t i, const char **build_id)
{
	const struct stackmap_entry *e = &m->modules.entries[i];
	size_t plen = strlen(e->key);

	*build_id = plen < e->len ? e->key + plen + 1 : NULL;
	return e->key;
}

bool frame_modules_index(const struct frame_modules *m, const char *frame, size_t len, size_t *i)
{
	const struct stackmap_entry *e = stackmap_find(&m->frame_module, frame, len);

	if (e)
		*i = (size_t)e->count[0] - 1;
	return e != NULL;
}

const char *frame_modules_find(const struct frame_modules *m, const char *frame, size_t len,
			       const char **build_id)
{
	size_t i;

	*build_id = NULL;
	return frame_modules_index(m, frame, len, &i) ? frame_modules_binary(m, i, build_id) : NULL;
}
