// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * A scanner of one JSON object at a time, for results written one object per
 * line (k6, vegeta): members are handed out as views of the line, nested
 * values skipped as spans, and strings unescaped only when asked.
 */
#include <string.h>

#include "headroom/json.h"
#include "loadtest-impl.h"

static const char *skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	return p;
}

/* The closing quote of the string whose text starts at p; NULL when unterminated. */
static const char *string_end(const char *p, const char *end, bool *escaped)
{
	for (;;) {
		const char *q = memchr(p, '"', (size_t)(end - p)), *b;

		if (!q)
			return NULL;
		b = memchr(p, '\\', (size_t)(q - p));
		if (!b)
			return q;
		*escaped = true;
		if (b + 1 >= end)
			return NULL;
		p = b + 2;
	}
}

/* The end of the object or array starting at p (its opening bracket). */
static const char *nested_end(const char *p, const char *end)
{
	int depth = 0;

	for (; p < end; p++) {
		bool esc = false;

		switch (*p) {
		case '"':
			p = string_end(p + 1, end, &esc);
			if (!p)
				return NULL;
			break;
		case '{':
		case '[':
			depth++;
			break;
		case '}':
		case ']':
			if (--depth == 0)
				return p + 1;
			break;
		default:
			break;
		}
	}
	return NULL;
}

static const char *scan_value(const char *p, const char *end, struct ljson_value *v)
{
	const char *e;

	v->escaped = false;
	if (p >= end)
		return NULL;
	switch (*p) {
	case '"':
		e = string_end(p + 1, end, &v->escaped);
		if (!e)
			return NULL;
		v->type = LJ_STRING;
		v->s = p + 1;
		v->len = (size_t)(e - p - 1);
		return e + 1;
	case '{':
	case '[':
		e = nested_end(p, end);
		if (!e)
			return NULL;
		v->type = *p == '{' ? LJ_OBJECT : LJ_ARRAY;
		break;
	case 't':
	case 'f':
	case 'n': {
		static const char *const words[] = { "true", "false", "null" };
		static const enum ljson_type types[] = { LJ_TRUE, LJ_FALSE, LJ_NULL };
		int i = *p == 't' ? 0 : *p == 'f' ? 1 : 2;
		size_t n = strlen(words[i]);

		if ((size_t)(end - p) < n || memcmp(p, words[i], n))
			return NULL;
		v->type = types[i];
		e = p + n;
		break;
	}
	default:
		e = p;
		while (e < end && strchr("+-0123456789.eE", *e) && *e)
			e++;
		if (e == p)
			return NULL;
		v->type = LJ_NUMBER;
		break;
	}
	v->s = p;
	v->len = (size_t)(e - p);
	return e;
}

int ljson_object(const char *s, size_t len, ljson_member_fn fn, void *arg, const char **why)
{
	const char *p = s, *end = s + len;

	p = skip_ws(p, end);
	if (p >= end || *p != '{') {
		*why = "expected a JSON object";
		return -1;
	}
	p = skip_ws(p + 1, end);
	if (p < end && *p == '}')
		return 0;
	for (;;) {
		struct ljson_value v;
		const char *key, *kend;
		bool esc = false;
		int rc;

		if (p >= end || *p != '"')
			goto bad;
		key = p + 1;
		kend = string_end(key, end, &esc);
		if (!kend)
			goto bad;
		p = skip_ws(kend + 1, end);
		if (p >= end || *p != ':')
			goto bad;
		p = scan_value(skip_ws(p + 1, end), end, &v);
		if (!p)
			goto bad;
		rc = fn(arg, key, (size_t)(kend - key), &v);
		if (rc < 0) {
			*why = "unexpected value";
			return -1;
		}
		if (rc > 0)
			return 0;
		p = skip_ws(p, end);
		if (p < end && *p == '}')
			return 0;
		if (p >= end || *p != ',')
			goto bad;
		p = skip_ws(p + 1, end);
	}
bad:
	*why = "malformed JSON";
	return -1;
}

bool ljson_key_is(const char *key, size_t klen, const char *name)
{
	return strlen(name) == klen && !memcmp(key, name, klen);
}

struct field_table {
	const struct ljson_field *f;
	size_t n;
};

static int field_member(void *arg, const char *key, size_t klen, const struct ljson_value *v)
{
	const struct field_table *t = arg;
	size_t i;

	for (i = 0; i < t->n; i++) {
		if (!t->f[i].key || !ljson_key_is(key, klen, t->f[i].key))
			continue;
		*t->f[i].value = *v;
		if (t->f[i].found)
			*t->f[i].found = true;
	}
	return 0;
}

int ljson_fields(const char *s, size_t len, const struct ljson_field *f, size_t n,
		 const char **why)
{
	struct field_table t = { f, n };

	return ljson_object(s, len, field_member, &t, why);
}

void ljson_unescape(const struct ljson_value *v, struct strbuf *sb)
{
	const char *p = v->s, *end = v->s + v->len;

	strbuf_reset(sb);
	if (!v->escaped) {
		strbuf_add(sb, p, v->len);
		return;
	}
	while (p < end) {
		const char *b = memchr(p, '\\', (size_t)(end - p));
		int c, lo;

		if (!b || b + 1 >= end) {
			strbuf_add(sb, p, (size_t)(end - p));
			return;
		}
		strbuf_add(sb, p, (size_t)(b - p));
		p = b + 2;
		switch (b[1]) {
		case 'n': strbuf_addch(sb, '\n'); break;
		case 't': strbuf_addch(sb, '\t'); break;
		case 'r': strbuf_addch(sb, '\r'); break;
		case 'b': strbuf_addch(sb, '\b'); break;
		case 'f': strbuf_addch(sb, '\f'); break;
		case 'u':
			c = end - p >= 4 ? json_hex4(p) : -1;
			if (c < 0) {
				strbuf_addstr(sb, "\\u");
				break;
			}
			p += 4;
			if (c >= 0xd800 && c < 0xdc00 && end - p >= 6 && p[0] == '\\' && p[1] == 'u' &&
			    (lo = json_hex4(p + 2)) >= 0xdc00 && lo < 0xe000) {
				c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
				p += 6;
			}
			strbuf_add_utf8(sb, (unsigned long)c);
			break;
		default:
			strbuf_addch(sb, b[1]);
			break;
		}
	}
}
