/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Separate debug files by build-id from the debuginfod servers that
 * DEBUGINFOD_URLS names, asked without ever blocking the caller: a child
 * process asks through libdebuginfod (loaded at run time from Debian's
 * libdebuginfod1), with its cache (DEBUGINFOD_CACHE_PATH, else
 * ~/.cache/debuginfod_client) and its own variables (DEBUGINFOD_TIMEOUT,
 * DEBUGINFOD_MAXTIME, ...). Each build-id is asked once; once a server fails
 * for another reason than "not found", the build-ids still queued are not
 * asked, so that a dead server costs one timeout, not one per binary.
 */
#ifndef HEADROOM_DEBUGINFOD_H
#define HEADROOM_DEBUGINFOD_H

#include <stddef.h>

struct dbgfetch;

enum dbgfetch_state {
	DBGFETCH_PENDING,	/* asked, no answer yet */
	DBGFETCH_FOUND,		/* in the cache now: the path is given */
	DBGFETCH_FAILED,	/* not found, server unreachable, or out of time */
};

/*
 * Starts the fetcher when DEBUGINFOD_URLS names a server. Returns NULL when
 * it is unset or empty, or (after a warning) when libdebuginfod cannot be
 * loaded. It forks: call it while the process has a single thread. When
 * DEBUGINFOD_TIMEOUT is unset the child sets it to 5 seconds (libdebuginfod's
 * own default is 90).
 */
struct dbgfetch *dbgfetch_start(void);

/*
 * The state of build_id's debug file (lowercase hex), asking for it at the
 * first call; never blocks. *path, when FOUND, is borrowed until
 * dbgfetch_free(). Reads the answers that have arrived first.
 */
enum dbgfetch_state dbgfetch_get(struct dbgfetch *f, const char *build_id, const char **path);

/*
 * Reads the answers that have arrived, without blocking. Returns how many
 * build-ids were settled by this call.
 */
size_t dbgfetch_poll(struct dbgfetch *f);

/*
 * Waits at most seconds for the answers still due, then stops the child:
 * what is unanswered then has FAILED ("timed out"). No new question is asked
 * afterwards. Returns the number of build-ids settled while waiting.
 */
size_t dbgfetch_finish(struct dbgfetch *f, double seconds);

/* Why build_id FAILED ("not found", "timed out", strerror's text), or NULL. */
const char *dbgfetch_error(struct dbgfetch *f, const char *build_id);

/* Stops the child (without waiting for answers) and frees everything. */
void dbgfetch_free(struct dbgfetch *f);

#endif
