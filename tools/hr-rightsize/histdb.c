// SPDX-License-Identifier: GPL-3.0-or-later
/* The history database as hr-rightsize's input. */
#include "headroom/error.h"
#include "input.h"

void history_read_db(struct history *h, const char *path, const struct config *cfg)
{
	(void)h;
	(void)cfg;
	die("%s: reading the history database is not available yet; use --input",
	    path ? path : "history");
}
