#!/bin/bash
# hr-latency on JMeter CSV results whose lines take the fast path (no quote:
# only the leading columns split) and whose lines do not (a quote anywhere):
# the same records must give the same figures and the same errors either way,
# whatever the columns' order, line ends or the numbers' spelling.
. "$(dirname "$0")/../lib.sh"

H=timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect,note

# field TSV COLUMN: the (all) row's value of COLUMN in hr-latency --format tsv.
field() {
	awk -F'\t' -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) k[$i] = i; next }
		$1 == "(all)" { print $k[c] }' "$1"
}

# report FILE: what hr-latency says of FILE by label and per second, with its
# exit status and messages (the file's name left out).
report() {
	local rc=0

	{
		hr-latency -q --format tsv --by label "$1" 2>&1 || rc=$?
		echo "exit $rc"
		rc=0
		hr-latency -q --format tsv --window 1s "$1" 2>&1 || rc=$?
		echo "exit $rc"
	} | sed "s|$1|FILE|g"
}

# same NAME ROW...: NAME.jtl holds the rows each ending in a plain note, and
# NAME-q.jtl the same rows ending in a quoted note with a separator and
# doubled quotes; hr-latency must report the two alike (NAME.out).
same() {
	local name=$1 r
	shift
	{ echo "$H" && for r in "$@"; do echo "$r,plain"; done; } >"$name.jtl" &&
	{ echo "$H" && for r in "$@"; do echo "$r,\"a, \"\"quoted\"\" note\""; done; } >"$name-q.jtl" &&
	report "$name.jtl" >"$name.out" &&
	report "$name-q.jtl" >"$name-q.out" &&
	test_cmp "$name.out" "$name-q.out"
}

row() { echo "$1,$2,${3:-home},200,OK,T 1-1,text,${4:-true},,1,1,${5:-2},${5:-2},u,1,0,1"; }

test_expect_success 'plain and quoted lines: the same figures' '
	same ok "$(row 1796460691123 4)" "$(row 1796460691130 51 home true 3)" \
		"$(row 1796460691190 2 cart false)" "$(row 1796460692200 7 cart)" &&
	grep -q "^exit 0$" ok.out && ! grep -q "^exit [^0]" ok.out &&
	hr-latency -q --format tsv ok.jtl >all.tsv &&
	test "$(field all.tsv count)" = 3 && test "$(field all.tsv errors)" = 1 &&
	test "$(field all.tsv max)" = 51
'

test_expect_success 'numbers spelt otherwise and large: the same values or errors' '
	for e in 0 7.5 +5 1e2 007 123456789012345 1234567890123456 99999999999999999999 \
		12x -3 " 7" 0x10 "" 1e400 $(printf "9%.0s" $(seq 400)); do
		same "e$((++n))" "$(row 1796460691123 "$e")" || { echo "elapsed [$e]"; exit 1; }
	done &&
	test_grep "^hr-latency: FILE:2: expected an elapsed time in ms in column 2, got .12x.$" e9.out &&
	test_grep "^hr-latency: FILE:2: expected an elapsed time in ms in column 2" e14.out &&
	test_grep "^hr-latency: FILE:2: expected an elapsed time in ms in column 2" e15.out &&
	hr-latency -q --format tsv e7.jtl >big.tsv && test "$(field big.tsv max)" = 1234567890123456 &&
	for t in 1796460691 1796460691123 1796460691123456 1796460691123456789 17964606911234567890 \
		179646069112345678901 12345678 2026-12-06T04:00:00Z 1796460691x; do
		same "t$((++m))" "$(row "$t" 5)" "$(row "$t" 6)" || { echo "timeStamp [$t]"; exit 1; }
	done &&
	test_grep "^hr-latency: FILE:2: expected a timestamp in column 1, got .1796460691x.$" t9.out &&
	for a in 1 +2 2.5 x -1 ""; do
		same "a$((++k))" "$(row 1796460691123 5 home true "$a")" || { echo "allThreads [$a]"; exit 1; }
	done &&
	test_grep "expected a number of active threads in column 13, got .x.$" a4.out &&
	for s in true TRUE false "true " ""; do
		same "s$((++j))" "$(row 1796460691123 5 home "$s")" || { echo "success [$s]"; exit 1; }
	done
'

test_expect_success 'a quoted label with a separator and doubled quotes' '
	{ echo "$H" &&
	  echo "1796460691123,4,\"say \"\"hi\"\", then\",200,OK,T 1-1,text,true,,1,1,1,1,u,1,0,1,n" &&
	  echo "1796460691124,6,plain,200,OK,T 1-1,text,true,,1,1,1,1,u,1,0,1,n"
	} >label.jtl &&
	hr-latency -q --format tsv --by label label.jtl >label.tsv &&
	grep -q "^say \"hi\", then	1	0	" label.tsv && grep -q "^plain	1	0	" label.tsv
