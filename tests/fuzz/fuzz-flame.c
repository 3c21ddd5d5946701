// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Fuzzes hr-flame's engine: arbitrary bytes as folded-stack lines, laid out
 * and drawn under options picked by the first byte, and as a --nameattr file.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/strbuf.h"
#include "../../tools/hr-flame/flame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct flame_opts o;
	struct flame f;
	struct strbuf svg = STRBUF_INIT;
	struct flame_nameattr *na;
	const char *p, *end;
	uint8_t mode = size ? data[0] : 0;

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
	na = flame_nameattr_parse("fuzz", (const char *)data, size);
	o.nameattr = na;

	flame_init(&f, &o);
	p = (const char *)data;
	end = p + size;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;

		flame_add_line(&f, p, (size_t)(le - p));
		p = nl ? nl + 1 : end;
	}
	flame_render(&f, &svg, "", 0, "", 0);
	strbuf_release(&svg);
	flame_release(&f);
	flame_nameattr_free(na);
	return 0;
}
