#!/bin/bash
# hr-record --import: series TSV in, idempotently, all or nothing; roll-ups and
# retention: hourly answers stay the same once the raw samples expire.
. "$(dirname "$0")/../lib.sh"

if command -v sqlite3 >/dev/null; then test_set_prereq SQLITE3; fi
HIST=$SRC_ROOT/share/headroom/history-example.tsv.gz

test_expect_success 'import three-column series TSV' '
	printf "# a comment\n1700000000\tcpu.util{host=a}\t10\n1700000060\tcpu.util{host=a}\t20\n1700000060\tdisk.read_bps{host=a,dev=sda}\t512\n" >three.tsv &&
	hr-record --db i.db --import three.tsv 2>err &&
	test_grep "imported 3 points" err &&
	hr-query --db i.db --list >list &&
	test_grep "^cpu.util\{host=a\}	percent	1700000000	1700000060	2$" list &&
	test_grep "^disk.read_bps\{dev=sda,host=a\}	bytes/s" list
'

test_expect_success 'import is idempotent' '
	hr-record -q --db i.db --import three.tsv &&
	hr-query --db i.db --list >list2 &&
	test_cmp list list2
'

test_expect_success 'import two-column TSV named by a series comment, from standard input, RFC 3339 times' '
	printf "# series: mem.used_bytes{host=a}\n2023-11-14T22:13:20Z\t1000\n2023-11-14T22:14:20Z\t2000\n" |
	hr-record -q --db i.db --import - &&
	hr-query --db i.db mem.used_bytes >out &&
	printf "# series: mem.used_bytes{host=a}\n1700000000\t1000\n1700000060\t2000\n" >expect &&
	test_cmp expect out
'

test_expect_success 'a bad line names file and line, exits 2 and imports nothing of the file' '
	printf "1700000120\tcpu.util{host=a}\t30\n1700000180\tcpu.util{host=a}\tn/a\n" >bad.tsv &&
	test_expect_code 2 hr-record --db i.db --import bad.tsv 2>err &&
	test_grep "bad.tsv:2:" err &&
	test_grep "nothing was imported" err &&
	hr-query --db i.db --list >list3 &&
	test_grep "^cpu.util\{host=a\}	percent	1700000000	1700000060	2$" list3
'

test_expect_success 'bad series names and unnamed two-column input are refused with the line' '
	printf "1700000000\tcpu.util{host=a\t1\n" >b1.tsv &&
	test_expect_code 2 hr-record -q --db i.db --import b1.tsv 2>err &&
	test_grep "b1.tsv:1: bad series name" err &&
	printf "1700000000\tcpu.*\t1\n" >b2.tsv &&
	test_expect_code 2 hr-record -q --db i.db --import b2.tsv 2>err &&
	test_grep "b2.tsv:1:" err &&
	printf "1700000000\t1\n" >b3.tsv &&
	test_expect_code 2 hr-record -q --db i.db --import b3.tsv 2>err &&
	test_grep "b3.tsv:1: no series name" err
'

test_expect_success 'truncated, binary, empty and missing input' '
	printf "1700000000\tcpu.util{host=a}" >trunc.tsv &&
	test_expect_code 2 hr-record -q --db i.db --import trunc.tsv 2>err &&
	test_grep "trunc.tsv:1:" err &&
	head -c 3000 /bin/sh >bin.tsv &&
	test_expect_code 2 hr-record -q --db i.db --import bin.tsv 2>err &&
	test_grep "bin.tsv:1:" err &&
	: >empty.tsv &&
	hr-record --db i.db --import empty.tsv 2>err &&
	test_grep "imported 0 points" err &&
	test_expect_code 2 hr-record -q --db i.db --import nonexistent.tsv 2>err &&
	test_grep "nonexistent.tsv" err &&
	hr-query --db i.db --list >list4 &&
	test_cmp list3 list4
'

test_expect_success 'an enormous import streams (200000 points, one line too long at the end)' '
	awk "BEGIN { for (i = 0; i < 200000; i++) printf \"%d\tbig.series{host=a}\t%d\n\", 1600000000 + i * 10, i % 97 }" >big.tsv &&
	hr-record -q --db big.db --import big.tsv &&
	test "$(hr-query --db big.db --list big | awk "NR == 2 { print \$5 }")" = 200000 &&
	{ cat big.tsv; printf "1700000000\tbig.series{host=a}\t"; head -c 2000000 /dev/zero | tr "\\0" 9; echo x; } >huge.tsv &&
	test_expect_code 2 hr-record -q --db big2.db --import huge.tsv 2>err &&
	test_grep "huge.tsv:200001:" err
