#!/bin/bash
# Verdicts in colour on a terminal only, and never with NO_COLOR set: one
# helper of libcommon serves hr-rightsize, hr-latency and hr-forecast.
. "$(dirname "$0")/../lib.sh"
. "$DATA/rightsize/lib-rightsize.sh"

command -v script >/dev/null && test_set_prereq SCRIPT

ESC=$(printf "\033")
# on_tty CMD: CMD's standard output and error on a pseudo-terminal, CRs dropped.
on_tty() { script -qfec "$1" /dev/null | tr -d "\r"; }

test_expect_success 'setup' '
	{ gen steady cg=/svc/over cpu=0.3 limit=2 &&
	  gen pinned cg=/svc/under limit=1; } >h.tsv &&
	seq 1 100 >lat.txt &&
	awk "BEGIN { for (i = 0; i < 240; i++) printf \"%d\t%.0f\n\", 1767225600 + 3600 * i, 1e9 + 1e8 * i }" >disk.tsv
'

test_expect_success SCRIPT 'hr-rightsize: under red, over yellow on a terminal; columns still line up' '
	on_tty "hr-rightsize -i h.tsv 2>/dev/null" >t.out &&
	test_grep "^/svc/over .*  ${ESC}\[33mover${ESC}\[0m  +high" t.out &&
	test_grep "^/svc/under .*  ${ESC}\[31munder${ESC}\[0m +high" t.out &&
	sed "s/${ESC}\[[0-9]*m//g" t.out >plain &&
	NO_COLOR=1 on_tty "hr-rightsize -i h.tsv 2>/dev/null" >nc.out &&
	test_cmp plain nc.out &&
	! grep -q "$ESC" nc.out
'

test_expect_success 'hr-rightsize: no colour in a pipe or a file' '
	test_expect_code 1 hr-rightsize -i h.tsv --format table >f.out &&
	! grep -q "$ESC" f.out
'

test_expect_success SCRIPT 'hr-latency: the SLA verdict in colour on a terminal only' '
	on_tty "hr-latency --sla p95\<50ms lat.txt" >l.out &&
	test_grep "${ESC}\[31mFAIL${ESC}\[0m" l.out &&
	test_grep "^SLA ${ESC}\[31mmissed${ESC}\[0m$" l.out &&
	on_tty "hr-latency --sla p95\<500ms lat.txt" >ok.out &&
	test_grep "^SLA ${ESC}\[32mmet${ESC}\[0m$" ok.out &&
	NO_COLOR=1 on_tty "hr-latency --sla p95\<50ms lat.txt" >nc.out &&
	test_grep "^SLA missed$" nc.out &&
	test_expect_code 1 hr-latency --sla "p95<50ms" lat.txt >p.out &&
	! grep -q "$ESC" p.out
'

test_expect_success SCRIPT 'hr-forecast: the crossing on a terminal in red, not crossing in green' '
	on_tty "hr-forecast -H 10d -t 30G disk.tsv >/dev/null" >x.err &&
	test_grep "^hr-forecast: the series ${ESC}\[31mcrosses${ESC}\[0m 30G on " x.err &&
	on_tty "hr-forecast -H 10d -t 400G disk.tsv >/dev/null" >n.err &&
	test_grep "^hr-forecast: the series ${ESC}\[32mdoes not cross${ESC}\[0m 400G" n.err &&
	NO_COLOR=1 on_tty "hr-forecast -H 10d -t 30G disk.tsv >/dev/null" >nc.err &&
	test_grep "^hr-forecast: the series crosses 30G on " nc.err &&
	test_expect_code 1 hr-forecast -H 10d -t 30G disk.tsv >/dev/null 2>p.err &&
	! grep -q "$ESC" p.err
'
test_done
