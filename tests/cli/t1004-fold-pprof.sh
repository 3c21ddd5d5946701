#!/bin/bash
# hr-fold --format pprof, read back by Go's own pprof (Debian's golang-go,
# which make deps installs): -raw gives back every stack with its count, and
# -top every function's flat and cumulative count, exactly.
. "$(dirname "$0")/../lib.sh"

if command -v go >/dev/null && HOME=$TRASH GOFLAGS= go tool pprof -h >/dev/null 2>&1; then
	test_set_prereq GO
else
	missing_reason="go tool pprof is not installed (Debian: golang-go; make deps installs it)"
fi
# Go wants a home for its caches; pprof a directory for its own files.
export HOME=$TRASH PPROF_TMPDIR=$TRASH/pprof

# A profile with recursion, one name under several roots, names with blanks,
# UTF-8, an escaped ';' and a backslash, and a count past 32 bits.
cat >in.folded <<'EOF'
# countname: ns
app;main;parse;read 30
app;main;parse 10
app;main;render;draw;draw 25
app;main;render 5
app;main;a;b;a 7
worker;start_thread;loop;read 5000000023
node;std::vector<int, std::allocator<int> >::push_back(int const&);日本語 4
node;semi\x3bcolon;RegExp:\bFoo [\\] 12
EOF

# pprof -raw as folded lines: each sample's location ids (leaf first) mapped to
# their names, reversed and joined by ';' (a ';' in a name written \x3b, as
# folded stacks write it), identical stacks added up, sorted.
cat >raw2folded.awk <<'AWK'
/^Samples:/ { part = "s"; next }
/^Locations/ { part = "l"; next }
/^Mappings/ { part = "" }
part == "s" && /^ *[0-9]+: / {
	split($0, f, ": "); n++; value[n] = f[1] + 0; ids[n] = f[2]; next
}
part == "l" && /^ *[0-9]+: 0x/ {
	id = $1; sub(/:$/, "", id)
	name = $0
	sub(/^ *[0-9]+: 0x[0-9a-f]+ (M=[0-9]+ )?(\[F\] )?/, "", name)
	sub(/ [^ ]*:[0-9]+(:[0-9]+)? s=[0-9]+(\(.*\))?$/, "", name)
	gsub(/;/, "\\x3b", name)
	loc[id] = name
}
END {
	for (i = 1; i <= n; i++) {
		k = split(ids[i], l, " "); s = ""
		for (j = k; j >= 1; j--) s = s (s == "" ? "" : ";") loc[l[j]]
		sum[s] += value[i]
	}
	for (s in sum) printf "%s %.0f\n", s, sum[s]
}
AWK

# flat and cum per function from folded lines, as pprof counts them: flat for
# the leaf, cum once per stack for every function in it.
cat >folded2top.awk <<'AWK'
/^#/ { next }
{
	c = $NF; s = $0; sub(/ [0-9]+$/, "", s)
	n = split(s, f, ";"); split("", seen)
	for (i = 1; i <= n; i++) {
		name = f[i]; gsub(/\\x3b/, ";", name)
		if (!(name in seen)) { seen[name] = 1; cum[name] += c }
		if (i == n) flat[name] += c
	}
}
END { for (k in cum) printf "%.0f %.0f %s\n", flat[k], cum[k], k }
AWK

# pprof -top's rows as "flat cum name", the unit taken off the numbers.
top2rows() {
	awk 'seen && NF >= 6 {
		name = $0; sub(/^ *[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +/, "", name)
		f = $1; c = $4; sub(/[a-z]+$/, "", f); sub(/[a-z]+$/, "", c)
		printf "%.0f %.0f %s\n", f, c, name
	} / flat  flat%/ { seen = 1 }' "$1"
}

test_expect_success GO 'go tool pprof -raw gives back every stack and count exactly' '
	hr-fold --format pprof -o p.pb.gz in.folded &&
	test "$(head -c 2 p.pb.gz | od -An -tx1 | tr -d " ")" = 1f8b &&
	go tool pprof -raw -symbolize=none p.pb.gz >raw 2>raw.err &&
	awk -f raw2folded.awk raw | LC_ALL=C sort >got &&
	grep -v "^#" in.folded | LC_ALL=C sort >want &&
	test_cmp want got
'

test_expect_success GO 'the sample type is time in nanoseconds, from the count name' '
	grep -q "^time/nanoseconds" raw &&
	go tool pprof -top -symbolize=none p.pb.gz 2>/dev/null | grep -q "^Type: time"
