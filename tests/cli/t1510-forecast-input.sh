#!/bin/bash
# hr-forecast on bad and awkward input: every error names the file and line and
# exits 2; nothing crashes or hangs.
. "$(dirname "$0")/../lib.sh"

command -v jq >/dev/null && test_set_prereq JQ

awk 'BEGIN { for (i = 0; i < 200; i++) printf "%d\t%g\n", 1767225600 + 3600 * i, 10 + i % 7 }' >good.tsv

test_expect_success 'too short a history: the series and its last line named, exit 2' '
	printf "1767225600\t1\n1767229200\t2\n" >short.tsv &&
	test_expect_code 2 hr-forecast short.tsv >out 2>err &&
	test_grep "^hr-forecast: short.tsv:2: too short a history: 2 points, at least 3 needed" err &&
	printf "1\tcpu\t1\n2\tmem\t1\n3\tmem\t2\n4\tcpu\t2\n" >short3.tsv &&
	test_expect_code 2 hr-forecast short3.tsv >out 2>err &&
	test_grep "^hr-forecast: short3.tsv:4: series .cpu.: too short a history: 2 points," err &&
	test_grep "^hr-forecast: short3.tsv:3: series .mem.: too short a history: 2 points," err &&
	test ! -s out
'

test_expect_success 'one series too short: named and skipped, the others forecast' '
	{ awk "{ print \$1 \"\tdisk{dev=sda}\t\" \$2 }" good.tsv &&
	  printf "1767225600\tdisk{dev=sdb}\t5\n1767229200\tdisk{dev=sdb}\t6\n" &&
	  awk "{ print \$1 \"\tdisk{dev=sdc}\t\" \$2 * 2 }" good.tsv; } >fleet.tsv &&
	hr-forecast -H 24 --svg fleet.svg fleet.tsv >out 2>err &&
	test_grep "^hr-forecast: fleet.tsv:202: series .disk{dev=sdb}.: too short a history: 2 points" err &&
	test_grep "^hr-forecast: warning: 1 of 3 series could not be forecast; the rest are" err &&
	test "$(grep -c "disk{dev=sda}" out)" = 24 &&
	test "$(grep -c "disk{dev=sdc}" out)" = 24 &&
	! grep "dev=sdb" out &&
	test_grep "dev=sdc" fleet.svg &&
	test_expect_code 1 hr-forecast -q -H 24 -t 15 fleet.tsv >out 2>err &&
	hr-forecast --json fleet.tsv >j 2>err &&
	test_grep "\"series\":\"disk{dev=sdb}\",\"error\":\"fleet.tsv:202: series .disk{dev=sdb}.: too short" j
'

