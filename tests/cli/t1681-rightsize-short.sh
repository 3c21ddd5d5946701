#!/bin/bash
# hr-rightsize gives no over or ok verdict from too little history (fewer than
# 24 sample times or under 6 hours): it says "not enough history" instead.
. "$(dirname "$0")/../lib.sh"
. "$DATA/rightsize/lib-rightsize.sh"

test_expect_success 'twelve snapshots a minute apart: no verdict, a note that says why' '
	gen steady cg=/svc/a cpu=0.03 limit=2 step=60 days=0.0084 >twelve.tsv &&
	test $(grep -c "^[0-9]" twelve.tsv) -gt 12 &&
	hr-rightsize -i twelve.tsv --json >j.json &&
	test "$(json_get j.json /svc/a verdict)" = null &&
	test "$(json_get j.json /svc/a cpu_verdict)" = null &&
	json_get j.json /svc/a note >note &&
	test_grep "^not enough history: 12 samples over 12m \(at least 24 over 6h needed\)$" note &&
	hr-rightsize -i twelve.tsv --tsv >t.tsv &&
	test "$(tsv_get t.tsv /svc/a verdict)" = - &&
	hr-rightsize -i twelve.tsv --table >t.txt &&
	test_grep "^/svc/a .* - +low +not enough history" t.txt
'

test_expect_success 'six hours of 5-minute samples are enough for a verdict' '
	gen steady cg=/svc/a cpu=0.03 limit=2 days=0.25 >six.tsv &&
	hr-rightsize -i six.tsv --json >six.json &&
	test "$(json_get six.json /svc/a verdict)" = over &&
	gen steady cg=/svc/a cpu=0.03 limit=2 days=0.24 >less.tsv &&
	hr-rightsize -i less.tsv --json >less.json &&
	test "$(json_get less.json /svc/a verdict)" = null
'

test_expect_success 'a shortage seen in a short history is still under' '
	gen pinned cg=/svc/p limit=1 step=60 days=0.0084 >p.tsv &&
	test_expect_code 1 hr-rightsize -i p.tsv --json >p.json &&
	test "$(json_get p.json /svc/p verdict)" = under
'
test_done
