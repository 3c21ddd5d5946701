// SPDX-License-Identifier: GPL-3.0-or-later
/* The recommendations as an aligned table, TSV or JSON, with totals and the fleet. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "headroom/alloc.h"
#include "headroom/strbuf.h"
#include "headroom/units.h"
#include "rightsize.h"

enum col {
	C_ENTITY, C_CPU_LIMIT, C_CPU_P95, C_CPU_REC, C_CPU_CHANGE,
	C_MEM_LIMIT, C_MEM_PEAK, C_MEM_REC, C_MEM_CHANGE,
	C_VERDICT, C_CONF, C_COST_NOW, C_COST_REC, C_NOTE, C_END
};

static const char *table_head[] = {
	"ENTITY", "CPU LIMIT", "P95", "REC", "CHANGE", "MEM LIMIT", "PEAK", "REC", "CHANGE",
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
	fmt_cores(cell[C_CPU_LIMIT], 64, r->cpu_limit);
	fmt_cores(cell[C_CPU_P95], 64, r->cpu_p95);
	fmt_cores(cell[C_CPU_REC], 64, r->cpu_rec);
	fmt_pct(cell[C_CPU_CHANGE], 64, change_pct(r->cpu_rec, r->cpu_limit));
	fmt_bytes(cell[C_MEM_LIMIT], 64, r->mem_limit);
	fmt_bytes(cell[C_MEM_PEAK], 64, r->mem_peak);
	fmt_bytes(cell[C_MEM_REC], 64, r->mem_rec);
	fmt_pct(cell[C_MEM_CHANGE], 64, change_pct(r->mem_rec, r->mem_limit));
	snprintf(cell[C_VERDICT], 64, "%s", verdict_name(r->verdict));
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

static void write_table(struct strbuf *sb, const struct config *cfg, const struct result *r,
			size_t n, const struct fleet *f)
{
	char (*cells)[C_END][64] = xcalloc(n + 1, sizeof(*cells));
	size_t width[C_END] = { 0 }, i;
	bool costs = have_prices(cfg);
	int c;

	for (c = 0; c < C_NOTE; c++)
		snprintf(cells[0][c], 64, "%s", table_head[c]);
	for (i = 0; i < n; i++)
		table_row(&r[i], cells[i + 1]);
	width[C_ENTITY] = strlen(table_head[C_ENTITY]);
	for (i = 0; i < n; i++)
		if (strlen(r[i].name) > width[C_ENTITY])
			width[C_ENTITY] = strlen(r[i].name);
	for (i = 0; i <= n; i++)
		for (c = 1; c < C_NOTE; c++)
			if (strlen(cells[i][c]) > width[c])
				width[c] = strlen(cells[i][c]);
	for (i = 0; i <= n; i++) {
		const char *name = i ? r[i - 1].name : table_head[C_ENTITY];

		strbuf_addf(sb, "%-*s", (int)width[C_ENTITY], name);
		for (c = 1; c < C_NOTE; c++) {
			if (!costs && (c == C_COST_NOW || c == C_COST_REC))
				continue;
			/* Words left, numbers right. */
			if (c == C_VERDICT || c == C_CONF)
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
	free(cells);
	if (have_prices(cfg) || f->enabled) {
		strbuf_addch(sb, '\n');
		summary_lines(sb, "", cfg, r, n, f);
	}
}

static void tsv_num(struct strbuf *sb, double v)
{
	strbuf_addch(sb, '\t');
	if (isnan(v))
		strbuf_addch(sb, '-');
	else
		strbuf_add_num(sb, v);
}

static void tsv_text(struct strbuf *sb, const char *s)
{
	if (!s || !*s) {
		strbuf_addch(sb, '-');
		return;
	}
	/* Tabs and newlines in a cgroup name would break the columns. */
	for (; *s; s++)
		strbuf_addch(sb, *s == '\t' || *s == '\n' ? ' ' : *s);
}

static void tsv_field(struct strbuf *sb, const char *s)
{
	strbuf_addch(sb, '\t');
	tsv_text(sb, s);
}

