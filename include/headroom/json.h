/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * One JSON writer for every tool's --json and --format json: values are
 * appended to a strbuf, commas and nesting are kept by the writer, and the
 * output is valid JSON for any input (numbers that are not finite become
 * null; strings are escaped by strbuf_add_json()).
 *
 *	struct json j;
 *	json_init(&j, &sb);
 *	json_object_begin(&j, NULL);
 *	json_str(&j, "entity", name);
 *	json_num(&j, "cpu_p95", 0.25);
 *	json_array_begin(&j, "levels"); json_num(&j, NULL, 80); json_array_end(&j);
 *	json_object_end(&j);
 *
 * Inside an object every value takes a key; inside an array or at the top,
 * the key is NULL. Nesting is limited to 32 levels.
 */
#ifndef HEADROOM_JSON_H
#define HEADROOM_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "headroom/strbuf.h"

struct json {
	struct strbuf *sb;
	unsigned depth;
	uint32_t has_items;	/* bit d: level d already holds a value */
	uint32_t is_array;	/* bit d: level d is an array, not an object */
	bool newline_items;	/* one top-level array item per line */
};

void json_init(struct json *j, struct strbuf *sb);
void json_object_begin(struct json *j, const char *key);
void json_object_end(struct json *j);
void json_array_begin(struct json *j, const char *key);
void json_array_end(struct json *j);
/*
 * Ends the document: closes every array and object still open, adds a
 * newline and writes the whole buffer to out. Returns 0, or -1 on a write
 * error. The buffer stays the caller's to release.
 */
int json_finish(struct json *j, FILE *out);
/* A string, or null when s is NULL. */
void json_str(struct json *j, const char *key, const char *s);
void json_strn(struct json *j, const char *key, const char *s, size_t len);
/* A number as strbuf_add_num() writes it; null when not finite. */
void json_num(struct json *j, const char *key, double v);
void json_int(struct json *j, const char *key, int64_t v);
void json_uint(struct json *j, const char *key, uint64_t v);
void json_bool(struct json *j, const char *key, bool v);
void json_null(struct json *j, const char *key);
/* Text already in JSON (a nested document, say), appended as the value. */
void json_raw(struct json *j, const char *key, const char *text);

/* For JSON readers: the value of the four hex digits of a "\\u" escape at s, or -1. */
int json_hex4(const char *s);

#endif
