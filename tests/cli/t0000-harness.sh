#!/bin/bash
# The test harness itself: success, failure detection and exit codes.
. "$(dirname "$0")/../lib.sh"

test_expect_success 'a passing body passes' '
	true
'
test_expect_success 'test_expect_code sees the exit status' '
	test_expect_code 3 sh -c "exit 3" &&
	! test_expect_code 0 sh -c "exit 3" 2>/dev/null
'
test_expect_success 'test_cmp tells equal files from different ones' '
	echo a >x && echo a >y && echo b >z &&
	test_cmp x y && ! test_cmp x z 2>/dev/null
'
test_expect_success 'test_when_finished inside a body runs at the end' '
	test_when_finished "rm -f \"$TRASH/../when-finished-probe\"" &&
	touch "$TRASH/../when-finished-probe"
'
probe=$TRASH/../when-finished-probe
run_cleanups
test_expect_success 'the cleanup registered in a body has run' "
	! test -e '$probe'
"
test_done
