// SPDX-License-Identifier: GPL-3.0-or-later
/* Unit tests of the escaping rule for frame names and label values (escape.h). */
#include <stdint.h>
#include <stdlib.h>

#include "headroom/escape.h"
#include "headroom/strbuf.h"
#include "tap.h"

static char *esc(const char *s, size_t len, unsigned flags)
{
	struct strbuf sb = STRBUF_INIT;

	escape_add(&sb, s, len, flags);
	return strbuf_detach(&sb, NULL);
}

static void check_n(const char *in, size_t len, unsigned flags, const char *want)
{
	char *got = esc(in, len, flags);

	is_str(got, want, "escape of '%s' (flags %u)", want, flags);
	ok(escape_needed(in, len, flags) == (strlen(want) != len || memcmp(in, want, len)),
	   "escape_needed agrees for '%s'", want);
	free(got);
}

/* The length of a literal, NULs included. */
#define check(in, flags, want) check_n(in, sizeof(in) - 1, flags, want)

static void check_unescape(const char *in, unsigned flags, const char *want, size_t wantlen)
{
	struct strbuf sb = STRBUF_INIT;

	unescape_add(&sb, in, strlen(in), flags);
	ok(sb.len == wantlen && !memcmp(sb.buf, want, wantlen), "unescape of '%s'", in);
	strbuf_release(&sb);
}

static void check_visible(const char *in, unsigned flags, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	unescape_visible(&sb, in, strlen(in), flags);
	is_str(sb.buf, want, "visible form of '%s'", in);
	strbuf_release(&sb);
}

/* escape then unescape gives the bytes back, for random bytes and every flag set. */
static void round_trips(void)
{
	static const char pick[] = "\\\t\n\r\";# 09.x\x01\x7f\xc2\x85\xe2\x82\xac\xff";
	uint32_t x = 12345;
	int i, bad = 0, unsafe = 0;

	for (i = 0; i < 20000; i++) {
		unsigned char buf[24];
		size_t len = (size_t)(i % 24), k;
		unsigned flags = (unsigned)i & 15;
		struct strbuf e = STRBUF_INIT, u = STRBUF_INIT;

		for (k = 0; k < len; k++) {
			x = x * 1103515245u + 12345u;
			/* mostly the interesting bytes */
			buf[k] = (x >> 16) % 4 ? (unsigned char)pick[(x >> 8) % (sizeof(pick) - 1)]
						: (unsigned char)(x >> 8);
		}
		escape_add(&e, (char *)buf, len, flags);
		unescape_add(&u, e.buf, e.len, flags);
		if (u.len != len || memcmp(u.buf, buf, len))
			bad++;
		for (k = 0; k < e.len; k++) {
			unsigned char c = (unsigned char)e.buf[k];

			if (c < 0x20 || c == 0x7f || ((flags & ESCAPE_FRAME) && c == ';') ||
			    ((flags & ESCAPE_FIRST) && k == 0 && c == '#'))
				unsafe++;
		}
		if (utf8_sequence_len(e.buf, e.len) == 0 && e.len)
			unsafe++;
		strbuf_release(&e);
		strbuf_release(&u);
	}
	is_int(bad, 0, "unescape(escape(s)) == s for 20000 random strings");
	is_int(unsafe, 0, "escaped text holds no control character, no separator, no leading '#'");
}

