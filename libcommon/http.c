// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The HTTP client of libheadroom-prom (http.h): libcurl with authentication
 * and TLS from files, one kept-alive connection per client.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <curl/curl.h>

#include "headroom/alloc.h"
#include "headroom/cli.h"
#include "headroom/error.h"
#include "headroom/http.h"

struct http_secrets {
	char *token;		/* bearer token */
	char *user, *password;	/* basic authentication */
	const char *ca_file, *cert_file, *key_file;
};

static void wipe_free(char *s)
{
	if (s) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

/* The first line of a secret file, without its line end; NULL after an error. */
static char *read_secret(const char *opt, const char *path)
{
	char *text, *line;
	struct stat st;
	size_t len;

	text = read_file(path, &len);
	if (!text) {
		error_errno("%s: cannot read '%s'", opt, path);
		return NULL;
	}
	line = xstrndup(text, strcspn(text, "\r\n"));
	explicit_bzero(text, len);
	free(text);
	if (!*line) {
		free(line);
		error("%s: '%s' holds no secret on its first line", opt, path);
		return NULL;
	}
	if (stat(path, &st) == 0 && (st.st_mode & 077))
		warning("%s: '%s' can be read by other users (chmod 600 it)", opt, path);
	return line;
}

static int load_secrets(struct http_secrets *s, const struct http_options *o)
{
	char *colon;

	if (o->bearer_token_file && o->basic_auth_file)
		return error("--bearer-token-file and --basic-auth-file exclude each other");
	if (o->bearer_token_file && !(s->token = read_secret("--bearer-token-file", o->bearer_token_file)))
		return -1;
	if (o->basic_auth_file) {
		if (!(s->user = read_secret("--basic-auth-file", o->basic_auth_file)))
			return -1;
		colon = strchr(s->user, ':');
		if (!colon)
			return error("--basic-auth-file: expected 'user:password' on the first line of '%s'",
				     o->basic_auth_file);
		*colon = '\0';
		s->password = xstrdup(colon + 1);
	}
	if (!!o->cert_file != !!o->key_file)
		return error("--cert-file and --key-file go together");
	s->ca_file = o->ca_file;
	s->cert_file = o->cert_file;
	s->key_file = o->key_file;
	return 0;
}

static void free_secrets(struct http_secrets *s)
{
	if (!s)
		return;
	wipe_free(s->token);
	wipe_free(s->user);
	wipe_free(s->password);
	free(s);
}

static size_t on_body(char *p, size_t size, size_t n, void *arg)
{
	struct http_client *c = arg;
	size_t len = size * n, room = c->body_max > c->body.len ? c->body_max - c->body.len : 0;

	strbuf_add(&c->body, p, len < room ? len : room);
	return len;
}

/* Retry-After: seconds, or an HTTP date. */
static size_t on_header(char *p, size_t size, size_t n, void *arg)
{
	struct http_client *c = arg;
	size_t len = size * n;

	if (len > 12 && !strncasecmp(p, "Retry-After:", 12)) {
		char *v = xstrndup(p + 12, len - 12), *end;
		double s = strtod(v, &end);

		if (end != v && s >= 0)
			c->retry_after = s;
		else {
			time_t t = curl_getdate(v, NULL);

			if (t > 0)
				c->retry_after = fmax(0, (double)(t - time(NULL)));
		}
		free(v);
	}
	return len;
}

void http_client_setup(const struct http_client *c, void *curl, const char *url)
{
	const struct http_secrets *s = c->secrets;
	CURL *h = curl;

	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "headroom/" HEADROOM_VERSION);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	if (s->token) {
		curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BEARER);
		curl_easy_setopt(h, CURLOPT_XOAUTH2_BEARER, s->token);
	} else if (s->user) {
		curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(h, CURLOPT_USERNAME, s->user);
		curl_easy_setopt(h, CURLOPT_PASSWORD, s->password);
	}
	if (s->ca_file)
		curl_easy_setopt(h, CURLOPT_CAINFO, s->ca_file);
	if (s->cert_file) {
		curl_easy_setopt(h, CURLOPT_SSLCERT, s->cert_file);
		curl_easy_setopt(h, CURLOPT_SSLKEY, s->key_file);
	}
}

static bool curl_ready;

