// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The pprof writer of pprof.h: interning tables for strings, mappings,
 * functions, locations and samples, and a hand-written protocol buffer
 * encoder for profile.proto's messages, gzipped with zlib.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "headroom/alloc.h"
#include "headroom/error.h"
#include "headroom/escape.h"
#include "headroom/modules.h"
#include "headroom/pprof.h"
#include "headroom/stackmap.h"

/* Field numbers of profile.proto (package perftools.profiles). */
enum {
	PROFILE_SAMPLE_TYPE = 1, PROFILE_SAMPLE = 2, PROFILE_MAPPING = 3, PROFILE_LOCATION = 4,
	PROFILE_FUNCTION = 5, PROFILE_STRING_TABLE = 6, PROFILE_TIME_NANOS = 9,
	PROFILE_DURATION_NANOS = 10, PROFILE_PERIOD_TYPE = 11, PROFILE_PERIOD = 12,
	PROFILE_COMMENT = 13, PROFILE_DEFAULT_SAMPLE_TYPE = 14,
	VALUETYPE_TYPE = 1, VALUETYPE_UNIT = 2,
	SAMPLE_LOCATION_ID = 1, SAMPLE_VALUE = 2, SAMPLE_LABEL = 3,
	LABEL_KEY = 1, LABEL_STR = 2, LABEL_NUM = 3, LABEL_NUM_UNIT = 4,
	MAPPING_ID = 1, MAPPING_START = 2, MAPPING_LIMIT = 3, MAPPING_OFFSET = 4,
	MAPPING_FILENAME = 5, MAPPING_BUILD_ID = 6, MAPPING_HAS_FUNCTIONS = 7,
	MAPPING_HAS_FILENAMES = 8, MAPPING_HAS_LINE_NUMBERS = 9, MAPPING_HAS_INLINE_FRAMES = 10,
	LOCATION_ID = 1, LOCATION_MAPPING_ID = 2, LOCATION_ADDRESS = 3, LOCATION_LINE = 4,
	LINE_FUNCTION_ID = 1, LINE_LINE = 2,
	FUNCTION_ID = 1, FUNCTION_NAME = 2, FUNCTION_SYSTEM_NAME = 3, FUNCTION_FILENAME = 4,
};
enum { WIRE_VARINT = 0, WIRE_BYTES = 2 };

struct mapping {
	uint64_t start, limit, offset;
	int64_t filename, build_id;
	bool has_functions, has_filenames, has_line_numbers, has_inline_frames;
};
struct function { int64_t name, filename; };
struct location { uint64_t mapping_id, address; size_t line0, nlines; };
struct sample { size_t loc0, nlocs, label0, nlabels; };
struct label { int64_t key, str, num, num_unit; };

/* The maps from an element's key to its id: mappings, functions... and folded stacks' frames. */
enum ids { IDS_MAPPING, IDS_FUNCTION, IDS_LOCATION, IDS_SAMPLE, IDS_FOLDED, NIDS };

struct pprof {
	size_t ntypes;
	int64_t type[PPROF_MAX_VALUES][2];	/* string indexes of type and unit */
	int64_t period_type[2], period, time_nanos, duration_nanos;
	bool has_period;
	int64_t *comments;
	size_t ncomments, comments_alloc;

	struct stackmap strings;	/* index = entry index; "" first */
	struct stackmap ids[NIDS];	/* key -> id of the interned elements, by enum ids */
	struct mapping *mappings;
	size_t nmappings, mappings_alloc;
	struct function *functions;
	size_t nfunctions, functions_alloc;
	struct location *locations;
	size_t nlocations, locations_alloc;
	struct pprof_line *lines;
	size_t nlines, lines_alloc;
	struct sample *samples;
	size_t nsamples, samples_alloc;
	int64_t *values;			/* ntypes per sample */
	size_t values_alloc;
	uint64_t *sample_locs;
	size_t nsample_locs, sample_locs_alloc;
	struct label *labels;
	size_t nlabels, labels_alloc;

	struct strbuf key, name;		/* scratch */
	uint64_t *stack;
	size_t stack_alloc;
};

static int64_t str_index(struct pprof *p, const char *s, size_t len)
{
	const struct stackmap_entry *e = stackmap_find(&p->strings, s, len);

	if (!e)
		e = stackmap_add(&p->strings, s, len, 0, 0);
	return (int64_t)(e - p->strings.entries);
}

