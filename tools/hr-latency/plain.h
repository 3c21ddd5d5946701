/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hr-latency's own line format (--input-format plain), read into a run. */
#ifndef HR_LATENCY_PLAIN_H
#define HR_LATENCY_PLAIN_H

#include "headroom/linereader.h"
#include "run.h"

/* Reads every line of lr into r as the run's options say; dies on bad input. */
void plain_read(struct run *r, struct linereader *lr);

#endif
