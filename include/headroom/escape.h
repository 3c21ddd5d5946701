/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The one escaping rule for names that come from outside, shared by frame
 * names in folded stacks (headroom-folded(5)) and label values in series
 * (headroom-series(5)): any process can name itself anything, and these names
 * must never break the line, field or quoting of the formats they travel in,
 * nor a terminal that shows them.
 *
 * The escape is \xHH, a backslash, an x and two lowercase hex digits standing
 * for one byte. escape_add() writes as \xHH
 *
 *	- control characters: 0x00-0x1f (TAB and newline too) and 0x7f, and the
 *	  C1 controls U+0080-U+009F (as \xc2\xHH);
 *	- each byte that is not part of valid UTF-8;
 *	- a backslash that an x and two hex digits follow (as \x5c), so that
 *	  it is not read as an escape;
 *
 * and, by context (the flags):
 *
 *	ESCAPE_FRAME	';' as \x3b (frame names, which ';' separates)
 *	ESCAPE_FIRST	a '#' that starts the text as \x23 (the first frame of a
 *			stack: a line that starts with '#' is a comment)
 *	ESCAPE_LAST	a space that only digits and dots follow to the end as \x20
 *			(the leaf frame, whose end a reader could take for a count)
 *	ESCAPE_QUOTE	'"' as \", a backslash as \\, and TAB, newline and CR as
 *			\t, \n and \r (label values, which are written in double
 *			quotes, as headroom-series(5) says)
 *
 * With ESCAPE_QUOTE the short escapes win: TAB, newline and CR are written
 * \t, \n and \r (not \x09, \x0a, \x0d), and every backslash is \\ (so
 * the \x5c rule above does not apply).
 *
 * Everything else is written as it is: printable ASCII, valid UTF-8, and
 * backslashes in other places (a JavaScript RegExp:\bfoo frame), so ordinary
 * names read the same as before and as other tools write them.
 *
 * Frame names (headroom-folded(5)) take ESCAPE_FRAME, with ESCAPE_FIRST for
 * the first frame of a stack and ESCAPE_LAST for the leaf.
 *
 * Label values (headroom-series(5)) take ESCAPE_QUOTE alone. A writer of
 * labels keeps its own choice of bare or quoted: a value is written bare when
 * it is not empty, holds none of the label syntax's , { } = and no blank, and
 * escape_needed(v, len, ESCAPE_QUOTE) is false; otherwise it is written as
 * '"', escape_add(v, len, ESCAPE_QUOTE), '"'. Byte by byte, the text between
 * the quotes is then:
 *
 *	'"' and '\'			\" and \\
 *	TAB, LF, CR			\t, \n, \r
 *	other bytes 0x00-0x1f, 0x7f	\xHH
 *	C1 controls U+0080-U+009F	\xc2\xHH (valid UTF-8, but a terminal
 *					acts on them)
 *	bytes not part of valid UTF-8	\xHH, one escape per byte
 *	anything else			as it is
 *
 * and a reader of quoted values calls unescape_add(..., ESCAPE_QUOTE). A
 * reader that keeps values as C strings cannot hold the NUL that \x00 stands
 * for; escape_add() writes \x00 only for a NUL byte it was given, which such
 * a writer never has.
 *
 * unescape_add() undoes it with the same flags: \xHH (hex digits in either
 * case); with ESCAPE_QUOTE also \t, \n and \r, and a backslash before any
 * other character stands for that character (so \" and \\); without it any
 * other backslash stays as it is. For any bytes s and flags,
 * unescape(escape(s)) == s.
 */
#ifndef HEADROOM_ESCAPE_H
#define HEADROOM_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>

#include "headroom/strbuf.h"

enum {
	ESCAPE_QUOTE = 1 << 0,	/* '"' as \", '\' as \\, TAB, LF, CR as \t \n \r */
	ESCAPE_FRAME = 1 << 1,	/* ';' as \x3b */
	ESCAPE_FIRST = 1 << 2,	/* a leading '#' as \x23 */
	ESCAPE_LAST = 1 << 3,	/* a space before trailing digits (and dots) as \x20 */
};

/* Appends s[0..len) escaped by the rule above with the context flags. */
void escape_add(struct strbuf *out, const char *s, size_t len, unsigned flags);

/*
 * Whether escape_add() would change s: false for the common case of printable
 * ASCII and valid UTF-8 without the characters the flags name, so callers can
 * skip the copy.
 */
bool escape_needed(const char *s, size_t len, unsigned flags);

/*
 * Appends s[0..len) with the escapes undone (flags as given to escape_add();
 * only ESCAPE_QUOTE matters); the result may hold any byte.
 */
void unescape_add(struct strbuf *out, const char *s, size_t len, unsigned flags);

/*
 * Appends raw text s[0..len) for people to read: what a terminal or an XML
 * document cannot show safely (control characters and invalid UTF-8) as
 * \xHH; all else as it is. The result is valid UTF-8 without control
 * characters.
 */
void escape_visible(struct strbuf *out, const char *s, size_t len);
/*
 * Whether escape_visible() would copy s[0..len) unchanged: valid UTF-8
 * without control characters (C0, DEL or C1).
 */
bool text_visible(const char *s, size_t len);
/* escape_visible() of the text that escaped text s[0..len) stands for. */
void unescape_visible(struct strbuf *out, const char *s, size_t len, unsigned flags);

/* The value of the hex digit c (0-9, a-f or A-F), or -1 for any other character. */
int hex_value(int c);

#endif