static int64_t str_index0(struct pprof *p, const char *s)
{
	return s ? str_index(p, s, strlen(s)) : 0;
}

/*
 * The id kept for key in map; when there is none yet, keeps next as its id
 * and returns 0, for the caller to add the element that next numbers.
 */
static uint64_t intern_id(struct stackmap *map, const struct strbuf *key, size_t next)
{
	const struct stackmap_entry *e = stackmap_find(map, key->buf, key->len);

	if (e)
		return (uint64_t)e->count[0];
	stackmap_add(map, key->buf, key->len, (double)next, 0);
	return 0;
}

static void key_add(struct strbuf *key, const void *v, size_t n)
{
	strbuf_add(key, v, n);
}

struct pprof *pprof_new(const struct pprof_value_type *types, size_t ntypes)
{
	struct pprof *p = xcalloc(1, sizeof(*p));
	size_t i;

	if (!ntypes || ntypes > PPROF_MAX_VALUES)
		BUG("pprof_new: %zu sample types", ntypes);
	stackmap_init(&p->strings);
	for (i = 0; i < NIDS; i++)
		stackmap_init(&p->ids[i]);
	strbuf_init(&p->key, 64);
	strbuf_init(&p->name, 64);
	str_index(p, "", 0);		/* string_table[0] must be "" */
	p->ntypes = ntypes;
	for (i = 0; i < ntypes; i++) {
		p->type[i][0] = str_index0(p, types[i].type);
		p->type[i][1] = str_index0(p, types[i].unit);
	}
	return p;
}

void pprof_free(struct pprof *p)
{
	size_t i;

	if (!p)
		return;
	stackmap_release(&p->strings);
	for (i = 0; i < NIDS; i++)
		stackmap_release(&p->ids[i]);
	FREE_ALL(p->comments, p->mappings, p->functions, p->locations, p->lines, p->samples,
		 p->values, p->sample_locs, p->labels, p->stack);
	strbuf_release(&p->key);
	strbuf_release(&p->name);
	free(p);
}

void pprof_set_period(struct pprof *p, const struct pprof_value_type *type, int64_t period)
{
	p->period_type[0] = str_index0(p, type->type);
	p->period_type[1] = str_index0(p, type->unit);
	p->period = period;
	p->has_period = true;
}

void pprof_set_time(struct pprof *p, int64_t time_nanos, int64_t duration_nanos)
{
	p->time_nanos = time_nanos;
	p->duration_nanos = duration_nanos;
}

void pprof_add_comment(struct pprof *p, const char *text)
{
	ALLOC_GROW(p->comments, p->ncomments + 1, p->comments_alloc);
	p->comments[p->ncomments++] = str_index0(p, text);
}

uint64_t pprof_mapping(struct pprof *p, const struct pprof_mapping *m)
{
	struct mapping v = {
		.start = m->start, .limit = m->limit, .offset = m->offset,
		.filename = str_index0(p, m->filename), .build_id = str_index0(p, m->build_id),
		.has_functions = m->has_functions, .has_filenames = m->has_filenames,
		.has_line_numbers = m->has_line_numbers, .has_inline_frames = m->has_inline_frames,
	};
	uint64_t id;

	strbuf_reset(&p->key);
	key_add(&p->key, &v.start, sizeof(v.start));
	key_add(&p->key, &v.limit, sizeof(v.limit));
	key_add(&p->key, &v.offset, sizeof(v.offset));
	key_add(&p->key, &v.filename, sizeof(v.filename));
	if ((id = intern_id(&p->ids[IDS_MAPPING], &p->key, p->nmappings + 1)))
		return id;
	ALLOC_GROW(p->mappings, p->nmappings + 1, p->mappings_alloc);
	p->mappings[p->nmappings++] = v;
	return p->nmappings;
}

uint64_t pprof_function(struct pprof *p, const char *name, size_t len, const char *filename)
{
	struct function v = { str_index(p, name, len), str_index0(p, filename) };
	uint64_t id;

	strbuf_reset(&p->key);
	key_add(&p->key, &v, sizeof(v));
	if ((id = intern_id(&p->ids[IDS_FUNCTION], &p->key, p->nfunctions + 1)))
		return id;
	ALLOC_GROW(p->functions, p->nfunctions + 1, p->functions_alloc);
	p->functions[p->nfunctions++] = v;
	return p->nfunctions;
}

