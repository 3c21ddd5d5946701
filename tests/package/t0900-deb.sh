#!/bin/bash
# The Debian packages as an administrator meets them: built with
# dpkg-buildpackage (scripts/deb.sh, as make deb), checked by lintian,
# installed with dpkg -i (enabling nothing), every tool run from the
# installed paths, then removed (the history stays) and purged (it goes),
# leaving nothing else behind. Installs on this machine, so it runs as root
# through make check-package, which installs the packaging tools first.
. "$(dirname "$0")/../lib.sh"

pkgs="headroom libheadroom0 libheadroom-dev"
if [ "$(id -u)" != 0 ]; then
	echo "1..0 # SKIP installing packages needs root"
	exit 0
fi
if dpkg-query -W -f='${db:Status-Status}\n' $pkgs 2>/dev/null | grep -qv not-installed; then
	echo "1..0 # SKIP headroom's packages are on this machine already; not touching them"
	exit 0
fi
if [ -e /var/lib/headroom ]; then
	echo "1..0 # SKIP /var/lib/headroom exists already; not touching it"
	exit 0
fi
DATA=$SRC_ROOT/tests/data
version=$(cd "$SRC_ROOT" && dpkg-parsechangelog -S Version)
arch=$(dpkg --print-architecture)
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)

# The files of the system the packages touch, as paths (dpkg's and apt's own
# databases and the caches apart), to compare before and after.
snapshot() {
	find /usr /etc /var/lib /opt -xdev \
		\( -path /var/lib/dpkg -o -path /var/lib/apt -o -path /var/cache \) -prune -o -print |
		sort
}
had_user=$(getent passwd headroom)
snapshot >before.files
# Whatever happens, the machine ends as it began.
test_when_finished "dpkg -P $pkgs >/dev/null 2>&1; rm -rf /var/lib/headroom;
	[ -n '$had_user' ] || ! getent passwd headroom >/dev/null || deluser --system --quiet headroom"

start=$(date +%s)
test_expect_success 'dpkg-buildpackage builds the three packages, without the test suite' "
	test \"\$(sed -n 's/^VERSION *:= *//p' '$SRC_ROOT/Makefile')\" = '$version' &&
	'$SRC_ROOT/scripts/deb.sh' '$TRASH/deb' >build.log 2>&1 &&
	for p in $pkgs; do test -f deb/\${p}_${version}_$arch.deb || exit 1; done &&
	grep -q 'dpkg-buildpackage: info: binary-only' build.log && ! grep -q 'tests/run' build.log
"
say "the package build took $(($(date +%s) - start)) s"

test_expect_success 'lintian reports no errors' "
	lintian --fail-on error --display-info deb/headroom_${version}_$arch.changes >lintian.out 2>&1
"
say "lintian: $(grep -c '^E:' lintian.out) errors, $(grep -c '^W:' lintian.out) warnings," \
	"$(grep -c '^I:' lintian.out) notes"
grep '^[EWI]:' lintian.out | sed 's/^/#   /'

test_expect_success 'the library package holds the four libraries, the tools none, and no rpath' "
	dpkg-deb -c deb/libheadroom0_${version}_$arch.deb >lib.list &&
	for l in libheadroom libheadroom-db libheadroom-forecast libheadroom-symbols; do
		grep -q \"usr/lib/$multiarch/\$l.so.0 -> \" lib.list || exit 1
	done &&
	dpkg-deb -x deb/headroom_${version}_$arch.deb x &&
	! ls x/usr/lib/$multiarch/ 2>/dev/null | grep -q . &&
	for t in x/usr/bin/hr-*; do
		readelf -d \$t >dyn && ! grep -E 'R(UN)?PATH' dyn || exit 1
	done &&
	dpkg-deb -f deb/headroom_${version}_$arch.deb Depends | grep -q 'libheadroom0 (= $version)'
"

