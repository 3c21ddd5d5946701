#!/bin/bash
# hr-top: self and total per function, checked against an independent awk
# computation; sorting, rows, --grep, the two output forms and bad input.
. "$(dirname "$0")/../lib.sh"

D=$DATA/difftop

. "$D/lib-difftop.sh"

# The reference: per function "name<TAB>self<TAB>self%<TAB>total<TAB>total%",
# recursion counted once per stack, annotations stripped. $1 is an awk regex a
# stack must pass through (empty: all); percentages are of all samples.
cat >ref.awk <<'AWK'
{
	c = $NF; s = $0
	sub(/[ \t]+[^ \t]+[ \t]*$/, "", s)
	all += c
	n = split(s, f, ";")
	for (i = 1; i <= n; i++) sub(/_\[[kjiw]\]$/, "", f[i])
	if (re != "") {
		keep = 0
		for (i = 1; i <= n; i++) if (f[i] ~ re) keep = 1
		if (keep == inv) next
	}
	split("", seen)
	for (i = 1; i <= n; i++) if (!(f[i] in seen)) { seen[f[i]] = 1; tot[f[i]] += c }
	self[f[n]] += c
}
END {
	for (k in tot)
		printf "%s\t%d\t%.2f\t%d\t%.2f\n", k, self[k], 100 * self[k] / all, tot[k], 100 * tot[k] / all
}
AWK
ref() { awk -v re="$1" -v inv="${3:-0}" -f "$TRASH/ref.awk" "$2" | LC_ALL=C sort; }
# hr-top's TSV rearranged as the reference prints it.
got() { awk -F'\t' 'NR > 1 { print $5 "\t" $1 "\t" $2 "\t" $3 "\t" $4 }' | LC_ALL=C sort; }

cat >rec.folded <<'EOF2'
p;main;f;f;f 3
p;main;f;g;f 2
p;main;g 4
p;main;f;h_[k] 1
p;main;h_[k] 5
p;main 1
EOF2

test_expect_success 'self and total match an independent computation' '
	ref "" "$D/after.folded" >want &&
	hr-top --tsv -n 0 "$D/after.folded" | got >have &&
	test_cmp want have &&
	test $(wc -l <have) -gt 50
'
test_expect_success 'recursion counts once per stack in total; annotations are stripped' '
	hr-top --tsv -n 0 rec.folded >out &&
	printf "self\tself_pct\ttotal\ttotal_pct\tfunction\n6\t37.50\t6\t37.50\th\n5\t31.25\t6\t37.50\tf\n4\t25.00\t6\t37.50\tg\n1\t6.25\t16\t100.00\tmain\n0\t0.00\t16\t100.00\tp\n" >want &&
	test_cmp want out &&
	ref "" rec.folded >want && got <out >have && test_cmp want have
'
test_expect_success 'the order of the input lines does not matter' '
	hr-diff "$D/before.folded" "$D/after.folded" | awk "{ print \$1 \";x \" \$NF }" >sorted &&
	cat "$D/before.folded" "$D/after.folded" rec.folded >>sorted &&
	awk "{ print NR % 7, \$0 }" sorted | sort -n -s -k1,1 | cut -d" " -f2- >shuffled &&
	! cmp -s sorted shuffled &&
	hr-top --tsv -n 0 sorted >a && hr-top --tsv -n 0 shuffled >b && test_cmp a b &&
	ref "" shuffled >want && got <b >have && test_cmp want have
'
test_expect_success 'sorted by self, ties by total then name; -n limits the rows' '
	hr-top --tsv -n 0 "$D/before.folded" >all &&
	awk -F"\t" "NR > 1 { print \$1 }" all >selfs && sort -rn -c selfs &&
	hr-top --tsv -n 7 "$D/before.folded" >seven &&
	test $(wc -l <seven) = 8 && head -8 all >want && test_cmp want seven &&
	hr-top --tsv "$D/before.folded" >default && test $(wc -l <default) = 21
'
test_expect_success '--sort total orders by total' '
	hr-top --tsv --sort total -n 0 "$D/before.folded" >out &&
	awk -F"\t" "NR > 1 { print \$3 }" out >tots && sort -rn -c tots &&
	head -2 out | tail -1 | cut -f5 >first && echo iperf >want && test_cmp want first &&
	hr-top --tsv -s total -n 0 "$D/before.folded" | got >a && got <out >b && test_cmp a b
'
test_expect_success '--grep keeps only stacks through matching frames' '
	ref "^tcp_" "$D/after.folded" >want &&
	hr-top --tsv -n 0 --grep "^tcp_" "$D/after.folded" | got >have &&
	test_cmp want have &&
	test $(wc -l <have) -lt $(hr-top --tsv -n 0 "$D/after.folded" | wc -l) &&
	ref "^tcp_" "$D/after.folded" 1 >want &&
	hr-top --tsv -n 0 -v -g "^tcp_" "$D/after.folded" | got >have &&
	test_cmp want have &&
	hr-top --tsv -n 0 -i -g "^TCP_" "$D/after.folded" | got >have2 &&
	ref "^tcp_" "$D/after.folded" >want && test_cmp want have2
