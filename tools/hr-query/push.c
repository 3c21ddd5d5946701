// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-query --remote-write: a stored history pushed to a remote-write
 * endpoint (backfill), through libheadroom-prom, loaded for this only.
 */
#include <stdlib.h>

#include "headroom/alloc.h"
#include "headroom/dynlib.h"
#include "headroom/error.h"
#include "headroom/remote.h"
#include "query.h"

int push_history(struct db *db, const struct query_options *qo, const struct selector *sels,
		 char **texts, int nsels, int64_t since, int64_t until)
{
	struct remote_options ro = { .url = qo->remote_write, .http = qo->http };
	struct remote_stats st;
	struct db_series *all;
	struct remote *r;
	int64_t *ids;
	size_t nall, n = 0, i;
	bool *used;
	int rc = -1;

	if (db_list_series(db, NULL, false, &all, &nall) < 0)
		return EXIT_TROUBLE;
	used = xcalloc(nall ? nall : 1, sizeof(*used));
	ids = xcalloc(nall ? nall : 1, sizeof(*ids));
	if (select_series(db, sels, texts, nsels, all, nall, used) == 0 &&
	    (r = DYNLIB_FN("prom", remote_open)(db, &ro))) {
		for (i = 0; i < nall; i++)
			if (used[i])
				ids[n++] = all[i].id;
		rc = DYNLIB_FN("prom", remote_push_history)(r, ids, n, since, until, 0, &st);
		DYNLIB_FN("prom", remote_close)(r);
		if (rc >= 0)
			fprintf(stderr, "%s: pushed %llu samples of %zu series to %s in %llu requests%s\n",
				progname(), (unsigned long long)st.sent, st.series, qo->remote_write,
				(unsigned long long)st.requests,
				st.dropped || st.skipped ? " (see the warnings for what was not)" : "");
	}
	free(ids);
	free(used);
	db_series_free(all, nall);
	return rc ? EXIT_TROUBLE : 0;
}
