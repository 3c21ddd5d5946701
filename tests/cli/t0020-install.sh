#!/bin/bash
# make install puts binaries, library, headers, share/ data and man pages where
# PREFIX and DESTDIR say, and the installed tools run from there: they find
# libheadroom through their rpath and their data beside themselves.
. "$(dirname "$0")/../lib.sh"

dest=$TRASH/dest
prefix=/opt/headroom
root=$dest$prefix

test_expect_success 'make install DESTDIR=... PREFIX=... installs everything' "
	make -C '$SRC_ROOT' --no-print-directory -s install DESTDIR='$dest' PREFIX='$prefix' >install.out 2>&1 &&
	test -x '$root/bin/hr-fold' &&
	test -L '$root/lib/libheadroom.so' &&
	readelf -d '$root/lib/libheadroom.so' | grep -q 'SONAME.*libheadroom\\.so\\.0' &&
	test -f '$root/include/headroom/strbuf.h' &&
	test -f '$root/share/man/man7/headroom.7' &&
	test -f '$root/share/man/man5/headroom-folded.5'
"

for bin in "$SRC_ROOT"/bin/hr-*; do
	t=${bin##*/}
	test_expect_success "$t is installed with its man page and runs from there" "
		test -x '$root/bin/$t' &&
		test -f '$root/share/man/man1/$t.1' &&
		env -u LD_LIBRARY_PATH '$root/bin/$t' --version | grep -q '^$t (headroom)'
	"
done

if [ -x "$SRC_ROOT/bin/hr-flame" ]; then
	test_expect_success 'installed hr-flame embeds its script from the installed share/' "
		printf 'main;work 3\nmain;idle 1\n' >in.folded &&
		cd / && '$root/bin/hr-flame' '$TRASH/in.folded' >'$TRASH/out.svg' &&
		grep -q '<script' '$TRASH/out.svg' && grep -q 'work' '$TRASH/out.svg'
	"
fi
test_done
