// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Load-test results: the formats' names, sniffing a file's format from its
 * first 4 KB, and what every reader shares (numbers, times, messages).
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/units.h"
#include "loadtest-impl.h"

const struct opt_choice lt_format_choices[] = {
	{ "auto", LT_AUTO }, { "plain", LT_PLAIN }, { "jtl", LT_JTL }, { "jtl-xml", LT_JTL_XML },
	{ "k6-json", LT_K6_JSON }, { "k6-csv", LT_K6_CSV }, { "vegeta-json", LT_VEGETA_JSON },
	{ "vegeta-csv", LT_VEGETA_CSV }, { "ab-gnuplot", LT_AB_GNUPLOT }, { "ab-csv", LT_AB_CSV },
	{ "locust-stats", LT_LOCUST_STATS }, { "locust-history", LT_LOCUST_HISTORY },
	{ "wrk", LT_WRK }, { "wrk2", LT_WRK2 }, { "hlog", LT_HLOG }, { NULL, 0 }
};

const char *lt_format_name(enum lt_format f)
{
	const struct opt_choice *c;

	for (c = lt_format_choices; c->name; c++)
		if (c->value == (int)f)
			return c->name;
	return "?";
}

enum lt_kind lt_format_kind(enum lt_format f)
{
	switch (f) {
	case LT_AB_CSV:
	case LT_LOCUST_STATS:
	case LT_LOCUST_HISTORY:
	case LT_WRK:
	case LT_WRK2:
		return LT_KIND_SUMMARY;
	case LT_HLOG:
		return LT_KIND_HISTOGRAMS;
	case LT_AUTO:
	case LT_PLAIN:
	case LT_NFORMATS:
		return LT_KIND_PLAIN;
	default:
		return LT_KIND_REQUESTS;
	}
}

/* --- numbers and times --- */

