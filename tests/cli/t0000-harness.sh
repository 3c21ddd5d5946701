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
test_expect_success 'test_when_finished inside a body runs when the test ends' '
	test_when_finished "rm -f \"$TRASH/../when-finished-probe\"" &&
	touch "$TRASH/../when-finished-probe"
'
probe=$TRASH/../when-finished-probe
test_expect_success 'the cleanup registered in the last test has run' "
	! test -e '$probe'
"
test_expect_success 'a failing test is cleaned up too' '
	(
		test_expect_success "fails" "
			test_when_finished \"rm -f fail-probe\" &&
			touch fail-probe && false
		"
	) >inner.out &&
	grep -q "^not ok .* - fails" inner.out &&
	! test -e fail-probe
'
test_expect_success 'cleanups run newest first' '
	(
		test_expect_success "two" "
			test_when_finished \"echo first >>order\" &&
			test_when_finished \"echo second >>order\"
		"
	) >/dev/null &&
	printf "second\nfirst\n" >expect &&
	test_cmp expect order
'
test_expect_success 'a broken &&-chain fails the test' '
	(
		test_expect_success "broken" "
			false
			true
		"
	) >inner.out &&
	grep -q "^not ok .* - broken" inner.out &&
	grep -q "broken &&-chain" inner.out
'
test_expect_success '|| true in a body fails the test' '
	body="false |""| true && true" &&
	(
		test_expect_success "swallowed" "$body"
	) >inner.out &&
	grep -q "^not ok .* - swallowed" inner.out &&
	grep -q "test_might_fail" inner.out
'
test_expect_success 'an intact chain over several lines passes the lint' '
	(
		test_expect_success "intact" "
			echo a >f &&
			if test -s f
			then
				echo b >>f
			fi &&
			for i in 1 2; do echo \$i; done >g
		"
	) >inner.out &&
	grep -q "^ok .* - intact" inner.out
'
test_expect_success 'test_might_fail allows a failure but not a crash' '
	test_might_fail false &&
	! test_might_fail sh -c "kill -SEGV \$\$" 2>err &&
	grep -q "killed by signal 11" err
'
test_done
