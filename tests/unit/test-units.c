// SPDX-License-Identifier: GPL-3.0-or-later
/* Unit tests of the unit parsers and formatters of doc/DESIGN.md. */
#include <float.h>

#include "headroom/units.h"
#include "tap.h"

typedef int (*parser)(const char *, double *);

static void good(parser p, const char *name, const char *s, double want)
{
	double v = -12345;
	int rc = p(s, &v);

	ok(rc == 0 && fabs(v - want) <= fabs(want) * 1e-12, "%s('%s') = %.17g (got rc %d, %.17g)",
	   name, s, want, rc, v);
}

static void bad(parser p, const char *name, const char *s)
{
	double v = -12345;
	int rc = p(s, &v);

	ok(rc == -1 && v == -12345, "%s('%s') is refused and stores nothing", name, s ? s : "NULL");
}

#define GOOD(p, s, w) good(p, #p, s, w)
#define BAD(p, s) bad(p, #p, s)

static void numbers(void)
{
	GOOD(parse_number, "12", 12);
	GOOD(parse_number, "-3.5", -3.5);
	GOOD(parse_number, "1e6", 1e6);
	GOOD(parse_number, "+7", 7);
	GOOD(parse_number, ".5", 0.5);
	GOOD(parse_number, "5.", 5);
	BAD(parse_number, "");
	BAD(parse_number, NULL);
	BAD(parse_number, " 1");
	BAD(parse_number, "1 ");
	BAD(parse_number, "1x");
	BAD(parse_number, "nan");
	BAD(parse_number, "inf");
	BAD(parse_number, "-inf");
	BAD(parse_number, "0x10");
	BAD(parse_number, "1e999");
	BAD(parse_number, "1e");
	BAD(parse_number, "-");
	BAD(parse_number, ".");
}

static void durations(void)
{
	GOOD(parse_duration, "500ms", 0.5);
	GOOD(parse_duration, "30s", 30);
	GOOD(parse_duration, "30", 30);
	GOOD(parse_duration, "15m", 900);
	GOOD(parse_duration, "36h", 129600);
	GOOD(parse_duration, "14d", 1209600);
	GOOD(parse_duration, "2w", 1209600);
	GOOD(parse_duration, "1.5s", 1.5);
	GOOD(parse_duration, "250us", 250e-6);
	GOOD(parse_duration, "10ns", 1e-8);
	GOOD(parse_duration, "0", 0);
	BAD(parse_duration, "-1s");
	BAD(parse_duration, "5 s");
	BAD(parse_duration, "5S");
	BAD(parse_duration, "5sec");
	BAD(parse_duration, "s");
	BAD(parse_duration, "1e308w");
	BAD(parse_duration, "5\xc2\xb5s");
	ok(duration_suffix("ms", 2, SUFFIX_DURATION) == 1e-3, "duration_suffix ms");
	ok(duration_suffix("min", 3, SUFFIX_LATENCY) == 60, "duration_suffix min of a latency");
	ok(duration_suffix("\xce\xbcs", 3, SUFFIX_LATENCY) == 1e-6, "a latency in \\u03bcs");
	ok(duration_suffix("\xc2\xb5s", 3, SUFFIX_DURATION) < 0, "a duration has no micro sign");
	ok(duration_suffix("d", 1, SUFFIX_LATENCY) < 0, "a latency has no days");
	ok(duration_suffix("mss", 2, SUFFIX_DURATION) == 1e-3, "duration_suffix reads len bytes");
	ok(duration_suffix("m\0s", 3, SUFFIX_DURATION) < 0, "a NUL byte is no suffix");
	{
		double v;

		ok(parse_duration("-0", &v) == 0 && !signbit(v), "'-0' is a zero duration, not -0");
	}
}

static void sizes_and_percents(void)
{
	GOOD(parse_size, "512K", 512 * 1024.0);
	GOOD(parse_size, "2G", 2 * 1024.0 * 1024 * 1024);
	GOOD(parse_size, "1.5GB", 1.5e9);
	GOOD(parse_size, "1.5T", 1.5 * 1024.0 * 1024 * 1024 * 1024);
	GOOD(parse_size, "4KiB", 4096);
	GOOD(parse_size, "1MiB", 1048576);
	GOOD(parse_size, "17", 17);
	GOOD(parse_size, "17B", 17);
	GOOD(parse_size, "3kB", 3000);
	BAD(parse_size, "-1K");
	BAD(parse_size, "1X");
	BAD(parse_size, "1 K");
	BAD(parse_size, "K");

	GOOD(parse_percent, "80", 80);
	GOOD(parse_percent, "80%", 80);
	GOOD(parse_percent, "0.5%", 0.5);
	GOOD(parse_percent, "-5%", -5);
	GOOD(parse_percent, "150", 150);
	BAD(parse_percent, "80 %");
	BAD(parse_percent, "%");
	BAD(parse_percent, "80%%");
}

