// SPDX-License-Identifier: GPL-3.0-or-later
/* The recommendations as an aligned table, TSV or JSON, with totals and the fleet. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/cli.h"
#include "headroom/escape.h"
#include "headroom/json.h"
#include "headroom/strbuf.h"
#include "headroom/table.h"
#include "headroom/units.h"
#include "rightsize.h"

/*
 * The settings in force beside usage and what to set: the request
 * recommended (a host's size for a host row) and the limit to go with it.
 */
enum col {
	C_ENTITY, C_CPU_REQUEST, C_CPU_LIMIT, C_CPU_P95, C_CPU_REC, C_CPU_LIMIT_REC, C_CPU_CHANGE,
	C_MEM_REQUEST, C_MEM_LIMIT, C_MEM_PEAK, C_MEM_REC, C_MEM_LIMIT_REC, C_MEM_CHANGE,
	C_VERDICT, C_CONF, C_COST_NOW, C_COST_REC, C_NOTE, C_END
};

static const char *table_head[] = {
	"ENTITY", "CPU REQ", "LIMIT", "P95", "REC REQ", "REC LIM", "CHANGE",
	"MEM REQ", "LIMIT", "PEAK", "REC REQ", "REC LIM", "CHANGE",
	"VERDICT", "CONF", "COST", "REC COST", "NOTE",
};

static void fmt_cores(char *buf, size_t size, double v)
{
	if (isnan(v)) {
		snprintf(buf, size, "-");
		return;
	}
	snprintf(buf, size, "%.3f", v);
	trim_zeros(buf);
}

/*
 * Sizes as Kubernetes users write them: whole GiB as "2G", else MiB up to
 * 10 GiB ("1035M", so that a recommendation's MiB rounding shows), else "12.5G".
 */
static void fmt_bytes(char *buf, size_t size, double v)
{
	double mib = v / (1024.0 * 1024.0);

	if (isnan(v))
		snprintf(buf, size, "-");
	else if (mib >= 1024 && fmod(mib, 1024) == 0)
		snprintf(buf, size, "%.0fG", mib / 1024);
	else if (mib >= 1 && mib < 10240)
		snprintf(buf, size, "%.0fM", mib);
	else
		format_size(buf, size, v);
}

/* A duration in days when it is whole days ("30d"), else the usual form. */
static void fmt_horizon(char *buf, size_t size, double secs)
{
	if (secs >= 86400 && fmod(secs, 86400) == 0)
		snprintf(buf, size, "%.0fd", secs / 86400);
	else
		format_duration(buf, size, secs);
}

static double change_pct(double rec, double limit)
{
	if (isnan(rec) || !(limit > 0))
		return NAN;
	return (rec - limit) / limit * 100;
}

static void fmt_pct(char *buf, size_t size, double v)
{
	if (isnan(v))
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%+.0f%%", v);
}

static void fmt_money(char *buf, size_t size, double v)
{
	if (isnan(v))
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%.2f", v);
}

/* Cells of one row of the table (the entity and the note are printed from r). */
static void table_row(const struct result *r, char cell[][64])
{
	fmt_cores(cell[C_CPU_REQUEST], 64, r->cpu_request);
	fmt_cores(cell[C_CPU_LIMIT], 64, r->cpu_limit);
	fmt_cores(cell[C_CPU_P95], 64, r->cpu_p95);
	fmt_cores(cell[C_CPU_REC], 64, r->cpu_rec);
	fmt_cores(cell[C_CPU_LIMIT_REC], 64, r->cpu_limit_rec);
	fmt_pct(cell[C_CPU_CHANGE], 64, change_pct(r->cpu_rec, r->cpu_ref));
	fmt_bytes(cell[C_MEM_REQUEST], 64, r->mem_request);
	fmt_bytes(cell[C_MEM_LIMIT], 64, r->mem_limit);
	fmt_bytes(cell[C_MEM_PEAK], 64, r->mem_peak);
	fmt_bytes(cell[C_MEM_REC], 64, r->mem_rec);
	fmt_bytes(cell[C_MEM_LIMIT_REC], 64, r->mem_limit_rec);
	fmt_pct(cell[C_MEM_CHANGE], 64, change_pct(r->mem_rec, r->mem_ref));
	snprintf(cell[C_VERDICT], 64, "%s", verdict_name(r->verdict) ? verdict_name(r->verdict) : "-");
	snprintf(cell[C_CONF], 64, "%s", r->confidence ? confidence_name(r->confidence) : "-");
	fmt_money(cell[C_COST_NOW], 64, r->cost_now);
	fmt_money(cell[C_COST_REC], 64, r->cost_rec);
}

