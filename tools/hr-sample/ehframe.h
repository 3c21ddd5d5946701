/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hr-sample's reading of a binary's segments and unwind tables (ehframe.c). */
#ifndef HR_SAMPLE_EHFRAME_H
#define HR_SAMPLE_EHFRAME_H

struct binary;

/*
 * Reads, from the ELF file mapped at b->data (b->size bytes; any content),
 * the loadable segments (b->segs) and the unwind tables that unwind.c hands
 * to libunwind: .eh_frame_hdr's binary search table (has_hdr, hdr_vaddr,
 * table_vaddr, fde_count); without one, a table built from .eh_frame
 * (synth, at the fake address synth_addr); and .debug_frame rewritten as
 * .eh_frame (dframe) with its table (dsynth). What is missing or malformed
 * is left out. b->id must be set: the fake addresses are made from it. The
 * tables belong to b, freed with it.
 */
void ehframe_load(struct binary *b);
/* Frees what ehframe_load() made: the segments and the built tables. */
void ehframe_release(struct binary *b);

#endif
