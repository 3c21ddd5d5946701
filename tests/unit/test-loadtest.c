// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Unit tests of the load-test readers' numbers: lt_number() and lt_time() on
 * integers of every length, read eight digits at a time or one by one, must
 * agree with strtod(); a byte that is no digit anywhere makes them refuse.
 */
#include <stdlib.h>
#include <string.h>

#include "headroom/loadtest.h"
#include "tap.h"

static unsigned seed = 1;

static unsigned next_rand(void)
{
	seed = seed * 1103515245 + 12345;
	return seed >> 16;
}

/* len random digits into buf, NUL-terminated; the first may be 0. */
static void digits(char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (char)('0' + next_rand() % 10);
	buf[len] = '\0';
}

static double scaled(const char *s, size_t len)
{
	double v = strtod(s, NULL);

	return len >= 18 ? v / 1e9 : len >= 15 ? v / 1e6 : len >= 12 ? v / 1e3 : v;
}

/* Digit strings of 1 to 20 bytes, a hundred of each length, and the extremes. */
static void check_integers(void)
{
	unsigned bad_num = 0, bad_time = 0, runs = 0;
	char buf[32];
	size_t len, k;
	double v, t;

	for (len = 1; len <= 20; len++) {
		for (k = 0; k < 102; k++, runs++) {
			digits(buf, len);
			if (k == 100)
				memset(buf, '9', len);
			if (k == 101)
				memset(buf, '0', len);
			if (lt_number(buf, len, &v) < 0 || v != strtod(buf, NULL))
				bad_num++;
			if (len >= 9 && len <= 19 &&
			    (lt_time(buf, len, &t) < 0 || t != scaled(buf, len)))
				bad_time++;
		}
	}
	is_int(bad_num, 0, "lt_number equals strtod on %u integers of 1 to 20 digits", runs);
	is_int(bad_time, 0, "lt_time: seconds, ms, us, ns by the count of digits");
}

/* One byte of an integer replaced by each neighbour of the digits, at every place. */
static void check_garbage(void)
{
	static const char odd[] = { '/', ':', ' ', 'x', '\x80', '\xb9', '\x01', '\x3f' };
	unsigned accepted_num = 0, accepted_time = 0, runs = 0;
	char buf[32];
	size_t len, i, k;
	double v;

	for (len = 1; len <= 16; len++) {
		for (i = 0; i < len; i++) {
			for (k = 0; k < sizeof(odd); k++, runs++) {
				digits(buf, len);
				buf[0] = '1';
				buf[i] = odd[k];
				if (lt_number(buf, len, &v) == 0)
					accepted_num++;
				if (len >= 9 && lt_time(buf, len, &v) == 0)
					accepted_time++;
			}
		}
	}
	is_int(accepted_num, 0, "lt_number refuses %u integers with a byte that is no digit", runs);
	is_int(accepted_time, 0, "and so does lt_time");
}

int main(void)
{
	double v;

	check_integers();
	check_garbage();
	ok(lt_number("12345678", 8, &v) == 0 && v == 12345678, "eight digits exactly");
	ok(lt_number("123456789012345", 15, &v) == 0 && v == 123456789012345.0, "fifteen digits");
	ok(lt_number("-7", 2, &v) == 0 && v == -7, "a sign takes the general path");
	ok(lt_number("7.5", 3, &v) == 0 && v == 7.5, "and so does a fraction");
	ok(lt_number("", 0, &v) < 0, "an empty field is no number");
	ok(lt_number("12345678", 7, &v) == 0 && v == 1234567, "only len bytes are read");
	ok(lt_time("1796460691123", 13, &v) == 0 && v == 1796460691.123, "Unix ms");
	ok(lt_time("179646069112", 12, &v) == 0 && v == 179646069.112, "twelve digits are ms too");
	return done_testing();
}
