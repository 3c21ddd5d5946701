#!/bin/bash
# hr-rightsize on the history database (its default input): histories
# imported with hr-record, snapshots hr-record took of fixture trees, raw
# samples against hourly roll-ups, and database errors.
. "$(dirname "$0")/../lib.sh"
. "$DATA/rightsize/lib-rightsize.sh"

END=2026-01-15T00:00:00Z
{ gen steady cg=/svc/steady cpu=0.3 limit=2 noise=0.05 &&
  gen pinned cg=/svc/pinned limit=1 &&
  gen leak cg=/svc/leak mem=419430400 leak=20971520 &&
  gen host host=h1 cpu=3 ncpu=8 noise=0.5; } >h.tsv
rs() { HEADROOM_NOW=$END hr-rightsize "$@"; }

test_expect_success 'setup: import the history with hr-record' '
	HEADROOM_NOW=$END hr-record -q --import h.tsv --db h.db
'

test_expect_success 'the database gives the verdicts the TSV gives; exit 1 for the pinned service' '
	test_expect_code 1 rs --db h.db --json >db.json &&
	test_expect_code 1 hr-rightsize -i h.tsv --json >tsv.json &&
	for e in /svc/steady /svc/pinned /svc/leak h1; do
		test "$(json_get db.json $e verdict)" = "$(json_get tsv.json $e verdict)" || return 1
	done &&
	test "$(json_get db.json /svc/pinned verdict)" = under &&
	test "$(json_get db.json /svc/steady verdict)" = over &&
	test "$(json_get db.json /svc/leak growing)" = true &&
	test "$(json_get db.json h1 kind)" = host
'

test_expect_success 'hourly figures: CPU a little above the raw samples, memory the same' '
	a=$(json_get db.json /svc/steady cpu_p95_cores) &&
	b=$(json_get tsv.json /svc/steady cpu_p95_cores) &&
	awk -v a="$a" -v b="$b" "BEGIN { exit !(a >= b && a <= b * 1.1) }" &&
	test "$(json_get db.json /svc/steady mem_peak_bytes)" = "$(json_get tsv.json /svc/steady mem_peak_bytes)" &&
	test "$(json_get db.json /svc/steady confidence)" = high
'

test_expect_success '--raw gives exactly what the same samples give as TSV' '
	test_expect_code 1 rs --db h.db --raw --tsv >raw.tsv &&
	test_expect_code 1 hr-rightsize -i h.tsv --until $END --tsv >tsv.tsv &&
	test_cmp tsv.tsv raw.tsv
'

test_expect_success 'the hours not yet rolled up are aggregated as the roll-ups are' '
	HEADROOM_NOW=2026-01-10T06:30:00Z hr-record -q --import h.tsv --db half.db &&
	test_expect_code 1 rs --db h.db --tsv >full.out &&
	test_expect_code 1 rs --db half.db --tsv >half.out &&
	test_cmp full.out half.out
'

test_expect_success 'roll-ups alone (raw samples expired) give the same hourly answer' '
	cp h.db old.db &&
	rightsize-mkdb retain old.db $(($(date -d $END +%s) - 86400)) &&
	test_expect_code 1 rs --db old.db --tsv >old.out &&
	test_cmp full.out old.out
'

test_expect_success '--raw where raw samples expired: hourly averages stand in' '
	test_expect_code 1 rs --db old.db --raw --json >old.json &&
	test "$(json_get old.json /svc/steady verdict)" = over
'

test_expect_success '$HEADROOM_DB is the default database' '
	HEADROOM_DB=$PWD/h.db test_expect_code 1 rs --tsv >env.out &&
	test_cmp full.out env.out
'

test_expect_success 'the window ends now by default: an old history is out of it' '
	HEADROOM_NOW=2026-03-01T00:00:00Z test_expect_code 2 hr-rightsize --db h.db 2>err &&
	echo "hr-rightsize: h.db: no samples from 2026-02-15T00:00:00Z to 2026-03-01T00:00:00Z (see --since and --until); the history holds data from $(head -1 h.tsv | cut -f1 | xargs -I{} date -u -d @{} +%FT%TZ) to $(sort -n h.tsv | tail -1 | cut -f1 | xargs -I{} date -u -d @{} +%FT%TZ)" >want &&
	test_cmp want err &&
	HEADROOM_NOW=2026-03-01T00:00:00Z test_expect_code 1 hr-rightsize --db h.db --since 90d --tsv >out &&
	test "$(tsv_get out /svc/steady verdict)" = over
'

test_expect_success '--cgroup filters database series too' '
	rs --db h.db --cgroup /svc/steady --tsv | cut -f1 >got &&
	printf "entity\n/svc/steady\nh1\n" >want &&
	test_cmp want got
'

test_expect_success 'snapshots hr-record took of fixture trees are sized' '
	for k in 1 2; do
		HEADROOM_NOW=$((1700000000 + 60 * k)) hr-record -q --db rec.db --top 0 \
			--proc-root "$DATA/record/v2/snap$k/proc" \
			--sys-root "$DATA/record/v2/snap$k/sys" || return 1
	done &&
	HEADROOM_NOW=1700000120 test_expect_code 1 hr-rightsize --db rec.db --json >rec.json &&
	test "$(json_get rec.json /system.slice/web.service cpu_p95_cores)" = 1.5 &&
	test "$(json_get rec.json /system.slice/web.service cpu_limit_cores)" = 2 &&
	test "$(json_get rec.json /system.slice/web.service cpu_verdict)" = under &&
	test "$(json_get rec.json /system.slice/web.service oom_kills)" = 1 &&
	test "$(json_get rec.json /system.slice/web.service mem_verdict)" = under &&
	test "$(json_get rec.json /system.slice/web.service confidence)" = low &&
	test "$(json_get rec.json /system.slice/idle.service cpu_recommended_cores)" = 0.025 &&
	test "$(json_get rec.json fixture-host cpu_p95_cores)" = 1 &&
	test "$(json_get rec.json fixture-host cpu_limit_cores)" = 2
'

test_expect_success 'a limit recorded only early in the window is still found' '
	{ gen steady cg=/svc/early cpu=0.3 limit=0 memlimit=0 &&
	  gen steady cg=/svc/early cpu=0.3 limit=2 memlimit=1073741824 days=1 |
		grep limit; } >early.tsv &&
	HEADROOM_NOW=$END hr-record -q --import early.tsv --db early.db &&
	rs --db early.db --json >early.json &&
	test "$(json_get early.json /svc/early cpu_limit_cores)" = 2 &&
	test "$(json_get early.json /svc/early mem_limit_bytes)" = 1073741824 &&
	test "$(json_get early.json /svc/early verdict)" = over
'

test_expect_success 'a missing database' '
	test_expect_code 2 hr-rightsize --db nope.db 2>err &&
	test_grep "nope.db" err
'

test_expect_success 'a file that is not a database' '
	printf "not a database\n%.0s" $(seq 100) >bad.db &&
	test_expect_code 2 hr-rightsize --db bad.db 2>err &&
	test_grep "bad.db" err
'

test_expect_success 'an empty database' '
	HEADROOM_NOW=$END hr-record -q --import /dev/null --db empty.db &&
	test_expect_code 2 rs --db empty.db 2>err &&
	test_grep "no cgroup.\* or system series" err
'

test_expect_success 'the database is only read' '
	cp h.db ro.db && chmod 444 ro.db &&
	sum=$(cksum <ro.db) &&
	test_expect_code 1 rs --db ro.db --tsv >/dev/null &&
	test "$(cksum <ro.db)" = "$sum"
'
test_done
