#!/bin/bash
# hr-flame as a user runs it: inputs, options, differential graphs, the
# embedded script and style, bad input and bad usage.
. "$(dirname "$0")/../lib.sh"

D=$DATA/flame
command -v xmllint >/dev/null && test_set_prereq XMLLINT

# The frames of an SVG, one a line (see tests/data/flame/geometry.pl).
frames() { perl "$D/geometry.pl" "$1"; }

test_expect_success 'draws a file and standard input alike' '
	hr-flame "$D/java-all.folded" >file.svg &&
	hr-flame <"$D/java-all.folded" >stdin.svg &&
	cat "$D/java-all.folded" | hr-flame - >dash.svg &&
	test_cmp file.svg stdin.svg &&
	test_cmp file.svg dash.svg &&
	head -2 file.svg | grep -q "^<svg version=\"1.1\"" &&
	tail -1 file.svg | grep -q "^</svg>$"
'

test_expect_success XMLLINT 'the SVG is well-formed XML' '
	xmllint --noout file.svg &&
	hr-flame "$D/misc.folded" >misc.svg && xmllint --noout misc.svg &&
	hr-flame "$D/diff.folded" >diff.svg && xmllint --noout diff.svg
'

test_expect_success '-o writes the file, nothing on standard output' '
	hr-flame -o out.svg "$D/java-all.folded" >stdout &&
	! test -s stdout &&
	test_cmp file.svg out.svg
'

test_expect_success 'several files are drawn as one profile' '
	hr-flame "$D/java-all.folded" "$D/numa-all.folded" >both.svg &&
	cat "$D/java-all.folded" "$D/numa-all.folded" | hr-flame >cat.svg &&
	test_cmp cat.svg both.svg
'

test_expect_success 'repeated stacks are merged and widths follow the counts' '
	printf "a;b 30\nc 10\na;b 30\na;d 30\n" | hr-flame >m.svg &&
	frames m.svg >m.geo &&
	grep -q "^all (100 samples, 100%)	10.0	" m.geo &&
	grep -q "^b (60 samples, 60.00%)	10.0	[0-9.]*	708.0	" m.geo &&
	grep -q "^a (90 samples, 90.00%)	10.0	[0-9.]*	1062.0	" m.geo &&
	grep -q "^c (10 samples, 10.00%)	1072.0	[0-9.]*	118.0	" m.geo &&
	test $(grep -c "^a " m.geo) = 1
'

test_expect_success 'annotations pick colours and are stripped from names' '
	printf "java;Ljava/Foo.bar_[j];memcpy_[i];sys_read_[k];x 100\n" |
		hr-flame --colors=java >a.svg &&
	frames a.svg >a.geo &&
	! grep "_\[[kjiw]\]" a.geo &&
	grep -q "^Ljava/Foo.bar (100 samples" a.geo &&
	grep -q "^sys_read (100 samples" a.geo &&
	# jit: green, inline: aqua, kernel: orange, as flamegraph.pl --colors=java
	grep "^Ljava/Foo.bar " a.geo | cut -f6 | grep -q "^#[0-6][0-9a-f][c-f][0-9a-f][0-6][0-9a-f]$" &&
	grep "^sys_read " a.geo | cut -f6 | grep -q "00$"
'

test_expect_success 'two counts draw a differential graph: red grew, blue shrank' '
	printf "main;grew 10 90\nmain;shrank 90 10\nmain;same 50 50\n" | hr-flame >d.svg &&
	frames d.svg >d.geo &&
	grep -q -P "^grew \(90 samples, 60.00%; \+53.33%\)\t.*\t#ff0000(\t|$)" d.geo &&
	grep -q -P "^shrank \(10 samples, 6.67%; -53.33%\)\t.*\t#0000ff(\t|$)" d.geo &&
	grep -q -P "^same \(50 samples, 33.33%; 0.00%\)\t.*\t#ffffff(\t|$)" d.geo &&
	printf "main;grew 10 90\nmain;shrank 90 10\n" | hr-flame --negate >n.svg &&
	frames n.svg | grep -q -P "^grew \(90 samples, 90.00%; -80.00%\)\t.*\t#0000ff(\t|$)"
'

test_expect_success 'icicle, reverse and flame chart layouts' '
	printf "a;b;c 2\na;b 1\nd;c 1\n" >l.folded &&
	hr-flame --inverted l.folded >i.svg &&
	grep -q ">Icicle Graph</text>" i.svg &&
	frames i.svg | grep "^all " | cut -f3 >root.y && test "$(cat root.y)" = 36 &&
	hr-flame --reverse l.folded >r.svg &&
	frames r.svg | grep -q "^c (3 samples, 75.00%)	305.0	" &&
	printf "a;b 1\nc 1\na;b 1\n" | hr-flame --flamechart >fc.svg &&
	grep -q ">Flame Chart</text>" fc.svg &&
	test $(frames fc.svg | grep -c "^b (1 samples") = 2
'