uint64_t pprof_location(struct pprof *p, uint64_t mapping_id, uint64_t address,
			const struct pprof_line *lines, size_t nlines)
{
	struct location *l;
	uint64_t id;

	if (mapping_id > p->nmappings)
		BUG("pprof_location: no mapping %llu", (unsigned long long)mapping_id);
	strbuf_reset(&p->key);
	key_add(&p->key, &mapping_id, sizeof(mapping_id));
	key_add(&p->key, &address, sizeof(address));
	if (!address && nlines)
		key_add(&p->key, lines, nlines * sizeof(*lines));
	if ((id = intern_id(&p->ids[IDS_LOCATION], &p->key, p->nlocations + 1)))
		return id;
	ALLOC_GROW(p->lines, p->nlines + nlines, p->lines_alloc);
	if (nlines)	/* a location of an address alone has none, maybe NULL */
		memcpy(p->lines + p->nlines, lines, nlines * sizeof(*lines));
	ALLOC_GROW(p->locations, p->nlocations + 1, p->locations_alloc);
	l = &p->locations[p->nlocations++];
	*l = (struct location){ mapping_id, address, p->nlines, nlines };
	p->nlines += nlines;
	return p->nlocations;
}

/* The sample of these locations and labels, created with zero values when new. */
static struct sample *find_sample(struct pprof *p, const uint64_t *locs, size_t n,
				  const struct label *labels, size_t nlabels)
{
	struct sample *s;
	uint64_t id;

	strbuf_reset(&p->key);
	key_add(&p->key, &n, sizeof(n));
	key_add(&p->key, locs, n * sizeof(*locs));
	key_add(&p->key, labels, nlabels * sizeof(*labels));
	if ((id = intern_id(&p->ids[IDS_SAMPLE], &p->key, p->nsamples + 1)))
		return &p->samples[id - 1];
	ALLOC_GROW(p->samples, p->nsamples + 1, p->samples_alloc);
	ALLOC_GROW(p->values, (p->nsamples + 1) * p->ntypes, p->values_alloc);
	ALLOC_GROW(p->sample_locs, p->nsample_locs + n, p->sample_locs_alloc);
	ALLOC_GROW(p->labels, p->nlabels + nlabels, p->labels_alloc);
	s = &p->samples[p->nsamples];
	*s = (struct sample){ p->nsample_locs, n, p->nlabels, nlabels };
	memset(p->values + p->nsamples * p->ntypes, 0, p->ntypes * sizeof(*p->values));
	/* Either may be empty, and then NULL, which memcpy() must not get. */
	if (n)
		memcpy(p->sample_locs + p->nsample_locs, locs, n * sizeof(*locs));
	if (nlabels)
		memcpy(p->labels + p->nlabels, labels, nlabels * sizeof(*labels));
	p->nsample_locs += n;
	p->nlabels += nlabels;
	p->nsamples++;
	return s;
}

int pprof_add_sample(struct pprof *p, const uint64_t *locations, size_t n, const int64_t *values,
		     const struct pprof_label *labels, size_t nlabels)
{
	struct label *l = nlabels ? xcalloc(nlabels, sizeof(*l)) : NULL;
	struct sample *s;
	int64_t *v;
	size_t i;
	int rc = 0;

	for (i = 0; i < n; i++)
		if (!locations[i] || locations[i] > p->nlocations)
			BUG("pprof_add_sample: no location %llu", (unsigned long long)locations[i]);
	for (i = 0; i < nlabels; i++) {
		l[i].key = str_index0(p, labels[i].key);
		l[i].str = str_index0(p, labels[i].str);
		l[i].num = labels[i].str ? 0 : labels[i].num;
		l[i].num_unit = str_index0(p, labels[i].num_unit);
	}
	s = find_sample(p, locations, n, l, nlabels);
	v = p->values + (size_t)(s - p->samples) * p->ntypes;
	for (i = 0; i < p->ntypes; i++) {
		if (__builtin_add_overflow(v[i], values[i], &v[i])) {
			rc = error("a sample's value overflows 64 bits");
			break;
		}
	}
	free(l);
	return rc;
}

