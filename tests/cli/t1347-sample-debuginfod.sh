#!/bin/bash
# hr-sample with DEBUGINFOD_URLS: a stripped copy of the fidelity workload gets
# its names by build-id from Debian's debuginfod (which make deps installs),
# started here on a free port and serving the copy's own debug file; a second
# run is served from the client's cache with the server stopped; a port where
# nothing listens, or a server that accepts and never answers, delays the end
# by at most HEADROOM_DEBUGINFOD_WAIT, and one warning names the binary.
# Debian's debuginfod (0.188) has no option to listen on loopback only: it
# binds its port on every address, and only 127.0.0.1 is asked.
. "$(dirname "$0")/../lib.sh"
. "$TEST_ROOT/servers.sh"

WL=$SRC_ROOT/build/tests/sample-workload
if ! hr-sample -q -d 100ms -- true >/dev/null 2>probe.err; then
	echo "1..0 # SKIP perf_event_open refused: $(cat probe.err)"
	exit 0
fi
if command -v debuginfod >/dev/null && command -v curl >/dev/null &&
   command -v objcopy >/dev/null && command -v python3 >/dev/null; then
	test_set_prereq DEBUGINFOD
else
	missing_reason="debuginfod, curl, objcopy or python3 is missing (make deps installs them)"
fi
unset DEBUGINFOD_URLS DEBUGINFOD_TIMEOUT DEBUGINFOD_MAXTIME DEBUGINFOD_PROGRESS
export DEBUGINFOD_CACHE_PATH=$TRASH/cache

