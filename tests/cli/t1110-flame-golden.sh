#!/bin/bash
# hr-flame draws the picture flamegraph.pl draws: for every case of
# tests/data/flame/cases.txt the frames (names, tooltips, x, y, width, height,
# colour, label) equal those of flamegraph.pl's SVG, recorded in golden/, and
# the SVG is no larger than flamegraph.pl's.
. "$(dirname "$0")/../lib.sh"

D=$DATA/flame
while IFS=$'\t' read -r name input opts; do
	case "$name" in '#'*|'') continue ;; esac
	test_expect_success "same frames as flamegraph.pl: $name ${opts:-(no option)}" "
		hr-flame $opts '$D/$input' >'$name.svg' &&
		perl '$D/geometry.pl' '$name.svg' >'$name.geo' &&
		test -s '$name.geo' &&
		test_cmp '$D/golden/$name.geo' '$name.geo'
	"
	test_expect_success "no larger than flamegraph.pl's SVG: $name" "
		size=\$(wc -c <'$name.svg') &&
		test \"\$size\" -le \"\$(cat '$D/golden/$name.size')\"
	"
done <"$D/cases.txt"

# With a FlameGraph checkout at hand, compare live on a larger input too.
if [ -z "$FLAMEGRAPH_DIR" ] || [ ! -f "$FLAMEGRAPH_DIR/flamegraph.pl" ]; then
	test_skip 'same frames as flamegraph.pl on 5,000 generated stacks' \
		'FLAMEGRAPH_DIR is not set to a FlameGraph checkout'
	test_done
fi
test_expect_success 'same frames as flamegraph.pl on 5,000 generated stacks' '
	awk "BEGIN { srand(7); for (i = 0; i < 5000; i++) { s = \"p\" int(rand() * 3);
		d = 2 + int(rand() * 25); for (j = 0; j < d; j++) s = s \";f\" int(rand() * (j < 3 ? 3 : 200));
		print s, 1 + int(rand() * 50) } }" >gen.folded &&
	perl "$FLAMEGRAPH_DIR/flamegraph.pl" gen.folded >pl.svg 2>/dev/null &&
	hr-flame gen.folded >hr.svg &&
	perl "$D/geometry.pl" pl.svg >pl.geo && perl "$D/geometry.pl" hr.svg >hr.geo &&
	test_cmp pl.geo hr.geo &&
	test "$(wc -c <hr.svg)" -le "$(wc -c <pl.svg)"
'
test_done
