# hr-fold: collapse a bundled perf script capture (a Linux host under mixed
# load) into folded stacks, kernel frames marked _[k]; the flame graph and
# the top table of the next parts read $out/fold.folded.
step "gzip -dc tests/data/fold/example-perf-stacks.txt.gz | hr-fold --kernel > $out/fold.folded"
gzip -dc tests/data/fold/example-perf-stacks.txt.gz | hr-fold --kernel >"$out/fold.folded"
step "sort -t' ' -k2 -rn $out/fold.folded | head -3 | cut -c1-120"
sort -t' ' -k2 -rn "$out/fold.folded" | head -3 | cut -c1-120 >&2
