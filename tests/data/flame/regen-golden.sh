#!/bin/bash
# Regenerates golden/*.geo and golden/*.size from FlameGraph's flamegraph.pl:
#   FLAMEGRAPH_DIR=/path/to/FlameGraph tests/data/flame/regen-golden.sh
# Each .geo is geometry.pl's reading of flamegraph.pl's SVG for one line of
# cases.txt; each .size is the byte size of that SVG.
set -e
cd "$(dirname "$0")"
: "${FLAMEGRAPH_DIR:?set FLAMEGRAPH_DIR to a FlameGraph checkout}"
mkdir -p golden
grep -v '^#' cases.txt | while IFS=$'\t' read -r name input opts; do
	# shellcheck disable=SC2086
	perl "$FLAMEGRAPH_DIR/flamegraph.pl" $opts "$input" >"golden/$name.svg" 2>/dev/null
	perl geometry.pl "golden/$name.svg" >"golden/$name.geo"
	wc -c <"golden/$name.svg" | tr -d ' ' >"golden/$name.size"
	rm "golden/$name.svg"
done
