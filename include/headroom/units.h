/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Numbers with units, one parser for every tool (doc/DESIGN.md):
 *   durations    500ms 30s 15m 36h 14d 2w (also us, ns; a bare number is seconds)
 *   sizes        512K 2G 1.5T (powers of 1024; also KiB, MiB...), 1.5GB (powers of 1000)
 *   percentages  80 or 80%
 *   timestamps   Unix seconds (integer or decimal) or RFC 3339
 * Every parser accepts the whole string or nothing: it returns 0 and stores the
 * value, or -1 (nothing stored) for anything else, including trailing garbage,
 * NaN, infinities and negative durations or sizes.
 */
#ifndef HEADROOM_UNITS_H
#define HEADROOM_UNITS_H

#include <stddef.h>

/* A plain decimal number ("12", "-3.5", "1e6"); finite only. */
int parse_number(const char *s, double *v);
/* A duration in seconds. */
int parse_duration(const char *s, double *seconds);
/*
 * The seconds of the duration suffix s[0..len) ("ms" -> 1e-3), or -1 when it
 * is not one of the set: SUFFIX_DURATION, parse_duration()'s ns us ms s m min
 * h d w y; SUFFIX_LATENCY, a latency's ns us \u00b5s ms s m min h (the micro
 * sign as U+00B5 or U+03BC, in UTF-8).
 */
enum suffix_set { SUFFIX_DURATION, SUFFIX_LATENCY };
double duration_suffix(const char *s, size_t len, enum suffix_set set);
/* A size in bytes. */
int parse_size(const char *s, double *bytes);
/* A percentage, 0..100 not enforced ("80", "80%", "0.5%"). */
int parse_percent(const char *s, double *pct);
/* A point in time, in Unix seconds (UTC for RFC 3339 without an offset). */
int parse_timestamp(const char *s, double *t);

/*
 * The times and durations every tool takes from its command line: times in
 * the years 1 to 9999 (what RFC 3339 writes), durations up to 10000y (of
 * 365 days, about that span). Within them seconds fit an int64_t and a
 * time_t with room to spare, even a time minus a duration.
 */
#define TIME_MIN (-62135596800.0)	/* 0001-01-01T00:00:00Z */
#define TIME_MAX 253402300799.0		/* 9999-12-31T23:59:59Z */
#define DURATION_MAX (10000 * 365 * 86400.0)
/*
 * NULL for a time (Unix seconds) or a duration (seconds, not negative)
 * within that range, else what it is for a message "--since: '%s' is %s":
 * "out of range (the years 1 to 9999)", "out of range (at most 10000 years)".
 */
const char *time_range_error(double t);
const char *duration_range_error(double seconds);

/* Drops the trailing zeros of a decimal number in buf ("1.50" -> "1.5", "2.0" -> "2"). */
void trim_zeros(char *buf);
/* Formats seconds as a short duration ("1.5s", "90m", "3d") into buf. */
void format_duration(char *buf, size_t size, double seconds);
/* Formats bytes with a binary suffix ("1.5G", "512K", "17"). */
void format_size(char *buf, size_t size, double bytes);
/* Formats Unix seconds as RFC 3339 in UTC ("2026-11-22T14:00:00Z"). */
void format_timestamp_iso(char *buf, size_t size, double t);

#endif