int http_client_init(struct http_client *c, const char *url, const struct http_options *o,
		     const char *const *headers)
{
	static const struct http_options none;
	struct curl_slist *hl = NULL;
	const char *why;

	memset(c, 0, sizeof(*c));
	strbuf_init(&c->body, 0);
	c->body_max = 65536;
	c->secrets = xcalloc(1, sizeof(*c->secrets));
	if (http_url_check(url, &why) < 0)
		return error("'%s': %s", url, why);
	c->url = xstrdup(url);
	if (load_secrets(c->secrets, o ? o : &none) < 0)
		return -1;
	if (!curl_ready) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			return error("cannot initialise libcurl");
		curl_ready = true;
	}
	c->curl = curl_easy_init();
	if (!c->curl)
		return error("cannot initialise libcurl");
	/* libcurl would wait up to a second for "100 Continue" before a body. */
	hl = curl_slist_append(hl, "Expect:");
	for (; headers && *headers; headers++)
		hl = curl_slist_append(hl, *headers);
	c->headers = hl;
	http_client_setup(c, c->curl, url);
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, hl);
	curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, c);
	curl_easy_setopt(c->curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c->curl, CURLOPT_HEADERDATA, c);
	curl_easy_setopt(c->curl, CURLOPT_ERRORBUFFER, c->err);
	return 0;
}

void http_client_release(struct http_client *c)
{
	if (c->curl)
		curl_easy_cleanup(c->curl);
	curl_slist_free_all(c->headers);
	free_secrets(c->secrets);
	free(c->url);
	strbuf_release(&c->body);
	memset(c, 0, sizeof(*c));
}

/* One request on the client's handle, set up by the caller; see http_post(). */
static int perform(struct http_client *c, double timeout)
{
	long ms = timeout > 0 ? (long)ceil(timeout * 1000) : 30000;
	CURLcode rc;

	strbuf_reset(&c->body);
	c->status = 0;
	c->retry_after = -1;
	c->err[0] = '\0';
	curl_easy_setopt(c->curl, CURLOPT_TIMEOUT_MS, ms);
	curl_easy_setopt(c->curl, CURLOPT_CONNECTTIMEOUT_MS, ms < 5000 ? ms : 5000L);
	rc = curl_easy_perform(c->curl);
	if (rc != CURLE_OK) {
		if (!c->err[0])
			snprintf(c->err, sizeof(c->err), "%s", curl_easy_strerror(rc));
		return -1;
	}
	curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &c->status);
	return 0;
}

int http_post(struct http_client *c, const void *body, size_t len, const char *content_type,
	      double timeout)
{
	struct curl_slist *hl = c->headers, *ct = NULL;
	int ret;

	if (content_type) {
		char *h = xasprintf("Content-Type: %s", content_type);

		ct = curl_slist_append(NULL, h);
		free(h);
		ct->next = hl;
		hl = ct;
	}
	curl_easy_setopt(c->curl, CURLOPT_URL, c->url);
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, hl);
	curl_easy_setopt(c->curl, CURLOPT_POST, 1L);
	curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	ret = perform(c, timeout);
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, c->headers);
	if (ct) {
		ct->next = NULL;
		curl_slist_free_all(ct);
	}
	return ret;
}

int http_get(struct http_client *c, const char *url, double timeout)
{
	int ret;

	curl_easy_setopt(c->curl, CURLOPT_URL, url);
	curl_easy_setopt(c->curl, CURLOPT_HTTPGET, 1L);
	ret = perform(c, timeout);
	curl_easy_setopt(c->curl, CURLOPT_URL, c->url);
	return ret;
}

void http_body_first_line(const struct http_client *c, struct strbuf *out)
{
	size_t n = strcspn(c->body.buf, "\r\n");
	size_t i;

	strbuf_reset(out);
	strbuf_add(out, c->body.buf, n < 1024 ? n : 1024);
	/* The server's words, but not its control characters on our terminal. */
	for (i = 0; i < out->len; i++)
		if ((unsigned char)out->buf[i] < 0x20 || out->buf[i] == 0x7f)
			out->buf[i] = '?';
	while (out->len && isspace((unsigned char)out->buf[out->len - 1]))
		strbuf_setlen(out, out->len - 1);
}
