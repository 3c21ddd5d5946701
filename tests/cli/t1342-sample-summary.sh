#!/bin/bash
# hr-sample's summary: a number where a command belongs is a usage error with
# a hint, the summary as JSON, and a hint for binaries without symbols.
. "$(dirname "$0")/../lib.sh"

test_expect_success 'hr-sample --pid 1234: 1234 is not taken for a command' '
	test_expect_code 2 hr-sample --pid 1234 2>err &&
	test_grep "^hr-sample: .1234. is not a command \(--pid only adds the PID to frames\); did you mean -p 1234\?$" err &&
	test_grep "Try .hr-sample --help." err &&
	test_expect_code 2 hr-sample -d 1 4321 2>err2 &&
	test_grep "did you mean -p 4321\?" err2
'

test_expect_success 'after --, a command that is a number is run as asked' '
	test_expect_code 2 hr-sample --pid -- 1234 2>err &&
	test_grep "cannot run .1234." err &&
	! test_grep "did you mean" err
'

if hr-sample -q -d 100ms -- true >/dev/null 2>probe.err; then
	test_set_prereq SAMPLING
else
	say "perf_event_open refused: $(cat probe.err)"
fi

# A busy shell loop: dash (or the system's sh) ships without symbols.
loop='i=0; while [ $i -lt 60000 ]; do i=$((i+1)); done'

test_expect_success SAMPLING '--summary-json writes the figures of the summary, with or without -q' '
	hr-sample -F 299 --summary-json s.json -o s.folded -- sh -c "$loop" 2>summary &&
	test -s s.json &&
	samples=$(sed -n "s/^hr-sample: \([0-9]*\) samples in .*/\1/p" summary) &&
	test -n "$samples" &&
	test_grep "^\{\"samples\":$samples,\"seconds\":[0-9.]+,\"lost\":[0-9]+,\"threads\":1,\"binaries\":[0-9]+,\"stacks\":[0-9]+,\"call_graph\":\"dwarf\",\"user_stacks\":\{\"complete\":" s.json &&
	stacks=$(sed -n "s/.* \([0-9]*\) distinct stacks$/\1/p" summary) &&
	test_grep "\"stacks\":$stacks," s.json &&
	test "$(awk "{ s += \$NF } END { print s }" s.folded)" = "$samples" &&
	hr-sample -q -F 299 --summary-json q.json -o /dev/null -- sh -c "$loop" 2>q.err &&
	! test -s q.err &&
	test_grep "^\{\"samples\":[1-9]" q.json &&
	if command -v jq >/dev/null; then jq -e ".without_symbols | type == \"array\"" q.json >/dev/null; fi
'

test_expect_success SAMPLING 'a stripped binary gets one hint naming -dbgsym and debuginfod' '
	strip -o wl-stripped "$SRC_ROOT/build/tests/sample-workload" &&
	hr-sample -F 299 -o /dev/null -- ./wl-stripped 0.5 2>summary &&
	test_grep "^  .*/wl-stripped: [0-9]+ of [0-9]+ frames$" summary &&
	test_grep "^    hint: install its debug symbols, the -dbgsym package .*dpkg -S .*/wl-stripped.* DEBUGINFOD_URLS .*\(build ID [0-9a-f]+\)$" summary &&
	test $(grep -c "hint:" summary) = 1 &&
	hr-sample -q -F 299 --summary-json s.json -o /dev/null -- ./wl-stripped 0.5 &&
	test_grep "\{\"binary\":\"[^\"]*/wl-stripped\",\"frames\":[0-9]+,\"missing\":[0-9]+,\"stripped\":true,\"build_id\":\"[0-9a-f]+\"\}" s.json &&
	hr-sample -F 299 -o /dev/null -- "$SRC_ROOT/build/tests/sample-workload" 0.5 2>full &&
	! test_grep "hint:.*sample-workload" full
'
test_done
