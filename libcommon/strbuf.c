// SPDX-License-Identifier: GPL-3.0-or-later
/* Growable buffers: the one way headroom builds strings of unknown length. */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/error.h"
#include "headroom/strbuf.h"

char strbuf_slopbuf[1];

void strbuf_init(struct strbuf *sb, size_t hint)
{
	sb->alloc = sb->len = 0;
	sb->buf = strbuf_slopbuf;
	if (hint)
		strbuf_grow(sb, hint);
}

void strbuf_release(struct strbuf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	strbuf_init(sb, 0);
}

char *strbuf_detach(struct strbuf *sb, size_t *len)
{
	char *s;

	if (len)
		*len = sb->len;
	s = sb->alloc ? sb->buf : xstrdup("");
	strbuf_init(sb, 0);
	return s;
}

void strbuf_grow(struct strbuf *sb, size_t extra)
{
	bool fresh = !sb->alloc;

	if (extra > SIZE_MAX - sb->len - 1)
		die("string too long");
	if (sb->len + extra + 1 <= sb->alloc)
		return;
	if (fresh)
		sb->buf = NULL;
	sb->buf = xgrow(sb->buf, &sb->alloc, sb->len + extra + 1, 1);
	if (fresh)
		sb->buf[0] = '\0';
}

void strbuf_setlen(struct strbuf *sb, size_t len)
{
	if (!sb->alloc) {
		if (len)
			die("strbuf_setlen beyond an empty buffer");
		return;
	}
	sb->len = len;
	sb->buf[len] = '\0';
}

void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	/* memcpy(dst, NULL, 0) is undefined, and (NULL, 0) means "nothing". */
	if (!len)
		return;
	strbuf_grow(sb, len);
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void strbuf_addstr(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_addch(struct strbuf *sb, int c)
{
	strbuf_grow(sb, 1);
	sb->buf[sb->len++] = (char)c;
	sb->buf[sb->len] = '\0';
}

void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	strbuf_grow(sb, 64);
	va_copy(cp, ap);
	n = vsnprintf(sb->buf + sb->len, sb->alloc - sb->len, fmt, cp);
	va_end(cp);
	if (n < 0)
		die("bad format string");
	if ((size_t)n >= sb->alloc - sb->len) {
		strbuf_grow(sb, (size_t)n);
		n = vsnprintf(sb->buf + sb->len, sb->alloc - sb->len, fmt, ap);
	}
	sb->len += (size_t)n;
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

void strbuf_add_utf8(struct strbuf *sb, unsigned long cp)
{
	if (cp < 0x80) {
		strbuf_addch(sb, (char)cp);
	} else if (cp < 0x800) {
		strbuf_addch(sb, (char)(0xc0 | (cp >> 6)));
		strbuf_addch(sb, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		strbuf_addch(sb, (char)(0xe0 | (cp >> 12)));
		strbuf_addch(sb, (char)(0x80 | ((cp >> 6) & 0x3f)));
		strbuf_addch(sb, (char)(0x80 | (cp & 0x3f)));
	} else {
		strbuf_addch(sb, (char)(0xf0 | (cp >> 18)));
		strbuf_addch(sb, (char)(0x80 | ((cp >> 12) & 0x3f)));
		strbuf_addch(sb, (char)(0x80 | ((cp >> 6) & 0x3f)));
		strbuf_addch(sb, (char)(0x80 | (cp & 0x3f)));
	}
}

size_t utf8_sequence_len(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n, i;
	uint32_t cp;

	if (!len)
		return 0;
	if (u[0] < 0x80)
		return 1;
	if (u[0] >= 0xc2 && u[0] <= 0xdf)
		n = 2, cp = u[0] & 0x1f;
	else if (u[0] >= 0xe0 && u[0] <= 0xef)
		n = 3, cp = u[0] & 0x0f;
	else if (u[0] >= 0xf0 && u[0] <= 0xf4)
		n = 4, cp = u[0] & 0x07;
	else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (u[i] & 0x3f);
	}
	/* Overlong forms, UTF-16 surrogates and code points past U+10FFFF. */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/*
 * Appends s, escaped by esc() per character; bytes that are not UTF-8 are
 * written as the visible text "\xHH", which both JSON and XML can carry.
 */
static void add_escaped(struct strbuf *sb, const char *s, size_t len,
			const char *(*esc)(unsigned char c, char *buf))
{
	size_t i = 0, start = 0;
	char buf[8], hex[16];

	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		const char *rep;

		if (c >= 0x80) {
			size_t n = utf8_sequence_len(s + i, len - i);
			const char *bs;

			if (n) {
				i += n;
				continue;
			}
			bs = esc('\\', buf);
			snprintf(hex, sizeof(hex), "%sx%02x", bs ? bs : "\\", c);
			rep = hex;
		} else {
			rep = esc(c, buf);
		}
		if (rep) {
			strbuf_add(sb, s + start, i - start);
			strbuf_addstr(sb, rep);
			start = i + 1;
		}
		i++;
	}
	strbuf_add(sb, s + start, len - start);
}

static const char *xml_escape(unsigned char c, char *buf)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&apos;";
	case '\t': case '\n': return NULL;
	default:
		/* Control characters are not allowed in XML 1.0, even as references. */
		if (c < 0x20 || c == 0x7f) {
			snprintf(buf, 8, "\\x%02x", c);
			return buf;
		}
		return NULL;
	}
}

void strbuf_add_xml(struct strbuf *sb, const char *s, size_t len)
{
	add_escaped(sb, s, len, xml_escape);
}

static const char *json_escape(unsigned char c, char *buf)
{
	if (c == '"')
		return "\\\"";
	if (c == '\\')
		return "\\\\";
	if (c < 0x20) {
		snprintf(buf, 8, "\\u%04x", c);
		return buf;
	}
	return NULL;
}

void strbuf_add_json(struct strbuf *sb, const char *s, size_t len)
{
	strbuf_addch(sb, '"');
	add_escaped(sb, s, len, json_escape);
	strbuf_addch(sb, '"');
}

void strbuf_add_num(struct strbuf *sb, double v)
{
	if (isnan(v)) {
		strbuf_addstr(sb, "nan");
	} else if (isinf(v)) {
		strbuf_addstr(sb, v > 0 ? "inf" : "-inf");
	} else if (v == floor(v) && fabs(v) < 9007199254740992.0) {
		/*
		 * Whole numbers (nearly every count) by hand, exact up to 2^53:
		 * printf was a tenth of the time of tools that print many counts.
		 */
		char digits[24], *p = digits + sizeof(digits);
		uint64_t u = (uint64_t)fabs(v);

		do {
			*--p = (char)('0' + u % 10);
			u /= 10;
		} while (u);
		if (v < 0)
			*--p = '-';
		strbuf_add(sb, p, (size_t)(digits + sizeof(digits) - p));
	} else {
		strbuf_addf(sb, "%.15g", v);
	}
}

int strbuf_write(const struct strbuf *sb, FILE *f)
{
	if (sb->len && fwrite(sb->buf, 1, sb->len, f) != sb->len)
		return -1;
	return 0;
}
