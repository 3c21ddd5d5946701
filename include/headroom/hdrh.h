/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * HdrHistogram of integer values, compatible with HdrHistogram's Java,
 * JavaScript and C implementations: the same bucket layout (lowest
 * discernible value, highest trackable value, 0 to 5 significant digits),
 * the V2 compressed encoding of interval logs (base64 of a zlib stream of
 * ZigZag LEB128 counts), and getValueAtPercentile() exactly as
 * hdr-histogram-js computes it:
 *
 *	count = max(ceil(f - ulp(f)), 1), f = (p / 100) * total
 *	value = highest equivalent value of the first bucket whose running
 *	        count reaches count (the lowest equivalent value for p = 0)
 *
 * (Java's rule gives the same count; HdrHistogram_c rounds f to nearest
 * and differs.) A histogram grows as values need, as autoResize does.
 */
#ifndef HEADROOM_HDRH_H
#define HEADROOM_HDRH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "headroom/strbuf.h"

struct hdrh {
	int64_t lowest, highest;	/* discernible, trackable */
	int sig;			/* significant value digits, 0 to 5 */
	int unit_mag, sub_half_mag;
	int32_t sub_count, sub_half;
	int64_t sub_mask;
	int32_t buckets, len;		/* len: counts in use */
	uint64_t *counts;
	uint64_t total;
};

/* The largest value a histogram records; larger ones are recorded as this. */
#define HDRH_MAX_VALUE (INT64_C(1) << 62)

/*
 * An empty histogram; returns 0, or -1 when the parameters are invalid
 * (lowest < 1, sig outside 0..5, highest < 2 * lowest).
 */
int hdrh_init(struct hdrh *h, int64_t lowest, int64_t highest, int sig);
void hdrh_release(struct hdrh *h);
void hdrh_reset(struct hdrh *h);
/* Counts value (clamped to 0..HDRH_MAX_VALUE) count times, growing h as needed. */
void hdrh_record(struct hdrh *h, int64_t value, uint64_t count);
/*
 * Adds every count of src into dst: index by index when their layouts agree,
 * else value by value (as HdrHistogram's add()).
 */
void hdrh_add(struct hdrh *dst, const struct hdrh *src);

/*
 * Adds src into dst correcting for coordinated omission as HdrHistogram's
 * addWhileCorrectingForCoordinatedOmission() does: each bucket's value v
 * (its lowest) with count c also adds v - interval, v - 2 interval, ...
 * down to interval, c times each. Returns how many values it added beyond
 * src's; stops early (returning UINT64_MAX) when they would exceed limit.
 */
uint64_t hdrh_add_corrected(struct hdrh *dst, const struct hdrh *src, int64_t interval,
			    uint64_t limit);

/* The value at percentile p (0..100) by hdr-histogram-js's rule; 0 when empty. */
int64_t hdrh_value_at_percentile(const struct hdrh *h, double p);
/*
 * The highest equivalent value of the first bucket whose running count
 * reaches rank (1..total): the rank-th smallest value as the histogram
 * knows it. 0 when empty.
 */
int64_t hdrh_value_at_rank(const struct hdrh *h, uint64_t rank);
/* The rank hdrh_value_at_percentile() looks for (JS's count rule). */
uint64_t hdrh_rank_of_percentile(uint64_t total, double p);
/* Extremes as getMinValue()/getMaxValue() report them; 0 when empty. */
int64_t hdrh_min(const struct hdrh *h);
int64_t hdrh_max(const struct hdrh *h);
/* Mean and (population) standard deviation over bucket midpoints, as HdrHistogram; NAN when empty. */
double hdrh_mean(const struct hdrh *h);
double hdrh_stdev(const struct hdrh *h);

/* Bucket arithmetic of the layout (HdrHistogram's names). */
int64_t hdrh_lowest_equivalent(const struct hdrh *h, int64_t v);
int64_t hdrh_highest_equivalent(const struct hdrh *h, int64_t v);
int64_t hdrh_value_from_index(const struct hdrh *h, int32_t i);

/*
 * The V2 compressed encoding in base64, as an interval log's last field
 * (Java's header: normalizing offset 0, integer-to-double ratio 1.0; zlib
 * level 9). Appended to out.
 */
void hdrh_encode(const struct hdrh *h, struct strbuf *out);
/*
 * Decodes b64[0..len) into h (initialised here, released by the caller on
 * success). Returns 0, or -1 with the reason in err (V0/V1 encodings, a
 * bad cookie, truncated or corrupt data).
 */
int hdrh_decode(struct hdrh *h, const char *b64, size_t len, struct strbuf *err);

#endif
