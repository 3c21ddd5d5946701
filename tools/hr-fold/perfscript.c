// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Folding `perf script` text the way stackcollapse-perf.pl does. Each of the
 * script's regular expressions is matched here by hand, following Perl's
 * backtracking to the same captures, because hr-fold must give the script's
 * results byte for byte and run thirty times faster.
 */
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "headroom/alloc.h"
#include "headroom/error.h"
#include "headroom/escape.h"
#include "headroom/folded.h"
#include "inline.h"
#include "perfscript.h"

/* Perl's \s, \d and \w on byte strings: ASCII only, \s includes \v. */
enum { C_SPACE = 1, C_DIGIT = 2, C_WORD = 4, C_HEX = 8, C_SPECIAL = 16 };
static unsigned char ctab[256];

static void init_ctab(void)
{
	int c;

	if (ctab['a'])
		return;
	for (c = 0; c < 256; c++) {
		unsigned char v = 0;

		if (c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r')
			v |= C_SPACE;
		if (c >= '0' && c <= '9')
			v |= C_DIGIT | C_WORD | C_HEX;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')
			v |= C_WORD;
		if (c >= 'a' && c <= 'f')
			v |= C_HEX;
		/* characters that make a function name need tidying or splitting */
		if (c == ';' || c == '(' || c == '"' || c == '\'' || c == '>')
			v |= C_SPECIAL;
		ctab[c] = v;
	}
}

#define is_space(c) (ctab[(unsigned char)(c)] & C_SPACE)
#define is_digit(c) (ctab[(unsigned char)(c)] & C_DIGIT)
#define is_word(c) (ctab[(unsigned char)(c)] & C_WORD)

/* Where the run of characters of class cls that starts at s[i] ends (at most len). */
static inline size_t span(const char *s, size_t i, size_t len, unsigned cls)
{
	while (i < len && (ctab[(unsigned char)s[i]] & cls))
		i++;
	return i;
}

/* Where the run of characters of class cls that ends before s[i] starts. */
static inline size_t span_back(const char *s, size_t i, unsigned cls)
{
	while (i > 0 && (ctab[(unsigned char)s[i - 1]] & cls))
		i--;
	return i;
}

void perfscript_init(struct perfscript *ps, const struct perfscript_opts *opt)
{
	init_ctab();
	memset(ps, 0, sizeof(*ps));	/* the stackmaps too: zeroed, a map is empty */
	ps->opt = *opt;
	strbuf_init(&ps->pname, 64);
	strbuf_init(&ps->frames, 4096);
	strbuf_init(&ps->key, 4096);
	strbuf_init(&ps->tmp, 256);
	if (opt->event_filter && *opt->event_filter)
		ps->event = xstrdup(opt->event_filter);
	if (opt->inline_frames)
		ps->unwinline = unwinline_new(opt->context);
	/* --srcline reads ahead, --inline has its own cache */
	ps->memo_on = !opt->srcline && !opt->inline_frames;
	strbuf_init(&ps->memo_data, 0);
}

void perfscript_release(struct perfscript *ps)
{
	stackmap_release(&ps->map);
	strbuf_release(&ps->pname);
	strbuf_release(&ps->frames);
	strbuf_release(&ps->key);
	strbuf_release(&ps->tmp);
	FREE_ALL(ps->frame_end, ps->block_start, ps->event, ps->other_event, ps->countname);
	unwinline_free(ps->unwinline);
	for (size_t i = 0; i < 2; i++)
		stackmap_release(&ps->memo[i]);
	stackmap_release(&ps->modules);
	stackmap_release(&ps->frame_module);
	stackmap_release(&ps->nosym);
	strbuf_release(&ps->memo_data);
	memset(ps, 0, sizeof(*ps));
}

/* ------------------------------------------------------------------------ */
/* The sample being collected */

/* strbuf_add without the calls: this runs for every frame of every sample. */
static inline void fast_add(struct strbuf *sb, const char *s, size_t n)
{
	if (sb->len + n + 1 > sb->alloc)
		strbuf_grow(sb, n);
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
}

static inline void fast_addch(struct strbuf *sb, char c)
{
	if (sb->len + 2 > sb->alloc)
		strbuf_grow(sb, 1);
	sb->buf[sb->len++] = c;
}

static void clear_stack(struct perfscript *ps)
{
	strbuf_reset(&ps->frames);
	ps->nframes = 0;
	ps->nblocks = 0;
}

/* Perl's "unshift @stack, @inline": a stack line's frames go in front. */
static inline void begin_block(struct perfscript *ps)
{
	if (ps->nblocks >= ps->blocks_alloc)
		ALLOC_GROW(ps->block_start, ps->nblocks + 1, ps->blocks_alloc);
	ps->block_start[ps->nblocks++] = ps->nframes;
}

static inline void end_frame(struct perfscript *ps)
{
	if (ps->nframes >= ps->frames_alloc)
		ALLOC_GROW(ps->frame_end, ps->nframes + 1, ps->frames_alloc);
	ps->frame_end[ps->nframes++] = ps->frames.len;
}

/*
 * Which file each frame came from, the first time it is seen (for pprof's
 * mappings): frame text -> 1 + the index of its module in ps->modules.
 */
static void remember_module(struct perfscript *ps, const char *frame, size_t len, bool pieces,
			    const char *mod, size_t mod_len)
{
	const char *p = frame, *end = frame + len;
	struct stackmap_entry *m;

	if (!mod_len || (mod_len == 9 && !memcmp(mod, "[unknown]", 9)))
		return;
	m = stackmap_find(&ps->modules, mod, mod_len);
	if (!m)
		m = stackmap_add(&ps->modules, mod, mod_len, 0, 0);
	for (;;) {
		const char *semi = pieces ? memchr(p, ';', (size_t)(end - p)) : NULL;
		const char *fe = semi ? semi : end;

		if (!stackmap_find(&ps->frame_module, p, (size_t)(fe - p)))
			stackmap_add(&ps->frame_module, p, (size_t)(fe - p),
				     (double)(m - ps->modules.entries) + 1, 0);
		if (!semi)
			break;
		p = semi + 1;
	}
}

/*
 * Ends a frame just folded, escaping what the names of headroom-folded(5)
 * cannot hold as they are (a control character, invalid UTF-8, a backslash).
 * Ordinary names are left alone, as stackcollapse-perf.pl leaves them.
 * Pieces is true for a "a;b;c" chain of inlined frames, escaped piece by piece.
 */
static void finish_frame(struct perfscript *ps, bool pieces, const char *mod, size_t mod_len)
{
	struct strbuf *fr = &ps->frames, *t = &ps->tmp;
	size_t start = ps->nframes ? ps->frame_end[ps->nframes - 1] : 0, p, end;

	if (escape_needed(fr->buf + start, fr->len - start, pieces ? 0 : ESCAPE_FRAME)) {
		strbuf_reset(t);
		strbuf_add(t, fr->buf + start, fr->len - start);
		strbuf_setlen(fr, start);
		for (p = 0; p <= t->len; p = end + 1) {
			const char *semi = pieces ? memchr(t->buf + p, ';', t->len - p) : NULL;

			end = semi ? (size_t)(semi - t->buf) : t->len;
			if (p)
				strbuf_addch(fr, ';');
			escape_add(fr, t->buf + p, end - p, ESCAPE_FRAME);
		}
	}
	if (ps->opt.modules)
		remember_module(ps, fr->buf + start, fr->len - start, pieces, mod, mod_len);
	end_frame(ps);
}

void perfscript_end_sample(struct perfscript *ps)
{
	struct strbuf *k = &ps->key;
	size_t b, f;

	if (!ps->have_pname)
		return;
	strbuf_reset(k);
	strbuf_add(k, ps->pname.buf, ps->pname.len);
	/* Blocks from the last stack line (the root) to the first (the leaf). */
	for (b = ps->nblocks; b-- > 0;) {
		size_t last = b + 1 < ps->nblocks ? ps->block_start[b + 1] : ps->nframes;

		for (f = ps->block_start[b]; f < last; f++) {
			size_t start = f ? ps->frame_end[f - 1] : 0;
			size_t len = ps->frame_end[f] - start;

			fast_addch(k, ';');
			fast_add(k, ps->frames.buf + start, len);
		}
	}
	k->buf[k->len] = '\0';
	folded_finish_stack(k, 0);
	stackmap_add(&ps->map, k->buf, k->len, ps->period, 0);
	ps->samples++;
	ps->bare += !ps->nframes;
	clear_stack(ps);
	ps->have_pname = false;
}

/* ------------------------------------------------------------------------ */
/* Sample header lines */

/*
 * m{^(\S.+?)\s+(\d+)/{0,}(\d+){0,}\s+}: the shortest command name (two characters
 * at least) after which come blanks, the pid, optional slashes and tid, and a
 * blank. Returns false when the line is no header.
 */
static bool match_record(const char *line, size_t len, size_t *comm_len,
			 const char **pid, size_t *pid_len, const char **tid, size_t *tid_len)
{
	size_t e;

	if (len < 2 || is_space(line[0]))
		return false;
	for (e = 2; e < len; e++) {
		size_t p, d1, q;

		if (!is_space(line[e]))
			continue;
		/* inside a run of blanks the answer is that of the run's start */
		if (e > 2 && is_space(line[e - 1]))
			continue;
		d1 = span(line, e, len, C_SPACE);
		p = span(line, d1, len, C_DIGIT);
		if (p == d1)
			continue;
		q = p;
		while (q < len && line[q] == '/')
			q++;
		*tid = line + q;
		q = span(line, q, len, C_DIGIT);
		*tid_len = (size_t)(line + q - *tid);
		if (q >= len || !is_space(line[q]))
			continue;
		*comm_len = e;
		*pid = line + d1;
		*pid_len = p - d1;
		return true;
	}
	return false;
}

/*
 * m{:\s*(\d+)*\s+(\S+):\s*$}: the event is the last word, less its final
 * colon, when a colon, blanks, an optional period and blanks precede it.
 */
static bool match_event(const char *line, size_t len, const char **ev, size_t *ev_len,
			const char **period, size_t *period_len)
{
	size_t end = span_back(line, len, C_SPACE), s, j, d;

	if (end < 2 || line[end - 1] != ':')
		return false;
	s = end - 1;
	while (s > 0 && !is_space(line[s - 1]))
		s--;
	if (s == 0 || s + 1 >= end)
		return false;
	d = span_back(line, s, C_SPACE);
	j = span_back(line, d, C_DIGIT);
	*period = line + j;
	*period_len = d - j;
	if (d > j)
		j = span_back(line, j, C_SPACE);
	if (j == 0 || line[j - 1] != ':')
		return false;
	*ev = line + s;
	*ev_len = end - 1 - s;
	return true;
}

/* A period as Perl reads it: "" and "0" are false, so count 1. */
static double parse_period(const char *s, size_t n)
{
	double v = 0;
	size_t i;

	if (n == 0 || (n == 1 && s[0] == '0'))
		return 1;
	for (i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static void record_line(struct perfscript *ps, const char *line, size_t len,
			size_t comm_len, const char *pid, size_t pid_len,
			const char *tid, size_t tid_len)
{
	const char *ev, *per;
	size_t ev_len, per_len = 0;
	double period = 1;
	struct strbuf *pn = &ps->pname;
	size_t i;

	ps->records++;
	/* Perl's "not $tid": a missing tid, or "0", makes the pid unknown. */
	if (tid_len == 0 || (tid_len == 1 && tid[0] == '0')) {
		tid = pid;
		tid_len = pid_len;
		pid = "?";
		pid_len = 1;
	}
	if (match_event(line, len, &ev, &ev_len, &per, &per_len)) {
		if (!ps->event) {
			ps->event = xstrndup(ev, ev_len);
			ps->event_defaulted = true;
		} else if (strlen(ps->event) != ev_len || memcmp(ps->event, ev, ev_len)) {
			if (!ps->other_event)
				ps->other_event = xstrndup(ev, ev_len);
			ps->filtered++;
			return;
		}
		period = parse_period(per, per_len);
	}
	ps->period = ps->opt.samples ? 1 : period;
	if (ps->period != 1)
		ps->periods = true;

	strbuf_reset(pn);
	strbuf_add(pn, line, comm_len);
	if (ps->opt.tid) {
		strbuf_addch(pn, '-');
		strbuf_add(pn, pid, pid_len);
		strbuf_addch(pn, '/');
		strbuf_add(pn, tid, tid_len);
	} else if (ps->opt.pid) {
		strbuf_addch(pn, '-');
		strbuf_add(pn, pid, pid_len);
	}
	for (i = 0; i < pn->len; i++)
		if (pn->buf[i] == ' ')
			pn->buf[i] = '_';
	if (escape_needed(pn->buf, pn->len, ESCAPE_FRAME | ESCAPE_FIRST)) {
		strbuf_reset(&ps->tmp);
		escape_add(&ps->tmp, pn->buf, pn->len, ESCAPE_FRAME | ESCAPE_FIRST);
		strbuf_reset(pn);
		strbuf_add(pn, ps->tmp.buf, ps->tmp.len);
	}
	ps->have_pname = true;
}

/* ------------------------------------------------------------------------ */
/* Stack lines */

/*
 * /^\s*(\w+)\s*(.+) \((.*)\)/: the address is the leading word, the module
 * what lies between the last " (" that a ")" follows and the last ")", the
 * function what is between. Perl's backtracking gives the address's last
 * characters to the function when nothing else would match; so does this.
 */
static bool match_stack(const char *line, size_t len, const char **pc, size_t *pc_len,
			const char **func, size_t *func_len, const char **mod, size_t *mod_len)
{
	size_t a, w1, w2, q, p, f;
	const char *r;

	a = span(line, 0, len, C_SPACE);
	if (a >= len || !is_word(line[a]))
		return false;
	r = line[len - 1] == ')' ? line + len - 1 : memrchr(line, ')', len);
	if (!r)
		return false;
	q = (size_t)(r - line);
	/* the last " (" at or before q - 2 */
	if (q < 2)
		return false;
	p = q - 2;
	for (;;) {
		const char *o = memrchr(line, '(', p + 2);

		if (!o || o == line)
			return false;
		p = (size_t)(o - line) - 1;
		if (line[p] == ' ')
			break;
		if (p == 0)
			return false;
		p--;
	}
	if (p < a + 2)
		return false;
	w1 = span(line, a, len, C_WORD);
	w2 = span(line, w1, len, C_SPACE);
	f = w2 < p - 1 ? w2 : p - 1;
	*pc = line + a;
	*pc_len = (w1 < f ? w1 : f) - a;
	*func = line + f;
	*func_len = p - f;
	*mod = line + p + 2;
	*mod_len = q - p - 2;
	return true;
}

/*
 * Whether s holds one of ; ( " ' (the characters tidying looks for) or >
 * (of an inline arrow), eight
 * bytes at a time: most function names hold none, and this runs for each.
 */
#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull
static inline uint64_t has_byte(uint64_t v, uint64_t b)
{
	uint64_t x = v ^ (b * ONES);

	return (x - ONES) & ~x & HIGHS;
}

#ifdef __SSE2__
static inline bool special16(const char *s)
{
	__m128i x = _mm_loadu_si128((const __m128i *)(const void *)s);
	__m128i m = _mm_or_si128(
		_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(';')), _mm_cmpeq_epi8(x, _mm_set1_epi8('('))),
		_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')),
			     _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\'')),
					  _mm_cmpeq_epi8(x, _mm_set1_epi8('>')))));

	return _mm_movemask_epi8(m) != 0;
}
#endif

