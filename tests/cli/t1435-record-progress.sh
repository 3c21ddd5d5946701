#!/bin/bash
# A long hr-record --interval run shows one updating progress line on a
# terminal's standard error, and nothing in a pipe.
. "$(dirname "$0")/../lib.sh"

command -v script >/dev/null && test_set_prereq SCRIPT

test_expect_success SCRIPT 'on a terminal: one line, redrawn after each snapshot, cleared at the end' '
	script -qfec "hr-record -q --db t.db --top 0 --no-cgroups -i 2s -n 3" /dev/null >tty.out &&
	tr "\r" "\n" <tty.out >lines &&
	test_grep "^1 of 3 snapshots, one every 2s; the last at [0-9-]+T[0-9:]+Z *$" lines &&
	test_grep "^2 of 3 snapshots, one every 2s; the last at [0-9-]+T[0-9:]+Z *$" lines &&
	! grep -q "^3 of 3" lines &&
	awk "/^2 of 3 / { last = NR; next } last && NR == last + 1 && /^ +\$/ { ok = 1 } END { exit !ok }" lines &&
	test $(hr-query --db t.db --list --format csv | grep -c "^mem.used_bytes") = 1
'

test_expect_success SCRIPT 'without --count it says how to stop' '
	script -qfec "timeout -s INT 1.5 hr-record -q --db u.db --top 0 --no-cgroups -i 1s; true" /dev/null >tty2.out &&
	tr "\r" "\n" <tty2.out >lines2 &&
	test_grep "^1 snapshots, one every 1s; the last at .* \(Ctrl-C stops\) *$" lines2
'

test_expect_success 'in a pipe or a file: nothing on standard error' '
	hr-record -q --db p.db --top 0 --no-cgroups -i 2s -n 2 2>err &&
	! test -s err
'
test_done