test_expect_success '--minwidth prunes in pixels and in percent' '
	printf "a;big 990\na;small 10\n" >p.folded &&
	hr-flame p.folded | perl "$D/geometry.pl" | grep -q "^small " &&
	hr-flame --minwidth=12 p.folded >px.svg && ! frames px.svg | grep -q "^small " &&
	hr-flame --minwidth=11 p.folded >px.svg && frames px.svg | grep -q "^small " &&
	hr-flame --minwidth=1.5% p.folded >pc.svg && ! frames pc.svg | grep -q "^small " &&
	hr-flame --minwidth=0.5% p.folded >pc.svg && frames pc.svg | grep -q "^small "
'

test_expect_success 'titles, sizes, fonts, names and notes' '
	hr-flame --title="My <app>" --subtitle=sub --width=600 --height=20 --fonttype=Courier \
		--fontsize=10 --countname=bytes --nametype=Frame: --notes="run 42" \
		--encoding=utf-8 "$D/numa-all.folded" >t.svg &&
	head -1 t.svg | grep -q "encoding=\"utf-8\"" &&
	grep -q "<svg version=\"1.1\" width=\"600\"" t.svg &&
	grep -q ">My &lt;app&gt;</text>" t.svg &&
	grep -q "id=\"subtitle\"[^>]*>sub</text>" t.svg &&
	grep -q "font-family:Courier;font-size:10px" t.svg &&
	grep -q "<!-- NOTES: run 42 -->" t.svg &&
	grep -q "nametype:\"Frame:\"" t.svg &&
	frames t.svg | grep -q "^all ([0-9,]* bytes, 100%)	10.0	[0-9.]*	580.0	19	"
'

test_expect_success '--factor scales the counts shown, --total the width drawn against' '
	printf "a 1000\nb 1000\n" | hr-flame --factor=1.5 --total=4000 >f.svg &&
	frames f.svg >f.geo &&
	grep -q "^all (6,000 samples, 100%)	10.0	[0-9.]*	1180.0" f.geo &&
	grep -q "^a (1,500 samples, 25.00%)	10.0	[0-9.]*	295.0" f.geo
'

test_expect_success '--total below the real total is ignored with a warning' '
	printf "a 1000\n" | hr-flame --total=100 >t.svg 2>err &&
	grep -q "hr-flame: warning: --total 100 is less than the actual total 1000" err
'

test_expect_success 'every palette and background draws' '
	for p in hot mem io wakeup chain java js perl red green blue aqua yellow purple orange; do
		hr-flame --colors=$p "$D/misc.folded" >p.svg && frames p.svg >p.geo &&
		test -s p.geo || return 1
	done &&
	for b in yellow blue green grey "#123abc"; do
		hr-flame --bgcolors="$b" "$D/misc.folded" >b.svg || return 1
	done &&
	grep -q "stop-color=\"#123abc\"" b.svg &&
	hr-flame --colors=green --random "$D/misc.folded" >r.svg &&
	hr-flame --hash "$D/misc.folded" >h.svg
'

test_expect_success '--cp keeps colours in palette.map across graphs' '
	printf "a;b 1\n" | hr-flame --cp >/dev/null &&
	grep -q "^b->rgb(" palette.map &&
	sed -i "s/^b->.*/b->rgb(1,2,3)/" palette.map &&
	printf "a;b 1\na;c 1\n" | hr-flame --cp >cp.svg &&
	frames cp.svg | grep -q -P "^b \(1 samples, 50.00%\)\t.*\t#010203(\t|$)" &&
	grep -q "^c->rgb(" palette.map && grep -q "^b->rgb(1,2,3)$" palette.map
'

test_expect_success '--nameattr sets attributes and links of frames' '
	printf "main\ttitle=the entry point\thref=http://example.com/main\n" >attrs &&
	printf "main;x 5\n" | hr-flame --nameattr=attrs >na.svg &&
	grep -q "<a xlink:href=\"http://example.com/main\" target=\"_top\"><title>the entry point</title>" na.svg
'

test_expect_success 'a bad --nameattr file is named with its line, exit 2' '
	printf "main\ttitle=x\nno tab on this line\n" >badattrs &&
	printf "main;x 5\n" | test_expect_code 2 hr-flame --nameattr=badattrs >out 2>err &&
	grep -q "hr-flame: badattrs:2: expected .FUNCTION<TAB>NAME=VALUE...." err &&
	head -c 5000 "$SRC_ROOT/bin/hr-flame" >binattrs &&
	printf "main;x 5\n" | test_expect_code 2 hr-flame --nameattr=binattrs >out 2>err &&
	grep -q "hr-flame: binattrs:1: binary data" err &&
	test_expect_code 2 hr-flame --nameattr=nonexistent "$D/numa-all.folded" >out 2>err &&
	grep -q "cannot read .nonexistent." err
'

test_expect_success 'a garbage palette.map is tolerated and rewritten' '
	mkdir pm && head -c 3000 "$SRC_ROOT/bin/hr-flame" >pm/palette.map &&
	(cd pm && printf "a;b 1\n" | hr-flame --cp >cp.svg) &&
	grep -q "^b->rgb(" pm/palette.map