static inline bool special8(uint64_t v)
{
	return (has_byte(v, ';') | has_byte(v, '(') | has_byte(v, '"') | has_byte(v, '\'') |
		has_byte(v, '>')) != 0;
}

/* The last chunk overlaps the one before rather than reading past the end. */
static bool has_special(const char *s, size_t n)
{
	uint64_t v;
	size_t i;

#ifdef __SSE2__
	if (n >= 16) {
		for (i = 0; i + 16 <= n; i += 16)
			if (special16(s + i))
				return true;
		return i < n && special16(s + n - 16);
	}
#endif
	if (n >= 8) {
		for (i = 0; i + 8 <= n; i += 8) {
			memcpy(&v, s + i, 8);
			if (special8(v))
				return true;
		}
		if (i == n)
			return false;
		memcpy(&v, s + n - 8, 8);
		return special8(v);
	}
	/* short names, padded with NULs, which match none of the characters */
	v = 0;
	memcpy(&v, s, n);
	return special8(v);
}

static bool contains(const char *s, size_t n, const char *needle)
{
	return memmem(s, n, needle, strlen(needle)) != NULL;
}

/* $func !~ m/\.\(.{0,}\)\./: no ".(" followed later by ")." (Go method names). */
static bool looks_like_go(const char *s, size_t n)
{
	const char *o = s;
	size_t i;

	for (;;) {
		o = memchr(o, '(', n - (size_t)(o - s));
		if (!o)
			return false;
		if (o > s && o[-1] == '.')
			break;
		o++;
	}
	o--;
	for (i = n; i >= 2 && s + i - 2 >= o + 2; i--)
		if (s[i - 2] == ')' && s[i - 1] == '.')
			return true;
	return false;
}

