/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * For unit tests of code that ends the process (die(), usage_error()) or
 * writes to stdout/stderr: run_child() runs fn(arg) in a forked child and
 * returns its exit status (128 + signal when killed) with what it printed.
 */
#ifndef HEADROOM_TEST_CHILD_H
#define HEADROOM_TEST_CHILD_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct child_result {
	int status;
	char out[16384];
	char err[16384];
};

static void child_slurp(int fd, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;

	while (len + 1 < size && (n = read(fd, buf + len, size - 1 - len)) > 0)
		len += (size_t)n;
	buf[len] = '\0';
	close(fd);
}

static int run_child(void (*fn)(void *), void *arg, struct child_result *r)
{
	int po[2], pe[2], st;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	if (pipe(po) || pipe(pe))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(po[1], 1);
		dup2(pe[1], 2);
		close(po[0]);
		close(pe[0]);
		close(po[1]);
		close(pe[1]);
		fn(arg);
		fflush(stdout);
		_exit(0);
	}
	close(po[1]);
	close(pe[1]);
	/* Outputs are small: the pipes' buffers hold stderr while stdout is read. */
	child_slurp(po[0], r->out, sizeof(r->out));
	child_slurp(pe[0], r->err, sizeof(r->err));
	waitpid(pid, &st, 0);
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	return r->status;
}

#endif