static void write_tsv(struct strbuf *sb, const struct config *cfg, const struct result *r,
		      size_t n, const struct fleet *f)
{
	size_t i;

	strbuf_addstr(sb, "entity\tkind\tcpu_limit_cores\tcpu_p95_cores\tcpu_recommended_cores"
		      "\tcpu_change_pct\tmem_limit_bytes\tmem_peak_bytes\tmem_recommended_bytes"
		      "\tmem_change_pct\tverdict\tconfidence\tcost_now\tcost_recommended\tnote\n");
	for (i = 0; i < n; i++) {
		tsv_text(sb, r[i].name);
		tsv_field(sb, r[i].host ? "host" : "cgroup");
		tsv_num(sb, r[i].cpu_limit);
		tsv_num(sb, r[i].cpu_p95);
		tsv_num(sb, r[i].cpu_rec);
		tsv_num(sb, change_pct(r[i].cpu_rec, r[i].cpu_limit));
		tsv_num(sb, r[i].mem_limit);
		tsv_num(sb, r[i].mem_peak);
		tsv_num(sb, r[i].mem_rec);
		tsv_num(sb, change_pct(r[i].mem_rec, r[i].mem_limit));
		tsv_field(sb, verdict_name(r[i].verdict));
		tsv_field(sb, r[i].confidence ? confidence_name(r[i].confidence) : NULL);
		tsv_num(sb, r[i].cost_now);
		tsv_num(sb, r[i].cost_rec);
		tsv_field(sb, r[i].note);
		strbuf_addch(sb, '\n');
	}
	summary_lines(sb, "# ", cfg, r, n, f);
}

static void json_key(struct strbuf *sb, const char *key, bool *first)
{
	if (!*first)
		strbuf_addstr(sb, ", ");
	*first = false;
	strbuf_add_json(sb, key, strlen(key));
	strbuf_addstr(sb, ": ");
}

static void json_num(struct strbuf *sb, const char *key, double v, bool *first)
{
	json_key(sb, key, first);
	if (isnan(v) || isinf(v))
		strbuf_addstr(sb, "null");
	else
		strbuf_add_num(sb, v);
}

static void json_str(struct strbuf *sb, const char *key, const char *s, bool *first)
{
	json_key(sb, key, first);
	if (s)
		strbuf_add_json(sb, s, strlen(s));
	else
		strbuf_addstr(sb, "null");
}

static void json_bool(struct strbuf *sb, const char *key, bool v, bool *first)
{
	json_key(sb, key, first);
	strbuf_addstr(sb, v ? "true" : "false");
}

static void json_entity(struct strbuf *sb, const struct result *r)
{
	bool first = true;

	strbuf_addch(sb, '{');
	json_str(sb, "entity", r->name, &first);
	json_str(sb, "kind", r->host ? "host" : "cgroup", &first);
	json_num(sb, "cpu_limit_cores", r->cpu_limit, &first);
	json_num(sb, "cpu_p95_cores", r->cpu_p95, &first);
	json_num(sb, "cpu_peak_cores", r->cpu_peak, &first);
	json_num(sb, "cpu_basis_cores", r->cpu_basis, &first);
	json_num(sb, "cpu_growth_cores", r->have_cpu ? r->cpu_growth : NAN, &first);
	json_num(sb, "cpu_recommended_cores", r->cpu_rec, &first);
	json_num(sb, "cpu_recommended_now_cores", r->cpu_rec_now, &first);
	json_num(sb, "cpu_change_pct", change_pct(r->cpu_rec, r->cpu_limit), &first);
	json_num(sb, "cpu_throttled_pct", r->throttled, &first);
	json_str(sb, "cpu_verdict", r->have_cpu ? verdict_name(r->cpu_verdict) : NULL, &first);
	json_num(sb, "mem_limit_bytes", r->mem_limit, &first);
	json_num(sb, "mem_p95_bytes", r->mem_p95, &first);
	json_num(sb, "mem_peak_bytes", r->mem_peak, &first);
	json_num(sb, "mem_growth_bytes", r->have_mem ? r->mem_growth : NAN, &first);
	json_num(sb, "mem_recommended_bytes", r->mem_rec, &first);
	json_num(sb, "mem_recommended_now_bytes", r->mem_rec_now, &first);
	json_num(sb, "mem_change_pct", change_pct(r->mem_rec, r->mem_limit), &first);
	json_num(sb, "oom_kills", r->oom_kills, &first);
	json_str(sb, "mem_verdict", r->have_mem ? verdict_name(r->mem_verdict) : NULL, &first);
	json_bool(sb, "growing", r->cpu_growing || r->mem_growing, &first);
	json_str(sb, "verdict", verdict_name(r->verdict), &first);
	json_str(sb, "confidence", r->confidence ? confidence_name(r->confidence) : NULL, &first);
	json_num(sb, "history_seconds", r->history, &first);
	json_num(sb, "completeness", r->completeness, &first);
	json_num(sb, "cost_now", r->cost_now, &first);
	json_num(sb, "cost_recommended", r->cost_rec, &first);
	json_str(sb, "note", r->note[0] ? r->note : NULL, &first);
	strbuf_addch(sb, '}');
}