/* s/\((?!anonymous namespace\)).{0,}//: cut at the first other "(". */
static size_t cut_at_paren(const char *s, size_t n)
{
	static const char anon[] = "anonymous namespace)";
	const char *o = s, *end = s + n;

	while ((o = memchr(o, '(', (size_t)(end - o)))) {
		if ((size_t)(end - o - 1) >= sizeof(anon) - 1 && !memcmp(o + 1, anon, sizeof(anon) - 1)) {
			o++;
			continue;
		}
		return (size_t)(o - s);
	}
	return n;
}

/* With --srcline: the next input line, tidied as the script does. */
static void add_srcline(struct perfscript *ps, ssize_t (*next)(void *, char **), void *ctx)
{
	struct strbuf *t = &ps->tmp;
	char *l;
	ssize_t n;
	size_t i, s, e;

	if (!next || (n = next(ctx, &l)) < 0)
		return;
	/* s/\[.*?\]//g */
	strbuf_reset(t);
	for (i = 0; i < (size_t)n;) {
		if (l[i] == '[') {
			char *c = memchr(l + i + 1, ']', (size_t)n - i - 1);

			if (c) {
				i = (size_t)(c - l) + 1;
				continue;
			}
		}
		strbuf_addch(t, l[i]);
		i++;
	}
	s = 0;
	e = t->len;
	while (s < e && is_space(t->buf[s]))
		s++;
	while (e > s && is_space(t->buf[e - 1]))
		e--;
	if (e > s) {
		strbuf_addch(&ps->frames, ':');
		strbuf_add(&ps->frames, t->buf + s, e - s);
	}
}