int pprof_add_folded(struct pprof *p, const char *stack, size_t len, const int64_t *values,
		     pprof_mapping_fn mapping_of, void *ctx)
{
	const char *s = stack, *end = stack + len;
	size_t n = 0, i;

	for (;;) {
		const char *semi = memchr(s, ';', (size_t)(end - s));
		const char *fe = semi ? semi : end;
		const struct stackmap_entry *e =
			stackmap_find(&p->ids[IDS_FOLDED], s, (size_t)(fe - s));
		uint64_t loc;

		if (e) {
			loc = (uint64_t)e->count[0];
		} else {
			uint64_t m = mapping_of ? mapping_of(ctx, s, (size_t)(fe - s)) : 0;
			struct pprof_line line = { 0, 0 };

			/*
			 * The name itself, but what a protobuf string or a
			 * terminal cannot carry (invalid UTF-8, control
			 * characters) stays \xHH.
			 */
			strbuf_reset(&p->name);
			unescape_visible(&p->name, s, (size_t)(fe - s), 0);
			line.function_id = pprof_function(p, p->name.buf, p->name.len, NULL);
			loc = pprof_location(p, m, 0, &line, 1);
			stackmap_add(&p->ids[IDS_FOLDED], s, (size_t)(fe - s), (double)loc, 0);
		}
		ALLOC_GROW(p->stack, n + 1, p->stack_alloc);
		p->stack[n++] = loc;
		if (!semi)
			break;
		s = semi + 1;
	}
	/* pprof's stacks start at the leaf */
	for (i = 0; i < n / 2; i++) {
		uint64_t t = p->stack[i];

		p->stack[i] = p->stack[n - 1 - i];
		p->stack[n - 1 - i] = t;
	}
	return pprof_add_sample(p, p->stack, n, values, NULL, 0);
}

/* The protocol buffer encoding ------------------------------------------ */

static void put_key(struct strbuf *sb, unsigned field, unsigned wire)
{
	strbuf_add_varint(sb, (uint64_t)field << 3 | wire);
}

/* A scalar field; proto3 leaves out fields that are zero. */
static void put_uint(struct strbuf *sb, unsigned field, uint64_t v)
{
	if (!v)
		return;
	put_key(sb, field, WIRE_VARINT);
	strbuf_add_varint(sb, v);
}

static void put_int(struct strbuf *sb, unsigned field, int64_t v)
{
	put_uint(sb, field, (uint64_t)v);	/* negative int64: ten bytes, as protobuf does */
}

static void put_bytes(struct strbuf *sb, unsigned field, const void *data, size_t len)
{
	put_key(sb, field, WIRE_BYTES);
	strbuf_add_varint(sb, len);
	strbuf_add(sb, data, len);
}

/* A repeated integer field, packed as proto3 packs it. */
static void put_packed(struct strbuf *sb, unsigned field, const uint64_t *v, size_t n,
		       struct strbuf *tmp)
{
	size_t i;

	if (!n)
		return;
	strbuf_reset(tmp);
	for (i = 0; i < n; i++)
		strbuf_add_varint(tmp, v[i]);
	put_bytes(sb, field, tmp->buf, tmp->len);
}

static void put_value_type(struct strbuf *sb, unsigned field, const int64_t t[2],
			   struct strbuf *tmp)
{
	strbuf_reset(tmp);
	put_int(tmp, VALUETYPE_TYPE, t[0]);
	put_int(tmp, VALUETYPE_UNIT, t[1]);
	put_bytes(sb, field, tmp->buf, tmp->len);
}

static void put_sample(const struct pprof *p, size_t i, struct strbuf *msg, struct strbuf *tmp)
{
	const struct sample *s = &p->samples[i];
	uint64_t vals[PPROF_MAX_VALUES];
	size_t k;

	put_packed(msg, SAMPLE_LOCATION_ID, p->sample_locs + s->loc0, s->nlocs, tmp);
	for (k = 0; k < p->ntypes; k++)
		vals[k] = (uint64_t)p->values[i * p->ntypes + k];
	put_packed(msg, SAMPLE_VALUE, vals, p->ntypes, tmp);
	for (k = 0; k < s->nlabels; k++) {
		const struct label *l = &p->labels[s->label0 + k];

		strbuf_reset(tmp);
		put_int(tmp, LABEL_KEY, l->key);
		put_int(tmp, LABEL_STR, l->str);
		put_int(tmp, LABEL_NUM, l->num);
		put_int(tmp, LABEL_NUM_UNIT, l->num_unit);
		put_bytes(msg, SAMPLE_LABEL, tmp->buf, tmp->len);
	}
}