'

test_expect_success 'the script and style come from share/headroom' '
	grep -q "function zoom" file.svg &&
	grep -q "\.hide{display:none;}\|\.hide { display:none; }" file.svg &&
	mkdir share && cp "$SRC_ROOT/share/headroom/flame.css" share/ &&
	echo "/* marker */ var custom = 1;" >share/flame.js &&
	HEADROOM_SHARE=$PWD/share hr-flame "$D/numa-all.folded" >s.svg &&
	grep -q "var custom = 1;" s.svg &&
	rm share/flame.js &&
	HEADROOM_SHARE=$PWD/share test_expect_code 2 hr-flame "$D/numa-all.folded" >s.svg 2>err &&
	grep -q "hr-flame: cannot read .*flame.js" err
'

test_expect_success 'an installed copy finds its script and style beside it' '
	mkdir -p inst/bin inst/lib inst/share/headroom &&
	cp "$SRC_ROOT/bin/hr-flame" inst/bin/ &&
	cp -P "$SRC_ROOT"/lib/libheadroom.so* inst/lib/ &&
	cp "$SRC_ROOT"/share/headroom/flame.js "$SRC_ROOT"/share/headroom/flame.css \
		inst/share/headroom/ &&
	inst/bin/hr-flame "$D/numa-all.folded" >inst.svg &&
	grep -q "function zoom" inst.svg &&
	rm inst/share/headroom/flame.css &&
	test_expect_code 2 inst/bin/hr-flame "$D/numa-all.folded" >inst.svg 2>err &&
	grep -q "inst/bin/../share/headroom/flame.css" err
'

test_expect_success 'invalid lines are skipped, counted and named' '
	printf "a;b 5\nno count here\na;c x\n\na;d 7\n" >bad.folded &&
	hr-flame bad.folded >bad.svg 2>err &&
	grep -q "hr-flame: warning: bad.folded:2: not a folded stack" err &&
	grep -q "hr-flame: warning: bad.folded:3: not a folded stack" err &&
	grep -q "hr-flame: warning: ignored 2 lines with invalid format" err &&
	frames bad.svg | grep -q "^all (12 samples"
'

test_expect_success 'no valid line is an error naming the input, exit 2' '
	printf "garbage\nmore garbage\n" >g.folded &&
	test_expect_code 2 hr-flame g.folded >out 2>err &&
	grep -q "hr-flame: g.folded: no folded stacks found" err &&
	! test -s out &&
	test_expect_code 2 hr-flame </dev/null >out 2>err &&
	grep -q "hr-flame: standard input: no folded stacks found" err &&
	printf "a 0\nb 0\n" | test_expect_code 2 hr-flame >out 2>err &&
	grep -q "no samples" err
'

test_expect_success 'binary and truncated input' '
	head -c 20000 "$SRC_ROOT/bin/hr-flame" >bin.dat &&
	test_expect_code 2 hr-flame bin.dat >out 2>err &&
	grep -q "hr-flame: bin.dat:1: binary data" err && ! test -s out &&
	{ echo "a;b 1"; head -c 1000000 /dev/urandom; } >random.dat &&
	test_expect_code 2 hr-flame random.dat >out 2>err &&
	grep -q "hr-flame: random.dat:[0-9]*: binary data" err && ! test -s out &&
	head -c 3000 "$D/java-all.folded" >trunc.folded &&
	hr-flame trunc.folded >trunc.svg 2>err &&
	frames trunc.svg | grep -q "^all " &&
	test_expect_code 2 hr-flame missing.folded >out 2>err &&
	grep -q "hr-flame: cannot open .missing.folded.: No such file or directory" err
'

test_expect_success 'enormous input: a 1 MB frame name and 200,000 lines' '
	awk "BEGIN { s = \"x\"; while (length(s) < 1048576) s = s s; print \"main;\" s \" 3\"; print \"main;y 1\" }" >long.folded &&
	hr-flame long.folded >long.svg &&
	frames long.svg | grep -q "^y (1 samples, 25.00%)" &&
	test "$(wc -c <long.svg)" -lt 1200000 &&
	awk "BEGIN { for (i = 0; i < 200000; i++) print \"p;f\" (i % 5000) \";g\" (i % 7), 1 }" >many.folded &&
	hr-flame many.folded >many.svg &&
	frames many.svg | grep -q "^all (200,000 samples, 100%)"
'

test_expect_success 'bad option values exit 2 with a reason' '
	for a in --colors=bogus --bgcolors=pink --minwidth=abc --width=0 --fontsize=-1 \
		--factor=0 --total=x --notes="<b>" --height=; do
		test_expect_code 2 hr-flame "$a" "$D/numa-all.folded" >out 2>err &&
		grep -q "^hr-flame: " err && grep -q "Try .hr-flame --help." err || return 1
	done
'

test_expect_success 'a closed pipe ends it quietly' '
	hr-flame "$D/java-all.folded" | head -c 10 >/dev/null 2>err &&
	! test -s err
'
test_done