static void write_json(struct strbuf *sb, const struct config *cfg, const struct result *r,
		       size_t n, const struct fleet *f)
{
	const char *sep = "\n  ";
	size_t i;

	strbuf_addch(sb, '[');
	for (i = 0; i < n; i++) {
		strbuf_addstr(sb, sep);
		json_entity(sb, &r[i]);
		sep = ",\n  ";
	}
	if (have_prices(cfg)) {
		struct totals t;
		bool first = true;

		sum_costs(r, n, &t);
		strbuf_addstr(sb, sep);
		strbuf_addch(sb, '{');
		json_str(sb, "entity", "total", &first);
		json_str(sb, "kind", "total", &first);
		json_num(sb, "entities", (double)t.counted, &first);
		json_num(sb, "cost_now", t.now, &first);
		json_num(sb, "cost_recommended", t.rec, &first);
		strbuf_addch(sb, '}');
		sep = ",\n  ";
	}
	if (f->enabled) {
		bool first = true;

		strbuf_addstr(sb, sep);
		strbuf_addch(sb, '{');
		json_str(sb, "entity", "fleet", &first);
		json_str(sb, "kind", "fleet", &first);
		json_str(sb, "basis", f->basis, &first);
		json_num(sb, "entities", (double)f->entities, &first);
		json_num(sb, "cpu_cores", f->cpu_now, &first);
		json_num(sb, "mem_bytes", f->mem_now, &first);
		json_num(sb, "hosts", f->hosts_now, &first);
		json_num(sb, "horizon_seconds", cfg->horizon, &first);
		json_num(sb, "cpu_cores_at_horizon", f->cpu_horizon, &first);
		json_num(sb, "mem_bytes_at_horizon", f->mem_horizon, &first);
		json_num(sb, "hosts_at_horizon", f->hosts_horizon, &first);
		json_num(sb, "host_cpu_cores", cfg->host_cpu, &first);
		json_num(sb, "host_mem_bytes", cfg->host_mem, &first);
		json_num(sb, "target_pct", cfg->target * 100, &first);
		strbuf_addch(sb, '}');
	}
	strbuf_addstr(sb, n || have_prices(cfg) || f->enabled ? "\n]\n" : "]\n");
}

void write_results(FILE *out, enum format fmt, const struct config *cfg,
		   const struct result *r, size_t n, const struct fleet *f)
{
	struct strbuf sb = STRBUF_INIT;

	if (fmt == F_AUTO)
		fmt = isatty(fileno(out)) ? F_TABLE : F_TSV;
	switch (fmt) {
	case F_TABLE:
		write_table(&sb, cfg, r, n, f);
		break;
	case F_JSON:
		write_json(&sb, cfg, r, n, f);
		break;
	default:
		write_tsv(&sb, cfg, r, n, f);
		break;
	}
	strbuf_write(&sb, out);
	strbuf_release(&sb);
}
