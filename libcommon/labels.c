// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Series names, canonical labels and selectors (labels.h): parsing, quoting
 * and matching, string work only.
 */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/labels.h"

static bool needs_quote(const char *v)
{
	if (!*v)
		return true;
	for (; *v; v++)
		if (strchr(",{}=\"\\ \t\n", *v))
			return true;
	return false;
}

void labels_add(struct strbuf *labels, const char *key, const char *value)
{
	if (labels->len)
		strbuf_addch(labels, ',');
	strbuf_addstr(labels, key);
	strbuf_addch(labels, '=');
	if (!needs_quote(value)) {
		strbuf_addstr(labels, value);
		return;
	}
	strbuf_addch(labels, '"');
	for (; *value; value++) {
		if (*value == '"' || *value == '\\')
			strbuf_addch(labels, '\\');
		strbuf_addch(labels, *value == '\n' ? ' ' : *value);
	}
	strbuf_addch(labels, '"');
}

/*
 * The labels are canonical already ("k=v" or k="v", sorted by key), so a
 * walk over the keys finds the place; values are only skipped, quotes and
 * all, never unquoted.
 */
void labels_insert(struct strbuf *out, const char *labels, const char *key, const char *value)
{
	const char *p = labels;
	size_t n = strlen(key);
	bool done = false;

	strbuf_reset(out);
	while (*p) {
		const char *start = p, *eq = strchr(p, '=');
		size_t klen = eq ? (size_t)(eq - p) : strlen(p);
		int cmp = strncmp(p, key, klen < n ? klen : n);

		if (!cmp)
			cmp = klen < n ? -1 : klen > n;	/* a prefix sorts first */
		if (!done && cmp > 0) {
			labels_add(out, key, value);
			done = true;
		}
		p = eq ? eq + 1 : p + klen;
		if (*p == '"') {
			for (p++; *p && *p != '"'; p++)
				if (*p == '\\' && p[1])
					p++;
			if (*p)
				p++;
		} else {
			while (*p && *p != ',')
				p++;
		}
		if (out->len)
			strbuf_addch(out, ',');
		strbuf_add(out, start, (size_t)(p - start));
		if (*p == ',')
			p++;
	}
	if (!done)
		labels_add(out, key, value);
}

struct label {
	char *key, *value;
};

static void free_labels(struct label *l, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		free(l[i].key);
		free(l[i].value);
	}
	free(l);
}

/*
 * Parses "k=v,k2=\"v 2\"" up to end (or a '}' when braced). Returns the position
 * after the list, or NULL with *why set. With ops, "k!=v" is allowed and marked
 * by a '!' prefix on the key.
 */
static const char *parse_label_list(const char *p, bool braced, bool ops,
				    struct label **out, size_t *nr, const char **why)
{
	struct label *l = NULL;
	size_t n = 0, alloc = 0;
	struct strbuf k = STRBUF_INIT, v = STRBUF_INIT;

	while (*p && !(braced && *p == '}')) {
		bool neg = false;

		strbuf_reset(&k);
		strbuf_reset(&v);
		while (*p == ' ')
			p++;
		while (*p && !strchr("=!,{}\" ", *p))
			strbuf_addch(&k, *p++);
		if (!k.len) {
			*why = "expected a label name";
			goto fail;
		}
		if (ops && *p == '!' && p[1] == '=') {
			neg = true;
			p++;
		}
		if (*p != '=') {
			*why = "expected '=' after a label name";
			goto fail;
		}
		p++;
		if (*p == '"') {
			for (p++; *p && *p != '"'; p++) {
				if (*p == '\\' && p[1])
					p++;
				strbuf_addch(&v, *p);
			}
			if (*p != '"') {
				*why = "unterminated quoted label value";
				goto fail;
			}
			p++;
		} else {
			while (*p && *p != ',' && !(braced && *p == '}'))
				strbuf_addch(&v, *p++);
		}
		ALLOC_GROW(l, n + 1, alloc);
		l[n].key = neg ? xasprintf("!%s", k.buf) : xstrdup(k.buf);
		l[n].value = xstrdup(v.buf);
		n++;
		while (*p == ' ')
			p++;
		if (*p == ',')
			p++;
		else if (*p && !(braced && *p == '}')) {
			*why = "expected ',' between labels";
			goto fail;
		}
	}
	strbuf_release(&k);
	strbuf_release(&v);
	*out = l;
	*nr = n;
	return p;
fail:
	strbuf_release(&k);
	strbuf_release(&v);
	free_labels(l, n);
	return NULL;
}

static int cmp_label(const void *a, const void *b)
{
	return strcmp(((const struct label *)a)->key, ((const struct label *)b)->key);
}

/* A name (or name glob): no blanks, controls, braces, quotes, commas or '='. */
static bool valid_name(const char *s, size_t len)
{
	size_t i;

	if (!len)
		return false;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= ' ' || c == '{' || c == '}' || c == '"' || c == ',' || c == '=' || c == 0x7f)
			return false;
	}
	return true;
}

