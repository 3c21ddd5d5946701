// SPDX-License-Identifier: GPL-3.0-or-later
/* The JSON writer of json.h: commas and nesting kept in two words of state. */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "headroom/error.h"
#include "headroom/json.h"

void json_init(struct json *j, struct strbuf *sb)
{
	*j = (struct json){ .sb = sb };
}

/* The comma and key before a value at the current level. */
static void member(struct json *j, const char *key)
{
	uint32_t bit = 1u << j->depth;

	if (j->has_items & bit)
		strbuf_addch(j->sb, ',');
	if (j->newline_items && j->depth == 1)
		strbuf_addch(j->sb, '\n');
	j->has_items |= bit;
	if (key) {
		strbuf_add_json(j->sb, key, strlen(key));
		strbuf_addch(j->sb, ':');
	}
}

static void open_level(struct json *j, const char *key, char c)
{
	member(j, key);
	strbuf_addch(j->sb, c);
	if (++j->depth >= 32)
		BUG("JSON nested deeper than 32 levels");
	j->has_items &= ~(1u << j->depth);
	if (c == '[')
		j->is_array |= 1u << j->depth;
	else
		j->is_array &= ~(1u << j->depth);
}

static void close_level(struct json *j, char c)
{
	if (!j->depth)
		BUG("JSON closed more levels than it opened");
	if (j->newline_items && j->depth == 1 && (j->has_items & 2u))
		strbuf_addch(j->sb, '\n');
	j->depth--;
	strbuf_addch(j->sb, c);
}

void json_object_begin(struct json *j, const char *key) { open_level(j, key, '{'); }
void json_object_end(struct json *j) { close_level(j, '}'); }
void json_array_begin(struct json *j, const char *key) { open_level(j, key, '['); }
void json_array_end(struct json *j) { close_level(j, ']'); }

int json_finish(struct json *j, FILE *out)
{
	while (j->depth)
		close_level(j, j->is_array & (1u << j->depth) ? ']' : '}');
	strbuf_addch(j->sb, '\n');
	return strbuf_write(j->sb, out);
}

void json_strn(struct json *j, const char *key, const char *s, size_t len)
{
	member(j, key);
	strbuf_add_json(j->sb, s, len);
}

void json_str(struct json *j, const char *key, const char *s)
{
	if (!s) {
		json_null(j, key);
		return;
	}
	json_strn(j, key, s, strlen(s));
}

void json_num(struct json *j, const char *key, double v)
{
	member(j, key);
	if (isfinite(v))
		strbuf_add_num(j->sb, v);
	else
		strbuf_addstr(j->sb, "null");
}

void json_int(struct json *j, const char *key, int64_t v)
{
	member(j, key);
	strbuf_addf(j->sb, "%" PRId64, v);
}

void json_uint(struct json *j, const char *key, uint64_t v)
{
	member(j, key);
	strbuf_addf(j->sb, "%" PRIu64, v);
}

void json_bool(struct json *j, const char *key, bool v)
{
	member(j, key);
	strbuf_addstr(j->sb, v ? "true" : "false");
}

void json_null(struct json *j, const char *key)
{
	member(j, key);
	strbuf_addstr(j->sb, "null");
}

void json_raw(struct json *j, const char *key, const char *text)
{
	member(j, key);
	strbuf_addstr(j->sb, text);
}

int json_hex4(const char *s)
{
	int v = 0, i;

	for (i = 0; i < 4; i++) {
		char c = s[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}
