#!/bin/bash
# hr-top and hr-diff speak headroom(7)'s conventions: --format
# table|tsv|csv|json, -n for a count of rows, and counts named by their unit
# from hr-fold's '# countname:' line to hr-top's and hr-flame's labels.
. "$(dirname "$0")/../lib.sh"

D=$DATA/difftop
command -v jq >/dev/null && test_set_prereq JQ

test_expect_success JQ 'hr-top --format json: the summary and every row, numbers as numbers' '
	hr-top --format json -n 0 "$D/after.folded" >top.json &&
	jq -e ".countname == \"samples\" and .total == 101 and .stacks == 59 and .functions == 106" top.json >/dev/null &&
	jq -e ".rows | length == 106" top.json >/dev/null &&
	jq -e ".rows[0] | .function == \"xen_hypercall_xen_version\" and .self == 32 and .self_pct == 31.68 and .total == 32" top.json >/dev/null &&
	hr-top --format tsv -n 0 "$D/after.folded" | tail -n +2 | cut -f1,3,5 >want &&
	jq -r ".rows[] | \"\(.self)\t\(.total)\t\(.function)\"" top.json >got &&
	test_cmp want got &&
	hr-top --json -n 3 "$D/after.folded" | jq -e ".rows | length == 3" >/dev/null
'

test_expect_success JQ 'hr-top JSON of two profiles, and of --grep' '
	hr-diff --normalize "$D/before.folded" "$D/after.folded" >diff.folded &&
	hr-top --format json --sort delta -n 2 diff.folded >two.json &&
	jq -e ".total1 == 100 and .total2 == 101 and (.rows | length == 2)" two.json >/dev/null &&
	jq -e ".rows[0] | .function == \"copy_user_enhanced_fast_string\" and .self_delta_pct == 5.75" two.json >/dev/null &&
	hr-top --json --grep "^tcp_" "$D/after.folded" | jq -e ".matching.stacks > 0 and .matching.total <= .total" >/dev/null
'

test_expect_success 'hr-top --format csv and table; -f spells --format' '
	hr-top -f csv -n 2 "$D/after.folded" >out.csv &&
	printf "self,self_pct,total,total_pct,function\r\n32,31.68,32,31.68,xen_hypercall_xen_version\r\n25,24.75,25,24.75,copy_user_enhanced_fast_string\r\n" >want &&
	test_cmp want out.csv &&
	hr-top -f table -n 1 "$D/after.folded" >out.txt &&
	printf "samples: 101 in 59 stacks, 106 functions\nSELF  SELF%%  TOTAL  TOTAL%%  FUNCTION\n  32  31.68     32   31.68  xen_hypercall_xen_version\n" >want &&
	test_cmp want out.txt &&
	test_expect_code 2 hr-top --format yaml "$D/after.folded" 2>err &&
	test_grep "table, tsv, csv or json" err
'

test_expect_success 'hr-diff -n N writes N stacks; --format tables list the largest changes first' '
	hr-diff -n 3 "$D/before.folded" "$D/after.folded" >three 2>err &&
	! test -s err && test $(wc -l <three) = 3 &&
	hr-diff "$D/before.folded" "$D/after.folded" | head -3 >want && test_cmp want three &&
	hr-diff --rows 4 --format tsv "$D/before.folded" "$D/after.folded" >t.tsv &&
	test $(wc -l <t.tsv) = 5 && head -1 t.tsv >head && printf "before\tafter\tdelta\tstack\n" >want &&
	test_cmp want head &&
	tail -n +2 t.tsv | awk -F"\t" "{ d = \$3 < 0 ? -\$3 : \$3; if (NR > 1 && d > prev) exit 1; prev = d; if (\$2 - \$1 != \$3) exit 1 }" &&
	hr-diff -f csv -n 1 "$D/before.folded" "$D/after.folded" | head -1 | grep -q "^before,after,delta,stack"
'

test_expect_success JQ 'hr-diff --format json: the totals and each stack with its frames' '
	hr-diff --json "$D/before.folded" "$D/after.folded" >diff.json &&
	jq -e ".before.total == 100 and .after.total == 101 and .before.file != null" diff.json >/dev/null &&
	jq -e "[.stacks[].before] | add == 100" diff.json >/dev/null &&
	jq -e "[.stacks[].after] | add == 101" diff.json >/dev/null &&
	jq -e ".stacks | length == $(hr-diff "$D/before.folded" "$D/after.folded" | wc -l)" diff.json >/dev/null &&
	jq -e ".stacks[0].frames[0] == \"iperf\"" diff.json >/dev/null
'

test_expect_success 'hr-diff -n without a number is the old --normalize, with a warning' '
	hr-diff --normalize "$D/before.folded" "$D/after.folded" >want &&
	hr-diff -n "$D/before.folded" "$D/after.folded" >got 2>err &&
	test_cmp want got && test_grep "deprecated.*use --normalize" err &&
	hr-diff -ns "$D/hex-a.folded" "$D/hex-b.folded" >got 2>err &&
	test_cmp "$D/hex-ns.expected" got && test_grep deprecated err &&
	hr-diff -sn "$D/hex-a.folded" "$D/hex-b.folded" >got 2>err &&
	test_cmp "$D/hex-ns.expected" got &&
	hr-diff -n2 "$D/hex-a.folded" "$D/hex-b.folded" >got 2>err &&
	! test -s err && test $(wc -l <got) = 2
'

test_expect_success 'a count name travels from hr-fold to hr-top, hr-diff and hr-flame' '
	hr-fold "$DATA/fold/capture/perf6-fp.txt" >ns.folded &&
	head -1 ns.folded | grep -qx "# countname: ns" &&
	hr-top -f table -n 1 ns.folded >top.txt &&
	head -1 top.txt | grep -q "^ns: [0-9]* in [0-9]* stacks" &&
	! grep -q samples top.txt &&
	hr-flame ns.folded >ns.svg &&
	grep -q "<title>all ([0-9,]* ns, 100%)" ns.svg &&
	hr-flame --countname=us ns.folded | grep -q "<title>all ([0-9,]* us, 100%)" &&
	hr-diff ns.folded ns.folded | head -1 | grep -qx "# countname: ns" &&
	hr-fold --samples "$DATA/fold/capture/perf6-fp.txt" >samples.folded &&
	hr-diff samples.folded ns.folded >mixed 2>err &&
	test_grep "counts samples but .ns.folded. counts ns" err &&
	test_expect_code 2 hr-top ns.folded samples.folded 2>err &&
	test_grep "counts samples, but the input before it counts ns" err
'

test_expect_success 'hr-fold passes folded input through and warns of what it cannot name' '
	hr-fold ns.folded >again && test_cmp ns.folded again &&
	printf "dd 1 [000] 1.0: 5 cycles:\n\t401000 [unknown] (/usr/bin/dd)\n\n" >nosym.txt &&
	hr-fold nosym.txt >out 2>err &&
	test_grep "frames without a symbol in /usr/bin/dd: install the debug symbols .*-dbgsym.*DEBUGINFOD_URLS" err &&
	hr-fold -q nosym.txt >out 2>err && ! test -s err
'
test_done