test_expect_success 'dpkg -i installs them, makes the user and the state directory, enables nothing' "
	(cd deb && dpkg -i headroom_${version}_$arch.deb libheadroom0_${version}_$arch.deb \
		libheadroom-dev_${version}_$arch.deb) >install.log 2>&1 &&
	getent passwd headroom >/dev/null &&
	test \"\$(stat -c '%U %a' /var/lib/headroom)\" = 'headroom 750' &&
	for u in headroom-record.timer headroom-profile.timer; do
		test \"\$(systemctl is-enabled \$u 2>&1)\" = disabled || exit 1
	done &&
	! ls /etc/systemd/system/*.wants/headroom-* 2>/dev/null
"

# The tools from the installed paths only: a clean environment, PATH without
# the build tree.
installed() {
	env -i PATH=/usr/bin:/bin:/usr/sbin:/sbin LC_ALL=C TZ=UTC "$@"
}

for t in hr-diff hr-flame hr-fold hr-forecast hr-latency hr-query hr-record hr-rightsize \
	hr-sample hr-top hr-usl; do
	test_expect_success "/usr/bin/$t --version" "
		installed /usr/bin/$t --version >v &&
		test \"\$(cat v)\" = '$t (headroom) $version'
	"
done

test_expect_success 'hr-record as the headroom user, the way its unit runs it; hr-query reads it' "
	installed runuser -u headroom -- hr-record --quiet --db /var/lib/headroom/history.db &&
	sleep 1.2 &&
	installed runuser -u headroom -- hr-record --quiet --db /var/lib/headroom/history.db &&
	installed hr-query --list >list &&
	test_grep '^cpu.util\\{' list &&
	installed hr-query cpu.util --format json >cpu.json &&
	grep -q '\"cpu.util' cpu.json
"

test_expect_success 'profiling: hr-sample, hr-fold, hr-top, hr-diff, hr-flame (with its installed script)' "
	installed hr-sample -q -- sh -c 'i=0; while [ \$i -lt 300000 ]; do i=\$((i+1)); done' >s.folded &&
	test_grep '^sh;' s.folded &&
	installed hr-fold '$DATA/fold/flamegraph/perf-dd-stacks-01.txt' >dd.folded &&
	test -s dd.folded &&
	installed hr-top -n 3 '$DATA/difftop/after.folded' >top &&
	test \$(wc -l <top) -ge 3 &&
	installed hr-diff '$DATA/difftop/before.folded' '$DATA/difftop/after.folded' >diff.folded &&
	installed hr-flame diff.folded >diff.svg &&
	grep -q 'searchBtn' diff.svg && grep -q '#ignorecase' diff.svg
"

test_expect_success 'capacity: hr-forecast, hr-rightsize, hr-latency, hr-usl' "
	test_expect_code 1 installed hr-forecast --summary --horizon 90d --threshold 350G \
		'$DATA/forecast/disk-usage.tsv' >forecast 2>/dev/null &&
	test -s forecast &&
	gzip -dc /usr/share/headroom/history-example.tsv.gz >history.tsv &&
	test_expect_code 1 installed hr-rightsize --input history.tsv >rs &&
	test_grep '^/system.slice/api.service' rs &&
	installed hr-latency --csv -f elapsed --status-field responseCode \
		'$DATA/loadtest/jmeter-results.jtl' >lat &&
	test_grep '^count +1486' lat &&
	installed hr-usl '$DATA/loadtest/progressive.txt' >usl &&
	test_grep 'sigma' usl
"

test_expect_success 'systemd-analyze verify accepts the installed units' "
	units=\$(dpkg -L headroom | grep -E 'systemd/system/headroom-.*\\.(service|timer)\$') &&
	test \$(echo \"\$units\" | wc -l) = 4 &&
	systemd-analyze verify \$units >verify.out 2>&1 &&
	test_cmp /dev/null verify.out
"

test_expect_success 'the installed completion loads by a tool name, the dev files build a program' "
	installed bash -c '. /usr/share/bash-completion/completions/hr-fold && complete -p hr-usl' |
		grep -q '_headroom hr-' &&
	cat >prog.c <<-\EOF &&
	#include <stdio.h>
	#include <headroom/units.h>
	int main(void) { double s; return parse_duration(\"90m\", &s) || printf(\"%g\\n\", s) < 0; }
	EOF
	cc -o prog prog.c \$(pkg-config --cflags --libs headroom headroom-db) &&
	test \"\$(./prog)\" = 5400
"

test_expect_success 'dpkg -r removes everything but the history' "
	dpkg -r $pkgs >remove.log 2>&1 &&
	test -f /var/lib/headroom/history.db &&
	snapshot >after-remove.files &&
	comm -13 before.files after-remove.files >added &&
	sed -e '\\#^/var/lib/headroom\\(/.*\\)\\{0,1\\}\$#d' \
		-e '\\#^/var/lib/systemd/deb-systemd-helper-enabled/headroom-.*\\.dsh-also\$#d' \
		added >left &&
	test_cmp /dev/null left &&
	comm -23 before.files after-remove.files >gone &&
	test_cmp /dev/null gone
"

test_expect_success 'dpkg -P deletes the history too, and leaves nothing' "
	dpkg -P $pkgs >purge.log 2>&1 &&
	test ! -e /var/lib/headroom &&
	snapshot >after-purge.files &&
	test_cmp before.files after-purge.files
"
test_done
