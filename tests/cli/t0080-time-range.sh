#!/bin/bash
# Times and durations on the command line are checked against one range in
# every tool (the years 1 to 9999, durations up to 10000y): beyond it a
# double once overflowed an int64_t, so --since 1e30 took all the history
# and --until 1e19 alone was "after --since". Out of range is an error
# naming the option, exit 2; the range's edges are accepted.
. "$(dirname "$0")/../lib.sh"

awk 'BEGIN { for (i = 0; i < 300; i++) printf "%d\t%g\n", 1767225600 + 3600 * i, 10 + i % 7 + i / 50 }' >s.tsv
HEADROOM_NOW=1700000000 hr-record -q --db h.db --top 0 --no-cgroups \
	--proc-root "$DATA/record/v2/snap1/proc" --sys-root "$DATA/record/v2/snap1/sys"

# refused WHAT TOOL ARGS...: exit 2, and "TOOL: OPT: 'VALUE' is out of range
# (WHAT)" first on stderr, nothing on stdout.
refused() {
	local what=$1
	shift
	test_expect_code 2 timeout 60 "$@" >out 2>err </dev/null &&
	test ! -s out &&
	head -1 err >first &&
	test_grep "^$1: -[-a-z]+: '[^']+' is out of range \\($what\\)$" first ||
	{ echo "for: $*" >&2; return 1; }
}
T='the years 1 to 9999'
D='at most 10000 years'

test_expect_success 'hr-query: --since and --until, times and durations before now' '
	refused "$T" hr-query --db h.db --since 1e30 mem.total_bytes &&
	refused "$T" hr-query --db h.db --until 1e19 mem.total_bytes &&
	refused "$T" hr-query --db h.db --until -1e19 mem.total_bytes &&
	refused "$D" hr-query --db h.db --timeout 1e30 --prometheus http://127.0.0.1:9 up &&
	test_expect_code 2 hr-query --db h.db --since 1e30s mem.total_bytes 2>err &&
	test_grep "before the year 1" err &&
	hr-query --db h.db --since 0001-01-01T00:00:00Z --until 9999-12-31T23:59:59Z mem.total_bytes >out &&
	test_grep "^1700000000	" out &&
	HEADROOM_NOW=1700000000 hr-query --db h.db --since 50y mem.total_bytes >out &&
	test_grep "^1700000000	" out
'

test_expect_success 'hr-forecast: --since as a time or a duration, --horizon, --step, --season' '
	refused "$T" hr-forecast --since 1e19 s.tsv &&
	refused "$T" hr-forecast --since -1e19 s.tsv &&
	refused "$T" hr-forecast --until 1e19 s.tsv &&
	refused "$D" hr-forecast --since 1e30s s.tsv &&
	refused "$D" hr-forecast --horizon 1e30s s.tsv &&
	refused "$D" hr-forecast --horizon 3.2e11s s.tsv &&
	refused "$D" hr-forecast --step 1e30 s.tsv &&
	refused "$D" hr-forecast --season 24h,1e30s s.tsv &&
	hr-forecast --since 10000y -H 3 s.tsv >out &&
	test "$(grep -vc "^#" out)" = 3 &&
	hr-forecast --since 0 -H 3 s.tsv >out2 &&
	test_cmp out out2
'

test_expect_success 'hr-rightsize: --since, --until, --half-life, --horizon' '
	refused "$D" hr-rightsize --since 1e30 -i s.tsv &&
	refused "$T" hr-rightsize --until 1e19 -i s.tsv &&
	refused "$T" hr-rightsize --until -1e19 -i s.tsv &&
	refused "$D" hr-rightsize --half-life 1e30 -i s.tsv &&
	refused "$D" hr-rightsize --horizon 1e30 -i s.tsv &&
	refused "$D" hr-rightsize --db h.db --since 1e30 &&
	refused "$T" hr-rightsize --db h.db --until 1e19
'

test_expect_success 'hr-record: --interval, --retain, --retain-rollups and the remote-write durations' '
	refused "$D" hr-record --db r.db --interval 1e30 &&
	refused "$D" hr-record --db r.db --retain 1e30 &&
	refused "$D" hr-record --db r.db --retain 10001y &&
	refused "$D" hr-record --db r.db --retain-rollups 1e30 &&
	refused "$D" hr-record --db r.db --remote-write http://127.0.0.1:9 --remote-write-timeout 1e30 &&
	refused "$D" hr-record --db r.db --remote-write http://127.0.0.1:9 --remote-write-every 1e30 &&
	test ! -e r.db &&
	HEADROOM_NOW=1700000060 hr-record -q --db h.db --top 0 --no-cgroups --retain 10000y --retain-rollups 10000y \
		--proc-root "$DATA/record/v2/snap1/proc" --sys-root "$DATA/record/v2/snap1/sys" &&
	test "$(hr-query --db h.db mem.total_bytes | grep -vc "^#")" = 2
'

test_expect_success 'hr-sample -d; hr-latency --window, --expected-interval, --apdex; hr-usl --window, --max-response-time' '
	refused "$D" hr-sample -d 1e30 -- true &&
	refused "$D" hr-latency --window 1e30 &&
	refused "$D" hr-latency --expected-interval 1e30s &&
	refused "$D" hr-latency --apdex 1e30s &&
	refused "$D" hr-usl --window 1e30 &&
	refused "$D" hr-usl --max-response-time 1e30s
'

test_done
