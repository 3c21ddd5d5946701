// SPDX-License-Identifier: GPL-3.0-or-later
/* Unit tests of the checked allocators: sizes, copies, growth, and fatal overflow. */
#include <stdint.h>
#include <stdlib.h>

#include "headroom/alloc.h"
#include "headroom/error.h"
#include "child.h"
#include "tap.h"

/* ASan stops an impossible malloc() itself instead of returning NULL. */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

static void calloc_overflow(void *arg)
{
	(void)arg;
	set_progname("hr-test");
	free(xcalloc(SIZE_MAX / 2, 4));
}

static void reallocarray_overflow(void *arg)
{
	(void)arg;
	set_progname("hr-test");
	free(xreallocarray(NULL, SIZE_MAX / 8 + 1, 16));
}

static void grow_overflow(void *arg)
{
	size_t alloc = 16;
	char *p = xmalloc(16);

	(void)arg;
	set_progname("hr-test");
	p = xgrow(p, &alloc, SIZE_MAX, 1);
	free(p);
}

static void huge_malloc(void *arg)
{
	(void)arg;
	set_progname("hr-test");
	free(xmalloc(SIZE_MAX - 4096));
}

int main(void)
{
	struct child_result r;
	char *s, *p;
	int *v = NULL;
	size_t alloc = 0, i;
	int zero = 1;

	p = xmalloc(0);
	ok(p != NULL, "xmalloc(0) returns a pointer that can be freed");
	free(p);
	p = xcalloc(1000, 3);
	for (i = 0; i < 3000; i++)
		zero &= !p[i];
	ok(zero, "xcalloc zeroes");
	p = xrealloc(p, 10000);
	p[9999] = 'x';
	ok(p[9999] == 'x', "xrealloc grows");
	free(p);
	p = xcalloc(0, 0);
	ok(p != NULL, "xcalloc(0, 0) returns a pointer");
	free(p);

	s = xstrdup("api;main");
	is_str(s, "api;main", "xstrdup copies");
	free(s);
	s = xstrndup("api;main", 3);
	is_str(s, "api", "xstrndup stops at n");
	free(s);
	s = xstrndup("ab", 10);
	is_str(s, "ab", "xstrndup stops at the NUL");
	free(s);
	s = xmemdup("a\0b", 3);
	ok(!memcmp(s, "a\0b", 3), "xmemdup copies bytes with NULs");
	free(s);
	s = xmemdup("", 0);
	ok(s != NULL, "xmemdup of nothing returns a pointer");
	free(s);
	s = xasprintf("%s-%d/%u", "java", 4242, 17u);
	is_str(s, "java-4242/17", "xasprintf formats");
	free(s);

	for (i = 0; i < 100000; i++) {
		ALLOC_GROW(v, i + 1, alloc);
		v[i] = (int)i;
	}
	ok(alloc >= 100000 && alloc < 200000, "ALLOC_GROW grows by about 1.5x (alloc %zu)", alloc);
	ok(v[99999] == 99999 && v[0] == 0, "ALLOC_GROW keeps the contents");
	v = xgrow(v, &alloc, 10, sizeof(*v));
	ok(alloc >= 100000, "xgrow never shrinks");
	free(v);

	run_child(calloc_overflow, NULL, &r);
	is_int(r.status, 2, "xcalloc overflow dies with status 2");
	ok(strstr(r.err, "hr-test: allocation size overflow") != NULL, "and says so: %s", r.err);
	run_child(reallocarray_overflow, NULL, &r);
	is_int(r.status, 2, "xreallocarray overflow dies with status 2");
	ok(strstr(r.err, "overflow") != NULL, "and says so");
	run_child(grow_overflow, NULL, &r);
	is_int(r.status, 2, "xgrow past SIZE_MAX dies with status 2");
#ifdef UNDER_ASAN
	(void)huge_malloc;
	printf("ok %d - an impossible xmalloc dies # SKIP AddressSanitizer intercepts it\n", ++tap_n);
#else
	run_child(huge_malloc, NULL, &r);
	is_int(r.status, 2, "an impossible xmalloc dies with status 2");
	ok(strstr(r.err, "hr-test: out of memory") != NULL, "and says out of memory: %s", r.err);
#endif
	return done_testing();
}
