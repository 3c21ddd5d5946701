// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Frame colours, computed exactly as flamegraph.pl computes them so that the
 * same input gives the same picture, and the --cp palette map file.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "headroom/alloc.h"
#include "headroom/cli.h"
#include "headroom/error.h"
#include "headroom/stackmap.h"
#include "headroom/strbuf.h"
#include "flame.h"

/*
 * Decodes the next UTF-8 code point of s[*i..len); a byte that does not start
 * a valid sequence stands for itself. flamegraph.pl reads its input as UTF-8,
 * and its hashes sum code points, not bytes.
 */
static uint32_t next_cp(const unsigned char *s, size_t len, size_t *i)
{
	unsigned char c = s[*i];
	size_t n, k;
	uint32_t cp;

	if (c < 0x80) {
		(*i)++;
		return c;
	}
	if ((c & 0xe0) == 0xc0) {
		n = 1;
		cp = c & 0x1f;
	} else if ((c & 0xf0) == 0xe0) {
		n = 2;
		cp = c & 0x0f;
	} else if ((c & 0xf8) == 0xf0) {
		n = 3;
		cp = c & 0x07;
	} else {
		(*i)++;
		return c;
	}
	if (*i + n >= len) {
		(*i)++;
		return c;
	}
	for (k = 1; k <= n; k++) {
		if ((s[*i + k] & 0xc0) != 0x80) {
			(*i)++;
			return c;
		}
		cp = (cp << 6) | (s[*i + k] & 0x3f);
	}
	*i += n + 1;
	return cp;
}

/*
 * Perl's srand(seed); rand(1): its own drand48 (since 5.20), seeded as
 * srand48 seeds, giving the first number of the sequence.
 */
static double perl_srand_rand(uint32_t seed)
{
	uint64_t x = ((uint64_t)seed << 16) | 0x330e;

	x = (x * 0x5deece66dull + 0xb) & ((1ull << 48) - 1);
	return (double)x / (double)(1ull << 48);
}

static double random_namehash(const char *name, size_t len)
{
	uint32_t sum = 0;
	size_t i = 0;

	while (i < len)
		sum += next_cp((const unsigned char *)name, len, &i);
	return perl_srand_rand(sum);
}

/* flamegraph.pl's namehash(): the first three characters, early ones weighing more. */
static double namehash(const uint32_t *cps, size_t n)
{
	double vector = 0, weight = 1, max = 1;
	int mod = 10;
	size_t i, start = 0;

	/* "if module name present, trunc to 1st char": s/.(.*?)`// */
	for (i = 1; i < n; i++) {
		if (cps[i] == '`') {
			start = i + 1;
			break;
		}
	}
	for (i = start; i < n; i++) {
		int k = (int)(cps[i] % (uint32_t)mod);

		vector += ((double)k / (mod++ - 1)) * weight;
		max += weight;
		weight *= 0.70;
		if (mod > 12)
			break;
	}
	return 1 - vector / max;
}

static double uniform(void)
{
	static bool seeded;

	if (!seeded) {
		srand48((long)time(NULL) ^ (long)getpid());
		seeded = true;
	}
	return drand48();
}

static bool ends_with(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len >= n && !memcmp(s + len - n, suffix, n);
}

static bool contains(const char *s, size_t len, const char *needle)
{
	return memmem(s, len, needle, strlen(needle)) != NULL;
}

static bool starts_java_pkg(const char *s, size_t len);

/* m:^L?(java|javax|jdk|net|org|com|io|sun)/: */
static bool starts_java(const char *s, size_t len)
{
	if (len && s[0] == 'L' && starts_java_pkg(s + 1, len - 1))
		return true;
	return starts_java_pkg(s, len);
}

static bool starts_java_pkg(const char *s, size_t len)
{
	static const char *const pkgs[] = { "java/", "javax/", "jdk/", "net/", "org/",
					    "com/", "io/", "sun/" };
	size_t i;

	for (i = 0; i < sizeof(pkgs) / sizeof(pkgs[0]); i++) {
		size_t n = strlen(pkgs[i]);

		if (len >= n && !memcmp(s, pkgs[i], n))
			return true;
	}
	return false;
}

/* m:/.*\.js: — a slash somewhere before a ".js". */
static bool js_path(const char *s, size_t len)
{
	const char *slash = memchr(s, '/', len);

	return slash && memmem(slash, len - (size_t)(slash - s), ".js", 3);
}

static struct flame_rgb rgb(int r, int g, int b)
{
	struct flame_rgb c = { (unsigned char)r, (unsigned char)g, (unsigned char)b };

	return c;
}

/*
 * The three numbers a frame's colour is made from: hashes of the name and
 * of its reverse (--hash), random ones (--random), or flamegraph.pl's
 * default hash of the name for all three.
 */
