// SPDX-License-Identifier: GPL-3.0-or-later
/* Unit tests of the diagnostics: prefixes, errno text, exit statuses. */
#include <errno.h>

#include "headroom/error.h"
#include "child.h"
#include "tap.h"

static void do_die(void *arg)
{
	(void)arg;
	set_progname("/usr/local/bin/hr-fold");
	die("cannot parse '%s'", "x.txt");
}

static void do_die_errno(void *arg)
{
	(void)arg;
	set_progname("hr-top");
	errno = ENOENT;
	die_errno("cannot open '%s'", "nosuch");
}

static void do_error_and_warning(void *arg)
{
	int rc;

	(void)arg;
	set_progname("hr-diff");
	printf("before\n");
	rc = error("bad %d", 1);
	errno = EACCES;
	rc += error_errno("denied");
	warning("odd line %d", 7);
	errno = EPIPE;
	warning_errno("pipe");
	printf("rc %d\n", rc);
}

static void do_usage(void *arg)
{
	(void)arg;
	set_progname("hr-flame");
	usage_error("unknown colour '%s'", "pink");
}

static void do_usage_plain(void *arg)
{
	(void)arg;
	set_progname("hr-flame");
	usage_error(NULL);
}

static void do_long(void *arg)
{
	char big[10000];

	(void)arg;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	set_progname("hr-x");
	die("%s", big);
}

int main(void)
{
	struct child_result r;

	is_str(progname(), "headroom", "the name before set_progname() is headroom");
	set_progname("");
	is_str(progname(), "headroom", "an empty argv0 keeps it");
	set_progname("./bin/hr-sample");
	is_str(progname(), "hr-sample", "set_progname keeps the basename");

	run_child(do_die, NULL, &r);
	is_int(r.status, 2, "die exits 2");
	is_str(r.err, "hr-fold: cannot parse 'x.txt'\n", "die prefixes the tool's name");
	run_child(do_die_errno, NULL, &r);
	is_int(r.status, 2, "die_errno exits 2");
	is_str(r.err, "hr-top: cannot open 'nosuch': No such file or directory\n",
	       "die_errno appends strerror");
	run_child(do_error_and_warning, NULL, &r);
	is_int(r.status, 0, "error and warning do not exit");
	is_str(r.out, "before\nrc -2\n", "error() returns -1");
	is_str(r.err, "hr-diff: bad 1\nhr-diff: denied: Permission denied\n"
	       "hr-diff: warning: odd line 7\nhr-diff: warning: pipe: Broken pipe\n",
	       "error, error_errno, warning, warning_errno");
	run_child(do_usage, NULL, &r);
	is_int(r.status, 2, "usage_error exits 2");
	is_str(r.err, "hr-flame: unknown colour 'pink'\nTry 'hr-flame --help'.\n",
	       "usage_error says what and where to look");
	run_child(do_usage_plain, NULL, &r);
	is_str(r.err, "Try 'hr-flame --help'.\n", "usage_error(NULL) prints only the hint");
	run_child(do_long, NULL, &r);
	is_int(r.status, 2, "a very long message does not overflow");
	ok(!strncmp(r.err, "hr-x: xxxx", 10) && strlen(r.err) < 5000, "and is truncated");
	return done_testing();
}
