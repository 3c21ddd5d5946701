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

void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("", fmt, ap, 0);
	va_end(ap);
	exit(EXIT_TROUBLE);
}

void die_errno(const char *fmt, ...)
{
	int e = errno;
	va_list ap;

	va_start(ap, fmt);
	vreport("", fmt, ap, e);
	va_end(ap);
	exit(EXIT_TROUBLE);
}

int error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("", fmt, ap, 0);
	va_end(ap);
	return -1;
}

int error_errno(const char *fmt, ...)
{
	int e = errno;
	va_list ap;

	va_start(ap, fmt);
	vreport("", fmt, ap, e);
	va_end(ap);
	return -1;
}

void warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("warning: ", fmt, ap, 0);
	va_end(ap);
}

void warning_errno(const char *fmt, ...)
{
	int e = errno;
	va_list ap;

	va_start(ap, fmt);
	vreport("warning: ", fmt, ap, e);
	va_end(ap);
}

void usage_error(const char *fmt, ...)
{
	va_list ap;

	if (fmt) {
		va_start(ap, fmt);
		vreport("", fmt, ap, 0);
		va_end(ap);
	}
	fprintf(stderr, "Try '%s --help'.\n", prog);
	exit(EXIT_TROUBLE);
}

void bug_fl(const char *file, int line, const char *fmt, ...)
{
	char where[256];
	va_list ap;

	snprintf(where, sizeof(where), "BUG: %s:%d: ", file, line);
	va_start(ap, fmt);
	vreport(where, fmt, ap, 0);
	va_end(ap);
	abort();
}