/* One "->"-separated piece of a function name, as the script's loop body. */
static void add_piece(struct perfscript *ps, const char *func, size_t n, bool first,
		      const char *pc, size_t pc_len, const char *mod, size_t mod_len,
		      bool *is_unknown, ssize_t (*next)(void *, char **), void *ctx,
		      bool maybe_special)
{
	struct strbuf *fr = &ps->frames;
	size_t start = fr->len;
	bool special = false;

	if (n == 9 && !memcmp(func, "[unknown]", 9)) {
		const char *base = "unknown";
		size_t blen = 7;

		if (!(mod_len == 9 && !memcmp(mod, "[unknown]", 9))) {
			const char *sl = memrchr(mod, '/', mod_len);

			base = sl ? sl + 1 : mod;
			blen = (size_t)(mod + mod_len - base);
			if (!stackmap_find(&ps->nosym, mod, mod_len))
				stackmap_add(&ps->nosym, mod, mod_len, 0, 0);
		} else {
			*is_unknown = true;
		}
		strbuf_addch(fr, '[');
		strbuf_add(fr, base, blen);
		if (ps->opt.addrs) {
			strbuf_addstr(fr, " <");
			strbuf_add(fr, pc, pc_len);
			strbuf_addch(fr, '>');
		}
		strbuf_addch(fr, ']');
		special = has_special(fr->buf + start, fr->len - start);
	} else {
		special = maybe_special && has_special(func, n);
		fast_add(fr, func, n);
	}

	/* tidy_generic; ';' -> ':' changes no position the other rules look at */
	if (special) {
		char *t = fr->buf + start, *c;
		size_t len = fr->len - start, j, k;

		if (memchr(t, '(', len) && !looks_like_go(t, len))
			len = cut_at_paren(t, len);
		for (c = t; (c = memchr(c, ';', len - (size_t)(c - t))); c++)
			*c = ':';
		if (memchr(t, '"', len) || memchr(t, '\'', len)) {
			for (j = k = 0; j < len; j++)
				if (t[j] != '"' && t[j] != '\'')
					t[k++] = t[j];
			len = k;
		}
		fr->len = start + len;
	}
	/* tidy_java: "Lorg/foo/Bar;" class names lose their L */
	if (fr->len > start && fr->buf[start] == 'L' && ps->pname.len >= 4 &&
	    !memcmp(ps->pname.buf, "java", 4) &&
	    memchr(fr->buf + start, '/', fr->len - start)) {
		memmove(fr->buf + start, fr->buf + start + 1, fr->len - start - 1);
		fr->len--;
	}

	if (!first) {
		if (!contains(fr->buf + start, fr->len - start, "_[i]"))
			fast_add(fr, "_[i]", 4);
	} else if (ps->opt.kernel && mod_len &&
		   (mod[0] == '[' || (mod_len >= 7 && !memcmp(mod + mod_len - 7, "vmlinux", 7))) &&
		   !contains(mod, mod_len, "unknown")) {
		fast_add(fr, "_[k]", 4);
	} else if (ps->opt.jit && contains(mod, mod_len, "/tmp/perf-")) {
		/* m:/tmp/perf-\d+\.map: */
		const char *m = mod, *end = mod + mod_len;
		bool jit = false;

		while (!jit && (m = memmem(m, (size_t)(end - m), "/tmp/perf-", 10))) {
			const char *d = m + 10;

			while (d < end && is_digit(*d))
				d++;
			jit = d > m + 10 && end - d >= 4 && !memcmp(d, ".map", 4);
			m++;
		}
		if (jit && !contains(fr->buf + start, fr->len - start, "_[j]"))
			fast_add(fr, "_[j]", 4);
	}

	if (ps->opt.srcline && !*is_unknown)
		add_srcline(ps, next, ctx);
	finish_frame(ps, false, mod, mod_len);
}

