// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Series names, canonical labels and selectors (labels.h): parsing, quoting
 * and matching, string work only.
 */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/escape.h"
#include "headroom/labels.h"

/*
 * A value is written bare when it is not empty, holds none of the label
 * syntax's , { } = and no blank, and the escaping rule of escape.h has
 * nothing to escape in it; otherwise it is quoted and escaped by that rule,
 * the one frame names follow too (headroom-series(5)).
 */
static bool needs_quote(const char *v, size_t len)
{
	return !len || v[strcspn(v, ",{}= ")] || escape_needed(v, len, ESCAPE_QUOTE);
}

void labels_add(struct strbuf *labels, const char *key, const char *value)
{
	size_t len = strlen(value);

	if (labels->len)
		strbuf_addch(labels, ',');
	strbuf_addstr(labels, key);
	strbuf_addch(labels, '=');
	if (needs_quote(value, len)) {
		strbuf_addch(labels, '"');
		escape_add(labels, value, len, ESCAPE_QUOTE);
		strbuf_addch(labels, '"');
	} else {
		strbuf_add(labels, value, len);
	}
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
		while (*p && !strchr("=!,{}\"\\ ", *p) && (unsigned char)*p >= 0x20 && *p != 0x7f)
			strbuf_addch(&k, *p++);
		if (!k.len) {
			*why = "expected a label name";
			goto fail;
		}
		if (!text_visible(k.buf, k.len)) {
			*why = "a label name holds bytes that are not printable UTF-8";
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
			const char *q = ++p;

			for (; *p && *p != '"'; p++)
				if (*p == '\\' && p[1])
					p++;
			if (*p != '"') {
				*why = "unterminated quoted label value";
				goto fail;
			}
			unescape_add(&v, q, (size_t)(p - q), ESCAPE_QUOTE);
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

/*
 * A name (or name glob): no blanks, braces, quotes, commas or '=', and
 * printable UTF-8 (text_visible()), so that names need no escaping anywhere.
 */
bool series_name_ok(const char *s, size_t len)
{
	size_t i;

	if (!len || !text_visible(s, len))
		return false;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= ' ' || c == '{' || c == '}' || c == '"' || c == ',' || c == '=' || c == 0x7f)
			return false;
	}
	return true;
}

bool label_name_ok(const char *key)
{
	size_t len = strlen(key);

	return series_name_ok(key, len) && !key[strcspn(key, "!\\")];
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
	if (!series_name_ok(full, nlen)) {
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
	if (!series_name_ok(text, nlen)) {
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

	for (i = 0; i < sel->nr; i++)
		FREE_ALL(sel->labels[i].key, sel->labels[i].glob);
	FREE_ALL(sel->labels, sel->name);
	memset(sel, 0, sizeof(*sel));
}

/* --- names on Prometheus-compatible engines -------------------------------- */

#define PROM_PREFIX "headroom_"

static bool is_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool is_sep(int c)
{
	return c == '.' || c == '_';
}

void prom_name_encode(struct strbuf *out, const char *name)
{
	size_t i, len = strlen(name);

	strbuf_addstr(out, PROM_PREFIX);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];

		if (is_alnum(c))
			strbuf_addch(out, c);
		/* A separator between two other characters: '.' one underscore,
		 * '_' two, so that every run of underscores reads back one way. */
		else if (is_sep(c) && i && i + 1 < len && !is_sep(name[i - 1]) && !is_sep(name[i + 1]))
			strbuf_addstr(out, c == '.' ? "_" : "__");
		else
			strbuf_addf(out, ":%02X", c);
	}
}

int prom_name_decode(struct strbuf *out, const char *metric)
{
	struct strbuf again = STRBUF_INIT;
	const char *p = metric + strlen(PROM_PREFIX);
	bool canonical = false;

	strbuf_reset(out);
	if (strncmp(metric, PROM_PREFIX, strlen(PROM_PREFIX)) || !*p)
		goto verbatim;
	while (*p) {
		int hi, lo;

		if (is_alnum(*p)) {
			strbuf_addch(out, *p++);
		} else if (*p == '_') {
			size_t run = strspn(p, "_");

			if (run > 2)
				goto verbatim;
			strbuf_addch(out, run == 1 ? '.' : '_');
			p += run;
		} else if (*p == ':' && (hi = hex_value(p[1])) >= 0 && (lo = hex_value(p[2])) >= 0 &&
			   (hi || lo)) {
			strbuf_addch(out, hi << 4 | lo);
			p += 3;
		} else {
			goto verbatim;
		}
	}
	/* Only the encoder's own spelling decodes: ":41" for 'A' does not. */
	prom_name_encode(&again, out->buf);
	canonical = !strcmp(again.buf, metric);
	strbuf_release(&again);
	if (canonical)
		return 1;
verbatim:
	strbuf_reset(out);
	strbuf_addstr(out, metric);
	return 0;
}

