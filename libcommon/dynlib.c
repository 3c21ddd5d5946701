// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Loads headroom's optional libraries with dlopen when a run needs them
 * (dynlib.h): the beside-libheadroom path first, so that the build tree and
 * any installation prefix work without a library path.
 */
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/dynlib.h"
#include "headroom/error.h"

#ifndef HEADROOM_SOVERSION
#error "HEADROOM_SOVERSION comes from the Makefile"
#endif

static struct loaded {
	char *name;
	void *handle;
	struct loaded *next;
} *loaded;

/*
 * Lazy: the functions of the libraries a library pulls in are bound at
 * their first call, not all at load. libcurl's tree is some 35 libraries;
 * binding all of them took 27 M instructions of a 36 M-instruction
 * hr-record run that pushes, binding lazily 6 M fewer (those built with
 * BIND_NOW are bound at load either way). The symbols dynlib_symbol()
 * returns are still looked up, and fail, at once.
 */
#define DLOPEN_FLAGS (RTLD_LAZY | RTLD_LOCAL)

static void *open_lib(const char *lib)
{
	char *file = xasprintf("libheadroom-%s.so.%s", lib, HEADROOM_SOVERSION);
	char *path = NULL;
	void *h = NULL;
	Dl_info info;

	if (dladdr((void *)dynlib_symbol, &info) && info.dli_fname && strchr(info.dli_fname, '/')) {
		const char *slash = strrchr(info.dli_fname, '/');

		path = xasprintf("%.*s/%s", (int)(slash - info.dli_fname), info.dli_fname, file);
		h = dlopen(path, DLOPEN_FLAGS);
	}
	if (!h)
		h = dlopen(file, DLOPEN_FLAGS);
	if (!h)
		die("cannot load %s: %s", path ? path : file, dlerror());
	free(path);
	free(file);
	return h;
}

void *dynlib_symbol(const char *lib, const char *symbol)
{
	struct loaded *l;
	void *sym;

	for (l = loaded; l && strcmp(l->name, lib); l = l->next)
		;
	if (!l) {
		l = xcalloc(1, sizeof(*l));
		l->handle = open_lib(lib);
		l->name = xstrdup(lib);
		l->next = loaded;
		loaded = l;
	}
	dlerror();
	sym = dlsym(l->handle, symbol);
	if (!sym)
		die("libheadroom-%s has no '%s': %s", lib, symbol, dlerror());
	return sym;
}