'

test_expect_success 'a quoted failureMessage with separators before the columns used' '
	{ echo "$H" &&
	  echo "1796460691123,4,a,500,Err,T 1-1,text,false,\"x,y,,z \"\"q\"\"\",1,1,9,9,u,1,0,1,n" &&
	  echo "1796460692123,6,a,200,OK,T 1-1,text,true,,1,1,4,4,u,1,0,1,n"
	} >msg.jtl &&
	hr-latency -q --format tsv --window 1s msg.jtl >msg.tsv &&
	awk -F"\t" "NR == 2 { exit !(\$2 == 1 && \$3 == 1 && \$10 == 9) }
		NR == 3 { exit !(\$2 == 1 && \$3 == 0 && \$10 == 4) }" msg.tsv
'

test_expect_success 'CRLF line ends and a last line without one: the same figures' '
	same crlf "$(row 1796460691123 4)" "$(row 1796460691130 51)" &&
	sed "s/\$/\r/" crlf.jtl >crlf-r.jtl &&
	report crlf-r.jtl >crlf-r.out && test_cmp crlf.out crlf-r.out &&
	printf "%s" "$(cat crlf.jtl)" >noeol.jtl && report noeol.jtl >noeol.out &&
	test_cmp crlf.out noeol.out &&
	printf "%s" "$(cat crlf-r.jtl)" >noeol-r.jtl && report noeol-r.jtl >noeol-r.out &&
	test_cmp crlf.out noeol-r.out
'

test_expect_success 'a truncated last line: file and line, exit 2' '
	{ echo "$H" && row 1796460691123 4 && printf "1796460691130,5"; } >trunc.jtl &&
	test_expect_code 2 hr-latency trunc.jtl 2>e &&
	test_grep "^hr-latency: trunc.jtl:3: expected at least 13 fields, the record has 2$" e &&
	{ echo "$H" && row 1796460691123 4 && printf "1796460691130,5,\"cut"; } >truncq.jtl &&
	test_expect_code 2 hr-latency truncq.jtl 2>e &&
	test_grep "^hr-latency: truncq.jtl:3: " e
'

test_expect_success 'columns in another order, fewer of them, extra ones' '
	{ echo "label,success,allThreads,extra1,elapsed,timeStamp,extra2" &&
	  echo "a,true,2,x,4,1796460691123,y" &&
	  echo "b,false,3,\"x,1\",5,1796460691124,y" &&
	  echo "b,true,3,x,6,1796460692124,y"
	} >order.jtl &&
	hr-latency -q --format tsv --by label order.jtl >order.tsv &&
	test "$(field order.tsv count)" = 2 && test "$(field order.tsv errors)" = 1 &&
	grep -q "^a	1	0	" order.tsv && grep -q "^b	1	1	" order.tsv &&
	hr-latency -q --format tsv --window 1s order.jtl >order-w.tsv &&
	awk -F"\t" "NR == 2 { exit !(\$2 == 2 && \$10 == 3) }" order-w.tsv
'

test_expect_success 'a column used beyond the first 64 and separators ; and tab' '
	cols=$(seq -f "c%g" 1 70 | paste -sd,) &&
	vals=$(seq 1 70 | paste -sd,) &&
	{ echo "timeStamp,elapsed,success,$cols" &&
	  echo "1796460691123,4,true,$vals" && echo "1796460691124,8,true,${vals/,70/,71}"
	} >wide.jtl &&
	hr-latency -q --format tsv --by c70 wide.jtl >wide.tsv &&
	grep -q "^70	1	0	0	4	" wide.tsv && grep -q "^71	1	0	0	8	" wide.tsv &&
	same semi "$(row 1796460691123 4)" "$(row 1796460691130 9 cart false)" &&
	tr , ";" <semi.jtl >semi-s.jtl && report semi-s.jtl >semi-s.out && test_cmp semi.out semi-s.out &&
	tr , "\t" <semi.jtl >semi-t.jtl && report semi-t.jtl >semi-t.out && test_cmp semi.out semi-t.out
'

test_expect_success 'no header: JMeter'"'"'s default columns' '
	{ row 1796460691123 4 && row 1796460691130 9 cart false; } >nohdr.jtl &&
	{ echo "$H" | cut -d, -f1-17 && cat nohdr.jtl; } >hdr.jtl &&
	report nohdr.jtl >nohdr.out && report hdr.jtl >hdr.out && test_cmp hdr.out nohdr.out
'

test_done
