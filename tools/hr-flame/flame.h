/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hr-flame's engine: folded stacks in (flame.c), the flame graph SVG out
 * (render.c), laid out and coloured (color.c) as FlameGraph's flamegraph.pl
 * does for the same options.
 */
#ifndef HR_FLAME_H
#define HR_FLAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "headroom/options.h"
#include "headroom/stackmap.h"
#include "headroom/strbuf.h"

enum flame_palette {
	PAL_HOT, PAL_MEM, PAL_IO, PAL_WAKEUP, PAL_CHAIN, PAL_JAVA, PAL_JS, PAL_PERL,
	PAL_RED, PAL_GREEN, PAL_BLUE, PAL_AQUA, PAL_YELLOW, PAL_PURPLE, PAL_ORANGE,
};

struct flame_opts {
	const char *title;		/* NULL: "Flame Graph", "Icicle Graph" or "Flame Chart" */
	const char *subtitle;		/* NULL or "": none */
	const char *fonttype;
	const char *countname;
	const char *nametype;
	const char *bgcolors;		/* NULL: the palette's default */
	const char *notes;
	const char *encoding;		/* NULL: none declared */
	double width, frameheight, fontsize, fontwidth;
	double minwidth;		/* pixels, or percent when minwidth_pct */
	bool minwidth_pct;
	double factor;
	double total;			/* 0: the sum of the counts */
	enum flame_palette palette;
	bool hash, random, reverse, inverted, flamechart, negate;
	/* --cp: the palette map read before drawing and written after (may be NULL). */
	struct flame_colormap *cp;
	/* --nameattr: per-function attributes (may be NULL). */
	struct flame_nameattr *nameattr;
};

void flame_opts_init(struct flame_opts *o);
/* The palettes by name, for --colors. */
extern const struct opt_choice flame_palettes[];

struct flame_field { const char *s; size_t len; };

struct flame {
	const struct flame_opts *opts;
	struct stackmap map;		/* merged stacks (not for --flamechart) */
	/* --flamechart keeps the lines in input order. */
	struct strbuf seq_keys;
	struct flame_seq { size_t off, len; double c[2]; } *seq;
	size_t seq_nr, seq_alloc;
	struct strbuf scratch;
	struct flame_field *fields;
	size_t fields_alloc;
	bool differential;		/* some line had two counts */
	size_t lines, invalid;
	double time;			/* the sum of the counts drawn */
	double maxdelta;
};

void flame_init(struct flame *f, const struct flame_opts *opts);
void flame_release(struct flame *f);
/*
 * Adds one input line (without its newline). Blank lines are ignored; returns
 * -1 for a line that is not a folded stack (counted in f->invalid), else 0.
 */
int flame_add_line(struct flame *f, const char *line, size_t len);
/*
 * (render.c) Lays the stacks out and appends the whole SVG to out, embedding script and
 * style (the contents of share/headroom/flame.js and flame.css). Returns 0,
 * or -1 when there is nothing to draw (no line, or all counts zero).
 * Warnings (an ignored --total) go through warning().
 */
int flame_render(struct flame *f, struct strbuf *out, const char *js, size_t jslen,
		 const char *css, size_t csslen);

/* Layout (flame.c). */
struct flame_node {
	const char *name;		/* borrowed from the stacks; not NUL-terminated */
	size_t len;
	unsigned depth;			/* 0: the root ("all") */
	double stime, etime;		/* the count before its start, and before its end */
	double delta;			/* differential: after minus before, for leaves */
	bool has_delta;
};

struct flame_layout {
	const struct flame_opts *opts;
	double minwidth_time;		/* frames narrower than this are left out */
	struct flame_node *nodes;	/* parents before children, left to right */
	size_t nr, alloc;
	unsigned depthmax;
	/* Work space of the merge. */
	struct flame_open_frame *open;
	size_t nopen, open_alloc;
	struct flame_field *fields;	/* the frames of the previous key, root first */
	size_t fields_alloc, nfields;
	const char *prev;		/* the previous key */
	size_t prev_len;
	char **keep;			/* rewritten stacks (--colors chain) */
	size_t nkeep, keep_alloc;
};

/*
 * Merges the stacks read into f into frames, as flamegraph.pl's flow() does,
 * leaving out frames whose count is below minwidth_time. The nodes borrow
 * names from f, which must outlive l.
 */
void flame_layout_build(struct flame_layout *l, struct flame *f, double minwidth_time);
void flame_layout_release(struct flame_layout *l);

/* Colours (color.c). */
struct flame_rgb { unsigned char r, g, b; };
/* The colour flamegraph.pl gives a frame of this name (annotation included). */
struct flame_rgb flame_color(enum flame_palette pal, bool hash, bool random,
			     const char *name, size_t len);
/* The differential colour: red for growth, blue for shrinkage, white for none. */
struct flame_rgb flame_color_scale(double delta, double maxdelta, bool negate);

/* --cp: a palette map file (name->rgb(r,g,b) lines), read and rewritten. */
struct flame_colormap;
struct flame_colormap *flame_colormap_read(const char *path);
/* The colour for name: from the map, else computed and remembered. Borrowed. */
const char *flame_colormap_get(struct flame_colormap *m, enum flame_palette pal,
			       bool hash, bool random, const char *name, size_t len);
int flame_colormap_write(struct flame_colormap *m);
void flame_colormap_free(struct flame_colormap *m);

/* --nameattr: "function<TAB>name=value<TAB>..." lines. */
struct flame_nameattr;
struct flame_nameattr *flame_nameattr_read(const char *path);
/* Parses a whole nameattr file held in memory; NULL after error() on bad input. */
struct flame_nameattr *flame_nameattr_parse(const char *path, const char *text, size_t len);
/* The value of attribute key for function name, or NULL. Borrowed. */
const char *flame_nameattr_get(const struct flame_nameattr *a, const char *name, size_t len,
			       const char *key);
bool flame_nameattr_has(const struct flame_nameattr *a, const char *name, size_t len);
void flame_nameattr_free(struct flame_nameattr *a);

#endif
