// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Writing the laid-out frames as SVG: coordinates rounded as flamegraph.pl
 * rounds them, its tooltips and labels, and our own smaller markup with the
 * script and style of share/headroom embedded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/error.h"
#include "headroom/svg.h"
#include "flame.h"

#define XPAD 10			/* left and right padding */
#define FRAMEPAD 1		/* vertical gap between frames */

/* "%.1f" as Perl's sprintf prints it, then shortened: "12.0" -> "12". */
static size_t fmt1(char *buf, double v)
{
	int n = snprintf(buf, 32, "%.1f", v);

	if (n >= 2 && buf[n - 1] == '0' && buf[n - 2] == '.') {
		n -= 2;
		buf[n] = '\0';
	}
	if (n == 2 && buf[0] == '-' && buf[1] == '0')
		buf[0] = '0', buf[1] = '\0', n = 1;
	return (size_t)n;
}

/* "%.2f" shortened the same way ("13.00" -> "13", "13.50" -> "13.5"). */
static size_t fmt2(char *buf, double v)
{
	int n = snprintf(buf, 32, "%.2f", v);

	if (buf[n - 1] == '0') {
		n--;
		if (buf[n - 1] == '0')
			n -= 2;
		buf[n] = '\0';
	}
	return (size_t)n;
}

/* A number as Perl prints it by default (%.15g). */
static size_t fmtg(char *buf, double v)
{
	return (size_t)snprintf(buf, 32, "%.15g", v);
}

/* Escapes what flamegraph.pl escapes in titles (quote) or labels (no quote). */
static void add_escaped(struct strbuf *sb, const char *s, size_t len, bool quote)
{
	const char *end = s + len, *run = s;

	for (; s < end; s++) {
		const char *rep;

		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = quote ? "&quot;" : NULL; break;
		default: rep = NULL; break;
		}
		if (!rep)
			continue;
		strbuf_add(sb, run, (size_t)(s - run));
		strbuf_addstr(sb, rep);
		run = s + 1;
	}
	strbuf_add(sb, run, (size_t)(end - run));
}

/* The name without a trailing _[k], _[j], _[i] or _[w] annotation. */
static size_t strip_annotation(const char *s, size_t len)
{
	if (len >= 4 && s[len - 4] == '_' && s[len - 3] == '[' && s[len - 1] == ']' &&
	    strchr("kwij", s[len - 2]) && s[len - 2])
		return len - 4;
	return len;
}

/* A count as flamegraph.pl shows it: rounded, with thousands separators. */
static void add_count(struct strbuf *sb, double v)
{
	char buf[64];
	int n = snprintf(buf, sizeof(buf), "%.0f", v), i, start = buf[0] == '-';

	for (i = 0; i < n; i++) {
		strbuf_addch(sb, buf[i]);
		if (i >= start && i < n - 1 && (n - 1 - i) % 3 == 0)
			strbuf_addch(sb, ',');
	}
}

static size_t utf8_chars(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xc0) != 0x80;
	return n;
}

/* The byte length of the first chars characters of s. */
static size_t utf8_prefix(const char *s, size_t len, size_t chars)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80) {
			if (chars == 0)
				return i;
			chars--;
		}
	}
	return len;
}

struct render {
	const struct flame_opts *o;
	struct strbuf *sb;
	double timemax, widthpertime, imageheight, ypad2, maxdelta;
	char (*ys)[2][32];		/* per depth: rect y, text y */
};

static void add_color(struct strbuf *sb, struct flame_rgb c)
{
	static const char hex[] = "0123456789abcdef";
	char buf[7] = { '#', hex[c.r >> 4], hex[c.r & 15], hex[c.g >> 4], hex[c.g & 15],
			hex[c.b >> 4], hex[c.b & 15] };

	strbuf_add(sb, buf, sizeof(buf));
}

/* An "rgb(r,g,b)" colour from a palette map, shortened to #rrggbb. */
static void add_color_string(struct strbuf *sb, const char *s)
{
	int r, g, b, n = 0;

	if (sscanf(s, "rgb(%d,%d,%d)%n", &r, &g, &b, &n) == 3 && !s[n] &&
	    r >= 0 && r < 256 && g >= 0 && g < 256 && b >= 0 && b < 256) {
		struct flame_rgb c = { (unsigned char)r, (unsigned char)g, (unsigned char)b };

		add_color(sb, c);
		return;
	}
	add_escaped(sb, s, strlen(s), true);
}

