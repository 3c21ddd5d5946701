#!/bin/bash
# Frame names are attacker-controlled text: every profiling tool reads and
# writes them by the escaping rule of headroom-folded(5), losslessly, and no
# name breaks a TSV line, a JSON document, an SVG or a terminal.
. "$(dirname "$0")/../lib.sh"

command -v jq >/dev/null && test_set_prereq JQ
command -v xmllint >/dev/null && test_set_prereq XMLLINT
script -qec true /dev/null >/dev/null 2>&1 && test_set_prereq TTY

# Escaped as the rule writes them: an escape sequence and invalid UTF-8, a
# TAB, a ';', a backslash that stays, one that would start an escape, a
# leaf that ends in a number, a leading '#'.
cat >escaped.folded <<'EOF'
\x23comm;ev\x1b]0\x3bPWN\x07\x1b[2J\xff;tab\x09bed 5
\x23comm;semi\x3bcolon;RegExp:\bFoo [\\];text \x5cx41;worker\x2012 7
plain;main;f 3
EOF
# The same names raw, as a tool that does not escape would write them.
printf 'comm;ev\033]0;PWN\007\033[2J\377;tab\tbed 5\n' >raw.folded

test_expect_success 'hr-diff and hr-fold give escaped stacks back unchanged' '
	LC_ALL=C sort escaped.folded >want &&
	hr-fold escaped.folded >folded.out && test_cmp want folded.out &&
	hr-diff escaped.folded escaped.folded >diff.out &&
	sed -E "s/ [0-9]+ [0-9]+\$//" diff.out >stacks &&
	sed "s/ [0-9]*\$//" want >want.stacks && test_cmp want.stacks stacks
'

test_expect_success 'raw control characters and invalid UTF-8 are escaped on reading' '
	printf "ev\033[1mil\377;a\tb 5\n" >raw2.folded &&
	hr-diff raw2.folded raw2.folded >out &&
	printf "ev\\\\x1b[1mil\\\\xff;a\\\\x09b 5 5\n" >want &&
	test_cmp want out &&
	! grep -q "$(printf "\033")" out
'

test_expect_success 'a line starting with # is a comment, not a stack' '
	printf "# a note\n#comm;f 3\nx;f 1\n" >comment.folded &&
	hr-top --format tsv -n 0 comment.folded >out &&
	! grep -q comm out && grep -q "	x\$" out
'

test_expect_success 'hr-top TSV: one line per function, five fields, no control character' '
	hr-top --format tsv -n 0 escaped.folded raw.folded >tsv 2>err &&
	awk -F"\t" "NF != 5 { exit 1 }" tsv &&
	! tr -d "\t" <tsv | grep -q "[[:cntrl:]]" &&
	grep -q "	ev\\\\x1b\]0\\\\x3bPWN\\\\x07\\\\x1b\[2J\\\\xff\$" tsv &&
	grep -q "	worker\\\\x2012\$" tsv
'

test_expect_success TTY 'hr-top on a terminal shows control characters, does not send them' '
	script -qec "stty cols 200; hr-top -n 0 raw.folded" /dev/null >tty.out &&
	tr -d "\r" <tty.out >tty.txt &&
	! grep -q "$(printf "\033")" tty.txt && ! grep -q "$(printf "\007")" tty.txt &&
	grep -q "  PWN\\\\x07\\\\x1b\[2J\\\\xff\$" tty.txt
'

test_expect_success JQ 'hr-top and hr-diff JSON parse, with the names unescaped' '
	hr-top --format json -n 0 escaped.folded >top.json &&
	jq -e ".rows | length == 10" top.json >/dev/null &&
	jq -e "[.rows[].function] | index(\"tab\tbed\") != null" top.json >/dev/null &&
	jq -e "[.rows[].function] | index(\"semi;colon\") != null" top.json >/dev/null &&
	jq -e "[.rows[].function] | index(\"text \\\\x41\") != null" top.json >/dev/null &&
	jq -e "[.rows[].function] | index(\"#comm\") != null" top.json >/dev/null &&
	hr-diff --format json escaped.folded raw.folded >diff.json &&
	jq -e ".stacks[] | select(.frames == [\"#comm\", \"semi;colon\", \"RegExp:\\\\bFoo [\\\\\\\\]\", \"text \\\\x41\", \"worker 12\"])" diff.json >/dev/null &&
	jq -e ".stacks[] | select(.frames[3] == \"tab\tbed\") | .after == 5" diff.json >/dev/null
'

test_expect_success XMLLINT 'hr-flame draws well-formed XML for hostile names and option text' '
	hr-flame escaped.folded raw.folded >names.svg &&
	xmllint --noout names.svg &&
	grep -q "<title>ev\\\\x1b\]0;PWN\\\\x07\\\\x1b\[2J\\\\xff (5 samples" names.svg &&
	grep -q "<title>semi;colon (7 samples" names.svg &&
	hr-flame --title "$(printf "\001t\377")" --subtitle "$(printf "<&>\002")" \
		--countname "$(printf "\033[31m")" --notes "$(printf "n\001\377")" \
		--fonttype "$(printf "x\"\001")" raw.folded >opts.svg &&
	xmllint --noout opts.svg &&
	grep -q "\\\\x01t\\\\xff</text>" opts.svg &&
	! grep -q "$(printf "[\001\002\033]")" opts.svg
'

test_expect_success XMLLINT 'every byte but NUL and newline in a name gives well-formed XML' '
	awk "BEGIN { for (i = 1; i < 256; i++) if (i != 10) printf \"p;n%c%c 1\n\", i, i }" >bytes.folded &&
	hr-flame --minwidth=0 bytes.folded >bytes.svg &&
	xmllint --noout bytes.svg &&
	hr-top --format json -n 0 bytes.folded | jq -e "length > 0" >/dev/null
'

test_expect_success XMLLINT '--nameattr values are escaped, extra attributes checked' '
	printf "semi\\\\x3bcolon\ttitle=a<b>&\"c\ttitle_extra=1\tid=x\"y\n" >attrs &&
	hr-flame --nameattr attrs escaped.folded >attrs.svg &&
	xmllint --noout attrs.svg &&
	printf "plain\tg_extra=onclick=\"a<b\"\n" >bad1 &&
	test_expect_code 2 hr-flame --nameattr bad1 escaped.folded >out 2>err &&
	test_grep "bad1:1: g_extra: a .<. or a bare .&. in a value" err &&
	printf "plain\tid=a\tg_extra=id=\"b\"\n" >bad2 &&
	test_expect_code 2 hr-flame --nameattr bad2 escaped.folded >out 2>err &&
	test_grep "an attribute the frame sets already" err &&
	printf "plain\tg_extra=data-x=\"1\" data-x=\"2\"\n" >bad3 &&
	test_expect_code 2 hr-flame --nameattr bad3 escaped.folded >out 2>err &&
	test_grep "a repeated attribute" err &&
	printf "plain\tg_extra=data-x=\"1\" style=\"fill:red\"\ta_extra=rel=\"x\"\n" >good &&
	hr-flame --nameattr good escaped.folded >good.svg && xmllint --noout good.svg
'

test_expect_success 'hr-flame: huge sizes are refused, huge counts drawn' '
	test_expect_code 2 hr-flame --width 1e308 escaped.folded >out 2>err &&
	test_grep "too large" err && ! test -s out &&
	test_expect_code 2 hr-flame --fontsize 1e300 escaped.folded >out 2>err &&
	printf "a;b 999999999999999999999999999999999999999999999999999999999999999\n" >huge.folded &&
	hr-flame huge.folded >huge.svg &&
	grep -q "<title>all (1,000,000,000,000,000,[0-9,]* samples, 100%)" huge.svg && xmllint --noout huge.svg
'

test_expect_success 'invalid lines are quoted escaped in warnings' '
	printf "x;f 1\n\033]0;PWN\007 no count\n" >warn.folded &&
	hr-top -n 1 warn.folded >out 2>err &&
	! grep -q "$(printf "\033")" err &&
	test_grep "warn.folded:2: not a folded stack .*\\\\x1b\]0;PWN\\\\x07" err
'
test_done
