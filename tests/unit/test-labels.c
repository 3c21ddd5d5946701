// SPDX-License-Identifier: GPL-3.0-or-later
/* Unit tests of series names, canonical labels and selectors (labels.c). */
#include <stdlib.h>
#include <string.h>

#include "headroom/escape.h"
#include "headroom/labels.h"
#include "headroom/strbuf.h"
#include "tap.h"

static void names(void)
{
	struct strbuf n = STRBUF_INIT, l = STRBUF_INIT, v = STRBUF_INIT;
	const char *why = NULL;

	ok(series_name_parse("cpu.util", &n, &l, &why) == 0, "a plain name parses");
	is_str(n.buf, "cpu.util", "name");
	is_str(l.buf, "", "no labels");
	ok(series_name_parse("disk.read_bps{host=b,dev=sda}", &n, &l, &why) == 0, "labels parse");
	is_str(n.buf, "disk.read_bps", "the name before the braces");
	is_str(l.buf, "dev=sda,host=b", "labels are sorted into canonical form");
	ok(series_name_parse("proc.rss{name=\"a, b\"}", &n, &l, &why) == 0, "quoted value");
	is_str(l.buf, "name=\"a, b\"", "a value with a comma stays quoted");
	ok(series_name_parse("x{ a=1, b=\"q\\\"x\" }", &n, &l, &why) == 0, "blanks around labels");
	is_str(l.buf, "a=1,b=\"q\\\"x\"", "an escaped quote stays escaped");
	ok(series_name_parse("x{}", &n, &l, &why) == 0 && !l.len, "empty braces: no labels");
	ok(series_name_parse("cpu.*", &n, &l, &why) == 0, "a glob is a valid name");

	ok(series_name_parse("x{a=1", &n, &l, &why) < 0 && why, "unterminated labels are an error");
	ok(series_name_parse("x{a=1}y", &n, &l, &why) < 0, "text after the braces is an error");
	is_str(why, "expected '}' at the end of the labels", "and says so");
	ok(series_name_parse("x{a=1,a=2}", &n, &l, &why) < 0, "a repeated label is an error");
	is_str(why, "a label is given twice", "and says so");
	ok(series_name_parse("x{=1}", &n, &l, &why) < 0, "a label without a name is an error");
	ok(series_name_parse("x{a}", &n, &l, &why) < 0, "a label without '=' is an error");
	ok(series_name_parse("x{a=\"1}", &n, &l, &why) < 0, "an unterminated quote is an error");
	ok(series_name_parse("x{a=\"1\" b=2}", &n, &l, &why) < 0, "labels need commas between them");
	ok(series_name_parse("", &n, &l, &why) < 0, "an empty name is an error");
	ok(series_name_parse("bad name", &n, &l, &why) < 0, "blanks in a name are an error");
	ok(series_name_parse("a,b", &n, &l, &why) < 0, "a comma in a name is an error");

	strbuf_reset(&n);
	series_name_format(&n, "cpu.util", "");
	series_name_format(&n, "|", NULL);
	series_name_format(&n, "|disk", "dev=sda");
	is_str(n.buf, "cpu.util||disk{dev=sda}", "format: braces only around labels");

	strbuf_reset(&l);
	labels_add(&l, "a", "plain");
	labels_add(&l, "b", "");
	labels_add(&l, "c", "x=y");
	labels_add(&l, "d", "q\"\\\n");
	is_str(l.buf, "a=plain,b=\"\",c=\"x=y\",d=\"q\\\"\\\\\\n\"", "add quotes what needs it");
	ok(labels_get(l.buf, "d", &v) == 1, "get finds a quoted value");
	is_str(v.buf, "q\"\\\n", "and unquotes it");
	ok(labels_get(l.buf, "b", &v) == 1 && !v.len, "an empty value");
	ok(labels_get(l.buf, "nope", &v) == 0, "get: absent key");
	ok(labels_get("a=\"open", "a", &v) == 0, "get: labels that do not parse");
	strbuf_release(&n);
	strbuf_release(&l);
	strbuf_release(&v);
}

