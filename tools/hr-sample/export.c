// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-sample --format pprof: the folded stacks hr-sample would print, as a
 * pprof profile through libcommon's encoder, so that go tool pprof, Pyroscope,
 * Parca and speedscope read exactly what the folded output says.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/error.h"
#include "headroom/pprof.h"
#include "export.h"

int profile_write_pprof(const struct stackmap *map, const struct profile_info *info, FILE *out,
			const char *name)
{
	struct pprof_value_type type = { info->type, info->unit };
	struct stackmap_entry **v = stackmap_sorted(map);
	struct pprof *p = pprof_new(&type, 1);
	size_t i;
	int rc = 0;

	/* The clock events sample every 1/F s of CPU time; other events count. */
	if (info->freq > 0 && (!strcmp(info->event, "cpu-clock") ||
			       !strcmp(info->event, "task-clock"))) {
		struct pprof_value_type cpu = { "cpu", "nanoseconds" };

		pprof_set_period(p, &cpu, (int64_t)llround(1e9 / info->freq));
	}
	pprof_set_time(p, info->start_ns, info->duration_ns);
	for (i = 0; i < stackmap_size(map) && !rc; i++) {
		int64_t count = (int64_t)llround(v[i]->count[0]);

		rc = pprof_add_folded(p, v[i]->key, v[i]->len, &count, NULL, NULL);
	}
	if (!rc)
		rc = pprof_write(p, out, name);
	pprof_free(p);
	free(v);
	return rc;
}
