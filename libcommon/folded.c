// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Parsing, reading and printing folded stacks, the format shared by every
 * profiling tool, with its escaping of hostile frame names and its comments.
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/error.h"
#include "headroom/escape.h"
#include "headroom/folded.h"
#include "headroom/strbuf.h"

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * The longest count read: any double written in full ("%.0f" of the largest
 * is 309 digits), with decimals.
 */
#define MAX_COUNT_LEN 400

/* Parses the number ending at s[end) backwards; returns its start or -1. */
static ptrdiff_t number_before(const char *s, size_t end, double *v)
{
	size_t i = end, digits = 0, dots = 0;
	char tmp[64], *num;

	while (i > 0 && ((s[i - 1] >= '0' && s[i - 1] <= '9') || s[i - 1] == '.')) {
		if (s[i - 1] == '.')
			dots++;
		else
			digits++;
		i--;
	}
	if (!digits || dots > 1 || s[i] == '.' || end - i > MAX_COUNT_LEN)
		return -1;
	/* a copy: s need not be NUL-terminated, and strtod reads on */
	num = end - i < sizeof(tmp) ? tmp : xmalloc(end - i + 1);
	memcpy(num, s + i, end - i);
	num[end - i] = '\0';
	*v = strtod(num, NULL);
	if (num != tmp)
		free(num);
	return isfinite(*v) ? (ptrdiff_t)i : -1;
}

void folded_add_count(struct strbuf *sb, double v)
{
	size_t start = sb->len;
	int decimals;

	if (!(v < DBL_MAX))
		v = DBL_MAX;		/* a sum that overflowed, kept readable */
	if (v == floor(v) && v >= 0) {
		if (v < 9007199254740992.0)
			strbuf_add_num(sb, v);
		else
			strbuf_addf(sb, "%.0f", v);
		return;
	}
	/* 15 significant digits in plain notation, which readers take */
	decimals = 15 - (v >= 1 ? (int)floor(log10(v)) + 1 : 0);
	strbuf_addf(sb, "%.*f", decimals < 0 ? 0 : decimals > 20 ? 20 : decimals, v);
	while (sb->len > start + 1 && sb->buf[sb->len - 1] == '0')
		strbuf_setlen(sb, sb->len - 1);
	if (sb->buf[sb->len - 1] == '.')
		strbuf_setlen(sb, sb->len - 1);
}

int folded_parse_counts(const char *line, size_t len, int max_counts, struct folded_line *out)
{
	ptrdiff_t start;
	size_t end = len;
	double v;

	while (end > 0 && is_blank(line[end - 1]))
		end--;
	start = number_before(line, end, &v);
	if (start <= 0 || !is_blank(line[start - 1]))
		return -1;
	out->count[0] = v;
	out->count[1] = 0;
	out->ncounts = 1;
	end = (size_t)start;
	while (end > 0 && is_blank(line[end - 1]))
		end--;
	/* A second number before the first makes a differential line. */
	if (max_counts > 1) {
		start = number_before(line, end, &v);
		if (start > 0 && is_blank(line[start - 1])) {
			out->count[1] = out->count[0];
			out->count[0] = v;
			out->ncounts = 2;
			end = (size_t)start;
			while (end > 0 && is_blank(line[end - 1]))
				end--;
		}
	}
	if (end == 0)
		return -1;
	out->stack = line;
	out->stack_len = end;
	return 0;
}

int folded_parse(const char *line, size_t len, struct folded_line *out)
{
	return folded_parse_counts(line, len, 2, out);
}

void folded_add_frame(struct strbuf *stack, const char *name, size_t len, bool first, bool last)
{
	unsigned flags = ESCAPE_FRAME | (first ? ESCAPE_FIRST : 0) | (last ? ESCAPE_LAST : 0);

	if (!first)
		strbuf_addch(stack, ';');
	escape_add(stack, name, len, flags);
}