static const double pow10_tab[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* strtod() over a terminated copy of s[0..len), for what the fast path cannot do exactly. */
static double slow_number(const char *s, size_t len)
{
	char buf[64], *copy = buf;
	double v;

	if (len >= sizeof(buf))
		copy = xmalloc(len + 1);
	memcpy(copy, s, len);
	copy[len] = '\0';
	v = strtod(copy, NULL);
	if (copy != buf)
		free(copy);
	return v;
}

/*
 * The fast path is Clinger's: a mantissa below 2^53 times or divided by an
 * exact power of ten up to 1e22 is correctly rounded, so the result equals
 * strtod()'s.
 */
size_t lt_scan_number(const char *s, size_t len, double *v)
{
	uint64_t m = 0;
	size_t i = 0, ndig = 0;
	int frac = 0, ex = 0, sig = 0;
	bool dot = false;

	for (; i < len; i++) {
		char c = s[i];

		if (c >= '0' && c <= '9') {
			if (sig < 19) {
				m = m * 10 + (uint64_t)(c - '0');
				sig += m != 0;
				frac += dot;
			} else if (!dot) {
				ex++;	/* digits beyond 19: exactness lost, fall back */
				sig++;
			}
			ndig++;
		} else if (c == '.' && !dot) {
			dot = true;
		} else {
			break;
		}
	}
	if (!ndig)
		return 0;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		size_t j = i + 1;
		int esign = 1, e = 0;
		bool any = false;

		if (j < len && (s[j] == '+' || s[j] == '-'))
			esign = s[j++] == '-' ? -1 : 1;
		for (; j < len && s[j] >= '0' && s[j] <= '9'; j++, any = true)
			if (e < 10000)
				e = e * 10 + (s[j] - '0');
		if (any) {
			ex += esign * e;
			i = j;
		}
	}
	ex -= frac;
	if (sig <= 19 && m < (UINT64_C(1) << 53) && ex >= -22 && ex <= 22)
		*v = ex >= 0 ? (double)m * pow10_tab[ex] : (double)m / pow10_tab[-ex];
	else
		*v = slow_number(s, i);
	return i;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/*
 * The eight digits of w (bytes '0'..'9', the first in the lowest byte) as a
 * number, or UINT64_MAX when a byte is no digit; bytes below keep (a
 * mask of the whole bytes to read) read as leading zeros. The arithmetic is
 * simdjson's parse_eight_digits_unrolled.
 */
static inline uint64_t eight_digits(uint64_t w, uint64_t keep)
{
	const uint64_t f0 = UINT64_C(0xf0f0f0f0f0f0f0f0), d0 = UINT64_C(0x3030303030303030);
	const uint64_t mask = UINT64_C(0x000000ff000000ff);

	/* Each byte 0x30..0x39: its high nibble is 3, and still is after adding 6. */
	if ((w & f0) != d0 || ((w + UINT64_C(0x0606060606060606)) & f0) != d0)
		return UINT64_MAX;
	w = (w - d0) & keep;
	w = w * 10 + (w >> 8);
	return (((w & mask) * (100 + (UINT64_C(1000000) << 32))) +
		(((w >> 16) & mask) * (1 + (UINT64_C(10000) << 32)))) >> 32;
}
#endif

/*
 * Whether s[0..len), 1 to 15 bytes, is all decimal digits, and then their
 * value (exact in a double: the general scan has nothing to add). Most
 * load-test fields are such integers: milliseconds, thread counts, Unix
 * times in ms.
 */
static inline bool plain_integer(const char *s, size_t len, double *v)
{
	uint64_t m = 0;
	size_t i;

	if (!len || len > 15)
		return false;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (len >= 8) {
		static const uint64_t pow10[] = { 1, 10, 100, 1000, 10000, 100000, 1000000,
						  10000000, 100000000 };
		uint64_t hi, lo, w;

		/* The first eight, and the last eight without those already read. */
		memcpy(&w, s, 8);
		hi = eight_digits(w, UINT64_MAX);
		memcpy(&w, s + len - 8, 8);
		lo = eight_digits(w, len > 8 ? UINT64_MAX << (8 * (16 - len)) : 0);
		if (hi == UINT64_MAX || lo == UINT64_MAX)
			return false;
		*v = (double)(hi * pow10[len - 8] + lo);
		return true;
	}
#endif
	for (i = 0; i < len; i++) {
		if ((unsigned char)(s[i] - '0') > 9)
			return false;
		m = m * 10 + (uint64_t)(s[i] - '0');
	}
	*v = (double)m;
	return true;
}

int lt_number(const char *s, size_t len, double *v)
{
	bool neg;
	size_t off, n;

	if (plain_integer(s, len, v))
		return 0;
	neg = len && s[0] == '-';
	off = len && (s[0] == '-' || s[0] == '+');
	n = lt_scan_number(s + off, len - off, v);
	if (!n || n != len - off || !isfinite(*v))
		return -1;
	if (neg)
		*v = -*v;
	return 0;
}

/* Seconds have 10 digits until 2286: 13 are ms, 16 us, 19 ns. */
static double time_scale(double v, size_t digits)
{
	return digits >= 18 ? v / 1e9 : digits >= 15 ? v / 1e6 : digits >= 12 ? v / 1e3 : v;
}

int lt_time(const char *s, size_t len, double *t)
{
	size_t digits = 0;
	char buf[64];

	if (len >= 9 && plain_integer(s, len, t)) {
		*t = time_scale(*t, len);
		return 0;
	}
	while (digits < len && isdigit((unsigned char)s[digits]))
		digits++;
	if (digits == len && digits >= 9 && digits <= 19) {
		double v;

		if (lt_number(s, len, &v) < 0)
			return -1;
		*t = time_scale(v, digits);
		return 0;
	}
	if (len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return parse_timestamp(buf, t);
}

/* --- statuses --- */

bool lt_status_ok(const char *patterns, const char *s, size_t len)
{
	const char *p = patterns ? patterns : "2xx";

	for (;;) {
		size_t plen, i;

		while (*p == ' ')
			p++;
		plen = strcspn(p, ", ");
		if (plen == len) {
			for (i = 0; i < len; i++)
				if (p[i] != s[i] && p[i] != 'x' && p[i] != 'X')
					break;
			if (i == len)
				return true;
		}
		p += plen;
		p += strspn(p, " ");
		if (*p != ',')
			return false;
		p++;
	}
}

/* --- messages --- */

void lt_quote(struct strbuf *sb, const char *s, size_t len)
{
	size_t i, shown = len > 40 ? 40 : len;

	strbuf_addch(sb, '\'');
	for (i = 0; i < shown; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f)
			strbuf_addf(sb, "\\x%02x", c);
		else
			strbuf_addch(sb, (char)c);
	}
	strbuf_addstr(sb, shown < len ? "...'" : "'");
}

int lt_bad(const struct lt_reader *r, uint64_t line, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (line)
		error("%s:%llu: %s", r->in->name, (unsigned long long)line, sb.buf);
	else
		error("%s: %s", r->in->name, sb.buf);
	strbuf_release(&sb);
	return -1;
}

void lt_emit(const struct lt_reader *r, const struct lt_request *req)
{
	r->info->records++;
	if (r->sink->request)
		r->sink->request(r->sink->ctx, req);
}

int lt_column(const struct csv_reader *hdr, const char *name)
{
	size_t i, len = strlen(name);

	for (i = 0; i < hdr->nfields; i++)
		if (hdr->len[i] == len && !memcmp(hdr->field[i], name, len))
			return (int)i;
	return -1;
}

static bool blank_record(const struct csv_reader *cr)
{
	return cr->nfields == 1 && !cr->len[0];
}

int lt_csv_read(struct lt_reader *r, char sep, lt_csv_fn header, lt_csv_fn record, void *arg)
{
	return lt_csv_read_lines(r, sep, header, record, NULL, arg);
}

int lt_csv_read_lines(struct lt_reader *r, char sep, lt_csv_fn header, lt_csv_fn record,
		      lt_line_fn line_fn, void *arg)
{
	struct csv_reader cr;
	bool seen_header = false;
	int rc, n = 0;
	char *line;
	ssize_t len;

	csv_reader_init(&cr, r->lr, sep);
	while ((len = linereader_next(r->lr, &line)) >= 0) {
		if (seen_header && line_fn) {
			rc = line_fn(r, line, (size_t)len, arg);
			if (rc < 0)
				goto fail;
			if (rc > 0)
				continue;
		}
		n = csv_reader_line(&cr, line, (size_t)len);
		if (n < 0)
			break;
		if (blank_record(&cr))
			continue;
		if (!seen_header) {
			seen_header = true;
			rc = header(r, &cr, arg);
			if (rc < 0)
				goto fail;
			if (rc == 0)
				continue;
		}
		if (record(r, &cr, arg) < 0)
			goto fail;
	}
	if (n < 0 && !r->lr->error) {
		lt_bad(r, r->lr->lineno, "%s", cr.err.buf);
		goto fail;
	}
	csv_reader_release(&cr);
	return 0;
fail:
	csv_reader_release(&cr);
	return -1;
}

/* --- sniffing --- */

/* The first line of data[0..len) that is not blank, without its line end. */
static const char *first_line(const char *data, size_t len, size_t *llen)
{
	const char *p = data, *end = data + len;

	for (;;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *e = nl ? nl : end;
		size_t n = (size_t)(e - p);

		while (n && (p[n - 1] == '\r' || p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n || !nl) {
			*llen = n;
			return p;
		}
		p = nl + 1;
	}
}

static bool starts(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && !memcmp(s, prefix, n);
}

static bool has(const char *s, size_t len, const char *needle)
{
	return memmem(s, len, needle, strlen(needle)) != NULL;
}

static size_t count_char(const char *s, size_t len, char c)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		n += s[i] == c;
	return n;
}

/* Field i (from 0) of a comma-separated line, unquoted fields only. */
static bool field_at(const char *s, size_t len, size_t i, const char **f, size_t *flen)
{
	const char *p = s, *end = s + len;

	while (i--) {
		const char *c = memchr(p, ',', (size_t)(end - p));

		if (!c)
			return false;
		p = c + 1;
	}
	*f = p;
	*flen = (size_t)((const char *)(memchr(p, ',', (size_t)(end - p)) ?: end) - p);
	return true;
}

static bool all_digits(const char *s, size_t len, size_t min, size_t max)
{
	size_t i;

	if (len < min || len > max)
		return false;
	for (i = 0; i < len; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* A JMeter CSV header, or a headerless line with JMeter's default 17 columns. */
static bool looks_jtl(const char *l, size_t n)
{
	const char *f;
	size_t flen;

	if ((has(l, n, "timeStamp") && has(l, n, "elapsed")) ||
	    (has(l, n, "elapsed") && has(l, n, "success") && has(l, n, "label")))
		return true;
	return count_char(l, n, ',') == 16 && field_at(l, n, 0, &f, &flen) &&
	       all_digits(f, flen, 13, 13) && field_at(l, n, 1, &f, &flen) &&
	       all_digits(f, flen, 1, 12) && field_at(l, n, 7, &f, &flen) &&
	       ((flen == 4 && !memcmp(f, "true", 4)) || (flen == 5 && !memcmp(f, "false", 5)));
}

static bool looks_vegeta_csv(const char *l, size_t n)
{
	const char *f;
	size_t flen;

	return count_char(l, n, ',') >= 5 && field_at(l, n, 0, &f, &flen) &&
	       all_digits(f, flen, 19, 19) && field_at(l, n, 1, &f, &flen) &&
	       all_digits(f, flen, 1, 3) && field_at(l, n, 2, &f, &flen) &&
	       all_digits(f, flen, 1, 19);
}

static bool looks_hlog(const char *l, size_t n)
{
	const char *last = l;
	const char *c;

	if (starts(l, n, "#[") || starts(l, n, "\"StartTimestamp\""))
		return true;
	while ((c = memchr(last, ',', n - (size_t)(last - l))))
		last = c + 1;
	return last != l && starts(last, n - (size_t)(last - l), "HIST");
}

static enum lt_format sniff_line(const char *l, size_t n, const char *data, size_t len)
{
	if (starts(l, n, "{")) {
		if (has(l, n, "\"metric\"") && (has(l, n, "\"Point\"") || has(l, n, "\"Metric\"")))
			return LT_K6_JSON;
		if (has(l, n, "\"latency\"") && has(l, n, "\"code\""))
			return LT_VEGETA_JSON;
		return LT_PLAIN;
	}
	if (looks_hlog(l, n))
		return LT_HLOG;
	if (starts(l, n, "starttime\tseconds\tctime\tdtime\tttime\twait"))
		return LT_AB_GNUPLOT;
	if (starts(l, n, "Percentage served,Time in ms"))
		return LT_AB_CSV;
	if (starts(l, n, "Running ") && has(l, n, " test @ "))
		return has(data, len, "Latency Distribution (HdrHistogram") ||
		       has(data, len, "Detailed Percentile spectrum:") ||
		       has(data, len, "Thread calibration:") ? LT_WRK2 : LT_WRK;
	if (starts(l, n, "metric_name,timestamp,metric_value"))
		return LT_K6_CSV;
	if (starts(l, n, "Type,Name,Request Count,Failure Count"))
		return LT_LOCUST_STATS;
	if (starts(l, n, "Timestamp,User Count,Type,Name"))
		return LT_LOCUST_HISTORY;
	if (looks_jtl(l, n))
		return LT_JTL;
	if (looks_vegeta_csv(l, n))
		return LT_VEGETA_CSV;
	return LT_PLAIN;
}

enum lt_format lt_sniff(const char *data, size_t len)
{
	const char *l;
	size_t n;

	if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3)) {
		data += 3;
		len -= 3;
	}
	l = first_line(data, len, &n);
	while (n && (*l == ' ' || *l == '\t')) {
		l++;
		n--;
	}
	if (starts(l, n, "<?xml") || starts(l, n, "<testResults"))
		return has(data, len, "<testResults") ? LT_JTL_XML : LT_PLAIN;
	return sniff_line(l, n, data, len);
}

/* Files that are known and cannot be read, with what to give instead; NULL: none. */
static const char *unreadable(const char *data, size_t len)
{
	const char *l;
	size_t n;

	if (len >= 2 && (unsigned char)data[0] == 0x1f && (unsigned char)data[1] == 0x8b)
		return "gzip-compressed: decompress it first (zcat FILE | ... -)";
	if (memchr(data, '\0', len) && has(data, len, "Latency") && has(data, len, "Timestamp") &&
	    has(data, len, "BytesIn"))
		return "vegeta's binary (gob) results: convert them with 'vegeta encode --to csv'";
	l = first_line(data, len, &n);
	if (starts(l, n, "Method,Name,Error,Occurrences") ||
	    starts(l, n, "Count,Message,Traceback,Nodes"))
		return "Locust's failures or exceptions file: give PREFIX_stats.csv or "
		       "PREFIX_stats_history.csv";
	if (starts(l, n, "{") && lt_sniff(data, len) == LT_PLAIN)
		return "JSON lines, but neither k6's (--out json) nor vegeta's (encode --to json) "
		       "results";
	return NULL;
}

int lt_input_open(struct lt_input *in, const char *path, enum lt_format want)
{
	const char *data, *why;
	size_t len;

	memset(in, 0, sizeof(*in));
	if (linereader_open(&in->lr, path) < 0)
		return error_errno("cannot open '%s'", path);
	in->name = in->lr.name;
	in->format = want;
	if (want != LT_AUTO)
		return 0;
	len = linereader_peek(&in->lr, &data, 4096);
	if (in->lr.error) {
		errno = in->lr.err;
		error_errno("cannot read '%s'", in->name);
		linereader_close(&in->lr);
		return -1;
	}
	why = unreadable(data, len);
	if (why) {
		error("%s: %s", in->name, why);
		linereader_close(&in->lr);
		return -1;
	}
	in->format = lt_sniff(data, len);
	return 0;
}

void lt_input_close(struct lt_input *in)
{
	linereader_close(&in->lr);
}

int lt_input_read(struct lt_input *in, const struct lt_options *o, const struct lt_sink *sink,
		  struct lt_info *info)
{
#define READER_ENTRY(format, name) [LT_##format] = lt_read_##name,
	static int (*const readers[LT_NFORMATS])(struct lt_reader *) = {
		LT_READERS(READER_ENTRY) [LT_WRK2] = lt_read_wrk,
	};
#undef READER_ENTRY
	struct lt_reader r = { in, &in->lr, o, sink, info };
	int rc;

	memset(info, 0, sizeof(*info));
	info->format = in->format;
	info->unit = 1e-3;
	info->has_errors = true;
	info->hlog_max_ratio = NAN;
	if (in->format <= LT_PLAIN || in->format >= LT_NFORMATS || !readers[in->format])
		BUG("no reader for format %d", (int)in->format);
	rc = readers[in->format](&r);
	if (rc == 0 && in->lr.error) {
		errno = in->lr.err;
		return error_errno("cannot read '%s'", in->name);
	}
	return rc;
}
