// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-sample's summary as one JSON object (--summary-json), with the figures
 * of the text summary on standard error, for scripts.
 */
#include <inttypes.h>

#include "headroom/json.h"
#include "headroom/stackmap.h"
#include "headroom/strbuf.h"
#include "stacks.h"

struct binaries {
	struct json *j;
	size_t n;
};

static void count_one(struct binary *b, void *data)
{
	if (b->frames)
		((struct binaries *)data)->n++;
}

static void missing_one(struct binary *b, void *data)
{
	struct json *j = ((struct binaries *)data)->j;

	if (!b->missing)
		return;
	json_object_begin(j, NULL);
	json_str(j, "binary", b->path);
	json_uint(j, "frames", b->frames);
	json_uint(j, "missing", b->missing);
	/* As the text summary's hint says: mostly unnamed, so stripped. */
	json_bool(j, "stripped", b->missing * 2 >= b->frames);
	if (b->sym && symfile_build_id(b->sym))
		json_str(j, "build_id", symfile_build_id(b->sym));
	json_object_end(j);
}

void sampler_summary_json(struct sampler *s, double secs, struct strbuf *sb)
{
	struct json j;
	struct binaries bins = { &j, 0 };
	uint64_t user = 0;
	int i;

	world_for_each_binary(s->world, count_one, &bins);
	for (i = 0; i < UNWIND__COUNT; i++)
		user += s->unwind[i];
	json_init(&j, sb);
	json_object_begin(&j, NULL);
	json_uint(&j, "samples", s->samples);
	json_num(&j, "seconds", secs);
	json_uint(&j, "lost", s->lost);
	json_uint(&j, "threads", world_nthreads(s->world));
	json_uint(&j, "binaries", bins.n);
	json_uint(&j, "stacks", stackmap_size(&s->stacks));
	json_str(&j, "call_graph", s->opt.fp ? "fp" : "dwarf");
	if (!s->opt.fp) {
		json_object_begin(&j, "user_stacks");
		json_uint(&j, "complete", s->unwind[UNWIND_COMPLETE]);
		json_uint(&j, "incomplete", user - s->unwind[UNWIND_COMPLETE]);
		json_uint(&j, "kernel_only", s->kernel_only);
		json_object_end(&j);
	}
	json_object_begin(&j, "unwinding_stopped");
	for (i = 1; i < UNWIND__COUNT; i++)
		if (s->unwind[i])
			json_uint(&j, unwind_result_names[i], s->unwind[i]);
	json_object_end(&j);
	json_array_begin(&j, "without_symbols");
	world_for_each_binary(s->world, missing_one, &bins);
	json_array_end(&j);
	json_uint(&j, "kernel_without_symbols", s->kernel_missing);
	json_object_end(&j);
	strbuf_addch(sb, '\n');
}
