// SPDX-License-Identifier: GPL-3.0-or-later
/* Unit tests of what every main() shares: version, output files, share/ data. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "headroom/alloc.h"
#include "headroom/cli.h"
#include "headroom/error.h"
#include "child.h"
#include "tap.h"

static char tmpdir[] = "/tmp/hr-test-cli-XXXXXX";

static void do_version(void *arg)
{
	(void)arg;
	cli_init("/somewhere/bin/hr-top");
	print_version();
}

static void do_sigpipe(void *arg)
{
	struct sigaction sa;

	(void)arg;
	signal(SIGPIPE, SIG_IGN);
	cli_init("hr-x");
	sigaction(SIGPIPE, NULL, &sa);
	printf("%s\n", sa.sa_handler == SIG_DFL ? "default" : "changed");
}

static void do_full(void *arg)
{
	(void)arg;
	set_progname("hr-x");
	if (!freopen("/dev/full", "w", stdout))
		_exit(9);
	printf("some output\n");
	_exit(finish_stdout());
}

static void do_ok_stdout(void *arg)
{
	(void)arg;
	printf("fine\n");
	_exit(finish_stdout());
}

static void do_open_fail(void *arg)
{
	(void)arg;
	set_progname("hr-x");
	open_output("/nonexistent/dir/out.svg");
}

static void do_close_fail(void *arg)
{
	FILE *f;

	(void)arg;
	set_progname("hr-x");
	f = open_output("/dev/full");
	fprintf(f, "data\n");
	close_output(f, "/dev/full");
}

static void do_missing_share(void *arg)
{
	(void)arg;
	set_progname("hr-x");
	read_share_file("no-such-file.js", NULL);
}

int main(void)
{
	struct child_result r;
	char *path, *s;
	size_t len = 0;
	FILE *f;

	if (!mkdtemp(tmpdir))
		return 1;
	run_child(do_version, NULL, &r);
	is_str(r.out, "hr-top (headroom) " HEADROOM_VERSION "\n", "print_version names tool and version");
	run_child(do_sigpipe, NULL, &r);
	is_str(r.out, "default\n", "cli_init restores SIGPIPE to its default");

	ok(open_output(NULL) == stdout && open_output("-") == stdout, "NULL and - are stdout");
	close_output(stdout, "-");
	ok(fcntl(1, F_GETFD) != -1, "close_output leaves stdout open");
	path = xasprintf("%s/out.txt", tmpdir);
	f = open_output(path);
	fprintf(f, "hello\n");
	close_output(f, path);
	s = read_file(path, &len);
	ok(s && len == 6 && !strcmp(s, "hello\n"), "open_output and close_output write a file");
	free(s);
	unlink(path);
	free(path);
	errno = 0;
	ok(read_file("/nonexistent/x", &len) == NULL && errno == ENOENT,
	   "read_file of a missing file: NULL and ENOENT");
	errno = 0;
	ok(read_file(tmpdir, &len) == NULL && errno == EISDIR, "read_file of a directory: EISDIR");
	s = read_file("/dev/null", &len);
	ok(s && len == 0 && s[0] == '\0', "read_file of an empty file: an empty string");
	free(s);

	run_child(do_open_fail, NULL, &r);
	is_int(r.status, 2, "open_output of an impossible path dies with 2");
	ok(strstr(r.err, "hr-x: cannot open '/nonexistent/dir/out.svg' for writing: No such file") != NULL,
	   "and says why: %s", r.err);
	run_child(do_close_fail, NULL, &r);
	is_int(r.status, 2, "close_output reports a write error");
	ok(strstr(r.err, "cannot write '/dev/full'") != NULL, "naming the file: %s", r.err);
	run_child(do_full, NULL, &r);
	is_int(r.status, 2, "finish_stdout on a full disk returns 2");
	ok(strstr(r.err, "hr-x: write error on standard output: No space left") != NULL,
	   "and says so: %s", r.err);
	run_child(do_ok_stdout, NULL, &r);
	ok(r.status == 0 && !strcmp(r.out, "fine\n"), "finish_stdout returns 0 after a good write");

	/* share_dir() remembers its first answer, so set the variable before asking. */
	path = xasprintf("%s/flame.js", tmpdir);
	f = fopen(path, "w");
	fputs("function init(evt) {}\n", f);
	fclose(f);
	setenv("HEADROOM_SHARE", tmpdir, 1);
	is_str(share_dir(), tmpdir, "HEADROOM_SHARE sets the data directory");
	s = read_share_file("flame.js", &len);
	ok(len == 22 && !strcmp(s, "function init(evt) {}\n"), "read_share_file reads from it");
	free(s);
	run_child(do_missing_share, NULL, &r);
	ok(r.status == 2 && strstr(r.err, "no-such-file.js") && strstr(r.err, "HEADROOM_SHARE"),
	   "a missing data file dies naming it and the variable: %s", r.err);
	unlink(path);
	free(path);
	rmdir(tmpdir);
	return done_testing();
}