/* The escaping rule: every byte but NUL goes through labels_add and back. */
static void escaping(void)
{
	static const struct {
		const char *value, *written, *what;
	} cases[] = {
		{ "a\tb", "k=\"a\\tb\"", "a TAB" },
		{ "a\nb\r", "k=\"a\\nb\\r\"", "newline and carriage return" },
		{ "\x1b]0;PWN\x07", "k=\"\\x1b]0;PWN\\x07\"", "other control characters as \\xHH" },
		{ "ev\xffil", "k=\"ev\\xffil\"", "a byte that is not UTF-8" },
		{ "caf\xc3\xa9", "k=caf\xc3\xa9", "valid UTF-8 stays bare" },
		{ "\xc3(", "k=\"\\xc3(\"", "a cut UTF-8 sequence" },
		{ "del\x7f", "k=\"del\\x7f\"", "DEL" },
		{ "back\\slash", "k=\"back\\\\slash\"", "a backslash" },
		{ "\\x41", "k=\"\\\\x41\"", "a backslash that looks like an escape" },
		{ "c\xc2\x9b" "2J", "k=\"c\\xc2\\x9b2J\"", "a C1 control (CSI), valid UTF-8 a terminal acts on" },
		{ "\xc2\xa0nbsp", "k=\xc2\xa0nbsp", "U+00A0, past the C1 controls, stays bare" },
	};
	struct strbuf l = STRBUF_INIT, v = STRBUF_INIT, n = STRBUF_INIT, l2 = STRBUF_INIT;
	struct strbuf full = STRBUF_INIT;
	const char *why;
	char all[256];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		strbuf_reset(&l);
		labels_add(&l, "k", cases[i].value);
		is_str(l.buf, cases[i].written, "escape: %s", cases[i].what);
		ok(labels_get(l.buf, "k", &v) == 1 && !strcmp(v.buf, cases[i].value),
		   "escape: %s reads back", cases[i].what);
	}
	for (i = 1; i < 256; i++)
		all[i - 1] = (char)i;
	all[255] = '\0';
	strbuf_reset(&l);
	labels_add(&l, "k", all);
	ok(!strpbrk(l.buf, "\t\n\r"), "no TAB, newline or CR in written labels");
	strbuf_reset(&v);
	strbuf_addstr(&v, "k=\"");
	escape_add(&v, all, 255, ESCAPE_QUOTE);
	strbuf_addch(&v, '"');
	is_str(l.buf, v.buf, "label values are escaped by the rule of frame names (escape.h)");
	labels_get(l.buf, "k", &v);
	ok(v.len == 255 && !memcmp(v.buf, all, 255), "every byte reads back");
	strbuf_reset(&full);
	series_name_format(&full, "proc.cpu.cores", l.buf);
	ok(series_name_parse(full.buf, &n, &l2, &why) == 0 && !strcmp(l2.buf, l.buf),
	   "a full name with every byte parses to the same canonical labels");
	ok(series_name_parse("x{a\tb=1}", &n, &l2, &why) < 0, "a control character in a label name is an error");
	ok(series_name_parse("x\xc2\x9b" "2J", &n, &l2, &why) < 0 &&
	   series_name_parse("x\xff", &n, &l2, &why) < 0,
	   "a C1 control or a byte that is not UTF-8 in a name is an error");
	ok(series_name_parse("x{a\xc2\x9b=1}", &n, &l2, &why) < 0 &&
	   series_name_parse("x{\xff=1}", &n, &l2, &why) < 0,
	   "and in a label name");
	ok(series_name_parse("caf\xc3\xa9{\xc3\xa9t\xc3\xa9=1}", &n, &l2, &why) == 0,
	   "other UTF-8 in names is fine");
	ok(series_name_parse("x{a=\"\\x0\"}", &n, &l2, &why) == 0 && labels_get(l2.buf, "a", &v) &&
	   !strcmp(v.buf, "x0"), "a cut \\x escape is the letter x");
	strbuf_release(&l);
	strbuf_release(&l2);
	strbuf_release(&v);
	strbuf_release(&n);
	strbuf_release(&full);
}

/* The naming rule on Prometheus-compatible engines. */
static void prom_names(void)
{
	static const struct {
		const char *name, *metric;
	} cases[] = {
		{ "cgroup.cpu.cores", "headroom_cgroup_cpu_cores" },
		{ "cgroup.mem.peak_bytes", "headroom_cgroup_mem_peak__bytes" },
		{ "load.1m", "headroom_load_1m" },
		{ "cpu.ctxsw_per_second", "headroom_cpu_ctxsw__per__second" },
		{ "node_cpu", "headroom_node__cpu" },
		{ "a._b", "headroom_a:2E:5Fb" },
		{ ".a_", "headroom_:2Ea:5F" },
		{ "Req-Latency:p99", "headroom_Req:2DLatency:3Ap99" },
		{ "caf\xc3\xa9", "headroom_caf:C3:A9" },
	};
	static const char *const verbatim[] = {
		"node_filesystem_avail_bytes", "headroom_", "headroom_a___b", "headroom__a",
		"headroom_a_", "headroom_:41", "headroom_a:4", "headroom_:00", "up",
	};
	struct strbuf out = STRBUF_INIT, back = STRBUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		strbuf_reset(&out);
		prom_name_encode(&out, cases[i].name);
		is_str(out.buf, cases[i].metric, "encode '%s'", cases[i].name);
		ok(prom_name_decode(&back, out.buf) == 1 && !strcmp(back.buf, cases[i].name),
		   "'%s' decodes back", cases[i].metric);
	}
	for (i = 0; i < sizeof(verbatim) / sizeof(*verbatim); i++)
		ok(prom_name_decode(&back, verbatim[i]) == 0 && !strcmp(back.buf, verbatim[i]),
		   "'%s' is no encoding and stays as it is", verbatim[i]);
	ok(prom_label_name_ok("host") && prom_label_name_ok("_x1") && prom_label_name_ok("Metrics_path"),
	   "label names the engines take");
	ok(!prom_label_name_ok("") && !prom_label_name_ok("1a") && !prom_label_name_ok("__name__") &&
	   !prom_label_name_ok("a-b") && !prom_label_name_ok("a.b"), "and those they do not");
	strbuf_reset(&out);
	is_int(prom_label_value(&out, "ok\xff\xc3\xa9"), 1, "one byte that is not UTF-8");
	is_str(out.buf, "ok\xef\xbf\xbd\xc3\xa9", "becomes U+FFFD, the rest stays");
	strbuf_release(&out);
	strbuf_release(&back);
}

