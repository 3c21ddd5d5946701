/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Loading one of headroom's libraries only when a run needs it. Loading
 * libheadroom-prom pulls in libcurl and its three dozen libraries, which
 * costs more CPU than a whole one-shot hr-record run; a tool that talks
 * HTTP only in some runs (hr-record --remote-write, hr-query --prometheus)
 * reaches that library's functions through this loader instead of linking
 * it, and runs that do not talk HTTP never load it.
 *
 *	#include "headroom/remote.h"
 *	int rc = DYNLIB_FN("prom", remote_push_backlog)(db, &opts, start, &stats);
 *
 * The declaration in the library's header types the call; the tool does
 * not link the library (__typeof__ does not refer to the symbol).
 */
#ifndef HEADROOM_DYNLIB_H
#define HEADROOM_DYNLIB_H

/*
 * The address of symbol in libheadroom-LIB, loaded on first use from the
 * directory libheadroom itself was loaded from (the build tree's lib/ or
 * the installation's), else through the dynamic linker's search path. Ends
 * the program with exit 2 when the library or the symbol cannot be found,
 * as an incomplete installation deserves.
 */
void *dynlib_symbol(const char *lib, const char *symbol);

#define DYNLIB_FN(lib, fn) ((__typeof__(&fn))dynlib_symbol((lib), #fn))

#endif