int series_name_parse(const char *full, struct strbuf *name, struct strbuf *labels,
			 const char **why)
{
	const char *brace = strchr(full, '{');
	size_t nlen = brace ? (size_t)(brace - full) : strlen(full);
	struct label *l = NULL;
	size_t nr = 0, i;
	const char *end;

	strbuf_reset(name);
	strbuf_reset(labels);
	if (!valid_name(full, nlen)) {
		*why = "expected a series name such as 'cpu.util' or 'disk.read_bps{dev=sda}'";
		return -1;
	}
	strbuf_add(name, full, nlen);
	if (!brace)
		return 0;
	end = parse_label_list(brace + 1, true, false, &l, &nr, why);
	if (!end)
		return -1;
	if (*end != '}' || end[1]) {
		free_labels(l, nr);
		*why = "expected '}' at the end of the labels";
		return -1;
	}
	if (nr)		/* "x{}": no labels, and qsort must not be given NULL */
		qsort(l, nr, sizeof(*l), cmp_label);
	for (i = 0; i < nr; i++) {
		if (i && !strcmp(l[i].key, l[i - 1].key)) {
			free_labels(l, nr);
			*why = "a label is given twice";
			return -1;
		}
		labels_add(labels, l[i].key, l[i].value);
	}
	free_labels(l, nr);
	return 0;
}

void series_name_format(struct strbuf *out, const char *name, const char *labels)
{
	strbuf_addstr(out, name);
	if (labels && *labels)
		strbuf_addf(out, "{%s}", labels);
}

int labels_get(const char *labels, const char *key, struct strbuf *value)
{
	struct label *l = NULL;
	size_t nr = 0, i;
	const char *why;
	int found = 0;

	if (!parse_label_list(labels, false, false, &l, &nr, &why))
		return 0;
	for (i = 0; i < nr; i++) {
		if (!strcmp(l[i].key, key)) {
			strbuf_reset(value);
			strbuf_addstr(value, l[i].value);
			found = 1;
			break;
		}
	}
	free_labels(l, nr);
	return found;
}

void labels_each(const char *labels,
		   void (*fn)(const char *key, const char *value, void *arg), void *arg)
{
	struct label *l = NULL;
	size_t nr = 0, i;
	const char *why;

	if (!parse_label_list(labels, false, false, &l, &nr, &why))
		return;
	for (i = 0; i < nr; i++)
		fn(l[i].key, l[i].value, arg);
	free_labels(l, nr);
}

int selector_parse(struct selector *sel, const char *text, const char **why)
{
	const char *brace = strchr(text, '{');
	size_t nlen = brace ? (size_t)(brace - text) : strlen(text);
	struct label *l = NULL;
	size_t nr = 0, i;
	const char *end;

	memset(sel, 0, sizeof(*sel));
	if (!valid_name(text, nlen)) {
		*why = "expected a series name or glob, with optional {label=glob,...}";
		return -1;
	}
	sel->name = xstrndup(text, nlen);
	if (brace) {
		end = parse_label_list(brace + 1, true, true, &l, &nr, why);
		if (!end || *end != '}' || end[1]) {
			if (end)
				*why = "expected '}' at the end of the labels";
			free_labels(l, nr);
			selector_release(sel);
			return -1;
		}
	}
	sel->labels = xcalloc(nr ? nr : 1, sizeof(*sel->labels));
	sel->nr = nr;
	for (i = 0; i < nr; i++) {
		sel->labels[i].negate = l[i].key[0] == '!';
		sel->labels[i].key = xstrdup(l[i].key + sel->labels[i].negate);
		sel->labels[i].glob = l[i].value;
		l[i].value = NULL;
	}
	free_labels(l, nr);
	return 0;
}

bool selector_match(const struct selector *sel, const char *name, const char *labels)
{
	struct strbuf v = STRBUF_INIT;
	bool ok = true;
	size_t i;

	if (strpbrk(sel->name, "*?[")) {
		if (fnmatch(sel->name, name, 0))
			return false;
	} else {
		size_t n = strlen(sel->name);

		if (strncmp(name, sel->name, n) || (name[n] && name[n] != '.'))
			return false;
	}
	for (i = 0; ok && i < sel->nr; i++) {
		bool has = labels_get(labels, sel->labels[i].key, &v);
		bool m = has && !fnmatch(sel->labels[i].glob, v.buf, 0);

		ok = sel->labels[i].negate ? !m : m;
	}
	strbuf_release(&v);
	return ok;
}

void selector_release(struct selector *sel)
{
	size_t i;

	for (i = 0; i < sel->nr; i++) {
		free(sel->labels[i].key);
		free(sel->labels[i].glob);
	}
	free(sel->labels);
	free(sel->name);
	memset(sel, 0, sizeof(*sel));
}
