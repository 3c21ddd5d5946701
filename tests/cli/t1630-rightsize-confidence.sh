#!/bin/bash
# Confidence from the length and completeness of history, and the window
# (--since, --until) that history is taken from.
. "$(dirname "$0")/../lib.sh"
. "$DATA/rightsize/lib-rightsize.sh"

conf() {
	hr-rightsize -i "$1" --json >out.json && json_get out.json /svc/c confidence
}

test_expect_success 'a day-old service: low confidence, and a note says why' '
	gen steady cg=/svc/c days=1 >h.tsv &&
	test "$(conf h.tsv)" = low &&
	json_get out.json /svc/c note >note && test_grep "only 1d of history" note &&
	test "$(json_get out.json /svc/c history_seconds)" = 86400
'

test_expect_success 'half a day: low' '
	gen steady cg=/svc/c days=0.5 >h.tsv &&
	test "$(conf h.tsv)" = low
'

test_expect_success 'three days: medium' '
	gen steady cg=/svc/c days=3 >h.tsv &&
	test "$(conf h.tsv)" = medium
'

test_expect_success 'two weeks without gaps: high' '
	gen steady cg=/svc/c days=14 >h.tsv &&
	test "$(conf h.tsv)" = high &&
	test "$(json_get out.json /svc/c completeness)" = 1
'

test_expect_success 'two weeks with one day in three: low (a third complete)' '
	gen steady cg=/svc/c days=14 only=3 >h.tsv &&
	test "$(conf h.tsv)" = low &&
	between "$(json_get out.json /svc/c completeness)" 0.35 0.40
'

test_expect_success 'two weeks with every second day missing: medium (half complete)' '
	gen steady cg=/svc/c days=14 gap=2 >h.tsv &&
	test "$(conf h.tsv)" = medium &&
	between "$(json_get out.json /svc/c completeness)" 0.5 0.55
'

test_expect_success 'two weeks with every fifth day missing: medium' '
	gen steady cg=/svc/c days=14 gap=5 >h.tsv &&
	test "$(conf h.tsv)" = medium
'

test_expect_success '--since limits the history sized from' '
	gen steady cg=/svc/c days=14 >h.tsv &&
	hr-rightsize -i h.tsv --since 12h --json >out.json &&
	test "$(json_get out.json /svc/c confidence)" = low &&
	test "$(json_get out.json /svc/c history_seconds)" = 43500
'

test_expect_success '--until moves the window: an old spike is seen, or not' '
	{ gen steady cg=/svc/c days=10 cpu=0.2 limit=2 &&
	  gen steady cg=/svc/c days=1 cpu=1.95 limit=2 start=$((1767225600 + 10 * 86400)); } >h.tsv &&
	test_expect_code 1 hr-rightsize -i h.tsv --json >out.json &&
	test "$(json_get out.json /svc/c cpu_verdict)" = under &&
	hr-rightsize -i h.tsv --until 2026-01-10T12:00:00Z --json >out.json &&
	test "$(json_get out.json /svc/c cpu_verdict)" = over
'

test_expect_success '--since 0 takes all of the history' '
	gen steady cg=/svc/c days=20 >h.tsv &&
	hr-rightsize -i h.tsv --since 0 --json >out.json &&
	test "$(json_get out.json /svc/c history_seconds)" = $((20 * 86400)) &&
	hr-rightsize -i h.tsv --json >out.json &&
	test "$(json_get out.json /svc/c history_seconds)" = $((14 * 86400 + 300))
'

test_expect_success 'a window without samples is an error (exit 2)' '
	test_expect_code 2 hr-rightsize -i h.tsv --until 2020-01-01T00:00:00Z 2>err &&
	test_grep "^hr-rightsize: h.tsv: no samples from 2019-12-18T00:00:00Z to 2020-01-01T00:00:00Z \\(see --since and --until\\); the history holds data from 2026-01-01T00:00:00Z to 2026-01-2[01]T" err &&
	test_expect_code 2 hr-rightsize -i h.tsv --since 0 --until 2020-01-01T00:00:00Z 2>err &&
	test_grep "no samples from the beginning to 2020-01-01T00:00:00Z" err
'
test_done