test_expect_success JQ 'the JSON summary lists a series that failed with its error' '
	jq -e "[.[].series] == [\"disk{dev=sda}\", \"disk{dev=sdb}\", \"disk{dev=sdc}\"] and
		(.[1].error | test(\"too short a history\")) and .[2].model != null" j >/dev/null
'

test_expect_success 'spacings with no typical one (1h, 2h): the median step, not 1s' '
	printf "1767225600\t1\n1767229200\t2\n1767236400\t3\n" >uneven.tsv &&
	hr-forecast --summary uneven.tsv >sum &&
	test_grep "3 points, step 1.5h" sum &&
	hr-forecast -H 6h uneven.tsv >out &&
	test "$(grep -vc "^#" out)" = 4
'

test_expect_success 'a non-numeric value: file, line and the text, exit 2' '
	{ head -50 good.tsv; printf "1767600000\tn/a\n"; } >bad.tsv &&
	test_expect_code 2 hr-forecast bad.tsv >out 2>err &&
	test_grep "^hr-forecast: bad.tsv:51: expected a number, got .n/a." err
'

test_expect_success 'a bad timestamp, exit 2' '
	{ head -5 good.tsv; printf "yesterday\t3\n"; } >badts.tsv &&
	test_expect_code 2 hr-forecast badts.tsv >out 2>err &&
	test_grep "^hr-forecast: badts.tsv:6: expected a timestamp" err
'

test_expect_success 'a truncated last line (no value), exit 2 naming it' '
	{ head -20 good.tsv; printf "1767700000"; } >trunc.tsv &&
	test_expect_code 2 hr-forecast trunc.tsv >out 2>err &&
	test_grep "^hr-forecast: trunc.tsv:21: expected .TIMESTAMP<TAB>VALUE" err
'

test_expect_success 'garbage and binary input, exit 2 with the line' '
	printf "hello world this is not a series\n" >garbage.tsv &&
	test_expect_code 2 hr-forecast garbage.tsv >out 2>err &&
	test_grep "^hr-forecast: garbage.tsv:1: " err &&
	head -c 3000 /bin/sh >binary.tsv &&
	test_expect_code 2 hr-forecast binary.tsv >out 2>err &&
	test_grep "^hr-forecast: binary.tsv:[0-9]+: " err
'

test_expect_success 'empty input and a missing file, exit 2' '
	: >empty.tsv &&
	test_expect_code 2 hr-forecast empty.tsv >out 2>err &&
	test_grep "^hr-forecast: empty.tsv: no data points" err &&
	test_expect_code 2 hr-forecast no-such.tsv >out 2>err &&
	test_grep "^hr-forecast: cannot open .no-such.tsv.: No such file" err
'

test_expect_success 'standard input and "-"' '
	hr-forecast -H 3 <good.tsv >a &&
	hr-forecast -H 3 - <good.tsv >b &&
	hr-forecast -H 3 good.tsv >c &&
	test_cmp a b && test_cmp a c
'

test_expect_success 'RFC 3339 timestamps, comments, blank-separated fields, CRLF' '
	printf "# a comment\n2026-01-01T00:00:00Z 5\r\n2026-01-01T01:00:00Z  6\r\n\n2026-01-01T02:00:00Z\t7\r\n" >mixed.tsv &&
	hr-forecast -H 1 --iso mixed.tsv >out &&
	grep -v "^#" out | cut -f1,2 >got && printf "2026-01-01T03:00:00Z\t8\n" >expect && test_cmp expect got
'

test_expect_success 'gaps and irregular sampling: still fitted, forecast at the typical step' '
	awk "BEGIN { t = 1767225600; for (i = 0; i < 300; i++) { t += (i % 10 == 0 ? 3600 * 30 : 3600 + (i % 3) * 60); printf \"%d\t%.3f\n\", t, 100 + 2 * (t - 1767225600) / 86400 } }" >gappy.tsv &&
	hr-forecast --summary gappy.tsv >sum &&
	test_grep "step 1\.0[0-9]h" sum && test_grep "^trend: +\+2 per day" sum
'

test_expect_success 'bad options exit 2 with a hint' '
	for args in "--level 150" "--level x" "--horizon soon" "--horizon 0" "--step -1h" "--season 7x" \
		"--trend cubic" "--transform sqrt" "--robust maybe" "--since whenever" "--threshold lots" "--below"; do
		test_expect_code 2 hr-forecast $args good.tsv >out 2>err || { echo "args: $args"; false; } &&
		test_grep "Try .hr-forecast --help." err || return 1
	done
'

test_expect_success 'an enormous input: a year of one-minute samples' '
	awk "BEGIN { for (i = 0; i < 525600; i++) printf \"%d\t%.2f\n\", 1767225600 + 60 * i, 50 + i / 1440 * 0.01 + 10 * sin(i * 6.2831853 / 1440) + (i * 7919 % 101) / 25 }" >year.tsv &&
	hr-forecast -H 1d --summary year.tsv >sum &&
	test_grep "525600 points, step 1m" sum &&
	test_grep "^seasonality: +daily, amplitude (9\.[89]|10\.[01])" sum
'

test_expect_success 'a very long line and huge values do not crash' '
	{ head -10 good.tsv; printf "1767300000\t"; head -c 200000 /dev/zero | tr "\\0" 9; printf "\n"; } >long.tsv &&
	test_expect_code 2 hr-forecast long.tsv >out 2>err &&
	test_grep "^hr-forecast: long.tsv:11: expected a number" err &&
	awk "BEGIN { for (i = 0; i < 50; i++) printf \"%d\t%g\n\", 1767225600 + 60 * i, 1e300 * (i % 2 ? 1 : -1) }" >huge.tsv &&
	{ hr-forecast -H 3 huge.tsv >out 2>err || test $? -le 2; }
'

test -w /dev/full && test_set_prereq DEVFULL
test_expect_success DEVFULL 'a write error on standard output is reported, exit 2' '
	test_expect_code 2 hr-forecast -H 3 good.tsv >/dev/full 2>err &&
	test_grep "write error" err
'
test_expect_success 'raw control characters in a series name are an error, shown escaped' '
	for i in 0 1 2 3; do printf "%d\tx\033]0;PWN\007{a=b}\t%d\n" $((1796000000 + 60 * i)) $i; done >raw.tsv &&
	test_expect_code 2 hr-forecast raw.tsv >out 2>err &&
	test_grep "raw.tsv:1: a control character or a byte that is not UTF-8 in a series name, got .x\\\\x1b\]0;PWN\\\\x07" err &&
	! grep -q "$(printf "[\033\007]")" err &&
	{ printf "# series: a\302\233b\n"; printf "1796000000\t1\n1796000060\t2\n1796000120\t3\n"; } >head.tsv &&
	test_expect_code 2 hr-forecast head.tsv >out 2>err &&
	test_grep "head.tsv:2: .* got .a\\\\xc2\\\\x9bb" err &&
	for i in 0 1 2 3; do printf "%d\tx{a=\"\\\\x1b]0;PWN\\\\x07\"}\t%d\n" $((1796000000 + 60 * i)) $i; done >esc.tsv &&
	hr-forecast -H 2m esc.tsv >out
'
test_expect_success '--json is valid JSON for values of 1e160 and beyond' '
	for v in 1e160 1e200 1e300 1.6e308; do
		awk -v v=$v "BEGIN { for (i = 0; i < 300; i++) printf \"%d\tbig\t%.17g\n\", 1796000000 + 60 * i, v * (1 + (i % 60) / 1000) }" >big.tsv &&
		{ hr-forecast --json -H 1h -t 1e308 big.tsv >big.json || test $? = 1; } &&
		python3 -c "import json; json.load(open(\"big.json\"), parse_constant=int)" || return 1
	done
'
test_expect_success '--until: history after it is left out, a --since duration counts back from it' '
	hr-forecast -s -H 30d --until 2026-02-20 "$DATA/forecast/disk-usage.tsv" >out &&
	test_grep "^history: *2026-01-01T00:00:00Z \.\. 2026-02-20T00:00:00Z, 1201 points" out &&
	hr-forecast -s -H 30d --until 2026-02-20 --since 10d "$DATA/forecast/disk-usage.tsv" >out &&
	test_grep "^fitted from: *2026-02-10T00:00:00Z .241 points.$" out &&
	hr-forecast -s -H 30d --until 1771545600 --since 10d "$DATA/forecast/disk-usage.tsv" >out2 &&
	test_cmp out out2
'
test_expect_success '--until before a series: that series is named with its time range, the others forecast' '
	awk "BEGIN { for (i = 0; i < 300; i++) printf \"%d\told\t%d\n%d\tnew\t%d\n\", 1767225600 + 3600 * i, i, 1798761600 + 3600 * i, i }" >two.tsv &&
	hr-forecast -H 10 --until 2026-01-05 two.tsv >out 2>err &&
	test_grep "^1767574800	old	97	" out &&
	! grep -q "	new	" out &&
	test_grep "series .new.: no points up to --until 2026-01-05T00:00:00Z; the series holds data from 2027-01-01T00:00:00Z to 2027-01-13T11:00:00Z" err &&
	test_expect_code 2 hr-forecast --until 2020-01-01 two.tsv >out 2>err &&
	test ! -s out &&
	test_grep "series .old.: no points up to --until 2020-01-01T00:00:00Z; the series holds data from 2026-01-01T00:00:00Z to" err
'
test_done