/* Replaces the byte at pos of sb by its \xHH escape. */
static void escape_byte_at(struct strbuf *sb, size_t pos)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char c = (unsigned char)sb->buf[pos];

	strbuf_grow(sb, 3);
	memmove(sb->buf + pos + 4, sb->buf + pos + 1, sb->len - pos - 1);
	sb->buf[pos] = '\\';
	sb->buf[pos + 1] = 'x';
	sb->buf[pos + 2] = hex[c >> 4];
	sb->buf[pos + 3] = hex[c & 15];
	strbuf_setlen(sb, sb->len + 3);
}

void folded_finish_stack(struct strbuf *stack, size_t start)
{
	size_t i = stack->len, digits = 0;

	while (i > start && ((stack->buf[i - 1] >= '0' && stack->buf[i - 1] <= '9') ||
			     stack->buf[i - 1] == '.'))
		digits += stack->buf[--i] != '.';
	if (digits && i > start && stack->buf[i - 1] == ' ')
		escape_byte_at(stack, i - 1);
	if (stack->len > start && stack->buf[start] == '#')
		escape_byte_at(stack, start);
}

bool folded_canonical(struct strbuf *out, const char *stack, size_t len)
{
	struct strbuf raw = STRBUF_INIT;
	const char *p = stack, *end = stack + len;

	if (!memchr(stack, '\\', len) && !escape_needed(stack, len, 0))
		return false;
	strbuf_reset(out);
	for (;;) {
		const char *semi = memchr(p, ';', (size_t)(end - p));
		const char *fe = semi ? semi : end;

		strbuf_reset(&raw);
		unescape_add(&raw, p, (size_t)(fe - p), 0);
		folded_add_frame(out, raw.buf, raw.len, p == stack, !semi);
		if (!semi)
			break;
		p = semi + 1;
	}
	strbuf_release(&raw);
	if (out->len == len && !memcmp(out->buf, stack, len))
		return false;
	return true;
}

char *folded_header_countname(const char *line, size_t len)
{
	static const char key[] = "countname:";
	struct strbuf sb = STRBUF_INIT;
	size_t i = 1, end = len;

	if (!len || line[0] != '#')
		return NULL;
	while (i < len && is_blank(line[i]))
		i++;
	if (len - i < sizeof(key) - 1 || memcmp(line + i, key, sizeof(key) - 1))
		return NULL;
	i += sizeof(key) - 1;
	while (i < len && is_blank(line[i]))
		i++;
	while (end > i && is_blank(line[end - 1]))
		end--;
	if (end == i)
		return NULL;
	unescape_visible(&sb, line + i, end - i, 0);
	return strbuf_detach(&sb, NULL);
}

void folded_write_header(FILE *out, const char *countname)
{
	struct strbuf sb = STRBUF_INIT;

	if (!countname || !*countname || !strcmp(countname, "samples"))
		return;
	strbuf_addstr(&sb, "# countname: ");
	escape_add(&sb, countname, strlen(countname), 0);
	strbuf_addch(&sb, '\n');
	strbuf_write(&sb, out);
	strbuf_release(&sb);
}

void folded_reader_from(struct folded_reader *r, struct linereader *lr, enum folded_counts mode)
{
	memset(r, 0, sizeof(*r));
	r->lr = *lr;
	r->name = lr->name;
	r->mode = mode;
	strbuf_init(&r->canon, 0);
}

int folded_reader_open(struct folded_reader *r, const char *path, enum folded_counts mode)
{
	memset(r, 0, sizeof(*r));
	r->name = path && strcmp(path, "-") ? path : "-";
	r->mode = mode;
	strbuf_init(&r->canon, 0);
	if (linereader_open(&r->lr, path) < 0) {
		strbuf_release(&r->canon);
		return error_errno("cannot open '%s'", r->name);
	}
	return 0;
}

static void warn_invalid(struct folded_reader *r, const char *line, size_t len, const char *why)
{
	struct strbuf sb = STRBUF_INIT;

	if (r->invalid++ >= 3)
		return;
	/* The excerpt is shown as escaped text: the line may hold anything. */
	escape_add(&sb, line, len < 60 ? len : 60, 0);
	warning("%s:%llu: %s, skipped: '%s'", r->name, (unsigned long long)r->lr.lineno, why,
		sb.buf);
	strbuf_release(&sb);
}