'
test_expect_success '--grep matching nothing gives an empty table' '
	hr-top --tsv -g "^no such function\$" "$D/after.folded" >out &&
	test $(wc -l <out) = 1 &&
	hr-top --table -g "^no such function\$" "$D/after.folded" >out &&
	test_grep "^matching: 0 samples \(0.00%\) in 0 stacks" out
'
test_expect_success 'an invalid regular expression is a usage error' '
	test_expect_code 2 hr-top --grep "a(" "$D/after.folded" 2>err &&
	test_grep "invalid regular expression" err &&
	test_expect_code 2 hr-top -v "$D/after.folded" 2>err &&
	test_grep "needs --grep" err
'
test_expect_success 'several files add up, and - is standard input' '
	cat "$D/before.folded" "$D/after.folded" >both &&
	hr-top --tsv -n 0 both >want &&
	hr-top --tsv -n 0 "$D/before.folded" - <"$D/after.folded" >have &&
	test_cmp want have &&
	hr-top --tsv -n 0 <both >have && test_cmp want have
'
test_expect_success 'two-count input shows both profiles and the change' '
	hr-diff "$D/before.folded" "$D/after.folded" >diff.folded &&
	hr-top --tsv -n 0 diff.folded >out &&
	head -1 out >hdr &&
	printf "self1\tself2\tself1_pct\tself2_pct\tself_delta_pct\ttotal1\ttotal2\ttotal1_pct\ttotal2_pct\ttotal_delta_pct\tfunction\n" >want &&
	test_cmp want hdr &&
	awk -F"\t" "NR > 1 && (\$2 > 0 || \$7 > 0) { print \$11 \"\t\" \$2 \"\t\" \$4 \"\t\" \$7 \"\t\" \$9 }" out | LC_ALL=C sort >have &&
	ref "" "$D/after.folded" >want && test_cmp want have &&
	awk -F"\t" "NR > 1 && (\$1 > 0 || \$6 > 0) { print \$11 \"\t\" \$1 \"\t\" \$3 \"\t\" \$6 \"\t\" \$8 }" out | LC_ALL=C sort >have &&
	ref "" "$D/before.folded" >want && test_cmp want have &&
	awk -F"\t" "NR > 1 { d = \$4 - \$3; e = \$5 + 0; if (d - e > 0.011 || e - d > 0.011) { print; exit 1 } }" out
'
test_expect_success '--sort delta puts the largest change first' '
	hr-top --tsv --sort delta -n 0 diff.folded >out &&
	awk -F"\t" "NR > 1 { v = \$5 < 0 ? -\$5 : \$5; print v + 0 }" out >d && sort -rn -c d &&
	hr-top --tsv --sort delta -n 1 diff.folded | tail -1 | cut -f11 >first &&
	echo copy_user_enhanced_fast_string >want && test_cmp want first &&
	hr-top --tsv --sort delta-total -n 0 diff.folded >out &&
	awk -F"\t" "NR > 1 { v = \$10 < 0 ? -\$10 : \$10; print v + 0 }" out >d && sort -rn -c d
'
test_expect_success '--sort delta needs two counts; an unknown key is refused' '
	test_expect_code 2 hr-top --sort delta "$D/after.folded" 2>err &&
	test_grep "needs two counts" err &&
	test_expect_code 2 hr-top --sort bogus "$D/after.folded" 2>err &&
	test_grep "Try .hr-top --help." err &&
	test_expect_code 2 hr-top -n -3 "$D/after.folded" 2>err &&
	test_expect_code 2 hr-top -n x "$D/after.folded" 2>err &&
	test_grep "--rows: expected a whole number, got" err
'
test_expect_success 'a frame ending in " N" in a one-count profile stays a frame' '
	printf "java;main 1\njava;Thread 1 5\njava;Thread 2 3\n" >thr &&
	hr-top --tsv thr | cut -f1,5 >out &&
	printf "self\tfunction\n5\tThread 1\n3\tThread 2\n1\tmain\n0\tjava\n" >want && test_cmp want out
