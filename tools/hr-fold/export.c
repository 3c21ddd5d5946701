// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-fold --format pprof: the folded stacks as a pprof profile, with the
 * sample type their counts have, and mappings for the files perf named
 * (with the build-ids a perf.data input records).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/error.h"
#include "headroom/pprof.h"
#include "fold.h"

/* pprof's unit names for the count names of headroom-folded(5). */
static const char *pprof_unit(const char *countname)
{
	static const char *const units[][2] = {
		{ "ns", "nanoseconds" }, { "us", "microseconds" }, { "ms", "milliseconds" },
		{ "s", "seconds" }, { "bytes", "bytes" },
	};
	size_t i;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcmp(countname, units[i][0]))
			return units[i][1];
	return "count";
}

/*
 * The sample type: ("samples", "count"), ("cpu", "nanoseconds") for the
 * periods of perf's clock events, ("time", unit) for other time counts, or
 * (NAME, "count") for counts of events or other things.
 */
static struct pprof_value_type sample_type(const struct fold *f, const char *countname)
{
	const char *unit = pprof_unit(countname);
	struct pprof_value_type t = { countname, unit };

	if (!strcmp(countname, "samples"))
		t.type = "samples";
	else if (strcmp(unit, "count") && strcmp(unit, "bytes"))
		t.type = f->perf_inputs && !f->folded_lines ? "cpu" : "time";
	return t;
}

struct mapping_ctx {
	const struct fold *f;
	struct pprof *p;
};

/* The mapping of the file a frame came from, as perf named it. */
static uint64_t frame_mapping(void *arg, const char *frame, size_t len)
{
	const struct mapping_ctx *c = arg;
	const struct perfscript *ps = &c->f->ps;
	const struct stackmap_entry *e = stackmap_find(&ps->frame_module, frame, len);
	const struct stackmap_entry *m;
	struct pprof_mapping map = { .has_functions = true };

	if (!e)
		return 0;
	m = &ps->modules.entries[(size_t)e->count[0] - 1];
	map.filename = m->key;
	map.build_id = fold_buildid(c->f, m->key, m->len);
	return pprof_mapping(c->p, &map);
}

/*
 * pprof takes the first mapping for the main binary: the first file perf
 * named that is no shared library.
 */
static void main_mapping(const struct fold *f, struct pprof *p)
{
	const struct stackmap *mods = &f->ps.modules;
	size_t i;

	for (i = 0; i < stackmap_size(mods); i++) {
		const char *path = mods->entries[i].key, *base = strrchr(path, '/');
		struct pprof_mapping map = { .has_functions = true, .filename = path };

		if (path[0] != '/' || strstr(base, ".so"))
			continue;
		map.build_id = fold_buildid(f, path, mods->entries[i].len);
		pprof_mapping(p, &map);
		return;
	}
}

int fold_write_pprof(const struct fold *f, FILE *out, const char *name)
{
	const struct perfscript *ps = &f->ps;
	char *countname = ps->countname ? xstrdup(ps->countname) : perfscript_countname(ps);
	struct pprof_value_type type = sample_type(f, countname ? countname : "samples");
	struct pprof *p = pprof_new(&type, 1);
	struct mapping_ctx ctx = { f, p };
	size_t i, fractions = 0;
	int rc = 0;

	main_mapping(f, p);
	for (i = 0; i < stackmap_size(&ps->map) && !rc; i++) {
		const struct stackmap_entry *e = &ps->map.entries[i];
		double c = e->count[0];
		int64_t v;

		if (!(c < 9.2e18))
			rc = error("the count of a stack, %.15g, is too large for pprof's 64 bits", c);
		v = (int64_t)nearbyint(c);
		fractions += (double)v != c;
		if (!rc)
			rc = pprof_add_folded(p, e->key, e->len, &v, frame_mapping, &ctx);
	}
	if (fractions)
		warning("pprof's values are whole numbers: %zu count%s rounded", fractions,
			fractions == 1 ? "" : "s");
	if (!rc)
		rc = pprof_write(p, out, name);
	pprof_free(p);
	free(countname);
	return rc;
}
