#!/bin/bash
# Bad usage and bad input: exit 2 with a message naming the option, or the
# file and the line; truncated, garbage, binary and enormous input.
. "$(dirname "$0")/../lib.sh"
. "$DATA/rightsize/lib-rightsize.sh"

gen steady cg=/svc/a days=2 >good.tsv

for bad in "--cpu-percentile 0" "--cpu-percentile 101" "--cpu-percentile x" \
	   "--strategy best" "--half-life -1h" "--half-life soon" "--margin -5" \
	   "--min-cpu -1" "--min-mem lots" "--horizon 3mo" "--slack 100" \
	   "--max-throttled 150" "--price-cpu free" "--price-mem -1" "--host-cpu 0" \
	   "--host-mem 0" "--target 0" "--until yesterday" "--since forever"; do
	test_expect_success "bad usage: $bad" "
		test_expect_code 2 hr-rightsize -i good.tsv $bad >out 2>err &&
		test_grep '^hr-rightsize: ' err &&
		test_grep \"Try 'hr-rightsize --help'\" err &&
		! test -s out
	"
done

test_expect_success 'an unexpected argument is bad usage' '
	test_expect_code 2 hr-rightsize -i good.tsv extra 2>err &&
	test_grep "unexpected argument .extra." err
'

test_expect_success '--input and --db together are bad usage' '
	test_expect_code 2 hr-rightsize -i good.tsv --db x.db 2>err &&
	test_grep "alternatives" err
'

test_expect_success 'a missing file' '
	test_expect_code 2 hr-rightsize -i nope.tsv 2>err &&
	test_grep "cannot open .nope.tsv.: No such file" err
'

test_expect_success 'garbage names the file and the line' '
	{ head -5 good.tsv && echo "this is not series TSV at all" && tail -3 good.tsv; } >garbage.tsv &&
	test_expect_code 2 hr-rightsize -i garbage.tsv >out 2>err &&
	test_grep "^hr-rightsize: garbage.tsv:6: " err &&
	! test -s out
'

test_expect_success 'a value that is not a number' '
	printf "1767225600\tcgroup.cpu.cores{cgroup=/a}\tn/a\n" >nan.tsv &&
	test_expect_code 2 hr-rightsize -i nan.tsv 2>err &&
	test_grep "nan.tsv:1: expected a number, got .n/a." err
'

test_expect_success 'a negative usage' '
	printf "1767225600\tcgroup.cpu.cores{cgroup=/a}\t0.2\n1767225900\tcgroup.cpu.cores{cgroup=/a}\t-0.2\n" >neg.tsv &&
	test_expect_code 2 hr-rightsize -i neg.tsv 2>err &&
	test_grep "neg.tsv:2: expected a non-negative number" err
'

test_expect_success 'a bad timestamp' '
	printf "yesterday\tcgroup.cpu.cores{cgroup=/a}\t0.2\n" >ts.tsv &&
	test_expect_code 2 hr-rightsize -i ts.tsv 2>err &&
	test_grep "ts.tsv:1: expected a timestamp" err
'

test_expect_success 'malformed labels on a series sizing reads' '
	printf "1767225600\tcgroup.cpu.cores{cgroup=/a\t0.2\n" >lbl.tsv &&
	test_expect_code 2 hr-rightsize -i lbl.tsv 2>err &&
	test_grep "lbl.tsv:1: expected labels" err
'

test_expect_success 'truncated input: a last line cut short' '
	{ cat good.tsv && printf "1767400000\tcgroup.cpu.co"; } >trunc.tsv &&
	test_expect_code 2 hr-rightsize -i trunc.tsv 2>err &&
	n=$(($(wc -l <good.tsv) + 1)) &&
	test_grep "trunc.tsv:$n: " err
'

test_expect_success 'truncated input: cut after a whole field still sizes what is there' '
	{ cat good.tsv && printf "1767400000\tcgroup.cpu.cores{cgroup=/svc/a}\t0.3"; } >trunc2.tsv &&
	hr-rightsize -i trunc2.tsv --tsv >out.tsv &&
	test "$(tsv_get out.tsv /svc/a verdict)" = over
'

test_expect_success 'binary input' '
	{ head -3 good.tsv && printf "1767225600\tcgroup.cpu.cores{cgroup=/a}\t0\0\001\002\n"; } >bin.tsv &&
	test_expect_code 2 hr-rightsize -i bin.tsv 2>err &&
	test_grep "bin.tsv:4: binary data" err
