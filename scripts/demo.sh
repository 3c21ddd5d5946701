#!/bin/bash
# make demo: the main job of each tool on bundled data, in build/demo/.
set -eo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/bin:$PATH"
out=build/demo
mkdir -p "$out"
step() { printf '\n\033[1m$ %s\033[0m\n' "$*" >&2; }

# Each part of the demo lives in scripts/demo.d/NN-NAME.sh, sourced in order,
# so that every tool adds its own steps: `step` prints a command before it runs.
for part in scripts/demo.d/*.sh; do
	[ -e "$part" ] || continue
	# shellcheck source=/dev/null
	. "$part"
done
printf '\nDemo output is in %s/\n' "$out" >&2
