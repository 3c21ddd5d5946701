/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hr-latency's sort of the exact mode's latencies, millions at a time. */
#ifndef HR_LATENCY_SORT_H
#define HR_LATENCY_SORT_H

#include <stddef.h>

/*
 * Sorts v[0..n) ascending. Every value must be a non-negative double (not
 * NaN, not -0): their bit patterns then order as the numbers do.
 */
void sort_latencies(double *v, size_t n);

#endif
