// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Writes an HdrHistogram interval log with hdr-histogram-js's own
 * HistogramLogWriter, for hr-latency's tests: seeded log-normal latencies
 * (us) with a slow tail, one histogram per interval, every third one tagged.
 * Prints, as JSON on stdout, what hdr-histogram-js makes of the log it wrote
 * merged with the logs named after it (read back with its HistogramLogReader):
 * the total count, the max and getValueAtPercentile of 50 90 99 99.9, for
 * the untagged and tagged histograms alike.
 *
 *	node hlog-writer.js OUT SEED INTERVALS PER_INTERVAL DIGITS [OTHER.hlog]...
 */
"use strict";
const fs = require("fs");
const hdr = require("hdr-histogram-js");

const [out, seedArg, intervalsArg, perArg, digitsArg, ...others] = process.argv.slice(2);
let seed = Number(seedArg) >>> 0;
const intervals = Number(intervalsArg), per = Number(perArg), digits = Number(digitsArg);

/* mulberry32: Math.random cannot be seeded. */
function random() {
	seed = (seed + 0x6d2b79f5) >>> 0;
	let t = seed;
	t = Math.imul(t ^ (t >>> 15), t | 1);
	t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
	return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

function latencyUs() {
	const u1 = random() || 1e-12, u2 = random();
	const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
	const v = Math.exp(Math.log(4000) + 0.5 * z) * (random() < 0.02 ? 25 : 1);
	return Math.max(1, Math.round(v));
}

let text = "";
const writer = new hdr.HistogramLogWriter((s) => { text += s; });
const start = 1700000000 + (Number(seedArg) % 1000);
writer.outputLogFormatVersion();
writer.outputStartTime(start * 1000);
writer.outputLegend();
for (let i = 0; i < intervals; i++) {
	const h = hdr.build({ numberOfSignificantValueDigits: digits });
	if (i % 3 === 2)
		h.tag = "slow";
	for (let k = 0; k < per; k++)
		h.recordValue(latencyUs());
	/* Interval_Max in ms, as Java's writers give it from us values. */
	writer.outputIntervalHistogram(h, start + 10 * i, start + 10 * (i + 1), 1000);
}
fs.writeFileSync(out, text);

const all = hdr.build({ numberOfSignificantValueDigits: digits });
for (const file of [out, ...others]) {
	const reader = new hdr.HistogramLogReader(fs.readFileSync(file, "utf8"));
	let h;
	while ((h = reader.nextIntervalHistogram()) !== null)
		all.add(h);
}
const p = (q) => all.getValueAtPercentile(q);
console.log(JSON.stringify({ count: all.totalCount, max: all.maxValue,
			     p50: p(50), p90: p(90), p99: p(99), p999: p(99.9) }));