# The workload's own functions, as their ELF symbols in the unstripped copy
# say: "START END NAME" in hex.
functions() {
	nm -S --defined-only "$1" | awk '$3 ~ /^[Tt]$/ && NF == 4 { print $1, $2, $4 }'
}
# unnamed FOLDED: the frames [wl+0xADDR] whose address lies inside one of
# those functions, which a debug file must have named.
unnamed() {
	grep -o '\[wl+0x[0-9a-f]*\]' "$1" | sed 's/^\[wl+0x//; s/\]$//' | sort -u |
	while read -r a; do
		awk -v a=$((16#$a)) '{ s = strtonum("0x" $1); e = s + strtonum("0x" $2) }
			a >= s && a < e { print "0x" sprintf("%x", a), "in", $3 }' functions.txt
	done
}
# elapsed CMD...: runs CMD, prints its wall time in seconds to elapsed.txt.
elapsed() {
	local t0 t1 rc=0
	t0=$(date +%s.%N)
	"$@" || rc=$?
	t1=$(date +%s.%N)
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f\n", b - a }' >elapsed.txt
	return $rc
}
below() { awk -v a="$(cat elapsed.txt)" -v b="$1" 'BEGIN { exit !(a < b) }'; }
# The workload's call tree (sample-workload.c), each function named.
has_tree() {
	test_grep "^wl;.*;main;run_phases;phase_hash;hash_block [0-9]+$" "$1" &&
	test_grep "^wl;.*;main;run_phases;phase_sort;.*compare_ints" "$1" &&
	test_grep "^wl-worker;.*;worker_main;spin_work;spin_leaf [0-9]+$" "$1"
}

test_expect_success DEBUGINFOD 'a stripped copy of the workload and its debug file' '
	cp "$WL" wl.full &&
	mkdir debug &&
	objcopy --only-keep-debug wl.full debug/wl.debug &&
	strip --strip-all -o wl wl.full &&
	functions wl.full >functions.txt &&
	test_grep " phase_hash$" functions.txt &&
	readelf -n wl | sed -n "s/.*Build ID: *//p" >id &&
	test_grep "^[0-9a-f]{40}$" id &&
	! nm wl 2>/dev/null | grep -q phase_hash
'

test_expect_success DEBUGINFOD 'without DEBUGINFOD_URLS its own frames have no names' '
	hr-sample -F 299 --addrs -o none.folded -- ./wl 1 2>none.err &&
	test_grep "^wl;.*\[wl\+0x[0-9a-f]+\]" none.folded &&
	! grep -E "phase_hash|hash_block|spin_leaf" none.folded &&
	! grep "warning: debuginfod" none.err
'

test_expect_success DEBUGINFOD 'from a debuginfod server every frame of its functions is named' '
	server_start dbg "/buildid/$(cat id)/debuginfo" debuginfod -F -p @PORT@ \
		-d "$TRASH/dbg.sqlite" -t 0 -g 0 -c 1 "$TRASH/debug" &&
	echo "$dbg_URL" >url &&
	rm -rf cache &&
	elapsed env DEBUGINFOD_URLS="$dbg_URL" hr-sample -F 299 --addrs -o srv.folded -- \
		./wl 1 2>srv.err &&
	say "first run, from the server: $(cat elapsed.txt) s" &&
	has_tree srv.folded &&
	unnamed srv.folded >left &&
	! test -s left &&
	! grep "warning: debuginfod" srv.err &&
	test -s "cache/$(cat id)/debuginfo" &&
	test_grep "UA:elfutils/.* GET /buildid/$(cat id)/debuginfo 200" dbg.log
'

test_expect_success DEBUGINFOD 'with the server stopped a second run is served from the cache' '
	! curl -fs -o /dev/null "$(cat url)/buildid/$(cat id)/debuginfo" &&
	elapsed env DEBUGINFOD_URLS="$(cat url)" hr-sample -F 299 --addrs -o cache.folded -- \
		./wl 1 2>cache.err &&
	say "second run, from the cache: $(cat elapsed.txt) s" &&
	has_tree cache.folded &&
	unnamed cache.folded >left &&
	! test -s left &&
	! grep "warning: debuginfod" cache.err
'

test_expect_success DEBUGINFOD 'windows kept in the history hold names, not placeholders' '
	env DEBUGINFOD_URLS="$(cat url)" hr-sample -q -F 299 --addrs --db=hist.db --window 1s -o db.folded -- \
		./wl 3 &&
	hr-query --db hist.db --profile >q.folded &&
	has_tree q.folded &&
	! grep -q "dbg:" q.folded &&
	! LC_ALL=C grep -q "[[:cntrl:]]" q.folded &&
	test "$(awk "{ s += \$NF } END { print s }" q.folded)" = "$(awk "{ s += \$NF } END { print s }" db.folded)"
'

test_expect_success DEBUGINFOD 'nothing listening: the end is not delayed; one warning names the binary' '
	rm -rf cache &&
	elapsed env DEBUGINFOD_URLS="$(cat url)" DEBUGINFOD_TIMEOUT=60 HEADROOM_DEBUGINFOD_WAIT=1 \
		hr-sample -F 299 -o dead.folded -- ./wl 1 2>dead.err &&
	say "port with nothing listening: $(cat elapsed.txt) s for a 1 s workload" &&
	below 8 &&
	test "$(grep -c "warning: debuginfod" dead.err)" = 1 &&
	test_grep "warning: debuginfod gave no debug file, so frames stay unnamed in: .*/wl \(" dead.err &&
	test_grep "^wl;.*\[wl\]" dead.folded
'

# A server that accepts connections and never answers, for at most 60 s.
cat >silent.py <<'PY'
import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(64)
with open(sys.argv[1], "w") as f:
    f.write("%d\n" % s.getsockname()[1])
held = []
s.settimeout(0.5)
end = time.time() + 60
while time.time() < end:
    try:
        held.append(s.accept()[0])
    except socket.timeout:
        pass
PY

start_silent() {
	local i
	python3 silent.py silent.port >silent.log 2>&1 &
	test_when_finished "kill $!"
	for i in $(seq 100); do
		test -s silent.port && return 0
		sleep 0.1
	done
	return 1
}

test_expect_success DEBUGINFOD 'a server that never answers: the wait is bounded, one warning' '
	start_silent &&
	rm -rf cache &&
	elapsed env DEBUGINFOD_URLS="http://127.0.0.1:$(cat silent.port)" DEBUGINFOD_TIMEOUT=60 \
		HEADROOM_DEBUGINFOD_WAIT=1 hr-sample -F 299 -o silent.folded -- ./wl 1 2>silent.err &&
	say "silent server: $(cat elapsed.txt) s for a 1 s workload (DEBUGINFOD_TIMEOUT=60, wait 1 s)" &&
	below 8 &&
	test "$(grep -c "warning: debuginfod" silent.err)" = 1 &&
	test_grep "warning: debuginfod .* in: .*/wl \(timed out\)" silent.err &&
	test_grep "^wl;.*\[wl\]" silent.folded
'

test_expect_success 'a bad HEADROOM_DEBUGINFOD_WAIT is an error' '
	test_expect_code 2 env HEADROOM_DEBUGINFOD_WAIT=soon hr-sample -d 100ms -- true 2>err &&
	test_grep "HEADROOM_DEBUGINFOD_WAIT: expected seconds from 0 to 3600, got .soon." err
'

test_done
