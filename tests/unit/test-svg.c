// SPDX-License-Identifier: GPL-3.0-or-later
/* Unit tests of the SVG writer: compact numbers, escaping, broken lines, CDATA. */
#include "headroom/strbuf.h"
#include "headroom/svg.h"
#include "tap.h"

static const char *num(double v)
{
	static struct strbuf sb = STRBUF_INIT;

	strbuf_reset(&sb);
	svg_num(&sb, v);
	return sb.buf;
}

int main(void)
{
	struct strbuf sb = STRBUF_INIT;
	double xs[] = { 0, 1, NAN, 3, 4, 5 };
	double ys[] = { 10, 11.5, 12, 13, NAN, 15 };

	is_str(num(12), "12", "integers without decimals");
	is_str(num(12.5), "12.5", "one decimal");
	is_str(num(12.25), "12.25", "two decimals");
	is_str(num(12.256), "12.26", "rounded to two");
	is_str(num(-0.001), "0", "no negative zero");
	is_str(num(-3.5), "-3.5", "negative numbers");
	is_str(num(1e6), "1000000", "large numbers in full");
	is_str(num(0.1 + 0.2), "0.3", "binary fractions print short");

	svg_begin(&sb, 1200, 600.5, "onload=\"init(evt)\"");
	ok(strstr(sb.buf, "<?xml version=\"1.0\"") == sb.buf, "begin starts with the XML declaration");
	ok(strstr(sb.buf, "width=\"1200\" height=\"600.5\" viewBox=\"0 0 1200 600.5\" onload=\"init(evt)\">\n") != NULL,
	   "begin sets the size and the attributes");
	strbuf_reset(&sb);
	svg_rect(&sb, 10, 20.5, 100, 16, "rgb(250,10,10)", "rx=\"2\"");
	is_str(sb.buf, "<rect x=\"10\" y=\"20.5\" width=\"100\" height=\"16\" fill=\"rgb(250,10,10)\" rx=\"2\"/>\n",
	       "rect");
	strbuf_reset(&sb);
	svg_rect(&sb, 0, 0, 1, 1, NULL, NULL);
	is_str(sb.buf, "<rect x=\"0\" y=\"0\" width=\"1\" height=\"1\"/>\n", "rect without fill or attributes");
	strbuf_reset(&sb);
	svg_line(&sb, 0, 1, 2, 3, "#000", NULL);
	is_str(sb.buf, "<line x1=\"0\" y1=\"1\" x2=\"2\" y2=\"3\" stroke=\"#000\"/>\n", "line");
	strbuf_reset(&sb);
	svg_text(&sb, 5, 6, "class=\"t\"", "std::vector<int> & \"x\"");
	is_str(sb.buf, "<text x=\"5\" y=\"6\" class=\"t\">std::vector&lt;int&gt; &amp; &quot;x&quot;</text>\n",
	       "text is escaped");
	strbuf_reset(&sb);
	svg_title(&sb, "a<b");
	is_str(sb.buf, "<title>a&lt;b</title>", "title is escaped");
	strbuf_reset(&sb);
	svg_polyline(&sb, xs, ys, 6, "blue", NULL);
	is_str(sb.buf, "<polyline fill=\"none\" stroke=\"blue\" points=\"0,10 1,11.5\"/>\n"
	       "<polyline fill=\"none\" stroke=\"blue\" points=\"3,13\"/>\n"
	       "<polyline fill=\"none\" stroke=\"blue\" points=\"5,15\"/>\n",
	       "NaN points break a polyline");
	strbuf_reset(&sb);
	svg_polyline(&sb, xs + 2, ys + 2, 1, "blue", NULL);
	is_str(sb.buf, "", "a polyline of only NaN points draws nothing");
	svg_polygon(&sb, xs, ys, 2, "red", "opacity=\".5\"");
	is_str(sb.buf, "<polygon fill=\"red\" opacity=\".5\" points=\"0,10 1,11.5\"/>\n", "polygon");
	strbuf_reset(&sb);
	svg_cdata(&sb, "a]]>b]]>", 8);
	is_str(sb.buf, "<![CDATA[a]]]]><![CDATA[>b]]]]><![CDATA[>]]>", "CDATA splits every ]]>");
	strbuf_reset(&sb);
	svg_cdata(&sb, "", 0);
	is_str(sb.buf, "<![CDATA[]]>", "empty CDATA");
	strbuf_reset(&sb);
	svg_end(&sb);
	is_str(sb.buf, "</svg>\n", "end");
	strbuf_release(&sb);
	return done_testing();
}