static void stack_line(struct perfscript *ps, const char *pc, size_t pc_len,
		       const char *func, size_t n, const char *mod, size_t mod_len,
		       ssize_t (*next)(void *, char **), void *ctx)
{
	bool is_unknown = false, first = true;
	const char *p, *end;
	size_t i;

	if (ps->unwinline) {
		size_t rlen;
		const char *r = unwinline_frame(ps->unwinline, pc, pc_len, func, n, mod, mod_len,
						&rlen);

		if (r) {
			begin_block(ps);
			strbuf_add(&ps->frames, r, rlen);
			finish_frame(ps, true, mod, mod_len);
			return;
		}
	}

	/* s/\+0x[\da-f]+$// */
	for (i = n; i > 0 && (ctab[(unsigned char)func[i - 1]] & C_HEX) &&
		    !(func[i - 1] >= 'A' && func[i - 1] <= 'F');
	     i--)
		;
	if (i < n && i >= 3 && func[i - 1] == 'x' && func[i - 2] == '0' && func[i - 3] == '+')
		n = i - 3;
	/* split of "" gives no piece at all */
	if (n == 0 || func[0] == '(')
		return;

	begin_block(ps);
	if (!has_special(func, n)) {
		add_piece(ps, func, n, true, pc, pc_len, mod, mod_len, &is_unknown, next, ctx,
			  false);
		return;
	}
	/* split /\->/, less trailing empty pieces */
	end = func + n;
	while (n > 0) {
		const char *arrow = func, *rest;
		size_t k;

		/* memchr for '>' (rare outside C++ templates) beats memmem */
		for (;;) {
			arrow = memchr(arrow, '>', (size_t)(end - arrow));
			if (!arrow || (arrow > func && arrow[-1] == '-'))
				break;
			arrow++;
		}
		if (!arrow)
			break;
		arrow--;
		/* are the pieces after this one all empty? */
		for (rest = arrow + 2; rest + 2 <= end && rest[0] == '-' && rest[1] == '>'; rest += 2)
			;
		if (rest == end) {
			end = arrow;
			break;
		}
		k = (size_t)(arrow - func);
		add_piece(ps, func, k, first, pc, pc_len, mod, mod_len, &is_unknown, next, ctx,
			  true);
		first = false;
		func = arrow + 2;
	}
	/* the last piece; an empty one would be trailing, which split drops */
	p = func;
	if (end > p)
		add_piece(ps, p, (size_t)(end - p), first, pc, pc_len, mod, mod_len,
			  &is_unknown, next, ctx, true);
}

