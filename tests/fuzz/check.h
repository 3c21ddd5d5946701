/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * For fuzz targets: checks that an output parses in its own format, so that
 * no input can make a tool write a broken TSV line, JSON document or SVG.
 *
 *	check_tsv(s, len, fields)	every line has that many TAB-separated
 *					fields and no other control character
 *	check_json(s, len)		one JSON value (RFC 8259), valid UTF-8
 *	check_xml(s, len)		well-formed XML 1.0: characters, tags,
 *					attributes, references, comments, CDATA
 *
 * Each returns true when the text is good; a target abort()s otherwise.
 */
#ifndef HEADROOM_FUZZ_CHECK_H
#define HEADROOM_FUZZ_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "headroom/strbuf.h"

/* Valid UTF-8 with no control character but those in allowed. */
static inline bool check_text(const char *s, size_t len, const char *allowed)
{
	size_t i = 0, n;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 || c == 0x7f) && !strchr(allowed, c))
			return false;
		if (!c || !(n = utf8_sequence_len(s + i, len - i)))
			return false;
		i += n;
	}
	return true;
}

static inline bool check_tsv(const char *s, size_t len, int fields)
{
	const char *p = s, *end = s + len;

	if (!check_text(s, len, "\t\n"))
		return false;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		int n = 1;

		if (!nl)
			return false;	/* every line ends in a newline */
		for (; p < nl; p++)
			n += *p == '\t';
		if (n != fields)
			return false;
		p = nl + 1;
	}
	return true;
}

/* JSON ------------------------------------------------------------------ */

struct jcheck { const char *p, *end; int depth; };

static inline void j_ws(struct jcheck *j)
{
	while (j->p < j->end && strchr(" \t\r\n", *j->p) && *j->p)
		j->p++;
}

static inline bool j_lit(struct jcheck *j, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(j->end - j->p) < n || memcmp(j->p, w, n))
		return false;
	j->p += n;
	return true;
}

static inline bool j_string(struct jcheck *j)
{
	const char *start;

	if (j->p >= j->end || *j->p != '"')
		return false;
	start = ++j->p;
	while (j->p < j->end && *j->p != '"') {
		if (*j->p == '\\') {
			if (++j->p >= j->end)
				return false;
			if (*j->p == 'u') {
				int k;

				for (k = 1; k <= 4; k++)
					if (j->p + k >= j->end || !strchr("0123456789abcdefABCDEF", j->p[k]) ||
					    !j->p[k])
						return false;
				j->p += 4;
			} else if (!strchr("\"\\/bfnrt", *j->p) || !*j->p) {
				return false;
			}
		}
		j->p++;
	}
	/* JSON takes DEL as it is; other control characters must be escaped */
	if (j->p >= j->end || !check_text(start, (size_t)(j->p - start), "\x7f"))
		return false;
	j->p++;
	return true;
}

static inline bool j_number(struct jcheck *j)
{
	const char *s = j->p;

	if (j->p < j->end && *j->p == '-')
		j->p++;
	if (j->p >= j->end || *j->p < '0' || *j->p > '9')
		return false;
	if (*j->p == '0')
		j->p++;
	else
		while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
			j->p++;
	if (j->p < j->end && *j->p == '.') {
		if (++j->p >= j->end || *j->p < '0' || *j->p > '9')
			return false;
		while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
			j->p++;
	}
	if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
		j->p++;
		if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
			j->p++;
		if (j->p >= j->end || *j->p < '0' || *j->p > '9')
			return false;
		while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
			j->p++;
	}
	return j->p > s;
}

static inline bool j_value(struct jcheck *j);

/* An object (close '}') or an array (close ']') after its opening bracket. */
static inline bool j_container(struct jcheck *j, char close)
{
	bool first = true;

	if (++j->depth > 64)
		return false;
	j->p++;
	for (;;) {
		j_ws(j);
		if (j->p < j->end && *j->p == close && first)
			break;
		if (close == '}') {
			if (!j_string(j))
				return false;
			j_ws(j);
			if (j->p >= j->end || *j->p++ != ':')
				return false;
		}
		if (!j_value(j))
			return false;
		j_ws(j);
		first = false;
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p >= j->end || *j->p != close)
			return false;
		break;
	}
	j->p++;
	j->depth--;
	return true;
}

static inline bool j_value(struct jcheck *j)
{
	j_ws(j);
	if (j->p >= j->end)
		return false;
	switch (*j->p) {
	case '{': return j_container(j, '}');
	case '[': return j_container(j, ']');
	case '"': return j_string(j);
	case 't': return j_lit(j, "true");
	case 'f': return j_lit(j, "false");
	case 'n': return j_lit(j, "null");
	default: return j_number(j);
	}
}

static inline bool check_json(const char *s, size_t len)
{
	struct jcheck j = { s, s + len, 0 };

	if (!j_value(&j))
		return false;
	j_ws(&j);
	return j.p == j.end;
}

/* XML ------------------------------------------------------------------- */