/* Appends ' name="value"' when the attribute is set (and not empty, unless empty_ok). */
static void add_attr(struct strbuf *sb, const char *name, const char *value, bool empty_ok)
{
	if (!value || (!empty_ok && !*value))
		return;
	strbuf_addch(sb, ' ');
	if (name) {
		strbuf_addstr(sb, name);
		strbuf_addstr(sb, "=\"");
	}
	strbuf_addstr(sb, value);
	if (name)
		strbuf_addch(sb, '"');
}

/*
 * Opens the frame's element: <g>, or with --nameattr the attributes given
 * for the function, in a link (<a>) when it has an href. Returns whether
 * it is a link, and sets *title to a title given for it (or NULL).
 */
static bool open_frame(struct render *r, const struct flame_node *n, const char **title)
{
	const struct flame_nameattr *a = r->o->nameattr;
	struct strbuf *sb = r->sb;
	const char *href, *v;

	*title = NULL;
	if (!a || !flame_nameattr_has(a, n->name, n->len)) {
		strbuf_addstr(sb, "<g>");
		return false;
	}
	*title = flame_nameattr_get(a, n->name, n->len, "title");
	href = flame_nameattr_get(a, n->name, n->len, "href");
	if (href && *href) {
		strbuf_addstr(sb, "<a xlink:href=\"");
		strbuf_addstr(sb, href);
		strbuf_addstr(sb, "\" target=\"");
		v = flame_nameattr_get(a, n->name, n->len, "target");
		strbuf_addstr(sb, v && *v ? v : "_top");
		strbuf_addch(sb, '"');
		add_attr(sb, NULL, flame_nameattr_get(a, n->name, n->len, "a_extra"), false);
	} else {
		strbuf_addstr(sb, "<g");
	}
	add_attr(sb, "id", flame_nameattr_get(a, n->name, n->len, "id"), true);
	add_attr(sb, "class", flame_nameattr_get(a, n->name, n->len, "class"), true);
	add_attr(sb, NULL, flame_nameattr_get(a, n->name, n->len, "g_extra"), false);
	strbuf_addch(sb, '>');
	return href && *href;
}

/* The tooltip: "name (1,234 samples, 5.67%)", as flamegraph.pl words it. */
static void frame_title(struct render *r, const struct flame_node *n, double etime,
			const char *title)
{
	const struct flame_opts *o = r->o;
	struct strbuf *sb = r->sb;
	bool root = n->depth == 0;
	double samples = root ? etime - n->stime : n->etime - n->stime;
	char buf[64], num[64];

	strbuf_addstr(sb, "<title>");
	snprintf(num, sizeof(num), "%.0f", samples * o->factor);
	samples = strtod(num, NULL);
	if (title && *title) {
		strbuf_addstr(sb, title);
	} else if (root) {
		strbuf_addstr(sb, "all (");
		add_count(sb, samples);
		strbuf_addch(sb, ' ');
		add_escaped(sb, o->countname, strlen(o->countname), true);
		strbuf_addstr(sb, ", 100%)");
	} else {
		add_escaped(sb, n->name, strip_annotation(n->name, n->len), true);
		strbuf_addstr(sb, " (");
		add_count(sb, samples);
		strbuf_addch(sb, ' ');
		add_escaped(sb, o->countname, strlen(o->countname), true);
		strbuf_addf(sb, ", %.2f%%", 100 * samples / (r->timemax * o->factor));
		if (n->has_delta) {
			double d = o->negate ? -n->delta : n->delta;

			if (d == 0)
				d = 0;		/* Perl negates an integer zero to 0, not -0 */
			snprintf(buf, sizeof(buf), "%.2f", 100 * d / (r->timemax * o->factor));
			strbuf_addf(sb, "; %s%s%%", d > 0 ? "+" : "", buf);
		}
		strbuf_addch(sb, ')');
	}
	strbuf_addstr(sb, "</title>");
}

