#!/bin/bash
# hr-sample --format pprof, read back by Go's own pprof (Debian's golang-go,
# which make deps installs): the stacks and counts of -raw make the same
# profile as -top's functions, the sample type names the unit, and the off-CPU
# shares of the designed workload come out as in the folded output.
. "$(dirname "$0")/../lib.sh"

WL=$SRC_ROOT/build/tests/offcpu-workload
if ! hr-sample -q --off-cpu -d 100ms -- true >/dev/null 2>probe.err; then
	skip_all_reason=$(cat probe.err)
	echo "1..0 # SKIP off-CPU sampling refused: $skip_all_reason"
	exit 0
fi
if command -v go >/dev/null && HOME=$TRASH GOFLAGS= go tool pprof -h >/dev/null 2>&1; then
	test_set_prereq GO
else
	missing_reason="go tool pprof is not installed (Debian: golang-go; make deps installs it)"
fi
export HOME=$TRASH PPROF_TMPDIR=$TRASH/pprof

# The awk programs of t1004: pprof -raw back to folded lines, folded lines
# to pprof -top's flat and cum per function, -top's rows.
sed -n "/^cat >raw2folded.awk <<'AWK'/,/^AWK/p; /^cat >folded2top.awk <<'AWK'/,/^AWK/p" \
	"$TEST_ROOT/cli/t1004-fold-pprof.sh" >awk.sh && . ./awk.sh
top2rows() {
	awk 'seen && NF >= 6 {
		name = $0; sub(/^ *[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +/, "", name)
		f = $1; c = $4; sub(/[a-z]+$/, "", f); sub(/[a-z]+$/, "", c)
		printf "%.0f %.0f %s\n", f, c, name
	} / flat  flat%/ { seen = 1 }' "$1"
}

test_expect_success 'an unknown --format exits 2, naming the choices' '
	test_expect_code 2 hr-sample --format svg -- true 2>err &&
	test_grep "folded.*pprof" err
'

test_expect_success GO 'an off-CPU profile as pprof: microseconds of off-cpu' '
	hr-sample -q --off-cpu --format pprof -o off.pb.gz -- "$WL" 2 >wl.out &&
	test "$(head -c 2 off.pb.gz | od -An -tx1 | tr -d " ")" = 1f8b &&
	go tool pprof -raw -symbolize=none off.pb.gz >raw 2>raw.err &&
	grep -q "^off-cpu/microseconds" raw &&
	awk -f raw2folded.awk raw | LC_ALL=C sort >got.folded &&
	test_grep "^oc-sleep;.*;sleeper;sleep_wait;.*;schedule [1-9][0-9]*$" got.folded
'

test_expect_success GO 'go tool pprof -top agrees exactly with the stacks of -raw' '
	go tool pprof -top -nodecount=0 -nodefraction=0 -edgefraction=0 -unit=us \
		-symbolize=none off.pb.gz >top 2>top.err &&
	top2rows top | LC_ALL=C sort >got &&
	awk -f folded2top.awk got.folded | LC_ALL=C sort >want &&
	test_cmp want got
'

test_expect_success GO 'the waits share the time as the workload timed them, within 5 points' '
	awk "
		FNR == 1 { file++ }
		file == 1 && \$1 == \"wait\" { want[\$2] = \$3; wsum += \$3 }
		file == 2 { for (n in want) if (index(\$0, \";\" n \";\")) { got[n] += \$NF; gsum += \$NF } }
		END { for (n in want) { d = 100 * (got[n] / gsum - want[n] / wsum); printf \"%s %+.1f\\n\", n, d; if (d > 5 || d < -5) bad++ } exit bad > 0 }
	" wl.out got.folded
'

test_expect_success GO 'on-CPU samples as pprof: samples/count, every 1/F s of CPU' '
	hr-sample -q -F 199 --format pprof -o on.pb.gz -- "$WL" 1 >/dev/null &&
	go tool pprof -raw -symbolize=none on.pb.gz >raw 2>/dev/null &&
	grep -q "^samples/count" raw &&
	test_grep "^PeriodType: cpu nanoseconds" raw &&
	test_grep "^Period: 5025126" raw &&
	awk -f raw2folded.awk raw >on.folded &&
	test_grep "^oc-lock;.*;locker;work [1-9]" on.folded
'

test_expect_success GO 'mappings name each binary with its build-id, the program first' '
	id=$(readelf -n "$WL" | sed -n "s/.*Build ID: *//p") &&
	libc=$(ldd "$WL" | sed -n "s/.*libc\.so\.6 => \([^ ]*\).*/\1/p") &&
	libc_id=$(readelf -n "$(readlink -f "$libc")" | sed -n "s/.*Build ID: *//p") &&
	test -n "$id" && test -n "$libc_id" &&
	sed -n "/^Mappings/,\$p" raw >maps &&
	cat maps &&
	test_grep "^1: .* $WL $id \[FN\]$" maps &&
	test_grep " $libc_id \[FN\]$" maps &&
	go tool pprof -top on.pb.gz >top 2>/dev/null &&
	test_grep "^Build ID: $id$" top
'
test_done
