// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-query --profile: the stack profiles hr-sample --db stored, merged over
 * the windows of a time range, as folded stacks (hr-flame, hr-diff) or pprof.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "headroom/alloc.h"
#include "headroom/cli.h"
#include "headroom/db.h"
#include "headroom/error.h"
#include "headroom/folded.h"
#include "headroom/labels.h"
#include "headroom/modules.h"
#include "headroom/pprof.h"
#include "headroom/stackmap.h"
#include "query.h"

void check_profile_usage(const struct query_options *qo)
{
	bool profile_format = qo->format == FORMAT_FOLDED || qo->format == FORMAT_PPROF;

	if (!qo->profile) {
		if (profile_format)
			usage_error("--format %s goes with --profile",
				    output_format_name(qo->format));
		return;
	}
	if (qo->list || qo->prometheus || qo->remote_write || qo->step > 0 || qo->agg_given)
		usage_error("--profile reads stored profiles: no --list, --step, --agg, "
			    "--prometheus or --remote-write");
	if (!profile_format && qo->format != FORMAT_AUTO)
		usage_error("--profile writes folded stacks (the default) or pprof, not %s",
			    output_format_name(qo->format));
}

/* "{command=x}" and "profile{...}" both select profiles; anything else is a mistake. */
static struct selector *profile_selectors(char **texts, int n)
{
	struct selector *sels = xcalloc((size_t)n + 1, sizeof(*sels));
	const char *why;
	int k;

	for (k = 0; k < n; k++) {
		char *text = texts[k][0] == '{' ? xasprintf("profile%s", texts[k]) : xstrdup(texts[k]);

		if (selector_parse(&sels[k], text, &why) < 0)
			usage_error("bad selector '%s': %s", texts[k], why);
		if (strcmp(sels[k].name, "profile"))
			usage_error("bad selector '%s': --profile selects by labels, as "
				    "'{command=nginx,cgroup=/system.slice/*}'", texts[k]);
		free(text);
	}
	return sels;
}

static int write_profile(const struct query_options *qo, const struct stackmap *map,
			 const char *unit, struct frame_modules *mods)
{
	const char *name = qo->out_path ? qo->out_path : "standard output";
	FILE *f = open_output(qo->out_path);
	bool us = !strcmp(unit, "us");
	int rc;

	if (qo->format == FORMAT_PPROF) {
		struct pprof_profile_info info = {
			.type = us ? "time" : "samples", .unit = us ? "microseconds" : "count",
			.mapping_of = pprof_frame_mapping, .mapping_ctx = mods,
		};

		if (isatty(fileno(f)))
			die("pprof's format is binary: write it to a file (-o FILE) or a pipe");
		rc = pprof_write_stackmap(map, &info, f, name);
	} else {
		folded_write_header(f, unit);
		if ((rc = stackmap_write(map, f, 1)) < 0)
			error_errno("cannot write '%s'", name);
	}
	close_output(f, qo->out_path);
	return rc;
}

int query_profile(const struct query_options *qo, char **texts, int nsels, int64_t since,
		  int64_t until)
{
	struct selector *sels = profile_selectors(texts, nsels);
	struct strbuf units = STRBUF_INIT;
	struct frame_modules mods;
	struct stackmap map;
	struct db db;
	long windows = -1;
	int k, ret = EXIT_TROUBLE;

	stackmap_init(&map);
	frame_modules_init(&mods);
	if (db_open(&db, qo->db_path, DB_READONLY) < 0)
		goto out;
	windows = db_profile_read(&db, sels, (size_t)nsels, since, until, &map, &units,
				  qo->format == FORMAT_PPROF ? &mods : NULL);
	if (windows < 0)
		goto close;
	if (!units.len) {
		error(nsels ? "no profile in '%s' matches the selectors"
		      : "'%s' holds no profiles: store some with hr-sample --db", db.path);
		goto close;
	}
	if (strchr(units.buf, ',')) {
		error("the selected profiles count in different units (%s): add {unit=...} "
		      "to the selector", units.buf);
		goto close;
	}
	if (!windows) {
		char a[64], b[64];

		describe_time(a, sizeof(a), since);
		describe_time(b, sizeof(b), until);
		warning("no profile windows from %s to %s", a, b);
	}
	ret = write_profile(qo, &map, units.buf, &mods) < 0 ? EXIT_TROUBLE : 0;
close:
	db_close(&db);
out:
	for (k = 0; k < nsels; k++)
		selector_release(&sels[k]);
	free(sels);
	strbuf_release(&units);
	stackmap_release(&map);
	frame_modules_release(&mods);
	return ret;
}
