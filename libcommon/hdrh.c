// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Integer HdrHistogram: the index arithmetic of Java's AbstractHistogram,
 * hdr-histogram-js's percentile rule, and the V2 compressed encoding that
 * interval logs carry (zlib for the deflate stream).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "headroom/alloc.h"
#include "headroom/error.h"
#include "headroom/hdrh.h"

static int clz64(uint64_t v)
{
	return v ? __builtin_clzll(v) : 64;
}

/* Buckets needed to hold value (Java's getBucketsNeededToCoverValue). */
static int32_t buckets_needed(const struct hdrh *h, int64_t value)
{
	int64_t untrackable = (int64_t)h->sub_count << h->unit_mag;
	int32_t n = 1;

	while (untrackable <= value) {
		if (untrackable > INT64_MAX / 2)
			return n + 1;
		untrackable <<= 1;
		n++;
	}
	return n;
}

int hdrh_init(struct hdrh *h, int64_t lowest, int64_t highest, int sig)
{
	int sub_mag;

	memset(h, 0, sizeof(*h));
	if (lowest < 1 || sig < 0 || sig > 5 || highest / 2 < lowest)
		return -1;
	h->lowest = lowest;
	h->highest = highest;
	h->sig = sig;
	h->unit_mag = 63 - clz64((uint64_t)lowest);
	/* ceil(log2(2 * 10^sig)): 2, 5, 8, 11, 15, 18 */
	sub_mag = (int)ceil(log2(2 * pow(10, sig)));
	h->sub_half_mag = (sub_mag > 1 ? sub_mag : 1) - 1;
	if (h->unit_mag + h->sub_half_mag > 61)
		return -1;
	h->sub_count = (int32_t)1 << (h->sub_half_mag + 1);
	h->sub_half = h->sub_count / 2;
	h->sub_mask = ((int64_t)h->sub_count - 1) << h->unit_mag;
	h->buckets = buckets_needed(h, highest);
	h->len = (h->buckets + 1) * h->sub_half;
	h->counts = xcalloc((size_t)h->len, sizeof(*h->counts));
	return 0;
}

void hdrh_release(struct hdrh *h)
{
	FREE_AND_NULL(h->counts);
	h->len = 0;
	h->total = 0;
}

void hdrh_reset(struct hdrh *h)
{
	memset(h->counts, 0, (size_t)h->len * sizeof(*h->counts));
	h->total = 0;
}

static int32_t bucket_index(const struct hdrh *h, int64_t v)
{
	return 64 - h->unit_mag - h->sub_half_mag - 1 - clz64((uint64_t)(v | h->sub_mask));
}

static int32_t counts_index(const struct hdrh *h, int64_t v)
{
	int32_t b = bucket_index(h, v);
	int32_t sub = (int32_t)(v >> (b + h->unit_mag));

	return ((b + 1) << h->sub_half_mag) + (sub - h->sub_half);
}

int64_t hdrh_value_from_index(const struct hdrh *h, int32_t i)
{
	int32_t b = (i >> h->sub_half_mag) - 1;
	int32_t sub = (i & (h->sub_half - 1)) + h->sub_half;

	if (b < 0) {
		sub -= h->sub_half;
		b = 0;
	}
	return (int64_t)sub << (b + h->unit_mag);
}

int64_t hdrh_lowest_equivalent(const struct hdrh *h, int64_t v)
{
	int32_t b = bucket_index(h, v);
	int64_t sub = v >> (b + h->unit_mag);

	return sub << (b + h->unit_mag);
}

static int64_t range_size(const struct hdrh *h, int64_t v)
{
	int32_t b = bucket_index(h, v);
	int64_t sub = v >> (b + h->unit_mag);

	return INT64_C(1) << (h->unit_mag + (sub >= h->sub_count ? b + 1 : b));
}

/* LOW + ADD, held at INT64_MAX: the top bucket's range reaches past it. */
static int64_t add_saturated(int64_t low, int64_t add)
{
	return low > INT64_MAX - add ? INT64_MAX : low + add;
}

int64_t hdrh_highest_equivalent(const struct hdrh *h, int64_t v)
{
	return add_saturated(hdrh_lowest_equivalent(h, v), range_size(h, v) - 1);
}

