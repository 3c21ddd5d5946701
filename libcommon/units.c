// SPDX-License-Identifier: GPL-3.0-or-later
/* The unit parsers of doc/DESIGN.md: strict, whole-string, one place for every tool. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "headroom/units.h"

/* Parses a leading number; returns the rest of the string, or NULL. */
static const char *lead_number(const char *s, double *v)
{
	char *end;

	if (!s || !*s || isspace((unsigned char)*s))
		return NULL;
	/* strtod accepts "nan", "inf" and hex floats; units do not. */
	if (!(isdigit((unsigned char)*s) || *s == '.' || *s == '-' || *s == '+'))
		return NULL;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return NULL;
	errno = 0;
	*v = strtod(s, &end);
	if (end == s || errno == ERANGE || !isfinite(*v))
		return NULL;
	if (!isdigit((unsigned char)end[-1]) && end[-1] != '.')
		return NULL;
	return end;
}

int parse_number(const char *s, double *v)
{
	double x;
	const char *rest = lead_number(s, &x);

	if (!rest || *rest)
		return -1;
	*v = x;
	return 0;
}

struct unit {
	const char *name;
	double mult;
};

static int parse_with_units(const char *s, const struct unit *units, double *out,
			    int allow_negative)
{
	double x;
	const char *rest = lead_number(s, &x);
	size_t i;

	if (!rest || (!allow_negative && x < 0))
		return -1;
	for (i = 0; units[i].name; i++) {
		if (!strcmp(rest, units[i].name)) {
			x *= units[i].mult;
			if (!isfinite(x))
				return -1;
			*out = x == 0 ? 0 : x;	/* "-0" is zero, not negative zero */
			return 0;
		}
	}
	return -1;
}

/*
 * The one table of duration suffixes. Durations (parse_duration) reach to
 * years; latencies (a load tester's output) stop at hours and may be written
 * with a micro sign, in either of its two code points.
 */
enum { IN_DURATIONS = 1 << SUFFIX_DURATION, IN_LATENCIES = 1 << SUFFIX_LATENCY,
       IN_BOTH = IN_DURATIONS | IN_LATENCIES };

static const struct duration_unit {
	const char *name;
	double seconds;
	unsigned sets;
} duration_units[] = {
	{ "ns", 1e-9, IN_BOTH }, { "us", 1e-6, IN_BOTH },
	{ "\xc2\xb5s", 1e-6, IN_LATENCIES }, { "\xce\xbcs", 1e-6, IN_LATENCIES },
	{ "ms", 1e-3, IN_BOTH }, { "s", 1, IN_BOTH }, { "m", 60, IN_BOTH },
	{ "min", 60, IN_BOTH }, { "h", 3600, IN_BOTH }, { "d", 86400, IN_DURATIONS },
	{ "w", 604800, IN_DURATIONS }, { "y", 365 * 86400.0, IN_DURATIONS },
};

double duration_suffix(const char *s, size_t len, enum suffix_set set)
{
	size_t i;

	for (i = 0; i < sizeof(duration_units) / sizeof(duration_units[0]); i++) {
		const struct duration_unit *u = &duration_units[i];

		if ((u->sets & (1u << set)) && strlen(u->name) == len && !memcmp(s, u->name, len))
			return u->seconds;
	}
	return -1;
}

int parse_duration(const char *s, double *seconds)
{
	double x, mult = 1;
	const char *rest = lead_number(s, &x);

	if (!rest || x < 0)
		return -1;
	if (*rest && (mult = duration_suffix(rest, strlen(rest), SUFFIX_DURATION)) < 0)
		return -1;
	x *= mult;
	if (!isfinite(x))
		return -1;
	*seconds = x == 0 ? 0 : x;	/* "-0" is zero, not negative zero */
	return 0;
}

#define KI 1024.0
static const struct unit size_units[] = {
	{ "", 1 }, { "B", 1 },
	{ "K", KI }, { "M", KI * KI }, { "G", KI * KI * KI }, { "T", KI * KI * KI * KI },
	{ "P", KI * KI * KI * KI * KI },
	{ "k", KI }, { "KiB", KI }, { "MiB", KI * KI }, { "GiB", KI * KI * KI },
	{ "TiB", KI * KI * KI * KI }, { "Ki", KI }, { "Mi", KI * KI }, { "Gi", KI * KI * KI },
	{ "Ti", KI * KI * KI * KI },
	{ "KB", 1e3 }, { "kB", 1e3 }, { "MB", 1e6 }, { "GB", 1e9 }, { "TB", 1e12 }, { "PB", 1e15 },
	{ NULL, 0 }
};

int parse_size(const char *s, double *bytes)
{
	return parse_with_units(s, size_units, bytes, 0);
}

int parse_percent(const char *s, double *pct)
{
	static const struct unit pct_units[] = { { "", 1 }, { "%", 1 }, { NULL, 0 } };

	return parse_with_units(s, pct_units, pct, 1);
}

static int digits(const char *s, int n, int *v)
{
	int i, x = 0;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		x = x * 10 + (s[i] - '0');
	}
	*v = x;
	return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