/* Parses a line by the reader's mode; returns 0, or -1 with *why set. */
static int parse_line(struct folded_reader *r, const char *line, size_t len,
		      struct folded_line *fl, const char **why)
{
	*why = "not a folded stack ('STACK COUNT')";
	switch (r->mode) {
	case FOLDED_ONE:
		return folded_parse_counts(line, len, 1, fl);
	case FOLDED_AS_FIRST:
		if (folded_parse_counts(line, len, r->ncounts ? r->ncounts : 2, fl) < 0)
			return -1;
		if (!r->ncounts)
			r->ncounts = fl->ncounts;
		if (fl->ncounts < r->ncounts) {
			*why = "one count in a profile of two ('STACK COUNT1 COUNT2')";
			return -1;
		}
		return 0;
	default:
		return folded_parse_counts(line, len, 2, fl);
	}
}

int folded_reader_next(struct folded_reader *r, struct folded_line *out)
{
	char *line;
	ssize_t len;

	while ((len = linereader_next(&r->lr, &line)) >= 0) {
		const char *why;

		if (memchr(line, '\0', (size_t)len))
			return error("%s:%llu: binary data, expected folded stacks ('STACK COUNT')",
				     r->name, (unsigned long long)r->lr.lineno);
		if (len == 0)
			continue;
		if (line[0] == '#') {
			char *name = folded_header_countname(line, (size_t)len);

			if (name) {
				free(r->countname);
				r->countname = name;
			}
			continue;
		}
		if (parse_line(r, line, (size_t)len, out, &why) < 0) {
			warn_invalid(r, line, (size_t)len, why);
			continue;
		}
		if (folded_canonical(&r->canon, out->stack, out->stack_len)) {
			out->stack = r->canon.buf;
			out->stack_len = r->canon.len;
		}
		r->stacks++;
		return 1;
	}
	if (r->lr.error) {
		errno = r->lr.err;
		return error_errno("cannot read '%s'", r->name);
	}
	return 0;
}

void folded_reader_close(struct folded_reader *r)
{
	if (r->invalid > 3)
		warning("%s: %llu invalid lines skipped", r->name, (unsigned long long)r->invalid);
	linereader_close(&r->lr);
	strbuf_release(&r->canon);
	FREE_AND_NULL(r->countname);
}

int folded_merge_countname(char **have, const char *name, const char *countname)
{
	const char *b = countname ? countname : "samples";

	if (!*have) {
		*have = xstrdup(b);
		return 0;
	}
	if (strcmp(*have, b))
		return error("'%s' counts %s, but the input before it counts %s: "
			     "profiles of different units do not add up", name, b, *have);
	return 0;
}

int folded_read(const char *path, struct stackmap *map, size_t *invalid, int *ncounts,
		char **countname)
{
	struct folded_reader r;
	struct folded_line fl;
	int rc;

	if (folded_reader_open(&r, path, FOLDED_ONE_OR_TWO) < 0)
		return -1;
	while ((rc = folded_reader_next(&r, &fl)) > 0) {
		if (fl.ncounts == 2 && ncounts)
			*ncounts = 2;
		stackmap_add(map, fl.stack, fl.stack_len, fl.count[0], fl.count[1]);
	}
	if (invalid)
		*invalid += r.invalid;
	if (rc == 0 && countname && folded_merge_countname(countname, r.name, r.countname) < 0)
		rc = -1;
	folded_reader_close(&r);
	return rc;
}

int folded_write(FILE *out, struct stackmap_entry *const *v, size_t n, int ncounts)
{
	return stackmap_write_entries(out, v, n, ncounts, folded_add_count);
}

void folded_print(FILE *out, const char *stack, size_t len, const double *count, int ncounts)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_add(&sb, stack, len);
	strbuf_addch(&sb, ' ');
	folded_add_count(&sb, count[0]);
	if (ncounts > 1) {
		strbuf_addch(&sb, ' ');
		folded_add_count(&sb, count[1]);
	}
	strbuf_addch(&sb, '\n');
	strbuf_write(&sb, out);
	strbuf_release(&sb);
}
