# shellcheck shell=bash
# Demo part of hr-top and hr-diff: the hottest functions of the profile folded
# earlier in the demo, and the difference between two bundled profiles.
if [ -s "$out/fold.folded" ]; then
	step "hr-top -n 10 --table $out/fold.folded"
	hr-top -n 10 --table "$out/fold.folded"
fi
step "hr-top -n 5 --table tests/data/difftop/after.folded"
hr-top -n 5 --table tests/data/difftop/after.folded
step "hr-diff --normalize tests/data/difftop/before.folded tests/data/difftop/after.folded > $out/diff.folded"
hr-diff --normalize tests/data/difftop/before.folded tests/data/difftop/after.folded >"$out/diff.folded"
step "hr-top --sort delta -n 8 --table $out/diff.folded"
hr-top --sort delta -n 8 --table "$out/diff.folded"
if [ -x bin/hr-flame ]; then
	step "hr-flame --title 'iperf: second half against first' $out/diff.folded > $out/diff.svg"
	hr-flame --title 'iperf: second half against first' "$out/diff.folded" >"$out/diff.svg"
fi
