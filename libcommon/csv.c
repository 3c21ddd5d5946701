// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * RFC 4180 records over the line reader: quoted fields with separators, line
 * breaks and doubled quotes, unescaped in place; records spanning lines are
 * joined. Most lines hold no quote and are split with memchr() alone.
 */
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "headroom/alloc.h"
#include "headroom/csv.h"

void csv_reader_init(struct csv_reader *r, struct linereader *lr, char sep)
{
	*r = (struct csv_reader){ .lr = lr, .sep = sep, .rec = STRBUF_INIT, .err = STRBUF_INIT };
}

void csv_reader_release(struct csv_reader *r)
{
	strbuf_release(&r->rec);
	strbuf_release(&r->err);
	FREE_AND_NULL(r->field);
	FREE_AND_NULL(r->len);
	r->nfields = r->alloc = 0;
}

static bool is_blank(char c, char sep)
{
	return (c == ' ' || c == '\t') && c != sep;
}

static char *skip_blanks(char *p, const char *end, char sep)
{
	while (p < end && is_blank(*p, sep))
		p++;
	return p;
}

static char *next_sep(char *p, char *end, char sep)
{
	char *s;

	if (p >= end)
		return end;
	s = memchr(p, sep, (size_t)(end - p));
	return s ? s : end;
}

/*
 * The quoted field whose text starts at q (after the opening quote), copied
 * unescaped to out; returns the end of the copy, and in *after the byte after
 * the closing quote (end when there is none).
 */
static char *unquote(char *q, char *end, char *out, char **after)
{
	for (;;) {
		char *nq = memchr(q, '"', (size_t)(end - q));

		if (!nq) {
			memmove(out, q, (size_t)(end - q));
			*after = end;
			return out + (end - q);
		}
		memmove(out, q, (size_t)(nq - q));
		out += nq - q;
		if (nq + 1 < end && nq[1] == '"') {
			*out++ = '"';
			q = nq + 2;
			continue;
		}
		*after = nq + 1;
		return out;
	}
}

static void push_field(struct csv_reader *r, size_t n, char *f, size_t len)
{
	if (n == r->alloc) {
		r->alloc = r->alloc ? 2 * r->alloc : 32;
		r->field = xreallocarray(r->field, r->alloc, sizeof(*r->field));
		r->len = xreallocarray(r->len, r->alloc, sizeof(*r->len));
	}
	r->field[n] = f;
	r->len[n] = len;
	f[len] = '\0';
}

size_t csv_split(struct csv_reader *r, char *s, size_t len)
{
	char *p = s, *end = s + len, sep = r->sep;
	size_t n = 0;

	for (;;) {
		char *f = r->trim ? skip_blanks(p, end, sep) : p, *sp, *fe;

		if (f < end && *f == '"') {
			char *after;

			fe = unquote(f + 1, end, f, &after);
			sp = next_sep(after, end, sep);
			/* Text between the closing quote and the separator is kept, as Python's csv does. */
			if (r->trim)
				after = skip_blanks(after, sp, sep);
			if (after < sp) {
				memmove(fe, after, (size_t)(sp - after));
				fe += sp - after;
			}
		} else {
			sp = next_sep(f, end, sep);
			fe = sp;
		}
		if (r->trim)
			while (fe > f && is_blank(fe[-1], sep))
				fe--;
		push_field(r, n++, f, (size_t)(fe - f));
		if (sp >= end)
			break;
		p = sp + 1;
	}
	r->nfields = n;
	return n;
}

/*
 * The separators in the next bytes from p (at most end): a mask with bit
 * (i << *shift) set when p[i] is sep, and in *step how many bytes it covers.
 * Short fields make memchr() per field cost more than the search.
 */
static uint64_t sep_mask(const char *p, const char *end, char sep, size_t *step, int *shift)
{
#ifdef __SSE2__
	if (end - p >= 16) {
		__m128i w = _mm_loadu_si128((const __m128i *)(const void *)p);

		*step = 16;
		*shift = 0;
		return (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(w, _mm_set1_epi8(sep)));
	}
#endif
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (end - p >= 8) {
		/* 0x80 in each byte of x that is zero: exactly where the word has sep. */
		const uint64_t low7 = UINT64_C(0x7f7f7f7f7f7f7f7f);
		uint64_t w, x;

		memcpy(&w, p, 8);
		x = w ^ (UINT64_C(0x0101010101010101) * (unsigned char)sep);
		*step = 8;
		*shift = 3;
		return ~(((x & low7) + low7) | x | low7);
	}
#endif
	*step = 1;
	*shift = 0;
	return *p == sep;
}

