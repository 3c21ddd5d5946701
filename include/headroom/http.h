/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * HTTP for the tools that talk to Prometheus-compatible engines: the
 * options every such tool spells the same way (authentication and TLS
 * from files, so that no secret is ever on a command line or in ps), and,
 * in libheadroom-prom, a client over libcurl that applies them.
 *
 * The options and http_url_check() are plain data and string work: a tool
 * may use them without loading libheadroom-prom.
 */
#ifndef HEADROOM_HTTP_H
#define HEADROOM_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "headroom/strbuf.h"

struct http_options {
	const char *bearer_token_file;	/* the token on its first line */
	const char *basic_auth_file;	/* "user:password" on its first line */
	const char *ca_file;		/* CA certificates (PEM) to trust */
	const char *cert_file;		/* client certificate (PEM) */
	const char *key_file;		/* its private key (PEM) */
};

/* The options above, for an options table (options.h), into a struct http_options *o. */
#define OPT_HTTP(o) \
	OPT_FILENAME(0, "bearer-token-file", &(o)->bearer_token_file, "FILE", \
		     "send the token on FILE's first line as 'Authorization: Bearer'"), \
	OPT_FILENAME(0, "basic-auth-file", &(o)->basic_auth_file, "FILE", \
		     "HTTP basic authentication: 'user:password' on FILE's first line"), \
	OPT_FILENAME(0, "ca-file", &(o)->ca_file, "FILE", \
		     "trust the CA certificates in FILE (PEM) for https"), \
	OPT_FILENAME(0, "cert-file", &(o)->cert_file, "FILE", \
		     "client certificate for https (PEM; with --key-file)"), \
	OPT_FILENAME(0, "key-file", &(o)->key_file, "FILE", "the client certificate's private key (PEM)")

/* --timeout of the tools that read a query API, into a double * of seconds. */
#define OPT_PROM_TIMEOUT(v) \
	OPT_DURATION(0, "timeout", (v), "DURATION", \
		     "with --prometheus: time a request may take, the server's evaluation " \
		     "included (default 2m)")

/*
 * Checks a URL the user gave: http:// or https://, a host, and no
 * "user:password@" (a secret would show in ps: use --basic-auth-file).
 * Returns 0, or -1 with the reason in *why.
 */
static inline int http_url_check(const char *url, const char **why)
{
	const char *host = !strncmp(url, "http://", 7) ? url + 7 :
			   !strncmp(url, "https://", 8) ? url + 8 : NULL;
	size_t hlen;

	if (!host) {
		*why = "expected a URL starting with http:// or https://";
		return -1;
	}
	hlen = strcspn(host, "/?#");
	if (!hlen) {
		*why = "expected a host after the scheme";
		return -1;
	}
	if (memchr(host, '@', hlen)) {
		*why = "credentials in the URL would show in ps: use --basic-auth-file";
		return -1;
	}
	return 0;
}

/* --- the client (libheadroom-prom) -------------------------------------- */

struct http_secrets;

/*
 * One connection to one server, kept alive across requests. Diagnostics
 * name the URL without its query. Secrets are read from their files when
 * the client is made, and wiped from memory when it is released.
 */
struct http_client {
	void *curl;			/* CURL * */
	struct http_secrets *secrets;
	void *headers;			/* struct curl_slist * */
	char *url;
	long status;			/* the last response's HTTP status */
	double retry_after;		/* its Retry-After in seconds; -1: none */
	struct strbuf body;		/* its body (for errors: the first 64 KiB) */
	size_t body_max;		/* keep at most this much of it */
	char err[256];			/* the last transport error */
};

/*
 * Makes a client for url with the options (NULL: none) and extra request
 * headers ("Name: value", NULL-terminated; NULL: none). Returns 0, or -1
 * after an error (an unreadable secret file, a bad URL).
 */
int http_client_init(struct http_client *c, const char *url, const struct http_options *o,
		     const char *const *headers);
void http_client_release(struct http_client *c);

/*
 * POSTs body (content_type when not NULL) to the client's URL and waits at
 * most timeout seconds (connecting at most 5 s of them). Returns 0 when a
 * response came (status, retry_after and body set), or -1 for a transport
 * failure (refused, time-out, TLS) with the reason in c->err; prints
 * nothing.
 */
int http_post(struct http_client *c, const void *body, size_t len, const char *content_type,
	      double timeout);

/* GETs url (the client's own server, a query string and all); as http_post(). */
int http_get(struct http_client *c, const char *url, double timeout);

/* The first line of the last response's body, at most 1 KiB (the spec's
 * and Prometheus's own limit for remote-write errors), into out. */
void http_body_first_line(const struct http_client *c, struct strbuf *out);

/*
 * Sets up a libcurl easy handle (CURL *) of another client, such as a read
 * running beside others in a multi handle, as c's own: URL, secrets, TLS.
 */
void http_client_setup(const struct http_client *c, void *curl, const char *url);

#endif
