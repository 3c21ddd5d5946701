// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Fuzzes hr-flame's engine: arbitrary bytes read as folded stacks, laid out
 * and drawn under options picked by the first byte, with the texts of the
 * title, subtitle, count name and font taken from the input too, and as a
 * --nameattr file; the SVG must be well-formed XML whatever the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "headroom/alloc.h"
#include "headroom/folded.h"
#include "headroom/strbuf.h"
#include "../../tools/hr-flame/flame.h"
#include "check.h"
#include "memfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct flame_opts o;
	struct flame f;
	struct strbuf svg = STRBUF_INIT;
	struct flame_nameattr *na;
	struct folded_reader r;
	struct folded_line fl;
	char path[FUZZ_PATH_MAX], *text;
	uint8_t mode = size ? data[0] : 0;
	int fd;

	flame_opts_init(&o);
	o.reverse = mode & 1;
	o.flamechart = mode & 2;
	o.inverted = mode & 4;
	o.hash = mode & 8;
	o.minwidth = mode & 16 ? 0 : 0.1;
	o.palette = (enum flame_palette)((mode >> 5) % (PAL_ORANGE + 1));
	if (size) {
		data++;
		size--;
	}
	/* The first line's bytes (up to a NUL) as the texts of the options. */
	text = xstrndup((const char *)data, size < 40 ? size : 40);
	o.title = text;
	o.subtitle = text;
	o.countname = text;
	o.fonttype = text;
	na = flame_nameattr_parse("fuzz", (const char *)data, size);
	o.nameattr = na;

	flame_init(&f, &o);
	fd = fuzz_memfile(data, size, path);
	if (fd >= 0 && folded_reader_open(&r, path, FOLDED_ONE_OR_TWO) == 0) {
		while (folded_reader_next(&r, &fl) > 0)
			flame_add(&f, &fl);
		folded_reader_close(&r);
	}
	if (fd >= 0)
		close(fd);
	if (flame_render(&f, &svg, "", 0, "", 0) == 0 && !check_xml(svg.buf, svg.len))
		abort();
	strbuf_release(&svg);
	flame_release(&f);
	flame_nameattr_free(na);
	free(text);
	return 0;
}