int main(void)
{
	check("main", ESCAPE_FRAME, "main");
	check("std::vector<int, std::allocator<int> >::push_back(int const&)", ESCAPE_FRAME,
	      "std::vector<int, std::allocator<int> >::push_back(int const&)");
	check("caf\xc3\xa9;\xe6\x97\xa5", ESCAPE_FRAME, "caf\xc3\xa9\\x3b\xe6\x97\xa5");
	check("a\tb", ESCAPE_FRAME, "a\\x09b");
	check("a\nb\rc", 0, "a\\x0ab\\x0dc");
	check("RegExp:\\bFoo [&<>\\\\]", ESCAPE_FRAME, "RegExp:\\bFoo [&<>\\\\]");
	check("text \\x41 \\xg1 \\x4", ESCAPE_FRAME, "text \\x5cx41 \\xg1 \\x4");
	check("ev\x1b[1mil\xff", ESCAPE_FRAME, "ev\\x1b[1mil\\xff");
	check("nul\0x", 0, "nul\\x00x");
	check("\x7f\xc2\x9b" "c1", 0, "\\x7f\\xc2\\x9bc1");
	check("\xc2\xa0nbsp", 0, "\xc2\xa0nbsp");
	check("\xe0\x80\x80", 0, "\\xe0\\x80\\x80");	/* overlong NUL */
	check("\xed\xa0\x80", 0, "\\xed\\xa0\\x80");	/* a UTF-16 surrogate */
	ok(text_visible("caf\xc3\xa9 \\x41", 10) && text_visible("", 0), "printable UTF-8 is visible");
	ok(!text_visible("a\tb", 3) && !text_visible("\x7f", 1) && !text_visible("\xc2\x9b", 2) &&
	   !text_visible("\xff", 1) && !text_visible("n\0", 2),
	   "controls (C0, DEL, C1), invalid UTF-8 and NUL are not");
	check("say \"hi\" \\o/", ESCAPE_QUOTE, "say \\\"hi\\\" \\\\o/");
	check("a\tb\nc\rd\x01", ESCAPE_QUOTE, "a\\tb\\nc\\rd\\x01");
	/* The label-value table of escape.h, row by row. */
	check("q\"b\\t\tl\nc\rx\x01\x7f" "c1\xc2\x85u\xffok\\x41 \xc3\xa9",
	      ESCAPE_QUOTE,
	      "q\\\"b\\\\t\\tl\\nc\\rx\\x01\\x7fc1\\xc2\\x85u\\xffok\\\\x41 \xc3\xa9");
	check("say \"hi\"", ESCAPE_FRAME, "say \"hi\"");
	check("a;b", 0, "a;b");
	check("#comm", ESCAPE_FIRST, "\\x23comm");
	check("#comm", ESCAPE_FRAME, "#comm");
	check("a#b", ESCAPE_FIRST, "a#b");
	check("worker 12", ESCAPE_LAST, "worker\\x2012");
	check("worker 1.5", ESCAPE_LAST, "worker\\x201.5");
	check("pad ", ESCAPE_LAST, "pad ");
	check("dot .", ESCAPE_LAST, "dot .");
	check("a b c", ESCAPE_LAST, "a b c");
	check("worker 12", ESCAPE_FRAME, "worker 12");
	check("", ESCAPE_FRAME | ESCAPE_FIRST | ESCAPE_LAST, "");

	check_unescape("a\\x09b\\x3Bc\\\\d\\\"e", 0, "a\tb;c\\\\d\\\"e", 11);
	check_unescape("a\\x09b\\x3Bc\\\\d\\\"e", ESCAPE_QUOTE, "a\tb;c\\d\"e", 9);
	check_unescape("C:\\dir\\q", 0, "C:\\dir\\q", 8);
	check_unescape("trail\\", ESCAPE_QUOTE, "trail\\", 6);
	check_unescape("\\t\\n\\r\\q\\x41", ESCAPE_QUOTE, "\t\n\rqA", 5);
	check_unescape("half\\x4", 0, "half\\x4", 7);
	check_unescape("nul\\x00!", 0, "nul\0!", 5);

	check_visible("plain name", 0, "plain name");
	check_visible("a\\x3bb\\c", 0, "a;b\\c");
	check_visible("ev\\x1b[1m\\xff\\x09x", 0, "ev\\x1b[1m\\xff\\x09x");
	check_visible("raw\x1b" "esc", 0, "raw\\x1besc");
	round_trips();
	return done_testing();
}