static int64_t median_equivalent(const struct hdrh *h, int64_t v)
{
	return add_saturated(hdrh_lowest_equivalent(h, v), range_size(h, v) >> 1);
}

/* Makes room for index i (as autoResize does). */
static void grow_to_index(struct hdrh *h, int32_t i)
{
	int32_t buckets = h->buckets, len = h->len;

	while (len <= i) {
		buckets++;
		len = (buckets + 1) * h->sub_half;
	}
	if (len == h->len)
		return;
	h->counts = xreallocarray(h->counts, (size_t)len, sizeof(*h->counts));
	memset(h->counts + h->len, 0, (size_t)(len - h->len) * sizeof(*h->counts));
	h->buckets = buckets;
	h->len = len;
	h->highest = hdrh_highest_equivalent(h, hdrh_value_from_index(h, len - 1));
}

void hdrh_record(struct hdrh *h, int64_t value, uint64_t count)
{
	int32_t i;

	if (value < 0)
		value = 0;
	if (value > HDRH_MAX_VALUE)
		value = HDRH_MAX_VALUE;
	i = counts_index(h, value);
	if (i >= h->len)
		grow_to_index(h, i);
	h->counts[i] += count;
	h->total += count;
}

void hdrh_add(struct hdrh *dst, const struct hdrh *src)
{
	int32_t i, last = -1;

	for (i = 0; i < src->len; i++)
		if (src->counts[i])
			last = i;
	if (last < 0)
		return;
	if (dst->unit_mag == src->unit_mag && dst->sub_half_mag == src->sub_half_mag) {
		if (last >= dst->len)
			grow_to_index(dst, last);
		for (i = 0; i <= last; i++)
			dst->counts[i] += src->counts[i];
		dst->total += src->total;
		return;
	}
	for (i = 0; i <= last; i++)
		if (src->counts[i])
			hdrh_record(dst, hdrh_value_from_index(src, i), src->counts[i]);
}

uint64_t hdrh_add_corrected(struct hdrh *dst, const struct hdrh *src, int64_t interval,
			    uint64_t limit)
{
	uint64_t added = 0;
	int32_t i;

	if (interval <= 0) {
		hdrh_add(dst, src);
		return 0;
	}
	for (i = 0; i < src->len; i++) {
		uint64_t c = src->counts[i];
		int64_t v, m;

		if (!c)
			continue;
		v = hdrh_value_from_index(src, i);
		hdrh_record(dst, v, c);
		if (v / interval > 1 && (uint64_t)(v / interval - 1) > (limit - added) / c)
			return UINT64_MAX;
		for (m = v - interval; m >= interval; m -= interval) {
			hdrh_record(dst, m, c);
			added += c;
		}
	}
	return added;
}

uint64_t hdrh_rank_of_percentile(uint64_t total, double p)
{
	double f, ulp = 0, c;
	int e;

	if (!(p > 0))
		p = 0;
	if (p > 100)
		p = 100;
	/* Divide first, then multiply, and step one ulp down: JS's exact sequence. */
	f = (p / 100.0) * (double)total;
	if (f > 0) {
		frexp(f, &e);
		ulp = ldexp(1.0, e - 1 - 52);
	}
	c = ceil(f - ulp);
	return c > 1 ? (uint64_t)c : 1;
}

static int32_t index_at_rank(const struct hdrh *h, uint64_t rank)
{
	uint64_t run = 0;
	int32_t i;

	for (i = 0; i < h->len; i++) {
		run += h->counts[i];
		if (run >= rank)
			return i;
	}
	return -1;
}

int64_t hdrh_value_at_rank(const struct hdrh *h, uint64_t rank)
{
	int32_t i = h->total ? index_at_rank(h, rank ? rank : 1) : -1;

	return i < 0 ? 0 : hdrh_highest_equivalent(h, hdrh_value_from_index(h, i));
}

int64_t hdrh_value_at_percentile(const struct hdrh *h, double p)
{
	int32_t i;

	if (!h->total)
		return 0;
	i = index_at_rank(h, hdrh_rank_of_percentile(h->total, p));
	if (i < 0)
		return 0;
	if (p == 0)
		return hdrh_lowest_equivalent(h, hdrh_value_from_index(h, i));
	return hdrh_highest_equivalent(h, hdrh_value_from_index(h, i));
}