static void timestamps(void)
{
	GOOD(parse_timestamp, "1700000000", 1700000000);
	GOOD(parse_timestamp, "1700000000.25", 1700000000.25);
	GOOD(parse_timestamp, "1970-01-01T00:00:00Z", 0);
	GOOD(parse_timestamp, "2026-11-22T14:00:00Z", 1795356000);
	GOOD(parse_timestamp, "2026-11-22T14:00:00.5Z", 1795356000.5);
	GOOD(parse_timestamp, "2026-11-22T16:00:00+02:00", 1795356000);
	GOOD(parse_timestamp, "2026-11-22T09:30:00-04:30", 1795356000);
	GOOD(parse_timestamp, "2026-11-22 14:00:00", 1795356000);
	GOOD(parse_timestamp, "2026-11-22T14:00Z", 1795356000);
	GOOD(parse_timestamp, "2026-11-22", 1795305600);
	GOOD(parse_timestamp, "2024-02-29T00:00:00Z", 1709164800);
	GOOD(parse_timestamp, "2000-02-29", 951782400);
	GOOD(parse_timestamp, "1969-12-31T23:59:59Z", -1);
	GOOD(parse_timestamp, "2016-12-31T23:59:60Z", 1483228800);
	BAD(parse_timestamp, "2026-02-29");
	BAD(parse_timestamp, "2023-02-29T00:00:00Z");
	BAD(parse_timestamp, "1900-02-29");
	BAD(parse_timestamp, "2100-02-29");
	BAD(parse_timestamp, "2026-04-31");
	BAD(parse_timestamp, "2026-13-01");
	BAD(parse_timestamp, "2026-00-10");
	BAD(parse_timestamp, "2026-11-00");
	BAD(parse_timestamp, "2026-11-22T24:00:00Z");
	BAD(parse_timestamp, "2026-11-22T12:60:00Z");
	BAD(parse_timestamp, "2026-11-22T12:00:61Z");
	BAD(parse_timestamp, "2026-11-22T12:00:00+25:00");
	BAD(parse_timestamp, "2026-11-22T12:00:00+02:75");
	BAD(parse_timestamp, "2026-11-22T12:00:00.Z");
	BAD(parse_timestamp, "2026-11-22T12:00:00Zjunk");
	BAD(parse_timestamp, "2026-11-22T12");
	BAD(parse_timestamp, "2026-1-22");
	BAD(parse_timestamp, "yesterday");
	BAD(parse_timestamp, "");
}

static void formats(void)
{
	char buf[64];

	format_duration(buf, sizeof(buf), 1.5);
	is_str(buf, "1.5s", "format_duration 1.5s");
	format_duration(buf, sizeof(buf), 5400);
	is_str(buf, "1.5h", "format_duration 90 minutes");
	format_duration(buf, sizeof(buf), 3 * 86400);
	is_str(buf, "3d", "format_duration 3 days");
	format_duration(buf, sizeof(buf), 0.25);
	is_str(buf, "250ms", "format_duration 250ms");
	format_duration(buf, sizeof(buf), 0);
	is_str(buf, "0s", "format_duration 0 is 0s");
	format_duration(buf, sizeof(buf), 1209600);
	is_str(buf, "2w", "format_duration 2 weeks");
	format_duration(buf, 4, 1209600.5);
	ok(strlen(buf) < 4, "format_duration respects a small buffer ('%s')", buf);

	format_size(buf, sizeof(buf), 1536 * 1024.0 * 1024);
	is_str(buf, "1.5G", "format_size 1.5G");
	format_size(buf, sizeof(buf), 512 * 1024);
	is_str(buf, "512K", "format_size 512K");
	format_size(buf, sizeof(buf), 17);
	is_str(buf, "17", "format_size 17");
	format_size(buf, sizeof(buf), 1e30);
	ok(!strcmp(buf + strlen(buf) - 1, "P"), "format_size stops at P (%s)", buf);

	format_timestamp_iso(buf, sizeof(buf), 1795356000);
	is_str(buf, "2026-11-22T14:00:00Z", "format_timestamp_iso");
	format_timestamp_iso(buf, sizeof(buf), 1795356000.25);
	is_str(buf, "2026-11-22T14:00:00.25Z", "format_timestamp_iso with a fraction");
	format_timestamp_iso(buf, sizeof(buf), 1795356059.9996);
	is_str(buf, "2026-11-22T14:01:00Z", "a fraction that rounds up carries into the second");
	format_timestamp_iso(buf, sizeof(buf), -1);
	is_str(buf, "1969-12-31T23:59:59Z", "before 1970");
	format_timestamp_iso(buf, sizeof(buf), -55098489600.0);
	is_str(buf, "0224-01-01T00:00:00Z", "years before 1000 keep four digits");
	format_timestamp_iso(buf, sizeof(buf), 1e300);
	ok(buf[0] && strlen(buf) < sizeof(buf), "a timestamp beyond any calendar prints something ('%s')", buf);
	format_timestamp_iso(buf, sizeof(buf), NAN);
	ok(buf[0] != '\0', "so does NaN ('%s')", buf);
	{
		double t;

		format_timestamp_iso(buf, sizeof(buf), 1709164800.5);
		ok(parse_timestamp(buf, &t) == 0 && t == 1709164800.5, "format and parse round-trip");
	}
}

int main(void)
{
	numbers();
	durations();
	sizes_and_percents();
	timestamps();
	formats();
	return done_testing();
}