bool prom_label_name_ok(const char *key)
{
	const char *p;

	if (!*key || (key[0] >= '0' && key[0] <= '9') || !strncmp(key, "__", 2))
		return false;
	for (p = key; *p; p++)
		if (!is_alnum(*p) && *p != '_')
			return false;
	return true;
}

size_t prom_label_value(struct strbuf *out, const char *value)
{
	size_t len = strlen(value), i, n, replaced = 0;

	for (i = 0; i < len; i += n) {
		n = (unsigned char)value[i] < 0x80 ? 1 : utf8_sequence_len(value + i, len - i);
		if (n) {
			strbuf_add(out, value + i, n);
		} else {
			strbuf_addstr(out, "\xef\xbf\xbd");	/* U+FFFD */
			replaced++;
			n = 1;
		}
	}
	return replaced;
}

/* --- selectors as PromQL -------------------------------------------------- */

/* A literal character of a regular expression inside a PromQL string. */
static void add_re_literal(struct strbuf *out, unsigned char c)
{
	if (strchr(".+*?()|[]{}^$", c) && c)
		strbuf_addstr(out, "\\\\");	/* a backslash for RE2, doubled for the string */
	if (c == '"' || c == '\\')
		strbuf_addf(out, "\\\\\\%c", c);	/* RE2's \\ or \", in the string */
	else if (c < 0x20 || c >= 0x7f)
		strbuf_addf(out, "\\x%02x", c);
	else
		strbuf_addch(out, c);
}

/* Skips a bracket expression of a glob at p ('['); returns what follows. */
static const char *skip_bracket(const char *p)
{
	const char *q = p + 1;

	if (*q == '!' || *q == '^')
		q++;
	if (*q == ']')
		q++;
	while (*q && *q != ']')
		q++;
	return *q ? q + 1 : p + 1;
}

/*
 * The name glob as a regular expression of engine names: literal letters
 * and digits as they are, '.' and '_' in both of their spellings, other
 * characters as ":HH"; '*' anything, '?' and [...] one to three characters
 * (one character's spelling).
 */
static void add_name_regex(struct strbuf *out, const char *glob)
{
	const char *p;

	strbuf_addstr(out, "headroom_");
	for (p = glob; *p;) {
		unsigned char c = (unsigned char)*p;

		if (c == '*') {
			strbuf_addstr(out, ".*");
			p++;
		} else if (c == '?' || c == '[') {
			strbuf_addstr(out, ".{1,3}");
			p = c == '[' ? skip_bracket(p) : p + 1;
		} else {
			if (is_alnum(c))
				strbuf_addch(out, c);
			else if (c == '.')
				strbuf_addstr(out, "(?:_|:2E)");
			else if (c == '_')
				strbuf_addstr(out, "(?:__|:5F)");
			else
				strbuf_addf(out, ":%02X", c);
			p++;
		}
	}
	if (!strpbrk(glob, "*?["))	/* the names below it too */
		strbuf_addstr(out, "(?:(?:_|:2E).*)?");
}

static void add_value_regex(struct strbuf *out, const char *glob)
{
	const char *p;

	for (p = glob; *p;) {
		if (*p == '*') {
			strbuf_addstr(out, "(?s:.*)");
			p++;
		} else if (*p == '?' || *p == '[') {
			strbuf_addstr(out, "(?s:.+)");
			p = *p == '[' ? skip_bracket(p) : p + 1;
		} else {
			add_re_literal(out, (unsigned char)*p++);
		}
	}
}

void selector_to_promql(struct strbuf *out, const struct selector *sel, const char *metric)
{
	size_t i;

	if (metric) {
		/* Engine names hold nothing a PromQL string escapes. */
		strbuf_addf(out, "{__name__=\"%s", metric);
	} else {
		strbuf_addstr(out, "{__name__=~\"");
		add_name_regex(out, sel->name);
	}
	strbuf_addch(out, '"');
	for (i = 0; i < sel->nr; i++) {
		const struct label_match *m = &sel->labels[i];

		if (m->negate || !prom_label_name_ok(m->key))
			continue;
		strbuf_addf(out, ",%s=~\"", m->key);
		add_value_regex(out, m->glob);
		strbuf_addch(out, '"');
	}
	strbuf_addch(out, '}');
}
