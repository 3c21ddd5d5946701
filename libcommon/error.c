// SPDX-License-Identifier: GPL-3.0-or-later
/* die(), error(), warning(): every message starts with the tool's name. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/error.h"

static const char *prog = "headroom";

void set_progname(const char *argv0)
{
	const char *slash;

	if (!argv0 || !*argv0)
		return;
	slash = strrchr(argv0, '/');
	prog = slash ? slash + 1 : argv0;
}

const char *progname(void)
{
	return prog;
}

__attribute__((format(printf, 2, 0)))
static void vreport(const char *prefix, const char *fmt, va_list ap, int errnum)
{
	char msg[4096];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	/* Flush stdout first so that diagnostics and output interleave sensibly. */
	fflush(stdout);
	if (errnum)
		fprintf(stderr, "%s: %s%s: %s\n", prog, prefix, msg, strerror(errnum));
	else
		fprintf(stderr, "%s: %s%s\n", prog, prefix, msg);
}

/*
 * The body shared by every reporter: format the variadic arguments after
 * FMT with PREFIX, and errno's text when ERRNUM is nonzero. errno is read
 * by the caller before anything else can change it.
 */
#define REPORT(prefix, errnum)                  \
	do {                                    \
		va_list ap;                     \
		int e_ = (errnum);              \
		va_start(ap, fmt);              \
		vreport(prefix, fmt, ap, e_);   \
		va_end(ap);                     \
	} while (0)

void die(const char *fmt, ...)
{
	REPORT("", 0);
	exit(EXIT_TROUBLE);
}

void die_errno(const char *fmt, ...)
{
	REPORT("", errno);
	exit(EXIT_TROUBLE);
}

int error(const char *fmt, ...)
{
	REPORT("", 0);
	return -1;
}

int error_errno(const char *fmt, ...)
{
	REPORT("", errno);
	return -1;
}

void warning(const char *fmt, ...)
{
	REPORT("warning: ", 0);
}

void warning_errno(const char *fmt, ...)
{
	REPORT("warning: ", errno);
}

void usage_error(const char *fmt, ...)
{
	if (fmt)
		REPORT("", 0);
	fprintf(stderr, "Try '%s --help'.\n", prog);
	exit(EXIT_TROUBLE);
}

void bug_fl(const char *file, int line, const char *fmt, ...)
{
	char where[256];

	snprintf(where, sizeof(where), "BUG: %s:%d: ", file, line);
	REPORT(where, 0);
	abort();
}
