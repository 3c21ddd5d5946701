/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pprof's profile format (github.com/google/pprof, proto/profile.proto): a
 * gzipped protocol buffer that go tool pprof, Pyroscope, Parca and speedscope
 * read. Library libheadroom-pprof (zlib); the protocol buffer is encoded here
 * by hand, for the few messages the format has.
 *
 * A profile is built up, then written:
 *
 *	static const struct pprof_value_type cpu[] = { { "cpu", "nanoseconds" } };
 *	struct pprof *p = pprof_new(cpu, 1);
 *	uint64_t m = pprof_mapping(p, &(struct pprof_mapping){ .start = 0x400000, ...,
 *				   .filename = "/usr/bin/app", .build_id = "2c7bf7b8..." });
 *	uint64_t f = pprof_function(p, "main", 4, NULL);
 *	uint64_t loc = pprof_location(p, m, 0x401136, &(struct pprof_line){ f, 0 }, 1);
 *	pprof_add_sample(p, &loc, 1, (int64_t[]){ 250000 }, NULL, 0);
 *	pprof_write(p, out, "profile.pb.gz");
 *	pprof_free(p);
 *
 * or, from folded stacks (headroom-folded(5)), pprof_add_folded(). Ids are
 * handed out from 1 and the same thing always gets the same id, so callers
 * need not remember them. Samples with the same locations and labels add up.
 * Everything is copied; nothing given to the profile need outlive the call.
 */
#ifndef HEADROOM_PPROF_H
#define HEADROOM_PPROF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "headroom/strbuf.h"

/* What a sample's value counts: ("samples", "count"), ("cpu", "nanoseconds"). */
struct pprof_value_type {
	const char *type;
	const char *unit;
};

#define PPROF_MAX_VALUES 8

struct pprof;

/* A profile whose samples carry one value per type (1 to PPROF_MAX_VALUES). */
struct pprof *pprof_new(const struct pprof_value_type *types, size_t ntypes);
void pprof_free(struct pprof *p);

/* How often samples were taken: every period units of type (optional). */
void pprof_set_period(struct pprof *p, const struct pprof_value_type *type, int64_t period);
/* When the profile started (Unix ns) and how long it lasted (ns); optional. */
void pprof_set_time(struct pprof *p, int64_t time_nanos, int64_t duration_nanos);
/* A free-form comment, shown by pprof -comments. */
void pprof_add_comment(struct pprof *p, const char *text);

/* An executable or library mapped into the profiled process. */
struct pprof_mapping {
	uint64_t start, limit;	/* its address range (0 and 0: unknown) */
	uint64_t offset;	/* the file offset mapped at start */
	const char *filename;	/* NULL: none */
	const char *build_id;	/* the GNU build-id in lowercase hex, or NULL */
	bool has_functions;	/* its locations are named (no symbolization needed) */
	bool has_filenames, has_line_numbers, has_inline_frames;
};
/*
 * The id of a mapping; the first one added is the main binary, as pprof
 * expects. The same range, offset and file give the same id.
 */
uint64_t pprof_mapping(struct pprof *p, const struct pprof_mapping *m);

/* The id of the function name[0..len) in source file filename (NULL: unknown). */
uint64_t pprof_function(struct pprof *p, const char *name, size_t len, const char *filename);

/* A function and source line at a location. */
struct pprof_line {
	uint64_t function_id;
	int64_t line;		/* 0: unknown */
};
/*
 * The id of a location in mapping mapping_id (0: none) at address (0:
 * unknown), with its lines innermost first: inlined calls first, the
 * function that holds the address last. Locations with an address are one
 * per (mapping, address); those without one per (mapping, lines).
 */
uint64_t pprof_location(struct pprof *p, uint64_t mapping_id, uint64_t address,
			const struct pprof_line *lines, size_t nlines);

/* A label of a sample: a string (str) or a number (num, in num_unit). */
struct pprof_label {
	const char *key;
	const char *str;	/* NULL for a numeric label */
	int64_t num;
	const char *num_unit;	/* NULL: none */
};
/*
 * Adds values (one per sample type) to the sample of the stack locations[0..n)
 * (leaf first) with these labels. Returns 0, or -1 after error() when a value
 * would overflow 64 bits.
 */
int pprof_add_sample(struct pprof *p, const uint64_t *locations, size_t n, const int64_t *values,
		     const struct pprof_label *labels, size_t nlabels);

/*
 * The mapping of a frame of a folded stack (its escaped text), for
 * pprof_add_folded(): a pprof_mapping() id, or 0 for none.
 */
typedef uint64_t (*pprof_mapping_fn)(void *ctx, const char *frame, size_t len);
/*
 * Adds a folded stack ("root;...;leaf", escaped as headroom-folded(5) says)
 * as a sample with values: one function and one location per distinct frame,
 * named by the frame with its escapes undone (unescape_visible(): control
 * characters and invalid UTF-8 stay \xHH, which protobuf strings and
 * terminals cannot carry), in the mapping that mapping_of gives (mapping_of
 * may be NULL: no mappings; it is asked once per distinct frame). Returns as
 * pprof_add_sample().
 */
int pprof_add_folded(struct pprof *p, const char *stack, size_t len, const int64_t *values,
		     pprof_mapping_fn mapping_of, void *ctx);

/* Appends the profile to out as an uncompressed protocol buffer. */
void pprof_encode(struct pprof *p, struct strbuf *out);
/*
 * Writes the profile to out gzip-compressed, as pprof files are; name is for
 * messages. Returns 0, or -1 after error().
 */
int pprof_write(struct pprof *p, FILE *out, const char *name);

struct stackmap;

/* What the counts of a folded profile are, and when it was taken. */
struct pprof_profile_info {
	const char *type;	/* pprof's sample type: "samples", "off-cpu", "wall" */
	const char *unit;	/* "count", "microseconds" */
	const char *event;	/* the on-CPU event, for the period's type (NULL: none) */
	double freq;		/* samples a second (0: not sampled by frequency) */
	int64_t start_ns;	/* Unix time (0: unknown) */
	int64_t duration_ns;
	/*
	 * The pprof_mapping() of a frame, or 0; NULL: no mappings. Called
	 * first with frame NULL, for the main binary (pprof takes the first
	 * mapping for it), if any.
	 */
	uint64_t (*mapping_of)(struct pprof *p, void *ctx, const char *frame, size_t len);
	void *mapping_ctx;
};
/*
 * A pprof_profile_info mapping_of for the struct frame_modules ctx
 * (modules.h): a frame's binary, and for frame NULL the first binary noted
 * that is no shared library (pprof's main binary).
 */
uint64_t pprof_frame_mapping(struct pprof *p, void *ctx, const char *frame, size_t len);

/*
 * Writes the folded stacks of map (whole-number counts, count[0]) to out as
 * a gzipped profile.proto, one sample per stack, as hr-sample and hr-query
 * --profile do; name is for messages. Returns 0, or -1 after error().
 */
int pprof_write_stackmap(const struct stackmap *map, const struct pprof_profile_info *info,
			 FILE *out, const char *name);

#endif