/* The rectangle, rounded to 0.1 px as flamegraph.pl rounds it. */
static void frame_rect(struct render *r, const struct flame_node *n, double x1, double x2)
{
	const struct flame_opts *o = r->o;
	struct strbuf *sb = r->sb;
	char buf[64];
	double rx1, rx2;

	snprintf(buf, sizeof(buf), "%.1f", x1);
	rx1 = strtod(buf, NULL);
	snprintf(buf, sizeof(buf), "%.1f", x2);
	rx2 = strtod(buf, NULL);
	strbuf_addstr(sb, "<rect x=\"");
	strbuf_add(sb, buf, fmt1(buf, rx1));
	strbuf_addstr(sb, "\" y=\"");
	strbuf_addstr(sb, r->ys[n->depth][0]);
	strbuf_addstr(sb, "\" width=\"");
	strbuf_add(sb, buf, fmt1(buf, rx2 - rx1));
	strbuf_addstr(sb, "\" height=\"");
	strbuf_add(sb, buf, fmtg(buf, o->frameheight - FRAMEPAD));
	strbuf_addstr(sb, "\" fill=\"");
	if (n->len == 2 && !memcmp(n->name, "--", 2))
		strbuf_addstr(sb, "#a0a0a0");
	else if (n->len == 1 && n->name[0] == '-')
		strbuf_addstr(sb, "#c8c8c8");
	else if (n->has_delta)
		add_color(sb, flame_color_scale(n->delta, r->maxdelta, o->negate));
	else if (o->cp)
		add_color_string(sb, flame_colormap_get(o->cp, o->palette, o->hash, o->random,
							n->name, n->len));
	else
		add_color(sb, flame_color(o->palette, o->hash, o->random, n->name, n->len));
	strbuf_addstr(sb, "\"/>");
}

/* A label only where one fits; the script adds labels when zooming. */
static void frame_label(struct render *r, const struct flame_node *n, double x1, double x2)
{
	const struct flame_opts *o = r->o;
	struct strbuf *sb = r->sb;
	int chars = (int)((x2 - x1) / (o->fontsize * o->fontwidth));
	size_t name_len = strip_annotation(n->name, n->len), nchars, take;
	char buf[64];

	if (chars < 3)
		return;
	nchars = utf8_chars(n->name, name_len);
	take = (size_t)chars < nchars ? (size_t)chars - 2 : nchars;
	strbuf_addstr(sb, "<text x=\"");
	strbuf_add(sb, buf, fmt2(buf, x1 + 3));
	strbuf_addstr(sb, "\" y=\"");
	strbuf_addstr(sb, r->ys[n->depth][1]);
	strbuf_addstr(sb, "\">");
	add_escaped(sb, n->name, utf8_prefix(n->name, name_len, take), false);
	if ((size_t)chars < nchars)
		strbuf_addstr(sb, "..");
	strbuf_addstr(sb, "</text>");
}

static void draw_frame(struct render *r, const struct flame_node *n)
{
	double etime = n->depth == 0 ? r->timemax : n->etime;
	double x1 = XPAD + n->stime * r->widthpertime;
	double x2 = XPAD + etime * r->widthpertime;
	const char *title;
	bool link = open_frame(r, n, &title);

	frame_title(r, n, etime, title);
	frame_rect(r, n, x1, x2);
	frame_label(r, n, x1, x2);
	strbuf_addstr(r->sb, link ? "</a>\n" : "</g>\n");
}

static void add_num(struct strbuf *sb, double v)
{
	char buf[32];

	strbuf_add(sb, buf, fmtg(buf, v));
}

static void text_el(struct strbuf *sb, const char *id, double x, double y, const char *cls,
		    const char *text)
{
	strbuf_addstr(sb, "<text id=\"");
	strbuf_addstr(sb, id);
	strbuf_addstr(sb, "\" x=\"");
	add_num(sb, x);
	strbuf_addstr(sb, "\" y=\"");
	add_num(sb, y);
	strbuf_addch(sb, '"');
	if (cls) {
		strbuf_addstr(sb, " class=\"");
		strbuf_addstr(sb, cls);
		strbuf_addch(sb, '"');
	}
	strbuf_addch(sb, '>');
	add_escaped(sb, text, strlen(text), false);
	strbuf_addstr(sb, "</text>\n");
}

/*
 * Embedded script and style lose their indentation and whole-line comments:
 * they are read by browsers, not people, and every byte is in every SVG.
 */
static void add_compact(struct strbuf *sb, const char *s, size_t len)
{
	const char *end = s + len;
	bool in_comment = false;

	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *le = nl ? nl : end;
		bool opens, closes;

		while (s < le && (*s == ' ' || *s == '\t'))
			s++;
		opens = le - s >= 2 && s[0] == '/' && s[1] == '*';
		closes = le - s >= 2 && le[-2] == '*' && le[-1] == '/';
		if (in_comment) {
			in_comment = !memmem(s, (size_t)(le - s), "*/", 2);
		} else if (opens && !closes && !memmem(s + 2, (size_t)(le - s - 2), "*/", 2)) {
			in_comment = true;
		} else if (s < le && !(opens && closes) &&
			   !(le - s >= 2 && s[0] == '/' && s[1] == '/')) {
			strbuf_add(sb, s, (size_t)(le - s));
			strbuf_addch(sb, '\n');
		}
		s = nl ? nl + 1 : end;
	}
}

