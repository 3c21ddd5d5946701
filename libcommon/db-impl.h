/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What db.c and db-profile.c share and nothing outside the database module uses. */
#ifndef HEADROOM_DB_IMPL_H
#define HEADROOM_DB_IMPL_H

#include <stddef.h>

#include <sqlite3.h>

/* Finalizes the n statements of st (NULL allowed). */
void db_finalize_each(sqlite3_stmt *const *st, size_t n);
/* FINALIZE_ALL(a, b, c) finalizes each of its arguments. */
#define FINALIZE_ALL(...) db_finalize_each((sqlite3_stmt *const[]){ __VA_ARGS__ }, \
	sizeof((sqlite3_stmt *const[]){ __VA_ARGS__ }) / sizeof(sqlite3_stmt *))

#endif
