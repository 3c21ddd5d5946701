// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The escaping rule of escape.h for names from outside (frame names, label
 * values): \xHH for what would break a line, a field or a terminal, and
 * nothing for ordinary names.
 */
#include <string.h>

#include "headroom/escape.h"

static const char hexdigits[] = "0123456789abcdef";

int hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Whether s[i] starts "\xHH", the escape a reader decodes. */
static bool is_hex_escape(const char *s, size_t len, size_t i)
{
	return i + 3 < len && s[i] == '\\' && s[i + 1] == 'x' && hex_value(s[i + 2]) >= 0 &&
	       hex_value(s[i + 3]) >= 0;
}

/*
 * The length of the valid UTF-8 sequence at s that may be written as it is,
 * or 0 when its first byte must be escaped (not UTF-8, or a C1 control).
 */
static size_t plain_sequence(const char *s, size_t len)
{
	size_t n = utf8_sequence_len(s, len);

	if (n == 2 && (unsigned char)s[0] == 0xc2 && (unsigned char)s[1] < 0xa0)
		return 0;
	return n;
}

/*
 * Where ESCAPE_LAST escapes a space: before the digits (and dots) that end s,
 * which a reader would take for a count. Returns its index, or len for none.
 */
static size_t last_space(const char *s, size_t len)
{
	size_t i = len, digits = 0;

	while (i > 0 && ((s[i - 1] >= '0' && s[i - 1] <= '9') || s[i - 1] == '.'))
		digits += s[--i] != '.';
	return digits && i > 0 && s[i - 1] == ' ' ? i - 1 : len;
}

enum { KEEP = 0, HEX, BACKSLASH };

/* ESCAPE_QUOTE's short escapes: the letter after the backslash, or 0. */
static char quote_letter(unsigned char c)
{
	switch (c) {
	case '\t': return 't';
	case '\n': return 'n';
	case '\r': return 'r';
	case '"': case '\\': return (char)c;
	default: return 0;
	}
}

/*
 * How the ASCII byte at s[i] is written: as it is, as \xHH, or after a
 * backslash (ESCAPE_QUOTE's short escapes). space is last_space()'s answer.
 */
static int ascii_escape(const char *s, size_t len, size_t i, unsigned flags, size_t space)
{
	unsigned char c = (unsigned char)s[i];

	if ((flags & ESCAPE_QUOTE) && quote_letter(c))
		return BACKSLASH;
	if (c < 0x20 || c == 0x7f || i == space)
		return HEX;
	switch (c) {
	case '\\':
		return is_hex_escape(s, len, i) ? HEX : KEEP;
	case ';':
		return flags & ESCAPE_FRAME ? HEX : KEEP;
	case '#':
		return i == 0 && (flags & ESCAPE_FIRST) ? HEX : KEEP;
	default:
		return KEEP;
	}
}

bool escape_needed(const char *s, size_t len, unsigned flags)
{
	size_t i = 0, space = flags & ESCAPE_LAST ? last_space(s, len) : len;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			if (ascii_escape(s, len, i, flags, space) != KEEP)
				return true;
			i++;
		} else {
			size_t n = plain_sequence(s + i, len - i);

			if (!n)
				return true;
			i += n;
		}
	}
	return false;
}

static void add_hex(struct strbuf *out, unsigned char c)
{
	char e[4] = { '\\', 'x', hexdigits[c >> 4], hexdigits[c & 15] };

	strbuf_add(out, e, 4);
}

void escape_add(struct strbuf *out, const char *s, size_t len, unsigned flags)
{
	size_t i = 0, run = 0, space = flags & ESCAPE_LAST ? last_space(s, len) : len;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		int how;

		if (c >= 0x80) {
			size_t n = plain_sequence(s + i, len - i);

			if (n) {
				i += n;
				continue;
			}
			how = HEX;
		} else if ((how = ascii_escape(s, len, i, flags, space)) == KEEP) {
			i++;
			continue;
		}
		strbuf_add(out, s + run, i - run);
		if (how == HEX) {
			add_hex(out, c);
		} else {
			strbuf_addch(out, '\\');
			strbuf_addch(out, quote_letter(c));
		}
		run = ++i;
	}
	strbuf_add(out, s + run, len - run);
}

void unescape_add(struct strbuf *out, const char *s, size_t len, unsigned flags)
{
	size_t i = 0, run = 0;
	const char *p;

	while ((p = memchr(s + i, '\\', len - i))) {
		i = (size_t)(p - s);
		if (is_hex_escape(s, len, i)) {
			strbuf_add(out, s + run, i - run);
			strbuf_addch(out, hex_value(s[i + 2]) << 4 | hex_value(s[i + 3]));
			run = i += 4;
		} else if ((flags & ESCAPE_QUOTE) && i + 1 < len) {
			char c = s[i + 1];

			strbuf_add(out, s + run, i - run);
			strbuf_addch(out, c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : c);
			run = i += 2;
		} else {
			i++;
		}
	}
	strbuf_add(out, s + run, len - run);
}

bool text_visible(const char *s, size_t len)
{
	size_t i = 0, n;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f)
			return false;
		if (c < 0x80)
			n = 1;
		else if (!(n = plain_sequence(s + i, len - i)))
			return false;
		i += n;
	}
	return true;
}

void escape_visible(struct strbuf *out, const char *s, size_t len)
{
	size_t i = 0, run = 0;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x80) {
			size_t n = plain_sequence(s + i, len - i);

			if (n) {
				i += n;
				continue;
			}
		} else if (c >= 0x20 && c != 0x7f) {
			i++;
			continue;
		}
		strbuf_add(out, s + run, i - run);
		add_hex(out, c);
		run = ++i;
	}
	strbuf_add(out, s + run, len - run);
}

void unescape_visible(struct strbuf *out, const char *s, size_t len, unsigned flags)
{
	struct strbuf raw = STRBUF_INIT;

	if (!memchr(s, '\\', len)) {
		escape_visible(out, s, len);
		return;
	}
	unescape_add(&raw, s, len, flags);
	escape_visible(out, raw.buf, raw.len);
	strbuf_release(&raw);
}