static void color_seeds(bool hash, bool random, const char *name, size_t len, double v[3])
{
	if (hash) {
		uint32_t *cps = xreallocarray(NULL, len + 1, sizeof(*cps));
		size_t i = 0, n = 0, j;

		while (i < len)
			cps[n++] = next_cp((const unsigned char *)name, len, &i);
		v[0] = namehash(cps, n);
		for (j = 0; j < n / 2; j++) {
			uint32_t t = cps[j];

			cps[j] = cps[n - 1 - j];
			cps[n - 1 - j] = t;
		}
		v[1] = v[2] = namehash(cps, n);
		free(cps);
	} else if (random) {
		v[0] = uniform();
		v[1] = uniform();
		v[2] = uniform();
	} else {
		v[0] = v[1] = v[2] = random_namehash(name, len);
	}
}

/*
 * The palettes by language or kind (java, perl, js, wakeup, chain) pick a
 * plain one per name: the first rule of the palette's list that the name
 * matches decides, as the if/elsif chains of flamegraph.pl do.
 */
enum name_test {
	NAME_ANY,		/* every name: the list's last rule */
	NAME_ENDS,		/* ends with s */
	NAME_ENDS_PATH,		/* ends with s and holds a '/' */
	NAME_HAS,		/* holds s */
	NAME_IS,		/* is s */
	NAME_JAVA,		/* starts with a Java package */
	NAME_JS_PATH,		/* a '/' somewhere before a ".js" */
};

struct name_rule {
	enum name_test test;
	const char *s;
	enum flame_palette pal;
};

static const struct name_rule java_rules[] = {
	{ NAME_ENDS, "_[j]", PAL_GREEN },	/* JIT-compiled */
	{ NAME_ENDS, "_[i]", PAL_AQUA },	/* inlined */
	{ NAME_JAVA, NULL, PAL_GREEN },
	{ NAME_HAS, ":::", PAL_GREEN },
	{ NAME_HAS, "::", PAL_YELLOW },		/* C++ */
	{ NAME_ENDS, "_[k]", PAL_ORANGE },	/* kernel */
	{ NAME_ANY, NULL, PAL_RED },
};

static const struct name_rule perl_rules[] = {
	{ NAME_HAS, "::", PAL_YELLOW },
	{ NAME_HAS, "Perl", PAL_GREEN },
	{ NAME_HAS, ".pl", PAL_GREEN },
	{ NAME_ENDS, "_[k]", PAL_ORANGE },
	{ NAME_ANY, NULL, PAL_RED },
};

static const struct name_rule js_rules[] = {
	{ NAME_ENDS_PATH, "_[j]", PAL_GREEN },
	{ NAME_ENDS, "_[j]", PAL_AQUA },
	{ NAME_HAS, "::", PAL_YELLOW },
	{ NAME_JS_PATH, NULL, PAL_GREEN },
	{ NAME_HAS, ":", PAL_AQUA },
	{ NAME_IS, " ", PAL_GREEN },
	{ NAME_HAS, "_[k]", PAL_ORANGE },
	{ NAME_ANY, NULL, PAL_RED },
};

static const struct name_rule wakeup_rules[] = {
	{ NAME_ANY, NULL, PAL_AQUA },
};

static const struct name_rule chain_rules[] = {
	{ NAME_HAS, "_[w]", PAL_AQUA },
	{ NAME_ANY, NULL, PAL_BLUE },
};

static bool name_matches(const struct name_rule *r, const char *name, size_t len)
{
	switch (r->test) {
	case NAME_ENDS:
		return ends_with(name, len, r->s);
	case NAME_ENDS_PATH:
		return ends_with(name, len, r->s) && memchr(name, '/', len);
	case NAME_HAS:
		return contains(name, len, r->s);
	case NAME_IS:
		return len == strlen(r->s) && !memcmp(name, r->s, len);
	case NAME_JAVA:
		return starts_java(name, len);
	case NAME_JS_PATH:
		return js_path(name, len);
	default:
		return true;
	}
}

static enum flame_palette name_palette(enum flame_palette pal, const char *name, size_t len)
{
	const struct name_rule *r;

	switch (pal) {
	case PAL_JAVA:
		r = java_rules;
		break;
	case PAL_PERL:
		r = perl_rules;
		break;
	case PAL_JS:
		r = js_rules;
		break;
	case PAL_WAKEUP:
		r = wakeup_rules;
		break;
	case PAL_CHAIN:
		r = chain_rules;
		break;
	default:
		return pal;
	}
	while (!name_matches(r, name, len))
		r++;
	return r->pal;
}

/*
 * The plain palettes: each channel is base + (int)(span * v), v the first
 * seed, so that a palette's colours vary from its base towards base + span.
 */
struct plain_palette {
	enum flame_palette pal;
	unsigned char base[3], span[3];
};

static const struct plain_palette plain_palettes[] = {
	{ PAL_RED, { 200, 50, 50 }, { 55, 80, 80 } },
	{ PAL_GREEN, { 50, 200, 50 }, { 60, 55, 60 } },
	{ PAL_BLUE, { 80, 80, 205 }, { 60, 60, 50 } },
	{ PAL_YELLOW, { 175, 175, 50 }, { 55, 55, 20 } },
	{ PAL_PURPLE, { 190, 80, 190 }, { 65, 60, 65 } },
	{ PAL_AQUA, { 50, 165, 165 }, { 60, 55, 55 } },
	{ PAL_ORANGE, { 190, 90, 0 }, { 65, 65, 0 } },
};