static void collect(const char *key, const char *value, void *arg)
{
	strbuf_addf(arg, "[%s:%s]", key, value);
}

static void each_and_insert(void)
{
	static const struct {
		const char *labels, *key, *value, *want, *what;
	} ins[] = {
		{ "", "host", "h", "host=h", "into no labels" },
		{ "cgroup=/a", "host", "h", "cgroup=/a,host=h", "after a smaller key" },
		{ "name=n,pid=1", "host", "h", "host=h,name=n,pid=1", "before larger keys" },
		{ "hos=1,hostx=2", "host", "h", "hos=1,host=h,hostx=2",
		  "a key's prefix sorts before it, a longer key after" },
		{ "a=\"x,host=y\",z=1", "host", "h b", "a=\"x,host=y\",host=\"h b\",z=1",
		  "quoted values are skipped whole" },
		{ "a=\"q\\\"x\",z=1", "m", "v", "a=\"q\\\"x\",m=v,z=1", "escaped quotes inside a value" },
	};
	struct strbuf sb = STRBUF_INIT, out = STRBUF_INIT;
	size_t i;

	labels_each("cgroup=/a,name=\"x, y\",pid=1", collect, &sb);
	is_str(sb.buf, "[cgroup:/a][name:x, y][pid:1]", "each: every pair, unquoted, in order");
	strbuf_reset(&sb);
	labels_each("", collect, &sb);
	labels_each("a=\"", collect, &sb);
	is_str(sb.buf, "", "each: nothing for no labels or bad ones");

	for (i = 0; i < sizeof(ins) / sizeof(*ins); i++) {
		labels_insert(&out, ins[i].labels, ins[i].key, ins[i].value);
		is_str(out.buf, ins[i].want, "insert: %s", ins[i].what);
	}
	strbuf_release(&sb);
	strbuf_release(&out);
}

static void selectors(void)
{
	struct selector sel;
	const char *why = NULL;

	ok(selector_parse(&sel, "cgroup.cpu.cores{cgroup=/system.slice/*}", &why) == 0, "selector parses");
	ok(selector_match(&sel, "cgroup.cpu.cores", "cgroup=/system.slice/nginx.service"), "label glob matches");
	ok(!selector_match(&sel, "cgroup.cpu.cores", "cgroup=/user.slice"), "label glob rejects");
	ok(!selector_match(&sel, "cgroup.cpu.cores", ""), "a missing label does not match");
	ok(!selector_match(&sel, "cgroup.cpu.limit_cores", "cgroup=/system.slice/a"), "the name must match too");
	selector_release(&sel);
	ok(selector_parse(&sel, "cgroup", &why) == 0, "prefix selector parses");
	ok(selector_match(&sel, "cgroup", ""), "a plain name matches itself");
	ok(selector_match(&sel, "cgroup.mem.bytes", "cgroup=/a"), "a plain name matches names below it");
	ok(!selector_match(&sel, "cgroupx.mem", ""), "but not a longer word");
	selector_release(&sel);
	ok(selector_parse(&sel, "disk.*{dev!=loop*}", &why) == 0, "negated selector parses");
	ok(selector_match(&sel, "disk.read_bps", "dev=sda"), "!= keeps others");
	ok(selector_match(&sel, "disk.read_bps", ""), "!= keeps series without the label");
	ok(!selector_match(&sel, "disk.read_bps", "dev=loop0"), "!= excludes");
	ok(!selector_match(&sel, "net.rx_bps", "dev=sda"), "the name glob still applies");
	selector_release(&sel);
	ok(selector_parse(&sel, "*{name=\"a, b\",pid=1*}", &why) == 0, "quoted globs and several labels");
	ok(selector_match(&sel, "proc.cpu.cores", "name=\"a, b\",pid=12"), "all labels must match");
	ok(!selector_match(&sel, "proc.cpu.cores", "name=\"a, b\",pid=2"), "one mismatch rejects");
	selector_release(&sel);

	why = NULL;
	ok(selector_parse(&sel, "cpu{host", &why) < 0 && why, "a bad selector is an error");
	is_str(why, "expected '=' after a label name", "with the reason");
	ok(selector_parse(&sel, "cpu{a=1}x", &why) < 0, "text after the braces");
	is_str(why, "expected '}' at the end of the labels", "with the reason");
	ok(selector_parse(&sel, "", &why) < 0, "an empty selector");
	ok(!sel.name && !sel.labels, "a failed parse leaves nothing to release");
}

int main(void)
{
	names();
	each_and_insert();
	selectors();
	escaping();
	prom_names();
	return done_testing();
}