struct totals {
	size_t counted;
	double now, rec;
};

static void sum_costs(const struct result *r, size_t n, struct totals *t)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < n; i++) {
		if (r[i].host || isnan(r[i].cost_now) || isnan(r[i].cost_rec))
			continue;
		t->counted++;
		t->now += r[i].cost_now;
		t->rec += r[i].cost_rec;
	}
}

static bool have_prices(const struct config *cfg)
{
	return !isnan(cfg->price_cpu) || !isnan(cfg->price_mem);
}

/* The lines under the table (and as comments under TSV). */
static void summary_lines(struct strbuf *sb, const char *prefix, const struct config *cfg,
			  const struct result *r, size_t n, const struct fleet *f)
{
	if (have_prices(cfg)) {
		struct totals t;
		size_t entities = 0, i;

		for (i = 0; i < n; i++)
			entities += !r[i].host;
		sum_costs(r, n, &t);
		strbuf_addf(sb, "%stotal cost per month: %.2f now, %.2f recommended", prefix, t.now,
			    t.rec);
		if (t.now > 0)
			strbuf_addf(sb, " (%+.0f%%)", (t.rec - t.now) / t.now * 100);
		strbuf_addf(sb, ", over %zu of %zu entities", t.counted, entities);
		if (t.counted < entities)
			strbuf_addstr(sb, " (the others lack a limit)");
		strbuf_addch(sb, '\n');
	}
	if (f->enabled) {
		char mem_now[32], mem_h[32], hm[32], hz[32], cpu_now[32], cpu_h[32];

		fmt_cores(cpu_now, sizeof(cpu_now), f->cpu_now);
		fmt_cores(cpu_h, sizeof(cpu_h), f->cpu_horizon);
		fmt_bytes(mem_now, sizeof(mem_now), f->mem_now);
		fmt_bytes(mem_h, sizeof(mem_h), f->mem_horizon);
		fmt_bytes(hm, sizeof(hm), cfg->host_mem);
		fmt_horizon(hz, sizeof(hz), cfg->horizon);
		strbuf_addf(sb, "%sfleet: load of %zu %s%s: %s cores (p95), %s (peak) now", prefix,
			    f->entities, !strcmp(f->basis, "host") ? "host" : "cgroup",
			    f->entities == 1 ? "" : "s", cpu_now, mem_now);
		if (cfg->horizon > 0)
			strbuf_addf(sb, "; %s cores, %s at +%s", cpu_h, mem_h, hz);
		strbuf_addf(sb, "\n%sfleet: hosts of ", prefix);
		if (!isnan(cfg->host_cpu))
			strbuf_addf(sb, "%g cores%s", cfg->host_cpu, isnan(cfg->host_mem) ? "" : ", ");
		if (!isnan(cfg->host_mem))
			strbuf_addf(sb, "%s", hm);
		strbuf_addf(sb, " filled to %g%%: %.0f now", cfg->target * 100, f->hosts_now);
		if (cfg->horizon > 0)
			strbuf_addf(sb, ", %.0f at +%s", f->hosts_horizon, hz);
		strbuf_addch(sb, '\n');
	}
}

/*
 * An entity's name as tables and TSV show it: escaped by the rule of
 * escape.h, so that a cgroup named with a TAB or an escape sequence breaks
 * no column and sends nothing to a terminal (JSON has it unescaped).
 */
static char *shown_name(const char *name)
{
	struct strbuf sb = STRBUF_INIT;

	escape_add(&sb, name, strlen(name), 0);
	return strbuf_detach(&sb, NULL);
}

