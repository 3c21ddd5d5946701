// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Unit tests of the query API's reply reader: matrices and vectors, the
 * headroom names, special values, error replies in the server's words,
 * warnings and partial answers, bodies that are not the API's JSON, and the
 * same answer however the body is cut into chunks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "headroom/error.h"
#include "headroom/prom.h"
#include "headroom/strbuf.h"
#include "tap.h"

static struct strbuf got = STRBUF_INIT;
static char err[1024];

static int on_series(void *arg, const char *name, const char *labels)
{
	(void)arg;
	strbuf_addf(&got, "%s{%s}\n", name, labels);
	return 0;
}

static int on_point(void *arg, int64_t t_ms, double value)
{
	(void)arg;
	strbuf_addf(&got, " %lld %g\n", (long long)t_ms, value);
	return 0;
}

/* Parses body in chunks of chunk bytes; what it gives is in got, what it
 * said on standard error in err. */
static int parse(const char *body, size_t chunk)
{
	static const struct prom_handler h = { on_series, on_point, NULL };
	FILE *f = tmpfile();
	int saved = dup(2), rc;
	size_t n;

	strbuf_reset(&got);
	fflush(stderr);
	dup2(fileno(f), 2);
	rc = prom_parse_reply("http://p:9090/api/v1/query_range", body, strlen(body), chunk, &h);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(f);
	n = fread(err, 1, sizeof(err) - 1, f);
	while (n && err[n - 1] == '\n')
		n--;
	err[n] = '\0';
	fclose(f);
	return rc;
}

static const char matrix[] =
	"{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
	"{\"metric\":{\"__name__\":\"headroom_cpu_util\",\"host\":\"h1\"},"
	"\"values\":[[1700000000,\"0.5\"],[1700000060.5,\"NaN\"]]},"
	"{\"metric\":{\"job\":\"n\",\"device\":\"sda\\u00e9\"},"
	"\"values\":[[1700000000,\"+Inf\"]]}]}}";

static void test_matrix(void)
{
	struct strbuf whole = STRBUF_INIT;

	is_int(parse(matrix, 0), 0, "a matrix parses");
	is_str(got.buf,
	       "cpu.util{host=h1}\n 1700000000000 0.5\n 1700000060500 nan\n"
	       "{device=sda\xc3\xa9,job=n}\n 1700000000000 inf\n",
	       "series by their headroom names, labels in canonical order, special values");
	strbuf_addstr(&whole, got.buf);
	is_int(parse(matrix, 1), 0, "the same body one byte at a time");
	is_str(got.buf, whole.buf, "gives the same series and points");
	strbuf_release(&whole);
}

static void test_errors(void)
{
	is_int(parse("{\"status\":\"error\",\"errorType\":\"bad_data\","
		     "\"error\":\"1:13: parse error: unclosed left parenthesis\"}", 0),
	       -1, "an error reply fails");
	ok(strstr(err, "http://p:9090/api/v1/query_range: HTTP 200 bad_data: 1:13: parse error: "
		  "unclosed left parenthesis") != NULL,
	   "in the server's words, with the URL: %s", err);
	is_int(parse("<html><body>502 Bad Gateway</body></html>", 3), -1, "HTML fails");
	ok(strstr(err, "not a reply of the query API") && strstr(err, "<html><body>502"),
	   "saying so, with the body's first line: %s", err);
	is_int(parse("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[", 0),
	       -1, "a truncated reply fails");
	ok(strstr(err, "not a reply of the query API") != NULL, "saying so: %s", err);
	is_int(parse("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
		     "{\"metric\":{\"__name__\":\"up\xa5\"},\"value\":[1,\"1\"]}]}}", 0),
	       -1, "a string that is not UTF-8 fails");
	ok(strstr(err, "not UTF-8") != NULL, "saying so: %s", err);
	is_int(parse("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
		     "{\"metric\":{\"__name__\":\"up\",\"a\":\"x\\ty\\n\"},"
		     "\"value\":[1,\"1\"]}]}}", 0),
	       0, "control characters in a label value");
	is_str(got.buf, "up{a=\"x\\ty\\n\"}\n 1000 1\n", "are escaped in the canonical labels");
	is_int(parse("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
		     "{\"metric\":{\"__name__\":\"u\x7fp\"},\"value\":[1,\"1\"]},"
		     "{\"metric\":{\"__name__\":\"up\",\"a b\":\"1\"},\"value\":[1,\"2\"]},"
		     "{\"metric\":{\"__name__\":\"up\"},\"value\":[1,\"3\"]}]}}", 0),
	       1, "series whose names cannot be written: a warning");
	is_str(got.buf, "up{}\n 1000 3\n", "they are left out, the others read");
	ok(strstr(err, "left out a series") && strstr(err, "u\\x7fp") && strstr(err, ": a b"),
	   "each named, escaped: %s", err);
	is_int(parse("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
		     "{\"metric\":{\"__name__\":\"up\"},\"value\":[1700000000,\"1\"]}]},"
		     "\"warnings\":[\"too many samples\"]}", 0),
	       1, "warnings: the data, and 1");
	is_str(got.buf, "up{}\n 1700000000000 1\n", "a vector's one point");
	ok(strstr(err, "too many samples") != NULL, "the warning is shown: %s", err);
	is_int(parse("{\"status\":\"success\",\"isPartial\":true,\"data\":{\"resultType\":\"matrix\","
		     "\"result\":[]}}", 0),
	       1, "a partial answer warns");
	ok(strstr(err, "partial response") != NULL, "saying so: %s", err);
}

int main(void)
{
	set_progname("test-prom-reply");
	test_matrix();
	test_errors();
	strbuf_release(&got);
	return done_testing();
}