/* The memo stops growing here: it is a cache, not the profile. */
#define MEMO_MAX_BYTES (64u << 20)
#define MEMO_MAX_LINES 1000000

static inline uint32_t get32(const char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

/* Appends the frames a remembered line folded to: count, lengths, bytes. */
static void memo_replay(struct perfscript *ps, size_t off)
{
	const char *d = ps->memo_data.buf + off;
	uint32_t n = get32(d), i;
	const char *bytes = d + 4 + 4 * (size_t)n;

	if (!n)
		return;
	begin_block(ps);
	for (i = 0; i < n; i++) {
		uint32_t len = get32(d + 4 + 4 * i);

		fast_add(&ps->frames, bytes, len);
		end_frame(ps);
		bytes += len;
	}
}

static void memo_remember(struct perfscript *ps, struct stackmap *memo, const char *line,
			  size_t len, size_t frame0)
{
	struct strbuf *md = &ps->memo_data;
	size_t off = md->len, f, bytes0 = frame0 ? ps->frame_end[frame0 - 1] : 0;
	uint32_t n = (uint32_t)(ps->nframes - frame0), v;

	if (md->len > MEMO_MAX_BYTES || stackmap_size(memo) >= MEMO_MAX_LINES ||
	    ps->frames.len - bytes0 > MEMO_MAX_BYTES)
		return;
	fast_add(md, (const char *)&n, 4);
	for (f = frame0; f < ps->nframes; f++) {
		v = (uint32_t)(ps->frame_end[f] - (f ? ps->frame_end[f - 1] : 0));
		fast_add(md, (const char *)&v, 4);
	}
	fast_add(md, ps->frames.buf + bytes0, ps->frames.len - bytes0);
	stackmap_add(memo, line, len, (double)off, 0);
}

static void bad_line(struct perfscript *ps, const char *file, uint64_t lineno)
{
	if (ps->badlines < PERFSCRIPT_MAX_BADLINES) {
		ps->badline_no[ps->badlines] = lineno;
		ps->badline_file[ps->badlines] = file;
	}
	ps->badlines++;
}

void perfscript_line(struct perfscript *ps, char *line, size_t len,
		     ssize_t (*next)(void *ctx, char **line), void *ctx,
		     const char *file, uint64_t lineno)
{
	size_t comm_len, pid_len, tid_len, pc_len, func_len, mod_len;
	const char *pid, *tid, *pc, *func, *mod;

	if (len == 0) {
		perfscript_end_sample(ps);
		return;
	}
	if (line[0] == '#')
		return;
	/* Stack lines start with a blank: try them first, they are most lines. */
	if (is_space(line[0])) {
		struct stackmap *memo = NULL;

		if (ps->memo_on && ps->have_pname) {
			const struct stackmap_entry *e;

			memo = &ps->memo[ps->pname.len >= 4 && !memcmp(ps->pname.buf, "java", 4)];
			e = stackmap_find(memo, line, len);
			if (e) {
				memo_replay(ps, (size_t)e->count[0]);
				return;
			}
		}
		if (match_stack(line, len, &pc, &pc_len, &func, &func_len, &mod, &mod_len)) {
			if (ps->have_pname) {
				size_t frame0 = ps->nframes;

				stack_line(ps, pc, pc_len, func, func_len, mod, mod_len, next, ctx);
				if (memo)
					memo_remember(ps, memo, line, len, frame0);
			}
			return;
		}
	} else if (match_record(line, len, &comm_len, &pid, &pid_len, &tid, &tid_len)) {
		record_line(ps, line, len, comm_len, pid, pid_len, tid, tid_len);
		return;
	} else if (match_stack(line, len, &pc, &pc_len, &func, &func_len, &mod, &mod_len)) {
		if (ps->have_pname)
			stack_line(ps, pc, pc_len, func, func_len, mod, mod_len, next, ctx);
		return;
	}
	bad_line(ps, file, lineno);
}

static ssize_t lr_next(void *ctx, char **line)
{
	return linereader_next(ctx, line);
}

int perfscript_read(struct perfscript *ps, struct linereader *lr)
{
	char *line;
	ssize_t len;

	while ((len = linereader_next(lr, &line)) >= 0)
		perfscript_line(ps, line, (size_t)len, lr_next, lr, lr->name, lr->lineno);
	if (lr->error)
		return error("cannot read '%s': %s", lr->name, strerror(lr->err));
	perfscript_end_sample(ps);
	return 0;
}

char *perfscript_countname(const struct perfscript *ps)
{
	const char *ev = ps->event, *colon;
	size_t n;

	if (!ps->periods || !ev)
		return NULL;
	n = strlen(ev);
	/* "cycles:ppp", "cpu-clock:u": the modifiers are no part of the name */
	colon = strrchr(ev, ':');
	if (colon && colon[1] && strspn(colon + 1, "ukhIGHpPSDWe") == strlen(colon + 1))
		n = (size_t)(colon - ev);
	/* the software clocks count their periods in nanoseconds */
	if ((n == 9 && !memcmp(ev, "cpu-clock", 9)) || (n == 10 && !memcmp(ev, "task-clock", 10)))
		return xstrdup("ns");
	return xstrndup(ev, n);
}

int perfscript_write(const struct perfscript *ps, FILE *out)
{
	struct stackmap_entry **v = stackmap_sorted(&ps->map);
	size_t n = stackmap_size(&ps->map);
	char *countname = ps->countname ? xstrdup(ps->countname) : perfscript_countname(ps);
	int ret;

	folded_write_header(out, countname);
	free(countname);

	/* whole sums print in full, as Perl prints its integer sums */
	ret = folded_write(out, v, n, 1);
	free(v);
	if (fflush(out) || ferror(out))
		ret = -1;
	return ret;
}