int64_t hdrh_min(const struct hdrh *h)
{
	int32_t i;

	for (i = 0; i < h->len; i++)
		if (h->counts[i])
			return hdrh_lowest_equivalent(h, hdrh_value_from_index(h, i));
	return 0;
}

int64_t hdrh_max(const struct hdrh *h)
{
	int32_t i;

	for (i = h->len - 1; i >= 0; i--)
		if (h->counts[i])
			return i ? hdrh_highest_equivalent(h, hdrh_value_from_index(h, i)) : 0;
	return 0;
}

double hdrh_mean(const struct hdrh *h)
{
	double sum = 0;
	int32_t i;

	if (!h->total)
		return NAN;
	for (i = 0; i < h->len; i++)
		if (h->counts[i])
			sum += (double)median_equivalent(h, hdrh_value_from_index(h, i)) *
			       (double)h->counts[i];
	return sum / (double)h->total;
}

double hdrh_stdev(const struct hdrh *h)
{
	double mean = hdrh_mean(h), sum = 0;
	int32_t i;

	if (!h->total)
		return NAN;
	for (i = 0; i < h->len; i++)
		if (h->counts[i]) {
			double d = (double)median_equivalent(h, hdrh_value_from_index(h, i)) - mean;

			sum += d * d * (double)h->counts[i];
		}
	return sqrt(sum / (double)h->total);
}

/* --- the V2 encoding --- */

#define V2_ENCODING_COOKIE 0x1c849303u		/* | 0x10 for a word size of 8 */
#define V2_COMPRESSED_COOKIE 0x1c849304u
#define HEADER_SIZE 40

static const char b64_alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static void put64(unsigned char *p, uint64_t v)
{
	put32(p, (uint32_t)(v >> 32));
	put32(p + 4, (uint32_t)v);
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t get64(const unsigned char *p)
{
	return (uint64_t)get32(p) << 32 | get32(p + 4);
}

/* ZigZag LEB128-64b9B (HdrHistogram's ZigZagEncoding.putLong): the 9th byte holds 8 bits. */
static size_t zigzag_put(unsigned char *out, int64_t v)
{
	uint64_t u = ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
	size_t n = 0;

	while (n < 8 && u >= 0x80) {
		out[n++] = (unsigned char)(u | 0x80);
		u >>= 7;
	}
	out[n++] = (unsigned char)u;
	return n;
}

static void base64_add(struct strbuf *out, const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];

		strbuf_addch(out, b64_alphabet[v >> 18]);
		strbuf_addch(out, b64_alphabet[(v >> 12) & 63]);
		strbuf_addch(out, b64_alphabet[(v >> 6) & 63]);
		strbuf_addch(out, b64_alphabet[v & 63]);
	}
	if (i < n) {
		uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0);

		strbuf_addch(out, b64_alphabet[v >> 18]);
		strbuf_addch(out, b64_alphabet[(v >> 12) & 63]);
		strbuf_addch(out, i + 1 < n ? b64_alphabet[(v >> 6) & 63] : '=');
		strbuf_addch(out, '=');
	}
}

/* The counts payload after the 40-byte header; returns its length. */
static size_t encode_counts(const struct hdrh *h, unsigned char *out)
{
	int32_t limit = 0, i = 0;
	size_t n = 0;

	for (i = 0; i < h->len; i++)
		if (h->counts[i])
			limit = i + 1;
	for (i = 0; i < limit;) {
		uint64_t c = h->counts[i++];
		int64_t zeros = 1;

		if (c) {
			n += zigzag_put(out + n, c > INT64_MAX ? INT64_MAX : (int64_t)c);
			continue;
		}
		while (i < limit && !h->counts[i]) {
			zeros++;
			i++;
		}
		/* Java writes a single zero as 0 and a run as minus its length. */
		n += zigzag_put(out + n, zeros > 1 ? -zeros : 0);
	}
	return n;
}

