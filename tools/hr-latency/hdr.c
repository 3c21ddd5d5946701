// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The --hdr histogram. Buckets are read straight from the bits of an IEEE
 * double: the exponent picks the power of two, the top 10 mantissa bits the
 * bucket inside it, so adding a value costs a shift and an increment.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "hdr.h"

#define SUB_BITS 10
#define SUB (1u << SUB_BITS)
#define EXP_MIN (-40)
#define EXP_MAX (EXP_MIN + HDR_POWERS)

static uint64_t bits_of(double v)
{
	uint64_t b;

	memcpy(&b, &v, sizeof(b));
	return b;
}

static double of_bits(uint64_t b)
{
	double v;

	memcpy(&v, &b, sizeof(v));
	return v;
}

void hdr_init(struct hdr *h)
{
	memset(h, 0, sizeof(*h));
	h->min = INFINITY;
	h->max = -INFINITY;
}

void hdr_release(struct hdr *h)
{
	size_t i;

	for (i = 0; i < HDR_POWERS; i++) {
		free(h->counts[i]);
		h->counts[i] = NULL;
	}
}

void hdr_add(struct hdr *h, double v)
{
	h->total++;
	if (v < h->min)
		h->min = v;
	if (v > h->max)
		h->max = v;
	if (v <= 0) {
		h->zeros++;
	} else {
		uint64_t b = bits_of(v);
		int e = (int)(b >> 52) - 1023;
		size_t pw, sub;

		if (e < EXP_MIN) {
			pw = 0;
			sub = 0;
		} else if (e >= EXP_MAX) {
			pw = HDR_POWERS - 1;
			sub = SUB - 1;
		} else {
			pw = (size_t)(e - EXP_MIN);
			sub = (size_t)((b >> (52 - SUB_BITS)) & (SUB - 1));
		}
		if (!h->counts[pw])
			h->counts[pw] = xcalloc(SUB, sizeof(uint64_t));
		h->counts[pw][sub]++;
		h->power_total[pw]++;
	}
}

static double bucket_mid(size_t pw, size_t sub)
{
	uint64_t e = (uint64_t)((int)pw + EXP_MIN + 1023);
	uint64_t lo = (e << 52) | ((uint64_t)sub << (52 - SUB_BITS));
	uint64_t hi = lo + ((uint64_t)1 << (52 - SUB_BITS));

	return (of_bits(lo) + of_bits(hi)) / 2;
}

double hdr_value_at(const struct hdr *h, uint64_t k)
{
	uint64_t seen = h->zeros;
	size_t pw, sub;
	double v;

	if (!h->total)
		return NAN;
	if (k >= h->total - 1)
		return h->max;
	if (k == 0)
		return h->min;
	if (k < seen)
		return 0;
	for (pw = 0; pw < HDR_POWERS; pw++) {
		if (k >= seen + h->power_total[pw]) {
			seen += h->power_total[pw];
			continue;
		}
		for (sub = 0; sub < SUB; sub++) {
			seen += h->counts[pw][sub];
			if (k < seen)
				break;
		}
		v = bucket_mid(pw, sub);
		if (v < h->min)
			v = h->min;
		if (v > h->max)
			v = h->max;
		return v;
	}
	return h->max;
}

double hdr_quantile(const struct hdr *h, double q)
{
	double hq, fl, a, b;
	uint64_t k;

	if (!h->total)
		return NAN;
	if (q <= 0)
		return h->min;
	if (q >= 1)
		return h->max;
	hq = (double)(h->total - 1) * q;
	fl = floor(hq);
	k = (uint64_t)fl;
	a = hdr_value_at(h, k);
	if (hq == fl || k + 1 >= h->total)
		return a;
	b = hdr_value_at(h, k + 1);
	return a + (hq - fl) * (b - a);
}

void hdr_merge(struct hdr *dst, const struct hdr *src)
{
	size_t pw, sub;

	for (pw = 0; pw < HDR_POWERS; pw++) {
		if (!src->counts[pw])
			continue;
		if (!dst->counts[pw])
			dst->counts[pw] = xcalloc(SUB, sizeof(uint64_t));
		for (sub = 0; sub < SUB; sub++)
			dst->counts[pw][sub] += src->counts[pw][sub];
		dst->power_total[pw] += src->power_total[pw];
	}
	dst->zeros += src->zeros;
	dst->total += src->total;
	if (src->min < dst->min)
		dst->min = src->min;
	if (src->max > dst->max)
		dst->max = src->max;
}
