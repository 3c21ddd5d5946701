#!/bin/bash
# hr-rightsize's output: an aligned table on a terminal, TSV otherwise, JSON
# with the keys scripts rely on.
. "$(dirname "$0")/../lib.sh"
. "$DATA/rightsize/lib-rightsize.sh"

{ gen steady cg=/system.slice/api.service cpu=0.3 limit=2 &&
  gen pinned cg=/system.slice/db.service limit=1 &&
  gen steady cg=/user.slice limit=0 memlimit=0 days=0.5 &&
  gen host host=h1; } >h.tsv

test_expect_success 'TSV when standard output is not a terminal: a header and 21 fields a row' '
	test_expect_code 1 hr-rightsize -i h.tsv >out.tsv &&
	head -1 out.tsv | tr "\t" "\n" >head &&
	cat >want <<-\EOF &&
	entity
	kind
	cpu_request_cores
	cpu_limit_cores
	cpu_p95_cores
	cpu_recommended_cores
	cpu_request_recommended_cores
	cpu_limit_recommended_cores
	cpu_change_pct
	mem_request_bytes
	mem_limit_bytes
	mem_peak_bytes
	mem_recommended_bytes
	mem_request_recommended_bytes
	mem_limit_recommended_bytes
	mem_change_pct
	verdict
	confidence
	cost_now
	cost_recommended
	note
	EOF
	test_cmp want head &&
	awk -F"\t" "NF != 21 { bad = 1 } END { exit bad }" out.tsv &&
	test $(wc -l <out.tsv) = 5 &&
	cut -f1,2 out.tsv >got &&
	printf "entity\tkind\n/system.slice/api.service\tcgroup\n/system.slice/db.service\tcgroup\n/user.slice\tcgroup\nh1\thost\n" >want &&
	test_cmp want got
'

test_expect_success 'TSV marks unknown values with -' '
	test "$(tsv_get out.tsv /user.slice cpu_limit_cores)" = - &&
	test "$(tsv_get out.tsv /user.slice cpu_change_pct)" = - &&
	test "$(tsv_get out.tsv /system.slice/api.service note)" = -
'

test_expect_success 'the table on a terminal: aligned columns, sizes in Kubernetes units' '
	NO_COLOR=1 test_expect_code 1 script -qfec "hr-rightsize -i h.tsv 2>/dev/null" /dev/null >tty.out &&
	tr -d "\r" <tty.out >table &&
	test_grep "^ENTITY +CPU REQ +LIMIT +P95 +REC REQ +REC LIM +CHANGE +MEM REQ +LIMIT +PEAK +REC REQ +REC LIM +CHANGE +VERDICT +CONF +NOTE$" table &&
	test_grep "^/system.slice/api.service +- +2 +0.3 +0.349 +0.349 +-83% +- +1G +204M +235M +235M +-77% +over +high$" table &&
	test_grep "^/system.slice/db.service +- +1 .* under +high +CPU p95 at the limit; throttled 35%$" table &&
	test_grep "^/user.slice +- +- +0.3 +0.349 +- +- +- +- +204M +235M +- +- +ok +low +no CPU limit; no memory limit; only 12h of history$" table &&
	test_grep "^h1 +- +8 +0.3 +0.349 +- +-96% +- +1G +200M +230M +- +-78% +over +high$" table
'

test_expect_success 'the table columns line up: each header word starts where its values end or start' '
	{ hr-rightsize -i h.tsv --table >table2 || test $? = 1; } &&
	awk "NR == 1 { p = index(\$0, \"VERDICT\") } NR > 1 && NF { if (substr(\$0, p, 2) !~ /^(ov|un|ok)/) bad = 1 } END { exit bad }" table2
'

test_expect_success 'progress on a terminal goes to standard error, and is gone at the end' '
	test_expect_code 1 script -qfec "hr-rightsize -i h.tsv >/dev/null" /dev/null >tty.err &&
	test_grep "sizing [0-9]+ of 4" tty.err &&
	test_expect_code 1 hr-rightsize -i h.tsv >/dev/null 2>err &&
	! test -s err
'

test_expect_success '-o writes TSV to a file (not a terminal)' '
	test_expect_code 1 hr-rightsize -i h.tsv -o file.tsv &&
	test_cmp out.tsv file.tsv
'

test_expect_success JQ 'JSON is valid and carries the keys of every entity' '
	test_expect_code 1 hr-rightsize -i h.tsv --json >out.json &&
	jq -e "length == 4" out.json &&
	for k in entity cpu_limit_cores cpu_p95_cores cpu_recommended_cores mem_limit_bytes \
		 mem_peak_bytes mem_recommended_bytes verdict confidence; do
		jq -e "all(.[]; has(\"$k\"))" out.json >/dev/null || { echo "missing $k"; return 1; }
	done &&
	jq -e ".[] | select(.entity == \"/user.slice\") | .cpu_limit_cores == null and .mem_limit_bytes == null" out.json &&
	jq -e ".[] | select(.entity == \"/system.slice/api.service\") | .cpu_recommended_cores == 0.349 and .verdict == \"over\" and .confidence == \"high\"" out.json
'

test_expect_success JQ 'JSON with prices and a fleet host ends with total and fleet objects' '
	test_expect_code 1 hr-rightsize -i h.tsv --json --price-cpu 0.03 --host-cpu 16 >out.json &&
	jq -e ".[-2].kind == \"total\" and .[-1].kind == \"fleet\" and .[-1].hosts == 1" out.json
'

test_expect_success JQ 'a name with quotes and backslashes survives into JSON' '
	printf "1767225600\tcgroup.cpu.cores{cgroup=\"/a\\\\\"b\\\\\\\\c\"}\t0.1\n" >q.tsv &&
	cat q.tsv &&
	hr-rightsize -i q.tsv --json >q.json &&
	test "$(jq -r ".[0].entity" q.json)" = "/a\"b\\c"
'
# A cgroup may be named anything: the escapes of its label are undone on
# reading, and tables and TSV show the name escaped again (headroom-series(5)).
test_expect_success 'a cgroup named with a TAB and an escape sequence' '
	gen steady cg=/x limit=2 |
		sed "s|cgroup=/x|cgroup=\"/s\\\\tx\\\\x1b]0;PWN\\\\x07\\\\xc2\\\\x9b\\\\xff\"|" >esc.tsv &&
	grep -qF "cgroup=\"/s\\tx\\x1b]0;PWN\\x07\\xc2\\x9b\\xff\"}" esc.tsv &&
	hr-rightsize -i esc.tsv >esc.out &&
	awk -F"\t" "NF != 21 { bad = 1 } END { exit bad }" esc.out &&
	cut -f1 esc.out >got &&
	printf "%s\n" entity "/s\\x09x\\x1b]0;PWN\\x07\\xc2\\x9b\\xff" >want &&
	test_cmp want got &&
	hr-rightsize -i esc.tsv --table >esc.txt &&
	grep -qF "/s\\x09x\\x1b]0;PWN\\x07\\xc2\\x9b\\xff  " esc.txt &&
	! grep -q "$(printf "[\t\033\007\377]")" esc.txt &&
	hr-rightsize -i esc.tsv --json >esc.json &&
	python3 -c "import json, sys; e = json.load(open(\"esc.json\"))[0][\"entity\"]; \
		sys.exit(e != \"/s\\tx\\x1b]0;PWN\\x07\\x9b\" + chr(92) + \"xff\")"
'
test_done
