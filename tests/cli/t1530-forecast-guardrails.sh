#!/bin/bash
# hr-forecast's guardrails: a horizon long for the history lowers the
# confidence, a usage forecast that passes its size says so, a percentage
# threshold is read against the size, bytes do not go below 0 unsaid.
. "$(dirname "$0")/../lib.sh"

# gen NAME START PER_DAY DAYS: hourly points of a line with a little
# deterministic noise when it grows.
gen() {
	awk -v name="$1" -v y0="$2" -v d="$3" -v days="$4" -v step=3600 'BEGIN {
		n = days * 86400 / step
		for (i = 0; i < n; i++)
			printf "%d\t%s\t%.0f\n", 1767225600 + i * step, name,
				y0 + d * i * step / 86400 + (d ? 2e7 * sin(i * 1.7) : 0)
	}'
}
G=1073741824

test_expect_success 'setup: ten days of a disk filling 1G a day to 15G, and its 20G size' '
	gen "fs.used_bytes{mount=/data}" $((5 * G)) $G 10 >used.tsv &&
	gen "fs.size_bytes{mount=/data}" $((20 * G)) 0 10 >size.tsv &&
	cat used.tsv size.tsv >both.tsv
'

test_expect_success 'a horizon within three times the history: no warning, confidence medium' '
	hr-forecast -H 20d --json used.tsv >m.json 2>m.err &&
	! test_grep "confidence is low" m.err &&
	test_grep "\"confidence\":\"medium\"" m.json &&
	hr-forecast -H 5d --json used.tsv >h.json 2>/dev/null &&
	test_grep "\"confidence\":\"high\"" h.json
'

test_expect_success 'a horizon over three times the history warns and lowers the confidence' '
	head -12 used.tsv >short.tsv &&
	hr-forecast -H 30d -t 100G short.tsv >f.tsv 2>err &&
	test -s f.tsv &&
	test_grep "warning: fs.used_bytes\{mount=/data\}: the horizon \(4.29w\) is [0-9]+ times the history \(11h\); confidence is low" err &&
	test_grep "cross 100G .*; low confidence: the horizon is [0-9]+ times the history$" err &&
	hr-forecast -H 30d --summary short.tsv 2>/dev/null >s.txt &&
	test_grep "^confidence: +low \(the horizon is [0-9]+ times the history\)$" s.txt &&
	hr-forecast -H 30d --json short.tsv 2>/dev/null >s.json &&
	test_grep "\"confidence\":\"low\"" s.json
'

test_expect_success '--threshold 90% is read against the matching size series' '
	test_expect_code 1 hr-forecast -H 20d -t 90% both.tsv >f.tsv 2>err &&
	test_grep "fs.used_bytes\{mount=/data\} crosses 90% of fs.size_bytes \(18G\) on 2026-01-1[34]" err &&
	! test_grep "fs.size_bytes\{mount=/data\} (crosses|is already|does not)" err &&
	test_expect_code 1 hr-forecast -H 20d -t 90% --json both.tsv >f.json 2>/dev/null &&
	grep "\"series\":\"fs.used_bytes" f.json >used.json &&
	test_grep "\"threshold\":19327352832[,}]" used.json &&
	grep "\"series\":\"fs.size_bytes" f.json >size.json &&
	! test_grep "\"threshold\"" size.json
'

test_expect_success 'a used forecast that passes the size says when' '
	hr-forecast -H 20d both.tsv >f.tsv 2>err &&
	test_grep "warning: fs.used_bytes\{mount=/data\}: the forecast passes fs.size_bytes\{mount=/data\} \(20G\) on 2026-01-1[56]T[0-9:]+Z, which the usage cannot" err &&
	hr-forecast -H 20d --json both.tsv >f.json 2>/dev/null &&
	test_grep "\"exceeds_size_iso\":\"2026-01-1[56]T" f.json &&
	hr-forecast -H 3d both.tsv >f.tsv 2>err5 &&
	! test_grep "passes" err5
'

test_expect_success 'a percentage without the size in the input is the plain number, with a warning' '
	{ hr-forecast -H 5d -t 90% used.tsv >f.tsv 2>err; test $? -le 1; } &&
	test_grep "series .fs.used_bytes\{mount=/data\}.: --threshold 90% is read as the value 90: the input has no fs.size_bytes\{mount=/data\}" err
'

test_expect_success 'a forecast of bytes below 0 is a warning' '
	gen "fs.avail_bytes{mount=/data}" $((5 * G)) -$G 4 >avail.tsv &&
	hr-forecast -H 10d avail.tsv >f.tsv 2>err &&
	test_grep "warning: fs.avail_bytes\{mount=/data\}: the forecast falls below 0 bytes" err &&
	hr-forecast -H 1d avail.tsv >f.tsv 2>err1 &&
	! test_grep "below 0" err1
'
test_done
