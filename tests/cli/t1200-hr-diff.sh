#!/bin/bash
# hr-diff: difffolded.pl's output (sorted) for the same inputs, its options,
# and what it does with bad input.
. "$(dirname "$0")/../lib.sh"

D=$DATA/difftop

. "$D/lib-difftop.sh"

test_expect_success 'two profiles give difffolded.pl output, sorted by stack' '
	hr-diff "$D/before.folded" "$D/after.folded" >out &&
	test_cmp "$D/diff.expected" out
'
test_expect_success 'swapped profiles swap the columns' '
	hr-diff "$D/after.folded" "$D/before.folded" >out &&
	test_cmp "$D/diff-rev.expected" out &&
	hr-diff "$D/before.folded" "$D/after.folded" | awk "{ \$0 = \$0 }
		{ n = split(\$0, f, \" \"); t = f[n-1]; f[n-1] = f[n]; f[n] = t;
		  s = f[1]; for (i = 2; i <= n; i++) s = s \" \" f[i]; print s }" >swapped &&
	test_cmp swapped out
'
test_expect_success '--normalize scales the first profile as difffolded.pl -n does' '
	hr-diff --normalize "$D/before.folded" "$D/after.folded" >out &&
	test_cmp "$D/diff-n.expected" out &&
	hr-diff -n "$D/before.folded" "$D/after.folded" >out2 &&
	test_cmp out out2
'
test_expect_success 'repeated stacks and decimal counts add up' '
	hr-diff "$D/hex-a.folded" "$D/hex-b.folded" >out &&
	test_cmp "$D/hex.expected" out
'
test_expect_success '--strip-hex merges stacks that differ only in addresses' '
	hr-diff --strip-hex "$D/hex-a.folded" "$D/hex-b.folded" >out &&
	test_cmp "$D/hex-s.expected" out &&
	hr-diff -ns "$D/hex-a.folded" "$D/hex-b.folded" >out &&
	test_cmp "$D/hex-ns.expected" out
'
test_expect_success 'counts are complete: the columns sum to each profile total' '
	hr-diff "$D/before.folded" "$D/after.folded" >out &&
	awk "{ a += \$(NF-1); b += \$NF } END { print a, b }" out >sums &&
	awk "{ s += \$NF } END { printf \"%s \", s }" "$D/before.folded" >want &&
	awk "{ s += \$NF } END { print s }" "$D/after.folded" >>want &&
	test_cmp want sums
'
test_expect_success 'output is sorted by stack in byte order' '
	hr-diff "$D/before.folded" "$D/after.folded" |
		sed -e "s/ [0-9.]* [0-9.]*\$//" >stacks &&
	LC_ALL=C sort -c stacks && test $(sort -u stacks | wc -l) = $(wc -l <stacks)
'
test -n "$FLAMEGRAPH_DIR" && test -f "$FLAMEGRAPH_DIR/difffolded.pl" && test_set_prereq FLAMEGRAPH_DIR
test_expect_success FLAMEGRAPH_DIR 'agrees with difffolded.pl run beside it (FLAMEGRAPH_DIR)' '
	perl "$FLAMEGRAPH_DIR/difffolded.pl" -n "$D/hex-a.folded" "$D/before.folded" | LC_ALL=C sort >want &&
	hr-diff -n "$D/hex-a.folded" "$D/before.folded" | LC_ALL=C sort >got &&
	test_cmp want got
'
test_expect_success 'standard input as either profile' '
	hr-diff - "$D/after.folded" <"$D/before.folded" >out &&
	test_cmp "$D/diff.expected" out &&
	hr-diff "$D/before.folded" - <"$D/after.folded" >out &&
	test_cmp "$D/diff.expected" out
'
test_expect_success '--output writes a file' '
	hr-diff -o diff.folded "$D/before.folded" "$D/after.folded" >stdout &&
	! test -s stdout && test_cmp "$D/diff.expected" diff.folded
'
test_expect_success 'a differential line keeps its first count in the stack, as the Perl script' '
	printf "a;b 1 2\na;c 3\n" >two && printf "a;c 4\n" >one &&
	hr-diff two one >out &&
	printf "a;b 1 2 0\na;c 3 4\n" >want && test_cmp want out
'
test_expect_success 'blanks before and after the count, CR-LF and tabs are accepted' '
	printf "a;b  3 \r\na;c\t2\n\na;b 1\n" >messy && printf "a;b 5\n" >b &&
	hr-diff messy b >out 2>err &&
	printf "a;b 4 5\na;c 2 0\n" >want && test_cmp want out && ! test -s err
'
test_expect_success 'frames with spaces and semicolons at odd places' '
	printf "x;std::vector<int, std::allocator<int> >::push_back(int const&) 2\n;a 1\n" >sp &&
	printf "x;std::vector<int, std::allocator<int> >::push_back(int const&) 5\n" >sp2 &&
	hr-diff sp sp2 >out &&
	printf ";a 1 0\nx;std::vector<int, std::allocator<int> >::push_back(int const&) 2 5\n" >want &&
	test_cmp want out
'
test_expect_success 'invalid lines are skipped with a warning naming file and line' '
	printf "a;b 1\nno count here\na;c x\n 5\na;b 2\n" >bad &&
	hr-diff bad "$D/hex-b.folded" >out 2>err &&
	test_grep "^hr-diff: warning: bad:2: not a folded stack" err &&
	test_grep "bad:3:" err && test_grep "bad:4:" err &&
	grep "^a;b 3 0\$" out && ! grep "no count" out
'
test_expect_success 'more than three invalid lines are summed up' '
	{ echo "a 1"; for i in 1 2 3 4 5 6; do echo "junk$i"; done; } >bad &&
	hr-diff bad "$D/after.folded" >out 2>err &&
	test $(grep -c "not a folded stack" err) = 3 &&
	test_grep "bad: 6 invalid lines skipped" err
'
test_expect_success 'garbage without a single folded line is an error' '
	printf "hello\nworld\n" >garbage &&
	test_expect_code 2 hr-diff garbage "$D/after.folded" >out 2>err &&
	test_grep "^hr-diff: garbage: no folded stacks in 2 lines" err && ! test -s out
'
test_expect_success 'an empty profile is an error' '
	: >empty &&
	test_expect_code 2 hr-diff "$D/before.folded" empty 2>err &&
	test_grep "empty: no folded stacks" err
'
test_expect_success 'binary input is an error naming file and line' '
	{ printf "a;b 1\n"; printf "\000\001\002\377 7\n"; } >bin &&
	test_expect_code 2 hr-diff bin "$D/after.folded" >out 2>err &&
	test_grep "^hr-diff: bin:2: binary data" err &&
	head -c 4096 /bin/sh >elf &&
	test_expect_code 2 hr-diff "$D/after.folded" elf 2>err &&
	test_grep "^hr-diff: elf:1: binary data" err
'
test_expect_success 'truncated input: the cut line counts if it is still valid' '
	head -c 5000 "$D/before.folded" >cut &&
	hr-diff cut cut >out 2>err &&
	test $(wc -l <out) -ge 1 &&
	awk "{ if (\$(NF-1) != \$NF) exit 1 }" out
'
test_expect_success 'a missing file is an error naming it' '
	test_expect_code 2 hr-diff nosuch "$D/after.folded" 2>err &&
	test_grep "^hr-diff: cannot open .nosuch.: No such file" err
'
test_expect_success 'usage errors exit 2' '
	test_expect_code 2 hr-diff "$D/after.folded" 2>err &&
	test_grep "expected two folded files" err &&
	test_expect_code 2 hr-diff a b c 2>err &&
	test_expect_code 2 hr-diff - - </dev/null 2>err &&
	test_grep "only one of" err
'
test_expect_success '--normalize of a profile without samples is an error' '
	printf "a 0\n" >zero &&
	test_expect_code 2 hr-diff -n zero "$D/after.folded" 2>err &&
	test_grep "cannot normalize" err
'
test_expect_success 'a write error is reported' '
	test_expect_code 2 hr-diff "$D/before.folded" "$D/after.folded" >/dev/full 2>err &&
	test_grep "write error|No space" err
'
test_expect_success 'enormous input: 200000 distinct stacks and a 1 MB frame' '
	awk "BEGIN { for (i = 0; i < 200000; i++) printf \"p;main;f%d;g%d %d\n\", i % 977, i, i % 13 + 1 }" >big1 &&
	awk "BEGIN { for (i = 100000; i < 300000; i++) printf \"p;main;f%d;g%d %d\n\", i % 977, i, 2 }" >big2 &&
	{ printf "p;"; head -c 1000000 /dev/zero | tr "\\000" x; echo " 3"; } >>big1 &&
	hr-diff big1 big2 >out &&
	test $(wc -l <out) = 300001 &&
	awk "{ a += \$(NF-1); b += \$NF } END { print a, b }" out >sums &&
	awk "{ s += \$NF } END { printf \"%d \", s }" big1 >want &&
	awk "{ s += \$NF } END { print s }" big2 >>want &&
	test_cmp want sums &&
	grep -c " 0 2\$" out >only2 && test $(cat only2) = 100000 &&
	awk "length(\$0) > 1000000 { n++; if (\$2 != 3 || \$3 != 0) exit 1 } END { exit n != 1 }" out
'
test -x "$SRC_ROOT/bin/hr-flame" && test_set_prereq HR_FLAME
test_expect_success HR_FLAME 'hr-diff | hr-flame draws a differential flame graph' '
	hr-diff "$D/before.folded" "$D/after.folded" | hr-flame >diff.svg &&
	test_grep "<svg" diff.svg
'
test_expect_success 'memory grows with distinct stacks, not with input size' '
	small=$(peak_kb 3000 hr-diff fifo "$D/after.folded") &&
	big=$(peak_kb 1500000 hr-diff fifo "$D/after.folded") &&
	echo "peak: $small KB for 3000 lines, $big KB for 1500000" &&
	test $((big - small)) -lt 4096
'
test_done
