#!/bin/bash
# tests/run: alone (it runs make install in the tree)
# make install puts binaries, libraries, headers, share/ data, man pages,
# systemd units, tmpfiles.d and sysusers.d entries, the cron example and the
# shell completion where PREFIX, DESTDIR, BINDIR, LIBDIR, DATADIR and MANDIR
# say; the installed tools run from there (their rpath follows LIBDIR, their
# data DATADIR), and make uninstall removes exactly what was installed.
. "$(dirname "$0")/../lib.sh"

dest=$TRASH/dest
prefix=/opt/hr
root=$dest$prefix

# install [VAR=VALUE...]: make install with those variables, quietly.
install() {
	make -C "$SRC_ROOT" --no-print-directory -s install "$@" >>install.out 2>&1
}

test_expect_success 'make install DESTDIR=... PREFIX=... installs everything' "
	mkdir -p '$root/bin' '$root/lib' && echo mine >'$root/bin/other-tool' &&
	echo mine >'$root/lib/libother.so' &&
	find dest | sort >before &&
	install DESTDIR='$dest' PREFIX='$prefix' &&
	test -x '$root/bin/hr-fold' &&
	test -L '$root/lib/libheadroom.so' &&
	readelf -d '$root/lib/libheadroom.so' | grep -q 'SONAME.*libheadroom\\.so\\.0' &&
	test -f '$root/include/headroom/strbuf.h' &&
	test -f '$root/lib/pkgconfig/headroom-db.pc' &&
	test -f '$root/share/man/man7/headroom.7' &&
	test -f '$root/share/man/man5/headroom-folded.5' &&
	test -f '$root/lib/systemd/system/headroom-record.timer' &&
	test -f '$root/lib/systemd/system/headroom-profile.service' &&
	test -f '$root/lib/tmpfiles.d/headroom.conf' &&
	test -f '$root/lib/sysusers.d/headroom.conf' &&
	test -f '$root/share/doc/headroom/examples/cron.d/headroom' &&
	test -f '$root/share/zsh/site-functions/_headroom' &&
	test -f '$root/share/bash-completion/completions/headroom'
"

for bin in "$SRC_ROOT"/bin/hr-*; do
	t=${bin##*/}
	test_expect_success "$t is installed with its man page, completion, and runs from there" "
		test -x '$root/bin/$t' &&
		test -f '$root/share/man/man1/$t.1' &&
		test \"\$(readlink '$root/share/bash-completion/completions/$t')\" = headroom &&
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

test_expect_success 'the units and the cron example run the tools from BINDIR' "
	grep -qx 'ExecStart=$prefix/bin/hr-record --quiet --db /var/lib/headroom/history.db' \
		'$root/lib/systemd/system/headroom-record.service' &&
	grep -q '^ExecStart=.* $prefix/bin/hr-sample --all-cpus' \
		'$root/lib/systemd/system/headroom-profile.service' &&
	grep -q '^\\* \\* \\* \\* \\*  headroom  $prefix/bin/hr-record ' \
		'$root/share/doc/headroom/examples/cron.d/headroom'
"

# A layout where nothing is where PREFIX would put it, installed for real
# (no DESTDIR) under the scratch directory.
odd=$TRASH/odd
test_expect_success 'BINDIR, LIBDIR, DATADIR and MANDIR: files go there, rpath and data follow' "
	install PREFIX='$odd/usr' BINDIR='$odd/usr/sbin' LIBDIR='$odd/usr/lib/sub' \\
		DATADIR='$odd/srv/data' MANDIR='$odd/srv/man' &&
	test -x '$odd/usr/sbin/hr-top' &&
	test -f '$odd/usr/lib/sub/libheadroom.so.0' &&
	test -f '$odd/srv/data/headroom/flame.js' &&
	test -f '$odd/srv/man/man1/hr-top.1' &&
	readelf -d '$odd/usr/sbin/hr-flame' >dyn &&
	test_grep 'R(UN)?PATH.*\\[\\\$ORIGIN/../lib/sub:$odd/usr/lib/sub\\]' dyn &&
	printf 'main;work 3\\n' | env -u LD_LIBRARY_PATH '$odd/usr/sbin/hr-flame' >odd.svg &&
	grep -q '<script' odd.svg
"

test_expect_success 'an installed tool moved away finds LIBDIR and DATADIR by their own paths' "
	mkdir elsewhere && cp '$odd/usr/sbin/hr-flame' elsewhere/ &&
	printf 'main;work 3\\n' | env -u LD_LIBRARY_PATH elsewhere/hr-flame >moved.svg &&
	grep -q '<script' moved.svg &&
	mv '$odd/srv/data/headroom' gone &&
	test_expect_code 2 env -u LD_LIBRARY_PATH elsewhere/hr-flame in.folded >/dev/null 2>moved.err &&
	test_grep \"cannot read '$odd/srv/data/headroom/flame.js'\" moved.err
"

test_expect_success 'make uninstall removes every file installed and leaves the rest' "
	make -C '$SRC_ROOT' --no-print-directory -s uninstall DESTDIR='$dest' PREFIX='$prefix' &&
	find dest \\( -type f -o -type l \\) | sort >left &&
	printf '%s\\n' dest$prefix/bin/other-tool dest$prefix/lib/libother.so >expect &&
	test_cmp expect left &&
	find dest -path '*headroom*' >owned &&
	test_cmp /dev/null owned &&
	while read -r p; do test -e \"\$p\" || exit 1; done <before
"
test_done
