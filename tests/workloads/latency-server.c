// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * An HTTP/1.1 server with a designed latency distribution, for hr-latency's
 * tests with real load generators (ab, wrk) on 127.0.0.1: every SLOW_EVERY-th
 * request waits SLOW_MS before its answer, every ERROR_EVERY-th is answered
 * 500 (0: never). Thread per connection, keep-alive, a deep backlog so that
 * connects do not queue; it binds a free port, writes it to PORTFILE, and
 * ends by itself after LIFETIME seconds (default 300) in case a test dies.
 *
 *	latency-server PORTFILE SLOW_EVERY SLOW_MS ERROR_EVERY [LIFETIME]
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static long slow_every, slow_ms, error_every;
static atomic_long served;

struct conn {
	int fd;
	char buf[8192];
	size_t len;		/* bytes in buf, the next request's first */
};

/* Reads one request's head (up to the blank line) into head; 0 at a closed connection. */
static int read_head(struct conn *c, char *head, size_t size)
{
	for (;;) {
		char *end = memmem(c->buf, c->len, "\r\n\r\n", 4);
		ssize_t r;

		if (end) {
			size_t n = (size_t)(end - c->buf) + 4;

			snprintf(head, size, "%.*s", (int)n, c->buf);
			memmove(c->buf, c->buf + n, c->len - n);
			c->len -= n;
			return 1;
		}
		if (c->len == sizeof(c->buf))
			return 0;
		r = read(c->fd, c->buf + c->len, sizeof(c->buf) - c->len);
		if (r <= 0)
			return 0;
		c->len += (size_t)r;
	}
}

static void *serve(void *arg)
{
	static __thread struct conn c;
	int fd = (int)(intptr_t)arg, one = 1;
	char head[8192], reply[256];

	c.fd = fd;
	c.len = 0;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	while (read_head(&c, head, sizeof(head))) {
		long k = atomic_fetch_add(&served, 1) + 1;
		bool err = error_every && k % error_every == 0;
		bool close_after = strstr(head, "HTTP/1.0") && !strcasestr(head, "keep-alive");
		int len;

		if (slow_every && k % slow_every == 0) {
			struct timespec ts = { slow_ms / 1000, (slow_ms % 1000) * 1000000 };

			nanosleep(&ts, NULL);
		}
		len = snprintf(reply, sizeof(reply),
			       "HTTP/1.1 %s\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n"
			       "Connection: %s\r\n\r\n%s", err ? "500 Internal Server Error" : "200 OK",
			       close_after ? "close" : "keep-alive", err ? "err" : "ok\n");
		if (write(fd, reply, (size_t)len) != len || close_after)
			break;
	}
	close(fd);
	return NULL;
}

int main(int argc, char **argv)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t alen = sizeof(a);
	int s, one = 1;
	FILE *pf;

	if (argc < 5) {
		fprintf(stderr, "usage: latency-server PORTFILE SLOW_EVERY SLOW_MS ERROR_EVERY [LIFETIME]\n");
		return 2;
	}
	slow_every = atol(argv[2]);
	slow_ms = atol(argv[3]);
	error_every = atol(argv[4]);
	alarm(argc > 5 ? (unsigned)atoi(argv[5]) : 300);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(s, 1024) < 0 ||
	    getsockname(s, (struct sockaddr *)&a, &alen) < 0) {
		perror("latency-server");
		return 1;
	}
	pf = fopen(argv[1], "w");
	if (!pf || fprintf(pf, "%d\n", ntohs(a.sin_port)) < 0 || fclose(pf) != 0) {
		perror(argv[1]);
		return 1;
	}
	for (;;) {
		int c = accept(s, NULL, NULL);
		pthread_t t;

		if (c < 0)
			continue;
		if (pthread_create(&t, NULL, serve, (void *)(intptr_t)c) != 0)
			close(c);
		else
			pthread_detach(t);
	}
}