static long days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int parse_rfc3339(const char *s, double *t)
{
	int Y, M, D, h = 0, mi = 0, sec = 0, oh, om;
	double frac = 0, off = 0;
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (digits(s, 4, &Y) || s[4] != '-' || digits(s + 5, 2, &M) || s[7] != '-' ||
	    digits(s + 8, 2, &D))
		return -1;
	if (M < 1 || M > 12 || D < 1 || D > mdays[M - 1])
		return -1;
	if (M == 2 && D == 29 && !(Y % 4 == 0 && (Y % 100 != 0 || Y % 400 == 0)))
		return -1;
	s += 10;
	if (*s == 'T' || *s == 't' || *s == ' ') {
		if (digits(s + 1, 2, &h) || s[3] != ':' || digits(s + 4, 2, &mi))
			return -1;
		s += 6;
		if (*s == ':') {
			if (digits(s + 1, 2, &sec))
				return -1;
			s += 3;
			if (*s == '.') {
				double scale = 0.1;

				s++;
				if (!isdigit((unsigned char)*s))
					return -1;
				while (isdigit((unsigned char)*s)) {
					frac += (*s++ - '0') * scale;
					scale /= 10;
				}
			}
		}
		if (h > 23 || mi > 59 || sec > 60)
			return -1;
		if (*s == 'Z' || *s == 'z') {
			s++;
		} else if (*s == '+' || *s == '-') {
			int sign = *s == '-' ? -1 : 1;

			if (digits(s + 1, 2, &oh) || s[3] != ':' || digits(s + 4, 2, &om) ||
			    oh > 23 || om > 59)
				return -1;
			off = sign * (oh * 3600.0 + om * 60.0);
			s += 6;
		}
	}
	if (*s)
		return -1;
	*t = days_from_civil(Y, M, D) * 86400.0 + h * 3600.0 + mi * 60.0 + sec + frac - off;
	return 0;
}

int parse_timestamp(const char *s, double *t)
{
	if (s && strlen(s) >= 10 && s[4] == '-')
		return parse_rfc3339(s, t);
	return parse_number(s, t);
}

const char *time_range_error(double t)
{
	return t >= TIME_MIN && t <= TIME_MAX ? NULL : "out of range (the years 1 to 9999)";
}

const char *duration_range_error(double seconds)
{
	return seconds >= 0 && seconds <= DURATION_MAX ? NULL : "out of range (at most 10000 years)";
}

void trim_zeros(char *buf)
{
	char *dot = strchr(buf, '.'), *end;

	if (!dot)
		return;
	end = buf + strlen(buf);
	while (end > dot + 1 && end[-1] == '0')
		end--;
	if (end == dot + 1)
		end = dot;
	*end = '\0';
}

void format_duration(char *buf, size_t size, double s)
{
	static const struct { double mult; const char *name; } u[] = {
		{ 604800, "w" }, { 86400, "d" }, { 3600, "h" }, { 60, "m" }, { 1, "s" },
		{ 1e-3, "ms" }, { 1e-6, "us" }, { 1e-9, "ns" },
	};
	size_t i;

	for (i = 0; i < sizeof(u) / sizeof(u[0]) - 1; i++)
		if (fabs(s) >= u[i].mult)
			break;
	if (s == 0 || !isfinite(s))
		i = 4;	/* "0s", not "0ns" */
	snprintf(buf, size, "%.2f", s / u[i].mult);
	trim_zeros(buf);
	strncat(buf, u[i].name, size - strlen(buf) - 1);
}

void format_size(char *buf, size_t size, double b)
{
	static const char *suffix[] = { "", "K", "M", "G", "T", "P" };
	size_t i = 0;

	while (fabs(b) >= 1024 && i < 5) {
		b /= 1024;
		i++;
	}
	snprintf(buf, size, "%.1f", b);
	trim_zeros(buf);
	strncat(buf, suffix[i], size - strlen(buf) - 1);
}

void format_timestamp_iso(char *buf, size_t size, double t)
{
	time_t secs;
	double frac;
	struct tm tm;
	size_t n;

	/* Beyond year 9999 (or NaN) there is no RFC 3339 form: print the number. */
	if (!(fabs(t) < 253402300800.0)) {
		snprintf(buf, size, "%.15g", t);
		return;
	}
	/* Round to the millisecond first, so that .9996 carries into the second. */
	t = round(t * 1000) / 1000;
	secs = (time_t)floor(t);
	frac = t - (double)secs;
	if (!gmtime_r(&secs, &tm)) {
		snprintf(buf, size, "%.15g", t);
		return;
	}
	/* %04d, not strftime's %Y, so that years before 1000 keep four digits. */
	n = (size_t)snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900,
			     tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (n >= size)
		n = size ? size - 1 : 0;
	if (frac > 0.0005 && n + 5 < size) {
		char f[16];

		snprintf(f, sizeof(f), "%.3f", frac);
		trim_zeros(f);
		strncat(buf, f + 1, size - strlen(buf) - 1);
	}
	strncat(buf, "Z", size - strlen(buf) - 1);
}