static void put_mapping(const struct pprof *p, size_t i, struct strbuf *msg, struct strbuf *tmp)
{
	const struct mapping *m = &p->mappings[i];

	(void)tmp;
	put_uint(msg, MAPPING_ID, i + 1);
	put_uint(msg, MAPPING_START, m->start);
	put_uint(msg, MAPPING_LIMIT, m->limit);
	put_uint(msg, MAPPING_OFFSET, m->offset);
	put_int(msg, MAPPING_FILENAME, m->filename);
	put_int(msg, MAPPING_BUILD_ID, m->build_id);
	put_uint(msg, MAPPING_HAS_FUNCTIONS, m->has_functions);
	put_uint(msg, MAPPING_HAS_FILENAMES, m->has_filenames);
	put_uint(msg, MAPPING_HAS_LINE_NUMBERS, m->has_line_numbers);
	put_uint(msg, MAPPING_HAS_INLINE_FRAMES, m->has_inline_frames);
}

static void put_location(const struct pprof *p, size_t i, struct strbuf *msg, struct strbuf *tmp)
{
	const struct location *l = &p->locations[i];
	size_t k;

	put_uint(msg, LOCATION_ID, i + 1);
	put_uint(msg, LOCATION_MAPPING_ID, l->mapping_id);
	put_uint(msg, LOCATION_ADDRESS, l->address);
	for (k = 0; k < l->nlines; k++) {
		strbuf_reset(tmp);
		put_uint(tmp, LINE_FUNCTION_ID, p->lines[l->line0 + k].function_id);
		put_int(tmp, LINE_LINE, p->lines[l->line0 + k].line);
		put_bytes(msg, LOCATION_LINE, tmp->buf, tmp->len);
	}
}

static void put_function(const struct pprof *p, size_t i, struct strbuf *msg, struct strbuf *tmp)
{
	(void)tmp;
	put_uint(msg, FUNCTION_ID, i + 1);
	put_int(msg, FUNCTION_NAME, p->functions[i].name);
	/* the same system name, or pprof -raw prints every name with "()" */
	put_int(msg, FUNCTION_SYSTEM_NAME, p->functions[i].name);
	put_int(msg, FUNCTION_FILENAME, p->functions[i].filename);
}

/*
 * The repeated messages of a Profile, in the order they are written: the
 * field, where the count of its elements is, and the encoder of element i
 * into msg (tmp is scratch for messages inside it).
 */
static const struct {
	unsigned field;
	size_t count;
	void (*put)(const struct pprof *p, size_t i, struct strbuf *msg, struct strbuf *tmp);
} messages[] = {
	{ PROFILE_SAMPLE, offsetof(struct pprof, nsamples), put_sample },
	{ PROFILE_MAPPING, offsetof(struct pprof, nmappings), put_mapping },
	{ PROFILE_LOCATION, offsetof(struct pprof, nlocations), put_location },
	{ PROFILE_FUNCTION, offsetof(struct pprof, nfunctions), put_function },
};

void pprof_encode(struct pprof *p, struct strbuf *out)
{
	struct strbuf msg = STRBUF_INIT, tmp = STRBUF_INIT;
	size_t i, k;

	for (i = 0; i < p->ntypes; i++)
		put_value_type(out, PROFILE_SAMPLE_TYPE, p->type[i], &tmp);
	for (k = 0; k < sizeof(messages) / sizeof(messages[0]); k++) {
		size_t n = *(const size_t *)((const char *)p + messages[k].count);

		for (i = 0; i < n; i++) {
			strbuf_reset(&msg);
			messages[k].put(p, i, &msg, &tmp);
			put_bytes(out, messages[k].field, msg.buf, msg.len);
		}
	}
	/* every string, the empty one too: a repeated field has no default */
	for (i = 0; i < stackmap_size(&p->strings); i++)
		put_bytes(out, PROFILE_STRING_TABLE, p->strings.entries[i].key,
			  p->strings.entries[i].len);
	put_int(out, PROFILE_TIME_NANOS, p->time_nanos);
	put_int(out, PROFILE_DURATION_NANOS, p->duration_nanos);
	if (p->has_period) {
		put_value_type(out, PROFILE_PERIOD_TYPE, p->period_type, &tmp);
		put_int(out, PROFILE_PERIOD, p->period);
	}
	put_packed(out, PROFILE_COMMENT, (const uint64_t *)p->comments, p->ncomments, &tmp);
	put_int(out, PROFILE_DEFAULT_SAMPLE_TYPE, p->type[p->ntypes - 1][0]);
	strbuf_release(&msg);
	strbuf_release(&tmp);
}

