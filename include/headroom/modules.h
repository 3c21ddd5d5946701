/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef HEADROOM_MODULES_H
#define HEADROOM_MODULES_H

#include <stdbool.h>
#include <stddef.h>

#include "headroom/stackmap.h"

/*
 * Which binary named each frame of a folded profile, for pprof's mappings
 * (pprof_frame_mapping()): hr-sample notes it as it names frames, hr-sample
 * --db stores it with the frames, hr-query --profile reads it back. The first binary to name a
 * frame keeps it. A binary is its path and build-id together, so two
 * versions of one program are two mappings.
 */
struct frame_modules {
	struct stackmap frame_module;	/* frame -> 1 + the index of its binary */
	struct stackmap modules;	/* "path\0build-id" -> 0 */
};

void frame_modules_init(struct frame_modules *m);
void frame_modules_release(struct frame_modules *m);
/* Whether a binary named frame[0..len). */
bool frame_modules_has(const struct frame_modules *m, const char *frame, size_t len);
/* That binary path, of build-id build_id (NULL: none), named frame[0..len). */
void frame_modules_note(struct frame_modules *m, const char *frame, size_t len,
			const char *path, const char *build_id);
/*
 * The binary that named frame[0..len): its path, and in *build_id its
 * build-id or NULL; NULL when none did.
 */
const char *frame_modules_find(const struct frame_modules *m, const char *frame, size_t len,
			       const char **build_id);
/* Sets *i to the index of the binary that named frame[0..len); false if none did. */
bool frame_modules_index(const struct frame_modules *m, const char *frame, size_t len, size_t *i);
/* The number of binaries noted. */
static inline size_t frame_modules_nr(const struct frame_modules *m)
{
	return stackmap_size(&m->modules);
}
/* The path of the i-th binary (i < frame_modules_nr()), and in *build_id its build-id or NULL. */
const char *frame_modules_binary(const struct frame_modules *m, size_t i, const char **build_id);

#endif