'

test_expect_success 'the example history imports' '
	gzip -dc "$HIST" | hr-record -q --db ex.db --import - &&
	hr-query --db ex.db --list >list &&
	test $(grep -c "host=demo" list) = 28 &&
	test_grep "^cgroup.cpu.cores\{cgroup=/system.slice/api.service,host=demo\}	cores	" list
'

# Steps of whole hours from roll-ups equal those from raw samples, and stay
# once raw samples expire.
test_expect_success 'hourly and daily answers are the same from roll-ups as from raw' '
	for a in avg min max sum count last p95; do
		hr-query --db big.db big.series --step 1h --agg $a --until 1601000000 >raw.$a || return 1
	done &&
	hr-query --db big.db big.series --step 1d --agg max >raw.day &&
	HEADROOM_NOW=1603000000 hr-record -q --db big.db --import empty.tsv &&
	for a in avg min max sum count last p95; do
		hr-query --db big.db big.series --step 1h --agg $a --until 1601000000 >roll.$a &&
		test_cmp raw.$a roll.$a || return 1
	done &&
	hr-query --db big.db big.series --step 1d --agg max >roll.day &&
	test_cmp raw.day roll.day
'

test_expect_success SQLITE3 'retention drops raw samples; roll-ups keep answering' '
	cp big.db ret.db &&
	HEADROOM_NOW=1603000000 hr-record -q --db ret.db --no-cgroups --top 0 --retain 1d \
		--proc-root "$DATA/record/v2/snap1/proc" --sys-root "$DATA/record/v2/snap1/sys" &&
	test "$(sqlite3 ret.db "SELECT count(*) FROM samples s JOIN series x ON x.id = s.series_id WHERE x.name = \"big.series\"")" = 0 &&
	for a in avg min max sum count last p95; do
		hr-query --db ret.db big.series --step 1h --agg $a --until 1601000000 >ret.$a &&
		test_cmp raw.$a ret.$a || return 1
	done &&
	hr-query --db ret.db big.series --until 1600007199 >stand-in &&
	test_grep "^1599998400	" stand-in &&
	test "$(grep -c "^1[56]" stand-in)" = 3 &&
	hr-query --db ret.db --list big >l &&
	test "$(awk "NR == 2 { print \$5 }" l)" = 200000
'

test_expect_success SQLITE3 'roll-ups expire after --retain-rollups' '
	HEADROOM_NOW=1700000000 hr-record -q --db ret.db --no-cgroups --top 0 --retain 1d --retain-rollups 30d \
		--proc-root "$DATA/record/v2/snap1/proc" --sys-root "$DATA/record/v2/snap1/sys" &&
	test "$(sqlite3 ret.db "SELECT count(*) FROM rollups WHERE hour < 1700000000 - 30 * 86400")" = 0 &&
	hr-query --db ret.db big.series --since 0 >out &&
	test_grep "^# series: big.series" out &&
	! grep -q "^1" out &&
	hr-query --db ret.db --list >l && ! grep -q "^big.series" l
'

test_expect_success 'an import into hours already rolled up is rolled up again' '
	printf "1600000000\tbig.series{host=a}\t1000\n" >late.tsv &&
	hr-record -q --db big.db --import late.tsv &&
	hr-query --db big.db big.series --step 1h --agg max --until 1600003599 >out &&
	test_grep "^1599998400	1000$|^1600000000	1000$" out
'

test_expect_success 'points within one second merge, and the import says so' '
	awk "BEGIN { for (i = 0; i < 100; i++) printf \"%.3f\tms.series{host=a}\t%d\n\", 1600000000 + i / 1000, i }" >ms.tsv &&
	hr-record --db ms.db --import ms.tsv 2>err &&
	test_grep "imported 100 points from .ms.tsv.: 1 new, 99 replaced a point at the same second" err &&
	hr-query --db ms.db ms.series >out &&
	printf "# series: ms.series{host=a}\n1600000000\t99\n" >expect &&
	test_cmp expect out &&
	hr-record --db ms.db --import ms.tsv 2>err &&
	test_grep "0 new, 100 replaced" err
'

test_expect_success 'a time outside the years 1 to 9999 is refused, naming the line' '
	printf "1600000000\tx.y{host=a}\t1\n1e30\tx.y{host=a}\t2\n" >far.tsv &&
	test_expect_code 2 hr-record --db far.db --import far.tsv 2>err &&
	test_grep "far.tsv:2: time 1e.30 is out of range" err &&
	test_expect_code 2 hr-query --db far.db x.y 2>err &&
	test_grep "no series" err
'

test_done
