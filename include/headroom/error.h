/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Diagnostics prefixed with the tool's name, and the exit-status convention:
 * 0 success, 1 a negative verdict, 2 trouble (bad usage, bad input, I/O).
 */
#ifndef HEADROOM_ERROR_H
#define HEADROOM_ERROR_H

#include <stdarg.h>
#include <stdnoreturn.h>

#define HR_FORMAT(a, b) __attribute__((format(printf, a, b)))

enum { EXIT_VERDICT = 1, EXIT_TROUBLE = 2 };

/* Remember the tool's name (the basename of argv0) for every message. */
void set_progname(const char *argv0);
/* The name given to set_progname(), or "headroom". Borrowed. */
const char *progname(void);

/* "hr-x: msg" on stderr, then exit(2). */
noreturn void die(const char *fmt, ...) HR_FORMAT(1, 2);
/* As die(), with ": strerror(errno)" appended. */
noreturn void die_errno(const char *fmt, ...) HR_FORMAT(1, 2);
/* Prints "hr-x: msg" and returns -1, for library code that lets callers decide. */
int error(const char *fmt, ...) HR_FORMAT(1, 2);
int error_errno(const char *fmt, ...) HR_FORMAT(1, 2);
/* "hr-x: warning: msg". */
void warning(const char *fmt, ...) HR_FORMAT(1, 2);
void warning_errno(const char *fmt, ...) HR_FORMAT(1, 2);
/*
 * Bad usage: prints "hr-x: msg" (when fmt is not NULL) and
 * "Try 'hr-x --help'." then exits 2.
 */
noreturn void usage_error(const char *fmt, ...) HR_FORMAT(1, 2);
/*
 * A broken invariant of the program itself, not of its input:
 * "hr-x: BUG: file.c:12: msg" on stderr, then abort().
 */
noreturn void bug_fl(const char *file, int line, const char *fmt, ...) HR_FORMAT(3, 4);
#define BUG(...) bug_fl(__FILE__, __LINE__, __VA_ARGS__)

#endif