static inline bool x_name_char(unsigned char c, bool first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
	       c >= 0x80 || (!first && ((c >= '0' && c <= '9') || c == '-' || c == '.'));
}

/* A name at *p; returns its length (0: none) and moves past it. */
static inline size_t x_name(const char **p, const char *end)
{
	const char *s = *p;

	while (*p < end && x_name_char((unsigned char)**p, *p == s))
		(*p)++;
	return (size_t)(*p - s);
}

/* Text or an attribute value: references well-formed, no '<' (and no quote q). */
static inline bool x_chars(const char *s, const char *end, char q)
{
	for (; s < end; s++) {
		if (*s == '<' || (q && *s == q))
			return false;
		if (*s == '&') {
			const char *semi = memchr(s, ';', (size_t)(end - s));
			const char *r = s + 1;

			if (!semi)
				return false;
			if (*r == '#') {
				bool hex = r[1] == 'x';

				r += hex ? 2 : 1;
				if (r == semi)
					return false;
				for (; r < semi; r++)
					if (!strchr(hex ? "0123456789abcdefABCDEF" : "0123456789", *r))
						return false;
			} else if (!x_name(&r, semi) || r != semi) {
				return false;
			}
			s = semi;
		}
	}
	return true;
}

/* The attributes and end of a start tag at *p (after its name); sets *empty for "/>". */
static inline bool x_attributes(const char **p, const char *end, bool *empty)
{
	const char *names[64];
	size_t lens[64], n = 0, i;

	for (;;) {
		const char *name, *q;
		size_t len;
		bool space = false;

		while (*p < end && strchr(" \t\r\n", **p) && **p) {
			(*p)++;
			space = true;
		}
		if (*p >= end)
			return false;
		if (**p == '>' || (**p == '/' && *p + 1 < end && (*p)[1] == '>')) {
			*empty = **p == '/';
			*p += *empty ? 2 : 1;
			return true;
		}
		name = *p;
		if (!space || !(len = x_name(p, end)) || n == 64)
			return false;
		for (i = 0; i < n; i++)
			if (lens[i] == len && !memcmp(names[i], name, len))
				return false;	/* a repeated attribute */
		names[n] = name;
		lens[n++] = len;
		if (*p + 1 >= end || **p != '=' || ((*p)[1] != '"' && (*p)[1] != '\''))
			return false;
		q = memchr(*p + 2, (*p)[1], (size_t)(end - *p - 2));
		if (!q || !x_chars(*p + 2, q, (*p)[1]))
			return false;
		*p = q + 1;
	}
}

/* What follows "<!" or "<?": a comment, CDATA, or a declaration; moves past it. */
static inline bool x_markup(const char **p, const char *end)
{
	const char *s = *p, *e;

	if (end - s >= 4 && !memcmp(s, "<!--", 4)) {
		e = memmem(s + 4, (size_t)(end - s - 4), "--", 2);
		if (!e || e + 2 >= end || e[2] != '>')
			return false;
		*p = e + 3;
	} else if (end - s >= 9 && !memcmp(s, "<![CDATA[", 9)) {
		e = memmem(s + 9, (size_t)(end - s - 9), "]]>", 3);
		if (!e)
			return false;
		*p = e + 3;
	} else if (end - s >= 2 && s[1] == '?') {
		e = memmem(s + 2, (size_t)(end - s - 2), "?>", 2);
		if (!e)
			return false;
		*p = e + 2;
	} else {
		return false;
	}
	return true;
}

static inline bool check_xml(const char *s, size_t len)
{
	const char *p = s, *end = s + len, *stack[256];
	size_t stack_len[256], depth = 0;
	bool root_done = false, empty;

	if (!check_text(s, len, "\t\n\r"))
		return false;
	while (p < end) {
		const char *lt = memchr(p, '<', (size_t)(end - p)), *te = lt ? lt : end, *t;

		if (!x_chars(p, te, 0))
			return false;
		if (!depth)	/* outside the root: blanks only */
			for (t = p; t < te; t++)
				if (!strchr(" \t\r\n", *t))
					return false;
		if (!lt)
			break;
		p = lt;
		if (p + 1 < end && (p[1] == '!' || p[1] == '?')) {
			if ((p[2] == '[' && !depth) || !x_markup(&p, end))
				return false;
		} else if (p + 1 < end && p[1] == '/') {
			const char *name = p += 2;
			size_t n = x_name(&p, end);

			if (!depth || n != stack_len[depth - 1] || memcmp(name, stack[depth - 1], n))
				return false;
			while (p < end && strchr(" \t\r\n", *p) && *p)
				p++;
			if (p >= end || *p++ != '>')
				return false;
			if (!--depth)
				root_done = true;
		} else {
			const char *name = ++p;
			size_t n = x_name(&p, end);

			if (!n || root_done || depth == 256 || !x_attributes(&p, end, &empty))
				return false;
			if (!empty) {
				stack[depth] = name;
				stack_len[depth++] = n;
			} else if (!depth) {
				root_done = true;
			}
		}
	}
	return root_done && !depth;
}

#endif
