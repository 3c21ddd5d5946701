#!/bin/bash
# Every tool keeps the conventions: --help, --version, exit 2 on a bad option,
# a man page that lints clean and documents every option --help shows, and a
# place in the README.
. "$(dirname "$0")/../lib.sh"

# Man page text with roff escapes removed, for looking options up.
man_text() {
	sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\(aq/'"'"'/g' "$1"
}

for bin in "$SRC_ROOT"/bin/hr-*; do
	[ -x "$bin" ] || continue
	t=${bin##*/}
	page="$SRC_ROOT/man/man1/$t.1"
	test_expect_success "$t --help prints usage and exits 0" "
		$t --help >help.out &&
		test_grep '^[Uu]sage: $t' help.out
	"
	test_expect_success "$t --version names the tool and the version" "
		$t --version >version.out &&
		test_grep '^$t \\(headroom\\) [0-9]+\\.[0-9]+' version.out
	"
	test_expect_success "$t rejects an unknown option with exit 2" "
		test_expect_code 2 $t --no-such-option >out 2>err &&
		test_grep \"^$t: \" err &&
		test_grep \"Try '$t --help'\" err
	"
	test_expect_success "$t has a man page that lints clean" "
		test -f '$page' &&
		groff -man -ww -z '$page' 2>lint.out &&
		! test -s lint.out
	"
	test_expect_success "$t's man page documents every option of --help" "
		$t --help >help.out &&
		man_text '$page' >man.txt &&
		grep -o -E -- '--[a-z][a-z0-9-]*' help.out | sort -u >opts &&
		test -s opts &&
		missing= &&
		for o in \$(cat opts); do grep -q -- \"\$o\" man.txt || missing=\"\$missing \$o\"; done &&
		{ test -z \"\$missing\" || { echo \"undocumented:\$missing\"; false; }; }
	"
	test_expect_success "the README shows $t" "
		grep -q '$t' '$SRC_ROOT/README.md'
	"
done

for page in "$SRC_ROOT"/man/man5/*.5 "$SRC_ROOT"/man/man7/*.7; do
	[ -e "$page" ] || continue
	test_expect_success "${page##*/} lints clean" "
		groff -t -man -ww -z '$page' 2>lint.out && ! test -s lint.out
	"
done
test_done