/* A colour of a plain palette, from the first seed; black for any other. */
static struct flame_rgb plain_color(enum flame_palette pal, double v1)
{
	size_t i;

	for (i = 0; i < sizeof(plain_palettes) / sizeof(plain_palettes[0]); i++) {
		const struct plain_palette *p = &plain_palettes[i];

		if (p->pal == pal)
			return rgb(p->base[0] + (int)(p->span[0] * v1),
				   p->base[1] + (int)(p->span[1] * v1),
				   p->base[2] + (int)(p->span[2] * v1));
	}
	return rgb(0, 0, 0);
}

struct flame_rgb flame_color(enum flame_palette pal, bool hash, bool random,
			     const char *name, size_t len)
{
	double v[3];

	color_seeds(hash, random, name, len, v);
	switch (pal) {
	case PAL_HOT:
		return rgb(205 + (int)(50 * v[2]), (int)(230 * v[0]), (int)(55 * v[1]));
	case PAL_MEM:
		return rgb(0, 190 + (int)(50 * v[1]), (int)(210 * v[0]));
	case PAL_IO:
		return rgb(80 + (int)(60 * v[0]), 80 + (int)(60 * v[0]), 190 + (int)(55 * v[1]));
	default:
		return plain_color(name_palette(pal, name, len), v[0]);
	}
}

struct flame_rgb flame_color_scale(double value, double max, bool negate)
{
	int r = 255, g = 255, b = 255;

	if (negate)
		value = -value;
	if (value > 0)
		g = b = (int)(210 * (max - value) / max);
	else if (value < 0)
		r = g = (int)(210 * (max + value) / max);
	return rgb(r, g, b);
}

/* --cp ------------------------------------------------------------------ */

struct flame_colormap {
	char *path;
	struct stackmap names;		/* name -> index into colors (count[0]) */
	char **colors;
	size_t nr, alloc;
};

static void colormap_put(struct flame_colormap *m, const char *name, size_t len,
			 char *color)
{
	struct stackmap_entry *e = stackmap_find(&m->names, name, len);

	if (e) {
		free(m->colors[(size_t)e->count[0]]);
		m->colors[(size_t)e->count[0]] = color;
		return;
	}
	ALLOC_GROW(m->colors, m->nr + 1, m->alloc);
	m->colors[m->nr] = color;
	stackmap_add(&m->names, name, len, (double)m->nr, 0);
	m->nr++;
}

struct flame_colormap *flame_colormap_read(const char *path)
{
	struct flame_colormap *m = xcalloc(1, sizeof(*m));
	size_t len;
	char *text;

	m->path = xstrdup(path);
	stackmap_init(&m->names);
	text = read_file(path, &len);
	if (text) {
		char *p = text, *end = text + len;

		while (p < end) {
			char *nl = memchr(p, '\n', (size_t)(end - p));
			char *line_end = nl ? nl : end;
			char *arrow = memmem(p, (size_t)(line_end - p), "->", 2);

			/* As flamegraph.pl's split("->"): the colour ends at a further "->". */
			if (arrow) {
				char *v = arrow + 2;
				char *v_end = memmem(v, (size_t)(line_end - v), "->", 2);

				colormap_put(m, p, (size_t)(arrow - p),
					     xstrndup(v, (size_t)((v_end ? v_end : line_end) - v)));
			}
			p = nl ? nl + 1 : end;
		}
		free(text);
	}
	return m;
}

const char *flame_colormap_get(struct flame_colormap *m, enum flame_palette pal,
			       bool hash, bool random, const char *name, size_t len)
{
	struct stackmap_entry *e = stackmap_find(&m->names, name, len);
	struct flame_rgb c;

	if (e)
		return m->colors[(size_t)e->count[0]];
	c = flame_color(pal, hash, random, name, len);
	colormap_put(m, name, len, xasprintf("rgb(%d,%d,%d)", c.r, c.g, c.b));
	return m->colors[m->nr - 1];
}

int flame_colormap_write(struct flame_colormap *m)
{
	struct stackmap_entry **sorted = stackmap_sorted(&m->names);
	FILE *f = fopen(m->path, "w");
	size_t i;
	int ret = 0;

	if (!f) {
		free(sorted);
		return error_errno("cannot write '%s'", m->path);
	}
	for (i = 0; i < m->nr; i++)
		fprintf(f, "%s->%s\n", sorted[i]->key, m->colors[(size_t)sorted[i]->count[0]]);
	if (ferror(f) | fclose(f))
		ret = error_errno("cannot write '%s'", m->path);
	free(sorted);
	return ret;
}

void flame_colormap_free(struct flame_colormap *m)
{
	if (!m)
		return;
	free_strings(m->colors, m->nr);
	stackmap_release(&m->names);
	free(m->path);
	free(m);
}
