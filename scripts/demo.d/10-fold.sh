# hr-fold: collapse a bundled perf script capture (a Linux host under mixed
# load) into folded stacks, kernel frames marked _[k]; the flame graph and
# the top table of the next parts read $out/fold.folded.
step "gzip -dc tests/data/fold/example-perf-stacks.txt.gz | hr-fold --kernel > $out/fold.folded"
gzip -dc tests/data/fold/example-perf-stacks.txt.gz | hr-fold --kernel >"$out/fold.folded"
# awk reads all its input: no SIGPIPE for sort under the demo's pipefail
step "sort -t' ' -k2 -rn $out/fold.folded | awk 'NR <= 3'"
sort -t' ' -k2 -rn "$out/fold.folded" | awk 'NR <= 3 { print (length($0) > 120 ? "..." substr($0, length($0) - 116) : $0) }' >&2