size_t csv_split_first(char *s, size_t len, char sep, size_t want, char **field, size_t *flen)
{
	char *p = s, *f = s, *end = s + len;
	size_t n = 0, step;
	int shift;

	if (!want)
		return 0;
	for (; p < end; p += step) {
		uint64_t m = sep_mask(p, end, sep, &step, &shift);

		for (; m; m &= m - 1) {
			char *sp = p + (__builtin_ctzll(m) >> shift);

			field[n] = f;
			flen[n] = (size_t)(sp - f);
			*sp = '\0';
			if (++n == want)
				return n;
			f = sp + 1;
		}
	}
	field[n] = f;
	flen[n] = (size_t)(end - f);
	*end = '\0';
	return n + 1;
}

bool csv_ends_quoted(const char *s, size_t len, char sep, bool trim, bool in_quote)
{
	const char *p = s, *end = s + len, *q = s;

	for (;;) {
		const char *sp;

		if (!in_quote) {
			if (trim)
				while (p < end && is_blank(*p, sep))
					p++;
			if (p < end && *p == '"') {
				q = p + 1;
				in_quote = true;
			}
		}
		if (in_quote) {
			for (;;) {
				const char *nq = memchr(q, '"', (size_t)(end - q));

				if (!nq)
					return true;
				if (nq + 1 < end && nq[1] == '"') {
					q = nq + 2;
					continue;
				}
				p = nq + 1;
				break;
			}
			in_quote = false;
		}
		sp = memchr(p, sep, (size_t)(end - p));
		if (!sp)
			return false;
		p = sp + 1;
	}
}

/* Joins the lines of a record whose first line, line[0..len), ends inside quotes. */
static int join_record(struct csv_reader *r, char *line, size_t len)
{
	struct linereader *lr = r->lr;
	ssize_t n;

	strbuf_reset(&r->rec);
	strbuf_add(&r->rec, line, len);
	do {
		strbuf_addch(&r->rec, '\n');
		n = linereader_next(lr, &line);
		if (n < 0) {
			if (!lr->error)
				strbuf_addf(&r->err, "the quoted field opened on line %llu is not "
					    "closed at the end of the input",
					    (unsigned long long)r->lineno);
			return -1;
		}
		strbuf_add(&r->rec, line, (size_t)n);
		if (r->rec.len > CSV_MAX_RECORD) {
			strbuf_addf(&r->err, "the quoted field opened on line %llu runs past %u MiB "
				    "(an unbalanced quote?)", (unsigned long long)r->lineno,
				    CSV_MAX_RECORD >> 20);
			return -1;
		}
	} while (csv_ends_quoted(line, (size_t)n, r->sep, r->trim, true));
	csv_split(r, r->rec.buf, r->rec.len);
	return 1;
}

int csv_reader_line(struct csv_reader *r, char *line, size_t len)
{
	strbuf_reset(&r->err);
	r->lineno = r->lr->lineno;
	if (memchr(line, '"', len) && csv_ends_quoted(line, len, r->sep, r->trim, false))
		return join_record(r, line, len);
	csv_split(r, line, len);
	return 1;
}

int csv_reader_next(struct csv_reader *r)
{
	char *line;
	ssize_t n = linereader_next(r->lr, &line);

	if (n < 0) {
		strbuf_reset(&r->err);
		return r->lr->error ? -1 : 0;
	}
	return csv_reader_line(r, line, (size_t)n);
}

char csv_guess_sep(const char *line, size_t len)
{
	size_t i, comma = 0, tab = 0, semi = 0;

	for (i = 0; i < len; i++) {
		comma += line[i] == ',';
		tab += line[i] == '\t';
		semi += line[i] == ';';
	}
	if (!comma && tab)
		return '\t';
	if (!comma && semi)
		return ';';
	return ',';
}
