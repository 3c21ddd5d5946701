// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Unit tests of the debuginfod fetcher with the real libdebuginfod: no
 * fetcher without DEBUGINFOD_URLS, a file from the client's cache, a port
 * where nothing listens (one failure stops the queue), and a server that
 * accepts and never answers, whose wait dbgfetch_finish() bounds.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "headroom/debuginfod.h"
#include "headroom/progress.h"
#include "tap.h"

#define ID1 "396545a457d3ad8556f11280e676a712c362b2f0"
#define ID2 "9e1880254658d1ce47145c0c7861722247c3dd6d"

/* A listening socket on 127.0.0.1 (never accepted from); sets *port. */
static int listener(int *port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 16) ||
	    getsockname(fd, (struct sockaddr *)&sa, &len))
		return -1;
	*port = ntohs(sa.sin_port);
	return fd;
}

static void set_url(int port)
{
	char url[64];

	snprintf(url, sizeof(url), "http://127.0.0.1:%d", port);
	setenv("DEBUGINFOD_URLS", url, 1);
}

static void test_no_urls(void)
{
	unsetenv("DEBUGINFOD_URLS");
	ok(dbgfetch_start() == NULL, "no fetcher without DEBUGINFOD_URLS");
	setenv("DEBUGINFOD_URLS", " ", 1);
	ok(dbgfetch_start() == NULL, "nor with blanks in it");
}

static void test_cache(const char *cache, int dead_port)
{
	char dir[512], path[600];
	const char *got = NULL;
	struct dbgfetch *f;
	FILE *fp;

	snprintf(dir, sizeof(dir), "%s/%s", cache, ID1);
	mkdir(dir, 0700);
	snprintf(path, sizeof(path), "%s/debuginfo", dir);
	fp = fopen(path, "w");
	if (fp) {
		fputs("not really ELF\n", fp);
		fclose(fp);
	}
	set_url(dead_port);
	f = dbgfetch_start();
	ok(f != NULL, "a fetcher with DEBUGINFOD_URLS");
	if (!f)
		return;
	is_int(dbgfetch_get(f, ID1, &got), DBGFETCH_PENDING, "asked: pending at once");
	is_int(dbgfetch_finish(f, 10), 1, "answered within the wait");
	is_int(dbgfetch_get(f, ID1, &got), DBGFETCH_FOUND, "found in the cache, server down");
	is_str(got, path, "its path is the cache's file");
	dbgfetch_free(f);
}

static void test_refused(int dead_port)
{
	struct dbgfetch *f;
	double t0;

	set_url(dead_port);
	f = dbgfetch_start();
	if (!ok(f != NULL, "a fetcher for a port where nothing listens"))
		return;
	dbgfetch_get(f, ID2, NULL);
	dbgfetch_get(f, ID1 "00", NULL);
	t0 = monotonic_seconds();
	is_int(dbgfetch_finish(f, 10), 2, "both build-ids answered");
	ok(monotonic_seconds() - t0 < 5, "at once, not after the wait");
	is_int(dbgfetch_get(f, ID2, NULL), DBGFETCH_FAILED, "refused: failed");
	ok(dbgfetch_error(f, ID2) && strcmp(dbgfetch_error(f, ID2), "not found") &&
	   strcmp(dbgfetch_error(f, ID2), "timed out"), "with the reason: %s",
	   dbgfetch_error(f, ID2) ? dbgfetch_error(f, ID2) : "(none)");
	is_str(dbgfetch_error(f, ID1 "00"), dbgfetch_error(f, ID2),
	       "the next build-id is not asked: the same failure");
	is_int(dbgfetch_get(f, ID1, NULL), DBGFETCH_FAILED, "asked after the end: failed");
	dbgfetch_free(f);
}

static void test_silent(void)
{
	struct dbgfetch *f;
	int port, fd = listener(&port);
	double t0, took;

	if (!ok(fd >= 0, "a server that accepts and never answers"))
		return;
	set_url(port);
	setenv("DEBUGINFOD_TIMEOUT", "60", 1);
	f = dbgfetch_start();
	if (!ok(f != NULL, "a fetcher for it")) {
		close(fd);
		return;
	}
	is_int(dbgfetch_get(f, ID2, NULL), DBGFETCH_PENDING, "pending");
	usleep(100000);
	is_int(dbgfetch_poll(f), 0, "no answer yet");
	t0 = monotonic_seconds();
	is_int(dbgfetch_finish(f, 0.5), 0, "none within the wait");
	took = monotonic_seconds() - t0;
	ok(took >= 0.4 && took < 3, "the wait is bounded: %.2f s for 0.5 s, not 60", took);
	is_int(dbgfetch_get(f, ID2, NULL), DBGFETCH_FAILED, "then failed");
	is_str(dbgfetch_error(f, ID2), "timed out", "as timed out");
	dbgfetch_free(f);
	unsetenv("DEBUGINFOD_TIMEOUT");
	close(fd);
}

int main(void)
{
	char cache[] = "/tmp/test-debuginfod.XXXXXX";
	int port, fd = listener(&port);
	struct dbgfetch *probe;
	char cmd[600];

	/* A port that was free a moment ago and that nothing listens on now. */
	if (fd >= 0)
		close(fd);
	if (!mkdtemp(cache))
		return 2;
	setenv("DEBUGINFOD_CACHE_PATH", cache, 1);
	test_no_urls();
	setenv("DEBUGINFOD_URLS", "http://127.0.0.1:1", 1);
	probe = dbgfetch_start();
	if (!probe) {
		printf("1..0 # SKIP libdebuginfod.so.1 cannot be loaded\n");
		return 0;
	}
	dbgfetch_free(probe);
	test_cache(cache, port);
	test_refused(port);
	test_silent();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", cache);
	if (system(cmd))
		ok(0, "cache removed");
	return done_testing();
}
