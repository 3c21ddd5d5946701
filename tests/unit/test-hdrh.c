// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Unit tests of the integer HdrHistogram: its layout, hdr-histogram-js's
 * percentile rule (figures printed by hdr-histogram-js 3.0.1 for the same
 * recordings), the V2 encoding both ways, and bad encodings.
 */
#include <math.h>
#include <stdlib.h>

#include "headroom/hdrh.h"
#include "tap.h"

/* hdr-histogram-js wrote this for 1..10000 once, 100 x 50000 and 10 x 1234567. */
static const char js_line[] =
	"HISTFAAAAEx4nO3HsQmAMBQG4f/FFJYBLQNpnMa53MBRXMJZBGeIkECG8N1XHFw+zkVKjySTNKmz1lLr+AAAALyJ"
	"ANyaAbiVfi+8223Xvn4G41Vv";

static void record_js_case(struct hdrh *h)
{
	int64_t v;

	for (v = 1; v <= 10000; v++)
		hdrh_record(h, v, 1);
	hdrh_record(h, 50000, 100);
	hdrh_record(h, 1234567, 10);
}

static void check_js_figures(const struct hdrh *h, const char *what)
{
	is_int(h->total, 10110, "%s: total", what);
	is_int(hdrh_value_at_percentile(h, 0), 1, "%s: p0 (lowest equivalent)", what);
	is_int(hdrh_value_at_percentile(h, 50), 5055, "%s: p50", what);
	is_int(hdrh_value_at_percentile(h, 90), 9103, "%s: p90", what);
	is_int(hdrh_value_at_percentile(h, 99), 50015, "%s: p99", what);
	is_int(hdrh_value_at_percentile(h, 99.9), 50015, "%s: p99.9", what);
	is_int(hdrh_value_at_percentile(h, 99.99), 1234943, "%s: p99.99", what);
	is_int(hdrh_value_at_percentile(h, 100), 1234943, "%s: p100", what);
	is_num(hdrh_mean(h), 6662.047477744807, 1e-9, "%s: mean over bucket midpoints", what);
	is_num(hdrh_stdev(h), 38994.46312950823, 1e-6, "%s: population standard deviation", what);
	is_int(hdrh_max(h), 1234943, "%s: max is the highest equivalent value", what);
	is_int(hdrh_min(h), 1, "%s: min", what);
}

int main(void)
{
	struct hdrh h, d, m, w;
	struct strbuf sb = STRBUF_INIT, err = STRBUF_INIT;
	int64_t v;

	ok(hdrh_init(&h, 1, 2, 3) == 0, "lowest 1, highest 2, 3 digits (JS's defaults)");
	is_int(h.sub_count, 2048, "2048 sub-buckets");
	record_js_case(&h);
	check_js_figures(&h, "recorded");

	ok(hdrh_decode(&d, js_line, sizeof(js_line) - 1, &err) == 0, "decodes hdr-histogram-js's line");
	check_js_figures(&d, "decoded");
	hdrh_encode(&h, &sb);
	ok(hdrh_decode(&m, sb.buf, sb.len, &err) == 0, "decodes its own encoding");
	check_js_figures(&m, "round trip");
	hdrh_release(&m);

	/* Merging: JS printed p50 4807, p90 9055, p99 50015 for this merge (21221 values). */
	hdrh_init(&m, 1, 2, 3);
	hdrh_add(&m, &h);
	hdrh_add(&m, &d);
	hdrh_init(&w, 1, 2, 3);
	for (v = 1000; v <= 2000; v++)
		hdrh_record(&w, v, 1);
	hdrh_add(&m, &w);
	is_int(m.total, 21221, "merged total");
	is_int(hdrh_value_at_percentile(&m, 50), 4807, "merged p50");
	is_int(hdrh_value_at_percentile(&m, 90), 9055, "merged p90");
	is_int(hdrh_value_at_percentile(&m, 99), 50015, "merged p99");
	hdrh_release(&w);
	hdrh_release(&m);

	/* A layout that differs is added value by value. */
	hdrh_init(&m, 1000, 2000, 2);
	hdrh_add(&m, &h);
	is_int(m.total, 10110, "adding across layouts keeps every count");
	is_int(hdrh_value_at_percentile(&m, 100), 1236991, "and rebuckets the values (JS: 1236991)");
	hdrh_release(&m);

	/* The count rule: 99.9 of 1000 values is the 999th, not the 1000th. */
	is_int(hdrh_rank_of_percentile(1000, 99.9), 999, "JS's rule: 99.9%% of 1000 is rank 999");
	is_int(hdrh_rank_of_percentile(3, 50), 2, "50%% of 3 is rank 2");
	is_int(hdrh_rank_of_percentile(10, 0), 1, "0%% is rank 1");
	is_int(hdrh_rank_of_percentile(7, 95), 7, "95%% of 7 is rank 7");
	is_int(hdrh_rank_of_percentile(20, 97.5), 20, "97.5%% of 20 is rank 20");
	is_int(hdrh_rank_of_percentile(30, 95), 29, "95%% of 30 is rank 29");
	is_int(hdrh_rank_of_percentile(10, 95), 10, "95%% of 10 is rank 10");
	is_int(hdrh_rank_of_percentile(3, 33.333), 1, "33.333%% of 3: ceil(0.99999) = 1");
	is_int(hdrh_rank_of_percentile(14, 25), 4, "25%% of 14: ceil(3.5) = 4");
	is_int(hdrh_rank_of_percentile(18, 25), 5, "25%% of 18: ceil(4.5) = 5");
	is_int(hdrh_rank_of_percentile(13, 10), 2, "10%% of 13: ceil(1.3) = 2");
	is_int(hdrh_value_at_rank(&h, 10110), 1234943, "value at the last rank");

	hdrh_reset(&h);
	is_int(hdrh_value_at_percentile(&h, 50), 0, "an empty histogram answers 0");
	ok(isnan(hdrh_mean(&h)), "and no mean");
	hdrh_record(&h, -5, 1);
	hdrh_record(&h, INT64_MAX, 1);
	is_int(h.total, 2, "out-of-range values are clamped, not lost");

	ok(hdrh_init(&m, 0, 10, 3) < 0, "lowest 0 is refused");
	ok(hdrh_init(&m, 1, 1, 3) < 0, "highest below twice lowest is refused");
	ok(hdrh_init(&m, 1, 10, 6) < 0, "six digits are refused");

	strbuf_reset(&err);
	ok(hdrh_decode(&m, "not base64!", 11, &err) < 0, "garbage is refused");
	is_str(err.buf, "the histogram is not base64", "and said so");
	strbuf_reset(&err);
	ok(hdrh_decode(&m, "HISTIgAAAAAA", 12, &err) < 0, "a V1 cookie is refused");
	is_str(err.buf, "a V0 or V1 histogram encoding: only V2 is supported", "with the reason");
	strbuf_reset(&err);
	ok(hdrh_decode(&m, js_line, 40, &err) < 0, "a truncated line is refused");
	strbuf_reset(&err);

	hdrh_release(&h);
	hdrh_release(&d);
	strbuf_release(&sb);
	strbuf_release(&err);
	return done_testing();
}
