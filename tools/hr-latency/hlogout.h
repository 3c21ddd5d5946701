/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hr-latency --hlog: writing the run as an HdrHistogram interval log. */
#ifndef HR_LATENCY_HLOGOUT_H
#define HR_LATENCY_HLOGOUT_H

#include "run.h"

/* Writes the run's --hlog histograms to path ("-": standard output); dies on error. */
void hlog_write(const struct run *r, const char *path);

#endif
