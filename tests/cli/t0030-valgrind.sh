#!/bin/bash
# Every tool's normal run is clean under valgrind: no invalid access, no
# uninitialised value and no definite leak. An ASan build checks the same
# things itself in every other test, and valgrind cannot run beside it.
. "$(dirname "$0")/../lib.sh"
. "$TEST_ROOT/servers.sh"

if nm -D "$SRC_ROOT/lib/libheadroom.so" 2>/dev/null | grep -q __asan_init; then
	say "sanitizer build: AddressSanitizer and LeakSanitizer check every test instead"
	test_done
fi
if ! command -v valgrind >/dev/null; then
	test_skip "tools under valgrind" "valgrind is not installed"
	test_done
fi

vg() {
	valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
		--show-leak-kinds=definite "$@"
}
have() { [ -x "$SRC_ROOT/bin/$1" ]; }
# A tool whose verdict is negative exits 1; valgrind's findings exit 99.
ok_or_1() { "$@"; rc=$?; [ $rc -eq 0 ] || [ $rc -eq 1 ]; }

have hr-fold && test_expect_success 'hr-fold' '
	vg hr-fold "$DATA/fold/flamegraph/perf-java-stacks-01.txt" >fold.out &&
	test -s fold.out
'
have hr-fold && test_expect_success 'hr-fold --format pprof, of perf script text and of folded stacks' '
	vg hr-fold -q -f pprof -o fold.pb.gz "$DATA/fold/capture/perf6-dwarf.txt" &&
	vg hr-fold -f pprof -o folded.pb.gz fold.out &&
	test -s fold.pb.gz && test -s folded.pb.gz
'
have hr-flame && test_expect_success 'hr-flame' '
	vg hr-flame "$DATA/flame/java-all.folded" >flame.svg &&
	grep -q "</svg>" flame.svg
'
have hr-diff && test_expect_success 'hr-diff' '
	vg hr-diff --normalize "$DATA/difftop/before.folded" "$DATA/difftop/after.folded" >diff.out &&
	test -s diff.out &&
	vg hr-diff --json -n 5 "$DATA/difftop/before.folded" "$DATA/difftop/after.folded" >diff.json &&
	grep -q "\"frames\"" diff.json
'
have hr-top && test_expect_success 'hr-top' '
	vg hr-top -n 5 "$DATA/difftop/after.folded" >top.out &&
	test -s top.out &&
	vg hr-top --json -n 5 "$DATA/difftop/after.folded" >top.json &&
	grep -q "\"rows\"" top.json
'
have hr-forecast && test_expect_success 'hr-forecast' '
	ok_or_1 vg hr-forecast --horizon 30d --summary "$DATA/forecast/disk-usage.tsv" >fc.out &&
	test -s fc.out
'
have hr-latency && test_expect_success 'hr-latency' '
	ok_or_1 vg hr-latency --input-csv -f elapsed --apdex 200 "$DATA/loadtest/jmeter-results.jtl" >lat.out &&
	test -s lat.out
'
have hr-usl && test_expect_success 'hr-usl' '
	ok_or_1 vg hr-usl "$DATA/loadtest/specsdm91.txt" >usl.out &&
	test -s usl.out
'
have hr-record && test_expect_success 'hr-record and hr-query' '
	for k in 1 2; do
		HEADROOM_NOW=$((1700000000 + 60 * k)) vg hr-record -q --db h.db \
			--proc-root "$DATA/record/v2/snap$k/proc" \
			--sys-root "$DATA/record/v2/snap$k/sys" || return 1
	done &&
	vg hr-query --db h.db --list >list.out && test -s list.out &&
	vg hr-query --db h.db "cgroup.*" >q.out && test -s q.out
'
have hr-rightsize && have hr-record && test_expect_success 'hr-rightsize' '
	HEADROOM_NOW=1700000120 ok_or_1 vg hr-rightsize --db h.db --json >rs.json &&
	grep -q "\"entity\"" rs.json
'
have hr-record && have hr-query && test_expect_success PROMETHEUS 'over HTTP: hr-record --remote-write, hr-query --prometheus' '
	start_prometheus p1 &&
	now=$(date +%s) &&
	for k in 0 1; do
		HEADROOM_NOW=$((now - 120 + 60 * k)) vg hr-record -q --db w.db --host h1 \
			--no-cgroups --top 0 --remote-write "$p1_URL/api/v1/write" 2>push.err &&
		! grep "$p1_URL" push.err || return 1
	done &&
	vg hr-query --prometheus "$p1_URL" "mem.*" --since 1h >prom.out &&
	grep -q "	mem\\.available_bytes{host=h1}	" prom.out &&
	test_expect_code 2 vg hr-query --prometheus "$p1_URL" "rate(x[" 2>bad.err &&
	grep -q "parse error" bad.err
'
test_done
