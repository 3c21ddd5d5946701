/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Checked allocation: running out of memory, or a size that overflows, is fatal
 * (die() with exit status 2). Everything returned belongs to the caller.
 */
#ifndef HEADROOM_ALLOC_H
#define HEADROOM_ALLOC_H

#include <stddef.h>
#include <stdlib.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
/* realloc for nmemb * size bytes, dying when the product overflows. */
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
void *xmemdup(const void *p, size_t n);
/* Returns an allocated string formatted as by printf. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Grows the array *p of *alloc elements of elsize bytes so that it holds at
 * least need elements (by about 1.5x, as git's ALLOC_GROW).
 */
void *xgrow(void *p, size_t *alloc, size_t need, size_t elsize);
#define ALLOC_GROW(p, need, alloc) ((p) = xgrow((p), &(alloc), (need), sizeof(*(p))))

/* Frees p and sets it to NULL, so that a released struct can be released again (git's). */
#define FREE_AND_NULL(p) do { free(p); (p) = NULL; } while (0)

/* Frees the n blocks of ptrs (NULL allowed). */
void free_each(void *const *ptrs, size_t n);
/* FREE_ALL(a, b, c) frees each of its arguments, pointers or NULL. */
#define FREE_ALL(...) free_each((void *const[]){ __VA_ARGS__ }, \
				sizeof((void *const[]){ __VA_ARGS__ }) / sizeof(void *))
/* Frees the n strings of v, then v itself. */
void free_strings(char **v, size_t n);

#endif
