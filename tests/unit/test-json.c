// SPDX-License-Identifier: GPL-3.0-or-later
/* Unit tests of the JSON writer and the table writer that uses it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/json.h"
#include "headroom/table.h"
#include "tap.h"

static char *table_text(const struct table *t, enum output_format fmt, int width)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	table_write(t, f, fmt, width);
	fclose(f);
	return buf;
}

/* A sum's rounding error is shown rounded in a table, kept in TSV and JSON. */
static void test_rounding_noise(void)
{
	static const struct table_column cols[] = {
		{ "ms", NULL, TABLE_RIGHT }, { "ts", NULL, TABLE_RIGHT },
	};
	struct table t;
	char *s;

	table_init(&t, cols, 2);
	table_num(&t, 671.000000000004, -1);
	table_num(&t, 1733443200.125, -1);
	s = table_text(&t, FORMAT_TABLE, 0);
	is_str(s, " ms              ts\n671  1733443200.125\n", "a table rounds to 14 significant digits");
	free(s);
	s = table_text(&t, FORMAT_TSV, 0);
	is_str(s, "ms\tts\n671.000000000004\t1733443200.125\n", "TSV keeps every digit");
	free(s);
	s = table_text(&t, FORMAT_JSON, 0);
	is_str(s, "[\n{\"ms\":671.000000000004,\"ts\":1733443200.125}\n]\n", "so does JSON");
	free(s);
	table_release(&t);
}

int main(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct json j;
	struct table t;
	char *s;
	static const struct table_column cols[] = {
		{ "self", "SELF", TABLE_RIGHT }, { "pct", "SELF%", TABLE_RIGHT },
		{ "function", "FUNCTION", TABLE_LEFT },
	};

	json_init(&j, &sb);
	json_object_begin(&j, NULL);
	json_str(&j, "name", "a\"b\\c\td\x01");
	json_num(&j, "x", 0.25);
	json_num(&j, "nan", NAN);
	json_num(&j, "inf", INFINITY);
	json_int(&j, "neg", -3);
	json_uint(&j, "big", 18446744073709551615ull);
	json_bool(&j, "yes", true);
	json_str(&j, "none", NULL);
	json_array_begin(&j, "levels");
	json_num(&j, NULL, 80);
	json_num(&j, NULL, 95);
	json_object_begin(&j, NULL);
	json_object_end(&j);
	json_array_end(&j);
	json_array_begin(&j, "empty");
	json_array_end(&j);
	json_object_end(&j);
	is_str(sb.buf, "{\"name\":\"a\\\"b\\\\c\\u0009d\\u0001\",\"x\":0.25,\"nan\":null,\"inf\":null,"
	       "\"neg\":-3,\"big\":18446744073709551615,\"yes\":true,\"none\":null,"
	       "\"levels\":[80,95,{}],\"empty\":[]}", "an object with every kind of value");
	ok(j.depth == 0, "every level closed");

	{
		struct strbuf doc = STRBUF_INIT;
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);

		json_init(&j, &doc);
		json_object_begin(&j, NULL);
		json_array_begin(&j, "rows");
		json_object_begin(&j, NULL);
		json_array_begin(&j, "frames");
		json_str(&j, NULL, "main");
		is_int(json_finish(&j, f), 0, "json_finish writes");
		fclose(f);
		is_str(buf, "{\"rows\":[{\"frames\":[\"main\"]}]}\n",
		       "json_finish closes each open array and object, then a newline");
		ok(j.depth == 0, "json_finish leaves no level open");
		free(buf);
		strbuf_release(&doc);
	}

	table_init(&t, cols, 3);
	table_num(&t, 32, 0);
	table_num(&t, 31.6832, 2);
	table_cell(&t, "xen_hypercall");
	table_num(&t, 5, 0);
	table_num(&t, NAN, 2);
	table_cell(&t, "a, \"quoted\" name");
	is_int(table_rows(&t), 2, "two rows");
	s = table_text(&t, FORMAT_TABLE, 0);
	is_str(s, "SELF  SELF%  FUNCTION\n"
		  "  32  31.68  xen_hypercall\n"
		  "   5    nan  a, \"quoted\" name\n", "aligned: numbers right, the last column as it is");
	free(s);
	s = table_text(&t, FORMAT_TABLE, 24);
	is_str(s, "SELF  SELF%  FUNCTION\n"
		  "  32  31.68  xen_hype...\n"
		  "   5    nan  a, \"quot...\n", "a width shortens the last column");
	free(s);
	{
		struct table u;

		table_init(&u, cols, 3);
		table_num(&u, 32, 0);
		table_num(&u, 31.6832, 2);
		table_cell(&u, "xen_hyp\xc3\xa9rcall");
		s = table_text(&u, FORMAT_TABLE, 24);
		is_str(s, "SELF  SELF%  FUNCTION\n  32  31.68  xen_hyp...\n",
		       "a shortened column never ends inside a UTF-8 character");
		free(s);
		table_release(&u);
	}
	s = table_text(&t, FORMAT_TSV, 0);
	is_str(s, "self\tpct\tfunction\n32\t31.68\txen_hypercall\n5\tnan\ta, \"quoted\" name\n", "TSV");
	free(s);
	s = table_text(&t, FORMAT_CSV, 0);
	is_str(s, "self,pct,function\r\n32,31.68,xen_hypercall\r\n5,nan,\"a, \"\"quoted\"\" name\"\r\n",
	       "CSV quotes what needs it (RFC 4180)");
	free(s);
	s = table_text(&t, FORMAT_JSON, 0);
	is_str(s, "[\n{\"self\":32,\"pct\":31.68,\"function\":\"xen_hypercall\"},\n"
		  "{\"self\":5,\"pct\":null,\"function\":\"a, \\\"quoted\\\" name\"}\n]\n",
	       "JSON: an array of objects, one a line");
	free(s);
	table_release(&t);
	table_init(&t, cols, 3);
	s = table_text(&t, FORMAT_JSON, 0);
	is_str(s, "[]\n", "JSON of no rows is an empty array");
	free(s);
	table_release(&t);
	strbuf_release(&sb);
	test_rounding_noise();
	return done_testing();
}