static void bg_colors(const struct flame_opts *o, const char **c1, const char **c2)
{
	const char *bg = o->bgcolors;

	if (!bg || !*bg) {
		switch (o->palette) {
		case PAL_MEM: bg = "green"; break;
		case PAL_IO: case PAL_WAKEUP: case PAL_CHAIN: bg = "blue"; break;
		case PAL_RED: case PAL_GREEN: case PAL_BLUE: case PAL_AQUA: case PAL_YELLOW:
		case PAL_PURPLE: case PAL_ORANGE: bg = "grey"; break;
		default: bg = "yellow"; break;
		}
	}
	if (!strcmp(bg, "yellow")) {
		*c1 = "#eeeeee"; *c2 = "#eeeeb0";
	} else if (!strcmp(bg, "blue")) {
		*c1 = "#eeeeee"; *c2 = "#e0e0ff";
	} else if (!strcmp(bg, "green")) {
		*c1 = "#eef2ee"; *c2 = "#e0ffe0";
	} else if (!strcmp(bg, "grey") || !strcmp(bg, "gray")) {
		*c1 = "#f8f8f8"; *c2 = "#e8e8e8";
	} else {
		*c1 = *c2 = bg;		/* "#rrggbb", checked by the caller */
	}
}

/* The total the graph is drawn against: the sum of the counts, or --total. */
static double time_max(const struct flame *f)
{
	const struct flame_opts *o = f->opts;

	if (!(o->total > 0))
		return f->time;
	if (o->total >= f->time)
		return o->total;
	if (o->total / f->time > 0.02)
		warning("--total %g is less than the actual total %g, so ignored", o->total, f->time);
	return f->time;
}

/* The XML declaration, the <svg> element, the notes, the style and the texts around the frames. */
static void svg_head(struct render *r, const char *css, size_t csslen)
{
	const struct flame_opts *o = r->o;
	struct strbuf *sb = r->sb;
	double w = o->width, h = r->imageheight;
	const char *title = o->title, *bg1, *bg2;

	if (!title || !*title)
		title = o->flamechart ? "Flame Chart" : o->inverted ? "Icicle Graph" : "Flame Graph";
	strbuf_addstr(sb, "<?xml version=\"1.0\"");
	if (o->encoding) {
		strbuf_addstr(sb, " encoding=\"");
		add_escaped(sb, o->encoding, strlen(o->encoding), true);
		strbuf_addch(sb, '"');
	}
	strbuf_addstr(sb, " standalone=\"no\"?>\n<svg version=\"1.1\" width=\"");
	add_num(sb, w);
	strbuf_addstr(sb, "\" height=\"");
	add_num(sb, h);
	strbuf_addstr(sb, "\" viewBox=\"0 0 ");
	add_num(sb, w);
	strbuf_addch(sb, ' ');
	add_num(sb, h);
	strbuf_addstr(sb, "\" xmlns=\"http://www.w3.org/2000/svg\" "
		      "xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n"
		      "<!-- Flame graph drawn by hr-flame (headroom) -->\n");
	if (o->notes && *o->notes) {
		strbuf_addstr(sb, "<!-- NOTES: ");
		strbuf_addstr(sb, o->notes);
		strbuf_addstr(sb, " -->\n");
	}
	bg_colors(o, &bg1, &bg2);
	strbuf_addf(sb, "<defs><linearGradient id=\"background\" y1=\"0\" y2=\"1\" x1=\"0\" "
		    "x2=\"0\"><stop stop-color=\"%s\" offset=\"5%%\"/><stop stop-color=\"%s\" "
		    "offset=\"95%%\"/></linearGradient></defs>\n", bg1, bg2);
	strbuf_addstr(sb, "<style>text{font-family:");
	add_escaped(sb, o->fonttype, strlen(o->fonttype), false);
	strbuf_addstr(sb, ";font-size:");
	add_num(sb, o->fontsize);
	strbuf_addstr(sb, "px}#title{font-size:");
	add_num(sb, o->fontsize + 5);
	strbuf_addstr(sb, "px}\n");
	add_compact(sb, css, csslen);
	strbuf_addstr(sb, "</style>\n");
	svg_rect(sb, 0, 0, w, h, "url(#background)", NULL);
	text_el(sb, "title", (int)(w / 2), o->fontsize * 2, NULL, title);
	if (o->subtitle && *o->subtitle)
		text_el(sb, "subtitle", (int)(w / 2), o->fontsize * 4, NULL, o->subtitle);
	text_el(sb, "details", XPAD, h - r->ypad2 / 2, NULL, " ");
	text_el(sb, "unzoom", XPAD, o->fontsize * 2, "hide", "Reset Zoom");
	text_el(sb, "search", w - XPAD - 100, o->fontsize * 2, NULL, "Search");
	text_el(sb, "ignorecase", w - XPAD - 16, o->fontsize * 2, NULL, "ic");
	text_el(sb, "matched", w - XPAD - 100, h - r->ypad2 / 2, NULL, " ");
}

