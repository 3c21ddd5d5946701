# hr-flame: the folded profile as an interactive flame graph, and a differential one.
flame_in=$out/fold.folded
[ -s "$flame_in" ] || flame_in=tests/data/flame/java-all.folded
step "hr-flame --title 'perf capture' --colors=java $flame_in > $out/flame.svg"
hr-flame --title 'perf capture' --colors=java "$flame_in" >"$out/flame.svg"
step "hr-flame tests/data/flame/diff.folded > $out/flame-diff.svg"
hr-flame tests/data/flame/diff.folded >"$out/flame-diff.svg"
printf '%s: %s bytes, %s frames; open it in a browser: click a frame to zoom, Ctrl-F to search\n' \
	"$out/flame.svg" "$(wc -c <"$out/flame.svg")" "$(grep -c '^<g>' "$out/flame.svg")" >&2
