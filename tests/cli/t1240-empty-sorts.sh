#!/bin/bash
# Nothing to sort is not an array to sort: hr-flame with every frame left out
# and hr-record on a host without processes never hand qsort() a null array
# (undefined behaviour, which the sanitizer build of the tests catches).
. "$(dirname "$0")/../lib.sh"

test_expect_success 'hr-flame: a --minwidth that leaves out every frame draws an empty graph' '
	printf "a;b 1\nc 2\n" >in.folded &&
	hr-flame --minwidth=200% in.folded >empty.svg &&
	grep -q "<g id=\"frames\">" empty.svg && ! grep -q "<title>" empty.svg &&
	if command -v xmllint >/dev/null; then xmllint --noout empty.svg; fi
'

test_expect_success 'hr-record: a host without any process records the rest' '
	cp -R "$DATA/record/v2/snap1" snap &&
	rm -rf snap/proc/[0-9]* &&
	HEADROOM_NOW=1700000000 hr-record -q --db h.db --proc-root snap/proc --sys-root snap/sys &&
	hr-query --db h.db --list >list &&
	grep -q "^mem.total_bytes" list && ! grep -q "^proc\." list
'
test_done