'
test_expect_success '--table aligns the columns; --tsv is the default off a terminal' '
	hr-top -n 5 "$D/after.folded" >tsv && test_grep "^self	self_pct" tsv &&
	hr-top --table -n 5 "$D/after.folded" >tab &&
	test_grep "^samples: 101 in 59 stacks, 106 functions\$" tab &&
	sed -n 2p tab >hdr && test_grep "^SELF  SELF%  TOTAL  TOTAL%  FUNCTION\$" hdr &&
	pos=$(awk "NR == 2 { print index(\$0, \"FUNCTION\") }" tab) &&
	tail -n +3 tab | cut -c$pos- >names && cut -f5 tsv | tail -n +2 >want && test_cmp want names &&
	tail -n +3 tab | awk -v p=$pos "{ if (substr(\$0, p - 2, 2) != \"  \" || length(\$0) < p) exit 1 }"
'
test_expect_success 'on a terminal: aligned columns, names shortened unless --wide' '
	if ! script -qec true /dev/null >/dev/null 2>&1; then echo "# script(1) cannot make a terminal"; exit 1; fi &&
	COLUMNS=40 script -qec "stty cols 40; hr-top -n 3 \"$D/before.folded\"" /dev/null >tty.out &&
	test_grep "^SELF  SELF%  TOTAL  TOTAL%  FUNCTION" tty.out &&
	tr -d "\r" <tty.out | awk "length(\$0) > 40 { exit 1 }" &&
	test_grep "\.\.\." tty.out &&
	script -qec "stty cols 40; hr-top -w -n 3 \"$D/before.folded\"" /dev/null >tty.out &&
	tr -d "\r" <tty.out | awk "length(\$0) > 40 { n++ } END { exit !n }"
'
test_expect_success 'invalid lines are skipped with a warning naming file and line' '
	printf "a;b 1\nno count\na;c 2\n" >bad &&
	hr-top --tsv bad >out 2>err &&
	test_grep "^hr-top: warning: bad:2: not a folded stack" err &&
	test $(wc -l <out) = 4
'
test_expect_success 'a one-count line among two-count lines is reported' '
	printf "a;b 1 2\na;c 3\n" >mixed &&
	hr-top --tsv mixed >out 2>err &&
	test_grep "mixed:2: one count in a profile of two" err
'
test_expect_success 'garbage, empty and binary input are errors naming file and line' '
	printf "hello\nworld\n" >garbage &&
	test_expect_code 2 hr-top garbage >out 2>err &&
	test_grep "^hr-top: garbage: no folded stacks" err && ! test -s out &&
	test_expect_code 2 hr-top </dev/null 2>err &&
	test_grep "^hr-top: -: no folded stacks" err &&
	head -c 4096 /bin/sh >elf &&
	test_expect_code 2 hr-top elf 2>err &&
	test_grep "^hr-top: elf:1: binary data" err &&
	test_expect_code 2 hr-top nosuch 2>err &&
	test_grep "cannot open .nosuch." err
'
test_expect_success 'truncated input still adds up' '
	head -c 7000 "$D/after.folded" >cut &&
	grep -E " [0-9]+\$" cut >valid &&
	ref "" valid >want &&
	hr-top --tsv -n 0 cut 2>err | got >have &&
	test_cmp want have
'
test_expect_success 'enormous input: 300000 stacks, deep recursion, a 1 MB frame' '
	awk "BEGIN { for (i = 0; i < 300000; i++) printf \"p;main;f%d;r;r;r;g%d %d\n\", i % 97, i % 1009, i % 7 + 1 }" >big &&
	{ printf p; yes ";r" | head -n 20000 | tr -d "\\n"; echo " 5"; } >>big &&
	{ printf "p;"; head -c 1000000 /dev/zero | tr "\\000" x; echo " 3"; } >>big &&
	hr-top --tsv -n 0 big >out &&
	ref "" big >want && got <out >have && test_cmp want have &&
	grep -q "	r\$" out &&
	awk -F"\t" "length(\$5) == 1000000 { n++ } END { exit n != 1 }" out
'
test_expect_success '--output writes the table to a file; a closed pipe ends quietly' '
	hr-top -o top.tsv -n 3 "$D/after.folded" >stdout &&
	! test -s stdout && test $(wc -l <top.tsv) = 4 && test_grep "^self	" top.tsv &&
	hr-top --table -o top.txt -n 3 "$D/after.folded" && test_grep "^SELF " top.txt &&
	awk "BEGIN { for (i = 0; i < 50000; i++) printf \"p;main;function_number_%d %d\n\", i, i % 5 + 1 }" >many &&
	hr-top --tsv -n 0 many 2>err | head -1 >first &&
	! test -s err && test_grep "^self" first
'
test_expect_success 'a write error is reported' '
	test_expect_code 2 hr-top "$D/after.folded" >/dev/full 2>err &&
	test_grep "write error|No space" err
'
test_expect_success 'memory grows with distinct stacks, not with input size' '
	small=$(peak_kb 3000 hr-top fifo) &&
	big=$(peak_kb 1500000 hr-top fifo) &&
	echo "peak: $small KB for 3000 lines, $big KB for 1500000" &&
	test $((big - small)) -lt 4096
'
test_done
