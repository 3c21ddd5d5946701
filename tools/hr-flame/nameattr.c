// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * --nameattr files, as flamegraph.pl reads them: a function name, a tab, then
 * tab-separated name=value pairs that become attributes of the frame's group
 * (title, id, class, href, target, g_extra, a_extra).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/cli.h"
#include "headroom/error.h"
#include "headroom/stackmap.h"
#include "flame.h"

struct attr {
	char *key, *value;
};

struct flame_nameattr {
	struct stackmap funcs;		/* name -> index into lists (count[0]) */
	struct attrlist { struct attr *a; size_t nr, alloc; } *lists;
	size_t nr, alloc;
};

static bool name_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || c >= 0x80;
}

static bool name_char(unsigned char c)
{
	return name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

/* Whether s[0..len) at an '&' is a reference XML knows: &name; or &#N; or &#xH;. */
static bool reference_ok(const char *s, size_t len)
{
	static const char *const names[] = { "amp;", "lt;", "gt;", "quot;", "apos;" };
	size_t i;

	if (len >= 3 && s[1] == '#') {
		bool hex = s[2] == 'x';

		i = hex ? 3 : 2;
		while (i < len && (hex ? strchr("0123456789abcdefABCDEF", s[i]) : strchr("0123456789", s[i])) && s[i])
			i++;
		return i < len && s[i] == ';' && i > (hex ? 3u : 2u);
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (len > strlen(names[i]) && !memcmp(s + 1, names[i], strlen(names[i])))
			return true;
	return false;
}

/* Whether s[0..len) holds a control character (but TAB) or invalid UTF-8. */
static bool has_bad_bytes(const char *s, size_t len)
{
	size_t i, n;

	for (i = 0; i < len; i += n) {
		unsigned char c = (unsigned char)s[i];

		n = utf8_sequence_len(s + i, len - i);
		if (!n || (c < 0x20 && c != '\t') || c == 0x7f)
			return true;
	}
	return false;
}

/* Whether the attribute name at s (n bytes) is among names. */
static bool among(const char *s, size_t n, const char *const *names, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (strlen(names[i]) == n && !memcmp(names[i], s, n))
			return true;
	return false;
}

/*
 * g_extra and a_extra are attribute text inserted into the element as they
 * are (as flamegraph.pl does): they must be name="value" pairs that keep the
 * SVG well-formed, without repeating an attribute or setting one the frame
 * has already (its id and class, a link's href and target). Returns NULL, or
 * what is wrong.
 */
static const char *check_attributes(const char *s)
{
	static const char *const taken[] = { "id", "class", "xlink:href", "target" };
	struct { const char *s; size_t n; } seen[64];
	size_t nseen = 0, n, i;
	char quote;

	if (has_bad_bytes(s, strlen(s)))
		return "a control character or invalid UTF-8";
	for (;;) {
		const char *name;

		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			return NULL;
		name = s;
		if (!name_start((unsigned char)*s))
			return "expected an attribute name";
		while (name_char((unsigned char)*s))
			s++;
		n = (size_t)(s - name);
		if (among(name, n, taken, sizeof(taken) / sizeof(taken[0])))
			return "an attribute the frame sets already";
		for (i = 0; i < nseen; i++)
			if (seen[i].n == n && !memcmp(seen[i].s, name, n))
				return "a repeated attribute";
		if (nseen == sizeof(seen) / sizeof(seen[0]))
			return "too many attributes";
		if (*s++ != '=' || (*s != '"' && *s != '\''))
			return "expected name=\"value\"";
		quote = *s++;
		for (; *s && *s != quote; s++)
			if (*s == '<' || (*s == '&' && !reference_ok(s, strlen(s))))
				return "a '<' or a bare '&' in a value";
		if (!*s++)
			return "an unterminated value";
		if (*s && *s != ' ' && *s != '\t')
			return "attributes must be separated by blanks";
		seen[nseen].s = name;
		seen[nseen++].n = n;
	}
}

/* The tab-separated name=value pairs of p[0..le) into l. */
static void add_pairs(struct attrlist *l, const char *p, const char *le)
{
	while (p <= le) {
		const char *fe = memchr(p, '\t', (size_t)(le - p));
		const char *eq;

		if (!fe)
			fe = le;
		eq = memchr(p, '=', (size_t)(fe - p));
		if (fe > p) {
			ALLOC_GROW(l->a, l->nr + 1, l->alloc);
			l->a[l->nr].key = xstrndup(p, (size_t)((eq ? eq : fe) - p));
			l->a[l->nr].value = eq ? xstrndup(eq + 1, (size_t)(fe - eq - 1)) : xstrdup("");
			l->nr++;
		}
		p = fe + 1;
	}
}

static const char *list_get(const struct attrlist *l, const char *key)
{
	size_t i;

	/* As a Perl hash built from the pairs: the last one of a name wins. */
	for (i = l->nr; i-- > 0; )
		if (!strcmp(l->a[i].key, key))
			return l->a[i].value;
	return NULL;
}

/* g_extra and a_extra, alone and together (a link carries both): NULL, or what is wrong. */
static const char *check_extras(const struct attrlist *l)
{
	static char why[128];
	const char *g = list_get(l, "g_extra"), *a = list_get(l, "a_extra"), *w;
	char *both;

	if (g && (w = check_attributes(g))) {
		snprintf(why, sizeof(why), "g_extra: %s", w);
		return why;
	}
	if (a && (w = check_attributes(a))) {
		snprintf(why, sizeof(why), "a_extra: %s", w);
		return why;
	}
	if (!g || !a)
		return NULL;
	both = xasprintf("%s %s", g, a);
	w = check_attributes(both);
	free(both);
	if (w)
		snprintf(why, sizeof(why), "g_extra and a_extra together: %s", w);
	return w ? why : NULL;
}

struct flame_nameattr *flame_nameattr_parse(const char *path, const char *text, size_t len)
{
	struct flame_nameattr *na = xcalloc(1, sizeof(*na));
	const char *p = text, *end = text + len;
	unsigned long lineno = 0;

	stackmap_init(&na->funcs);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *tab = memchr(p, '\t', (size_t)(le - p));
		struct stackmap_entry *e;
		struct attrlist *l;
		const char *why;

		lineno++;
		if (le > p && le[-1] == '\r')
			le--;
		if (memchr(p, '\0', (size_t)(le - p))) {
			error("%s:%lu: binary data; expected 'FUNCTION<TAB>NAME=VALUE...'",
			      path, lineno);
			flame_nameattr_free(na);
			return NULL;
		}
		if (!tab) {
			if (le == p) {		/* a blank line */
				p = nl ? nl + 1 : end;
				continue;
			}
			error("%s:%lu: expected 'FUNCTION<TAB>NAME=VALUE...'", path, lineno);
			flame_nameattr_free(na);
			return NULL;
		}
		e = stackmap_find(&na->funcs, p, (size_t)(tab - p));
		if (!e) {
			ALLOC_GROW(na->lists, na->nr + 1, na->alloc);
			memset(&na->lists[na->nr], 0, sizeof(na->lists[0]));
			e = stackmap_add(&na->funcs, p, (size_t)(tab - p), (double)na->nr++, 0);
		}
		l = &na->lists[(size_t)e->count[0]];
		/* A later line for the same function replaces the earlier one. */
		while (l->nr) {
			l->nr--;
			free(l->a[l->nr].key);
			free(l->a[l->nr].value);
		}
		add_pairs(l, tab + 1, le);
		if ((why = check_extras(l))) {
			error("%s:%lu: %s; expected name=\"value\" attributes", path, lineno, why);
			flame_nameattr_free(na);
			return NULL;
		}
		p = nl ? nl + 1 : end;
	}
	return na;
}

struct flame_nameattr *flame_nameattr_read(const char *path)
{
	size_t len;
	char *text = read_file(path, &len);
	struct flame_nameattr *na;

	if (!text)
		die_errno("cannot read '%s'", path);
	na = flame_nameattr_parse(path, text, len);
	free(text);
	if (!na)
		exit(2);
	return na;
}

static const struct attrlist *lookup(const struct flame_nameattr *na, const char *name,
				     size_t len)
{
	struct stackmap_entry *e;

	if (!na)
		return NULL;
	e = stackmap_find(&na->funcs, name, len);
	return e ? &na->lists[(size_t)e->count[0]] : NULL;
}

bool flame_nameattr_has(const struct flame_nameattr *na, const char *name, size_t len)
{
	return lookup(na, name, len) != NULL;
}

const char *flame_nameattr_get(const struct flame_nameattr *na, const char *name, size_t len,
			       const char *key)
{
	const struct attrlist *l = lookup(na, name, len);

	return l ? list_get(l, key) : NULL;
}

void flame_nameattr_free(struct flame_nameattr *na)
{
	size_t i, j;

	if (!na)
		return;
	for (i = 0; i < na->nr; i++) {
		for (j = 0; j < na->lists[i].nr; j++) {
			free(na->lists[i].a[j].key);
			free(na->lists[i].a[j].value);
		}
		free(na->lists[i].a);
	}
	free(na->lists);
	stackmap_release(&na->funcs);
	free(na);
}
