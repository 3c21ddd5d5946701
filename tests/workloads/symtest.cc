// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * A small program for the symbolisation tests: a static function, a C++
 * namespaced function, and an always-inlined helper whose address the test
 * finds through the exported markers below.
 */
#include <cstdio>
#include <cstdlib>

namespace demo {
int twice(int x);
}

extern "C" {
volatile int sink;
__attribute__((noinline)) int plain_c_function(int x);
}

static inline __attribute__((always_inline)) int inner_helper(int x)
{
	sink = x;		/* INNER_LINE */
	return x * 3 + sink;
}

__attribute__((noinline)) int plain_c_function(int x)
{
	return inner_helper(x) + 1;	/* CALL_LINE */
}

namespace demo {
__attribute__((noinline)) int twice(int x)
{
	return x * 2 + sink;
}
}

__attribute__((noinline)) static int local_static(int x)
{
	return demo::twice(x) - 1;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 3;

	(void)argv;
	printf("%d\n", local_static(plain_c_function(n)));
	return 0;
}