'

test_expect_success GO 'go tool pprof -top gives every function its flat and cum exactly' '
	go tool pprof -top -nodecount=0 -nodefraction=0 -edgefraction=0 -unit=ns \
		-symbolize=none p.pb.gz >top 2>top.err &&
	top2rows top | LC_ALL=C sort >got &&
	awk -f folded2top.awk in.folded | LC_ALL=C sort >want &&
	test_cmp want got &&
	test $(wc -l <got) = 16
'

test_expect_success GO 'counts of samples are samples/count; repeated stacks add up' '
	grep -v "^#" in.folded >s.folded && grep -v "^#" in.folded >>s.folded &&
	hr-fold -f pprof -o s.pb.gz s.folded &&
	go tool pprof -raw -symbolize=none s.pb.gz >raw 2>/dev/null &&
	grep -q "^samples/count" raw &&
	awk -f raw2folded.awk raw | LC_ALL=C sort >got &&
	awk "{ c = \$NF; sub(/ [0-9]+\$/, \"\"); printf \"%s %.0f\\n\", \$0, 2 * c }" s.folded | LC_ALL=C sort -u >want &&
	test_cmp want got
'

test_expect_success GO 'hostile names reach pprof as they are, what it cannot carry as \xHH' '
	printf "ev\\\\x1b[1mil\\\\xff;tab\\\\x09bed 3\n" >h.folded &&
	hr-fold -f pprof -o h.pb.gz h.folded &&
	go tool pprof -raw -symbolize=none h.pb.gz >raw 2>/dev/null &&
	grep -q " ev\\\\x1b\[1mil\\\\xff :0" raw && grep -q " tab\\\\x09bed :0" raw &&
	! grep -q "$(printf "\033")" raw
'

test_expect_success 'pprof output is refused on a terminal, and bad input is an error' '
	printf "a;b 1.5\n" >frac.folded &&
	hr-fold -f pprof -o frac.pb.gz frac.folded 2>err &&
	test_grep "whole numbers: 1 count rounded" err &&
	printf "a;b 1 2\n" >two.folded &&
	test_expect_code 2 hr-fold -f pprof -o two.pb.gz two.folded 2>err &&
	test_grep "two.folded:1: two counts" err &&
	printf "a;b 99999999999999999999\n" >huge.folded &&
	test_expect_code 2 hr-fold -f pprof -o huge.pb.gz huge.folded 2>err &&
	test_grep "too large for pprof" err &&
	printf "# countname: ns\na 1\n" >ns.folded && printf "b 1\n" >plain.folded &&
	test_expect_code 2 hr-fold ns.folded plain.folded 2>err &&
	test_grep "counts samples, but the input before it counts ns" err
'

test_expect_success 'folded input passes through hr-fold unchanged, its count name kept' '
	hr-fold in.folded >again &&
	{ echo "# countname: ns"; grep -v "^#" in.folded | LC_ALL=C sort; } >want &&
	test_cmp want again
'

# A recording made here: the mappings name the files perf saw, with the
# build-ids perf.data records.
if ! command -v perf >/dev/null; then
	skip_reason="perf not installed"
elif ! perf record -q -e cpu-clock -F 999 -g -o perf.data -- \
	sh -c 'i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done' >/dev/null 2>record.err ||
	! test -s perf.data; then
	skip_reason="perf record cannot sample here: $(tail -1 record.err)"
fi
if [ -n "$skip_reason" ]; then
	missing_reason=$skip_reason
elif test_have_prereq GO; then
	test_set_prereq GO_RECORDED
fi
test_expect_success GO_RECORDED 'perf.data: the same stacks as folded, mappings with build-ids' '
	hr-fold -q perf.data | grep -v "^#" | LC_ALL=C sort >want &&
	hr-fold -q -f pprof -o rec.pb.gz perf.data &&
	go tool pprof -raw -symbolize=none rec.pb.gz >raw 2>/dev/null &&
	awk -f raw2folded.awk raw | LC_ALL=C sort >got &&
	test_cmp want got &&
	grep -q "^cpu/nanoseconds" raw &&
	sh=$(readlink -f "$(command -v sh)") &&
	id=$(perf buildid-list -i perf.data 2>/dev/null | awk -v f="$sh" "\$2 == f { print \$1 }") &&
	test -n "$id" &&
	grep -E "^1: 0x0/0x0/0x0 $sh $id" raw
'
test_done
