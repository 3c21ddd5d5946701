#!/bin/bash
# hr-diff against FlameGraph's difffolded.pl, and hr-top's throughput, on
# profiles made from the bundled ones: each stack repeated under many process
# names, so that there are many distinct stacks (K copies; K=1000 by default).
# Set FLAMEGRAPH_DIR to a FlameGraph checkout for the Perl comparison.
set -e
cd "$(dirname "$0")/../.."
export PATH="$PWD/bin:$PATH" LC_ALL=C
dir=build/bench/difftop
mkdir -p "$dir"
k=${K:-1000}

# CPU seconds (user + system) of a command: on a shared machine they vary far
# less than wall-clock time, and every tool here is single-threaded.
TIMEFORMAT='%U %S'
cpu() {
	local t
	t=$( { time "$@" >/dev/null 2>&1; } 2>&1 )
	awk -v t="$t" 'BEGIN { split(t, a, " "); printf "%.3f", a[1] + a[2] }'
}
mbs() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.1f", (s > 0) ? n / 1e6 / s : 0 }'; }

for side in before after; do
	awk -v k="$k" '{ lines[NR] = $0 } END {
		for (i = 0; i < k; i++)
			for (j = 1; j <= NR; j++) { l = lines[j]; sub(/^[^;]*/, "&-" i, l); print l }
	}' "tests/data/difftop/$side.folded" >"$dir/$side.folded"
done
bytes=$(($(wc -c <"$dir/before.folded") + $(wc -c <"$dir/after.folded")))
stacks=$(cat "$dir/before.folded" "$dir/after.folded" | awk '{ NF--; print }' | sort -u | wc -l)
echo "input: 2 files, $((bytes / 1000000)) MB, $stacks distinct stacks"

echo "CPU seconds (user + system), and input MB per CPU second:"
hr-diff "$dir/before.folded" "$dir/after.folded" >"$dir/hr-diff.out"
hd=$(cpu hr-diff "$dir/before.folded" "$dir/after.folded")
echo "hr-diff:        ${hd}s  $(mbs "$bytes" "$hd") MB/s"
echo "hr-diff -n -s:  $(cpu hr-diff -n -s "$dir/before.folded" "$dir/after.folded")s"

if [ -n "$FLAMEGRAPH_DIR" ] && [ -f "$FLAMEGRAPH_DIR/difffolded.pl" ]; then
	perl "$FLAMEGRAPH_DIR/difffolded.pl" "$dir/before.folded" "$dir/after.folded" >"$dir/perl.out"
	pd=$(cpu perl "$FLAMEGRAPH_DIR/difffolded.pl" "$dir/before.folded" "$dir/after.folded")
	echo "difffolded.pl:  ${pd}s  $(mbs "$bytes" "$pd") MB/s"
	if sort "$dir/perl.out" | cmp -s - <(sort "$dir/hr-diff.out"); then
		echo "same output as difffolded.pl (sorted)"
	else
		echo "OUTPUT DIFFERS from difffolded.pl"
		exit 1
	fi
	awk -v h="$hd" -v p="$pd" 'BEGIN { printf "hr-diff is %.1fx difffolded.pl\n", p / h }'
else
	echo "difffolded.pl:  skipped (set FLAMEGRAPH_DIR to a FlameGraph checkout to compare)"
fi

# hr-top reads any folded input; the bigger file, repeated, for a throughput figure.
for i in 1 2 3 4; do cat "$dir/before.folded" "$dir/after.folded"; done >"$dir/top.folded"
tbytes=$(wc -c <"$dir/top.folded")
ht=$(cpu hr-top --tsv -n 0 "$dir/top.folded")
echo "hr-top:         ${ht}s  $(mbs "$tbytes" "$ht") MB/s on $((tbytes / 1000000)) MB"
echo "hr-top --grep:  $(cpu hr-top --tsv --grep '^tcp_' "$dir/top.folded")s"
# The same table by awk, for scale (not a peer anyone would pick for speed).
at=$(cpu awk '{ c = $NF; s = $0; sub(/[ \t]+[^ \t]+[ \t]*$/, "", s); n = split(s, f, ";");
	split("", seen); for (i = 1; i <= n; i++) if (!(f[i] in seen)) { seen[f[i]] = 1; tot[f[i]] += c }
	self[f[n]] += c } END { for (k in tot) print k, self[k] + 0, tot[k] }' "$dir/top.folded")
awk -v h="$ht" -v a="$at" 'BEGIN { printf "awk:            %.3fs  (hr-top is %.1fx awk)\n", a, a / h }'
