#!/bin/bash
# Process names are anyone's text: a process on this machine named with a TAB,
# a terminal escape sequence, a C1 control and a byte that is not UTF-8 is
# recorded under the escaping rule of headroom-series(5), shown on a terminal
# without anything a terminal acts on, and goes through every reader of
# series TSV and back unchanged.
. "$(dirname "$0")/../lib.sh"

# The kernel names a process after the file it runs: a link to bash whose
# name is the hostile text makes a busy process of that name (at most 15 bytes).
name=$(printf 'a\tb\033[1m\302\233\377')
ln -s "$(command -v bash)" "$name"
"./$name" -c 'while :; do :; done' >/dev/null 2>&1 </dev/null &
busy_pid=$!
cleanup() { kill "$busy_pid" 2>/dev/null; wait "$busy_pid" 2>/dev/null; }
test_when_finished cleanup
# The child names itself when it execs, which a busy machine may delay.
for _ in $(seq 100); do
	[ "$(cat /proc/$busy_pid/comm 2>/dev/null)" = "$name" ] && break
	sleep 0.05
done
if [ "$(cat /proc/$busy_pid/comm 2>/dev/null)" != "$name" ]; then
	skip_reason="the kernel did not name the process after its link"
else
	skip_reason=
	test_set_prereq NAMED
fi
escaped='a\tb\x1b[1m\xc2\x9b\xff'

test_expect_success NAMED 'the name is recorded escaped, one series per line' '
	hr-record --db h.db --top 3 --interval 1s --count 4 2>err &&
	hr-query --db h.db --list >list &&
	grep -F "proc.cpu.cores{host=" list | grep -F "name=\"$escaped\",pid=$busy_pid}" &&
	awk -F"\t" "NF != 5 { exit 1 }" list &&
	! grep -q "$(printf "[\001-\010\033\177]")" list &&
	! grep -q "$(printf "\302[\200-\237]")" list &&
	! grep -q "$(printf "\377")" list
'

test_expect_success NAMED 'the terminal gets the escapes, not the characters' '
	script -qec "hr-query --db h.db --list; hr-query --db h.db \"proc.cpu.cores{pid=$busy_pid}\"" \
		/dev/null >tty.out &&
	grep -qF "name=\"$escaped\"" tty.out &&
	! grep -q "$(printf "\033")" tty.out &&
	! grep -q "$(printf "\302\233")" tty.out
'

test_expect_success NAMED 'series TSV with the name reads everywhere and round-trips' '
	hr-query --db h.db "proc.cpu.cores{pid=$busy_pid}" >cpu.tsv &&
	test $(grep -c "^[0-9]" cpu.tsv) -ge 3 &&
	hr-forecast -H 1m cpu.tsv >forecast.out &&
	hr-query --db h.db "*" >all.tsv &&
	test_expect_code 0 hr-record --import all.tsv --db copy.db &&
	hr-query --db h.db --list | cut -f1 >want &&
	hr-query --db copy.db --list | cut -f1 >got &&
	test_cmp want got &&
	hr-query --db copy.db --format json "proc.cpu.cores{pid=$busy_pid}" >cpu.json &&
	python3 -c "import json, sys; d = json.load(open(\"cpu.json\")); \
		sys.exit(d[0][\"labels\"][\"name\"] != \"a\\tb\\x1b[1m\\x9b\" + chr(92) + \"xff\")"
'

test_expect_success NAMED 'hr-rightsize reads the history with the name in it' '
	{ hr-rightsize -i all.tsv --since 0 >rs.out 2>rs.err || test $? = 1; } &&
	grep -q "	host	" rs.out
'
test_done
