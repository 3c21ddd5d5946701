// SPDX-License-Identifier: GPL-3.0-or-later
/* Unit tests of strbuf and the checked allocators. */
#include <stdlib.h>

#include "headroom/alloc.h"
#include "headroom/strbuf.h"
#include "tap.h"

int main(void)
{
	struct strbuf sb = STRBUF_INIT;
	char *s;
	size_t len, i;
	int *arr = NULL;
	size_t alloc = 0;

	is_str(sb.buf, "", "an initial strbuf is the empty string");
	strbuf_addstr(&sb, "api");
	strbuf_addch(&sb, ';');
	strbuf_addf(&sb, "%s %d", "main", 57);
	is_str(sb.buf, "api;main 57", "add, addch and addf append");
	is_int(sb.len, 11, "len follows");
	for (i = 0; i < 10000; i++)
		strbuf_addch(&sb, 'x');
	is_int(sb.len, 10011, "grows past many reallocations");
	strbuf_setlen(&sb, 3);
	is_str(sb.buf, "api", "setlen truncates and terminates");
	strbuf_reset(&sb);
	strbuf_add_xml(&sb, "a<b & \"c\">'d'", 13);
	is_str(sb.buf, "a&lt;b &amp; &quot;c&quot;&gt;&apos;d&apos;", "XML escaping");
	strbuf_reset(&sb);
	strbuf_add_json(&sb, "q\"\\\n", 4);
	is_str(sb.buf, "\"q\\\"\\\\\\u000a\"", "JSON escaping");
	strbuf_reset(&sb);
	{
		static const char bad[] = "ok \xc3\xa9 \xff\x01 \xe2\x82 \xed\xa0\x80 \xc0\xaf";

		strbuf_add_json(&sb, bad, sizeof(bad) - 1);
	}
	is_str(sb.buf, "\"ok \xc3\xa9 \\\\xff\\u0001 \\\\xe2\\\\x82 \\\\xed\\\\xa0\\\\x80 \\\\xc0\\\\xaf\"",
	       "JSON: UTF-8 kept; invalid bytes, surrogates and overlong forms as \\\\xHH text");
	strbuf_reset(&sb);
	{
		static const char evil[] = "ev\x1b[1mil\xff\x7f\tok \xf0\x9f\x94\xa5";

		strbuf_add_xml(&sb, evil, sizeof(evil) - 1);
	}
	is_str(sb.buf, "ev\\x1b[1mil\\xff\\x7f\tok \xf0\x9f\x94\xa5",
	       "XML: control characters and invalid bytes as visible \\xHH; UTF-8 and TAB kept");
	is_int(utf8_sequence_len("\xf4\x90\x80\x80", 4), 0, "no code point past U+10FFFF");
	is_int(utf8_sequence_len("\xf0\x9f\x94", 3), 0, "a truncated sequence is invalid");
	strbuf_reset(&sb);
	strbuf_add_num(&sb, 3);
	strbuf_addch(&sb, ' ');
	strbuf_add_num(&sb, 0.25);
	strbuf_addch(&sb, ' ');
	strbuf_add_num(&sb, -0.0);
	strbuf_addch(&sb, ' ');
	strbuf_add_num(&sb, 1e20);
	is_str(sb.buf, "3 0.25 0 1e+20", "numbers in their shortest form");
	s = strbuf_detach(&sb, &len);
	is_str(s, "3 0.25 0 1e+20", "detach hands the string over");
	is_int(len, 14, "detach reports the length");
	is_str(sb.buf, "", "detach leaves an empty buffer");
	free(s);
	s = strbuf_detach(&sb, NULL);
	is_str(s, "", "detaching an empty buffer gives an allocated empty string");
	free(s);
	for (i = 0; i < 1000; i++) {
		ALLOC_GROW(arr, i + 1, alloc);
		arr[i] = (int)i;
	}
	ok(alloc >= 1000 && arr[999] == 999, "ALLOC_GROW grows an array");
	free(arr);
	s = xasprintf("%s-%d", "name", 42);
	is_str(s, "name-42", "xasprintf formats");
	free(s);
	strbuf_release(&sb);
	return done_testing();
}
