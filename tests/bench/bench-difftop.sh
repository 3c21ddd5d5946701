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

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
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

t0=$(now)
hr-diff "$dir/before.folded" "$dir/after.folded" >"$dir/hr-diff.out"
t1=$(now)
hd=$(secs "$t0" "$t1")
echo "hr-diff:        ${hd}s  $(mbs "$bytes" "$hd") MB/s"
t0=$(now)
hr-diff -n -s "$dir/before.folded" "$dir/after.folded" >/dev/null
t1=$(now)
echo "hr-diff -n -s:  $(secs "$t0" "$t1")s"

if [ -n "$FLAMEGRAPH_DIR" ] && [ -f "$FLAMEGRAPH_DIR/difffolded.pl" ]; then
	t0=$(now)
	perl "$FLAMEGRAPH_DIR/difffolded.pl" "$dir/before.folded" "$dir/after.folded" >"$dir/perl.out"
	t1=$(now)
	pd=$(secs "$t0" "$t1")
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
t0=$(now)
hr-top --tsv -n 0 "$dir/top.folded" >"$dir/top.tsv"
t1=$(now)
ht=$(secs "$t0" "$t1")
echo "hr-top:         ${ht}s  $(mbs "$tbytes" "$ht") MB/s on $((tbytes / 1000000)) MB"
t0=$(now)
hr-top --tsv --grep '^tcp_' "$dir/top.folded" >/dev/null
t1=$(now)
echo "hr-top --grep:  $(secs "$t0" "$t1")s"
# The same table by awk, for scale (not a peer anyone would pick for speed).
t0=$(now)
awk '{ c = $NF; s = $0; sub(/[ \t]+[^ \t]+[ \t]*$/, "", s); n = split(s, f, ";");
	split("", seen); for (i = 1; i <= n; i++) if (!(f[i] in seen)) { seen[f[i]] = 1; tot[f[i]] += c }
	self[f[n]] += c } END { for (k in tot) print k, self[k] + 0, tot[k] }' "$dir/top.folded" >/dev/null
t1=$(now)
at=$(secs "$t0" "$t1")
awk -v h="$ht" -v a="$at" 'BEGIN { printf "awk:            %.3fs  (hr-top is %.1fx awk)\n", a, a / h }'