int pprof_write(struct pprof *p, FILE *out, const char *name)
{
	struct strbuf pb = STRBUF_INIT;
	unsigned char buf[65536];
	z_stream z;
	int rc = 0, zrc;

	pprof_encode(p, &pb);
	memset(&z, 0, sizeof(z));
	/* windowBits 15 + 16: a gzip header and trailer around the deflate stream */
	if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
		strbuf_release(&pb);
		return error("cannot compress '%s': %s", name, z.msg ? z.msg : "zlib failed");
	}
	z.next_in = (unsigned char *)pb.buf;
	do {
		size_t chunk = pb.len - (size_t)((char *)z.next_in - pb.buf);

		z.avail_in = chunk > 1u << 30 ? 1u << 30 : (unsigned)chunk;
		z.next_out = buf;
		z.avail_out = sizeof(buf);
		zrc = deflate(&z, z.avail_in == chunk ? Z_FINISH : Z_NO_FLUSH);
		if (fwrite(buf, 1, sizeof(buf) - z.avail_out, out) != sizeof(buf) - z.avail_out) {
			rc = error_errno("cannot write '%s'", name);
			break;
		}
	} while (zrc == Z_OK || zrc == Z_BUF_ERROR);
	if (!rc && zrc != Z_STREAM_END)
		rc = error("cannot compress '%s': %s", name, z.msg ? z.msg : "zlib failed");
	deflateEnd(&z);
	strbuf_release(&pb);
	return rc;
}

struct stackmap_mapping {
	const struct pprof_profile_info *info;
	struct pprof *p;
};

static uint64_t stackmap_mapping(void *ctx, const char *frame, size_t len)
{
	struct stackmap_mapping *m = ctx;

	return m->info->mapping_of(m->p, m->info->mapping_ctx, frame, len);
}

int pprof_write_stackmap(const struct stackmap *map, const struct pprof_profile_info *info,
			 FILE *out, const char *name)
{
	struct pprof_value_type type = { info->type, info->unit };
	struct stackmap_entry **v = stackmap_sorted(map);
	struct pprof *p = pprof_new(&type, 1);
	struct stackmap_mapping sm = { info, p };
	size_t i;
	int rc = 0;

	/* The clock events sample every 1/F s of CPU time; other events count. */
	if (info->freq > 0 && info->event && (!strcmp(info->event, "cpu-clock") ||
					      !strcmp(info->event, "task-clock"))) {
		struct pprof_value_type cpu = { "cpu", "nanoseconds" };

		pprof_set_period(p, &cpu, (int64_t)llround(1e9 / info->freq));
	}
	pprof_set_time(p, info->start_ns, info->duration_ns);
	if (info->mapping_of)
		info->mapping_of(p, info->mapping_ctx, NULL, 0);
	for (i = 0; i < stackmap_size(map) && !rc; i++) {
		int64_t count = (int64_t)llround(v[i]->count[0]);

		rc = pprof_add_folded(p, v[i]->key, v[i]->len, &count,
				      info->mapping_of ? stackmap_mapping : NULL, &sm);
	}
	if (!rc)
		rc = pprof_write(p, out, name);
	pprof_free(p);
	free(v);
	return rc;
}

/* --- mappings of the binaries that named the frames ----------------------- */

static uint64_t module_mapping(struct pprof *p, const struct frame_modules *m, size_t i)
{
	struct pprof_mapping map = { .has_functions = true };

	map.filename = frame_modules_binary(m, i, &map.build_id);
	return pprof_mapping(p, &map);
}

uint64_t pprof_frame_mapping(struct pprof *p, void *ctx, const char *frame, size_t len)
{
	const struct frame_modules *m = ctx;
	const char *path, *base, *build_id;
	size_t i;

	if (frame)
		return frame_modules_index(m, frame, len, &i) ? module_mapping(p, m, i) : 0;
	for (i = 0; i < frame_modules_nr(m); i++) {
		path = frame_modules_binary(m, i, &build_id);
		base = strrchr(path, '/');
		if (base && !strstr(base, ".so"))
			return module_mapping(p, m, i);
	}
	return 0;
}
