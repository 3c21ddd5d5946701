/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A growable byte buffer, as git's strbuf: buf is never NULL and always
 * NUL-terminated (buf[len] == '\0'), so it can be passed where a C string is
 * wanted. Initialise with STRBUF_INIT or strbuf_init(); strbuf_release() frees
 * it and leaves it reusable; strbuf_detach() hands the string to the caller.
 */
#ifndef HEADROOM_STRBUF_H
#define HEADROOM_STRBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct strbuf {
	size_t alloc;
	size_t len;
	char *buf;
};

extern char strbuf_slopbuf[];
#define STRBUF_INIT { 0, 0, strbuf_slopbuf }

void strbuf_init(struct strbuf *sb, size_t hint);
void strbuf_release(struct strbuf *sb);
/* Returns the string (the caller frees it) and resets sb to empty. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
/* Makes room for extra more bytes (plus the NUL). */
void strbuf_grow(struct strbuf *sb, size_t extra);
/* Sets the length (which must be within alloc) and terminates. */
void strbuf_setlen(struct strbuf *sb, size_t len);
static inline void strbuf_reset(struct strbuf *sb) { strbuf_setlen(sb, 0); }

void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);

/* Appends v as a LEB128 varint (protobuf's, 1 to 10 bytes). */
static inline void strbuf_add_varint(struct strbuf *sb, uint64_t v)
{
	unsigned char b[10];
	size_t n = 0;

	do {
		b[n++] = (unsigned char)((v & 0x7f) | (v >= 0x80 ? 0x80 : 0));
		v >>= 7;
	} while (v);
	strbuf_add(sb, b, n);
}
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/*
 * Appends s as XML 1.0 text: the five special characters escaped, and what
 * XML cannot carry at all (control characters but TAB and newline, and bytes
 * that are not UTF-8) written as the visible text "\xHH".
 */
void strbuf_add_xml(struct strbuf *sb, const char *s, size_t len);
/*
 * Appends s as a JSON string literal, quotes included: always valid JSON,
 * with bytes that are not UTF-8 written as the text "\xHH".
 */
void strbuf_add_json(struct strbuf *sb, const char *s, size_t len);
/* The length of the UTF-8 sequence at s (1 to 4), or 0 when it is not valid UTF-8. */
size_t utf8_sequence_len(const char *s, size_t len);
/* Appends the code point cp (below 0x110000) encoded as UTF-8. */
void strbuf_add_utf8(struct strbuf *sb, unsigned long cp);
/*
 * Appends a number: whole numbers below 2^53 exactly ("3", "-12"), others in
 * the shortest "%.15g"-style form ("0.25", "1e+20").
 */
void strbuf_add_num(struct strbuf *sb, double v);
/* Writes the buffer to f; returns 0 or -1 (errno set) like fwrite failing. */
int strbuf_write(const struct strbuf *sb, FILE *f);

#endif
