#!/bin/bash
# The table of options that mean the same in every tool, in headroom(7), holds:
# each tool the table names shows each spelling of the row in its --help, and
# no other tool uses those spellings for something else, but for the peers'
# spellings the page lists. Renamed options keep working, with a warning.
. "$(dirname "$0")/../lib.sh"
. "$DATA/rightsize/lib-rightsize.sh"

PAGE="$SRC_ROOT/man/man7/headroom.7"

# The table's rows from the page's source, one a line: OPTIONS TAB TOOLS, with
# roff escapes removed. Cells are tbl text blocks (T{ ... T}) or plain text.
table_rows() {
	sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\%//g' "$PAGE" | awk '
		/^\.TS/ { intab = 1; fmt = 1; next }
		/^\.TE/ { intab = 0; next }
		!intab { next }
		fmt { if ($0 ~ /\.$/) { fmt = 0; head = 1 } next }
		head { head = 0; next }
		$0 == "T{" { cell = ""; next }
		$0 == "T};T{" { row[n++] = cell; cell = ""; next }
		$0 == "T}" { row[n++] = cell; print row[0] "\t" row[2]; n = 0; next }
		/^\./ { next }
		{ cell = cell (cell == "" ? "" : " ") $0 }'
}

# Whether the --help in file $1 shows the option $2 (-x or --name).
help_has() {
	case $2 in
	--*) grep -q -E -- "(^|[ ,])$2([ ,=[]|\$)" "$1" ;;
	*) grep -q -E -- "^ *$2(,|  | [A-Z])" "$1" ;;
	esac
}

# A tool's letter or name that is in the table but is its own, and documented
# as a peer's spelling in headroom(7): TOOL OPTION. hr-latency has --format
# but not -f, so it is not in the row.
KEPT="hr-latency --format
hr-fold --kernel
hr-top -v
hr-top -i
hr-latency -f
hr-record -n"

test_expect_success 'the table of common options is in headroom(7)' '
	table_rows >rows &&
	test $(wc -l <rows) -ge 15 &&
	test_grep "^-o, --output FILE	" rows &&
	test_grep "^-f, --format FMT	" rows &&
	test_grep "^--json	" rows &&
	test_grep "^--since TIME	" rows
'

for bin in "$SRC_ROOT"/bin/hr-*; do
	t=${bin##*/}
	"$t" --help >"help.$t" 2>/dev/null
done

test_expect_success 'each tool the table names shows each option of the row in --help' '
	missing= &&
	while IFS="	" read -r opts tools; do
		for o in $(printf "%s\n" "$opts" | grep -o -E -- "(^|[ ,])--?[a-zA-Z][a-z0-9-]*" | tr -d " ,"); do
			for t in $tools; do
				test -f "help.$t" || { missing="$missing [no tool $t]"; continue; }
				help_has "help.$t" "$o" || missing="$missing $t:$o"
			done
		done
	done <rows &&
	{ test -z "$missing" || { echo "missing:$missing"; false; }; }
'

test_expect_success 'no tool the table leaves out uses the option for something else' '
	clash= &&
	while IFS="	" read -r opts tools; do
		for o in $(printf "%s\n" "$opts" | grep -o -E -- "(^|[ ,])--?[a-zA-Z][a-z0-9-]*" | tr -d " ,"); do
			for f in help.hr-*; do
				t=${f#help.} &&
				case " $tools " in *" $t "*) continue ;; esac &&
				if help_has "$f" "$o" && ! printf "%s\n" "$KEPT" | grep -qx -- "$t $o"
				then clash="$clash $t:$o"
				fi
			done
		done
	done <rows &&
	{ test -z "$clash" || { echo "not in the table:$clash"; false; }; }
'

test_expect_success 'each kept spelling is said in headroom(7) and in the tool'\''s page' '
	sed -e "s/\\\\-/-/g" -e "s/\\\\f[BIRP]//g" "$PAGE" | tr "\n" " " >page.txt &&
	for t in hr-sample hr-fold hr-flame hr-top; do
		grep -q -E "$t (keeps|spells)" page.txt || { echo "$t not in headroom(7)"; return 1; }
		grep -q "headroom (7)" "$SRC_ROOT/man/man1/$t.1" || { echo "$t.1 does not point to headroom(7)"; return 1; }
	done &&
	grep -q "perf record" "$SRC_ROOT/man/man1/hr-sample.1" &&
	grep -q "stackcollapse" "$SRC_ROOT/man/man1/hr-fold.1" &&
	grep -q "flamegraph.pl" "$SRC_ROOT/man/man1/hr-flame.1" &&
	grep -q "grep (1)" "$SRC_ROOT/man/man1/hr-top.1"
'

test_expect_success 'hr-latency --csv still reads CSV, with a deprecation warning' '
	printf "a,b\n1,5\n2,7\n" >in.csv &&
	hr-latency --input-csv -f b --json in.csv >new.json 2>new.err &&
	hr-latency --csv -f b --json in.csv >old.json 2>old.err &&
	test_cmp new.json old.json &&
	! test -s new.err &&
	test_grep "^hr-latency: warning: --csv is deprecated; use --input-csv" old.err
'

test_expect_success 'hr-rightsize -f/--format: the same output as --table, --tsv and --json' '
	gen steady cg=/system.slice/api.service cpu=0.3 limit=2 >h.tsv &&
	for f in table tsv json; do
		{ hr-rightsize -i h.tsv --$f >old.$f; test $? -le 1; } &&
		{ hr-rightsize -i h.tsv -f $f >new.$f; test $? -le 1; } &&
		{ hr-rightsize -i h.tsv --format=$f >long.$f; test $? -le 1; } &&
		test -s old.$f && test_cmp old.$f new.$f && test_cmp old.$f long.$f || return 1
	done &&
	test_expect_code 2 hr-rightsize -i h.tsv -f yaml 2>err &&
	test_grep "table, tsv or json" err
'

test_expect_success 'hr-query --json is --format json' '
	hr-record --db h.db --import h.tsv &&
	hr-query --db h.db --json "cgroup.*" >a.json &&
	hr-query --db h.db --format json "cgroup.*" >b.json &&
	test -s a.json && test_cmp a.json b.json
'

test_expect_success 'hr-usl -f is --format' '
	printf "1 100\n2 190\n4 340\n8 520\n16 600\n" >usl.txt &&
	hr-usl -f tsv usl.txt >a.out &&
	hr-usl --format tsv usl.txt >b.out &&
	test -s a.out && test_cmp a.out b.out
'
test_done
