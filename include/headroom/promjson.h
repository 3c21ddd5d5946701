/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A streaming JSON tokenizer, fed as bytes arrive (a libcurl write
 * callback's chunks), for replies far larger than memory should hold: a
 * query_range reply of 500 series and 11,000 points each is 150 MB. It
 * checks the grammar (RFC 8259) and hands out one token at a time, with
 * strings unescaped (\uXXXX to UTF-8) and numbers as their text; a token
 * cut between two chunks is kept until it is whole, so memory holds one
 * token and the nesting, never the document.
 *
 *	struct json_stream js;
 *	json_stream_init(&js, on_token, arg);
 *	while (more) if (json_stream_feed(&js, buf, n) < 0) fail(js.err);
 *	if (json_stream_finish(&js) < 0) fail(js.err);
 *	json_stream_release(&js);
 */
#ifndef HEADROOM_PROMJSON_H
#define HEADROOM_PROMJSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "headroom/strbuf.h"

enum json_token {
	JSON_OBJECT_BEGIN, JSON_OBJECT_END, JSON_ARRAY_BEGIN, JSON_ARRAY_END,
	JSON_KEY,		/* an object's key: text, len */
	JSON_STRING,		/* a string value: text, len (may hold NUL bytes) */
	JSON_NUMBER,		/* a number's text, as written */
	JSON_TRUE, JSON_FALSE, JSON_NULL,
};

/*
 * Called for each token with its text (for keys, strings and numbers; NULL
 * otherwise), valid only during the call. Returns 0 to go on, anything
 * else to stop: json_stream_feed() then returns that value.
 */
typedef int json_token_fn(void *arg, enum json_token t, const char *text, size_t len);

#define JSON_STREAM_DEPTH 64

struct json_stream {
	json_token_fn *fn;
	void *arg;
	int state;			/* what comes next (promjson.c) */
	unsigned depth;
	bool in_object[JSON_STREAM_DEPTH];
	struct strbuf tok;		/* a token cut by a chunk's end, raw */
	struct strbuf str;		/* an unescaped string */
	int tok_kind;			/* the kind of token in tok, 0: none */
	bool escape;			/* tok ends inside an escape */
	uint64_t offset;		/* bytes consumed before this chunk */
	int stop;			/* the callback's non-zero answer */
	char err[160];			/* the reason, with the byte offset */
};

void json_stream_init(struct json_stream *js, json_token_fn *fn, void *arg);
/* Feeds the next len bytes; returns 0, -1 on bad JSON (reason in err), or
 * the callback's non-zero return. */
int json_stream_feed(struct json_stream *js, const char *buf, size_t len);
/* The input ended: returns 0 when it was one whole JSON value, else -1. */
int json_stream_finish(struct json_stream *js);
void json_stream_release(struct json_stream *js);

#endif
