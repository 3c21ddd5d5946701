/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A small SVG writer into a strbuf. Coordinates are written with at most one
 * or two decimals to keep files small; text is XML-escaped. attrs arguments are
 * raw attribute text inserted as given (may be NULL).
 */
#ifndef HEADROOM_SVG_H
#define HEADROOM_SVG_H

#include <stddef.h>

#include "headroom/strbuf.h"

/* The XML declaration and the opening <svg> of the given size. */
void svg_begin(struct strbuf *sb, double width, double height, const char *attrs);
void svg_end(struct strbuf *sb);
/* Appends a coordinate/number compactly ("12", "12.5", "12.25"). */
void svg_num(struct strbuf *sb, double v);
void svg_rect(struct strbuf *sb, double x, double y, double w, double h,
	      const char *fill, const char *attrs);
void svg_line(struct strbuf *sb, double x1, double y1, double x2, double y2,
	      const char *stroke, const char *attrs);
/* <text x y attrs>escaped text</text> */
void svg_text(struct strbuf *sb, double x, double y, const char *attrs,
	      const char *text);
/* A polyline through n points (xs[i], ys[i]); NaN points break the line. */
void svg_polyline(struct strbuf *sb, const double *xs, const double *ys, size_t n,
		  const char *stroke, const char *attrs);
/* A closed polygon through n points. */
void svg_polygon(struct strbuf *sb, const double *xs, const double *ys, size_t n,
		 const char *fill, const char *attrs);
/*
 * A round step (1, 2 or 5 times a power of ten) for about n axis ticks
 * from 0 to max (> 0).
 */
double svg_tick_step(double max, int n);
/* <title>escaped</title> */
void svg_title(struct strbuf *sb, const char *text);
/* Embeds text in <![CDATA[ ]]> (splitting any "]]>" it contains). */
void svg_cdata(struct strbuf *sb, const char *text, size_t len);

#endif
