#!/bin/bash
# hr-query writes a table with times a person reads (RFC 3339) on a
# terminal, and TSV with Unix seconds for scripts unless --iso asks otherwise;
# --format tsv on a terminal is the TSV a pipe gets (--list's times in RFC 3339).
. "$(dirname "$0")/../lib.sh"

command -v script >/dev/null && test_set_prereq SCRIPT

test_expect_success 'setup' '
	printf "# series: cpu.util{host=a}\n1767225600\t5\n1767229200\t7\n" >q.tsv &&
	hr-record -q --db q.db --import q.tsv
'

test_expect_success SCRIPT '--list on a terminal: a table, RFC 3339 times' '
	script -qfec "hr-query --db q.db --list" /dev/null | tr -d "\r" >tty.out &&
	cat >want <<-\EOF &&
	SERIES            UNIT     FIRST                 LAST                  COUNT
	cpu.util{host=a}  percent  2026-01-01T00:00:00Z  2026-01-01T01:00:00Z      2
	EOF
	test_cmp want tty.out
'

test_expect_success SCRIPT '--list --format tsv on a terminal: RFC 3339 times' '
	script -qfec "hr-query --db q.db --list --format tsv" /dev/null | tr -d "\r" >tty.out &&
	printf "# series\tunit\tfirst\tlast\tcount\ncpu.util{host=a}\tpercent\t2026-01-01T00:00:00Z\t2026-01-01T01:00:00Z\t2\n" >want &&
	test_cmp want tty.out
'

test_expect_success '--list in a pipe: Unix seconds, and --iso asks for RFC 3339' '
	hr-query --db q.db --list >pipe.out &&
	test_grep "	1767225600	1767229200	2$" pipe.out &&
	hr-query --db q.db --list --iso >iso.out &&
	test_grep "	2026-01-01T00:00:00Z	2026-01-01T01:00:00Z	2$" iso.out
'

test_expect_success SCRIPT 'a query on a terminal: a table; --format tsv there: what a pipe gets' '
	script -qfec "hr-query --db q.db cpu.util" /dev/null | tr -d "\r" >q.out &&
	cat >want <<-\EOF &&
	TIME                  SERIES            VALUE
	2026-01-01T00:00:00Z  cpu.util{host=a}      5
	2026-01-01T01:00:00Z  cpu.util{host=a}      7
	EOF
	test_cmp want q.out &&
	script -qfec "hr-query --db q.db cpu.util --format tsv" /dev/null | tr -d "\r" >q.out &&
	hr-query --db q.db cpu.util >pipe.out &&
	test_cmp pipe.out q.out &&
	printf "# series: cpu.util{host=a}\n1767225600\t5\n1767229200\t7\n" >want &&
	test_cmp want pipe.out
'
test_done
