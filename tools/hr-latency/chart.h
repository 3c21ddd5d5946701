/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hr-latency --svg: the run's windows as a chart of latency and throughput over time. */
#ifndef HR_LATENCY_CHART_H
#define HR_LATENCY_CHART_H

#include <stddef.h>

#include "headroom/loadtest.h"
#include "run.h"

/* Writes the chart of r's windows to path ("-": standard output), with stages st; dies on error. */
void chart_write(const struct run *r, const char *path, const struct lt_stage *st, size_t nst);

#endif