/* The y of each depth's rectangles and labels, as text. */
static void depth_positions(struct render *r, unsigned depthmax, double ypad1)
{
	const struct flame_opts *o = r->o;
	unsigned d;

	r->ys = xreallocarray(NULL, depthmax + 1, sizeof(*r->ys));
	for (d = 0; d <= depthmax; d++) {
		double y1, y2;

		if (!o->inverted) {
			y1 = r->imageheight - r->ypad2 - (d + 1) * o->frameheight + FRAMEPAD;
			y2 = r->imageheight - r->ypad2 - d * o->frameheight;
		} else {
			y1 = ypad1 + d * o->frameheight;
			y2 = ypad1 + (d + 1) * o->frameheight - FRAMEPAD;
		}
		fmtg(r->ys[d][0], y1);
		fmtg(r->ys[d][1], 3 + (y1 + y2) / 2);
	}
}

/* The script, after the settings it reads from the options. */
static void svg_script(struct render *r, const char *js, size_t jslen)
{
	const struct flame_opts *o = r->o;
	struct strbuf cfg = STRBUF_INIT;

	strbuf_addstr(r->sb, "<script type=\"text/ecmascript\">");
	strbuf_addstr(&cfg, "var F={xpad:");
	strbuf_add_num(&cfg, XPAD);
	strbuf_addstr(&cfg, ",fs:");
	strbuf_add_num(&cfg, o->fontsize);
	strbuf_addstr(&cfg, ",fw:");
	strbuf_add_num(&cfg, o->fontwidth);
	strbuf_addstr(&cfg, ",inv:");
	strbuf_addstr(&cfg, o->inverted ? "true" : "false");
	strbuf_addstr(&cfg, ",nametype:");
	strbuf_add_json(&cfg, o->nametype, strlen(o->nametype));
	strbuf_addstr(&cfg, "};\n");
	add_compact(&cfg, js, jslen);
	svg_cdata(r->sb, cfg.buf, cfg.len);
	strbuf_release(&cfg);
	strbuf_addstr(r->sb, "</script>\n");
}

int flame_render(struct flame *f, struct strbuf *sb, const char *js, size_t jslen,
		 const char *css, size_t csslen)
{
	const struct flame_opts *o = f->opts;
	double ypad1 = o->fontsize * 3, w = o->width;
	struct flame_layout l;
	struct render r = { .o = o, .sb = sb, .ypad2 = o->fontsize * 2 + 10,
			    .maxdelta = f->maxdelta };
	size_t i;

	if (!(f->time > 0))
		return -1;
	r.timemax = time_max(f);
	r.widthpertime = (w - 2 * XPAD) / r.timemax;
	if (o->minwidth_pct)
		flame_layout_build(&l, f, r.timemax * o->minwidth / 100);
	else
		flame_layout_build(&l, f, o->minwidth / ((w - 2 * XPAD) / r.timemax));
	r.imageheight = (l.depthmax + 1) * o->frameheight + ypad1 + r.ypad2;
	if (o->subtitle && *o->subtitle)
		r.imageheight += o->fontsize * 2;

	strbuf_grow(sb, l.nr * 96 + jslen + csslen + 4096);
	svg_head(&r, css, csslen);
	depth_positions(&r, l.depthmax, ypad1);
	strbuf_addstr(sb, "<g id=\"frames\">\n");
	for (i = 0; i < l.nr; i++)
		draw_frame(&r, &l.nodes[i]);
	strbuf_addstr(sb, "</g>\n");
	svg_script(&r, js, jslen);
	svg_end(sb);
	free(r.ys);
	flame_layout_release(&l);
	return 0;
}