'

test_expect_success 'random bytes' '
	head -c 100000 /dev/urandom >random.bin &&
	test_expect_code 2 hr-rightsize -i random.bin 2>err &&
	test_grep "random.bin:[0-9]+: " err
'

test_expect_success 'an enormous line: a cgroup name of a megabyte' '
	long=$(head -c 1048576 /dev/zero | tr "\0" x) &&
	{ cat good.tsv && printf "1767225600\tcgroup.cpu.cores{cgroup=/%s}\t0.3\n" "$long"; } >huge.tsv &&
	hr-rightsize -i huge.tsv --tsv >out.tsv &&
	test $(wc -l <out.tsv) = 3 &&
	test $(awk -F"\t" "NR == 3 { print length(\$1) }" out.tsv) = 1048577
'

test_expect_success 'an enormous line of garbage' '
	head -c 2000000 /dev/zero | tr "\0" 7 >huge2.tsv &&
	test_expect_code 2 hr-rightsize -i huge2.tsv 2>err &&
	test_grep "huge2.tsv:1: " err
'

test_expect_success 'empty input' '
	test_expect_code 2 hr-rightsize -i - </dev/null 2>err &&
	test_grep "no cgroup.\* or system series" err
'

test_expect_success 'input with only series sizing does not read' '
	printf "1767225600\tdisk.read_bps{dev=sda}\t100\n" >disk.tsv &&
	test_expect_code 2 hr-rightsize -i disk.tsv 2>err &&
	test_grep "no cgroup.\* or system series" err
'

test_expect_success 'a limit alone, without usage, is not a row' '
	{ cat good.tsv && printf "1767225600\tcgroup.cpu.limit_cores{cgroup=/other}\t2\n"; } >lim.tsv &&
	hr-rightsize -i lim.tsv --tsv >out.tsv &&
	! grep -q /other out.tsv
'

test_expect_success 'two-column input with a series comment, RFC 3339 times, comments and blank lines' '
	{ echo "# series: cgroup.cpu.cores{cgroup=/two}" &&
	  awk -F"\t" "\$2 ~ /cpu.cores/ { print \$1 \"\t\" \$3 }" good.tsv | head -3 &&
	  echo && echo "# a comment" &&
	  printf "2026-01-01T02:00:00Z\t0.3\n"; } >two.tsv &&
	hr-rightsize -i two.tsv --tsv >out.tsv &&
	test "$(tsv_get out.tsv /two cpu_p95_cores)" = 0.3
'

test_expect_success 'Prometheus-style quoted labels and further labels' '
	printf "1767225600\tcgroup.cpu.cores{cgroup=\"/q,x\",host=\"h1\"}\t0.5\n" >q.tsv &&
	hr-rightsize -i q.tsv --tsv >out.tsv &&
	test "$(tsv_get out.tsv /q,x cpu_p95_cores)" = 0.5 &&
	printf "1767225600\tcgroup.cpu.cores{cgroup=/q,job=\"x\"}\t0.5\n" >q2.tsv &&
	test_expect_code 2 hr-rightsize -i q2.tsv 2>err
'

test_expect_success '--cgroup selects cgroups by glob' '
	{ gen steady cg=/system.slice/a.service days=1 && gen steady cg=/system.slice/b.service days=1 &&
	  gen steady cg=/user.slice days=1; } >many.tsv &&
	hr-rightsize -i many.tsv --cgroup "/system.slice/*" --tsv | cut -f1 >got &&
	printf "entity\n/system.slice/a.service\n/system.slice/b.service\n" >want &&
	test_cmp want got &&
	hr-rightsize -i many.tsv --cgroup /user.slice --cgroup "*/b.service" --tsv | cut -f1 >got &&
	printf "entity\n/system.slice/b.service\n/user.slice\n" >want &&
	test_cmp want got
'

test_expect_success 'an unwritable output file' '
	test_expect_code 2 hr-rightsize -i good.tsv -o /nonexistent/dir/out 2>err &&
	test_grep "cannot open ./nonexistent/dir/out." err
'

test_expect_success '-o writes the file; a closed pipe is quiet' '
	hr-rightsize -i good.tsv -o out.tsv && test_grep "^/svc/a" out.tsv &&
	hr-rightsize -i many.tsv --tsv 2>err | head -1 >/dev/null &&
	! test -s err
'
test_done