void hdrh_encode(const struct hdrh *h, struct strbuf *out)
{
	unsigned char *plain = xmalloc(HEADER_SIZE + 9 * (size_t)h->len + 9), *packed;
	size_t n = HEADER_SIZE + encode_counts(h, plain + HEADER_SIZE);
	uLongf clen = compressBound((uLong)n);
	double one = 1.0;
	uint64_t one_bits;

	memcpy(&one_bits, &one, sizeof(one_bits));
	put32(plain, V2_ENCODING_COOKIE | 0x10);
	put32(plain + 4, (uint32_t)(n - HEADER_SIZE));
	put32(plain + 8, 0);
	put32(plain + 12, (uint32_t)h->sig);
	put64(plain + 16, (uint64_t)h->lowest);
	put64(plain + 24, (uint64_t)h->highest);
	put64(plain + 32, one_bits);
	packed = xmalloc(8 + clen);
	if (compress2(packed + 8, &clen, plain, (uLong)n, 9) != Z_OK)
		die("out of memory compressing a histogram");
	put32(packed, V2_COMPRESSED_COOKIE | 0x10);
	put32(packed + 4, (uint32_t)clen);
	base64_add(out, packed, 8 + clen);
	free(packed);
	free(plain);
}

/* A character's place in the encoder's alphabet, or -1. */
static int b64_value(unsigned char c)
{
	const char *p = memchr(b64_alphabet, c, sizeof(b64_alphabet) - 1);

	return p ? (int)(p - b64_alphabet) : -1;
}

/* Decodes base64 into a new buffer; -1 on a character outside the alphabet. */
static int base64_decode(const char *s, size_t len, unsigned char **out, size_t *outlen)
{
	unsigned char *o = xmalloc(len / 4 * 3 + 3);
	size_t i, n = 0;
	uint32_t acc = 0;
	int bits = 0;

	for (i = 0; i < len && s[i] != '='; i++) {
		int v = b64_value((unsigned char)s[i]);

		if (v < 0) {
			free(o);
			return -1;
		}
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			o[n++] = (unsigned char)(acc >> bits);
		}
	}
	*out = o;
	*outlen = n;
	return 0;
}

/* Inflates the zlib stream in[0..n) into a new buffer of at most max bytes. */
static int inflate_all(const unsigned char *in, size_t n, size_t max, unsigned char **out,
		       size_t *outlen, struct strbuf *err)
{
	size_t alloc = 4096;
	unsigned char *buf = xmalloc(alloc);
	z_stream zs;
	int rc;

	memset(&zs, 0, sizeof(zs));
	if (inflateInit(&zs) != Z_OK)
		die("cannot start zlib's inflate");
	zs.next_in = (Bytef *)(uintptr_t)in;
	zs.avail_in = (uInt)n;
	for (;;) {
		zs.next_out = buf + zs.total_out;
		zs.avail_out = (uInt)(alloc - zs.total_out);
		rc = inflate(&zs, Z_NO_FLUSH);
		if (rc == Z_STREAM_END)
			break;
		if (rc != Z_OK && rc != Z_BUF_ERROR) {
			strbuf_addstr(err, "corrupt deflate data");
			goto fail;
		}
		if (zs.avail_out == 0 && alloc < max) {
			alloc = alloc * 2 < max ? alloc * 2 : max;
			buf = xrealloc(buf, alloc);
		} else if (zs.avail_out == 0) {
			strbuf_addstr(err, "the histogram inflates beyond any valid size");
			goto fail;
		} else if (zs.avail_in == 0) {
			strbuf_addstr(err, "truncated deflate data");
			goto fail;
		}
	}
	*outlen = zs.total_out;
	*out = buf;
	inflateEnd(&zs);
	return 0;
fail:
	inflateEnd(&zs);
	free(buf);
	return -1;
}

