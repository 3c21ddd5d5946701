// SPDX-License-Identifier: GPL-3.0-or-later
/* SVG output shared by hr-flame and the charting tools. */
#include <math.h>
#include <string.h>

#include "headroom/svg.h"

void svg_num(struct strbuf *sb, double v)
{
	double r = round(v * 100) / 100;

	if (r == floor(r))
		strbuf_addf(sb, "%.0f", r == 0 ? 0.0 : r);
	else if (r * 10 == floor(r * 10))
		strbuf_addf(sb, "%.1f", r);
	else
		strbuf_addf(sb, "%.2f", r);
}

void svg_begin(struct strbuf *sb, double width, double height, const char *attrs)
{
	strbuf_addstr(sb, "<?xml version=\"1.0\" standalone=\"no\"?>\n"
		      "<svg version=\"1.1\" xmlns=\"http://www.w3.org/2000/svg\" "
		      "xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"");
	svg_num(sb, width);
	strbuf_addstr(sb, "\" height=\"");
	svg_num(sb, height);
	strbuf_addstr(sb, "\" viewBox=\"0 0 ");
	svg_num(sb, width);
	strbuf_addch(sb, ' ');
	svg_num(sb, height);
	strbuf_addch(sb, '"');
	if (attrs) {
		strbuf_addch(sb, ' ');
		strbuf_addstr(sb, attrs);
	}
	strbuf_addstr(sb, ">\n");
}

void svg_end(struct strbuf *sb)
{
	strbuf_addstr(sb, "</svg>\n");
}

static void attr_num(struct strbuf *sb, const char *name, double v)
{
	strbuf_addch(sb, ' ');
	strbuf_addstr(sb, name);
	strbuf_addstr(sb, "=\"");
	svg_num(sb, v);
	strbuf_addch(sb, '"');
}

static void attr_str(struct strbuf *sb, const char *name, const char *v)
{
	if (!v)
		return;
	strbuf_addch(sb, ' ');
	strbuf_addstr(sb, name);
	strbuf_addstr(sb, "=\"");
	strbuf_add_xml(sb, v, strlen(v));
	strbuf_addch(sb, '"');
}

static void extra(struct strbuf *sb, const char *attrs)
{
	if (attrs && *attrs) {
		strbuf_addch(sb, ' ');
		strbuf_addstr(sb, attrs);
	}
}

/* An empty element with four numeric attributes and a paint: <rect> and <line>. */
struct shape {
	const char *tag;
	const char *num[4];	/* the numeric attributes, in order */
	const char *paint;	/* "fill" or "stroke" */
};

static const struct shape rect_shape = { "rect", { "x", "y", "width", "height" }, "fill" };
static const struct shape line_shape = { "line", { "x1", "y1", "x2", "y2" }, "stroke" };

static void add_shape(struct strbuf *sb, const struct shape *s, const double v[4],
		      const char *paint, const char *attrs)
{
	int i;

	strbuf_addch(sb, '<');
	strbuf_addstr(sb, s->tag);
	for (i = 0; i < 4; i++)
		attr_num(sb, s->num[i], v[i]);
	attr_str(sb, s->paint, paint);
	extra(sb, attrs);
	strbuf_addstr(sb, "/>\n");
}

void svg_rect(struct strbuf *sb, double x, double y, double w, double h,
	      const char *fill, const char *attrs)
{
	const double v[] = { x, y, w, h };

	add_shape(sb, &rect_shape, v, fill, attrs);
}

void svg_line(struct strbuf *sb, double x1, double y1, double x2, double y2,
	      const char *stroke, const char *attrs)
{
	const double v[] = { x1, y1, x2, y2 };

	add_shape(sb, &line_shape, v, stroke, attrs);
}

void svg_text(struct strbuf *sb, double x, double y, const char *attrs, const char *text)
{
	strbuf_addstr(sb, "<text");
	attr_num(sb, "x", x);
	attr_num(sb, "y", y);
	extra(sb, attrs);
	strbuf_addch(sb, '>');
	strbuf_add_xml(sb, text, strlen(text));
	strbuf_addstr(sb, "</text>\n");
}

static void points(struct strbuf *sb, const double *xs, const double *ys, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			strbuf_addch(sb, ' ');
		svg_num(sb, xs[i]);
		strbuf_addch(sb, ',');
		svg_num(sb, ys[i]);
	}
}

void svg_polyline(struct strbuf *sb, const double *xs, const double *ys, size_t n,
		  const char *stroke, const char *attrs)
{
	size_t i = 0;

	while (i < n) {
		size_t j;

		while (i < n && (isnan(xs[i]) || isnan(ys[i])))
			i++;
		j = i;
		while (j < n && !isnan(xs[j]) && !isnan(ys[j]))
			j++;
		if (j > i) {
			strbuf_addstr(sb, "<polyline fill=\"none\"");
			attr_str(sb, "stroke", stroke);
			extra(sb, attrs);
			strbuf_addstr(sb, " points=\"");
			points(sb, xs + i, ys + i, j - i);
			strbuf_addstr(sb, "\"/>\n");
		}
		i = j;
	}
}

void svg_polygon(struct strbuf *sb, const double *xs, const double *ys, size_t n,
		 const char *fill, const char *attrs)
{
	strbuf_addstr(sb, "<polygon");
	attr_str(sb, "fill", fill);
	extra(sb, attrs);
	strbuf_addstr(sb, " points=\"");
	points(sb, xs, ys, n);
	strbuf_addstr(sb, "\"/>\n");
}

void svg_title(struct strbuf *sb, const char *text)
{
	strbuf_addstr(sb, "<title>");
	strbuf_add_xml(sb, text, strlen(text));
	strbuf_addstr(sb, "</title>");
}

void svg_cdata(struct strbuf *sb, const char *text, size_t len)
{
	const char *p = text, *end = text + len;

	strbuf_addstr(sb, "<![CDATA[");
	while (p < end) {
		const char *hit = memmem(p, (size_t)(end - p), "]]>", 3);

		if (!hit) {
			strbuf_add(sb, p, (size_t)(end - p));
			break;
		}
		strbuf_add(sb, p, (size_t)(hit - p) + 2);
		strbuf_addstr(sb, "]]><![CDATA[");
		p = hit + 2;
	}
	strbuf_addstr(sb, "]]>");
}

double svg_tick_step(double max, int n)
{
	double raw = max / n, mag = pow(10, floor(log10(raw))), r = raw / mag;

	return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * mag;
}