/* The colour of a verdict on a terminal: under red, over yellow, ok green. */
static const char *verdict_color(enum verdict v)
{
	return v == V_UNDER ? COLOR_BAD : v == V_OVER ? COLOR_WARN : COLOR_GOOD;
}

static void write_table(struct strbuf *sb, const struct config *cfg, const struct result *r,
			size_t n, const struct fleet *f, bool color)
{
	char (*cells)[C_END][64] = xcalloc(n + 1, sizeof(*cells));
	char **names = xcalloc(n + 1, sizeof(*names));
	size_t width[C_END] = { 0 }, i;
	bool costs = have_prices(cfg);
	int c;

	for (c = 0; c < C_NOTE; c++)
		snprintf(cells[0][c], 64, "%s", table_head[c]);
	for (i = 0; i < n; i++)
		table_row(&r[i], cells[i + 1]);
	width[C_ENTITY] = strlen(table_head[C_ENTITY]);
	for (i = 0; i < n; i++) {
		names[i] = shown_name(r[i].name);
		if (strlen(names[i]) > width[C_ENTITY])
			width[C_ENTITY] = strlen(names[i]);
	}
	for (i = 0; i <= n; i++)
		for (c = 1; c < C_NOTE; c++)
			if (strlen(cells[i][c]) > width[c])
				width[c] = strlen(cells[i][c]);
	for (i = 0; i <= n; i++) {
		const char *name = i ? names[i - 1] : table_head[C_ENTITY];

		strbuf_addf(sb, "%-*s", (int)width[C_ENTITY], name);
		for (c = 1; c < C_NOTE; c++) {
			if (!costs && (c == C_COST_NOW || c == C_COST_REC))
				continue;
			/* Words left, numbers right. */
			if (c == C_VERDICT && i && verdict_name(r[i - 1].verdict)) {
				strbuf_addstr(sb, "  ");
				add_colored(sb, color, verdict_color(r[i - 1].verdict), cells[i][c]);
				strbuf_addf(sb, "%*s", (int)(width[c] - strlen(cells[i][c])), "");
			} else if (c == C_VERDICT || c == C_CONF)
				strbuf_addf(sb, "  %-*s", (int)width[c], cells[i][c]);
			else
				strbuf_addf(sb, "  %*s", (int)width[c], cells[i][c]);
		}
		if (i == 0)
			strbuf_addstr(sb, "  NOTE");
		else if (r[i - 1].note[0])
			strbuf_addf(sb, "  %s", r[i - 1].note);
		/* No trailing blanks. */
		while (sb->len && sb->buf[sb->len - 1] == ' ')
			strbuf_setlen(sb, sb->len - 1);
		strbuf_addch(sb, '\n');
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(cells);
	if (have_prices(cfg) || f->enabled) {
		strbuf_addch(sb, '\n');
		summary_lines(sb, "", cfg, r, n, f);
	}
}

/* The TSV columns: JSON's names, with the units. */
static const struct table_column tsv_columns[] = {
	{ "entity", NULL, TABLE_LEFT }, { "kind", NULL, TABLE_LEFT },
	{ "cpu_request_cores", NULL, TABLE_RIGHT }, { "cpu_limit_cores", NULL, TABLE_RIGHT },
	{ "cpu_p95_cores", NULL, TABLE_RIGHT }, { "cpu_recommended_cores", NULL, TABLE_RIGHT },
	{ "cpu_request_recommended_cores", NULL, TABLE_RIGHT },
	{ "cpu_limit_recommended_cores", NULL, TABLE_RIGHT }, { "cpu_change_pct", NULL, TABLE_RIGHT },
	{ "mem_request_bytes", NULL, TABLE_RIGHT }, { "mem_limit_bytes", NULL, TABLE_RIGHT },
	{ "mem_peak_bytes", NULL, TABLE_RIGHT }, { "mem_recommended_bytes", NULL, TABLE_RIGHT },
	{ "mem_request_recommended_bytes", NULL, TABLE_RIGHT },
	{ "mem_limit_recommended_bytes", NULL, TABLE_RIGHT }, { "mem_change_pct", NULL, TABLE_RIGHT },
	{ "verdict", NULL, TABLE_LEFT }, { "confidence", NULL, TABLE_LEFT },
	{ "cost_now", NULL, TABLE_RIGHT }, { "cost_recommended", NULL, TABLE_RIGHT },
	{ "note", NULL, TABLE_LEFT },
};

/* A number in full precision, or "-" when unknown. */
static void tsv_num(struct table *t, double v)
{
	if (isnan(v))
		table_cell(t, "-");
	else
		table_num(t, v, -1);
}

/* Text, "-" when empty; tabs and newlines in a cgroup name would break the columns. */
static void tsv_text(struct table *t, const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	if (!s || !*s) {
		table_cell(t, "-");
		return;
	}
	for (; *s; s++)
		strbuf_addch(&sb, *s == '\t' || *s == '\n' ? ' ' : *s);
	table_cell(t, sb.buf);
	strbuf_release(&sb);
}

static void write_tsv(FILE *out, struct strbuf *sb, const struct config *cfg,
		      const struct result *r, size_t n, const struct fleet *f)
{
	struct table t;
	char *name;
	size_t i;

	table_init(&t, tsv_columns, sizeof(tsv_columns) / sizeof(*tsv_columns));
	for (i = 0; i < n; i++) {
		name = shown_name(r[i].name);
		tsv_text(&t, name);
		free(name);
		tsv_text(&t, r[i].host ? "host" : "cgroup");
		tsv_num(&t, r[i].cpu_request);
		tsv_num(&t, r[i].cpu_limit);
		tsv_num(&t, r[i].cpu_p95);
		tsv_num(&t, r[i].cpu_rec);
		tsv_num(&t, r[i].cpu_request_rec);
		tsv_num(&t, r[i].cpu_limit_rec);
		tsv_num(&t, change_pct(r[i].cpu_rec, r[i].cpu_ref));
		tsv_num(&t, r[i].mem_request);
		tsv_num(&t, r[i].mem_limit);
		tsv_num(&t, r[i].mem_peak);
		tsv_num(&t, r[i].mem_rec);
		tsv_num(&t, r[i].mem_request_rec);
		tsv_num(&t, r[i].mem_limit_rec);
		tsv_num(&t, change_pct(r[i].mem_rec, r[i].mem_ref));
		tsv_text(&t, verdict_name(r[i].verdict));
		tsv_text(&t, r[i].confidence ? confidence_name(r[i].confidence) : NULL);
		tsv_num(&t, r[i].cost_now);
		tsv_num(&t, r[i].cost_rec);
		tsv_text(&t, r[i].note);
	}
	table_write(&t, out, FORMAT_TSV, 0);
	table_release(&t);
	summary_lines(sb, "# ", cfg, r, n, f);
}

static void json_entity(struct json *j, const struct result *r)
{
	json_object_begin(j, NULL);
	json_str(j, "entity", r->name);
	json_str(j, "kind", r->host ? "host" : "cgroup");
	json_num(j, "cpu_request_cores", r->cpu_request);
	json_num(j, "cpu_limit_cores", r->cpu_limit);
	json_num(j, "cpu_p95_cores", r->cpu_p95);
	json_num(j, "cpu_peak_cores", r->cpu_peak);
	json_num(j, "cpu_basis_cores", r->cpu_basis);
	json_num(j, "cpu_growth_cores", r->have_cpu ? r->cpu_growth : NAN);
	json_num(j, "cpu_recommended_cores", r->cpu_rec);
	json_num(j, "cpu_recommended_now_cores", r->cpu_rec_now);
	json_num(j, "cpu_request_recommended_cores", r->cpu_request_rec);
	json_num(j, "cpu_limit_recommended_cores", r->cpu_limit_rec);
	json_num(j, "cpu_change_pct", change_pct(r->cpu_rec, r->cpu_ref));
	json_num(j, "cpu_throttled_pct", r->throttled);
	json_str(j, "cpu_verdict", r->have_cpu ? verdict_name(r->cpu_verdict) : NULL);
	json_num(j, "mem_request_bytes", r->mem_request);
	json_num(j, "mem_limit_bytes", r->mem_limit);
	json_num(j, "mem_p95_bytes", r->mem_p95);
	json_num(j, "mem_peak_bytes", r->mem_peak);
	json_num(j, "mem_growth_bytes", r->have_mem ? r->mem_growth : NAN);
	json_num(j, "mem_recommended_bytes", r->mem_rec);
	json_num(j, "mem_recommended_now_bytes", r->mem_rec_now);
	json_num(j, "mem_request_recommended_bytes", r->mem_request_rec);
	json_num(j, "mem_limit_recommended_bytes", r->mem_limit_rec);
	json_num(j, "mem_change_pct", change_pct(r->mem_rec, r->mem_ref));
	json_num(j, "oom_kills", r->oom_kills);
	json_str(j, "mem_verdict", r->have_mem ? verdict_name(r->mem_verdict) : NULL);
	json_bool(j, "growing", r->cpu_growing || r->mem_growing);
	json_str(j, "verdict", verdict_name(r->verdict));
	json_str(j, "confidence", r->confidence ? confidence_name(r->confidence) : NULL);
	json_num(j, "history_seconds", r->history);
	json_num(j, "completeness", r->completeness);
	json_num(j, "cost_now", r->cost_now);
	json_num(j, "cost_recommended", r->cost_rec);
	json_str(j, "note", r->note[0] ? r->note : NULL);
	json_object_end(j);
}

static void json_totals(struct json *j, const struct result *r, size_t n)
{
	struct totals t;

	sum_costs(r, n, &t);
	json_object_begin(j, NULL);
	json_str(j, "entity", "total");
	json_str(j, "kind", "total");
	json_uint(j, "entities", t.counted);
	json_num(j, "cost_now", t.now);
	json_num(j, "cost_recommended", t.rec);
	json_object_end(j);
}

static void json_fleet(struct json *j, const struct config *cfg, const struct fleet *f)
{
	json_object_begin(j, NULL);
	json_str(j, "entity", "fleet");
	json_str(j, "kind", "fleet");
	json_str(j, "basis", f->basis);
	json_uint(j, "entities", f->entities);
	json_num(j, "cpu_cores", f->cpu_now);
	json_num(j, "mem_bytes", f->mem_now);
	json_num(j, "hosts", f->hosts_now);
	json_num(j, "horizon_seconds", cfg->horizon);
	json_num(j, "cpu_cores_at_horizon", f->cpu_horizon);
	json_num(j, "mem_bytes_at_horizon", f->mem_horizon);
	json_num(j, "hosts_at_horizon", f->hosts_horizon);
	json_num(j, "host_cpu_cores", cfg->host_cpu);
	json_num(j, "host_mem_bytes", cfg->host_mem);
	json_num(j, "target_pct", cfg->target * 100);
	json_object_end(j);
}

/* One object per line: the entities, then the cost totals and the fleet. */
static void write_json(struct strbuf *sb, const struct config *cfg, const struct result *r,
		       size_t n, const struct fleet *f)
{
	struct json j;
	size_t i;

	json_init(&j, sb);
	j.newline_items = true;
	json_array_begin(&j, NULL);
	for (i = 0; i < n; i++)
		json_entity(&j, &r[i]);
	if (have_prices(cfg))
		json_totals(&j, r, n);
	if (f->enabled)
		json_fleet(&j, cfg, f);
	json_array_end(&j);
	strbuf_addch(sb, '\n');
}

void write_results(FILE *out, enum output_format fmt, const struct config *cfg,
		   const struct result *r, size_t n, const struct fleet *f)
{
	struct strbuf sb = STRBUF_INIT;

	switch (output_format_resolve(fmt, out)) {
	case FORMAT_TABLE:
		write_table(&sb, cfg, r, n, f, cli_color(out));
		break;
	case FORMAT_JSON:
		write_json(&sb, cfg, r, n, f);
		break;
	default:
		write_tsv(out, &sb, cfg, r, n, f);
		break;
	}
	strbuf_write(&sb, out);
	strbuf_release(&sb);
}