/* Reads one ZigZag LEB128-64b9B number; returns the bytes used, 0 if truncated. */
static size_t zigzag_get(const unsigned char *p, const unsigned char *end, int64_t *v)
{
	uint64_t u = 0;
	size_t k;

	for (k = 0; k < 9; k++) {
		if (p + k >= end)
			return 0;
		if (k == 8) {
			u |= (uint64_t)p[k] << 56;
			break;
		}
		u |= (uint64_t)(p[k] & 0x7f) << (7 * k);
		if (!(p[k] & 0x80))
			break;
	}
	*v = (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
	return k + 1;
}

static int fill_counts(struct hdrh *h, const unsigned char *p, const unsigned char *end,
		       struct strbuf *err)
{
	/* The longest layout any value up to 2^62 needs bounds the indexes. */
	int64_t idx = 0, max_len = (int64_t)(buckets_needed(h, HDRH_MAX_VALUE) + 1) * h->sub_half;

	while (p < end) {
		int64_t v;
		size_t used = zigzag_get(p, end, &v);

		if (!used) {
			strbuf_addstr(err, "truncated counts");
			return -1;
		}
		p += used;
		if (v < 0) {
			if (v < -max_len || idx - v > max_len)
				goto too_far;
			idx -= v;
			continue;
		}
		if (idx >= max_len)
			goto too_far;
		if (idx >= h->len)
			grow_to_index(h, (int32_t)idx);
		h->counts[idx++] = (uint64_t)v;
		h->total += (uint64_t)v;
	}
	return 0;
too_far:
	strbuf_addstr(err, "counts beyond the largest value a histogram holds");
	return -1;
}

static int decode_plain(struct hdrh *h, const unsigned char *plain, size_t n, struct strbuf *err)
{
	uint32_t payload;
	int64_t lowest, highest;
	int sig;

	if (n < HEADER_SIZE || (get32(plain) & ~0xf0u) != V2_ENCODING_COOKIE) {
		strbuf_addstr(err, "not a V2 histogram (bad inner cookie)");
		return -1;
	}
	payload = get32(plain + 4);
	/* plain + 8: the normalizing index offset (JS writes 1, Java 0) only rotates storage. */
	sig = (int)get32(plain + 12);
	lowest = (int64_t)get64(plain + 16);
	highest = (int64_t)get64(plain + 24);
	/* plain + 32: the integer-to-double ratio, a double in Java, int64 1 in JS: unused. */
	if (payload > n - HEADER_SIZE) {
		strbuf_addstr(err, "the counts run past the end of the histogram");
		return -1;
	}
	if (highest < 2 * lowest && lowest >= 1 && lowest <= INT64_MAX / 2)
		highest = 2 * lowest;	/* JS may write a smaller highest when it grew while recording */
	if (hdrh_init(h, lowest, highest, sig) < 0) {
		strbuf_addf(err, "bad histogram parameters (lowest %lld, highest %lld, %d digits)",
			    (long long)lowest, (long long)highest, sig);
		return -1;
	}
	if (fill_counts(h, plain + HEADER_SIZE, plain + HEADER_SIZE + payload, err) < 0) {
		hdrh_release(h);
		return -1;
	}
	return 0;
}

int hdrh_decode(struct hdrh *h, const char *b64, size_t len, struct strbuf *err)
{
	unsigned char *raw = NULL, *plain = NULL;
	size_t rawlen, plen;
	uint32_t cookie, clen;
	int rc = -1;

	memset(h, 0, sizeof(*h));
	while (len && (b64[len - 1] == ' ' || b64[len - 1] == '\t'))
		len--;
	if (base64_decode(b64, len, &raw, &rawlen) < 0) {
		strbuf_addstr(err, "the histogram is not base64");
		return -1;
	}
	if (rawlen < 8) {
		strbuf_addstr(err, "the histogram is too short");
		goto out;
	}
	cookie = get32(raw);
	clen = get32(raw + 4);
	if ((cookie & ~0xf0u) != V2_COMPRESSED_COOKIE) {
		strbuf_addstr(err, (cookie & 0xffffff00u) == 0x1c849300u ?
			      "a V0 or V1 histogram encoding: only V2 is supported" :
			      "not a compressed V2 histogram (bad cookie)");
		goto out;
	}
	if (clen > rawlen - 8) {
		strbuf_addstr(err, "truncated histogram (the compressed length runs past the end)");
		goto out;
	}
	if (inflate_all(raw + 8, clen, 64u << 20, &plain, &plen, err) < 0)
		goto out;
	rc = decode_plain(h, plain, plen, err);
out:
	free(raw);
	free(plain);
	return rc;
}
