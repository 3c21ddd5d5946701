// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * --nameattr files, as flamegraph.pl reads them: a function name, a tab, then
 * tab-separated name=value pairs that become attributes of the frame's group
 * (title, id, class, href, target, g_extra, a_extra).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/cli.h"
#include "headroom/error.h"
#include "headroom/stackmap.h"
#include "flame.h"

struct attr {
	char *key, *value;
};

struct flame_nameattr {
	struct stackmap funcs;		/* name -> index into lists (count[0]) */
	struct attrlist { struct attr *a; size_t nr, alloc; } *lists;
	size_t nr, alloc;
};

struct flame_nameattr *flame_nameattr_parse(const char *path, const char *text, size_t len)
{
	struct flame_nameattr *na = xcalloc(1, sizeof(*na));
	const char *p = text, *end = text + len;
	unsigned long lineno = 0;

	stackmap_init(&na->funcs);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *tab = memchr(p, '\t', (size_t)(le - p));
		struct stackmap_entry *e;
		struct attrlist *l;

		lineno++;
		if (le > p && le[-1] == '\r')
			le--;
		if (memchr(p, '\0', (size_t)(le - p))) {
			error("%s:%lu: binary data; expected 'FUNCTION<TAB>NAME=VALUE...'",
			      path, lineno);
			flame_nameattr_free(na);
			return NULL;
		}
		if (!tab) {
			if (le == p) {		/* a blank line */
				p = nl ? nl + 1 : end;
				continue;
			}
			error("%s:%lu: expected 'FUNCTION<TAB>NAME=VALUE...'", path, lineno);
			flame_nameattr_free(na);
			return NULL;
		}
		e = stackmap_find(&na->funcs, p, (size_t)(tab - p));
		if (!e) {
			ALLOC_GROW(na->lists, na->nr + 1, na->alloc);
			memset(&na->lists[na->nr], 0, sizeof(na->lists[0]));
			e = stackmap_add(&na->funcs, p, (size_t)(tab - p), (double)na->nr++, 0);
		}
		l = &na->lists[(size_t)e->count[0]];
		/* A later line for the same function replaces the earlier one. */
		while (l->nr) {
			l->nr--;
			free(l->a[l->nr].key);
			free(l->a[l->nr].value);
		}
		for (p = tab + 1; p <= le; ) {
			const char *fe = memchr(p, '\t', (size_t)(le - p));
			const char *eq;

			if (!fe)
				fe = le;
			eq = memchr(p, '=', (size_t)(fe - p));
			if (fe > p) {
				ALLOC_GROW(l->a, l->nr + 1, l->alloc);
				l->a[l->nr].key = xstrndup(p, (size_t)((eq ? eq : fe) - p));
				l->a[l->nr].value = eq ? xstrndup(eq + 1, (size_t)(fe - eq - 1))
						       : xstrdup("");
				l->nr++;
			}
			p = fe + 1;
		}
		p = nl ? nl + 1 : end;
	}
	return na;
}

struct flame_nameattr *flame_nameattr_read(const char *path)
{
	size_t len;
	char *text = read_file(path, &len);
	struct flame_nameattr *na;

	if (!text)
		die_errno("cannot read '%s'", path);
	na = flame_nameattr_parse(path, text, len);
	free(text);
	if (!na)
		exit(2);
	return na;
}

static const struct attrlist *lookup(const struct flame_nameattr *na, const char *name,
				     size_t len)
{
	struct stackmap_entry *e;

	if (!na)
		return NULL;
	e = stackmap_find(&na->funcs, name, len);
	return e ? &na->lists[(size_t)e->count[0]] : NULL;
}

bool flame_nameattr_has(const struct flame_nameattr *na, const char *name, size_t len)
{
	return lookup(na, name, len) != NULL;
}

const char *flame_nameattr_get(const struct flame_nameattr *na, const char *name, size_t len,
			       const char *key)
{
	const struct attrlist *l = lookup(na, name, len);
	size_t i;

	if (!l)
		return NULL;
	/* As a Perl hash built from the pairs: the last one of a name wins. */
	for (i = l->nr; i-- > 0; )
		if (!strcmp(l->a[i].key, key))
			return l->a[i].value;
	return NULL;
}

void flame_nameattr_free(struct flame_nameattr *na)
{
	size_t i, j;

	if (!na)
		return;
	for (i = 0; i < na->nr; i++) {
		for (j = 0; j < na->lists[i].nr; j++) {
			free(na->lists[i].a[j].key);
			free(na->lists[i].a[j].value);
		}
		free(na->lists[i].a);
	}
	free(na->lists);
	stackmap_release(&na->funcs);
	free(na);
}
