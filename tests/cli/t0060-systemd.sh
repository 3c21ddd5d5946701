#!/bin/bash
# tests/run: alone (it runs make install in the tree)
# The systemd units, tmpfiles.d and sysusers.d entries and the cron example
# as make install puts them: systemd-analyze verifies the units (systemd need
# not be running), their hardening is measured, the timers fire when they
# say, and systemd's own tools create the user and directories from the
# entries in a scratch root.
. "$(dirname "$0")/../lib.sh"

if ! command -v systemd-analyze >/dev/null; then
	echo "1..0 # SKIP systemd-analyze is not installed (make deps installs systemd)"
	exit 0
fi

usr=$TRASH/usr
units=$usr/lib/systemd/system
all_units="headroom-record.service headroom-record.timer headroom-profile.service headroom-profile.timer"

test_expect_success 'make install puts the units, entries and cron example in place' "
	make -C '$SRC_ROOT' --no-print-directory -s install PREFIX='$usr' >install.out 2>&1 &&
	for u in $all_units; do test -f '$units'/\$u || exit 1; done &&
	test -f '$usr/lib/tmpfiles.d/headroom.conf' &&
	test -f '$usr/lib/sysusers.d/headroom.conf' &&
	test -f '$usr/share/doc/headroom/examples/cron.d/headroom'
"

test_expect_success 'systemd-analyze verify accepts every unit' "
	cd '$units' &&
	systemd-analyze verify --man=no $all_units >'$TRASH/verify.out' 2>&1 &&
	test_cmp /dev/null '$TRASH/verify.out'
"

test_expect_success 'and rejects a unit whose program is missing' "
	sed 's|^ExecStart=.*|ExecStart=$TRASH/no-such-program|' '$units/headroom-record.service' \
		>headroom-record.service &&
	test_expect_code 1 systemd-analyze verify --man=no ./headroom-record.service 2>verify.err &&
	test_grep 'no-such-program' verify.err
"

test_expect_success 'the manual pages the units name exist' "
	sed -n 's/^Documentation=//p' '$units'/headroom-* | tr ' ' '\n' | sort -u >docs &&
	test -s docs &&
	while read -r d; do
		page=\${d#man:}; name=\${page%(*}; sec=\${page#*(}; sec=\${sec%)} &&
		test -f '$SRC_ROOT'/man/man\$sec/\$name.\$sec || { echo \"no page for \$d\"; exit 1; }
	done <docs
"

test_expect_success 'the services are hardened and run as the headroom user' "
	for s in headroom-record.service headroom-profile.service; do
		for want in User=headroom NoNewPrivileges=yes ProtectSystem=strict \
			ProtectHome=read-only CapabilityBoundingSet=; do
			grep -q \"^\$want\" '$units'/\$s || { echo \"\$s lacks \$want\"; exit 1; }
		done
	done &&
	grep -qx 'CapabilityBoundingSet=' '$units/headroom-record.service' &&
	! grep -q AmbientCapabilities '$units/headroom-record.service' &&
	grep -qx 'AmbientCapabilities=CAP_PERFMON CAP_SYS_PTRACE CAP_SYSLOG CAP_IPC_LOCK' \
		'$units/headroom-profile.service'
"

# --threshold is in tenths of the exposure level printed (0.0 to 10.0).
test_expect_success 'systemd-analyze security rates their exposure low' "
	systemd-analyze security --offline=yes --threshold=30 '$units/headroom-record.service' \
		>security.out 2>&1 &&
	systemd-analyze security --offline=yes --threshold=50 '$units/headroom-profile.service' \
		>>security.out 2>&1 &&
	grep 'Overall exposure' security.out | sed 's/^/# /'
"

# elapses UNIT N: the next N times the timer's OnCalendar= fires, in seconds.
elapses() {
	systemd-analyze calendar --iterations="$2" \
		"$(sed -n 's/^OnCalendar=//p' "$units/$1")" |
		sed -n 's/^ *\(Next elapse\|Iter\. #[0-9]*\): *//p' |
		while read -r t; do date -d "$t" +%s; done
}

test_expect_success 'the record timer fires every minute, the profile timer every hour' "
	elapses headroom-record.timer 3 >rec &&
	awk 'NR > 1 && \$1 - prev != 60 { bad = 1 } { prev = \$1 } END { exit bad || NR != 3 }' rec &&
	elapses headroom-profile.timer 2 >prof &&
	awk 'NR > 1 && \$1 - prev != 3600 { bad = 1 } { prev = \$1 } END { exit bad || NR != 2 }' prof &&
	grep -qx 'WantedBy=timers.target' '$units/headroom-record.timer' &&
	! grep -q '^\\[Install\\]' '$units/headroom-record.service'
"

test_expect_success 'systemd-sysusers and systemd-tmpfiles make the user and its directories' "
	mkdir -p root/etc &&
	systemd-sysusers --root='$TRASH/root' - <'$usr/lib/sysusers.d/headroom.conf' &&
	uid=\$(awk -F: '\$1 == \"headroom\" { print \$3 }' root/etc/passwd) &&
	test -n \"\$uid\" &&
	grep -q '^headroom:.*:/var/lib/headroom:' root/etc/passwd &&
	systemd-tmpfiles --root='$TRASH/root' --create - <'$usr/lib/tmpfiles.d/headroom.conf' &&
	test \"\$(stat -c '%u %a' root/var/lib/headroom)\" = \"\$uid 750\" &&
	test \"\$(stat -c '%u %a' root/var/lib/headroom/profiles)\" = \"\$uid 750\"
"

test_expect_success 'the cron example: one job a minute, as headroom, of the installed hr-record' "
	grep -v '^#' '$usr/share/doc/headroom/examples/cron.d/headroom' | grep -v '=' |
		awk 'NF' >jobs &&
	test \$(wc -l <jobs) = 1 &&
	read -r m h dom mon dow user cmd rest <jobs &&
	test \"\$m \$h \$dom \$mon \$dow \$user\" = '* * * * * headroom' &&
	test \"\$cmd\" = '$usr/bin/hr-record' &&
	test -x \"\$cmd\"
"
test_done
